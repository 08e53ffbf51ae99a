//! The words for the contract's typed reasons and the core's states: the contract says what
//! is wrong (with its numbers), and only this module says it to a person.

use super::{Counted, Text, count, country_name, t, tf};
use crate::core::{Problem, Step, Trouble};
use contract::wire::ErrorCode;
use contract::{AccountError, Channel, CodeError, EmailError, PasswordRule, PhoneError, Region};

/// A region's name.
pub fn region_name(region: Region) -> &'static str {
    t(match region {
        Region::Americas => Text::RegionAmericas,
        Region::Europe => Text::RegionEurope,
        Region::AsiaPacific => Text::RegionAsiaPacific,
    })
}

/// The indicator's name for `step`; step 1 is named after the channel.
pub fn step_label(step: Step, channel: Channel) -> &'static str {
    t(match (step, channel) {
        (Step::EnterAccount, Channel::Email) => Text::StepEnterEmail,
        (Step::EnterAccount, Channel::Sms) => Text::StepEnterPhone,
        (Step::VerifyIdentity, _) => Text::StepVerify,
        (Step::ResetPassword, _) => Text::StepReset,
        (Step::Succeed, _) => Text::StepSucceed,
    })
}

fn email_error(error: &EmailError) -> String {
    let plain = |text| t(text).to_owned();
    match error {
        EmailError::Empty => plain(Text::EmailEmpty),
        EmailError::MissingAt => plain(Text::EmailMissingAt),
        EmailError::MoreThanOneAt => plain(Text::EmailMoreThanOneAt),
        EmailError::MissingLocalPart => plain(Text::EmailMissingLocalPart),
        EmailError::MissingDomain => plain(Text::EmailMissingDomain),
        EmailError::LocalPartTooLong => plain(Text::EmailLocalPartTooLong),
        EmailError::TooLong => plain(Text::EmailTooLong),
        EmailError::InvalidCharacter(c) if c.is_whitespace() => plain(Text::EmailSpace),
        EmailError::InvalidCharacter(c) => {
            tf(Text::EmailInvalidCharacter, &[c.encode_utf8(&mut [0; 4])])
        }
        EmailError::MisplacedDot => plain(Text::EmailMisplacedDot),
        EmailError::DomainNeedsDot => plain(Text::EmailDomainNeedsDot),
        EmailError::InvalidDomainLabel(label) => tf(Text::EmailInvalidDomainLabel, &[label]),
        EmailError::NumericTopLevelDomain => plain(Text::EmailNumericTopLevelDomain),
    }
}

fn phone_error(error: &PhoneError) -> String {
    match error {
        PhoneError::Empty => t(Text::PhoneEmpty).to_owned(),
        PhoneError::InvalidCharacter(c) => {
            tf(Text::PhoneInvalidCharacter, &[c.encode_utf8(&mut [0; 4])])
        }
        PhoneError::UnknownCallingCode => t(Text::PhoneUnknownCallingCode).to_owned(),
        PhoneError::TooShort { country, min } => count(
            Counted::PhoneTooShort,
            u64::from(*min),
            &[&country_name(country)],
        ),
        PhoneError::TooLong { country, max } => count(
            Counted::PhoneTooLong,
            u64::from(*max),
            &[&country_name(country)],
        ),
        PhoneError::WrongLength { country } => {
            tf(Text::PhoneWrongLength, &[&country_name(country)])
        }
    }
}

/// What is wrong with a typed account.
pub fn account_error(error: &AccountError) -> String {
    match error {
        AccountError::Email(error) => email_error(error),
        AccountError::Phone(error) => phone_error(error),
    }
}

/// What is wrong with a typed code.
pub fn code_error(error: &CodeError) -> String {
    match error {
        CodeError::Empty => t(Text::CodeEmpty).to_owned(),
        CodeError::NotDigits => t(Text::CodeNotDigits).to_owned(),
        CodeError::WrongLength(n) => count(Counted::CodeWrongLength, *n as u64, &[]),
    }
}

/// A checklist line for a password rule.
pub fn rule_text(rule: &PasswordRule) -> String {
    match rule {
        PasswordRule::MinLength(n) => count(Counted::RuleMinLength, u64::from(*n), &[]),
        PasswordRule::MaxLength(n) => count(Counted::RuleMaxLength, u64::from(*n), &[]),
        PasswordRule::CharacterClasses(n) => {
            count(Counted::RuleCharacterClasses, u64::from(*n), &[])
        }
        PasswordRule::NotAccountName => t(Text::RuleNotAccountName).to_owned(),
        PasswordRule::NotCommon => t(Text::RuleNotCommon).to_owned(),
    }
}

/// What steps 2 and 3 say about the code.
pub fn problem_text(problem: &Problem) -> String {
    match problem {
        Problem::WrongCode {
            attempts_left: Some(left),
        } => count(Counted::AttemptsLeft, u64::from(*left), &[]),
        Problem::WrongCode {
            attempts_left: None,
        } => t(Text::RefusedCode).to_owned(),
        Problem::Locked => t(Text::Locked).to_owned(),
        Problem::Expired => t(Text::Expired).to_owned(),
        Problem::VerifyAgain => t(Text::VerifyAgain).to_owned(),
    }
}

/// What a refusal no step expects means for the user.
fn refusal_text(code: ErrorCode) -> Text {
    match code {
        ErrorCode::InvalidRequest
        | ErrorCode::WrongCredentials
        | ErrorCode::PayloadTooLarge
        | ErrorCode::MethodNotAllowed
        | ErrorCode::UnsupportedMediaType => Text::RefusedRequest,
        ErrorCode::NotFound | ErrorCode::Expired | ErrorCode::AlreadyUsed => Text::RefusedGone,
        ErrorCode::CaptchaFailed | ErrorCode::CaptchaTicketInvalid => Text::CheckExpired,
        ErrorCode::WrongCode => Text::RefusedCode,
        ErrorCode::Locked => Text::Locked,
        ErrorCode::PasswordPolicy => Text::RefusedPassword,
        ErrorCode::TooManyRequests | ErrorCode::Internal | ErrorCode::Unavailable => {
            Text::Unavailable
        }
    }
}

/// A failed request, said plainly; a wait reads in the largest unit that reads well.
pub fn notice_text(trouble: &Trouble) -> String {
    match trouble {
        Trouble::Offline => t(Text::Offline).to_owned(),
        Trouble::TimedOut => t(Text::TimedOut).to_owned(),
        Trouble::Unavailable => t(Text::Unavailable).to_owned(),
        Trouble::Wait { seconds } if *seconds > 120 => {
            count(Counted::WaitMinutes, seconds.div_ceil(60), &[])
        }
        Trouble::Wait { seconds } => count(Counted::WaitSeconds, *seconds, &[]),
        Trouble::CheckExpired => t(Text::CheckExpired).to_owned(),
        Trouble::CheckFailed => t(Text::WorkFailed).to_owned(),
        Trouble::Refused(code) => t(refusal_text(*code)).to_owned(),
    }
}
