//! Storage in a third-party frame. Firefox and WebKit partition a frame's storage under its
//! host page, and Chromium allows it by default, so a reload of the host page returns to the
//! same step. Where a browser denies it outright (third-party cookies blocked), the app asks
//! for access on the person's first click, with the Storage Access API. Once the browser opens
//! the storage, the wizard's next change is kept there as usual.

use crate::shell::browser;
use js_sys::{Function, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// When this tab's storage is denied, asks for it on the first click in the page.
pub fn ask_on_first_click_if_denied() {
    let Some(document) = web_sys::window()
        .filter(|_| !browser::has_session_storage())
        .and_then(|window| window.document())
    else {
        return;
    };
    let Ok(request) = Reflect::get(&document, &"requestStorageAccess".into())
        .and_then(|request| request.dyn_into::<Function>())
    else {
        return;
    };
    let target = document.clone();
    let ask = Closure::<dyn Fn()>::new(move || {
        let Ok(asked) = request.call0(&document) else {
            return;
        };
        // A refusal is the browser's answer, not an error: the app goes on without storage.
        // `Boolean` takes it, so that no rejection goes unhandled, with no closure of its own.
        let ignore = Reflect::get(&js_sys::global(), &"Boolean".into()).unwrap_or_default();
        if let Ok(catch) =
            Reflect::get(&asked, &"catch".into()).and_then(|catch| catch.dyn_into::<Function>())
        {
            let _ = catch.call1(&asked, &ignore);
        }
    });
    // Once: the browser drops it after the first click, the app when the embedding goes.
    let once = js_sys::Object::new();
    let _ = Reflect::set(&once, &"once".into(), &true.into());
    let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
        "click",
        ask.as_ref().unchecked_ref(),
        once.unchecked_ref(),
    );
    super::listener::release_with_owner(move || {
        let _ = target.remove_event_listener_with_callback("click", ask.as_ref().unchecked_ref());
    });
}
