//! The reset's HTTP layer: each handler parses, runs the rules inside one immediate
//! transaction, and answers. What a rule decides is in `rules`; how rows are kept, in `store`.

use super::rules::{self, Refusal, Reset, Verdict};
use super::store::{self, account_key};
use crate::api::{ApiError, ApiJson, ApiResult, RequestField, success};
use crate::client::ClientAddress;
use crate::delivery::{Message, wording};
use crate::limits::known::{self, Asker, Standing};
use crate::limits::shares::{self, AccountEvent};
use crate::limits::{self, Counter};
use crate::region::InRegion;
use crate::secrets::Issued;
use crate::spool::{self, Spooling};
use crate::{AppState, secrets, slider};
use axum::extract::State;
use contract::wire::{
    CodeAccepted, CompleteRequest, Done, Envelope, ErrorCode, ErrorDetail, PolicyRequest,
    ResendRequest, ResetCodeRequest, ResetCodeSent, VerifyCodeRequest,
};
use contract::{Account, Endpoint, NewPassword, PasswordPolicy, Region, ResetId, VerificationCode};
use sqlx::SqliteConnection;

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> ApiError {
        match refusal {
            Refusal::AlreadyComplete => ApiError::new(
                ErrorCode::AlreadyUsed,
                "This reset is already complete. Sign in with your new password.",
            ),
            Refusal::Locked => ApiError::new(
                ErrorCode::Locked,
                "Too many wrong codes. For your security, please start the reset again.",
            )
            .with_detail(ErrorDetail {
                attempts_left: Some(0),
                ..ErrorDetail::default()
            }),
            Refusal::CodeExpired => ApiError::new(
                ErrorCode::Expired,
                "This code has expired. Ask for a new one.",
            ),
            Refusal::TokenExpired => ApiError::new(
                ErrorCode::Expired,
                "Too much time has passed. Please verify your identity again.",
            ),
            Refusal::Cooldown(seconds) => {
                ApiError::too_many(seconds, "Please wait before asking for another code.")
            }
        }
    }
}

fn unknown_reset() -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        "This reset does not exist. Please start again.",
    )
}

/// The policy in force.
#[utoipa::path(get, path = <PolicyRequest as Endpoint>::PATH, tag = "reset",
    responses((status = 200, body = Envelope<PasswordPolicy>)))]
pub async fn policy() -> ApiResult<PasswordPolicy> {
    success(PasswordPolicy::default())
}

/// Who `client` is to the account `account` of `region`.
async fn asker(
    connection: &mut SqliteConnection,
    state: &AppState,
    region: Region,
    account: &Account,
    client: &str,
    now: i64,
) -> Result<Asker, sqlx::Error> {
    let key = account_key(region, account);
    known::asker(connection, &state.address_key, &key, client, now).await
}

/// Counts a code in `asker`'s shares of the account and spools it, in the caller's
/// transaction. A reset for an account that does not exist writes the same rows, its message
/// marked undeliverable, so that both take the same time.
async fn send_code(
    connection: &mut SqliteConnection,
    state: &AppState,
    reset: &Reset,
    asker: &Asker,
    code: &VerificationCode,
    now: i64,
) -> Result<(), ApiError> {
    shares::take(
        connection,
        AccountEvent::CodeSent,
        &state.config.code_shares(),
        asker,
        now,
    )
    .await?
    .map_err(|refused| {
        refused.too_many(
            "You asked for too many codes for this account. Please wait before asking for another.",
            "Too many codes were sent to this account. Please wait before asking for another.",
        )
    })?;
    spool::drop_codes_of(connection, &reset.id).await?;
    let minutes = state.config.code_ttl / 60;
    let wording = wording::code(
        &reset.locale,
        reset.account.channel(),
        code.as_str(),
        minutes,
    );
    spool_for(connection, reset, wording, Some(code), now).await
}

/// Spools a message to the account of `reset`: a code lives and dies with the reset, a notice
/// does not. For an account that does not exist the row is written all the same, undeliverable.
async fn spool_for(
    connection: &mut SqliteConnection,
    reset: &Reset,
    (subject, body): (String, String),
    code: Option<&VerificationCode>,
    now: i64,
) -> Result<(), ApiError> {
    let message = Message {
        region: reset.region,
        channel: reset.account.channel(),
        to: reset.account.to_string(),
        subject,
        body,
        code: code.map(VerificationCode::to_string),
    };
    let spooling = Spooling {
        message: &message,
        reset: code.map(|_| &reset.id),
        expires_at: code.map(|_| reset.code_expires_at),
        deliverable: reset.account_row.is_some(),
    };
    spool::enqueue(connection, spooling, now).await?;
    Ok(())
}

/// Refuses `asker` a code it could not spend, or (with the waits) a wrong code it may not
/// try yet: its own share of the account's wrong codes, or the share it is in, is used up.
async fn refuse_if_guessed_at(
    connection: &mut SqliteConnection,
    shares: &shares::Shares,
    asker: &Asker,
    now: i64,
) -> Result<(), ApiError> {
    shares::check(connection, AccountEvent::WrongCode, shares, asker, now)
        .await?
        .map_err(|refused| {
            refused.too_many(
                "Too many wrong codes came from your network for this account. Please wait \
                 before trying again.",
                "Too many wrong codes were entered for this account. For its security, new \
                 codes are paused for a while.",
            )
        })
}

fn sent(state: &AppState, reset: &Reset) -> ResetCodeSent {
    ResetCodeSent {
        reset_id: reset.id.clone(),
        masked_destination: reset.account.masked(),
        resend_after_seconds: state.config.resend_cooldown,
        code_ttl_seconds: state.config.code_ttl,
    }
}

fn new_code() -> VerificationCode {
    secrets::new_code()
        .parse()
        .unwrap_or_else(|_| unreachable!("six digits are a code"))
}

/// Sends a code to the account, if it exists; the answer is the same either way.
#[utoipa::path(post, path = <ResetCodeRequest as Endpoint>::PATH, tag = "reset",
    request_body = ResetCodeRequest,
    responses((status = 200, body = Envelope<ResetCodeSent>),
              (status = 400, description = "40001: invalid request or account (data.field)"),
              (status = 403, description = "40301: the captcha ticket is unknown, used or expired"),
              (status = 429, description = "42901: the address's hourly requests, or a share of the account's codes this hour, or of its wrong codes today, is spent (data.retryAfterSeconds, Retry-After)")))]
pub async fn request_code(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ClientAddress(client): ClientAddress,
    ApiJson(request): ApiJson<ResetCodeRequest>,
) -> ApiResult<ResetCodeSent> {
    // Folded, so that `ALICE@EXAMPLE.COM` is Alice's account, with her limits.
    let account = Account::parse(request.channel, &request.account)
        .map_err(|error| ApiError::invalid_field(RequestField::Account, error.to_string()))?
        .folded();
    let mut transaction = store::begin(&state.pool).await?;
    let now = state.clock.now();
    // The ticket first: a request without a valid one costs the address nothing.
    if !slider::redeem_ticket(&mut transaction, region, &request.captcha_ticket, now).await? {
        return Err(ApiError::new(
            ErrorCode::CaptchaTicketInvalid,
            "The puzzle must be solved again before a code is sent.",
        ));
    }
    limits::take_or_refuse(
        &mut transaction,
        Counter::RequestsPerAddress,
        &client,
        state.config.requests_per_client_per_hour,
        now,
        "Too many reset requests came from your network. Please wait before trying again.",
    )
    .await?;
    let asker = asker(&mut transaction, &state, region, &account, &client, now).await?;
    let shares = state.config.wrong_code_shares().without_waits();
    refuse_if_guessed_at(&mut transaction, &shares, &asker, now).await?;
    let account_row = store::account_row(&mut transaction, region, &account).await?;
    let id = ResetId::issue();
    let code = new_code();
    let reset = Reset {
        code_digest: rules::code_digest(&id, &code),
        id,
        region,
        account,
        account_row,
        locale: request.locale.chars().take(35).collect(),
        code_expires_at: now + state.config.code_ttl as i64,
        attempts_left: state.config.max_attempts,
        resend_after: now + state.config.resend_cooldown as i64,
        locked: false,
        token_expires_at: None,
        completed: false,
    };
    store::insert(&mut transaction, &reset, now).await?;
    send_code(&mut transaction, &state, &reset, &asker, &code, now).await?;
    transaction.commit().await?;
    state.spool_wakeup.notify_one();
    success(sent(&state, &reset))
}

/// A new code for a reset once the cooldown has passed; the previous code stops working.
#[utoipa::path(post, path = <ResendRequest as Endpoint>::PATH, tag = "reset",
    request_body = ResendRequest,
    responses((status = 200, body = Envelope<ResetCodeSent>),
              (status = 400, description = "40001: invalid request"),
              (status = 404, description = "40401: unknown reset"),
              (status = 410, description = "41002: locked; 41003: already complete"),
              (status = 429, description = "42901: cooldown or hourly limit (data.retryAfterSeconds, Retry-After)")))]
pub async fn resend_code(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ClientAddress(client): ClientAddress,
    ApiJson(request): ApiJson<ResendRequest>,
) -> ApiResult<ResetCodeSent> {
    let mut transaction = store::begin(&state.pool).await?;
    let now = state.clock.now();
    let reset = store::find(&mut transaction, region, &request.reset_id)
        .await?
        .ok_or_else(unknown_reset)?;
    rules::resend(&reset, now)?;
    let asker = asker(
        &mut transaction,
        &state,
        region,
        &reset.account,
        &client,
        now,
    )
    .await?;
    let code = new_code();
    let reset = Reset {
        code_digest: rules::code_digest(&reset.id, &code),
        code_expires_at: now + state.config.code_ttl as i64,
        resend_after: now + state.config.resend_cooldown as i64,
        token_expires_at: None,
        ..reset
    };
    store::renew_code(
        &mut transaction,
        &reset.id,
        &reset.code_digest,
        reset.code_expires_at,
        reset.resend_after,
    )
    .await?;
    send_code(&mut transaction, &state, &reset, &asker, &code, now).await?;
    transaction.commit().await?;
    state.spool_wakeup.notify_one();
    success(sent(&state, &reset))
}

/// Counts a wrong code in `asker`'s shares of the account; the one that uses up the unknown
/// addresses' share, or the account's, tells the owner, once, that new codes are paused.
async fn count_wrong_code(
    connection: &mut SqliteConnection,
    state: &AppState,
    reset: &Reset,
    asker: &Asker,
    now: i64,
) -> Result<(), ApiError> {
    shares::count(connection, AccountEvent::WrongCode, asker, now).await?;
    let tallies = shares::tallies(connection, AccountEvent::WrongCode, asker, now).await?;
    let shares = state.config.wrong_code_shares();
    let unknown_spent = asker.standing() == Standing::Unknown
        && tallies.unknown_addresses.count == shares.unknown_addresses;
    if unknown_spent || tallies.all_addresses.count == shares.all_addresses {
        let wording = wording::codes_paused(&reset.locale, limits::DAY / limits::HOUR);
        spool_for(connection, reset, wording, None, now).await?;
    }
    Ok(())
}

/// Checks a code. The right one gives a reset token; the code stays good until the reset
/// completes or it expires, so that a page reloaded after this step can prove it again.
/// A wrong code spends an attempt; the right one does not.
#[utoipa::path(post, path = <VerifyCodeRequest as Endpoint>::PATH, tag = "reset",
    request_body = VerifyCodeRequest,
    responses((status = 200, body = Envelope<CodeAccepted>),
              (status = 400, description = "40004: wrong code (data.attemptsLeft); 40001: not six digits, or invalid request"),
              (status = 404, description = "40401: unknown reset"),
              (status = 410, description = "41001: code expired; 41002: locked; 41003: already complete"),
              (status = 429, description = "42901: this address waits before its next wrong code, or its share or the unknown addresses' share of the account's wrong codes today is spent (data.retryAfterSeconds, Retry-After)")))]
pub async fn verify_code(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ClientAddress(client): ClientAddress,
    ApiJson(request): ApiJson<VerifyCodeRequest>,
) -> ApiResult<CodeAccepted> {
    let code: VerificationCode = request.code.parse().map_err(|error: contract::CodeError| {
        ApiError::invalid_field(RequestField::Code, error.to_string())
    })?;
    let mut transaction = store::begin(&state.pool).await?;
    let now = state.clock.now();
    let reset = store::find(&mut transaction, region, &request.reset_id)
        .await?
        .ok_or_else(unknown_reset)?;
    // A reset that cannot take a code says so whatever the shares; they bind resets opened
    // before they ran out too, and their waits every code.
    rules::can_try_a_code(&reset)?;
    let asker = asker(
        &mut transaction,
        &state,
        region,
        &reset.account,
        &client,
        now,
    )
    .await?;
    let shares = state.config.wrong_code_shares();
    refuse_if_guessed_at(&mut transaction, &shares, &asker, now).await?;
    let verdict = rules::verify(&reset, &code, now)?;
    store::spend_attempt(&mut transaction, &reset.id, verdict).await?;
    match verdict {
        Verdict::Accepted { .. } => {
            let token = contract::ResetToken::issue();
            let ttl = state.config.token_ttl;
            store::issue_token(
                &mut transaction,
                &reset.id,
                &secrets::digest(token.as_str()),
                now + ttl as i64,
            )
            .await?;
            transaction.commit().await?;
            success(CodeAccepted {
                reset_token: token,
                expires_in_seconds: ttl,
            })
        }
        Verdict::Wrong { attempts_left } => {
            count_wrong_code(&mut transaction, &state, &reset, &asker, now).await?;
            transaction.commit().await?;
            state.spool_wakeup.notify_one();
            Err(ApiError::new(
                ErrorCode::WrongCode,
                format!("The code is not correct. Attempts left: {attempts_left}."),
            )
            .with_detail(ErrorDetail {
                attempts_left: Some(attempts_left),
                ..ErrorDetail::default()
            }))
        }
        Verdict::LockedNow => {
            count_wrong_code(&mut transaction, &state, &reset, &asker, now).await?;
            transaction.commit().await?;
            state.spool_wakeup.notify_one();
            Err(Refusal::Locked.into())
        }
    }
}

/// Sets the new password with a reset token; the token works once, and every other open
/// reset of the account dies with it.
#[utoipa::path(post, path = <CompleteRequest as Endpoint>::PATH, tag = "reset",
    request_body = CompleteRequest,
    responses((status = 200, body = Envelope<Done>),
              (status = 400, description = "40005: breaks the policy (data.unmetRules); 40001: invalid request"),
              (status = 404, description = "40401: unknown token"),
              (status = 410, description = "41001: token expired; 41002: locked; 41003: already complete"),
              (status = 503, description = "50301: every password-hashing slot is busy (Retry-After)")))]
pub async fn complete(
    State(state): State<AppState>,
    InRegion(region): InRegion,
    ClientAddress(client): ClientAddress,
    ApiJson(request): ApiJson<CompleteRequest>,
) -> ApiResult<Done> {
    let token_digest = secrets::digest(request.reset_token.as_str());
    let invalid_token = || {
        ApiError::new(
            ErrorCode::NotFound,
            "This reset link is not valid. Please start again.",
        )
    };
    // Checked before hashing, so that a request that cannot succeed costs no hash.
    let mut connection = state.pool.acquire().await?;
    let reset = store::find_by_token(&mut connection, region, &token_digest)
        .await?
        .ok_or_else(invalid_token)?;
    drop(connection);
    rules::complete(&reset, state.clock.now())?;
    let password = NewPassword::parse(
        &request.new_password,
        &PasswordPolicy::default(),
        Some(&reset.account),
    )
    .map_err(|unmet| {
        ApiError::new(
            ErrorCode::PasswordPolicy,
            "The new password does not meet every rule.",
        )
        .with_detail(ErrorDetail {
            unmet_rules: Some(unmet),
            ..RequestField::NewPassword.detail()
        })
    })?;
    let hash = state
        .hashing
        .run(move || secrets::hash_password(password.expose()))
        .await?
        .map_err(ApiError::internal)?;
    // Everything the change implies commits together, or nothing does.
    let mut transaction = store::begin(&state.pool).await?;
    let now = state.clock.now();
    let reset = store::find_by_token(&mut transaction, region, &token_digest)
        .await?
        .ok_or_else(invalid_token)?;
    rules::complete(&reset, now)?;
    for closed in store::close_account_resets(&mut transaction, &reset).await? {
        spool::drop_codes_of(&mut transaction, &closed).await?;
    }
    if let Some(account_row) = reset.account_row {
        store::set_password(&mut transaction, account_row, &hash).await?;
        // The owner's address keeps its own allowance from now on.
        let asker = asker(
            &mut transaction,
            &state,
            region,
            &reset.account,
            &client,
            now,
        )
        .await?;
        known::remember(&mut transaction, &asker, state.config.known_until(now)).await?;
        let wording = wording::password_changed(&reset.locale);
        spool_for(&mut transaction, &reset, wording, None, now).await?;
    }
    transaction.commit().await?;
    state.spool_wakeup.notify_one();
    success(Done {})
}
