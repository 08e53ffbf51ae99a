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
    let passed: PuzzlePassed = europe
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
        .post(WorkAnswer::PATH, json!({"challengeId": "x", "nonce": -1}))
        .await;
    answer.assert_error(ErrorCode::InvalidRequest);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_challenges_at_once_from_one_address_admit_ten_a_minute() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let answers = burst(100, |_| {
        let client = europe.clone();
        async move { client.post(NewWorkChallengeRequest::PATH, json!({})).await }
    })
    .await;
    let counts = tally(&answers);
    assert_eq!(counts.get(&OK), Some(&10), "{counts:?}");
    assert_eq!(counts.get(&LIMITED), Some(&90), "{counts:?}");
    server.clock.advance(61);
    assert_eq!(
        europe
            .post(NewWorkChallengeRequest::PATH, json!({}))
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
