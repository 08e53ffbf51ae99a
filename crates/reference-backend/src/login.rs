//! EZCloud's login, so that a test can prove a reset took effect; limited in shares of the
//! account (each address's own with backoff, the unknown addresses', the account's) and per
//! address, and its password hashing bounded by the server's hashing slots. A sign-in makes
//! the address known to the account.

use crate::api::{ApiError, ApiJson, ApiResult, success};
use crate::client::ClientAddress;
use crate::limits::known::{self, Asker};
use crate::limits::shares::{self, AccountEvent};
use crate::limits::{self, Counter};
use crate::region::InRegion;
use crate::reset::store;
use crate::{AppState, secrets};
use axum::extract::State;
use contract::wire::{AccessToken, Envelope, ErrorCode, LoginRequest};
use contract::{Account, Channel, Endpoint, Region};
use std::sync::LazyLock;

/// Checked when the account does not exist, so that a wrong username takes as long as a wrong password.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| secrets::hash_password("decoy password").unwrap_or_default());

/// The limits' key of a username: the account it names, or the text as typed (bounded).
fn username_key(region: Region, username: &str) -> (Option<Account>, String) {
    let account = Account::parse(Channel::Email, username)
        .or_else(|_| Account::parse(Channel::Sms, username))
        .ok()
        .map(|account| account.folded());
    let key = match &account {
        Some(account) => store::account_key(region, account),
        None => format!(
            "{}:{}",
            region.slug(),
            username.trim().chars().take(254).collect::<String>()
        ),
    };
    (account, key)
}

/// Records a login as failed before it runs, so that logins arriving together see each other:
/// in the asker's shares of the account and in the address's own count. The rows are taken
/// back if it succeeds or never runs.
async fn admit(
    state: &AppState,
    account_key: &str,
    client: &str,
) -> Result<(Asker, Vec<i64>), ApiError> {
    let config = &state.config;
    let mut transaction = store::begin(&state.pool).await?;
    let now = state.clock.now();
    const REFUSAL: &str = "Too many failed sign-ins. Please wait before trying again.";
    let asker = known::asker(
        &mut transaction,
        &state.address_key,
        account_key,
        client,
        now,
    )
    .await?;
    let by_address =
        limits::tally(&mut transaction, Counter::LoginsPerAddress, client, now).await?;
    limits::admit(
        by_address,
        config.logins_per_client,
        Counter::LoginsPerAddress.window(),
        now,
    )
    .map_err(|retry| ApiError::too_many(retry.0, REFUSAL))?;
    let mut rows = shares::take(
        &mut transaction,
        AccountEvent::FailedLogin,
        &config.login_shares(),
        &asker,
        now,
    )
    .await?
    .map_err(|refused| refused.too_many(REFUSAL, REFUSAL))?;
    rows.push(limits::record(&mut transaction, Counter::LoginsPerAddress, client, now).await?);
    transaction.commit().await?;
    Ok((asker, rows))
}

async fn forget(state: &AppState, rows: &[i64]) -> Result<(), ApiError> {
    let mut connection = state.pool.acquire().await?;
    limits::forget(&mut connection, rows).await?;
    Ok(())
}

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
    let (account, key) = username_key(region, &request.username);
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
    let (asker, rows) = admit(&state, &key, &client).await?;
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
            forget(&state, &rows).await?;
            return Err(busy.into());
        }
    };
    if !(exists && matches) {
        return Err(ApiError::new(
            ErrorCode::WrongCredentials,
            "The username or password is incorrect.",
        ));
    }
    // A sign-in is the owner's: taken off the counts, and the address is known from now on.
    let mut transaction = store::begin(&state.pool).await?;
    limits::forget(&mut transaction, &rows).await?;
    let until = state.config.known_until(state.clock.now());
    known::remember(&mut transaction, &asker, until).await?;
    transaction.commit().await?;
    success(AccessToken {
        access_token: secrets::random_token(32),
        expires_in_seconds: 3600,
    })
}
