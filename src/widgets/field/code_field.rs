use crate::i18n::{Text, t};
use leptos::html;
use leptos::prelude::*;

/// Shows the "Verification Code" field and the message about it. It takes the code as
/// people paste it (`123 456`, `123-456`, full-width digits); the contract normalises it.
///
/// Events: `on_input` with the text typed, `on_leave` when focus leaves the field.
#[component]
pub fn CodeField(
    /// What has been typed.
    #[prop(into)]
    value: Signal<String>,
    /// What is wrong with the code, or what the backend said about it.
    #[prop(into)]
    message: Signal<Option<String>>,
    /// The input, for moving focus to it.
    input: NodeRef<html::Input>,
    /// Called with the text after every edit.
    on_input: Callback<String>,
    /// Called when the field is left.
    on_leave: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="ezr-field">
            <label class="ezr-field__label" for="ezr-code">{t(Text::CodeLabel)}</label>
            <input
                id="ezr-code"
                node_ref=input
                class="ezr-field__input ezr-field__input--code"
                type="text"
                name="one-time-code"
                autocomplete="one-time-code"
                inputmode="numeric"
                dir="ltr"
                maxlength="16"
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby="ezr-code-error"
                prop:value=move || value.get()
                on:input=move |event| on_input.run(event_target_value(&event))
                // A field removed while focused (a language switch renders the page anew) blurs
                // after its callbacks are gone; there is nothing left to tell then.
                on:blur=move |_| { on_leave.try_run(()); }
            />
            <p id="ezr-code-error" class="ezr-field__error" aria-live="polite">{move || message.get()}</p>
        </div>
    }
}
