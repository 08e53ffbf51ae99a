//! The pages with step 1 rendered ahead: what `crates/prerender` writes beside Trunk's page.
#![cfg(not(target_arch = "wasm32"))]

use contract::{Locale, Region};
use ezcloud_reset::i18n::{self, Catalog, Text};
use ezcloud_reset::prerender::{NotTheTemplate, loading_after_first_paint, page, step_one};

/// Trunk's page, as Trunk writes it.
const TEMPLATE: &str = "<!doctype html>\n<html lang=\"en\">\n<head><title>Forgot Password · EZCloud</title>\
<link rel=\"preload\" href=\"lang/en.txt\" as=\"fetch\" crossorigin=\"anonymous\" />\
<link rel=\"modulepreload\" href=\"./app-0123456789abcdef.js\">\
<link rel=\"preload\" href=\"./app-0123456789abcdef_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\">\
<script type=\"module\">\nimport init, * as bindings from './app-0123456789abcdef.js';\n\
const wasm = await init({ module_or_path: './app-0123456789abcdef_bg.wasm' });\n</script></head>\n<body></body>\n</html>\n";

fn catalog(locale: Locale) -> &'static Catalog {
    let path = format!(
        "{}/src/i18n/lang/{}.txt",
        env!("CARGO_MANIFEST_DIR"),
        locale.tag()
    );
    let source =
        std::fs::read_to_string(&path).unwrap_or_else(|error| unreachable!("{path}: {error}"));
    i18n::parse(locale, source).unwrap_or_else(|error| unreachable!("{path}: {error}"))
}

/// Trunk's page as `crates/prerender` rewrites it, the template of every page.
fn template() -> String {
    loading_after_first_paint(TEMPLATE).unwrap_or_else(|error| unreachable!("{error}"))
}

#[test]
fn every_language_gets_its_page_with_lang_dir_title_and_words() {
    let template = template();
    for &locale in Locale::ALL {
        let words = catalog(locale);
        let written = page(&template, words, Some(Region::Europe))
            .unwrap_or_else(|error| unreachable!("{error}"));
        let dir = if locale.is_rtl() { "rtl" } else { "ltr" };
        assert!(
            written.contains(&format!("<html lang=\"{}\" dir=\"{dir}\">", locale.tag())),
            "{locale:?}"
        );
        let title = words.text(Text::DocumentTitle).replace('&', "&amp;");
        assert!(
            written.contains(&format!("<title>{title}</title>")),
            "{locale:?}"
        );
        assert_eq!(written.matches("<main ").count(), 1, "{locale:?}");
        for text in [
            Text::AppTitle,
            Text::RegionLabel,
            Text::EmailLabel,
            Text::UsePhone,
            Text::Acquire,
            Text::HelpTitle,
            Text::NeedsScript,
        ] {
            let said = words
                .text(text)
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            assert!(written.contains(&said), "{locale:?} {text:?}: {said}");
        }
    }
}

#[test]
fn step_one_marks_its_root_and_picks_only_the_region_asked_for() {
    let words = catalog(Locale::En);
    let europe = step_one(words, Some(Region::Europe));
    assert!(europe.starts_with("<main data-prerendered "));
    assert!(europe.contains("value=\"europe\" checked"));
    assert_eq!(europe.matches(" checked").count(), 1);
    assert!(europe.contains("href=\"https://eu.ezcloud.uniview.com/login\" target=\"_top\" class=\"ezr-link\">Already have an account? Login"));
    // No region asked: "I'm not sure", which the app replaces with its own guess, and no login
    // link in the form; the note for a browser without the module links every region's.
    let unknown = step_one(words, None);
    assert!(unknown.contains("value=\"not-sure\" checked"));
    assert!(!unknown.contains("Already have an account? Login"));
    for region in Region::ALL {
        assert!(
            unknown.contains(&format!("href=\"{}\"", region.login_url())),
            "{region:?}"
        );
    }
    // The language picker names the page's language as the one picked.
    assert!(step_one(catalog(Locale::Ar), None).contains("value=\"ar\" lang=\"ar\" selected"));
}

#[test]
fn a_page_that_is_not_trunks_is_refused_by_what_it_lacks() {
    let words = catalog(Locale::De);
    assert_eq!(
        page("<html lang=\"en\"><body></body></html>", words, None),
        Err(NotTheTemplate("<title>"))
    );
    assert_eq!(
        page("<html><title></title><body></body></html>", words, None),
        Err(NotTheTemplate("<html lang=\"en\">"))
    );
    let no_body = TEMPLATE.replace("<body></body>", "");
    assert_eq!(page(&no_body, words, None), Err(NotTheTemplate("<body>")));
}

#[test]
fn the_page_fetches_nothing_but_its_stylesheet_before_the_first_paint_and_says_so_once() {
    let written = template();
    // Trunk's preloads and its script are gone: nothing the page names fetches the module, its
    // settings or its words before the script runs.
    assert!(!written.contains("<link rel=\"preload\""), "{written}");
    assert!(!written.contains("modulepreload"), "{written}");
    assert!(!written.contains("import init"), "{written}");
    let position = |what: &str| {
        written
            .find(what)
            .unwrap_or_else(|| unreachable!("no {what}: {written}"))
    };
    let wait = position("observe({ type: \"paint\", buffered: true })");
    let preloads = position("rel: \"preload\"");
    let wasm = position("fetch(\"./app-0123456789abcdef_bg.wasm\")");
    let module = position("import(\"./app-0123456789abcdef.js\")");
    assert!(
        wait < preloads && preloads < wasm && wasm < module,
        "{written}"
    );
    assert_eq!(written.matches("<script").count(), 1, "{written}");
    // Done twice, it changes nothing.
    assert_eq!(loading_after_first_paint(&written), Ok(written.clone()));
    assert_eq!(
        loading_after_first_paint("<html><body></body></html>"),
        Err(NotTheTemplate("start-up script"))
    );
}
