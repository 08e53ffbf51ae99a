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
    assert_eq!(paths.len(), 8);
    let http = reqwest::Client::new();
    for (path, operations) in paths {
        for (method, _) in operations.as_object().unwrap() {
            for prefix in &servers {
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
        config.frame_ancestors = "https://support.example.com".into();
    })
    .await;
    let page = reqwest::get(format!("{}/", server.base)).await.unwrap();
    let headers = page.headers().clone();
    assert!(page.text().await.unwrap().contains("import init"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors https://support.example.com"),
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
    let config: contract::wire::AppConfig = reqwest::get(format!("{}/config.json", server.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config.regions.len(), 3);
    assert_eq!(config.regions[1].api_base, "/europe");
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
