//! The accessible check: a proof-of-work challenge that the browser answers for the person,
//! worth the same ticket as the slider puzzle.
//!
//! - `price`: what the next challenge costs, and `rules`: what an answer earns, both pure and
//!   tested natively;
//! - `store`: challenges and the counts that price them, in the database;
//! - `http`: the handlers, each one immediate transaction around the rules.

pub mod http;
pub mod price;
pub mod rules;
pub mod store;
