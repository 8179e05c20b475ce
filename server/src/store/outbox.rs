//! The webhook outbox: events written in the same transaction as the record they
//! announce, then delivered (and deleted) by [`crate::notify`]. Times are Unix seconds
//! passed in by the caller, so tests can use a fake clock.

use super::{Store, StoreError};
use rusqlite::{params, Transaction};

/// One queued event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queued {
    /// Outbox row.
    pub seq: i64,
    /// The webhook URL it goes to.
    pub target: String,
    /// Event name, e.g. `message.received`.
    pub event: String,
    /// The JSON body to post.
    pub body: String,
    /// Failed deliveries so far.
    pub attempts: u32,
}

/// Queues `body` as event `event` for `target`, due at `now`, inside the caller's
/// transaction (the writer's, or a tool's), so it commits or rolls back with the record
/// it announces.
pub fn enqueue(
    tx: &Transaction<'_>,
    target: &str,
    event: &str,
    body: &str,
    now: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO webhook_outbox (target, event, body, next_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![target, event, body, now])?;
    Ok(())
}

impl Store {
    /// Events due at `now`, oldest first, at most `limit`.
    pub fn outbox_due(&self, now: i64, limit: u32) -> Result<Vec<Queued>, StoreError> {
        self.with(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT seq, target, event, body, attempts FROM webhook_outbox
                 WHERE next_at <= ?1 ORDER BY seq LIMIT ?2",
            )?;
            let rows = statement.query_map(params![now, limit], |row| {
                Ok(Queued {
                    seq: row.get(0)?,
                    target: row.get(1)?,
                    event: row.get(2)?,
                    body: row.get(3)?,
                    attempts: row.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Removes a delivered (or abandoned) event.
    pub fn outbox_remove(&self, seq: i64) -> Result<(), StoreError> {
        self.with(|conn| {
            conn.execute("DELETE FROM webhook_outbox WHERE seq = ?1", [seq])?;
            Ok(())
        })
    }

    /// Records a failed delivery and when to try again.
    pub fn outbox_retry(&self, seq: i64, attempts: u32, next_at: i64) -> Result<(), StoreError> {
        self.with(|conn| {
            conn.execute(
                "UPDATE webhook_outbox SET attempts = ?2, next_at = ?3 WHERE seq = ?1",
                params![seq, attempts, next_at],
            )?;
            Ok(())
        })
    }

    /// Events waiting in the outbox.
    pub fn outbox_len(&self) -> Result<u64, StoreError> {
        self.with(|conn| {
            let count: i64 =
                conn.query_row("SELECT COUNT(*) FROM webhook_outbox", [], |row| row.get(0))?;
            Ok(u64::try_from(count).unwrap_or_default())
        })
    }
}
