use crate::i18n::{Text, t};
use leptos::prelude::*;

/// Shows numbered steps, such as "1 Enter Email Address · 2 Verify Identity · 3 Reset
/// Password · 4 Succeed", the current one marked for the eye and with `aria-current="step"`.
///
/// Events: none.
#[component]
pub fn StepIndicator(
    /// Each step's name, in order; step 1's names what the account is asked by.
    labels: Vec<Signal<String>>,
    /// The current step's number, from 1. A `u64` as the app's other counts are: each type
    /// a signal carries compiles its own machinery, and a `usize` one weighed 423 B brotli.
    #[prop(into)]
    current: Signal<u64>,
) -> impl IntoView {
    let items = labels.into_iter().zip(1..).map(|(label, number)| {
        let state = move || match current.get().cmp(&number) {
            std::cmp::Ordering::Less => "ezr-steps__item",
            std::cmp::Ordering::Equal => "ezr-steps__item ezr-steps__item--current",
            std::cmp::Ordering::Greater => "ezr-steps__item ezr-steps__item--done",
        };
        view! {
            <li class=state aria-current=move || (current.get() == number).then_some("step")>
                <span class="ezr-steps__number" aria-hidden="true">{number}</span>
                <span class="ezr-steps__label">{label}</span>
            </li>
        }
    });
    view! {
        <nav class="ezr-steps" aria-label=t(Text::StepsLabel)>
            <ol class="ezr-steps__list">{items.collect_view()}</ol>
        </nav>
    }
}
