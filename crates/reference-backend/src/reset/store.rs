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

/// The reset `id` of `region`.
pub async fn find(
    connection: &mut SqliteConnection,
    region: Region,
    id: &ResetId,
) -> Result<Option<Reset>, sqlx::Error> {
    find_where(connection, region, Some(id.as_str()), None).await
}

/// The reset of `region` whose token has the digest `token_digest`.
pub async fn find_by_token(
    connection: &mut SqliteConnection,
    region: Region,
    token_digest: &str,
) -> Result<Option<Reset>, sqlx::Error> {
    find_where(connection, region, None, Some(token_digest)).await
}

/// The reset of `region` with the id `id` or the token digest `token_digest`, whichever is
/// given: one statement, so that the columns are listed once.
async fn find_where(
    connection: &mut SqliteConnection,
    region: Region,
    id: Option<&str>,
    token_digest: Option<&str>,
) -> Result<Option<Reset>, sqlx::Error> {
    let region = region.slug();
    // `!`: SQLite calls a primary key nullable unless it is a rowid alias; ours are always set.
    let row = sqlx::query_as!(
        Row,
        r#"SELECT id AS "id!", region, channel, identifier, account_id, locale, code_hash, code_expires_at,
               attempts_left, resend_after, locked AS "locked: bool", token_expires_at,
               completed AS "completed: bool"
           FROM resets WHERE region = ?1 AND (id = ?2 OR token_hash = ?3)"#,
        region,
        id,
        token_digest,
    )
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
    let (region, channel, identifier) = (
        region.slug(),
        account.channel().as_str(),
        account.to_string(),
    );
    sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM accounts WHERE region = ? AND channel = ? AND identifier = ?"#,
        region,
        channel,
        identifier,
    )
    .fetch_optional(connection)
    .await
}

/// Stores a new reset.
pub async fn insert(
    connection: &mut SqliteConnection,
    reset: &Reset,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (id, region, channel, identifier, attempts_left) = (
        reset.id.as_str(),
        reset.region.slug(),
        reset.account.channel().as_str(),
        reset.account.to_string(),
        i64::from(reset.attempts_left),
    );
    sqlx::query!(
        "INSERT INTO resets (id, region, channel, identifier, account_id, locale, code_hash,
             code_expires_at, attempts_left, resend_after, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        region,
        channel,
        identifier,
        reset.account_row,
        reset.locale,
        reset.code_digest,
        reset.code_expires_at,
        attempts_left,
        reset.resend_after,
        now,
    )
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
    let (attempts_left, locks, id) = (
        i64::from(verdict.attempts_left()),
        verdict == Verdict::LockedNow,
        id.as_str(),
    );
    sqlx::query!(
        "UPDATE resets SET attempts_left = ?, locked = locked OR ? WHERE id = ?",
        attempts_left,
        locks,
        id,
    )
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
    let id = id.as_str();
    sqlx::query!(
        "UPDATE resets SET token_hash = ?, token_expires_at = ? WHERE id = ?",
        token_digest,
        expires_at,
        id,
    )
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
    let id = id.as_str();
    sqlx::query!(
        "UPDATE resets SET code_hash = ?, code_expires_at = ?, resend_after = ?,
             token_hash = NULL, token_expires_at = NULL
         WHERE id = ?",
        code_digest,
        code_expires_at,
        resend_after,
        id,
    )
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
    let (region, channel, identifier) = (
        reset.region.slug(),
        reset.account.channel().as_str(),
        reset.account.to_string(),
    );
    let ids = sqlx::query_scalar!(
        r#"UPDATE resets SET completed = 1, token_expires_at = NULL
         WHERE region = ? AND channel = ? AND identifier = ? AND completed = 0
         RETURNING id AS "id!""#,
        region,
        channel,
        identifier,
    )
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
    sqlx::query!(
        "UPDATE accounts SET password_hash = ? WHERE id = ?",
        hash,
        account_row,
    )
    .execute(connection)
    .await?;
    Ok(())
}
