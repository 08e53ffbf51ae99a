//! What happens to a reset's messages and rows over time: codes die with their reset, the
//! password-changed notice commits with the change, and expired rows are purged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestServer;
use contract::Endpoint;
use contract::wire::*;
use serde_json::json;
use sqlx::SqlitePool;

/// A server whose mail server never answers, so that codes stay in the spool.
async fn server_with_mail_down() -> TestServer {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    TestServer::start_with(move |config| config.smtp_url = Some(format!("smtp://127.0.0.1:{port}")))
        .await
}

async fn database(server: &TestServer) -> SqlitePool {
    reference_backend::open_database(&format!("sqlite://{}", server.database.display()))
        .await
        .unwrap()
}

/// The code still waiting in the spool for `reset_id`, read from the database file.
async fn spooled_code(pool: &SqlitePool, reset_id: &contract::ResetId) -> Option<String> {
    sqlx::query_scalar(
        "SELECT code FROM spool WHERE reset_id = ? AND delivered_at IS NULL AND code IS NOT NULL",
    )
    .bind(reset_id.as_str())
    .fetch_optional(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_spooled_code_dies_when_its_reset_completes() {
    let server = server_with_mail_down().await;
    let pool = database(&server).await;
    let europe = server.client("europe");
    let first = europe.start_reset("email", "bruno@example.com").await;
    let second = europe.start_reset("email", "bruno@example.com").await;
    let code = spooled_code(&pool, &first.reset_id).await.unwrap();
    assert!(spooled_code(&pool, &second.reset_id).await.is_some());
    let token = europe
        .verify(&first.reset_id, &code)
        .await
        .data::<CodeAccepted>()
        .reset_token;
    europe
        .complete(&token, "Another-passw0rd!")
        .await
        .data::<Done>();
    for reset in [&first.reset_id, &second.reset_id] {
        assert_eq!(spooled_code(&pool, reset).await, None);
    }
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM spool WHERE reset_id IS NOT NULL")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(bodies.iter().all(String::is_empty), "{bodies:?}");
    // The notice was written with the change, waiting for the mail server.
    let notices: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM spool WHERE subject LIKE '%password was changed%' AND undeliverable = 0",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(notices, 1);
}

#[tokio::test]
async fn a_resent_code_replaces_the_spooled_one() {
    let server = server_with_mail_down().await;
    let pool = database(&server).await;
    let europe = server.client("europe");
    let sent = europe.start_reset("email", "bruno@example.com").await;
    let first = spooled_code(&pool, &sent.reset_id).await.unwrap();
    server.clock.advance(61);
    europe
        .post(ResendRequest::PATH, json!({"resetId": sent.reset_id}))
        .await
        .data::<ResetCodeSent>();
    let waiting: Vec<String> =
        sqlx::query_scalar("SELECT code FROM spool WHERE reset_id = ? AND code IS NOT NULL")
            .bind(sent.reset_id.as_str())
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(waiting.len(), 1);
    assert_ne!(waiting[0], first);
}

#[tokio::test]
async fn expired_rows_are_purged_and_expired_codes_lose_their_body() {
    let server = server_with_mail_down().await;
    let pool = database(&server).await;
    let europe = server.client("europe");
    let sent = europe.start_reset("email", "bruno@example.com").await;
    europe.new_puzzle().await;
    europe.login("bruno@example.com", "wrong").await;
    // A code that expired unsent is dropped at the next purge, not sent late.
    server.clock.advance(601);
    let now = reference_backend::clock::Clock::now(&server.clock);
    reference_backend::purge::purge_expired(&pool, now)
        .await
        .unwrap();
    assert_eq!(spooled_code(&pool, &sent.reset_id).await, None);
    // A day later, nothing of it is left.
    server.clock.advance(2 * 24 * 3600);
    let purged = reference_backend::purge::purge_expired(
        &pool,
        reference_backend::clock::Clock::now(&server.clock),
    )
    .await
    .unwrap();
    assert!(purged.resets >= 1 && purged.limit_events >= 3, "{purged:?}");
    for table in ["captchas", "captcha_tickets", "resets", "limit_events"] {
        let left: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(left, 0, "{table}");
    }
    let codes_left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM spool WHERE code IS NOT NULL OR body != ''")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(codes_left, 0);
}

#[tokio::test]
async fn a_row_that_does_not_parse_is_an_error_not_a_default() {
    let server = TestServer::start().await;
    let pool = database(&server).await;
    let europe = server.client("europe");
    let sent = europe.start_reset("email", "bruno@example.com").await;
    sqlx::query("UPDATE resets SET channel = 'fax' WHERE id = ?")
        .bind(sent.reset_id.as_str())
        .execute(&pool)
        .await
        .unwrap();
    europe
        .verify(&sent.reset_id, "123456")
        .await
        .assert_error(ErrorCode::Internal);
}

#[tokio::test]
async fn the_address_key_survives_a_restart_and_a_damaged_one_stops_the_start() {
    let server = TestServer::start().await;
    let pool = database(&server).await;
    let key = || async {
        sqlx::query_scalar::<_, Vec<u8>>("SELECT key FROM server_keys WHERE name = 'address'")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let first = key().await;
    assert_eq!(first.len(), 32);
    let config = common::test_config(&server.database);
    let (clock, dir) = server.stop().await;
    let again = TestServer::launch(config.clone(), clock.clone()).await;
    assert_eq!(key().await, first, "the same key after a restart");
    again.stop().await;
    sqlx::query("UPDATE server_keys SET key = x'0102' WHERE name = 'address'")
        .execute(&pool)
        .await
        .unwrap();
    let refused = reference_backend::state(config, std::sync::Arc::new(clock)).await;
    let error = refused
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(error.contains("2 bytes, not 32"), "{error}");
    drop(dir);
}

#[tokio::test]
async fn a_message_delivered_again_after_a_crash_lands_once() {
    use reference_backend::delivery::{Delivery, Message, Outbox};
    let server = TestServer::start().await;
    let pool = database(&server).await;
    let outbox = Outbox {
        pool: pool.clone(),
        clock: std::sync::Arc::new(server.clock.clone()),
    };
    let message = Message {
        region: contract::Region::Europe,
        channel: contract::Channel::Email,
        to: "twice@example.com".into(),
        subject: "s".into(),
        body: "b".into(),
        code: Some("123456".into()),
    };
    // The spool row 9001 delivered, then again as if the record of it had been lost.
    outbox.deliver(9001, message.clone()).await.unwrap();
    outbox.deliver(9001, message.clone()).await.unwrap();
    outbox.deliver(9002, message).await.unwrap();
    let landed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipient = 'twice@example.com'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(landed, 2);
}
