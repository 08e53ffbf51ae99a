//! Proof-of-work challenges and the counts that price them, in the caller's transaction.

use super::rules::{Challenge, ProofOfWork};
use crate::api::ApiError;
use crate::limits::{self, Counter};
use contract::{CheckId, ProofOfWorkSalt, Region};
use sqlx::SqliteConnection;

/// What prices the next challenge for `client` in `region` at `now`: the address's tickets
/// this hour and the region's challenges this minute, this one counted among them from now.
pub async fn price_counts(
    connection: &mut SqliteConnection,
    client: &str,
    region: Region,
    now: i64,
) -> Result<(u32, u32), sqlx::Error> {
    let tickets = limits::tally(connection, Counter::WorkTicketsPerAddress, client, now)
        .await?
        .count;
    let region_key = region.slug();
    let pressure = limits::tally(
        connection,
        Counter::WorkChallengesPerRegion,
        region_key,
        now,
    )
    .await?
    .count;
    limits::record(
        connection,
        Counter::WorkChallengesPerRegion,
        region_key,
        now,
    )
    .await?;
    Ok((tickets, pressure))
}

/// Keeps a new challenge as `id` in `region` until `expires_at`.
pub async fn insert_challenge(
    connection: &mut SqliteConnection,
    id: &CheckId,
    region: Region,
    salt: &ProofOfWorkSalt,
    difficulty: u8,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO work_challenges (id, region, salt, difficulty, expires_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(region.slug())
    .bind(salt.to_string())
    .bind(difficulty)
    .bind(expires_at)
    .execute(connection)
    .await?;
    Ok(())
}

/// The challenge `id` of `region`; a row that does not parse is an error.
pub async fn challenge(
    connection: &mut SqliteConnection,
    region: Region,
    id: &CheckId,
) -> Result<Option<Challenge>, ApiError> {
    let row: Option<(String, i64, i64, bool)> = sqlx::query_as(
        "SELECT salt, difficulty, expires_at, tried FROM work_challenges
         WHERE id = ? AND region = ?",
    )
    .bind(id.as_str())
    .bind(region.slug())
    .fetch_optional(connection)
    .await?;
    let Some((salt, difficulty, expires_at, tried_before)) = row else {
        return Ok(None);
    };
    let salt: ProofOfWorkSalt = salt
        .parse()
        .map_err(|_| ApiError::internal(format!("stored salt {salt:?} does not parse")))?;
    let difficulty = u8::try_from(difficulty).map_err(|_| {
        ApiError::internal(format!("stored difficulty {difficulty} does not parse"))
    })?;
    Ok(Some(Challenge {
        asks: ProofOfWork { salt, difficulty },
        expires_at,
        tried_before,
    }))
}

/// Marks the challenge `id` answered: it takes no other answer.
pub async fn mark_tried(
    connection: &mut SqliteConnection,
    id: &CheckId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE work_challenges SET tried = 1 WHERE id = ?")
        .bind(id.as_str())
        .execute(connection)
        .await?;
    Ok(())
}
