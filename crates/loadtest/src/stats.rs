//! Figures of a load run, shared by the bench and the soak so that their percentiles mean the
//! same thing.

/// The `p`-th percentile (0 to 1) of `sorted`, by nearest rank: the smallest value with at
/// least a fraction `p` of all values at or below it; 0 for no values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = (p.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.clamp(1, sorted.len().max(1)) - 1)
        .copied()
        .unwrap_or(0.0)
}
