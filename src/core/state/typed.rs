//! What the person typed: the account on step 1, kept across visits, and the code and
//! passwords of steps 2 and 3, kept in memory only.

use contract::{Account, AccountError, CallingCode, Channel, PhoneNumber};
use serde::{Deserialize, Serialize};

/// What the user typed to name the account, kept across reloads and restarts so that nobody
/// types it twice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub email: String,
    /// The number as typed beside the country picker.
    pub phone: String,
    /// ISO 3166-1 alpha-2 of the picked country.
    pub country: String,
}

impl Draft {
    /// What is typed in the field that asks for `channel`'s identifier.
    pub fn typed(&self, channel: Channel) -> &str {
        match channel {
            Channel::Email => &self.email,
            Channel::Sms => &self.phone,
        }
    }

    /// The account the draft names on `channel`, or what is wrong with it.
    pub fn account(&self, channel: Channel) -> Result<Account, AccountError> {
        match (channel, CallingCode::by_iso(&self.country)) {
            (Channel::Sms, Some(country)) => PhoneNumber::parse_national(country, &self.phone)
                .map(Account::Phone)
                .map_err(AccountError::Phone),
            (Channel::Sms, None) => Account::parse(channel, &self.phone),
            (Channel::Email, _) => Account::parse(channel, &self.email),
        }
    }
}

/// What is typed on steps 2 and 3. It lives only in memory: a password is never stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    pub code: String,
    pub password: String,
    pub confirmation: String,
}
