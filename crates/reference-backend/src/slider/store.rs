//! Puzzles and the tickets of either human check, in the database.

use super::rules;
use crate::api::ApiError;
use crate::secrets::{self, Issued};
use crate::slider::picture;
use contract::{CheckId, Region, SliderPicture, Ticket};
use sqlx::{SqliteConnection, SqlitePool};

/// Keeps a drawn puzzle as `id` in `region` until `expires_at`: its gap and its pictures.
pub async fn insert_puzzle(
    pool: &SqlitePool,
    id: &CheckId,
    region: Region,
    puzzle: &picture::DrawnSlider,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    let (id, region) = (id.as_str(), region.slug());
    sqlx::query!(
        "INSERT INTO captchas (id, region, gap_x, expires_at, background, piece)
         VALUES (?, ?, ?, ?, ?, ?)",
        id,
        region,
        puzzle.gap_x,
        expires_at,
        puzzle.background_jpeg,
        puzzle.piece_png,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// One of the pictures of the puzzle `id` in `region`, while it lives at `now`.
pub async fn picture(
    pool: &SqlitePool,
    region: Region,
    id: &str,
    picture: SliderPicture,
    now: i64,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let region = region.slug();
    // One fixed statement per picture: no SQL is put together from parts.
    match picture {
        SliderPicture::Background => {
            sqlx::query_scalar!(
                "SELECT background FROM captchas WHERE id = ? AND region = ? AND expires_at > ?",
                id,
                region,
                now,
            )
            .fetch_optional(pool)
            .await
        }
        SliderPicture::Piece => {
            sqlx::query_scalar!(
                "SELECT piece FROM captchas WHERE id = ? AND region = ? AND expires_at > ?",
                id,
                region,
                now,
            )
            .fetch_optional(pool)
            .await
        }
    }
}

/// The puzzle `id` of `region` as a try finds it, the try marked: reading and marking in one
/// immediate transaction makes one try per puzzle, even when answers race.
pub async fn take_try(
    pool: &SqlitePool,
    region: Region,
    id: &CheckId,
) -> Result<Option<rules::Slider>, ApiError> {
    let mut transaction = crate::reset::store::begin(pool).await?;
    let (id, region) = (id.as_str(), region.slug());
    let row = sqlx::query!(
        r#"SELECT gap_x, expires_at, tried AS "tried: bool" FROM captchas
           WHERE id = ? AND region = ?"#,
        id,
        region,
    )
    .fetch_optional(&mut *transaction)
    .await?;
    sqlx::query!("UPDATE captchas SET tried = 1 WHERE id = ?", id)
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    row.map(|row| {
        let gap_x = u32::try_from(row.gap_x)
            .map_err(|_| ApiError::internal(format!("puzzle gap {} does not parse", row.gap_x)))?;
        Ok(rules::Slider {
            asks: gap_x,
            expires_at: row.expires_at,
            tried_before: row.tried,
        })
    })
    .transpose()
}

/// Keeps a new single-use ticket for `region`, as its digest, until `expires_at`.
pub async fn issue_ticket(
    pool: &SqlitePool,
    region: Region,
    expires_at: i64,
) -> Result<Ticket, sqlx::Error> {
    let ticket = Ticket::issue();
    let (digest, region) = (secrets::digest(ticket.as_str()), region.slug());
    sqlx::query!(
        "INSERT INTO captcha_tickets (ticket_hash, region, expires_at) VALUES (?, ?, ?)",
        digest,
        region,
        expires_at,
    )
    .execute(pool)
    .await?;
    Ok(ticket)
}

/// Spends a ticket of `region` in the caller's transaction; false when it is unknown, used or
/// expired.
pub async fn redeem_ticket(
    connection: &mut SqliteConnection,
    region: Region,
    ticket: &Ticket,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let (digest, region) = (secrets::digest(ticket.as_str()), region.slug());
    let spent = sqlx::query!(
        "UPDATE captcha_tickets SET used = 1
         WHERE ticket_hash = ? AND region = ? AND used = 0 AND expires_at > ?",
        digest,
        region,
        now,
    )
    .execute(connection)
    .await?;
    Ok(spent.rows_affected() == 1)
}
