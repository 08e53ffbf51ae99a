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
#[derive(Debug, Clone, Copy, thiserror::Error, PartialEq, Eq)]
#[error("the page has no {0}: is it Trunk's index.html?")]
pub struct NotTheTemplate(pub &'static str);

/// The page written by [`loading_after_first_paint`] (`template`) with step 1 in it, in
/// `catalog`'s language with `region` picked: `lang` and `dir`, and the title.
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
    replace(
        page,
        "<body>",
        &format!("<body>{}", step_one(catalog, region)),
        "<body>",
    )
}

/// How Trunk's start-up script names the module's JavaScript, and its wasm.
const TRUNK_IMPORT: &str = "import init, * as bindings from '";
const TRUNK_WASM: &str = "module_or_path: '";

/// The start-up script of every page, for the module's JavaScript (`{js}`) and wasm (`{wasm}`).
///
/// A page with step 1 needs nothing from the module until the person's first touch
/// (`shell::start_when_touched`), so it fetches nothing but its stylesheet before the browser
/// reports its first paint (a second at most where it never does). Lighthouse's model of a
/// phone network counts every download that ended before the observed paint into the largest
/// paint: with the module's JavaScript, `config.json` and the language file preloaded by the
/// page it read 1.08 to 1.36 s, 0.9 s without. Once painted, the script preloads those two
/// for the app (the language is the page's) and fetches the wasm beside the JavaScript. The
/// same script in every page, so that the policy's one hash (`serving::Policy`) allows each.
const START_UP: &str = r#"<script type="module">
if (document.querySelector("main[data-prerendered]")) await new Promise((painted) => { setTimeout(painted, 1000); try { new PerformanceObserver(painted).observe({ type: "paint", buffered: true }); } catch { painted(); } });
for (const href of ["config.json", `lang/${document.documentElement.lang}.txt`]) document.head.append(Object.assign(document.createElement("link"), { rel: "preload", as: "fetch", crossOrigin: "anonymous", href }));
const module_or_path = fetch("./{wasm}");
const bindings = await import("./{js}");
const wasm = await bindings.default({ module_or_path });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
</script>"#;

/// What only [`START_UP`] says.
const START_UP_MARK: &str = "const bindings = await import(";

/// Trunk's page with [`START_UP`] in place of Trunk's own start-up script and with no
/// `<link rel="preload">` or `rel="modulepreload"` left: those would fetch before the first
/// paint. Done to a page that has it already, it changes nothing.
pub fn loading_after_first_paint(template: &str) -> Result<String, NotTheTemplate> {
    if template.contains(START_UP_MARK) {
        return Ok(template.to_owned());
    }
    let not_trunks = NotTheTemplate("start-up script");
    let opening = "<script type=\"module\">";
    let script = template
        .match_indices(opening)
        .find_map(|(start, _)| {
            let end = start + template[start..].find("</script>")? + "</script>".len();
            template[start..end]
                .contains(TRUNK_IMPORT)
                .then_some(start..end)
        })
        .ok_or(not_trunks)?;
    let quoted = |after: &str| -> Option<&str> {
        let text = &template[script.clone()];
        let from = text.find(after)? + after.len();
        let name = &text[from..from + text[from..].find('\'')?];
        Some(name.trim_start_matches("./"))
    };
    let (js, wasm) = quoted(TRUNK_IMPORT)
        .zip(quoted(TRUNK_WASM))
        .ok_or(not_trunks)?;
    let start_up = START_UP.replace("{js}", js).replace("{wasm}", wasm);
    let mut page = format!(
        "{}{start_up}{}",
        &template[..script.start],
        &template[script.end..]
    );
    while let Some(link) = page.match_indices("<link ").find_map(|(start, _)| {
        let end = start + page[start..].find('>')? + 1;
        let tag = &page[start..end];
        (tag.contains("rel=\"preload\"") || tag.contains("rel=\"modulepreload\""))
            .then_some(start..end)
    }) {
        page.replace_range(link, "");
    }
    Ok(page)
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
