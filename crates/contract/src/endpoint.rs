//! Where each request goes: every wire request type names its method, its path under a
//! region's API base and the type of its answer, so that the app's client, the backend's
//! router, the OpenAPI document and the tests share one list and no path is written twice.

use crate::PasswordPolicy;
use crate::wire::{
    AccessToken, CheckPassed, CodeAccepted, CompleteRequest, Done, LoginRequest,
    NewProofOfWorkRequest, NewSliderRequest, PolicyRequest, ProofOfWorkAnswer,
    ProofOfWorkChallenge, ResendRequest, ResetCodeRequest, ResetCodeSent, SliderAnswer,
    SliderChallenge, VerifyCodeRequest,
};

/// The HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Nothing in the body; the answer may be cached by nobody but the caller.
    Get,
    /// A JSON body.
    Post,
}

/// One endpoint of the reset contract, described by its request type.
pub trait Endpoint {
    /// How the request is sent.
    const METHOD: Method;
    /// The path under a region's API base, such as `/europe`.
    const PATH: &'static str;
    /// The `data` of a successful answer.
    type Response;
}

/// Implements [`Endpoint`] for each `request => method, path, response`.
macro_rules! endpoints {
    ($($request:ty => $method:ident $path:literal -> $response:ty;)*) => {
        $(impl Endpoint for $request {
            const METHOD: Method = Method::$method;
            const PATH: &'static str = $path;
            type Response = $response;
        })*

        /// Every endpoint's method and path, for documentation and exhaustive tests.
        pub const ALL_ENDPOINTS: &[(Method, &str)] = &[$((Method::$method, $path)),*];
    };
}

endpoints! {
    PolicyRequest => Get "/openapi/user/account/password/policy" -> PasswordPolicy;
    NewSliderRequest => Post "/openapi/captcha/slider" -> SliderChallenge;
    SliderAnswer => Post "/openapi/captcha/slider/verify" -> CheckPassed;
    NewProofOfWorkRequest => Post "/openapi/captcha/pow" -> ProofOfWorkChallenge;
    ProofOfWorkAnswer => Post "/openapi/captcha/pow/verify" -> CheckPassed;
    ResetCodeRequest => Post "/openapi/user/account/password/reset/code" -> ResetCodeSent;
    ResendRequest => Post "/openapi/user/account/password/reset/code/resend" -> ResetCodeSent;
    VerifyCodeRequest => Post "/openapi/user/account/password/reset/verify" -> CodeAccepted;
    CompleteRequest => Post "/openapi/user/account/password/reset/complete" -> Done;
    LoginRequest => Post "/openapi/user/account/token/get" -> AccessToken;
}

/// Where a puzzle's pictures are, under a region's API base: fetched as images, so that the
/// browser decodes them natively and nothing travels as base64.
pub const SLIDER_PICTURE_PATH: &str = "/openapi/captcha/slider/{captchaId}/{picture}";

/// One of a puzzle's two pictures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliderPicture {
    /// The scene with the gap, as JPEG.
    Background,
    /// The piece, as PNG with transparency.
    Piece,
}

impl SliderPicture {
    /// The last segment of the picture's path.
    pub const fn file_name(self) -> &'static str {
        match self {
            SliderPicture::Background => "background.jpg",
            SliderPicture::Piece => "piece.png",
        }
    }

    /// The picture named by a path's last segment.
    pub fn from_file_name(name: &str) -> Option<SliderPicture> {
        [SliderPicture::Background, SliderPicture::Piece]
            .into_iter()
            .find(|picture| picture.file_name() == name)
    }

    /// Its media type.
    pub const fn media_type(self) -> &'static str {
        match self {
            SliderPicture::Background => "image/jpeg",
            SliderPicture::Piece => "image/png",
        }
    }

    /// The path of this picture of the puzzle `captcha_id`, under the region's API base.
    pub fn path(self, captcha_id: &crate::CheckId) -> String {
        SLIDER_PICTURE_PATH
            .replace("{captchaId}", captcha_id.as_str())
            .replace("{picture}", self.file_name())
    }
}
