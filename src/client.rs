//! The one place the app talks to EZCloud. Every call is typed by the contract's wire types,
//! so adapting to the production endpoints is a change here and nowhere else.

use contract::wire::{
    AppConfig, CodeAccepted, CompleteRequest, Done, Envelope, ErrorCode, ErrorDetail,
    NewPuzzleRequest, PolicyRequest, PuzzlePassed, ResendRequest, ResetCodeRequest, ResetCodeSent,
    SUCCESS, SliderAnswer, SliderCaptcha, VerifyCodeRequest,
};
use contract::{
    Account, CaptchaId, CaptchaTicket, Endpoint, Method, PasswordPolicy, ResetId, ResetToken,
};
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
    /// A client for the API at `base` (from `config.json`), to which each endpoint's path is
    /// appended.
    pub fn new(base: &str) -> Api {
        Api {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// Sends `request` to its endpoint and reads the answer's `data`.
    pub async fn call<E>(&self, request: &E) -> Result<E::Response, ApiError>
    where
        E: Endpoint + Serialize,
        E::Response: DeserializeOwned,
    {
        let url = format!("{}{}", self.base, E::PATH);
        let (status, text) = match E::METHOD {
            Method::Get => exchange(Request::get(&url), None::<&()>).await?,
            Method::Post => exchange(Request::post(&url), Some(request)).await?,
        };
        let head: Head = serde_json::from_str(&text).map_err(|_| ApiError::Unavailable)?;
        if head.code == SUCCESS {
            let envelope: Envelope<E::Response> =
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

    /// The password policy in force.
    pub async fn policy(&self) -> Result<PasswordPolicy, ApiError> {
        self.call(&PolicyRequest).await
    }

    /// A new slider puzzle, its pictures' paths made URLs under this API's base.
    pub async fn new_puzzle(&self) -> Result<SliderCaptcha, ApiError> {
        let mut puzzle = self.call(&NewPuzzleRequest {}).await?;
        for picture in [&mut puzzle.background_image, &mut puzzle.piece_image] {
            *picture = format!("{}{picture}", self.base);
        }
        Ok(puzzle)
    }

    /// One try at a puzzle.
    pub async fn solve_puzzle(
        &self,
        captcha_id: CaptchaId,
        x: u32,
    ) -> Result<PuzzlePassed, ApiError> {
        self.call(&SliderAnswer { captcha_id, x }).await
    }

    /// Sends a code to `account`.
    pub async fn request_code(
        &self,
        account: &Account,
        captcha_ticket: CaptchaTicket,
        locale: &str,
    ) -> Result<ResetCodeSent, ApiError> {
        self.call(&ResetCodeRequest {
            channel: account.channel(),
            account: account.to_string(),
            captcha_ticket,
            locale: locale.to_owned(),
        })
        .await
    }

    /// A new code for the reset.
    pub async fn resend_code(&self, reset_id: ResetId) -> Result<ResetCodeSent, ApiError> {
        self.call(&ResendRequest { reset_id }).await
    }

    /// Checks a code.
    pub async fn verify_code(
        &self,
        reset_id: ResetId,
        code: String,
    ) -> Result<CodeAccepted, ApiError> {
        self.call(&VerifyCodeRequest { reset_id, code }).await
    }

    /// Sets the new password.
    pub async fn complete(
        &self,
        reset_token: ResetToken,
        new_password: String,
    ) -> Result<Done, ApiError> {
        self.call(&CompleteRequest {
            reset_token,
            new_password,
        })
        .await
    }
}
