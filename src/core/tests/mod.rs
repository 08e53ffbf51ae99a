//! Every decision of the wizard: each action and each answer of the backend on each step,
//! with the state it leads to and the effects it asks for.

use super::*;
use contract::wire::{ErrorCode, ErrorDetail, ResetCodeSent, SliderCaptcha};
use contract::{Channel, Locale, PasswordPolicy, PasswordRule, Region};

const NOW: u64 = 1_000_000;
const EUROPE: RegionChoice = RegionChoice::Picked(Region::Europe);
const PASSWORD: &str = "correct horse battery";

fn id<T: std::str::FromStr>(text: &str) -> T {
    text.parse().unwrap_or_else(|_| unreachable!())
}

fn start() -> Flow {
    Flow::resume(
        Progress::fresh(Locale::En, EUROPE, Channel::Email, "DE"),
        NOW,
    )
    .0
}

/// Applies `event`, which must fit.
fn run(flow: &mut Flow, event: Event) -> Vec<Effect> {
    flow.update(event.clone(), NOW)
        .unwrap_or_else(|| panic!("{event:?} was refused"))
}

/// The one request among `effects`.
fn sent(effects: &[Effect]) -> Call {
    let calls: Vec<&Call> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Send(call) => Some(call),
            _ => None,
        })
        .collect();
    assert_eq!(calls.len(), 1, "one request in {effects:?}");
    calls[0].clone()
}

fn no_request(effects: &[Effect]) -> bool {
    !effects
        .iter()
        .any(|effect| matches!(effect, Effect::Send(_)))
}

fn refused(code: ErrorCode) -> Failure {
    Failure::Refused {
        code,
        detail: ErrorDetail::default(),
    }
}

fn puzzle() -> SliderCaptcha {
    SliderCaptcha {
        captcha_id: id("c1"),
        background_image: "/bg".into(),
        piece_image: "/piece".into(),
        piece_y: 40,
        piece_size: 56,
        width: 320,
        height: 160,
        expires_in_seconds: 120,
    }
}

fn code_sent_answer() -> ResetCodeSent {
    ResetCodeSent {
        reset_id: id("r1"),
        masked_destination: "bru****.com".into(),
        resend_after_seconds: 60,
        code_ttl_seconds: 600,
    }
}

/// Step 1 with a valid address and the puzzle loaded.
fn with_puzzle() -> Flow {
    let mut flow = start();
    run(&mut flow, Event::EditEmail("bruno@example.com".into()));
    let call = sent(&run(&mut flow, Event::Acquire));
    assert_eq!(call.request, Request::NewPuzzle);
    run(
        &mut flow,
        Event::Answered(call.id, Answer::Puzzle(Ok(puzzle()))),
    );
    flow
}

/// Step 1 with the puzzle solved and the code requested: the request in flight.
fn requesting_code() -> (Flow, Call) {
    let mut flow = with_puzzle();
    let check = sent(&run(&mut flow, Event::DropPiece(120)));
    let ask = sent(&run(
        &mut flow,
        Event::Answered(check.id, Answer::PuzzleChecked(Ok(id("ticket")))),
    ));
    (flow, ask)
}

fn at_step_2() -> Flow {
    let (mut flow, ask) = requesting_code();
    run(
        &mut flow,
        Event::Answered(ask.id, Answer::CodeSent(Ok(code_sent_answer()))),
    );
    flow
}

/// Step 2 with a valid code typed and "Next" pressed: the verification in flight.
fn verifying() -> (Flow, Call) {
    let mut flow = at_step_2();
    run(&mut flow, Event::EditCode("123 456".into()));
    let call = sent(&run(&mut flow, Event::SubmitCode));
    (flow, call)
}

fn at_step_3() -> Flow {
    let (mut flow, call) = verifying();
    run(
        &mut flow,
        Event::Answered(call.id, Answer::CodeChecked(Ok(id("t1")))),
    );
    flow
}

/// Step 3 with both passwords typed and "Confirm" pressed: the completion in flight.
fn completing() -> (Flow, Call) {
    let mut flow = at_step_3();
    run(&mut flow, Event::EditPassword(PASSWORD.into()));
    run(&mut flow, Event::EditConfirmation(PASSWORD.into()));
    let call = sent(&run(&mut flow, Event::SubmitPassword));
    (flow, call)
}

#[test]
fn a_language_can_be_chosen_on_any_step_and_is_kept_and_sent_with_the_code() {
    let mut flow = start();
    assert_eq!(
        run(&mut flow, Event::ChooseLanguage(Locale::De)),
        [
            Effect::LoadLanguage(Locale::De),
            Effect::Save(flow.progress())
        ]
    );
    assert_eq!(flow.update(Event::ChooseLanguage(Locale::De), NOW), None);
    let mut step_two = at_step_2();
    run(&mut step_two, Event::ChooseLanguage(Locale::Ar));
    assert_eq!(
        (step_two.step(), step_two.progress().locale),
        (Step::VerifyIdentity, Locale::Ar)
    );
    let mut flow = start();
    run(&mut flow, Event::ChooseLanguage(Locale::PtBr));
    run(&mut flow, Event::EditEmail("bruno@example.com".into()));
    let call = sent(&run(&mut flow, Event::Acquire));
    run(
        &mut flow,
        Event::Answered(call.id, Answer::Puzzle(Ok(puzzle()))),
    );
    let check = sent(&run(&mut flow, Event::DropPiece(1)));
    let ask = sent(&run(
        &mut flow,
        Event::Answered(check.id, Answer::PuzzleChecked(Ok(id("t")))),
    ));
    assert!(matches!(
        ask.request,
        Request::SendCode {
            locale: Locale::PtBr,
            ..
        }
    ));
}

#[test]
fn a_new_wizard_is_on_step_one_and_remembers_its_region() {
    let (flow, effects) = Flow::resume(
        Progress::fresh(Locale::En, EUROPE, Channel::Email, "DE"),
        NOW,
    );
    assert_eq!(flow.step(), Step::EnterAccount);
    assert_eq!(flow.draft.country, "DE");
    assert!(flow.can_change_account() && !flow.busy());
    assert_eq!(effects, [Effect::RememberRegion(Region::Europe)]);
}

#[test]
fn step_one_takes_region_channel_and_what_is_typed_and_saves_it() {
    let mut flow = start();
    assert_eq!(
        run(
            &mut flow,
            Event::ChooseRegion(RegionChoice::Picked(Region::AsiaPacific))
        ),
        [
            Effect::RememberRegion(Region::AsiaPacific),
            Effect::Save(flow.progress())
        ]
    );
    run(&mut flow, Event::ChooseChannel(Channel::Sms));
    run(&mut flow, Event::ChooseCountry("SG".into()));
    let effects = run(&mut flow, Event::EditPhone("9123 4567".into()));
    assert_eq!(effects, [Effect::Save(flow.progress())]);
    assert_eq!(flow.region, RegionChoice::Picked(Region::AsiaPacific));
    assert_eq!(
        flow.account().map(|account| account.to_string()),
        Some("+6591234567".into())
    );
}

#[test]
fn an_invalid_account_is_explained_once_left_or_submitted_and_gets_focus() {
    let mut flow = start();
    run(&mut flow, Event::EditEmail("bruno@example".into()));
    assert_eq!(flow.account_error(), None, "quiet while typing");
    run(&mut flow, Event::LeaveField(Field::Account));
    assert!(flow.account_error().is_some());
    assert_eq!(flow.update(Event::LeaveField(Field::Account), NOW), None);
    run(&mut flow, Event::ChooseChannel(Channel::Sms));
    assert_eq!(
        flow.account_error(),
        None,
        "a switch starts the new field quiet"
    );
    let effects = run(&mut flow, Event::Acquire);
    assert_eq!(effects, [Effect::Focus(Field::Account)]);
    assert!(flow.account_error().is_some() && flow.puzzle.is_none());
}

#[test]
fn acquire_opens_the_puzzle_and_loads_one() {
    let mut flow = start();
    run(&mut flow, Event::EditEmail("bruno@example.com".into()));
    let call = sent(&run(&mut flow, Event::Acquire));
    assert_eq!(
        (call.region, call.request.clone()),
        (Region::Europe, Request::NewPuzzle)
    );
    assert_eq!(
        flow.puzzle.as_ref().map(|p| p.view.clone()),
        Some(PuzzleView::Loading)
    );
    assert!(flow.busy());
    assert_eq!(
        flow.update(Event::Acquire, NOW).map(|e| no_request(&e)),
        Some(true)
    );
    run(
        &mut flow,
        Event::Answered(call.id, Answer::Puzzle(Ok(puzzle()))),
    );
    assert_eq!(
        flow.puzzle.as_ref().map(|p| p.view.clone()),
        Some(PuzzleView::Ready(puzzle()))
    );
    assert!(!flow.busy());
}

#[test]
fn a_puzzle_that_does_not_load_says_why_and_offers_another() {
    let mut flow = start();
    run(&mut flow, Event::EditEmail("bruno@example.com".into()));
    let call = sent(&run(&mut flow, Event::Acquire));
    run(
        &mut flow,
        Event::Answered(call.id, Answer::Puzzle(Err(Failure::TimedOut))),
    );
    assert_eq!(
        flow.puzzle.as_ref().map(|p| p.view.clone()),
        Some(PuzzleView::Failed(Notice {
            trouble: Trouble::TimedOut,
            retry: Some(Event::ReloadPuzzle)
        }))
    );
    let again = sent(&run(&mut flow, Event::ReloadPuzzle));
    assert_eq!(again.request, Request::NewPuzzle);
}

#[test]
fn a_drop_is_checked_once_and_a_pass_asks_for_the_code() {
    let mut flow = with_puzzle();
    let check = sent(&run(&mut flow, Event::DropPiece(120)));
    assert_eq!(
        check.request,
        Request::CheckPuzzle {
            captcha_id: id("c1"),
            x: 120
        }
    );
    assert_eq!(
        flow.update(Event::DropPiece(121), NOW),
        None,
        "one try at a time"
    );
    assert_eq!(flow.update(Event::ReloadPuzzle, NOW), None);
    let ask = sent(&run(
        &mut flow,
        Event::Answered(check.id, Answer::PuzzleChecked(Ok(id("ticket")))),
    ));
    match ask.request {
        Request::SendCode {
            account,
            ticket,
            locale,
        } => {
            assert_eq!(locale, Locale::En);
            assert_eq!(account.to_string(), "bruno@example.com");
            assert_eq!(ticket.as_str(), "ticket");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        flow.busy() && flow.puzzle.is_some(),
        "the dialog waits for the code"
    );
}

#[test]
fn a_miss_brings_a_new_puzzle_and_says_so() {
    for code in [
        ErrorCode::CaptchaFailed,
        ErrorCode::Expired,
        ErrorCode::NotFound,
    ] {
        let mut flow = with_puzzle();
        let check = sent(&run(&mut flow, Event::DropPiece(3)));
        let next = sent(&run(
            &mut flow,
            Event::Answered(check.id, Answer::PuzzleChecked(Err(refused(code)))),
        ));
        assert_eq!(next.request, Request::NewPuzzle);
        let puzzle = flow.puzzle.clone().unwrap_or_else(|| unreachable!());
        assert!(
            puzzle.missed && puzzle.view == PuzzleView::Loading,
            "{code:?}"
        );
    }
}

#[test]
fn a_check_that_fails_for_another_reason_says_why() {
    let mut flow = with_puzzle();
    let check = sent(&run(&mut flow, Event::DropPiece(3)));
    let tired = Failure::Refused {
        code: ErrorCode::TooManyRequests,
        detail: ErrorDetail {
            retry_after_seconds: Some(90),
            ..ErrorDetail::default()
        },
    };
    let effects = run(
        &mut flow,
        Event::Answered(check.id, Answer::PuzzleChecked(Err(tired))),
    );
    assert!(no_request(&effects));
    assert_eq!(
        flow.puzzle.map(|p| p.view),
        Some(PuzzleView::Failed(Notice {
            trouble: Trouble::Wait { seconds: 90 },
            retry: None
        }))
    );
}

#[test]
fn closing_the_puzzle_drops_its_late_answer() {
    let mut flow = with_puzzle();
    let check = sent(&run(&mut flow, Event::DropPiece(3)));
    run(&mut flow, Event::ClosePuzzle);
    assert!(flow.puzzle.is_none() && !flow.busy());
    let late = Event::Answered(check.id, Answer::PuzzleChecked(Ok(id("ticket"))));
    assert_eq!(flow.update(late, NOW), None);
}

#[test]
fn changing_region_drops_a_request_of_the_old_one() {
    let (mut flow, ask) = requesting_code();
    run(
        &mut flow,
        Event::ChooseRegion(RegionChoice::Picked(Region::Americas)),
    );
    let late = Event::Answered(ask.id, Answer::CodeSent(Ok(code_sent_answer())));
    assert_eq!(flow.update(late, NOW), None);
    assert_eq!(flow.step(), Step::EnterAccount);
}

#[test]
fn a_sent_code_moves_to_step_two_counts_down_and_is_saved() {
    let (mut flow, ask) = requesting_code();
    let effects = run(
        &mut flow,
        Event::Answered(ask.id, Answer::CodeSent(Ok(code_sent_answer()))),
    );
    assert_eq!(flow.step(), Step::VerifyIdentity);
    assert_eq!(
        flow.code_sent(),
        Some(&CodeSent {
            resets: vec![RegionalReset {
                region: Region::Europe,
                reset_id: id("r1")
            }],
            masked_destination: "bru****.com".into(),
            resend_at_ms: NOW + 60_000,
            unanswered: Vec::new(),
        })
    );
    assert!(flow.puzzle.is_none() && !flow.busy());
    assert_eq!(
        effects,
        [Effect::WakeIn(1000), Effect::Save(flow.progress())]
    );
    assert_eq!(flow.resend_in_seconds(), 60);
    assert!(!flow.can_change_account());
    assert_eq!(
        flow.update(
            Event::ChooseRegion(RegionChoice::Picked(Region::Americas)),
            NOW
        ),
        None
    );
    assert_eq!(flow.update(Event::EditEmail("x@y.z".into()), NOW), None);
}

#[test]
fn a_refused_code_request_closes_the_puzzle_and_says_why() {
    let cases = [
        (Failure::Offline, Trouble::Offline, true),
        (Failure::Unavailable, Trouble::Unavailable, true),
        (refused(ErrorCode::Internal), Trouble::Unavailable, true),
        (
            refused(ErrorCode::CaptchaTicketInvalid),
            Trouble::CheckExpired,
            true,
        ),
        (
            refused(ErrorCode::InvalidRequest),
            Trouble::Refused(ErrorCode::InvalidRequest),
            false,
        ),
        (
            Failure::Refused {
                code: ErrorCode::TooManyRequests,
                detail: ErrorDetail::default(),
            },
            Trouble::Wait { seconds: 60 },
            false,
        ),
    ];
    for (failure, trouble, retry) in cases {
        let (mut flow, ask) = requesting_code();
        run(
            &mut flow,
            Event::Answered(ask.id, Answer::CodeSent(Err(failure))),
        );
        assert_eq!(flow.step(), Step::EnterAccount);
        assert!(flow.puzzle.is_none() && !flow.busy());
        assert_eq!(
            flow.notice,
            Some(Notice {
                trouble,
                retry: retry.then_some(Event::Acquire)
            })
        );
        assert_eq!(
            flow.draft.email, "bruno@example.com",
            "nothing typed is lost"
        );
    }
}

#[test]
fn the_countdown_wakes_on_each_second_until_resend_is_allowed() {
    let mut flow = at_step_2();
    assert!(!flow.can_resend());
    assert_eq!(flow.update(Event::Resend, NOW), None);
    let effects = flow.update(Event::Tick, NOW + 1_000).unwrap_or_default();
    assert_eq!(effects, [Effect::WakeIn(1000)]);
    assert_eq!(flow.resend_in_seconds(), 59);
    let effects = flow.update(Event::Tick, NOW + 59_500).unwrap_or_default();
    assert_eq!(effects, [Effect::WakeIn(500)], "lands on the whole second");
    let effects = flow.update(Event::Tick, NOW + 60_000).unwrap_or_default();
    assert_eq!(effects, [], "nothing left to count");
    assert!(flow.can_resend());
}

#[test]
fn a_resend_clears_the_problem_and_the_code_and_restarts_the_countdown() {
    let (mut flow, call) = verifying();
    let wrong = Failure::Refused {
        code: ErrorCode::WrongCode,
        detail: ErrorDetail {
            attempts_left: Some(4),
            ..ErrorDetail::default()
        },
    };
    run(
        &mut flow,
        Event::Answered(call.id, Answer::CodeChecked(Err(wrong))),
    );
    flow.update(Event::Tick, NOW + 60_000);
    let resend = sent(&flow.update(Event::Resend, NOW + 60_000).unwrap_or_default());
    assert_eq!(resend.request, Request::Resend { reset_id: id("r1") });
    assert!(!flow.can_resend(), "not twice at once");
    let effects = flow
        .update(
            Event::Answered(resend.id, Answer::CodeSent(Ok(code_sent_answer()))),
            NOW + 61_000,
        )
        .unwrap_or_default();
    assert!(effects.contains(&Effect::WakeIn(1000)));
    assert_eq!(flow.problem(), None);
    assert_eq!(flow.typed.code, "");
    assert_eq!(flow.resend_in_seconds(), 60);
}

#[test]
fn a_resend_that_fails_says_why_and_a_locked_reset_stays_locked() {
    let mut flow = at_step_2();
    flow.update(Event::Tick, NOW + 60_000);
    let resend = sent(&flow.update(Event::Resend, NOW + 60_000).unwrap_or_default());
    run(
        &mut flow,
        Event::Answered(resend.id, Answer::CodeSent(Err(Failure::Offline))),
    );
    assert_eq!(
        flow.notice,
        Some(Notice {
            trouble: Trouble::Offline,
            retry: Some(Event::Resend)
        })
    );
    let resend = sent(&flow.update(Event::Resend, NOW + 60_000).unwrap_or_default());
    assert_eq!(flow.notice, None);
    run(
        &mut flow,
        Event::Answered(resend.id, Answer::CodeSent(Err(refused(ErrorCode::Locked)))),
    );
    assert!(flow.locked());
    assert_eq!(flow.update(Event::Resend, NOW + 120_000), None);
    run(&mut flow, Event::EditCode("123456".into()));
    assert!(no_request(&run(&mut flow, Event::SubmitCode)));
}

#[test]
fn an_invalid_code_is_explained_and_focused_not_sent() {
    let mut flow = at_step_2();
    run(&mut flow, Event::EditCode("12 34".into()));
    assert_eq!(flow.code_error(), None);
    assert_eq!(
        run(&mut flow, Event::SubmitCode),
        [Effect::Focus(Field::Code)]
    );
    assert_eq!(flow.code_error(), Some(contract::CodeError::WrongLength(4)));
}

#[test]
fn an_empty_code_field_left_is_not_yet_a_mistake() {
    let mut flow = at_step_2();
    assert_eq!(flow.update(Event::LeaveField(Field::Code), NOW), None);
    run(&mut flow, Event::EditCode("1".into()));
    run(&mut flow, Event::LeaveField(Field::Code));
    assert!(flow.code_error().is_some());
}

#[test]
fn a_code_is_verified_once_while_in_flight() {
    let (mut flow, call) = verifying();
    assert_eq!(
        call.request,
        Request::Verify {
            reset_id: id("r1"),
            code: id("123456")
        }
    );
    assert!(flow.busy());
    assert_eq!(
        flow.update(Event::SubmitCode, NOW).map(|e| no_request(&e)),
        Some(true)
    );
}

#[test]
fn each_refusal_of_a_code_on_step_two_means_what_it_says() {
    let cases = [
        (
            Failure::Refused {
                code: ErrorCode::WrongCode,
                detail: ErrorDetail {
                    attempts_left: Some(1),
                    ..ErrorDetail::default()
                },
            },
            Some(Problem::WrongCode { attempts_left: 1 }),
            None,
        ),
        (refused(ErrorCode::Locked), Some(Problem::Locked), None),
        (refused(ErrorCode::Expired), Some(Problem::Expired), None),
        (
            Failure::TimedOut,
            None,
            Some(Notice {
                trouble: Trouble::TimedOut,
                retry: Some(Event::SubmitCode),
            }),
        ),
        (
            refused(ErrorCode::NotFound),
            None,
            Some(Notice {
                trouble: Trouble::Refused(ErrorCode::NotFound),
                retry: None,
            }),
        ),
    ];
    for (failure, problem, notice) in cases {
        let (mut flow, call) = verifying();
        run(
            &mut flow,
            Event::Answered(call.id, Answer::CodeChecked(Err(failure))),
        );
        assert_eq!(flow.step(), Step::VerifyIdentity);
        assert_eq!(
            (flow.problem().cloned(), flow.notice.clone()),
            (problem, notice)
        );
        assert!(!flow.busy());
    }
}

#[test]
fn the_right_code_moves_to_step_three_fetches_the_policy_and_keeps_the_token_in_memory() {
    let (mut flow, call) = verifying();
    let effects = run(
        &mut flow,
        Event::Answered(call.id, Answer::CodeChecked(Ok(id("t1")))),
    );
    assert_eq!(flow.step(), Step::ResetPassword);
    assert_eq!(flow.token().map(contract::ResetToken::as_str), Some("t1"));
    assert_eq!(sent(&effects).request, Request::Policy);
    assert_eq!(flow.typed.code, "", "the code is not kept");
    let json = serde_json::to_string(&flow.progress()).unwrap_or_default();
    assert!(!json.contains("t1"), "the token is never stored: {json}");
}

#[test]
fn the_backends_policy_guides_once_it_answers_and_the_default_until_then() {
    let mut flow = at_step_3();
    assert_eq!(flow.policy, PasswordPolicy::default());
    let policy = PasswordPolicy {
        min_length: 12,
        ..PasswordPolicy::default()
    };
    let mut resumed = Flow::resume(flow.progress(), NOW);
    let call = sent(&resumed.1);
    run(
        &mut resumed.0,
        Event::Answered(call.id, Answer::Policy(Ok(policy.clone()))),
    );
    assert_eq!(resumed.0.policy, policy);
    run(&mut resumed.0, Event::EditPassword("short pass".into()));
    assert_eq!(resumed.0.unmet_rules(), [PasswordRule::MinLength(12)]);
    // A policy that cannot be fetched leaves the default; an answer nobody asked for is dropped.
    let call = sent(&Flow::resume(flow.progress(), NOW).1);
    let failed = Event::Answered(call.id, Answer::Policy(Err(Failure::Offline)));
    let (mut fresh, _) = Flow::resume(flow.progress(), NOW);
    run(&mut fresh, failed);
    assert_eq!(fresh.policy, PasswordPolicy::default());
    assert_eq!(
        flow.update(
            Event::Answered(RequestId(999), Answer::Policy(Ok(policy))),
            NOW
        ),
        None
    );
}

#[test]
fn step_three_checks_the_password_before_sending_and_focuses_what_is_wrong() {
    let mut flow = at_step_3();
    run(&mut flow, Event::EditPassword("password".into()));
    assert_eq!(flow.password_error(), [], "quiet until submitted");
    assert_eq!(
        run(&mut flow, Event::SubmitPassword),
        [Effect::Focus(Field::Password)]
    );
    assert_eq!(flow.password_error(), [PasswordRule::NotCommon]);
    run(&mut flow, Event::EditPassword(PASSWORD.into()));
    run(&mut flow, Event::EditConfirmation("something else".into()));
    assert_eq!(
        run(&mut flow, Event::SubmitPassword),
        [Effect::Focus(Field::Confirmation)]
    );
    assert!(flow.mismatch());
}

#[test]
fn confirm_sends_the_password_once_and_success_forgets_it() {
    let (mut flow, call) = completing();
    match &call.request {
        Request::Complete { token, password } => {
            assert_eq!((token.as_str(), password.expose()), ("t1", PASSWORD));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        flow.update(Event::SubmitPassword, NOW)
            .map(|e| no_request(&e)),
        Some(true)
    );
    run(
        &mut flow,
        Event::Answered(call.id, Answer::PasswordSet(Ok(()))),
    );
    assert_eq!(flow.step(), Step::Succeed);
    assert_eq!(flow.typed, Typed::default());
}

#[test]
fn each_refusal_of_the_password_means_what_it_says() {
    let (mut flow, call) = completing();
    let policy = Failure::Refused {
        code: ErrorCode::PasswordPolicy,
        detail: ErrorDetail {
            unmet_rules: Some(vec![PasswordRule::CharacterClasses(3)]),
            ..ErrorDetail::default()
        },
    };
    run(
        &mut flow,
        Event::Answered(call.id, Answer::PasswordSet(Err(policy))),
    );
    assert_eq!(flow.password_error(), [PasswordRule::CharacterClasses(3)]);

    for lost in [ErrorCode::Expired, ErrorCode::NotFound] {
        let (mut flow, call) = completing();
        run(
            &mut flow,
            Event::Answered(call.id, Answer::PasswordSet(Err(refused(lost)))),
        );
        assert_eq!(flow.step(), Step::VerifyIdentity);
        assert_eq!(flow.problem(), Some(&Problem::VerifyAgain));
        assert_eq!(flow.typed.password, PASSWORD, "the password typed is kept");
    }

    let (mut flow, call) = completing();
    run(
        &mut flow,
        Event::Answered(call.id, Answer::PasswordSet(Err(Failure::Offline))),
    );
    assert_eq!(
        flow.notice,
        Some(Notice {
            trouble: Trouble::Offline,
            retry: Some(Event::SubmitPassword)
        })
    );
    assert_eq!(
        sent(&run(&mut flow, Event::SubmitPassword)).id.0,
        call.id.0 + 1
    );
}

#[test]
fn after_a_reload_step_three_verifies_the_code_then_sets_the_password() {
    let (mut flow, effects) = Flow::resume(at_step_3().progress(), NOW);
    assert!(flow.needs_code());
    assert_eq!(sent(&effects).request, Request::Policy);
    run(&mut flow, Event::EditPassword(PASSWORD.into()));
    run(&mut flow, Event::EditConfirmation(PASSWORD.into()));
    assert_eq!(
        run(&mut flow, Event::SubmitPassword),
        [Effect::Focus(Field::Code)]
    );
    run(&mut flow, Event::EditCode("654321".into()));
    let verify = sent(&run(&mut flow, Event::SubmitPassword));
    assert_eq!(
        verify.request,
        Request::Verify {
            reset_id: id("r1"),
            code: id("654321")
        }
    );
    let complete = sent(&run(
        &mut flow,
        Event::Answered(verify.id, Answer::CodeChecked(Ok(id("t2")))),
    ));
    assert!(
        matches!(complete.request, Request::Complete { ref token, .. } if token.as_str() == "t2")
    );
    assert!(flow.busy());
}

#[test]
fn a_wrong_code_after_a_reload_stays_on_step_three_and_a_lock_goes_back() {
    let (mut flow, _) = Flow::resume(at_step_3().progress(), NOW);
    for event in [
        Event::EditPassword(PASSWORD.into()),
        Event::EditConfirmation(PASSWORD.into()),
        Event::EditCode("654321".into()),
    ] {
        run(&mut flow, event);
    }
    let verify = sent(&run(&mut flow, Event::SubmitPassword));
    let wrong = Failure::Refused {
        code: ErrorCode::WrongCode,
        detail: ErrorDetail {
            attempts_left: Some(3),
            ..ErrorDetail::default()
        },
    };
    run(
        &mut flow,
        Event::Answered(verify.id, Answer::CodeChecked(Err(wrong))),
    );
    assert_eq!(flow.step(), Step::ResetPassword);
    assert_eq!(
        flow.problem(),
        Some(&Problem::WrongCode { attempts_left: 3 })
    );
    let verify = sent(&run(&mut flow, Event::SubmitPassword));
    assert_eq!(flow.problem(), None, "a new try clears the old word");
    run(
        &mut flow,
        Event::Answered(
            verify.id,
            Answer::CodeChecked(Err(refused(ErrorCode::Locked))),
        ),
    );
    assert_eq!(flow.step(), Step::VerifyIdentity);
    assert!(flow.locked());
}

#[test]
fn a_reload_on_step_two_resumes_the_countdown() {
    let progress = at_step_2().progress();
    let (flow, effects) = Flow::resume(progress, NOW + 30_000);
    assert_eq!(flow.resend_in_seconds(), 30);
    assert_eq!(
        effects,
        [Effect::RememberRegion(Region::Europe), Effect::WakeIn(1000)]
    );
}

#[test]
fn starting_again_keeps_region_channel_and_account_and_drops_a_late_answer() {
    for mut flow in [at_step_2(), at_step_3(), {
        let (mut flow, call) = completing();
        run(
            &mut flow,
            Event::Answered(call.id, Answer::PasswordSet(Ok(()))),
        );
        flow
    }] {
        run(&mut flow, Event::StartAgain);
        assert_eq!(flow.step(), Step::EnterAccount);
        assert_eq!((flow.region, flow.channel), (EUROPE, Channel::Email));
        assert_eq!(flow.draft.email, "bruno@example.com");
        assert_eq!(flow.typed, Typed::default());
    }
    let (mut flow, call) = verifying();
    run(&mut flow, Event::StartAgain);
    let late = Event::Answered(call.id, Answer::CodeChecked(Ok(id("t1"))));
    assert_eq!(flow.update(late, NOW), None);
    assert_eq!(
        flow.update(Event::StartAgain, NOW),
        None,
        "already on step 1"
    );
}

#[test]
fn events_of_other_steps_are_refused_and_change_nothing() {
    let steps = [start(), with_puzzle(), at_step_2(), at_step_3()];
    let foreign = [
        (0, Event::SubmitCode),
        (0, Event::Resend),
        (0, Event::SubmitPassword),
        (0, Event::EditCode("1".into())),
        (0, Event::DropPiece(3)),
        (0, Event::ClosePuzzle),
        (2, Event::Acquire),
        (2, Event::SubmitPassword),
        (2, Event::EditPassword("x".into())),
        (3, Event::SubmitCode),
        (3, Event::Acquire),
        (3, Event::ChooseChannel(Channel::Sms)),
    ];
    for (index, event) in foreign {
        let mut flow = steps[index].clone();
        let before = flow.clone();
        assert_eq!(flow.update(event.clone(), NOW), None, "{event:?}");
        assert_eq!(flow, before, "{event:?}");
    }
}

#[test]
fn a_huge_countdown_does_not_overflow() {
    let (mut flow, ask) = requesting_code();
    let sent_answer = ResetCodeSent {
        resend_after_seconds: u64::MAX,
        ..code_sent_answer()
    };
    run(
        &mut flow,
        Event::Answered(ask.id, Answer::CodeSent(Ok(sent_answer))),
    );
    assert_eq!(
        flow.code_sent().map(|sent| sent.resend_at_ms),
        Some(u64::MAX)
    );
}

#[test]
fn progress_survives_serialisation_and_a_stored_token_never_appears() {
    let progress = at_step_3().progress();
    let json = serde_json::to_string(&progress).unwrap_or_default();
    let back: Progress = serde_json::from_str(&json).unwrap_or_else(|_| unreachable!());
    assert_eq!(back.draft, progress.draft);
    assert_eq!(Flow::resume(back, NOW).0.token(), None);
}

#[test]
fn the_draft_names_an_account_on_each_channel() {
    let draft = Draft {
        email: " bruno@Example.COM ".into(),
        phone: "0151 12345678".into(),
        country: "DE".into(),
    };
    assert_eq!(
        draft.account(Channel::Email).map(|a| a.to_string()),
        Ok("bruno@example.com".into())
    );
    assert_eq!(
        draft.account(Channel::Sms).map(|a| a.to_string()),
        Ok("+4915112345678".into())
    );
    let unknown_country = Draft {
        country: "ZZ".into(),
        phone: "+4915112345678".into(),
        ..Draft::default()
    };
    assert!(unknown_country.account(Channel::Sms).is_ok());
}

fn challenge(name: &str) -> contract::wire::WorkChallenge {
    contract::wire::WorkChallenge {
        challenge_id: id(name),
        algorithm: contract::WORK_ALGORITHM.into(),
        salt: contract::WorkSalt::new([7; 16]),
        difficulty: 20,
        expires_in_seconds: 120,
    }
}

/// The puzzle dialog switched to the accessible check, its challenge loaded: the search runs.
fn working() -> Flow {
    let mut flow = with_puzzle();
    let call = sent(&run(&mut flow, Event::UseAccessibleCheck));
    assert_eq!(call.request, Request::NewWorkChallenge);
    let effects = run(
        &mut flow,
        Event::Answered(call.id, Answer::WorkChallenge(Ok(challenge("w1")))),
    );
    assert_eq!(effects, vec![Effect::Solve(challenge("w1"))]);
    assert!(flow.wants_work_on(&id("w1")));
    flow
}

#[test]
fn the_accessible_check_replaces_the_puzzle_and_its_answer_buys_the_code() {
    let mut flow = working();
    // Progress moves the bar and the estimate; the page says nothing of it aloud.
    run(
        &mut flow,
        Event::WorkProgress {
            challenge_id: id("w1"),
            tried: 1 << 19,
        },
    );
    let work = flow.work().cloned().unwrap_or_else(|| unreachable!());
    assert_eq!(work.percent(), 50);
    assert_eq!(work.seconds_left(NOW + 1000), Some(1));
    assert_eq!(work.seconds_left(NOW + 3000), Some(3));
    // A report about another challenge is dropped.
    assert_eq!(
        flow.update(
            Event::WorkProgress {
                challenge_id: id("old"),
                tried: 5
            },
            NOW
        ),
        None
    );
    let check = sent(&run(
        &mut flow,
        Event::WorkFound {
            challenge_id: id("w1"),
            nonce: 77,
        },
    ));
    assert_eq!(
        check.request,
        Request::CheckWork {
            challenge_id: id("w1"),
            nonce: 77
        }
    );
    assert!(
        !flow.wants_work_on(&id("w1")),
        "the search stops once found"
    );
    let ask = sent(&run(
        &mut flow,
        Event::Answered(check.id, Answer::PuzzleChecked(Ok(id("ticket")))),
    ));
    assert!(matches!(ask.request, Request::SendCode { .. }));
    assert!(flow.puzzle.as_ref().is_some_and(|puzzle| puzzle.passed));
    // Passed: there is nothing to switch back to.
    assert_eq!(flow.update(Event::UseSlider, NOW), None);
}

#[test]
fn an_expired_challenge_is_replaced_and_said_to_have_restarted() {
    let mut flow = working();
    let check = sent(&run(
        &mut flow,
        Event::WorkFound {
            challenge_id: id("w1"),
            nonce: 1,
        },
    ));
    let again = sent(&run(
        &mut flow,
        Event::Answered(
            check.id,
            Answer::PuzzleChecked(Err(refused(ErrorCode::Expired))),
        ),
    ));
    assert_eq!(again.request, Request::NewWorkChallenge);
    let puzzle = flow.puzzle.clone().unwrap_or_else(|| unreachable!());
    assert!(puzzle.accessible && puzzle.missed);
    assert_eq!(puzzle.view, PuzzleView::Loading);
}

#[test]
fn a_refused_answer_is_said_and_tried_again_only_on_request() {
    let mut flow = working();
    let check = sent(&run(
        &mut flow,
        Event::WorkFound {
            challenge_id: id("w1"),
            nonce: 1,
        },
    ));
    let effects = run(
        &mut flow,
        Event::Answered(
            check.id,
            Answer::PuzzleChecked(Err(refused(ErrorCode::CaptchaFailed))),
        ),
    );
    assert!(no_request(&effects));
    let failed = Notice {
        trouble: Trouble::CheckFailed,
        retry: Some(Event::ReloadPuzzle),
    };
    assert_eq!(
        flow.puzzle.as_ref().map(|puzzle| &puzzle.view),
        Some(&PuzzleView::Failed(failed))
    );
    let again = sent(&run(&mut flow, Event::ReloadPuzzle));
    assert_eq!(again.request, Request::NewWorkChallenge);
}

#[test]
fn too_many_challenges_say_how_long_to_wait() {
    let mut flow = with_puzzle();
    let call = sent(&run(&mut flow, Event::UseAccessibleCheck));
    let limited = Failure::Refused {
        code: ErrorCode::TooManyRequests,
        detail: ErrorDetail {
            retry_after_seconds: Some(42),
            ..ErrorDetail::default()
        },
    };
    run(
        &mut flow,
        Event::Answered(call.id, Answer::WorkChallenge(Err(limited))),
    );
    assert_eq!(
        flow.puzzle.as_ref().map(|puzzle| &puzzle.view),
        Some(&PuzzleView::Failed(Notice {
            trouble: Trouble::Wait { seconds: 42 },
            retry: None
        }))
    );
}

#[test]
fn switching_back_drops_the_search_and_loads_a_puzzle() {
    let mut flow = working();
    let call = sent(&run(&mut flow, Event::UseSlider));
    assert_eq!(call.request, Request::NewPuzzle);
    assert!(!flow.wants_work_on(&id("w1")));
    assert_eq!(
        flow.update(
            Event::WorkFound {
                challenge_id: id("w1"),
                nonce: 3
            },
            NOW
        ),
        None
    );
}

#[test]
fn step_two_announces_where_the_code_went_then_once_that_resend_is_ready() {
    let mut flow = at_step_2();
    assert_eq!(
        flow.announcement(),
        Some(Announcement::CodeSent("bru****.com".into()))
    );
    let later = NOW + 30_000;
    let _ = flow.update(Event::Tick, later);
    assert_eq!(
        flow.announcement(),
        Some(Announcement::CodeSent("bru****.com".into())),
        "the countdown says nothing"
    );
    let _ = flow.update(Event::Tick, NOW + 60_000);
    assert_eq!(flow.announcement(), Some(Announcement::ResendReady));
    // A code submitted now keeps the news as it was: nothing is said again.
    let _ = flow.update(Event::EditCode("123456".into()), NOW + 60_000);
    let _ = flow.update(Event::SubmitCode, NOW + 60_000);
    assert!(flow.busy());
    assert_eq!(flow.announcement(), Some(Announcement::ResendReady));
    assert_eq!(start().announcement(), None);
}

mod not_sure;
