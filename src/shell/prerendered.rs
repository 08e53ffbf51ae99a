//! Step 1 as the page arrived with it (`crate::prerender`, written into the page at build
//! time), which a person may read and type into before the module runs. The app takes its
//! place once it can draw the same step: what was typed and picked goes into the wizard as the
//! events the app would have had, and focus and caret go to the same control of the app's
//! page, in one task, so nothing is lost and nothing moves on screen.

use crate::core::{Event, RegionChoice};
use contract::Locale;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

/// The attribute that marks the root of the step 1 rendered ahead of time.
pub const MARK: &str = "data-prerendered";

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
    /// they changed it, and the address typed. Sent to a wizard past step 1, they change nothing.
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
        region.into_iter().chain(email).collect()
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
