//! Malformed input of every kind gets a 4xx envelope that says what is wrong: never a 500.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestServer;
use contract::Endpoint;
use contract::wire::*;

const ENDPOINTS: [&str; 7] = [
    SliderAnswer::PATH,
    ResetCodeRequest::PATH,
    ResendRequest::PATH,
    VerifyCodeRequest::PATH,
    CompleteRequest::PATH,
    LoginRequest::PATH,
    NewSliderRequest::PATH,
];

async fn send(
    server: &TestServer,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> common::Answer {
    let mut request = reqwest::Client::new()
        .post(format!("{}/europe{path}", server.base))
        .body(body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    common::Answer::of(request).await
}

/// A body of the endpoint's own fields, each of the wrong type.
fn wrong_types(path: &str) -> &'static [u8] {
    match path {
        SliderAnswer::PATH => br#"{"captchaId": 5, "x": "a"}"#,
        ResetCodeRequest::PATH => {
            br#"{"channel": "email", "account": 4, "captchaTicket": 1, "locale": 2}"#
        }
        ResendRequest::PATH => br#"{"resetId": 1}"#,
        VerifyCodeRequest::PATH => br#"{"resetId": "r", "code": 123456}"#,
        CompleteRequest::PATH => br#"{"resetToken": [], "newPassword": {}}"#,
        _ => br#"{"username": 1, "password": 2}"#,
    }
}

#[tokio::test]
async fn every_kind_of_malformed_body_is_a_clear_4xx() {
    let server = TestServer::start().await;
    let json = Some("application/json");
    for path in &ENDPOINTS[..6] {
        let cases: Vec<(Option<&str>, Vec<u8>, ErrorCode, &str)> = vec![
            (
                json,
                b"{not json".to_vec(),
                ErrorCode::InvalidRequest,
                "not valid",
            ),
            (json, b"".to_vec(), ErrorCode::InvalidRequest, "not valid"),
            (json, b"[]".to_vec(), ErrorCode::InvalidRequest, "not valid"),
            (
                json,
                b"null".to_vec(),
                ErrorCode::InvalidRequest,
                "not valid",
            ),
            (
                json,
                wrong_types(path).to_vec(),
                ErrorCode::InvalidRequest,
                "invalid type",
            ),
            (
                json,
                br#"{"surprise": true}"#.to_vec(),
                ErrorCode::InvalidRequest,
                "not valid",
            ),
            (
                json,
                vec![b'"', 0xff, 0xfe, b'"'],
                ErrorCode::InvalidRequest,
                "UTF-8",
            ),
            (
                Some("text/plain"),
                b"{}".to_vec(),
                ErrorCode::UnsupportedMediaType,
                "application/json",
            ),
            (
                None,
                b"{}".to_vec(),
                ErrorCode::UnsupportedMediaType,
                "application/json",
            ),
            (
                Some("application/x-www-form-urlencoded"),
                b"a=b".to_vec(),
                ErrorCode::UnsupportedMediaType,
                "JSON",
            ),
            (
                json,
                format!("{{\"pad\": \"{}\"}}", "x".repeat(17 * 1024)).into_bytes(),
                ErrorCode::PayloadTooLarge,
                "larger",
            ),
        ];
        for (content_type, body, code, says) in cases {
            let answer = send(&server, path, content_type, body).await;
            answer.assert_error(code);
            let message = answer.body["message"].as_str().unwrap();
            assert!(
                message.contains(says),
                "{path}: {message:?} should say {says:?}"
            );
        }
    }
}

#[tokio::test]
async fn unknown_fields_are_named() {
    let server = TestServer::start().await;
    let answer = send(
        &server,
        VerifyCodeRequest::PATH,
        Some("application/json; charset=utf-8"),
        br#"{"resetId": "r", "code": "123456", "extra": 1}"#.to_vec(),
    )
    .await;
    answer.assert_error(ErrorCode::InvalidRequest);
    assert!(
        answer.body["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `extra`"),
        "{answer:?}"
    );
}

#[tokio::test]
async fn unknown_paths_and_regions_are_404_and_other_methods_405_with_allow() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let cases = [
        (
            "GET",
            format!("/europe{}/nothing", NewSliderRequest::PATH),
            404,
            None,
        ),
        ("GET", format!("/mars{}", PolicyRequest::PATH), 404, None),
        ("GET", "/anything".to_owned(), 404, None),
        (
            "GET",
            format!("/europe{}", NewSliderRequest::PATH),
            405,
            Some("POST"),
        ),
        (
            "DELETE",
            format!("/europe{}", ResetCodeRequest::PATH),
            405,
            Some("POST"),
        ),
        (
            "TRACE",
            format!("/europe{}", VerifyCodeRequest::PATH),
            405,
            Some("POST"),
        ),
        (
            "PUT",
            format!("/americas{}", PolicyRequest::PATH),
            405,
            Some("GET,HEAD"),
        ),
    ];
    for (method, path, status, allow) in cases {
        let response = http
            .request(method.parse().unwrap(), format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{method} {path}");
        let allowed = response
            .headers()
            .get("allow")
            .map(|value| value.to_str().unwrap().replace(' ', ""));
        assert_eq!(allowed.as_deref(), allow, "{method} {path}");
        assert!(response.headers().contains_key("content-security-policy"));
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["code"], u64::from(status) * 100 + 1, "{method} {path}");
        assert!(body["data"].is_null(), "{method} {path}");
    }
}

#[tokio::test]
async fn random_bytes_never_make_a_500() {
    let server = TestServer::start().await;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for round in 0..300 {
        // xorshift: reproducible bytes without another dependency.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let length = (seed % 200) as usize;
        let body: Vec<u8> = (0..length)
            .map(|i| (seed.rotate_left(i as u32 % 64) & 0xff) as u8)
            .collect();
        let path = ENDPOINTS[round % ENDPOINTS.len()];
        let response = reqwest::Client::new()
            .post(format!("{}/europe{path}", server.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().as_u16() < 500,
            "round {round} on {path}: {}",
            response.status()
        );
    }
}
