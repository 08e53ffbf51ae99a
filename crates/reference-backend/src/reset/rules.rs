//! The reset's lifecycle as pure rules: what a request may do to a reset at a moment, decided
//! without a database or a clock, so that every rule is tested natively and the store only
//! applies the outcome inside its transaction.

use crate::secrets;
use contract::{Account, Region, ResetId, VerificationCode};

/// A reset as the rules see it, read from a row that parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reset {
    pub id: ResetId,
    pub region: Region,
    pub account: Account,
    /// The account's row when it exists; a reset for nobody behaves the same but never delivers.
    pub account_row: Option<i64>,
    pub locale: String,
    pub code_digest: String,
    pub code_expires_at: i64,
    pub attempts_left: u32,
    pub resend_after: i64,
    pub locked: bool,
    pub token_expires_at: Option<i64>,
    pub completed: bool,
}

/// Why a request cannot proceed on a reset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The reset completed, or another reset of the account did.
    AlreadyComplete,
    /// Every attempt was spent on wrong codes.
    Locked,
    /// The code's time is up.
    CodeExpired,
    /// The token's time is up, or the code was never verified.
    TokenExpired,
    /// Another code may be asked for in this many seconds.
    Cooldown(u64),
}

/// What a code did to the reset: a wrong one spends an attempt, the right one costs nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The right code; a token is issued.
    Accepted { attempts_left: u32 },
    /// A wrong code, with tries still left.
    Wrong { attempts_left: u32 },
    /// A wrong code that spent the last attempt: the reset is locked from now on.
    LockedNow,
}

impl Verdict {
    /// The attempts that remain after this verdict.
    pub fn attempts_left(self) -> u32 {
        match self {
            Verdict::Accepted { attempts_left } | Verdict::Wrong { attempts_left } => attempts_left,
            Verdict::LockedNow => 0,
        }
    }
}

/// The stored form of `code` for the reset `id`.
pub fn code_digest(id: &ResetId, code: &VerificationCode) -> String {
    secrets::code_digest(id.as_str(), code.as_str())
}

/// A reset that may still be acted on: neither complete nor locked.
pub fn still_open(reset: &Reset) -> Result<(), Refusal> {
    if reset.completed {
        return Err(Refusal::AlreadyComplete);
    }
    if reset.locked {
        return Err(Refusal::Locked);
    }
    Ok(())
}

/// An open reset with an attempt left to spend on a code.
pub fn can_try_a_code(reset: &Reset) -> Result<(), Refusal> {
    still_open(reset)?;
    if reset.attempts_left == 0 {
        return Err(Refusal::Locked);
    }
    Ok(())
}

/// Compares `code` only while an attempt is left to spend on it. The store runs this inside
/// an immediate transaction, so no number of requests arriving together compares more wrong
/// codes than there are attempts; the right code gives its attempt back, so that proving it
/// again after a reload costs nothing.
pub fn verify(reset: &Reset, code: &VerificationCode, now: i64) -> Result<Verdict, Refusal> {
    can_try_a_code(reset)?;
    if now >= reset.code_expires_at {
        return Err(Refusal::CodeExpired);
    }
    if secrets::same_digest(&code_digest(&reset.id, code), &reset.code_digest) {
        return Ok(Verdict::Accepted {
            attempts_left: reset.attempts_left,
        });
    }
    let attempts_left = reset.attempts_left - 1;
    if attempts_left == 0 {
        Ok(Verdict::LockedNow)
    } else {
        Ok(Verdict::Wrong { attempts_left })
    }
}

/// Whether a new code may be sent now. Spent attempts stay spent.
pub fn resend(reset: &Reset, now: i64) -> Result<(), Refusal> {
    can_try_a_code(reset)?;
    if now < reset.resend_after {
        let wait = u64::try_from(reset.resend_after - now).unwrap_or(1);
        return Err(Refusal::Cooldown(wait));
    }
    Ok(())
}

/// Whether the token of this reset may set a new password now.
pub fn complete(reset: &Reset, now: i64) -> Result<(), Refusal> {
    still_open(reset)?;
    match reset.token_expires_at {
        Some(expires) if now < expires => Ok(()),
        _ => Err(Refusal::TokenExpired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> VerificationCode {
        text.parse()
            .unwrap_or_else(|_| unreachable!("a valid code"))
    }

    fn reset() -> Reset {
        let id: ResetId = "r1".parse().unwrap_or_else(|_| unreachable!("a valid id"));
        Reset {
            code_digest: code_digest(&id, &code("123456")),
            id,
            region: Region::Europe,
            account: Account::parse(contract::Channel::Email, "a@example.com")
                .unwrap_or_else(|_| unreachable!("a valid address")),
            account_row: Some(1),
            locale: "en".into(),
            code_expires_at: 600,
            attempts_left: 5,
            resend_after: 60,
            locked: false,
            token_expires_at: None,
            completed: false,
        }
    }

    #[test]
    fn the_right_code_is_accepted_and_costs_nothing() {
        assert_eq!(
            verify(&reset(), &code("123456"), 10),
            Ok(Verdict::Accepted { attempts_left: 5 })
        );
    }

    #[test]
    fn wrong_codes_count_down_and_the_last_one_locks() {
        assert_eq!(
            verify(&reset(), &code("000000"), 10),
            Ok(Verdict::Wrong { attempts_left: 4 })
        );
        let last = Reset {
            attempts_left: 1,
            ..reset()
        };
        assert_eq!(verify(&last, &code("000000"), 10), Ok(Verdict::LockedNow));
        assert_eq!(
            verify(&last, &code("123456"), 10),
            Ok(Verdict::Accepted { attempts_left: 1 })
        );
    }

    #[test]
    fn nothing_is_compared_on_a_locked_spent_complete_or_expired_reset() {
        let right = code("123456");
        let locked = Reset {
            locked: true,
            ..reset()
        };
        let spent = Reset {
            attempts_left: 0,
            ..reset()
        };
        let complete = Reset {
            completed: true,
            ..reset()
        };
        assert_eq!(verify(&locked, &right, 10), Err(Refusal::Locked));
        assert_eq!(verify(&spent, &right, 10), Err(Refusal::Locked));
        assert_eq!(verify(&complete, &right, 10), Err(Refusal::AlreadyComplete));
        assert_eq!(verify(&reset(), &right, 600), Err(Refusal::CodeExpired));
    }

    #[test]
    fn a_resend_waits_for_the_cooldown_and_never_revives_a_locked_reset() {
        assert_eq!(resend(&reset(), 59), Err(Refusal::Cooldown(1)));
        assert_eq!(resend(&reset(), 60), Ok(()));
        let locked = Reset {
            locked: true,
            ..reset()
        };
        assert_eq!(resend(&locked, 600), Err(Refusal::Locked));
    }

    #[test]
    fn completing_needs_a_live_token_on_an_open_reset() {
        assert_eq!(complete(&reset(), 10), Err(Refusal::TokenExpired));
        let verified = Reset {
            token_expires_at: Some(100),
            ..reset()
        };
        assert_eq!(complete(&verified, 99), Ok(()));
        assert_eq!(complete(&verified, 100), Err(Refusal::TokenExpired));
        let locked = Reset {
            locked: true,
            ..verified.clone()
        };
        assert_eq!(complete(&locked, 10), Err(Refusal::Locked));
        let done = Reset {
            completed: true,
            ..verified
        };
        assert_eq!(complete(&done, 10), Err(Refusal::AlreadyComplete));
    }
}
