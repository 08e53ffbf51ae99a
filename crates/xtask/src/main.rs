//! `cargo xtask`: set-up and orchestration, so that two commands do everything.
//!
//! - `cargo xtask dev`: builds the app and runs it on the reference backend in development mode.
//! - `cargo xtask test`: every check and every test suite, failing on the first failure.
//! - `cargo xtask contract --base-url URL --region REGION [--origin ORIGIN]`: the contract
//!   suite against any backend, its CORS answers to ORIGIN included.
//! - `cargo xtask dist --out DIR --api REGION=URL…`: a static bundle for any web server or CDN,
//!   with a complete nginx configuration and the table of headers to send.
//! - `cargo xtask size`: the release build's weight, raw and brotli.
//! - `cargo xtask bench [--runs N]`: against the release build, the first load's bytes on the
//!   wire for a first and a repeat visit; N cold loads of the app and of a static copy of its
//!   step 1 (median, p95, ratio); keystroke-to-paint p95 and the slowest handler, beside the
//!   static copy's keystroke-to-paint; memory after a whole reset; ready time and
//!   keystroke-to-paint in Chromium, Firefox and WebKit over WebDriver.
//! - `cargo xtask soak --minutes N`: a bounded soak of the release server on loopback, killed
//!   and restarted at random moments, with its figures and invariants.
//! - `cargo xtask schemathesis [--examples N]`: Schemathesis with every check against the
//!   reference backend with its limits lifted, in each region.
//! - `cargo xtask sqlx-cache [--check]`: writes (or checks) the backend's query cache
//!   (`crates/reference-backend/.sqlx`) from its migrations.
//! - `cargo xtask setup`: only the set-up, which the others run first.

mod bench_figures;
mod display;
mod dist;
mod phone_table;
mod run;
mod schemathesis;
mod setup;
mod sqlx_cache;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use run::{Step, root};
use std::process::ExitCode;

const WASM: &str = "wasm32-unknown-unknown";

/// Set-up and orchestration: two commands do everything.
#[derive(Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Builds the app and runs it on the reference backend in development mode.
    Dev,
    /// Every check and every test suite, failing on the first failure.
    Test,
    /// Only the set-up, which the others run first.
    Setup,
    /// Writes the backend's query cache (`crates/reference-backend/.sqlx`) from its
    /// migrations, after a statement or a migration changed.
    SqlxCache {
        /// Only checks that the committed cache is what it would write.
        #[arg(long)]
        check: bool,
    },
    /// The contract suite against any backend.
    Contract {
        /// The backend's base URL, such as https://eu.ezcloud.uniview.com.
        #[arg(long)]
        base_url: String,
        /// The region it serves.
        #[arg(long)]
        region: contract::Region,
        /// An origin the app is served from: the suite then checks the backend's CORS answers
        /// to it.
        #[arg(long)]
        origin: Option<contract::Origin>,
    },
    /// The release build's first load, raw and brotli.
    Size,
    /// A bounded soak of the release server on loopback, killed and restarted at random.
    Soak {
        /// The soak's own options (--minutes N, --concurrency C).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// The release build as a browser receives it, and the backend's rates.
    Bench {
        /// Cold loads of the app and of the static copy.
        #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
    },
    /// A self-contained bundle for any static host, with its nginx configuration.
    Dist(dist::Args),
    /// Writes the phone table from libphonenumber's metadata.
    PhoneTable,
    /// Schemathesis with every check against the reference backend, its limits lifted.
    Schemathesis {
        /// Examples per operation and phase.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
        examples: u32,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // --help and --version.
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            // One line naming the bad value; `--help` has the rest.
            let rendered = error.to_string();
            eprintln!("{}", rendered.lines().next().unwrap_or("error"));
            return ExitCode::from(2);
        }
    };
    let result = match cli.task {
        Task::Setup => setup::ensure_all().map(|_| ()),
        Task::SqlxCache { check: true } => sqlx_cache::check(),
        Task::SqlxCache { check: false } => sqlx_cache::write(),
        Task::Dev => dev(),
        Task::Test => test(),
        Task::Contract {
            base_url,
            region,
            origin,
        } => contract(&base_url, region, origin.as_ref()),
        Task::Size => size(),
        Task::Soak { args } => soak(&args),
        Task::Bench { runs } => bench(runs),
        Task::Dist(args) => match dist::Bundle::check(args) {
            Ok(bundle) => bundle.write(),
            Err(refused) => {
                eprintln!("error: {refused}");
                return ExitCode::from(2);
            }
        },
        Task::PhoneTable => phone_table::write(&root()),
        Task::Schemathesis { examples } => schemathesis::run(examples),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the app for release, with the wasm-opt that produces working output, renders step 1
/// into a page for each language and region, and writes a brotli and a gzip copy beside each
/// file for the server to send as the browser accepts.
pub fn build_app(tools: &setup::Tools) -> anyhow::Result<()> {
    Step::new("trunk build --release", "trunk")
        .args(["build", "--release"])
        .path_first(&tools.node_bin)
        .run()?;
    Step::new(
        "step 1 rendered into each language's page (ezcloud-prerender)",
        "cargo",
    )
    .args(["run", "--quiet", "-p", "prerender", "--", "dist"])
    .dir(root())
    .run()?;
    for path in app_files()? {
        run::precompress(&path)?;
    }
    Ok(())
}

/// The files of the release build, without their compressed copies.
fn app_files() -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut files = files_in(&root().join("dist"))?;
    files.extend(language_files()?);
    files.sort();
    Ok(files)
}

/// The files directly in `dir`, compressed copies left out.
fn files_in(dir: &std::path::Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    Ok(std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && !run::is_compressed_copy(path))
        .collect())
}

/// One file a language, fetched when the page is shown in it.
fn language_files() -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut files = files_in(&root().join("dist/lang"))?;
    files.sort();
    Ok(files)
}

/// The script a host page includes to embed the app.
const EMBED_SCRIPT: &str = "embed.js";

/// The language a visitor with no preference sees, part of every first load.
const DEFAULT_LANGUAGE: &str = "en.txt";

fn dev() -> anyhow::Result<()> {
    let tools = setup::ensure_all()?;
    build_app(&tools)?;
    Step::new("build the reference backend", "cargo")
        .args(["build", "--release", "-p", "reference-backend"])
        .run()?;
    let binary = root().join("target/release/ezcloud-reference");
    println!(
        "\nOpen http://127.0.0.1:8080/ for the app, http://localhost:8081/ for it embedded in a \
         support page — stop with Ctrl-C.\n"
    );
    Step::new("ezcloud-reference --dev", binary)
        .args(["--dev", "--dist", "dist", "--listen", "127.0.0.1:8080"])
        .args(["--demo-host-page", "127.0.0.1:8081"])
        .args(["--embed-origin", "http://localhost:8081"])
        .run()
}

fn test() -> anyhow::Result<()> {
    let tools = setup::ensure_all()?;
    Step::new("rustfmt", "cargo")
        .args(["fmt", "--all", "--", "--check"])
        .run()?;
    sqlx_cache::check()?;
    Step::new("clippy, native", "cargo")
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .run()?;
    Step::new("clippy, wasm32: the app", "cargo")
        .args([
            "clippy",
            "-p",
            "ezcloud-reset",
            "--target",
            WASM,
            "--all-targets",
        ])
        .args(["--", "-D", "warnings"])
        .run()?;
    // The contract's own tests use proptest, which does not build for wasm32; its library must.
    Step::new("clippy, wasm32: the contract", "cargo")
        .args(["clippy", "-p", "contract", "--target", WASM, "--lib"])
        .args(["--", "-D", "warnings"])
        .run()?;
    Step::new("native tests of every crate", "cargo")
        .args(["test", "--workspace"])
        .run()?;
    // WebKitGTK draws on an X display, for the component tests and the journeys alike.
    let display = display::VirtualDisplay::start(&tools.xvfb)?;
    for (engine, variable, driver) in [
        ("Chromium", "CHROMEDRIVER", &tools.chromedriver),
        ("Firefox", "GECKODRIVER", &tools.geckodriver),
        // The runner has no WebKitGTK driver of its own; its safaridriver speaks the same W3C
        // WebDriver to WebKitWebDriver, which starts MiniBrowser with no capabilities asked.
        ("WebKit", "SAFARIDRIVER", &tools.webkit_driver),
    ] {
        let run = || {
            Step::new(
                &format!("component tests in {engine} (wasm-bindgen-test)"),
                "cargo",
            )
            .args([
                "test",
                "-p",
                "ezcloud-reset",
                "--target",
                WASM,
                "--test",
                "components",
            ])
            .env(variable, driver)
            .env("DISPLAY", display.name())
            // The runner's default of 20 s is for the whole suite, which takes 16 s alone on
            // two cores: a busy machine would fail it without any test failing.
            .env("WASM_BINDGEN_TEST_TIMEOUT", "180")
            .run()
        };
        if let Err(failed) = run() {
            if engine != "WebKit" {
                return Err(failed);
            }
            // WebKitGTK's web process on Debian 12 sometimes dies as it starts ("GLib-ERROR:
            // getauxval () failed: Interrupted system call"), before any test runs; a test
            // that really fails fails again.
            println!("==> {failed:#}: once more, in case WebKit's web process died at its start");
            run()?;
        }
    }
    build_app(&tools)?;
    check_budget()?;
    // `cargo test --workspace` built the backend's binary for its own integration tests; the
    // end-to-end tests run that same binary rather than build it again with other features.
    let backend = root().join("target/debug/ezcloud-reference");
    if !backend.exists() {
        bail!("{} is missing after the native tests", backend.display());
    }
    Step::new(
        "end-to-end tests (Playwright, Chromium, release build; served by the reference server, and as a bundle on nginx)",
        "npx",
    )
    .args(["playwright", "test"])
    .dir(root().join("end2end"))
    .env("EZCLOUD_REFERENCE_BIN", &backend)
    .env("EZCLOUD_DIST", root().join("dist"))
    .env("EZCLOUD_XTASK_BIN", std::env::current_exe()?)
    .env("NGINX", &tools.nginx)
    .env("CHROMIUM", &tools.chromium)
    .run()?;
    for engine in ENGINES {
        Step::new(
            &format!("journeys in {engine} (WebDriver, release build)"),
            "npx",
        )
        .args([
            "playwright",
            "test",
            "--config",
            "engines.config.ts",
            "--project",
            engine,
        ])
        .with_engines(&tools, &display, &backend)
        .run()?;
    }
    drop(display);
    println!(
        "\nEvery check passed. Screenshots: target/e2e-screenshots/, each engine's in its own folder"
    );
    Ok(())
}

fn contract(
    base_url: &str,
    region: contract::Region,
    origin: Option<&contract::Origin>,
) -> anyhow::Result<()> {
    let step = Step::new("contract suite", "cargo")
        .args([
            "test",
            "-p",
            "reference-backend",
            "--test",
            "contract_suite",
            "--",
            "--test-threads",
            "1",
        ])
        .env("EZCLOUD_CONTRACT_BASE_URL", base_url)
        .env("EZCLOUD_CONTRACT_REGION", region.slug());
    match origin {
        Some(origin) => step.env("EZCLOUD_CONTRACT_ORIGIN", origin.as_str()),
        None => step,
    }
    .run()
}

/// Builds the reference backend (debug) and returns its binary.
pub fn build_reference_backend() -> anyhow::Result<std::path::PathBuf> {
    Step::new("build the reference backend", "cargo")
        .args([
            "build",
            "-p",
            "reference-backend",
            "--bin",
            "ezcloud-reference",
        ])
        .run()?;
    Ok(root().join("target/debug/ezcloud-reference"))
}

/// Measures the release build as a browser receives it from the server.
fn bench(runs: u32) -> anyhow::Result<()> {
    let tools = setup::ensure_all()?;
    build_app(&tools)?;
    let backend = build_reference_backend()?;
    Step::new(
        "bytes on the wire, cold loads, typing, memory and Lighthouse (Playwright, Chromium)",
        "npx",
    )
    .args(["playwright", "test", "--config", "bench.config.ts"])
    .env("BENCH_RUNS", runs.to_string())
    .dir(root().join("end2end"))
    .env("EZCLOUD_REFERENCE_BIN", &backend)
    .env("EZCLOUD_DIST", root().join("dist"))
    .env("CHROMIUM", &tools.chromium)
    .run()?;
    let display = display::VirtualDisplay::start(&tools.xvfb)?;
    Step::new(
        "ready time and keystroke-to-paint in Chromium, Firefox and WebKit (WebDriver)",
        "npx",
    )
    .args(["playwright", "test", "--config", "engines-bench.config.ts"])
    .env("BENCH_RUNS", runs.to_string())
    .with_engines(&tools, &display, &backend)
    .run()?;
    drop(display);
    let figures = root().join(bench_figures("backend"));
    run_against_release_server(
        "bench",
        "the backend: code requests, verifications, completions against raw argon2id",
        &[std::ffi::OsStr::new("--out"), figures.as_os_str()],
    )?;
    summarise_bench()
}

/// The engines the journeys and the engines' bench run in, by their Playwright project names.
const ENGINES: [&str; 3] = ["chromium", "firefox", "webkit"];

/// The file (from the root) the part of the bench named `part` writes its figures to: the
/// Playwright benches write `load`, `lighthouse`, `wire` and `engines-<engine>`, the backend's
/// bench `backend`.
fn bench_figures(part: &str) -> String {
    format!("target/bench-{part}.json")
}

/// Gathers every figure of the bench into `target/bench.json` and prints the answer in one
/// screen, each figure beside its target.
fn summarise_bench() -> anyhow::Result<()> {
    use bench_figures::{Backend, EngineLoad, Lighthouse, Load, Typing, Wire};
    use serde_json::json;
    let files = first_load()?;
    let weight: u64 = files.iter().map(|(_, _, compressed)| compressed).sum();
    let limit = budget()?.first_load_brotli_bytes;
    let mut all = json!({
        "firstLoad": {
            "brotliBytes": weight,
            "budget": limit,
            "files": files.iter().map(|(name, raw, brotli)| json!({"name": name, "bytes": raw, "brotli": brotli})).collect::<Vec<_>>(),
        }
    });
    let load: Load = read_part(&mut all["load"], "load")?;
    let lighthouse: Lighthouse = read_part(&mut all["lighthouse"], "lighthouse")?;
    let wire: Wire = read_part(&mut all["wire"], "wire")?;
    let backend: Backend = read_part(&mut all["backend"], "backend")?;
    let mut engines = Vec::new();
    for engine in ENGINES {
        let part = format!("engines-{engine}");
        let measured: EngineLoad = read_part(&mut all["engines"][engine], &part)?;
        engines.push((engine, measured));
    }
    std::fs::write(
        root().join("target/bench.json"),
        serde_json::to_string_pretty(&all)?,
    )?;
    println!("\n==> cargo xtask bench (all figures in target/bench.json)");
    println!(
        "first load          {weight} bytes brotli in {} files (target 80,000; budget {limit})",
        files.len(),
    );
    println!(
        "first visit         {} bytes on the wire in {} files",
        wire.first_visit.bytes, wire.first_visit.files
    );
    println!(
        "ready, loopback     app {:.0} ms, static copy {:.0} ms (medians of {}): {:.2}x (target 1.5x)",
        load.ready_ms.app.median,
        load.ready_ms.static_copy.median,
        load.runs,
        load.ready_ms.median_ratio
    );
    let phone = &load.visible_on_phone_network_ms;
    println!(
        "visible, phone      app {:.0} ms, static copy {:.0} ms: {:.2}x (target 1.2x)",
        phone.app.median, phone.static_copy.median, phone.median_ratio
    );
    let phone = &load.ready_on_phone_network_ms;
    println!(
        "interactive, phone  app {:.0} ms, static copy {:.0} ms: {:.2}x",
        phone.app.median, phone.static_copy.median, phone.median_ratio
    );
    let median = &lighthouse.median;
    println!(
        "Lighthouse, mobile  performance {:.0}, FCP {:.0} ms, LCP {:.0} ms, TBT {:.0} ms, CLS {:.3} \
         (median of 3; targets 100, LCP 1200 ms, TBT 50 ms, CLS 0)",
        median.score, median.fcp_ms, median.lcp_ms, median.tbt_ms, median.cls
    );
    let p95 = |typing: &Typing| {
        typing
            .p95
            .map_or("under 16 ms".into(), |ms| format!("{ms:.0} ms"))
    };
    let keys = &load.keystroke_to_paint_ms;
    println!(
        "keystroke to paint p95 {} ({} of {} keys at 16 ms or more, slowest handler {:.1} ms); static copy p95 {} ({} keys); target 16 ms",
        p95(&keys.typing),
        keys.typing.over16,
        keys.typing.keystrokes,
        keys.slowest_handler,
        p95(&keys.static_copy),
        keys.static_copy.over16
    );
    println!(
        "memory after reset  {:.2} MB (target 4 MB)",
        load.memory_after_reset_bytes.total / 1e6
    );
    for (engine, measured) in &engines {
        let typed = match &measured.keystroke_to_paint_ms {
            Some(typing) => format!(
                "p95 {} ({} of {} keys at 16 ms or more)",
                p95(typing),
                typing.over16,
                typing.keystrokes
            ),
            None => format!(
                "not measurable: {} is missing",
                measured.missing.as_deref().unwrap_or("a timing")
            ),
        };
        println!(
            "{engine:<9} (WebDriver) visible {:.0} ms, ready {:.0} ms, static copy {:.0} ms (medians of {}); keystroke to paint {typed}",
            measured.visible_ms.app.median,
            measured.ready_ms.app.median,
            measured.ready_ms.static_copy.median,
            measured.runs,
        );
    }
    for (name, phase) in [
        ("code request", &backend.code_request),
        ("verify", &backend.verify),
        ("complete password", &backend.complete_password),
    ] {
        println!(
            "{name:<19} {:.0}/s at concurrency {}, p95 {:.0} ms, {} unexpected answers of {}",
            phase.per_second,
            phase.concurrency,
            phase.latency_ms_p95,
            phase.unexpected.values().sum::<usize>(),
            phase.requests
        );
    }
    println!(
        "argon2id            raw loop {:.1}/s; completion at {:.0}% of it (target 80%)",
        backend.raw_argon2id_per_second,
        backend.complete_share_of_raw * 100.0
    );
    Ok(())
}

/// The figures of the part of the bench named `part`, put whole into `slot` for
/// `target/bench.json` and read as their type for the summary: a file of another shape is an
/// error naming it.
fn read_part<T: serde::de::DeserializeOwned>(
    slot: &mut serde_json::Value,
    part: &str,
) -> anyhow::Result<T> {
    let path = bench_figures(part);
    let text = std::fs::read_to_string(root().join(&path))
        .with_context(|| format!("{path} was not written"))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{path} does not read"))?;
    let typed =
        T::deserialize(&value).with_context(|| format!("{path} is not the bench's shape"))?;
    *slot = value;
    Ok(typed)
}

/// Builds the release server and runs the load tool `tool` (`crates/loadtest`: the soak or the
/// bench) against it, with `args` after its `--binary`.
fn run_against_release_server(
    tool: &str,
    title: &str,
    args: &[impl AsRef<std::ffi::OsStr>],
) -> anyhow::Result<()> {
    Step::new("build the release server", "cargo")
        .args([
            "build",
            "--release",
            "-p",
            "reference-backend",
            "--bin",
            "ezcloud-reference",
        ])
        .run()?;
    let binary = root().join("target/release/ezcloud-reference");
    Step::new(title, "cargo")
        .args([
            "run",
            "--quiet",
            "--release",
            "-p",
            "loadtest",
            "--bin",
            tool,
            "--",
        ])
        .args([std::ffi::OsStr::new("--binary"), binary.as_os_str()])
        .args(args)
        .run()
}

/// Builds the release server and runs the soak (`crates/loadtest/src/bin/soak.rs`).
fn soak(args: &[String]) -> anyhow::Result<()> {
    run_against_release_server("soak", "soak", args)
}

/// The first load: each file of the release build with its size raw and as the `.br` copy
/// the server sends.
fn first_load() -> anyhow::Result<Vec<(String, u64, u64)>> {
    let mut paths = files_in(&root().join("dist"))?;
    // The host page loads embed.js; the app never does. A visit gets one page: the one with
    // step 1 in English, with no region, for a visitor with no preference.
    paths.retain(|path| !path.ends_with(EMBED_SCRIPT) && !is_page(path));
    paths.push(
        root()
            .join("dist")
            .join(serving::pages::page_name(contract::Locale::En, None)),
    );
    paths.push(root().join("dist/lang").join(DEFAULT_LANGUAGE));
    paths.sort();
    paths.iter().map(|path| weigh(path)).collect()
}

/// Whether `path` is one of the build's pages: Trunk's plain one or one with step 1 in it.
fn is_page(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with("index.") && name.ends_with(".html"))
}

/// A file's name, its size and its brotli copy's size.
fn weigh(path: &std::path::Path) -> anyhow::Result<(String, u64, u64)> {
    let raw = std::fs::metadata(path)?.len();
    let mut compressed_path = path.to_path_buf().into_os_string();
    compressed_path.push(".br");
    let compressed = std::fs::metadata(&compressed_path)
        .with_context(|| format!("{} has no .br copy", path.display()))?
        .len();
    let name = path
        .strip_prefix(root().join("dist"))
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, raw, compressed))
}

/// Prints the first load's weight: each file of the release build, raw and brotli (quality 11).
fn size() -> anyhow::Result<()> {
    let tools = setup::ensure_all()?;
    build_app(&tools)?;
    let files = first_load()?;
    println!("{:<48} {:>10} {:>10}", "file", "bytes", "brotli");
    for (name, raw, compressed) in &files {
        println!("{name:<48} {raw:>10} {compressed:>10}");
    }
    let total = files
        .iter()
        .fold((0, 0), |(raw, br), file| (raw + file.1, br + file.2));
    println!(
        "{:<48} {:>10} {:>10}",
        "first load (all of the above)", total.0, total.1
    );
    let (name, raw, compressed) = weigh(&root().join("dist").join(EMBED_SCRIPT))?;
    println!("\nFor a host page, not the app:\n{name:<48} {raw:>10} {compressed:>10}");
    println!("\nEach language, fetched only when the page is shown in it:");
    for path in language_files()? {
        let (name, raw, compressed) = weigh(&path)?;
        println!("{name:<48} {raw:>10} {compressed:>10}");
    }
    Ok(())
}

/// The byte limits `budget.toml` sets.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Budget {
    /// The first load, brotli: every file fetched before step 1 is usable.
    first_load_brotli_bytes: u64,
    /// The script a host page includes, brotli.
    embed_js_brotli_bytes: u64,
}

fn budget() -> anyhow::Result<Budget> {
    let text =
        std::fs::read_to_string(root().join("budget.toml")).context("reading budget.toml")?;
    toml::from_str(&text).context("budget.toml")
}

/// Fails when the release build's first load, brotli, is over the budget; it can only go down.
fn check_budget() -> anyhow::Result<()> {
    let (_, _, embed) = weigh(&root().join("dist").join(EMBED_SCRIPT))?;
    let budget = budget()?;
    let embed_limit = budget.embed_js_brotli_bytes;
    println!("\n==> embed.js: {embed} bytes brotli, limit {embed_limit} (budget.toml)");
    if embed > embed_limit {
        bail!("embed.js is {embed} bytes brotli, over the budget of {embed_limit} in budget.toml");
    }
    let limit = budget.first_load_brotli_bytes;
    let weight: u64 = first_load()?
        .iter()
        .map(|(_, _, compressed)| compressed)
        .sum();
    println!("\n==> first-load budget: {weight} bytes brotli, limit {limit} (budget.toml)");
    if weight > limit {
        bail!("the first load is {weight} bytes brotli, over the budget of {limit} in budget.toml");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_budget_file_reads_as_its_limits() {
        let budget = super::budget().unwrap_or_else(|error| unreachable!("{error:#}"));
        assert!(budget.embed_js_brotli_bytes > 0);
        assert!(budget.first_load_brotli_bytes > budget.embed_js_brotli_bytes);
    }
}
