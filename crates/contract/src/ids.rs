//! The opaque identifiers and secrets the server hands out: each its own type, so that a reset
//! id can never be passed where a reset token is expected, and secrets never show in `Debug`.
//!
//! All are URL-safe base64 text of a bounded length; anything else is refused when parsed, so
//! a hostile body is an invalid request rather than a database lookup.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest identifier or secret accepted: 64 characters encode 48 random bytes.
pub const MAX_OPAQUE_CHARS: usize = 64;

/// Why a text is not an identifier or secret the server could have issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpaqueError;

impl fmt::Display for OpaqueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected 1 to {MAX_OPAQUE_CHARS} characters of A-Z, a-z, 0-9, - and _"
        )
    }
}

impl std::error::Error for OpaqueError {}

fn check_opaque(text: &str) -> Result<(), OpaqueError> {
    let valid = !text.is_empty()
        && text.len() <= MAX_OPAQUE_CHARS
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid { Ok(()) } else { Err(OpaqueError) }
}

/// Defines an opaque newtype; `shown` says whether `Debug` may print it (ids) or not (secrets).
macro_rules! opaque {
    ($(#[$doc:meta])* $name:ident, shown = $shown:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The text as issued.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = OpaqueError;

            fn try_from(text: String) -> Result<Self, Self::Error> {
                check_opaque(&text).map(|()| $name(text))
            }
        }

        impl std::str::FromStr for $name {
            type Err = OpaqueError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::try_from(text.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if $shown {
                    write!(f, "{}({})", stringify!($name), self.0)
                } else {
                    write!(f, "{}(******)", stringify!($name))
                }
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                opaque_schema(stringify!($name))
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

/// The schema every opaque value shares: its pattern and length bounds.
#[cfg(feature = "openapi")]
fn opaque_schema(name: &str) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .title(Some(name))
        .pattern(Some("^[A-Za-z0-9_-]+$"))
        .min_length(Some(1))
        .max_length(Some(MAX_OPAQUE_CHARS))
        .into()
}

opaque!(
    /// One reset, from the code request to the new password.
    ResetId,
    shown = true
);
opaque!(
    /// One slider puzzle or proof-of-work challenge.
    CheckId,
    shown = true
);
opaque!(
    /// Proof that a human check was passed: single-use, short-lived, bound to a region.
    Ticket,
    shown = false
);
opaque!(
    /// Permission to set a new password, given for the right code.
    ResetToken,
    shown = false
);
