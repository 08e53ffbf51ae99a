//! Load on the release server over loopback: `soak` (a bounded mix of whole flows, with the
//! server killed at random) and `bench` (the backend's figures for `cargo xtask bench`). Both
//! send through the typed client (`crates/api-client`) that the backend's tests use.

pub mod server;
pub mod stats;
