//! An account's allowance of one kind of event, shared among the addresses that cause it, so
//! that an attacker spends only their own share and the owner keeps a way through:
//! - each address has its own share of the account (with growing waits for failures);
//! - the addresses the account does not know share a ceiling below the account's;
//! - an address that recently signed in or completed a reset ([`super::known`]) is bound by
//!   its own share and the account's ceiling only, which the unknown addresses cannot reach.

use super::known::{Asker, Standing};
use super::{Backoff, Counter, RetryAfter, Tally, admit, admit_with_backoff, record, tally};
use crate::api::ApiError;
use sqlx::SqliteConnection;

/// What is counted against an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountEvent {
    /// A code sent to it, first or resent.
    CodeSent,
    /// A wrong code tried on one of its resets.
    WrongCode,
    /// A failed (or still running) login.
    FailedLogin,
}

impl AccountEvent {
    /// How far back events count.
    pub const fn window(self) -> i64 {
        match self {
            AccountEvent::CodeSent => super::HOUR,
            AccountEvent::WrongCode | AccountEvent::FailedLogin => super::DAY,
        }
    }
}

/// Whose events of an account a count covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One address's.
    OneAddress,
    /// Every address the account does not know, together.
    UnknownAddresses,
    /// Every address, known or not: the account's ceiling.
    AllAddresses,
}

/// How an account's allowance of one event per window is shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shares {
    /// Events one address may cause on the account.
    pub per_address: u32,
    /// Growing waits within one address's share, for failures.
    pub backoff: Option<Backoff>,
    /// Events of all the addresses the account does not know, together.
    pub unknown_addresses: u32,
    /// Events of every address: the account's ceiling.
    pub all_addresses: u32,
}

impl Shares {
    /// The same shares without the waits: whether anything at all is left, as a new code
    /// request asks of the wrong codes, which it cannot spend yet.
    pub fn without_waits(self) -> Shares {
        Shares {
            backoff: None,
            ..self
        }
    }
}

/// Refused: when to try again, and whose share ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    pub retry: RetryAfter,
    pub scope: Scope,
}

impl Refused {
    /// 429 with when to try again: `own` when the asker's own share ran out, else `account`.
    pub fn too_many(self, own: &str, account: &str) -> ApiError {
        let message = match self.scope {
            Scope::OneAddress => own,
            Scope::UnknownAddresses | Scope::AllAddresses => account,
        };
        ApiError::too_many(self.retry.0, message)
    }
}

/// The counts an asker's next event is checked against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tallies {
    pub one_address: Tally,
    pub unknown_addresses: Tally,
    pub all_addresses: Tally,
}

/// Whether one more event fits: the address's own share first, so that an attacker meets
/// their own limit before anyone else's; then the unknown addresses' ceiling, for an address
/// the account does not know; then the account's.
pub fn decide(
    tallies: &Tallies,
    shares: &Shares,
    standing: Standing,
    window: i64,
    now: i64,
) -> Result<(), Refused> {
    let refused = |scope| move |retry| Refused { retry, scope };
    match shares.backoff {
        Some(backoff) => admit_with_backoff(
            tallies.one_address,
            backoff,
            shares.per_address,
            window,
            now,
        ),
        None => admit(tallies.one_address, shares.per_address, window, now),
    }
    .map_err(refused(Scope::OneAddress))?;
    if standing == Standing::Unknown {
        admit(
            tallies.unknown_addresses,
            shares.unknown_addresses,
            window,
            now,
        )
        .map_err(refused(Scope::UnknownAddresses))?;
    }
    admit(tallies.all_addresses, shares.all_addresses, window, now)
        .map_err(refused(Scope::AllAddresses))
}

/// The counts of `event` that bind `asker`.
pub async fn tallies(
    connection: &mut SqliteConnection,
    event: AccountEvent,
    asker: &Asker,
    now: i64,
) -> Result<Tallies, sqlx::Error> {
    Ok(Tallies {
        one_address: tally(
            connection,
            Counter::Account(event, Scope::OneAddress),
            asker.share_key(),
            now,
        )
        .await?,
        unknown_addresses: tally(
            connection,
            Counter::Account(event, Scope::UnknownAddresses),
            asker.account_key(),
            now,
        )
        .await?,
        all_addresses: tally(
            connection,
            Counter::Account(event, Scope::AllAddresses),
            asker.account_key(),
            now,
        )
        .await?,
    })
}

/// Whether `asker` may cause one more `event` now, in the caller's immediate transaction.
pub async fn check(
    connection: &mut SqliteConnection,
    event: AccountEvent,
    shares: &Shares,
    asker: &Asker,
    now: i64,
) -> Result<Result<(), Refused>, sqlx::Error> {
    let tallies = tallies(connection, event, asker, now).await?;
    Ok(decide(
        &tallies,
        shares,
        asker.standing(),
        event.window(),
        now,
    ))
}

/// Counts one `event` of `asker` in every share it spends; returns the rows written, so that
/// an event counted ahead can be taken back.
pub async fn count(
    connection: &mut SqliteConnection,
    event: AccountEvent,
    asker: &Asker,
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut rows = vec![
        record(
            connection,
            Counter::Account(event, Scope::OneAddress),
            asker.share_key(),
            now,
        )
        .await?,
        record(
            connection,
            Counter::Account(event, Scope::AllAddresses),
            asker.account_key(),
            now,
        )
        .await?,
    ];
    if asker.standing() == Standing::Unknown {
        rows.push(
            record(
                connection,
                Counter::Account(event, Scope::UnknownAddresses),
                asker.account_key(),
                now,
            )
            .await?,
        );
    }
    Ok(rows)
}

/// [`check`], then [`count`] when it passes.
pub async fn take(
    connection: &mut SqliteConnection,
    event: AccountEvent,
    shares: &Shares,
    asker: &Asker,
    now: i64,
) -> Result<Result<Vec<i64>, Refused>, sqlx::Error> {
    if let Err(refused) = check(connection, event, shares, asker, now).await? {
        return Ok(Err(refused));
    }
    Ok(Ok(count(connection, event, asker, now).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{DAY, MINUTE};

    const SHARES: Shares = Shares {
        per_address: 10,
        backoff: Some(Backoff {
            free: 5,
            first_wait: MINUTE,
        }),
        unknown_addresses: 60,
        all_addresses: 100,
    };

    fn counts(one: u32, unknown: u32, all: u32) -> Tallies {
        let at = |count| Tally {
            count,
            oldest: Some(0),
            newest: Some(100),
        };
        Tallies {
            one_address: at(one),
            unknown_addresses: at(unknown),
            all_addresses: at(all),
        }
    }

    fn scope(result: Result<(), Refused>) -> Option<Scope> {
        result.err().map(|refused| refused.scope)
    }

    #[test]
    fn an_address_meets_its_own_share_first_with_growing_waits() {
        let decide = |tallies, now| decide(&tallies, &SHARES, Standing::Unknown, DAY, now);
        assert_eq!(decide(counts(4, 50, 50), 101), Ok(()));
        assert_eq!(
            decide(counts(5, 50, 50), 101),
            Err(Refused {
                retry: RetryAfter(59),
                scope: Scope::OneAddress
            })
        );
        assert_eq!(decide(counts(5, 50, 50), 160), Ok(()));
        assert_eq!(
            scope(decide(counts(6, 50, 50), 160)),
            Some(Scope::OneAddress)
        );
        assert_eq!(
            scope(decide(counts(10, 0, 0), DAY - 1)),
            Some(Scope::OneAddress)
        );
    }

    #[test]
    fn the_unknown_addresses_ceiling_never_binds_a_known_address() {
        let tallies = counts(0, 60, 60);
        assert_eq!(
            scope(decide(&tallies, &SHARES, Standing::Unknown, DAY, 200)),
            Some(Scope::UnknownAddresses)
        );
        assert_eq!(decide(&tallies, &SHARES, Standing::Known, DAY, 200), Ok(()));
        assert_eq!(
            scope(decide(
                &counts(0, 60, 100),
                &SHARES,
                Standing::Known,
                DAY,
                200
            )),
            Some(Scope::AllAddresses)
        );
    }

    #[test]
    fn without_waits_only_the_allowances_count() {
        let shares = SHARES.without_waits();
        let tallies = counts(7, 0, 7);
        assert_eq!(
            decide(&tallies, &shares, Standing::Unknown, DAY, 101),
            Ok(())
        );
        assert_eq!(
            scope(decide(&tallies, &SHARES, Standing::Unknown, DAY, 101)),
            Some(Scope::OneAddress)
        );
    }
}
