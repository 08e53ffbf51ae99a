//! The contract's phone numbers against libphonenumber (the `phonenumber` crate, a
//! dev-dependency only, never in the wasm): on every region's example numbers and variants of
//! them, and on the hand-picked cases users tried, both must agree on "possible number" in at
//! least 99% of cases, and every disagreement is listed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use contract::PhoneNumber;
use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use std::collections::BTreeSet;

/// The descriptors of every number type of `meta`, the general one left out.
fn number_types(meta: &Metadata) -> Vec<&Descriptor> {
    let d = meta.descriptors();
    [
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.personal_number(),
        d.voip(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The example numbers of every number type of `meta`.
fn examples(meta: &Metadata) -> Vec<String> {
    number_types(meta)
        .into_iter()
        .filter_map(|descriptor| descriptor.example().map(str::to_owned))
        .collect()
}

/// Every length libphonenumber calls possible for the main region of `code`, local-only ones
/// included, as its `isPossibleNumber` does.
fn possible_lengths(code: u16) -> BTreeSet<usize> {
    let regions = DATABASE.by_code(&code).unwrap_or_default();
    let Some(meta) = regions
        .iter()
        .find(|meta| meta.is_main_country_for_code())
        .or(regions.first())
    else {
        return BTreeSet::new();
    };
    let mut descriptors = number_types(meta);
    descriptors.push(meta.descriptors().general());
    descriptors
        .into_iter()
        .flat_map(|descriptor| {
            descriptor
                .possible_length()
                .iter()
                .chain(descriptor.possible_local_length())
                .map(|length| usize::from(*length))
        })
        .collect()
}

/// A number as a user types it: with its calling code, or in national form beside a country
/// picker (the national prefix included, as people write it at home).
enum Case {
    International { typed: String, example: bool },
    National { region: String, typed: String },
}

impl Case {
    fn typed(&self) -> String {
        match self {
            Case::International { typed, .. } => typed.clone(),
            Case::National { region, typed } => format!("{region}: {typed}"),
        }
    }

    /// Whether the contract takes it.
    fn ours(&self) -> bool {
        match self {
            Case::International { typed, .. } => typed.parse::<PhoneNumber>().is_ok(),
            Case::National { region, typed } => contract::CallingCode::by_iso(region)
                .is_some_and(|country| PhoneNumber::parse_national(country, typed).is_ok()),
        }
    }

    /// libphonenumber's verdict: it parses, and its national number has a possible length.
    fn theirs(&self) -> bool {
        let parsed = match self {
            Case::International { typed, .. } => phonenumber::parse(None, typed),
            Case::National { region, typed } => match region.parse() {
                Ok(id) => phonenumber::parse(Some(id), typed),
                Err(_) => return false,
            },
        };
        parsed.is_ok_and(|number| {
            possible_lengths(number.code().value()).contains(&number.national().to_string().len())
        })
    }
}

/// Cases users tried and were refused; all are possible numbers. The national prefix written
/// after the calling code (`+44 (0) …`) is dropped by libphonenumber in Java and C++, not by
/// its Rust port, so these are asserted here rather than compared.
const HAND_PICKED: [&str; 5] = [
    "+376 312 345",
    "+290 6123",
    "+44 (0) 7700 900123",
    "+44 07700 900123",
    "+7 8 800 123 45 67",
];

fn corpus() -> Vec<Case> {
    let mut corpus = Vec::new();
    for meta in DATABASE.iter().filter(|meta| meta.id().len() == 2) {
        let code = meta.country_code();
        for example in examples(meta) {
            let international =
                |typed: String, example: bool| Case::International { typed, example };
            corpus.push(international(format!("+{code}{example}"), true));
            corpus.push(international(format!("+{code} {example}5"), false));
            corpus.push(international(
                format!("+{code} {}", &example[..example.len() - 1]),
                false,
            ));
            let prefix = meta.national_prefix().unwrap_or_default();
            corpus.push(Case::National {
                region: meta.id().to_owned(),
                typed: format!("{prefix}{example}"),
            });
        }
    }
    corpus
}

/// Why the two may disagree on a case, where the reason is known; `None` is a defect.
fn explained(case: &Case, ours: bool, theirs: bool) -> Option<&'static str> {
    match (case, ours, theirs) {
        // The metadata's own example numbers are possible by definition; the Rust port fails
        // to parse a few of them (Lithuania's 8-prefixed numbers, for one).
        (Case::International { example: true, .. }, true, false) => {
            Some("libphonenumber's own example number, which its Rust port refuses")
        }
        // A national prefix typed at home (Russia's and Kazakhstan's 8, Israel's and
        // Colombia's 0): libphonenumber in Java drops it, its Rust port keeps it here.
        (Case::National { region, typed }, true, false) => {
            let number = contract::CallingCode::by_iso(region)
                .and_then(|country| PhoneNumber::parse_national(country, typed).ok())?;
            let own_example = DATABASE.by_id(region.as_str()).is_some_and(|meta| {
                examples(meta)
                    .iter()
                    .any(|example| example == number.national_number())
            });
            (own_example || libphonenumber_possible(&number.e164())).then_some(
                "national prefix typed at home: libphonenumber takes the same number with its \
                 calling code, or it is its own example",
            )
        }
        // Gabon's numbers lose a leading 0 by a parsing rule (a pattern, not a prefix) that
        // the table of lengths does not carry.
        (Case::International { typed, .. }, false, true) if rewritten(typed) => {
            Some("libphonenumber rewrites the number by a pattern the table does not carry")
        }
        // E.164 numbers have at most fifteen digits; libphonenumber allows longer ones.
        (Case::International { typed, .. }, false, true)
            if typed.chars().filter(char::is_ascii_digit).count() > 15 =>
        {
            Some("longer than E.164's fifteen digits")
        }
        _ => None,
    }
}

/// Whether libphonenumber's national number is not the digits typed after the calling code.
fn rewritten(typed: &str) -> bool {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    phonenumber::parse(None, typed).is_ok_and(|number| {
        let code = number.code().value().to_string();
        digits.strip_prefix(&code) != Some(number.national().to_string().as_str())
    })
}

fn libphonenumber_possible(e164: &str) -> bool {
    Case::International {
        typed: e164.to_owned(),
        example: false,
    }
    .theirs()
}

#[test]
fn the_contract_agrees_with_libphonenumber_on_possible_numbers() {
    let corpus = corpus();
    assert!(corpus.len() >= 1_000, "{} numbers", corpus.len());
    let mut disagreements = Vec::new();
    for case in &corpus {
        let (ours, theirs) = (case.ours(), case.theirs());
        if ours != theirs {
            disagreements.push((case.typed(), ours, theirs, explained(case, ours, theirs)));
        }
    }
    for (typed, ours, theirs, why) in &disagreements {
        println!(
            "{typed:<28} ours {ours:<5} libphonenumber {theirs:<5} {}",
            why.unwrap_or("UNEXPLAINED")
        );
    }
    let agreeing = corpus.len() - disagreements.len();
    println!(
        "{agreeing} of {} agree ({:.2}%)",
        corpus.len(),
        100.0 * agreeing as f64 / corpus.len() as f64
    );
    assert!(agreeing * 100 >= corpus.len() * 99, "fewer than 99% agree");
    let unexplained: Vec<_> = disagreements
        .iter()
        .filter(|d| d.3.is_none())
        .map(|d| &d.0)
        .collect();
    assert!(unexplained.is_empty(), "unexplained: {unexplained:?}");
    for case in HAND_PICKED {
        assert!(case.parse::<PhoneNumber>().is_ok(), "{case} is refused");
    }
}
