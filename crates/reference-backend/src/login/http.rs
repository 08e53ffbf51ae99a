//! The sign-in handler.

use super::{rules, store};
use crate::api::{ApiError, ApiJson, ApiResult, success};
use crate::client::ClientAddress;
use crate::region::InRegion;
use crate::{AppState, secrets};
use axum::extract::State;
use contract::Endpoint;
use contract::wire::{AccessToken, Envelope, ErrorCode, LoginRequest};
use std::sync::LazyLock;

/// Checked when the account does not exist, so that a wrong username takes as long as a wrong password.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| secrets::hash_password("decoy password").unwrap_or_default());

/// An access token for the right username (email or phone) and password.
#[utoipa::path(post, path = <LoginRequest as Endpoint>::PATH, tag = "login",
    request_body = LoginRequest,
    responses((status = 200, body = Envelope<AccessToken>),
              (status = 400, description = "40001: invalid request"),
              (status = 401, description = "40101: wrong username or password"),
              (status = 429, description = "42901: too many failed sign-ins for the account or the address (data.retryAfterSeconds, Retry-After)"),
              (status = 503, description = "50301: every password-hashing slot is busy (Retry-After)")))]
pub async fn token(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ClientAddress(client): ClientAddress,
    ApiJson(request): ApiJson<LoginRequest>,
) -> ApiResult<AccessToken> {
    let (account, key) = rules::username_key(region, &request.username);
    let stored = match &account {
        Some(account) => store::password_hash(&state, region, account).await?,
        None => None,
    };
    let (asker, rows) = store::admit(&state, &key, &client).await?;
    let exists = stored.is_some();
    let password = request.password;
    // The decoy is made on a hashing thread too, the first time, like every hash.
    let matches = match state
        .hashing
        .run(move || {
            let hash = stored.unwrap_or_else(|| DECOY_HASH.clone());
            secrets::verify_password(&password, &hash)
        })
        .await
    {
        Ok(matches) => matches,
        Err(busy) => {
            store::forget(&state, &rows).await?;
            return Err(busy.into());
        }
    };
    if !(exists && matches) {
        return Err(ApiError::new(
            ErrorCode::WrongCredentials,
            "The username or password is incorrect.",
        ));
    }
    store::signed_in(&state, &asker, &rows).await?;
    success(AccessToken {
        access_token: secrets::random_token(32),
        expires_in_seconds: 3600,
    })
}
