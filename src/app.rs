//! The root: loads `config.json` and the language to show, then starts the wizard where the
//! tab left it.

use crate::core::{Failure, Trouble};
use crate::i18n::{Catalog, Locale, Text, notice_text, t};
use crate::shell::{
    Client, Embedding, Transport, WizardProvider, apply_query_theme, embedding_host,
    follow_system_scheme, load_catalog, load_config, saved_progress,
};
use crate::views::Page;
use crate::widgets::notice::Alert;
use leptos::prelude::*;

/// What the page says when not even English could be loaded, so it has no words of its own.
const NOTHING_LOADED: &str = "The password reset page could not load. Check your connection.";
const RETRY: &str = "\u{21bb}";

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    follow_system_scheme();
    apply_query_theme();
    let progress = saved_progress();
    let wanted = progress.locale;
    // Both start at once; each is `None` until it has answered. Two plain tasks rather than
    // `LocalResource` and `<Suspense>`, whose async machinery weighed 9.3 KB of the first load.
    let config = RwSignal::new(None);
    let catalog = RwSignal::new(None);
    let load = move || {
        config.set(None);
        catalog.set(None);
        leptos::task::spawn_local(async move { config.set(Some(load_config().await)) });
        // The language asked for, else English: a page in English beats no page.
        leptos::task::spawn_local(async move {
            let loaded = match load_catalog(wanted).await {
                Ok(catalog) => Ok(catalog),
                Err(_) => load_catalog(Locale::En).await,
            };
            catalog.set(Some(loaded));
        });
    };
    load();
    let retry = move |()| load();
    view! {
            {move || match (config.get(), catalog.get()) {
                (Some(Ok(config)), Some(Ok(catalog))) => {
                    let host = embedding_host(&config);
                    let embedded = host.is_some();
                    view! {
                        <WizardProvider progress=progress.clone() catalog=catalog transport=Transport::http(Client::new(config))>
                            <Page embedded=embedded />
                            {host.map(|host| view! { <Embedding host=host /> })}
                        </WizardProvider>
                    }.into_any()
                }
                (Some(Err(failure)), Some(Ok(catalog))) => view! {
                    <SettingsFailed failure=failure catalog=catalog on_retry=Callback::new(retry) />
                }.into_any(),
                (None, _) | (_, None) => view! { <main class="ezr-app" aria-busy="true"><p class="ezr-app__loading">"\u{2026}"</p></main> }.into_any(),
                _ => view! {
                    <main class="ezr-app" lang="en">
                        <div class="ezr-notice" role="alert">
                            <p class="ezr-notice__text">{NOTHING_LOADED}</p>
                            <button type="button" class="ezr-button ezr-button--secondary" aria-label="Try again" on:click=move |_| retry(())>{RETRY}</button>
                        </div>
                    </main>
                }.into_any(),
            }}
    }
}

/// The page when `config.json` could not be loaded or used, in the language that could.
#[component]
pub fn SettingsFailed(
    /// Why the settings are missing.
    failure: Failure,
    /// The language to say it in.
    catalog: &'static Catalog,
    /// Loads the settings again.
    on_retry: Callback<()>,
) -> impl IntoView {
    crate::i18n::install(catalog);
    view! {
        <main class="ezr-app" lang=catalog.locale.tag() dir=if catalog.locale.is_rtl() { "rtl" } else { "ltr" }>
            <p>{t(Text::ConfigFailed)}</p>
            <Alert text=notice_text(&Trouble::of(failure)) on_retry=Some(on_retry) />
        </main>
    }
}
