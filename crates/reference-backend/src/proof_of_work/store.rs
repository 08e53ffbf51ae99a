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
    let (id, region, salt) = (id.as_str(), region.slug(), salt.to_string());
    sqlx::query!(
        "INSERT INTO work_challenges (id, region, salt, difficulty, expires_at)
         VALUES (?, ?, ?, ?, ?)",
        id,
        region,
        salt,
        difficulty,
        expires_at,
    )
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
    let (id, region) = (id.as_str(), region.slug());
    let row = sqlx::query!(
        r#"SELECT salt, difficulty, expires_at, tried AS "tried: bool" FROM work_challenges
           WHERE id = ? AND region = ?"#,
        id,
        region,
    )
    .fetch_optional(connection)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let salt: ProofOfWorkSalt = row
        .salt
        .parse()
        .map_err(|_| ApiError::internal(format!("stored salt {:?} does not parse", row.salt)))?;
    let difficulty = u8::try_from(row.difficulty).map_err(|_| {
        ApiError::internal(format!(
            "stored difficulty {} does not parse",
            row.difficulty
        ))
    })?;
    Ok(Some(Challenge {
        asks: ProofOfWork { salt, difficulty },
        expires_at: row.expires_at,
        tried_before: row.tried,
    }))
}

/// Marks the challenge `id` answered: it takes no other answer.
pub async fn mark_tried(
    connection: &mut SqliteConnection,
    id: &CheckId,
) -> Result<(), sqlx::Error> {
    let id = id.as_str();
    sqlx::query!("UPDATE work_challenges SET tried = 1 WHERE id = ?", id)
        .execute(connection)
        .await?;
    Ok(())
}
