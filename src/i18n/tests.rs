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
            attempts_left: Some(left),
        })
    };
    assert_eq!(attempts(1), "The code is not correct. 1 attempt left.");
    assert_eq!(attempts(4), "The code is not correct. 4 attempts left.");
    assert_eq!(attempts(0), "The code is not correct. 0 attempts left.");
    // A refusal that gives no count says no count, rather than "0 attempts left".
    assert_eq!(
        problem_text(&Problem::WrongCode {
            attempts_left: None
        }),
        "The code is not correct."
    );
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
        "This number is too short (DE): numbers there need at least 6 digits after the country code."
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
            attempts_left: Some(left),
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
    // Arabic's one and two say the number in the noun: no "2 محاولتان".
    assert_eq!(attempts(1), "الرمز غير صحيح. تبقّت محاولة واحدة.");
    assert_eq!(attempts(2), "الرمز غير صحيح. تبقّت محاولتان.");
    assert_eq!(attempts(4), "الرمز غير صحيح. تبقّت 4 محاولات.");
    assert_eq!(attempts(11), "الرمز غير صحيح. تبقّت 11 محاولة.");
    assert_eq!(rule_text(&PasswordRule::MinLength(8)), "8 أحرف على الأقل");
    speak(Locale::ZhCn);
    assert_eq!(attempts(1), "验证码不正确。还剩 1 次机会。");
}

/// Every text of every language, the app's and the backend's, with where it comes from.
fn every_text() -> Vec<(Locale, String, String)> {
    let mut texts = Vec::new();
    let backend_dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/reference-backend/messages"
    );
    for locale in Locale::ALL.iter().copied() {
        let backend = std::fs::read_to_string(format!("{backend_dir}/{}.txt", locale.tag()))
            .unwrap_or_else(|error| panic!("{}: {error}", locale.tag()));
        for source in [file(locale), backend] {
            for line in source.lines().filter(|line| !line.starts_with('#')) {
                if let Some((key, text)) = line.split_once(" = ") {
                    texts.push((locale, key.to_owned(), text.to_owned()));
                }
            }
        }
    }
    texts
}

#[test]
fn french_puts_a_narrow_no_break_space_before_high_marks_and_inside_guillemets() {
    let mut wrong = Vec::new();
    for (locale, key, text) in every_text() {
        if locale != Locale::Fr {
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        for (at, pair) in chars.windows(2).enumerate() {
            let before_mark =
                matches!(pair[1], '?' | '!' | ';' | ':' | '\u{bb}') && pair[0] != '\u{202f}';
            let after_open = pair[0] == '\u{ab}' && pair[1] != '\u{202f}';
            // "https://" and a mark at the very start are not French punctuation.
            let in_url = pair[1] == ':' && chars.get(at + 2) == Some(&'/');
            if (before_mark || after_open) && !in_url {
                wrong.push(format!(
                    "{key}: \u{2026}{}\u{2026}",
                    pair.iter().collect::<String>()
                ));
            }
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn chinese_and_thai_never_join_sentences_with_a_latin_full_stop() {
    // Chinese ends a sentence with "。", Thai with a space; ". " is a sign of text put together
    // in code or copied from English. (Arabic's full stop is U+002E itself, so it is not here.)
    let wrong: Vec<String> = every_text()
        .into_iter()
        .filter(|(locale, _, text)| {
            matches!(locale, Locale::ZhCn | Locale::Th) && text.contains(". ")
        })
        .map(|(locale, key, _)| format!("{}: {key}", locale.tag()))
        .collect();
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn country_names_stand_where_no_article_or_case_is_needed() {
    // Intl.DisplayNames gives a bare nominative ("Allemagne", "Schweiz"): it goes in
    // parentheses or after a colon, never after a preposition that wants an article.
    let wrong: Vec<String> = every_text()
        .into_iter()
        .filter(|(_, key, _)| {
            key.starts_with("PhoneWrongLength")
                || key.starts_with("PhoneTooShort")
                || key.starts_with("PhoneTooLong")
        })
        .filter(|(_, key, text)| {
            let country = if key.starts_with("PhoneWrongLength") {
                "{0}"
            } else {
                "{1}"
            };
            !(text.contains(&format!("({country})"))
                || text.contains(&format!("\u{ff08}{country}"))
                || text.contains(&format!("{country}\u{7684}")))
        })
        .map(|(locale, key, text)| format!("{}: {key}: {text}", locale.tag()))
        .collect();
    assert_eq!(wrong, Vec::<String>::new());
}

/// Whether `line` calls `function` by that name alone (`t(`, not `next(`), or passes it.
fn calls(line: &str, function: &str) -> bool {
    line.match_indices(function).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + function.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && matches!(after, Some('(' | ')' | ','))
    })
}

#[test]
fn no_view_puts_a_sentence_together_in_code() {
    // Word order belongs to each language: a view that formats or joins translated parts
    // itself fixes English's order for all twelve. Such sentences are keys with placeholders
    // (`StepNumbered`, `CountryWithCode`, `ShowField`) or go through `list`.
    let mut wrong = Vec::new();
    for folder in ["src/views", "src/widgets"] {
        let mut files = vec![std::path::PathBuf::from(format!(
            "{}/{folder}",
            env!("CARGO_MANIFEST_DIR")
        ))];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(
                    std::fs::read_dir(&path)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|entry| entry.path()),
                );
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            for (number, line) in source.lines().enumerate() {
                let translated = [
                    "t",
                    "tf",
                    "count",
                    "step_label",
                    "region_name",
                    "rule_text",
                    "name",
                ]
                .iter()
                .any(|function| calls(line, function));
                if translated && (line.contains("format!(") || line.contains(".join(")) {
                    wrong.push(format!(
                        "{}:{}: {}",
                        path.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn combined_sentences_leave_the_order_to_each_language() {
    // The placeholders may move: at least one language orders each combined key otherwise
    // than English, which the test above makes possible and this one shows is used.
    let english = read(Locale::En);
    for key in [Text::ShowField, Text::CountryWithCode, Text::StepNumbered] {
        let position = |catalog: &Catalog| catalog.text(key).find("{0}");
        let moved = Locale::ALL
            .iter()
            .map(|locale| read(*locale))
            .any(|catalog| {
                position(catalog).map(|at| at > 0) != position(english).map(|at| at > 0)
                    || catalog.text(key) != english.text(key)
            });
        assert!(moved, "{key:?}");
    }
    speak(Locale::De);
    assert_eq!(
        tf(Text::ShowField, &["Neues Passwort"]),
        "Neues Passwort anzeigen"
    );
}

/// The rows of the markdown table that starts with `header`, each split into its cells.
fn table(markdown: &str, header: &str) -> Vec<Vec<String>> {
    markdown
        .lines()
        .skip_while(|line| !line.starts_with(header))
        .take_while(|line| line.starts_with('|'))
        .filter(|line| !line.starts_with("| ---"))
        .map(|line| {
            line.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn each_glossary_word_is_used_in_every_key_its_term_names() {
    let glossary = include_str!("glossary.md");
    let places = table(glossary, "| term | keys |");
    let words = table(glossary, "| term | en |");
    assert_eq!(places.len(), 9, "the glossary's first table has 9 terms");
    assert_eq!(words.len(), 9, "the glossary's second table has 8 terms");
    let languages = &words[0][1..];
    assert_eq!(languages.len(), Locale::ALL.len());
    let mut missing = Vec::new();
    for (place, word) in places[1..].iter().zip(&words[1..]) {
        assert_eq!(place[0], word[0], "both tables list the terms in one order");
        for (tag, word) in languages.iter().zip(&word[1..]) {
            let locale = Locale::from_tag(tag).unwrap_or_else(|| panic!("{tag}"));
            let catalog = read(locale);
            for key in place[1].split(", ") {
                let key = <Text as catalog::Keys>::ALL
                    .iter()
                    .find(|known| catalog::Keys::name(**known) == key)
                    .unwrap_or_else(|| panic!("no key {key}"));
                if !catalog
                    .text(*key)
                    .to_lowercase()
                    .contains(&word.to_lowercase())
                {
                    missing.push(format!(
                        "{tag}: {key:?} lacks \u{201c}{word}\u{201d}: {}",
                        catalog.text(*key)
                    ));
                }
            }
        }
    }
    assert_eq!(missing, Vec::<String>::new());
}
