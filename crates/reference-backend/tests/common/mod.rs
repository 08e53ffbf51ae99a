//! A real server on loopback, a real database file, and a client that speaks the contract.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod attack;

use api_client::{Api, DEV_OUTBOX_PATH, dev_captcha_path};
use contract::wire::*;
use contract::{Channel, Endpoint};
use reference_backend::clock::ManualClock;
use reference_backend::config::Config;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Display;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

/// A server running in this process, on its own database file and clock.
pub struct TestServer {
    pub base: String,
    pub clock: ManualClock,
    pub database: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    _dir: Option<tempfile::TempDir>,
}

/// Development mode on `database`, with the per-address allowances raised: every test client
/// comes from 127.0.0.1, so only the tests of those limits lower them again.
pub fn test_config(database: &std::path::Path) -> Config {
    let mut config = Config::for_database(&format!("sqlite://{}", database.display()));
    config.dev = true;
    config.puzzles_per_client_per_hour = 10_000;
    // The browser's default takes it about a second; the tests only need the rule.
    config.work_difficulty = 8;
    config
}

/// Sends `count` requests made by `make`, released together once all are ready, and returns
/// the answers in order.
pub async fn burst<F, Fut>(count: usize, make: F) -> Vec<Answer>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Answer> + Send + 'static,
{
    let gate = Arc::new(tokio::sync::Barrier::new(count));
    let tasks: Vec<_> = (0..count)
        .map(|index| {
            let (gate, request) = (gate.clone(), make(index));
            tokio::spawn(async move {
                gate.wait().await;
                request.await
            })
        })
        .collect();
    let mut answers = Vec::with_capacity(count);
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

/// How many answers carry each envelope code.
pub fn tally(answers: &[Answer]) -> std::collections::BTreeMap<u64, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for answer in answers {
        *counts.entry(answer.code()).or_insert(0) += 1;
    }
    counts
}

impl TestServer {
    /// A development-mode server with the default limits on a fresh database.
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    /// The same, with `adjust` applied to the configuration first.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("reset.db");
        let mut config = test_config(&database);
        adjust(&mut config);
        let mut server = TestServer::launch(config, ManualClock::new()).await;
        server._dir = Some(dir);
        server
    }

    /// A server on `config` and `clock`.
    pub async fn launch(config: Config, clock: ManualClock) -> TestServer {
        let database = PathBuf::from(config.database.trim_start_matches("sqlite://"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = reference_backend::state(config, Arc::new(clock.clone()))
            .await
            .unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            reference_backend::serve(listener, state, shutdown)
                .await
                .unwrap();
        });
        TestServer {
            base,
            clock,
            database,
            stop: Some(stop),
            task: Some(task),
            _dir: None,
        }
    }

    /// Stops the server and waits until it has let go of the database.
    pub async fn stop(mut self) -> (ManualClock, Option<tempfile::TempDir>) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
        (self.clock.clone(), self._dir.take())
    }

    pub fn client(&self, region: &str) -> Client {
        Client {
            base: format!("{}/{region}", self.base),
            http: reqwest::Client::new(),
        }
    }
}

/// An answer: the HTTP status and the body as JSON.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    retry_after: Option<u64>,
}

impl Answer {
    /// The `Retry-After` header, in seconds, when there is one.
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    pub fn code(&self) -> u64 {
        self.body["code"]
            .as_u64()
            .unwrap_or_else(|| panic!("no envelope code in {self:?}"))
    }

    pub fn data<T: DeserializeOwned>(&self) -> T {
        assert_eq!(self.code(), 200, "{self:?}");
        let envelope: Envelope<T> = serde_json::from_value(self.body.clone()).unwrap();
        envelope.data.unwrap()
    }

    /// Asserts a documented error: its envelope code and HTTP status.
    pub fn assert_error(&self, code: contract::wire::ErrorCode) {
        assert_eq!(
            (self.status, self.code()),
            (code.http_status(), u64::from(code.code())),
            "{self:?}"
        );
        assert!(
            self.body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{self:?}"
        );
    }
}

/// A client of one region of the API.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
}

impl Answer {
    /// Sends `request` and reads its answer, which must be JSON.
    pub async fn of(request: reqwest::RequestBuilder) -> Answer {
        let answer = api_client::Answer::of(request).await.unwrap();
        assert!(!answer.body.is_null(), "not JSON: {answer:?}");
        Answer {
            status: answer.status,
            body: answer.body,
            retry_after: answer.retry_after,
        }
    }
}

impl Client {
    /// The same API, from `address`: a loopback address other than 127.0.0.1 is another client
    /// to the server's per-address limits.
    pub fn from(&self, address: std::net::IpAddr) -> Client {
        Client {
            base: self.base.clone(),
            http: reqwest::Client::builder()
                .local_address(address)
                .build()
                .unwrap(),
        }
    }

    /// The same API, as the typed client (`crates/api-client`) sends to it.
    fn api(&self) -> Api {
        Api {
            base: self.base.clone(),
            http: self.http.clone(),
        }
    }

    /// Sends `request` as its endpoint says.
    pub async fn call<R: Endpoint + Serialize>(&self, request: &R) -> Answer {
        Answer::of(self.api().request(request)).await
    }

    /// Posts a literal body, for tests that pin the wire or send what no type allows.
    pub async fn post(&self, path: &str, body: Value) -> Answer {
        Answer::of(self.http.post(format!("{}{path}", self.base)).json(&body)).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        Answer::of(self.http.get(format!("{}{path}", self.base))).await
    }

    pub async fn new_puzzle(&self) -> SliderChallenge {
        self.call(&NewSliderRequest {}).await.data()
    }

    pub async fn gap_of(&self, captcha_id: impl Display) -> u32 {
        let answer = self.get(&dev_captcha_path(captcha_id)).await;
        u32::try_from(answer.body["x"].as_u64().unwrap()).unwrap()
    }

    /// Solves a new puzzle the way the development window allows.
    pub async fn ticket(&self) -> contract::Ticket {
        let puzzle = self.new_puzzle().await;
        let x = self.gap_of(&puzzle.captcha_id).await;
        let answer = self
            .call(&SliderAnswer {
                captcha_id: puzzle.captcha_id,
                x,
            })
            .await;
        answer.data::<CheckPassed>().captcha_ticket
    }

    pub async fn work_challenge(&self) -> ProofOfWorkChallenge {
        self.work_challenge_answer().await.data()
    }

    pub async fn work_challenge_answer(&self) -> Answer {
        self.call(&NewProofOfWorkRequest {}).await
    }

    /// A nonce that answers `challenge`, found as the browser finds it.
    pub fn solve(challenge: &ProofOfWorkChallenge) -> u64 {
        challenge
            .salt
            .search(challenge.difficulty, 0, u64::MAX)
            .unwrap()
    }

    pub async fn answer_work(&self, challenge: &ProofOfWorkChallenge, nonce: u64) -> Answer {
        self.call(&ProofOfWorkAnswer {
            challenge_id: challenge.challenge_id.clone(),
            nonce,
        })
        .await
    }

    pub async fn ask_code(&self, channel: &str, account: &str) -> Answer {
        let ticket = self.ticket().await;
        self.call(&ResetCodeRequest {
            channel: Channel::from_name(channel).unwrap(),
            account: account.to_owned(),
            captcha_ticket: ticket,
            locale: "en".to_owned(),
        })
        .await
    }

    pub async fn start_reset(&self, channel: &str, account: &str) -> ResetCodeSent {
        self.ask_code(channel, account).await.data()
    }

    pub async fn outbox(&self) -> Vec<Value> {
        self.get(DEV_OUTBOX_PATH)
            .await
            .body
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The newest code delivered to `to` other than `not`, waiting for delivery to land.
    pub async fn code_for(&self, to: &str, not: Option<&str>) -> String {
        for _ in 0..100 {
            let found = self.outbox().await.into_iter().find_map(|message| {
                let code = message["code"].as_str()?.to_owned();
                (message["to"] == to && Some(code.as_str()) != not).then_some(code)
            });
            if let Some(code) = found {
                return code;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("no code was delivered to {to}");
    }

    pub async fn verify(&self, reset_id: impl Display, code: &str) -> Answer {
        self.call(&VerifyCodeRequest {
            reset_id: reset_id.to_string().parse().unwrap(),
            code: code.to_owned(),
        })
        .await
    }

    pub async fn complete(&self, token: impl Display, password: &str) -> Answer {
        self.call(&CompleteRequest {
            reset_token: token.to_string().parse().unwrap(),
            new_password: password.to_owned(),
        })
        .await
    }

    pub async fn login(&self, username: &str, password: &str) -> Answer {
        self.call(&LoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
        })
        .await
    }
}
