//! What a proof of work costs: the base difficulty for a person's first checks, one bit more
//! (twice the work) for each ticket the address won this hour past its free ones, and more
//! bits when the region hands out challenges faster than people ask for them. A pure rule,
//! decided from counts the handler reads in its transaction.

use contract::MAX_DIFFICULTY;

/// What the price depends on besides the counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pricing {
    /// Leading zero bits of a check at rest (`--work-difficulty`).
    pub base: u8,
    /// Tickets an address wins in an hour at the base price (`--work-free-tickets`).
    pub free_tickets: u32,
    /// Challenges a region hands out in a minute at rest (`--work-region-challenges-per-minute`).
    pub region_per_minute: u32,
    /// The most bits the region's pressure adds (`--work-pressure-bits`), so that a person
    /// under an attack waits seconds, not hours.
    pub max_pressure_bits: u8,
}

/// The difficulty of the next challenge for an address that won `address_tickets` tickets
/// this hour, in a region that handed out `region_challenges` challenges in the last minute.
pub fn difficulty(pricing: Pricing, address_tickets: u32, region_challenges: u32) -> u8 {
    // The ticket this challenge may win is the address's next one.
    let by_address = (address_tickets + 1).saturating_sub(pricing.free_tickets);
    let by_region = pressure_bits(region_challenges, pricing.region_per_minute)
        .min(u32::from(pricing.max_pressure_bits));
    let bits = u32::from(pricing.base) + by_address + by_region;
    u8::try_from(bits.min(u32::from(MAX_DIFFICULTY))).unwrap_or(MAX_DIFFICULTY)
}

/// One bit for each doubling of the rate beyond the one at rest: 2× is one bit, 4× two.
fn pressure_bits(challenges: u32, at_rest: u32) -> u32 {
    let at_rest = at_rest.max(1);
    if challenges <= at_rest {
        return 0;
    }
    // ceil(log2(challenges / at_rest)), in integers.
    let mut bits = 0;
    while u64::from(at_rest) << bits < u64::from(challenges) {
        bits += 1;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRICING: Pricing = Pricing {
        base: 20,
        free_tickets: 3,
        region_per_minute: 60,
        max_pressure_bits: 4,
    };

    #[test]
    fn a_person_s_first_checks_cost_the_base() {
        for tickets in 0..3 {
            assert_eq!(difficulty(PRICING, tickets, 0), 20);
        }
        assert_eq!(difficulty(PRICING, 0, 60), 20);
    }

    #[test]
    fn each_ticket_past_the_free_ones_doubles_the_next() {
        assert_eq!(difficulty(PRICING, 3, 0), 21);
        assert_eq!(difficulty(PRICING, 10, 0), 28);
        assert_eq!(difficulty(PRICING, 1000, 0), MAX_DIFFICULTY);
    }

    #[test]
    fn a_region_under_pressure_adds_a_bit_per_doubling_up_to_its_cap() {
        assert_eq!(difficulty(PRICING, 0, 61), 21);
        assert_eq!(difficulty(PRICING, 0, 120), 21);
        assert_eq!(difficulty(PRICING, 0, 121), 22);
        assert_eq!(difficulty(PRICING, 0, 960), 24);
        assert_eq!(difficulty(PRICING, 0, 1_000_000), 24);
        assert_eq!(difficulty(PRICING, 5, 240), 25);
    }
}
