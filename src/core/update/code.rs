//! Step 2: the code sent, resent and verified against every reset it may belong to.

use super::not_sure::gravest;
use super::{Effects, SECOND_MS, notice};
use crate::core::{
    CodeSent, Effect, Event, Failure, Field, Flow, Notice, Problem, RegionChoice, RegionalReset,
    Request, Stage, Trouble,
};
use contract::wire::{ErrorCode, ResetCodeSent};
use contract::{Region, ResetToken};

/// What a refusal of a code means: a problem shown on the code, or none when the refusal is
/// not about the code.
fn code_problem(failure: &Failure) -> Option<Problem> {
    match failure {
        Failure::Refused {
            code: ErrorCode::WrongCode,
            detail,
        } => Some(Problem::WrongCode {
            attempts_left: detail.attempts_left,
        }),
        Failure::Refused {
            code: ErrorCode::Locked,
            ..
        } => Some(Problem::Locked),
        Failure::Refused {
            code: ErrorCode::Expired,
            ..
        } => Some(Problem::Expired),
        _ => None,
    }
}

impl Flow {
    pub(super) fn submit_code(&mut self, effects: &mut Effects) {
        self.submitted = true;
        match self.code() {
            Err(_) => effects.push(Effect::Focus(Field::Code)),
            Ok(_) if !self.can_submit_code() => {}
            Ok(code) => {
                self.notice = None;
                self.verify(code, effects);
            }
        }
    }

    /// Checks `code` against every reset it may belong to, at once.
    pub(super) fn verify(&mut self, code: contract::VerificationCode, effects: &mut Effects) {
        self.send_to_resets(
            |reset_id| Request::Verify {
                reset_id,
                code: code.clone(),
            },
            effects,
        );
    }

    /// The answers to a request for a code, one per region asked: a code went out if any
    /// region took the request, since only the account's region sends one and every region
    /// answers alike.
    pub(super) fn code_sent_answered(
        &mut self,
        answers: Vec<(Region, Result<ResetCodeSent, Failure>)>,
        effects: &mut Effects,
    ) {
        let (mut taken, mut failed) = (Vec::new(), Vec::new());
        for (region, answer) in answers {
            match answer {
                Ok(sent) => taken.push((region, sent)),
                Err(failure) => failed.push((region, failure)),
            }
        }
        let resend_after = taken
            .iter()
            .map(|(_, sent)| sent.resend_after_seconds)
            .max();
        let resend_at_ms = self
            .now_ms
            .saturating_add(resend_after.unwrap_or_default().saturating_mul(SECOND_MS));
        let first_failure = failed.first().map(|(_, failure)| failure.clone());
        match (&mut self.stage, taken.first()) {
            (Stage::EnterAccount, Some((_, first))) => {
                let stage = Stage::VerifyIdentity {
                    sent: CodeSent {
                        masked_destination: first.masked_destination.clone(),
                        resend_at_ms,
                        resets: taken
                            .into_iter()
                            .map(|(region, sent)| RegionalReset {
                                region,
                                reset_id: sent.reset_id,
                            })
                            .collect(),
                        unanswered: failed.into_iter().map(|(region, _)| region).collect(),
                    },
                    problem: None,
                };
                self.enter(stage, effects);
            }
            (Stage::EnterAccount, None) => {
                self.close_check();
                self.notice = first_failure.map(|failure| notice(failure, Event::Acquire));
            }
            (Stage::VerifyIdentity { sent, problem }, Some(_)) => {
                sent.resend_at_ms = resend_at_ms;
                *problem = None;
                self.typed.code.clear();
                self.touched.clear();
                self.submitted = false;
                self.keep_counting(effects);
            }
            (Stage::VerifyIdentity { problem, .. }, None)
                if failed
                    .iter()
                    .any(|(_, failure)| failure.code() == Some(ErrorCode::Locked)) =>
            {
                *problem = Some(Problem::Locked);
            }
            (_, None) => {
                self.notice = first_failure.map(|failure| notice(failure, Event::Resend));
            }
            (_, Some(_)) => {}
        }
    }

    /// The answers to a code, one per reset it may belong to: the region that accepts it holds
    /// the account, and the reset carries on there alone.
    pub(super) fn code_checked(
        &mut self,
        answers: Vec<(Region, Result<ResetToken, Failure>)>,
        effects: &mut Effects,
    ) {
        let mut failures = Vec::new();
        for (region, answer) in answers {
            match answer {
                Ok(token) => return self.verified(region, token, effects),
                Err(failure) => failures.push(failure),
            }
        }
        self.code_refused(failures, effects);
    }

    pub(super) fn verified(&mut self, region: Region, token: ResetToken, effects: &mut Effects) {
        let Some(mut sent) = self.code_sent().cloned() else {
            return;
        };
        if self.region == RegionChoice::NotSure {
            // Only the person who received the code learns where the account lives.
            self.region = RegionChoice::Found(region);
            effects.push(Effect::RememberRegion(region));
        }
        sent.resets.retain(|reset| reset.region == region);
        sent.unanswered.clear();
        let password_waiting = self.on_password_step();
        self.enter(
            Stage::ResetPassword {
                sent,
                token: Some(token.clone()),
                problem: None,
            },
            effects,
        );
        // After a reload, step 3 verified the code on the way to setting the password.
        if let (true, Some(password)) = (password_waiting, self.new_password()) {
            self.send(Request::Complete { token, password }, effects);
        }
    }

    /// Every reset refused the code. A refusal that is not about the code (a region down, a
    /// limit) is said first, and so is a region that never answered for the code: the account
    /// may be there, so the code is not called wrong. Otherwise the gravest problem shows.
    pub(super) fn code_refused(&mut self, failures: Vec<Failure>, effects: &mut Effects) {
        let retry = if self.on_password_step() {
            Event::SubmitPassword
        } else {
            Event::SubmitCode
        };
        if let Some(other) = failures.iter().find(|f| code_problem(f).is_none()) {
            self.notice = Some(notice(other.clone(), retry));
            return;
        }
        if self
            .code_sent()
            .is_some_and(|sent| !sent.unanswered.is_empty())
        {
            self.notice = Some(Notice {
                trouble: Trouble::Unavailable,
                retry: Some(Event::StartAgain),
            });
            return;
        }
        match (
            gravest(failures.iter().filter_map(code_problem)),
            &mut self.stage,
        ) {
            (Some(wrong @ Problem::WrongCode { .. }), Stage::VerifyIdentity { problem, .. })
            | (Some(wrong @ Problem::WrongCode { .. }), Stage::ResetPassword { problem, .. }) => {
                *problem = Some(wrong);
            }
            (Some(other), _) => self.back_to_code(other, effects),
            (None, _) => {}
        }
    }

    /// Step 2 again, saying why.
    pub(super) fn back_to_code(&mut self, problem: Problem, effects: &mut Effects) {
        if let Some(sent) = self.code_sent().cloned() {
            let stage = Stage::VerifyIdentity {
                sent,
                problem: Some(problem),
            };
            self.enter(stage, effects);
        }
    }
}
