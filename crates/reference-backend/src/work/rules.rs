//! What an answer to a proof-of-work challenge earns, decided without a database or a clock.

use contract::WorkSalt;

/// A challenge as an answer finds it, read from a row that parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub salt: WorkSalt,
    /// Leading zero bits the answer's hash needs.
    pub difficulty: u8,
    pub expires_at: i64,
    /// Whether an earlier answer was given: a challenge takes one.
    pub tried_before: bool,
}

/// Why an answer is not even tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such challenge in the region.
    Unknown,
    /// The challenge's time is up.
    Expired,
}

/// Whether `nonce` solves `challenge` (none: the region has no such challenge) at `now`: a
/// challenge answered before is solved by nothing.
pub fn solves(challenge: Option<&Challenge>, nonce: u64, now: i64) -> Result<bool, Refusal> {
    let challenge = challenge.ok_or(Refusal::Unknown)?;
    if now >= challenge.expires_at {
        return Err(Refusal::Expired);
    }
    Ok(!challenge.tried_before && challenge.salt.accepts(nonce, challenge.difficulty))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(tried_before: bool) -> Challenge {
        Challenge {
            salt: WorkSalt::new([7; contract::SALT_BYTES]),
            difficulty: 4,
            expires_at: 1_000,
            tried_before,
        }
    }

    /// The first nonce that answers `challenge`, searched as the browser does.
    fn answer(challenge: &Challenge) -> u64 {
        (0..)
            .find(|nonce| challenge.salt.accepts(*nonce, challenge.difficulty))
            .unwrap_or_else(|| unreachable!("4 bits are found within 2^20 tries"))
    }

    #[test]
    fn a_right_answer_in_time_solves_a_fresh_challenge_only() {
        let fresh = challenge(false);
        let nonce = answer(&fresh);
        assert_eq!(solves(Some(&fresh), nonce, 999), Ok(true));
        assert_eq!(solves(Some(&challenge(true)), nonce, 999), Ok(false));
        let wrong = (0..)
            .find(|nonce| !fresh.salt.accepts(*nonce, fresh.difficulty))
            .unwrap_or_else(|| unreachable!("most nonces miss 4 bits"));
        assert_eq!(solves(Some(&fresh), wrong, 999), Ok(false));
    }

    #[test]
    fn an_unknown_or_expired_challenge_is_refused() {
        assert_eq!(solves(None, 0, 0), Err(Refusal::Unknown));
        assert_eq!(
            solves(Some(&challenge(false)), 0, 1_000),
            Err(Refusal::Expired)
        );
    }
}
