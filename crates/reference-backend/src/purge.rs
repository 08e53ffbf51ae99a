//! Nothing grows forever: expired puzzles, tickets, resets, limit events, known addresses and
//! delivered or dropped messages are deleted on a schedule.

use crate::AppState;
use crate::limits::{Counter, DAY};
use sqlx::SqlitePool;
use std::time::Duration;

/// How long a finished reset is kept after its last expiry, so that a late request still gets
/// "expired" or "already complete" rather than "unknown".
const RESET_GRACE: i64 = DAY;

/// Rows deleted by one purge, per kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    pub puzzles: u64,
    pub tickets: u64,
    pub resets: u64,
    pub limit_events: u64,
    pub known_addresses: u64,
    pub messages: u64,
}

/// Deletes what expired by `now`, in one transaction.
pub async fn purge_expired(pool: &SqlitePool, now: i64) -> Result<Purged, sqlx::Error> {
    let mut transaction = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (reset_cutoff, message_cutoff) = (now - RESET_GRACE, now - DAY);
    let mut purged = Purged {
        puzzles: sqlx::query!("DELETE FROM captchas WHERE expires_at <= ?", now)
            .execute(&mut *transaction)
            .await?
            .rows_affected()
            + sqlx::query!("DELETE FROM work_challenges WHERE expires_at <= ?", now)
                .execute(&mut *transaction)
                .await?
                .rows_affected(),
        tickets: sqlx::query!("DELETE FROM captcha_tickets WHERE expires_at <= ?", now)
            .execute(&mut *transaction)
            .await?
            .rows_affected(),
        resets: sqlx::query!(
            "DELETE FROM resets WHERE code_expires_at <= ?1
                 AND (token_expires_at IS NULL OR token_expires_at <= ?1)",
            reset_cutoff,
        )
        .execute(&mut *transaction)
        .await?
        .rows_affected(),
        ..Purged::default()
    };
    for counter in Counter::ALL {
        let (name, cutoff) = (counter.name(), now - counter.window());
        purged.limit_events += sqlx::query!(
            "DELETE FROM limit_events WHERE counter = ? AND at <= ?",
            name,
            cutoff,
        )
        .execute(&mut *transaction)
        .await?
        .rows_affected();
    }
    purged.known_addresses = sqlx::query!("DELETE FROM known_addresses WHERE until <= ?", now)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
    // A code nobody sent in time is worthless: its body goes at once.
    sqlx::query!(
        "UPDATE spool SET body = '', code = NULL, undeliverable = 1
         WHERE delivered_at IS NULL AND expires_at <= ?",
        now,
    )
    .execute(&mut *transaction)
    .await?;
    purged.messages = sqlx::query!(
        "DELETE FROM spool WHERE (delivered_at IS NOT NULL OR undeliverable = 1)
             AND next_attempt_at <= ?",
        message_cutoff,
    )
    .execute(&mut *transaction)
    .await?
    .rows_affected();
    transaction.commit().await?;
    Ok(purged)
}

/// Purges at start and then every `--purge-interval` seconds until the task is aborted: at
/// start too, so that a server restarted more often than the interval still purges.
pub async fn run(state: AppState) {
    let interval = Duration::from_secs(state.config.purge_interval.max(1));
    loop {
        match purge_expired(&state.pool, state.clock.now()).await {
            Ok(purged) => tracing::info!(?purged, "purged expired rows"),
            Err(error) => tracing::error!(%error, "the purge failed"),
        }
        tokio::time::sleep(interval).await;
    }
}
