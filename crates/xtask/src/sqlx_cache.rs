//! The query cache that lets the backend's `sqlx::query!` macros check every statement
//! against the schema at build time with no database at hand: `crates/reference-backend/.sqlx`,
//! committed, one file per statement. It is written from the migrations by building the
//! backend against a fresh database made from them; `cargo xtask test` writes it again and
//! fails when the committed one differs.

use crate::run::{Step, root};
use anyhow::{Context, bail};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Where the backend's macros read the cache.
fn committed() -> PathBuf {
    root().join("crates/reference-backend/.sqlx")
}

/// Replaces the committed cache with what the migrations and the statements make now.
pub fn write() -> anyhow::Result<()> {
    let fresh = Scratch::new("write")?;
    generate(&fresh.0)?;
    let target = committed();
    if target.exists() {
        fs::remove_dir_all(&target).with_context(|| format!("removing {}", target.display()))?;
    }
    fs::create_dir_all(&target)?;
    for (name, text) in read_cache(&fresh.0)? {
        fs::write(target.join(name), text)?;
    }
    println!("xtask: wrote {}", target.display());
    Ok(())
}

/// Fails unless the committed cache is what the migrations and the statements make now.
pub fn check() -> anyhow::Result<()> {
    let fresh = Scratch::new("check")?;
    generate(&fresh.0)?;
    let (made, kept) = (read_cache(&fresh.0)?, read_cache(&committed())?);
    // Each name once: a file in both that differs would otherwise count twice.
    let stale: Vec<&String> = made
        .keys()
        .chain(kept.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|name| made.get(*name) != kept.get(*name))
        .collect();
    if !stale.is_empty() {
        bail!(
            "crates/reference-backend/.sqlx is not what the statements and migrations make \
             (differing: {}, such as {}): run `cargo xtask sqlx-cache` and commit it",
            stale.len(),
            stale[0]
        );
    }
    println!("xtask: the query cache holds the {} statements", made.len());
    Ok(())
}

/// Builds the backend against a database made from its migrations, its macros writing what
/// they learn of each statement into `into`.
fn generate(into: &Path) -> anyhow::Result<()> {
    let database = into.join("schema.db");
    let options = SqliteConnectOptions::new()
        .filename(&database)
        .create_if_missing(true);
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let pool = SqlitePoolOptions::new().connect_with(options).await?;
            sqlx::migrate!("../reference-backend/migrations")
                .run(&pool)
                .await?;
            pool.close().await;
            anyhow::Ok(())
        })
        .context("making a database from the migrations")?;
    // The macros run only when the crate compiles: a newer source file makes it compile.
    fs::File::options()
        .append(true)
        .open(root().join("crates/reference-backend/src/lib.rs"))?
        .set_modified(std::time::SystemTime::now())?;
    Step::new(
        "the backend's statements against the migrations (sqlx)",
        "cargo",
    )
    .args(["build", "--quiet", "-p", "reference-backend", "--lib"])
    .env("DATABASE_URL", format!("sqlite://{}", database.display()))
    .env("SQLX_OFFLINE", "false")
    .env("SQLX_OFFLINE_DIR", into)
    .run()?;
    fs::remove_file(&database)?;
    Ok(())
}

/// The cache's files by name.
fn read_cache(dir: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned());
            files.insert(name.unwrap_or_default(), fs::read_to_string(&path)?);
        }
    }
    Ok(files)
}

/// A folder of its own under `target/`, removed when done.
struct Scratch(PathBuf);

impl Scratch {
    fn new(purpose: &str) -> anyhow::Result<Scratch> {
        let dir = root().join(format!("target/sqlx-cache-{purpose}"));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
