//! What holds on every step: the language, starting again, events that do not fit, and the
//! progress kept for the tab.

use super::*;

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
fn progress_survives_serialisation_and_a_stored_token_never_appears() {
    let (mut flow, call) = verifying();
    let token = "reset-token-kept-in-memory-only";
    run(
        &mut flow,
        Event::Answered(call.id, Answer::CodeChecked(Ok(id(token)))),
    );
    // The token is held, so the checks below could find it.
    assert_eq!(
        flow.token().map(ToString::to_string).as_deref(),
        Some(token)
    );
    // Each of the two guards alone: the progress kept holds no token, and a stage that holds
    // one is written without it.
    let progress = flow.progress();
    assert!(matches!(
        progress.stage,
        Stage::ResetPassword { token: None, .. }
    ));
    let with_token = Progress {
        stage: flow.stage.clone(),
        ..progress.clone()
    };
    let written = serde_json::to_string(&with_token).unwrap_or_default();
    assert!(written.contains("\"ResetPassword\""), "{written}");
    assert!(!written.contains(token), "{written}");
    let json = serde_json::to_string(&progress).unwrap_or_default();
    let back: Progress = serde_json::from_str(&json).unwrap_or_else(|_| unreachable!());
    assert_eq!(back.draft, progress.draft);
    assert_eq!(Flow::resume(back, NOW).0.token(), None);
}
