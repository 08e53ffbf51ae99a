use crate::i18n::{Counted, Text, count, t};
use leptos::prelude::*;

/// Shows how far the accessible check's work has come: a progress bar and the time likely
/// left. It is not a live region: the dialog announces the start and the result, not each
/// step of the bar.
#[component]
pub fn WorkProgress(
    /// Whole percent done, 0 to 100.
    #[prop(into)]
    percent: Signal<u64>,
    /// Whole seconds likely left; `None` before the speed is known and once past the average.
    #[prop(into)]
    seconds_left: Signal<Option<u64>>,
) -> impl IntoView {
    let time = move || match seconds_left.get() {
        Some(seconds) => count(Counted::WorkSecondsLeft, seconds, &[]),
        None if percent.get() >= 99 => t(Text::WorkAlmostDone).to_owned(),
        None => String::new(),
    };
    view! {
        <div class="ezr-work">
            <progress class="ezr-work__bar" max="100" value=move || percent.get().to_string() aria-label=t(Text::WorkProgress)></progress>
            <p class="ezr-work__time">{time}</p>
        </div>
    }
}
