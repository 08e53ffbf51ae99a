//! The slider's handlers: a new puzzle, its pictures, a try at it.

use super::rules;
use super::store;
use crate::AppState;
use crate::api::{ApiError, ApiJson, ApiResult, success};
use crate::client::ClientAddress;
use crate::limits::{self, Counter};
use crate::once::Refusal;
use crate::region::InRegion;
use crate::secrets::Issued;
use crate::slider::picture;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use contract::wire::{
    CheckPassed, Envelope, ErrorCode, NewSliderRequest, SliderAnswer, SliderChallenge,
};
use contract::{CheckId, Endpoint, Region, SliderPicture};

/// A new puzzle.
#[utoipa::path(post, path = <NewSliderRequest as Endpoint>::PATH, tag = "captcha",
    responses((status = 200, body = Envelope<SliderChallenge>),
              (status = 429, description = "42901: puzzles per address per hour (data.retryAfterSeconds, Retry-After)")))]
pub async fn create(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ClientAddress(client): ClientAddress,
) -> ApiResult<SliderChallenge> {
    let mut transaction = crate::reset::store::begin(&state.pool).await?;
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
    let puzzle = tokio::task::spawn_blocking(|| picture::draw(&mut rand::thread_rng()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let id = CheckId::issue();
    let ttl = state.config.captcha_ttl;
    let expires_at = state.clock.now() + ttl as i64;
    store::insert_puzzle(&state.pool, &id, region, &puzzle, expires_at).await?;
    success(SliderChallenge {
        background_image: SliderPicture::Background.path(&id),
        piece_image: SliderPicture::Piece.path(&id),
        captcha_id: id,
        piece_y: puzzle.piece_y,
        piece_size: picture::PIECE,
        width: picture::WIDTH,
        height: picture::HEIGHT,
        expires_in_seconds: ttl,
    })
}

/// One of a puzzle's pictures, while the puzzle lives.
#[utoipa::path(get, path = contract::SLIDER_PICTURE_PATH, tag = "captcha",
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
    let picture = SliderPicture::from_file_name(&picture).ok_or_else(missing)?;
    let now = state.clock.now();
    let bytes = store::picture(&state.pool, region, &captcha_id, picture, now)
        .await?
        .ok_or_else(missing)?;
    Ok(([(header::CONTENT_TYPE, picture.media_type())], bytes).into_response())
}

/// One try at a puzzle: a ticket when the piece lands on the gap.
#[utoipa::path(post, path = <SliderAnswer as Endpoint>::PATH, tag = "captcha",
    request_body = SliderAnswer,
    responses((status = 200, body = Envelope<CheckPassed>),
              (status = 400, description = "40002: not on the gap; 40001: malformed"),
              (status = 404, description = "40401: unknown puzzle"),
              (status = 410, description = "41001: expired")))]
pub async fn verify(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ApiJson(answer): ApiJson<SliderAnswer>,
) -> ApiResult<CheckPassed> {
    let puzzle = store::take_try(&state.pool, region, &answer.captcha_id).await?;
    let fits =
        rules::fits(puzzle.as_ref(), answer.x, state.clock.now()).map_err(
            |refusal| match refusal {
                Refusal::Unknown => ApiError::new(
                    ErrorCode::NotFound,
                    "This puzzle does not exist. Load a new one.",
                ),
                Refusal::Expired => {
                    ApiError::new(ErrorCode::Expired, "This puzzle expired. Load a new one.")
                }
            },
        )?;
    if !fits {
        return Err(ApiError::new(
            ErrorCode::CaptchaFailed,
            "The piece did not fit the gap. Try the new puzzle.",
        ));
    }
    success(passed(&state, region).await?)
}

/// A new single-use ticket for `region`, the prize of either human check.
pub async fn passed(state: &AppState, region: Region) -> Result<CheckPassed, ApiError> {
    let ttl = state.config.captcha_ttl;
    let expires_at = state.clock.now() + ttl as i64;
    Ok(CheckPassed {
        captcha_ticket: store::issue_ticket(&state.pool, region, expires_at).await?,
        expires_in_seconds: ttl,
    })
}
