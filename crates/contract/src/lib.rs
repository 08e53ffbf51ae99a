//! The contract of ezcloud-reset: every value a user types, validated once, and the
//! types that cross the wire between the app and an EZCloud backend.
//!
//! Nothing here knows about the browser or the server; both shells parse through these
//! types, so a value that reaches the backend was checked by the same rules the form showed.

mod account;
mod api_base;
pub mod catalog;
mod code;
mod email;
mod endpoint;
mod ids;
mod locale;
mod origin;
mod password;
mod phone;
mod region;
mod unicode;
pub mod wire;
mod work;

pub use account::{Account, AccountError, Channel};
pub use api_base::{ApiBase, ApiBaseError};
pub use code::{CodeError, VerificationCode};
pub use email::{EmailAddress, EmailError};
pub use endpoint::{ALL_ENDPOINTS, Endpoint, Method, PUZZLE_PICTURE_PATH, PuzzlePicture};
pub use ids::{CaptchaId, CaptchaTicket, MAX_OPAQUE_CHARS, OpaqueError, ResetId, ResetToken};
pub use locale::{Locale, Plural, PluralRule, UnknownLocale};
pub use origin::{Origin, OriginError};
pub use password::{NewPassword, PasswordPolicy, PasswordRule};
#[cfg(feature = "openapi")]
pub use phone::e164_pattern;
pub use phone::{CallingCode, LIBPHONENUMBER, PhoneError, PhoneNumber, calling_codes};
pub use region::{Region, RegionError};
pub use unicode::{CharClass, lowercase};
pub use work::{MAX_DIFFICULTY, SALT_BYTES, SaltError, WORK_ALGORITHM, WorkSalt};
