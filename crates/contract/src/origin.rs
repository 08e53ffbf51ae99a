use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A web origin, `scheme://host[:port]`, as a page that embeds the app has one: the scheme
/// is `http` or `https`, the host a DNS name, an IPv4 address or a bracketed IPv6 address,
/// and nothing follows the port. Kept in lower case, so two spellings of one origin are equal.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Origin(String);

/// Why a text is not an origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginError(pub String);

impl fmt::Display for OriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not an origin such as https://support.example.com or http://localhost:8081",
            self.0
        )
    }
}

impl std::error::Error for OriginError {}

impl Origin {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Origin {
    type Err = OriginError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let refused = || OriginError(input.to_owned());
        let lowered = input.trim().to_ascii_lowercase();
        let rest = lowered
            .strip_prefix("https://")
            .or_else(|| lowered.strip_prefix("http://"))
            .ok_or_else(refused)?;
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || rest.starts_with('[') => {
                if host.starts_with('[') && !host.ends_with(']') {
                    (rest, None)
                } else {
                    (host, Some(port))
                }
            }
            _ => (rest, None),
        };
        let port_ok = port.is_none_or(|port| {
            !port.is_empty() && port.len() <= 5 && port.parse::<u16>().is_ok_and(|p| p > 0)
        });
        let host_ok = if let Some(inside) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'))
        {
            !inside.is_empty()
                && inside
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        } else {
            !host.is_empty()
                && host.len() <= 253
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                })
        };
        if port_ok && host_ok {
            Ok(Origin(lowered))
        } else {
            Err(refused())
        }
    }
}

impl TryFrom<String> for Origin {
    type Error = OriginError;

    fn try_from(input: String) -> Result<Self, Self::Error> {
        input.parse()
    }
}

impl From<Origin> for String {
    fn from(origin: Origin) -> String {
        origin.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        for good in [
            "https://support.example.com",
            "http://localhost:8081",
            "HTTP://LocalHost:8081",
            "http://127.0.0.1:4000",
            "http://[::1]:8080",
            "https://[2001:db8::1]",
        ] {
            let origin: Origin = good.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                origin.as_str().parse::<Origin>(),
                Ok(origin.clone()),
                "{good}"
            );
        }
        assert_eq!(
            "HTTP://LocalHost:8081".parse::<Origin>().map(String::from),
            Ok("http://localhost:8081".to_owned())
        );
        for bad in [
            "",
            "localhost:8081",
            "ftp://example.com",
            "https://example.com/",
            "https://example.com/path",
            "https://example.com?x",
            "https://exa mple.com",
            "https://example.com:0",
            "https://example.com:99999",
            "https://example.com:",
            "https://-bad.example",
            "https://a;b",
            "'self'",
            "https://*.example.com",
        ] {
            assert!(bad.parse::<Origin>().is_err(), "{bad:?}");
        }
    }
}
