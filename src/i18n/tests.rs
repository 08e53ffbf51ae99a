use super::*;
use crate::core::{Problem, Step, Trouble};
use contract::catalog::placeholder_mismatches;
use contract::{Channel, CodeError, EmailError, PasswordRule, PhoneError, Region};

/// Installs `locale`'s file for this test's thread.
fn speak(locale: Locale) {
    install(read(locale));
}

fn read(locale: Locale) -> &'static Catalog {
    parse(locale, file(locale)).unwrap_or_else(|error| panic!("{}: {error}", locale.tag()))
}

#[test]
fn every_language_has_a_file_with_every_key_its_plural_forms_and_englishs_placeholders() {
    let english = read(Locale::En);
    for locale in Locale::ALL.iter().copied() {
        let catalog = read(locale);
        assert_eq!(
            placeholder_mismatches(english, catalog),
            Vec::<String>::new()
        );
        for key in <Text as catalog::Keys>::ALL {
            assert!(
                !catalog.text(*key).is_empty(),
                "{}: {key:?} is empty",
                locale.tag()
            );
        }
    }
}

#[test]
fn a_file_with_a_missing_or_unknown_key_or_a_wrong_plural_is_refused() {
    let english = file(Locale::En);
    let missing = english.replace("AppTitle = Forgot Password\n", "");
    assert!(parse(Locale::En, missing).is_err());
    let unknown = format!("{english}\nNoSuchKey = x\n");
    assert!(parse(Locale::En, unknown).is_err());
    let extra_form = format!("{english}\nAttemptsLeft.few = {{0}}\n");
    assert!(parse(Locale::En, extra_form).is_err());
}

#[test]
fn arguments_are_filled_in() {
    speak(Locale::En);
    assert_eq!(
        tf(Text::CodeSentTo, &["ser****.com"]),
        "Please enter the verification code sent to ser****.com."
    );
}

#[test]
fn english_counts_choose_their_plural_form() {
    speak(Locale::En);
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
fn waits_read_in_seconds_or_minutes() {
    speak(Locale::En);
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
    speak(Locale::En);
    assert_eq!(
        account_error(&contract::AccountError::Email(
            EmailError::InvalidCharacter('!')
        )),
        "An email address cannot contain the character \u{201c}!\u{201d}."
    );
    assert_eq!(
        account_error(&contract::AccountError::Phone(PhoneError::TooShort {
            country: "DE",
            min: 6
        })),
        "This number is too short for DE: it needs at least 6 digits after the country code."
    );
    assert_eq!(
        code_error(&CodeError::WrongLength(4)),
        "The verification code has 6 digits; this has 4."
    );
}

#[test]
fn every_refusal_has_words_and_no_placeholder_left_in_any_language() {
    for locale in Locale::ALL.iter().copied() {
        speak(locale);
        for code in contract::wire::ErrorCode::ALL {
            let text = notice_text(&Trouble::Refused(code));
            assert!(
                !text.is_empty() && !text.contains('{'),
                "{locale:?} {code:?}: {text}"
            );
        }
    }
}

#[test]
fn the_step_texts_are_ezclouds() {
    speak(Locale::En);
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

#[test]
fn polish_and_arabic_counts_choose_their_forms() {
    let attempts = |left| {
        problem_text(&Problem::WrongCode {
            attempts_left: left,
        })
    };
    speak(Locale::Pl);
    assert_eq!(attempts(1), "Kod jest nieprawidłowy. Pozostała 1 próba.");
    assert_eq!(attempts(3), "Kod jest nieprawidłowy. Pozostały 3 próby.");
    assert_eq!(attempts(5), "Kod jest nieprawidłowy. Pozostało 5 prób.");
    assert_eq!(attempts(12), "Kod jest nieprawidłowy. Pozostało 12 prób.");
    assert_eq!(attempts(22), "Kod jest nieprawidłowy. Pozostały 22 próby.");
    speak(Locale::Ar);
    assert_eq!(attempts(0), "الرمز غير صحيح. المحاولات المتبقية: 0.");
    assert_eq!(attempts(2), "الرمز غير صحيح. تبقّت 2 محاولتان.");
    assert_eq!(attempts(4), "الرمز غير صحيح. تبقّت 4 محاولات.");
    assert_eq!(attempts(11), "الرمز غير صحيح. تبقّت 11 محاولة.");
    assert_eq!(rule_text(&PasswordRule::MinLength(8)), "8 أحرف على الأقل");
    speak(Locale::ZhCn);
    assert_eq!(attempts(1), "验证码不正确。还剩 1 次机会。");
}
