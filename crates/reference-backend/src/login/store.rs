//! What a sign-in reads and counts in the database: the account's password hash, and the
//! failed sign-ins in the account's shares and the address's own count.

use crate::AppState;
use crate::api::ApiError;
use crate::limits::known::{self, Asker};
use crate::limits::shares::{self, AccountEvent};
use crate::limits::{self, Counter};
use crate::reset::store;
use contract::{Account, Region};

/// The password hash of `account` in `region`, if the account exists.
pub async fn password_hash(
    state: &AppState,
    region: Region,
    account: &Account,
) -> Result<Option<String>, sqlx::Error> {
    let (region, channel, identifier) = (
        region.slug(),
        account.channel().as_str(),
        account.to_string(),
    );
    sqlx::query_scalar!(
        "SELECT password_hash FROM accounts WHERE region = ? AND channel = ? AND identifier = ?",
        region,
        channel,
        identifier,
    )
    .fetch_optional(&state.pool)
    .await
}

/// Records a login as failed before it runs, so that logins arriving together see each other:
/// in the asker's shares of the account and in the address's own count. The rows are taken
/// back if it succeeds or never runs.
pub async fn admit(
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

/// Takes back the rows [`admit`] recorded.
pub async fn forget(state: &AppState, rows: &[i64]) -> Result<(), ApiError> {
    let mut connection = state.pool.acquire().await?;
    limits::forget(&mut connection, rows).await?;
    Ok(())
}

/// A sign-in is the owner's: its rows are taken off the counts, and the address is known to
/// the account from now on.
pub async fn signed_in(state: &AppState, asker: &Asker, rows: &[i64]) -> Result<(), ApiError> {
    let mut transaction = store::begin(&state.pool).await?;
    limits::forget(&mut transaction, rows).await?;
    let until = state.config.known_until(state.clock.now());
    known::remember(&mut transaction, asker, until).await?;
    transaction.commit().await?;
    Ok(())
}
