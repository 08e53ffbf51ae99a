//! The reset: a code to the account, the code checked, the new password set.
//!
//! - `rules`: the lifecycle as pure functions, tested natively;
//! - `store`: resets in the database, read through the contract's types;
//! - `http`: the handlers, each one immediate transaction around the rules.

pub mod http;
pub mod rules;
pub mod store;

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The reset's routes, under a region's prefix, each with its document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(http::policy))
        .routes(routes!(http::request_code))
        .routes(routes!(http::resend_code))
        .routes(routes!(http::verify_code))
        .routes(routes!(http::complete))
}
