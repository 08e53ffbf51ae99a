//! The wizard as a plain state machine: what step the user is on, what they typed that may be
//! kept, and which events move them on. No browser in here, so every transition is tested
//! natively; the views only render a [`Flow`] and send it [`Event`]s.

use contract::{
    Account, AccountError, CallingCode, Channel, PhoneNumber, Region, ResetId, ResetToken,
};
use serde::{Deserialize, Serialize};

/// The four steps of the indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    EnterAccount,
    VerifyIdentity,
    ResetPassword,
    Succeed,
}

impl Step {
    pub const ALL: [Step; 4] = [
        Step::EnterAccount,
        Step::VerifyIdentity,
        Step::ResetPassword,
        Step::Succeed,
    ];

    /// 1 to 4, as the indicator numbers them.
    pub fn number(self) -> u8 {
        match self {
            Step::EnterAccount => 1,
            Step::VerifyIdentity => 2,
            Step::ResetPassword => 3,
            Step::Succeed => 4,
        }
    }
}

/// What the user typed to name the account, kept across reloads and restarts so that nobody
/// types it twice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub email: String,
    /// The number as typed beside the country picker.
    pub phone: String,
    /// ISO 3166-1 alpha-2 of the picked country.
    pub country: String,
}

impl Draft {
    /// The account the draft names on `channel`, or what is wrong with it.
    pub fn account(&self, channel: Channel) -> Result<Account, AccountError> {
        match (channel, CallingCode::by_iso(&self.country)) {
            (Channel::Sms, Some(country)) => PhoneNumber::parse_national(country, &self.phone)
                .map(Account::Phone)
                .map_err(AccountError::Phone),
            (Channel::Sms, None) => Account::parse(channel, &self.phone),
            (Channel::Email, _) => Account::parse(channel, &self.email),
        }
    }
}

/// A code that was sent: which reset it belongs to and where it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    pub reset_id: ResetId,
    pub masked_destination: String,
    /// When another code may be asked for, in milliseconds since the Unix epoch.
    pub resend_at_ms: u64,
}

/// Why step 2 needs the user's attention.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    WrongCode {
        attempts_left: u32,
    },
    /// Too many wrong codes; only starting again helps.
    Locked,
    /// The code ran out; a new one helps.
    Expired,
    /// The reset token ran out before the password was set; the code must be entered again.
    VerifyAgain,
}

/// Where the user is, with what each step needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    EnterAccount {
        /// Whether the puzzle is open over the form.
        puzzle_open: bool,
    },
    VerifyIdentity {
        sent: CodeSent,
        problem: Option<Problem>,
    },
    ResetPassword {
        sent: CodeSent,
        /// The reset token lives only in memory: after a reload it is gone, and the code is
        /// asked for again on this step.
        #[serde(skip)]
        token: Option<ResetToken>,
    },
    Succeed,
}

/// The whole state of the wizard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub region: Region,
    pub channel: Channel,
    pub draft: Draft,
    pub stage: Stage,
}

/// Something that happened: a user's choice or an answer of the backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    ChooseRegion(Region),
    ChooseChannel(Channel),
    EditEmail(String),
    EditPhone(String),
    ChooseCountry(String),
    /// The account was valid and "Acquire" was pressed.
    OpenPuzzle,
    ClosePuzzle,
    CodeSent {
        reset_id: ResetId,
        masked_destination: String,
        resend_after_seconds: u64,
        now_ms: u64,
    },
    CodeResent {
        resend_after_seconds: u64,
        now_ms: u64,
    },
    CodeRefused {
        attempts_left: u32,
    },
    ResetLocked,
    CodeExpired,
    Verified {
        token: ResetToken,
    },
    /// The token was refused as expired or unknown when the password was sent.
    TokenLost,
    PasswordChanged,
    /// Back to step 1, keeping what was typed.
    StartAgain,
}

impl Flow {
    /// A fresh wizard on step 1.
    pub fn new(region: Region, channel: Channel, country: &str) -> Flow {
        Flow {
            region,
            channel,
            draft: Draft {
                country: country.to_owned(),
                ..Draft::default()
            },
            stage: Stage::EnterAccount { puzzle_open: false },
        }
    }

    /// The step the indicator marks.
    pub fn step(&self) -> Step {
        match self.stage {
            Stage::EnterAccount { .. } => Step::EnterAccount,
            Stage::VerifyIdentity { .. } => Step::VerifyIdentity,
            Stage::ResetPassword { .. } => Step::ResetPassword,
            Stage::Succeed => Step::Succeed,
        }
    }

    /// Region and channel can change only until a code has been sent.
    pub fn can_change_account(&self) -> bool {
        matches!(self.stage, Stage::EnterAccount { .. })
    }

    /// The reset in progress, from step 2 on.
    pub fn code_sent(&self) -> Option<&CodeSent> {
        match &self.stage {
            Stage::VerifyIdentity { sent, .. } | Stage::ResetPassword { sent, .. } => Some(sent),
            _ => None,
        }
    }

    /// The reset token, while it is in memory.
    pub fn token(&self) -> Option<&ResetToken> {
        match &self.stage {
            Stage::ResetPassword { token, .. } => token.as_ref(),
            _ => None,
        }
    }

    /// Applies `event`; returns false, changing nothing, when it does not fit the current step
    /// (a late answer for a step already left, say).
    pub fn apply(&mut self, event: Event) -> bool {
        let next = match (&self.stage, event) {
            (Stage::EnterAccount { .. }, Event::ChooseRegion(region)) => {
                self.region = region;
                return true;
            }
            (Stage::EnterAccount { .. }, Event::ChooseChannel(channel)) => {
                self.channel = channel;
                return true;
            }
            (Stage::EnterAccount { .. }, Event::EditEmail(text)) => {
                self.draft.email = text;
                return true;
            }
            (Stage::EnterAccount { .. }, Event::EditPhone(text)) => {
                self.draft.phone = text;
                return true;
            }
            (Stage::EnterAccount { .. }, Event::ChooseCountry(iso)) => {
                self.draft.country = iso;
                return true;
            }
            (Stage::EnterAccount { .. }, Event::OpenPuzzle) => {
                Stage::EnterAccount { puzzle_open: true }
            }
            (Stage::EnterAccount { .. }, Event::ClosePuzzle) => {
                Stage::EnterAccount { puzzle_open: false }
            }
            (
                Stage::EnterAccount { .. },
                Event::CodeSent {
                    reset_id,
                    masked_destination,
                    resend_after_seconds,
                    now_ms,
                },
            ) => Stage::VerifyIdentity {
                sent: CodeSent {
                    reset_id,
                    masked_destination,
                    resend_at_ms: now_ms.saturating_add(resend_after_seconds.saturating_mul(1000)),
                },
                problem: None,
            },
            (
                Stage::VerifyIdentity { sent, problem },
                Event::CodeResent {
                    resend_after_seconds,
                    now_ms,
                },
            ) if *problem != Some(Problem::Locked) => {
                let resend_at_ms = now_ms.saturating_add(resend_after_seconds.saturating_mul(1000));
                Stage::VerifyIdentity {
                    sent: CodeSent {
                        resend_at_ms,
                        ..sent.clone()
                    },
                    problem: None,
                }
            }
            (Stage::VerifyIdentity { sent, .. }, Event::CodeRefused { attempts_left }) => {
                Stage::VerifyIdentity {
                    sent: sent.clone(),
                    problem: Some(Problem::WrongCode { attempts_left }),
                }
            }
            (
                Stage::VerifyIdentity { sent, .. } | Stage::ResetPassword { sent, .. },
                Event::ResetLocked,
            ) => Stage::VerifyIdentity {
                sent: sent.clone(),
                problem: Some(Problem::Locked),
            },
            (
                Stage::VerifyIdentity { sent, .. } | Stage::ResetPassword { sent, .. },
                Event::CodeExpired,
            ) => Stage::VerifyIdentity {
                sent: sent.clone(),
                problem: Some(Problem::Expired),
            },
            (
                Stage::VerifyIdentity { sent, .. } | Stage::ResetPassword { sent, .. },
                Event::Verified { token },
            ) => Stage::ResetPassword {
                sent: sent.clone(),
                token: Some(token),
            },
            (Stage::ResetPassword { sent, .. }, Event::TokenLost) => Stage::VerifyIdentity {
                sent: sent.clone(),
                problem: Some(Problem::VerifyAgain),
            },
            (Stage::ResetPassword { .. }, Event::PasswordChanged) => Stage::Succeed,
            (
                Stage::VerifyIdentity { .. } | Stage::ResetPassword { .. } | Stage::Succeed,
                Event::StartAgain,
            ) => Stage::EnterAccount { puzzle_open: false },
            _ => return false,
        };
        self.stage = next;
        true
    }
}

#[cfg(test)]
mod tests;
