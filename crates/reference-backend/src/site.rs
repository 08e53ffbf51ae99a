//! The app's files, its runtime configuration, and the security headers on every answer.

use crate::AppState;
use crate::config::Config;
use axum::Json;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use contract::Region;
use contract::wire::{AppConfig, RegionEndpoint};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// The regions and their API bases, relative to the page, so that one build serves every host.
pub async fn app_config() -> Json<AppConfig> {
    Json(AppConfig {
        regions: Region::ALL
            .into_iter()
            .map(|region| RegionEndpoint {
                region,
                api_base: format!("/{}", region.slug()),
            })
            .collect(),
    })
}

/// The sha256 sources of the inline scripts in `index.html`, which Trunk writes to start the
/// module, so that the policy can stay free of `'unsafe-inline'`.
fn inline_script_hashes(index_html: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut hashes = Vec::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let Some(close) = after.find("</script>") else {
            break;
        };
        let opening = &after[..open_end];
        if !opening.contains("src=") && open_end < close {
            let body = &after[open_end + 1..close];
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &after[close + "</script>".len()..];
    }
    hashes
}

fn content_security_policy(config: &Config) -> String {
    let index = config
        .dist
        .as_ref()
        .and_then(|dist| std::fs::read_to_string(dist.join("index.html")).ok())
        .unwrap_or_default();
    let scripts = inline_script_hashes(&index).join(" ");
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {scripts}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
         base-uri 'none'; form-action 'none'; frame-ancestors {}",
        config.frame_ancestors
    )
}

fn header_layer(name: HeaderName, value: &str) -> SetResponseHeaderLayer<HeaderValue> {
    let value = HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static(""));
    SetResponseHeaderLayer::overriding(name, value)
}

/// Adds the app's files (when configured), the headers and the request log.
pub fn wrap(app: Router<AppState>, config: &Config) -> Router<AppState> {
    let app = match &config.dist {
        Some(dist) => app.fallback_service(
            ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html"))),
        ),
        None => app.fallback(crate::api::not_found),
    };
    app.layer(header_layer(header::CONTENT_SECURITY_POLICY, &content_security_policy(config)))
        .layer(header_layer(header::REFERRER_POLICY, "no-referrer"))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
        .layer(header_layer(header::CACHE_CONTROL, "no-store"))
        // One line per request: method, path, status, latency. Secrets travel only in bodies,
        // which are never logged.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::extract::Request| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}
