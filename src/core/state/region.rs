//! Where the reset goes: the region picked, or "I'm not sure" and the rounds of calls it
//! sends to every region.

use crate::core::RequestId;
use contract::{Region, ResetId};
use serde::{Deserialize, Serialize};

/// Where the reset goes: the region the person picked, or "I'm not sure", which asks every
/// region for a code and learns the account's region only from the code its owner types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegionChoice {
    Picked(Region),
    NotSure,
    /// "I'm not sure" found the account here: this region accepted the code.
    Found(Region),
}

impl RegionChoice {
    /// The account's region, once it is known.
    pub fn region(self) -> Option<Region> {
        match self {
            RegionChoice::Picked(region) | RegionChoice::Found(region) => Some(region),
            RegionChoice::NotSure => None,
        }
    }

    /// What a person picks: a region, or "I'm not sure" for none.
    pub fn picking(region: Option<Region>) -> RegionChoice {
        region.map_or(RegionChoice::NotSure, RegionChoice::Picked)
    }

    /// The login page to link to: the account's region's, none while it is not known.
    pub fn login_url(self) -> Option<&'static str> {
        self.region().map(Region::login_url)
    }

    /// The region's slug, or `not-sure`, as a query string or a host's attribute names it.
    pub fn slug(self) -> &'static str {
        Region::slug_or_not_sure(self.region())
    }

    /// What [`RegionChoice::slug`] names; a found region reads as picked.
    pub fn from_slug(slug: &str) -> Option<RegionChoice> {
        if slug
            .trim()
            .eq_ignore_ascii_case(Region::slug_or_not_sure(None))
        {
            return Some(RegionChoice::NotSure);
        }
        slug.parse().ok().map(RegionChoice::Picked)
    }

    /// Where the person's own check runs and the requests of one region go: the account's
    /// region, or the first one while it is not known.
    pub fn home(self) -> Region {
        self.region().unwrap_or(Region::ALL[0])
    }
}

/// A reset one region started.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionalReset {
    pub region: Region,
    pub reset_id: ResetId,
}

/// The user's request in flight: one call, or one per region for "I'm not sure", with the
/// answers in so far. The answers are read together once the last is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::core) struct Round {
    pub(in crate::core) pending: Vec<(RequestId, Region)>,
    /// The answers in so far, each with the region that gave it.
    pub(in crate::core) answers: Vec<(Region, crate::core::Answer)>,
}
