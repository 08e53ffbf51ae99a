//! Every transition of the wizard and what each answer of the backend means.

use crate::core::{
    Answer, Call, CodeSent, Effect, Event, Failure, Field, Flow, Notice, Problem, Progress, Puzzle,
    PuzzleView, Request, RequestId, Stage, Trouble, Typed, Work,
};
use contract::wire::{ErrorCode, ResetCodeSent};
use contract::{NewPassword, PasswordPolicy};

/// How often the resend countdown moves.
const SECOND_MS: u64 = 1000;

/// Changes made while handling one event, gathered for the shell.
type Effects = Vec<Effect>;

impl Trouble {
    /// What a failed request means for the user.
    pub fn of(failure: Failure) -> Trouble {
        match failure {
            Failure::Offline => Trouble::Offline,
            Failure::TimedOut => Trouble::TimedOut,
            Failure::Unavailable => Trouble::Unavailable,
            Failure::Refused {
                code: ErrorCode::TooManyRequests,
                detail,
            } => Trouble::Wait {
                seconds: detail.retry_after_seconds.unwrap_or(60),
            },
            Failure::Refused {
                code: ErrorCode::Internal | ErrorCode::Unavailable,
                ..
            } => Trouble::Unavailable,
            Failure::Refused {
                code: ErrorCode::CaptchaTicketInvalid,
                ..
            } => Trouble::CheckExpired,
            Failure::Refused {
                code: ErrorCode::CaptchaFailed,
                ..
            } => Trouble::CheckFailed,
            Failure::Refused { code, .. } => Trouble::Refused(code),
        }
    }

    /// Whether the same action may work when tried again.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Trouble::Offline
                | Trouble::TimedOut
                | Trouble::Unavailable
                | Trouble::CheckExpired
                | Trouble::CheckFailed
        )
    }
}

/// What a failure means for the user, with `retry` where trying again can help.
fn notice(failure: Failure, retry: Event) -> Notice {
    let trouble = Trouble::of(failure);
    let retry = trouble.is_transient().then_some(retry);
    Notice { trouble, retry }
}

/// What a refusal of a code means: a problem shown on the code, or none when the refusal is
/// not about the code.
fn code_problem(failure: &Failure) -> Option<Problem> {
    match failure {
        Failure::Refused {
            code: ErrorCode::WrongCode,
            detail,
        } => Some(Problem::WrongCode {
            attempts_left: detail.attempts_left.unwrap_or(0),
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
            puzzle: None,
            notice: None,
            refused_rules: Vec::new(),
            policy: PasswordPolicy::default(),
            submitted: false,
            left: Vec::new(),
            in_flight: None,
            policy_request: None,
            next_request: 0,
            waking: false,
            now_ms,
        };
        let mut effects = vec![Effect::RememberRegion(region)];
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
            Event::ChooseRegion(region) if on_step_one => {
                // A request already sent belongs to the old region: its answer is dropped.
                self.in_flight = None;
                self.puzzle = None;
                self.region = region;
                effects.push(Effect::RememberRegion(region));
            }
            Event::ChooseChannel(channel) if on_step_one => {
                self.channel = channel;
                self.left.retain(|field| *field != Field::Account);
            }
            Event::EditEmail(text) if on_step_one => self.draft.email = text,
            Event::EditPhone(text) if on_step_one => self.draft.phone = text,
            Event::ChooseCountry(iso) if on_step_one => self.draft.country = iso,
            Event::LeaveField(field) => {
                // An empty code field left is not yet a mistake.
                let worth_it = field != Field::Code || !self.typed.code.is_empty();
                if !worth_it || self.left.contains(&field) {
                    return false;
                }
                self.left.push(field);
            }
            Event::Acquire if on_step_one => self.acquire(effects),
            Event::ReloadPuzzle if !self.busy() => {
                let Some(puzzle) = &self.puzzle else {
                    return false;
                };
                self.open_check(puzzle.accessible, effects)
            }
            Event::UseAccessibleCheck | Event::UseSlider => {
                let accessible = event == Event::UseAccessibleCheck;
                let switching = self
                    .puzzle
                    .as_ref()
                    .is_some_and(|puzzle| puzzle.accessible != accessible && !puzzle.passed);
                if !switching {
                    return false;
                }
                // What was loading for the other check is dropped with it.
                self.in_flight = None;
                self.open_check(accessible, effects);
            }
            Event::WorkProgress {
                challenge_id,
                tried,
            } => {
                let Some(work) = self.wanted_work(&challenge_id) else {
                    return false;
                };
                work.tried = work.tried.max(tried);
            }
            Event::WorkFound {
                challenge_id,
                nonce,
            } => {
                if self.busy() {
                    return false;
                }
                let Some(work) = self.wanted_work(&challenge_id) else {
                    return false;
                };
                work.found = true;
                self.send(
                    Request::CheckWork {
                        challenge_id,
                        nonce,
                    },
                    effects,
                );
            }
            Event::ClosePuzzle if self.puzzle.is_some() => {
                self.puzzle = None;
                self.in_flight = None;
            }
            Event::DropPiece(x) => {
                let Some(PuzzleView::Ready(puzzle)) = self.puzzle.as_ref().map(|p| &p.view) else {
                    return false;
                };
                if self.busy() {
                    return false;
                }
                let captcha_id = puzzle.captcha_id.clone();
                self.send(Request::CheckPuzzle { captcha_id, x }, effects);
            }
            Event::EditCode(text) if self.code_sent().is_some() => self.typed.code = text,
            Event::SubmitCode if matches!(self.stage, Stage::VerifyIdentity { .. }) => {
                self.submit_code(effects)
            }
            Event::Resend if self.can_resend() => {
                let Some(sent) = self.code_sent() else {
                    return false;
                };
                let reset_id = sent.reset_id.clone();
                self.notice = None;
                self.send(Request::Resend { reset_id }, effects);
            }
            Event::EditPassword(text) if self.stage_is_reset() => self.typed.password = text,
            Event::EditConfirmation(text) if self.stage_is_reset() => {
                self.typed.confirmation = text
            }
            Event::SubmitPassword if self.stage_is_reset() => self.submit_password(effects),
            Event::StartAgain if !on_step_one => {
                self.typed = Typed::default();
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

    fn stage_is_reset(&self) -> bool {
        matches!(self.stage, Stage::ResetPassword { .. })
    }

    /// Moves to `stage`, leaving behind what belonged to the step before.
    fn enter(&mut self, stage: Stage, effects: &mut Effects) {
        self.stage = stage;
        self.puzzle = None;
        self.notice = None;
        self.refused_rules.clear();
        self.submitted = false;
        self.left.clear();
        self.in_flight = None;
        self.typed.code.clear();
        match self.stage {
            Stage::VerifyIdentity { .. } => self.keep_counting(effects),
            Stage::ResetPassword { .. } if self.policy_request.is_none() => {
                let id = self.next_id();
                self.policy_request = Some(id);
                effects.push(self.call(id, Request::Policy));
            }
            Stage::Succeed => self.typed = Typed::default(),
            _ => {}
        }
    }

    fn next_id(&mut self) -> RequestId {
        self.next_request = self.next_request.wrapping_add(1);
        RequestId(self.next_request)
    }

    fn call(&self, id: RequestId, request: Request) -> Effect {
        Effect::Send(Call {
            id,
            region: self.region,
            request,
        })
    }

    /// Sends the user's request, which is then the one in flight.
    fn send(&mut self, request: Request, effects: &mut Effects) {
        let id = self.next_id();
        self.in_flight = Some(id);
        effects.push(self.call(id, request));
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

    fn acquire(&mut self, effects: &mut Effects) {
        self.submitted = true;
        if self.draft.account(self.channel).is_err() {
            effects.push(Effect::Focus(Field::Account));
        } else if !self.busy() {
            self.notice = None;
            self.open_check(false, effects);
        }
    }

    /// The search for `challenge`'s answer, while [`Flow::wants_work_on`] says it is wanted.
    fn wanted_work(&mut self, challenge: &contract::CaptchaId) -> Option<&mut Work> {
        if !self.wants_work_on(challenge) {
            return None;
        }
        match self.puzzle.as_mut().map(|puzzle| &mut puzzle.view) {
            Some(PuzzleView::Working(work)) => Some(work),
            _ => None,
        }
    }

    /// Opens the dialog on a new slider puzzle, or on a new accessible check.
    fn open_check(&mut self, accessible: bool, effects: &mut Effects) {
        self.puzzle = Some(Puzzle {
            view: PuzzleView::Loading,
            accessible,
            missed: false,
            passed: false,
        });
        let request = if accessible {
            Request::NewWorkChallenge
        } else {
            Request::NewPuzzle
        };
        self.send(request, effects);
    }

    fn submit_code(&mut self, effects: &mut Effects) {
        self.submitted = true;
        match self.code() {
            Err(_) => effects.push(Effect::Focus(Field::Code)),
            Ok(_) if self.busy() || self.locked() => {}
            Ok(code) => {
                let Some(sent) = self.code_sent() else { return };
                let reset_id = sent.reset_id.clone();
                self.notice = None;
                self.send(Request::Verify { reset_id, code }, effects);
            }
        }
    }

    /// The new password, if it meets the policy and the confirmation matches.
    fn new_password(&self) -> Option<NewPassword> {
        let account = self.account();
        NewPassword::parse(&self.typed.password, &self.policy, account.as_ref())
            .ok()
            .filter(|_| self.typed.password == self.typed.confirmation)
    }

    fn submit_password(&mut self, effects: &mut Effects) {
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
            (None, Some(_), Ok(code)) => {
                let Some(sent) = self.code_sent() else { return };
                let reset_id = sent.reset_id.clone();
                self.send(Request::Verify { reset_id, code }, effects);
            }
            _ => {}
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
        if self.in_flight != Some(id) {
            return false;
        }
        self.in_flight = None;
        match answer {
            Answer::Puzzle(puzzle) => self.puzzle_loaded(puzzle.map(PuzzleView::Ready)),
            Answer::WorkChallenge(challenge) => {
                if let Ok(challenge) = &challenge {
                    effects.push(Effect::Solve(challenge.clone()));
                }
                let started_ms = self.now_ms;
                self.puzzle_loaded(challenge.map(|challenge| {
                    PuzzleView::Working(Work {
                        challenge,
                        tried: 0,
                        started_ms,
                        found: false,
                    })
                }))
            }
            Answer::PuzzleChecked(Ok(ticket)) => match self.account() {
                Some(account) => {
                    if let Some(puzzle) = &mut self.puzzle {
                        puzzle.passed = true;
                    }
                    let locale = self.locale;
                    self.send(
                        Request::SendCode {
                            account,
                            ticket,
                            locale,
                        },
                        effects,
                    )
                }
                None => self.puzzle = None,
            },
            Answer::PuzzleChecked(Err(failure)) => self.puzzle_missed(failure, effects),
            Answer::CodeSent(sent) => self.code_sent_answered(sent, effects),
            Answer::CodeChecked(Ok(token)) => self.verified(token, effects),
            Answer::CodeChecked(Err(failure)) => self.code_refused(failure, effects),
            Answer::PasswordSet(Ok(())) => self.enter(Stage::Succeed, effects),
            Answer::PasswordSet(Err(failure)) => self.password_refused(failure, effects),
            Answer::Policy(_) => {}
        }
        true
    }

    fn puzzle_loaded(&mut self, loaded: Result<PuzzleView, Failure>) {
        if let Some(puzzle) = &mut self.puzzle {
            puzzle.view = loaded
                .unwrap_or_else(|failure| PuzzleView::Failed(notice(failure, Event::ReloadPuzzle)));
        }
    }

    fn puzzle_missed(&mut self, failure: Failure, effects: &mut Effects) {
        let Some(accessible) = self.puzzle.as_ref().map(|puzzle| puzzle.accessible) else {
            return;
        };
        // A check that ran out of time is replaced at once; a slider that missed too, since
        // every puzzle takes one try. A refused proof of work is said, and tried again on
        // request, so that a fault cannot loop.
        let missed = match failure.code() {
            Some(ErrorCode::Expired | ErrorCode::NotFound) => true,
            Some(ErrorCode::CaptchaFailed) => !accessible,
            _ => false,
        };
        if missed {
            self.open_check(accessible, effects);
            if let Some(puzzle) = &mut self.puzzle {
                puzzle.missed = true;
            }
        } else if let Some(puzzle) = &mut self.puzzle {
            puzzle.missed = false;
            puzzle.view = PuzzleView::Failed(notice(failure, Event::ReloadPuzzle));
        }
    }

    fn code_sent_answered(&mut self, sent: Result<ResetCodeSent, Failure>, effects: &mut Effects) {
        let resend_at_ms = |seconds: u64| {
            self.now_ms
                .saturating_add(seconds.saturating_mul(SECOND_MS))
        };
        match (&mut self.stage, sent) {
            (Stage::EnterAccount, Ok(sent)) => {
                let stage = Stage::VerifyIdentity {
                    sent: CodeSent {
                        resend_at_ms: resend_at_ms(sent.resend_after_seconds),
                        reset_id: sent.reset_id,
                        masked_destination: sent.masked_destination,
                    },
                    problem: None,
                };
                self.enter(stage, effects);
            }
            (Stage::EnterAccount, Err(failure)) => {
                self.puzzle = None;
                self.notice = Some(notice(failure, Event::Acquire));
            }
            (Stage::VerifyIdentity { sent, problem }, Ok(again)) => {
                sent.resend_at_ms = resend_at_ms(again.resend_after_seconds);
                *problem = None;
                self.typed.code.clear();
                self.left.clear();
                self.submitted = false;
                self.keep_counting(effects);
            }
            (Stage::VerifyIdentity { problem, .. }, Err(failure))
                if failure.code() == Some(ErrorCode::Locked) =>
            {
                *problem = Some(Problem::Locked);
            }
            (_, Err(failure)) => self.notice = Some(notice(failure, Event::Resend)),
            (_, Ok(_)) => {}
        }
    }

    fn verified(&mut self, token: contract::ResetToken, effects: &mut Effects) {
        let sent = match &self.stage {
            Stage::VerifyIdentity { sent, .. } | Stage::ResetPassword { sent, .. } => sent.clone(),
            _ => return,
        };
        let password_waiting = self.stage_is_reset();
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

    fn code_refused(&mut self, failure: Failure, effects: &mut Effects) {
        let retry = if self.stage_is_reset() {
            Event::SubmitPassword
        } else {
            Event::SubmitCode
        };
        match (code_problem(&failure), &mut self.stage) {
            (Some(wrong @ Problem::WrongCode { .. }), Stage::VerifyIdentity { problem, .. })
            | (Some(wrong @ Problem::WrongCode { .. }), Stage::ResetPassword { problem, .. }) => {
                *problem = Some(wrong);
            }
            (Some(other), _) => self.back_to_code(other, effects),
            (None, _) => self.notice = Some(notice(failure, retry)),
        }
    }

    fn password_refused(&mut self, failure: Failure, effects: &mut Effects) {
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

    /// Step 2 again, saying why.
    fn back_to_code(&mut self, problem: Problem, effects: &mut Effects) {
        if let Some(sent) = self.code_sent().cloned() {
            let stage = Stage::VerifyIdentity {
                sent,
                problem: Some(problem),
            };
            self.enter(stage, effects);
        }
    }
}
