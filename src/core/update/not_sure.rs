//! "I'm not sure": the unattended checks in the other regions, the code asked for in every
//! region at once, and what several regions' refusals mean together.

use super::{Effects, call};
use crate::core::{
    Answer, Effect, Failure, Flow, Problem, ProofOfWork, Request, RequestId, UnattendedCheck,
    UnattendedState,
};
use contract::{Region, Ticket};

/// What several regions' refusals of one code mean together: the gravest, and of wrong codes
/// the fewest attempts left, since the account may be in any of them; a count not given is
/// the least grave.
pub(super) fn gravest(problems: impl IntoIterator<Item = Problem>) -> Option<Problem> {
    let rank = |problem: &Problem| match problem {
        Problem::Locked => (0, 0),
        Problem::Expired | Problem::VerifyAgain => (1, 0),
        Problem::WrongCode { attempts_left } => (2, attempts_left.unwrap_or(u32::MAX)),
    };
    problems.into_iter().min_by_key(rank)
}

impl Flow {
    /// Asks each region but the person's for a proof-of-work challenge, which the browser
    /// solves while the person does their check.
    pub(super) fn start_unattended(&mut self, effects: &mut Effects) {
        let home = self.region.home();
        for region in Region::ALL.into_iter().filter(|region| *region != home) {
            let id = self.next_id();
            effects.push(call(id, region, Request::NewProofOfWork));
            self.unattended.push(UnattendedCheck {
                region,
                state: UnattendedState::Loading(id),
            });
        }
    }

    /// An answer to an unattended check; false when the answer is not for one.
    pub(super) fn unattended_answered(
        &mut self,
        id: RequestId,
        answer: &Answer,
        effects: &mut Effects,
    ) -> bool {
        let now_ms = self.now_ms;
        let Some(check) = self.unattended.iter_mut().find(|check| {
            matches!(check.state, UnattendedState::Loading(asked) | UnattendedState::Checking(asked) if asked == id)
        }) else {
            return false;
        };
        check.state = match answer.clone() {
            Answer::ProofOfWorkChallenge(Ok(challenge)) => {
                effects.push(Effect::Solve(challenge.clone()));
                UnattendedState::Working(ProofOfWork {
                    challenge,
                    tried: 0,
                    started_ms: now_ms,
                    found: false,
                })
            }
            Answer::ProofOfWorkChallenge(Err(failure)) | Answer::Checked(Err(failure)) => {
                UnattendedState::Done(Err(failure))
            }
            Answer::Checked(Ok(ticket)) => UnattendedState::Done(Ok(ticket)),
            _ => UnattendedState::Done(Err(Failure::Unavailable)),
        };
        self.send_codes_when_ready(effects);
        true
    }

    /// Asks for the code once the person's ticket is in and every unattended check is done:
    /// from each region with a ticket, at once.
    pub(super) fn send_codes_when_ready(&mut self, effects: &mut Effects) {
        let done = self
            .unattended
            .iter()
            .all(|check| matches!(check.state, UnattendedState::Done(_)));
        if !done || self.in_flight.is_some() {
            return;
        }
        let Some(ticket) = self.held_ticket.take() else {
            return;
        };
        let Some(account) = self.account() else {
            self.close_check();
            return;
        };
        let locale = self.locale;
        let ask = |ticket: Ticket| Request::SendCode {
            account: account.clone(),
            ticket,
            locale,
        };
        let mut requests = vec![(self.region.home(), ask(ticket))];
        let mut settled = Vec::new();
        for check in std::mem::take(&mut self.unattended) {
            match check.state {
                UnattendedState::Done(Ok(ticket)) => requests.push((check.region, ask(ticket))),
                UnattendedState::Done(Err(failure)) => {
                    settled.push((check.region, Answer::CodeSent(Err(failure))))
                }
                _ => {}
            }
        }
        self.send_round(requests, settled, effects);
    }
}
