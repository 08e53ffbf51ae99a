//! The reset: a code to the account, the code checked, the new password set.
//!
//! - `rules`: the lifecycle as pure functions, tested natively;
//! - `store`: resets in the database, read through the contract's types;
//! - `http`: the handlers, each one immediate transaction around the rules.

pub mod http;
pub mod rules;
pub mod store;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};
use contract::Endpoint;
use contract::wire::{
    CompleteRequest, PolicyRequest, ResendRequest, ResetCodeRequest, VerifyCodeRequest,
};

/// The reset's routes, under a region's prefix.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PolicyRequest::PATH, get(http::policy))
        .route(ResetCodeRequest::PATH, post(http::request_code))
        .route(ResendRequest::PATH, post(http::resend_code))
        .route(VerifyCodeRequest::PATH, post(http::verify_code))
        .route(CompleteRequest::PATH, post(http::complete))
}
