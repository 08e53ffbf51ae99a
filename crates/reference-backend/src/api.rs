//! The envelope on the way out and strict JSON on the way in: every refusal is an envelope with
//! a documented code and the HTTP status of its class.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use contract::wire::{Envelope, ErrorCode, ErrorDetail};
use serde::de::DeserializeOwned;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// A request field an error can be about, as [`ErrorDetail::field`] names it on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestField {
    Account,
    Code,
    NewPassword,
}

impl RequestField {
    /// The field's name in the request's JSON.
    pub const fn wire_name(self) -> &'static str {
        match self {
            RequestField::Account => "account",
            RequestField::Code => "code",
            RequestField::NewPassword => "newPassword",
        }
    }

    /// An error detail that names this field.
    pub fn detail(self) -> ErrorDetail {
        ErrorDetail {
            field: Some(self.wire_name().to_owned()),
            ..ErrorDetail::default()
        }
    }
}

/// A refusal: its code, a sentence for people, and details a client can act on.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub detail: Option<ErrorDetail>,
}

pub type ApiResult<T> = Result<Json<Envelope<T>>, ApiError>;

/// A successful answer.
pub fn success<T>(data: T) -> ApiResult<T> {
    Ok(Json(Envelope::success(data)))
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: ErrorDetail) -> ApiError {
        self.detail = Some(detail);
        self
    }

    /// A value in the request that does not parse, with the field it came from.
    pub fn invalid_field(field: RequestField, message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::InvalidRequest, message).with_detail(field.detail())
    }

    /// Too many requests; try again after `seconds`.
    pub fn too_many(seconds: u64, message: &str) -> ApiError {
        ApiError::new(ErrorCode::TooManyRequests, message).with_detail(ErrorDetail {
            retry_after_seconds: Some(seconds.max(1)),
            ..ErrorDetail::default()
        })
    }

    /// A fault of the server; the cause goes to the log, not to the client.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        tracing::error!(%cause, "request failed");
        ApiError::new(
            ErrorCode::Internal,
            "Something went wrong on our side. Please try again.",
        )
    }

    /// The server is busy; try again after `seconds`.
    pub fn busy(seconds: u64) -> ApiError {
        ApiError::new(
            ErrorCode::Unavailable,
            "The service is busy. Please try again in a moment.",
        )
        .with_detail(ErrorDetail {
            retry_after_seconds: Some(seconds.max(1)),
            ..ErrorDetail::default()
        })
    }
}

impl From<crate::secrets::HashingBusy> for ApiError {
    fn from(_: crate::secrets::HashingBusy) -> ApiError {
        ApiError::busy(1)
    }
}

/// SQLite's "busy" and "locked": the database is contended, which a moment's wait cures.
fn is_contention(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|database| database.code())
        .and_then(|code| code.parse::<u32>().ok())
        .is_some_and(|code| matches!(code & 0xff, 5 | 6))
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> ApiError {
        if is_contention(&error) {
            tracing::warn!(%error, "database busy");
            return ApiError::busy(1);
        }
        ApiError::internal(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self
            .detail
            .as_ref()
            .and_then(|detail| detail.retry_after_seconds);
        let envelope = Envelope {
            code: self.code.code(),
            message: self.message,
            data: self.detail,
        };
        let mut response = (status, Json(envelope)).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        response
    }
}

/// A JSON body that must be `application/json`, at most 16 KiB, UTF-8, of the right shape
/// and without unknown fields.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "Send the request body as JSON, with Content-Type: application/json.",
            ));
        }
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        ErrorCode::PayloadTooLarge,
                        format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
                    )
                } else {
                    ApiError::new(ErrorCode::InvalidRequest, rejection.body_text())
                }
            })?;
        let text = std::str::from_utf8(&body).map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidRequest,
                "The request body is not valid UTF-8.",
            )
        })?;
        serde_json::from_str(text).map(ApiJson).map_err(|error| {
            ApiError::new(
                ErrorCode::InvalidRequest,
                format!("The request body is not valid: {error}."),
            )
        })
    }
}

/// The most a client may send before it is cut off: anything over [`MAX_BODY_BYTES`] is
/// refused, but read up to here first so that the refusal reaches it.
const MAX_DRAINED_BYTES: usize = 1024 * 1024;

/// Reads every request's whole body before any handler runs. A handler that answers without
/// reading the body (the puzzle takes none) would otherwise leave bytes unread on a keep-alive
/// connection; hyper then closes it, and closing a socket with unread input makes the kernel
/// send a reset that destroys the answer still in flight.
/// A body that does not arrive within `--body-read-timeout` is refused, and the connection
/// closed, so that a slow sender cannot hold a connection and a handler open.
pub async fn read_whole_body(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let patience = std::time::Duration::from_secs(state.config.body_read_timeout.max(1));
    let read = tokio::time::timeout(patience, axum::body::to_bytes(body, MAX_DRAINED_BYTES));
    let refusal = match read.await {
        Ok(Ok(bytes)) => {
            let whole = Request::from_parts(parts, axum::body::Body::from(bytes));
            return next.run(whole).await;
        }
        Ok(Err(_)) => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
        ),
        Err(_) => ApiError::new(
            ErrorCode::InvalidRequest,
            "The request body did not arrive in time.",
        ),
    };
    let mut response = refusal.into_response();
    response.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    response
}

/// Answers any path the API does not have.
pub async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "There is nothing at this address.")
}

/// Answers a method a path does not have; the router adds `Allow` with the ones it has.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "This address does not take this method.",
    )
}

#[cfg(test)]
mod tests {
    use super::RequestField;
    use contract::Channel;
    use contract::wire::{CompleteRequest, ResetCodeRequest, VerifyCodeRequest};

    /// Each field an error names is a key of the request it comes from, as serde writes it.
    #[test]
    fn request_fields_are_named_as_the_requests_write_them() {
        let keys = |request: serde_json::Value| -> Vec<String> {
            request
                .as_object()
                .map(|object| object.keys().cloned().collect())
                .unwrap_or_default()
        };
        let account = ResetCodeRequest {
            channel: Channel::Email,
            account: "bruno@example.com".into(),
            captcha_ticket: "t".repeat(32).parse().unwrap(),
            locale: "en".into(),
        };
        let code = VerifyCodeRequest {
            reset_id: "r".repeat(32).parse().unwrap(),
            code: "123456".into(),
        };
        let password = CompleteRequest {
            reset_token: "p".repeat(32).parse().unwrap(),
            new_password: "correct horse".into(),
        };
        for (field, request) in [
            (RequestField::Account, serde_json::to_value(account)),
            (RequestField::Code, serde_json::to_value(code)),
            (RequestField::NewPassword, serde_json::to_value(password)),
        ] {
            let keys = keys(request.unwrap());
            assert!(
                keys.iter().any(|key| key == field.wire_name()),
                "{field:?} not among {keys:?}"
            );
        }
    }
}
