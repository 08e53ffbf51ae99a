//! The slider puzzle that stands before a code is sent.

use crate::api::{ApiError, ApiJson, ApiResult, success};
use crate::client::ClientAddress;
use crate::limits::{self, Counter};
use crate::region::InRegion;
use crate::reset::store;
use crate::secrets::Issued;
use crate::{AppState, captcha, secrets};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use contract::wire::{
    Envelope, ErrorCode, NewPuzzleRequest, PuzzlePassed, SliderAnswer, SliderCaptcha,
};
use contract::{CaptchaId, CaptchaTicket, Endpoint, PuzzlePicture, Region};
use sqlx::SqliteConnection;

/// A new puzzle.
#[utoipa::path(post, path = <NewPuzzleRequest as Endpoint>::PATH, tag = "captcha",
    responses((status = 200, body = Envelope<SliderCaptcha>),
              (status = 429, description = "42901: puzzles per address per hour (data.retryAfterSeconds, Retry-After)")))]
pub async fn create(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ClientAddress(client): ClientAddress,
) -> ApiResult<SliderCaptcha> {
    let mut transaction = store::begin(&state.pool).await?;
    limits::take_or_refuse(
        &mut transaction,
        Counter::PuzzlesPerAddress,
        &client,
        state.config.puzzles_per_client_per_hour,
        state.clock.now(),
        "Too many puzzles were loaded from your network. Please wait before trying again.",
    )
    .await?;
    transaction.commit().await?;
    let puzzle = tokio::task::spawn_blocking(|| captcha::draw(&mut rand::thread_rng()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let id = CaptchaId::issue();
    let ttl = state.config.captcha_ttl;
    sqlx::query(
        "INSERT INTO captchas (id, region, gap_x, expires_at, background, piece)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(region.slug())
    .bind(puzzle.gap_x)
    .bind(state.clock.now() + ttl as i64)
    .bind(&puzzle.background_jpeg)
    .bind(&puzzle.piece_png)
    .execute(&state.pool)
    .await?;
    success(SliderCaptcha {
        background_image: PuzzlePicture::Background.path(&id),
        piece_image: PuzzlePicture::Piece.path(&id),
        captcha_id: id,
        piece_y: puzzle.piece_y,
        piece_size: captcha::PIECE,
        width: captcha::WIDTH,
        height: captcha::HEIGHT,
        expires_in_seconds: ttl,
    })
}

/// One of a puzzle's pictures, while the puzzle lives.
#[utoipa::path(get, path = contract::PUZZLE_PICTURE_PATH, tag = "captcha",
    params(("captchaId" = String, Path, description = "The puzzle's id"),
           ("picture" = String, Path, description = "background.jpg or piece.png")),
    responses((status = 200, description = "The picture: image/jpeg or image/png"),
              (status = 404, description = "40401: unknown or expired puzzle, or no such picture")))]
pub async fn picture(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    Path((captcha_id, picture)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let missing = || {
        ApiError::new(
            ErrorCode::NotFound,
            "This puzzle does not exist. Load a new one.",
        )
    };
    let picture = PuzzlePicture::from_file_name(&picture).ok_or_else(missing)?;
    let column = match picture {
        PuzzlePicture::Background => "background",
        PuzzlePicture::Piece => "piece",
    };
    let bytes: Option<Vec<u8>> = sqlx::query_scalar(&format!(
        "SELECT {column} FROM captchas WHERE id = ? AND region = ? AND expires_at > ?"
    ))
    .bind(captcha_id)
    .bind(region.slug())
    .bind(state.clock.now())
    .fetch_optional(&state.pool)
    .await?;
    let bytes = bytes.ok_or_else(missing)?;
    Ok(([(header::CONTENT_TYPE, picture.media_type())], bytes).into_response())
}

/// One try at a puzzle: a ticket when the piece lands on the gap.
#[utoipa::path(post, path = <SliderAnswer as Endpoint>::PATH, tag = "captcha",
    request_body = SliderAnswer,
    responses((status = 200, body = Envelope<PuzzlePassed>),
              (status = 400, description = "40002: not on the gap; 40001: malformed"),
              (status = 404, description = "40401: unknown puzzle"),
              (status = 410, description = "41001: expired")))]
pub async fn verify(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ApiJson(answer): ApiJson<SliderAnswer>,
) -> ApiResult<PuzzlePassed> {
    // Reading the puzzle and marking the try in one immediate transaction makes one try per
    // puzzle, even when answers race.
    let mut transaction = store::begin(&state.pool).await?;
    let row: Option<(i64, i64, bool)> =
        sqlx::query_as("SELECT gap_x, expires_at, tried FROM captchas WHERE id = ? AND region = ?")
            .bind(answer.captcha_id.as_str())
            .bind(region.slug())
            .fetch_optional(&mut *transaction)
            .await?;
    sqlx::query("UPDATE captchas SET tried = 1 WHERE id = ?")
        .bind(answer.captcha_id.as_str())
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    let Some((gap_x, expires_at, tried_before)) = row else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "This puzzle does not exist. Load a new one.",
        ));
    };
    if state.clock.now() >= expires_at {
        return Err(ApiError::new(
            ErrorCode::Expired,
            "This puzzle expired. Load a new one.",
        ));
    }
    let gap_x = u32::try_from(gap_x)
        .map_err(|_| ApiError::internal(format!("puzzle gap {gap_x} does not parse")))?;
    if tried_before || !captcha::solves(gap_x, answer.x) {
        return Err(ApiError::new(
            ErrorCode::CaptchaFailed,
            "The piece did not fit the gap. Try the new puzzle.",
        ));
    }
    success(issue_ticket(&state, region).await?)
}

/// A new single-use ticket for `region`, the prize of either human check.
pub async fn issue_ticket(state: &AppState, region: Region) -> Result<PuzzlePassed, ApiError> {
    let ticket = CaptchaTicket::issue();
    let ttl = state.config.captcha_ttl;
    sqlx::query("INSERT INTO captcha_tickets (ticket_hash, region, expires_at) VALUES (?, ?, ?)")
        .bind(secrets::digest(ticket.as_str()))
        .bind(region.slug())
        .bind(state.clock.now() + ttl as i64)
        .execute(&state.pool)
        .await?;
    Ok(PuzzlePassed {
        captcha_ticket: ticket,
        expires_in_seconds: ttl,
    })
}

/// Spends a ticket of `region` in the caller's transaction; false when it is unknown, used or
/// expired.
pub async fn redeem_ticket(
    connection: &mut SqliteConnection,
    region: Region,
    ticket: &CaptchaTicket,
    now: i64,
) -> Result<bool, ApiError> {
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
