use crate::i18n::{Locale, Text, t};
use leptos::html;
use leptos::prelude::*;

/// Shows a select labelled "Language" (in the current language), each language named in
/// itself.
///
/// Events: `on_change` with the language picked.
#[component]
pub fn LanguagePicker(
    /// The language chosen.
    #[prop(into)]
    selected: Signal<Locale>,
    /// Takes focus when shown, so that after a switch re-renders the page, focus is where
    /// the user left it.
    focused: bool,
    /// Called with the language picked.
    on_change: Callback<Locale>,
) -> impl IntoView {
    let select = NodeRef::<html::Select>::new();
    if focused {
        Effect::new(move || {
            if let Some(select) = select.get() {
                let _ = select.focus();
            }
        });
    }
    // `selected` too, for the page rendered ahead of time, which has no properties.
    let initial = selected.get_untracked();
    let options = Locale::ALL.iter().map(|&locale| {
        view! { <option value=locale.tag() lang=locale.tag() selected=locale == initial>{locale.native_name()}</option> }
    });
    view! {
        <label class="ezr-language">
            <span class="ezr-language__label">{t(Text::LanguageLabel)}</span>
            <select
                class="ezr-language__select"
                node_ref=select
                prop:value=move || selected.get().tag()
                on:change=move |event| {
                    if let Some(locale) = Locale::from_tag(&event_target_value(&event)) {
                        on_change.run(locale);
                    }
                }
            >
                {options.collect_view()}
            </select>
        </label>
    }
}
