use crate::core::{Event, Field, Flow};
use crate::i18n::{Text, account_error, t};
use crate::shell::use_wizard;
use crate::views::{CheckDialogView, ErrorNotice};
use crate::widgets::field::{AccountAction, AccountField};
use contract::Channel;
use leptos::html;
use leptos::prelude::*;

/// Shows step 1, "Enter Email Address" (or phone number): the account, "Acquire", and the
/// puzzle dialog over it once "Acquire" was pressed.
///
/// Props: none; the wizard comes from context. Events: the account's edits, `Acquire`, and
/// the notice's retry.
#[component]
pub fn AccountStep() -> impl IntoView {
    let wizard = use_wizard();
    let channel = wizard.select(|flow| flow.channel);
    let typed = wizard.select(|flow| flow.draft.typed(flow.channel).to_owned());
    // Only the picked country, not every keystroke in the number, redraws the countries.
    let country = wizard.select(|flow| flow.draft.country.clone());
    let error = wizard.select(|flow| flow.account_error().map(|error| account_error(&error)));
    let notice = wizard.select(|flow| flow.notice.clone());
    let busy = wizard.select(Flow::busy);
    let puzzle_open = wizard.select(|flow| flow.dialog.is_some());
    let login_url = wizard.select(|flow| flow.region.login_url());
    let input = NodeRef::<html::Input>::new();
    wizard.focus_on_request(Field::Account, input);
    view! {
        // `dialog`: on the page rendered ahead, before the module runs, pressing Acquire sends
        // nothing anywhere (there is no dialog to close); the app handles every submit itself.
        <form class="ezr-step" method="dialog" novalidate on:submit=move |event| { event.prevent_default(); wizard.send(Event::Acquire) }>
            <h2 class="ezr-step__title">
                {move || t(match channel.get() { Channel::Email => Text::UseEmail, Channel::Sms => Text::UsePhone })}
            </h2>
            <AccountField
                channel=channel
                typed=typed
                country=country
                error=error
                input=input
                on_action=wizard.sender(move |action| match action {
                    AccountAction::Edit(text) => Event::edit_account(channel.get_untracked(), text),
                    AccountAction::PickCountry(iso) => Event::ChooseCountry(iso),
                    AccountAction::Switch(channel) => Event::ChooseChannel(channel),
                    AccountAction::Leave => Event::LeaveField(Field::Account),
                })
            />
            <ErrorNotice notice=notice on_retry=wizard.sender(|event| event) />
            <div class="ezr-actions">
                <button type="submit" class="ezr-button" disabled=busy>{t(Text::Acquire)}</button>
            </div>
            <p class="ezr-links">
                {move || login_url.get().map(|url| view! {
                    <a class="ezr-link" href=url target="_top">{t(Text::LoginLink)}</a>
                })}
            </p>
        </form>
        {move || puzzle_open.get().then(|| view! { <CheckDialogView /> })}
    }
}
