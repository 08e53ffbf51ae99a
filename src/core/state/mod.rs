//! The wizard's state, and what the views read of it.

use crate::core::RequestId;
use contract::{
    Account, AccountError, Channel, CodeError, Locale, PasswordPolicy, PasswordRule, Region,
    ResetToken, Ticket, VerificationCode,
};
use serde::{Deserialize, Serialize};

mod check;
mod feedback;
mod region;
mod typed;

pub use check::{
    Check, CheckDialog, CheckKind, CheckStatus, Loadable, ProofOfWork, TimeLeft, UnattendedCheck,
    UnattendedState,
};
pub use feedback::{Announcement, Notice, Problem, Trouble};
pub(in crate::core) use region::Round;
pub use region::{RegionChoice, RegionalReset};
pub use typed::{Draft, Typed};

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

/// The fields whose problems the wizard explains and to which it moves focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Account,
    Code,
    Password,
    Confirmation,
}

/// A code that was sent: which resets it may belong to and where it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    /// The region's reset; with "I'm not sure", one per region that answered, of which only
    /// the account's sent a code, until the code tells which.
    pub resets: Vec<RegionalReset>,
    /// Where the code went, masked by the backend, such as `ser****.com`.
    pub masked_destination: String,
    /// When another code may be asked for, in milliseconds since the Unix epoch.
    pub resend_at_ms: u64,
    /// Regions that failed to answer "I'm not sure": if the account is in one of them, no
    /// code came, and only asking again helps.
    pub unanswered: Vec<Region>,
}

/// Where the user is, with what each step needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    EnterAccount,
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
        /// A wrong code typed again on this step after a reload.
        problem: Option<Problem>,
    },
    Succeed,
}

/// The part of the wizard kept for the tab: a reload returns to the same step with what was
/// typed to name the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The language of the page and of the messages the backend sends.
    pub locale: Locale,
    pub region: RegionChoice,
    pub channel: Channel,
    pub draft: Draft,
    pub stage: Stage,
}

/// The whole state of the wizard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub locale: Locale,
    pub region: RegionChoice,
    pub channel: Channel,
    pub draft: Draft,
    pub stage: Stage,
    pub typed: Typed,
    /// Open over step 1 from "Acquire" until a code is sent or the user closes it.
    pub dialog: Option<CheckDialog>,
    /// The last failure of a request the user made, until they act again.
    pub notice: Option<Notice>,
    /// Rules the backend refused the new password for, until it is submitted again.
    pub refused_rules: Vec<PasswordRule>,
    /// The backend's policy once it has answered; the contract's default guides until then.
    pub policy: PasswordPolicy,
    /// The user tried to go on from this step, so every problem of its fields shows.
    pub submitted: bool,
    /// Fields the user has left on this step (touched), whose problems may show now.
    pub touched: Vec<Field>,
    /// The one request of the user's in flight: while it is, another cannot start.
    pub(super) in_flight: Option<Round>,
    /// "I'm not sure": the tickets earned in the other regions while the person does the check.
    pub unattended: Vec<UnattendedCheck>,
    /// "I'm not sure": the person's ticket, kept until the unattended checks are done.
    pub(super) held_ticket: Option<Ticket>,
    /// The policy request, which runs beside the user's.
    pub(super) policy_request: Option<RequestId>,
    pub(super) next_request: u32,
    /// A [`crate::core::Effect::WakeIn`] is pending, so the countdown needs no other.
    pub(super) waking: bool,
    /// The time of the last event, in milliseconds since the Unix epoch.
    pub now_ms: u64,
}

/// What the page's address asks for, each `None` where it does not say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Asked {
    pub locale: Option<Locale>,
    pub region: Option<RegionChoice>,
    pub channel: Option<Channel>,
}

impl Progress {
    /// What a visit opens on: `fresh()` where the tab kept nothing, else the kept wizard in the
    /// language the address names, if it names one. On step 1 the address's region and channel
    /// apply too, and what was typed stays. A reset under way resumes whatever the address
    /// says, so that a code already sent is never lost; a finished one gives way to `fresh()`
    /// where the address names another region or channel, which is a new reset.
    pub fn on_visit(
        saved: Option<Progress>,
        asked: Asked,
        fresh: impl FnOnce() -> Progress,
    ) -> Progress {
        let Some(mut saved) = saved else {
            return fresh();
        };
        let elsewhere = asked
            .region
            .is_some_and(|region| region.slug() != saved.region.slug())
            || asked
                .channel
                .is_some_and(|channel| channel != saved.channel);
        saved.locale = asked.locale.unwrap_or(saved.locale);
        match saved.stage {
            Stage::Succeed if elsewhere => Progress {
                locale: saved.locale,
                ..fresh()
            },
            Stage::EnterAccount => Progress {
                region: asked.region.unwrap_or(saved.region),
                channel: asked.channel.unwrap_or(saved.channel),
                ..saved
            },
            _ => saved,
        }
    }

    /// A new wizard on step 1, with a country preselected for a phone number.
    pub fn fresh(
        locale: Locale,
        region: RegionChoice,
        channel: Channel,
        country: &str,
    ) -> Progress {
        Progress {
            locale,
            region,
            channel,
            draft: Draft {
                country: country.to_owned(),
                ..Draft::default()
            },
            stage: Stage::EnterAccount,
        }
    }
}

impl Flow {
    /// The part kept for the tab: never the reset token.
    pub fn progress(&self) -> Progress {
        let mut stage = self.stage.clone();
        if let Stage::ResetPassword { token, .. } = &mut stage {
            *token = None;
        }
        Progress {
            locale: self.locale,
            region: self.region,
            channel: self.channel,
            draft: self.draft.clone(),
            stage,
        }
    }

    /// The step the indicator marks.
    pub fn step(&self) -> Step {
        match self.stage {
            Stage::EnterAccount => Step::EnterAccount,
            Stage::VerifyIdentity { .. } => Step::VerifyIdentity,
            Stage::ResetPassword { .. } => Step::ResetPassword,
            Stage::Succeed => Step::Succeed,
        }
    }

    /// Whether a request of the user's is in flight: its button shows busy, and pressing
    /// it again does nothing.
    pub fn busy(&self) -> bool {
        self.in_flight.is_some() || self.held_ticket.is_some()
    }

    /// Region and channel can change only until a code has been sent.
    pub fn can_change_account(&self) -> bool {
        self.stage == Stage::EnterAccount
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

    /// What the backend said about the code on steps 2 and 3.
    pub fn problem(&self) -> Option<&Problem> {
        match &self.stage {
            Stage::VerifyIdentity { problem, .. } | Stage::ResetPassword { problem, .. } => {
                problem.as_ref()
            }
            _ => None,
        }
    }

    /// A locked reset takes no code and sends none; only starting again helps.
    pub fn locked(&self) -> bool {
        self.problem() == Some(&Problem::Locked)
    }

    /// Whether "Next" under the code may be pressed: not while a request is in flight, nor
    /// once the reset is locked.
    pub fn can_submit_code(&self) -> bool {
        !self.busy() && !self.locked()
    }

    /// Step 3 asks for the code again when the token was lost with a reload.
    pub fn needs_code(&self) -> bool {
        matches!(self.stage, Stage::ResetPassword { token: None, .. })
    }

    /// Whole seconds until "Resend" may be pressed.
    pub fn resend_in_seconds(&self) -> u64 {
        self.code_sent().map_or(0, |sent| {
            sent.resend_at_ms.saturating_sub(self.now_ms).div_ceil(1000)
        })
    }

    /// What a screen reader is to be told now; a view says it when it changes, so a countdown
    /// that ticks says nothing until "Resend" is ready.
    pub fn announcement(&self) -> Option<Announcement> {
        match &self.stage {
            // Not `can_resend`: a request in flight would flip it and repeat the news.
            Stage::VerifyIdentity { .. } if self.resend_in_seconds() == 0 && !self.locked() => {
                Some(Announcement::ResendReady)
            }
            Stage::VerifyIdentity { sent, .. } => {
                Some(Announcement::CodeSent(sent.masked_destination.clone()))
            }
            _ => None,
        }
    }

    /// Whether "Resend" does something now.
    pub fn can_resend(&self) -> bool {
        matches!(self.stage, Stage::VerifyIdentity { .. })
            && self.resend_in_seconds() == 0
            && !self.locked()
            && !self.busy()
    }

    /// Whether `field`'s problems are shown: once it has been left or its step submitted.
    fn shows(&self, field: Field) -> bool {
        self.submitted || self.touched.contains(&field)
    }

    /// The account typed, if it is one.
    pub fn account(&self) -> Option<Account> {
        self.draft.account(self.channel).ok()
    }

    /// What is wrong with the account typed, once it is to be shown.
    pub fn account_error(&self) -> Option<AccountError> {
        self.draft
            .account(self.channel)
            .err()
            .filter(|_| self.shows(Field::Account))
    }

    /// The code typed, if it is one.
    pub fn code(&self) -> Result<VerificationCode, CodeError> {
        self.typed.code.parse()
    }

    /// What is wrong with the code typed, once it is to be shown.
    pub fn code_error(&self) -> Option<CodeError> {
        self.code().err().filter(|_| self.shows(Field::Code))
    }

    /// The rules the new password does not meet yet, in checklist order.
    pub fn unmet_rules(&self) -> Vec<PasswordRule> {
        self.policy
            .unmet(&self.typed.password, self.account().as_ref())
    }

    /// The rules to name under the new password: what the backend refused, else what is
    /// unmet once the step was submitted.
    pub fn password_error(&self) -> Vec<PasswordRule> {
        if !self.refused_rules.is_empty() {
            self.refused_rules.clone()
        } else if self.submitted {
            self.unmet_rules()
        } else {
            Vec::new()
        }
    }

    /// Whether the confirmation differs from the new password, once the step was submitted.
    pub fn mismatch(&self) -> bool {
        self.submitted && self.typed.password != self.typed.confirmation
    }
}
