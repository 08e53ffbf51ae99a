//! What the core asks the shell to do.

use crate::core::{Field, Progress};
use contract::wire::ProofOfWorkChallenge;
use contract::{
    Account, CheckId, Locale, NewPassword, Region, ResetId, ResetToken, Ticket, VerificationCode,
};

/// Tells an answer to the request it answers, so that a late answer to a request the wizard
/// has moved past is recognised and dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RequestId(pub u32);

/// A request to one region's backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    NewSlider,
    CheckSlider {
        captcha_id: CheckId,
        x: u32,
    },
    NewProofOfWork,
    CheckProofOfWork {
        challenge_id: CheckId,
        nonce: u64,
    },
    SendCode {
        account: Account,
        ticket: Ticket,
        /// The language of the message.
        locale: Locale,
    },
    Resend {
        reset_id: ResetId,
    },
    Verify {
        reset_id: ResetId,
        code: VerificationCode,
    },
    Complete {
        token: ResetToken,
        password: NewPassword,
    },
    Policy,
}

/// A request with where it goes and how its answer finds its way back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub id: RequestId,
    pub region: Region,
    pub request: Request,
}

/// Something for the shell to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Send the call; its answer comes back as [`crate::core::Event::Answered`].
    Send(Call),
    /// Send [`crate::core::Event::Tick`] after this many milliseconds.
    WakeIn(u32),
    /// Keep this for the tab, so that a reload returns to the same step.
    Save(Progress),
    /// Remember the region for the next visit.
    RememberRegion(Region),
    /// Show the page in this language (fetching it if it is not here yet).
    LoadLanguage(Locale),
    /// Move keyboard focus to a field that needs the user.
    Focus(Field),
    /// Search for the challenge's answer without freezing the page, reporting with
    /// [`crate::core::Event::ProofOfWorkProgress`] and [`crate::core::Event::ProofOfWorkFound`], and stop
    /// once [`crate::core::Flow::wants_work_on`] says it is no longer wanted.
    Solve(ProofOfWorkChallenge),
}
