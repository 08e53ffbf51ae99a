//! What an answer to a proof-of-work challenge earns, decided without a database or a clock.

use crate::once::{self, Once, Refusal};
use contract::ProofOfWorkSalt;

/// What a challenge asks: a nonce whose hash with the salt has `difficulty` leading zero bits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProofOfWork {
    pub salt: ProofOfWorkSalt,
    pub difficulty: u8,
}

/// A challenge as an answer finds it.
pub type Challenge = Once<ProofOfWork>;

/// Whether `nonce` solves `challenge` (none: the region has no such challenge) at `now`: a
/// challenge answered before is solved by nothing.
pub fn solves(challenge: Option<&Challenge>, nonce: u64, now: i64) -> Result<bool, Refusal> {
    Ok(once::first_answer(challenge, now)?
        .is_some_and(|work| work.salt.accepts(nonce, work.difficulty)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(tried_before: bool) -> Challenge {
        Once {
            asks: ProofOfWork {
                salt: ProofOfWorkSalt::new([7; contract::SALT_BYTES]),
                difficulty: 4,
            },
            expires_at: 1_000,
            tried_before,
        }
    }

    #[test]
    fn a_right_answer_in_time_solves_a_fresh_challenge_only() {
        let fresh = challenge(false);
        let accepts = |nonce: &u64| fresh.asks.salt.accepts(*nonce, fresh.asks.difficulty);
        let right = (0..)
            .find(accepts)
            .unwrap_or_else(|| unreachable!("4 bits are found"));
        let wrong = (0..)
            .find(|nonce| !accepts(nonce))
            .unwrap_or_else(|| unreachable!("most nonces miss"));
        assert_eq!(solves(Some(&fresh), right, 999), Ok(true));
        assert_eq!(solves(Some(&fresh), wrong, 999), Ok(false));
        assert_eq!(solves(Some(&challenge(true)), right, 999), Ok(false));
        assert_eq!(solves(Some(&fresh), right, 1_000), Err(Refusal::Expired));
    }
}
