//! The accessible check over real HTTP and a real database file: a solved challenge is worth
//! one ticket that sends one code, each challenge takes one answer, and its two allowances hold
//! under a burst.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Client, TestServer, burst, tally};
use contract::Endpoint;
use contract::wire::*;
use serde_json::json;

const LIMITED: u64 = 42901;
const OK: u64 = 200;

#[tokio::test]
async fn a_solved_challenge_buys_a_ticket_that_sends_a_code() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let challenge = europe.work_challenge().await;
    assert_eq!(challenge.algorithm, "sha256");
    assert_eq!(challenge.difficulty, 8);
    assert_eq!(challenge.expires_in_seconds, 120);
    let passed: CheckPassed = europe
        .answer_work(&challenge, Client::solve(&challenge))
        .await
        .data();
    let sent = europe
        .post(
            ResetCodeRequest::PATH,
            json!({"channel": "email", "account": "bruno@example.com",
                   "captchaTicket": passed.captcha_ticket, "locale": "en"}),
        )
        .await;
    assert_eq!(sent.code(), OK, "{:?}", sent.body);
    assert!(!europe.code_for("bruno@example.com", None).await.is_empty());
}

#[tokio::test]
async fn a_challenge_takes_one_answer_in_its_own_region_before_it_expires() {
    let server = TestServer::start().await;
    let europe = server.client("europe");

    let challenge = europe.work_challenge().await;
    let nonce = Client::solve(&challenge);
    let wrong = (0..).find(|n| !challenge.salt.accepts(*n, challenge.difficulty));
    europe
        .answer_work(&challenge, wrong.unwrap())
        .await
        .assert_error(ErrorCode::CaptchaFailed);
    // The right answer after a wrong one is too late: one answer per challenge.
    europe
        .answer_work(&challenge, nonce)
        .await
        .assert_error(ErrorCode::CaptchaFailed);

    let elsewhere = europe.work_challenge().await;
    server
        .client("americas")
        .answer_work(&elsewhere, Client::solve(&elsewhere))
        .await
        .assert_error(ErrorCode::NotFound);

    let late = europe.work_challenge().await;
    server.clock.advance(121);
    europe
        .answer_work(&late, Client::solve(&late))
        .await
        .assert_error(ErrorCode::Expired);

    let answer = europe
        .post(
            ProofOfWorkAnswer::PATH,
            json!({"challengeId": "x", "nonce": -1}),
        )
        .await;
    answer.assert_error(ErrorCode::InvalidRequest);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_challenges_at_once_from_one_address_admit_ten_a_minute() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let answers = burst(100, |_| {
        let client = europe.clone();
        async move { client.post(NewProofOfWorkRequest::PATH, json!({})).await }
    })
    .await;
    let counts = tally(&answers);
    assert_eq!(counts.get(&OK), Some(&10), "{counts:?}");
    assert_eq!(counts.get(&LIMITED), Some(&90), "{counts:?}");
    server.clock.advance(61);
    assert_eq!(
        europe
            .post(NewProofOfWorkRequest::PATH, json!({}))
            .await
            .code(),
        OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_right_answers_at_once_from_one_address_win_twenty_tickets() {
    let server = TestServer::start_with(|config| {
        config.work_challenges_per_client_per_minute = 1_000;
    })
    .await;
    let europe = server.client("europe");
    let mut solved = Vec::new();
    for _ in 0..40 {
        let challenge = europe.work_challenge().await;
        let nonce = Client::solve(&challenge);
        solved.push((challenge, nonce));
    }
    let answers = burst(solved.len(), |index| {
        let (client, (challenge, nonce)) = (europe.clone(), solved[index].clone());
        async move { client.answer_work(&challenge, nonce).await }
    })
    .await;
    let counts = tally(&answers);
    assert_eq!(counts.get(&OK), Some(&20), "{counts:?}");
    assert_eq!(counts.get(&LIMITED), Some(&20), "{counts:?}");
    assert!(
        answers
            .iter()
            .filter(|answer| answer.code() == LIMITED)
            .all(|answer| answer.retry_after().is_some_and(|seconds| seconds > 0))
    );
}

/// Wins one ticket from `client`'s address and says at what difficulty.
async fn win_ticket(client: &Client) -> u8 {
    let challenge = client.work_challenge().await;
    client
        .answer_work(&challenge, Client::solve(&challenge))
        .await
        .data::<CheckPassed>();
    challenge.difficulty
}

#[tokio::test]
async fn an_address_pays_one_bit_more_for_each_ticket_past_its_free_ones() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let mut paid = Vec::new();
    for _ in 0..6 {
        paid.push(win_ticket(&europe).await);
    }
    // Base 8 in the tests; 3 tickets an hour at the base, then twice the work each.
    assert_eq!(paid, [8, 8, 8, 9, 10, 11]);
    // Another address still starts at the base; the first, an hour on, too.
    let other = europe.from("127.0.0.2".parse().unwrap());
    assert_eq!(win_ticket(&other).await, 8);
    server.clock.advance(3601);
    assert_eq!(win_ticket(&europe).await, 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_region_handing_out_challenges_fast_prices_every_address_up_to_its_cap() {
    let server = TestServer::start_with(|config| {
        config.work_challenges_per_client_per_minute = 1_000;
        config.work_region_challenges_per_minute = 10;
        config.work_pressure_bits = 3;
    })
    .await;
    let europe = server.client("europe");
    // 10 a minute at rest; then a bit for each doubling: 20, 40, and at most 3.
    let difficulties: Vec<u8> = burst(100, |_| {
        let client = europe.clone();
        async move { client.work_challenge_answer().await }
    })
    .await
    .into_iter()
    .map(|answer| answer.data::<ProofOfWorkChallenge>().difficulty)
    .collect();
    let count = |bits: u8| difficulties.iter().filter(|d| **d == 8 + bits).count();
    assert_eq!(
        (count(0), count(1), count(2), count(3)),
        (11, 10, 20, 59),
        "{difficulties:?}"
    );
    // A person elsewhere pays the region's price too, and the base once the minute is over.
    let person = server.client("europe").from("127.0.0.3".parse().unwrap());
    assert_eq!(person.work_challenge().await.difficulty, 11);
    assert_eq!(
        server.client("americas").work_challenge().await.difficulty,
        8
    );
    server.clock.advance(61);
    assert_eq!(person.work_challenge().await.difficulty, 8);
}
