use crate::core::{Event, Field};
use crate::i18n::{Text, list, rule_text, t};
use crate::shell::use_wizard;
use crate::views::{CodeEntry, ErrorNotice};
use crate::widgets::password::{PasswordChecklist, PasswordField};
use leptos::html;
use leptos::prelude::*;

/// The checklist's id, which the new password's field names as its description.
const RULES_ID: &str = "ezr-rules";

/// Shows step 3, "Reset Password": the new password twice, each with show/hide, under a live
/// checklist of the backend's policy; "Confirm" sets it. After a reload the code is asked for
/// again here, since the token was lost with the page.
///
/// Props: none; the wizard comes from context. Events: `EditCode`, `EditPassword`,
/// `EditConfirmation`, `SubmitPassword`, and the notice's retry.
#[component]
pub fn PasswordStep() -> impl IntoView {
    let wizard = use_wizard();
    let needs_code = wizard.select(|flow| flow.needs_code());
    let password = wizard.select(|flow| flow.typed.password.clone());
    let confirmation = wizard.select(|flow| flow.typed.confirmation.clone());
    let policy = wizard.select(|flow| flow.policy.clone());
    let account = wizard.select(|flow| flow.account());
    let password_error = wizard.select(|flow| {
        let rules = flow.password_error();
        (!rules.is_empty()).then(|| list(rules.iter().map(rule_text)))
    });
    let confirmation_error =
        wizard.select(|flow| flow.mismatch().then(|| t(Text::Mismatch).to_owned()));
    let notice = wizard.select(|flow| flow.notice.clone());
    let busy = wizard.select(|flow| flow.busy());
    let (password_input, confirmation_input) =
        (NodeRef::<html::Input>::new(), NodeRef::<html::Input>::new());
    wizard.focus_on_request(Field::Password, password_input);
    wizard.focus_on_request(Field::Confirmation, confirmation_input);
    view! {
        <form class="ezr-step" novalidate on:submit=move |event| { event.prevent_default(); wizard.send(Event::SubmitPassword) }>
            <p class="ezr-step__intro">{t(Text::ResetIntro)}</p>
            {move || needs_code.get().then(|| view! {
                <p class="ezr-step__hint">{t(Text::ReloadedNeedsCode)}</p>
                <CodeEntry />
            })}
            <PasswordField
                id="ezr-new-password"
                label=Text::NewPassword
                value=password
                error=password_error
                described_by=RULES_ID
                input=password_input
                on_input=wizard.sender(Event::EditPassword)
            />
            <PasswordChecklist id=RULES_ID policy=policy password=password account=account />
            <PasswordField
                id="ezr-confirm-password"
                label=Text::ConfirmPassword
                value=confirmation
                error=confirmation_error
                input=confirmation_input
                on_input=wizard.sender(Event::EditConfirmation)
            />
            <ErrorNotice notice=notice on_retry=wizard.sender(|event| event) />
            <div class="ezr-actions">
                <button type="submit" class="ezr-button" disabled=busy>{t(Text::Confirm)}</button>
            </div>
        </form>
    }
}
