use crate::i18n::{Text, t};
use leptos::prelude::*;

/// Shows how far the accessible check's work has come: a progress bar and the time likely
/// left. It is not a live region: the dialog announces the start and the result, not each
/// step of the bar.
#[component]
pub fn ProofOfWorkProgress(
    /// Whole percent done, 0 to 100.
    #[prop(into)]
    percent: Signal<u64>,
    /// The time likely left, in words; empty while it is not known.
    #[prop(into)]
    time_left: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="ezr-proof-of-work">
            <progress class="ezr-proof-of-work__bar" max="100" value=move || percent.get().to_string() aria-label=t(Text::WorkProgress)></progress>
            <p class="ezr-proof-of-work__time">{time_left}</p>
        </div>
    }
}
