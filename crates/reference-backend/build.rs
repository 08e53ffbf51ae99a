//! Embeds every file of `messages/` (one a language, named by its BCP 47 tag), so that adding
//! a language to the backend is adding its file.

use std::fmt::Write;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("messages");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// Every language's messages: its tag and its file.\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for path in files {
        let tag = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default();
        writeln!(
            out,
            "    ({tag:?}, include_str!({:?})),",
            path.display().to_string()
        )?;
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR")?).join("messages.rs");
    std::fs::write(target, out)?;
    Ok(())
}
