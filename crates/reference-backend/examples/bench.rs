//! `cargo xtask bench`'s backend figures, against the release server on loopback:
//! - the code-request and the verify endpoints, each a fixed number of requests at a fixed
//!   concurrency, with their rate, latency and every answer that was not the expected one;
//! - password completion at two requests per hashing slot, against a raw argon2id loop with the
//!   server's own parameters (`secrets::hash_password`) on as many threads; the two take turns
//!   in short rounds, so that both meet the machine's speed of each moment.
//!
//! Captcha tickets, codes and reset tokens are prepared before each timed phase, so that a
//! phase times its endpoint alone. Every loop is bounded in count, and every request in time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/stats.rs"]
mod stats;
use stats::percentile;

use contract::wire::*;
use contract::{Endpoint, Region};
use reference_backend::{DEMO_PASSWORD, secrets};
use serde_json::{Value, json};
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[path = "support/server.rs"]
mod server;
use server::Server;

/// How many turns the completions and the raw argon2id loop take.
const COMPLETION_ROUNDS: usize = 4;

/// Where the accounts whose passwords are completed live.
const OWNERS_REGION: Region = Region::Europe;

/// Adds an account in [`OWNERS_REGION`] for each address of `owners` to the database the server
/// will open, all with one password hash (only the new password's hashing is measured).
async fn add_accounts(database: &std::path::Path, owners: &[String]) {
    let pool = reference_backend::open_database(&format!("sqlite://{}", database.display()))
        .await
        .unwrap();
    let hash = secrets::hash_password(DEMO_PASSWORD).unwrap();
    for owner in owners {
        sqlx::query("INSERT INTO accounts (region, channel, identifier, password_hash) VALUES (?, 'email', ?, ?)")
            .bind(OWNERS_REGION.slug())
            .bind(owner)
            .bind(&hash)
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
}

/// The server's own argon2id (`secrets::hash_password`) on long-lived threads, as the server's
/// hashing slots run it: fresh threads would find their memory cold on every round.
struct RawLoop {
    /// Each thread's orders: how many hashes of a round are its, and whom to tell when done.
    threads: Vec<std::sync::mpsc::Sender<(usize, std::sync::mpsc::Sender<()>)>>,
}

impl RawLoop {
    fn new(threads: usize) -> RawLoop {
        let threads = (0..threads)
            .map(|_| {
                let (orders, received) =
                    std::sync::mpsc::channel::<(usize, std::sync::mpsc::Sender<()>)>();
                std::thread::spawn(move || {
                    for (count, done) in received {
                        for i in 0..count {
                            secrets::hash_password(&format!("Bench-{i}-passw0rd")).unwrap();
                        }
                        done.send(()).unwrap();
                    }
                });
                orders
            })
            .collect();
        RawLoop { threads }
    }

    /// How long `count` hashes take, shared evenly among the threads.
    fn time(&self, count: usize) -> Duration {
        let started = Instant::now();
        let (done, finished) = std::sync::mpsc::channel();
        let threads = self.threads.len();
        for (index, orders) in self.threads.iter().enumerate() {
            let share = count / threads + usize::from(index < count % threads);
            orders.send((share, done.clone())).unwrap();
        }
        drop(done);
        for () in finished {}
        started.elapsed()
    }
}

/// What one timed request came to.
struct Outcome {
    ms: f64,
    /// The answer was the one the phase expects.
    expected: bool,
    /// What it was otherwise, for the report.
    what: String,
}

/// One timed phase's figures.
#[derive(serde::Serialize)]
struct Phase {
    requests: usize,
    concurrency: usize,
    seconds: f64,
    per_second: f64,
    latency_ms_p50: f64,
    latency_ms_p95: f64,
    latency_ms_p99: f64,
    /// Answers other than the expected one, by kind; empty when the endpoint kept up.
    unexpected: std::collections::BTreeMap<String, usize>,
}

/// One timed run of requests: what each came to, and how long they all took.
struct Run {
    outcomes: Vec<Outcome>,
    elapsed: Duration,
}

impl Phase {
    /// The figures of `runs` made at `concurrency`, as one phase.
    fn of(runs: &[Run], concurrency: usize) -> Phase {
        let outcomes: Vec<&Outcome> = runs.iter().flat_map(|run| &run.outcomes).collect();
        let seconds: f64 = runs.iter().map(|run| run.elapsed.as_secs_f64()).sum();
        let mut latencies: Vec<f64> = outcomes.iter().map(|o| o.ms).collect();
        latencies.sort_by(f64::total_cmp);
        let mut unexpected = std::collections::BTreeMap::new();
        for outcome in outcomes.iter().filter(|o| !o.expected) {
            *unexpected.entry(outcome.what.clone()).or_default() += 1;
        }
        Phase {
            requests: outcomes.len(),
            concurrency,
            seconds,
            per_second: outcomes.len() as f64 / seconds,
            latency_ms_p50: percentile(&latencies, 0.50),
            latency_ms_p95: percentile(&latencies, 0.95),
            latency_ms_p99: percentile(&latencies, 0.99),
            unexpected,
        }
    }
}

/// Runs `count` calls of `one` (given their index), `concurrency` at a time, as one phase.
async fn timed<F, Fut>(count: usize, concurrency: usize, one: F) -> Phase
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = (bool, String)> + Send,
{
    let run = run(0..count, concurrency, Arc::new(one)).await;
    Phase::of(&[run], concurrency)
}

/// Calls `one` with each index of `indices`, `concurrency` at a time, and times them.
async fn run<F, Fut>(indices: std::ops::Range<usize>, concurrency: usize, one: Arc<F>) -> Run
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = (bool, String)> + Send,
{
    let end = indices.end;
    let next = Arc::new(AtomicUsize::new(indices.start));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (next, one) = (next.clone(), one.clone());
            tokio::spawn(async move {
                let mut outcomes = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= end {
                        return outcomes;
                    }
                    let begun = Instant::now();
                    let (expected, what) = one(index).await;
                    let ms = begun.elapsed().as_secs_f64() * 1000.0;
                    outcomes.push(Outcome { ms, expected, what });
                }
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.extend(worker.await.unwrap());
    }
    Run {
        outcomes,
        elapsed: started.elapsed(),
    }
}

/// A client of one server, its requests bounded to 30 s each.
#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    /// Posts `body` to `path` of `region`; the status and the envelope, or what went wrong.
    async fn post(&self, region: Region, path: &str, body: Value) -> Result<(u16, Value), String> {
        let url = format!("{}/{}{path}", self.base, region.slug());
        let response = self
            .http
            .post(url)
            .json(&body)
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .map_err(|error| format!("transport: {}", error.without_url()))?;
        let status = response.status().as_u16();
        let body = response
            .json::<Value>()
            .await
            .map_err(|_| format!("{status}, not an envelope"))?;
        Ok((status, body))
    }

    async fn get(&self, region: Region, path: &str) -> Value {
        let url = format!("{}/{}{path}", self.base, region.slug());
        let response = self.http.get(url).timeout(Duration::from_secs(30));
        response.send().await.unwrap().json().await.unwrap()
    }

    /// A captcha ticket through the development window onto the puzzle's answer.
    async fn ticket(&self, region: Region) -> String {
        let (_, puzzle) = self
            .post(region, NewPuzzleRequest::PATH, json!({}))
            .await
            .unwrap();
        let id = puzzle["data"]["captchaId"].as_str().unwrap().to_owned();
        let gap = self.get(region, &format!("/__dev/captcha/{id}")).await;
        let answer = json!({"captchaId": id, "x": gap["x"]});
        let (_, passed) = self.post(region, SliderAnswer::PATH, answer).await.unwrap();
        passed["data"]["captchaTicket"].as_str().unwrap().to_owned()
    }

    /// `count` tickets, the `i`th in `region_of(i)`, `concurrency` asked at a time.
    async fn tickets(
        &self,
        count: usize,
        concurrency: usize,
        region_of: impl Fn(usize) -> Region,
    ) -> Vec<String> {
        let mut tasks = tokio::task::JoinSet::new();
        for first in 0..concurrency.min(count) {
            let client = self.clone();
            let regions: Vec<(usize, Region)> = (first..count)
                .step_by(concurrency)
                .map(|i| (i, region_of(i)))
                .collect();
            tasks.spawn(async move {
                let mut tickets = Vec::new();
                for (i, region) in regions {
                    tickets.push((i, client.ticket(region).await));
                }
                tickets
            });
        }
        let mut tickets = vec![String::new(); count];
        while let Some(done) = tasks.join_next().await {
            for (i, ticket) in done.unwrap() {
                tickets[i] = ticket;
            }
        }
        tickets
    }

    fn code_request(channel: &str, account: &str, ticket: &str) -> Value {
        json!({"channel": channel, "account": account, "captchaTicket": ticket, "locale": "en"})
    }

    /// A reset token of a demo account: a code asked for, read from the outbox and verified.
    async fn token(&self, region: Region, account: &str) -> String {
        let ticket = self.ticket(region).await;
        let asked = Client::code_request("email", account, &ticket);
        let (_, sent) = self
            .post(region, ResetCodeRequest::PATH, asked)
            .await
            .unwrap();
        let reset_id = sent["data"]["resetId"].clone();
        for _ in 0..200 {
            let outbox = self.get(region, "/__dev/outbox").await;
            let code = outbox.as_array().unwrap().iter().find_map(|message| {
                let code = message["code"].as_str()?;
                (message["to"] == account).then(|| code.to_owned())
            });
            if let Some(code) = code {
                let body = json!({"resetId": reset_id, "code": code});
                let (_, accepted) = self
                    .post(region, VerifyCodeRequest::PATH, body)
                    .await
                    .unwrap();
                return accepted["data"]["resetToken"].as_str().unwrap().to_owned();
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no code reached {account}'s outbox in 5 s");
    }
}

/// Whether `answer` is the envelope `code` with HTTP `status`, and what it was if not.
fn is(answer: Result<(u16, Value), String>, status: u16, code: u32) -> (bool, String) {
    match answer {
        Ok((got, body)) if got == status && body["code"] == code => (true, String::new()),
        Ok((got, body)) => (false, format!("{got} {}", body["code"])),
        Err(what) => (false, what),
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        let at = args.iter().position(|a| a == flag)?;
        args.get(at + 1).cloned()
    };
    let binary = PathBuf::from(value("--binary").expect("--binary PATH of ezcloud-reference"));
    let out = PathBuf::from(value("--out").expect("--out FILE for the figures"));
    let requests: usize = value("--requests")
        .map_or(400, |n| n.parse().unwrap())
        .clamp(10, 5000);
    let concurrency: usize = value("--concurrency")
        .map_or(16, |n| n.parse().unwrap())
        .clamp(1, 64);
    let slots = std::thread::available_parallelism().map_or(2, usize::from);
    let completions = COMPLETION_ROUNDS * slots * 20;
    let dir = tempfile::tempdir().unwrap();
    let unlimited = "100000000".to_owned();
    let settings = [
        ("--requests-per-client-per-hour", unlimited.clone()),
        ("--puzzles-per-client-per-hour", unlimited.clone()),
        ("--codes-per-account-per-hour", unlimited.clone()),
        ("--codes-per-account-unknown-per-hour", unlimited.clone()),
        ("--codes-per-account-address-per-hour", unlimited.clone()),
        ("--wrong-codes-per-account-per-day", unlimited.clone()),
        (
            "--wrong-codes-per-account-unknown-per-day",
            unlimited.clone(),
        ),
        (
            "--wrong-codes-per-account-address-per-day",
            unlimited.clone(),
        ),
        ("--free-wrong-codes", unlimited),
        ("--resend-cooldown", "1".into()),
        ("--hashing-slots", slots.to_string()),
    ];
    let server = Server::new(binary, dir.path(), &settings);
    let owners: Vec<String> = (0..completions)
        .map(|i| format!("bench-owner-{i}@example.com"))
        .collect();
    add_accounts(&server.database, &owners).await;
    server.start().await;
    let client = Client {
        http: reqwest::Client::new(),
        base: server.base(),
    };
    println!(
        "backend: release server on 127.0.0.1:{} (loopback only), {slots} cores",
        server.port
    );
    let region_of = |index: usize| Region::ALL[index % Region::ALL.len()];

    // Code requests, for accounts no region holds (the same work as a known one, less the mail).
    let tickets = Arc::new(client.tickets(requests, concurrency, region_of).await);
    let reset_ids = Arc::new(std::sync::Mutex::new(vec![Value::Null; requests]));
    let code_requests = {
        let (client, tickets, reset_ids) = (client.clone(), tickets.clone(), reset_ids.clone());
        timed(requests, concurrency, move |i| {
            let (client, tickets, reset_ids) = (client.clone(), tickets.clone(), reset_ids.clone());
            async move {
                let account = format!("bench-{i}@example.invalid");
                let body = Client::code_request("email", &account, &tickets[i]);
                let answer = client
                    .post(region_of(i), ResetCodeRequest::PATH, body)
                    .await;
                if let Ok((200, sent)) = &answer {
                    reset_ids.lock().unwrap()[i] = sent["data"]["resetId"].clone();
                }
                is(answer, 200, SUCCESS)
            }
        })
        .await
    };

    // Verifications: one wrong code per reset, the same read, compare and count as a right one.
    let wrong = ErrorCode::WrongCode;
    let verifications = {
        let (client, reset_ids) = (client.clone(), reset_ids.clone());
        timed(requests, concurrency, move |i| {
            let client = client.clone();
            let reset_id = reset_ids.lock().unwrap()[i].clone();
            async move {
                let body = json!({"resetId": reset_id, "code": "000000"});
                let answer = client
                    .post(region_of(i), VerifyCodeRequest::PATH, body)
                    .await;
                is(answer, wrong.http_status(), wrong.code())
            }
        })
        .await
    };

    // Completions: a reset token of each account first (a new code replaces an account's
    // earlier reset, so each token needs an account of its own).
    let mut preparing = tokio::task::JoinSet::new();
    for owner in owners {
        let client = client.clone();
        preparing.spawn(async move { client.token(OWNERS_REGION, &owner).await });
    }
    let mut tokens = Vec::new();
    while let Some(token) = preparing.join_next().await {
        tokens.push((OWNERS_REGION, token.unwrap()));
    }
    let tokens = Arc::new(tokens);
    let complete_one = {
        let (client, tokens) = (client.clone(), tokens.clone());
        Arc::new(move |i: usize| {
            let (client, tokens) = (client.clone(), tokens.clone());
            async move {
                let (region, token) = &tokens[i];
                let body =
                    json!({"resetToken": token, "newPassword": format!("Bench-{i}-passw0rd")});
                is(
                    client.post(*region, CompleteRequest::PATH, body).await,
                    200,
                    SUCCESS,
                )
            }
        })
    };
    // The raw loop and the completions take turns (the server idle during the loop), so that
    // a moment when this machine runs slow or fast falls on both alike.
    let round = completions / COMPLETION_ROUNDS;
    let raw_loop = RawLoop::new(slots);
    let mut raw_time = Duration::ZERO;
    let mut runs = Vec::new();
    for first in (0..completions).step_by(round) {
        raw_time += raw_loop.time(round);
        // Twice as many clients as slots, as a server under load has: each slot's next
        // request waits while its last one is read and stored.
        runs.push(run(first..first + round, 2 * slots, complete_one.clone()).await);
    }
    let complete = Phase::of(&runs, 2 * slots);
    let raw_per_second = completions as f64 / raw_time.as_secs_f64();
    server.stop_gracefully();
    let share = complete.per_second / raw_per_second;

    let line = |name: &str, phase: &Phase| {
        let errors: usize = phase.unexpected.values().sum();
        println!(
            "{name:<18} {:>4} requests at concurrency {:>2}: {:>7.1}/s, p50 {:>6.1} ms, p95 {:>6.1} ms, p99 {:>6.1} ms, {errors} unexpected {:?}",
            phase.requests,
            phase.concurrency,
            phase.per_second,
            phase.latency_ms_p50,
            phase.latency_ms_p95,
            phase.latency_ms_p99,
            phase.unexpected
        );
    };
    line("code request", &code_requests);
    line("verify", &verifications);
    line("complete password", &complete);
    println!(
        "raw argon2id loop  {completions:>4} hashes on {slots} threads: {raw_per_second:>7.1}/s; completion reaches {:.0}% of it (target 80%)",
        share * 100.0
    );
    let figures = json!({
        "cores": slots,
        "codeRequest": code_requests,
        "verify": verifications,
        "completePassword": complete,
        "rawArgon2idPerSecond": raw_per_second,
        "completeShareOfRaw": share,
    });
    std::fs::write(&out, serde_json::to_string_pretty(&figures).unwrap()).unwrap();
    let failed = [&code_requests, &verifications, &complete]
        .iter()
        .any(|phase| !phase.unexpected.is_empty());
    if failed {
        eprintln!(
            "bench: some answers were not the expected ones; the log is at {}",
            server.log.display()
        );
        std::process::exit(1);
    }
}
