//! The proof of work's handlers: a new challenge at the price of the moment, and its answer.

use super::rules;
use super::{price, store};
use crate::AppState;
use crate::api::{ApiError, ApiJson, ApiResult, success};
use crate::client::ClientAddress;
use crate::limits::{self, Counter};
use crate::once::Refusal;
use crate::region::InRegion;
use crate::secrets::Issued;
use crate::slider;
use axum::extract::State;
use contract::wire::{
    CheckPassed, Envelope, ErrorCode, NewProofOfWorkRequest, ProofOfWorkAnswer,
    ProofOfWorkChallenge,
};
use contract::{CheckId, Endpoint, PROOF_OF_WORK_ALGORITHM, ProofOfWorkSalt, SALT_BYTES};
use rand::RngCore;

/// A new challenge, at the price of the moment: the base difficulty for an address's first
/// tickets of the hour, one bit more for each after, and more while the region is busy.
#[utoipa::path(post, path = <NewProofOfWorkRequest as Endpoint>::PATH, tag = "captcha",
    responses((status = 200, body = Envelope<ProofOfWorkChallenge>),
              (status = 429, description = "42901: challenges per address per minute (data.retryAfterSeconds, Retry-After)")))]
pub async fn create(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ClientAddress(client): ClientAddress,
) -> ApiResult<ProofOfWorkChallenge> {
    let mut transaction = crate::reset::store::begin(&state.pool).await?;
    let now = state.clock.now();
    limits::take_or_refuse(
        &mut transaction,
        Counter::WorkChallengesPerAddress,
        &client,
        state.config.work_challenges_per_client_per_minute,
        now,
        "Too many checks were started from your network. Please wait before trying again.",
    )
    .await?;
    let (tickets, pressure) = store::price_counts(&mut transaction, &client, region, now).await?;
    let difficulty = price::difficulty(state.config.work_pricing(), tickets, pressure);
    let id = CheckId::issue();
    let mut salt = [0; SALT_BYTES];
    rand::thread_rng().fill_bytes(&mut salt);
    let salt = ProofOfWorkSalt::new(salt);
    let ttl = state.config.captcha_ttl;
    let expires_at = now + ttl as i64;
    store::insert_challenge(&mut transaction, &id, region, &salt, difficulty, expires_at).await?;
    transaction.commit().await?;
    success(ProofOfWorkChallenge {
        challenge_id: id,
        algorithm: PROOF_OF_WORK_ALGORITHM.to_owned(),
        salt,
        difficulty,
        expires_in_seconds: ttl,
    })
}

/// The one answer to a challenge: a ticket when the work is done.
#[utoipa::path(post, path = <ProofOfWorkAnswer as Endpoint>::PATH, tag = "captcha",
    request_body = ProofOfWorkAnswer,
    responses((status = 200, body = Envelope<CheckPassed>),
              (status = 400, description = "40002: the nonce does not answer the challenge; 40001: malformed"),
              (status = 404, description = "40401: unknown challenge"),
              (status = 410, description = "41001: expired"),
              (status = 429, description = "42901: tickets won this way per address per hour (data.retryAfterSeconds, Retry-After)")))]
pub async fn verify(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ClientAddress(client): ClientAddress,
    ApiJson(answer): ApiJson<ProofOfWorkAnswer>,
) -> ApiResult<CheckPassed> {
    let now = state.clock.now();
    // Reading the challenge, counting the ticket and marking the answer in one immediate
    // transaction makes one answer per challenge and holds the allowance under a burst.
    let mut transaction = crate::reset::store::begin(&state.pool).await?;
    let challenge = store::challenge(&mut transaction, region, &answer.challenge_id).await?;
    let solved =
        rules::solves(challenge.as_ref(), answer.nonce, now).map_err(|refusal| match refusal {
            Refusal::Unknown => ApiError::new(
                ErrorCode::NotFound,
                "This check does not exist. Start a new one.",
            ),
            Refusal::Expired => {
                ApiError::new(ErrorCode::Expired, "This check expired. Start a new one.")
            }
        })?;
    if solved {
        limits::take_or_refuse(
            &mut transaction,
            Counter::WorkTicketsPerAddress,
            &client,
            state.config.work_tickets_per_client_per_hour,
            now,
            "Too many checks were passed from your network. Please wait before trying again.",
        )
        .await?;
    }
    store::mark_tried(&mut transaction, &answer.challenge_id).await?;
    transaction.commit().await?;
    if !solved {
        return Err(ApiError::new(
            ErrorCode::CaptchaFailed,
            "This answer does not solve the check. Start a new one.",
        ));
    }
    success(slider::passed(&state, region).await?)
}
