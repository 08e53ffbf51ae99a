use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// E.164 allows at most fifteen digits, calling code included.
const MAX_E164_DIGITS: usize = 15;

/// A country or territory with its calling code and the lengths its national significant
/// numbers may have (trunk prefix excluded), after ITU-T E.164 assignments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CallingCode {
    /// ISO 3166-1 alpha-2 code.
    pub iso: &'static str,
    /// English short name.
    pub name: &'static str,
    /// The calling code's digits, without `+`.
    pub code: &'static str,
    /// The shortest national significant number.
    pub min_digits: u8,
    /// The longest national significant number.
    pub max_digits: u8,
}

const fn cc(
    iso: &'static str,
    name: &'static str,
    code: &'static str,
    min: u8,
    max: u8,
) -> CallingCode {
    CallingCode {
        iso,
        name,
        code,
        min_digits: min,
        max_digits: max,
    }
}

/// Sorted by name, so that a picker can show it as it is. Where several countries share a
/// code (`+1`, `+7`), they share the length rules too, and the first listed is the one a
/// bare number is attributed to.
static CALLING_CODES: &[CallingCode] = &[
    cc("AF", "Afghanistan", "93", 9, 9),
    cc("DZ", "Algeria", "213", 8, 9),
    cc("AR", "Argentina", "54", 10, 11),
    cc("AU", "Australia", "61", 9, 9),
    cc("AT", "Austria", "43", 4, 13),
    cc("BD", "Bangladesh", "880", 6, 10),
    cc("BE", "Belgium", "32", 8, 9),
    cc("BR", "Brazil", "55", 10, 11),
    cc("BG", "Bulgaria", "359", 7, 9),
    cc("KH", "Cambodia", "855", 8, 9),
    cc("CA", "Canada", "1", 10, 10),
    cc("CL", "Chile", "56", 9, 9),
    cc("CN", "China", "86", 7, 12),
    cc("CO", "Colombia", "57", 8, 10),
    cc("HR", "Croatia", "385", 8, 9),
    cc("CZ", "Czechia", "420", 9, 9),
    cc("DK", "Denmark", "45", 8, 8),
    cc("EG", "Egypt", "20", 8, 10),
    cc("EE", "Estonia", "372", 7, 8),
    cc("FI", "Finland", "358", 5, 12),
    cc("FR", "France", "33", 9, 9),
    cc("GE", "Georgia", "995", 9, 9),
    cc("DE", "Germany", "49", 6, 13),
    cc("GR", "Greece", "30", 10, 10),
    cc("HK", "Hong Kong", "852", 8, 8),
    cc("HU", "Hungary", "36", 8, 9),
    cc("IS", "Iceland", "354", 7, 9),
    cc("IN", "India", "91", 10, 10),
    cc("ID", "Indonesia", "62", 8, 12),
    cc("IR", "Iran", "98", 10, 10),
    cc("IE", "Ireland", "353", 7, 10),
    cc("IL", "Israel", "972", 8, 9),
    cc("IT", "Italy", "39", 6, 11),
    cc("JP", "Japan", "81", 9, 10),
    cc("JO", "Jordan", "962", 8, 9),
    cc("KZ", "Kazakhstan", "7", 10, 10),
    cc("KE", "Kenya", "254", 9, 10),
    cc("KW", "Kuwait", "965", 8, 8),
    cc("LV", "Latvia", "371", 8, 8),
    cc("LB", "Lebanon", "961", 7, 8),
    cc("LT", "Lithuania", "370", 8, 8),
    cc("LU", "Luxembourg", "352", 4, 11),
    cc("MO", "Macao", "853", 8, 8),
    cc("MY", "Malaysia", "60", 8, 10),
    cc("MV", "Maldives", "960", 7, 7),
    cc("MX", "Mexico", "52", 10, 10),
    cc("MA", "Morocco", "212", 9, 9),
    cc("MM", "Myanmar", "95", 7, 10),
    cc("NP", "Nepal", "977", 8, 10),
    cc("NL", "Netherlands", "31", 9, 9),
    cc("NZ", "New Zealand", "64", 8, 10),
    cc("NG", "Nigeria", "234", 7, 10),
    cc("NO", "Norway", "47", 8, 8),
    cc("PK", "Pakistan", "92", 8, 11),
    cc("PE", "Peru", "51", 8, 9),
    cc("PH", "Philippines", "63", 8, 10),
    cc("PL", "Poland", "48", 9, 9),
    cc("PT", "Portugal", "351", 9, 9),
    cc("QA", "Qatar", "974", 8, 8),
    cc("RO", "Romania", "40", 9, 9),
    cc("RU", "Russia", "7", 10, 10),
    cc("SA", "Saudi Arabia", "966", 9, 9),
    cc("SG", "Singapore", "65", 8, 8),
    cc("SK", "Slovakia", "421", 9, 9),
    cc("SI", "Slovenia", "386", 8, 8),
    cc("ZA", "South Africa", "27", 9, 9),
    cc("KR", "South Korea", "82", 8, 11),
    cc("ES", "Spain", "34", 9, 9),
    cc("LK", "Sri Lanka", "94", 9, 9),
    cc("SE", "Sweden", "46", 7, 10),
    cc("CH", "Switzerland", "41", 9, 9),
    cc("TW", "Taiwan", "886", 8, 9),
    cc("TH", "Thailand", "66", 8, 9),
    cc("TN", "Tunisia", "216", 8, 8),
    cc("TR", "Türkiye", "90", 10, 10),
    cc("UA", "Ukraine", "380", 9, 9),
    cc("AE", "United Arab Emirates", "971", 8, 9),
    cc("GB", "United Kingdom", "44", 7, 10),
    cc("US", "United States", "1", 10, 10),
    cc("UZ", "Uzbekistan", "998", 9, 9),
    cc("VE", "Venezuela", "58", 10, 10),
    cc("VN", "Vietnam", "84", 9, 10),
];

/// The countries a phone number can belong to, sorted by name.
pub fn calling_codes() -> &'static [CallingCode] {
    CALLING_CODES
}

impl CallingCode {
    /// The country with this ISO 3166-1 alpha-2 code, in any case.
    pub fn by_iso(iso: &str) -> Option<&'static CallingCode> {
        CALLING_CODES
            .iter()
            .find(|entry| entry.iso.eq_ignore_ascii_case(iso))
    }

    /// The country a number's digits (calling code first) start with. Calling codes are
    /// prefix-free, so at most one code matches; `+1` and `+7` prefer US and Russia.
    fn of_digits(digits: &str) -> Option<&'static CallingCode> {
        let preferred = |entry: &&CallingCode| !matches!(entry.iso, "CA" | "KZ");
        (1..=3)
            .filter_map(|len| digits.get(..len))
            .find_map(|prefix| {
                let mut matching = CALLING_CODES.iter().filter(|entry| entry.code == prefix);
                let first = matching.clone().find(preferred);
                first.or_else(|| matching.next())
            })
    }
}

/// A phone number in E.164 form, `+<calling code><national number>`, whose calling code is known
/// and whose length is possible for that country.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber {
    digits: String,
    country: &'static CallingCode,
}

/// Why a text is not a phone number, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    InvalidCharacter(char),
    UnknownCallingCode,
    TooShort { country: &'static str, min: u8 },
    TooLong { country: &'static str, max: u8 },
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneError::Empty => f.write_str("Enter your mobile phone number."),
            PhoneError::InvalidCharacter(c) => write!(
                f,
                "A phone number has only digits, spaces, dashes and parentheses, not \u{201c}{c}\u{201d}."
            ),
            PhoneError::UnknownCallingCode => f.write_str(
                "Start with a country calling code such as +1 or +49, or choose the country.",
            ),
            PhoneError::TooShort { country, min } => write!(
                f,
                "This number is too short for {country}: it needs at least {min} digits after the country code."
            ),
            PhoneError::TooLong { country, max } => write!(
                f,
                "This number is too long for {country}: it has at most {max} digits after the country code."
            ),
        }
    }
}

impl std::error::Error for PhoneError {}

/// The digits of a typed number, with the separators people type dropped.
fn digits_of(input: &str) -> Result<String, PhoneError> {
    let mut digits = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' | '.' | '\u{a0}' => {}
            other => return Err(PhoneError::InvalidCharacter(other)),
        }
    }
    Ok(digits)
}

impl PhoneNumber {
    /// The number as typed with a country chosen in a picker: a leading trunk `0` is dropped,
    /// and a number typed with `+` or `00` stands on its own.
    pub fn parse_national(country: &CallingCode, input: &str) -> Result<PhoneNumber, PhoneError> {
        let trimmed = input.trim();
        if trimmed.starts_with('+') || trimmed.starts_with("00") {
            return trimmed.parse();
        }
        let national = digits_of(trimmed)?;
        if national.is_empty() {
            return Err(PhoneError::Empty);
        }
        let national = national.strip_prefix('0').unwrap_or(&national);
        format!("+{}{}", country.code, national).parse()
    }

    /// `+` and the digits.
    pub fn e164(&self) -> String {
        format!("+{}", self.digits)
    }

    /// The country the calling code names.
    pub fn country(&self) -> &'static CallingCode {
        self.country
    }

    /// The digits after the calling code.
    pub fn national_number(&self) -> &str {
        &self.digits[self.country.code.len()..]
    }
}

impl FromStr for PhoneNumber {
    type Err = PhoneError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PhoneError::Empty);
        }
        let rest = trimmed.strip_prefix('+').unwrap_or(trimmed);
        let mut digits = digits_of(rest)?;
        if digits.is_empty() {
            return Err(PhoneError::Empty);
        }
        if !trimmed.starts_with('+') && digits.starts_with("00") {
            digits.drain(..2);
        }
        let country = CallingCode::of_digits(&digits).ok_or(PhoneError::UnknownCallingCode)?;
        let national = digits.len() - country.code.len();
        if national < usize::from(country.min_digits) {
            return Err(PhoneError::TooShort {
                country: country.name,
                min: country.min_digits,
            });
        }
        if national > usize::from(country.max_digits) || digits.len() > MAX_E164_DIGITS {
            return Err(PhoneError::TooLong {
                country: country.name,
                max: country.max_digits,
            });
        }
        Ok(PhoneNumber { digits, country })
    }
}

impl TryFrom<&str> for PhoneNumber {
    type Error = PhoneError;

    fn try_from(input: &str) -> Result<Self, Self::Error> {
        input.parse()
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;

    fn try_from(input: String) -> Result<Self, Self::Error> {
        input.parse()
    }
}

impl From<PhoneNumber> for String {
    fn from(number: PhoneNumber) -> String {
        number.e164()
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.digits)
    }
}
