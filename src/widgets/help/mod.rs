use crate::i18n::{Text, t};
use leptos::prelude::*;

/// The vendor's support hotline page.
pub const SUPPORT_URL: &str = "https://global.uniview.com/Support/Service_Hotline/";

/// Shows what to do when no code arrives, folded under "Didn't receive a code?".
///
/// Events: none.
#[component]
pub fn Help() -> impl IntoView {
    view! {
        <details class="ezr-help">
            <summary class="ezr-help__summary">{t(Text::HelpTitle)}</summary>
            <ul class="ezr-help__list">
                <li>{t(Text::HelpSpam)}</li>
                <li>{t(Text::HelpOtherRegion)}</li>
                <li>{t(Text::HelpWait)}</li>
                <li>{t(Text::HelpPhone)}</li>
                <li>{t(Text::HelpApp)}</li>
                <li>{t(Text::HelpSameAccount)}</li>
                <li><a class="ezr-link" href=SUPPORT_URL target="_blank" rel="noopener noreferrer">{t(Text::HelpSupport)}</a></li>
            </ul>
        </details>
    }
}
