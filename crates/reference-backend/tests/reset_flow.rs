//! The reset contract over HTTP on loopback, endpoint by endpoint, documented errors included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestServer;
use contract::Endpoint;
use contract::wire::*;
use contract::{PasswordPolicy, PasswordRule};
use serde_json::json;

use reference_backend::DEMO_PASSWORD;

#[tokio::test]
async fn the_policy_is_the_nist_default() {
    let server = TestServer::start().await;
    let policy: PasswordPolicy = server
        .client("europe")
        .get(PolicyRequest::PATH)
        .await
        .data();
    assert_eq!(policy, PasswordPolicy::default());
}

/// An address typed in capitals is the same account, with the same allowance.
#[tokio::test]
async fn an_address_in_capitals_names_the_same_account() {
    let server = TestServer::start_with(|config| config.codes_per_account_per_hour = 2).await;
    let americas = server.client("americas");
    let sent = americas.start_reset("email", "ALICE@EXAMPLE.COM").await;
    assert_eq!(sent.masked_destination, "ali****.com");
    let code = americas.code_for("alice@example.com", None).await;
    let token: CodeAccepted = americas.verify(&sent.reset_id, &code).await.data();
    americas
        .complete(&token.reset_token, "capitals are fine")
        .await
        .data::<serde_json::Value>();
    let session = americas
        .login("Alice@Example.COM", "capitals are fine")
        .await;
    assert_eq!(session.code(), 200, "{session:?}");
    // One account whatever the case: the second code of the hour, then the limit.
    americas.start_reset("email", "alice@EXAMPLE.com").await;
    americas
        .ask_code("email", "Alice@example.com")
        .await
        .assert_error(ErrorCode::TooManyRequests);
}

#[tokio::test]
async fn a_whole_reset_by_email_changes_the_password() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let sent = europe.start_reset("email", "bruno@example.com").await;
    assert_eq!(sent.masked_destination, "bru****.com");
    assert_eq!(
        (sent.resend_after_seconds, sent.code_ttl_seconds),
        (60, 600)
    );
    let code = europe.code_for("bruno@example.com", None).await;
    let token: CodeAccepted = europe.verify(&sent.reset_id, &code).await.data();
    assert_eq!(token.expires_in_seconds, 900);
    assert!(token.reset_token.as_str().len() >= 22, "at least 128 bits");
    europe
        .complete(&token.reset_token, "a brand new secret")
        .await
        .data::<serde_json::Value>();
    europe
        .login("bruno@example.com", DEMO_PASSWORD)
        .await
        .assert_error(ErrorCode::WrongCredentials);
    let session = europe
        .login(
            "BRUNO@EXAMPLE.COM".to_lowercase().as_str(),
            "a brand new secret",
        )
        .await;
    assert!(
        session.body["data"]["accessToken"]
            .as_str()
            .is_some_and(|t| t.len() > 20),
        "{session:?}"
    );
    let changed = europe.outbox().await;
    assert!(
        changed.iter().any(|m| m["to"] == "bruno@example.com"
            && m["subject"].as_str().unwrap().contains("changed")),
        "the account is told its password changed"
    );
    // The token works once.
    europe
        .complete(&token.reset_token, "another new secret")
        .await
        .assert_error(ErrorCode::AlreadyUsed);
}

#[tokio::test]
async fn a_whole_reset_by_phone_accepts_any_typed_form() {
    let server = TestServer::start().await;
    let asia = server.client("asia-pacific");
    let sent = asia.start_reset("sms", "+65 9123 4567").await;
    assert_eq!(sent.masked_destination, "+65 ****4567");
    let code = asia.code_for("+6591234567", None).await;
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let token: CodeAccepted = asia.verify(&sent.reset_id, &spaced).await.data();
    asia.complete(&token.reset_token, "sunrise over marina")
        .await
        .data::<serde_json::Value>();
    asia.login("+65 9123-4567", "sunrise over marina")
        .await
        .data::<serde_json::Value>();
}

#[tokio::test]
async fn an_unknown_account_gets_the_same_answer_and_no_message() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let known = europe.ask_code("email", "bruno@example.com").await;
    let unknown = europe.ask_code("email", "nobody@example.com").await;
    assert_eq!(known.status, unknown.status);
    let keys = |answer: &common::Answer| {
        let mut keys: Vec<String> = answer.body["data"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&known), keys(&unknown));
    assert_eq!(unknown.body["data"]["maskedDestination"], "nob****.com");
    assert_eq!(
        known.body["data"]["resendAfterSeconds"],
        unknown.body["data"]["resendAfterSeconds"]
    );
    europe.code_for("bruno@example.com", None).await;
    assert!(
        europe
            .outbox()
            .await
            .iter()
            .all(|m| m["to"] != "nobody@example.com")
    );
    // And guessing at it gets nowhere.
    let reset_id = unknown.body["data"]["resetId"].as_str().unwrap();
    europe
        .verify(reset_id, "000000")
        .await
        .assert_error(ErrorCode::WrongCode);
}

#[tokio::test]
async fn an_account_of_another_region_does_not_exist_here() {
    let server = TestServer::start().await;
    let america = server.client("americas");
    let sent = america.start_reset("email", "bruno@example.com").await;
    assert_eq!(sent.masked_destination, "bru****.com");
    europe_and_america_outboxes_stay_empty(&server).await;
    america
        .login("bruno@example.com", DEMO_PASSWORD)
        .await
        .assert_error(ErrorCode::WrongCredentials);
    server
        .client("europe")
        .login("bruno@example.com", DEMO_PASSWORD)
        .await
        .data::<serde_json::Value>();
}

async fn europe_and_america_outboxes_stay_empty(server: &TestServer) {
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(server.client("americas").outbox().await.is_empty());
    assert!(server.client("europe").outbox().await.is_empty());
}

#[tokio::test]
async fn wrong_codes_count_down_then_lock_the_reset() {
    let server = TestServer::start().await;
    let america = server.client("americas");
    let sent = america.start_reset("email", "alice@example.com").await;
    let code = america.code_for("alice@example.com", None).await;
    let wrong = if code == "111111" { "222222" } else { "111111" };
    for left in (1..=4).rev() {
        let answer = america.verify(&sent.reset_id, wrong).await;
        answer.assert_error(ErrorCode::WrongCode);
        assert_eq!(answer.body["data"]["attemptsLeft"], left);
    }
    let last = america.verify(&sent.reset_id, wrong).await;
    last.assert_error(ErrorCode::Locked);
    assert_eq!(last.body["data"]["attemptsLeft"], 0);
    america
        .verify(&sent.reset_id, &code)
        .await
        .assert_error(ErrorCode::Locked);
    america
        .post(ResendRequest::PATH, json!({"resetId": sent.reset_id}))
        .await
        .assert_error(ErrorCode::Locked);
    // Starting again works.
    server.clock.advance(60);
    let again = america.start_reset("email", "alice@example.com").await;
    let fresh = america.code_for("alice@example.com", Some(&code)).await;
    america
        .verify(&again.reset_id, &fresh)
        .await
        .data::<CodeAccepted>();
}

#[tokio::test]
async fn a_code_that_is_not_six_digits_is_refused_without_costing_an_attempt() {
    let server = TestServer::start().await;
    let america = server.client("americas");
    let sent = america.start_reset("email", "alice@example.com").await;
    let answer = america.verify(&sent.reset_id, "12ab").await;
    answer.assert_error(ErrorCode::InvalidRequest);
    assert_eq!(answer.body["data"]["field"], "code");
    let code = america.code_for("alice@example.com", None).await;
    let wrong = if code == "000000" { "999999" } else { "000000" };
    let answer = america.verify(&sent.reset_id, wrong).await;
    assert_eq!(
        answer.body["data"]["attemptsLeft"], 4,
        "the malformed try cost nothing"
    );
}

#[tokio::test]
async fn codes_and_tokens_expire_by_the_clock() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let sent = europe.start_reset("sms", "+4915112345678").await;
    let code = europe.code_for("+4915112345678", None).await;
    server.clock.advance(601);
    europe
        .verify(&sent.reset_id, &code)
        .await
        .assert_error(ErrorCode::Expired);

    let sent = europe.start_reset("sms", "+4915112345678").await;
    let code = europe.code_for("+4915112345678", Some(&code)).await;
    let token: CodeAccepted = europe.verify(&sent.reset_id, &code).await.data();
    server.clock.advance(901);
    europe
        .complete(&token.reset_token, "late but long enough")
        .await
        .assert_error(ErrorCode::Expired);
}

#[tokio::test]
async fn resending_waits_for_the_cooldown_and_replaces_the_code() {
    let server = TestServer::start().await;
    let america = server.client("americas");
    let sent = america.start_reset("sms", "+1 202 555 0143").await;
    let first = america.code_for("+12025550143", None).await;
    let resend = json!({"resetId": sent.reset_id});
    server.clock.advance(20);
    let early = america.post(ResendRequest::PATH, resend.clone()).await;
    early.assert_error(ErrorCode::TooManyRequests);
    assert_eq!(early.body["data"]["retryAfterSeconds"], 40);
    server.clock.advance(40);
    let again = america.post(ResendRequest::PATH, resend).await;
    assert_eq!(
        again
            .data::<contract::wire::ResetCodeSent>()
            .masked_destination,
        "+1 ****0143"
    );
    let second = america.code_for("+12025550143", Some(&first)).await;
    america
        .verify(&sent.reset_id, &first)
        .await
        .assert_error(ErrorCode::WrongCode);
    america
        .verify(&sent.reset_id, &second)
        .await
        .data::<CodeAccepted>();
    america
        .post(ResendRequest::PATH, json!({"resetId": "no-such-reset"}))
        .await
        .assert_error(ErrorCode::NotFound);
}

#[tokio::test]
async fn at_most_three_codes_per_account_per_hour_for_one_address() {
    let server = TestServer::start().await;
    let america = server.client("americas");
    for _ in 0..3 {
        america.start_reset("email", "alice@example.com").await;
        server.clock.advance(61);
    }
    let refused = america.ask_code("email", "alice@example.com").await;
    refused.assert_error(ErrorCode::TooManyRequests);
    let wait = refused.body["data"]["retryAfterSeconds"].as_u64().unwrap();
    assert!((3600 - 3 * 61..=3600).contains(&wait), "{wait}");
    server.clock.advance(i64::try_from(wait).unwrap());
    america.start_reset("email", "alice@example.com").await;
}

#[tokio::test]
async fn at_most_twenty_requests_per_client_per_hour() {
    let server = TestServer::start().await;
    let asia = server.client("asia-pacific");
    for n in 0..20 {
        asia.start_reset("email", &format!("user{n}@example.com"))
            .await;
    }
    asia.ask_code("email", "one-more@example.com")
        .await
        .assert_error(ErrorCode::TooManyRequests);
    server.clock.advance(3601);
    asia.start_reset("email", "one-more@example.com").await;
}

#[tokio::test]
async fn a_new_password_that_breaks_the_policy_lists_every_unmet_rule() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let sent = europe.start_reset("email", "bruno@example.com").await;
    let code = europe.code_for("bruno@example.com", None).await;
    let token: CodeAccepted = europe.verify(&sent.reset_id, &code).await.data();
    let answer = europe.complete(&token.reset_token, "bruno").await;
    answer.assert_error(ErrorCode::PasswordPolicy);
    let unmet: Vec<PasswordRule> =
        serde_json::from_value(answer.body["data"]["unmetRules"].clone()).unwrap();
    assert_eq!(
        unmet,
        vec![PasswordRule::MinLength(8), PasswordRule::NotAccountName]
    );
    let common = europe.complete(&token.reset_token, "password123").await;
    assert_eq!(
        common.body["data"]["unmetRules"],
        json!([{"rule": "notCommon"}])
    );
    // The refusals did not spend the token.
    europe
        .complete(&token.reset_token, "a fine long passphrase")
        .await
        .data::<serde_json::Value>();
    europe
        .complete(&token.reset_token, "x")
        .await
        .assert_error(ErrorCode::AlreadyUsed);
    europe
        .complete("not-a-token", "a fine long passphrase")
        .await
        .assert_error(ErrorCode::NotFound);
}

#[tokio::test]
async fn a_verified_code_can_be_proven_again_after_a_reload_until_the_reset_completes() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let sent = europe.start_reset("email", "bruno@example.com").await;
    let code = europe.code_for("bruno@example.com", None).await;
    europe
        .verify(&sent.reset_id, &code)
        .await
        .data::<CodeAccepted>();
    let second: CodeAccepted = europe.verify(&sent.reset_id, &code).await.data();
    europe
        .complete(&second.reset_token, "after a reload too")
        .await
        .data::<serde_json::Value>();
    europe
        .verify(&sent.reset_id, &code)
        .await
        .assert_error(ErrorCode::AlreadyUsed);
}

#[tokio::test]
async fn each_puzzle_takes_one_try_and_each_ticket_one_use() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let first = europe.new_puzzle().await;
    let second = europe.new_puzzle().await;
    let picture = |path: String| {
        let url = format!("{}{path}", europe.base);
        async move { reqwest::get(url).await.unwrap().bytes().await.unwrap() }
    };
    let (first_picture, second_picture) = (
        picture(first.background_image.clone()).await,
        picture(second.background_image.clone()).await,
    );
    assert!(first_picture.starts_with(&[0xff, 0xd8, 0xff]), "a JPEG");
    assert_ne!(first_picture, second_picture, "every puzzle is drawn anew");
    assert!(
        picture(first.piece_image.clone())
            .await
            .starts_with(b"\x89PNG"),
        "a PNG"
    );
    assert_eq!(
        (first.width, first.height, first.piece_size),
        (320, 160, 56)
    );
    assert!(first.piece_y + first.piece_size <= first.height);
    let gap = europe.gap_of(&first.captcha_id).await;
    let verify = |id: &contract::CheckId, x: u32| json!({"captchaId": id, "x": x});
    europe
        .post(SliderAnswer::PATH, verify(&first.captcha_id, gap + 30))
        .await
        .assert_error(ErrorCode::CaptchaFailed);
    europe
        .post(SliderAnswer::PATH, verify(&first.captcha_id, gap))
        .await
        .assert_error(ErrorCode::CaptchaFailed);
    let gap = europe.gap_of(&second.captcha_id).await;
    let ticket = europe
        .post(SliderAnswer::PATH, verify(&second.captcha_id, gap + 3))
        .await;
    let ticket = ticket.data::<contract::wire::CheckPassed>().captcha_ticket;
    let request = json!({"channel": "email", "account": "bruno@example.com", "captchaTicket": ticket, "locale": "en"});
    europe
        .post(ResetCodeRequest::PATH, request.clone())
        .await
        .data::<serde_json::Value>();
    europe
        .post(ResetCodeRequest::PATH, request)
        .await
        .assert_error(ErrorCode::CaptchaTicketInvalid);
    europe
        .post(SliderAnswer::PATH, verify(&"unknown".parse().unwrap(), 10))
        .await
        .assert_error(ErrorCode::NotFound);
    // A ticket of Europe is nothing in America.
    let ticket = europe.ticket().await;
    server.client("americas")
        .post(ResetCodeRequest::PATH,
            json!({"channel": "email", "account": "alice@example.com", "captchaTicket": ticket, "locale": "en"}))
        .await
        .assert_error(ErrorCode::CaptchaTicketInvalid);
}

#[tokio::test]
async fn puzzles_and_tickets_expire() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let puzzle = europe.new_puzzle().await;
    let gap = europe.gap_of(&puzzle.captcha_id).await;
    server.clock.advance(121);
    europe
        .post(
            SliderAnswer::PATH,
            json!({"captchaId": puzzle.captcha_id, "x": gap}),
        )
        .await
        .assert_error(ErrorCode::Expired);
    let ticket = europe.ticket().await;
    server.clock.advance(121);
    europe.post(ResetCodeRequest::PATH,
        json!({"channel": "email", "account": "bruno@example.com", "captchaTicket": ticket, "locale": "en"}))
        .await
        .assert_error(ErrorCode::CaptchaTicketInvalid);
}

#[tokio::test]
async fn an_invalid_account_says_what_is_wrong() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let answer = europe.ask_code("email", "bruno@example").await;
    answer.assert_error(ErrorCode::InvalidRequest);
    assert_eq!(answer.body["data"]["field"], "account");
    assert_eq!(
        answer.body["message"],
        "The domain after the @ needs a dot, as in example.com."
    );
    let phone = europe.ask_code("sms", "+49 1").await;
    assert!(
        phone.body["message"]
            .as_str()
            .unwrap()
            .contains("too short (DE)"),
        "{phone:?}"
    );
}

#[tokio::test]
async fn a_restart_in_the_middle_of_a_reset_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("restart.db");
    let config = common::test_config(&database);
    let first =
        TestServer::launch(config.clone(), reference_backend::clock::ManualClock::new()).await;
    let europe = first.client("europe");
    let sent = europe.start_reset("email", "bruno@example.com").await;
    let code = europe.code_for("bruno@example.com", None).await;
    let (clock, _) = first.stop().await;
    let second = TestServer::launch(config, clock).await;
    let europe = second.client("europe");
    let token: CodeAccepted = europe.verify(&sent.reset_id, &code).await.data();
    europe
        .complete(&token.reset_token, "survived a restart")
        .await
        .data::<serde_json::Value>();
    europe
        .login("bruno@example.com", "survived a restart")
        .await
        .data::<serde_json::Value>();
    assert!(second.database.exists());
}
