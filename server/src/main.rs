//! `solidarity-server`: the command line (clap only; the work is in the library).

use clap::{Args, Parser, Subcommand};
use solidarity_server::export::Format;
use solidarity_server::moderate::Action;
use solidarity_server::{Moderation, ServeConfig};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Solidarity's backend: the page, its support-message and comment API, and the
/// organisers' tools. Without a subcommand it serves.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the page and the API (the default).
    Serve(ServeArgs),
    /// Write every support message as CSV (spreadsheet-safe) or JSON.
    Export(ExportArgs),
    /// List, approve or reject comments waiting for moderation.
    Moderate(ModerateArgs),
}

#[derive(Args)]
struct DbArg {
    /// SQLite database file (created and migrated on first use).
    #[arg(
        long,
        env = "SOLIDARITY_DB",
        default_value = "solidarity.sqlite",
        global = true
    )]
    db: PathBuf,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArg,
    /// TCP port; 0 picks a free one (the address is printed on start).
    #[arg(long, env = "SOLIDARITY_PORT", default_value_t = 8080)]
    port: u16,
    /// Address to listen on. Keep 127.0.0.1 behind a reverse proxy.
    #[arg(long, env = "SOLIDARITY_BIND", default_value = "127.0.0.1")]
    bind: IpAddr,
    /// The built page (Trunk's output folder).
    #[arg(long, env = "SOLIDARITY_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Origin allowed to call the API from a browser, e.g. https://partner.example;
    /// repeat the flag or separate with commas; `*` allows any. None: same origin only.
    #[arg(
        long = "allowed-origin",
        env = "SOLIDARITY_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    allowed_origins: Vec<String>,
    /// Comment moderation: `pre` holds new comments until approved, `post` shows them at once.
    #[arg(long, env = "SOLIDARITY_MODERATION", value_enum, default_value = "pre")]
    moderation: Moderation,
    /// POST requests per minute allowed per client (0 turns rate limiting off).
    #[arg(long, env = "SOLIDARITY_RATE_PER_MINUTE", default_value_t = 30)]
    rate_per_minute: u32,
    /// POST requests a client may send in a burst before the per-minute rate applies.
    #[arg(long, env = "SOLIDARITY_RATE_BURST", default_value_t = 10)]
    rate_burst: u32,
    /// A reverse proxy (CIDR or address, e.g. 127.0.0.1/32) whose `Forwarded` /
    /// `X-Forwarded-For` / `X-Forwarded-Proto` headers name the client; repeat the flag or
    /// separate with commas. Without one those headers are ignored.
    #[arg(
        long = "trusted-proxy",
        env = "SOLIDARITY_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = solidarity_server::abuse::client::parse_cidr
    )]
    trusted_proxies: Vec<ipnet::IpNet>,
}

#[derive(Args)]
struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct ModerateArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(subcommand)]
    action: ModerateAction,
}

#[derive(Subcommand)]
enum ModerateAction {
    /// List comments waiting for moderation.
    List,
    /// Publish a pending comment.
    Approve {
        /// Comment id (see `moderate list`).
        id: String,
    },
    /// Reject a comment: it is kept in the database but never shown.
    Reject {
        /// Comment id.
        id: String,
    },
}

fn serve(args: ServeArgs) -> Result<(), solidarity_server::BoxError> {
    let config = ServeConfig {
        bind: args.bind,
        port: args.port,
        db: args.db.db,
        dist: args.dist,
        allowed_origins: args.allowed_origins,
        moderation: args.moderation,
        rate_per_minute: args.rate_per_minute,
        rate_burst: args.rate_burst,
        trusted_proxies: args.trusted_proxies,
    };
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(solidarity_server::run(config))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The server logs requests (never addresses); the tools only warnings. RUST_LOG wins.
    let default_level = match cli.command {
        None | Some(Command::Serve(_)) => "info",
        Some(_) => "warn",
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level)),
        )
        .init();
    let result = match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Export(args)) => {
            solidarity_server::export::run(&args.db.db, args.format, args.output.as_deref()).map(
                |count| {
                    eprintln!("exported {count} messages");
                },
            )
        }
        Some(Command::Moderate(args)) => {
            let action = match args.action {
                ModerateAction::List => Action::List,
                ModerateAction::Approve { id } => Action::Approve(id),
                ModerateAction::Reject { id } => Action::Reject(id),
            };
            solidarity_server::moderate::run(&args.db.db, &action)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
