//! What a try at a slider puzzle earns, decided without a database or a clock.

use crate::captcha;

/// A puzzle as a try finds it, read from a row that parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Puzzle {
    /// Where the gap's left edge is, in the picture's pixels.
    pub gap_x: u32,
    pub expires_at: i64,
    /// Whether an earlier try was made: a puzzle takes one.
    pub tried_before: bool,
}

/// Why a try earns no ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such puzzle in the region.
    Unknown,
    /// The puzzle's time is up.
    Expired,
    /// The piece missed the gap, or the puzzle was tried before.
    Missed,
}

/// Whether the piece dropped at `x` on `puzzle` (none: the region has no such puzzle) earns a
/// ticket at `now`.
pub fn judge(puzzle: Option<Puzzle>, x: u32, now: i64) -> Result<(), Refusal> {
    let puzzle = puzzle.ok_or(Refusal::Unknown)?;
    if now >= puzzle.expires_at {
        return Err(Refusal::Expired);
    }
    if puzzle.tried_before || !captcha::solves(puzzle.gap_x, x) {
        return Err(Refusal::Missed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRESH: Puzzle = Puzzle {
        gap_x: 120,
        expires_at: 1_000,
        tried_before: false,
    };

    #[test]
    fn the_piece_on_the_gap_of_a_fresh_puzzle_earns_a_ticket() {
        assert_eq!(judge(Some(FRESH), 120, 999), Ok(()));
    }

    #[test]
    fn an_unknown_expired_missed_or_tried_puzzle_earns_nothing() {
        assert_eq!(judge(None, 120, 0), Err(Refusal::Unknown));
        assert_eq!(judge(Some(FRESH), 120, 1_000), Err(Refusal::Expired));
        assert_eq!(judge(Some(FRESH), 200, 0), Err(Refusal::Missed));
        let tried = Puzzle {
            tried_before: true,
            ..FRESH
        };
        assert_eq!(judge(Some(tried), 120, 0), Err(Refusal::Missed));
    }
}
