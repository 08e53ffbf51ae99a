//! What the server serves besides the API: the OpenAPI document, the app and its configuration,
//! under security headers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestServer;
use contract::Endpoint;
use contract::wire::PolicyRequest;
use serde_json::Value;

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_every_route_answers() {
    let server = TestServer::start().await;
    let document: Value = reqwest::get(format!("{}/openapi.json", server.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let servers: Vec<&str> = document["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    assert_eq!(servers, ["/americas", "/europe", "/asia-pacific"]);
    let paths = document["paths"].as_object().unwrap();
    assert_eq!(
        paths.len(),
        contract::ALL_ENDPOINTS.len() + 1,
        "the endpoints and the pictures"
    );
    let http = reqwest::Client::new();
    for (path, operations) in paths {
        for (method, _) in operations.as_object().unwrap() {
            for prefix in &servers {
                if path == contract::SLIDER_PICTURE_PATH {
                    let puzzle = server.client(&prefix[1..]).new_puzzle().await;
                    for picture in [&puzzle.background_image, &puzzle.piece_image] {
                        let answer = http
                            .get(format!("{}{prefix}{picture}", server.base))
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(answer.status(), 200, "{prefix}{picture}");
                    }
                    continue;
                }
                let url = format!("{}{prefix}{path}", server.base);
                let request = http.request(method.to_uppercase().parse().unwrap(), url);
                let request = if method == "post" {
                    request.json(&serde_json::json!({}))
                } else {
                    request
                };
                let body: Value = request.send().await.unwrap().json().await.unwrap();
                assert_ne!(
                    body["code"], 40401,
                    "{method} {prefix}{path} is documented but not routed"
                );
            }
        }
    }
    assert!(document["components"]["schemas"]["ResetCodeRequest"].is_object());
}

#[tokio::test]
async fn the_app_is_served_with_its_config_and_strict_headers() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><html><head><script type=\"module\">import init from './app.js';init();</script></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(
        dist.path().join("app.js"),
        "export default function init() {}",
    )
    .unwrap();
    let dist_path = dist.path().to_path_buf();
    let server = TestServer::start_with(move |config| {
        config.dist = Some(dist_path);
        config.embed_origins = vec!["https://support.example.com".parse().unwrap()];
    })
    .await;
    let page = reqwest::get(format!("{}/", server.base)).await.unwrap();
    let headers = page.headers().clone();
    assert!(page.text().await.unwrap().contains("import init"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'self' https://support.example.com"),
        "{csp}"
    );
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let deep_link = reqwest::get(format!("{}/some/route?region=europe", server.base))
        .await
        .unwrap();
    assert_eq!(
        deep_link.status(),
        200,
        "unknown paths fall back to the app"
    );
    let stale = reqwest::get(format!("{}/app-0123456789abcdef.css", server.base))
        .await
        .unwrap();
    assert_eq!(
        stale.status(),
        404,
        "a content-hashed name not in the build is not the page, kept for a year"
    );
    let config: contract::wire::AppConfig = reqwest::get(format!("{}/config.json", server.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        config.api_base(contract::Region::Europe).as_str(),
        "/europe"
    );
    let api = reqwest::get(format!("{}/europe{}", server.base, PolicyRequest::PATH))
        .await
        .unwrap();
    assert!(
        api.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
}

/// A release-like folder: a page, a content-hashed module with its compressed copies.
fn built_app() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    let module = "export default function init() {}\n".repeat(200);
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>t</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("app-0123456789abcdef.js"), &module).unwrap();
    // Stand-ins for what `brotli` and `gzip` write in the build: distinct bytes, so that the
    // test sees which copy was sent.
    std::fs::write(dist.path().join("app-0123456789abcdef.js.br"), b"BROTLI").unwrap();
    std::fs::write(dist.path().join("app-0123456789abcdef.js.gz"), b"GZIP").unwrap();
    dist
}

#[tokio::test]
async fn files_go_out_precompressed_and_cached_by_kind() {
    let dist = built_app();
    let dist_path = dist.path().to_path_buf();
    let server = TestServer::start_with(move |config| config.dist = Some(dist_path)).await;
    let http = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .unwrap();
    let get = |path: &str, encoding: &str| {
        http.get(format!("{}{path}", server.base))
            .header("accept-encoding", encoding)
            .send()
    };
    let module = get("/app-0123456789abcdef.js", "br, gzip").await.unwrap();
    assert_eq!(module.headers()["content-encoding"], "br");
    assert_eq!(module.headers()["vary"], "accept-encoding");
    assert_eq!(
        module.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(module.bytes().await.unwrap().as_ref(), b"BROTLI");
    let gzip = get("/app-0123456789abcdef.js", "gzip").await.unwrap();
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    let plain = get("/app-0123456789abcdef.js", "identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().len(), 34 * 200);

    // The page and config.json are revalidated: no-cache, an ETag, and 304 when unchanged.
    for path in ["/", "/config.json"] {
        let first = get(path, "identity").await.unwrap();
        assert_eq!(first.headers()["cache-control"], "no-cache", "{path}");
        let tag = first.headers()["etag"].clone();
        let again = http
            .get(format!("{}{path}", server.base))
            .header("if-none-match", tag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert!(again.bytes().await.unwrap().is_empty());
    }

    // API answers are never stored, and a large one (the OpenAPI document) is compressed.
    let puzzle = http
        .post(format!(
            "{}/europe{}",
            server.base,
            contract::wire::NewSliderRequest::PATH
        ))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(puzzle.headers()["cache-control"], "no-store");
    let document = get("/openapi.json", "br").await.unwrap();
    assert_eq!(document.headers()["cache-control"], "no-store");
    assert_eq!(document.headers()["content-encoding"], "br");
}
