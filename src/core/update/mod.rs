//! Every transition of the wizard and what each answer of the backend means, by step: this
//! file routes each event and answer and keeps what every step shares (the request in flight,
//! moving between steps, the countdown).

use crate::core::state::Round;
use crate::core::{
    Answer, Call, Check, CheckKind, CheckStatus, Draft, Effect, Event, Failure, Field, Flow,
    Loadable, Notice, Progress, ProofOfWork, RegionChoice, Request, RequestId, Stage, Trouble,
    Typed,
};
use contract::{PasswordPolicy, Region};

mod account;
mod check;
mod code;
mod not_sure;
mod password;

/// How often the resend countdown moves.
const SECOND_MS: u64 = 1000;

/// Changes made while handling one event, gathered for the shell.
type Effects = Vec<Effect>;

/// What a failure means for the user, with `retry` where trying again can help.
fn notice(failure: Failure, retry: Event) -> Notice {
    let trouble = Trouble::of(failure);
    let retry = trouble.is_transient().then_some(retry);
    Notice { trouble, retry }
}

/// Sends `request` to `region`; its answer comes back with `id`.
fn call(id: RequestId, region: Region, request: Request) -> Effect {
    Effect::Send(Call {
        id,
        region,
        request,
    })
}

impl Flow {
    /// The wizard as it was kept for the tab, and what to do to carry on: count down to the
    /// resend on step 2, fetch the policy on step 3.
    pub fn resume(progress: Progress, now_ms: u64) -> (Flow, Effects) {
        let Progress {
            locale,
            region,
            channel,
            draft,
            stage,
        } = progress;
        let mut flow = Flow {
            locale,
            region,
            channel,
            draft,
            stage: Stage::EnterAccount,
            typed: Typed::default(),
            dialog: None,
            notice: None,
            refused_rules: Vec::new(),
            policy: PasswordPolicy::default(),
            submitted: false,
            touched: Vec::new(),
            in_flight: None,
            unattended: Vec::new(),
            held_ticket: None,
            policy_request: None,
            next_request: 0,
            waking: false,
            now_ms,
        };
        let mut effects: Effects = region
            .region()
            .map(Effect::RememberRegion)
            .into_iter()
            .collect();
        flow.enter(stage, &mut effects);
        (flow, effects)
    }

    /// Applies `event` at `now_ms`. `None` when it does not fit the current step (a late
    /// answer, a button pressed while its request is in flight): nothing changed.
    pub fn update(&mut self, event: Event, now_ms: u64) -> Option<Effects> {
        self.now_ms = now_ms;
        let before = self.progress();
        let mut effects = Vec::new();
        if !self.apply(event, &mut effects) {
            return None;
        }
        let after = self.progress();
        if after != before {
            effects.push(Effect::Save(after));
        }
        Some(effects)
    }

    fn apply(&mut self, event: Event, effects: &mut Effects) -> bool {
        let on_step_one = self.stage == Stage::EnterAccount;
        match event {
            Event::ChooseLanguage(locale) => {
                if locale == self.locale {
                    return false;
                }
                self.locale = locale;
                effects.push(Effect::LoadLanguage(locale));
            }
            Event::ChooseRegion(choice) if on_step_one => {
                // Requests already sent belong to the old choice: their answers are dropped.
                self.close_check();
                self.region = choice;
                effects.extend(choice.region().map(Effect::RememberRegion));
            }
            Event::ChooseChannel(channel) if on_step_one => {
                self.channel = channel;
                self.touched.retain(|field| *field != Field::Account);
            }
            Event::EditEmail(text) if on_step_one => self.draft.email = text,
            Event::EditPhone(text) if on_step_one => self.draft.phone = text,
            Event::ChooseCountry(iso) if on_step_one => self.draft.country = iso,
            Event::LeaveField(field) => {
                // An empty code field left is not yet a mistake.
                let worth_it = field != Field::Code || !self.typed.code.is_empty();
                if !worth_it || self.touched.contains(&field) {
                    return false;
                }
                self.touched.push(field);
            }
            Event::Acquire if on_step_one => self.acquire(effects),
            Event::ReloadCheck if !self.busy() => {
                let Some(dialog) = &self.dialog else {
                    return false;
                };
                self.open_check(dialog.check.kind(), effects)
            }
            Event::UseAccessibleCheck | Event::UseSlider => {
                let kind = if event == Event::UseAccessibleCheck {
                    CheckKind::ProofOfWork
                } else {
                    CheckKind::Slider
                };
                let switching = self.dialog.as_ref().is_some_and(|dialog| {
                    dialog.check.kind() != kind && dialog.status != CheckStatus::Passed
                });
                if !switching {
                    return false;
                }
                // What was loading for the other check is dropped with it.
                self.in_flight = None;
                self.open_check(kind, effects);
            }
            Event::ProofOfWorkProgress {
                challenge_id,
                tried,
            } => {
                let Some(work) = self.wanted_work(&challenge_id) else {
                    return false;
                };
                work.tried = work.tried.max(tried);
            }
            Event::ProofOfWorkFound {
                challenge_id,
                nonce,
            } => return self.work_found(challenge_id, nonce, effects),
            Event::CloseCheck if self.dialog.is_some() => self.close_check(),
            Event::DropPiece(x) => {
                let Some(Check::Slider(Loadable::Ready(puzzle))) =
                    self.dialog.as_ref().map(|p| &p.check)
                else {
                    return false;
                };
                if self.busy() {
                    return false;
                }
                let captcha_id = puzzle.captcha_id.clone();
                self.send(Request::CheckSlider { captcha_id, x }, effects);
            }
            Event::EditCode(text) if self.code_sent().is_some() => self.typed.code = text,
            Event::SubmitCode if matches!(self.stage, Stage::VerifyIdentity { .. }) => {
                self.submit_code(effects)
            }
            Event::Resend if self.can_resend() => {
                self.notice = None;
                self.send_to_resets(|reset_id| Request::Resend { reset_id }, effects);
            }
            Event::EditPassword(text) if self.on_password_step() => self.typed.password = text,
            Event::EditConfirmation(text) if self.on_password_step() => {
                self.typed.confirmation = text
            }
            Event::SubmitPassword if self.on_password_step() => self.submit_password(effects),
            Event::StartAgain if !on_step_one => {
                self.typed = Typed::default();
                self.enter(Stage::EnterAccount, effects);
            }
            Event::ResetAnother if self.stage == Stage::Succeed => {
                // Nothing of the account just reset stays but its country, the likeliest for
                // the next one. A region "I'm not sure" found stays as if it had been picked.
                self.draft = Draft {
                    country: std::mem::take(&mut self.draft.country),
                    ..Draft::default()
                };
                self.region = RegionChoice::Picked(self.region.home());
                self.enter(Stage::EnterAccount, effects);
            }
            Event::Tick => {
                self.waking = false;
                self.keep_counting(effects);
            }
            Event::Answered(id, answer) => return self.answered(id, answer, effects),
            _ => return false,
        }
        true
    }

    fn on_password_step(&self) -> bool {
        matches!(self.stage, Stage::ResetPassword { .. })
    }

    /// Moves to `stage`, leaving behind what belonged to the step before.
    fn enter(&mut self, stage: Stage, effects: &mut Effects) {
        self.stage = stage;
        self.close_check();
        self.notice = None;
        self.refused_rules.clear();
        self.submitted = false;
        self.touched.clear();
        self.typed.code.clear();
        match self.stage {
            Stage::VerifyIdentity { .. } => self.keep_counting(effects),
            Stage::ResetPassword { .. } if self.policy_request.is_none() => {
                let id = self.next_id();
                self.policy_request = Some(id);
                effects.push(call(id, self.region.home(), Request::Policy));
            }
            Stage::Succeed => self.typed = Typed::default(),
            _ => {}
        }
    }

    fn next_id(&mut self) -> RequestId {
        self.next_request = self.next_request.wrapping_add(1);
        RequestId(self.next_request)
    }

    /// Sends the user's request, which is then the one in flight.
    fn send(&mut self, request: Request, effects: &mut Effects) {
        self.send_round(vec![(self.region.home(), request)], Vec::new(), effects);
    }

    /// Sends the user's request to several regions at once; the round is answered when each
    /// has answered, and `settled` holds the answers known without asking.
    fn send_round(
        &mut self,
        requests: Vec<(Region, Request)>,
        settled: Vec<(Region, Answer)>,
        effects: &mut Effects,
    ) {
        let answers = settled;
        let mut pending = Vec::new();
        for (region, request) in requests {
            let id = self.next_id();
            pending.push((id, region));
            effects.push(call(id, region, request));
        }
        self.in_flight = Some(Round { pending, answers });
    }

    /// Sends `request` for each reset the code may belong to, at once.
    fn send_to_resets(
        &mut self,
        request: impl Fn(contract::ResetId) -> Request,
        effects: &mut Effects,
    ) {
        let Some(sent) = self.code_sent() else { return };
        let requests = sent
            .resets
            .iter()
            .map(|reset| (reset.region, request(reset.reset_id.clone())))
            .collect();
        self.send_round(requests, Vec::new(), effects);
    }

    /// Closes the puzzle dialog, dropping the answers of every check under way.
    fn close_check(&mut self) {
        self.dialog = None;
        self.in_flight = None;
        self.unattended.clear();
        self.held_ticket = None;
    }

    /// Asks to be woken on the countdown's next whole second while there is one.
    fn keep_counting(&mut self, effects: &mut Effects) {
        let left = match &self.stage {
            Stage::VerifyIdentity { sent, .. } => sent.resend_at_ms.saturating_sub(self.now_ms),
            _ => 0,
        };
        if left > 0 && !self.waking {
            self.waking = true;
            let to_next_second = (left - 1) % SECOND_MS + 1;
            effects.push(Effect::WakeIn(to_next_second as u32));
        }
    }

    fn answered(&mut self, id: RequestId, answer: Answer, effects: &mut Effects) -> bool {
        if let Answer::Policy(policy) = answer {
            if self.policy_request != Some(id) {
                return false;
            }
            // Without the backend's policy the default guides; the backend checks either way.
            if let Ok(policy) = policy {
                self.policy = policy;
            }
            return true;
        }
        if self.unattended_answered(id, &answer, effects) {
            return true;
        }
        let Some(round) = &mut self.in_flight else {
            return false;
        };
        let Some(at) = round.pending.iter().position(|(asked, _)| *asked == id) else {
            return false;
        };
        let (_, region) = round.pending.swap_remove(at);
        round.answers.push((region, answer));
        if !round.pending.is_empty() {
            return true;
        }
        let mut answers = std::mem::take(&mut round.answers);
        self.in_flight = None;
        // The two requests that go to several regions are read together; any other comes single.
        // In the order of the regions, so that ties are decided the same way each time (a
        // search rather than a sort, whose code weighed 1,477 B of the first load).
        let (mut sent, mut checked, mut single) = (Vec::new(), Vec::new(), None);
        for region in Region::ALL {
            let Some(at) = answers.iter().position(|(from, _)| *from == region) else {
                continue;
            };
            match answers.swap_remove(at).1 {
                Answer::CodeSent(answer) => sent.push((region, answer)),
                Answer::CodeChecked(answer) => checked.push((region, answer)),
                answer => single = Some(answer),
            }
        }
        if !sent.is_empty() {
            self.code_sent_answered(sent, effects);
            return true;
        }
        if !checked.is_empty() {
            self.code_checked(checked, effects);
            return true;
        }
        let Some(answer) = single else {
            return true;
        };
        match answer {
            Answer::SliderChallenge(puzzle) => {
                self.check_loaded(puzzle.map(|puzzle| Check::Slider(Loadable::Ready(puzzle))))
            }
            Answer::ProofOfWorkChallenge(challenge) => {
                if let Ok(challenge) = &challenge {
                    effects.push(Effect::Solve(challenge.clone()));
                }
                let started_ms = self.now_ms;
                self.check_loaded(challenge.map(|challenge| {
                    Check::ProofOfWork(Loadable::Ready(ProofOfWork {
                        challenge,
                        tried: 0,
                        started_ms,
                        found: false,
                    }))
                }))
            }
            Answer::Checked(Ok(ticket)) => {
                if let Some(dialog) = &mut self.dialog {
                    dialog.status = CheckStatus::Passed;
                }
                self.held_ticket = Some(ticket);
                self.send_codes_when_ready(effects);
            }
            Answer::Checked(Err(failure)) => self.check_missed(failure, effects),
            Answer::PasswordSet(Ok(())) => self.enter(Stage::Succeed, effects),
            Answer::PasswordSet(Err(failure)) => self.password_refused(failure, effects),
            Answer::CodeSent(_) | Answer::CodeChecked(_) | Answer::Policy(_) => {}
        }
        true
    }
}
