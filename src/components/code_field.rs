use crate::i18n::{Text, code_error, t};
use contract::VerificationCode;
use leptos::prelude::*;

/// The "Verification Code" field. It takes the code as people paste it (`123 456`,
/// `123-456`, full-width digits); the contract normalises it.
#[component]
pub fn CodeField(
    /// What has been typed; kept by the parent so that a failed request loses nothing.
    value: RwSignal<String>,
    /// Set when the user tried to go on, so that a short code explains itself.
    #[prop(into)]
    show_errors: Signal<bool>,
    /// A refusal of the backend to show on the field, such as a wrong code.
    #[prop(into)]
    refusal: Signal<Option<String>>,
) -> impl IntoView {
    let touched = RwSignal::new(false);
    let message = move || {
        let shown = touched.get() || show_errors.get();
        let invalid = value.with(|code| code.parse::<VerificationCode>().err());
        invalid
            .filter(|_| shown)
            .map(|error| code_error(&error))
            .or_else(|| refusal.get())
    };
    view! {
        <div class="ezr-field">
            <label class="ezr-field__label" for="ezr-code">{t(Text::CodeLabel)}</label>
            <input
                id="ezr-code"
                class="ezr-field__input ezr-field__input--code"
                type="text"
                name="one-time-code"
                autocomplete="one-time-code"
                inputmode="numeric"
                maxlength="16"
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby="ezr-code-error"
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                on:blur=move |_| touched.set(!value.with(String::is_empty))
            />
            <p id="ezr-code-error" class="ezr-field__error" aria-live="polite">{message}</p>
        </div>
    }
}
