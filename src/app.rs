//! The root: loads `config.json`, starts the wizard where the tab left it, and shows it.

use crate::core::Trouble;
use crate::i18n::{Locale, Text, notice_text, t};
use crate::shell::{Client, Transport, WizardProvider, load_config, saved_progress};
use crate::views::WizardView;
use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(load_config);
    let locale = crate::shell::query_param("lang")
        .map(|tag| Locale::from_tag(&tag))
        .unwrap_or_default();
    view! {
        <main class="ezr-app" lang=locale.tag()>
            <h1 class="ezr-app__title">{t(Text::AppTitle)}</h1>
            <Suspense fallback=|| view! { <p class="ezr-app__loading">{t(Text::Loading)}</p> }>
                {move || config.get().map(|loaded| match loaded {
                    Ok(config) => view! {
                        <WizardProvider progress=saved_progress() transport=Transport::http(Client::new(config, locale))>
                            <WizardView />
                        </WizardProvider>
                    }.into_any(),
                    Err(failure) => view! {
                        <p>{t(Text::ConfigFailed)}</p>
                        <div class="ezr-notice" role="alert">
                            <p class="ezr-notice__text">{notice_text(&Trouble::of(failure))}</p>
                            <button type="button" class="ezr-button ezr-button--secondary" on:click=move |_| config.refetch()>
                                {t(Text::TryAgain)}
                            </button>
                        </div>
                    }.into_any(),
                })}
            </Suspense>
        </main>
    }
}
