use crate::core::Step;
use crate::i18n::{Text, step_label, t};
use contract::Channel;
use leptos::prelude::*;

/// Shows "1 Enter Email Address · 2 Verify Identity · 3 Reset Password · 4 Succeed", the
/// current step marked for the eye and with `aria-current="step"`.
///
/// Events: none.
#[component]
pub fn StepIndicator(
    /// The step the user is on.
    #[prop(into)]
    current: Signal<Step>,
    /// Email or phone: step 1 is named after it.
    #[prop(into)]
    channel: Signal<Channel>,
) -> impl IntoView {
    let items = Step::ALL.into_iter().map(|step| {
        let state = move || match current.get().number().cmp(&step.number()) {
            std::cmp::Ordering::Less => "ezr-steps__item",
            std::cmp::Ordering::Equal => "ezr-steps__item ezr-steps__item--current",
            std::cmp::Ordering::Greater => "ezr-steps__item ezr-steps__item--done",
        };
        view! {
            <li class=state aria-current=move || (current.get() == step).then_some("step")>
                <span class="ezr-steps__number" aria-hidden="true">{step.number()}</span>
                <span class="ezr-steps__label">{move || step_label(step, channel.get())}</span>
            </li>
        }
    });
    view! {
        <nav class="ezr-steps" aria-label=t(Text::StepsLabel)>
            <ol class="ezr-steps__list">{items.collect_view()}</ol>
        </nav>
    }
}
