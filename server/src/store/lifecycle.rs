//! Comments after they arrive: the moderation queue (pending and reported), search,
//! approve/reject with reports cleared, hard delete, and replies from the campaign's
//! staff. Every change writes its audit entry in the same transaction.

use super::audit::{self, stamp, Actor, AuditAction};
use super::{comment_from_row, reports, Comment, Status, Store, StoreError, COMMENT_COLUMNS};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

/// Longest excerpt of a parent comment shown with a reply in the queue, in characters.
pub const EXCERPT_MAX: usize = 120;

/// A comment as moderators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewComment {
    /// Comment id.
    pub id: String,
    /// The comment it answers, if any.
    pub parent_id: Option<String>,
    /// The start of the parent's text; `None` when there is no parent or it was deleted.
    pub parent_excerpt: Option<String>,
    /// Display name.
    pub author: String,
    /// Text (show it as text, never as HTML).
    pub body: String,
    /// `en` or `ru`.
    pub lang: String,
    /// Where it stands in moderation.
    pub status: Status,
    /// A staff reply.
    pub staff: bool,
    /// When it was received.
    pub created_at: String,
    /// Distinct readers who reported it.
    pub reports: u64,
}

/// A moderator's decision on a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Publish it (or keep it, when it was reported) and clear its reports.
    Approve,
    /// Hide it for good (kept in the database) and clear its reports.
    Reject,
}

/// What happened to a staff reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffReplyOutcome {
    /// Stored and published at once.
    Stored(Comment),
    /// `parent_id` does not name a published comment.
    NoParent,
}

pub(crate) const REVIEW_SELECT: &str = "SELECT c.id, c.parent_id, p.body, c.author, c.body, c.lang,
    c.status, c.is_staff, c.created_at,
    (SELECT COUNT(*) FROM reports r WHERE r.comment_id = c.id)
    FROM comments c LEFT JOIN comments p ON p.id = c.parent_id";

fn review_from_row(row: &Row<'_>) -> rusqlite::Result<ReviewComment> {
    let parent_body: Option<String> = row.get(2)?;
    Ok(ReviewComment {
        id: row.get(0)?,
        parent_id: row.get(1)?,
        parent_excerpt: parent_body.as_deref().map(excerpt),
        author: row.get(3)?,
        body: row.get(4)?,
        lang: row.get(5)?,
        status: Status::parse(&row.get::<_, String>(6)?),
        staff: row.get(7)?,
        created_at: row.get(8)?,
        reports: u64::try_from(row.get::<_, i64>(9)?).unwrap_or_default(),
    })
}

/// The first [`EXCERPT_MAX`] characters of `text`, with `…` when cut.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Whether every word of `query` (case-insensitive) occurs in one of `fields`; an
/// empty query matches everything.
pub fn matches(query: &str, fields: &[&str]) -> bool {
    let haystack: Vec<String> = fields.iter().map(|field| field.to_lowercase()).collect();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.iter().any(|field| field.contains(word)))
}

impl Store {
    /// Pending comments and published comments with reports, oldest first.
    pub fn pending_and_reported_comments(&self) -> Result<Vec<ReviewComment>, StoreError> {
        self.with(|conn| {
            let mut statement = conn.prepare_cached(&format!(
                "{REVIEW_SELECT} WHERE c.status = 'pending' OR (c.status = 'published'
                 AND EXISTS (SELECT 1 FROM reports r WHERE r.comment_id = c.id)) ORDER BY c.seq"
            ))?;
            let rows = statement.query_map([], review_from_row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Comments whose text or author contains every word of `query` (case-insensitive),
    /// with status `status` (any when `None`), newest first: `limit` of them after
    /// skipping `offset`.
    pub fn search_comments(
        &self,
        query: &str,
        status: Option<Status>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<ReviewComment>, StoreError> {
        self.with(|conn| {
            let mut statement = conn.prepare_cached(&format!(
                "{REVIEW_SELECT} WHERE ?1 IS NULL OR c.status = ?1 ORDER BY c.seq DESC"
            ))?;
            let rows = statement.query_map([status.map(Status::as_str)], review_from_row)?;
            let mut found = Vec::new();
            let mut skip = offset;
            for row in rows {
                let comment = row?;
                if !matches(query, &[&comment.body, &comment.author]) {
                    continue;
                }
                if skip > 0 {
                    skip -= 1;
                } else if found.len() < limit as usize {
                    found.push(comment);
                } else {
                    break;
                }
            }
            Ok(found)
        })
    }

    /// Approves or rejects comment `id` and clears its reports; false when there is no
    /// such comment.
    pub fn decide_comment(
        &self,
        id: &str,
        decision: Decision,
        by: &Actor<'_>,
    ) -> Result<bool, StoreError> {
        let (status, action) = match decision {
            Decision::Approve => (Status::Published, AuditAction::Approve),
            Decision::Reject => (Status::Rejected, AuditAction::Reject),
        };
        self.with(|conn| {
            let tx = conn.transaction()?;
            let changed = tx.execute(
                "UPDATE comments SET status = ?2 WHERE id = ?1",
                params![id, status.as_str()],
            )?;
            if changed == 0 {
                return Ok(false);
            }
            let cleared = reports::clear(&tx, id)?;
            let detail = (cleared > 0).then(|| format!("{cleared} reports cleared"));
            audit::append(&tx, by, action, Some(id), detail.as_deref())?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// Deletes comment `id` (the row, not a flag) and its reports; its replies stay and
    /// show their parent as deleted. False when there is no such comment.
    pub fn delete_comment(&self, id: &str, by: &Actor<'_>) -> Result<bool, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            reports::clear(&tx, id)?;
            if tx.execute("DELETE FROM comments WHERE id = ?1", [id])? == 0 {
                return Ok(false);
            }
            audit::append(&tx, by, AuditAction::Delete, Some(id), None)?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// Publishes a reply from the campaign's staff to published comment `parent_id`,
    /// written by `by.name` at `by.at`, marked as staff (the only way that marker is
    /// set). The caller validates `body` as it would a reader's comment.
    pub fn insert_staff_reply(
        &self,
        parent_id: &str,
        body: &str,
        lang: &str,
        by: &Actor<'_>,
    ) -> Result<StaffReplyOutcome, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            let parent: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM comments WHERE id = ?1 AND status = 'published'",
                    [parent_id],
                    |row| row.get(0),
                )
                .optional()?;
            if parent.is_none() {
                return Ok(StaffReplyOutcome::NoParent);
            }
            let id = uuid::Uuid::new_v4().to_string();
            tx.execute(
                "INSERT INTO comments (id, idem_key, fingerprint, parent_id, author, body, lang,
                 status, created_at, is_staff) VALUES (?1, ?1, 'staff', ?2, ?3, ?4, ?5,
                 'published', ?6, 1)",
                params![id, parent_id, by.name, body, lang, stamp(by.at)],
            )?;
            let reply = tx.query_row(
                &format!("SELECT {COMMENT_COLUMNS} FROM comments WHERE id = ?1"),
                [&id],
                comment_from_row,
            )?;
            let detail = format!("reply to {parent_id}");
            audit::append(&tx, by, AuditAction::Reply, Some(&id), Some(&detail))?;
            tx.commit()?;
            Ok(StaffReplyOutcome::Stored(reply))
        })
    }

    /// Every comment, any status, in the order they arrived (for `export --comments`).
    pub fn all_comments(&self) -> Result<Vec<ReviewComment>, StoreError> {
        self.with(|conn| {
            let mut statement = conn.prepare(&format!("{REVIEW_SELECT} ORDER BY c.seq"))?;
            let rows = statement.query_map([], review_from_row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }
}

#[cfg(test)]
mod tests;
