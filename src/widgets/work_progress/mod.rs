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
    /// Whole seconds likely left; `None` while the speed is not known yet.
    #[prop(into)]
    seconds_left: Signal<Option<u64>>,
    /// The end may come any moment: said instead of the seconds.
    #[prop(into)]
    almost_done: Signal<bool>,
) -> impl IntoView {
    let time = move || match (almost_done.get(), seconds_left.get()) {
        (true, _) => t(Text::WorkAlmostDone).to_owned(),
        (false, Some(seconds)) => count(Counted::WorkSecondsLeft, seconds, &[]),
        (false, None) => String::new(),
    };
    view! {
        <div class="ezr-work">
            <progress class="ezr-work__bar" max="100" value=move || percent.get().to_string() aria-label=t(Text::WorkProgress)></progress>
            <p class="ezr-work__time">{time}</p>
        </div>
    }
}
