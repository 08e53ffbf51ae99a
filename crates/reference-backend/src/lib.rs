//! The reference EZCloud password-reset backend: the contract of `contract::wire`, implemented
//! with a real database, real hashing, real rate limits and real delivery.

pub mod api;

mod client;
pub mod clock;
pub mod config;
mod cors;
pub mod delivery;
pub mod demo_host;
mod dev;
pub mod limits;
mod login;
mod once;
mod openapi;
mod proof_of_work;
pub mod purge;
mod region;
pub mod reset;
pub mod secrets;
pub mod site;
pub mod slider;
mod spool;

use crate::clock::Clock;
use crate::config::Config;
use crate::delivery::{Delivery, Outbox, Smtp};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use std::str::FromStr;
use std::sync::Arc;
use tokio::net::TcpListener;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

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
    /// Hashes client addresses for what the accounts remember of them.
    pub address_key: limits::known::AddressKey,
}

/// Opens (creating if needed) the database at `url`, in WAL mode, and applies the migrations.
pub async fn open_database(url: &str) -> anyhow::Result<SqlitePool> {
    open_database_with(url, 4).await
}

/// Opens the database at `url` with `connections` pooled connections.
pub async fn open_database_with(url: &str, connections: u32) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(std::time::Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(connections.max(1))
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Builds the state for `config`, once [`Config::check`] passes: the database, and SMTP or
/// (in development) the outbox for delivery.
pub async fn state(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
    config.check()?;
    let config = if config.lift_limits {
        config.with_limits_lifted()
    } else {
        config
    };
    let pool = open_database_with(&config.database, config.database_connections).await?;
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
    let address_key = limits::known::AddressKey::load_or_make(&pool).await?;
    Ok(AppState {
        address_key,
        pool,
        clock,
        delivery,
        spool_wakeup: Arc::new(tokio::sync::Notify::new()),
        hashing: secrets::HashingSlots::new(config.hashing_slots()),
        config: Arc::new(config),
    })
}

/// A region's API, each operation registered once: its route from its handler's
/// `#[utoipa::path]`, which also documents it (`openapi_document`).
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::described())
        .routes(routes!(slider::http::create))
        .routes(routes!(slider::http::verify))
        .routes(routes!(slider::http::picture))
        .routes(routes!(proof_of_work::http::create))
        .routes(routes!(proof_of_work::http::verify))
        .routes(routes!(login::http::token))
        .merge(reset::routes())
}

/// Every route: the API of each region under its prefix, the OpenAPI document, the app's files.
pub fn router(state: AppState) -> Router {
    let api: Router<AppState> = api_routes().into();
    let api = if state.config.dev {
        api.merge(dev::routes())
    } else {
        api
    };
    let api = api
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed);
    let mut app = Router::new()
        .route("/openapi.json", get(openapi::serve))
        .route(
            "/config.json",
            get(site::app_config).layer(axum::middleware::from_fn(site::cache_config)),
        );
    for region in contract::Region::ALL {
        app = app.nest(&format!("/{}", region.slug()), api.clone());
    }
    let app = site::files(app, &state.config)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::read_whole_body,
        ))
        .layer(DefaultBodyLimit::max(api::MAX_BODY_BYTES));
    // Outside the body's reading, so that every answer of the API carries it, a body refused
    // early included.
    let app = match cors::layer(&state.config.allow_origins) {
        Some(cors) => app.layer(axum::middleware::from_fn_with_state(cors, cors::api_only)),
        None => app,
    };
    site::headers(app, &state.config).with_state(state)
}

/// Serves `state` on `listener` until `shutdown` resolves. A client that sends no complete
/// request head within `--header-read-timeout` (a slow or idle one included) is disconnected;
/// a body that does not arrive within `--body-read-timeout` is refused. At shutdown, answers
/// under way are finished and idle connections closed.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::server::graceful::GracefulShutdown;
    use tower::ServiceExt;

    let worker = tokio::spawn(spool::run(state.clone()));
    let purger = tokio::spawn(purge::run(state.clone()));
    let header_timeout = std::time::Duration::from_secs(state.config.header_read_timeout.max(1));
    let app = router(state);
    // HTTP/1.1 only (TLS terminates in front, see the README): the auto-detection of HTTP/2
    // would wait for a silent client's first bytes with no timeout at all.
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                app.clone().oneshot(request.map(axum::body::Body::new))
            },
        );
        let (builder, watcher) = (builder.clone(), graceful.watcher());
        tokio::spawn(async move {
            // hyper's head timeout starts with the first byte: a client that connects and
            // says nothing is let go here.
            let mut first = [0u8; 1];
            let said_something = tokio::time::timeout(header_timeout, stream.peek(&mut first));
            if said_something.await.is_err() {
                return;
            }
            let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            let _ = watcher.watch(connection.into_owned()).await;
        });
    }
    drop(listener);
    // Answers under way get a moment to finish; idle connections close at once.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), graceful.shutdown()).await;
    // What the worker had not sent stays in the spool for the next start.
    worker.abort();
    purger.abort();
    Ok(())
}
