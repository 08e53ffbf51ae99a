//! Step 1 as the page arrived with it (`crate::prerender`, written into the page at build
//! time), which a person may read and type into before the module runs. The app takes its
//! place once it can draw the same step: what was typed and picked goes into the wizard as the
//! events the app would have had, and focus and caret go to the same control of the app's
//! page, in one task, so nothing is lost and nothing moves on screen.
//!
//! On a plain first visit the app does not even start until the person first clicks, types or
//! picks something on that page: until then the page is all they need, and the app's start
//! (two tasks of about 50 ms on the 2-core machine, 200 ms each at Lighthouse's 4x slowdown)
//! would block a page nobody is using yet.

use crate::core::{Event, RegionChoice};
use crate::shell::browser;
use contract::{Channel, Locale};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

/// The attribute that marks the root of the step 1 rendered ahead of time.
pub const MARK: &str = "data-prerendered";

/// Set on that root when its form was submitted (Enter in the field, or Acquire) before the app
/// took over, so that the app goes on with the same Acquire.
const SUBMITTED: &str = "data-submitted";

/// Set on that root to the channel its link switched to before the app took over, in place of
/// the link's own page load, which would drop the region the address named.
const CHANNEL: &str = "data-channel";

/// The page's link to the other channel.
const CHANNEL_LINK: &str = "a[href^='?channel=']";

/// What a person does on the page that starts the app.
const TOUCHES: [&str; 4] = ["click", "keydown", "input", "change"];

/// Runs `start` (the app's mount) now, or, on a plain first visit whose step 1 arrived with the
/// page and is untouched, at the person's first touch of the page.
pub fn start_when_touched(start: impl FnOnce() + 'static) {
    let arrived = Prerendered::find();
    let document = web_sys::window().and_then(|window| window.document());
    // The module runs, so the page's note for browsers where it cannot is not needed.
    if let Some(note) = document
        .as_ref()
        .and_then(|document| document.query_selector(".ezr-without-module").ok()?)
    {
        note.remove();
    }
    if let Some(page) = &arrived {
        page.record_intents();
    }
    let untouched = arrived.is_some_and(|page| !page.touched()) && browser::plain_visit();
    let Some(document) = document.filter(|_| untouched) else {
        start();
        return;
    };
    browser::show_scheme();
    let start = std::cell::Cell::new(Some(start));
    // Handed to the page, which keeps it: after the first touch it does nothing.
    let touched = Closure::<dyn Fn()>::new(move || {
        if let Some(start) = start.take() {
            start();
        }
    })
    .into_js_value();
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    options.set_once(true);
    for kind in TOUCHES {
        let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
            kind,
            touched.unchecked_ref(),
            &options,
        );
    }
}

/// The step 1 the page arrived with, until the app replaces it.
pub struct Prerendered(Element);

impl Prerendered {
    /// The page's step 1, if it has one: the app's root present before the app mounted.
    pub fn find() -> Option<Prerendered> {
        let document = web_sys::window()?.document()?;
        document
            .query_selector(&format!("main[{MARK}]"))
            .ok()
            .flatten()
            .map(Prerendered)
    }

    fn document_element(&self) -> Element {
        self.0
            .owner_document()
            .and_then(|document| document.document_element())
            .unwrap_or_else(|| self.0.clone())
    }

    /// Marks this step 1 when its form is submitted or its link switches the channel, for
    /// [`Prerendered::choices`]. The page keeps both listeners until it goes.
    fn record_intents(&self) {
        let root = self.0.clone();
        let submitted = Closure::<dyn Fn()>::new(move || {
            let _ = root.set_attribute(SUBMITTED, "");
        })
        .into_js_value();
        let _ = self
            .0
            .add_event_listener_with_callback("submit", submitted.unchecked_ref());
        let root = self.0.clone();
        let switched = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            let channel = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok())
                .and_then(|target| target.closest(CHANNEL_LINK).ok()?)
                .and_then(|link| link.get_attribute("href"))
                .and_then(|href| Some(href.strip_prefix("?channel=")?.to_owned()));
            if let Some(channel) = channel {
                event.prevent_default();
                let _ = root.set_attribute(CHANNEL, &channel);
            }
        })
        .into_js_value();
        let _ = self
            .0
            .add_event_listener_with_callback("click", switched.unchecked_ref());
    }

    /// Whether the person has done anything here yet: picked, typed, submitted or put focus in.
    fn touched(&self) -> bool {
        let focused = web_sys::window()
            .and_then(|window| window.document()?.active_element())
            .is_some_and(|active| self.0.contains(Some(&active)));
        focused || self.language().is_some() || !self.choices().is_empty()
    }

    fn input(&self, selector: &str) -> Option<HtmlInputElement> {
        self.0.query_selector(selector).ok()??.dyn_into().ok()
    }

    /// The language the person picked here, if they changed it.
    pub fn language(&self) -> Option<Locale> {
        let select: HtmlSelectElement = self
            .0
            .query_selector(".ezr-language__select")
            .ok()??
            .dyn_into()
            .ok()?;
        let as_sent = select
            .query_selector("option[selected]")
            .ok()
            .flatten()
            .and_then(|option| option.get_attribute("value"));
        let picked = select.value();
        (as_sent.as_deref() != Some(picked.as_str()))
            .then(|| Locale::from_tag(&picked))
            .flatten()
    }

    /// What the person did here, as the events the app would have had: the region picked, if
    /// they changed it, the address typed, the channel switched to, and Acquire if they
    /// submitted. Sent to a wizard past step 1, they change nothing.
    pub fn choices(&self) -> Vec<Event> {
        let region = self
            .input("input[name=ezr-region]:checked")
            .filter(|radio| !radio.default_checked())
            .and_then(|radio| RegionChoice::from_slug(&radio.value()))
            .map(Event::ChooseRegion);
        let email = self
            .input("#ezr-account")
            .map(|input| input.value())
            .filter(|typed| !typed.is_empty())
            .map(Event::EditEmail);
        let channel = self
            .0
            .get_attribute(CHANNEL)
            .and_then(|name| Channel::from_name(&name))
            .map(Event::ChooseChannel);
        let acquire = self.0.has_attribute(SUBMITTED).then_some(Event::Acquire);
        region
            .into_iter()
            .chain(email)
            .chain(channel)
            .chain(acquire)
            .collect()
    }

    /// Removes this step 1 in favour of the app's root now drawn after it: the field
    /// in focus keeps it, with its caret where the field's kind lets a script read it (an
    /// email field does not: setting its value leaves the caret at the end, where typing
    /// was), and folded help that was opened stays open.
    pub fn replace(self) {
        let Some(live) =
            every(&self.document_element(), "main.ezr-app").find(|main| *main != self.0)
        else {
            return;
        };
        let live = &live;
        let focused = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.active_element())
            .filter(|active| self.0.contains(Some(active)));
        let locator = focused.as_ref().and_then(locator);
        let caret = focused
            .and_then(|active| active.dyn_into::<HtmlInputElement>().ok())
            .and_then(|input| Some((input.selection_start().ok()??, input.selection_end().ok()??)));
        let opened: Vec<bool> = every(&self.0, "details")
            .map(|details| details.has_attribute("open"))
            .collect();
        for (details, open) in every(live, "details").zip(opened) {
            if open {
                let _ = details.set_attribute("open", "");
            }
        }
        self.0.remove();
        let Some(target) = locator.and_then(|locator| live.query_selector(&locator).ok()?) else {
            return;
        };
        if let Some(target) = target.dyn_ref::<web_sys::HtmlElement>() {
            let _ = target.focus();
        }
        if let (Some(input), Some((start, end))) = (target.dyn_ref::<HtmlInputElement>(), caret) {
            let _ = input.set_selection_range(start, end);
        }
    }
}

/// A selector that finds the same control in another rendering of the page.
fn locator(element: &Element) -> Option<String> {
    let id = element.id();
    if !id.is_empty() {
        return Some(format!("#{id}"));
    }
    if let Some(name) = element.get_attribute("name") {
        let value = element.get_attribute("value").unwrap_or_default();
        return Some(format!("[name=\"{name}\"][value=\"{value}\"]"));
    }
    let class = element.get_attribute("class")?;
    Some(format!(".{}", class.split_whitespace().next()?))
}

/// The elements under `root` that `selector` finds, in document order.
fn every(root: &Element, selector: &str) -> impl Iterator<Item = Element> {
    let found = root.query_selector_all(selector).ok();
    let count = found.as_ref().map_or(0, web_sys::NodeList::length);
    (0..count).filter_map(move |index| found.as_ref()?.item(index)?.dyn_into().ok())
}
