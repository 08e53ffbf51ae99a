//! The one place the app talks to EZCloud. Every call is typed by the contract's `Endpoint`
//! descriptions and wire types, so adapting to the production endpoints is a change here and
//! nowhere else. Answers come back as the core's [`Answer`]s: a refusal keeps its documented
//! code and details, never the backend's English `message`.

use super::json;
use crate::core::{Answer, Call, Failure, Request};
use crate::i18n::{self, Catalog, Locale};
use contract::wire::{
    AppConfig, CompleteRequest, ErrorCode, ErrorDetail, NewProofOfWorkRequest, NewSliderRequest,
    PolicyRequest, ProofOfWorkAnswer, ResendRequest, ResetCodeRequest, SUCCESS, SliderAnswer,
    VerifyCodeRequest,
};
use contract::{Endpoint, Method};
use gloo_net::http::{Request as HttpRequest, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::rc::Rc;

/// How long a request may take before the user is offered to try again.
const TIMEOUT_MS: u32 = 15_000;

/// The minimum read of an answer, to choose how to read the rest.
#[derive(serde::Deserialize)]
struct Head {
    code: u32,
}

/// An answer's `data`, once [`envelope_text`] has read its `code`: the message, for people, is
/// never read, and a success's `data` is not optional.
#[derive(serde::Deserialize)]
struct Data<T> {
    data: T,
}

/// Sends `request`, with `json` as its body when given, giving up after [`TIMEOUT_MS`]; the
/// status and the body's text. Not generic, so that every call shares one copy of it.
async fn exchange(request: RequestBuilder, json: Option<String>) -> Result<(u16, String), Failure> {
    let controller = web_sys::AbortController::new().map_err(|_| Failure::Unavailable)?;
    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let request = request.abort_signal(Some(&controller.signal()));
    let request = match json {
        Some(json) => request
            .header("content-type", "application/json")
            .body(json),
        None => request.build(),
    }
    .map_err(|_| Failure::Unavailable)?;
    let fault = |_| {
        if timed_out.get() {
            Failure::TimedOut
        } else {
            Failure::Offline
        }
    };
    let response = request.send().await.map_err(fault)?;
    let text = response.text().await.map_err(fault)?;
    Ok((response.status(), text))
}

/// Sends one request of the contract to `url` and returns the text of a successful envelope,
/// or the refusal it holds. Not generic, like [`exchange`].
async fn envelope_text(
    url: String,
    method: Method,
    json: Option<String>,
) -> Result<String, Failure> {
    let (status, text) = match method {
        Method::Get => exchange(HttpRequest::get(&url), None).await?,
        Method::Post => exchange(HttpRequest::post(&url), json).await?,
    };
    let head: Head = json::from_str(&text).ok_or(Failure::Unavailable)?;
    if head.code == SUCCESS {
        return Ok(text);
    }
    let code = ErrorCode::from_code(head.code).filter(|_| status < 500);
    let refusal: Data<Option<ErrorDetail>> = json::from_str(&text).ok_or(Failure::Unavailable)?;
    Err(code.map_or(Failure::Unavailable, |code| Failure::Refused {
        code,
        detail: refusal.data.unwrap_or_default(),
    }))
}

/// The app's runtime configuration, `config.json` beside `index.html`.
pub async fn load_config() -> Result<AppConfig, Failure> {
    let (status, text) = exchange(HttpRequest::get("config.json"), None).await?;
    read_config(status, &text)
}

/// `config.json`'s answer as the configuration, or the settings failure: a status other than
/// 200, text that does not parse, a region unknown, missing or named twice, a base that is not
/// a path or an `http(s)` URL.
pub fn read_config(status: u16, text: &str) -> Result<AppConfig, Failure> {
    if status != 200 {
        return Err(Failure::Unavailable);
    }
    json::from_str(text).ok_or(Failure::Unavailable)
}

/// The catalog of `locale`, fetched once: `lang/<tag>.txt` beside `index.html`.
pub async fn load_catalog(locale: Locale) -> Result<&'static Catalog, Failure> {
    thread_local! {
        static LOADED: std::cell::RefCell<Vec<&'static Catalog>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    if let Some(loaded) =
        LOADED.with_borrow(|loaded| loaded.iter().find(|c| c.locale == locale).copied())
    {
        return Ok(loaded);
    }
    let (status, text) = exchange(
        HttpRequest::get(&format!("lang/{}.txt", locale.tag())),
        None,
    )
    .await?;
    if status != 200 {
        return Err(Failure::Unavailable);
    }
    let catalog = i18n::parse(locale, text).map_err(|_| Failure::Unavailable)?;
    LOADED.with_borrow_mut(|loaded| loaded.push(catalog));
    Ok(catalog)
}

/// A client of every region's API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    config: AppConfig,
}

impl Client {
    /// A client for the regions of `config`.
    pub fn new(config: AppConfig) -> Client {
        Client { config }
    }

    /// Runs `call` and reads its answer.
    pub async fn perform(&self, call: Call) -> Answer {
        let base = self.config.api_base(call.region).as_str();
        let exchange = Exchange::of(base, call.request);
        let text = match exchange.body {
            Ok(body) => {
                envelope_text(format!("{base}{}", exchange.path), exchange.method, body).await
            }
            Err(failure) => Err(failure),
        };
        (exchange.read)(text)
    }
}

/// One request of the contract, written and ready to send, with how to read its answer. Only
/// the writing and the reading are made for each endpoint; the sending, the one `async` part,
/// is shared, so that the module holds one copy of it rather than one for each endpoint.
struct Exchange {
    path: &'static str,
    method: Method,
    /// The JSON body of a POST, or why it could not be written.
    body: Result<Option<String>, Failure>,
    /// Makes the core's answer of the envelope's text, or of the failure to get it.
    read: Box<dyn FnOnce(Result<String, Failure>) -> Answer>,
}

impl Exchange {
    /// `request` as an exchange whose answer's `data` becomes the core's answer through
    /// `answer`.
    fn new<E>(
        request: &E,
        answer: impl FnOnce(Result<E::Response, Failure>) -> Answer + 'static,
    ) -> Exchange
    where
        E: Endpoint + Serialize,
        E::Response: DeserializeOwned,
    {
        let body = match E::METHOD {
            Method::Get => Ok(None),
            Method::Post => json::to_string(request)
                .map(Some)
                .ok_or(Failure::Unavailable),
        };
        Exchange {
            path: E::PATH,
            method: E::METHOD,
            body,
            read: Box::new(move |text: Result<String, Failure>| {
                answer(text.and_then(|text| {
                    json::from_str::<Data<E::Response>>(&text)
                        .map(|answer| answer.data)
                        .ok_or(Failure::Unavailable)
                }))
            }),
        }
    }

    /// The exchange that carries out `request` against the API at `base`.
    fn of(base: &str, request: Request) -> Exchange {
        match request {
            Request::NewSlider => {
                // The pictures' paths are made URLs under the API's base.
                let base = base.to_owned();
                Exchange::new(&NewSliderRequest {}, move |puzzle| {
                    Answer::SliderChallenge(puzzle.map(|mut puzzle| {
                        for picture in [&mut puzzle.background_image, &mut puzzle.piece_image] {
                            *picture = format!("{base}{picture}");
                        }
                        puzzle
                    }))
                })
            }
            Request::CheckSlider { captcha_id, x } => {
                Exchange::new(&SliderAnswer { captcha_id, x }, |passed| {
                    Answer::Checked(passed.map(|passed| passed.captcha_ticket))
                })
            }
            Request::NewProofOfWork => {
                Exchange::new(&NewProofOfWorkRequest {}, Answer::ProofOfWorkChallenge)
            }
            Request::CheckProofOfWork {
                challenge_id,
                nonce,
            } => Exchange::new(
                &ProofOfWorkAnswer {
                    challenge_id,
                    nonce,
                },
                |passed| Answer::Checked(passed.map(|passed| passed.captcha_ticket)),
            ),
            Request::SendCode {
                account,
                ticket,
                locale,
            } => Exchange::new(
                &ResetCodeRequest {
                    channel: account.channel(),
                    account: account.to_string(),
                    captcha_ticket: ticket,
                    locale: locale.tag().to_owned(),
                },
                Answer::CodeSent,
            ),
            Request::Resend { reset_id } => {
                Exchange::new(&ResendRequest { reset_id }, Answer::CodeSent)
            }
            Request::Verify { reset_id, code } => Exchange::new(
                &VerifyCodeRequest {
                    reset_id,
                    code: code.to_string(),
                },
                |accepted| Answer::CodeChecked(accepted.map(|accepted| accepted.reset_token)),
            ),
            Request::Complete { token, password } => Exchange::new(
                &CompleteRequest {
                    reset_token: token,
                    new_password: password.expose().to_owned(),
                },
                |done| Answer::PasswordSet(done.map(|_| ())),
            ),
            Request::Policy => Exchange::new(&PolicyRequest, Answer::Policy),
        }
    }
}
