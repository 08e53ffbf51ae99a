//! Every transition of the wizard and what each answer of the backend means.

use crate::core::state::Round;
use crate::core::{
    Answer, Call, CodeSent, Effect, Event, Failure, Field, Flow, Notice, Problem, Progress, Puzzle,
    PuzzleView, RegionChoice, RegionalReset, Request, RequestId, Stage, Trouble, Typed,
    UnattendedCheck, UnattendedState, Work,
};
use contract::wire::{ErrorCode, ResetCodeSent};
use contract::{CaptchaId, CaptchaTicket, NewPassword, PasswordPolicy, Region, ResetToken};

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

/// Sends `request` to `region`; its answer comes back with `id`.
fn call(id: RequestId, region: Region, request: Request) -> Effect {
    Effect::Send(Call {
        id,
        region,
        request,
    })
}

/// What several regions' refusals of one code mean together: the gravest, and of wrong codes
/// the fewest attempts left, since the account may be in any of them.
fn gravest(problems: impl IntoIterator<Item = Problem>) -> Option<Problem> {
    let rank = |problem: &Problem| match problem {
        Problem::Locked => (0, 0),
        Problem::Expired | Problem::VerifyAgain => (1, 0),
        Problem::WrongCode { attempts_left } => (2, *attempts_left),
    };
    problems.into_iter().min_by_key(rank)
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
            } => return self.work_found(challenge_id, nonce, effects),
            Event::ClosePuzzle if self.puzzle.is_some() => self.close_check(),
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
                self.notice = None;
                self.send_to_resets(|reset_id| Request::Resend { reset_id }, effects);
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
        self.close_check();
        self.notice = None;
        self.refused_rules.clear();
        self.submitted = false;
        self.left.clear();
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
        let mut answers: [Option<Answer>; 3] = Default::default();
        for (region, answer) in settled {
            answers[region as usize] = Some(answer);
        }
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
        self.puzzle = None;
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

    fn acquire(&mut self, effects: &mut Effects) {
        self.submitted = true;
        if self.draft.account(self.channel).is_err() {
            effects.push(Effect::Focus(Field::Account));
        } else if !self.busy() {
            self.notice = None;
            self.open_check(false, effects);
            if self.region == RegionChoice::NotSure {
                self.start_unattended(effects);
            }
        }
    }

    /// Asks each region but the person's for a proof-of-work challenge, which the browser
    /// solves while the person does their check.
    fn start_unattended(&mut self, effects: &mut Effects) {
        let home = self.region.home();
        for region in Region::ALL.into_iter().filter(|region| *region != home) {
            let id = self.next_id();
            effects.push(call(id, region, Request::NewWorkChallenge));
            self.unattended.push(UnattendedCheck {
                region,
                state: UnattendedState::Loading(id),
            });
        }
    }

    /// The search for `challenge`'s answer, while [`Flow::wants_work_on`] says it is wanted.
    fn wanted_work(&mut self, challenge: &CaptchaId) -> Option<&mut Work> {
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
        let person = match self.puzzle.as_mut().map(|puzzle| &mut puzzle.view) {
            Some(PuzzleView::Working(work)) => Some(work),
            _ => None,
        };
        person
            .into_iter()
            .chain(unattended)
            .find(|work| work.challenge.challenge_id == *challenge)
    }

    /// An answer was found: an unattended check's is checked beside the person's request, the
    /// person's as their request.
    fn work_found(&mut self, challenge_id: CaptchaId, nonce: u64, effects: &mut Effects) -> bool {
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
        let request = Request::CheckWork {
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

    /// An answer to an unattended check; false when the answer is not for one.
    fn unattended_answered(
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
            Answer::WorkChallenge(Ok(challenge)) => {
                effects.push(Effect::Solve(challenge.clone()));
                UnattendedState::Working(Work {
                    challenge,
                    tried: 0,
                    started_ms: now_ms,
                    found: false,
                })
            }
            Answer::WorkChallenge(Err(failure)) | Answer::PuzzleChecked(Err(failure)) => {
                UnattendedState::Done(Err(failure))
            }
            Answer::PuzzleChecked(Ok(ticket)) => UnattendedState::Done(Ok(ticket)),
            _ => UnattendedState::Done(Err(Failure::Unavailable)),
        };
        self.send_codes_when_ready(effects);
        true
    }

    /// Asks for the code once the person's ticket is in and every unattended check is done:
    /// from each region with a ticket, at once.
    fn send_codes_when_ready(&mut self, effects: &mut Effects) {
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
        let ask = |ticket: CaptchaTicket| Request::SendCode {
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
                self.notice = None;
                self.verify(code, effects);
            }
        }
    }

    /// Checks `code` against every reset it may belong to, at once.
    fn verify(&mut self, code: contract::VerificationCode, effects: &mut Effects) {
        self.send_to_resets(
            |reset_id| Request::Verify {
                reset_id,
                code: code.clone(),
            },
            effects,
        );
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
            (None, Some(_), Ok(code)) => self.verify(code, effects),
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
        round.answers[region as usize] = Some(answer);
        if !round.pending.is_empty() {
            return true;
        }
        let answers = std::mem::take(&mut round.answers);
        self.in_flight = None;
        // The two requests that go to several regions are read together; any other is alone.
        let (mut sent, mut checked, mut alone) = (Vec::new(), Vec::new(), None);
        for (region, answer) in Region::ALL.into_iter().zip(answers) {
            match answer {
                Some(Answer::CodeSent(answer)) => sent.push((region, answer)),
                Some(Answer::CodeChecked(answer)) => checked.push((region, answer)),
                answer => alone = answer.or(alone),
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
        let Some(answer) = alone else {
            return true;
        };
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
            Answer::PuzzleChecked(Ok(ticket)) => {
                if let Some(puzzle) = &mut self.puzzle {
                    puzzle.passed = true;
                }
                self.held_ticket = Some(ticket);
                self.send_codes_when_ready(effects);
            }
            Answer::PuzzleChecked(Err(failure)) => self.puzzle_missed(failure, effects),
            Answer::PasswordSet(Ok(())) => self.enter(Stage::Succeed, effects),
            Answer::PasswordSet(Err(failure)) => self.password_refused(failure, effects),
            Answer::CodeSent(_) | Answer::CodeChecked(_) | Answer::Policy(_) => {}
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

    /// The answers to a request for a code, one per region asked: a code went out if any
    /// region took the request, since only the account's region sends one and every region
    /// answers alike.
    fn code_sent_answered(
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
                self.left.clear();
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
    fn code_checked(
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

    fn verified(&mut self, region: Region, token: ResetToken, effects: &mut Effects) {
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

    /// Every reset refused the code. A refusal that is not about the code (a region down, a
    /// limit) is said first, and so is a region that never answered for the code: the account
    /// may be there, so the code is not called wrong. Otherwise the gravest problem shows.
    fn code_refused(&mut self, failures: Vec<Failure>, effects: &mut Effects) {
        let retry = if self.stage_is_reset() {
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
