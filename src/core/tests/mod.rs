//! Every decision of the wizard: each action and each answer of the backend on each step,
//! with the state it leads to and the effects it asks for.

use super::*;
use contract::wire::{ErrorCode, ErrorDetail, ResetCodeSent, SliderChallenge};
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

fn puzzle() -> SliderChallenge {
    SliderChallenge {
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
    assert_eq!(call.request, Request::NewSlider);
    run(
        &mut flow,
        Event::Answered(call.id, Answer::SliderChallenge(Ok(puzzle()))),
    );
    flow
}

/// Step 1 with the puzzle solved and the code requested: the request in flight.
fn requesting_code() -> (Flow, Call) {
    let mut flow = with_puzzle();
    let check = sent(&run(&mut flow, Event::DropPiece(120)));
    let ask = sent(&run(
        &mut flow,
        Event::Answered(check.id, Answer::Checked(Ok(id("ticket")))),
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

fn challenge(name: &str) -> contract::wire::ProofOfWorkChallenge {
    contract::wire::ProofOfWorkChallenge {
        challenge_id: id(name),
        algorithm: contract::PROOF_OF_WORK_ALGORITHM.into(),
        salt: contract::ProofOfWorkSalt::new([7; 16]),
        difficulty: 20,
        expires_in_seconds: 120,
    }
}

/// The puzzle dialog switched to the accessible check, its challenge loaded: the search runs.
fn working() -> Flow {
    let mut flow = with_puzzle();
    let call = sent(&run(&mut flow, Event::UseAccessibleCheck));
    assert_eq!(call.request, Request::NewProofOfWork);
    let effects = run(
        &mut flow,
        Event::Answered(call.id, Answer::ProofOfWorkChallenge(Ok(challenge("w1")))),
    );
    assert_eq!(effects, vec![Effect::Solve(challenge("w1"))]);
    assert!(flow.wants_work_on(&id("w1")));
    flow
}

mod account;
mod check;
mod code;
mod not_sure;
mod password;
mod wizard;
