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
        Event::Answered(call.id, Answer::SliderChallenge(Ok(puzzle()))),
    );
    let check = sent(&run(&mut flow, Event::DropPiece(1)));
    let ask = sent(&run(
        &mut flow,
        Event::Answered(check.id, Answer::Checked(Ok(id("t")))),
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
        (0, Event::CloseCheck),
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

/// Step 4, reached by `email` in `region`.
fn finished(region: RegionChoice) -> Flow {
    let (mut flow, call) = completing();
    flow.region = region;
    run(
        &mut flow,
        Event::Answered(call.id, Answer::PasswordSet(Ok(()))),
    );
    assert_eq!(flow.step(), Step::Succeed);
    flow
}

#[test]
fn reset_another_account_returns_to_an_empty_step_one_in_the_same_language_and_region() {
    let mut flow = finished(RegionChoice::Found(Region::Americas));
    run(&mut flow, Event::ChooseLanguage(Locale::Ar));
    let effects = run(&mut flow, Event::ResetAnother);
    assert_eq!(flow.step(), Step::EnterAccount);
    assert_eq!(
        (flow.locale, flow.region, flow.channel),
        (
            Locale::Ar,
            RegionChoice::Picked(Region::Americas),
            Channel::Email
        )
    );
    assert_eq!(
        flow.draft,
        Draft {
            country: "DE".into(),
            ..Draft::default()
        }
    );
    assert_eq!(
        (flow.typed.clone(), flow.submitted),
        (Typed::default(), false)
    );
    // The tab keeps the empty step 1, so a reload does not bring the old reset back.
    assert_eq!(effects.last(), Some(&Effect::Save(flow.progress())));
    assert_eq!(flow.progress().stage, Stage::EnterAccount);
    // Only step 4 offers it.
    for mut other in [start(), at_step_2(), at_step_3()] {
        assert_eq!(other.update(Event::ResetAnother, NOW), None);
    }
}

#[test]
fn a_visit_resumes_the_kept_wizard_in_the_language_the_address_names() {
    let fresh = || Progress::fresh(Locale::Fr, RegionChoice::NotSure, Channel::Email, "FR");
    let under_way = at_step_2().progress();
    let asked = |locale, region, channel| Asked {
        locale,
        region,
        channel,
    };
    // Nothing kept: a new wizard.
    assert_eq!(Progress::on_visit(None, Asked::default(), fresh), fresh());
    // A reset under way resumes, whatever the address says, in the language it names.
    for address in [
        Asked::default(),
        asked(None, Some(EUROPE), Some(Channel::Email)),
        asked(
            None,
            Some(RegionChoice::Picked(Region::Americas)),
            Some(Channel::Sms),
        ),
    ] {
        assert_eq!(
            Progress::on_visit(Some(under_way.clone()), address, fresh),
            under_way
        );
    }
    // Step 1 takes the address's region and channel, and keeps what was typed.
    let mut typing = start();
    run(&mut typing, Event::EditEmail("bruno@example.com".into()));
    let americas = RegionChoice::Picked(Region::Americas);
    let step_one = Progress::on_visit(
        Some(typing.progress()),
        asked(None, Some(americas), Some(Channel::Sms)),
        fresh,
    );
    assert_eq!(
        step_one,
        Progress {
            region: americas,
            channel: Channel::Sms,
            ..typing.progress()
        }
    );
    let resumed = Progress::on_visit(
        Some(under_way.clone()),
        asked(Some(Locale::Ar), None, None),
        fresh,
    );
    assert_eq!(
        (resumed.locale, &resumed.stage),
        (Locale::Ar, &under_way.stage)
    );
}

#[test]
fn a_finished_reset_gives_way_to_an_address_that_names_another_region_or_channel() {
    let fresh = || Progress::fresh(Locale::En, RegionChoice::NotSure, Channel::Email, "FR");
    let done = finished(EUROPE).progress();
    let found = finished(RegionChoice::Found(Region::Europe)).progress();
    let asked = |locale, region, channel| Asked {
        locale,
        region,
        channel,
    };
    // The same region (found or picked) and channel, or none named: step 4 again, as after
    // a reload, in the language named.
    for (kept, address) in [
        (&done, Asked::default()),
        (&done, asked(None, Some(EUROPE), Some(Channel::Email))),
        (&found, asked(None, Some(EUROPE), None)),
    ] {
        assert_eq!(
            Progress::on_visit(Some(kept.clone()), address, fresh).stage,
            Stage::Succeed
        );
    }
    let german = Progress::on_visit(
        Some(done.clone()),
        asked(Some(Locale::De), None, None),
        fresh,
    );
    assert_eq!((german.stage, german.locale), (Stage::Succeed, Locale::De));
    // Another region or channel: a new reset, in the language named, else the one kept.
    for address in [
        asked(
            Some(Locale::Ar),
            Some(RegionChoice::Picked(Region::Americas)),
            None,
        ),
        asked(Some(Locale::Ar), Some(RegionChoice::NotSure), None),
        asked(Some(Locale::Ar), None, Some(Channel::Sms)),
    ] {
        let visit = Progress::on_visit(Some(done.clone()), address, fresh);
        assert_eq!(
            visit,
            Progress {
                locale: Locale::Ar,
                ..fresh()
            }
        );
    }
    let kept_language = Progress::on_visit(
        Some(Progress {
            locale: Locale::Th,
            ..done.clone()
        }),
        asked(None, Some(RegionChoice::NotSure), None),
        fresh,
    );
    assert_eq!(
        kept_language,
        Progress {
            locale: Locale::Th,
            ..fresh()
        }
    );
}
