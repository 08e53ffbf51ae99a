use crate::{EmailAddress, EmailError, PhoneError, PhoneNumber};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How the account is identified and where its code goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    /// The wire name, also used in URLs and storage.
    pub const fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    /// Parses the wire name.
    pub fn from_name(name: &str) -> Option<Channel> {
        match name.trim() {
            "email" => Some(Channel::Email),
            "sms" | "phone" => Some(Channel::Sms),
            _ => None,
        }
    }
}

/// An EZCloud account, known by the email address or the phone number it signed up with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Account {
    Email(EmailAddress),
    Phone(PhoneNumber),
}

/// Why a text does not name an account on the chosen channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountError {
    Email(EmailError),
    Phone(PhoneError),
}

impl fmt::Display for AccountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccountError::Email(error) => error.fmt(f),
            AccountError::Phone(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for AccountError {}

/// Shows at most `keep` characters of `text`, counted from the start.
fn first_chars(text: &str, keep: usize) -> &str {
    text.char_indices()
        .nth(keep)
        .map_or(text, |(end, _)| &text[..end])
}

impl Account {
    /// Parses `input` as the kind of identifier `channel` takes.
    pub fn parse(channel: Channel, input: &str) -> Result<Account, AccountError> {
        match channel {
            Channel::Email => input
                .parse()
                .map(Account::Email)
                .map_err(AccountError::Email),
            Channel::Sms => input
                .parse()
                .map(Account::Phone)
                .map_err(AccountError::Phone),
        }
    }

    /// The account as accounts are matched: an email address in lower case whole, since
    /// people type `ALICE@EXAMPLE.COM` for `alice@example.com` and every mail provider treats
    /// them alike (an address whose lower case is no address, as with `İ`, stays as typed); a
    /// phone number as it is, already in E.164. Folding again changes nothing.
    pub fn folded(&self) -> Account {
        match self {
            Account::Email(email) => crate::lowercase(&email.to_string())
                .parse()
                .map_or_else(|_| self.clone(), Account::Email),
            Account::Phone(_) => self.clone(),
        }
    }

    /// The channel a code for this account goes through.
    pub fn channel(&self) -> Channel {
        match self {
            Account::Email(_) => Channel::Email,
            Account::Phone(_) => Channel::Sms,
        }
    }

    /// The form shown to say where a code went, as EZCloud shows it: `ser****.com` for
    /// `service@example.com`, `+49 ****5678` for `+4915112345678`.
    pub fn masked(&self) -> String {
        match self {
            Account::Email(email) => {
                let top = email.domain().rsplit('.').next().unwrap_or_default();
                format!("{}****.{top}", first_chars(email.local_part(), 3))
            }
            Account::Phone(phone) => {
                let national = phone.national_number();
                let last_four = &national[national.len().saturating_sub(4)..];
                format!("+{} ****{last_four}", phone.country().code)
            }
        }
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Account::Email(email) => email.fmt(f),
            Account::Phone(phone) => phone.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(channel: Channel, text: &str) -> Account {
        Account::parse(channel, text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn accounts_fold_to_one_key_and_folding_again_changes_nothing() {
        let alice = account(Channel::Email, "alice@example.com");
        for typed in [
            "ALICE@EXAMPLE.COM",
            "Alice@Example.com",
            "alice@example.com",
        ] {
            let folded = account(Channel::Email, typed).folded();
            assert_eq!(folded, alice, "{typed}");
            assert_eq!(folded.folded(), folded, "{typed}");
        }
        for typed in ["ÉLODIE@exemple.fr", "ΟΔΥΣΣΕΑΣ@example.gr"] {
            let folded = account(Channel::Email, typed).folded();
            assert_eq!(folded.to_string(), typed.to_lowercase(), "{typed}");
            assert_eq!(folded.folded(), folded, "{typed}");
        }
        // `İ` lower-cases to `i` and a combining dot, which no address holds: kept as typed.
        let dotted = account(Channel::Email, "İsmail@example.com");
        assert_eq!(dotted.folded(), dotted);
        let phone = account(Channel::Sms, "+4915112345678");
        assert_eq!(phone.folded(), phone);
    }
}
