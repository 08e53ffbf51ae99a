//! Development only: a page shaped like the vendor's support article, on its own origin,
//! with the app embedded under the strict CSP a host is asked to set, so that a newcomer
//! sees the product where it will live and the end-to-end tests embed it across origins.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;

const PAGE: &str = include_str!("../demo/support.html");
const STYLE: &str = include_str!("../demo/support.css");

/// The two sources a host's policy needs for the widget, and nothing inline.
fn host_policy(app_origin: &str) -> String {
    format!(
        "default-src 'none'; script-src {app_origin}; frame-src {app_origin}; style-src 'self'; \
         img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// The support page, embedding the app served at `app_origin`.
pub fn router(app_origin: &str) -> Router {
    let page = PAGE.replace("{{RESET_ORIGIN}}", app_origin);
    let policy = HeaderValue::from_str(&host_policy(app_origin))
        .unwrap_or(HeaderValue::from_static("default-src 'none'"));
    Router::new()
        .route("/", get(move || async move { Html(page) }))
        .route(
            "/support.css",
            get(|| async {
                ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
            }),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            policy,
        ))
}
