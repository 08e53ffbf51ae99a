use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The reference EZCloud password-reset backend: the contract the app speaks, implemented for
/// real, for one machine.
#[derive(Clone, Debug, Parser)]
#[command(name = "ezcloud-reference", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "EZCLOUD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Database URL (SQLite now; the URL is configuration so that a shared database can follow).
    #[arg(
        long,
        env = "EZCLOUD_DATABASE",
        default_value = "sqlite://ezcloud-reference.db"
    )]
    pub database: String,

    /// Folder of the app's built files, served at `/`.
    #[arg(long, env = "EZCLOUD_DIST")]
    pub dist: Option<PathBuf>,

    /// Development mode: seeds demo accounts and exposes the outbox and puzzle answers. Never in production.
    #[arg(long, env = "EZCLOUD_DEV")]
    pub dev: bool,

    /// SMTP URL such as `smtp://127.0.0.1:2525`; without it, messages go to the database outbox.
    #[arg(long, env = "EZCLOUD_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// Sender of every message.
    #[arg(
        long,
        env = "EZCLOUD_MAIL_FROM",
        default_value = "EZCloud <no-reply@ezcloud.example>"
    )]
    pub mail_from: String,

    /// Domain of an email-to-SMS gateway, so that SMTP delivery can reach phone numbers.
    #[arg(long, env = "EZCLOUD_SMS_GATEWAY_DOMAIN")]
    pub sms_gateway_domain: Option<String>,

    /// Seconds a verification code stays valid.
    #[arg(long, env = "EZCLOUD_CODE_TTL", default_value_t = 600)]
    pub code_ttl: u64,

    /// Seconds a reset token stays valid.
    #[arg(long, env = "EZCLOUD_TOKEN_TTL", default_value_t = 900)]
    pub token_ttl: u64,

    /// Wrong codes allowed before the reset locks.
    #[arg(long, env = "EZCLOUD_MAX_ATTEMPTS", default_value_t = 5)]
    pub max_attempts: u32,

    /// Seconds before another code may be sent for the same reset.
    #[arg(long, env = "EZCLOUD_RESEND_COOLDOWN", default_value_t = 60)]
    pub resend_cooldown: u64,

    /// Codes per account per hour.
    #[arg(long, env = "EZCLOUD_CODES_PER_ACCOUNT_PER_HOUR", default_value_t = 5)]
    pub codes_per_account_per_hour: u32,

    /// Reset requests per client address per hour.
    #[arg(
        long,
        env = "EZCLOUD_REQUESTS_PER_CLIENT_PER_HOUR",
        default_value_t = 20
    )]
    pub requests_per_client_per_hour: u32,

    /// Seconds a slider puzzle, and then its ticket, stay valid.
    #[arg(long, env = "EZCLOUD_CAPTCHA_TTL", default_value_t = 120)]
    pub captcha_ttl: u64,

    /// The CSP `frame-ancestors` sources allowed to embed the app.
    #[arg(long, env = "EZCLOUD_FRAME_ANCESTORS", default_value = "'self'")]
    pub frame_ancestors: String,
}

impl Config {
    /// The defaults, as `--help` lists them, for a database at `database`.
    pub fn for_database(database: &str) -> Config {
        let mut config = Config::parse_from(["ezcloud-reference"]);
        config.database = database.to_owned();
        config
    }
}
