//! `ezcloud-prerender DIST`: writes beside Trunk's `DIST/index.html` one page for each language
//! and region (`serving::pages`), step 1 rendered into it by the app's own views from the
//! language files in `DIST/lang/`. `cargo xtask` runs it after every release build.

use anyhow::Context;
use ezcloud_reset::{i18n, prerender};
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let dist = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .context("usage: ezcloud-prerender DIST")?;
    let template_path = dist.join(serving::pages::PLAIN_PAGE);
    let template = std::fs::read_to_string(&template_path)
        .with_context(|| format!("reading {}", template_path.display()))?;
    // Trunk's own page too, so that every page's start-up script is the same.
    let template = prerender::loading_after_first_paint(&template)?;
    std::fs::write(&template_path, &template)
        .with_context(|| format!("writing {}", template_path.display()))?;
    let mut written = 0;
    for (locale, region, name) in serving::pages::every_page() {
        let source_path = dist.join(format!("lang/{}.txt", locale.tag()));
        let source = std::fs::read_to_string(&source_path)
            .with_context(|| format!("reading {}", source_path.display()))?;
        let catalog = i18n::parse(locale, source)
            .map_err(|error| anyhow::anyhow!("{}: {error}", source_path.display()))?;
        let page = prerender::page(&template, catalog, region)?;
        std::fs::write(dist.join(&name), page).with_context(|| format!("writing {name}"))?;
        written += 1;
    }
    println!("step 1 written into {written} pages in {}", dist.display());
    Ok(())
}
