use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The EZCloud region an account lives in; each region is a separate site with its own accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    Americas,
    Europe,
    AsiaPacific,
}

/// A region slug that names none of the EZCloud regions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionError;

impl fmt::Display for RegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Choose one of the regions: America, Europe or Asia-Pacific.")
    }
}

impl std::error::Error for RegionError {}

impl Region {
    /// Every region, in the order a picker shows them.
    pub const ALL: [Region; 3] = [Region::Americas, Region::Europe, Region::AsiaPacific];

    /// The stable identifier used in URLs, storage and API path prefixes.
    pub const fn slug(self) -> &'static str {
        match self {
            Region::Americas => "americas",
            Region::Europe => "europe",
            Region::AsiaPacific => "asia-pacific",
        }
    }

    /// The slug of `region`, or `not-sure` for none: how an address, a host's attribute and
    /// the picker's radio buttons name a region or "I'm not sure". The backend never sees it.
    pub const fn slug_or_not_sure(region: Option<Region>) -> &'static str {
        match region {
            Some(region) => region.slug(),
            None => "not-sure",
        }
    }

    /// The name users know from the vendor's support article.
    pub const fn display_name(self) -> &'static str {
        match self {
            Region::Americas => "America",
            Region::Europe => "Europe",
            Region::AsiaPacific => "Asia-Pacific",
        }
    }

    /// The login page of the region's EZCloud site.
    pub const fn login_url(self) -> &'static str {
        match self {
            Region::Americas => "https://os.ezcloud.uniview.com/login",
            Region::Europe => "https://eu.ezcloud.uniview.com/login",
            Region::AsiaPacific => "https://ap.ezcloud.uniview.com/login",
        }
    }

    /// A best guess from an IANA time zone such as `Europe/Berlin`, used to preselect the picker.
    pub fn from_time_zone(zone: &str) -> Option<Region> {
        let continent = zone.split('/').next()?;
        match continent {
            "America" | "US" | "Canada" | "Brazil" | "Chile" | "Mexico" => Some(Region::Americas),
            "Europe" | "Africa" | "Atlantic" => Some(Region::Europe),
            "Asia" | "Australia" | "Pacific" | "Indian" | "Antarctica" => Some(Region::AsiaPacific),
            _ => None,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for Region {
    type Err = RegionError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let wanted = input.trim();
        Region::ALL
            .into_iter()
            .find(|region| region.slug().eq_ignore_ascii_case(wanted))
            .ok_or(RegionError)
    }
}

impl TryFrom<&str> for Region {
    type Error = RegionError;

    fn try_from(input: &str) -> Result<Self, Self::Error> {
        input.parse()
    }
}
