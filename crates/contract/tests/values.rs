//! Table tests of every validated value: what is accepted, what it normalises to, and what is
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! refused with which error.

use contract::{
    Account, CallingCode, Channel, CodeError, EmailAddress, EmailError, NewPassword,
    PasswordPolicy, PasswordRule, PhoneError, PhoneNumber, Region, VerificationCode, calling_codes,
};

#[test]
fn regions_parse_from_their_slugs_and_know_their_sites() {
    let table = [
        (
            "americas",
            Region::Americas,
            "America",
            "https://os.ezcloud.uniview.com/login",
        ),
        (
            "europe",
            Region::Europe,
            "Europe",
            "https://eu.ezcloud.uniview.com/login",
        ),
        (
            "asia-pacific",
            Region::AsiaPacific,
            "Asia-Pacific",
            "https://ap.ezcloud.uniview.com/login",
        ),
    ];
    for (slug, region, name, login) in table {
        assert_eq!(slug.parse::<Region>(), Ok(region));
        assert_eq!(
            format!(" {} ", slug.to_uppercase()).parse::<Region>(),
            Ok(region)
        );
        assert_eq!(region.display_name(), name);
        assert_eq!(region.login_url(), login);
        assert_eq!(region.to_string(), slug);
    }
    for refused in ["", "asia", "eu", "America", "asia_pacific", "europe1"] {
        assert!(
            refused.parse::<Region>().is_err(),
            "{refused:?} should be refused"
        );
    }
}

#[test]
fn regions_are_guessed_from_time_zones() {
    assert_eq!(
        Region::from_time_zone("Europe/Berlin"),
        Some(Region::Europe)
    );
    assert_eq!(
        Region::from_time_zone("America/New_York"),
        Some(Region::Americas)
    );
    assert_eq!(
        Region::from_time_zone("Asia/Singapore"),
        Some(Region::AsiaPacific)
    );
    assert_eq!(
        Region::from_time_zone("Australia/Sydney"),
        Some(Region::AsiaPacific)
    );
    assert_eq!(Region::from_time_zone("Africa/Cairo"), Some(Region::Europe));
    assert_eq!(Region::from_time_zone("UTC"), None);
}

#[test]
fn email_addresses_that_mail_systems_accept() {
    let table = [
        ("service@example.com", "service@example.com"),
        ("  service@example.com\t", "service@example.com"),
        ("Service@EXAMPLE.Com", "Service@example.com"),
        ("first.last@example.co.uk", "first.last@example.co.uk"),
        ("user+tag@example.com", "user+tag@example.com"),
        ("o'connor@example.ie", "o'connor@example.ie"),
        ("a@b.co", "a@b.co"),
        (
            "x_y-z@sub-domain.example.org",
            "x_y-z@sub-domain.example.org",
        ),
        (
            "!#$%&'*+/=?^_`{|}~-@example.com",
            "!#$%&'*+/=?^_`{|}~-@example.com",
        ),
        ("user@xn--bcher-kva.example", "user@xn--bcher-kva.example"),
        ("user@bücher.de", "user@bücher.de"),
        ("user@BÜCHER.DE", "user@bücher.de"),
        ("用户@例子.中国", "用户@例子.中国"),
        ("josé@correo.es", "josé@correo.es"),
        ("1234567890@numbers.com", "1234567890@numbers.com"),
        ("user@123.example.com", "user@123.example.com"),
        ("user@a1.b2", "user@a1.b2"),
    ];
    for (typed, kept) in table {
        let parsed: EmailAddress = typed.parse().unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        assert_eq!(parsed.to_string(), kept, "{typed:?}");
    }
    assert_eq!(
        "A@Example.COM".parse::<EmailAddress>(),
        "A@example.com".parse::<EmailAddress>()
    );
    assert_ne!(
        "A@example.com".parse::<EmailAddress>(),
        "a@example.com".parse::<EmailAddress>()
    );
}

#[test]
fn email_addresses_refused_with_the_reason() {
    let long_local = format!("{}@example.com", "a".repeat(65));
    let long_label = format!("user@{}.com", "a".repeat(64));
    let long_address = format!("user@{}.com", ["abcdefghij"; 25].join("."));
    let table: Vec<(&str, EmailError)> = vec![
        ("", EmailError::Empty),
        ("   ", EmailError::Empty),
        ("service", EmailError::MissingAt),
        ("service.example.com", EmailError::MissingAt),
        ("a@b@example.com", EmailError::MoreThanOneAt),
        ("@example.com", EmailError::MissingLocalPart),
        ("service@", EmailError::MissingDomain),
        ("service@localhost", EmailError::DomainNeedsDot),
        (".service@example.com", EmailError::MisplacedDot),
        ("service.@example.com", EmailError::MisplacedDot),
        ("ser..vice@example.com", EmailError::MisplacedDot),
        ("ser vice@example.com", EmailError::InvalidCharacter(' ')),
        ("service@exa mple.com", EmailError::InvalidCharacter(' ')),
        ("\"quoted\"@example.com", EmailError::InvalidCharacter('"')),
        ("a(b)@example.com", EmailError::InvalidCharacter('(')),
        ("a,b@example.com", EmailError::InvalidCharacter(',')),
        ("a;b@example.com", EmailError::InvalidCharacter(';')),
        ("a<b>@example.com", EmailError::InvalidCharacter('<')),
        (
            "service@-example.com",
            EmailError::InvalidDomainLabel("-example".into()),
        ),
        (
            "service@example-.com",
            EmailError::InvalidDomainLabel("example-".into()),
        ),
        (
            "service@example..com",
            EmailError::InvalidDomainLabel(String::new()),
        ),
        (
            "service@.example.com",
            EmailError::InvalidDomainLabel(String::new()),
        ),
        (
            "service@example.com.",
            EmailError::InvalidDomainLabel(String::new()),
        ),
        (
            "service@exa_mple.com",
            EmailError::InvalidDomainLabel("exa_mple".into()),
        ),
        (
            "service@[127.0.0.1]",
            EmailError::InvalidDomainLabel("[127".into()),
        ),
        ("service@127.0.0.1", EmailError::NumericTopLevelDomain),
        ("service@example.123", EmailError::NumericTopLevelDomain),
        (long_local.as_str(), EmailError::LocalPartTooLong),
        (
            long_label.as_str(),
            EmailError::InvalidDomainLabel("a".repeat(64)),
        ),
        (long_address.as_str(), EmailError::TooLong),
    ];
    for (typed, error) in table {
        assert_eq!(typed.parse::<EmailAddress>(), Err(error), "{typed:?}");
    }
}

#[test]
fn email_error_messages_are_sentences_for_people() {
    for error in [
        EmailError::Empty,
        EmailError::MissingAt,
        EmailError::InvalidCharacter(' '),
    ] {
        let message = error.to_string();
        assert!(message.ends_with('.'), "{message}");
        assert!(
            message.chars().next().is_some_and(char::is_uppercase),
            "{message}"
        );
    }
    assert_eq!(
        EmailError::InvalidCharacter(' ').to_string(),
        "An email address cannot contain spaces."
    );
}

#[test]
fn phone_numbers_in_every_typed_form() {
    let table = [
        ("+4915112345678", "+4915112345678", "DE"),
        ("4915112345678", "+4915112345678", "DE"),
        ("+49 151 1234 5678", "+4915112345678", "DE"),
        ("+49 (151) 1234-5678", "+4915112345678", "DE"),
        ("0049 151 12345678", "+4915112345678", "DE"),
        ("+1 (202) 555-0143", "+12025550143", "US"),
        ("1-202-555-0143", "+12025550143", "US"),
        ("+1.202.555.0143", "+12025550143", "US"),
        ("+65 9123 4567", "+6591234567", "SG"),
        ("+86 138 0013 8000", "+8613800138000", "CN"),
        ("+44 7911 123456", "+447911123456", "GB"),
        ("+33 6 12 34 56 78", "+33612345678", "FR"),
        ("+81 90-1234-5678", "+819012345678", "JP"),
        ("+61 412 345 678", "+61412345678", "AU"),
        ("+91 98765 43210", "+919876543210", "IN"),
        ("+7 912 345 67 89", "+79123456789", "RU"),
        ("+852 9123 4567", "+85291234567", "HK"),
        ("+971 50 123 4567", "+971501234567", "AE"),
        (" +55 11 91234 5678 ", "+5511912345678", "BR"),
        ("+380 67 123 4567", "+380671234567", "UA"),
    ];
    for (typed, e164, iso) in table {
        let number: PhoneNumber = typed.parse().unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        assert_eq!(number.e164(), e164, "{typed:?}");
        assert_eq!(number.country().iso(), iso, "{typed:?}");
    }
}

#[test]
fn phone_numbers_refused_with_the_reason() {
    type Expectation = fn(&PhoneError) -> bool;
    let table: Vec<(&str, Expectation)> = vec![
        ("", |e| *e == PhoneError::Empty),
        ("  ", |e| *e == PhoneError::Empty),
        ("+", |e| *e == PhoneError::Empty),
        ("+()-", |e| *e == PhoneError::Empty),
        ("+49 151 abc", |e| *e == PhoneError::InvalidCharacter('a')),
        ("+49/151/123456", |e| {
            *e == PhoneError::InvalidCharacter('/')
        }),
        ("++4915112345678", |e| {
            *e == PhoneError::InvalidCharacter('+')
        }),
        ("+49 151 1234 5678 ext 9", |e| {
            *e == PhoneError::InvalidCharacter('e')
        }),
        ("phone", |e| *e == PhoneError::InvalidCharacter('p')),
        ("+0 123 456 789", |e| *e == PhoneError::UnknownCallingCode),
        ("+999 123 456 789", |e| *e == PhoneError::UnknownCallingCode),
        // Seven digits are a local number in the US, ten a whole one; nine are neither.
        ("+1 202 555 014", |e| {
            *e == PhoneError::WrongLength { country: "US" }
        }),
        ("+1 202 55", |e| {
            matches!(e, PhoneError::TooShort { min: 7, .. })
        }),
        ("+1 202 555 01434", |e| {
            matches!(e, PhoneError::TooLong { max: 10, .. })
        }),
        ("+65 9123 456", |e| {
            matches!(e, PhoneError::TooShort { min: 8, .. })
        }),
        ("+65 9123 45678", |e| {
            matches!(e, PhoneError::WrongLength { country: "SG" })
        }),
        ("+49 1", |e| {
            matches!(e, PhoneError::TooShort { min: 2, .. })
        }),
        ("+49 1234 5678 9012 34", |e| {
            matches!(e, PhoneError::TooLong { .. })
        }),
        ("+44 12", |e| matches!(e, PhoneError::TooShort { .. })),
        ("+86 1234567890123", |e| {
            matches!(e, PhoneError::TooLong { .. })
        }),
        ("+33 6 12 34 56 7", |e| {
            matches!(e, PhoneError::TooShort { min: 9, .. })
        }),
        ("+1234567890123456", |e| {
            matches!(e, PhoneError::TooLong { .. })
        }),
    ];
    for (typed, expected) in table {
        match typed.parse::<PhoneNumber>() {
            Ok(number) => panic!("{typed:?} was accepted as {number}"),
            Err(error) => assert!(expected(&error), "{typed:?} gave {error:?}"),
        }
    }
}

#[test]
fn phone_numbers_typed_beside_a_country_picker() {
    let germany = contract::CallingCode::by_iso("de").unwrap_or_else(|| panic!("no DE"));
    let national = |typed| PhoneNumber::parse_national(germany, typed).map(|n| n.e164());
    assert_eq!(national("0151 12345678"), Ok("+4915112345678".into()));
    assert_eq!(national("151 12345678"), Ok("+4915112345678".into()));
    assert_eq!(national("+65 9123 4567"), Ok("+6591234567".into()));
    assert_eq!(national(""), Err(PhoneError::Empty));
    assert!(national("0151 1234 x").is_err());
    let too_short = national("0");
    assert!(
        matches!(too_short, Err(PhoneError::TooShort { country: "DE", .. })),
        "{too_short:?}"
    );
    assert_eq!(
        national("0").err().map(|e| e.to_string()),
        Some(
            "This number is too short (DE): numbers there need at least 2 digits after the country code."
                .into()
        )
    );
}

#[test]
fn the_calling_code_table_covers_every_region_and_is_consistent() {
    // The lengths as the generated table lists them, ascending, gaps kept.
    let lengths = |iso: &str| -> Vec<u8> {
        CallingCode::by_iso(iso)
            .map(|country| country.lengths().collect())
            .unwrap_or_default()
    };
    assert_eq!(lengths("AT"), (3..=13).collect::<Vec<u8>>());
    assert_eq!(lengths("AU"), [5, 6, 7, 8, 9, 10, 12]);
    assert_eq!(lengths("ao"), [9]);
    assert_eq!(
        CallingCode::by_iso("AU").map(CallingCode::max_digits),
        Some(12)
    );
    assert_eq!(
        CallingCode::by_iso("AU").map(CallingCode::min_digits),
        Some(5)
    );
    let codes = calling_codes();
    assert!(codes.len() >= 240, "{} regions", codes.len());
    assert!(
        codes.windows(2).all(|pair| pair[0].iso() < pair[1].iso()),
        "sorted by ISO code"
    );
    for entry in codes {
        assert!(entry.code.chars().all(|c| c.is_ascii_digit()) && !entry.code.is_empty());
        assert!(
            entry.lengths().next().is_some(),
            "{} has lengths",
            entry.iso()
        );
        assert!(entry.max_digits() <= 17, "{} fits E.164", entry.iso());
        let shared: Vec<_> = codes
            .iter()
            .filter(|other| other.code == entry.code)
            .collect();
        assert!(
            shared.len() == 1 || shared.iter().filter(|other| other.main).count() == 1,
            "+{} has one main country",
            entry.code
        );
    }
}

#[test]
fn verification_codes_normalise_pasted_forms() {
    for typed in [
        "123456",
        "123 456",
        "123-456",
        " 123456 ",
        "１２３４５６",
        "１２３ ４５６",
        "12 34 56",
    ] {
        assert_eq!(
            typed.parse::<VerificationCode>().map(|c| c.to_string()),
            Ok("123456".into()),
            "{typed:?}"
        );
    }
    assert_eq!("".parse::<VerificationCode>(), Err(CodeError::Empty));
    assert_eq!("  - ".parse::<VerificationCode>(), Err(CodeError::Empty));
    assert_eq!(
        "12345".parse::<VerificationCode>(),
        Err(CodeError::WrongLength(5))
    );
    assert_eq!(
        "1234567".parse::<VerificationCode>(),
        Err(CodeError::WrongLength(7))
    );
    assert_eq!(
        "12a456".parse::<VerificationCode>(),
        Err(CodeError::NotDigits)
    );
    assert_eq!(
        "١٢٣٤٥٦".parse::<VerificationCode>(),
        Err(CodeError::NotDigits)
    );
    let code: VerificationCode = "654321".parse().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !format!("{code:?}").contains("654321"),
        "Debug must not leak the code"
    );
}

fn account(channel: Channel, typed: &str) -> Account {
    Account::parse(channel, typed).unwrap_or_else(|e| panic!("{typed:?}: {e}"))
}

#[test]
fn accounts_are_masked_as_ezcloud_shows_them() {
    let table = [
        (Channel::Email, "service@example.com", "ser****.com"),
        (Channel::Email, "al@example.org", "al****.org"),
        (Channel::Email, "chen@mail.example.com.sg", "che****.sg"),
        (Channel::Email, "jörg@bücher.de", "jör****.de"),
        (Channel::Sms, "+4915112345678", "+49 ****5678"),
        (Channel::Sms, "+1 202 555 0143", "+1 ****0143"),
        (Channel::Sms, "+6591234567", "+65 ****4567"),
    ];
    for (channel, typed, masked) in table {
        let parsed = account(channel, typed);
        assert_eq!(parsed.masked(), masked);
        assert_eq!(parsed.channel(), channel);
    }
    assert!(Account::parse(Channel::Email, "+4915112345678").is_err());
    assert!(Account::parse(Channel::Sms, "service@example.com").is_err());
}

#[test]
fn channels_have_wire_names() {
    assert_eq!(Channel::from_name("email"), Some(Channel::Email));
    assert_eq!(Channel::from_name("sms"), Some(Channel::Sms));
    assert_eq!(Channel::from_name("phone"), Some(Channel::Sms));
    assert_eq!(Channel::from_name("fax"), None);
    assert_eq!(Channel::Sms.as_str(), "sms");
}

#[test]
fn the_default_policy_is_nist() {
    let policy = PasswordPolicy::default();
    assert_eq!(
        (
            policy.min_length,
            policy.max_length,
            policy.required_classes
        ),
        (8, 64, 0)
    );
    assert!(!policy.allow_account_name);
    assert_eq!(
        policy.rules(),
        vec![
            PasswordRule::MinLength(8),
            PasswordRule::MaxLength(64),
            PasswordRule::NotAccountName,
            PasswordRule::NotCommon
        ]
    );
    let alice = account(Channel::Email, "alice@example.com");
    assert_eq!(
        policy.unmet("correct horse battery staple", Some(&alice)),
        vec![]
    );
    assert_eq!(
        policy.unmet("пароль-надёжный", Some(&alice)),
        vec![],
        "any Unicode"
    );
    assert_eq!(
        policy.unmet("short", None),
        vec![PasswordRule::MinLength(8)]
    );
    assert_eq!(
        policy.unmet(&"x".repeat(65), None),
        vec![PasswordRule::MaxLength(64)]
    );
    assert_eq!(
        policy.unmet("PassWord", None),
        vec![PasswordRule::NotCommon]
    );
    assert_eq!(
        policy.unmet("my-ALICE-pass", Some(&alice)),
        vec![PasswordRule::NotAccountName]
    );
    assert_eq!(policy.unmet("my-ALICE-pass", None), vec![]);
    let bruno = account(Channel::Sms, "+4915112345678");
    assert_eq!(
        policy.unmet("x15112345678x", Some(&bruno)),
        vec![PasswordRule::NotAccountName]
    );
    assert_eq!(
        policy.unmet("", Some(&alice)),
        vec![PasswordRule::MinLength(8)],
        "an empty password fails only on length"
    );
    assert_eq!(
        policy.unmet("ééééééé", None),
        vec![PasswordRule::MinLength(8)],
        "counts characters, not bytes"
    );
}

#[test]
fn a_stricter_policy_reports_every_unmet_rule() {
    let policy = PasswordPolicy {
        min_length: 10,
        max_length: 20,
        required_classes: 3,
        allow_account_name: true,
        blocklist: vec!["letmein123".into()],
    };
    assert_eq!(
        policy.unmet("letmein123", None),
        vec![PasswordRule::CharacterClasses(3), PasswordRule::NotCommon]
    );
    assert_eq!(
        policy.unmet("abc", None),
        vec![
            PasswordRule::MinLength(10),
            PasswordRule::CharacterClasses(3)
        ]
    );
    assert_eq!(policy.unmet("Abcdefgh1!", None), vec![]);
    let alice = account(Channel::Email, "alice@example.com");
    assert_eq!(
        policy.unmet("Alice-12345", Some(&alice)),
        vec![],
        "account names allowed here"
    );
    let password =
        NewPassword::parse("Abcdefgh1!", &policy, None).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(password.expose(), "Abcdefgh1!");
    assert!(!format!("{password:?}").contains("Abcdefgh1!"));
    assert_eq!(
        NewPassword::parse("abc", &policy, None)
            .err()
            .map(|rules| rules.len()),
        Some(2)
    );
}

#[test]
fn password_rules_read_as_checklist_lines() {
    assert_eq!(
        PasswordRule::MinLength(8).to_string(),
        "At least 8 characters"
    );
    assert_eq!(
        PasswordRule::NotCommon.to_string(),
        "Is not a commonly used password"
    );
}
