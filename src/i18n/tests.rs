use super::*;
use crate::core::{Problem, Step, Trouble};
use contract::{Channel, CodeError, EmailError, PasswordRule, PhoneError, Region};

#[test]
fn arguments_are_filled_in() {
    assert_eq!(
        tf(Text::CodeSentTo, &["ser****.com"]),
        "Please enter the verification code sent to ser****.com."
    );
}

#[test]
fn counts_choose_their_plural_form() {
    let attempts = |left| {
        problem_text(&Problem::WrongCode {
            attempts_left: left,
        })
    };
    assert_eq!(attempts(1), "The code is not correct. 1 attempt left.");
    assert_eq!(attempts(4), "The code is not correct. 4 attempts left.");
    assert_eq!(attempts(0), "The code is not correct. 0 attempts left.");
    assert_eq!(
        rule_text(&PasswordRule::MinLength(1)),
        "At least 1 character"
    );
    assert_eq!(
        rule_text(&PasswordRule::MinLength(8)),
        "At least 8 characters"
    );
}

#[test]
fn counts_are_formatted_for_the_language() {
    assert_eq!(en::number(0), "0");
    assert_eq!(en::number(999), "999");
    assert_eq!(en::number(1000), "1,000");
    assert_eq!(en::number(1_234_567), "1,234,567");
}

#[test]
fn waits_read_in_seconds_or_minutes() {
    assert_eq!(
        notice_text(&Trouble::Wait { seconds: 40 }),
        "Too many requests. Please wait 40 seconds and try again."
    );
    assert_eq!(
        notice_text(&Trouble::Wait { seconds: 1 }),
        "Too many requests. Please wait 1 second and try again."
    );
    assert_eq!(
        notice_text(&Trouble::Wait { seconds: 3000 }),
        "Too many requests. Please wait 50 minutes and try again."
    );
}

#[test]
fn the_contracts_reasons_are_worded_here_with_their_numbers() {
    assert_eq!(
        account_error(&contract::AccountError::Email(
            EmailError::InvalidCharacter('!')
        )),
        "An email address cannot contain the character \u{201c}!\u{201d}."
    );
    assert_eq!(
        account_error(&contract::AccountError::Phone(PhoneError::TooShort {
            country: "Germany",
            min: 6
        })),
        "This number is too short for Germany: it needs at least 6 digits after the country code."
    );
    assert_eq!(
        code_error(&CodeError::WrongLength(4)),
        "The verification code has 6 digits; this has 4."
    );
}

#[test]
fn every_refusal_has_words_and_no_placeholder_left() {
    for code in contract::wire::ErrorCode::ALL {
        let text = notice_text(&Trouble::Refused(code));
        assert!(!text.is_empty() && !text.contains('{'), "{code:?}: {text}");
    }
}

#[test]
fn the_step_texts_are_ezclouds() {
    let steps = Step::ALL.map(|step| step_label(step, Channel::Email));
    assert_eq!(
        steps,
        [
            "Enter Email Address",
            "Verify Identity",
            "Reset Password",
            "Succeed"
        ]
    );
    assert_eq!(region_name(Region::AsiaPacific), "Asia-Pacific");
}
