//! Step 1 as HTML, rendered natively by the app's own views into each language's page, so
//! that a visitor reads and types before the module has arrived (`crates/prerender` writes
//! the pages at build time; [`crate::shell::Prerendered`] hands over to the app).

use crate::core::{Progress, RegionChoice};
use crate::i18n::{Catalog, Text, region_name, t};
use crate::shell::Wizard;
use crate::views::Page;
use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use contract::{Channel, Region};
use leptos::prelude::*;

/// Why Trunk's page cannot take step 1.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the page has no {0}: is it Trunk's index.html?")]
pub struct NotTheTemplate(pub &'static str);

/// Trunk's page (`template`) with step 1 in it, in `catalog`'s language with `region` picked:
/// `lang` and `dir`, the title, the language file preloaded in place of English's.
pub fn page(
    template: &str,
    catalog: &'static Catalog,
    region: Option<Region>,
) -> Result<String, NotTheTemplate> {
    let locale = catalog.locale;
    let dir = if locale.is_rtl() { "rtl" } else { "ltr" };
    let replace = |page: String, from: &str, to: &str, what: &'static str| {
        page.contains(from)
            .then(|| page.replacen(from, to, 1))
            .ok_or(NotTheTemplate(what))
    };
    let page = replace(
        template.to_owned(),
        "<html lang=\"en\">",
        &format!("<html lang=\"{}\" dir=\"{dir}\">", locale.tag()),
        "<html lang=\"en\">",
    )?;
    let title = page
        .find("<title>")
        .zip(page.find("</title>"))
        .ok_or(NotTheTemplate("<title>"))?;
    let page = format!(
        "{}<title>{}{}",
        &page[..title.0],
        escape(catalog.text(Text::DocumentTitle)),
        &page[title.1..]
    );
    let page = replace(
        page,
        "href=\"lang/en.txt\"",
        &format!("href=\"lang/{}.txt\"", locale.tag()),
        "preload of lang/en.txt",
    )?;
    let page = without_module_preload(page).ok_or(NotTheTemplate("preload of the module"))?;
    replace(
        page,
        "<body>",
        &format!("<body>{}", step_one(catalog, region)),
        "<body>",
    )
}

/// What Trunk's start-up script waits for before it fetches the module's wasm.
/// The browser reports its first paint once it is on screen (a frame callback came too early:
/// 2 loads of 4 still fetched the wasm before it); a second at most, where it never reports.
const AFTER_FIRST_PAINT: &str = "await new Promise((painted) => { setTimeout(painted, 1000); \
try { new PerformanceObserver(painted).observe({ type: \"paint\", buffered: true }); } catch { painted(); } });\n";

/// Trunk's start-up script, as `template` has it.
const TRUNK_INIT: &str = "const wasm = await init(";

/// Trunk's page with its start-up script fetching the module's wasm only after the first paint:
/// the page's own step 1 needs nothing from it until the first touch, and a download that
/// ended before the first paint was counted into the largest paint by Lighthouse's model of a
/// phone network (2.2 s in those loads, against 1.1 s after the paint). Every page gets
/// the same script, so the one hash in the policy (`serving::Policy`) allows each; a page that
/// already waits is left as it is.
pub fn loader_after_first_paint(template: &str) -> Result<String, NotTheTemplate> {
    if template.contains(AFTER_FIRST_PAINT) {
        return Ok(template.to_owned());
    }
    template
        .contains(TRUNK_INIT)
        .then(|| template.replacen(TRUNK_INIT, &format!("{AFTER_FIRST_PAINT}{TRUNK_INIT}"), 1))
        .ok_or(NotTheTemplate("start-up script"))
}

/// `page` without Trunk's preload of the module's wasm. A page with step 1 needs the module only
/// at the person's first touch (`shell::start_when_touched`), and its loader still fetches it
/// as soon as the page is parsed; a preload put that download ahead of the first paint, where
/// Lighthouse's model of a phone network counted it into the largest paint (1.95 s with it,
/// 1.16 s without).
fn without_module_preload(page: String) -> Option<String> {
    let link = page.match_indices("<link ").find_map(|(start, _)| {
        let end = start + page[start..].find('>')? + 1;
        let tag = &page[start..end];
        (tag.contains("rel=\"preload\"") && tag.contains("_bg.wasm\"")).then_some(start..end)
    })?;
    let mut page = page;
    page.replace_range(link, "");
    Some(page)
}

/// Step 1 of a fresh wizard in `catalog`'s language, `region` picked (none: "I'm not sure",
/// which the app replaces with its own guess), as the app draws it before any input; and,
/// last, what to do where the module cannot run, which the stylesheet shows only if the app
/// has not replaced the page after a few seconds.
pub fn step_one(catalog: &'static Catalog, region: Option<Region>) -> String {
    // Effects (focus, storage) have nothing to do on a page that is only read: their futures
    // are dropped unrun.
    let _ = Executor::init_custom_executor(NeverRuns);
    // Read once, the page is not reactive: no warnings about reads that track nothing.
    let _quiet = leptos::reactive::diagnostics::SpecialNonReactiveZone::enter();
    let owner = Owner::new();
    let page = owner.with(|| {
        let region = region.map_or(RegionChoice::NotSure, RegionChoice::Picked);
        let progress = Progress::fresh(catalog.locale, region, Channel::Email, "");
        provide_context(Wizard::still(progress, catalog));
        view! { <Page embedded=false /> }.to_html()
    });
    let without_module = owner.with(|| view! { <WithoutModule /> }.to_html());
    // Marked, so that the app finds what it replaces.
    let page = page.replacen(
        "<main ",
        &format!("<main {} ", crate::shell::prerendered::MARK),
        1,
    );
    match page.rfind("</main>") {
        Some(end) => format!("{}{without_module}{}", &page[..end], &page[end..]),
        None => page,
    }
}

/// Says the page needs JavaScript, and links to each region's login; the help above it stays
/// readable, its `<details>` opening without a script.
#[component]
fn WithoutModule() -> impl IntoView {
    let logins = Region::ALL.map(|region| {
        view! { <li><a class="ezr-link" href=region.login_url() target="_top">{region_name(region)}</a></li> }
    });
    view! {
        <div class="ezr-without-module" role="note">
            <p>{t(Text::NeedsScript)}</p>
            <p>{t(Text::GoToLogin)}</p>
            <ul class="ezr-without-module__logins">{logins.collect_view()}</ul>
        </div>
    }
}

/// Text made safe inside an HTML element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An executor that runs nothing.
struct NeverRuns;

impl CustomExecutor for NeverRuns {
    fn spawn(&self, _: PinnedFuture<()>) {}
    fn spawn_local(&self, _: PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}
