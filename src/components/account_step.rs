use crate::browser::now_ms;
use crate::client::{Api, ApiError};
use crate::components::account_field::AccountField;
use crate::components::notice::ErrorNotice;
use crate::components::puzzle::PuzzleDialog;
use crate::components::send;
use crate::flow::{Event, Flow, Stage};
use crate::i18n::{Locale, Text, t};
use contract::{CaptchaTicket, Channel};
use leptos::prelude::*;

/// Step 1, "Enter Email Address" (or phone number): the account, "Acquire", the puzzle, and the
/// request for a code once the puzzle is solved.
#[component]
pub fn AccountStep(
    /// The wizard.
    flow: RwSignal<Flow>,
    /// The region's API.
    #[prop(into)]
    api: Signal<Api>,
    /// The language codes are written in.
    locale: Locale,
) -> impl IntoView {
    let submitted = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let channel = Signal::derive(move || flow.with(|flow| flow.channel));
    let draft = Signal::derive(move || flow.with(|flow| flow.draft.clone()));
    let puzzle_open = Memo::new(move |_| {
        flow.with(|flow| flow.stage == Stage::EnterAccount { puzzle_open: true })
    });
    let apply = move |event: Event| send(flow, event);

    let request = Action::new_local(move |ticket: &CaptchaTicket| {
        let api = api.get_untracked();
        let (ticket, account) = (
            ticket.clone(),
            flow.with_untracked(|flow| flow.draft.account(flow.channel)),
        );
        async move {
            let Ok(account) = account else { return };
            match api.request_code(&account, ticket, locale.tag()).await {
                Ok(sent) => apply(Event::CodeSent {
                    reset_id: sent.reset_id,
                    masked_destination: sent.masked_destination,
                    resend_after_seconds: sent.resend_after_seconds,
                    now_ms: now_ms(),
                }),
                Err(error) => {
                    apply(Event::ClosePuzzle);
                    failure.try_set(Some(error));
                }
            }
        }
    });
    let acquire = move || {
        submitted.set(true);
        failure.set(None);
        let valid = flow.with_untracked(|flow| flow.draft.account(flow.channel).is_ok());
        if valid && !request.pending().get_untracked() {
            apply(Event::OpenPuzzle);
        } else if let Some(field) = document().get_element_by_id("ezr-account") {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(field) = field.dyn_into::<web_sys::HtmlElement>() {
                let _ = field.focus();
            }
        }
    };
    let on_solved = Callback::new(move |ticket: CaptchaTicket| {
        if !request.pending().get_untracked() {
            request.dispatch(ticket);
        }
    });
    let login_url = move || flow.with(|flow| flow.region.login_url());
    view! {
        <form class="ezr-step" novalidate on:submit=move |event| { event.prevent_default(); acquire() }>
            <h2 class="ezr-step__title">
                {move || t(match channel.get() { Channel::Email => Text::UseEmail, Channel::Sms => Text::UsePhone })}
            </h2>
            <AccountField channel=channel draft=draft show_errors=submitted on_event=Callback::new(apply) />
            <ErrorNotice error=failure on_retry=Callback::new(move |()| acquire()) />
            <div class="ezr-actions">
                <button type="submit" class="ezr-button" disabled=move || request.pending().get()>{t(Text::Acquire)}</button>
            </div>
            <p class="ezr-links">
                <a class="ezr-link" href=login_url target="_top">{t(Text::LoginLink)}</a>
            </p>
        </form>
        {move || puzzle_open.get().then(|| view! {
            <PuzzleDialog api=api on_solved=on_solved on_close=Callback::new(move |()| apply(Event::ClosePuzzle)) />
        })}
    }
}
