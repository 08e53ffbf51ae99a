//! The JSON that crosses the wire, in EZCloud's style: camelCase fields inside the envelope
//! `{ "code": <number>, "message": <text>, "data": <object or null> }`, where `code` 200 is
//! success. Requests refuse unknown fields, so a typo is an error rather than a silent default.

use crate::{Channel, CheckId, PasswordRule, ProofOfWorkSalt, ResetId, ResetToken, Ticket};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A whole number of `T`, written `3` or `3.0`: JSON Schema counts both as an integer, so a
/// request valid by the document is read either way. A fraction, a negative number or one out
/// of `T`'s range is refused.
fn whole_number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<u64>,
{
    struct Whole<T>(std::marker::PhantomData<T>);

    impl<T: TryFrom<u64>> serde::de::Visitor<'_> for Whole<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number")
        }

        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<T, E> {
            T::try_from(value).map_err(|_| E::custom(format!("{value} is out of range")))
        }

        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<T, E> {
            let value =
                u64::try_from(value).map_err(|_| E::custom(format!("{value} is negative")))?;
            self.visit_u64(value)
        }

        fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<T, E> {
            // Only below 2^53, where every whole number is exact in a double.
            const EXACT: f64 = 9_007_199_254_740_992.0;
            if value.fract() != 0.0 || !(0.0..EXACT).contains(&value) {
                return Err(E::custom(format!("{value} is not a whole number in range")));
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            self.visit_u64(value as u64)
        }
    }

    deserializer.deserialize_any(Whole(std::marker::PhantomData))
}

/// The envelope every answer comes in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Envelope<T> {
    /// 200 on success, otherwise one of [`ErrorCode`].
    pub code: u32,
    /// A sentence for people; clients key on `code`.
    pub message: String,
    /// The answer, or details of the error.
    pub data: Option<T>,
}

/// The `code` of a successful answer.
pub const SUCCESS: u32 = 200;

impl<T> Envelope<T> {
    /// A successful answer carrying `data`.
    pub fn success(data: T) -> Self {
        Envelope {
            code: SUCCESS,
            message: "success".to_owned(),
            data: Some(data),
        }
    }
}

/// Every documented error, with its envelope code and HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The body is not JSON, has wrong types or unknown fields, or a value is invalid.
    InvalidRequest,
    /// The slider was not placed on the gap, or a proof of work does not answer its challenge.
    CaptchaFailed,
    /// The captcha ticket is unknown, used or expired.
    CaptchaTicketInvalid,
    /// The verification code is wrong; `data.attemptsLeft` says how many tries remain.
    WrongCode,
    /// The new password breaks the policy; `data.unmetRules` lists every unmet rule.
    PasswordPolicy,
    /// The username or password is wrong.
    WrongCredentials,
    /// No such resource: unknown reset, captcha or path.
    NotFound,
    /// The code or token expired.
    Expired,
    /// Too many wrong codes: the reset is locked and must be started again.
    Locked,
    /// The token was already used.
    AlreadyUsed,
    /// The path exists, but not with this method (the `Allow` header lists those it has).
    MethodNotAllowed,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// Too many requests; `data.retryAfterSeconds` says when to try again.
    TooManyRequests,
    /// Something failed on the server.
    Internal,
    /// The server is busy; `data.retryAfterSeconds` (and the `Retry-After` header) say when
    /// to try again.
    Unavailable,
}

impl ErrorCode {
    /// Every code, for documentation and exhaustive tests.
    pub const ALL: [ErrorCode; 16] = [
        ErrorCode::InvalidRequest,
        ErrorCode::CaptchaFailed,
        ErrorCode::CaptchaTicketInvalid,
        ErrorCode::WrongCode,
        ErrorCode::PasswordPolicy,
        ErrorCode::WrongCredentials,
        ErrorCode::NotFound,
        ErrorCode::Expired,
        ErrorCode::Locked,
        ErrorCode::AlreadyUsed,
        ErrorCode::MethodNotAllowed,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::TooManyRequests,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
    ];

    /// The number in the envelope's `code`.
    pub const fn code(self) -> u32 {
        match self {
            ErrorCode::InvalidRequest => 40001,
            ErrorCode::CaptchaFailed => 40002,
            ErrorCode::CaptchaTicketInvalid => 40301,
            ErrorCode::WrongCode => 40004,
            ErrorCode::PasswordPolicy => 40005,
            ErrorCode::WrongCredentials => 40101,
            ErrorCode::NotFound => 40401,
            ErrorCode::Expired => 41001,
            ErrorCode::Locked => 41002,
            ErrorCode::AlreadyUsed => 41003,
            ErrorCode::MethodNotAllowed => 40501,
            ErrorCode::PayloadTooLarge => 41301,
            ErrorCode::UnsupportedMediaType => 41501,
            ErrorCode::TooManyRequests => 42901,
            ErrorCode::Internal => 50001,
            ErrorCode::Unavailable => 50301,
        }
    }

    /// The HTTP status of the class, so that proxies and browsers behave.
    pub const fn http_status(self) -> u16 {
        match self.code() / 100 {
            400 => 400,
            401 => 401,
            403 => 403,
            404 => 404,
            405 => 405,
            410 => 410,
            413 => 413,
            415 => 415,
            429 => 429,
            503 => 503,
            _ => 500,
        }
    }

    /// The code an envelope names, if it is a documented one.
    pub fn from_code(code: u32) -> Option<ErrorCode> {
        ErrorCode::ALL
            .into_iter()
            .find(|known| known.code() == code)
    }
}

/// What an error envelope's `data` may carry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Object>>))]
    pub unmet_rules: Option<Vec<PasswordRule>>,
    /// The request field the error is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Asks for the password policy in force; it is sent without a body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PolicyRequest;

/// Asks for a new slider puzzle; its body, when sent, is the empty object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSliderRequest {}

/// A puzzle whose piece must be slid into the gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SliderChallenge {
    pub captcha_id: CheckId,
    /// The path of the background with the gap (JPEG), under the region's API base.
    pub background_image: String,
    /// The path of the piece (PNG with transparency), under the region's API base; the piece
    /// is `pieceSize` square and sits at `pieceY`.
    pub piece_image: String,
    /// The piece's top edge in image pixels.
    pub piece_y: u32,
    /// The piece's width in image pixels.
    pub piece_size: u32,
    pub width: u32,
    pub height: u32,
    pub expires_in_seconds: u64,
}

/// One try at a puzzle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SliderAnswer {
    pub captcha_id: CheckId,
    /// Where the piece's left edge was dropped, in image pixels.
    #[serde(deserialize_with = "whole_number")]
    #[cfg_attr(feature = "openapi", schema(maximum = 4294967295_u64))]
    pub x: u32,
}

/// A solved puzzle: the ticket that lets one code request through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CheckPassed {
    pub captcha_ticket: Ticket,
    pub expires_in_seconds: u64,
}

/// Asks for a proof-of-work challenge, the accessible check; its body, when sent, is the
/// empty object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProofOfWorkRequest {}

/// A proof-of-work challenge: find a nonce such that SHA-256 of the salt's 16 bytes followed by
/// the nonce's 8 big-endian bytes starts with `difficulty` zero bits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProofOfWorkChallenge {
    pub challenge_id: CheckId,
    /// Always `sha256` today.
    #[cfg_attr(feature = "openapi", schema(example = "sha256"))]
    pub algorithm: String,
    pub salt: ProofOfWorkSalt,
    /// Leading zero bits wanted: 2^difficulty hashes on average.
    #[cfg_attr(feature = "openapi", schema(maximum = 32))]
    pub difficulty: u8,
    pub expires_in_seconds: u64,
}

/// The answer to a proof-of-work challenge; each challenge takes one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProofOfWorkAnswer {
    pub challenge_id: CheckId,
    /// At most 2^53 - 1, so that any JSON reader keeps it exact.
    #[serde(deserialize_with = "whole_number")]
    #[cfg_attr(feature = "openapi", schema(maximum = 9007199254740991_u64))]
    pub nonce: u64,
}

/// Asks for a code to be sent to an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetCodeRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^(email|sms)$", example = "email"))]
    pub channel: Channel,
    /// An email address, or a phone number in E.164 form.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 254))]
    pub account: String,
    pub captcha_ticket: Ticket,
    /// A BCP 47 tag for the message's language, such as `en`; longer tags are cut to 35.
    #[cfg_attr(feature = "openapi", schema(max_length = 35))]
    pub locale: String,
}

/// Where the code went and when another may be asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResetCodeSent {
    pub reset_id: ResetId,
    pub masked_destination: String,
    pub resend_after_seconds: u64,
    pub code_ttl_seconds: u64,
}

/// Asks for a new code for a reset; the previous one stops working.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResendRequest {
    pub reset_id: ResetId,
}

/// Checks a code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyCodeRequest {
    pub reset_id: ResetId,
    /// Six digits, ASCII or full-width, with spaces or dashes between them as pasted forms
    /// have; the server normalises them as the app does.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[ \\u00a0\\u3000-]*(?:[0-9\\uff10-\\uff19][ \\u00a0\\u3000-]*){6}$")
    )]
    pub code: String,
}

/// The right code: the token that allows setting a new password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CodeAccepted {
    pub reset_token: ResetToken,
    pub expires_in_seconds: u64,
}

/// Sets the new password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompleteRequest {
    pub reset_token: ResetToken,
    pub new_password: String,
}

/// The empty `data` of an answer that carries nothing but success.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Done {}

/// EZCloud's login.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginRequest {
    /// The account's email address or phone number.
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 1024))]
    pub password: String,
}

/// A session for the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccessToken {
    pub access_token: String,
    pub expires_in_seconds: u64,
}

/// One region as the app's runtime `config.json` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionEndpoint {
    pub region: crate::Region,
    /// Where the region's API lives, to which `/openapi/...` paths are appended.
    pub api_base: crate::ApiBase,
}

/// The app's runtime configuration, served beside `index.html`: every region's API base,
/// exactly once each, and the pages allowed to embed the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "UncheckedAppConfig")]
pub struct AppConfig {
    /// In the order of [`crate::Region::ALL`].
    regions: [RegionEndpoint; 3],
    /// The pages allowed to embed the app; the app talks to its host only if it is one.
    pub embed_origins: Vec<crate::Origin>,
}

/// `config.json` as written, before each region is known to be named once.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UncheckedAppConfig {
    regions: Vec<RegionEndpoint>,
    #[serde(default)]
    embed_origins: Vec<crate::Origin>,
}

/// Why a `config.json` cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfigError(pub crate::Region);

impl fmt::Display for AppConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "config.json must name the region {} exactly once",
            self.0.slug()
        )
    }
}

impl TryFrom<UncheckedAppConfig> for AppConfig {
    type Error = AppConfigError;

    fn try_from(config: UncheckedAppConfig) -> Result<Self, Self::Error> {
        let only = |region: crate::Region| {
            let mut named = config.regions.iter().filter(|e| e.region == region);
            match (named.next(), named.next()) {
                (Some(endpoint), None) => Ok(endpoint.clone()),
                _ => Err(AppConfigError(region)),
            }
        };
        Ok(AppConfig {
            regions: [
                only(crate::Region::Americas)?,
                only(crate::Region::Europe)?,
                only(crate::Region::AsiaPacific)?,
            ],
            embed_origins: config.embed_origins,
        })
    }
}

impl AppConfig {
    /// Every region, its API at `api_base(region)`.
    pub fn new(
        api_base: impl Fn(crate::Region) -> crate::ApiBase,
        embed_origins: Vec<crate::Origin>,
    ) -> AppConfig {
        AppConfig {
            regions: crate::Region::ALL.map(|region| RegionEndpoint {
                region,
                api_base: api_base(region),
            }),
            embed_origins,
        }
    }

    /// Where `region`'s API lives.
    pub fn api_base(&self, region: crate::Region) -> &crate::ApiBase {
        let [americas, europe, asia_pacific] = &self.regions;
        match region {
            crate::Region::Americas => &americas.api_base,
            crate::Region::Europe => &europe.api_base,
            crate::Region::AsiaPacific => &asia_pacific.api_base,
        }
    }
}
