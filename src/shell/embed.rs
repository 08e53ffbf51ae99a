//! The app inside a host page's `<ezcloud-reset>`: it learns its host's origin from
//! `embed.js` (the `host` query parameter), talks to it only if `config.json` lists it, and
//! then only with that origin and the parent window. It reports its height, its steps and
//! its completion, never an account, code, token or masked destination; it takes the host's
//! attributes (region, language, channel, theme) live.

use crate::core::{Event, RegionChoice, Step, ThemeSetting};
use crate::shell::browser::{self, query_param};
use crate::shell::listener::release_with_owner;
use crate::shell::{Wizard, use_wizard};
use contract::wire::AppConfig;
use contract::{Channel, Locale, Origin};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The embedding page, if embed.js opened the app for an origin `config` allows.
pub fn host(config: &AppConfig) -> Option<Origin> {
    if query_param("embed").as_deref() != Some("1") {
        return None;
    }
    let host: Origin = query_param("host")?.parse().ok()?;
    config.embed_origins.contains(&host).then_some(host)
}

/// Sends `{ type: "ezcloud-reset:<kind>", ...fields }` to the parent window, to `host` only.
fn post(host: &Origin, kind: &str, fields: &[(&str, wasm_bindgen::JsValue)]) {
    let Some(parent) = web_sys::window().and_then(|window| window.parent().ok().flatten()) else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &message,
        &"type".into(),
        &format!("ezcloud-reset:{kind}").into(),
    );
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&message, &(*name).into(), value);
    }
    let _ = parent.post_message(&message, host.as_str());
}

/// The content's height in CSS pixels.
fn content_height() -> f64 {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.body())
        .map_or(0.0, |body| body.get_bounding_client_rect().height().ceil())
}

/// Applies a host's setting: the wizard's for region, language and channel, the page's for
/// the theme. Invalid values are ignored.
fn apply(wizard: Wizard, name: &str, value: &str) {
    let event = match name {
        "region" => RegionChoice::from_slug(value).map(Event::ChooseRegion),
        "lang" => Locale::from_tag(value).map(Event::ChooseLanguage),
        "channel" => Channel::from_name(value).map(Event::ChooseChannel),
        _ => {
            if let Some(setting) = ThemeSetting::parse(name, value) {
                browser::apply_theme(&setting);
            }
            None
        }
    };
    if let Some(event) = event {
        wizard.send(event);
    }
}

/// Theme settings passed in the query string (by embed.js, or by hand on the plain page).
pub fn apply_query_theme() {
    for name in ["accent-color", "radius", "font-family", "color-scheme"] {
        if let Some(setting) = query_param(name).and_then(|value| ThemeSetting::parse(name, &value))
        {
            browser::apply_theme(&setting);
        }
    }
}

/// Talks to `host` for the wizard in context: ready, height, steps, completion; the host's
/// settings in.
#[component]
pub fn Embedding(
    /// The page embedding the app, already checked against `config.json`.
    host: Origin,
) -> impl IntoView {
    let wizard = use_wizard();
    browser::mark_embedded();
    super::storage_access::ask_on_first_click_if_denied();
    post(&host, "ready", &[]);
    let step = wizard.select(|flow| (flow.step(), flow.channel));
    {
        let host = host.clone();
        Effect::new(move |_| {
            let (step, channel) = step.get();
            let region = wizard.with_untracked(|flow| flow.region.home());
            post(
                &host,
                "step",
                &[
                    ("step", step.number().into()),
                    ("channel", channel.as_str().into()),
                ],
            );
            if step == Step::Succeed {
                post(&host, "complete", &[("region", region.slug().into())]);
            }
        });
    }
    // The frame follows the content's height exactly, so it never scrolls.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let to = host.clone();
        let report = Closure::<dyn Fn()>::new(move || {
            post(&to, "height", &[("height", content_height().into())]);
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(report.as_ref().unchecked_ref()) {
            observer.observe(&body);
            release_with_owner(move || {
                observer.disconnect();
                drop(report);
            });
        }
    }
    // The host's settings, from the host's exact origin and window only.
    if let Some(window) = web_sys::window() {
        let from = host.clone();
        let listener =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let parent = web_sys::window().and_then(|window| window.parent().ok().flatten());
                let from_parent = event
                    .source()
                    .zip(parent)
                    .is_some_and(|(source, parent)| js_sys::Object::is(&source, &parent));
                if event.origin() != from.as_str() || !from_parent {
                    return;
                }
                let data = event.data();
                let field = |name: &str| {
                    js_sys::Reflect::get(&data, &name.into())
                        .ok()
                        .and_then(|value| value.as_string())
                };
                if field("type").as_deref() == Some("ezcloud-reset:set")
                    && let (Some(name), Some(value)) = (field("name"), field("value"))
                {
                    apply(wizard, &name, &value);
                }
            });
        let _ =
            window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        release_with_owner(move || {
            let _ = window
                .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        });
    }
}
