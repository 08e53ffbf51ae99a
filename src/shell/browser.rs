//! The few things the app asks of the browser, each failing soft: storage that is blocked
//! (private mode, a sandboxed iframe) or a missing API only loses the convenience, never the page.

use crate::core::{Asked, Progress, RegionChoice};
use contract::{CallingCode, Channel, Locale, Region};

/// Where the wizard is kept for this tab, so that a reload returns to the same step.
pub const FLOW_KEY: &str = "ezcloud-reset.flow";
/// The region remembered for the next visit.
const REGION_KEY: &str = "ezcloud-reset.region";

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Whether this tab's storage can be used.
pub fn has_session_storage() -> bool {
    session_storage().is_some()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The wizard as it was before a reload, or a new one preselected from the query string
/// (`region`, `channel`, `lang`), the remembered region and the browser's time zone and
/// language; which of the two, [`Progress::on_visit`] decides.
/// A kept wizard that no longer reads (an older version's) starts a new one: it is the tab's
/// convenience, not a record.
pub fn saved_progress() -> Progress {
    let asked = Asked {
        locale: query_param("lang").and_then(|tag| Locale::from_tag(&tag)),
        region: query_param("region").and_then(|slug| RegionChoice::from_slug(&slug)),
        channel: query_param("channel").and_then(|name| Channel::from_name(&name)),
    };
    let saved = session::get(FLOW_KEY).and_then(|json| super::json::from_str(&json));
    // A reload is the same visit: its address says nothing new, and a language or region the
    // person chose since stays.
    let new = if reloaded() { Asked::default() } else { asked };
    Progress::on_visit(saved, new, || {
        let region = asked
            .region
            .unwrap_or_else(|| guess_region(local::get(REGION_KEY)));
        let locale = asked
            .locale
            .or_else(|| Locale::best_match(preferred_languages().iter().map(String::as_str)))
            .unwrap_or_default();
        Progress::fresh(
            locale,
            region,
            asked.channel.unwrap_or(Channel::Email),
            guess_country(region),
        )
    })
}

/// Whether the page was reloaded, or reached by going back or forward, rather than opened
/// from an address (the Navigation Timing entry's `type`).
fn reloaded() -> bool {
    let kind = || -> Option<String> {
        let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok()?;
        let entries: js_sys::Function =
            js_sys::Reflect::get(&performance, &"getEntriesByType".into())
                .ok()?
                .into();
        let entries: js_sys::Array = entries
            .call1(&performance, &"navigation".into())
            .ok()?
            .into();
        js_sys::Reflect::get(&entries.get(0), &"type".into())
            .ok()?
            .as_string()
    };
    kind().is_some_and(|kind| kind != "navigate")
}

/// Keeps the wizard for the tab.
pub fn save(progress: &Progress) {
    if let Some(json) = super::json::to_string(progress) {
        session::set(FLOW_KEY, &json);
    }
}

/// Remembers the region for the next visit.
pub fn remember_region(region: Region) {
    local::set(REGION_KEY, region.slug());
}

/// Storage for this tab, which survives a reload but not the tab.
mod session {
    pub fn get(key: &str) -> Option<String> {
        super::session_storage()?.get_item(key).ok()?
    }

    pub fn set(key: &str, value: &str) {
        if let Some(storage) = super::session_storage() {
            let _ = storage.set_item(key, value);
        }
    }
}

/// Storage that survives the visit, for preferences only.
mod local {
    pub fn get(key: &str) -> Option<String> {
        super::local_storage()?.get_item(key).ok()?
    }

    pub fn set(key: &str, value: &str) {
        if let Some(storage) = super::local_storage() {
            let _ = storage.set_item(key, value);
        }
    }
}

/// Whether this is a plain first visit: nothing kept from an earlier one in this browser, and
/// an address that names the region and at most the language, as a support page's link does.
/// The page's own step 1 is then exactly what the app would draw.
pub fn plain_visit() -> bool {
    let search = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    session::get(FLOW_KEY).is_none()
        && local::get(REGION_KEY).is_none()
        && query_param("region").is_some()
        && search
            .trim_start_matches('?')
            .split('&')
            .all(|pair| pair.starts_with("region=") || pair.starts_with("lang="))
}

/// A parameter of the page's query string.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// The browser's IANA time zone, such as `Europe/Berlin`.
fn time_zone() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let options = format.resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .as_string()
}

/// The languages the browser prefers, most preferred first, such as `["de-AT", "en"]`.
fn preferred_languages() -> Vec<String> {
    web_sys::window()
        .map(|window| window.navigator().languages())
        .map(|languages| languages.iter().filter_map(|tag| tag.as_string()).collect())
        .unwrap_or_default()
}

/// Names the document, for the browser's tab and history.
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|window| window.document()) {
        document.set_title(title);
    }
}

/// The browser's preferred language, such as `en-US`.
fn language() -> Option<String> {
    web_sys::window()?.navigator().language()
}

/// The country of the browser's language, upper-cased: `AT` for `de-AT`; none for a bare
/// language such as `de`, whose letters name a language, not a country (`ar` is Arabic, not
/// Argentina).
fn language_country() -> Option<String> {
    let tag = language()?;
    let (_, country) = tag.rsplit_once(['-', '_'])?;
    (country.len() == 2).then(|| country.to_ascii_uppercase())
}

/// What to preselect: the region remembered from the last visit, else the time zone's, else
/// "I'm not sure", which finds the account wherever it is.
fn guess_region(remembered: Option<String>) -> RegionChoice {
    remembered
        .and_then(|slug| slug.parse().ok())
        .or_else(|| time_zone().and_then(|zone| Region::from_time_zone(&zone)))
        .map_or(RegionChoice::NotSure, RegionChoice::Picked)
}

/// The country to preselect for a phone number: the language's country if known, else a
/// large country of the region.
fn guess_country(region: RegionChoice) -> &'static str {
    let from_language = language_country()
        .and_then(|country| CallingCode::by_iso(&country))
        .map(CallingCode::iso);
    from_language.unwrap_or(match region.region() {
        Some(Region::Americas) | None => "US",
        Some(Region::Europe) => "GB",
        Some(Region::AsiaPacific) => "SG",
    })
}

/// The document's root element, where the theme's custom properties go.
fn root_element() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .document_element()?
        .dyn_into()
        .ok()
}

thread_local! {
    /// The palette asked for; `Auto` follows the system's.
    static SCHEME: std::cell::Cell<crate::core::ColorScheme> = const { std::cell::Cell::new(crate::core::ColorScheme::Auto) };
}

/// Sets `data-scheme` on the root from the palette asked for, or the system's under `Auto`.
pub fn show_scheme() {
    use crate::core::ColorScheme;
    let system_dark = || {
        web_sys::window()
            .and_then(|window| {
                window
                    .match_media("(prefers-color-scheme: dark)")
                    .ok()
                    .flatten()
            })
            .is_some_and(|query| query.matches())
    };
    let dark = match SCHEME.with(std::cell::Cell::get) {
        ColorScheme::Dark => true,
        ColorScheme::Light => false,
        ColorScheme::Auto => system_dark(),
    };
    if let Some(root) = root_element() {
        let _ = root.set_attribute("data-scheme", if dark { "dark" } else { "light" });
    }
}

/// Follows the system's light or dark preference while the calling component lives, as long as
/// no palette is asked for.
pub fn follow_system_scheme() {
    use wasm_bindgen::JsCast;
    show_scheme();
    let query = web_sys::window().and_then(|window| {
        window
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
    });
    if let Some(query) = query {
        let changed = wasm_bindgen::closure::Closure::<dyn Fn()>::new(show_scheme);
        let _ = query.add_event_listener_with_callback("change", changed.as_ref().unchecked_ref());
        super::listener::release_with_owner(move || {
            let _ = query
                .remove_event_listener_with_callback("change", changed.as_ref().unchecked_ref());
        });
    }
}

/// Applies a validated theme setting to the page.
pub fn apply_theme(setting: &crate::core::ThemeSetting) {
    if let crate::core::ThemeSetting::Scheme(scheme) = setting {
        SCHEME.with(|cell| cell.set(*scheme));
        show_scheme();
        return;
    }
    let (properties, value) = setting.properties();
    if let Some(root) = root_element() {
        for property in properties {
            let _ = root.style().set_property(property, value);
        }
    }
}

/// Marks the page as living in a host's frame: it never scrolls, the frame follows it.
pub fn mark_embedded() {
    if let Some(root) = root_element() {
        let _ = root.set_attribute("data-embedded", "");
    }
}
