use crate::browser::now_ms;
use crate::client::{Api, ApiError};
use crate::components::code_field::CodeField;
use crate::components::notice::ErrorNotice;
use crate::components::send;
use crate::flow::{Event, Flow, Problem, Stage};
use crate::i18n::{Text, t, tf};
use contract::wire::ErrorCode;
use contract::{Channel, ResetId, VerificationCode};
use leptos::prelude::*;

/// The flow event for a refusal of a code, if the refusal is about the code.
pub fn code_refusal_event(error: &ApiError) -> Option<Event> {
    match error.code()? {
        ErrorCode::WrongCode => Some(Event::CodeRefused {
            attempts_left: error.detail().attempts_left.unwrap_or(0),
        }),
        ErrorCode::Locked => Some(Event::ResetLocked),
        ErrorCode::Expired => Some(Event::CodeExpired),
        _ => None,
    }
}

/// What step 2 says about its problem.
pub fn problem_text(problem: &Problem) -> String {
    match problem {
        Problem::WrongCode { attempts_left } => tf(Text::WrongCode, &[&attempts_left.to_string()]),
        Problem::Locked => t(Text::Locked).to_owned(),
        Problem::Expired => t(Text::Expired).to_owned(),
        Problem::VerifyAgain => t(Text::VerifyAgain).to_owned(),
    }
}

/// Step 2, "Verify Identity": the code sent to the masked destination, "Next", "Resend" with
/// its countdown, and a way to start again when the reset is locked.
#[component]
pub fn CodeStep(
    /// The wizard.
    flow: RwSignal<Flow>,
    /// The region's API.
    #[prop(into)]
    api: Signal<Api>,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let verify_failure = RwSignal::new(None::<ApiError>);
    let resend_failure = RwSignal::new(None::<ApiError>);
    let now = RwSignal::new(now_ms());
    let ticker = StoredValue::new_local(Some(gloo_timers::callback::Interval::new(
        1000,
        move || {
            now.try_set(now_ms());
        },
    )));
    on_cleanup(move || ticker.update_value(|ticker| drop(ticker.take())));

    let sent = Memo::new(move |_| flow.with(|flow| flow.code_sent().cloned()));
    let problem = Memo::new(move |_| {
        flow.with(|flow| match &flow.stage {
            Stage::VerifyIdentity { problem, .. } => problem.clone(),
            _ => None,
        })
    });
    let locked = move || problem.get() == Some(Problem::Locked);
    let seconds_left = move || {
        let resend_at = sent.with(|sent| sent.as_ref().map_or(0, |sent| sent.resend_at_ms));
        resend_at.saturating_sub(now.get()).div_ceil(1000)
    };

    let verify = Action::new_local(move |input: &(ResetId, String)| {
        let (api, (reset_id, typed)) = (api.get_untracked(), input.clone());
        async move {
            match api.verify_code(reset_id, typed).await {
                Ok(token) => {
                    send(
                        flow,
                        Event::Verified {
                            token: token.reset_token,
                        },
                    );
                }
                Err(error) => match code_refusal_event(&error) {
                    Some(event) => send(flow, event),
                    None => {
                        verify_failure.try_set(Some(error));
                    }
                },
            }
        }
    });
    let submit = move || {
        submitted.set(true);
        let valid = code.with_untracked(|code| code.parse::<VerificationCode>().ok());
        let reset_id = sent.get_untracked().map(|sent| sent.reset_id);
        if let (Some(valid), Some(reset_id), false) =
            (valid, reset_id, verify.pending().get_untracked())
        {
            verify_failure.set(None);
            verify.dispatch((reset_id, valid.to_string()));
        }
    };

    let resend = Action::new_local(move |reset_id: &ResetId| {
        let (api, reset_id) = (api.get_untracked(), reset_id.clone());
        async move {
            match api.resend_code(reset_id).await {
                Ok(sent) => {
                    code.try_set(String::new());
                    send(
                        flow,
                        Event::CodeResent {
                            resend_after_seconds: sent.resend_after_seconds,
                            now_ms: now_ms(),
                        },
                    );
                }
                Err(error) if error.code() == Some(ErrorCode::Locked) => {
                    send(flow, Event::ResetLocked)
                }
                Err(error) => {
                    resend_failure.try_set(Some(error));
                }
            }
        }
    });
    let ask_again = move || {
        if let (Some(sent), false) = (sent.get_untracked(), resend.pending().get_untracked()) {
            resend_failure.set(None);
            resend.dispatch(sent.reset_id);
        }
    };

    let masked = move || {
        sent.with(|sent| {
            sent.as_ref()
                .map(|sent| sent.masked_destination.clone())
                .unwrap_or_default()
        })
    };
    let is_email = move || flow.with(|flow| flow.channel == Channel::Email);
    let refusal = Signal::derive(move || problem.get().map(|problem| problem_text(&problem)));
    view! {
        <form class="ezr-step" novalidate on:submit=move |event| { event.prevent_default(); submit() }>
            <p class="ezr-step__intro">{move || tf(Text::CodeSentTo, &[&masked()])}</p>
            {move || is_email().then(|| view! { <p class="ezr-step__hint">{t(Text::SpamReminder)}</p> })}
            <CodeField value=code show_errors=submitted refusal=refusal />
            <ErrorNotice error=verify_failure on_retry=Callback::new(move |()| submit()) />
            <ErrorNotice error=resend_failure on_retry=Callback::new(move |()| ask_again()) />
            <div class="ezr-actions">
                <button type="submit" class="ezr-button" disabled=move || verify.pending().get() || locked()>
                    {t(Text::Next)}
                </button>
                <button
                    type="button"
                    class="ezr-button ezr-button--secondary"
                    disabled=move || { seconds_left() > 0 || resend.pending().get() || locked() }
                    on:click=move |_| ask_again()
                >
                    {move || match seconds_left() {
                        0 => t(Text::Resend).to_owned(),
                        left => tf(Text::ResendIn, &[&left.to_string()]),
                    }}
                </button>
            </div>
            // A wrong account or region, a locked or expired reset: starting again keeps what was typed.
            <p class="ezr-links">
                <button type="button" class="ezr-button ezr-button--secondary" on:click=move |_| send(flow, Event::StartAgain)>
                    {t(Text::StartAgain)}
                </button>
            </p>
        </form>
    }
}
