//! EZCloud's login, so that a test can prove a reset took effect.

use crate::api::{ApiError, ApiJson, ApiResult, success};
use crate::region::InRegion;
use crate::{AppState, secrets};
use axum::extract::State;
use contract::wire::{AccessToken, Envelope, ErrorCode, LoginRequest};
use contract::{Account, Channel};
use std::sync::LazyLock;

/// Checked when the account does not exist, so that a wrong username takes as long as a wrong password.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| secrets::hash_password("decoy password").unwrap_or_default());

/// An access token for the right username (email or phone) and password.
#[utoipa::path(post, path = "/openapi/user/account/token/get", tag = "login",
    request_body = LoginRequest,
    responses((status = 200, body = Envelope<AccessToken>),
              (status = 400, description = "40006: wrong username or password")))]
pub async fn token(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ApiJson(request): ApiJson<LoginRequest>,
) -> ApiResult<AccessToken> {
    let account = Account::parse(Channel::Email, &request.username)
        .or_else(|_| Account::parse(Channel::Sms, &request.username))
        .ok();
    let stored: Option<String> = match &account {
        Some(account) => sqlx::query_scalar(
            "SELECT password_hash FROM accounts WHERE region = ? AND channel = ? AND identifier = ?",
        )
        .bind(region.slug())
        .bind(account.channel().as_str())
        .bind(account.to_string())
        .fetch_optional(&state.pool)
        .await?,
        None => None,
    };
    let exists = stored.is_some();
    let hash = stored.unwrap_or_else(|| DECOY_HASH.clone());
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || secrets::verify_password(&password, &hash))
        .await
        .map_err(ApiError::internal)?;
    if !(exists && matches) {
        return Err(ApiError::new(
            ErrorCode::WrongCredentials,
            "The username or password is incorrect.",
        ));
    }
    success(AccessToken {
        access_token: secrets::random_token(32),
        expires_in_seconds: 3600,
    })
}
