//! What the app asks of the browser instead of carrying it: JSON, character classes and
//! lower case, checked against Rust's.

use super::*;

#[wasm_bindgen_test]
fn the_browsers_json_reads_the_contracts_shapes_and_refuses_any_other() {
    let detail = ErrorDetail {
        attempts_left: Some(3),
        retry_after_seconds: Some(4_000_000_000),
        unmet_rules: Some(vec![
            PasswordRule::MinLength(8),
            PasswordRule::CharacterClasses(3),
            PasswordRule::NotCommon,
        ]),
        field: Some("account".into()),
    };
    let text = json::to_string(&detail).unwrap();
    assert_eq!(json::from_str(&text), Some(detail));
    // Fields it does not know are skipped; optional ones it lacks are none.
    let sparse = json::from_str::<ErrorDetail>(r#"{"attemptsLeft":1,"extra":[1,{"a":null}]}"#);
    assert_eq!(
        sparse,
        Some(ErrorDetail {
            attempts_left: Some(1),
            ..ErrorDetail::default()
        })
    );
    // A fraction, a number past exactness or past the field's range, a negative count, a
    // string or flag for a number, a list or object for text, an object for a list, an unknown
    // rule, a list for the whole: not this shape.
    for text in [
        r#"{"attemptsLeft":2.5}"#,
        r#"{"attemptsLeft":1e300}"#,
        r#"{"attemptsLeft":4294967296}"#,
        r#"{"attemptsLeft":"3"}"#,
        r#"{"attemptsLeft":-1}"#,
        r#"{"attemptsLeft":true}"#,
        r#"{"field":["account"]}"#,
        r#"{"field":{"name":"account"}}"#,
        r#"{"unmetRules":{"0":"notCommon"}}"#,
        r#"{"unmetRules":[{"rule":"mustRhyme"}]}"#,
        r#"[{"attemptsLeft":1}]"#,
        "3",
        "null",
        "",
    ] {
        assert_eq!(json::from_str::<ErrorDetail>(text), None, "{text}");
    }
}

#[wasm_bindgen_test]
fn progress_survives_the_browsers_json_as_the_tab_keeps_it() {
    let mut not_sure = on_step_two(0);
    not_sure.region = RegionChoice::NotSure;
    // Whatever was typed survives: quotes, backslashes, control characters, any script.
    not_sure.draft.email = "\"a\\b\u{1}\n\tc é 用户 😀\u{7f}".into();
    if let Stage::VerifyIdentity { sent, .. } = &mut not_sure.stage {
        sent.resets = Region::ALL
            .map(|region| RegionalReset {
                region,
                reset_id: id(region.slug()),
            })
            .into();
        sent.unanswered = vec![Region::AsiaPacific];
    }
    for kept in [on_step_two(0), on_step_three(), not_sure] {
        let text = json::to_string(&kept).unwrap();
        assert_eq!(json::from_str::<Progress>(&text), Some(kept));
    }
    // What does not read is no progress at all, never a default.
    assert_eq!(json::from_str::<Progress>("{\"locale\":\"en\"}"), None);
    assert_eq!(json::from_str::<Progress>("not json"), None);
}

/// Where Unicode 16.0 and 17.0 added characters, or (U+09FF) changed one's class. Engines take
/// their Unicode tables from different places, and not all from Rust's version: WebKitGTK 2.50
/// on Debian 12 lowers case with the system's ICU 72 (Unicode 15) and knows newer classes in its
/// regular expressions. On these characters the backend's answer is the one that counts; on
/// every other character, the browser and Rust must agree.
const NEWER_THAN_UNICODE_15: [std::ops::RangeInclusive<char>; 6] = [
    '\u{09FF}'..='\u{09FF}',
    '\u{1C89}'..='\u{1C8A}',
    '\u{A7CB}'..='\u{A7DC}',
    '\u{10D40}'..='\u{10D8F}',
    '\u{16D40}'..='\u{16DAF}',
    '\u{16EA0}'..='\u{16EDF}',
];

/// Every character whose case and classes the engine and Rust must agree on.
fn every_character_of_unicode_15() -> impl Iterator<Item = char> {
    (0..=0x10_FFFF)
        .filter_map(char::from_u32)
        .filter(|c| !NEWER_THAN_UNICODE_15.iter().any(|newer| newer.contains(c)))
}

#[wasm_bindgen_test]
fn the_browsers_character_classes_are_rusts_on_every_character() {
    let classes = [
        CharClass::Lowercase,
        CharClass::Uppercase,
        CharClass::Numeric,
        CharClass::Alphanumeric,
    ];
    let rusts: [fn(char) -> bool; 4] = [
        char::is_lowercase,
        char::is_uppercase,
        char::is_numeric,
        char::is_alphanumeric,
    ];
    let mut differing = Vec::new();
    for c in every_character_of_unicode_15() {
        for (class, rust) in classes.iter().zip(rusts) {
            if class.holds(c) != rust(c) {
                differing.push((*class, c));
            }
        }
    }
    assert_eq!(differing, []);
}

#[wasm_bindgen_test]
fn the_browsers_lower_case_is_rusts_on_every_character() {
    let every: Vec<char> = every_character_of_unicode_15().collect();
    let mut differing: Vec<char> = Vec::new();
    for chunk in every.chunks(4096) {
        // Spaced, so that each character stands alone (a final sigma depends on its neighbours).
        let text: String = chunk.iter().flat_map(|c| [*c, ' ']).collect();
        if contract::lowercase(&text) != text.to_lowercase() {
            differing.extend(chunk.iter().filter(|c| {
                let alone = c.to_string();
                contract::lowercase(&alone) != alone.to_lowercase()
            }));
        }
    }
    assert_eq!(differing, Vec::<char>::new());
    // In words, where a sigma at a word's end is final.
    for words in ["ΟΔΟΣ ΟΔΟΣ.", "ΣΑΣ", "Σ", "AΣ'Σ", "İSTANBUL Über ǅemal"] {
        assert_eq!(contract::lowercase(words), words.to_lowercase(), "{words}");
    }
}
