//! Step 2: the code sent, the countdown, resends, and each answer to a code.

use super::*;

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
    assert!(flow.dialog.is_none() && !flow.busy());
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
        assert!(flow.dialog.is_none() && !flow.busy());
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
    assert!(flow.locked() && !flow.can_submit_code());
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
            Some(Problem::WrongCode {
                attempts_left: Some(1),
            }),
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

#[test]
fn a_code_is_not_submitted_while_busy_or_locked() {
    let (flow, _) = verifying();
    assert!(!flow.can_submit_code(), "a code is being checked");
    let mut idle = at_step_2();
    assert!(idle.can_submit_code());
    run(&mut idle, Event::EditCode("123456".into()));
    assert!(!no_request(&run(&mut idle, Event::SubmitCode)));
    assert!(!idle.can_submit_code());
}
