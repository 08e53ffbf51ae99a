//! Properties over arbitrary input: parsing never panics, and what parses round-trips.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use contract::{
    Account, Channel, EmailAddress, PasswordPolicy, PhoneNumber, Region, VerificationCode,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsing_never_panics(input in any::<String>()) {
        let _ = input.parse::<EmailAddress>();
        let _ = input.parse::<PhoneNumber>();
        let _ = input.parse::<VerificationCode>();
        let _ = input.parse::<Region>();
        let _ = PasswordPolicy::default().unmet(&input, None);
        for channel in [Channel::Email, Channel::Sms] {
            if let Ok(account) = Account::parse(channel, &input) {
                let _ = account.masked();
            }
        }
    }

    #[test]
    fn emails_round_trip(local in "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,20}(\\.[a-z0-9]{1,8}){0,2}",
                         domain in "([a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?\\.){1,3}[a-zA-Z]{2,6}") {
        let typed = format!("{local}@{domain}");
        let parsed: EmailAddress = typed.parse().map_err(|e| TestCaseError::fail(format!("{typed}: {e}")))?;
        prop_assert_eq!(parsed.to_string().parse::<EmailAddress>(), Ok(parsed.clone()));
        prop_assert_eq!(parsed.domain(), domain.to_lowercase());
        let masked = Account::Email(parsed).masked();
        prop_assert!(masked.contains("****."));
    }

    #[test]
    fn phones_round_trip(index in 0usize..1000, national in "[1-9][0-9]{16}", spaced in any::<bool>()) {
        let countries = contract::calling_codes();
        let country = &countries[index % countries.len()];
        // The longest length the country has that fits in E.164's fifteen digits.
        let length = country.lengths().rev().map(usize::from).find(|l| country.code.len() + l <= 15);
        let Some(length) = length else { return Ok(()) };
        let digits = &national[..length];
        // A number that starts with its country's national prefix may lose it (that is the
        // rule's job); such numbers are the unit tests' business.
        prop_assume!(country.national_prefix.is_empty() || !digits.starts_with(country.national_prefix));
        let typed = if spaced { format!("+{} {}", country.code, digits) } else { format!("{}{}", country.code, digits) };
        if let Ok(number) = typed.parse::<PhoneNumber>() {
            prop_assert_eq!(number.to_string().parse::<PhoneNumber>(), Ok(number.clone()));
            prop_assert_eq!(number.national_number(), digits);
            prop_assert!(Account::Phone(number).masked().ends_with(&digits[digits.len() - 4..]));
        } else {
            prop_assert!(false, "{} refused", typed);
        }
    }

    #[test]
    fn codes_round_trip(digits in "[0-9]{6}", separator in prop::sample::select(vec!["", " ", "-"])) {
        let typed = format!("{}{}{}", &digits[..3], separator, &digits[3..]);
        let code: VerificationCode = typed.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(code.as_str(), digits.as_str());
        prop_assert_eq!(code.to_string().parse::<VerificationCode>(), Ok(code.clone()));
    }

    /// A value normalised twice does not change: whatever parses, its text parses to itself.
    #[test]
    fn normalising_is_idempotent(input in any::<String>()) {
        if let Ok(email) = input.parse::<EmailAddress>() {
            prop_assert_eq!(email.to_string().parse::<EmailAddress>(), Ok(email.clone()));
        }
        if let Ok(phone) = input.parse::<PhoneNumber>() {
            prop_assert_eq!(phone.to_string().parse::<PhoneNumber>(), Ok(phone.clone()));
        }
        if let Ok(code) = input.parse::<VerificationCode>() {
            prop_assert_eq!(code.to_string().parse::<VerificationCode>(), Ok(code.clone()));
        }
    }

    /// The same for addresses with letters of any script and case in both parts.
    #[test]
    fn unicode_emails_normalise_idempotently(local in "[\\pL\\pN]{1,12}", labels in prop::collection::vec("[\\pL\\pN]{1,10}", 2..4)) {
        let typed = format!("{local}@{}", labels.join("."));
        if let Ok(email) = typed.parse::<EmailAddress>() {
            let again: EmailAddress = email.to_string().parse().map_err(|e| TestCaseError::fail(format!("{email}: {e}")))?;
            prop_assert_eq!(again, email);
        }
    }

    #[test]
    fn phones_normalise_idempotently(typed in "(\\+|00)?[0-9 ().-]{4,24}") {
        if let Ok(phone) = typed.parse::<PhoneNumber>() {
            prop_assert_eq!(phone.to_string().parse::<PhoneNumber>(), Ok(phone.clone()));
        }
    }

    #[test]
    fn regions_round_trip(index in 0usize..3) {
        let region = Region::ALL[index];
        prop_assert_eq!(region.to_string().parse::<Region>(), Ok(region));
    }
}

/// Lower-casing `İ` gives `i` and a combining dot: the stored form must parse again.
#[test]
fn the_idn_capital_dotted_i_survives_a_second_parse() {
    let first: EmailAddress = "x@\u{130}dn.example".parse().unwrap();
    assert_eq!(first.domain(), "i\u{307}dn.example");
    assert_eq!(first.to_string().parse::<EmailAddress>(), Ok(first));
}
