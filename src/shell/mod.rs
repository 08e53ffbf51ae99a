//! The shell: the one module that touches the world. It runs the core's effects (requests
//! through the client, timers, storage, focus) and feeds their results back as events; views
//! reach it through the [`Wizard`] in context.

mod browser;
mod client;
mod embed;
pub mod json;
mod listener;
pub mod prerendered;
mod runner;
mod solver;
mod storage_access;
mod transport;

pub use browser::{FLOW_KEY, follow_system_scheme, query_param, saved_progress};
pub use client::{Client, load_catalog, load_config, read_config};
pub use embed::{Embedding, apply_query_theme, host as embedding_host};
pub use prerendered::{Prerendered, start_when_touched};
pub use runner::{Wizard, WizardProvider, use_wizard};
pub use transport::{SentRequests, Transport};
