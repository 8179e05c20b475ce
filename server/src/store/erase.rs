//! Erasure on request and the retention purge. Rows are removed, not flagged; every
//! connection has `secure_delete=ON`, so freed pages are zeroed, and the write-ahead log
//! is checkpointed and truncated afterwards so no old copy stays in it.

use super::audit::{self, stamp, Actor, AuditAction};
use super::{reports, Store, StoreError};
use rusqlite::Connection;
use serde::Serialize;
use time::OffsetDateTime;

/// What an erasure removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Erased {
    /// Support messages removed.
    pub messages: u64,
    /// Comments removed (with their reports).
    pub comments: u64,
}

impl Erased {
    pub(crate) fn detail(self) -> String {
        format!("{} messages, {} comments", self.messages, self.comments)
    }
}

/// Moves every committed page into the database file and empties the write-ahead log;
/// best effort (a reader in the middle of a read keeps the log until it is done).
fn truncate_wal(conn: &Connection) -> Result<(), StoreError> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
    if busy != 0 {
        tracing::warn!("the write-ahead log could not be truncated yet (a reader is active)");
    }
    Ok(())
}

impl Store {
    /// Erases every support message sent with e-mail address `email` (compared without
    /// regard to case). Comments carry no e-mail address, so none are removed here; use
    /// [`Store::erase_by_id`] with a comment's id. The audit entry holds the counts, not
    /// the address.
    pub fn erase_by_email(&self, email: &str, by: &Actor<'_>) -> Result<Erased, StoreError> {
        let email = email.trim();
        self.with(|conn| {
            let tx = conn.transaction()?;
            let messages = tx.execute(
                "DELETE FROM messages WHERE email IS NOT NULL AND lower(email) = lower(?1)",
                [email],
            )?;
            let erased = Erased {
                messages: messages as u64,
                comments: 0,
            };
            audit::append(&tx, by, AuditAction::Erase, None, Some(&erased.detail()))?;
            tx.commit()?;
            truncate_wal(conn)?;
            Ok(erased)
        })
    }

    /// Erases the message and the comment (with its reports) with id `id`. Replies to an
    /// erased comment stay and show their parent as deleted.
    pub fn erase_by_id(&self, id: &str, by: &Actor<'_>) -> Result<Erased, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            let messages = tx.execute("DELETE FROM messages WHERE id = ?1", [id])?;
            reports::clear(&tx, id)?;
            let comments = tx.execute("DELETE FROM comments WHERE id = ?1", [id])?;
            let erased = Erased {
                messages: messages as u64,
                comments: comments as u64,
            };
            audit::append(
                &tx,
                by,
                AuditAction::Erase,
                Some(id),
                Some(&erased.detail()),
            )?;
            tx.commit()?;
            truncate_wal(conn)?;
            Ok(erased)
        })
    }

    /// Deletes every support message received before `cutoff`; returns how many.
    pub fn purge_messages_older_than(
        &self,
        cutoff: OffsetDateTime,
        by: &Actor<'_>,
    ) -> Result<u64, StoreError> {
        let cutoff = stamp(cutoff);
        self.with(|conn| {
            let tx = conn.transaction()?;
            let removed = tx.execute("DELETE FROM messages WHERE received_at < ?1", [&cutoff])?;
            let detail = format!("{removed} messages received before {cutoff}");
            audit::append(&tx, by, AuditAction::Purge, None, Some(&detail))?;
            tx.commit()?;
            if removed > 0 {
                truncate_wal(conn)?;
            }
            Ok(removed as u64)
        })
    }
}

#[cfg(test)]
mod tests;
