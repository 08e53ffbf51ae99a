//! The root: loads `config.json` and the language to show, then starts the wizard where the
//! tab left it.

use crate::core::{Failure, Trouble};
use crate::i18n::{Catalog, Locale, Text, notice_text, t};
use crate::shell::{
    Client, Embedding, Prerendered, Transport, WizardProvider, apply_query_theme, embedding_host,
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
    // Step 1 as the page arrived with it, shown until the app can draw the same.
    let prerendered = Prerendered::find();
    let mut progress = saved_progress();
    if let Some(picked) = prerendered.as_ref().and_then(Prerendered::language) {
        progress.locale = picked;
    }
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
    let prerendered = StoredValue::new_local(prerendered);
    // Once the app has drawn a page, it takes the place of the one the page arrived with. The
    // effect reads both loads, so that it runs after the view, which reads them first.
    Effect::new(move || {
        if config.with(Option::is_some) & catalog.with(Option::is_some)
            && let Some(arrived) = prerendered.try_update_value(Option::take).flatten()
        {
            arrived.replace();
        }
    });
    view! {
            {move || match (config.get(), catalog.get()) {
                (Some(Ok(config)), Some(Ok(catalog))) => {
                    let host = embedding_host(&config);
                    let embedded = host.is_some();
                    let carried = prerendered.with_value(|arrived| arrived.as_ref().map(Prerendered::choices).unwrap_or_default());
                    view! {
                        <WizardProvider progress=progress.clone() catalog=catalog transport=Transport::http(Client::new(config)) carried=carried>
                            <Page embedded=embedded />
                            {host.map(|host| view! { <Embedding host=host /> })}
                        </WizardProvider>
                    }.into_any()
                }
                (Some(Err(failure)), Some(Ok(catalog))) => view! {
                    <SettingsFailed failure=failure catalog=catalog on_retry=Callback::new(retry) />
                }.into_any(),
                // The page's own step 1 shows meanwhile, if it came with one.
                (None, _) | (_, None) if prerendered.with_value(Option::is_some) => ().into_any(),
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
