//! Every limit under a burst: requests prepared first, then released together over real HTTP
//! against a real database file, each limit asserted exactly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Answer, Client, TestServer, burst, tally};
use contract::Endpoint;
use contract::wire::*;
use serde_json::json;

const BURST: usize = 100;
const WRONG: u64 = 40004;
const LOCKED: u64 = 41002;
const LIMITED: u64 = 42901;
const OK: u64 = 200;

/// `count` captcha tickets of `client`'s region, solved one by one beforehand.
async fn tickets(client: &Client, count: usize) -> Vec<contract::Ticket> {
    let mut tickets = Vec::with_capacity(count);
    for _ in 0..count {
        tickets.push(client.ticket().await);
    }
    tickets
}

fn code_request(account: &str, ticket: &contract::Ticket) -> serde_json::Value {
    json!({"channel": "email", "account": account, "captchaTicket": ticket, "locale": "en"})
}

/// How many codes reached `to`.
async fn delivered_codes(client: &Client, to: &str, expected: usize) -> usize {
    delivered(client, expected, |message| {
        message["to"] == to && !message["code"].is_null()
    })
    .await
}

/// How many delivered messages match `wanted`: delivery runs after the answer, so this waits
/// (five seconds at most) for `expected` of them, then a moment more for any beyond.
async fn delivered(
    client: &Client,
    expected: usize,
    wanted: impl Fn(&serde_json::Value) -> bool,
) -> usize {
    let count = || async { client.outbox().await.iter().filter(|m| wanted(m)).count() };
    for _ in 0..100 {
        if count().await >= expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    count().await
}

/// A code other than `code`.
fn other_than(code: &str, salt: usize) -> String {
    let candidate = format!("{:06}", (salt * 7919) % 1_000_000);
    if candidate == code {
        format!("{:06}", (salt * 7919 + 1) % 1_000_000)
    } else {
        candidate
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_codes_at_once_compare_at_most_five_and_the_right_one_only_counts_in_time() {
    for round in 0..3 {
        let server = TestServer::start().await;
        let america = server.client("americas");
        let sent = america.start_reset("email", "alice@example.com").await;
        let code = america.code_for("alice@example.com", None).await;
        let right_at = [0, 50, 99][round];
        let answers = burst(BURST, |index| {
            let (client, reset_id) = (america.clone(), sent.reset_id.clone());
            let guess = if index == right_at {
                code.clone()
            } else {
                other_than(&code, index + 1)
            };
            async move { client.verify(reset_id, &guess).await }
        })
        .await;
        let counts = tally(&answers);
        let (accepted, wrong, locked) = (
            counts.get(&OK).copied().unwrap_or(0),
            counts.get(&WRONG).copied().unwrap_or(0),
            counts.get(&LOCKED).copied().unwrap_or(0),
        );
        // Wrong codes spent the five attempts; the fifth answered "locked" like every request
        // after it. The right code was compared only if it came before the lock.
        assert_eq!(wrong, 4, "round {round}: {counts:?}");
        assert!(accepted <= 1, "round {round}: {counts:?}");
        assert_eq!(
            accepted + wrong + locked,
            BURST,
            "round {round}: {counts:?}"
        );
        // The reset ended locked, so a token won in the burst sets no password.
        if let Some(answer) = answers.iter().find(|answer| answer.code() == OK) {
            let token = answer.data::<CodeAccepted>().reset_token;
            america
                .complete(&token, "A-New-passw0rd!")
                .await
                .assert_error(ErrorCode::Locked);
        }
        america
            .login("alice@example.com", "A-New-passw0rd!")
            .await
            .assert_error(ErrorCode::WrongCredentials);
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_code_requests_at_once_for_one_account_send_one_address_its_share() {
    let server = TestServer::start_with(|config| {
        config.requests_per_client_per_hour = 10_000;
    })
    .await;
    let share = 3;
    let europe = server.client("europe");
    let tickets = tickets(&europe, BURST).await;
    let answers = burst(BURST, |index| {
        let (client, body) = (
            europe.clone(),
            code_request("bruno@example.com", &tickets[index]),
        );
        async move { client.post(ResetCodeRequest::PATH, body).await }
    })
    .await;
    let counts = tally(&answers);
    assert_eq!(counts.get(&OK), Some(&share), "{counts:?}");
    assert_eq!(counts.get(&LIMITED), Some(&(BURST - share)), "{counts:?}");
    assert!(
        answers
            .iter()
            .filter(|answer| answer.code() == LIMITED)
            .all(|answer| answer.retry_after().is_some_and(|seconds| seconds > 0))
    );
    assert_eq!(
        delivered_codes(&europe, "bruno@example.com", share).await,
        share
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_resends_at_once_after_the_cooldown_send_one() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let sent = europe.start_reset("email", "bruno@example.com").await;
    // The first code is out before the burst; a resend would drop it if it were still spooled.
    europe.code_for("bruno@example.com", None).await;
    server.clock.advance(61);
    let answers = burst(BURST, |_| {
        let (client, body) = (europe.clone(), json!({"resetId": sent.reset_id}));
        async move { client.post(ResendRequest::PATH, body).await }
    })
    .await;
    let counts = tally(&answers);
    assert_eq!(counts.get(&OK), Some(&1), "{counts:?}");
    assert_eq!(counts.get(&LIMITED), Some(&(BURST - 1)), "{counts:?}");
    assert_eq!(delivered_codes(&europe, "bruno@example.com", 2).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_code_requests_at_once_from_one_address_admit_twenty() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let tickets = tickets(&europe, BURST).await;
    let answers = burst(BURST, |index| {
        let (client, body) = (
            europe.clone(),
            code_request(&format!("user{index}@example.com"), &tickets[index]),
        );
        async move { client.post(ResetCodeRequest::PATH, body).await }
    })
    .await;
    let counts = tally(&answers);
    assert_eq!(counts.get(&OK), Some(&20), "{counts:?}");
    assert_eq!(counts.get(&LIMITED), Some(&(BURST - 20)), "{counts:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn junk_tickets_cost_the_address_nothing() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let junk = burst(BURST, |index| {
        let client = europe.clone();
        let ticket: contract::Ticket = format!("junk{index}").parse().unwrap();
        let body = code_request("bruno@example.com", &ticket);
        async move { client.post(ResetCodeRequest::PATH, body).await }
    })
    .await;
    assert_eq!(
        tally(&junk).get(&u64::from(ErrorCode::CaptchaTicketInvalid.code())),
        Some(&BURST)
    );
    let tickets = tickets(&europe, 20).await;
    for (index, ticket) in tickets.iter().enumerate() {
        let body = code_request(&format!("user{index}@example.com"), ticket);
        assert_eq!(europe.post(ResetCodeRequest::PATH, body).await.code(), OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn completing_one_reset_closes_every_other_reset_of_the_account() {
    let server = TestServer::start().await;
    let asia = server.client("asia-pacific");
    let first = asia.start_reset("email", "chen@example.com").await;
    let first_code = asia.code_for("chen@example.com", None).await;
    let second = asia.start_reset("email", "chen@example.com").await;
    let second_code = asia.code_for("chen@example.com", Some(&first_code)).await;
    let third = asia.start_reset("email", "chen@example.com").await;
    let tokens: Vec<contract::ResetToken> = vec![
        asia.verify(&first.reset_id, &first_code)
            .await
            .data::<CodeAccepted>()
            .reset_token,
        asia.verify(&second.reset_id, &second_code)
            .await
            .data::<CodeAccepted>()
            .reset_token,
    ];
    // Both tokens race, fifty requests each, to set a password: exactly one request wins.
    let answers = burst(BURST, |index| {
        let (client, token) = (asia.clone(), tokens[index % 2].clone());
        let password = format!("Winner-number-{index}!");
        async move { client.complete(token, &password).await }
    })
    .await;
    let counts = tally(&answers);
    assert_eq!(counts.get(&OK), Some(&1), "{counts:?}");
    // The others are refused as already used, or as busy when no hashing slot was free.
    let refused =
        counts.get(&41003).copied().unwrap_or(0) + counts.get(&50301).copied().unwrap_or(0);
    assert_eq!(refused, BURST - 1, "{counts:?}");
    let winner = answers
        .iter()
        .position(|answer| answer.code() == OK)
        .unwrap();
    asia.login("chen@example.com", &format!("Winner-number-{winner}!"))
        .await
        .data::<AccessToken>();
    // The third reset died too: its code no longer verifies and it cannot be resent.
    asia.verify(&third.reset_id, "123456")
        .await
        .assert_error(ErrorCode::AlreadyUsed);
    // Exactly one "password changed" notice.
    let notices = delivered(&asia, 1, |m| {
        m["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("password was changed")
    })
    .await;
    assert_eq!(notices, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_wrong_logins_at_once_hash_three_then_back_off() {
    // Enough hashing slots that none of the three answers 503 (that is the next test).
    let server = TestServer::start_with(|config| {
        config.logins_per_client = 10_000;
        config.hashing_slots = 4;
    })
    .await;
    let america = server.client("americas");
    let answers = burst(BURST, |index| {
        let client = america.clone();
        let password = format!("wrong-{index}");
        async move { client.login("alice@example.com", &password).await }
    })
    .await;
    let counts = tally(&answers);
    // Three pass the backoff; a hash that finds no free slot answers 503 instead.
    let hashed_or_busy = counts
        .get(&u64::from(ErrorCode::WrongCredentials.code()))
        .copied()
        .unwrap_or(0)
        + counts.get(&50301).copied().unwrap_or(0);
    assert_eq!(hashed_or_busy, 3, "{counts:?}");
    assert_eq!(counts.get(&LIMITED), Some(&(BURST - 3)), "{counts:?}");
    // One by one, each further try waits twice as long as the one before.
    server.clock.advance(1);
    america
        .login("alice@example.com", "wrong")
        .await
        .assert_error(ErrorCode::WrongCredentials);
    let refused = america
        .login("alice@example.com", reference_backend::DEMO_PASSWORD)
        .await;
    refused.assert_error(ErrorCode::TooManyRequests);
    assert_eq!(refused.retry_after(), Some(2));
    server.clock.advance(2);
    america
        .login("alice@example.com", reference_backend::DEMO_PASSWORD)
        .await
        .data::<AccessToken>();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn password_hashing_beyond_its_slots_answers_503_with_retry_after() {
    let server = TestServer::start_with(|config| {
        config.hashing_slots = 1;
        config.logins_per_client = 10_000;
    })
    .await;
    let europe = server.client("europe");
    let answers = burst(BURST, |index| {
        let client = europe.clone();
        async move {
            client
                .login(&format!("user{index}@example.com"), "guess")
                .await
        }
    })
    .await;
    let counts = tally(&answers);
    let busy: Vec<&Answer> = answers.iter().filter(|a| a.status == 503).collect();
    assert!(!busy.is_empty(), "{counts:?}");
    assert!(
        busy.iter()
            .all(|a| a.code() == 50301 && a.retry_after() == Some(1))
    );
    assert_eq!(
        counts
            .get(&u64::from(ErrorCode::WrongCredentials.code()))
            .copied()
            .unwrap_or(0)
            + busy.len(),
        BURST,
        "{counts:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn puzzles_have_their_own_rate_per_address() {
    let server = TestServer::start_with(|config| config.puzzles_per_client_per_hour = 10).await;
    let europe = server.client("europe");
    let answers = burst(BURST, |_| {
        let client = europe.clone();
        async move { client.post(NewSliderRequest::PATH, json!({})).await }
    })
    .await;
    let counts = tally(&answers);
    assert_eq!(counts.get(&OK), Some(&10), "{counts:?}");
    assert_eq!(counts.get(&LIMITED), Some(&(BURST - 10)), "{counts:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wrong_codes_across_resets_pause_unknown_addresses_and_tell_the_owner_once() {
    // One address plays every unknown address here: its own share and waits are lifted.
    let server = TestServer::start_with(|config| {
        config.codes_per_account_address_per_hour = 100;
        config.wrong_codes_per_account_address_per_day = 100;
        config.free_wrong_codes = 100;
        config.wrong_codes_per_account_unknown_per_day = 12;
    })
    .await;
    let europe = server.client("europe");
    let spare = europe.start_reset("email", "bruno@example.com").await;
    // Bursts of wrong codes on new resets until the unknown addresses' share stops them: every
    // burst but the last locks its reset with its fifth wrong code.
    let (mut wrong_answers, mut locks) = (0, 0);
    for round in 0..5 {
        let sent = europe.start_reset("email", "bruno@example.com").await;
        let answers = burst(BURST, |index| {
            let (client, reset_id) = (europe.clone(), sent.reset_id.clone());
            async move {
                client
                    .verify(reset_id, &other_than("", index + 1 + round * BURST))
                    .await
            }
        })
        .await;
        let counts = tally(&answers);
        wrong_answers += counts.get(&WRONG).copied().unwrap_or(0);
        if counts.contains_key(&LIMITED) {
            break;
        }
        locks += 1;
        assert_eq!(counts.get(&LOCKED), Some(&(BURST - 4)), "{counts:?}");
    }
    assert_eq!(
        wrong_answers + locks,
        12,
        "exactly the unknown addresses' daily share was compared"
    );
    let paused = europe.ask_code("email", "bruno@example.com").await;
    paused.assert_error(ErrorCode::TooManyRequests);
    assert!(paused.retry_after().unwrap() > 3600);
    // A reset opened before the pause cannot be guessed at either.
    europe
        .verify(&spare.reset_id, "000000")
        .await
        .assert_error(ErrorCode::TooManyRequests);
    let notices = delivered(&europe, 1, |m| {
        m["subject"].as_str().unwrap_or_default().contains("paused")
    })
    .await;
    assert_eq!(notices, 1);
    server.clock.advance(24 * 3600);
    europe.start_reset("email", "bruno@example.com").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_resend_does_not_restore_spent_attempts() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let sent = europe.start_reset("email", "bruno@example.com").await;
    let code = europe.code_for("bruno@example.com", None).await;
    for salt in 1..=3 {
        europe
            .verify(&sent.reset_id, &other_than(&code, salt))
            .await
            .assert_error(ErrorCode::WrongCode);
    }
    server.clock.advance(61);
    europe
        .post(ResendRequest::PATH, json!({"resetId": sent.reset_id}))
        .await
        .data::<ResetCodeSent>();
    let fresh = europe.code_for("bruno@example.com", Some(&code)).await;
    let answer = europe.verify(&sent.reset_id, &other_than(&fresh, 9)).await;
    assert_eq!(answer.body["data"]["attemptsLeft"], 1);
    europe
        .verify(&sent.reset_id, &other_than(&fresh, 10))
        .await
        .assert_error(ErrorCode::Locked);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn known_and_unknown_accounts_do_the_same_work_and_answer_alike() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let pool = reference_backend::open_database(&format!("sqlite://{}", server.database.display()))
        .await
        .unwrap();
    let rows = || async {
        let spool: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM spool")
            .fetch_one(&pool)
            .await
            .unwrap();
        let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM limit_events")
            .fetch_one(&pool)
            .await
            .unwrap();
        (spool, events)
    };
    let known = europe.start_reset("email", "bruno@example.com").await;
    let unknown = europe.start_reset("email", "nobody@example.com").await;
    server.clock.advance(61);
    for reset_id in [&known.reset_id, &unknown.reset_id] {
        let before = rows().await;
        let answer = europe
            .post(ResendRequest::PATH, json!({"resetId": reset_id}))
            .await;
        let after = rows().await;
        assert_eq!(
            (after.0 - before.0, after.1 - before.1),
            (1, 3),
            "one spool row, and the code counted in the address's, the unknown addresses' \
             and the account's shares"
        );
        let mut data = answer.body["data"].clone();
        data["resetId"] = json!(null);
        data["maskedDestination"] = json!(null);
        assert_eq!(
            data,
            json!({"resetId": null, "maskedDestination": null, "resendAfterSeconds": 60, "codeTtlSeconds": 600})
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_address_whose_domain_changes_when_lower_cased_can_be_resent_to() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let sent = europe.start_reset("email", "x@\u{130}dn.example").await;
    server.clock.advance(61);
    europe
        .post(ResendRequest::PATH, json!({"resetId": sent.reset_id}))
        .await
        .data::<ResetCodeSent>();
}
