use crate::client::{Api, ApiError};
use crate::components::code_field::CodeField;
use crate::components::code_step::{code_refusal_event, problem_text};
use crate::components::notice::ErrorNotice;
use crate::components::password_checklist::PasswordChecklist;
use crate::components::password_field::PasswordField;
use crate::components::send;
use crate::flow::{Event, Flow, Problem};
use crate::i18n::{Text, rule_text, t};
use contract::wire::ErrorCode;
use contract::{PasswordPolicy, VerificationCode};
use leptos::prelude::*;

/// What the user submitted on step 3. The code is there only after a reload, when the reset
/// token was lost with the page.
#[derive(Clone)]
struct Submission {
    reset_id: contract::ResetId,
    code: Option<String>,
    password: String,
}

/// Step 3, "Reset Password": the new password twice, each with show/hide, under a live
/// checklist of the backend's policy; "Confirm" sets it.
#[component]
pub fn PasswordStep(
    /// The wizard.
    flow: RwSignal<Flow>,
    /// The region's API.
    #[prop(into)]
    api: Signal<Api>,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let refused_rules = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let code_refusal = RwSignal::new(None::<String>);

    let policy_source = LocalResource::new(move || {
        let api = api.get();
        async move { api.policy().await }
    });
    // Until the backend's policy arrives (or if it cannot), the default one guides; the
    // backend checks the password again either way.
    let policy =
        Signal::derive(move || policy_source.get().and_then(Result::ok).unwrap_or_default());
    let account = Signal::derive(move || flow.with(|flow| flow.draft.account(flow.channel).ok()));
    let needs_code = Memo::new(move |_| flow.with(|flow| flow.token().is_none()));
    let unmet = move || {
        policy.with(|policy: &PasswordPolicy| {
            account.with(|account| password.with(|typed| policy.unmet(typed, account.as_ref())))
        })
    };
    let mismatch = move || submitted.get() && confirmation.get() != password.get();
    let password_error = Signal::derive(move || {
        refused_rules.get().or_else(|| {
            let unmet = unmet();
            (submitted.get() && !unmet.is_empty())
                .then(|| unmet.iter().map(rule_text).collect::<Vec<_>>().join(". "))
        })
    });
    let confirmation_error =
        Signal::derive(move || mismatch().then(|| t(Text::Mismatch).to_owned()));

    let send = Action::new_local(move |submission: &Submission| {
        let (api, submission) = (api.get_untracked(), submission.clone());
        async move {
            let token = match (
                submission.code,
                flow.with_untracked(|flow| flow.token().cloned()),
            ) {
                (_, Some(token)) => token,
                (Some(code), None) => match api.verify_code(submission.reset_id, code).await {
                    Ok(token) => {
                        send(
                            flow,
                            Event::Verified {
                                token: token.reset_token.clone(),
                            },
                        );
                        token.reset_token
                    }
                    Err(error) => {
                        match (error.code(), code_refusal_event(&error)) {
                            (Some(ErrorCode::WrongCode), _) => {
                                let left = error.detail().attempts_left.unwrap_or(0);
                                code_refusal.try_set(Some(problem_text(&Problem::WrongCode {
                                    attempts_left: left,
                                })));
                            }
                            (_, Some(event)) => send(flow, event),
                            _ => {
                                failure.try_set(Some(error));
                            }
                        }
                        return;
                    }
                },
                (None, None) => return,
            };
            match api.complete(token, submission.password).await {
                Ok(_) => send(flow, Event::PasswordChanged),
                Err(error) => match error.code() {
                    Some(ErrorCode::PasswordPolicy) => {
                        let rules = error.detail().unmet_rules.unwrap_or_default();
                        refused_rules.try_set(Some(
                            rules.iter().map(rule_text).collect::<Vec<_>>().join(". "),
                        ));
                    }
                    Some(ErrorCode::Expired | ErrorCode::NotFound) => send(flow, Event::TokenLost),
                    _ => {
                        failure.try_set(Some(error));
                    }
                },
            }
        }
    });
    let submit = move || {
        submitted.set(true);
        refused_rules.set(None);
        code_refusal.set(None);
        failure.set(None);
        let code = code.with_untracked(|code| code.parse::<VerificationCode>().ok());
        let ready = unmet().is_empty()
            && confirmation.get_untracked() == password.get_untracked()
            && (!needs_code.get_untracked() || code.is_some());
        let reset_id =
            flow.with_untracked(|flow| flow.code_sent().map(|sent| sent.reset_id.clone()));
        if let (true, Some(reset_id), false) = (ready, reset_id, send.pending().get_untracked()) {
            send.dispatch(Submission {
                reset_id,
                code: code.map(|code| code.to_string()),
                password: password.get_untracked(),
            });
        }
    };
    view! {
        <form class="ezr-step" novalidate on:submit=move |event| { event.prevent_default(); submit() }>
            <p class="ezr-step__intro">{t(Text::ResetIntro)}</p>
            {move || needs_code.get().then(|| view! {
                <p class="ezr-step__hint">{t(Text::ReloadedNeedsCode)}</p>
                <CodeField value=code show_errors=submitted refusal=code_refusal />
            })}
            <PasswordField id="ezr-new-password" label=Text::NewPassword value=password error=password_error described_by="ezr-rules" />
            <PasswordChecklist policy=policy password=password account=account />
            <PasswordField id="ezr-confirm-password" label=Text::ConfirmPassword value=confirmation error=confirmation_error />
            <ErrorNotice error=failure on_retry=Callback::new(move |()| submit()) />
            <div class="ezr-actions">
                <button type="submit" class="ezr-button" disabled=move || send.pending().get()>{t(Text::Confirm)}</button>
            </div>
        </form>
    }
}
