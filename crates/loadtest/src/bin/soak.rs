//! `cargo xtask soak --minutes N`: a realistic mix of whole resets, wrong codes, resends,
//! puzzles and logins at a fixed concurrency against the release server on loopback, which is
//! killed with SIGKILL at random moments and restarted. It stops by itself after N minutes,
//! then checks the invariants on the database file and prints the figures. With `--no-kills`
//! one process serves the whole soak, and its memory is sampled every 5 s, with its peak.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use api_client::{Api, DEV_OUTBOX_PATH, data_of, dev_captcha_path};
use clap::Parser;
use contract::wire::*;
use contract::{Channel, Endpoint, Region, Ticket};
use loadtest::server::Server;
use loadtest::stats::percentile;
use rand::Rng;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A bounded soak of the release server on loopback.
#[derive(Parser)]
struct Args {
    /// The release server's binary, `ezcloud-reference`.
    #[arg(long)]
    binary: PathBuf,
    /// How long the soak runs, 0.1 to 120 minutes.
    #[arg(long, default_value_t = 1.0)]
    minutes: f64,
    /// Workers running flows at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u8).range(1..=64))]
    concurrency: u8,
    /// One process throughout, its memory sampled every 5 s, instead of kills at random.
    #[arg(long)]
    no_kills: bool,
}

const CODES_PER_ACCOUNT_PER_HOUR: i64 = 120;
const RESEND_COOLDOWN: u64 = 2;

fn database_bytes(database: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", database.display())).ok())
        .map(|metadata| metadata.len())
        .sum()
}

/// Everything the workers saw.
#[derive(Default)]
struct Figures {
    requests: u64,
    /// Failures that must not happen: 5xx, an answer that is not the envelope, a transport
    /// error while no kill was under way, a flow that went wrong.
    errors: BTreeMap<String, u64>,
    /// Requests that a kill cut off or that found the server restarting.
    cut_by_kills: u64,
    /// Envelope codes of the answers, by endpoint.
    outcomes: BTreeMap<(String, u64), u64>,
    latencies_ms: BTreeMap<String, Vec<f64>>,
    completed: u64,
    completes_cut: u64,
    /// Answers 503 with Retry-After (every hashing slot busy), retried as they ask.
    busy_retried: u64,
}

#[derive(Clone)]
struct Worker {
    server: Arc<Server>,
    http: reqwest::Client,
    figures: Arc<Mutex<Figures>>,
    region: Region,
}

/// What a request came to.
enum Reply {
    Answer(u16, Value),
    /// Cut by a kill: not an error, but the flow cannot go on.
    Cut,
    Failed,
}

impl Worker {
    fn error(&self, kind: &str) {
        *self
            .figures
            .lock()
            .unwrap()
            .errors
            .entry(kind.to_owned())
            .or_default() += 1;
    }

    async fn send(&self, name: &str, request: reqwest::RequestBuilder) -> Reply {
        let kills = self.server.kills.load(Ordering::SeqCst);
        let started = Instant::now();
        let result = async {
            let response = request.timeout(Duration::from_secs(30)).send().await?;
            let status = response.status().as_u16();
            let bytes = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, bytes))
        }
        .await;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let cut = self.server.kills.load(Ordering::SeqCst) != kills
            || self.server.down.load(Ordering::SeqCst);
        let mut figures = self.figures.lock().unwrap();
        figures.requests += 1;
        match result {
            Err(_) if cut => {
                figures.cut_by_kills += 1;
                Reply::Cut
            }
            Err(error) => {
                *figures
                    .errors
                    .entry(format!("transport ({name}): {}", error.without_url()))
                    .or_default() += 1;
                Reply::Failed
            }
            Ok((status, bytes)) => {
                figures
                    .latencies_ms
                    .entry(name.to_owned())
                    .or_default()
                    .push(elapsed);
                if status >= 500 && !(status == 503 && name != "picture") {
                    *figures
                        .errors
                        .entry(format!("{status} ({name})"))
                        .or_default() += 1;
                    return Reply::Failed;
                }
                let Ok(body) = serde_json::from_slice::<Value>(&bytes) else {
                    if name.starts_with("picture") && status == 200 {
                        return Reply::Answer(status, Value::Null);
                    }
                    *figures
                        .errors
                        .entry(format!("not an envelope ({name})"))
                        .or_default() += 1;
                    return Reply::Failed;
                };
                let code = body["code"].as_u64().unwrap_or(0);
                *figures.outcomes.entry((name.to_owned(), code)).or_default() += 1;
                Reply::Answer(status, body)
            }
        }
    }

    fn api(&self) -> Api {
        Api {
            base: format!("{}/{}", self.server.base(), self.region.slug()),
            http: self.http.clone(),
        }
    }

    /// Sends `request`; a 503 (the server's documented "busy") is retried after its
    /// `Retry-After`, as a well-behaved client does, and counted apart.
    async fn call<R: Endpoint + Serialize>(&self, name: &str, request: &R) -> Reply {
        for _ in 0..10 {
            match self.send(name, self.api().request(request)).await {
                Reply::Answer(503, answer) if answer["code"] == 50301 => {
                    self.figures.lock().unwrap().busy_retried += 1;
                    let wait = answer["data"]["retryAfterSeconds"].as_u64().unwrap_or(1);
                    tokio::time::sleep(Duration::from_secs(wait)).await;
                }
                reply => return reply,
            }
        }
        self.error("busy ten times in a row");
        Reply::Failed
    }

    async fn get(&self, name: &str, path: &str) -> Reply {
        let url = format!("{}{path}", self.api().base);
        self.send(name, self.http.get(url)).await
    }

    /// A new puzzle, or `None` when a kill got in the way.
    async fn new_puzzle(&self) -> Option<SliderChallenge> {
        match self.call("puzzle", &NewSliderRequest {}).await {
            Reply::Answer(200, puzzle) => data_of(&puzzle),
            _ => None,
        }
    }

    /// A ticket, through the development window; `None` when a kill got in the way.
    async fn ticket(&self) -> Option<Ticket> {
        let puzzle = self.new_puzzle().await?;
        let Reply::Answer(200, gap) = self
            .get("dev window", &dev_captcha_path(&puzzle.captcha_id))
            .await
        else {
            return None;
        };
        let answer = SliderAnswer {
            captcha_id: puzzle.captcha_id,
            x: u32::try_from(gap["x"].as_u64()?).ok()?,
        };
        match self.call("puzzle verify", &answer).await {
            Reply::Answer(200, passed) => data_of::<CheckPassed>(&passed).map(|p| p.captcha_ticket),
            _ => None,
        }
    }

    async fn ask_code(&self, channel: Channel, account: &str) -> Option<ResetCodeSent> {
        let ticket = self.ticket().await?;
        let body = ResetCodeRequest {
            channel,
            account: account.to_owned(),
            captcha_ticket: ticket,
            locale: "en".to_owned(),
        };
        match self.call("code", &body).await {
            Reply::Answer(200, sent) => data_of(&sent),
            _ => None,
        }
    }

    /// The newest code in the outbox for `to` that is not in `seen`.
    async fn new_code_for(&self, to: &str, seen: &[String]) -> Option<String> {
        for _ in 0..100 {
            if let Reply::Answer(_, Value::Array(messages)) =
                self.get("dev window", DEV_OUTBOX_PATH).await
            {
                let found = messages.iter().find_map(|message| {
                    let code = message["code"].as_str()?;
                    (message["to"] == to && !seen.iter().any(|s| s == code))
                        .then(|| code.to_owned())
                });
                if found.is_some() {
                    return found;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }

    /// A whole reset of a demo account this worker alone uses, checked by signing in.
    async fn whole_reset(&self, account: &str, seen: &mut Vec<String>) {
        let Some(sent) = self.ask_code(Channel::Email, account).await else {
            return;
        };
        let Some(code) = self.new_code_for(account, seen).await else {
            if !self.server.down.load(Ordering::SeqCst) {
                // The answer said sent; a code must arrive (the spool survives kills).
                self.error("code never delivered");
            }
            return;
        };
        seen.push(code.clone());
        let body = VerifyCodeRequest {
            reset_id: sent.reset_id,
            code,
        };
        let Reply::Answer(200, accepted) = self.call("verify", &body).await else {
            return;
        };
        let Some(accepted) = data_of::<CodeAccepted>(&accepted) else {
            self.error("an accepted code without its token");
            return;
        };
        let password = format!("Soak-{}-passw0rd", rand::thread_rng().r#gen::<u32>());
        let body = CompleteRequest {
            reset_token: accepted.reset_token,
            new_password: password.clone(),
        };
        match self.call("complete", &body).await {
            Reply::Answer(200, _) => {
                self.figures.lock().unwrap().completed += 1;
                let login = LoginRequest {
                    username: account.to_owned(),
                    password,
                };
                if let Reply::Answer(status, answer) = self.call("login", &login).await
                    && status != 200
                    && answer["code"] != 50301
                {
                    self.error("the new password does not sign in");
                }
            }
            Reply::Cut => self.figures.lock().unwrap().completes_cut += 1,
            _ => {}
        }
    }

    /// Three wrong codes, each of which must be refused as wrong.
    async fn wrong_codes(&self, n: u64) {
        let Some(sent) = self
            .ask_code(Channel::Email, &format!("soak-{n}@example.invalid"))
            .await
        else {
            return;
        };
        for guess in ["000001", "000002", "000003"] {
            let body = VerifyCodeRequest {
                reset_id: sent.reset_id.clone(),
                code: guess.to_owned(),
            };
            if let Reply::Answer(_, answer) = self.call("verify", &body).await
                && answer["code"] != 40004
            {
                self.error("a wrong code was not refused as wrong");
            }
        }
    }

    async fn resend(&self, n: u64) {
        let Some(sent) = self
            .ask_code(Channel::Sms, &format!("+4915{:09}", n % 1_000_000_000))
            .await
        else {
            return;
        };
        tokio::time::sleep(Duration::from_secs(RESEND_COOLDOWN) + Duration::from_millis(100)).await;
        self.call(
            "resend",
            &ResendRequest {
                reset_id: sent.reset_id,
            },
        )
        .await;
    }

    /// A puzzle as a person who misses it meets it: both pictures, and a wrong answer.
    async fn puzzle(&self) {
        let Some(puzzle) = self.new_puzzle().await else {
            return;
        };
        for path in [&puzzle.background_image, &puzzle.piece_image] {
            self.get("picture", path).await;
        }
        let answer = SliderAnswer {
            captcha_id: puzzle.captcha_id,
            x: 0,
        };
        self.call("puzzle verify", &answer).await;
    }

    async fn wrong_login(&self, n: u64) {
        let body = LoginRequest {
            username: format!("soak-{n}@example.invalid"),
            password: "not it".to_owned(),
        };
        self.call("login", &body).await;
    }
}

/// The invariants, checked on the database file after the run: (name, broken count).
async fn invariants(database: &Path, figures: &Figures) -> Vec<(&'static str, i64)> {
    let pool = reference_backend::open_database(&format!("sqlite://{}", database.display()))
        .await
        .unwrap();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let notices =
        count("SELECT COUNT(*) FROM spool WHERE subject LIKE '%password was changed%'").await;
    let completed = i64::try_from(figures.completed).unwrap_or(i64::MAX);
    let cut = i64::try_from(figures.completes_cut).unwrap_or(i64::MAX);
    let worst_hour: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(n), 0) FROM (SELECT (SELECT COUNT(*) FROM limit_events b
             WHERE b.counter = a.counter AND b.key = a.key AND b.at > a.at - 3600 AND b.at <= a.at) AS n
         FROM limit_events a WHERE a.counter = 'codes-per-account')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    vec![
        ("no code delivered twice", count(
            "SELECT COUNT(*) FROM (SELECT 1 FROM outbox WHERE code IS NOT NULL
             GROUP BY recipient, code HAVING COUNT(*) > 1)").await),
        ("no reset completed twice (notices beyond completions seen)",
            (notices - completed - cut).max(0)),
        ("no completion without its notice", (completed - notices).max(0)),
        ("no limit exceeded (codes per account in any hour)",
            (worst_hour - CODES_PER_ACCOUNT_PER_HOUR).max(0)),
        ("no lost \"password changed\" notice", count(
            "SELECT COUNT(*) FROM spool s WHERE s.subject LIKE '%password was changed%'
             AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.spool_id = s.id)").await),
        ("every reset open, locked by its last attempt, or completed", count(
            "SELECT COUNT(*) FROM resets WHERE attempts_left < 0 OR attempts_left > 5
             OR (locked = 1 AND attempts_left != 0)
             OR (completed = 1 AND token_expires_at IS NOT NULL)").await),
        ("no code delivered after its reset completed", count(
            "SELECT COUNT(*) FROM spool s JOIN resets r ON r.id = s.reset_id
             WHERE s.delivered_at IS NULL AND s.undeliverable = 0 AND r.completed = 1 AND s.code IS NOT NULL").await),
    ]
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let minutes = args.minutes.clamp(0.1, 120.0);
    let concurrency = usize::from(args.concurrency);
    let kills = !args.no_kills;
    let sampling = Duration::from_secs(if kills { 30 } else { 5 });
    let binary = args.binary;
    let dir = tempfile::tempdir().unwrap();
    let settings = [
        ("--resend-cooldown", RESEND_COOLDOWN.to_string()),
        // Every client comes from one address: its share of an account is the account's.
        (
            "--codes-per-account-per-hour",
            CODES_PER_ACCOUNT_PER_HOUR.to_string(),
        ),
        (
            "--codes-per-account-unknown-per-hour",
            CODES_PER_ACCOUNT_PER_HOUR.to_string(),
        ),
        (
            "--codes-per-account-address-per-hour",
            CODES_PER_ACCOUNT_PER_HOUR.to_string(),
        ),
        ("--requests-per-client-per-hour", "10000000".into()),
        ("--puzzles-per-client-per-hour", "10000000".into()),
        ("--logins-per-client", "10000000".into()),
    ];
    let server = Arc::new(Server::new(binary, dir.path(), &settings));
    let port = server.port;
    server.start().await;
    let deadline = Instant::now() + Duration::from_secs_f64(minutes * 60.0);
    let figures = Arc::new(Mutex::new(Figures::default()));
    println!(
        "soak: {minutes} min, {concurrency} workers, server on 127.0.0.1:{port} (loopback only), {}",
        if kills {
            "killed at random"
        } else {
            "one process, no kills"
        }
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let memory_start = server.resident_kib();
    let database_start = database_bytes(&server.database);

    let mut workers = Vec::new();
    for index in 0..concurrency {
        let worker = Worker {
            server: server.clone(),
            http: reqwest::Client::new(),
            figures: figures.clone(),
            region: Region::ALL[index % Region::ALL.len()],
        };
        // The first three workers each own one of the demo email accounts for whole resets.
        let own = reference_backend::DEMO_ACCOUNTS
            .into_iter()
            .filter(|(_, channel, _)| *channel == contract::Channel::Email)
            .nth(index % 3)
            .filter(|_| index < 3)
            .map(|(_, _, email)| email.to_owned());
        workers.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            let mut n = (index as u64) << 40;
            while Instant::now() < deadline {
                n += 1;
                let choice = rand::thread_rng().gen_range(0..10);
                match (choice, &own) {
                    (0..=3, Some(account)) => worker.whole_reset(account, &mut seen).await,
                    (0..=3, None) | (7..=8, _) => worker.puzzle().await,
                    (4..=5, _) => worker.wrong_codes(n).await,
                    (6, _) => worker.resend(n).await,
                    _ => worker.wrong_login(n).await,
                }
            }
        }));
    }
    // Every 30 s (5 s without kills): the server's memory, its kills so far, the database's size.
    let sampler = {
        let server = server.clone();
        tokio::spawn(async move {
            let mut samples = Vec::new();
            let started = Instant::now();
            while Instant::now() + sampling < deadline {
                tokio::time::sleep(sampling).await;
                samples.push((
                    started.elapsed().as_secs(),
                    server.resident_kib(),
                    server.kills.load(Ordering::SeqCst),
                    database_bytes(&server.database),
                ));
            }
            samples
        })
    };
    let killer = {
        let server = server.clone();
        tokio::spawn(async move {
            if !kills {
                return;
            }
            loop {
                let wait = Duration::from_secs(rand::thread_rng().gen_range(15..45));
                if Instant::now() + wait + Duration::from_secs(10) > deadline {
                    break;
                }
                tokio::time::sleep(wait).await;
                server.kill();
                server.start().await;
            }
        })
    };
    for worker in workers {
        worker.await.unwrap();
    }
    killer.await.unwrap();
    let samples = sampler.await.unwrap();
    // Let the spool deliver what the last requests wrote.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let memory_end = server.resident_kib();
    let memory_peak = server.peak_resident_kib();
    let database_end = database_bytes(&server.database);
    server.stop_gracefully();

    let figures = Arc::try_unwrap(figures).ok().unwrap().into_inner().unwrap();
    let broken = invariants(&server.database, &figures).await;
    println!(
        "\nrequests {}  kills {}  cut by kills {}  completed resets {}",
        figures.requests,
        server.kills.load(Ordering::SeqCst),
        figures.cut_by_kills,
        figures.completed
    );
    let errors: u64 = figures.errors.values().sum();
    println!("errors {errors}");
    for (kind, count) in &figures.errors {
        println!("  {count:>6}  {kind}");
    }
    println!(
        "\n{:<16} {:>8} {:>9} {:>9} {:>9}",
        "endpoint", "answers", "p50 ms", "p95 ms", "p99 ms"
    );
    for (name, latencies) in &figures.latencies_ms {
        let mut sorted = latencies.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "{name:<16} {:>8} {:>9.1} {:>9.1} {:>9.1}",
            sorted.len(),
            percentile(&sorted, 0.5),
            percentile(&sorted, 0.95),
            percentile(&sorted, 0.99)
        );
    }
    println!("\nanswers by endpoint and envelope code:");
    for ((name, code), count) in &figures.outcomes {
        println!("  {name:<16} {code:>6} {count:>8}");
    }
    let kib = |value: Option<u64>| {
        value.map_or("?".to_owned(), |kib| {
            format!("{:.1} MiB", kib as f64 / 1024.0)
        })
    };
    if kills {
        println!(
            "\nserver memory (RSS): start {}, end {} (the end is the last restart's process)",
            kib(memory_start),
            kib(memory_end)
        );
    } else {
        println!(
            "\nserver memory (RSS), one process: start {}, end {}, peak {}",
            kib(memory_start),
            kib(memory_end),
            kib(memory_peak)
        );
    }
    println!(
        "database: start {:.1} KiB, end {:.1} KiB",
        database_start as f64 / 1024.0,
        database_end as f64 / 1024.0
    );
    println!(
        "\n{:>8} {:>12} {:>7} {:>12}",
        "second", "memory MiB", "kills", "database KiB"
    );
    for (second, memory, kills, database) in &samples {
        let memory = memory.map_or("?".to_owned(), |kib| format!("{:.1}", kib as f64 / 1024.0));
        println!(
            "{second:>8} {memory:>12} {kills:>7} {:>12.0}",
            *database as f64 / 1024.0
        );
    }
    println!("\ninvariants:");
    for (name, count) in &broken {
        println!(
            "  {:<62} {}",
            name,
            if *count == 0 {
                "held".to_owned()
            } else {
                format!("BROKEN ({count})")
            }
        );
    }
    if errors > 0 || broken.iter().any(|(_, count)| *count > 0) {
        eprintln!(
            "soak: errors or broken invariants; the server's log is kept at {}",
            server.log.display()
        );
        let _ = dir.keep();
        std::process::exit(1);
    }
}
