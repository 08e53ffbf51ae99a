//! The human check over step 1: the slider puzzle, the accessible check's proof of work, and
//! the unattended checks "I'm not sure" runs in the other regions.

use crate::core::{Flow, Notice, RequestId};
use contract::wire::{ProofOfWorkChallenge, SliderChallenge};
use contract::{CheckId, Region, Ticket};

/// Where a check in the dialog is: asked for, on screen, or failed to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loadable<T> {
    Loading,
    Ready(T),
    Failed(Notice),
}

impl<T> Loadable<T> {
    fn failure(&self) -> Option<&Notice> {
        match self {
            Loadable::Failed(notice) => Some(notice),
            _ => None,
        }
    }
}

/// The two human checks: the slider puzzle, or the accessible check's proof of work, which the
/// browser works out for the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    Slider(Loadable<SliderChallenge>),
    ProofOfWork(Loadable<ProofOfWork>),
}

/// Which of the two checks; the person switches between them in the dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    Slider,
    ProofOfWork,
}

impl CheckKind {
    /// The check of this kind, as it starts: being asked for.
    pub fn loading(self) -> Check {
        match self {
            CheckKind::Slider => Check::Slider(Loadable::Loading),
            CheckKind::ProofOfWork => Check::ProofOfWork(Loadable::Loading),
        }
    }
}

impl Check {
    pub fn kind(&self) -> CheckKind {
        match self {
            Check::Slider(_) => CheckKind::Slider,
            Check::ProofOfWork(_) => CheckKind::ProofOfWork,
        }
    }

    /// Why the check could not be loaded or checked, with the action that tries again.
    pub fn failure(&self) -> Option<&Notice> {
        match self {
            Check::Slider(slider) => slider.failure(),
            Check::ProofOfWork(work) => work.failure(),
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(
            self,
            Check::Slider(Loadable::Loading) | Check::ProofOfWork(Loadable::Loading)
        )
    }

    /// Puts `failure` in the check's place, keeping its kind.
    pub fn fail(&mut self, failure: Notice) {
        *self = match self.kind() {
            CheckKind::Slider => Check::Slider(Loadable::Failed(failure)),
            CheckKind::ProofOfWork => Check::ProofOfWork(Loadable::Failed(failure)),
        };
    }
}

/// What the dialog says above the check; the view renders each as one sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckStatus {
    /// Nothing to say.
    Quiet,
    /// The piece missed the gap; the slider shown is a new one.
    PieceMissed,
    /// The proof of work ran out of time; the one under way is a new one.
    WorkRestarted,
    /// The check was passed; the code is being asked for.
    Passed,
}

/// The puzzle dialog over step 1: one of the two checks, and what the dialog says of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckDialog {
    pub check: Check,
    pub status: CheckStatus,
}

/// The accessible check under way: the browser searches for the challenge's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProofOfWork {
    pub challenge: ProofOfWorkChallenge,
    /// Answers tried so far.
    pub tried: u64,
    /// When the search started, in milliseconds since the Unix epoch.
    pub started_ms: u64,
    /// An answer was found and is being checked.
    pub found: bool,
}

impl ProofOfWork {
    /// Answers a search tries on average before it finds one.
    pub fn expected(&self) -> u64 {
        1u64 << self.challenge.difficulty.min(63)
    }

    /// How far along the search is likely to be, in whole percent: 99 at most until an answer
    /// is found, since a search can run past the average.
    pub fn percent(&self) -> u64 {
        if self.found {
            100
        } else {
            (self.tried.saturating_mul(100) / self.expected()).min(99)
        }
    }

    /// How long the search is likely to need still, at the speed it has shown.
    pub fn time_left(&self, now_ms: u64) -> TimeLeft {
        let elapsed = now_ms.saturating_sub(self.started_ms);
        let left = self.expected().saturating_sub(self.tried);
        if self.found || left == 0 {
            return TimeLeft::AlmostDone;
        }
        if self.tried == 0 || elapsed == 0 {
            return TimeLeft::NotKnownYet;
        }
        // left / (tried / elapsed) milliseconds, rounded up to whole seconds.
        let millis = u128::from(left) * u128::from(elapsed) / u128::from(self.tried);
        u64::try_from(millis.div_ceil(1000)).map_or(TimeLeft::NotKnownYet, TimeLeft::Seconds)
    }
}

/// How long the accessible check's search is likely to need still.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeLeft {
    /// Nothing tried yet, so no speed to go by.
    NotKnownYet,
    Seconds(u64),
    /// An answer was found, or the search has run past the average and may end any moment.
    AlmostDone,
}

/// A captcha ticket the browser earns by itself, with the accessible check's proof of work, in
/// a region beside the person's own check, so that "I'm not sure" can ask every region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnattendedCheck {
    pub region: Region,
    pub state: UnattendedState,
}

/// How far an [`UnattendedCheck`] is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnattendedState {
    /// The challenge is asked for.
    Loading(RequestId),
    Working(ProofOfWork),
    /// The answer found is checked.
    Checking(RequestId),
    /// The ticket, or why the region gave none.
    Done(Result<Ticket, crate::core::Failure>),
}

impl Flow {
    /// The accessible check's search, while it runs.
    pub fn work(&self) -> Option<&ProofOfWork> {
        match self.dialog.as_ref().map(|dialog| &dialog.check) {
            Some(Check::ProofOfWork(Loadable::Ready(work))) => Some(work),
            _ => None,
        }
    }

    /// Whether the person may ask for another check of the same kind: a new slider puzzle, when
    /// nothing is under way. A proof of work under way is not replaced by hand.
    pub fn can_reload_check(&self) -> bool {
        !self.busy()
            && self
                .dialog
                .as_ref()
                .is_some_and(|dialog| dialog.check.kind() == CheckKind::Slider)
    }

    /// Whether the search for `challenge`'s answer is still wanted: the shell stops it when not.
    pub fn wants_work_on(&self, challenge: &CheckId) -> bool {
        let unattended = self
            .unattended
            .iter()
            .filter_map(|check| match &check.state {
                UnattendedState::Working(work) => Some(work),
                _ => None,
            });
        self.work()
            .into_iter()
            .chain(unattended)
            .any(|work| !work.found && work.challenge.challenge_id == *challenge)
    }
}
