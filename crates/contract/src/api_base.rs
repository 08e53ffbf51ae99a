use crate::{Origin, Region};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where a region's API lives, to which each endpoint's path is appended: a path on the page's
/// own origin (`/europe`), or an `http(s)` origin with an optional path
/// (`https://eu.ezcloud.uniview.com`, `http://127.0.0.1:18080/europe`). No query, no fragment,
/// no trailing slash; kept as [`Origin`] keeps its part, so reading its own text gives it back.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ApiBase(String);

/// Why a text is not an API base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiBaseError(pub String);

impl fmt::Display for ApiBaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not an API base such as https://eu.ezcloud.uniview.com or /europe",
            self.0
        )
    }
}

impl std::error::Error for ApiBaseError {}

impl ApiBase {
    /// The API of `region` on the page's own origin, as the reference server serves it.
    pub fn same_origin(region: Region) -> ApiBase {
        ApiBase(format!("/{}", region.slug()))
    }

    /// The origin requests to this base go to, unless it is the page's own.
    pub fn origin(&self) -> Option<Origin> {
        split_origin(&self.0)?.0.parse().ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `scheme://host[:port]` and the path after it, of a text with a scheme.
fn split_origin(text: &str) -> Option<(&str, &str)> {
    let after_scheme = text.find("://")? + 3;
    Some(
        text.split_at(
            text[after_scheme..]
                .find('/')
                .map_or(text.len(), |slash| after_scheme + slash),
        ),
    )
}

/// A path of plain segments: letters, digits and `-._~`, none empty, `.` or `..`.
fn is_plain_path(path: &str) -> bool {
    path.split('/').skip(1).all(|segment| {
        !matches!(segment, "" | "." | "..")
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    }) && (path.is_empty() || path.starts_with('/'))
}

impl FromStr for ApiBase {
    type Err = ApiBaseError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let refused = || ApiBaseError(input.to_owned());
        let trimmed = input.trim().trim_end_matches('/');
        if trimmed.starts_with('/') && !trimmed.starts_with("//") {
            return is_plain_path(trimmed)
                .then(|| ApiBase(trimmed.to_owned()))
                .ok_or_else(refused);
        }
        let (origin, path) = split_origin(trimmed).ok_or_else(refused)?;
        let origin: Origin = origin.parse().map_err(|_| refused())?;
        if !is_plain_path(path) {
            return Err(refused());
        }
        Ok(ApiBase(format!("{origin}{path}")))
    }
}

impl TryFrom<String> for ApiBase {
    type Error = ApiBaseError;

    fn try_from(input: String) -> Result<Self, Self::Error> {
        input.parse()
    }
}

impl From<ApiBase> for String {
    fn from(base: ApiBase) -> String {
        base.0
    }
}

impl fmt::Display for ApiBase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_are_a_path_here_or_an_origin_with_a_path() {
        for (good, kept, origin) in [
            ("/europe", "/europe", None),
            ("/europe/", "/europe", None),
            (
                "https://eu.ezcloud.uniview.com",
                "https://eu.ezcloud.uniview.com",
                Some("https://eu.ezcloud.uniview.com"),
            ),
            (
                "HTTP://127.0.0.1:18080/europe/",
                "http://127.0.0.1:18080/europe",
                Some("http://127.0.0.1:18080"),
            ),
            (
                "http://[::1]:9000/v1/ap",
                "http://[::1]:9000/v1/ap",
                Some("http://[::1]:9000"),
            ),
        ] {
            let base: ApiBase = good.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(base.as_str(), kept, "{good}");
            assert_eq!(base.as_str().parse::<ApiBase>(), Ok(base.clone()), "{good}");
            assert_eq!(base.origin().map(String::from).as_deref(), origin, "{good}");
        }
        for bad in [
            "",
            "europe",
            "//eu.ezcloud.uniview.com",
            "ftp://eu.ezcloud.uniview.com",
            "javascript:alert(1)",
            "https://eu.ezcloud.uniview.com?x=1",
            "https://eu.ezcloud.uniview.com/a#b",
            "https://eu.ezcloud.uniview.com//a",
            "https://eu.ezcloud.uniview.com/a b",
            "/a/../b",
            "/a/./b",
            "https://user@eu.ezcloud.uniview.com",
            "https://",
        ] {
            assert!(bad.parse::<ApiBase>().is_err(), "{bad:?}");
        }
        assert_eq!(
            ApiBase::same_origin(Region::AsiaPacific).as_str(),
            "/asia-pacific"
        );
    }
}
