//! What a try at a slider puzzle earns, decided without a database or a clock.

use crate::once::{self, Once, Refusal};
use crate::slider::picture;

/// A puzzle as a try finds it: where its gap's left edge is, in the picture's pixels.
pub type Slider = Once<u32>;

/// Whether the piece dropped at `x` on `puzzle` (none: the region has no such puzzle) fits the
/// gap at `now`: a puzzle tried before is fitted by nothing.
pub fn fits(puzzle: Option<&Slider>, x: u32, now: i64) -> Result<bool, Refusal> {
    Ok(once::first_answer(puzzle, now)?.is_some_and(|&gap_x| picture::solves(gap_x, x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRESH: Slider = Once {
        asks: 120,
        expires_at: 1_000,
        tried_before: false,
    };

    #[test]
    fn the_piece_on_the_gap_of_a_fresh_puzzle_fits() {
        assert_eq!(fits(Some(&FRESH), 120, 999), Ok(true));
        assert_eq!(fits(Some(&FRESH), 200, 999), Ok(false));
        let tried = Once {
            tried_before: true,
            ..FRESH
        };
        assert_eq!(fits(Some(&tried), 120, 999), Ok(false));
        assert_eq!(fits(None, 120, 0), Err(Refusal::Unknown));
    }
}
