//! Readers' reports on published comments. A report never hides a comment: it puts the
//! comment in the moderation queue until a moderator keeps it (reports cleared) or
//! removes it (its reports go with it).

use super::{Store, StoreError};
use crate::store::audit::stamp;
use rusqlite::{params, Connection, OptionalExtension};
use time::OffsetDateTime;

/// What happened to a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportOutcome {
    /// The report was recorded.
    Reported,
    /// This reporter had reported this comment before; nothing changed.
    AlreadyReported,
    /// No published comment has that id.
    NotFound,
}

/// Records a report on `conn` (inside the caller's transaction): idempotent per
/// `(comment_id, reporter_id)`; only published comments can be reported.
pub fn report(
    conn: &Connection,
    comment_id: &str,
    reporter_id: &str,
    at: OffsetDateTime,
) -> Result<ReportOutcome, StoreError> {
    let published: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM comments WHERE id = ?1 AND status = 'published'")?
        .query_row([comment_id], |row| row.get(0))
        .optional()?;
    if published.is_none() {
        return Ok(ReportOutcome::NotFound);
    }
    let added = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO reports (comment_id, reporter_id, created_at)
             VALUES (?1, ?2, ?3)",
        )?
        .execute(params![comment_id, reporter_id, stamp(at)])?;
    Ok(if added > 0 {
        ReportOutcome::Reported
    } else {
        ReportOutcome::AlreadyReported
    })
}

/// Removes every report on a comment; returns how many there were.
pub fn clear(conn: &Connection, comment_id: &str) -> Result<u64, StoreError> {
    let removed = conn
        .prepare_cached("DELETE FROM reports WHERE comment_id = ?1")?
        .execute([comment_id])?;
    Ok(removed as u64)
}

impl Store {
    /// A reader (identified only by the random `reporter_id` their page made) reports
    /// published comment `comment_id` at `at`. Reporting twice changes nothing.
    pub fn report_comment(
        &self,
        comment_id: &str,
        reporter_id: &str,
        at: OffsetDateTime,
    ) -> Result<ReportOutcome, StoreError> {
        self.with(|conn| report(conn, comment_id, reporter_id, at))
    }

    /// Clears a comment's reports (a moderator kept it); returns how many there were.
    /// [`Store::decide_comment`] does this on approve.
    pub fn clear_reports(&self, comment_id: &str) -> Result<u64, StoreError> {
        self.with(|conn| clear(conn, comment_id))
    }

    /// How many distinct readers reported a comment.
    pub fn report_count(&self, comment_id: &str) -> Result<u64, StoreError> {
        self.with(|conn| {
            let count: i64 = conn
                .prepare_cached("SELECT COUNT(*) FROM reports WHERE comment_id = ?1")?
                .query_row([comment_id], |row| row.get(0))?;
            Ok(u64::try_from(count).unwrap_or_default())
        })
    }
}
