use crate::limits::shares::Shares;
use crate::limits::{Backoff, DAY, MINUTE};
use crate::proof_of_work::price::Pricing;
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

    /// Connections to the database. SQLite writes one at a time, so more only help readers;
    /// measured with `cargo xtask soak` on 2 cores (see the README), 4 is enough.
    #[arg(long, env = "EZCLOUD_DATABASE_CONNECTIONS", default_value_t = 4)]
    pub database_connections: u32,

    /// Folder of the app's built files, served at `/`.
    #[arg(long, env = "EZCLOUD_DIST")]
    pub dist: Option<PathBuf>,

    /// Development mode: seeds demo accounts and exposes the outbox and puzzle answers. Never in production.
    #[arg(long, env = "EZCLOUD_DEV")]
    pub dev: bool,

    /// SMTP URL such as `smtp://127.0.0.1:2525`. Required outside `--dev`; in `--dev` without
    /// it, messages go to the development outbox.
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

    /// Codes sent to one account per hour, whoever asks: its ceiling.
    #[arg(long, env = "EZCLOUD_CODES_PER_ACCOUNT_PER_HOUR", default_value_t = 30)]
    pub codes_per_account_per_hour: u32,

    /// Codes sent to one account per hour for all the addresses it does not know, together.
    #[arg(
        long,
        env = "EZCLOUD_CODES_PER_ACCOUNT_UNKNOWN_PER_HOUR",
        default_value_t = 20
    )]
    pub codes_per_account_unknown_per_hour: u32,

    /// Codes sent to one account per hour for one address.
    #[arg(
        long,
        env = "EZCLOUD_CODES_PER_ACCOUNT_ADDRESS_PER_HOUR",
        default_value_t = 3
    )]
    pub codes_per_account_address_per_hour: u32,

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

    /// Wrong codes compared per account in 24 hours, across all its resets, whoever sends
    /// them: its ceiling (NIST SP 800-63B 5.2.2 allows at most 100).
    #[arg(
        long,
        env = "EZCLOUD_WRONG_CODES_PER_ACCOUNT_PER_DAY",
        default_value_t = 100
    )]
    pub wrong_codes_per_account_per_day: u32,

    /// Wrong codes per account in 24 hours from all the addresses it does not know, together;
    /// past it, those addresses get no new code for it, and the owner is told once.
    #[arg(
        long,
        env = "EZCLOUD_WRONG_CODES_PER_ACCOUNT_UNKNOWN_PER_DAY",
        default_value_t = 60
    )]
    pub wrong_codes_per_account_unknown_per_day: u32,

    /// Wrong codes per account in 24 hours from one address.
    #[arg(
        long,
        env = "EZCLOUD_WRONG_CODES_PER_ACCOUNT_ADDRESS_PER_DAY",
        default_value_t = 10
    )]
    pub wrong_codes_per_account_address_per_day: u32,

    /// Wrong codes one address may send an account at once; each one after waits twice as
    /// long as the one before (1 min, 2 min, 4 min …).
    #[arg(long, env = "EZCLOUD_FREE_WRONG_CODES", default_value_t = 5)]
    pub free_wrong_codes: u32,

    /// Puzzles per client address per hour.
    #[arg(
        long,
        env = "EZCLOUD_PUZZLES_PER_CLIENT_PER_HOUR",
        default_value_t = 60
    )]
    pub puzzles_per_client_per_hour: u32,

    /// Leading zero bits an accessible check's proof of work needs: 2^N SHA-256 hashes on
    /// average. 20 takes the release build in headless Chromium a third of a second on average
    /// on the 2-core development machine (15 keyboard-only e2e solves: 0.30 s); each bit
    /// doubles the cost.
    #[arg(long, env = "EZCLOUD_WORK_DIFFICULTY", default_value_t = 20,
          value_parser = clap::value_parser!(u8).range(1..=i64::from(contract::MAX_DIFFICULTY)))]
    pub work_difficulty: u8,

    /// Tickets an address wins with the accessible check in an hour at `--work-difficulty`;
    /// each one after costs one bit more (twice the work).
    #[arg(long, env = "EZCLOUD_WORK_FREE_TICKETS", default_value_t = 3)]
    pub work_free_tickets: u32,

    /// Accessible-check challenges a region hands out in a minute at rest; each doubling of
    /// the rate beyond it adds a bit, up to `--work-pressure-bits`.
    #[arg(
        long,
        env = "EZCLOUD_WORK_REGION_CHALLENGES_PER_MINUTE",
        default_value_t = 60
    )]
    pub work_region_challenges_per_minute: u32,

    /// The most bits a region's pressure adds (4: a person's check takes at most 16 times as
    /// long while a region is under attack).
    #[arg(long, env = "EZCLOUD_WORK_PRESSURE_BITS", default_value_t = 4)]
    pub work_pressure_bits: u8,

    /// Accessible-check challenges per client address per minute.
    #[arg(
        long,
        env = "EZCLOUD_WORK_CHALLENGES_PER_CLIENT_PER_MINUTE",
        default_value_t = 10
    )]
    pub work_challenges_per_client_per_minute: u32,

    /// Tickets won with the accessible check per client address per hour.
    #[arg(
        long,
        env = "EZCLOUD_WORK_TICKETS_PER_CLIENT_PER_HOUR",
        default_value_t = 20
    )]
    pub work_tickets_per_client_per_hour: u32,

    /// Failed logins of one account from one address that pass at once; each one after
    /// waits twice as long as the one before (1 s, 2 s, 4 s …).
    #[arg(long, env = "EZCLOUD_LOGIN_FREE_FAILURES", default_value_t = 3)]
    pub login_free_failures: u32,

    /// Failed logins per account in 24 hours, whoever tries: its ceiling (NIST SP 800-63B
    /// 5.2.2 allows at most 100).
    #[arg(
        long,
        env = "EZCLOUD_LOGINS_PER_ACCOUNT_PER_DAY",
        default_value_t = 100
    )]
    pub logins_per_account_per_day: u32,

    /// Failed logins per account in 24 hours from all the addresses it does not know, together.
    #[arg(
        long,
        env = "EZCLOUD_LOGINS_PER_ACCOUNT_UNKNOWN_PER_DAY",
        default_value_t = 60
    )]
    pub logins_per_account_unknown_per_day: u32,

    /// Failed logins per account in 24 hours from one address.
    #[arg(
        long,
        env = "EZCLOUD_LOGINS_PER_ACCOUNT_ADDRESS_PER_DAY",
        default_value_t = 10
    )]
    pub logins_per_account_address_per_day: u32,

    /// Days an address that signed in to an account, or completed a reset for it, keeps its
    /// own allowance there when unknown addresses have spent theirs.
    #[arg(long, env = "EZCLOUD_KNOWN_ADDRESS_DAYS", default_value_t = 30)]
    pub known_address_days: u32,

    /// Failed logins per client address in 15 minutes, at most.
    #[arg(long, env = "EZCLOUD_LOGINS_PER_CLIENT", default_value_t = 30)]
    pub logins_per_client: u32,

    /// Password hashes computed at once (argon2id, 19 MiB each); as many more wait up to a
    /// second for one, and beyond them the answer is 503 with Retry-After. 0 means one per CPU
    /// core.
    #[arg(long, env = "EZCLOUD_HASHING_SLOTS", default_value_t = 0)]
    pub hashing_slots: usize,

    /// Seconds between two purges of expired puzzles, tickets, resets, limit events and
    /// delivered messages.
    #[arg(long, env = "EZCLOUD_PURGE_INTERVAL", default_value_t = 300)]
    pub purge_interval: u64,

    /// Seconds a client has to send a request's head, and an idle kept-alive connection stays
    /// open; then the connection is closed (slow-client protection).
    #[arg(long, env = "EZCLOUD_HEADER_READ_TIMEOUT", default_value_t = 10)]
    pub header_read_timeout: u64,

    /// Seconds a client has to send a request's body once its head arrived.
    #[arg(long, env = "EZCLOUD_BODY_READ_TIMEOUT", default_value_t = 10)]
    pub body_read_timeout: u64,

    /// A page origin allowed to embed the app (repeatable; the variable takes a comma-separated
    /// list). It may frame the app (CSP `frame-ancestors`), and the app talks to it; no other
    /// page can frame it.
    #[arg(
        long = "embed-origin",
        env = "EZCLOUD_EMBED_ORIGINS",
        value_delimiter = ','
    )]
    pub embed_origins: Vec<contract::Origin>,

    /// An origin that serves the app elsewhere (the vendor's web server or CDN) and may call
    /// this API (repeatable; the variable takes a comma-separated list). Its requests get CORS
    /// answers on the regions' API routes only, without credentials; no other origin does.
    #[arg(
        long = "allow-origin",
        env = "EZCLOUD_ALLOW_ORIGINS",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<contract::Origin>,

    /// Development only: every per-address and per-account allowance lifted to a billion, for
    /// fuzzers and benchmarks that send more than any person would.
    #[arg(long, env = "EZCLOUD_LIFT_LIMITS", requires = "dev")]
    pub lift_limits: bool,

    /// Development only: serves, on this loopback address, a page shaped like the vendor's
    /// support article with the app embedded under a strict host CSP.
    #[arg(long, env = "EZCLOUD_DEMO_HOST_PAGE")]
    pub demo_host_page: Option<SocketAddr>,

    /// Development only: the origin the support page embeds the app from, when another server
    /// serves it (a static bundle); by default this server's own.
    #[arg(long, env = "EZCLOUD_DEMO_APP_ORIGIN", requires = "demo_host_page")]
    pub demo_app_origin: Option<contract::Origin>,
}

/// A setting that cannot work, said in one line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "no way to deliver codes: pass --smtp-url (or EZCLOUD_SMTP_URL); only --dev keeps them in the outbox"
    )]
    NoDelivery,
    #[error("--dev exposes every code and puzzle answer: it listens on loopback only, not {0}")]
    DevNotOnLoopback(SocketAddr),
    #[error("--demo-host-page needs --dev and a loopback address, not {0}")]
    DemoHostPage(SocketAddr),
    #[error("--max-attempts must be at least 1")]
    NoAttempts,
}

impl Config {
    /// Refuses settings that cannot work or would be unsafe, before anything starts.
    pub fn check(&self) -> Result<(), ConfigError> {
        if !self.dev && self.smtp_url.is_none() {
            return Err(ConfigError::NoDelivery);
        }
        if self.dev && !self.listen.ip().is_loopback() {
            return Err(ConfigError::DevNotOnLoopback(self.listen));
        }
        if let Some(address) = self.demo_host_page
            && (!self.dev || !address.ip().is_loopback())
        {
            return Err(ConfigError::DemoHostPage(address));
        }
        if self.max_attempts == 0 {
            return Err(ConfigError::NoAttempts);
        }
        Ok(())
    }

    /// These settings with every allowance lifted to a billion (see `--lift-limits`); the
    /// resend cooldown and the per-reset attempts, which are the reset's own rules, stay.
    pub fn with_limits_lifted(self) -> Config {
        let lifted = 1_000_000_000;
        Config {
            requests_per_client_per_hour: lifted,
            puzzles_per_client_per_hour: lifted,
            work_challenges_per_client_per_minute: lifted,
            work_tickets_per_client_per_hour: lifted,
            work_free_tickets: lifted,
            work_region_challenges_per_minute: lifted,
            codes_per_account_per_hour: lifted,
            codes_per_account_unknown_per_hour: lifted,
            codes_per_account_address_per_hour: lifted,
            wrong_codes_per_account_per_day: lifted,
            wrong_codes_per_account_unknown_per_day: lifted,
            wrong_codes_per_account_address_per_day: lifted,
            free_wrong_codes: lifted,
            logins_per_client: lifted,
            logins_per_account_per_day: lifted,
            logins_per_account_unknown_per_day: lifted,
            logins_per_account_address_per_day: lifted,
            login_free_failures: lifted,
            ..self
        }
    }

    /// What a proof of work costs, from the settings above.
    pub fn work_pricing(&self) -> Pricing {
        Pricing {
            base: self.work_difficulty,
            free_tickets: self.work_free_tickets,
            region_per_minute: self.work_region_challenges_per_minute,
            max_pressure_bits: self.work_pressure_bits,
        }
    }

    /// How the codes sent to an account are shared among the addresses asking.
    pub fn code_shares(&self) -> Shares {
        Shares {
            per_address: self.codes_per_account_address_per_hour,
            backoff: None,
            unknown_addresses: self.codes_per_account_unknown_per_hour,
            all_addresses: self.codes_per_account_per_hour,
        }
    }

    /// How the wrong codes an account takes are shared among the addresses sending them.
    pub fn wrong_code_shares(&self) -> Shares {
        Shares {
            per_address: self.wrong_codes_per_account_address_per_day,
            backoff: Some(Backoff {
                free: self.free_wrong_codes,
                first_wait: MINUTE,
            }),
            unknown_addresses: self.wrong_codes_per_account_unknown_per_day,
            all_addresses: self.wrong_codes_per_account_per_day,
        }
    }

    /// How an account's failed logins are shared among the addresses trying.
    pub fn login_shares(&self) -> Shares {
        Shares {
            per_address: self.logins_per_account_address_per_day,
            backoff: Some(Backoff {
                free: self.login_free_failures,
                first_wait: 1,
            }),
            unknown_addresses: self.logins_per_account_unknown_per_day,
            all_addresses: self.logins_per_account_per_day,
        }
    }

    /// Until when an address that signs in or completes a reset at `now` stays known.
    pub fn known_until(&self, now: i64) -> i64 {
        now + i64::from(self.known_address_days) * DAY
    }

    /// How many password hashes may run at once.
    pub fn hashing_slots(&self) -> usize {
        if self.hashing_slots > 0 {
            self.hashing_slots
        } else {
            std::thread::available_parallelism().map_or(2, usize::from)
        }
    }

    /// The defaults, as `--help` lists them, for a database at `database`.
    pub fn for_database(database: &str) -> Config {
        let mut config = Config::parse_from(["ezcloud-reference"]);
        config.database = database.to_owned();
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn production() -> Config {
        let mut config = Config::for_database("sqlite::memory:");
        config.smtp_url = Some("smtp://127.0.0.1:25".into());
        config
    }

    #[test]
    fn the_defaults_with_a_mail_server_are_valid() {
        assert!(production().check().is_ok());
    }

    #[test]
    fn without_a_delivery_method_only_development_starts() {
        let mut config = production();
        config.smtp_url = None;
        assert!(matches!(config.check(), Err(ConfigError::NoDelivery)));
        config.dev = true;
        assert!(config.check().is_ok());
    }

    #[test]
    fn development_mode_listens_on_loopback_only() {
        let mut config = production();
        config.dev = true;
        config.listen = "0.0.0.0:8080".parse().unwrap_or_else(|_| unreachable!());
        let refused = config.check().map_err(|error| error.to_string());
        assert!(refused.is_err_and(|line| line.contains("0.0.0.0:8080") && !line.contains('\n')));
        config.listen = "[::1]:8080".parse().unwrap_or_else(|_| unreachable!());
        assert!(config.check().is_ok());
    }

    #[test]
    fn the_demo_host_page_is_for_development_on_loopback_only() {
        let mut config = production();
        config.demo_host_page = "127.0.0.1:8081".parse().ok();
        assert!(matches!(config.check(), Err(ConfigError::DemoHostPage(_))));
        config.dev = true;
        config.listen = "127.0.0.1:8080".parse().unwrap_or_else(|_| unreachable!());
        assert!(config.check().is_ok());
        config.demo_host_page = "0.0.0.0:8081".parse().ok();
        assert!(matches!(config.check(), Err(ConfigError::DemoHostPage(_))));
    }
}
