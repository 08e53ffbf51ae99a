//! The slider puzzle that stands before a code is sent.

use crate::api::{ApiError, ApiJson, ApiResult, success};
use crate::region::InRegion;
use crate::{AppState, captcha, secrets};
use axum::extract::State;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use contract::wire::{CaptchaTicket, Envelope, ErrorCode, SliderAnswer, SliderCaptcha};

fn data_url(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", STANDARD.encode(png))
}

/// A new puzzle.
#[utoipa::path(post, path = "/openapi/captcha/slider", tag = "captcha",
    responses((status = 200, body = Envelope<SliderCaptcha>)))]
pub async fn create(
    State(state): State<AppState>,
    InRegion(region): InRegion,
) -> ApiResult<SliderCaptcha> {
    let puzzle = tokio::task::spawn_blocking(|| captcha::draw(&mut rand::thread_rng()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let id = secrets::random_token(16);
    let ttl = state.config.captcha_ttl;
    sqlx::query("INSERT INTO captchas (id, region, gap_x, expires_at) VALUES (?, ?, ?, ?)")
        .bind(&id)
        .bind(region.slug())
        .bind(puzzle.gap_x)
        .bind(state.clock.now() + ttl as i64)
        .execute(&state.pool)
        .await?;
    success(SliderCaptcha {
        captcha_id: id,
        background_image: data_url(&puzzle.background_png),
        piece_image: data_url(&puzzle.piece_png),
        piece_y: puzzle.piece_y,
        piece_size: captcha::PIECE,
        width: captcha::WIDTH,
        height: captcha::HEIGHT,
        expires_in_seconds: ttl,
    })
}

/// One try at a puzzle: a ticket when the piece lands on the gap.
#[utoipa::path(post, path = "/openapi/captcha/slider/verify", tag = "captcha",
    request_body = SliderAnswer,
    responses((status = 200, body = Envelope<CaptchaTicket>),
              (status = 400, description = "40002: not on the gap; 40001: malformed"),
              (status = 404, description = "40401: unknown puzzle"),
              (status = 410, description = "41001: expired")))]
pub async fn verify(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ApiJson(answer): ApiJson<SliderAnswer>,
) -> ApiResult<CaptchaTicket> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT gap_x, expires_at FROM captchas WHERE id = ? AND region = ?")
            .bind(&answer.captcha_id)
            .bind(region.slug())
            .fetch_optional(&state.pool)
            .await?;
    let Some((gap_x, expires_at)) = row else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "This puzzle does not exist. Load a new one.",
        ));
    };
    // Marking the try in the same statement that checks it makes one try per puzzle, even
    // when two answers race.
    let first_try = sqlx::query("UPDATE captchas SET tried = 1 WHERE id = ? AND tried = 0")
        .bind(&answer.captcha_id)
        .execute(&state.pool)
        .await?
        .rows_affected()
        == 1;
    if state.clock.now() >= expires_at {
        return Err(ApiError::new(
            ErrorCode::Expired,
            "This puzzle expired. Load a new one.",
        ));
    }
    let gap_x = u32::try_from(gap_x).unwrap_or(u32::MAX);
    if !first_try || !captcha::solves(gap_x, answer.x) {
        return Err(ApiError::new(
            ErrorCode::CaptchaFailed,
            "The piece did not fit the gap. Try the new puzzle.",
        ));
    }
    let ticket = secrets::random_token(24);
    let ttl = state.config.captcha_ttl;
    sqlx::query("INSERT INTO captcha_tickets (ticket_hash, region, expires_at) VALUES (?, ?, ?)")
        .bind(secrets::digest(&ticket))
        .bind(region.slug())
        .bind(state.clock.now() + ttl as i64)
        .execute(&state.pool)
        .await?;
    success(CaptchaTicket {
        captcha_ticket: ticket,
        expires_in_seconds: ttl,
    })
}

/// Spends a ticket of `region`; false when it is unknown, used or expired.
pub async fn redeem_ticket(
    state: &AppState,
    region: contract::Region,
    ticket: &str,
) -> Result<bool, ApiError> {
    let spent = sqlx::query(
        "UPDATE captcha_tickets SET used = 1
         WHERE ticket_hash = ? AND region = ? AND used = 0 AND expires_at > ?",
    )
    .bind(secrets::digest(ticket))
    .bind(region.slug())
    .bind(state.clock.now())
    .execute(&state.pool)
    .await?;
    Ok(spent.rows_affected() == 1)
}
