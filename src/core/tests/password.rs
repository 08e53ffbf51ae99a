//! Step 3: the policy, the new password and each answer to it.

use super::*;

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
        Some(&Problem::WrongCode {
            attempts_left: Some(3)
        })
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
