//! The spool: a message is written to the database in the request that causes it, and a
//! worker sends what is due, retrying with backoff. A mail server that is down, or a restart
//! between the answer and the delivery, delays a message but never loses it.

use crate::AppState;
use crate::delivery::Message;
use contract::{Channel, Region};
use std::time::Duration;

/// The longest wait between two tries of one message.
const MAX_BACKOFF_SECONDS: i64 = 300;
/// How often the worker looks for due messages when nobody wakes it.
const POLL: Duration = Duration::from_secs(1);

/// Writes `message` to the spool and wakes the worker.
pub async fn enqueue(state: &AppState, message: &Message) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO spool (region, channel, recipient, subject, body, code, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(message.region.slug())
    .bind(message.channel.as_str())
    .bind(&message.to)
    .bind(&message.subject)
    .bind(&message.body)
    .bind(&message.code)
    .bind(state.clock.now())
    .execute(&state.pool)
    .await?;
    state.spool_wakeup.notify_one();
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Spooled {
    id: i64,
    region: String,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    code: Option<String>,
    attempts: i64,
}

/// Sends every due message once; returns how many were sent.
async fn deliver_due(state: &AppState) -> Result<usize, sqlx::Error> {
    let due: Vec<Spooled> = sqlx::query_as(
        "SELECT id, region, channel, recipient, subject, body, code, attempts FROM spool
         WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT 50",
    )
    .bind(state.clock.now())
    .fetch_all(&state.pool)
    .await?;
    let mut sent = 0;
    for spooled in due {
        let message = Message {
            region: spooled.region.parse().unwrap_or(Region::Americas),
            channel: Channel::from_name(&spooled.channel).unwrap_or(Channel::Email),
            to: spooled.recipient,
            subject: spooled.subject,
            body: spooled.body,
            code: spooled.code,
        };
        let channel = message.channel.as_str();
        match state.delivery.deliver(message).await {
            Ok(()) => {
                sent += 1;
                sqlx::query(
                    "UPDATE spool SET delivered_at = ?, body = '', code = NULL WHERE id = ?",
                )
                .bind(state.clock.now())
                .bind(spooled.id)
                .execute(&state.pool)
                .await?;
            }
            Err(error) => {
                let backoff = 1i64 << spooled.attempts.clamp(0, 8);
                let wait = backoff.min(MAX_BACKOFF_SECONDS);
                tracing::warn!(%error, channel, attempts = spooled.attempts + 1, retry_in_seconds = wait, "delivery failed");
                sqlx::query(
                    "UPDATE spool SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
                )
                .bind(state.clock.now() + wait)
                .bind(spooled.id)
                .execute(&state.pool)
                .await?;
            }
        }
    }
    Ok(sent)
}

/// Delivers spooled messages until the task is aborted.
pub async fn run(state: AppState) {
    loop {
        if let Err(error) = deliver_due(&state).await {
            tracing::error!(%error, "the spool could not be read");
        }
        tokio::select! {
            () = state.spool_wakeup.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}
