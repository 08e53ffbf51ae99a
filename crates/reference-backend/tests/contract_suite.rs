//! The contract, as a suite that can be pointed at any backend:
//! `cargo xtask contract --base-url URL --region REGION [--origin ORIGIN]` sets
//! `EZCLOUD_CONTRACT_BASE_URL`, `EZCLOUD_CONTRACT_REGION` and `EZCLOUD_CONTRACT_ORIGIN`.
//! Without them it starts its own reference backend, which allows [`APP_ORIGIN`].
//!
//! Everything a production backend must do is checked with no secret at hand; where the
//! backend has the development windows (`/__dev/…`), the whole reset is walked too, and the
//! demo account's password is put back afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Client, TestServer};
use contract::Endpoint;
use contract::wire::*;
use contract::{PasswordPolicy, Region};
use serde_json::json;
use std::collections::BTreeMap;

/// The origin our own backend lets call it, as a static bundle elsewhere would.
const APP_ORIGIN: &str = "http://127.0.0.1:8090";

/// The backend under test: the one named in the environment, or one of our own.
async fn target() -> (Client, Region, Option<TestServer>) {
    let region: Region = std::env::var("EZCLOUD_CONTRACT_REGION")
        .ok()
        .map(|slug| {
            slug.parse()
                .unwrap_or_else(|e| panic!("EZCLOUD_CONTRACT_REGION: {e}"))
        })
        .unwrap_or(Region::Europe);
    match std::env::var("EZCLOUD_CONTRACT_BASE_URL") {
        Ok(base) => {
            let base = format!("{}/{}", base.trim_end_matches('/'), region.slug());
            (
                Client {
                    base,
                    http: reqwest::Client::new(),
                },
                region,
                None,
            )
        }
        Err(_) => {
            let server = TestServer::start_with(|config| {
                config.requests_per_client_per_hour = 1000;
                config.allow_origins = vec![APP_ORIGIN.parse().unwrap()];
            })
            .await;
            (server.client(region.slug()), region, Some(server))
        }
    }
}

async fn has_dev_windows(client: &Client, puzzle: &SliderChallenge) -> bool {
    let url = format!("{}/__dev/captcha/{}", client.base, puzzle.captcha_id);
    client
        .http
        .get(url)
        .send()
        .await
        .is_ok_and(|response| response.status() == 200)
}

/// The origin the app is served from, when the backend is audited for one.
fn app_origin(own_server: bool) -> Option<String> {
    std::env::var("EZCLOUD_CONTRACT_ORIGIN")
        .ok()
        .or_else(|| own_server.then(|| APP_ORIGIN.to_owned()))
}

/// An app on another origin can call the API: the preflight allows its POSTs with JSON, and
/// every answer, a refusal included, lets it read the body and `Retry-After`. Another origin
/// is not let in.
#[tokio::test]
async fn an_app_on_another_origin_can_read_every_answer() {
    let (client, _, server) = target().await;
    let Some(origin) = app_origin(server.is_some()) else {
        println!("not checked: pass --origin ORIGIN to audit the backend's CORS answers");
        return;
    };
    let allows = |headers: &reqwest::header::HeaderMap, origin: &str| {
        headers
            .get("access-control-allow-origin")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|allowed| allowed == origin || allowed == "*")
    };
    let lists = |headers: &reqwest::header::HeaderMap, name: &str, wanted: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|list| {
                list.split(',')
                    .any(|item| item.trim().eq_ignore_ascii_case(wanted) || item.trim() == "*")
            })
    };
    let url = format!("{}{}", client.base, NewSliderRequest::PATH);
    let preflight = |from: &str| {
        client
            .http
            .request(reqwest::Method::OPTIONS, &url)
            .header("origin", from)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let asked = preflight(&origin).await.unwrap();
    assert!(asked.status().is_success(), "preflight: {}", asked.status());
    let headers = asked.headers();
    assert!(allows(headers, &origin), "preflight: {headers:?}");
    assert!(
        lists(headers, "access-control-allow-methods", "POST"),
        "{headers:?}"
    );
    assert!(
        lists(headers, "access-control-allow-headers", "content-type"),
        "{headers:?}"
    );
    let stranger = "https://not-the-app.invalid";
    let refused = preflight(stranger).await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none_or(|value| value != stranger),
        "another origin is let in"
    );
    for (body, content_type) in [("{}", "application/json"), ("{", "application/json")] {
        let answer = client
            .http
            .post(&url)
            .header("origin", &origin)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let headers = answer.headers();
        assert!(
            allows(headers, &origin),
            "{body}: {} {headers:?}",
            answer.status()
        );
        assert!(
            lists(headers, "access-control-expose-headers", "retry-after"),
            "{body}: Retry-After is not readable across origins: {headers:?}"
        );
    }
}

#[tokio::test]
async fn policy_is_served_in_the_envelope() {
    let (client, _, _server) = target().await;
    let policy: PasswordPolicy = client.get(PolicyRequest::PATH).await.data();
    assert!(policy.min_length >= 8 && policy.max_length >= policy.min_length);
}

#[tokio::test]
async fn puzzles_are_light_pictures_and_refuse_a_wrong_drop() {
    let (client, _, _server) = target().await;
    let puzzle = client.new_puzzle().await;
    // The pictures are fetched as images: JPEG and PNG, a puzzle at most 25 KB on the wire.
    let mut weight = serde_json::to_vec(&puzzle).unwrap().len();
    for (path, magic, media_type) in [
        (
            &puzzle.background_image,
            &[0xff, 0xd8, 0xff][..],
            "image/jpeg",
        ),
        (
            &puzzle.piece_image,
            &[0x89, b'P', b'N', b'G'][..],
            "image/png",
        ),
    ] {
        let response = client
            .http
            .get(format!("{}{path}", client.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-type"], media_type, "{path}");
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(magic), "{path}");
        weight += bytes.len();
    }
    assert!(weight <= 25 * 1024, "a puzzle weighs {weight} bytes");
    assert!(
        puzzle.piece_y + puzzle.piece_size <= puzzle.height && puzzle.piece_size < puzzle.width
    );
    assert!(puzzle.expires_in_seconds > 0);
    client
        .post(
            SliderAnswer::PATH,
            json!({"captchaId": puzzle.captcha_id, "x": 0}),
        )
        .await
        .assert_error(ErrorCode::CaptchaFailed);
}

/// The accessible check needs no secret to pass, so it is walked whole against any backend:
/// a wrong answer is refused, a right one is worth one ticket, and that ticket one code request.
#[tokio::test]
async fn the_accessible_check_buys_one_single_use_ticket() {
    let (client, _, _server) = target().await;
    let challenge = client.work_challenge().await;
    assert_eq!(challenge.algorithm, contract::PROOF_OF_WORK_ALGORITHM);
    assert!((1..=contract::MAX_DIFFICULTY).contains(&challenge.difficulty));
    assert!(challenge.expires_in_seconds > 0);
    let wrong = (0..)
        .find(|nonce| !challenge.salt.accepts(*nonce, challenge.difficulty))
        .unwrap();
    client
        .answer_work(&challenge, wrong)
        .await
        .assert_error(ErrorCode::CaptchaFailed);

    let challenge = client.work_challenge().await;
    let nonce = Client::solve(&challenge);
    let passed: CheckPassed = client.answer_work(&challenge, nonce).await.data();
    client
        .answer_work(&challenge, nonce)
        .await
        .assert_error(ErrorCode::CaptchaFailed);
    let account = nobody();
    let first = ask_code_with(&client, &account, &passed.captcha_ticket).await;
    assert_eq!(first.code(), 200, "{:?}", first.body);
    ask_code_with(&client, &account, &passed.captcha_ticket)
        .await
        .assert_error(ErrorCode::CaptchaTicketInvalid);
}

#[tokio::test]
async fn unknown_resets_tickets_and_tokens_are_refused() {
    let (client, _, _server) = target().await;
    client
        .post(ResetCodeRequest::PATH,
            json!({"channel": "email", "account": "someone@example.com", "captchaTicket": "forged", "locale": "en"}))
        .await
        .assert_error(ErrorCode::CaptchaTicketInvalid);
    client
        .post(ResendRequest::PATH, json!({"resetId": "unknown"}))
        .await
        .assert_error(ErrorCode::NotFound);
    client
        .verify("unknown", "123456")
        .await
        .assert_error(ErrorCode::NotFound);
    client
        .complete("unknown", "long enough password")
        .await
        .assert_error(ErrorCode::NotFound);
    client
        .login("someone@example.com", "wrong password")
        .await
        .assert_error(ErrorCode::WrongCredentials);
}

#[tokio::test]
async fn malformed_requests_are_documented_errors() {
    let (client, _, _server) = target().await;
    let url = format!("{}{}", client.base, VerifyCodeRequest::PATH);
    let send = |content_type: &'static str, body: Vec<u8>| {
        let request = client
            .http
            .post(url.clone())
            .header("content-type", content_type)
            .body(body);
        common::Answer::of(request)
    };
    send("application/json", b"{".to_vec())
        .await
        .assert_error(ErrorCode::InvalidRequest);
    send(
        "application/json",
        br#"{"resetId":"r","code":"1","x":1}"#.to_vec(),
    )
    .await
    .assert_error(ErrorCode::InvalidRequest);
    send("text/plain", b"{}".to_vec())
        .await
        .assert_error(ErrorCode::UnsupportedMediaType);
    send("application/json", vec![b' '; 17 * 1024])
        .await
        .assert_error(ErrorCode::PayloadTooLarge);
}

/// One whole reset of `account` to `password`, through the development windows.
/// `previous` is the code of an earlier reset, which delivery may still be showing as newest.
async fn reset_to(
    client: &Client,
    account: &str,
    password: &str,
    previous: Option<&str>,
) -> String {
    let puzzle = client.new_puzzle().await;
    let x = client.gap_of(&puzzle.captcha_id).await;
    let ticket: CheckPassed = client
        .post(
            SliderAnswer::PATH,
            json!({"captchaId": puzzle.captcha_id, "x": x}),
        )
        .await
        .data();
    let sent: ResetCodeSent = client
        .post(ResetCodeRequest::PATH,
            json!({"channel": "sms", "account": account, "captchaTicket": ticket.captcha_ticket, "locale": "en"}))
        .await
        .data();
    let code = client.code_for(account, previous).await;
    let token: CodeAccepted = client.verify(&sent.reset_id, &code).await.data();
    client
        .complete(&token.reset_token, password)
        .await
        .data::<serde_json::Value>();
    client
        .login(account, password)
        .await
        .data::<serde_json::Value>();
    code
}

#[tokio::test]
async fn a_whole_reset_where_the_development_windows_exist() {
    let (client, region, server) = target().await;
    let puzzle = client.new_puzzle().await;
    let dev = has_dev_windows(&client, &puzzle).await;
    assert!(
        dev || server.is_none(),
        "our own reference backend runs in development mode"
    );
    if !dev {
        println!(
            "no development windows at {}: the whole reset is not walked",
            client.base
        );
        return;
    }
    let (_, _, phone) = reference_backend::DEMO_ACCOUNTS
        .into_iter()
        .find(|(r, channel, _)| *r == region && *channel == contract::Channel::Sms)
        .unwrap();
    let first = reset_to(&client, phone, "contract suite was here", None).await;
    reset_to(
        &client,
        phone,
        reference_backend::DEMO_PASSWORD,
        Some(&first),
    )
    .await;
}

/// One property of the limits, as the table prints it.
struct Property {
    name: &'static str,
    held: Option<bool>,
    figures: String,
}

fn expected(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// A fresh address of no account, so that the checks send nothing to anyone.
fn nobody() -> String {
    format!(
        "contract-suite-{}@example.invalid",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos())
    )
}

async fn ask_code_with(
    client: &Client,
    account: &str,
    ticket: &contract::Ticket,
) -> common::Answer {
    client
        .post(
            ResetCodeRequest::PATH,
            json!({"channel": "email", "account": account, "captchaTicket": ticket, "locale": "en"}),
        )
        .await
}

const OWNER_THROUGH_AN_ATTACK: &str = "the owner's way through an attack from 5 addresses";

/// The local addresses the suite may send from: `EZCLOUD_CONTRACT_ADDRESSES` (comma-separated),
/// else 127.0.0.2 to 127.0.0.7 when the backend is on loopback, where each is another client.
fn client_addresses(client: &Client) -> Vec<std::net::IpAddr> {
    if let Ok(list) = std::env::var("EZCLOUD_CONTRACT_ADDRESSES") {
        return list
            .split(',')
            .map(|item| {
                item.trim()
                    .parse()
                    .unwrap_or_else(|e| panic!("EZCLOUD_CONTRACT_ADDRESSES: {item}: {e}"))
            })
            .collect();
    }
    let on_loopback = reqwest::Url::parse(&client.base).is_ok_and(|url| {
        let host = url.host_str().unwrap_or_default();
        host == "localhost"
            || host
                .trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    });
    if on_loopback {
        (2..=7)
            .map(|last| std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, last)))
            .collect()
    } else {
        Vec::new()
    }
}

/// Five addresses do to the region's demo account what the black-box probes did (codes asked
/// for together, bursts of wrong codes on every reset, failed logins together), with the
/// puzzles solved by the development window; then the owner, from a sixth address, resets the
/// password and signs in. The password is put back afterwards.
async fn owner_through_an_attack(client: &Client, region: Region, own_server: bool) -> Property {
    let addresses = client_addresses(client);
    let Some((owner, attackers)) = addresses.split_last().filter(|(_, rest)| rest.len() >= 5)
    else {
        return Property {
            name: OWNER_THROUGH_AN_ATTACK,
            held: None,
            figures: "needs 6 client addresses: set EZCLOUD_CONTRACT_ADDRESSES".into(),
        };
    };
    let (_, _, account) = reference_backend::DEMO_ACCOUNTS
        .into_iter()
        .find(|(r, channel, _)| *r == region && *channel == contract::Channel::Email)
        .unwrap();
    let mut rounds = Vec::new();
    for attacker in &attackers[..5] {
        rounds.push(common::attack::round(&client.from(*attacker), account).await);
    }
    let owner = client.from(*owner);
    let through = common::attack::owner_resets(&owner, account, "contract suite was here").await;
    let restored =
        common::attack::owner_resets(&owner, account, reference_backend::DEMO_PASSWORD).await;
    assert!(
        restored.is_ok() || through.is_err() || !own_server,
        "the demo password was not put back: {restored:?}"
    );
    let sum = |pick: fn(&common::attack::Round) -> &BTreeMap<u64, usize>| {
        let mut total = BTreeMap::new();
        for (code, count) in rounds.iter().flat_map(pick) {
            *total.entry(*code).or_insert(0) += count;
        }
        total
    };
    Property {
        name: OWNER_THROUGH_AN_ATTACK,
        held: Some(through.is_ok()),
        figures: format!(
            "attackers' answers by code: code requests {:?}, wrong codes {:?}, logins {:?}; the owner {}",
            sum(|round| &round.code_requests),
            sum(|round| &round.wrong_codes),
            sum(|round| &round.failed_logins),
            match &through {
                Ok(()) => "reset the password and signed in".to_owned(),
                Err(step) => format!("was stopped at {step}"),
            }
        ),
    }
}

/// The limits under requests sent together, checked from the answers alone: `N`
/// (`EZCLOUD_CONTRACT_BURST`, default 50) wrong codes on one reset, resends after the
/// cooldown, code requests for one account, and a known against an unknown account.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn limits_hold_under_requests_sent_together() {
    let (client, region, server) = target().await;
    let puzzle = client.new_puzzle().await;
    let burst_size = expected("EZCLOUD_CONTRACT_BURST", 50);
    let attempts = expected("EZCLOUD_CONTRACT_ATTEMPTS", 5);
    let codes_per_address = expected("EZCLOUD_CONTRACT_CODES_PER_ACCOUNT_ADDRESS", 3);
    let mut table = Vec::new();
    if has_dev_windows(&client, &puzzle).await {
        // Wrong codes together on one reset.
        let sent: ResetCodeSent = client.ask_code("email", &nobody()).await.data();
        let answers = common::burst(burst_size, |index| {
            let (client, reset_id) = (client.clone(), sent.reset_id.clone());
            async move {
                client
                    .verify(reset_id, &format!("{:06}", index * 7919 % 1_000_000))
                    .await
            }
        })
        .await;
        let counts = common::tally(&answers);
        let wrong = counts
            .get(&u64::from(ErrorCode::WrongCode.code()))
            .copied()
            .unwrap_or(0);
        let locked = counts
            .get(&u64::from(ErrorCode::Locked.code()))
            .copied()
            .unwrap_or(0);
        table.push(Property {
            name: "wrong codes together on one reset",
            held: Some(wrong < attempts && wrong + locked == burst_size),
            figures: format!(
                "{burst_size} sent: {wrong} wrong, {locked} locked (allowed {attempts} attempts)"
            ),
        });

        // Resends together once the cooldown is over.
        let sent: ResetCodeSent = client.ask_code("email", &nobody()).await.data();
        match &server {
            Some(server) => server.clock.advance(sent.resend_after_seconds as i64 + 1),
            None => {
                tokio::time::sleep(std::time::Duration::from_secs(
                    sent.resend_after_seconds + 1,
                ))
                .await
            }
        }
        let answers = common::burst(burst_size, |_| {
            let (client, body) = (client.clone(), json!({"resetId": sent.reset_id}));
            async move { client.post(ResendRequest::PATH, body).await }
        })
        .await;
        let resent = common::tally(&answers).get(&200).copied().unwrap_or(0);
        table.push(Property {
            name: "resends together after the cooldown",
            held: Some(resent == 1),
            figures: format!("{burst_size} sent: {resent} accepted (allowed 1)"),
        });

        // Code requests together for one account from one address.
        let account = nobody();
        let together = codes_per_address + 3;
        let mut tickets = Vec::new();
        for _ in 0..together {
            tickets.push(client.ticket().await);
        }
        let answers = common::burst(together, |index| {
            let (client, account, ticket) =
                (client.clone(), account.clone(), tickets[index].clone());
            async move { ask_code_with(&client, &account, &ticket).await }
        })
        .await;
        let accepted = common::tally(&answers).get(&200).copied().unwrap_or(0);
        table.push(Property {
            name: "code requests together for one account",
            held: Some(accepted == codes_per_address),
            figures: format!(
                "{together} sent from one address: {accepted} accepted (allowed {codes_per_address} an hour)"
            ),
        });
        table.push(owner_through_an_attack(&client, region, server.is_some()).await);

        // A known and an unknown account answer alike.
        let known = reference_backend::DEMO_ACCOUNTS
            .into_iter()
            .find(|(r, channel, _)| *r == region && *channel == contract::Channel::Email)
            .map(|(_, _, email)| email)
            .unwrap();
        let (known, unknown) = (
            client.ask_code("email", known).await,
            client.ask_code("email", &nobody()).await,
        );
        let shape = |answer: &common::Answer| {
            let mut data = answer.body["data"].clone();
            for volatile in ["resetId", "maskedDestination"] {
                data[volatile] = json!(null);
            }
            (answer.status, answer.body["code"].clone(), data)
        };
        table.push(Property {
            name: "a known and an unknown account answer alike",
            held: Some(shape(&known) == shape(&unknown)),
            figures: format!("statuses {} and {}", known.status, unknown.status),
        });
    } else {
        for name in [
            "wrong codes together on one reset",
            "resends together after the cooldown",
            "code requests together for one account",
            OWNER_THROUGH_AN_ATTACK,
            "a known and an unknown account answer alike",
        ] {
            table.push(Property {
                name,
                held: None,
                figures: "no way to pass the human check unattended at this backend".into(),
            });
        }
    }
    println!("\n{:<52} {:<12} figures", "property", "result");
    for property in &table {
        let result = match property.held {
            Some(true) => "held",
            Some(false) => "BROKEN",
            None => "not checked",
        };
        println!("{:<52} {:<12} {}", property.name, result, property.figures);
    }
    assert!(
        table.iter().all(|property| property.held != Some(false)),
        "a limit broke under concurrency; see the table above"
    );
}
