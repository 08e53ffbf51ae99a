//! A property-based fuzzer driven by `/openapi.json`: for every documented operation it sends
//! requests shaped by the operation's own request schema (valid-looking, mutated, or junk),
//! with real ids from earlier answers (puzzles, challenges, tickets, resets, tokens) so that
//! the operations that take one are fuzzed past their 404. It fails on any status the document
//! does not list, on any 5xx, on any body that does not validate against the schema the
//! document declares for that status (error envelopes included), and on any answer without
//! the security headers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestServer;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// One documented operation: where it is, and what it may answer.
struct Operation {
    method: String,
    path: String,
    /// The request body's schema, resolved, for POST operations.
    body: Option<Value>,
    /// Each documented status, with the JSON schema of its body where it has one.
    answers: BTreeMap<u16, Option<jsonschema::Validator>>,
}

/// The schema `schema` names, with the properties of an `allOf`'s parts gathered.
fn resolve(document: &Value, schema: &Value) -> Value {
    let named = match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            document["components"]["schemas"][name].clone()
        }
        None => schema.clone(),
    };
    match named["allOf"].as_array() {
        Some(parts) => {
            let mut properties = Map::new();
            for part in parts {
                if let Some(own) = resolve(document, part)["properties"].as_object() {
                    properties.extend(own.clone());
                }
            }
            json!({"type": "object", "properties": properties})
        }
        None => named,
    }
}

/// A validator of `schema`, whose `$ref`s resolve in the document's components.
fn validator(document: &Value, schema: &Map<String, Value>) -> jsonschema::Validator {
    let mut root = schema.clone();
    root.insert("components".into(), document["components"].clone());
    jsonschema::validator_for(&Value::Object(root))
        .unwrap_or_else(|error| panic!("a schema of the document does not compile: {error}"))
}

fn operations(document: &Value) -> Vec<Operation> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let body = operation["requestBody"]["content"]["application/json"]["schema"]
                .as_object()
                .map(|schema| resolve(document, &Value::Object(schema.clone())));
            let answers = operation["responses"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(status, response)| {
                    let schema = response["content"]["application/json"]["schema"]
                        .as_object()
                        .map(|schema| validator(document, schema));
                    (status.parse().unwrap(), schema)
                })
                .collect();
            found.push(Operation {
                method: method.clone(),
                path: path.clone(),
                body,
                answers,
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

/// A body for `schema`: its properties with values of roughly the right type (a real id from
/// `found` more often than not, where the property takes one), some dropped, some of the wrong
/// type, sometimes an unknown one.
fn body_for(schema: &Value, region: &str, found: &Found, rng: &mut StdRng) -> Value {
    let mut object = Map::new();
    if let Some(properties) = schema["properties"].as_object() {
        for (name, property) in properties {
            if rng.gen_bool(0.1) {
                continue;
            }
            let real = found.pick(name, rng).filter(|_| rng.gen_bool(0.7));
            let value = match (rng.gen_bool(0.15), real, property["type"].as_str()) {
                (true, _, _) => any_value(rng, 0),
                (false, Some(real), _) => json!(real),
                (false, None, Some("integer")) => json!(rng.gen_range(-5i64..2000)),
                _ => text(rng),
            };
            object.insert(name.clone(), value);
        }
    }
    // A channel and an account that go together, more often than chance would give them: a
    // demo account, most often of the region asked, whose codes then reach the outbox.
    if object.contains_key("channel") && object.contains_key("account") && rng.gen_bool(0.6) {
        let accounts: Vec<_> = reference_backend::DEMO_ACCOUNTS
            .iter()
            .filter(|(home, _, _)| home.slug() == region || rng.gen_bool(0.2))
            .collect();
        if !accounts.is_empty() {
            let (_, channel, account) = accounts[rng.gen_range(0..accounts.len())];
            object.insert("channel".into(), json!(channel.as_str()));
            object.insert("account".into(), json!(account));
        }
    }
    if rng.gen_bool(0.1) {
        object.insert("unexpected".into(), json!(1));
    }
    Value::Object(object)
}

/// Real ids of one region, taken from earlier answers.
#[derive(Default)]
struct Found {
    captcha_ids: Vec<String>,
    challenge_ids: Vec<String>,
    tickets: Vec<String>,
    reset_ids: Vec<String>,
    tokens: Vec<String>,
    /// The demo account each reset was asked for.
    accounts: BTreeMap<String, String>,
    /// The code of each reset that can still take one, read from the outbox.
    codes: BTreeMap<String, String>,
    /// Every code seen in the outbox, so that a new one is told from the old.
    seen_codes: BTreeSet<String>,
}

impl Found {
    fn pool(&self, property: &str) -> Option<&Vec<String>> {
        match property {
            "captchaId" => Some(&self.captcha_ids),
            "challengeId" => Some(&self.challenge_ids),
            "captchaTicket" => Some(&self.tickets),
            "resetId" => Some(&self.reset_ids),
            "resetToken" => Some(&self.tokens),
            _ => None,
        }
    }

    /// A real value of `property`, if it takes an id and one was found.
    fn pick(&self, property: &str, rng: &mut StdRng) -> Option<String> {
        let pool = self.pool(property)?;
        (!pool.is_empty()).then(|| pool[rng.gen_range(0..pool.len())].clone())
    }

    /// Drops a reset that can take no code any more (locked, expired or complete), so that
    /// the right code is tried on one that can.
    fn forget_reset(&mut self, reset_id: &str) {
        self.codes.remove(reset_id);
    }

    /// Keeps what a successful answer to `path` carried.
    fn learn(&mut self, path: &str, sent: &Value, data: &Value) {
        let text = |name: &str| data[name].as_str().map(str::to_owned);
        let grown = match path {
            "/openapi/captcha/slider" => text("captchaId").map(|id| self.captcha_ids.push(id)),
            "/openapi/captcha/pow" => text("challengeId").map(|id| self.challenge_ids.push(id)),
            "/openapi/captcha/slider/verify" | "/openapi/captcha/pow/verify" => {
                text("captchaTicket").map(|ticket| self.tickets.push(ticket))
            }
            "/openapi/user/account/password/reset/code" => text("resetId").map(|id| {
                if let Some(account) = sent["account"].as_str() {
                    self.accounts.insert(id.clone(), account.to_lowercase());
                }
                self.reset_ids.push(id);
            }),
            "/openapi/user/account/password/reset/verify" => {
                text("resetToken").map(|token| self.tokens.push(token))
            }
            _ => None,
        };
        let _ = grown;
    }
}

/// Where the development windows give an answer away, takes it sometimes, so that the
/// operations behind a solved puzzle or a right code are reached: the gap of a real puzzle,
/// the code of a real reset.
async fn help_with_answers(
    http: &reqwest::Client,
    base: &str,
    path: &str,
    found: &Found,
    body: &mut Value,
    rng: &mut StdRng,
) {
    if !rng.gen_bool(0.5) {
        return;
    }
    match path {
        "/openapi/captcha/slider/verify" => {
            let Some(id) = body["captchaId"]
                .as_str()
                .filter(|id| found.captcha_ids.iter().any(|known| known == id))
            else {
                return;
            };
            if let Ok(answer) = http.get(format!("{base}/__dev/captcha/{id}")).send().await
                && let Ok(gap) = answer.json::<Value>().await
            {
                body["x"] = gap["x"].clone();
            }
        }
        "/openapi/user/account/password/reset/verify" => {
            let live: Vec<_> = found.codes.iter().collect();
            if !live.is_empty() {
                let (reset_id, code) = live[rng.gen_range(0..live.len())];
                body["resetId"] = json!(reset_id);
                body["code"] = json!(code);
            }
        }
        _ => {}
    }
}

/// The code a reset of a demo account was just sent (asked for or resent), read from the
/// outbox once delivered: the first code to `account` not seen before, within a second.
async fn new_code(
    http: &reqwest::Client,
    base: &str,
    account: &str,
    seen: &BTreeSet<String>,
) -> Option<String> {
    for _ in 0..50 {
        if let Ok(answer) = http.get(format!("{base}/__dev/outbox")).send().await
            && let Ok(Value::Array(messages)) = answer.json::<Value>().await
        {
            let fresh = messages.iter().find_map(|message| {
                let code = message["code"].as_str()?;
                (message["to"] == account && !seen.contains(code)).then(|| code.to_owned())
            });
            if fresh.is_some() {
                return fresh;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    None
}

/// Whether `account` is a demo account of the region `slug`, whose codes reach the outbox.
fn is_demo_account(slug: &str, account: &str) -> bool {
    reference_backend::DEMO_ACCOUNTS
        .iter()
        .any(|(region, _, identifier)| region.slug() == slug && *identifier == account)
}

/// The security headers every answer carries; an answer of the API is never stored.
fn missing_headers(headers: &reqwest::header::HeaderMap, json: bool) -> Vec<&'static str> {
    let has = |name: &str, wanted: Option<&str>| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| wanted.is_none_or(|wanted| value.contains(wanted)))
    };
    let mut missing = Vec::new();
    if !has("content-security-policy", Some("default-src 'none'")) {
        missing.push("content-security-policy");
    }
    if !has("x-content-type-options", Some("nosniff")) {
        missing.push("x-content-type-options");
    }
    if !has("cache-control", json.then_some("no-store")) {
        missing.push("cache-control");
    }
    missing
}

/// Requests sent in one run.
const CASES: u32 = 800;

#[test]
fn no_answer_outside_the_document_and_no_5xx() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start_with(|config| {
        *config = config.clone().with_limits_lifted();
        // The fuzzer answers some accessible checks right: a hash or two each.
        config.work_difficulty = 1;
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
            .any(|operation| operation.path == contract::SLIDER_PICTURE_PATH)
    );
    // One fixed sequence of requests, so that what it reaches does not vary from run to run.
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: CASES,
            ..Config::default()
        },
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let regions = ["americas", "europe", "asia-pacific", "mars"];
    let strategy = (0..operations.len(), any::<u64>(), 0u8..10);
    let sent = std::cell::Cell::new(0u32);
    let found: RefCell<BTreeMap<&str, Found>> = RefCell::default();
    // Every (path, status) answered, to show which logic the fuzzer reached.
    let reached = RefCell::new(BTreeSet::new());
    runner
        .run(&strategy, |(index, seed, shape)| {
            let operation = &operations[index];
            let mut rng = StdRng::seed_from_u64(seed);
            let region = regions[rng.gen_range(0..regions.len())];
            let mut found = found.borrow_mut();
            let known = found.entry(region).or_default();
            // Path parameters get real, plausible and implausible values alike.
            let captcha_id = known
                .pick("captchaId", &mut rng)
                .filter(|_| rng.gen_bool(0.7))
                .unwrap_or_else(|| ["abc", "x-_1", "%20", "a.b"][rng.gen_range(0..4)].to_owned());
            let path = operation.path.replace("{captchaId}", &captcha_id).replace(
                "{picture}",
                ["background.jpg", "piece.png", "other.gif"][rng.gen_range(0..3)],
            );
            let base = format!("{}/{region}", server.base);
            let url = format!("{base}{path}");
            let mut request = match operation.method.as_str() {
                "get" => http.get(&url),
                _ => http.post(&url),
            };
            let mut json_body = Value::Null;
            let body: Vec<u8> = match (shape, &operation.body) {
                (0, _) => (0..rng.gen_range(0..64))
                    .map(|_| rng.r#gen::<u8>())
                    .collect(),
                (1, _) => any_value(&mut rng, 0).to_string().into_bytes(),
                (_, Some(schema)) => {
                    json_body = body_for(schema, region, known, &mut rng);
                    runtime.block_on(help_with_answers(
                        &http,
                        &base,
                        &operation.path,
                        known,
                        &mut json_body,
                        &mut rng,
                    ));
                    json_body.to_string().into_bytes()
                }
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
            let (status, headers, text) = runtime.block_on(async {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                (status, headers, response.bytes().await.unwrap())
            });
            sent.set(sent.get() + 1);
            reached
                .borrow_mut()
                .insert((operation.path.clone(), status));
            let shown = String::from_utf8_lossy(&text);
            prop_assert!(status < 500, "{} {url}: {status} {shown}", operation.method);
            let Some(declared) = operation.answers.get(&status) else {
                return Err(TestCaseError::fail(format!(
                    "{} {url}: {status} is not in the document ({:?}): {shown}",
                    operation.method,
                    operation.answers.keys().collect::<Vec<_>>()
                )));
            };
            let is_json = headers
                .get("content-type")
                .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
            let missing = missing_headers(&headers, is_json);
            prop_assert!(missing.is_empty(), "{url}: {status} without {missing:?}");
            let Some(schema) = declared else {
                // Only the pictures have no JSON body.
                prop_assert!(
                    !is_json && status == 200,
                    "{url}: {status} undeclared body {shown}"
                );
                return Ok(());
            };
            prop_assert!(is_json, "{url}: {status} is not JSON: {headers:?}");
            let envelope: Value = serde_json::from_slice(&text)
                .map_err(|error| TestCaseError::fail(format!("{url}: not JSON: {error}")))?;
            let errors: Vec<String> = schema
                .iter_errors(&envelope)
                .map(|error| format!("{} at {}", error, error.instance_path()))
                .collect();
            prop_assert!(
                errors.is_empty(),
                "{url}: {status} does not match its declared schema: {errors:?} in {envelope}"
            );
            let code = envelope["code"].as_u64().unwrap_or(0);
            prop_assert!(
                code == 200 || u64::from(status) == code / 100,
                "{url}: status {status} with envelope code {code}"
            );
            if code == 200 {
                known.learn(&operation.path, &json_body, &envelope["data"]);
                let reset_id = envelope["data"]["resetId"].as_str().map(str::to_owned);
                if let Some(reset_id) = reset_id
                    && let Some(account) = known.accounts.get(&reset_id).cloned()
                    && is_demo_account(region, &account)
                {
                    let code =
                        runtime.block_on(new_code(&http, &base, &account, &known.seen_codes));
                    known.codes.remove(&reset_id);
                    if let Some(code) = code {
                        known.seen_codes.insert(code.clone());
                        known.codes.insert(reset_id, code);
                    }
                }
            } else if status == 410
                && let Some(reset_id) = json_body["resetId"].as_str()
            {
                known.forget_reset(reset_id);
            }
            Ok(())
        })
        .unwrap();
    assert!(sent.get() >= CASES);
    let reached = reached.into_inner();
    println!("reached (operation, status): {reached:?}");
    // Success, the strict reading of bodies and unknown regions alike...
    let statuses: BTreeSet<u16> = reached.iter().map(|(_, status)| *status).collect();
    for status in [200, 400, 404, 415] {
        assert!(
            statuses.contains(&status),
            "never answered {status}: {statuses:?}"
        );
    }
    // ...and every operation that takes an id got past its 404 with a real one.
    for (path, wanted) in [
        (contract::SLIDER_PICTURE_PATH, 200),
        ("/openapi/captcha/slider/verify", 200),
        ("/openapi/captcha/pow/verify", 400),
        ("/openapi/user/account/password/reset/code", 200),
        ("/openapi/user/account/password/reset/code/resend", 429),
        ("/openapi/user/account/password/reset/verify", 200),
        ("/openapi/user/account/password/reset/verify", 400),
    ] {
        assert!(
            reached.contains(&(path.to_owned(), wanted)),
            "{path} never answered {wanted}: {reached:?}"
        );
    }
    assert!(
        reached
            .iter()
            .any(|(path, status)| path.ends_with("/reset/complete") && *status != 404),
        "complete was never reached with a real token: {reached:?}"
    );
    runtime.block_on(server.stop());
}
