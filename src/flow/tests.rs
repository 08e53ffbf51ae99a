//! Every transition of the wizard, the refused ones included.

use super::*;

const NOW: u64 = 1_000_000;

fn start() -> Flow {
    Flow::new(Region::Europe, Channel::Email, "DE")
}

fn sent_event() -> Event {
    Event::CodeSent {
        reset_id: "r1".parse().unwrap_or_else(|_| unreachable!()),
        masked_destination: "bru****.com".into(),
        resend_after_seconds: 60,
        now_ms: NOW,
    }
}

fn at_step_2() -> Flow {
    let mut flow = start();
    assert!(flow.apply(Event::OpenPuzzle));
    assert!(flow.apply(sent_event()));
    flow
}

fn at_step_3() -> Flow {
    let mut flow = at_step_2();
    assert!(flow.apply(Event::Verified {
        token: "t1".parse().unwrap_or_else(|_| unreachable!())
    }));
    flow
}

fn at_step_4() -> Flow {
    let mut flow = at_step_3();
    assert!(flow.apply(Event::PasswordChanged));
    flow
}

fn problem(flow: &Flow) -> Option<Problem> {
    match &flow.stage {
        Stage::VerifyIdentity { problem, .. } => problem.clone(),
        other => panic!("not on step 2: {other:?}"),
    }
}

#[test]
fn a_new_wizard_is_on_step_one_with_the_puzzle_closed() {
    let flow = start();
    assert_eq!(flow.step(), Step::EnterAccount);
    assert_eq!(flow.stage, Stage::EnterAccount { puzzle_open: false });
    assert_eq!(flow.draft.country, "DE");
    assert!(flow.can_change_account());
    assert_eq!(
        (
            flow.code_sent(),
            flow.token().map(contract::ResetToken::as_str)
        ),
        (None, None)
    );
}

#[test]
fn step_one_takes_region_channel_and_what_is_typed() {
    let mut flow = start();
    assert!(flow.apply(Event::ChooseRegion(Region::AsiaPacific)));
    assert!(flow.apply(Event::ChooseChannel(Channel::Sms)));
    assert!(flow.apply(Event::EditEmail("chen@example.com".into())));
    assert!(flow.apply(Event::EditPhone("9123 4567".into())));
    assert!(flow.apply(Event::ChooseCountry("SG".into())));
    assert_eq!(
        (flow.region, flow.channel),
        (Region::AsiaPacific, Channel::Sms)
    );
    assert_eq!(
        flow.draft,
        Draft {
            email: "chen@example.com".into(),
            phone: "9123 4567".into(),
            country: "SG".into()
        }
    );
    assert_eq!(flow.step(), Step::EnterAccount);
}

#[test]
fn the_puzzle_opens_and_closes() {
    let mut flow = start();
    assert!(flow.apply(Event::OpenPuzzle));
    assert_eq!(flow.stage, Stage::EnterAccount { puzzle_open: true });
    assert!(flow.apply(Event::ClosePuzzle));
    assert_eq!(flow.stage, Stage::EnterAccount { puzzle_open: false });
}

#[test]
fn a_sent_code_moves_to_step_two_with_the_cooldown() {
    let flow = at_step_2();
    assert_eq!(flow.step(), Step::VerifyIdentity);
    let sent = flow.code_sent().cloned();
    assert_eq!(
        sent,
        Some(CodeSent {
            reset_id: "r1".parse().unwrap_or_else(|_| unreachable!()),
            masked_destination: "bru****.com".into(),
            resend_at_ms: NOW + 60_000
        })
    );
    assert_eq!(problem(&flow), None);
    assert!(!flow.can_change_account());
}

#[test]
fn region_channel_and_draft_are_frozen_once_a_code_is_sent() {
    for mut flow in [at_step_2(), at_step_3(), at_step_4()] {
        let before = flow.clone();
        for event in [
            Event::ChooseRegion(Region::Americas),
            Event::ChooseChannel(Channel::Sms),
            Event::EditEmail("other@example.com".into()),
            Event::EditPhone("1".into()),
            Event::ChooseCountry("US".into()),
            Event::OpenPuzzle,
            Event::ClosePuzzle,
            sent_event(),
        ] {
            assert!(!flow.apply(event.clone()), "{event:?} on {:?}", flow.step());
            assert_eq!(flow, before);
        }
    }
}

#[test]
fn a_wrong_code_says_how_many_attempts_are_left() {
    let mut flow = at_step_2();
    assert!(flow.apply(Event::CodeRefused { attempts_left: 3 }));
    assert_eq!(
        problem(&flow),
        Some(Problem::WrongCode { attempts_left: 3 })
    );
}

#[test]
fn a_resend_clears_the_problem_and_restarts_the_cooldown() {
    let mut flow = at_step_2();
    flow.apply(Event::CodeRefused { attempts_left: 2 });
    assert!(flow.apply(Event::CodeResent {
        resend_after_seconds: 60,
        now_ms: NOW + 70_000
    }));
    assert_eq!(problem(&flow), None);
    assert_eq!(
        flow.code_sent().map(|s| s.resend_at_ms),
        Some(NOW + 130_000)
    );
    assert!(flow.apply(Event::CodeExpired));
    assert!(
        flow.apply(Event::CodeResent {
            resend_after_seconds: 60,
            now_ms: NOW
        }),
        "a new code cures expiry"
    );
}

#[test]
fn a_locked_reset_cannot_be_resent_only_started_again() {
    let mut flow = at_step_2();
    assert!(flow.apply(Event::ResetLocked));
    assert_eq!(problem(&flow), Some(Problem::Locked));
    assert!(!flow.apply(Event::CodeResent {
        resend_after_seconds: 60,
        now_ms: NOW
    }));
    assert!(flow.apply(Event::StartAgain));
    assert_eq!(flow.stage, Stage::EnterAccount { puzzle_open: false });
}

#[test]
fn expiry_and_lock_also_reach_step_three() {
    for (event, expected) in [
        (Event::CodeExpired, Problem::Expired),
        (Event::ResetLocked, Problem::Locked),
    ] {
        let mut flow = at_step_3();
        assert!(flow.apply(event));
        assert_eq!(problem(&flow), Some(expected));
    }
}

#[test]
fn the_right_code_moves_to_step_three_with_the_token_in_memory_only() {
    let flow = at_step_3();
    assert_eq!(flow.step(), Step::ResetPassword);
    assert_eq!(flow.token().map(contract::ResetToken::as_str), Some("t1"));
    let saved = serde_json::to_string(&flow).unwrap_or_default();
    assert!(
        !saved.contains("t1\""),
        "the token is never stored: {saved}"
    );
    let restored: Flow = serde_json::from_str(&saved).unwrap_or_else(|_| start());
    assert_eq!(restored.step(), Step::ResetPassword);
    assert_eq!(restored.token().map(contract::ResetToken::as_str), None);
    assert_eq!(restored.code_sent(), flow.code_sent());
}

#[test]
fn after_a_reload_step_three_takes_the_code_again() {
    let saved = serde_json::to_string(&at_step_3()).unwrap_or_default();
    let mut restored: Flow = serde_json::from_str(&saved).unwrap_or_else(|_| start());
    assert!(restored.apply(Event::Verified {
        token: "t2".parse().unwrap_or_else(|_| unreachable!())
    }));
    assert_eq!(
        (
            restored.step(),
            restored.token().map(contract::ResetToken::as_str)
        ),
        (Step::ResetPassword, Some("t2"))
    );
}

#[test]
fn a_lost_token_goes_back_to_step_two_to_verify_again() {
    let mut flow = at_step_3();
    assert!(flow.apply(Event::TokenLost));
    assert_eq!(problem(&flow), Some(Problem::VerifyAgain));
    assert!(flow.apply(Event::Verified {
        token: "t3".parse().unwrap_or_else(|_| unreachable!())
    }));
    assert_eq!(flow.token().map(contract::ResetToken::as_str), Some("t3"));
}

#[test]
fn a_changed_password_succeeds() {
    let flow = at_step_4();
    assert_eq!(flow.step(), Step::Succeed);
    assert_eq!(flow.code_sent(), None);
}

#[test]
fn starting_again_keeps_region_channel_and_draft() {
    for mut flow in [at_step_2(), at_step_3(), at_step_4()] {
        flow.draft.email = "bruno@example.com".into();
        let (region, channel, draft) = (flow.region, flow.channel, flow.draft.clone());
        assert!(flow.apply(Event::StartAgain));
        assert_eq!(flow.stage, Stage::EnterAccount { puzzle_open: false });
        assert_eq!(
            (flow.region, flow.channel, flow.draft.clone()),
            (region, channel, draft)
        );
    }
}

#[test]
fn events_of_other_steps_are_refused_and_change_nothing() {
    let refused_on_step_1 = [
        Event::CodeResent {
            resend_after_seconds: 1,
            now_ms: NOW,
        },
        Event::CodeRefused { attempts_left: 1 },
        Event::ResetLocked,
        Event::CodeExpired,
        Event::Verified {
            token: "t".parse().unwrap_or_else(|_| unreachable!()),
        },
        Event::TokenLost,
        Event::PasswordChanged,
        Event::StartAgain,
    ];
    for event in refused_on_step_1 {
        let mut flow = start();
        assert!(!flow.apply(event.clone()), "{event:?}");
        assert_eq!(flow, start());
    }
    let refused_on_step_2 = [Event::TokenLost, Event::PasswordChanged];
    for event in refused_on_step_2 {
        let mut flow = at_step_2();
        assert!(!flow.apply(event.clone()), "{event:?}");
        assert_eq!(flow, at_step_2());
    }
    let refused_on_step_3 = [
        Event::CodeResent {
            resend_after_seconds: 1,
            now_ms: NOW,
        },
        Event::CodeRefused { attempts_left: 1 },
    ];
    for event in refused_on_step_3 {
        let mut flow = at_step_3();
        assert!(!flow.apply(event.clone()), "{event:?}");
        assert_eq!(flow, at_step_3());
    }
    let refused_on_step_4 = [
        Event::CodeResent {
            resend_after_seconds: 1,
            now_ms: NOW,
        },
        Event::CodeRefused { attempts_left: 1 },
        Event::ResetLocked,
        Event::CodeExpired,
        Event::Verified {
            token: "t".parse().unwrap_or_else(|_| unreachable!()),
        },
        Event::TokenLost,
        Event::PasswordChanged,
    ];
    for event in refused_on_step_4 {
        let mut flow = at_step_4();
        assert!(!flow.apply(event.clone()), "{event:?}");
        assert_eq!(flow, at_step_4());
    }
}

#[test]
fn the_steps_are_numbered_one_to_four() {
    let numbers: Vec<u8> = Step::ALL.iter().map(|step| step.number()).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
}

#[test]
fn a_huge_cooldown_does_not_overflow() {
    let mut flow = start();
    assert!(flow.apply(Event::CodeSent {
        reset_id: "r".parse().unwrap_or_else(|_| unreachable!()),
        masked_destination: "m".into(),
        resend_after_seconds: u64::MAX,
        now_ms: u64::MAX - 1
    }));
    assert_eq!(flow.code_sent().map(|s| s.resend_at_ms), Some(u64::MAX));
}

#[test]
fn the_draft_names_an_account_on_each_channel() {
    let draft = Draft {
        email: " bruno@example.com ".into(),
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
    let international = Draft {
        phone: "+65 9123 4567".into(),
        ..draft.clone()
    };
    assert_eq!(
        international.account(Channel::Sms).map(|a| a.to_string()),
        Ok("+6591234567".into())
    );
    let no_country = Draft {
        country: String::new(),
        phone: "+1 202 555 0143".into(),
        ..draft
    };
    assert_eq!(
        no_country.account(Channel::Sms).map(|a| a.to_string()),
        Ok("+12025550143".into())
    );
    assert!(Draft::default().account(Channel::Email).is_err());
    assert!(Draft::default().account(Channel::Sms).is_err());
}
