//! ezcloud-reset: the password-reset wizard for Uniview EZCloud and UNV-Link accounts.
//!
//! `flow` is the wizard as a plain state machine; `client` is the one way to the backend;
//! `i18n` holds every user-visible string; `components` render; `app` wires them together.

pub mod app;
pub mod browser;
pub mod client;
pub mod components;
pub mod flow;
pub mod i18n;

pub use app::App;
