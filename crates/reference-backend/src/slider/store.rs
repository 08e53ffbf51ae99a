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
    sqlx::query(
        "INSERT INTO captchas (id, region, gap_x, expires_at, background, piece)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(region.slug())
    .bind(puzzle.gap_x)
    .bind(expires_at)
    .bind(&puzzle.background_jpeg)
    .bind(&puzzle.piece_png)
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
    // One fixed statement per picture: no SQL is put together from parts.
    let query = match picture {
        SliderPicture::Background => {
            "SELECT background FROM captchas WHERE id = ? AND region = ? AND expires_at > ?"
        }
        SliderPicture::Piece => {
            "SELECT piece FROM captchas WHERE id = ? AND region = ? AND expires_at > ?"
        }
    };
    sqlx::query_scalar(query)
        .bind(id)
        .bind(region.slug())
        .bind(now)
        .fetch_optional(pool)
        .await
}

/// The puzzle `id` of `region` as a try finds it, the try marked: reading and marking in one
/// immediate transaction makes one try per puzzle, even when answers race.
pub async fn take_try(
    pool: &SqlitePool,
    region: Region,
    id: &CheckId,
) -> Result<Option<rules::Slider>, ApiError> {
    let mut transaction = crate::reset::store::begin(pool).await?;
    let row: Option<(i64, i64, bool)> =
        sqlx::query_as("SELECT gap_x, expires_at, tried FROM captchas WHERE id = ? AND region = ?")
            .bind(id.as_str())
            .bind(region.slug())
            .fetch_optional(&mut *transaction)
            .await?;
    sqlx::query("UPDATE captchas SET tried = 1 WHERE id = ?")
        .bind(id.as_str())
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    row.map(|(gap_x, expires_at, tried_before)| {
        let gap_x = u32::try_from(gap_x)
            .map_err(|_| ApiError::internal(format!("puzzle gap {gap_x} does not parse")))?;
        Ok(rules::Slider {
            asks: gap_x,
            expires_at,
            tried_before,
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
    sqlx::query("INSERT INTO captcha_tickets (ticket_hash, region, expires_at) VALUES (?, ?, ?)")
        .bind(secrets::digest(ticket.as_str()))
        .bind(region.slug())
        .bind(expires_at)
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
    let spent = sqlx::query(
        "UPDATE captcha_tickets SET used = 1
         WHERE ticket_hash = ? AND region = ? AND used = 0 AND expires_at > ?",
    )
    .bind(secrets::digest(ticket.as_str()))
    .bind(region.slug())
    .bind(now)
    .execute(connection)
    .await?;
    Ok(spent.rows_affected() == 1)
}
