//! Solidarity's reference backend: the support-message and comment API on SQLite, the
//! built page from `dist/`, and the organisers' export and moderation tools.
//!
//! `main.rs` only parses the command line; [`run`] serves, [`build_app`] makes the
//! router (also for in-process use).

#![warn(missing_docs)]

pub mod abuse;
pub mod audit;
pub mod auth;
pub mod console;
mod deploy;
pub mod erase;
pub mod export;
pub mod moderate;
pub mod notify;
pub mod process;
pub mod publish;
pub mod ratelimit;
pub mod retention;
pub mod routes;
pub mod seal;
pub mod serve;
pub mod staff;
pub mod store;
pub mod text;
pub mod validate;
pub mod writer;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::Router;
use ratelimit::RateLimiter;
use routes::page_headers::PageHeaders;
use routes::AppState;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
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
    /// The database: an SQLite file (`--db`) or PostgreSQL (`--database`).
    pub db: store::Database,
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
    /// Seal messages to this age public key (`age1…`).
    pub seal_to: Option<String>,
    /// Webhook URLs for events.
    pub webhooks: Vec<String>,
    /// The key that signs webhook bodies (required with `webhooks`).
    pub webhook_secret: Option<String>,
    /// Whether webhook events carry names and texts.
    pub webhook_include_text: bool,
    /// Proxies whose `Forwarded` / `X-Forwarded-*` headers are believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The abuse defences' settings.
    pub abuse: AbuseConfig,
}

/// The settings of the abuse defences and connection limits (see [`abuse`], [`serve`]).
#[derive(Clone, Debug)]
pub struct AbuseConfig {
    /// POSTs per minute on the whole server (0: no cap).
    pub global_writes_per_minute: u32,
    /// Comments per minute in one thread (0: no cap).
    pub thread_comments_per_minute: u32,
    /// Writes are refused under this much free disk space, in MiB (0: never).
    pub min_free_mb: u64,
    /// Writes that may wait for the writer.
    pub writer_queue: usize,
    /// Proof-of-work difficulty in leading zero bits (0: off).
    pub pow_difficulty: u8,
    /// The `--hold-words` file.
    pub hold_words: Option<PathBuf>,
    /// Connection limits.
    pub limits: serve::Limits,
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
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::AUTHORIZATION,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(3600)))
}

/// The whole application: `/api` (with CORS and a body limit) and the static page (with
/// its security headers), with compression, a request timeout and request tracing
/// (which never logs addresses).
///
/// Requests pass, outermost first: tracing, compression, JSON errors, limits (timeout,
/// body size), client identity ([`abuse::client`]), abuse checks, then the routes.
pub fn build_app(state: AppState, dist: PathBuf, cors: CorsLayer, page: PageHeaders) -> Router {
    let proxies = state.abuse.proxies.clone();
    let health = routes::health::router(state.clone());
    let console = console::router(state.clone());
    let api = routes::api(state)
        .layer(RequestBodyLimitLayer::new(routes::MAX_BODY_BYTES))
        .layer(cors);
    Router::new()
        .nest("/api", api)
        .merge(health)
        .merge(console)
        .merge(routes::static_files::router(dist, page))
        .layer(axum::middleware::from_fn(move |request, next| {
            abuse::client::identify(proxies.clone(), request, next)
        }))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(axum::middleware::from_fn(routes::json_errors))
        .layer(CompressionLayer::new())
        .layer(
            // Method, path and status only: the client address is never logged.
            TraceLayer::new_for_http()
                // The path, never the query string (L6).
                .make_span_with(|request: &axum::http::Request<axum::body::Body>| {
                    tracing::info_span!(
                        "request",
                        method = %request.method(),
                        path = %request.uri().path()
                    )
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// The abuse defences for `config`; fails when the `--hold-words` file cannot be read.
fn guard(config: &ServeConfig) -> Result<abuse::Guard, BoxError> {
    let settings = &config.abuse;
    let hold = match &settings.hold_words {
        Some(path) => abuse::hold::HoldWords::load(path)?,
        None => abuse::hold::HoldWords::default(),
    };
    if settings.pow_difficulty > abuse::pow::MAX_DIFFICULTY {
        return Err(format!(
            "--pow-difficulty must be at most {} bits",
            abuse::pow::MAX_DIFFICULTY
        )
        .into());
    }
    Ok(abuse::Guard {
        proxies: Arc::new(abuse::TrustedProxies::new(config.trusted_proxies.clone())),
        allowed_origins: config.allowed_origins.clone(),
        caps: abuse::caps::Caps::new(
            settings.global_writes_per_minute,
            settings.thread_comments_per_minute,
        ),
        // The free-space guard watches a local SQLite file's disk; PostgreSQL's own disk
        // is its operator's to watch.
        disk: match config.db.sqlite_path() {
            Some(path) => abuse::disk::DiskGuard::for_database(path, settings.min_free_mb),
            None => abuse::disk::DiskGuard::for_database(std::path::Path::new("."), 0),
        },
        pow: abuse::pow::Pow::new(settings.pow_difficulty),
        hold,
    })
}

/// Opens the database, starts the writer, binds, prints `listening on http://ADDR` on
/// stdout and serves until Ctrl-C or SIGTERM; then finishes open requests, and with them
/// every acknowledged write, before it returns. A panic ends the process
/// ([`process::abort_on_panic`]).
pub async fn run(config: ServeConfig) -> Result<(), BoxError> {
    process::abort_on_panic();
    let cors = cors(&config.allowed_origins)?;
    if let Some(path) = config.db.sqlite_path() {
        routes::static_files::check_db_outside(&config.dist, path)?;
    }
    let options = deploy::writer_options(&config)?;
    deploy::warn_about(&config);
    let guard = guard(&config)?;
    let db = config.db.clone();
    let store = tokio::task::spawn_blocking(move || db.open()).await??;
    if let Some(path) = config.db.sqlite_path() {
        store::files::warn_if_directory_open(path);
    }
    let reader = store.clone();
    let committer = tokio::task::spawn_blocking(move || reader.committer()).await??;
    let (writer, writer_thread) =
        Writer::start(committer, config.abuse.writer_queue, options.clone())?;
    if let Some(notifier) = options.notifier {
        // Its own connection, so its outbox updates never hold up the API's reads.
        let db = config.db.clone();
        let outbox = tokio::task::spawn_blocking(move || db.open_existing()).await??;
        notify::spawn(outbox, notifier)?;
    }
    let state = AppState {
        store,
        writer,
        moderation: config.moderation,
        limiter: Arc::new(RateLimiter::new(config.rate_per_minute, config.rate_burst)),
        auth: Arc::new(
            auth::Settings::new(Arc::new(auth::SystemClock), config.secure_cookies)
                .map_err(|error| format!("no random numbers from the system: {error}"))?,
        ),
        org_name: Arc::from(config.org_name.as_str()),
        abuse: Arc::new(guard),
    };
    let retention = config
        .retention_days
        .map(|days| tokio::spawn(retention::run_daily(state.store.clone(), days)));
    let page = PageHeaders::new(&config.allowed_origins);
    let app = build_app(state, config.dist.clone(), cors, page);
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
        config.db,
        config.moderation
    );
    serve::serve(listener, app, config.abuse.limits, shutdown_signal()).await;
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
