//! The OpenAPI 3.1 document, generated from the handlers' own annotations.

use axum::Json;
use contract::wire::{
    AccessToken, CaptchaTicket, CompleteRequest, Done, ErrorDetail, LoginRequest, ResendRequest,
    ResetCodeRequest, ResetCodeSent, ResetToken, SliderAnswer, SliderCaptcha, VerifyCodeRequest,
};
use utoipa::OpenApi;
use utoipa::openapi::server::Server;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "EZCloud password reset",
        description = "The reset contract of ezcloud-reset. Every answer is the envelope { code, message, data }; code 200 is success."
    ),
    paths(
        crate::reset::policy,
        crate::slider::create,
        crate::slider::verify,
        crate::reset::request_code,
        crate::reset::resend_code,
        crate::reset::verify_code,
        crate::reset::complete,
        crate::login::token,
    ),
    components(schemas(
        SliderCaptcha,
        SliderAnswer,
        CaptchaTicket,
        ResetCodeRequest,
        ResetCodeSent,
        ResendRequest,
        VerifyCodeRequest,
        ResetToken,
        CompleteRequest,
        Done,
        LoginRequest,
        AccessToken,
        ErrorDetail,
    ))
)]
struct ResetApi;

/// The document, with one server per region prefix.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut document = ResetApi::openapi();
    document.servers = Some(
        contract::Region::ALL
            .into_iter()
            .map(|region| {
                let mut server = Server::new(format!("/{}", region.slug()));
                server.description = Some(format!("{} region", region.display_name()));
                server
            })
            .collect(),
    );
    document
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi_document())
}
