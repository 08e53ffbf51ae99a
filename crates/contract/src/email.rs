use crate::CharClass;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The longest address SMTP can carry in a path (RFC 5321, 4.5.3.1.3).
const MAX_ADDRESS_OCTETS: usize = 254;
const MAX_LOCAL_OCTETS: usize = 64;
const MAX_LABEL_OCTETS: usize = 63;

/// An email address as real mail systems accept it: a dot-atom local part (UTF-8 allowed,
/// as with SMTPUTF8) and a domain of at least two valid labels, internationalised or not.
///
/// The domain is kept in lower case, so two addresses that differ only in the domain's case
/// are equal; the local part is kept as typed, since its case belongs to the receiving system.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress {
    local: String,
    domain: String,
}

/// Why a text is not an email address, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailError {
    Empty,
    MissingAt,
    MoreThanOneAt,
    MissingLocalPart,
    MissingDomain,
    LocalPartTooLong,
    TooLong,
    InvalidCharacter(char),
    MisplacedDot,
    DomainNeedsDot,
    InvalidDomainLabel(String),
    NumericTopLevelDomain,
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmailError::Empty => f.write_str("Enter your email address."),
            EmailError::MissingAt => {
                f.write_str("An email address needs an @, as in name@example.com.")
            }
            EmailError::MoreThanOneAt => f.write_str("An email address has only one @."),
            EmailError::MissingLocalPart => f.write_str("Enter the part before the @."),
            EmailError::MissingDomain => {
                f.write_str("Enter the domain after the @, as in example.com.")
            }
            EmailError::LocalPartTooLong => {
                f.write_str("The part before the @ is too long (64 characters at most).")
            }
            EmailError::TooLong => {
                f.write_str("This email address is too long (254 characters at most).")
            }
            EmailError::InvalidCharacter(c) if c.is_whitespace() => {
                f.write_str("An email address cannot contain spaces.")
            }
            EmailError::InvalidCharacter(c) => {
                write!(
                    f,
                    "An email address cannot contain the character \u{201c}{c}\u{201d}."
                )
            }
            EmailError::MisplacedDot => f.write_str(
                "A dot cannot start or end the part before the @, or follow another dot.",
            ),
            EmailError::DomainNeedsDot => {
                f.write_str("The domain after the @ needs a dot, as in example.com.")
            }
            EmailError::InvalidDomainLabel(label) => {
                write!(
                    f,
                    "\u{201c}{label}\u{201d} is not a valid part of a domain name."
                )
            }
            EmailError::NumericTopLevelDomain => {
                f.write_str("The domain must end in a name such as .com, not a number.")
            }
        }
    }
}

impl std::error::Error for EmailError {}

impl EmailAddress {
    /// The part before the `@`, as typed.
    pub fn local_part(&self) -> &str {
        &self.local
    }

    /// The domain, in lower case.
    pub fn domain(&self) -> &str {
        &self.domain
    }
}

/// Printable ASCII that RFC 5322 allows in an atom, besides letters and digits.
fn is_atext_symbol(c: char) -> bool {
    "!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_atext_symbol(c) || (!c.is_ascii() && c.is_alphanumeric())
}

fn check_local(local: &str) -> Result<(), EmailError> {
    if local.is_empty() {
        return Err(EmailError::MissingLocalPart);
    }
    if local.len() > MAX_LOCAL_OCTETS {
        return Err(EmailError::LocalPartTooLong);
    }
    if let Some(bad) = local.chars().find(|&c| c != '.' && !is_local_char(c)) {
        return Err(EmailError::InvalidCharacter(bad));
    }
    if local.split('.').any(str::is_empty) {
        return Err(EmailError::MisplacedDot);
    }
    Ok(())
}

/// Combining marks, which follow a letter in internationalised labels: lower-casing `İ` gives
/// `i` and U+0307, so a label must accept what its own lower case contains.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

fn check_label(label: &str) -> Result<(), EmailError> {
    let valid = !label.is_empty()
        && label.len() <= MAX_LABEL_OCTETS
        && !label.starts_with('-')
        && !label.ends_with('-')
        && !label.starts_with(is_combining_mark)
        && label
            .chars()
            .all(|c| c == '-' || CharClass::Alphanumeric.holds(c) || is_combining_mark(c));
    if valid {
        Ok(())
    } else {
        Err(EmailError::InvalidDomainLabel(label.to_owned()))
    }
}

fn check_domain(domain: &str) -> Result<(), EmailError> {
    if domain.is_empty() {
        return Err(EmailError::MissingDomain);
    }
    if let Some(bad) = domain.chars().find(|c| c.is_whitespace()) {
        return Err(EmailError::InvalidCharacter(bad));
    }
    if !domain.contains('.') {
        return Err(EmailError::DomainNeedsDot);
    }
    for label in domain.split('.') {
        check_label(label)?;
    }
    let top = domain.rsplit('.').next().unwrap_or_default();
    if top.chars().all(|c| c.is_ascii_digit()) {
        return Err(EmailError::NumericTopLevelDomain);
    }
    Ok(())
}

impl FromStr for EmailAddress {
    type Err = EmailError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let address = input.trim();
        if address.is_empty() {
            return Err(EmailError::Empty);
        }
        let (local, domain) = address.split_once('@').ok_or(EmailError::MissingAt)?;
        if domain.contains('@') {
            return Err(EmailError::MoreThanOneAt);
        }
        check_local(local)?;
        // The stored form is checked, not the typed one, so that parsing it again gives it back.
        let domain = crate::lowercase(domain);
        check_domain(&domain)?;
        if local.len() + 1 + domain.len() > MAX_ADDRESS_OCTETS {
            return Err(EmailError::TooLong);
        }
        Ok(EmailAddress {
            local: local.to_owned(),
            domain,
        })
    }
}

impl TryFrom<&str> for EmailAddress {
    type Error = EmailError;

    fn try_from(input: &str) -> Result<Self, Self::Error> {
        input.parse()
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;

    fn try_from(input: String) -> Result<Self, Self::Error> {
        input.parse()
    }
}

impl From<EmailAddress> for String {
    fn from(address: EmailAddress) -> String {
        address.to_string()
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local, self.domain)
    }
}
