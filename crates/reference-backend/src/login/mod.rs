//! EZCloud's login, so that a test can prove a reset took effect; limited in shares of the
//! account (each address's own with backoff, the unknown addresses', the account's) and per
//! address, and its password hashing bounded by the server's hashing slots. A sign-in makes
//! the address known to the account.
//!
//! - `rules`: whose sign-in a username is, pure and tested natively;
//! - `store`: the password hash and the failed sign-ins counted in the database;
//! - `http`: the handler.

pub mod http;
pub mod rules;
pub mod store;
