//! `solidarity-server`: the command line (clap only; the work is in the library).

use clap::{Args, Parser, Subcommand};
use solidarity_server::erase::Target;
use solidarity_server::export::{Format, Records};
use solidarity_server::moderate::{Action, StaffReply};
use solidarity_server::serve::Limits;
use solidarity_server::store::Database;
use solidarity_server::{AbuseConfig, Moderation, ServeConfig};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use time::OffsetDateTime;

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
    /// List, approve, reject or delete comments waiting for moderation or reported.
    Moderate(ModerateArgs),
    /// Add, list or remove staff accounts for the console at /admin, or change a password.
    Staff(StaffArgs),
    /// Erase a person's data on request: every message with an e-mail address, or the
    /// message or comment with an id (rows removed, freed pages zeroed).
    Erase(EraseArgs),
    /// Delete support messages received more than DAYS days ago.
    Purge(PurgeArgs),
    /// Print the audit log, newest first.
    Audit(AuditArgs),
    /// Copy the database consistently (also while the server runs) to a new file, mode 0600.
    Backup(BackupArgs),
    /// Publish a support message on the wall (GET /api/messages/published).
    Publish(MessageIdArgs),
    /// Take a support message off the wall.
    Unpublish(MessageIdArgs),
}

#[derive(Args)]
struct MessageIdArgs {
    #[command(flatten)]
    db: DbArg,
    /// Message id (see `export`).
    id: String,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
struct EraseTarget {
    /// Erase every message sent with this e-mail address.
    #[arg(long)]
    email: Option<String>,
    /// Erase the message or comment with this id.
    #[arg(long)]
    id: Option<String>,
}

#[derive(Args)]
struct EraseArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    target: EraseTarget,
}

#[derive(Args)]
struct PurgeArgs {
    #[command(flatten)]
    db: DbArg,
    /// Delete messages received more than this many days ago (at least 1).
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..))]
    older_than: u32,
}

#[derive(Args)]
struct AuditArgs {
    #[command(flatten)]
    db: DbArg,
    /// How many entries to print.
    #[arg(long, default_value_t = 50)]
    limit: u32,
}

#[derive(Args)]
struct DbArg {
    /// SQLite database file (only `serve` creates it; the tools refuse a missing one)
    /// [default: solidarity.sqlite].
    #[arg(long, env = "SOLIDARITY_DB", value_name = "FILE", global = true)]
    db: Option<PathBuf>,
    /// PostgreSQL instead of SQLite: a URL such as postgres://user@host/dbname (`serve`
    /// migrates it; several instances may share it). Not together with --db.
    #[arg(long, env = "SOLIDARITY_DATABASE", value_name = "URL", global = true)]
    database: Option<String>,
}

impl DbArg {
    /// The database chosen; an error when --db and --database are both given or
    /// --database is not a PostgreSQL URL.
    fn database(self) -> Result<Database, String> {
        if self.db.is_some() && self.database.is_some() {
            return Err(
                "give either --db FILE (SQLite) or --database URL (PostgreSQL), not both"
                    .to_owned(),
            );
        }
        let file = self
            .db
            .unwrap_or_else(|| PathBuf::from("solidarity.sqlite"));
        Database::from_args(file, self.database)
    }
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
    /// Delete support messages older than this many days, at start and then daily.
    #[arg(long, env = "SOLIDARITY_RETENTION_DAYS", value_name = "DAYS",
          value_parser = clap::value_parser!(u32).range(1..))]
    retention_days: Option<u32>,
    /// The organisation's name, shown as the badge on the staff's replies.
    #[arg(long, env = "SOLIDARITY_ORG_NAME", default_value = "The campaign")]
    org_name: String,
    /// Mark the console's session cookie Secure (set this when the site is served over HTTPS).
    #[arg(long, env = "SOLIDARITY_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Seal each message's name, e-mail, location and text to this age public key
    /// (`age1…`, from `age-keygen`) before it reaches the disk; `export --identity` opens them.
    #[arg(long, env = "SOLIDARITY_SEAL_TO")]
    seal_to: Option<String>,
    /// POST signed JSON events (comment.pending, comment.reported, message.received) to
    /// this URL; repeat for more.
    #[arg(long = "webhook", env = "SOLIDARITY_WEBHOOKS", value_delimiter = ',')]
    webhooks: Vec<String>,
    /// Key for the events' `X-Solidarity-Signature` (HMAC-SHA256); required with --webhook.
    #[arg(long, env = "SOLIDARITY_WEBHOOK_SECRET", hide_env_values = true)]
    webhook_secret: Option<String>,
    /// Put names and texts in the events (off: ids, times and language only).
    #[arg(long, env = "SOLIDARITY_WEBHOOK_INCLUDE_TEXT")]
    webhook_include_text: bool,
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
    #[command(flatten)]
    abuse: AbuseArgs,
}

#[derive(Args)]
struct StaffArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(subcommand)]
    action: StaffAction,
}

#[derive(Subcommand)]
enum StaffAction {
    /// Add an account; the password is the first line of standard input (12+ characters).
    Add {
        /// Sign-in name.
        name: String,
        /// What the account may do.
        #[arg(long, value_enum)]
        role: solidarity_server::auth::Role,
    },
    /// List the accounts.
    List,
    /// Remove an account (its sessions end).
    Remove {
        /// Sign-in name.
        name: String,
    },
    /// Change a password (first line of standard input); the account's sessions end.
    Passwd {
        /// Sign-in name.
        name: String,
    },
}

#[derive(Args)]
struct AbuseArgs {
    /// POSTs per minute on the whole server, whoever sends them (0: no cap).
    #[arg(
        long,
        env = "SOLIDARITY_GLOBAL_WRITES_PER_MINUTE",
        default_value_t = 600
    )]
    global_writes_per_minute: u32,
    /// Comments per minute in one thread: replies to one comment, or the top level (0: no cap).
    #[arg(
        long,
        env = "SOLIDARITY_THREAD_COMMENTS_PER_MINUTE",
        default_value_t = 30
    )]
    thread_comments_per_minute: u32,
    /// Refuse writes (507) while the database's filesystem has less free space, in MiB (0: never).
    #[arg(long, env = "SOLIDARITY_MIN_FREE_MB", default_value_t = 100)]
    min_free_mb: u64,
    /// Writes that may wait for the database; when full, posts get 503 and Retry-After.
    #[arg(long, env = "SOLIDARITY_WRITER_QUEUE", default_value_t = solidarity_server::writer::DEFAULT_QUEUE)]
    writer_queue: usize,
    /// Proof of work for posts: leading zero bits of SHA-256 the page must find (0: off; ~16-20 is a fraction of a second to a few seconds).
    #[arg(long, env = "SOLIDARITY_POW_DIFFICULTY", default_value_t = 0)]
    pow_difficulty: u8,
    /// A file of words and phrases (one a line) that send matching comments to moderation.
    #[arg(long, env = "SOLIDARITY_HOLD_WORDS")]
    hold_words: Option<PathBuf>,
    /// Seconds a client has to send a request's headers (also the keep-alive idle timeout).
    #[arg(long, env = "SOLIDARITY_HEADER_TIMEOUT", default_value_t = 10)]
    header_timeout: u64,
    /// Connections served at once; more wait until one closes. Keep under the file limit (LimitNOFILE).
    #[arg(long, env = "SOLIDARITY_MAX_CONNECTIONS", default_value_t = 512)]
    max_connections: usize,
}

#[derive(Args)]
struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Write to this file (created mode 0600) instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Export the comments (any status) instead of the support messages.
    #[arg(long)]
    comments: bool,
    /// The age secret key file that opens sealed messages (see `serve --seal-to`).
    #[arg(long)]
    identity: Option<PathBuf>,
}

#[derive(Args)]
struct BackupArgs {
    #[command(flatten)]
    db: DbArg,
    /// The copy to write (replaced atomically if it exists).
    #[arg(long, short)]
    output: PathBuf,
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
    /// Delete a comment from the database (its replies stay).
    Delete {
        /// Comment id.
        id: String,
    },
    /// Reply as the campaign's staff: shown with the organisation's badge.
    Reply {
        /// The published comment to answer.
        id: String,
        /// The reply's text.
        body: String,
        /// The staff member's name (shown as the author; written in the audit log).
        #[arg(long = "as", value_name = "NAME")]
        name: String,
        /// The reply's language.
        #[arg(long, default_value = "en", value_parser = ["en", "ru"])]
        lang: String,
    },
}

fn serve(args: ServeArgs) -> Result<(), solidarity_server::BoxError> {
    let config = ServeConfig {
        bind: args.bind,
        port: args.port,
        db: args.db.database()?,
        dist: args.dist,
        allowed_origins: args.allowed_origins,
        moderation: args.moderation,
        rate_per_minute: args.rate_per_minute,
        rate_burst: args.rate_burst,
        secure_cookies: args.secure_cookies,
        retention_days: args.retention_days,
        org_name: args.org_name,
        seal_to: args.seal_to,
        webhooks: args.webhooks,
        webhook_secret: args.webhook_secret,
        webhook_include_text: args.webhook_include_text,
        trusted_proxies: args.trusted_proxies,
        abuse: AbuseConfig {
            global_writes_per_minute: args.abuse.global_writes_per_minute,
            thread_comments_per_minute: args.abuse.thread_comments_per_minute,
            min_free_mb: args.abuse.min_free_mb,
            writer_queue: args.abuse.writer_queue,
            pow_difficulty: args.abuse.pow_difficulty,
            hold_words: args.abuse.hold_words,
            limits: Limits {
                header_timeout: Duration::from_secs(args.abuse.header_timeout.max(1)),
                max_connections: args.abuse.max_connections,
                drain: Duration::from_secs(30),
            },
        },
    };
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(solidarity_server::run(config))
}

/// Runs `staff`: exit code 2 for bad input (a short password, a taken name), 1 otherwise.
fn staff(args: StaffArgs) -> ExitCode {
    use solidarity_server::staff::{run, Action, StaffError};
    let action = match args.action {
        StaffAction::Add { name, role } => Action::Add(name, role),
        StaffAction::List => Action::List,
        StaffAction::Remove { name } => Action::Remove(name),
        StaffAction::Passwd { name } => Action::Passwd(name),
    };
    let db = match args.db.database() {
        Ok(db) => db,
        Err(reason) => {
            eprintln!("error: {reason}");
            return ExitCode::from(2);
        }
    };
    match run(
        &db,
        &action,
        std::io::stdin().lock(),
        std::io::stdout().lock(),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(StaffError::Usage(reason)) => {
            eprintln!("error: {reason}");
            ExitCode::from(2)
        }
        Err(StaffError::Failed(error)) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `f` on the database `arg` names.
fn with_db<T>(
    arg: DbArg,
    f: impl FnOnce(Database) -> Result<T, solidarity_server::BoxError>,
) -> Result<T, solidarity_server::BoxError> {
    f(arg.database()?)
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
            let (records, noun) = if args.comments {
                (Records::Comments, "comments")
            } else {
                (Records::Messages, "messages")
            };
            with_db(args.db, |db| {
                solidarity_server::export::run(
                    &db,
                    records,
                    args.format,
                    args.output.as_deref(),
                    args.identity.as_deref(),
                    OffsetDateTime::now_utc(),
                )
                .map(|count| eprintln!("exported {count} {noun}"))
            })
        }
        Some(Command::Erase(args)) => {
            let target = match (args.target.email, args.target.id) {
                (Some(email), _) => Ok(Target::Email(email)),
                (None, Some(id)) => Ok(Target::Id(id)),
                (None, None) => Err("erase needs --email or --id".into()),
            };
            target
                .and_then(|target| {
                    with_db(args.db, |db| {
                        solidarity_server::erase::erase(&db, &target, OffsetDateTime::now_utc())
                    })
                })
                .map(|erased| println!("{}", solidarity_server::erase::erased_line(erased)))
        }
        Some(Command::Purge(args)) => with_db(args.db, |db| {
            solidarity_server::erase::purge_db(&db, args.older_than, OffsetDateTime::now_utc())
        })
        .map(|count| {
            println!(
                "purged {count} messages older than {} days",
                args.older_than
            )
        }),
        Some(Command::Publish(args)) => with_db(args.db, |db| {
            solidarity_server::publish::run(&db, &args.id, true, OffsetDateTime::now_utc())
        })
        .map(|line| println!("{line}")),
        Some(Command::Unpublish(args)) => with_db(args.db, |db| {
            solidarity_server::publish::run(&db, &args.id, false, OffsetDateTime::now_utc())
        })
        .map(|line| println!("{line}")),
        Some(Command::Audit(args)) => with_db(args.db, |db| {
            solidarity_server::audit::run(&db, args.limit, std::io::stdout().lock())
        })
        .map(|_| ()),
        Some(Command::Backup(args)) => match args.db.database() {
            Ok(Database::Sqlite(file)) => solidarity_server::store::backup(&file, &args.output)
                .map(|pages| {
                    eprintln!("backed up {pages} pages to {}", args.output.display());
                })
                .map_err(Into::into),
            Ok(Database::Postgres(_)) => {
                eprintln!(
                    "error: backup copies an SQLite file; for PostgreSQL use pg_dump \
                     (e.g. pg_dump --format=custom --file=solidarity.dump DBNAME)"
                );
                return ExitCode::from(2);
            }
            Err(reason) => Err(reason.into()),
        },
        Some(Command::Moderate(args)) => {
            let action = match args.action {
                ModerateAction::List => Action::List,
                ModerateAction::Approve { id } => Action::Approve(id),
                ModerateAction::Reject { id } => Action::Reject(id),
                ModerateAction::Delete { id } => Action::Delete(id),
                ModerateAction::Reply {
                    id,
                    body,
                    name,
                    lang,
                } => Action::Reply(StaffReply {
                    parent_id: id,
                    name,
                    lang,
                    body,
                }),
            };
            with_db(args.db, |db| solidarity_server::moderate::run(&db, &action))
        }
        Some(Command::Staff(args)) => return staff(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
