use crate::core::{Draft, Event, Field};
use crate::i18n::{Text, t};
use contract::{Channel, calling_codes};
use leptos::html;
use leptos::prelude::*;
use leptos::tachys::html::event::MouseEvent;

/// Shows the account as the user knows it: an "Email Address" field, or a "Mobile Phone
/// Number" with its "Country/Region", the message about it, and the link that switches
/// between them.
///
/// Events: `on_event` with every edit (`EditEmail`, `EditPhone`, `ChooseCountry`), the switch
/// (`ChooseChannel`) and leaving the field (`LeaveField`).
#[component]
pub fn AccountField(
    /// Which identifier is asked for.
    #[prop(into)]
    channel: Signal<Channel>,
    /// What has been typed so far.
    #[prop(into)]
    draft: Signal<Draft>,
    /// What is wrong with it, once that is to be shown.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The text input, for moving focus to it.
    input: NodeRef<html::Input>,
    /// Receives what the user does.
    on_event: Callback<Event>,
) -> impl IntoView {
    let invalid = move || error.with(Option::is_some).then_some("true");
    let other = move || match channel.get() {
        Channel::Email => Channel::Sms,
        Channel::Sms => Channel::Email,
    };
    let switch = move |event: MouseEvent| {
        event.prevent_default();
        on_event.run(Event::ChooseChannel(other()));
    };
    let leave = move |_| on_event.run(Event::LeaveField(Field::Account));
    let email_input = move || {
        view! {
            <label class="ezr-field__label" for="ezr-account">{t(Text::EmailLabel)}</label>
            <input
                id="ezr-account"
                node_ref=input
                class="ezr-field__input"
                type="email"
                name="email"
                autocomplete="username"
                inputmode="email"
                autocapitalize="off"
                spellcheck="false"
                aria-invalid=invalid
                aria-describedby="ezr-account-error"
                prop:value=move || draft.with(|draft| draft.email.clone())
                on:input=move |event| on_event.run(Event::EditEmail(event_target_value(&event)))
                on:blur=leave
            />
        }
    };
    let phone_input = move || {
        let countries = calling_codes().iter().map(|country| {
            view! { <option value=country.iso>{format!("{} (+{})", country.name, country.code)}</option> }
        });
        view! {
            <label class="ezr-field__label" for="ezr-country">{t(Text::CountryLabel)}</label>
            <select
                id="ezr-country"
                class="ezr-field__select"
                autocomplete="tel-country-code"
                prop:value=move || draft.with(|draft| draft.country.clone())
                on:change=move |event| on_event.run(Event::ChooseCountry(event_target_value(&event)))
            >
                {countries.collect_view()}
            </select>
            <label class="ezr-field__label" for="ezr-account">{t(Text::PhoneLabel)}</label>
            <input
                id="ezr-account"
                node_ref=input
                class="ezr-field__input"
                type="tel"
                name="phone"
                autocomplete="tel-national"
                inputmode="tel"
                aria-invalid=invalid
                aria-describedby="ezr-account-error"
                prop:value=move || draft.with(|draft| draft.phone.clone())
                on:input=move |event| on_event.run(Event::EditPhone(event_target_value(&event)))
                on:blur=leave
            />
        }
    };
    view! {
        <div class="ezr-field">
            {move || match channel.get() {
                Channel::Email => email_input().into_any(),
                Channel::Sms => phone_input().into_any(),
            }}
            <p id="ezr-account-error" class="ezr-field__error" aria-live="polite">{move || error.get()}</p>
        </div>
        <p class="ezr-links">
            <a class="ezr-link" href=move || format!("?channel={}", other().as_str()) on:click=switch>
                {move || t(match channel.get() { Channel::Email => Text::UsePhone, Channel::Sms => Text::UseEmail })}
            </a>
        </p>
    }
}
