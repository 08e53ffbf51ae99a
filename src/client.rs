//! The one place the app talks to EZCloud. Every call is typed by the contract's wire types,
//! so adapting to the production endpoints is a change here and nowhere else.

use contract::wire::{
    AppConfig, CaptchaTicket, CompleteRequest, Done, Envelope, ErrorCode, ErrorDetail,
    ResendRequest, ResetCodeRequest, ResetCodeSent, ResetToken, SUCCESS, SliderAnswer,
    SliderCaptcha, VerifyCodeRequest,
};
use contract::{Account, PasswordPolicy};
use gloo_net::http::{Request, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::rc::Rc;

/// How long a request may take before the user is offered to try again.
const TIMEOUT_MS: u32 = 15_000;

/// Why a call did not succeed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// No answer at all: no connection, or the server is down.
    Offline,
    /// No answer within the time limit.
    TimedOut,
    /// A 5xx, or an answer that is not the envelope.
    Unavailable,
    /// A documented refusal.
    Refused {
        code: Option<ErrorCode>,
        message: String,
        detail: ErrorDetail,
    },
}

impl ApiError {
    /// The documented code of a refusal.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Refused { code, .. } => *code,
            _ => None,
        }
    }

    /// The refusal's details, empty for faults.
    pub fn detail(&self) -> ErrorDetail {
        match self {
            ApiError::Refused { detail, .. } => detail.clone(),
            _ => ErrorDetail::default(),
        }
    }

    /// Whether trying the same request again may work: faults of the network or the server.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Offline | ApiError::TimedOut | ApiError::Unavailable
        ) || self.code() == Some(ErrorCode::Internal)
    }
}

/// The minimum read of an answer, to choose how to read the rest.
#[derive(serde::Deserialize)]
struct Head {
    code: u32,
}

/// Sends `request` with `body` as JSON, giving up after [`TIMEOUT_MS`]; the status and the
/// body's text.
async fn exchange(
    request: RequestBuilder,
    body: Option<&impl Serialize>,
) -> Result<(u16, String), ApiError> {
    let controller = web_sys::AbortController::new().map_err(|_| ApiError::Unavailable)?;
    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let request = request.abort_signal(Some(&controller.signal()));
    let request = match body {
        Some(body) => request.json(body),
        None => request.build(),
    }
    .map_err(|_| ApiError::Unavailable)?;
    let fault = |_| {
        if timed_out.get() {
            ApiError::TimedOut
        } else {
            ApiError::Offline
        }
    };
    let response = request.send().await.map_err(fault)?;
    let text = response.text().await.map_err(fault)?;
    Ok((response.status(), text))
}

/// The app's runtime configuration, `config.json` beside `index.html`.
pub async fn load_config() -> Result<AppConfig, ApiError> {
    let (status, text) = exchange(Request::get("config.json"), None::<&()>).await?;
    if status != 200 {
        return Err(ApiError::Unavailable);
    }
    serde_json::from_str(&text).map_err(|_| ApiError::Unavailable)
}

/// A client of one region's API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Api {
    base: String,
}

impl Api {
    /// A client for the API at `base` (from `config.json`), to which `/openapi/...` is appended.
    pub fn new(base: &str) -> Api {
        Api {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let (status, text) = exchange(request, body).await?;
        let head: Head = serde_json::from_str(&text).map_err(|_| ApiError::Unavailable)?;
        if head.code == SUCCESS {
            let envelope: Envelope<T> =
                serde_json::from_str(&text).map_err(|_| ApiError::Unavailable)?;
            return envelope.data.ok_or(ApiError::Unavailable);
        }
        if status >= 500 {
            return Err(ApiError::Unavailable);
        }
        let envelope: Envelope<ErrorDetail> =
            serde_json::from_str(&text).map_err(|_| ApiError::Unavailable)?;
        Err(ApiError::Refused {
            code: ErrorCode::from_code(envelope.code),
            message: envelope.message,
            detail: envelope.data.unwrap_or_default(),
        })
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, ApiError> {
        self.send(Request::post(&format!("{}{path}", self.base)), Some(body))
            .await
    }

    /// The password policy in force.
    pub async fn policy(&self) -> Result<PasswordPolicy, ApiError> {
        let request = Request::get(&format!(
            "{}/openapi/user/account/password/policy",
            self.base
        ));
        self.send(request, None::<&()>).await
    }

    /// A new slider puzzle.
    pub async fn new_puzzle(&self) -> Result<SliderCaptcha, ApiError> {
        self.post("/openapi/captcha/slider", &serde_json::json!({}))
            .await
    }

    /// One try at a puzzle.
    pub async fn solve_puzzle(
        &self,
        captcha_id: String,
        x: u32,
    ) -> Result<CaptchaTicket, ApiError> {
        self.post(
            "/openapi/captcha/slider/verify",
            &SliderAnswer { captcha_id, x },
        )
        .await
    }

    /// Sends a code to `account`.
    pub async fn request_code(
        &self,
        account: &Account,
        captcha_ticket: String,
        locale: &str,
    ) -> Result<ResetCodeSent, ApiError> {
        let request = ResetCodeRequest {
            channel: account.channel(),
            account: account.to_string(),
            captcha_ticket,
            locale: locale.to_owned(),
        };
        self.post("/openapi/user/account/password/reset/code", &request)
            .await
    }

    /// A new code for the reset.
    pub async fn resend_code(&self, reset_id: String) -> Result<ResetCodeSent, ApiError> {
        self.post(
            "/openapi/user/account/password/reset/code/resend",
            &ResendRequest { reset_id },
        )
        .await
    }

    /// Checks a code.
    pub async fn verify_code(
        &self,
        reset_id: String,
        code: String,
    ) -> Result<ResetToken, ApiError> {
        self.post(
            "/openapi/user/account/password/reset/verify",
            &VerifyCodeRequest { reset_id, code },
        )
        .await
    }

    /// Sets the new password.
    pub async fn complete(
        &self,
        reset_token: String,
        new_password: String,
    ) -> Result<Done, ApiError> {
        self.post(
            "/openapi/user/account/password/reset/complete",
            &CompleteRequest {
                reset_token,
                new_password,
            },
        )
        .await
    }
}
