use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// E.164 allows at most fifteen digits, calling code included.
const MAX_E164_DIGITS: usize = 15;

mod table;

use table::CALLING_CODES;
pub use table::LIBPHONENUMBER;

/// A country or territory with its calling code, its national (trunk) prefix and the lengths
/// its national significant numbers may have, from libphonenumber's metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CallingCode {
    /// ISO 3166-1 alpha-2 code ([`CallingCode::iso`]).
    iso: [u8; 2],
    /// The calling code's digits, without `+`.
    pub code: &'static str,
    /// The prefix dialled before a national number inside the country (`0` in the UK, `8` in
    /// Russia), which is not part of the number; empty where there is none (Italy).
    pub national_prefix: &'static str,
    /// Every possible length of a national significant number, as bits: bit `n` is set when
    /// a number may have `n` digits. A mask rather than a list keeps the table of 245
    /// countries free of pointers, which compress poorly.
    lengths: u32,
    /// Whether a number with this calling code is the country's when several share it (`+1`
    /// is the United States').
    pub main: bool,
}

impl CallingCode {
    pub(crate) const fn new(
        iso: &'static str,
        code: &'static str,
        national_prefix: &'static str,
        lengths: &'static [u8],
        main: bool,
    ) -> CallingCode {
        let mut mask = 0;
        let mut index = 0;
        while index < lengths.len() {
            // No country's numbers reach 32 digits (E.164 allows fifteen); a table that said
            // otherwise fails to build.
            mask |= 1 << lengths[index];
            index += 1;
        }
        let iso = iso.as_bytes();
        CallingCode {
            // Two letters from the generator; a shorter code fails the build.
            iso: [iso[0], iso[1]],
            code,
            national_prefix,
            lengths: mask,
            main,
        }
    }

    /// ISO 3166-1 alpha-2 code; the app names the country in the page's language from it.
    pub fn iso(&self) -> &str {
        std::str::from_utf8(&self.iso).unwrap_or_default()
    }

    /// Every possible length of a national significant number, ascending.
    pub fn lengths(&self) -> impl DoubleEndedIterator<Item = u8> + '_ {
        (0..32).filter(|length| self.lengths & (1 << length) != 0)
    }

    /// The shortest national significant number.
    pub fn min_digits(&self) -> u8 {
        self.lengths().next().unwrap_or(0)
    }

    /// The longest national significant number.
    pub fn max_digits(&self) -> u8 {
        self.lengths().next_back().unwrap_or(0)
    }

    fn allows(&self, national: &str) -> bool {
        national.len() < 32 && self.lengths & (1 << national.len()) != 0
    }

    /// `national` without its national prefix, where libphonenumber's rule (on lengths) drops
    /// it: it starts with the prefix, and dropping it leaves a possible number or keeping it
    /// leaves none.
    fn strips<'a>(&self, national: &'a str) -> Option<&'a str> {
        let stripped = national.strip_prefix(self.national_prefix)?;
        (!self.national_prefix.is_empty() && (self.allows(stripped) || !self.allows(national)))
            .then_some(stripped)
    }

    /// `national` as a number of this country: without the national prefix typed at home
    /// (`+44 (0) 7700 900123` is `+44 7700 900123`, Russia's `8 800 …` is `+7 800 …`), unless
    /// what is left would lose a prefix again, so that a number read from its own E.164 form
    /// stays the same (normalising twice changes nothing).
    fn without_national_prefix<'a>(&self, national: &'a str) -> &'a str {
        match self.strips(national) {
            Some(stripped) if self.strips(stripped).is_none() => stripped,
            _ => national,
        }
    }

    /// The country with this ISO 3166-1 alpha-2 code, in any case.
    pub fn by_iso(iso: &str) -> Option<&'static CallingCode> {
        CALLING_CODES
            .iter()
            .find(|entry| entry.iso().eq_ignore_ascii_case(iso))
    }

    /// The country a number's digits (calling code first) start with: calling codes are
    /// prefix-free, so one code matches, and where countries share it the main one.
    fn of_digits(digits: &str) -> Option<&'static CallingCode> {
        (1..=3)
            .filter_map(|len| digits.get(..len))
            .find_map(|prefix| {
                let mut matching = CALLING_CODES.iter().filter(|entry| entry.code == prefix);
                let main = matching.clone().find(|entry| entry.main);
                main.or_else(|| matching.next())
            })
    }
}

/// A regular expression (ECMA 262, as JSON Schema reads it) for E.164 numbers: `+`, a calling
/// code, and a national number of a length that code's country has, fifteen digits at most.
/// [`PhoneNumber`] accepts every number it matches, and it matches every number kept as
/// written; other forms (spaces, `00`, a national prefix after the code) are accepted too and
/// normalise to one of these.
#[cfg(feature = "openapi")]
pub fn e164_pattern() -> String {
    let mut codes: Vec<&'static CallingCode> = Vec::new();
    for entry in CALLING_CODES {
        if !codes.iter().any(|known| known.code == entry.code) {
            // The country the number is read as, where several share the code.
            codes.extend(CallingCode::of_digits(entry.code));
        }
    }
    let alternatives: Vec<String> = codes
        .iter()
        .map(|country| {
            let lengths: Vec<u8> = country
                .lengths()
                .filter(|length| country.code.len() + usize::from(*length) <= MAX_E164_DIGITS)
                .collect();
            let mut runs: Vec<(u8, u8)> = Vec::new();
            for length in lengths {
                match runs.last_mut() {
                    Some((_, end)) if *end + 1 == length => *end = length,
                    _ => runs.push((length, length)),
                }
            }
            let runs: Vec<String> = runs
                .into_iter()
                .map(|(start, end)| {
                    if start == end {
                        format!("[0-9]{{{start}}}")
                    } else {
                        format!("[0-9]{{{start},{end}}}")
                    }
                })
                .collect();
            format!("{}(?:{})", country.code, runs.join("|"))
        })
        .collect();
    format!("^\\+(?:{})$", alternatives.join("|"))
}

/// Every country and territory that has a calling code, by ISO code.
pub fn calling_codes() -> &'static [CallingCode] {
    CALLING_CODES
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
    /// Shorter than any number of the country (named by ISO code).
    TooShort {
        country: &'static str,
        min: u8,
    },
    /// Longer than any number of the country.
    TooLong {
        country: &'static str,
        max: u8,
    },
    /// Between the country's shortest and longest, yet no number there has this length.
    WrongLength {
        country: &'static str,
    },
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
                "This number is too short ({country}): numbers there need at least {min} digits after the country code."
            ),
            PhoneError::TooLong { country, max } => write!(
                f,
                "This number is too long ({country}): numbers there can have at most {max} digits after the country code."
            ),
            PhoneError::WrongLength { country } => write!(
                f,
                "No phone number in this country ({country}) has this many digits after the country code."
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
    pub fn parse_national(
        country: &'static CallingCode,
        input: &str,
    ) -> Result<PhoneNumber, PhoneError> {
        let trimmed = input.trim();
        if trimmed.starts_with('+') || trimmed.starts_with("00") {
            return trimmed.parse();
        }
        let national = digits_of(trimmed)?;
        if national.is_empty() {
            return Err(PhoneError::Empty);
        }
        PhoneNumber::checked(country, country.without_national_prefix(&national))
    }

    /// `national` as a number of `country`, if its length is one the country has.
    fn checked(country: &'static CallingCode, national: &str) -> Result<PhoneNumber, PhoneError> {
        let length = national.len();
        if length < usize::from(country.min_digits()) {
            return Err(PhoneError::TooShort {
                country: country.iso(),
                min: country.min_digits(),
            });
        }
        if length > usize::from(country.max_digits())
            || country.code.len() + length > MAX_E164_DIGITS
        {
            return Err(PhoneError::TooLong {
                country: country.iso(),
                max: country.max_digits(),
            });
        }
        if !country.allows(national) {
            return Err(PhoneError::WrongLength {
                country: country.iso(),
            });
        }
        Ok(PhoneNumber {
            digits: format!("{}{national}", country.code),
            country,
        })
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
        let national = &digits[country.code.len()..];
        PhoneNumber::checked(country, country.without_national_prefix(national))
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
