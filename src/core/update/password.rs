//! Step 3: the new password, checked here first and then by the backend.

use super::{Effects, notice};
use crate::core::{Effect, Event, Failure, Field, Flow, Problem, Request, Stage};
use contract::NewPassword;
use contract::wire::ErrorCode;

impl Flow {
    /// The new password, if it meets the policy and the confirmation matches.
    pub(super) fn new_password(&self) -> Option<NewPassword> {
        let account = self.account();
        NewPassword::parse(&self.typed.password, &self.policy, account.as_ref())
            .ok()
            .filter(|_| self.typed.password == self.typed.confirmation)
    }

    pub(super) fn submit_password(&mut self, effects: &mut Effects) {
        self.submitted = true;
        self.refused_rules.clear();
        let code = self.code();
        let first_wrong = if self.needs_code() && code.is_err() {
            Some(Field::Code)
        } else if !self.unmet_rules().is_empty() {
            Some(Field::Password)
        } else if self.typed.password != self.typed.confirmation {
            Some(Field::Confirmation)
        } else {
            None
        };
        if let Some(field) = first_wrong {
            effects.push(Effect::Focus(field));
            return;
        }
        if self.busy() {
            return;
        }
        self.notice = None;
        if let Stage::ResetPassword { problem, .. } = &mut self.stage {
            *problem = None;
        }
        match (self.token().cloned(), self.new_password(), code) {
            (Some(token), Some(password), _) => {
                self.send(Request::Complete { token, password }, effects)
            }
            (None, Some(_), Ok(code)) => self.verify(code, effects),
            _ => {}
        }
    }

    pub(super) fn password_refused(&mut self, failure: Failure, effects: &mut Effects) {
        match failure {
            Failure::Refused {
                code: ErrorCode::PasswordPolicy,
                detail,
            } => self.refused_rules = detail.unmet_rules.unwrap_or_default(),
            Failure::Refused {
                code: ErrorCode::Expired | ErrorCode::NotFound,
                ..
            } => self.back_to_code(Problem::VerifyAgain, effects),
            failure => self.notice = Some(notice(failure, Event::SubmitPassword)),
        }
    }
}
