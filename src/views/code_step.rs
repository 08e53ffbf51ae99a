use crate::core::{Event, Flow};
use crate::i18n::{Counted, Text, around, count, t};
use crate::shell::use_wizard;
use crate::views::{CodeEntry, ErrorNotice};
use contract::Channel;
use leptos::prelude::*;

/// Shows step 2, "Verify Identity": where the code went, the code field, "Next", "Resend"
/// with its countdown, and "Start again".
///
/// Props: none; the wizard comes from context. Events: `EditCode`, `LeaveField`,
/// `SubmitCode`, `Resend`, `StartAgain`, and the notice's retry.
#[component]
pub fn CodeStep() -> impl IntoView {
    let wizard = use_wizard();
    let masked = wizard.select(|flow| {
        flow.code_sent()
            .map(|sent| sent.masked_destination.clone())
            .unwrap_or_default()
    });
    let (before, after) = around(Text::CodeSentTo);
    let is_email = wizard.select(|flow| flow.channel == Channel::Email);
    let notice = wizard.select(|flow| flow.notice.clone());
    let cannot_submit = wizard.select(|flow| !flow.can_submit_code());
    let cannot_resend = wizard.select(|flow| !flow.can_resend());
    let resend_in = wizard.select(Flow::resend_in_seconds);
    view! {
        <form class="ezr-step" novalidate on:submit=move |event| { event.prevent_default(); wizard.send(Event::SubmitCode) }>
            // The masked address or number reads left to right in every language.
            <p class="ezr-step__intro">{before}<bdi dir="ltr">{masked}</bdi>{after}</p>
            {move || is_email.get().then(|| view! { <p class="ezr-step__hint">{t(Text::SpamReminder)}</p> })}
            <CodeEntry />
            <ErrorNotice notice=notice on_retry=wizard.sender(|event| event) />
            <div class="ezr-actions">
                <button type="submit" class="ezr-button" disabled=cannot_submit>{t(Text::Next)}</button>
                <button type="button" class="ezr-button ezr-button--secondary" disabled=cannot_resend on:click=move |_| wizard.send(Event::Resend)>
                    {move || match resend_in.get() {
                        0 => t(Text::Resend).to_owned(),
                        left => count(Counted::ResendIn, left, &[]),
                    }}
                </button>
            </div>
            // A wrong account or region, a locked or expired reset: starting again keeps what was typed.
            <p class="ezr-links">
                <button type="button" class="ezr-button ezr-button--secondary" on:click=move |_| wizard.send(Event::StartAgain)>
                    {t(Text::StartAgain)}
                </button>
            </p>
        </form>
    }
}
