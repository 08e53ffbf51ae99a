use clap::Parser;
use reference_backend::clock::SystemClock;
use reference_backend::config::Config;
use std::sync::Arc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info,sqlx=warn".into()),
        )
        .init();
    let config = Config::parse();
    if let Err(problem) = config.check() {
        eprintln!("ezcloud-reference: {problem}");
        std::process::exit(2);
    }
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let address = listener.local_addr()?;
    let dev = config.dev;
    let demo_host_page = config.demo_host_page;
    let app_origin = config
        .demo_app_origin
        .as_ref()
        .map_or_else(|| format!("http://{address}"), ToString::to_string);
    let state = reference_backend::state(config, Arc::new(SystemClock)).await?;
    println!("ezcloud-reference listening on http://{address}/");
    if dev {
        println!(
            "development mode: demo accounts, all with the password {}",
            reference_backend::DEMO_PASSWORD
        );
        for (region, channel, identifier) in reference_backend::DEMO_ACCOUNTS {
            println!(
                "  {:<13} {:<5} {identifier}",
                region.display_name(),
                channel.as_str()
            );
        }
        println!("  outbox: http://{address}/{{region}}/__dev/outbox");
    }
    if let Some(host) = demo_host_page {
        let host_listener = tokio::net::TcpListener::bind(host).await?;
        let page = reference_backend::demo_host::router(&app_origin);
        println!(
            "support page embedding the app: http://localhost:{}/",
            host_listener.local_addr()?.port()
        );
        tokio::spawn(async move { axum::serve(host_listener, page).await });
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    reference_backend::serve(listener, state, shutdown).await
}
