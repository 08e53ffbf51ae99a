use crate::i18n::{Text, country_namer, sort_by_name, t, tf};
use contract::{CallingCode, Channel, calling_codes, lowercase};
use leptos::html;
use leptos::prelude::*;
use leptos::tachys::html::event::MouseEvent;

/// What the user does in an [`AccountField`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountAction {
    /// The field's text after an edit.
    Edit(String),
    /// The ISO 3166-1 alpha-2 code of the country picked for a phone number.
    PickCountry(String),
    /// The link to the other channel was pressed.
    Switch(Channel),
    /// The field was left, so that its problems may be shown.
    Leave,
}

/// Shows the account as the user knows it: an "Email Address" field, or a "Mobile Phone
/// Number" with its "Country/Region", the message about it, and the link that switches
/// between them.
///
/// Events: `on_action` with each [`AccountAction`].
#[component]
pub fn AccountField(
    /// Which identifier is asked for.
    #[prop(into)]
    channel: Signal<Channel>,
    /// What has been typed so far on this channel.
    #[prop(into)]
    typed: Signal<String>,
    /// ISO 3166-1 alpha-2 of the country picked for a phone number.
    #[prop(into)]
    country: Signal<String>,
    /// What is wrong with it, once that is to be shown.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The text input, for moving focus to it.
    input: NodeRef<html::Input>,
    /// Called with what the user does.
    on_action: Callback<AccountAction>,
) -> impl IntoView {
    let invalid = move || error.with(Option::is_some).then_some("true");
    let other = move || match channel.get() {
        Channel::Email => Channel::Sms,
        Channel::Sms => Channel::Email,
    };
    let switch = move |event: MouseEvent| {
        event.prevent_default();
        on_action.run(AccountAction::Switch(other()));
    };
    let is_phone = move || channel.get() == Channel::Sms;
    // Narrows the long list of countries; what the user picks lives in the draft.
    let query = RwSignal::new(String::new());
    let countries = move || {
        let name = country_namer();
        let mut named: Vec<(&'static CallingCode, String)> = calling_codes()
            .iter()
            .map(|country| {
                (
                    country,
                    tf(Text::CountryWithCode, &[&name(country.iso()), country.code]),
                )
            })
            .collect();
        sort_by_name(&mut named, |(_, label)| label);
        let named = StoredValue::new(named);
        // A plain list: an edit of the search redraws the options in place, each marked
        // selected or not, so the one picked stays picked (keyed `<For>` machinery weighed
        // 4.6 KB, for this list only).
        let options = move || {
            let wanted = query.with(|query| lowercase(query.trim().trim_start_matches('+')));
            // Digits are the start of a calling code ("44" is not Angola's +244); anything
            // else, part of a name.
            let by_code = wanted.starts_with(|c: char| c.is_ascii_digit());
            let picked = country.get();
            named.with_value(|named| {
                named
                    .iter()
                    .filter(|(country, label)| {
                        country.iso() == picked
                            || if by_code {
                                country.code.starts_with(&wanted)
                            } else {
                                lowercase(label).contains(&wanted)
                            }
                    })
                    .map(|(country, label)| {
                        let iso = country.iso();
                        view! { <option value=iso prop:selected=iso == picked>{label.clone()}</option> }
                    })
                    .collect_view()
            })
        };
        view! {
            <label class="ezr-field__label" for="ezr-country">{t(Text::CountryLabel)}</label>
            <input
                class="ezr-field__input"
                type="search"
                aria-label=t(Text::CountrySearch)
                placeholder=t(Text::CountrySearch)
                prop:value=move || query.get()
                on:input=move |event| query.set(event_target_value(&event))
            />
            <select
                id="ezr-country"
                class="ezr-field__select"
                autocomplete="tel-country-code"
                on:change=move |event| on_action.run(AccountAction::PickCountry(event_target_value(&event)))
            >
                {options}
            </select>
        }
    };
    // One input for both channels: a switch changes its kind and shows the other text.
    view! {
        <div class="ezr-field">
            {move || is_phone().then(countries)}
            <label class="ezr-field__label" for="ezr-account">
                {move || t(if is_phone() { Text::PhoneLabel } else { Text::EmailLabel })}
            </label>
            <input
                id="ezr-account"
                node_ref=input
                class="ezr-field__input"
                type=move || if is_phone() { "tel" } else { "email" }
                name=move || if is_phone() { "phone" } else { "email" }
                autocomplete=move || if is_phone() { "tel-national" } else { "username" }
                inputmode=move || if is_phone() { "tel" } else { "email" }
                autocapitalize="off"
                spellcheck="false"
                dir="ltr"
                aria-invalid=invalid
                aria-describedby="ezr-account-error"
                prop:value=move || typed.get()
                on:input=move |event| on_action.run(AccountAction::Edit(event_target_value(&event)))
                // A field removed while focused (a language switch renders the page anew) blurs
                // after its callbacks are gone; there is nothing left to tell then.
                on:blur=move |_| { on_action.try_run(AccountAction::Leave); }
            />
            <p id="ezr-account-error" class="ezr-field__error" aria-live="polite">{move || error.get()}</p>
        </div>
        <p class="ezr-links">
            <a class="ezr-link" href=move || format!("?channel={}", other().as_str()) on:click=switch>
                {move || t(match channel.get() { Channel::Email => Text::UsePhone, Channel::Sms => Text::UseEmail })}
            </a>
        </p>
    }
}
