use crate::i18n::{Text, t, tf};
use leptos::html;
use leptos::prelude::*;

/// Shows a password input with its label, a "Show"/"Hide" toggle and the message about it.
///
/// Events: `on_input` with the text after every edit.
#[component]
pub fn PasswordField(
    /// The input's id, which the label and toggle point at.
    id: &'static str,
    /// The label, such as "New Password".
    label: Text,
    /// What has been typed; it lives only in memory.
    #[prop(into)]
    value: Signal<String>,
    /// A message about the field, shown under it.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Ids of further descriptions, such as the rules checklist.
    #[prop(optional)]
    described_by: &'static str,
    /// The input, for moving focus to it.
    input: NodeRef<html::Input>,
    /// Called with the text after every edit.
    on_input: Callback<String>,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let error_id = format!("{id}-error");
    let described = format!("{error_id} {described_by}").trim().to_owned();
    view! {
        <div class="ezr-field">
            <label class="ezr-field__label" for=id>{t(label)}</label>
            <div class="ezr-password">
                <input
                    id=id
                    node_ref=input
                    class="ezr-field__input"
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete="new-password"
                    autocapitalize="off"
                    spellcheck="false"
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:input=move |event| on_input.run(event_target_value(&event))
                />
                <button
                    type="button"
                    class="ezr-password__toggle"
                    aria-controls=id
                    aria-pressed=move || shown.get().to_string()
                    aria-label=move || tf(if shown.get() { Text::HideField } else { Text::ShowField }, &[t(label)])
                    on:click=move |_| shown.update(|shown| *shown = !*shown)
                >
                    {move || t(if shown.get() { Text::HidePassword } else { Text::ShowPassword })}
                </button>
            </div>
            <p id=error_id class="ezr-field__error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
