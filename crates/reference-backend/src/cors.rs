//! Cross-origin access to the API, for an app served from another origin (a static bundle on
//! the vendor's web server or CDN): exact origins only, no credentials, and only the regions'
//! API, never the development windows or anything else this server serves.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use contract::{Origin, Region};
use std::time::Duration;
use tower::{Layer, ServiceExt};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How long a browser may keep a preflight's answer.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(600);

/// The CORS answers for `origins`, or `None` when no other origin is allowed.
pub fn layer(origins: &[Origin]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin.as_str()).ok())
        .collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE])
            // So that the app can say how long to wait after a 429 or 503.
            .expose_headers([header::RETRY_AFTER])
            .max_age(PREFLIGHT_MAX_AGE),
    )
}

/// Whether `path` is one of a region's API routes, `/{region}/openapi/…`.
pub fn is_api_path(path: &str) -> bool {
    Region::ALL.into_iter().any(|region| {
        path.strip_prefix('/')
            .and_then(|rest| rest.strip_prefix(region.slug()))
            .is_some_and(|rest| rest.starts_with("/openapi/"))
    })
}

/// Answers the API's cross-origin requests and preflights as `cors` says, every answer
/// included (4xx, 429, 503, a body refused before any handler); leaves every other path
/// as if CORS did not exist.
pub async fn api_only(State(cors): State<CorsLayer>, request: Request, next: Next) -> Response {
    if !is_api_path(request.uri().path()) {
        return next.run(request).await;
    }
    match cors.layer(next).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_regions_api_is_shared() {
        for api in [
            "/europe/openapi/captcha/slider",
            "/asia-pacific/openapi/user/password/reset/code",
            "/americas/openapi/captcha/slider/abc/piece.png",
        ] {
            assert!(is_api_path(api), "{api}");
        }
        for other in [
            "/europe/__dev/outbox",
            "/europe/__dev/captcha/abc",
            "/openapi.json",
            "/config.json",
            "/",
            "/index.html",
            "/europe/openapi",
            "/europa/openapi/captcha/slider",
            "/europe-x/openapi/captcha/slider",
        ] {
            assert!(!is_api_path(other), "{other}");
        }
    }
}
