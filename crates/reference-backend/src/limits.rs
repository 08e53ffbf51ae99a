//! Every limit as data: a counter, its window and its allowance, decided by a pure function and
//! enforced inside one immediate transaction, so that a burst of requests arriving together is
//! held to the same number as requests arriving one by one.

use crate::api::ApiError;
use sqlx::SqliteConnection;

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 3600;
pub const DAY: i64 = 24 * HOUR;

/// What a limit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    /// Code requests from one client address (counted once the captcha ticket is valid).
    RequestsPerAddress,
    /// Codes sent to one account, first and resent.
    CodesPerAccount,
    /// Wrong codes tried on one account, across all its resets.
    WrongCodesPerAccount,
    /// Failed (or still running) logins of one account.
    LoginsPerAccount,
    /// Failed (or still running) logins from one client address.
    LoginsPerAddress,
    /// Puzzles handed to one client address.
    PuzzlesPerAddress,
    /// Proof-of-work challenges handed to one client address.
    WorkChallengesPerAddress,
    /// Tickets won with proof of work by one client address.
    WorkTicketsPerAddress,
}

impl Counter {
    /// The name stored in `limit_events.counter`.
    pub const fn name(self) -> &'static str {
        match self {
            Counter::RequestsPerAddress => "requests-per-address",
            Counter::CodesPerAccount => "codes-per-account",
            Counter::WrongCodesPerAccount => "wrong-codes-per-account",
            Counter::LoginsPerAccount => "logins-per-account",
            Counter::LoginsPerAddress => "logins-per-address",
            Counter::PuzzlesPerAddress => "puzzles-per-address",
            Counter::WorkChallengesPerAddress => "work-challenges-per-address",
            Counter::WorkTicketsPerAddress => "work-tickets-per-address",
        }
    }

    /// How far back events count.
    pub const fn window(self) -> i64 {
        match self {
            Counter::WrongCodesPerAccount => DAY,
            Counter::LoginsPerAccount | Counter::LoginsPerAddress => 15 * MINUTE,
            Counter::WorkChallengesPerAddress => MINUTE,
            Counter::RequestsPerAddress
            | Counter::CodesPerAccount
            | Counter::PuzzlesPerAddress
            | Counter::WorkTicketsPerAddress => HOUR,
        }
    }

    /// Every counter, for purging.
    pub const ALL: [Counter; 8] = [
        Counter::RequestsPerAddress,
        Counter::CodesPerAccount,
        Counter::WrongCodesPerAccount,
        Counter::LoginsPerAccount,
        Counter::LoginsPerAddress,
        Counter::PuzzlesPerAddress,
        Counter::WorkChallengesPerAddress,
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

/// Login backoff: `free` failures pass at once; each one after waits twice as long after the
/// newest as the one before (1 s, 2 s, 4 s …, at most the window), and `allowance` is a hard cap.
pub fn admit_with_backoff(
    tally: Tally,
    free: u32,
    allowance: u32,
    window: i64,
    now: i64,
) -> Result<(), RetryAfter> {
    admit(tally, allowance, window, now)?;
    if tally.count < free {
        return Ok(());
    }
    let doublings = (tally.count - free).min(20);
    let wait = (1i64 << doublings).min(window);
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
    let (count, oldest, newest): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at), MAX(at) FROM limit_events WHERE counter = ? AND key = ? AND at > ?",
    )
    .bind(counter.name())
    .bind(key)
    .bind(now - counter.window())
    .fetch_one(connection)
    .await?;
    Ok(Tally {
        count: u32::try_from(count).unwrap_or(u32::MAX),
        oldest,
        newest,
    })
}

/// Writes one event; returns its row id, so that an event recorded ahead can be taken back.
pub async fn record(
    connection: &mut SqliteConnection,
    counter: Counter,
    key: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let done = sqlx::query("INSERT INTO limit_events (counter, key, at) VALUES (?, ?, ?)")
        .bind(counter.name())
        .bind(key)
        .bind(now)
        .execute(connection)
        .await?;
    Ok(done.last_insert_rowid())
}

/// Takes back events recorded ahead (a login that succeeded, or never ran).
pub async fn forget(connection: &mut SqliteConnection, rows: &[i64]) -> Result<(), sqlx::Error> {
    for row in rows {
        sqlx::query("DELETE FROM limit_events WHERE rowid = ?")
            .bind(row)
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
    fn login_backoff_doubles_after_the_free_failures_and_caps_at_the_allowance() {
        let window = 15 * MINUTE;
        assert_eq!(
            admit_with_backoff(tally(2, 0, 100), 3, 10, window, 100),
            Ok(())
        );
        assert_eq!(
            admit_with_backoff(tally(3, 0, 100), 3, 10, window, 100),
            Err(RetryAfter(1))
        );
        assert_eq!(
            admit_with_backoff(tally(3, 0, 100), 3, 10, window, 101),
            Ok(())
        );
        assert_eq!(
            admit_with_backoff(tally(6, 0, 100), 3, 10, window, 104),
            Err(RetryAfter(4))
        );
        assert_eq!(
            admit_with_backoff(tally(10, 0, 400), 3, 10, window, 500),
            Err(RetryAfter(400))
        );
    }
}
