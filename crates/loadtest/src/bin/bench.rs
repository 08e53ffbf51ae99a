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

use api_client::{Answer, Api, DEV_OUTBOX_PATH, dev_captcha_path};
use clap::Parser;
use contract::wire::*;
use contract::{Channel, Endpoint, Region, ResetId, ResetToken, Ticket};
use loadtest::server::Server;
use loadtest::stats::percentile;
use reference_backend::{DEMO_PASSWORD, secrets};
use serde::Serialize;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The backend's figures under load, against the release server on loopback.
#[derive(Parser)]
struct Args {
    /// The release server's binary, `ezcloud-reference`.
    #[arg(long)]
    binary: PathBuf,
    /// Where the figures are written, as JSON.
    #[arg(long)]
    out: PathBuf,
    /// Requests in each of the code-request and verify phases.
    #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u16).range(10..=5000))]
    requests: u16,
    /// Requests in flight at once in those phases.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u8).range(1..=64))]
    concurrency: u8,
}

/// What the bench writes to `--out`, which `cargo xtask bench` reads.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Figures {
    cores: usize,
    code_request: Phase,
    verify: Phase,
    complete_password: Phase,
    raw_argon2id_per_second: f64,
    complete_share_of_raw: f64,
}

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

/// A client of one server's three regions, its requests bounded to 30 s each.
#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    fn api(&self, region: Region) -> Api {
        Api {
            base: format!("{}/{}", self.base, region.slug()),
            http: self.http.clone(),
        }
    }

    /// Sends `request` to `region`: the answer, or what went wrong on the way.
    async fn call<R: Endpoint + Serialize>(
        &self,
        region: Region,
        request: &R,
    ) -> Result<Answer, String> {
        let request = self
            .api(region)
            .request(request)
            .timeout(Duration::from_secs(30));
        Answer::of(request)
            .await
            .map_err(|error| format!("transport: {}", error.without_url()))
    }

    async fn get(&self, region: Region, path: &str) -> Answer {
        self.api(region).get(path).await.unwrap()
    }

    /// A captcha ticket through the development window onto the puzzle's answer.
    async fn ticket(&self, region: Region) -> Ticket {
        let puzzle: SliderChallenge = self
            .call(region, &NewSliderRequest {})
            .await
            .unwrap()
            .data()
            .unwrap();
        let gap = self
            .get(region, &dev_captcha_path(&puzzle.captcha_id))
            .await;
        let answer = SliderAnswer {
            captcha_id: puzzle.captcha_id,
            x: u32::try_from(gap.body["x"].as_u64().unwrap()).unwrap(),
        };
        let passed: CheckPassed = self.call(region, &answer).await.unwrap().data().unwrap();
        passed.captcha_ticket
    }

    /// `count` tickets, the `i`th in `region_of(i)`, `concurrency` asked at a time.
    async fn tickets(
        &self,
        count: usize,
        concurrency: usize,
        region_of: impl Fn(usize) -> Region,
    ) -> Vec<Option<Ticket>> {
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
        let mut tickets = vec![None; count];
        while let Some(done) = tasks.join_next().await {
            for (i, ticket) in done.unwrap() {
                tickets[i] = Some(ticket);
            }
        }
        tickets
    }

    fn code_request(account: &str, ticket: Ticket) -> ResetCodeRequest {
        ResetCodeRequest {
            channel: Channel::Email,
            account: account.to_owned(),
            captcha_ticket: ticket,
            locale: "en".to_owned(),
        }
    }

    /// A reset token of a demo account: a code asked for, read from the outbox and verified.
    async fn token(&self, region: Region, account: &str) -> ResetToken {
        let ticket = self.ticket(region).await;
        let asked = Client::code_request(account, ticket);
        let sent: ResetCodeSent = self.call(region, &asked).await.unwrap().data().unwrap();
        for _ in 0..200 {
            let outbox = self.get(region, DEV_OUTBOX_PATH).await;
            let code = outbox.body.as_array().unwrap().iter().find_map(|message| {
                let code = message["code"].as_str()?;
                (message["to"] == account).then(|| code.to_owned())
            });
            if let Some(code) = code {
                let verify = VerifyCodeRequest {
                    reset_id: sent.reset_id,
                    code,
                };
                let accepted: CodeAccepted =
                    self.call(region, &verify).await.unwrap().data().unwrap();
                return accepted.reset_token;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no code reached {account}'s outbox in 5 s");
    }
}

/// Whether `answer` is the envelope `code` with HTTP `status`, and what it was if not.
fn is(answer: Result<Answer, String>, status: u16, code: u32) -> (bool, String) {
    match answer {
        Ok(got) if got.status == status && got.code() == Some(u64::from(code)) => {
            (true, String::new())
        }
        Ok(got) => (false, format!("{} {}", got.status, got.body["code"])),
        Err(what) => (false, what),
    }
}

#[tokio::main]
async fn main() {
    let Args {
        binary,
        out,
        requests,
        concurrency,
    } = Args::parse();
    let (requests, concurrency) = (usize::from(requests), usize::from(concurrency));
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
    let reset_ids: Arc<std::sync::Mutex<Vec<Option<ResetId>>>> =
        Arc::new(std::sync::Mutex::new(vec![None; requests]));
    let code_requests = {
        let (client, tickets, reset_ids) = (client.clone(), tickets.clone(), reset_ids.clone());
        timed(requests, concurrency, move |i| {
            let (client, tickets, reset_ids) = (client.clone(), tickets.clone(), reset_ids.clone());
            async move {
                let account = format!("bench-{i}@example.invalid");
                let body = Client::code_request(&account, tickets[i].clone().unwrap());
                let answer = client.call(region_of(i), &body).await;
                if let Some(sent) = answer.as_ref().ok().and_then(Answer::data::<ResetCodeSent>) {
                    reset_ids.lock().unwrap()[i] = Some(sent.reset_id);
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
                let Some(reset_id) = reset_id else {
                    return (false, "no reset to verify".to_owned());
                };
                let body = VerifyCodeRequest {
                    reset_id,
                    code: "000000".to_owned(),
                };
                is(
                    client.call(region_of(i), &body).await,
                    wrong.http_status(),
                    wrong.code(),
                )
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
                let body = CompleteRequest {
                    reset_token: token.clone(),
                    new_password: format!("Bench-{i}-passw0rd"),
                };
                is(client.call(*region, &body).await, 200, SUCCESS)
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
    let failed = [&code_requests, &verifications, &complete]
        .iter()
        .any(|phase| !phase.unexpected.is_empty());
    let figures = Figures {
        cores: slots,
        code_request: code_requests,
        verify: verifications,
        complete_password: complete,
        raw_argon2id_per_second: raw_per_second,
        complete_share_of_raw: share,
    };
    std::fs::write(&out, serde_json::to_string_pretty(&figures).unwrap()).unwrap();
    if failed {
        eprintln!(
            "bench: some answers were not the expected ones; the log is at {}",
            server.log.display()
        );
        std::process::exit(1);
    }
}
