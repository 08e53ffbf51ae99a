//! ezcloud-reset: the password-reset wizard for Uniview EZCloud and UNV-Link accounts.
//!
//! Events in, effects out: [`core`] is the wizard as a pure state machine; [`shell`] runs
//! its effects (requests, timers, storage, focus) and feeds the results back; [`views`]
//! render the state from context and send events; [`widgets`] are the reusable pieces;
//! [`i18n`] holds every word. See `ARCHITECTURE.md`.

pub mod app;
pub mod core;
pub mod i18n;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod shell;
pub mod views;
pub mod widgets;

pub use app::{App, SettingsFailed};
