use crate::flow::{Draft, Event};
use crate::i18n::{Text, account_error, t};
use contract::{Channel, calling_codes};
use leptos::prelude::*;
use leptos::tachys::html::event::MouseEvent;

/// The account as the user knows it: an "Email Address" field, or a "Mobile Phone Number"
/// with its "Country/Region", and the link that switches between them. Its error shows once
/// the field has been left (or `show_errors` says so), then follows every keystroke.
#[component]
pub fn AccountField(
    /// Which identifier is asked for.
    #[prop(into)]
    channel: Signal<Channel>,
    /// What has been typed so far.
    #[prop(into)]
    draft: Signal<Draft>,
    /// Set when the user tried to go on, so that an untouched empty field explains itself.
    #[prop(into)]
    show_errors: Signal<bool>,
    /// Receives every edit and the channel switch.
    on_event: Callback<Event>,
) -> impl IntoView {
    let touched = RwSignal::new(false);
    let error = Memo::new(move |_| {
        let shown = touched.get() || show_errors.get();
        let result = draft.with(|draft| draft.account(channel.get()));
        result
            .err()
            .filter(|_| shown)
            .map(|error| account_error(&error))
    });
    let invalid = move || error.with(Option::is_some).then_some("true");
    let switch = move |event: MouseEvent| {
        event.prevent_default();
        touched.set(false);
        let other = match channel.get_untracked() {
            Channel::Email => Channel::Sms,
            Channel::Sms => Channel::Email,
        };
        on_event.run(Event::ChooseChannel(other));
    };
    let email_input = move || {
        view! {
            <label class="ezr-field__label" for="ezr-account">{t(Text::EmailLabel)}</label>
            <input
                id="ezr-account"
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
                on:blur=move |_| touched.set(true)
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
                class="ezr-field__input"
                type="tel"
                name="phone"
                autocomplete="tel-national"
                inputmode="tel"
                aria-invalid=invalid
                aria-describedby="ezr-account-error"
                prop:value=move || draft.with(|draft| draft.phone.clone())
                on:input=move |event| on_event.run(Event::EditPhone(event_target_value(&event)))
                on:blur=move |_| touched.set(true)
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
            <a class="ezr-link" href=move || format!("?channel={}", match channel.get() { Channel::Email => "sms", Channel::Sms => "email" }) on:click=switch>
                {move || t(match channel.get() { Channel::Email => Text::UsePhone, Channel::Sms => Text::UseEmail })}
            </a>
        </p>
    }
}
