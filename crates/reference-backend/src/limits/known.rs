//! The addresses an account knows: one that signed in to it or completed a reset for it
//! recently keeps its own allowance when others spend theirs ([`super::shares`]). An address is
//! kept only as a keyed hash bound to the account, so that the database never holds it and one
//! address cannot be followed from account to account.

use crate::secrets;
use sqlx::{SqliteConnection, SqlitePool};

/// How an address stands with an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// It signed in or completed a reset recently.
    Known,
    /// Anyone else.
    Unknown,
}

/// The server's key for hashing addresses, made once and kept in the database, so that what
/// an account knows survives a restart.
#[derive(Clone)]
pub struct AddressKey(secrets::Key);

impl AddressKey {
    /// The stored key, made now if there is none. A stored key of the wrong length is an error.
    pub async fn load_or_make(pool: &SqlitePool) -> Result<AddressKey, sqlx::Error> {
        let made = secrets::Key::random().as_bytes().to_vec();
        sqlx::query!(
            "INSERT OR IGNORE INTO server_keys (name, key) VALUES ('address', ?)",
            made,
        )
        .execute(pool)
        .await?;
        let stored = sqlx::query_scalar!("SELECT key FROM server_keys WHERE name = 'address'")
            .fetch_one(pool)
            .await?;
        secrets::Key::from_bytes(&stored)
            .map(AddressKey)
            .ok_or_else(|| {
                sqlx::Error::Decode(
                    format!("the stored address key has {} bytes, not 32", stored.len()).into(),
                )
            })
    }
}

/// An address asking something of an account, and the keys its events are counted under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asker {
    account_key: String,
    share_key: String,
    address_digest: String,
    standing: Standing,
}

impl Asker {
    /// The account's key in the limits.
    pub fn account_key(&self) -> &str {
        &self.account_key
    }

    /// The key of this address's own share of the account.
    pub fn share_key(&self) -> &str {
        &self.share_key
    }

    pub fn standing(&self) -> Standing {
        self.standing
    }
}

/// Who `address` is to the account `account_key` at `now`.
pub async fn asker(
    connection: &mut SqliteConnection,
    key: &AddressKey,
    account_key: &str,
    address: &str,
    now: i64,
) -> Result<Asker, sqlx::Error> {
    let address_digest = key.0.digest(&[account_key, address]);
    let known = sqlx::query_scalar!(
        r#"SELECT 1 AS "known: i64" FROM known_addresses
           WHERE account_key = ? AND address = ? AND until > ?"#,
        account_key,
        address_digest,
        now,
    )
    .fetch_optional(connection)
    .await?;
    Ok(Asker {
        account_key: account_key.to_owned(),
        share_key: format!("{account_key}#{address_digest}"),
        address_digest,
        standing: if known.is_some() {
            Standing::Known
        } else {
            Standing::Unknown
        },
    })
}

/// Remembers `asker`'s address for the account until `until` (a sign-in or a completed reset).
pub async fn remember(
    connection: &mut SqliteConnection,
    asker: &Asker,
    until: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO known_addresses (account_key, address, until) VALUES (?, ?, ?)
         ON CONFLICT (account_key, address) DO UPDATE SET until = MAX(until, excluded.until)",
        asker.account_key,
        asker.address_digest,
        until,
    )
    .execute(connection)
    .await?;
    Ok(())
}
