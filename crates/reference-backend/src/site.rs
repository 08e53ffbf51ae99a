//! The app's files, its runtime configuration, and the security headers on every answer.

use crate::AppState;
use crate::config::Config;
use axum::Json;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use contract::Region;
use contract::wire::{AppConfig, RegionEndpoint};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// The regions and their API bases, relative to the page, so that one build serves every host,
/// and the pages allowed to embed it.
pub async fn app_config(State(state): State<crate::AppState>) -> Json<AppConfig> {
    Json(AppConfig {
        embed_origins: state.config.embed_origins.clone(),
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

/// The pages that may frame the app: its own, and each embedding origin.
fn frame_ancestors(config: &Config) -> String {
    std::iter::once("'self'".to_owned())
        .chain(config.embed_origins.iter().map(ToString::to_string))
        .collect::<Vec<_>>()
        .join(" ")
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
        frame_ancestors(config)
    )
}

fn header_layer(name: HeaderName, value: &str) -> SetResponseHeaderLayer<HeaderValue> {
    let value = HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static(""));
    SetResponseHeaderLayer::overriding(name, value)
}

/// Whether `path` names a file whose name carries its content's hash, as Trunk writes them
/// (`app-683afd9cba612d3c.css`, `ezcloud-reset-7d26d06fbef4b378_bg.wasm`): such a file never
/// changes, so browsers may keep it for a year.
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Caching of the app's files: content-hashed ones for a year, the rest (the page itself)
/// revalidated on every visit through an `ETag`, which answers 304 when nothing changed.
async fn cache_app_files(request: Request, next: Next) -> Response {
    let immutable = is_content_hashed(request.uri().path());
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let mut response = next.run(request).await;
    let success = response.status().is_success();
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if immutable && success {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        return response;
    }
    revalidated(response, if_none_match).await
}

/// Gives a small answer an `ETag` from its bytes and `Cache-Control: no-cache`, and answers
/// 304 when the client already holds those bytes.
async fn revalidated(response: Response, if_none_match: Option<HeaderValue>) -> Response {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    if !response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let digest = Sha256::digest(&bytes);
    let tag = format!(
        "\"{}\"",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..12])
    );
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, value);
    }
    if if_none_match.is_some_and(|held| held.as_bytes() == tag.as_bytes()) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// `config.json`, revalidated like the page.
pub async fn cache_config(request: Request, next: Next) -> Response {
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    revalidated(next.run(request).await, if_none_match).await
}

/// Compresses JSON answers worth it (a puzzle is ~185 KB); the app's files come
/// precompressed from the build instead.
fn compress_large_json() -> CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    CompressionLayer::new().compress_when(
        SizeAbove::new(1024)
            .and(NotForContentType::GRPC)
            .and(NotForContentType::IMAGES)
            .and(NotForContentType::SSE)
            .and(NotForContentType::const_new("application/wasm"))
            .and(NotForContentType::const_new("text/")),
    )
}

/// Adds the app's files (when configured), the headers and the request log.
pub fn wrap(app: Router<AppState>, config: &Config) -> Router<AppState> {
    let app = match &config.dist {
        Some(dist) => {
            // The build writes `.br` and `.gz` copies beside each file; the client's
            // Accept-Encoding picks one.
            let index = ServeFile::new(dist.join("index.html"))
                .precompressed_br()
                .precompressed_gzip();
            let files = ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(index);
            app.fallback_service(
                tower::ServiceBuilder::new()
                    .layer(axum::middleware::from_fn(cache_app_files))
                    .service(files),
            )
        }
        None => app.fallback(crate::api::not_found),
    };
    app.layer(compress_large_json())
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, &content_security_policy(config)))
        .layer(header_layer(header::REFERRER_POLICY, "no-referrer"))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
        // API answers are never stored; the app's files set their own caching.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
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
