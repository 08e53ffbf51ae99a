use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

const CODE_DIGITS: usize = 6;

/// The six-digit verification code sent to the account. Pasted forms such as `123 456`,
/// `123-456` or full-width digits normalise to `123456`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VerificationCode(String);

/// Why a text is not a verification code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    NotDigits,
    WrongLength(usize),
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Empty => f.write_str("Enter the verification code."),
            CodeError::NotDigits => f.write_str("The verification code has only digits."),
            CodeError::WrongLength(n) => {
                write!(f, "The verification code has 6 digits; this has {n}.")
            }
        }
    }
}

impl std::error::Error for CodeError {}

impl VerificationCode {
    /// The six ASCII digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Keeps codes out of logs and panic messages.
impl fmt::Debug for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VerificationCode(******)")
    }
}

impl FromStr for VerificationCode {
    type Err = CodeError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let mut digits = String::with_capacity(CODE_DIGITS);
        for c in input.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                // Full-width digits, as an East Asian input method types them.
                '\u{ff10}'..='\u{ff19}' => {
                    let value = u32::from(c) - 0xff10;
                    digits.push(char::from_digit(value, 10).unwrap_or('0'));
                }
                ' ' | '-' | '\u{a0}' | '\u{3000}' => {}
                _ => return Err(CodeError::NotDigits),
            }
        }
        match digits.len() {
            0 => Err(CodeError::Empty),
            CODE_DIGITS => Ok(VerificationCode(digits)),
            n => Err(CodeError::WrongLength(n)),
        }
    }
}

impl TryFrom<&str> for VerificationCode {
    type Error = CodeError;

    fn try_from(input: &str) -> Result<Self, Self::Error> {
        input.parse()
    }
}

impl TryFrom<String> for VerificationCode {
    type Error = CodeError;

    fn try_from(input: String) -> Result<Self, Self::Error> {
        input.parse()
    }
}

impl From<VerificationCode> for String {
    fn from(code: VerificationCode) -> String {
        code.0
    }
}

impl fmt::Display for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
