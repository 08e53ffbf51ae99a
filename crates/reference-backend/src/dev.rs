//! Development mode: demo accounts, and windows onto the outbox and the puzzles, so that a
//! person or a test can finish a reset without a mailbox. Never mounted outside `--dev`.

use crate::api::ApiError;
use crate::region::InRegion;
use crate::{AppState, secrets};
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use contract::wire::ErrorCode;
use contract::{Account, Channel, Region};
use serde::Serialize;
use sqlx::SqlitePool;

/// Region, channel, identifier; every demo account's password is [`DEMO_PASSWORD`].
pub const DEMO_ACCOUNTS: [(Region, Channel, &str); 6] = [
    (Region::Americas, Channel::Email, "alice@example.com"),
    (Region::Americas, Channel::Sms, "+12025550143"),
    (Region::Europe, Channel::Email, "bruno@example.com"),
    (Region::Europe, Channel::Sms, "+4915112345678"),
    (Region::AsiaPacific, Channel::Email, "chen@example.com"),
    (Region::AsiaPacific, Channel::Sms, "+6591234567"),
];

/// Every demo account's password, kept in `demo-password.txt`, which the end-to-end tests
/// read too.
pub const DEMO_PASSWORD: &str = include_str!("../demo-password.txt").trim_ascii();

/// Adds the demo accounts that are not there yet.
pub async fn seed(pool: &SqlitePool) -> anyhow::Result<()> {
    for (region, channel, identifier) in DEMO_ACCOUNTS {
        let canonical = Account::parse(channel, identifier)?.folded().to_string();
        let (region, channel) = (region.slug(), channel.as_str());
        let exists = sqlx::query_scalar!(
            r#"SELECT id AS "id!" FROM accounts WHERE region = ? AND channel = ? AND identifier = ?"#,
            region,
            channel,
            canonical,
        )
        .fetch_optional(pool)
        .await?;
        if exists.is_none() {
            let hash =
                tokio::task::spawn_blocking(|| secrets::hash_password(DEMO_PASSWORD)).await??;
            sqlx::query!(
                "INSERT INTO accounts (region, channel, identifier, password_hash) VALUES (?, ?, ?, ?)",
                region,
                channel,
                canonical,
                hash,
            )
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/__dev/outbox", get(outbox))
        .route("/__dev/captcha/{captcha_id}", get(captcha_answer))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Delivered {
    to: String,
    channel: String,
    subject: String,
    body: String,
    code: Option<String>,
    sent_at: i64,
}

/// The region's delivered messages, newest first.
async fn outbox(
    State(state): State<AppState>,
    InRegion(region): InRegion,
) -> Result<Json<Vec<Delivered>>, ApiError> {
    let region = region.slug();
    let messages = sqlx::query_as!(
        Delivered,
        r#"SELECT recipient AS "to", channel, subject, body, code, sent_at FROM outbox
         WHERE region = ? ORDER BY id DESC LIMIT 200"#,
        region,
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(messages))
}

#[derive(Serialize)]
struct GapAnswer {
    x: i64,
}

/// Where a puzzle's gap is.
async fn captcha_answer(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    Path(captcha_id): Path<String>,
) -> Result<Json<GapAnswer>, ApiError> {
    let region = region.slug();
    let x = sqlx::query_scalar!(
        "SELECT gap_x FROM captchas WHERE id = ? AND region = ?",
        captcha_id,
        region,
    )
    .fetch_optional(&state.pool)
    .await?;
    x.map(|x| Json(GapAnswer { x }))
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "No such puzzle."))
}
