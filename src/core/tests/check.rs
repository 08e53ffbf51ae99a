//! The human check: the slider puzzle and the accessible check, each answer of each.

use super::*;

#[test]
fn acquire_opens_the_puzzle_and_loads_one() {
    let mut flow = start();
    run(&mut flow, Event::EditEmail("bruno@example.com".into()));
    let call = sent(&run(&mut flow, Event::Acquire));
    assert_eq!(
        (call.region, call.request.clone()),
        (Region::Europe, Request::NewSlider)
    );
    assert_eq!(
        flow.dialog.as_ref().map(|p| p.check.clone()),
        Some(Check::Slider(Loadable::Loading))
    );
    assert!(flow.busy());
    assert_eq!(
        flow.update(Event::Acquire, NOW).map(|e| no_request(&e)),
        Some(true)
    );
    run(
        &mut flow,
        Event::Answered(call.id, Answer::SliderChallenge(Ok(puzzle()))),
    );
    assert_eq!(
        flow.dialog.as_ref().map(|p| p.check.clone()),
        Some(Check::Slider(Loadable::Ready(puzzle())))
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
        Event::Answered(call.id, Answer::SliderChallenge(Err(Failure::TimedOut))),
    );
    assert_eq!(
        flow.dialog.as_ref().map(|p| p.check.clone()),
        Some(Check::Slider(Loadable::Failed(Notice {
            trouble: Trouble::TimedOut,
            retry: Some(Event::ReloadCheck)
        })))
    );
    let again = sent(&run(&mut flow, Event::ReloadCheck));
    assert_eq!(again.request, Request::NewSlider);
}

#[test]
fn a_drop_is_checked_once_and_a_pass_asks_for_the_code() {
    let mut flow = with_puzzle();
    let check = sent(&run(&mut flow, Event::DropPiece(120)));
    assert_eq!(
        check.request,
        Request::CheckSlider {
            captcha_id: id("c1"),
            x: 120
        }
    );
    assert_eq!(
        flow.update(Event::DropPiece(121), NOW),
        None,
        "one try at a time"
    );
    assert_eq!(flow.update(Event::ReloadCheck, NOW), None);
    let ask = sent(&run(
        &mut flow,
        Event::Answered(check.id, Answer::Checked(Ok(id("ticket")))),
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
        flow.busy() && flow.dialog.is_some(),
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
            Event::Answered(check.id, Answer::Checked(Err(refused(code)))),
        ));
        assert_eq!(next.request, Request::NewSlider);
        let dialog = flow.dialog.clone().unwrap_or_else(|| unreachable!());
        assert!(
            dialog.status == CheckStatus::PieceMissed
                && dialog.check == Check::Slider(Loadable::Loading),
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
        Event::Answered(check.id, Answer::Checked(Err(tired))),
    );
    assert!(no_request(&effects));
    assert_eq!(
        flow.dialog.map(|p| p.check),
        Some(Check::Slider(Loadable::Failed(Notice {
            trouble: Trouble::Wait { seconds: 90 },
            retry: None
        })))
    );
}

#[test]
fn closing_the_puzzle_drops_its_late_answer() {
    let mut flow = with_puzzle();
    let check = sent(&run(&mut flow, Event::DropPiece(3)));
    run(&mut flow, Event::CloseCheck);
    assert!(flow.dialog.is_none() && !flow.busy());
    let late = Event::Answered(check.id, Answer::Checked(Ok(id("ticket"))));
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
fn the_accessible_check_replaces_the_puzzle_and_its_answer_buys_the_code() {
    let mut flow = working();
    // Progress moves the bar and the estimate; the page says nothing of it aloud.
    run(
        &mut flow,
        Event::ProofOfWorkProgress {
            challenge_id: id("w1"),
            tried: 1 << 19,
        },
    );
    let work = flow.work().cloned().unwrap_or_else(|| unreachable!());
    assert_eq!(work.percent(), 50);
    assert_eq!(work.time_left(NOW + 1000), TimeLeft::Seconds(1));
    assert_eq!(work.time_left(NOW + 3000), TimeLeft::Seconds(3));
    // A report about another challenge is dropped.
    assert_eq!(
        flow.update(
            Event::ProofOfWorkProgress {
                challenge_id: id("old"),
                tried: 5
            },
            NOW
        ),
        None
    );
    let check = sent(&run(
        &mut flow,
        Event::ProofOfWorkFound {
            challenge_id: id("w1"),
            nonce: 77,
        },
    ));
    assert_eq!(
        check.request,
        Request::CheckProofOfWork {
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
        Event::Answered(check.id, Answer::Checked(Ok(id("ticket")))),
    ));
    assert!(matches!(ask.request, Request::SendCode { .. }));
    assert!(
        flow.dialog
            .as_ref()
            .is_some_and(|dialog| dialog.status == CheckStatus::Passed)
    );
    // Passed: there is nothing to switch back to.
    assert_eq!(flow.update(Event::UseSlider, NOW), None);
}

#[test]
fn an_expired_challenge_is_replaced_and_said_to_have_restarted() {
    let mut flow = working();
    let check = sent(&run(
        &mut flow,
        Event::ProofOfWorkFound {
            challenge_id: id("w1"),
            nonce: 1,
        },
    ));
    let again = sent(&run(
        &mut flow,
        Event::Answered(check.id, Answer::Checked(Err(refused(ErrorCode::Expired)))),
    ));
    assert_eq!(again.request, Request::NewProofOfWork);
    let dialog = flow.dialog.clone().unwrap_or_else(|| unreachable!());
    assert_eq!(dialog.status, CheckStatus::WorkRestarted);
    assert_eq!(dialog.check, Check::ProofOfWork(Loadable::Loading));
}

#[test]
fn a_refused_answer_is_said_and_tried_again_only_on_request() {
    let mut flow = working();
    let check = sent(&run(
        &mut flow,
        Event::ProofOfWorkFound {
            challenge_id: id("w1"),
            nonce: 1,
        },
    ));
    let effects = run(
        &mut flow,
        Event::Answered(
            check.id,
            Answer::Checked(Err(refused(ErrorCode::CaptchaFailed))),
        ),
    );
    assert!(no_request(&effects));
    let failed = Notice {
        trouble: Trouble::CheckFailed,
        retry: Some(Event::ReloadCheck),
    };
    assert_eq!(
        flow.dialog.as_ref().map(|dialog| &dialog.check),
        Some(&Check::ProofOfWork(Loadable::Failed(failed)))
    );
    let again = sent(&run(&mut flow, Event::ReloadCheck));
    assert_eq!(again.request, Request::NewProofOfWork);
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
        Event::Answered(call.id, Answer::ProofOfWorkChallenge(Err(limited))),
    );
    assert_eq!(
        flow.dialog.as_ref().map(|dialog| &dialog.check),
        Some(&Check::ProofOfWork(Loadable::Failed(Notice {
            trouble: Trouble::Wait { seconds: 42 },
            retry: None
        })))
    );
}

#[test]
fn switching_back_drops_the_search_and_loads_a_puzzle() {
    let mut flow = working();
    let call = sent(&run(&mut flow, Event::UseSlider));
    assert_eq!(call.request, Request::NewSlider);
    assert!(!flow.wants_work_on(&id("w1")));
    assert_eq!(
        flow.update(
            Event::ProofOfWorkFound {
                challenge_id: id("w1"),
                nonce: 3
            },
            NOW
        ),
        None
    );
}

#[test]
fn the_time_left_tells_not_known_yet_from_almost_done() {
    let mut flow = working();
    let fresh = flow.work().cloned().unwrap_or_else(|| unreachable!());
    assert_eq!(fresh.time_left(NOW + 1000), TimeLeft::NotKnownYet);
    let past_the_average = Event::ProofOfWorkProgress {
        challenge_id: id("w1"),
        tried: fresh.expected(),
    };
    run(&mut flow, past_the_average);
    let work = flow.work().cloned().unwrap_or_else(|| unreachable!());
    assert_eq!(work.time_left(NOW + 1000), TimeLeft::AlmostDone);
}

#[test]
fn only_a_slider_is_reloaded_by_hand_and_never_while_busy() {
    let mut flow = with_puzzle();
    assert!(flow.can_reload_check());
    run(&mut flow, Event::DropPiece(100));
    assert!(flow.busy() && !flow.can_reload_check());
    assert!(!working().can_reload_check());
}
