//! The OpenAPI 3.1 document, generated from the handlers' own annotations.

use axum::Json;
use contract::wire::{
    AccessToken, CodeAccepted, CompleteRequest, Done, ErrorDetail, LoginRequest, PuzzlePassed,
    ResendRequest, ResetCodeRequest, ResetCodeSent, SliderAnswer, SliderCaptcha, VerifyCodeRequest,
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
        crate::reset::http::policy,
        crate::slider::create,
        crate::slider::verify,
        crate::reset::http::request_code,
        crate::reset::http::resend_code,
        crate::reset::http::verify_code,
        crate::reset::http::complete,
        crate::login::token,
    ),
    components(schemas(
        SliderCaptcha,
        SliderAnswer,
        PuzzlePassed,
        ResetCodeRequest,
        ResetCodeSent,
        ResendRequest,
        VerifyCodeRequest,
        CodeAccepted,
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
