//! The OpenAPI 3.1 document, generated from the handlers' own annotations as the router
//! registers them (`crate::api_routes`).

use axum::Json;
use contract::wire::{
    AccessToken, CheckPassed, CodeAccepted, CompleteRequest, Done, ErrorDetail, LoginRequest,
    ProofOfWorkAnswer, ProofOfWorkChallenge, ResendRequest, ResetCodeRequest, ResetCodeSent,
    SliderAnswer, SliderChallenge, VerifyCodeRequest,
};
use utoipa::OpenApi;
use utoipa::openapi::server::Server;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "EZCloud password reset",
        description = "The reset contract of ezcloud-reset. Every answer is the envelope { code, message, data }; code 200 is success.\n\nCross-origin use: an app served from another origin (a static bundle on a web server or CDN) calls these operations with CORS. For each origin the server allows (`--allow-origin`), every answer of these paths, refusals, 429 and 503 included, carries `Access-Control-Allow-Origin` with that exact origin and `Access-Control-Expose-Headers: retry-after`, and a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) allows `GET` and `POST` with the `Content-Type` header. No credentials are used. Nothing else the server serves is shared across origins."
    ),
    components(schemas(
        SliderChallenge,
        SliderAnswer,
        ProofOfWorkChallenge,
        ProofOfWorkAnswer,
        CheckPassed,
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

/// The document's description and shared schemas, before the routes add their operations.
pub(crate) fn described() -> utoipa::openapi::OpenApi {
    ResetApi::openapi()
}

/// An error answer: the envelope with the error's details, or `null` when it has none.
fn error_envelope() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
    use utoipa::openapi::{Ref, RefOr};
    ObjectBuilder::new()
        .property(
            "code",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(40001))
                .maximum(Some(59999)),
        )
        .required("code")
        .property("message", ObjectBuilder::new().schema_type(Type::String))
        .required("message")
        .property(
            "data",
            OneOfBuilder::new()
                .item(RefOr::Ref(Ref::from_schema_name("ErrorDetail")))
                .item(ObjectBuilder::new().schema_type(Type::Null)),
        )
        .required("data")
        .into()
}

/// What any endpoint may answer besides its own documented refusals: the strict reading of
/// the body (POST), an unknown region, a fault, and a busy server.
fn common_refusals(method_has_body: bool) -> Vec<(&'static str, &'static str)> {
    let mut refusals = vec![
        ("404", "40401: unknown region or path"),
        ("500", "50001: a fault of the server"),
        (
            "503",
            "50301: the database or the password-hashing slots are busy (data.retryAfterSeconds, Retry-After)",
        ),
    ];
    if method_has_body {
        refusals.extend([
            ("400", "40001: the body is not JSON, has a wrong type, a missing or unknown field, or a value out of its bounds (data.field)"),
            ("413", "41301: the body is larger than 16 KiB"),
            ("415", "41501: the body is not application/json"),
        ]);
    }
    refusals
}

/// Adds [`common_refusals`] to every operation, and the error envelope as the content of every
/// refusal, so that the document lists every status the server can answer and what it sends.
fn document_every_refusal(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let components = document.components.get_or_insert_with(Default::default);
    components
        .schemas
        .insert("ErrorEnvelope".to_owned(), RefOr::T(error_envelope()));
    for item in document.paths.paths.values_mut() {
        let operations = [(&mut item.get, false), (&mut item.post, true)];
        for (operation, has_body) in operations {
            let Some(operation) = operation.as_mut() else {
                continue;
            };
            for (status, description) in common_refusals(has_body) {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| {
                        RefOr::T(ResponseBuilder::new().description(description).build())
                    });
            }
            let refusals = operation
                .responses
                .responses
                .iter_mut()
                .filter(|(status, _)| !status.starts_with('2'));
            for (_, response) in refusals {
                if let RefOr::T(response) = response {
                    let content = ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorEnvelope")))
                        .build();
                    response
                        .content
                        .insert("application/json".to_owned(), content);
                }
            }
        }
    }
}

/// What `account` must be depends on `channel`, a rule across two fields the derived schema
/// cannot state: an email address, or a phone number in E.164 form of a length its country
/// has. The request's schema becomes its own fields and one of the two.
fn account_by_channel(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{
        AllOfBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type,
    };
    let Some(schemas) = document.components.as_mut().map(|c| &mut c.schemas) else {
        return;
    };
    let Some(fields) = schemas.remove("ResetCodeRequest") else {
        return;
    };
    let branch = |channel: &str, account: ObjectBuilder| {
        ObjectBuilder::new()
            .property(
                "channel",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([channel])),
            )
            .required("channel")
            .property("account", account.schema_type(Type::String))
            .required("account")
    };
    let email = ObjectBuilder::new()
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
        .max_length(Some(254));
    let phone = ObjectBuilder::new().pattern(Some(contract::e164_pattern()));
    let refined = AllOfBuilder::new().item(fields).item(
        OneOfBuilder::new()
            .item(branch("email", email))
            .item(branch("sms", phone)),
    );
    schemas.insert("ResetCodeRequest".to_owned(), RefOr::T(refined.into()));
}

/// The document, with one server per region prefix.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut document = crate::api_routes().into_openapi();
    account_by_channel(&mut document);
    document_every_refusal(&mut document);
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
