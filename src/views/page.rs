use crate::core::Event;
use crate::i18n::{Text, t};
use crate::shell::use_wizard;
use crate::views::WizardView;
use crate::widgets::language_picker::LanguagePicker;
use leptos::prelude::*;

/// Shows the page: its title, the language picker and the wizard, in the language shown, with
/// `lang` and `dir` on the app's own root (never on a host page's `<html>`). A switch of
/// language renders the page anew; what was typed and the step live in the wizard and stay.
///
/// Props: whether a host page embeds it (the host picks the language then, so there is no
/// picker); the wizard comes from context. Events: `ChooseLanguage`.
#[component]
pub fn Page(
    /// Inside a host's `<ezcloud-reset>`: the host sets the language.
    embedded: bool,
) -> impl IntoView {
    let wizard = use_wizard();
    let chosen = wizard.select(|flow| flow.locale);
    let first = StoredValue::new(true);
    move || {
        let locale = wizard.language();
        let switched = !first.get_value();
        first.set_value(false);
        view! {
            <main class="ezr-app" lang=locale.tag() dir=if locale.is_rtl() { "rtl" } else { "ltr" }>
                <div class="ezr-app__bar">
                    <h1 class="ezr-app__title">{t(Text::AppTitle)}</h1>
                    {(!embedded).then(|| view! {
                        <LanguagePicker selected=chosen focused=switched on_change=wizard.sender(Event::ChooseLanguage) />
                    })}
                </div>
                <WizardView />
            </main>
        }
    }
}
