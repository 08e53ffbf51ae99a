//! What happens to the wizard: the user's actions, the backend's answers, the clock.

use crate::core::RequestId;
use contract::wire::{
    ErrorCode, ErrorDetail, ProofOfWorkChallenge, ResetCodeSent, SliderChallenge,
};
use contract::{Channel, CheckId, Locale, PasswordPolicy, ResetToken, Ticket};

/// Why a request did not succeed, as the shell's transport reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer at all: no connection, or the server is down.
    Offline,
    /// No answer within the time limit.
    TimedOut,
    /// A 5xx, or an answer that is not the contract's envelope.
    Unavailable,
    /// A documented refusal, with its details.
    Refused {
        code: ErrorCode,
        detail: ErrorDetail,
    },
}

impl Failure {
    /// The documented code of a refusal.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Failure::Refused { code, .. } => Some(*code),
            _ => None,
        }
    }
}

/// The backend's answer to one [`crate::core::Request`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    SliderChallenge(Result<SliderChallenge, Failure>),
    ProofOfWorkChallenge(Result<ProofOfWorkChallenge, Failure>),
    /// The answer to either check: a ticket, or why not.
    Checked(Result<Ticket, Failure>),
    /// The answer to a first request for a code and to a resend.
    CodeSent(Result<ResetCodeSent, Failure>),
    CodeChecked(Result<ResetToken, Failure>),
    PasswordSet(Result<(), Failure>),
    Policy(Result<PasswordPolicy, Failure>),
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Any step: the page and the messages sent from now on are in this language.
    ChooseLanguage(Locale),
    ChooseRegion(crate::core::RegionChoice),
    ChooseChannel(Channel),
    EditEmail(String),
    EditPhone(String),
    /// ISO 3166-1 alpha-2 of the country picked for a phone number.
    ChooseCountry(String),
    /// The user left a field, so its problems may now be shown.
    LeaveField(crate::core::Field),
    /// "Acquire" on step 1.
    Acquire,
    /// The puzzle's piece was dropped at this left edge, in image pixels.
    DropPiece(u32),
    ReloadCheck,
    CloseCheck,
    /// "Use an accessible check instead": the browser does a proof of work for the person.
    UseAccessibleCheck,
    /// Back from the accessible check to the slider puzzle.
    UseSlider,
    /// The shell's search has tried this many answers to the challenge.
    ProofOfWorkProgress {
        challenge_id: CheckId,
        tried: u64,
    },
    /// The shell's search found the challenge's answer.
    ProofOfWorkFound {
        challenge_id: CheckId,
        nonce: u64,
    },
    EditCode(String),
    /// "Next" on step 2.
    SubmitCode,
    Resend,
    EditPassword(String),
    EditConfirmation(String),
    /// "Confirm" on step 3.
    SubmitPassword,
    /// Back to step 1, keeping the account typed.
    StartAgain,
    /// "Reset another account" on step 4: an empty step 1 in the same language and region.
    ResetAnother,
    /// The clock moved on; the shell sends it when [`crate::core::Effect::WakeIn`] asked.
    Tick,
    Answered(RequestId, Answer),
}

impl Event {
    /// An edit of the account's field, which asks for an email or a phone number by `channel`.
    pub fn edit_account(channel: Channel, text: String) -> Event {
        match channel {
            Channel::Email => Event::EditEmail(text),
            Channel::Sms => Event::EditPhone(text),
        }
    }
}
