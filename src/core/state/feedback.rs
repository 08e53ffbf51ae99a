//! What went wrong, for the views to word: a refusal of the code, a failed request, and what
//! a screen reader is told.

use crate::core::{Event, Failure};
use contract::wire::ErrorCode;
use serde::{Deserialize, Serialize};

/// What the backend said about a code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// A wrong code, with the attempts left where the backend said how many.
    WrongCode { attempts_left: Option<u32> },
    /// Too many wrong codes; only starting again helps.
    Locked,
    /// The code ran out; a new one helps.
    Expired,
    /// The reset token ran out before the password was set; the code must be entered again.
    VerifyAgain,
}

/// Why a request needs the user's attention, for the views to word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trouble {
    Offline,
    TimedOut,
    Unavailable,
    /// Too many requests: wait this long.
    Wait {
        seconds: u64,
    },
    /// The captcha ticket ran out before the code was asked for: solve another puzzle.
    CheckExpired,
    /// The accessible check's answer was refused: another check may pass.
    CheckFailed,
    /// A documented refusal that no step expects, such as a value the backend will not take.
    Refused(ErrorCode),
}

/// A failed request, said to the user, with the action that tries it again where trying
/// again can help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub trouble: Trouble,
    pub retry: Option<Event>,
}

/// What a screen reader is told on step 2 as it happens, beside the focus that moves to each
/// new step, the errors that announce themselves and the puzzle dialog's own status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Announcement {
    /// A code went to this masked address or number.
    CodeSent(String),
    /// "Resend" can be pressed now.
    ResendReady,
}

impl Trouble {
    /// What a failed request means for the user.
    pub fn of(failure: Failure) -> Trouble {
        match failure {
            Failure::Offline => Trouble::Offline,
            Failure::TimedOut => Trouble::TimedOut,
            Failure::Unavailable => Trouble::Unavailable,
            Failure::Refused {
                code: ErrorCode::TooManyRequests,
                detail,
            } => Trouble::Wait {
                seconds: detail.retry_after_seconds.unwrap_or(60),
            },
            Failure::Refused {
                code: ErrorCode::Internal | ErrorCode::Unavailable,
                ..
            } => Trouble::Unavailable,
            Failure::Refused {
                code: ErrorCode::CaptchaTicketInvalid,
                ..
            } => Trouble::CheckExpired,
            Failure::Refused {
                code: ErrorCode::CaptchaFailed,
                ..
            } => Trouble::CheckFailed,
            Failure::Refused { code, .. } => Trouble::Refused(code),
        }
    }

    /// Whether the same action may work when tried again.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Trouble::Offline
                | Trouble::TimedOut
                | Trouble::Unavailable
                | Trouble::CheckExpired
                | Trouble::CheckFailed
        )
    }
}
