//! The app's files, its runtime configuration, and the security headers on every answer.

use crate::AppState;
use crate::config::Config;
use axum::Json;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use contract::ApiBase;
use contract::wire::AppConfig;
use std::path::PathBuf;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// The regions and their API bases, relative to the page, so that one build serves every host,
/// and the pages allowed to embed it.
pub async fn app_config(State(state): State<crate::AppState>) -> Json<AppConfig> {
    Json(AppConfig::new(
        ApiBase::same_origin,
        state.config.embed_origins.clone(),
    ))
}

/// The security headers of this server's answers: the API shares the page's origin, so the
/// policy names no other.
fn policy(config: &Config) -> serving::Policy {
    let index = config
        .dist
        .as_ref()
        .and_then(|dist| std::fs::read_to_string(dist.join("index.html")).ok())
        .unwrap_or_default();
    serving::Policy::new(&index, &[], &config.embed_origins)
}

fn header_layer(name: &'static str, value: &str) -> SetResponseHeaderLayer<HeaderValue> {
    let value = HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static(""));
    SetResponseHeaderLayer::overriding(HeaderName::from_static(name), value)
}

/// Caching of the app's files as [`serving::Caching`] says: content-hashed ones for a year,
/// the rest revalidated on every visit through an `ETag`, which answers 304 when nothing
/// changed. A content-hashed name that is not in the build is a 404, never the page, which
/// would otherwise be kept for a year under that name.
async fn cache_app_files(State(dist): State<PathBuf>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let caching = serving::Caching::of_file(path);
    // Only a hashed name is looked up on disk: the page and the rest are served as before.
    if caching == serving::Caching::Immutable {
        let inside = path.trim_start_matches('/');
        if inside.split('/').any(|segment| segment == "..") || !dist.join(inside).is_file() {
            return StatusCode::NOT_FOUND.into_response();
        }
    }
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let mut response = next.run(request).await;
    let success = response.status().is_success();
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static(serving::VARY));
    if caching == serving::Caching::Immutable && success {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(serving::Caching::Immutable.cache_control()),
        );
        return response;
    }
    revalidated(response, if_none_match).await
}

/// Answers the app's address (`/`) with step 1 in the visitor's language and the region the
/// query names ([`serving::pages::page_for`]), a page the build wrote; a build without them
/// answers its plain page.
async fn choose_page(State(dist): State<PathBuf>, mut request: Request, next: Next) -> Response {
    if request.uri().path() != "/" {
        return next.run(request).await;
    }
    let accept_language = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    let page = serving::pages::page_for(request.uri().query().unwrap_or_default(), accept_language);
    if dist.join(&page).is_file() {
        let path_and_query = match request.uri().query() {
            Some(query) => format!("/{page}?{query}"),
            None => format!("/{page}"),
        };
        let mut parts = request.uri().clone().into_parts();
        if let Ok(rewritten) = path_and_query.parse() {
            parts.path_and_query = Some(rewritten);
        }
        if let Ok(uri) = axum::http::Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static(serving::pages::VARY));
    response
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
    parts.headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(serving::Caching::Revalidate.cache_control()),
    );
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

/// Adds the app's files (when configured), or the API's 404 for any other path.
pub fn files(app: Router<AppState>, config: &Config) -> Router<AppState> {
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
                    .layer(axum::middleware::from_fn_with_state(
                        dist.clone(),
                        choose_page,
                    ))
                    .layer(axum::middleware::from_fn_with_state(
                        dist.clone(),
                        cache_app_files,
                    ))
                    .service(files),
            )
        }
        None => app.fallback(crate::api::not_found),
    };
    app.layer(compress_large_json())
}

/// The security headers on every answer, whatever made it (a body refused before any handler
/// and a CORS preflight included), and the request log. The outermost layer.
pub fn headers(app: Router<AppState>, config: &Config) -> Router<AppState> {
    let app = policy(config)
        .security_headers()
        .into_iter()
        .fold(app, |app, (name, value)| {
            app.layer(header_layer(name, &value))
        });
    // API answers are never stored; the app's files set their own caching.
    app.layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static(serving::Caching::NoStore.cache_control()),
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
