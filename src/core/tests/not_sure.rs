//! "I'm not sure": one check by the person, tickets earned unattended in the other regions, a
//! code asked of every region at once, and the region that accepts the code wins.

use super::*;

const NOT_SURE: RegionChoice = RegionChoice::NotSure;

/// Every request among `effects`.
fn calls(effects: &[Effect]) -> Vec<Call> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Send(call) => Some(call.clone()),
            _ => None,
        })
        .collect()
}

/// The regions `calls` go to, in order.
fn regions(calls: &[Call]) -> Vec<Region> {
    calls.iter().map(|call| call.region).collect()
}

fn reset_id(region: Region) -> contract::ResetId {
    id(&format!("reset-{}", region.slug()))
}

/// What every region answers to a request for a code, whether or not it holds the account.
fn code_sent_by(region: Region) -> ResetCodeSent {
    ResetCodeSent {
        reset_id: reset_id(region),
        ..code_sent_answer()
    }
}

/// Step 1 with "I'm not sure", an address typed and "Acquire" pressed: the person's puzzle
/// asked of the first region, a proof-of-work challenge of each other one.
fn acquiring() -> (Flow, Vec<Call>) {
    let mut flow = Flow::resume(
        Progress::fresh(Locale::En, NOT_SURE, Channel::Email, "DE"),
        NOW,
    )
    .0;
    run(&mut flow, Event::EditEmail("bruno@example.com".into()));
    let asked = calls(&run(&mut flow, Event::Acquire));
    (flow, asked)
}

/// Answers each unattended challenge and its search, up to the check of its answer.
fn search_unattended(flow: &mut Flow, challenges: &[Call]) -> Vec<Call> {
    let mut checks = Vec::new();
    for (n, call) in challenges.iter().enumerate() {
        let name = format!("w{n}");
        let effects = run(
            flow,
            Event::Answered(call.id, Answer::ProofOfWorkChallenge(Ok(challenge(&name)))),
        );
        assert_eq!(effects, [Effect::Solve(challenge(&name))]);
        assert!(flow.wants_work_on(&id(&name)));
        let check = sent(&run(
            flow,
            Event::ProofOfWorkFound {
                challenge_id: id(&name),
                nonce: 42,
            },
        ));
        assert!(!flow.wants_work_on(&id(&name)));
        assert_eq!(check.region, call.region);
        checks.push(check);
    }
    checks
}

/// The person solves the puzzle in the first region; returns the call that checks it.
fn solve_person(flow: &mut Flow, puzzle_call: &Call) -> Call {
    run(
        flow,
        Event::Answered(puzzle_call.id, Answer::SliderChallenge(Ok(puzzle()))),
    );
    sent(&run(flow, Event::DropPiece(120)))
}

/// Step 1 with every ticket in and a code asked of each region.
fn asking_every_region() -> (Flow, Vec<Call>) {
    let (mut flow, asked) = acquiring();
    let checks = search_unattended(&mut flow, &asked[1..]);
    let person = solve_person(&mut flow, &asked[0]);
    for (n, check) in checks.iter().enumerate() {
        let ticket = Answer::Checked(Ok(id(&format!("unattended-{n}"))));
        assert!(no_request(&run(
            &mut flow,
            Event::Answered(check.id, ticket)
        )));
    }
    let asks = calls(&run(
        &mut flow,
        Event::Answered(person.id, Answer::Checked(Ok(id("person")))),
    ));
    (flow, asks)
}

/// Step 2 with a reset in each region.
fn at_step_2_everywhere() -> Flow {
    let (mut flow, asks) = asking_every_region();
    for ask in asks {
        let answer = Answer::CodeSent(Ok(code_sent_by(ask.region)));
        run(&mut flow, Event::Answered(ask.id, answer));
    }
    flow
}

/// Step 2 with a valid code submitted: one verification per region in flight.
fn verifying_everywhere() -> (Flow, Vec<Call>) {
    let mut flow = at_step_2_everywhere();
    run(&mut flow, Event::EditCode("123456".into()));
    let checks = calls(&run(&mut flow, Event::SubmitCode));
    (flow, checks)
}

/// Answers each verification with what `answer` says of its region.
fn answer_each(
    flow: &mut Flow,
    checks: &[Call],
    answer: impl Fn(Region) -> Result<contract::ResetToken, Failure>,
) -> Vec<Effect> {
    let mut effects = Vec::new();
    for check in checks {
        let checked = Answer::CodeChecked(answer(check.region));
        effects.extend(run(flow, Event::Answered(check.id, checked)));
    }
    effects
}

fn wrong(attempts_left: u32) -> Failure {
    Failure::Refused {
        code: ErrorCode::WrongCode,
        detail: ErrorDetail {
            attempts_left: Some(attempts_left),
            ..ErrorDetail::default()
        },
    }
}

#[test]
fn acquire_asks_the_person_for_one_check_and_the_other_regions_for_proofs_of_work() {
    let (flow, asked) = acquiring();
    assert_eq!(regions(&asked), Region::ALL);
    assert_eq!(asked[0].request, Request::NewSlider);
    assert!(
        asked[1..]
            .iter()
            .all(|call| call.request == Request::NewProofOfWork)
    );
    assert!(flow.dialog.is_some() && flow.busy());
}

#[test]
fn the_code_is_asked_of_every_region_at_once_each_with_its_own_ticket() {
    let (mut flow, asked) = acquiring();
    let checks = search_unattended(&mut flow, &asked[1..]);
    let person = solve_person(&mut flow, &asked[0]);
    assert_eq!(person.region, Region::ALL[0]);
    // The person's ticket is in first: it waits for the unattended ones.
    let effects = run(
        &mut flow,
        Event::Answered(person.id, Answer::Checked(Ok(id("person")))),
    );
    assert!(no_request(&effects));
    assert!(
        flow.dialog
            .as_ref()
            .is_some_and(|p| p.status == CheckStatus::Passed)
            && flow.busy()
    );
    assert_eq!(flow.update(Event::Acquire, NOW), Some(vec![]));
    let first = Answer::Checked(Ok(id("unattended-0")));
    assert!(no_request(&run(
        &mut flow,
        Event::Answered(checks[0].id, first)
    )));
    let last = Answer::Checked(Ok(id("unattended-1")));
    let asks = calls(&run(&mut flow, Event::Answered(checks[1].id, last)));
    assert_eq!(regions(&asks), Region::ALL);
    let tickets: Vec<_> = asks
        .iter()
        .map(|call| match &call.request {
            Request::SendCode {
                account, ticket, ..
            } => {
                assert_eq!(account.to_string(), "bruno@example.com");
                ticket.to_string()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(tickets, ["person", "unattended-0", "unattended-1"]);
}

#[test]
fn every_region_answering_alike_leads_to_step_two_with_a_reset_in_each() {
    let (mut flow, asks) = asking_every_region();
    // Answers in any order; the step changes only once the last is in.
    for ask in asks.iter().rev().take(2) {
        let answer = Answer::CodeSent(Ok(code_sent_by(ask.region)));
        run(&mut flow, Event::Answered(ask.id, answer));
        assert_eq!(flow.step(), Step::EnterAccount);
    }
    let answer = Answer::CodeSent(Ok(code_sent_by(asks[0].region)));
    run(&mut flow, Event::Answered(asks[0].id, answer));
    assert_eq!(flow.step(), Step::VerifyIdentity);
    let code_sent = flow.code_sent().cloned().unwrap_or_else(|| unreachable!());
    assert_eq!(code_sent.masked_destination, "bru****.com");
    let resets: Vec<_> = code_sent.resets.iter().map(|reset| reset.region).collect();
    assert_eq!(resets, Region::ALL);
    assert!(code_sent.unanswered.is_empty());
    assert_eq!(flow.region, NOT_SURE);
}

#[test]
fn a_code_accepted_by_any_one_region_continues_there_alone_and_names_it() {
    for home in Region::ALL {
        let (mut flow, checks) = verifying_everywhere();
        assert_eq!(regions(&checks), Region::ALL);
        for check in &checks {
            let Request::Verify {
                reset_id: asked, ..
            } = &check.request
            else {
                panic!("{check:?}")
            };
            assert_eq!(*asked, reset_id(check.region));
        }
        let effects = answer_each(&mut flow, &checks, |region| {
            if region == home {
                Ok(id("token"))
            } else {
                Err(wrong(4))
            }
        });
        assert_eq!(flow.step(), Step::ResetPassword, "{home:?}");
        assert_eq!(flow.region, RegionChoice::Found(home));
        assert!(effects.contains(&Effect::RememberRegion(home)));
        let code_sent = flow.code_sent().cloned().unwrap_or_else(|| unreachable!());
        assert_eq!(
            code_sent.resets,
            [RegionalReset {
                region: home,
                reset_id: reset_id(home)
            }]
        );
        // From here on, the ordinary flow in that region.
        assert!(calls(&effects).iter().all(|call| call.region == home));
        run(&mut flow, Event::EditPassword(PASSWORD.into()));
        run(&mut flow, Event::EditConfirmation(PASSWORD.into()));
        let complete = sent(&run(&mut flow, Event::SubmitPassword));
        assert_eq!(complete.region, home);
        run(
            &mut flow,
            Event::Answered(complete.id, Answer::PasswordSet(Ok(()))),
        );
        assert_eq!(flow.step(), Step::Succeed);
        assert_eq!(flow.region.login_url(), Some(home.login_url()));
    }
}

#[test]
fn a_wrong_code_everywhere_says_the_fewest_attempts_left() {
    let (mut flow, checks) = verifying_everywhere();
    let left = |region| match region {
        Region::Europe => 2,
        _ => 4,
    };
    answer_each(&mut flow, &checks, |region| Err(wrong(left(region))));
    assert_eq!(
        flow.problem(),
        Some(&Problem::WrongCode {
            attempts_left: Some(2)
        })
    );
    assert_eq!(flow.step(), Step::VerifyIdentity);
    assert_eq!(flow.region, NOT_SURE);
    assert!(flow.notice.is_none() && !flow.busy());
}

#[test]
fn a_reset_locked_in_one_region_locks_the_whole_reset() {
    let (mut flow, checks) = verifying_everywhere();
    answer_each(&mut flow, &checks, |region| match region {
        Region::AsiaPacific => Err(refused(ErrorCode::Locked)),
        _ => Err(wrong(1)),
    });
    assert!(flow.locked());
    assert!(!flow.can_resend());
    run(&mut flow, Event::EditCode("123456".into()));
    assert!(no_request(&run(&mut flow, Event::SubmitCode)));
}

#[test]
fn a_region_down_at_verification_is_tried_again_not_called_wrong() {
    let (mut flow, checks) = verifying_everywhere();
    answer_each(&mut flow, &checks, |region| match region {
        Region::Europe => Err(Failure::TimedOut),
        _ => Err(wrong(4)),
    });
    assert_eq!(flow.problem(), None);
    assert_eq!(
        flow.notice,
        Some(Notice {
            trouble: Trouble::TimedOut,
            retry: Some(Event::SubmitCode)
        })
    );
    // Trying again asks every region once more.
    let again = calls(&run(&mut flow, Event::SubmitCode));
    assert_eq!(regions(&again), Region::ALL);
    answer_each(&mut flow, &again, |region| match region {
        Region::Europe => Ok(id("token")),
        _ => Err(wrong(3)),
    });
    assert_eq!(flow.region, RegionChoice::Found(Region::Europe));
}

#[test]
fn a_region_down_when_the_code_is_asked_for_does_not_stop_the_other_two() {
    let (mut flow, asked) = acquiring();
    // Asia-Pacific gives no challenge at all.
    let down = asked[2].clone();
    run(
        &mut flow,
        Event::Answered(
            down.id,
            Answer::ProofOfWorkChallenge(Err(Failure::Unavailable)),
        ),
    );
    let checks = search_unattended(&mut flow, &asked[1..2]);
    let person = solve_person(&mut flow, &asked[0]);
    let ticket = Answer::Checked(Ok(id("unattended-0")));
    run(&mut flow, Event::Answered(checks[0].id, ticket));
    let asks = calls(&run(
        &mut flow,
        Event::Answered(person.id, Answer::Checked(Ok(id("person")))),
    ));
    assert_eq!(regions(&asks), [Region::Americas, Region::Europe]);
    // America times out as well: Europe's answer alone leads on.
    run(
        &mut flow,
        Event::Answered(asks[0].id, Answer::CodeSent(Err(Failure::TimedOut))),
    );
    let europe = Answer::CodeSent(Ok(code_sent_by(Region::Europe)));
    run(&mut flow, Event::Answered(asks[1].id, europe));
    assert_eq!(flow.step(), Step::VerifyIdentity);
    let code_sent = flow.code_sent().cloned().unwrap_or_else(|| unreachable!());
    assert_eq!(
        code_sent.unanswered,
        [Region::Americas, Region::AsiaPacific]
    );
    // Europe refuses the code: the account may be in a region that never sent one, so the
    // person is told to try again, not that the code is wrong.
    run(&mut flow, Event::EditCode("123456".into()));
    let check = sent(&run(&mut flow, Event::SubmitCode));
    assert_eq!(check.region, Region::Europe);
    run(
        &mut flow,
        Event::Answered(check.id, Answer::CodeChecked(Err(wrong(4)))),
    );
    assert_eq!(flow.problem(), None);
    assert_eq!(
        flow.notice,
        Some(Notice {
            trouble: Trouble::Unavailable,
            retry: Some(Event::StartAgain)
        })
    );
    // The right code from Europe still works.
    let check = sent(&run(&mut flow, Event::SubmitCode));
    run(
        &mut flow,
        Event::Answered(check.id, Answer::CodeChecked(Ok(id("token")))),
    );
    assert_eq!(flow.region, RegionChoice::Found(Region::Europe));
}

#[test]
fn every_region_down_keeps_step_one_and_offers_to_try_again() {
    let (mut flow, asks) = asking_every_region();
    for ask in &asks {
        run(
            &mut flow,
            Event::Answered(ask.id, Answer::CodeSent(Err(Failure::Unavailable))),
        );
    }
    assert_eq!(flow.step(), Step::EnterAccount);
    assert!(flow.dialog.is_none() && !flow.busy());
    assert_eq!(
        flow.notice,
        Some(Notice {
            trouble: Trouble::Unavailable,
            retry: Some(Event::Acquire)
        })
    );
}

#[test]
fn resend_asks_every_region_again() {
    let mut flow = at_step_2_everywhere();
    run(&mut flow, Event::Tick);
    let later = NOW + 61_000;
    let resends: Vec<Call> = flow
        .update(Event::Resend, later)
        .map(|effects| calls(&effects))
        .unwrap_or_default();
    assert_eq!(regions(&resends), Region::ALL);
    for resend in &resends {
        let answer = Answer::CodeSent(Ok(code_sent_by(resend.region)));
        flow.update(Event::Answered(resend.id, answer), later);
    }
    assert_eq!(flow.resend_in_seconds(), 60);
    assert!(!flow.busy());
}

#[test]
fn closing_the_puzzle_drops_every_check_under_way() {
    let (mut flow, asked) = acquiring();
    run(&mut flow, Event::CloseCheck);
    assert!(!flow.busy() && flow.unattended.is_empty());
    let late = Event::Answered(
        asked[1].id,
        Answer::ProofOfWorkChallenge(Ok(challenge("w0"))),
    );
    assert_eq!(flow.update(late, NOW), None);
    assert!(!flow.wants_work_on(&id("w0")));
}

#[test]
fn not_sure_is_never_remembered_and_a_picked_region_asks_only_itself() {
    let (flow, effects) = Flow::resume(
        Progress::fresh(Locale::En, NOT_SURE, Channel::Email, "DE"),
        NOW,
    );
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(flow.region.login_url(), None);
    let mut flow = start();
    let effects = run(&mut flow, Event::ChooseRegion(NOT_SURE));
    assert_eq!(effects, [Effect::Save(flow.progress())]);
    run(&mut flow, Event::ChooseRegion(EUROPE));
    run(&mut flow, Event::EditEmail("bruno@example.com".into()));
    assert_eq!(
        regions(&calls(&run(&mut flow, Event::Acquire))),
        [Region::Europe]
    );
}

#[test]
fn a_region_choice_reads_back_from_its_slug() {
    for choice in Region::ALL
        .map(RegionChoice::Picked)
        .into_iter()
        .chain([NOT_SURE])
    {
        assert_eq!(RegionChoice::from_slug(choice.slug()), Some(choice));
    }
    assert_eq!(RegionChoice::from_slug(" Not-Sure "), Some(NOT_SURE));
    assert_eq!(RegionChoice::from_slug("mars"), None);
}

#[test]
fn a_rounds_answers_sit_in_the_order_of_the_regions() {
    for (slot, region) in Region::ALL.into_iter().enumerate() {
        assert_eq!(region as usize, slot);
    }
}
