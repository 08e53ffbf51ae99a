//! A native client of one region's reset API, typed by the contract: a request is the wire
//! type that [`contract::Endpoint`] describes, so its method, path and body come from the one
//! list the app's client and the backend's router use, and a renamed field fails to compile.
//! The backend's tests, its contract suite and the load tools (`crates/loadtest`) all build
//! their requests with it; tests that pin the wire byte for byte still post literal JSON.

use contract::wire::Envelope;
use contract::{Endpoint, Method};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The development window's path for a puzzle's answer (`--dev` servers only).
pub fn dev_captcha_path(captcha_id: impl std::fmt::Display) -> String {
    format!("/__dev/captcha/{captcha_id}")
}

/// The development window's path for the messages delivered so far (`--dev` servers only).
pub const DEV_OUTBOX_PATH: &str = "/__dev/outbox";

/// One region's API: its base (such as `http://127.0.0.1:8080/europe`) and an HTTP client.
#[derive(Clone, Debug)]
pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
}

impl Api {
    /// `request` as its endpoint sends it, ready for a timeout or to be sent.
    pub fn request<R: Endpoint + Serialize>(&self, request: &R) -> reqwest::RequestBuilder {
        let url = format!("{}{}", self.base, R::PATH);
        match R::METHOD {
            Method::Get => self.http.get(url),
            Method::Post => self.http.post(url).json(request),
        }
    }

    /// Gets `path` under the base.
    pub async fn get(&self, path: &str) -> Result<Answer, reqwest::Error> {
        Answer::of(self.http.get(format!("{}{path}", self.base))).await
    }
}

/// An answer: its HTTP status, its body as JSON (`Null` when the body is not JSON, such as a
/// picture) and its `Retry-After` in seconds.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub retry_after: Option<u64>,
}

impl Answer {
    /// Sends `request` and reads what comes back.
    pub async fn of(request: reqwest::RequestBuilder) -> Result<Answer, reqwest::Error> {
        let response = request.send().await?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|value| value.to_str().ok()?.parse().ok());
        let bytes = response.bytes().await?;
        Ok(Answer {
            status,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            retry_after,
        })
    }

    /// The envelope's code, if the body is an envelope.
    pub fn code(&self) -> Option<u64> {
        self.body["code"].as_u64()
    }

    /// The envelope's `data` as `T`, when the answer is a success that carries one.
    pub fn data<T: DeserializeOwned>(&self) -> Option<T> {
        data_of(&self.body)
    }
}

/// The `data` of the envelope `body` as `T`, when it is a success that carries one.
pub fn data_of<T: DeserializeOwned>(body: &Value) -> Option<T> {
    let envelope: Envelope<T> = serde_json::from_value(body.clone()).ok()?;
    (envelope.code == contract::wire::SUCCESS)
        .then_some(envelope.data)
        .flatten()
}
