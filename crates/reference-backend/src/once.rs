//! What both human checks share: a slider puzzle and a proof-of-work challenge each take one
//! answer, while they live. A pure rule, tested natively.

/// A check as an answer finds it, read from a row that parsed: what it asks (`T`), until when,
/// and whether it was answered before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Once<T> {
    pub asks: T,
    pub expires_at: i64,
    pub tried_before: bool,
}

/// Why an answer is not even tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such check in the region.
    Unknown,
    /// The check's time is up.
    Expired,
}

/// What the check `found` (none: the region has no such check) asks, if it still takes an
/// answer at `now`: none once it was answered before, since it takes one.
pub fn first_answer<T>(found: Option<&Once<T>>, now: i64) -> Result<Option<&T>, Refusal> {
    let check = found.ok_or(Refusal::Unknown)?;
    if now >= check.expires_at {
        return Err(Refusal::Expired);
    }
    Ok((!check.tried_before).then_some(&check.asks))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRESH: Once<u32> = Once {
        asks: 120,
        expires_at: 1_000,
        tried_before: false,
    };

    #[test]
    fn a_check_in_time_takes_its_first_answer_only() {
        assert_eq!(first_answer(Some(&FRESH), 999), Ok(Some(&120)));
        let tried = Once {
            tried_before: true,
            ..FRESH
        };
        assert_eq!(first_answer(Some(&tried), 999), Ok(None));
    }

    #[test]
    fn an_unknown_or_expired_check_is_refused() {
        assert_eq!(first_answer::<u32>(None, 0), Err(Refusal::Unknown));
        assert_eq!(first_answer(Some(&FRESH), 1_000), Err(Refusal::Expired));
    }
}
