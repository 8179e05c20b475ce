//! Storage: the [`Storage`] interface (see [`storage`]), chosen at start from a
//! [`Database`]; the SQLite [`Store`] here and in the per-concern files beside it, the
//! PostgreSQL [`PgStore`] in [`postgres`].
//!
//! SQLite: opening with durable settings, migrations, seeding, and reads.
//!
//! Writes from the API go through [`crate::writer`] (one writer thread, group commit);
//! the organisers' tools write through [`Store`] directly. WAL mode lets readers and the
//! writer work side by side; `synchronous=FULL` makes every commit durable before it is
//! acknowledged.

pub mod audit;
mod backup;
mod database;
pub mod erase;
pub mod files;
#[cfg(test)]
mod fixture;
mod health;
pub mod lifecycle;
mod migrations;
pub mod outbox;
pub mod own;
pub mod postgres;
pub mod published;
pub mod reports;
mod sessions;
mod staff;
pub mod storage;
pub mod write;

pub use sessions::LiveSession;
pub use staff::StaffMember;

pub use backup::backup;
pub use database::Database;
pub use migrations::LATEST as SCHEMA_VERSION;
pub use postgres::PgStore;
pub use storage::Storage;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row};
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Anything that went wrong in storage.
#[derive(Debug)]
pub enum StoreError {
    /// An error from SQLite.
    Sqlite(rusqlite::Error),
    /// The database was written by a newer version of this server.
    NewerSchema(u32),
    /// The writer thread is gone (the server is shutting down).
    WriterGone,
    /// The database is at an older schema version than this tool (`serve` migrates it).
    OlderSchema(u32),
    /// No database at this path (only `serve` creates one).
    Missing(PathBuf),
    /// A file could not be created or its mode set.
    Io(std::io::Error),
    /// `PRAGMA quick_check` found a problem (in a backup).
    Corrupt(String),
    /// A message could not be sealed (encrypted).
    Seal(String),
    /// The writer's queue is full: try again shortly.
    QueueFull,
    /// An error from PostgreSQL.
    Postgres(::postgres::Error),
    /// The database cannot be reached now (connection lost, server restarting): the
    /// request may be retried shortly; the store reconnects by itself.
    Unavailable(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(error) => write!(f, "database error: {error}"),
            Self::NewerSchema(version) => write!(
                f,
                "database schema version {version} is newer than this server understands ({})",
                migrations::LATEST
            ),
            Self::WriterGone => write!(f, "the database writer has stopped"),
            Self::OlderSchema(version) => write!(
                f,
                "the database is at schema version {version}, this build expects {}: start \
                 the new server once to migrate it, then run the tool",
                migrations::LATEST
            ),
            Self::Missing(path) => write!(
                f,
                "there is no database at {} (is --db right? only `serve` creates one)",
                path.display()
            ),
            Self::Io(error) => write!(f, "database file error: {error}"),
            Self::Corrupt(report) => write!(f, "the copy failed its integrity check: {report}"),
            Self::Seal(error) => write!(f, "sealing failed: {error}"),
            Self::QueueFull => write!(f, "the database writer's queue is full"),
            Self::Postgres(error) => write!(f, "database error: {error}"),
            Self::Unavailable(reason) => write!(f, "the database is unavailable: {reason}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Sqlite(error)
    }
}

/// A stored support message, as exported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredMessage {
    /// The browser-made (or server-made) id.
    pub id: String,
    /// Supporter's name.
    pub name: String,
    /// E-mail address, if given.
    pub email: Option<String>,
    /// Location, if given.
    pub location: Option<String>,
    /// The message.
    pub message: String,
    /// `en` or `ru`.
    pub lang: String,
    /// Always true: messages without consent are refused.
    pub consent: bool,
    /// When the server received it, to the minute (the same as `received_at`).
    pub created_at: String,
    /// When the server stored it.
    pub received_at: String,
    /// The time the browser reported, if it did (client-controlled: do not trust it).
    pub client_created_at: Option<String>,
    /// The age-encrypted personal fields of a sealed message (then `name`, `email`,
    /// `location` and `message` are empty until `export --identity` opens it).
    #[serde(skip)]
    pub sealed: Option<Vec<u8>>,
}

/// A comment as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// Comment id.
    pub id: String,
    /// The comment it answers, if any.
    pub parent_id: Option<String>,
    /// Display name.
    pub author: String,
    /// Text.
    pub body: String,
    /// When it was received; empty when nobody knows (the seed's comments carry no date,
    /// so none is invented), and then left out of the JSON.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub created_at: String,
    /// The language it is written in (`en` or `ru`), so the page can mark it up.
    pub lang: String,
    /// A reply written by the campaign's staff (never set by a reader's post).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub staff: bool,
}

/// One page of published comments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedPage {
    /// Oldest first.
    pub comments: Vec<Comment>,
    /// The cursor of the next page, if there is one.
    pub next: Option<i64>,
    /// Published comments in all.
    pub total: u64,
}

/// Where a comment stands in moderation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Visible to everyone.
    Published,
    /// Waiting for an organiser.
    Pending,
    /// Refused by an organiser; kept but never shown.
    Rejected,
}

impl Status {
    /// The value stored in the `status` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Pending => "pending",
            Self::Rejected => "rejected",
        }
    }

    /// Reads the `status` column; unknown values count as pending (never shown).
    pub fn parse(text: &str) -> Self {
        match text {
            "published" => Self::Published,
            "rejected" => Self::Rejected,
            _ => Self::Pending,
        }
    }
}

/// The columns [`comment_from_row`] reads, in order.
pub const COMMENT_COLUMNS: &str = "id, parent_id, author, body, created_at, is_staff, lang";
/// How many columns [`COMMENT_COLUMNS`] names: the index of the first column after them.
pub const COMMENT_COLUMN_COUNT: usize = 7;

/// Reads a [`Comment`] from a row selected with [`COMMENT_COLUMNS`] first.
pub fn comment_from_row(row: &Row<'_>) -> rusqlite::Result<Comment> {
    Ok(Comment {
        id: row.get(0)?,
        parent_id: row.get(1)?,
        author: row.get(2)?,
        body: row.get(3)?,
        created_at: row.get(4)?,
        staff: row.get(5)?,
        lang: row.get(6)?,
    })
}

/// Opens a connection to an existing database file (never creating one) with the
/// durability settings every connection uses.
pub fn connect(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::default().difference(OpenFlags::SQLITE_OPEN_CREATE);
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!("SQLite refused WAL mode (journal_mode={mode})");
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Erased and purged rows are overwritten with zeros, not left in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(conn)
}

/// A connection to the database, migrated and seeded, behind a mutex.
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed, mode 0600) the database, runs migrations and seeds the
    /// comments once. Only `serve` creates; the tools use [`Store::open_existing`].
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        files::prepare(path, true)?;
        Self::migrated(path)
    }

    /// For the tools (and a second connection of the server): like [`Store::open`], but
    /// a missing database is an error instead of a new one, and a database at another
    /// schema version is refused instead of migrated (a newer tool must not migrate a
    /// database under an older, running server: start the new server once instead).
    pub fn open_existing(path: &Path) -> Result<Self, StoreError> {
        files::prepare(path, false)?;
        let conn = connect(path)?;
        let version: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version != migrations::LATEST {
            return Err(if version > migrations::LATEST {
                StoreError::NewerSchema(version)
            } else {
                StoreError::OlderSchema(version)
            });
        }
        Ok(Self {
            conn: Mutex::new(conn),
            path: path.to_owned(),
        })
    }

    fn migrated(path: &Path) -> Result<Self, StoreError> {
        let mut conn = connect(path)?;
        migrations::migrate(&mut conn)?;
        migrations::seed_once(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            path: path.to_owned(),
        })
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut conn)
    }

    /// The writer thread's own connection to the file.
    pub fn committer(&self) -> Result<Box<dyn write::Committer>, StoreError> {
        Ok(Box::new(write::SqliteCommitter(connect(&self.path)?)))
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.with(|conn| Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?))
    }

    /// Published comments after cursor `after` (oldest first), at most `limit`, the
    /// cursor of the next page if there is one, and the number published in all.
    pub fn published_comments(&self, after: i64, limit: u32) -> Result<PublishedPage, StoreError> {
        self.with(|conn| {
            let total: i64 = conn
                .prepare_cached("SELECT COUNT(*) FROM comments WHERE status = 'published'")?
                .query_row([], |row| row.get(0))?;
            let mut statement = conn.prepare_cached(&format!(
                "SELECT {COMMENT_COLUMNS}, seq FROM comments
                 WHERE status = 'published' AND seq > ?1 ORDER BY seq LIMIT ?2"
            ))?;
            let mut rows = statement
                .query_map(params![after, i64::from(limit) + 1], |row| {
                    Ok((
                        comment_from_row(row)?,
                        row.get::<_, i64>(COMMENT_COLUMN_COUNT)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let more = rows.len() > limit as usize;
            rows.truncate(limit as usize);
            let next = if more {
                rows.last().map(|(_, seq)| *seq)
            } else {
                None
            };
            Ok(PublishedPage {
                comments: rows.into_iter().map(|(comment, _)| comment).collect(),
                next,
                total: u64::try_from(total).unwrap_or_default(),
            })
        })
    }

    /// Comments waiting for moderation, oldest first.
    pub fn pending_comments(&self) -> Result<Vec<Comment>, StoreError> {
        self.with(|conn| {
            let mut statement = conn.prepare(&format!(
                "SELECT {COMMENT_COLUMNS} FROM comments WHERE status = 'pending' ORDER BY seq"
            ))?;
            let rows = statement.query_map([], comment_from_row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// The moderation status of a comment, if it exists.
    pub fn comment_status(&self, id: &str) -> Result<Option<Status>, StoreError> {
        self.with(|conn| {
            let status: Option<String> = conn
                .query_row("SELECT status FROM comments WHERE id = ?1", [id], |row| {
                    row.get(0)
                })
                .optional()?;
            Ok(status.as_deref().map(Status::parse))
        })
    }

    /// Sets a comment's status; false when there is no such comment.
    pub fn set_comment_status(&self, id: &str, status: Status) -> Result<bool, StoreError> {
        self.with(|conn| {
            let changed = conn.execute(
                "UPDATE comments SET status = ?2 WHERE id = ?1",
                params![id, status.as_str()],
            )?;
            Ok(changed > 0)
        })
    }

    /// Every support message, in the order they arrived.
    pub fn messages(&self) -> Result<Vec<StoredMessage>, StoreError> {
        self.with(|conn| {
            let mut statement = conn.prepare(&format!(
                "SELECT {} FROM messages ORDER BY seq",
                published::MESSAGE_COLUMNS
            ))?;
            let rows = statement.query_map([], |row| Ok(published::message_from_row(row)?.0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }
}
