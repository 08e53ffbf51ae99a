//! The reference EZCloud password-reset backend: the contract of `contract::wire`, implemented
//! with a real database, real hashing, real rate limits and real delivery.

pub mod api;
pub mod captcha;
mod client;
pub mod clock;
pub mod config;
pub mod delivery;
mod dev;
pub mod limits;
mod login;
mod openapi;
pub mod purge;
mod region;
pub mod reset;
pub mod secrets;
pub mod site;
mod slider;
mod spool;

use crate::clock::Clock;
use crate::config::Config;
use crate::delivery::{Delivery, Outbox, Smtp};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use contract::Endpoint;
use contract::wire::{LoginRequest, NewPuzzleRequest, SliderAnswer};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;
use tokio::net::TcpListener;

pub use dev::{DEMO_ACCOUNTS, DEMO_PASSWORD};
pub use openapi::openapi_document;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    pub delivery: Arc<dyn Delivery>,
    /// Wakes the spool's worker when a message is written.
    pub spool_wakeup: Arc<tokio::sync::Notify>,
    /// Where password hashes run, a bounded number at once.
    pub hashing: secrets::HashingSlots,
}

/// Opens (creating if needed) the database at `url`, in WAL mode, and applies the migrations.
pub async fn open_database(url: &str) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(std::time::Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Builds the state for `config`, once [`Config::check`] passes: the database, and SMTP or
/// (in development) the outbox for delivery.
pub async fn state(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
    config.check()?;
    let pool = open_database(&config.database).await?;
    let delivery: Arc<dyn Delivery> = match &config.smtp_url {
        Some(url) => Arc::new(Smtp::new(
            url,
            &config.mail_from,
            config.sms_gateway_domain.clone(),
        )?),
        None => Arc::new(Outbox {
            pool: pool.clone(),
            clock: clock.clone(),
        }),
    };
    if config.dev {
        dev::seed(&pool).await?;
    }
    Ok(AppState {
        pool,
        clock,
        delivery,
        spool_wakeup: Arc::new(tokio::sync::Notify::new()),
        hashing: secrets::HashingSlots::new(config.hashing_slots()),
        config: Arc::new(config),
    })
}

/// Every route: the API of each region under its prefix, the OpenAPI document, the app's files.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route(NewPuzzleRequest::PATH, post(slider::create))
        .route(SliderAnswer::PATH, post(slider::verify))
        .route(contract::PUZZLE_PICTURE_PATH, get(slider::picture))
        .route(LoginRequest::PATH, post(login::token))
        .merge(reset::routes());
    let api = if state.config.dev {
        api.merge(dev::routes())
    } else {
        api
    };
    let api = api
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::not_found);
    let mut app = Router::new()
        .route("/openapi.json", get(openapi::serve))
        .route(
            "/config.json",
            get(site::app_config).layer(axum::middleware::from_fn(site::cache_config)),
        );
    for region in contract::Region::ALL {
        app = app.nest(&format!("/{}", region.slug()), api.clone());
    }
    site::wrap(app, &state.config)
        .layer(axum::middleware::from_fn(api::read_whole_body))
        .layer(DefaultBodyLimit::max(api::MAX_BODY_BYTES))
        .with_state(state)
}

/// Serves `state` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let worker = tokio::spawn(spool::run(state.clone()));
    let purger = tokio::spawn(purge::run(state.clone()));
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    // What the worker had not sent stays in the spool for the next start.
    worker.abort();
    purger.abort();
    served?;
    Ok(())
}
