//! Resets in the database. Rows parse into the rules' [`Reset`] or fail: a stored value that
//! does not parse is an error, never a default.

use super::rules::{Reset, Verdict};
use contract::{Account, Channel, Region, ResetId};
use sqlx::{Sqlite, SqliteConnection, SqlitePool};

/// A transaction that holds SQLite's write lock from its first statement: whatever it reads
/// stays true until it commits, so a check and the update it allows cannot be split by
/// another request.
pub type Immediate = sqlx::Transaction<'static, Sqlite>;

/// Starts an [`Immediate`] transaction.
pub async fn begin(pool: &SqlitePool) -> Result<Immediate, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// The key of an account in the limits: its region and canonical identifier.
pub fn account_key(region: Region, account: &Account) -> String {
    format!("{}:{account}", region.slug())
}

#[derive(sqlx::FromRow)]
struct Row {
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

fn corrupt(id: &str, what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("reset {id}: stored {what} {value:?} does not parse").into())
}

impl TryFrom<Row> for Reset {
    type Error = sqlx::Error;

    fn try_from(row: Row) -> Result<Reset, sqlx::Error> {
        let region: Region = row
            .region
            .parse()
            .map_err(|_| corrupt(&row.id, "region", &row.region))?;
        let channel = Channel::from_name(&row.channel)
            .ok_or_else(|| corrupt(&row.id, "channel", &row.channel))?;
        let account = Account::parse(channel, &row.identifier)
            .map_err(|_| corrupt(&row.id, "identifier", &row.identifier))?;
        let attempts_left = u32::try_from(row.attempts_left)
            .map_err(|_| corrupt(&row.id, "attempts", &row.attempts_left.to_string()))?;
        let id = row
            .id
            .parse::<ResetId>()
            .map_err(|_| corrupt(&row.id, "id", &row.id))?;
        Ok(Reset {
            id,
            region,
            account,
            account_row: row.account_id,
            locale: row.locale,
            code_digest: row.code_hash,
            code_expires_at: row.code_expires_at,
            attempts_left,
            resend_after: row.resend_after,
            locked: row.locked,
            token_expires_at: row.token_expires_at,
            completed: row.completed,
        })
    }
}

const COLUMNS: &str = "id, region, channel, identifier, account_id, locale, code_hash, \
     code_expires_at, attempts_left, resend_after, locked, token_expires_at, completed";

/// The reset `id` of `region`.
pub async fn find(
    connection: &mut SqliteConnection,
    region: Region,
    id: &ResetId,
) -> Result<Option<Reset>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM resets WHERE id = ? AND region = ?"
    ))
    .bind(id.as_str())
    .bind(region.slug())
    .fetch_optional(connection)
    .await?;
    row.map(Reset::try_from).transpose()
}

/// The reset of `region` whose token has the digest `token_digest`.
pub async fn find_by_token(
    connection: &mut SqliteConnection,
    region: Region,
    token_digest: &str,
) -> Result<Option<Reset>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM resets WHERE token_hash = ? AND region = ?"
    ))
    .bind(token_digest)
    .bind(region.slug())
    .fetch_optional(connection)
    .await?;
    row.map(Reset::try_from).transpose()
}

/// The row of the account `account` of `region`, if it exists.
pub async fn account_row(
    connection: &mut SqliteConnection,
    region: Region,
    account: &Account,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM accounts WHERE region = ? AND channel = ? AND identifier = ?",
    )
    .bind(region.slug())
    .bind(account.channel().as_str())
    .bind(account.to_string())
    .fetch_optional(connection)
    .await
}

/// Stores a new reset.
pub async fn insert(
    connection: &mut SqliteConnection,
    reset: &Reset,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO resets (id, region, channel, identifier, account_id, locale, code_hash,
             code_expires_at, attempts_left, resend_after, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(reset.id.as_str())
    .bind(reset.region.slug())
    .bind(reset.account.channel().as_str())
    .bind(reset.account.to_string())
    .bind(reset.account_row)
    .bind(&reset.locale)
    .bind(&reset.code_digest)
    .bind(reset.code_expires_at)
    .bind(i64::from(reset.attempts_left))
    .bind(reset.resend_after)
    .bind(now)
    .execute(connection)
    .await?;
    Ok(())
}

/// Writes what a code did: the attempts left and, for the last wrong one, the lock.
pub async fn spend_attempt(
    connection: &mut SqliteConnection,
    id: &ResetId,
    verdict: Verdict,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE resets SET attempts_left = ?, locked = locked OR ? WHERE id = ?")
        .bind(i64::from(verdict.attempts_left()))
        .bind(verdict == Verdict::LockedNow)
        .bind(id.as_str())
        .execute(connection)
        .await?;
    Ok(())
}

/// Gives the reset a new token (the previous one stops working).
pub async fn issue_token(
    connection: &mut SqliteConnection,
    id: &ResetId,
    token_digest: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE resets SET token_hash = ?, token_expires_at = ? WHERE id = ?")
        .bind(token_digest)
        .bind(expires_at)
        .bind(id.as_str())
        .execute(connection)
        .await?;
    Ok(())
}

/// Gives the reset a new code; attempts stay as they are and any token stops working.
pub async fn renew_code(
    connection: &mut SqliteConnection,
    id: &ResetId,
    code_digest: &str,
    code_expires_at: i64,
    resend_after: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE resets SET code_hash = ?, code_expires_at = ?, resend_after = ?,
             token_hash = NULL, token_expires_at = NULL
         WHERE id = ?",
    )
    .bind(code_digest)
    .bind(code_expires_at)
    .bind(resend_after)
    .bind(id.as_str())
    .execute(connection)
    .await?;
    Ok(())
}

/// Completes every open reset of the account of `reset`: the one that set the password and
/// any other, whose codes and tokens die with it. Returns their ids.
pub async fn close_account_resets(
    connection: &mut SqliteConnection,
    reset: &Reset,
) -> Result<Vec<ResetId>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "UPDATE resets SET completed = 1, token_expires_at = NULL
         WHERE region = ? AND channel = ? AND identifier = ? AND completed = 0
         RETURNING id",
    )
    .bind(reset.region.slug())
    .bind(reset.account.channel().as_str())
    .bind(reset.account.to_string())
    .fetch_all(connection)
    .await?;
    ids.into_iter()
        .map(|id| id.parse().map_err(|_| corrupt(&id, "id", &id)))
        .collect()
}

/// Sets the password hash of the account row `account_row`.
pub async fn set_password(
    connection: &mut SqliteConnection,
    account_row: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET password_hash = ? WHERE id = ?")
        .bind(hash)
        .bind(account_row)
        .execute(connection)
        .await?;
    Ok(())
}
