//! The human check over step 1: the slider puzzle, the accessible check's proof of work, and
//! the unattended checks "I'm not sure" runs in the other regions.

use crate::core::{Flow, Notice, RequestId};
use contract::wire::{SliderCaptcha, WorkChallenge};
use contract::{CaptchaId, CaptchaTicket, Region};

/// What the puzzle dialog shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PuzzleView {
    Loading,
    Ready(SliderCaptcha),
    /// The accessible check, which the browser works out for the person.
    Working(Work),
    Failed(Notice),
}

/// The puzzle dialog over step 1: the slider puzzle, or the accessible check in its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Puzzle {
    pub view: PuzzleView,
    /// The accessible check rather than the slider.
    pub accessible: bool,
    /// The last try missed (the piece missed the gap, or the check ran out of time); what is
    /// shown is a new one.
    pub missed: bool,
    /// The check was passed; the code is being asked for.
    pub passed: bool,
}

/// The accessible check under way: the browser searches for the challenge's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Work {
    pub challenge: WorkChallenge,
    /// Answers tried so far.
    pub tried: u64,
    /// When the search started, in milliseconds since the Unix epoch.
    pub started_ms: u64,
    /// An answer was found and is being checked.
    pub found: bool,
}

impl Work {
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

    /// Whole seconds the search is likely to need still, at the speed it has shown; `None`
    /// before the speed is known and once past the average.
    pub fn seconds_left(&self, now_ms: u64) -> Option<u64> {
        let elapsed = now_ms.saturating_sub(self.started_ms);
        let left = self.expected().saturating_sub(self.tried);
        if self.found || self.tried == 0 || elapsed == 0 || left == 0 {
            return None;
        }
        // left / (tried / elapsed) milliseconds, rounded up to whole seconds.
        let millis = u128::from(left) * u128::from(elapsed) / u128::from(self.tried);
        u64::try_from(millis.div_ceil(1000)).ok()
    }
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
    Working(Work),
    /// The answer found is checked.
    Checking(RequestId),
    /// The ticket, or why the region gave none.
    Done(Result<CaptchaTicket, crate::core::Failure>),
}

impl Flow {
    /// The accessible check's search, while it runs.
    pub fn work(&self) -> Option<&Work> {
        match self.puzzle.as_ref().map(|puzzle| &puzzle.view) {
            Some(PuzzleView::Working(work)) => Some(work),
            _ => None,
        }
    }

    /// Whether the search for `challenge`'s answer is still wanted: the shell stops it when not.
    pub fn wants_work_on(&self, challenge: &CaptchaId) -> bool {
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
