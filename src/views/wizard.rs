use crate::core::{Announcement, Event, Flow, RegionChoice, Step};
use crate::i18n::{Text, step_label, t, tf};
use crate::shell::use_wizard;
use crate::views::{AccountStep, CodeStep, PasswordStep, SuccessStep};
use crate::widgets::help::Help;
use crate::widgets::region_picker::RegionPicker;
use crate::widgets::step_indicator::StepIndicator;
use leptos::html;
use leptos::prelude::*;

/// Shows the wizard: the region, the step indicator, the current step and the help. Focus
/// moves to the step whenever it changes, so that a screen reader hears the new one, and a
/// status line says what happens on a step without moving focus.
///
/// Props: none; the wizard comes from context. Events: `ChooseRegion`.
#[component]
pub fn WizardView() -> impl IntoView {
    let wizard = use_wizard();
    let step = wizard.select(Flow::step);
    let channel = wizard.select(|flow| flow.channel);
    let region = wizard.select(|flow| flow.region);
    let locked = wizard.select(|flow| !flow.can_change_account());
    let announcement = wizard.select(Flow::announcement);
    let labels = Step::ALL
        .map(|each| Signal::derive(move || step_label(each, channel.get()).to_owned()))
        .to_vec();
    let section = NodeRef::<html::Section>::new();
    // Not on the first step shown: focus moves only when the step changes.
    Effect::new(move |shown: Option<Step>| {
        let now = step.get();
        if shown.is_some_and(|shown| shown != now)
            && let Some(section) = section.get_untracked()
        {
            let _ = section.focus();
        }
        now
    });
    view! {
        <RegionPicker selected=Signal::derive(move || region.get().region()) fixed=locked on_change=wizard.sender(|picked| Event::ChooseRegion(RegionChoice::picking(picked))) />
        <StepIndicator labels=labels current=move || u64::from(step.get().number()) />
        <section
            class="ezr-app__step"
            node_ref=section
            tabindex="-1"
            aria-label=move || tf(Text::StepNumbered, &[&step.get().number().to_string(), step_label(step.get(), channel.get())])
        >
            {move || match step.get() {
                Step::EnterAccount => view! { <AccountStep /> }.into_any(),
                Step::VerifyIdentity => view! { <CodeStep /> }.into_any(),
                Step::ResetPassword => view! { <PasswordStep /> }.into_any(),
                Step::Succeed => view! { <SuccessStep /> }.into_any(),
            }}
        </section>
        // Step 4 needs no help about a code that did not come. Drawn anew at each step, the
        // help starts folded there (a kept one weighed 270 B more).
        {move || (step.get() != Step::Succeed).then(|| view! { <Help /> })}
        // Said as it changes: where a code went, and once that another may be asked for.
        <p class="ezr-sr-only" role="status">
            {move || announcement.get().map(|said| match said {
                Announcement::CodeSent(masked) => tf(Text::AnnounceCodeSent, &[&masked]),
                Announcement::ResendReady => t(Text::AnnounceResendReady).to_owned(),
            })}
        </p>
    }
}
