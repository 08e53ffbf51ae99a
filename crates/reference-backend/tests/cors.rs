//! The API called from another origin, as a static bundle on the vendor's web server calls it:
//! exact origins only, every answer of the API readable, nothing else shared.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestServer;
use contract::Endpoint;
use contract::wire::{NewSliderRequest, VerifyCodeRequest};
use reqwest::header::HeaderMap;

const APP: &str = "http://127.0.0.1:8090";

/// The security headers every answer carries.
fn assert_secured(headers: &HeaderMap, what: &str) {
    assert!(
        headers.contains_key("content-security-policy"),
        "{what}: {headers:?}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(headers["cache-control"], "no-store", "{what}");
}

fn allowed_origin(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("access-control-allow-origin")
        .map(|value| value.to_str().unwrap())
}

async fn preflight(server: &TestServer, path: &str, origin: &str) -> reqwest::Response {
    reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, format!("{}{path}", server.base))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap()
}

async fn post(
    server: &TestServer,
    path: &str,
    content_type: &str,
    body: String,
) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}{path}", server.base))
        .header("origin", APP)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_allowed_origin_reads_every_answer_of_the_api_and_nothing_else() {
    let server = TestServer::start_with(|config| {
        config.allow_origins = vec![APP.parse().unwrap()];
        config.puzzles_per_client_per_hour = 1;
    })
    .await;
    let puzzle_path = format!("/europe{}", NewSliderRequest::PATH);

    let asked = preflight(&server, &puzzle_path, APP).await;
    assert!(asked.status().is_success(), "{}", asked.status());
    let headers = asked.headers();
    assert_eq!(allowed_origin(headers), Some(APP));
    let methods = headers["access-control-allow-methods"].to_str().unwrap();
    assert!(methods.contains("POST"), "{methods}");
    let allowed_headers = headers["access-control-allow-headers"].to_str().unwrap();
    assert!(
        allowed_headers.contains("content-type"),
        "{allowed_headers}"
    );
    assert!(headers.get("access-control-allow-credentials").is_none());
    assert_secured(headers, "the preflight");

    let stranger = preflight(&server, &puzzle_path, "http://127.0.0.1:9999").await;
    assert_eq!(allowed_origin(stranger.headers()), None);

    // A success, then the 429 with the wait the app shows.
    let first = post(&server, &puzzle_path, "application/json", "{}".into()).await;
    assert_eq!(first.status(), 200);
    assert_eq!(allowed_origin(first.headers()), Some(APP));
    let exposed = first.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap();
    assert!(exposed.contains("retry-after"), "{exposed}");
    let limited = post(&server, &puzzle_path, "application/json", "{}".into()).await;
    assert_eq!(limited.status(), 429);
    assert_eq!(allowed_origin(limited.headers()), Some(APP));
    assert!(limited.headers().contains_key("retry-after"));

    // Refusals of every kind: unknown reset, wrong media type, a body refused before any handler.
    let verify = format!("/europe{}", VerifyCodeRequest::PATH);
    let unknown = post(
        &server,
        &verify,
        "application/json",
        r#"{"resetId":"r_0000000000000000000000","code":"123456"}"#.into(),
    )
    .await;
    assert!(unknown.status().is_client_error(), "{}", unknown.status());
    assert_eq!(allowed_origin(unknown.headers()), Some(APP));
    let media = post(&server, &verify, "text/plain", "{}".into()).await;
    assert_eq!(media.status(), 415);
    assert_eq!(allowed_origin(media.headers()), Some(APP));
    let huge = post(&server, &verify, "application/json", "x".repeat(20 * 1024)).await;
    assert_eq!(huge.status(), 413);
    assert_eq!(allowed_origin(huge.headers()), Some(APP));
    assert_secured(huge.headers(), "the 413");

    // The development windows, the document and the app's own files are never shared.
    for path in ["/europe/__dev/outbox", "/openapi.json", "/config.json"] {
        let answer = reqwest::Client::new()
            .get(format!("{}{path}", server.base))
            .header("origin", APP)
            .send()
            .await
            .unwrap();
        assert_eq!(allowed_origin(answer.headers()), None, "{path}");
        let asked = preflight(&server, path, APP).await;
        assert_eq!(allowed_origin(asked.headers()), None, "{path}");
        assert!(!asked.status().is_success(), "a preflight of {path}");
    }
}

#[tokio::test]
async fn without_allowed_origins_nothing_is_shared() {
    let server = TestServer::start().await;
    // OPTIONS is then a method the path does not have.
    let asked = preflight(&server, &format!("/europe{}", NewSliderRequest::PATH), APP).await;
    assert_eq!(asked.status(), 405);
    assert_eq!(allowed_origin(asked.headers()), None);
}

#[tokio::test]
async fn the_document_says_how_the_api_is_shared() {
    let server = TestServer::start().await;
    let document: serde_json::Value = reqwest::get(format!("{}/openapi.json", server.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let description = document["info"]["description"].as_str().unwrap();
    for promise in [
        "Access-Control-Allow-Origin",
        "Access-Control-Expose-Headers: retry-after",
        "--allow-origin",
    ] {
        assert!(description.contains(promise), "{promise}: {description}");
    }
}
