//! The spool: a message is written to the database in the transaction of the request that
//! causes it, and a worker sends what is due, retrying with backoff. A mail server that is
//! down, or a restart between the answer and the delivery, delays a message but never loses it.
//! A code dies with its reset: it is dropped when the reset completes, is given a new code or
//! expires, and is never sent late.

use crate::AppState;
use crate::delivery::Message;
use contract::{Channel, Region, ResetId};
use sqlx::SqliteConnection;
use std::time::Duration;

/// The longest wait between two tries of one message.
const MAX_BACKOFF_SECONDS: i64 = 300;
/// How often the worker looks for due messages when nobody wakes it.
const POLL: Duration = Duration::from_secs(1);

/// What a spooled message belongs to and whether it is sent at all.
pub struct Spooling<'a> {
    pub message: &'a Message,
    /// The reset whose code the message carries: dropped with it.
    pub reset: Option<&'a ResetId>,
    /// When the message is worthless (its code expired).
    pub expires_at: Option<i64>,
    /// False for an account that does not exist: written so that both cases do the same work,
    /// never sent, and without its body.
    pub deliverable: bool,
}

/// Writes a message to the spool in the caller's transaction; wake the worker after commit.
pub async fn enqueue(
    connection: &mut SqliteConnection,
    spooling: Spooling<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let message = spooling.message;
    let (body, code) = if spooling.deliverable {
        (message.body.as_str(), message.code.as_deref())
    } else {
        ("", None)
    };
    let (region, channel, reset_id, undeliverable) = (
        message.region.slug(),
        message.channel.as_str(),
        spooling.reset.map(ResetId::as_str),
        !spooling.deliverable,
    );
    sqlx::query!(
        "INSERT INTO spool (region, channel, recipient, subject, body, code, next_attempt_at,
             reset_id, expires_at, undeliverable)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        region,
        channel,
        message.to,
        message.subject,
        body,
        code,
        now,
        reset_id,
        spooling.expires_at,
        undeliverable,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Drops the undelivered codes of `reset`: its body and code are cleared and it is never sent.
pub async fn drop_codes_of(
    connection: &mut SqliteConnection,
    reset: &ResetId,
) -> Result<(), sqlx::Error> {
    let reset = reset.as_str();
    sqlx::query!(
        "UPDATE spool SET body = '', code = NULL, undeliverable = 1
         WHERE reset_id = ? AND delivered_at IS NULL AND undeliverable = 0",
        reset,
    )
    .execute(connection)
    .await?;
    Ok(())
}

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

impl TryFrom<Spooled> for Message {
    type Error = sqlx::Error;

    fn try_from(row: Spooled) -> Result<Message, sqlx::Error> {
        let corrupt = |what: &str, value: &str| {
            sqlx::Error::Decode(
                format!(
                    "spool row {}: stored {what} {value:?} does not parse",
                    row.id
                )
                .into(),
            )
        };
        let region: Region = row
            .region
            .parse()
            .map_err(|_| corrupt("region", &row.region))?;
        let channel =
            Channel::from_name(&row.channel).ok_or_else(|| corrupt("channel", &row.channel))?;
        Ok(Message {
            region,
            channel,
            to: row.recipient,
            subject: row.subject,
            body: row.body,
            code: row.code,
        })
    }
}

/// The wait before the next try after `attempts` failed ones.
fn backoff(attempts: i64) -> i64 {
    (1i64 << attempts.clamp(0, 8)).min(MAX_BACKOFF_SECONDS)
}

async fn retry_later(state: &AppState, id: i64, attempts: i64) -> Result<(), sqlx::Error> {
    let next_attempt_at = state.clock.now() + backoff(attempts);
    sqlx::query!(
        "UPDATE spool SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
        next_attempt_at,
        id,
    )
    .execute(&state.pool)
    .await?;
    Ok(())
}

/// Closes the undeliverable messages that are due, as delivery closes the others: the worker
/// writes after an unknown account's code as it does after a known one's, so that not even
/// the load that follows an answer tells them apart.
async fn close_undeliverable(state: &AppState, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE spool SET delivered_at = ?1
         WHERE delivered_at IS NULL AND undeliverable = 1 AND next_attempt_at <= ?1",
        now,
    )
    .execute(&state.pool)
    .await?;
    Ok(())
}

/// Sends every due message once; returns how many were sent.
async fn deliver_due(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    close_undeliverable(state, now).await?;
    let due = sqlx::query_as!(
        Spooled,
        // SQLite reports a rowid alias as nullable; it is not.
        r#"SELECT id AS "id!", region, channel, recipient, subject, body, code, attempts
           FROM spool
           WHERE delivered_at IS NULL AND undeliverable = 0 AND next_attempt_at <= ?1
               AND (expires_at IS NULL OR expires_at > ?1)
           ORDER BY id LIMIT 50"#,
        now,
    )
    .fetch_all(&state.pool)
    .await?;
    let mut sent = 0;
    for spooled in due {
        let (id, attempts) = (spooled.id, spooled.attempts);
        let message = match Message::try_from(spooled) {
            Ok(message) => message,
            Err(error) => {
                tracing::error!(%error, "a spooled message cannot be read");
                retry_later(state, id, attempts).await?;
                continue;
            }
        };
        let channel = message.channel.as_str();
        match state.delivery.deliver(id, message).await {
            Ok(()) => {
                sent += 1;
                let delivered_at = state.clock.now();
                sqlx::query!(
                    "UPDATE spool SET delivered_at = ?, body = '', code = NULL WHERE id = ?",
                    delivered_at,
                    id,
                )
                .execute(&state.pool)
                .await?;
            }
            Err(error) => {
                tracing::warn!(%error, channel, attempts = attempts + 1, retry_in_seconds = backoff(attempts), "delivery failed");
                retry_later(state, id, attempts).await?;
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
