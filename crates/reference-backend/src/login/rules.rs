//! Whose sign-in a username is, decided without a database.

use crate::reset::store::account_key;
use contract::{Account, Channel, Region};

/// The limits' key of a username: the account it names, or the text as typed (bounded).
pub fn username_key(region: Region, username: &str) -> (Option<Account>, String) {
    let account = Account::parse(Channel::Email, username)
        .or_else(|_| Account::parse(Channel::Sms, username))
        .ok()
        .map(|account| account.folded());
    let key = match &account {
        Some(account) => account_key(region, account),
        None => format!(
            "{}:{}",
            region.slug(),
            username.trim().chars().take(254).collect::<String>()
        ),
    };
    (account, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_username_that_names_an_account_is_keyed_by_the_account_folded() {
        let (account, key) = username_key(Region::Europe, " Bruno@Example.COM ");
        let account = account.unwrap_or_else(|| unreachable!("an email address"));
        assert_eq!(key, account_key(Region::Europe, &account));
        assert_eq!(username_key(Region::Europe, "bruno@example.com").1, key);
    }

    #[test]
    fn any_other_username_is_keyed_as_typed_and_bounded() {
        let (account, key) = username_key(Region::Americas, "not an account");
        assert_eq!(account, None);
        assert_eq!(key, "americas:not an account");
        let long = "x".repeat(1_000);
        assert_eq!(
            username_key(Region::Americas, &long).1.len(),
            "americas:".len() + 254
        );
    }
}
