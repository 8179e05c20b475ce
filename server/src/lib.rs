//! Solidarity's reference backend: the support-message and comment API on SQLite, the
//! built page from `dist/`, and the organisers' export and moderation tools.
//!
//! `main.rs` only parses the command line; [`run`] serves, [`build_app`] makes the
//! router (also for in-process use).

#![warn(missing_docs)]

pub mod audit;
pub mod auth;
pub mod console;
pub mod erase;
pub mod export;
pub mod moderate;
pub mod publish;
pub mod ratelimit;
pub mod retention;
pub mod routes;
pub mod staff;
pub mod store;
pub mod text;
pub mod validate;
pub mod writer;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::Router;
use ratelimit::RateLimiter;
use routes::AppState;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::Store;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use writer::Writer;

/// Any error that ends a command.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How new comments are published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Moderation {
    /// Pre-moderation: comments wait for `moderate approve` (202 pending).
    Pre,
    /// Post-moderation: comments appear at once (201); organisers can reject later.
    Post,
}

/// Everything `serve` needs.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// Address to bind.
    pub bind: IpAddr,
    /// Port (0 picks a free one).
    pub port: u16,
    /// SQLite database file.
    pub db: PathBuf,
    /// The built page.
    pub dist: PathBuf,
    /// Origins allowed to call the API from a browser (`*` for any).
    pub allowed_origins: Vec<String>,
    /// Comment moderation mode.
    pub moderation: Moderation,
    /// POSTs per minute per client (0: unlimited).
    pub rate_per_minute: u32,
    /// Burst of POSTs per client.
    pub rate_burst: u32,
    /// Mark the console's session cookie `Secure` (the console is served over HTTPS).
    pub secure_cookies: bool,
    /// Purge support messages older than this many days, at start and daily.
    pub retention_days: Option<u32>,
    /// The organisation's name, shown as the badge on staff replies.
    pub org_name: String,
}

/// The CORS policy for the API: the configured origins may GET and POST with
/// `Content-Type` and `Idempotency-Key`, and may read `Retry-After`.
pub fn cors(origins: &[String]) -> Result<CorsLayer, BoxError> {
    let mut allowed = Vec::new();
    let mut any = false;
    for origin in origins
        .iter()
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty())
    {
        if origin == "*" {
            any = true;
        } else if origin.starts_with("http://") || origin.starts_with("https://") {
            allowed.push(
                HeaderValue::from_str(origin)
                    .map_err(|_| format!("invalid allowed origin {origin:?}"))?,
            );
        } else {
            return Err(
                format!("allowed origin {origin:?} must look like https://example.org").into(),
            );
        }
    }
    let allow_origin = if any {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(allowed)
    };
    Ok(CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(3600)))
}

/// The whole application: `/api` (with CORS and a body limit), the staff console at
/// `/admin` (no CORS, its own limits) and the static page,
/// with compression, a request timeout and request tracing (which never logs addresses).
pub fn build_app(state: AppState, dist: PathBuf, cors: CorsLayer) -> Router {
    let console = console::router(state.clone());
    let api = routes::api(state)
        .layer(RequestBodyLimitLayer::new(routes::MAX_BODY_BYTES))
        .layer(cors);
    Router::new()
        .nest("/api", api)
        .merge(console)
        .merge(routes::static_files::router(dist))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(axum::middleware::from_fn(routes::json_errors))
        .layer(CompressionLayer::new())
        .layer(
            // Method, path and status only: the client address is never logged.
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// Opens the database, starts the writer, binds, prints `listening on http://ADDR` on
/// stdout and serves until Ctrl-C or SIGTERM.
pub async fn run(config: ServeConfig) -> Result<(), BoxError> {
    let cors = cors(&config.allowed_origins)?;
    let db = config.db.clone();
    let store = tokio::task::spawn_blocking(move || Store::open(&db)).await??;
    let (writer, writer_thread) = Writer::spawn(&config.db)?;
    let state = AppState {
        store: Arc::new(store),
        writer,
        moderation: config.moderation,
        limiter: Arc::new(RateLimiter::new(config.rate_per_minute, config.rate_burst)),
        auth: Arc::new(
            auth::Settings::new(Arc::new(auth::SystemClock), config.secure_cookies)
                .map_err(|error| format!("no random numbers from the system: {error}"))?,
        ),
        org_name: Arc::from(config.org_name.as_str()),
    };
    let retention = config
        .retention_days
        .map(|days| tokio::spawn(retention::run_daily(state.store.clone(), days)));
    let app = build_app(state, config.dist.clone(), cors);
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(config.bind, config.port)).await?;
    let address = listener.local_addr()?;
    {
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "listening on http://{address}")?;
        stdout.flush()?;
    }
    tracing::info!(
        "serving {} with database {} (moderation: {:?})",
        config.dist.display(),
        config.db.display(),
        config.moderation
    );
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    if let Some(task) = retention {
        task.abort();
    }
    // The router (and with it every writer handle) is gone: the writer drains and stops.
    tokio::task::spawn_blocking(move || writer_thread.join())
        .await?
        .map_err(|_| "writer thread panicked")?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
