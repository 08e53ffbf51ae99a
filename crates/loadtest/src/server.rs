//! The release server as the soak and the bench run it: one `--dev` process on a loopback
//! port of its own and a database file in a folder of its own, which can be killed and
//! started again on the same port and database. A load tool stops at the first thing that goes
//! wrong with its own set-up, so this panics where the server cannot be run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// The server process, restarted after each kill on the same port and database.
pub struct Server {
    binary: PathBuf,
    pub database: PathBuf,
    pub port: u16,
    pub log: PathBuf,
    /// Flags beyond the listening address and the database, such as limits.
    settings: Vec<String>,
    child: Mutex<Option<Child>>,
    /// True from a kill until the new process answers.
    pub down: AtomicBool,
    /// How many kills so far: a request that spans one was cut by it, not failed.
    pub kills: AtomicU64,
}

impl Server {
    /// A server of `binary` on a free loopback port, keeping its database and log in `dir`,
    /// started with `settings` (flag, value); not running until [`Server::start`].
    pub fn new(binary: PathBuf, dir: &Path, settings: &[(&str, String)]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .expect("a free loopback port");
        Server {
            binary,
            database: dir.join("server.db"),
            port,
            log: dir.join("server.log"),
            settings: settings
                .iter()
                .flat_map(|(flag, value)| [(*flag).to_owned(), value.clone()])
                .collect(),
            child: Mutex::new(None),
            down: AtomicBool::new(true),
            kills: AtomicU64::new(0),
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the process and waits until it answers, for 10 s at most.
    pub async fn start(&self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let child = Command::new(&self.binary)
            .args(["--dev", "--listen", &format!("127.0.0.1:{}", self.port)])
            .args([
                "--database",
                &format!("sqlite://{}", self.database.display()),
            ])
            .args(&self.settings)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("the release server");
        *self.child.lock().unwrap() = Some(child);
        let http = reqwest::Client::new();
        for _ in 0..400 {
            if http
                .get(format!("{}/config.json", self.base()))
                .send()
                .await
                .is_ok()
            {
                self.down.store(false, Ordering::SeqCst);
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the server did not come back");
    }

    /// SIGKILL, as a crash would.
    #[allow(dead_code, reason = "the bench never kills")]
    pub fn kill(&self) {
        self.down.store(true, Ordering::SeqCst);
        self.kills.fetch_add(1, Ordering::SeqCst);
        if let Some(mut child) = self.child.lock().unwrap().take() {
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
        }
    }

    /// SIGTERM, and waits for the process to finish what it was doing.
    pub fn stop_gracefully(&self) {
        if let Some(mut child) = self.child.lock().unwrap().take() {
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }

    /// The process's resident memory.
    #[allow(dead_code, reason = "the bench does not sample memory")]
    pub fn resident_kib(&self) -> Option<u64> {
        self.status_kib("VmRSS:")
    }

    /// The most the running process has held resident since it started, in KiB.
    #[allow(dead_code, reason = "the bench does not sample memory")]
    pub fn peak_resident_kib(&self) -> Option<u64> {
        self.status_kib("VmHWM:")
    }

    /// A figure of the running process's `/proc/PID/status`, in KiB.
    #[allow(dead_code, reason = "the bench does not sample memory")]
    fn status_kib(&self, field: &str) -> Option<u64> {
        let pid = self.child.lock().unwrap().as_ref()?.id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|line| line.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}
