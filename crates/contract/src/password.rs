use crate::Account;
use crate::CharClass;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Passwords people choose most often, of eight characters or more (shorter ones already fail
/// the length rule). Compared without regard to case.
const COMMON_PASSWORDS: &[&str] = &[
    "password",
    "12345678",
    "123456789",
    "1234567890",
    "12345678910",
    "qwertyuiop",
    "qwerty123",
    "password1",
    "password123",
    "password!",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "iloveyou",
    "11111111",
    "00000000",
    "88888888",
    "87654321",
    "abcd1234",
    "abc12345",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "qwe12345",
    "zaq12wsx",
    "1qaz2wsx",
    "asdfghjkl",
    "asdf1234",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "starwars",
    "whatever",
    "trustno1",
    "letmein1",
    "welcome1",
    "welcome123",
    "admin123",
    "administrator",
    "changeme",
    "default1",
    "qwertyui",
    "aa123456",
    "a1234567",
    "q1w2e3r4",
    "computer",
    "michelle",
    "jennifer",
    "1234qwer",
    "11223344",
    "12341234",
    "123123123",
    "123456abc",
    "987654321",
    "password12",
    "uniview1",
    "uniview123",
    "ezcloud1",
    "ezcloud123",
    "unvlink123",
];

/// The rules a new password must meet, as data, so that a backend can state them and a form can
/// show them as a checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordPolicy {
    /// The fewest characters (Unicode scalar values).
    pub min_length: u16,
    /// The most characters.
    pub max_length: u16,
    /// How many of the four classes (lower case, upper case, digit, symbol) must appear; 0 for none.
    pub required_classes: u8,
    /// Whether the password may contain the account's email local part or phone number.
    pub allow_account_name: bool,
    /// Passwords refused outright, compared without regard to case.
    pub blocklist: Vec<String>,
}

/// One rule of a policy, as a checklist line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "rule", content = "value")]
pub enum PasswordRule {
    MinLength(u16),
    MaxLength(u16),
    CharacterClasses(u8),
    NotAccountName,
    NotCommon,
}

impl fmt::Display for PasswordRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordRule::MinLength(n) => write!(f, "At least {n} characters"),
            PasswordRule::MaxLength(n) => write!(f, "At most {n} characters"),
            PasswordRule::CharacterClasses(n) => write!(
                f,
                "At least {n} of: lower-case letters, capital letters, digits, special characters"
            ),
            PasswordRule::NotAccountName => {
                f.write_str("Does not contain the part of your email address before the @, or your phone number")
            }
            PasswordRule::NotCommon => f.write_str("Is not a commonly used password"),
        }
    }
}

impl Default for PasswordPolicy {
    /// NIST SP 800-63B: 8 to 64 characters, any Unicode, no composition rule, not a common
    /// password, not the account's own name.
    fn default() -> Self {
        PasswordPolicy {
            min_length: 8,
            max_length: 64,
            required_classes: 0,
            allow_account_name: false,
            blocklist: COMMON_PASSWORDS
                .iter()
                .map(|word| (*word).to_owned())
                .collect(),
        }
    }
}

fn character_classes(candidate: &str) -> u8 {
    let has = |test: &dyn Fn(char) -> bool| u8::from(candidate.chars().any(test));
    has(&|c| CharClass::Lowercase.holds(c))
        + has(&|c| CharClass::Uppercase.holds(c))
        + has(&|c| CharClass::Numeric.holds(c))
        + has(&|c| !CharClass::Alphanumeric.holds(c) && !c.is_whitespace())
}

fn contains_account(candidate: &str, account: &Account) -> bool {
    let lowered = crate::lowercase(candidate);
    let name = match account {
        Account::Email(email) => crate::lowercase(email.local_part()),
        Account::Phone(phone) => phone.national_number().to_owned(),
    };
    // A name of one or two letters would forbid half the alphabet.
    name.chars().count() >= 3 && lowered.contains(&name)
}

impl PasswordPolicy {
    /// Every rule of this policy, in checklist order.
    pub fn rules(&self) -> Vec<PasswordRule> {
        let mut rules = vec![PasswordRule::MinLength(self.min_length)];
        rules.push(PasswordRule::MaxLength(self.max_length));
        if self.required_classes > 0 {
            rules.push(PasswordRule::CharacterClasses(self.required_classes));
        }
        if !self.allow_account_name {
            rules.push(PasswordRule::NotAccountName);
        }
        if !self.blocklist.is_empty() {
            rules.push(PasswordRule::NotCommon);
        }
        rules
    }

    /// Whether `candidate` meets `rule`; the account rule is met while no account is known.
    pub fn meets(&self, rule: &PasswordRule, candidate: &str, account: Option<&Account>) -> bool {
        let length = candidate.chars().count();
        match rule {
            PasswordRule::MinLength(n) => length >= usize::from(*n),
            PasswordRule::MaxLength(n) => length <= usize::from(*n),
            PasswordRule::CharacterClasses(n) => character_classes(candidate) >= *n,
            PasswordRule::NotAccountName => {
                account.is_none_or(|account| !contains_account(candidate, account))
            }
            PasswordRule::NotCommon => !self
                .blocklist
                .iter()
                .any(|word| word.eq_ignore_ascii_case(candidate)),
        }
    }

    /// Every rule `candidate` does not meet, in checklist order; empty when it is acceptable.
    pub fn unmet(&self, candidate: &str, account: Option<&Account>) -> Vec<PasswordRule> {
        self.rules()
            .into_iter()
            .filter(|rule| !self.meets(rule, candidate, account))
            .collect()
    }
}

/// A password that met a policy for an account. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// Checks `candidate` against `policy`; on refusal, every unmet rule.
    pub fn parse(
        candidate: &str,
        policy: &PasswordPolicy,
        account: Option<&Account>,
    ) -> Result<NewPassword, Vec<PasswordRule>> {
        let unmet = policy.unmet(candidate, account);
        if unmet.is_empty() {
            Ok(NewPassword(candidate.to_owned()))
        } else {
            Err(unmet)
        }
    }

    /// The password itself, to hash or to send.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(********)")
    }
}
