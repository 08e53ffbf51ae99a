//! The `ezcloud-reference` binary as a process: delivery through a real SMTP server on
//! loopback, and logs that never hold a secret.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Client;
use contract::wire::{CodeAccepted, ResetCodeSent};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A child process that is killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// aiosmtpd, a real SMTP server, writing every message it accepts into a maildir.
fn smtp_server(maildir: &Path, port: u16) -> Running {
    let child = Command::new("python3")
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 -m aiosmtpd (cargo xtask test installs it)");
    Running(child)
}

async fn wait_for_port(port: u16) {
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nothing listens on port {port}");
}

/// The messages in the maildir, as text.
fn mails(maildir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(maildir.join("new")) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .collect()
}

async fn mail_to(maildir: &Path, to: &str, containing: &str) -> String {
    for _ in 0..200 {
        if let Some(mail) = mails(maildir)
            .into_iter()
            .find(|m| m.contains(&format!("To: {to}")) && m.contains(containing))
        {
            return mail;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "no mail to {to} containing {containing:?}; have {:?}",
        mails(maildir)
    );
}

/// The binary in development mode on `api_port`, its database in `dir`, mailing through
/// `smtp_port`, logging to `log`.
fn start_server(dir: &Path, api_port: u16, smtp_port: u16, log: &Path) -> Running {
    let child = Command::new(env!("CARGO_BIN_EXE_ezcloud-reference"))
        .args(["--dev", "--listen", &format!("127.0.0.1:{api_port}")])
        .args([
            "--database",
            &format!("sqlite://{}", dir.join("db.sqlite").display()),
        ])
        .args(["--smtp-url", &format!("smtp://127.0.0.1:{smtp_port}")])
        .args(["--sms-gateway-domain", "sms.example.net"])
        .env("RUST_LOG", "debug")
        .stdout(std::fs::File::create(log).unwrap())
        .stderr(std::fs::File::create(log.with_extension("err")).unwrap())
        .spawn()
        .unwrap();
    Running(child)
}

/// The code in an email ("Your verification code is …") or a text message ("EZCloud code: …").
fn code_in(mail: &str) -> String {
    let after = ["verification code is ", "EZCloud code: "]
        .iter()
        .find_map(|lead| mail.split(lead).nth(1))
        .unwrap();
    after.chars().take(6).collect()
}

#[tokio::test]
async fn codes_go_through_a_real_smtp_server_and_logs_hold_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("mail");
    let (smtp_port, api_port) = (free_port(), free_port());
    let _smtp = smtp_server(&maildir, smtp_port);
    wait_for_port(smtp_port).await;
    let log: PathBuf = dir.path().join("server.log");
    let server = start_server(dir.path(), api_port, smtp_port, &log);
    wait_for_port(api_port).await;
    let europe = Client {
        base: format!("http://127.0.0.1:{api_port}/europe"),
        http: reqwest::Client::new(),
    };

    let sent: ResetCodeSent = europe.ask_code("email", "bruno@example.com").await.data();
    let mail = mail_to(&maildir, "bruno@example.com", "verification code").await;
    assert!(
        mail.to_ascii_lowercase().contains("message-id: <spool-"),
        "the spool row names the mail, so a redelivery after a crash can be told apart"
    );
    let code = code_in(&mail);
    let token: CodeAccepted = europe.verify(&sent.reset_id, &code).await.data();
    let password = "Smtp-delivered-secret";
    europe
        .complete(&token.reset_token, password)
        .await
        .data::<serde_json::Value>();
    europe
        .login("bruno@example.com", password)
        .await
        .data::<serde_json::Value>();
    mail_to(&maildir, "bruno@example.com", "password was changed").await;

    let by_phone: ResetCodeSent = europe.ask_code("sms", "+49 151 12345678").await.data();
    let sms = mail_to(
        &maildir,
        "4915112345678@sms.example.net",
        "verification code",
    )
    .await;
    assert!(!by_phone.reset_id.as_str().is_empty() && code_in(&sms).len() == 6);

    drop(server);
    let mut logged = std::fs::read_to_string(&log).unwrap();
    logged.push_str(&std::fs::read_to_string(log.with_extension("err")).unwrap());
    let request_lines = logged
        .lines()
        .filter(|line| line.contains("finished processing request"))
        .count();
    assert!(request_lines >= 8, "one line per request:\n{logged}");
    // The demo password is printed at start on purpose; the secrets of this run never are.
    for secret in [
        code.as_str(),
        &code_in(&sms),
        token.reset_token.as_str(),
        password,
    ] {
        assert!(
            !logged.contains(secret),
            "the log holds a secret: {secret}\n{logged}"
        );
    }
}

#[tokio::test]
async fn a_code_spooled_while_the_mail_server_is_down_arrives_after_a_crash_and_restart() {
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("mail");
    let (smtp_port, api_port) = (free_port(), free_port());
    let log = dir.path().join("first.log");
    let first = start_server(dir.path(), api_port, smtp_port, &log);
    wait_for_port(api_port).await;
    let europe = Client {
        base: format!("http://127.0.0.1:{api_port}/europe"),
        http: reqwest::Client::new(),
    };
    let sent: ResetCodeSent = europe.ask_code("email", "bruno@example.com").await.data();
    // The mail server is down: the worker tries, fails, and keeps the message. Waited for
    // (ten seconds at most), not slept on, so that a busy machine does not fail the test.
    let mut failures = String::new();
    for _ in 0..200 {
        failures = std::fs::read_to_string(&log).unwrap_or_default();
        if failures.contains("delivery failed") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(failures.contains("delivery failed"), "{failures}");
    // Killed, not stopped: nothing gets a chance to flush.
    drop(first);

    let _smtp = smtp_server(&maildir, smtp_port);
    wait_for_port(smtp_port).await;
    let _second = start_server(
        dir.path(),
        api_port,
        smtp_port,
        &dir.path().join("second.log"),
    );
    wait_for_port(api_port).await;
    let code = code_in(&mail_to(&maildir, "bruno@example.com", "verification code").await);
    europe
        .verify(&sent.reset_id, &code)
        .await
        .data::<CodeAccepted>();
    assert_eq!(mails(&maildir).len(), 1, "delivered once");
}

/// Runs the binary with `args` and returns its exit code and what it wrote to stderr.
fn refused_start(args: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ezcloud-reference"))
        .args([
            "--database",
            &format!("sqlite://{}", dir.path().join("db.sqlite").display()),
        ])
        .args(args)
        .env_remove("EZCLOUD_SMTP_URL")
        .env_remove("EZCLOUD_DEV")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn settings_that_cannot_work_stop_the_server_with_one_line() {
    for (args, says) in [
        (vec!["--listen", "127.0.0.1:0"], "--smtp-url"),
        (vec!["--dev", "--listen", "0.0.0.0:0"], "loopback"),
        (
            vec![
                "--dev",
                "--listen",
                "127.0.0.1:0",
                "--demo-host-page",
                "0.0.0.0:8081",
            ],
            "--demo-host-page",
        ),
    ] {
        let (code, stderr) = refused_start(&args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}
