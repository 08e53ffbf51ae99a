//! The reset itself: a code to the account, the code checked, the new password set.

use crate::api::{ApiError, ApiJson, ApiResult, success};
use crate::delivery::{Message, wording};
use crate::region::InRegion;
use crate::{AppState, secrets, slider, spool};
use axum::extract::{ConnectInfo, State};
use contract::wire::{
    CompleteRequest, Done, Envelope, ErrorCode, ErrorDetail, ResendRequest, ResetCodeRequest,
    ResetCodeSent, ResetToken, VerifyCodeRequest,
};
use contract::{Account, Channel, PasswordPolicy, Region, VerificationCode};
use std::net::SocketAddr;

const HOUR: i64 = 3600;

/// The policy in force.
#[utoipa::path(get, path = "/openapi/user/account/password/policy", tag = "reset",
    responses((status = 200, body = Envelope<PasswordPolicy>)))]
pub async fn policy() -> ApiResult<PasswordPolicy> {
    success(PasswordPolicy::default())
}

/// A reset as stored.
#[derive(sqlx::FromRow)]
struct Reset {
    id: String,
    region: String,
    channel: String,
    identifier: String,
    account_id: Option<i64>,
    locale: String,
    code_hash: String,
    code_expires_at: i64,
    attempts_left: i64,
    resend_after: i64,
    locked: bool,
    token_expires_at: Option<i64>,
    completed: bool,
}

impl Reset {
    fn account(&self) -> Result<Account, ApiError> {
        let channel = Channel::from_name(&self.channel).unwrap_or(Channel::Email);
        Account::parse(channel, &self.identifier).map_err(ApiError::internal)
    }

    fn region(&self) -> Region {
        self.region.parse().unwrap_or(Region::Americas)
    }
}

/// The reset `id` of `region`, refused when unknown, complete or locked.
async fn find_open_reset(state: &AppState, region: Region, id: &str) -> Result<Reset, ApiError> {
    let reset: Reset = sqlx::query_as("SELECT * FROM resets WHERE id = ? AND region = ?")
        .bind(id)
        .bind(region.slug())
        .fetch_optional(&state.pool)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                "This reset does not exist. Please start again.",
            )
        })?;
    if reset.completed {
        return Err(already_complete());
    }
    if reset.locked {
        return Err(locked());
    }
    Ok(reset)
}

/// Refuses when `count` rows of the last hour reach `limit`; the oldest says when room returns.
async fn hourly_limit(
    state: &AppState,
    sql: &str,
    keys: &[&str],
    limit: u32,
    message: &str,
) -> Result<(), ApiError> {
    let since = state.clock.now() - HOUR;
    let mut query = sqlx::query_as::<_, (i64, Option<i64>)>(sql);
    for key in keys {
        query = query.bind(*key);
    }
    let (count, oldest) = query.bind(since).fetch_one(&state.pool).await?;
    if count >= i64::from(limit) {
        let retry = oldest.unwrap_or(state.clock.now()) + HOUR - state.clock.now();
        return Err(ApiError::too_many(retry, message));
    }
    Ok(())
}

async fn account_limit(state: &AppState, region: Region, identifier: &str) -> Result<(), ApiError> {
    hourly_limit(
        state,
        "SELECT COUNT(*), MIN(sent_at) FROM code_sends WHERE region = ? AND identifier = ? AND sent_at > ?",
        &[region.slug(), identifier],
        state.config.codes_per_account_per_hour,
        "Too many codes were sent to this account. Please wait before asking for another.",
    )
    .await
}

/// Records a send and, when the account exists, spools the code. The spool's worker sends it
/// after the answer, so the answer never waits on a mail server and takes the same time
/// whether or not anyone receives it.
async fn send_code(state: &AppState, reset: &Reset, code: &str) -> Result<(), ApiError> {
    sqlx::query("INSERT INTO code_sends (region, identifier, sent_at) VALUES (?, ?, ?)")
        .bind(&reset.region)
        .bind(&reset.identifier)
        .bind(state.clock.now())
        .execute(&state.pool)
        .await?;
    if reset.account_id.is_some() {
        let account = reset.account()?;
        let (subject, body) = wording::code(&reset.locale, code, state.config.code_ttl / 60);
        let message = Message {
            region: reset.region(),
            channel: account.channel(),
            to: account.to_string(),
            subject,
            body,
            code: Some(code.to_owned()),
        };
        spool::enqueue(state, &message).await?;
    }
    Ok(())
}

fn sent(state: &AppState, reset_id: String, account: &Account) -> ResetCodeSent {
    ResetCodeSent {
        reset_id,
        masked_destination: account.masked(),
        resend_after_seconds: state.config.resend_cooldown,
        code_ttl_seconds: state.config.code_ttl,
    }
}

/// Sends a code to the account, if it exists; the answer is the same either way.
#[utoipa::path(post, path = "/openapi/user/account/password/reset/code", tag = "reset",
    request_body = ResetCodeRequest,
    responses((status = 200, body = Envelope<ResetCodeSent>),
              (status = 400, description = "40001: invalid account (data.field); 40003: captcha ticket invalid"),
              (status = 429, description = "42901: hourly limit (data.retryAfterSeconds)")))]
pub async fn request_code(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    ApiJson(request): ApiJson<ResetCodeRequest>,
) -> ApiResult<ResetCodeSent> {
    let account = Account::parse(request.channel, &request.account)
        .map_err(|error| ApiError::invalid_field("account", error.to_string()))?;
    let client = client.ip().to_string();
    hourly_limit(
        &state,
        "SELECT COUNT(*), MIN(sent_at) FROM client_requests WHERE client = ? AND sent_at > ?",
        &[&client],
        state.config.requests_per_client_per_hour,
        "Too many reset requests came from your network. Please wait before trying again.",
    )
    .await?;
    sqlx::query("INSERT INTO client_requests (client, sent_at) VALUES (?, ?)")
        .bind(&client)
        .bind(state.clock.now())
        .execute(&state.pool)
        .await?;
    if !slider::redeem_ticket(&state, region, &request.captcha_ticket).await? {
        return Err(ApiError::new(
            ErrorCode::CaptchaTicketInvalid,
            "The puzzle must be solved again before a code is sent.",
        ));
    }
    let identifier = account.to_string();
    account_limit(&state, region, &identifier).await?;
    let account_id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM accounts WHERE region = ? AND channel = ? AND identifier = ?",
    )
    .bind(region.slug())
    .bind(account.channel().as_str())
    .bind(&identifier)
    .fetch_optional(&state.pool)
    .await?;
    let now = state.clock.now();
    let id = secrets::random_token(16);
    let code = secrets::new_code();
    let reset = Reset {
        code_hash: secrets::code_digest(&id, &code),
        id,
        region: region.slug().to_owned(),
        channel: account.channel().as_str().to_owned(),
        identifier,
        account_id,
        locale: request.locale.chars().take(35).collect(),
        code_expires_at: now + state.config.code_ttl as i64,
        attempts_left: i64::from(state.config.max_attempts),
        resend_after: now + state.config.resend_cooldown as i64,
        locked: false,
        token_expires_at: None,
        completed: false,
    };
    sqlx::query(
        "INSERT INTO resets (id, region, channel, identifier, account_id, locale, code_hash,
             code_expires_at, attempts_left, resend_after, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&reset.id)
    .bind(&reset.region)
    .bind(&reset.channel)
    .bind(&reset.identifier)
    .bind(reset.account_id)
    .bind(&reset.locale)
    .bind(&reset.code_hash)
    .bind(reset.code_expires_at)
    .bind(reset.attempts_left)
    .bind(reset.resend_after)
    .bind(now)
    .execute(&state.pool)
    .await?;
    send_code(&state, &reset, &code).await?;
    success(sent(&state, reset.id, &account))
}

fn already_complete() -> ApiError {
    ApiError::new(
        ErrorCode::AlreadyUsed,
        "This reset is already complete. Sign in with your new password.",
    )
}

fn locked() -> ApiError {
    ApiError::new(
        ErrorCode::Locked,
        "Too many wrong codes. For your security, please start the reset again.",
    )
    .with_detail(ErrorDetail {
        attempts_left: Some(0),
        ..ErrorDetail::default()
    })
}

/// A new code for a reset once the cooldown has passed; the previous code stops working.
#[utoipa::path(post, path = "/openapi/user/account/password/reset/code/resend", tag = "reset",
    request_body = ResendRequest,
    responses((status = 200, body = Envelope<ResetCodeSent>),
              (status = 404, description = "40401: unknown reset"),
              (status = 410, description = "41002: locked; 41003: already complete"),
              (status = 429, description = "42901: cooldown or hourly limit (data.retryAfterSeconds)")))]
pub async fn resend_code(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ApiJson(request): ApiJson<ResendRequest>,
) -> ApiResult<ResetCodeSent> {
    let reset = find_open_reset(&state, region, &request.reset_id).await?;
    let now = state.clock.now();
    if now < reset.resend_after {
        return Err(ApiError::too_many(
            reset.resend_after - now,
            "Please wait before asking for another code.",
        ));
    }
    account_limit(&state, region, &reset.identifier).await?;
    let code = secrets::new_code();
    sqlx::query(
        "UPDATE resets SET code_hash = ?, code_expires_at = ?, attempts_left = ?, resend_after = ?,
             token_hash = NULL, token_expires_at = NULL
         WHERE id = ?",
    )
    .bind(secrets::code_digest(&reset.id, &code))
    .bind(now + state.config.code_ttl as i64)
    .bind(i64::from(state.config.max_attempts))
    .bind(now + state.config.resend_cooldown as i64)
    .bind(&reset.id)
    .execute(&state.pool)
    .await?;
    send_code(&state, &reset, &code).await?;
    success(sent(&state, reset.id.clone(), &reset.account()?))
}

/// Checks a code. The right one gives a reset token; the code stays good until the reset
/// completes or it expires, so that a page reloaded after this step can prove it again.
#[utoipa::path(post, path = "/openapi/user/account/password/reset/verify", tag = "reset",
    request_body = VerifyCodeRequest,
    responses((status = 200, body = Envelope<ResetToken>),
              (status = 400, description = "40004: wrong code (data.attemptsLeft); 40001: not six digits"),
              (status = 404, description = "40401: unknown reset"),
              (status = 410, description = "41001: code expired; 41002: locked; 41003: already complete")))]
pub async fn verify_code(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ApiJson(request): ApiJson<VerifyCodeRequest>,
) -> ApiResult<ResetToken> {
    let reset = find_open_reset(&state, region, &request.reset_id).await?;
    let code: VerificationCode = request
        .code
        .parse()
        .map_err(|error: contract::CodeError| ApiError::invalid_field("code", error.to_string()))?;
    let now = state.clock.now();
    if now >= reset.code_expires_at {
        return Err(ApiError::new(
            ErrorCode::Expired,
            "This code has expired. Ask for a new one.",
        ));
    }
    if !secrets::same_digest(
        &secrets::code_digest(&reset.id, code.as_str()),
        &reset.code_hash,
    ) {
        let attempts_left: i64 = sqlx::query_scalar(
            "UPDATE resets SET attempts_left = MAX(attempts_left - 1, 0),
                 locked = (attempts_left - 1 <= 0)
             WHERE id = ? RETURNING attempts_left",
        )
        .bind(&reset.id)
        .fetch_one(&state.pool)
        .await?;
        if attempts_left == 0 {
            return Err(locked());
        }
        let left = u32::try_from(attempts_left).unwrap_or(0);
        return Err(ApiError::new(
            ErrorCode::WrongCode,
            format!("The code is not correct. {left} attempts left."),
        )
        .with_detail(ErrorDetail {
            attempts_left: Some(left),
            ..ErrorDetail::default()
        }));
    }
    let token = secrets::random_token(32);
    let ttl = state.config.token_ttl;
    sqlx::query("UPDATE resets SET token_hash = ?, token_expires_at = ? WHERE id = ?")
        .bind(secrets::digest(&token))
        .bind(now + ttl as i64)
        .bind(&reset.id)
        .execute(&state.pool)
        .await?;
    success(ResetToken {
        reset_token: token,
        expires_in_seconds: ttl,
    })
}

/// Sets the new password with a reset token; the token works once.
#[utoipa::path(post, path = "/openapi/user/account/password/reset/complete", tag = "reset",
    request_body = CompleteRequest,
    responses((status = 200, body = Envelope<Done>),
              (status = 400, description = "40005: breaks the policy (data.unmetRules)"),
              (status = 404, description = "40401: unknown token"),
              (status = 410, description = "41001: token expired; 41003: token used")))]
pub async fn complete(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ApiJson(request): ApiJson<CompleteRequest>,
) -> ApiResult<Done> {
    let reset: Reset = sqlx::query_as("SELECT * FROM resets WHERE token_hash = ? AND region = ?")
        .bind(secrets::digest(&request.reset_token))
        .bind(region.slug())
        .fetch_optional(&state.pool)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                "This reset link is not valid. Please start again.",
            )
        })?;
    if reset.completed {
        return Err(already_complete());
    }
    if reset
        .token_expires_at
        .is_none_or(|expires| state.clock.now() >= expires)
    {
        return Err(ApiError::new(
            ErrorCode::Expired,
            "Too much time has passed. Please verify your identity again.",
        ));
    }
    let account = reset.account()?;
    let policy = PasswordPolicy::default();
    let unmet = policy.unmet(&request.new_password, Some(&account));
    if !unmet.is_empty() {
        return Err(ApiError::new(
            ErrorCode::PasswordPolicy,
            "The new password does not meet every rule.",
        )
        .with_detail(ErrorDetail {
            unmet_rules: Some(unmet),
            field: Some("newPassword".into()),
            ..ErrorDetail::default()
        }));
    }
    let password = request.new_password;
    let hash = tokio::task::spawn_blocking(move || secrets::hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    // Claiming the token and changing the password commit together, or not at all.
    let mut transaction = state.pool.begin().await?;
    let claimed = sqlx::query("UPDATE resets SET completed = 1 WHERE id = ? AND completed = 0")
        .bind(&reset.id)
        .execute(&mut *transaction)
        .await?
        .rows_affected()
        == 1;
    if !claimed {
        return Err(already_complete());
    }
    if let Some(account_id) = reset.account_id {
        sqlx::query("UPDATE accounts SET password_hash = ? WHERE id = ?")
            .bind(hash)
            .bind(account_id)
            .execute(&mut *transaction)
            .await?;
    }
    transaction.commit().await?;
    if reset.account_id.is_some() {
        let (subject, body) = wording::password_changed(&reset.locale);
        let to = account.to_string();
        let channel = account.channel();
        let notice = Message {
            region,
            channel,
            to,
            subject,
            body,
            code: None,
        };
        spool::enqueue(&state, &notice).await?;
    }
    success(Done {})
}
