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
mod proof_of_work;
mod region;
mod unicode;
pub mod wire;

pub use account::{Account, AccountError, Channel};
pub use api_base::{ApiBase, ApiBaseError};
pub use code::{CodeError, VerificationCode};
pub use email::{EmailAddress, EmailError};
pub use endpoint::{ALL_ENDPOINTS, Endpoint, Method, SLIDER_PICTURE_PATH, SliderPicture};
pub use ids::{CheckId, MAX_OPAQUE_CHARS, OpaqueError, ResetId, ResetToken, Ticket};
pub use locale::{Locale, Plural, PluralRule, UnknownLocale};
pub use origin::{Origin, OriginError};
pub use password::{NewPassword, PasswordPolicy, PasswordRule};
#[cfg(feature = "openapi")]
pub use phone::e164_pattern;
pub use phone::{CallingCode, LIBPHONENUMBER, PhoneError, PhoneNumber, calling_codes};
pub use proof_of_work::{
    MAX_DIFFICULTY, PROOF_OF_WORK_ALGORITHM, ProofOfWorkSalt, SALT_BYTES, SaltError,
};
pub use region::{Region, RegionError};
pub use unicode::{CharClass, lowercase};
