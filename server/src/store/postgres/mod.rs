//! The PostgreSQL store: the same [`crate::store::Storage`] as SQLite, for any number of
//! server instances on one database.
//!
//! It uses the synchronous `postgres` crate (the blocking face of `tokio-postgres`,
//! same authors): the interface is synchronous and every call already runs on a
//! blocking thread, so the SQLite code's shape carries over unchanged. Each client runs
//! its own small runtime, which must never be entered from an async worker thread:
//! callers use `spawn_blocking` (whose threads may block) or the writer thread.
//!
//! Across instances: idempotency by the unique `idem_key` and `id` columns (`INSERT …
//! ON CONFLICT DO NOTHING`, then the stored row answers); sessions and sign-in
//! lock-outs in tables; the webhook outbox as a claimed-row queue (`FOR UPDATE SKIP
//! LOCKED` with a lease); migrations and the retention purge under advisory locks.
//! Timestamps are TEXT as in SQLite, so the API's output is byte-identical.

mod accounts;
mod comments;
mod messages;
mod migrations;
mod ops;
mod own;
mod pool;
mod write;

use super::StoreError;
use pool::Pool;
use postgres::error::SqlState;
use postgres::{Client, Config};
use std::str::FromStr;

pub use migrations::POSTGRES_MIGRATIONS;
pub use ops::{OUTBOX_LEASE_SECS, PURGE_LOCK};

/// A PostgreSQL database behind a small pool of connections.
pub struct PgStore {
    pool: Pool,
}

impl PgStore {
    /// Connects to `url`; with `migrate` (for `serve`) migrates and seeds it under an
    /// advisory lock, else (for the tools) refuses any schema version but this build's.
    pub fn open(url: &str, migrate: bool) -> Result<Self, StoreError> {
        let config = Config::from_str(url)
            .map_err(|error| StoreError::Unavailable(format!("bad database URL: {error}")))?;
        let store = Self {
            pool: Pool::new(config),
        };
        store.pool.with(|client| {
            if migrate {
                migrations::migrate(client)
            } else {
                migrations::check(client)
            }
        })?;
        Ok(store)
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.pool.with(f)
    }

    /// The writer thread's own connection (reconnecting after a loss).
    pub fn committer(&self) -> Result<Box<dyn super::write::Committer>, StoreError> {
        Ok(Box::new(write::PgCommitter::new(
            self.pool.config().clone(),
        )))
    }

    /// The schema version.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.with(migrations::version)
    }
}

impl From<postgres::Error> for StoreError {
    /// A lost connection, a server shutting down or one not accepting connections yet
    /// is [`StoreError::Unavailable`] (retry shortly); anything else stays an error.
    fn from(error: postgres::Error) -> Self {
        let unavailable = error.is_closed()
            || error.code().is_some_and(|code| {
                code.code().starts_with("08")
                    || [
                        SqlState::ADMIN_SHUTDOWN,
                        SqlState::CRASH_SHUTDOWN,
                        SqlState::CANNOT_CONNECT_NOW,
                        SqlState::T_R_SERIALIZATION_FAILURE,
                    ]
                    .contains(code)
            })
            || std::error::Error::source(&error)
                .is_some_and(|source| source.is::<std::io::Error>());
        if unavailable {
            Self::Unavailable(error.to_string())
        } else {
            Self::Postgres(error)
        }
    }
}

/// Converts a count or limit for a BIGINT parameter.
fn big(value: impl Into<i64>) -> i64 {
    value.into()
}

/// Reads a non-negative BIGINT as `u64` (0 when negative, which never happens).
fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

/// Cuts `(seq, item)` rows fetched with `LIMIT limit + 1` to `limit` items, and the
/// cursor of the next page (the last item's `seq`) when there was one more.
fn page_of<T>(mut rows: Vec<(i64, T)>, limit: u32) -> (Vec<T>, Option<i64>) {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more {
        rows.last().map(|(seq, _)| *seq)
    } else {
        None
    };
    (rows.into_iter().map(|(_, item)| item).collect(), next)
}
