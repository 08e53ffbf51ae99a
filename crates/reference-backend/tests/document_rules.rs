//! The rules the OpenAPI document states are the ones the backend applies: a request the
//! document's patterns accept is one the backend's parsers accept, so that a client generated
//! from the document is not refused by a rule the document hides.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use contract::{PhoneNumber, VerificationCode};
use proptest::prelude::*;
use serde_json::Value;
use std::sync::LazyLock;

fn document() -> Value {
    serde_json::to_value(reference_backend::openapi_document()).unwrap()
}

/// The first `pattern` in `schema` (searched depth first) that `wanted` picks.
fn pattern_in(schema: &Value, wanted: &dyn Fn(&str) -> bool) -> Option<String> {
    if let Some(pattern) = schema["pattern"].as_str().filter(|pattern| wanted(pattern)) {
        return Some(pattern.to_owned());
    }
    match schema {
        Value::Object(map) => map.values().find_map(|value| pattern_in(value, wanted)),
        Value::Array(items) => items.iter().find_map(|value| pattern_in(value, wanted)),
        _ => None,
    }
}

/// The phone number pattern of the code request's `sms` branch.
static PHONE: LazyLock<regex::Regex> = LazyLock::new(|| {
    let document = document();
    let request = &document["components"]["schemas"]["ResetCodeRequest"];
    let pattern = pattern_in(request, &|pattern| pattern.starts_with("^\\+"))
        .expect("the sms branch states a pattern");
    regex::Regex::new(&pattern).unwrap()
});

/// The verification code's pattern.
static CODE: LazyLock<regex::Regex> = LazyLock::new(|| {
    let document = document();
    let request = &document["components"]["schemas"]["VerifyCodeRequest"];
    regex::Regex::new(request["properties"]["code"]["pattern"].as_str().unwrap()).unwrap()
});

/// Whether `text` is a phone number the backend reads as itself.
fn accepted_as_written(text: &str) -> bool {
    text.parse::<PhoneNumber>()
        .is_ok_and(|number| number.e164() == text)
}

/// The pattern lies between the numbers the backend keeps as written and those it accepts
/// at all (a national prefix typed after the calling code is dropped, `+44 0…`): every number
/// it states is accepted, and every number kept as written is stated.
fn stated_between(number: &str) -> Result<(), String> {
    let stated = PHONE.is_match(number);
    let accepted = number.parse::<PhoneNumber>().is_ok();
    if stated && !accepted {
        return Err(format!("{number} is stated but refused"));
    }
    if accepted_as_written(number) && !stated {
        return Err(format!("{number} is accepted as written but not stated"));
    }
    Ok(())
}

#[test]
fn every_calling_code_and_length_is_stated() {
    let mut checked = 0;
    for country in contract::calling_codes() {
        for length in 0..=16 {
            for first in ["5", "0", "1", "8"] {
                let number = format!("+{}{first}{}", country.code, "5".repeat(length));
                stated_between(&number)
                    .unwrap_or_else(|error| panic!("{error} ({})", country.iso()));
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn a_number_the_phone_pattern_states_is_accepted(digits in "[1-9][0-9]{0,15}") {
        let number = format!("+{digits}");
        prop_assert_eq!(stated_between(&number), Ok(()));
    }

    #[test]
    fn a_code_the_pattern_states_is_accepted(
        code in "[ \u{a0}\u{3000}0-9\u{ff10}-\u{ff19}a-]{0,12}",
    ) {
        if CODE.is_match(&code) {
            prop_assert!(code.parse::<VerificationCode>().is_ok(), "{:?}", code);
        }
    }
}

#[test]
fn pasted_codes_match_the_pattern() {
    let pattern = &*CODE;
    for code in [
        "123456",
        "123 456",
        "123-456",
        "１２３４５６",
        " 12 34 56 ",
        "123\u{a0}456",
    ] {
        assert!(pattern.is_match(code), "{code:?}");
        assert!(code.parse::<VerificationCode>().is_ok(), "{code:?}");
    }
    for code in ["12345", "1234567", "12a456", ""] {
        assert!(!pattern.is_match(code), "{code:?}");
    }
}
