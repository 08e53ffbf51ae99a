//! Every limit as data: a counter, its window and its allowance, decided by a pure function and
//! enforced inside one immediate transaction, so that a burst of requests arriving together is
//! held to the same number as requests arriving one by one.

pub mod known;
pub mod shares;

use crate::api::ApiError;
use shares::{AccountEvent, Scope};
use sqlx::SqliteConnection;

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 3600;
pub const DAY: i64 = 24 * HOUR;

/// What a limit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    /// Code requests from one client address (counted once the captcha ticket is valid).
    RequestsPerAddress,
    /// Events of one account, counted in one of its shares (see [`shares`]).
    Account(AccountEvent, Scope),
    /// Failed (or still running) logins from one client address, whatever the account.
    LoginsPerAddress,
    /// Puzzles handed to one client address.
    PuzzlesPerAddress,
    /// Proof-of-work challenges handed to one client address.
    WorkChallengesPerAddress,
    /// Proof-of-work challenges handed out in one region, whoever asked: its pressure.
    WorkChallengesPerRegion,
    /// Tickets won with proof of work by one client address.
    WorkTicketsPerAddress,
}

impl Counter {
    /// The name stored in `limit_events.counter`.
    pub const fn name(self) -> &'static str {
        match self {
            Counter::RequestsPerAddress => "requests-per-address",
            // The whole account's counts keep the names they had before shares existed.
            Counter::Account(AccountEvent::CodeSent, Scope::AllAddresses) => "codes-per-account",
            Counter::Account(AccountEvent::CodeSent, Scope::UnknownAddresses) => {
                "codes-per-account-unknown"
            }
            Counter::Account(AccountEvent::CodeSent, Scope::OneAddress) => {
                "codes-per-account-address"
            }
            Counter::Account(AccountEvent::WrongCode, Scope::AllAddresses) => {
                "wrong-codes-per-account"
            }
            Counter::Account(AccountEvent::WrongCode, Scope::UnknownAddresses) => {
                "wrong-codes-per-account-unknown"
            }
            Counter::Account(AccountEvent::WrongCode, Scope::OneAddress) => {
                "wrong-codes-per-account-address"
            }
            Counter::Account(AccountEvent::FailedLogin, Scope::AllAddresses) => {
                "logins-per-account"
            }
            Counter::Account(AccountEvent::FailedLogin, Scope::UnknownAddresses) => {
                "logins-per-account-unknown"
            }
            Counter::Account(AccountEvent::FailedLogin, Scope::OneAddress) => {
                "logins-per-account-address"
            }
            Counter::LoginsPerAddress => "logins-per-address",
            Counter::PuzzlesPerAddress => "puzzles-per-address",
            Counter::WorkChallengesPerAddress => "work-challenges-per-address",
            Counter::WorkChallengesPerRegion => "work-challenges-per-region",
            Counter::WorkTicketsPerAddress => "work-tickets-per-address",
        }
    }

    /// How far back events count.
    pub const fn window(self) -> i64 {
        match self {
            Counter::Account(event, _) => event.window(),
            Counter::LoginsPerAddress => 15 * MINUTE,
            Counter::WorkChallengesPerAddress | Counter::WorkChallengesPerRegion => MINUTE,
            Counter::RequestsPerAddress
            | Counter::PuzzlesPerAddress
            | Counter::WorkTicketsPerAddress => HOUR,
        }
    }

    /// Every counter, for purging.
    pub const ALL: [Counter; 15] = [
        Counter::RequestsPerAddress,
        Counter::Account(AccountEvent::CodeSent, Scope::OneAddress),
        Counter::Account(AccountEvent::CodeSent, Scope::UnknownAddresses),
        Counter::Account(AccountEvent::CodeSent, Scope::AllAddresses),
        Counter::Account(AccountEvent::WrongCode, Scope::OneAddress),
        Counter::Account(AccountEvent::WrongCode, Scope::UnknownAddresses),
        Counter::Account(AccountEvent::WrongCode, Scope::AllAddresses),
        Counter::Account(AccountEvent::FailedLogin, Scope::OneAddress),
        Counter::Account(AccountEvent::FailedLogin, Scope::UnknownAddresses),
        Counter::Account(AccountEvent::FailedLogin, Scope::AllAddresses),
        Counter::LoginsPerAddress,
        Counter::PuzzlesPerAddress,
        Counter::WorkChallengesPerAddress,
        Counter::WorkChallengesPerRegion,
        Counter::WorkTicketsPerAddress,
    ];
}

/// The events of one counter and key inside its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Tally {
    pub count: u32,
    /// When the oldest event in the window happened.
    pub oldest: Option<i64>,
    /// When the newest event happened.
    pub newest: Option<i64>,
}

/// Refused: seconds until the request may be tried again (at least one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

impl RetryAfter {
    fn at(moment: i64, now: i64) -> RetryAfter {
        RetryAfter(u64::try_from((moment - now).max(1)).unwrap_or(1))
    }
}

/// Whether one more event fits `allowance` events per `window`: when it does not, room returns
/// as the oldest event leaves the window.
pub fn admit(tally: Tally, allowance: u32, window: i64, now: i64) -> Result<(), RetryAfter> {
    if tally.count < allowance {
        return Ok(());
    }
    Err(RetryAfter::at(tally.oldest.unwrap_or(now) + window, now))
}

/// Growing waits: `free` events pass at once; each one after waits twice as long after the
/// newest as the one before (`first_wait`, then twice it …, at most the window).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub free: u32,
    /// Seconds the first event past the free ones waits.
    pub first_wait: i64,
}

/// [`admit`] with `backoff`'s growing waits before the hard cap `allowance`.
pub fn admit_with_backoff(
    tally: Tally,
    backoff: Backoff,
    allowance: u32,
    window: i64,
    now: i64,
) -> Result<(), RetryAfter> {
    admit(tally, allowance, window, now)?;
    if tally.count < backoff.free {
        return Ok(());
    }
    let doublings = (tally.count - backoff.free).min(20);
    let wait = backoff
        .first_wait
        .max(1)
        .saturating_mul(1i64 << doublings)
        .min(window);
    let ready = tally.newest.unwrap_or(now) + wait;
    if now < ready {
        return Err(RetryAfter::at(ready, now));
    }
    Ok(())
}

/// The events of `counter` for `key` in its window ending at `now`.
pub async fn tally(
    connection: &mut SqliteConnection,
    counter: Counter,
    key: &str,
    now: i64,
) -> Result<Tally, sqlx::Error> {
    let (name, since) = (counter.name(), now - counter.window());
    let row = sqlx::query!(
        r#"SELECT COUNT(*) AS "count: i64", MIN(at) AS "oldest: i64", MAX(at) AS "newest: i64"
           FROM limit_events WHERE counter = ? AND key = ? AND at > ?"#,
        name,
        key,
        since,
    )
    .fetch_one(connection)
    .await?;
    Ok(Tally {
        count: u32::try_from(row.count).unwrap_or(u32::MAX),
        oldest: row.oldest,
        newest: row.newest,
    })
}

/// Writes one event; returns its row id, so that an event recorded ahead can be taken back.
pub async fn record(
    connection: &mut SqliteConnection,
    counter: Counter,
    key: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let name = counter.name();
    let done = sqlx::query!(
        "INSERT INTO limit_events (counter, key, at) VALUES (?, ?, ?)",
        name,
        key,
        now,
    )
    .execute(connection)
    .await?;
    Ok(done.last_insert_rowid())
}

/// Takes back events recorded ahead (a login that succeeded, or never ran).
pub async fn forget(connection: &mut SqliteConnection, rows: &[i64]) -> Result<(), sqlx::Error> {
    for row in rows {
        sqlx::query!("DELETE FROM limit_events WHERE rowid = ?", row)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// Checks and records one event of `counter` in the caller's immediate transaction.
pub async fn take(
    connection: &mut SqliteConnection,
    counter: Counter,
    key: &str,
    allowance: u32,
    now: i64,
) -> Result<Result<(), RetryAfter>, sqlx::Error> {
    let tally = tally(connection, counter, key, now).await?;
    if let Err(retry) = admit(tally, allowance, counter.window(), now) {
        return Ok(Err(retry));
    }
    record(connection, counter, key, now).await?;
    Ok(Ok(()))
}

/// [`take`], refusing with 429, `refusal` and when to try again once the allowance is spent.
pub async fn take_or_refuse(
    connection: &mut SqliteConnection,
    counter: Counter,
    key: &str,
    allowance: u32,
    now: i64,
    refusal: &str,
) -> Result<(), ApiError> {
    take(connection, counter, key, allowance, now)
        .await?
        .map_err(|retry| ApiError::too_many(retry.0, refusal))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(count: u32, oldest: i64, newest: i64) -> Tally {
        Tally {
            count,
            oldest: Some(oldest),
            newest: Some(newest),
        }
    }

    #[test]
    fn a_window_admits_its_allowance_then_says_when_room_returns() {
        assert_eq!(admit(Tally::default(), 5, HOUR, 1000), Ok(()));
        assert_eq!(admit(tally(4, 10, 900), 5, HOUR, 1000), Ok(()));
        assert_eq!(
            admit(tally(5, 10, 900), 5, HOUR, 1000),
            Err(RetryAfter(10 + 3600 - 1000))
        );
        assert_eq!(admit(tally(0, 0, 0), 0, HOUR, 5), Err(RetryAfter(3595)));
    }

    #[test]
    fn the_wait_is_never_less_than_a_second() {
        assert_eq!(admit(tally(5, 0, 0), 5, 60, 60), Err(RetryAfter(1)));
    }

    #[test]
    fn backoff_doubles_after_the_free_events_and_caps_at_the_allowance() {
        let window = 15 * MINUTE;
        let backoff = Backoff {
            free: 3,
            first_wait: 1,
        };
        assert_eq!(
            admit_with_backoff(tally(2, 0, 100), backoff, 10, window, 100),
            Ok(())
        );
        assert_eq!(
            admit_with_backoff(tally(3, 0, 100), backoff, 10, window, 100),
            Err(RetryAfter(1))
        );
        assert_eq!(
            admit_with_backoff(tally(3, 0, 100), backoff, 10, window, 101),
            Ok(())
        );
        assert_eq!(
            admit_with_backoff(tally(6, 0, 100), backoff, 10, window, 104),
            Err(RetryAfter(4))
        );
        assert_eq!(
            admit_with_backoff(tally(10, 0, 400), backoff, 10, window, 500),
            Err(RetryAfter(400))
        );
        let minutes = Backoff {
            free: 5,
            first_wait: MINUTE,
        };
        assert_eq!(
            admit_with_backoff(tally(7, 0, 100), minutes, 10, DAY, 200),
            Err(RetryAfter(140))
        );
        assert_eq!(
            admit_with_backoff(tally(9, 0, 100), minutes, 10, DAY, 100 + 16 * MINUTE),
            Ok(())
        );
        assert_eq!(
            admit_with_backoff(tally(9, 0, 100), minutes, 20, 600, 150),
            Err(RetryAfter(550))
        );
    }
}
