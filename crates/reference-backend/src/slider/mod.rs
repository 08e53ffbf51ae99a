//! The slider puzzle that stands before a code is sent, and the ticket either human check buys.
//!
//! - `picture`: drawing a slider, its gap and how close a drop must come to it;
//! - `rules`: what a try at a puzzle earns, as a pure function, tested natively;
//! - `store`: puzzles and tickets in the database;
//! - `http`: the handlers.

pub mod http;
pub mod picture;
pub mod rules;
pub mod store;

pub use http::passed;
pub use store::redeem_ticket;
