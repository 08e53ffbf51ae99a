//! The figures each part of `cargo xtask bench` writes, as types: a part that writes another
//! shape fails the summary with the file and the field, instead of printing `NaN`.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A median, in milliseconds (the files hold the 95th percentile too).
#[derive(Deserialize)]
pub struct Spread {
    pub median: f64,
}

/// The app's figure beside the static copy of its step 1.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BesideStaticCopy {
    pub app: Spread,
    pub static_copy: Spread,
    pub median_ratio: f64,
}

/// Keystroke to paint over an address typed in.
#[derive(Deserialize)]
pub struct Typing {
    pub keystrokes: u32,
    pub over16: u32,
    /// None when fewer than 5% of the keys took 16 ms or more.
    pub p95: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppTyping {
    #[serde(flatten)]
    pub typing: Typing,
    pub slowest_handler: f64,
    pub static_copy: Typing,
}

#[derive(Deserialize)]
pub struct Memory {
    pub total: f64,
}

/// `target/bench-load.json` (`end2end/bench/load.bench.ts`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Load {
    pub runs: u32,
    pub ready_ms: BesideStaticCopy,
    pub visible_on_phone_network_ms: BesideStaticCopy,
    pub ready_on_phone_network_ms: BesideStaticCopy,
    pub keystroke_to_paint_ms: AppTyping,
    pub memory_after_reset_bytes: Memory,
}

/// Lighthouse's figures: the medians of its runs.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LighthouseRun {
    pub score: f64,
    pub fcp_ms: f64,
    pub lcp_ms: f64,
    pub tbt_ms: f64,
    pub cls: f64,
}

/// `target/bench-lighthouse.json` (`end2end/bench/lighthouse.bench.ts`).
#[derive(Deserialize)]
pub struct Lighthouse {
    pub median: LighthouseRun,
}

#[derive(Deserialize)]
pub struct Visit {
    pub bytes: u64,
    pub files: u32,
}

/// `target/bench-wire.json` (`end2end/bench/wire.bench.ts`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Wire {
    pub first_visit: Visit,
}

#[derive(Deserialize)]
pub struct AppOnly {
    pub app: Spread,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppAndStaticCopy {
    pub app: Spread,
    pub static_copy: Spread,
}

/// `target/bench-engines-<engine>.json` (`end2end/engines/load.bench.ts`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EngineLoad {
    pub runs: u32,
    pub ready_ms: AppAndStaticCopy,
    pub visible_ms: AppOnly,
    /// None where the engine has no Event Timing; `missing` then names it.
    pub keystroke_to_paint_ms: Option<Typing>,
    pub missing: Option<String>,
}

/// One timed phase of the backend's bench (`crates/loadtest`'s `bench`, whose field names
/// are Rust's).
#[derive(Deserialize)]
pub struct Phase {
    pub requests: usize,
    pub concurrency: usize,
    pub per_second: f64,
    pub latency_ms_p95: f64,
    pub unexpected: BTreeMap<String, usize>,
}

/// `target/bench-backend.json`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Backend {
    pub code_request: Phase,
    pub verify: Phase,
    pub complete_password: Phase,
    pub raw_argon2id_per_second: f64,
    pub complete_share_of_raw: f64,
}
