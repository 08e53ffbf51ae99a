//! The human check over step 1: the slider puzzle, or the accessible check the browser
//! works out, and what each answer of it means.

use super::{Effects, call, notice};
use crate::core::{
    Check, CheckDialog, CheckKind, CheckStatus, Event, Failure, Flow, Loadable, ProofOfWork,
    Request, UnattendedState,
};
use contract::CheckId;
use contract::wire::ErrorCode;

impl Flow {
    /// Opens the dialog on a new check of `kind`.
    pub(super) fn open_check(&mut self, kind: CheckKind, effects: &mut Effects) {
        self.dialog = Some(CheckDialog {
            check: kind.loading(),
            status: CheckStatus::Quiet,
        });
        let request = match kind {
            CheckKind::Slider => Request::NewSlider,
            CheckKind::ProofOfWork => Request::NewProofOfWork,
        };
        self.send(request, effects);
    }

    /// The search for `challenge`'s answer, while [`Flow::wants_work_on`] says it is wanted.
    pub(super) fn wanted_work(&mut self, challenge: &CheckId) -> Option<&mut ProofOfWork> {
        if !self.wants_work_on(challenge) {
            return None;
        }
        let unattended = self
            .unattended
            .iter_mut()
            .filter_map(|check| match &mut check.state {
                UnattendedState::Working(work) => Some(work),
                _ => None,
            });
        let person = match self.dialog.as_mut().map(|dialog| &mut dialog.check) {
            Some(Check::ProofOfWork(Loadable::Ready(work))) => Some(work),
            _ => None,
        };
        person
            .into_iter()
            .chain(unattended)
            .find(|work| work.challenge.challenge_id == *challenge)
    }

    /// An answer was found: an unattended check's is checked beside the person's request, the
    /// person's as their request.
    pub(super) fn work_found(
        &mut self,
        challenge_id: CheckId,
        nonce: u64,
        effects: &mut Effects,
    ) -> bool {
        let person = self
            .work()
            .is_some_and(|work| work.challenge.challenge_id == challenge_id);
        if person && self.busy() {
            return false;
        }
        let Some(work) = self.wanted_work(&challenge_id) else {
            return false;
        };
        work.found = true;
        let request = Request::CheckProofOfWork {
            challenge_id: challenge_id.clone(),
            nonce,
        };
        if person {
            self.send(request, effects);
            return true;
        }
        let id = self.next_id();
        let Some(check) = self.unattended.iter_mut().find(|check| {
            matches!(&check.state, UnattendedState::Working(work) if work.challenge.challenge_id == challenge_id)
        }) else {
            return false;
        };
        check.state = UnattendedState::Checking(id);
        effects.push(call(id, check.region, request));
        true
    }

    /// The check asked for arrived, or could not be loaded.
    pub(super) fn check_loaded(&mut self, loaded: Result<Check, Failure>) {
        if let Some(dialog) = &mut self.dialog {
            match loaded {
                Ok(check) => dialog.check = check,
                Err(failure) => dialog.check.fail(notice(failure, Event::ReloadCheck)),
            }
        }
    }

    pub(super) fn check_missed(&mut self, failure: Failure, effects: &mut Effects) {
        let Some(kind) = self.dialog.as_ref().map(|dialog| dialog.check.kind()) else {
            return;
        };
        // A check that ran out of time is replaced at once; a slider that missed too, since
        // every puzzle takes one try. A refused proof of work is said, and tried again on
        // request, so that a fault cannot loop.
        let missed = match failure.code() {
            Some(ErrorCode::Expired | ErrorCode::NotFound) => true,
            Some(ErrorCode::CaptchaFailed) => kind == CheckKind::Slider,
            _ => false,
        };
        if missed {
            self.open_check(kind, effects);
            if let Some(dialog) = &mut self.dialog {
                dialog.status = match kind {
                    CheckKind::Slider => CheckStatus::PieceMissed,
                    CheckKind::ProofOfWork => CheckStatus::WorkRestarted,
                };
            }
        } else if let Some(dialog) = &mut self.dialog {
            dialog.status = CheckStatus::Quiet;
            dialog.check.fail(notice(failure, Event::ReloadCheck));
        }
    }
}
