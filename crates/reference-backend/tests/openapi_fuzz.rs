//! A property-based fuzzer driven by `/openapi.json`: for every documented operation it sends
//! requests shaped by the operation's own request schema (valid-looking, mutated, or junk) and
//! fails on any answer the document does not list, on any 5xx, and on any answer that is not
//! the envelope.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestServer;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};

/// One documented operation: where it is, and what it may answer.
struct Operation {
    method: String,
    path: String,
    /// The request body's schema, resolved, for POST operations.
    body: Option<Value>,
    statuses: Vec<u16>,
}

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            &document["components"]["schemas"][name]
        }
        None => schema,
    }
}

fn operations(document: &Value) -> Vec<Operation> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let body = operation["requestBody"]["content"]["application/json"]["schema"]
                .as_object()
                .map(|schema| resolve(document, &Value::Object(schema.clone())).clone());
            let statuses = operation["responses"]
                .as_object()
                .unwrap()
                .keys()
                .map(|status| status.parse().unwrap())
                .collect();
            found.push(Operation {
                method: method.clone(),
                path: path.clone(),
                body,
                statuses,
            });
        }
    }
    found
}

/// Strings a bot or a careless client would send: plausible, boundary and hostile.
fn text(rng: &mut StdRng) -> Value {
    let samples = [
        "",
        "bruno@example.com",
        "+4915112345678",
        "123456",
        "email",
        "sms",
        "en",
        "abcdefghijklmnopqrstuv",
        "' OR 1=1 --",
        "\u{0}",
        "日本語",
        "x@\u{130}dn.example",
    ];
    if rng.gen_bool(0.6) {
        json!(samples[rng.gen_range(0..samples.len())])
    } else {
        let length = rng.gen_range(0..300);
        json!((0..length).map(|_| rng.r#gen::<char>()).collect::<String>())
    }
}

fn any_value(rng: &mut StdRng, depth: u8) -> Value {
    match rng.gen_range(0..7) {
        0 => Value::Null,
        1 => json!(rng.gen_bool(0.5)),
        2 => json!(rng.r#gen::<i64>()),
        3 => json!(rng.r#gen::<f64>()),
        4 if depth < 2 => Value::Array(
            (0..rng.gen_range(0..3))
                .map(|_| any_value(rng, depth + 1))
                .collect(),
        ),
        5 if depth < 2 => {
            let mut object = Map::new();
            object.insert("k".into(), any_value(rng, depth + 1));
            Value::Object(object)
        }
        _ => text(rng),
    }
}

/// A body for `schema`: its properties with values of roughly the right type, some dropped,
/// some of the wrong type, sometimes an unknown one.
fn body_for(schema: &Value, rng: &mut StdRng) -> Value {
    let mut object = Map::new();
    if let Some(properties) = schema["properties"].as_object() {
        for (name, property) in properties {
            if rng.gen_bool(0.1) {
                continue;
            }
            let value = match (rng.gen_bool(0.15), property["type"].as_str()) {
                (true, _) => any_value(rng, 0),
                (false, Some("integer")) => json!(rng.gen_range(-5i64..2000)),
                _ => text(rng),
            };
            object.insert(name.clone(), value);
        }
    }
    if rng.gen_bool(0.1) {
        object.insert("unexpected".into(), json!(1));
    }
    Value::Object(object)
}

#[test]
fn no_answer_outside_the_document_and_no_5xx() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start_with(|config| {
        config.requests_per_client_per_hour = 1_000_000;
        config.puzzles_per_client_per_hour = 1_000_000;
        config.logins_per_client = 1_000_000;
        config.logins_per_account_per_day = 1_000_000;
        config.logins_per_account_unknown_per_day = 1_000_000;
        config.logins_per_account_address_per_day = 1_000_000;
        config.login_free_failures = 1_000_000;
    }));
    let http = reqwest::Client::new();
    let document: Value = runtime
        .block_on(async {
            http.get(format!("{}/openapi.json", server.base))
                .send()
                .await?
                .json()
                .await
        })
        .unwrap();
    let operations = operations(&document);
    for (_, path) in contract::ALL_ENDPOINTS {
        assert!(
            operations.iter().any(|operation| operation.path == *path),
            "{path} is undocumented"
        );
    }
    assert!(
        operations
            .iter()
            .any(|operation| operation.path == contract::PUZZLE_PICTURE_PATH)
    );
    let mut runner = TestRunner::new(Config {
        cases: 400,
        ..Config::default()
    });
    let strategy = (0..operations.len(), any::<u64>(), 0u8..10);
    let sent = std::cell::Cell::new(0u32);
    let seen = std::cell::RefCell::new(std::collections::BTreeSet::new());
    runner
        .run(&strategy, |(index, seed, shape)| {
            let operation = &operations[index];
            let mut rng = StdRng::seed_from_u64(seed);
            let region = ["americas", "europe", "asia-pacific", "mars"][rng.gen_range(0..4)];
            // Path parameters get plausible and implausible values alike.
            let path = operation
                .path
                .replace(
                    "{captchaId}",
                    ["abc", "x-_1", "%20", "a.b"][rng.gen_range(0..4)],
                )
                .replace(
                    "{picture}",
                    ["background.jpg", "piece.png", "other.gif"][rng.gen_range(0..3)],
                );
            let url = format!("{}/{region}{path}", server.base);
            let mut request = match operation.method.as_str() {
                "get" => http.get(&url),
                _ => http.post(&url),
            };
            let body: Vec<u8> = match (shape, &operation.body) {
                (0, _) => (0..rng.gen_range(0..64))
                    .map(|_| rng.r#gen::<u8>())
                    .collect(),
                (1, _) => any_value(&mut rng, 0).to_string().into_bytes(),
                (_, Some(schema)) => body_for(schema, &mut rng).to_string().into_bytes(),
                (_, None) => Vec::new(),
            };
            if operation.method == "post" {
                let content_type = if shape == 2 {
                    "text/plain"
                } else {
                    "application/json"
                };
                request = request.header("content-type", content_type).body(body);
            }
            let (status, text) = runtime.block_on(async {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                (status, response.text().await.unwrap())
            });
            sent.set(sent.get() + 1);
            seen.borrow_mut().insert(status);
            prop_assert!(status < 500, "{} {url}: {status} {text}", operation.method);
            prop_assert!(
                operation.statuses.contains(&status),
                "{} {url}: {status} is not in the document ({:?}): {text}",
                operation.method,
                operation.statuses
            );
            let envelope: Value = serde_json::from_str(&text)
                .map_err(|error| TestCaseError::fail(format!("{url}: not JSON: {error}")))?;
            let code = envelope["code"].as_u64().unwrap_or(0);
            prop_assert!(
                code == 200 || u64::from(status) == code / 100,
                "{url}: status {status} with envelope code {code}"
            );
            Ok(())
        })
        .unwrap();
    assert!(sent.get() >= 400);
    // The fuzzer reached success, the strict reading of bodies and unknown regions alike.
    let seen = seen.into_inner();
    for status in [200, 400, 404, 415] {
        assert!(seen.contains(&status), "never answered {status}: {seen:?}");
    }
    runtime.block_on(server.stop());
}
