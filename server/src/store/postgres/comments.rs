//! Comments on PostgreSQL: the reader's pages, moderation, reports and staff replies
//! (the same queries as `store.rs`, `store/lifecycle.rs` and `store/reports.rs`).

use super::super::audit::{stamp, Actor, AuditAction};
use super::super::lifecycle::{
    excerpt, matches, Decision, ReviewComment, StaffReplyOutcome, REVIEW_SELECT,
};
use super::super::reports::ReportOutcome;
use super::super::{
    Comment, PublishedPage, Status, StoreError, COMMENT_COLUMNS, COMMENT_COLUMN_COUNT,
};
use super::{big, count, ops::append, page_of, PgStore};
use postgres::{GenericClient, Row};
use time::OffsetDateTime;

/// Reads a [`Comment`] from a row selected with [`COMMENT_COLUMNS`] first.
pub fn comment_from_row(row: &Row) -> Result<Comment, postgres::Error> {
    Ok(Comment {
        id: row.try_get(0)?,
        parent_id: row.try_get(1)?,
        author: row.try_get(2)?,
        body: row.try_get(3)?,
        created_at: row.try_get(4)?,
        staff: row.try_get(5)?,
        lang: row.try_get(6)?,
    })
}

fn review_from_row(row: &Row) -> Result<ReviewComment, postgres::Error> {
    let parent_body: Option<String> = row.try_get(2)?;
    Ok(ReviewComment {
        id: row.try_get(0)?,
        parent_id: row.try_get(1)?,
        parent_excerpt: parent_body.as_deref().map(excerpt),
        author: row.try_get(3)?,
        body: row.try_get(4)?,
        lang: row.try_get(5)?,
        status: Status::parse(row.try_get(6)?),
        staff: row.try_get(7)?,
        created_at: row.try_get(8)?,
        reports: count(row.try_get(9)?),
    })
}

fn reviews(rows: &[Row]) -> Result<Vec<ReviewComment>, StoreError> {
    Ok(rows
        .iter()
        .map(review_from_row)
        .collect::<Result<Vec<_>, _>>()?)
}

/// Whether `id` names a published comment.
pub fn is_published(client: &mut impl GenericClient, id: &str) -> Result<bool, StoreError> {
    Ok(client
        .query_opt(
            "SELECT 1 FROM comments WHERE id = $1 AND status = 'published'",
            &[&id],
        )?
        .is_some())
}

/// Records a report inside the caller's transaction (see `store/reports.rs`).
pub fn report(
    client: &mut impl GenericClient,
    comment_id: &str,
    reporter_id: &str,
    at: OffsetDateTime,
) -> Result<ReportOutcome, StoreError> {
    if !is_published(client, comment_id)? {
        return Ok(ReportOutcome::NotFound);
    }
    let added = client.execute(
        "INSERT INTO reports (comment_id, reporter_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        &[&comment_id, &reporter_id, &stamp(at)],
    )?;
    Ok(if added > 0 {
        ReportOutcome::Reported
    } else {
        ReportOutcome::AlreadyReported
    })
}

fn clear(client: &mut impl GenericClient, comment_id: &str) -> Result<u64, StoreError> {
    Ok(client.execute("DELETE FROM reports WHERE comment_id = $1", &[&comment_id])?)
}

impl PgStore {
    /// See [`crate::store::Storage::published_comments`].
    pub fn published_comments(&self, after: i64, limit: u32) -> Result<PublishedPage, StoreError> {
        self.with(|client| {
            let mut tx = client.build_transaction().read_only(true).start()?;
            let total: i64 = tx
                .query_one(
                    "SELECT COUNT(*) FROM comments WHERE status = 'published'",
                    &[],
                )?
                .try_get(0)?;
            let rows = tx.query(
                &format!(
                    "SELECT {COMMENT_COLUMNS}, seq FROM comments
                     WHERE status = 'published' AND seq > $1 ORDER BY seq LIMIT $2"
                ),
                &[&after, &(big(limit) + 1)],
            )?;
            tx.commit()?;
            let page = rows
                .iter()
                .map(|row| {
                    Ok((
                        row.try_get::<_, i64>(COMMENT_COLUMN_COUNT)?,
                        comment_from_row(row)?,
                    ))
                })
                .collect::<Result<Vec<_>, postgres::Error>>()?;
            let (comments, next) = page_of(page, limit);
            Ok(PublishedPage {
                comments,
                next,
                total: count(total),
            })
        })
    }

    /// See [`crate::store::Storage::pending_comments`].
    pub fn pending_comments(&self) -> Result<Vec<Comment>, StoreError> {
        self.with(|client| {
            let rows = client.query(
                &format!(
                    "SELECT {COMMENT_COLUMNS} FROM comments WHERE status = 'pending' ORDER BY seq"
                ),
                &[],
            )?;
            Ok(rows
                .iter()
                .map(comment_from_row)
                .collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// See [`crate::store::Storage::comment_status`].
    pub fn comment_status(&self, id: &str) -> Result<Option<Status>, StoreError> {
        self.with(|client| {
            let row = client.query_opt("SELECT status FROM comments WHERE id = $1", &[&id])?;
            Ok(match row {
                Some(row) => Some(Status::parse(row.try_get(0)?)),
                None => None,
            })
        })
    }

    /// See [`crate::store::Storage::set_comment_status`].
    pub fn set_comment_status(&self, id: &str, status: Status) -> Result<bool, StoreError> {
        self.with(|client| {
            Ok(client.execute(
                "UPDATE comments SET status = $2 WHERE id = $1",
                &[&id, &status.as_str()],
            )? > 0)
        })
    }

    /// See [`crate::store::Storage::pending_and_reported_comments`].
    pub fn pending_and_reported_comments(&self) -> Result<Vec<ReviewComment>, StoreError> {
        self.with(|client| {
            reviews(&client.query(
                &format!(
                    "{REVIEW_SELECT} WHERE c.status = 'pending' OR (c.status = 'published'
                     AND EXISTS (SELECT 1 FROM reports r WHERE r.comment_id = c.id))
                     ORDER BY c.seq"
                ),
                &[],
            )?)
        })
    }

    /// See [`crate::store::Storage::search_comments`].
    pub fn search_comments(
        &self,
        query: &str,
        status: Option<Status>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<ReviewComment>, StoreError> {
        let all = self.with(|client| {
            reviews(&client.query(
                &format!(
                    "{REVIEW_SELECT} WHERE $1::text IS NULL OR c.status = $1 ORDER BY c.seq DESC"
                ),
                &[&status.map(Status::as_str)],
            )?)
        })?;
        Ok(all
            .into_iter()
            .filter(|comment| matches(query, &[&comment.body, &comment.author]))
            .skip(offset as usize)
            .take(limit as usize)
            .collect())
    }

    /// See [`crate::store::Storage::decide_comment`].
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
        self.with(|client| {
            let mut tx = client.transaction()?;
            let changed = tx.execute(
                "UPDATE comments SET status = $2 WHERE id = $1",
                &[&id, &status.as_str()],
            )?;
            if changed == 0 {
                return Ok(false);
            }
            let cleared = clear(&mut tx, id)?;
            let detail = (cleared > 0).then(|| format!("{cleared} reports cleared"));
            append(&mut tx, by, action, Some(id), detail.as_deref())?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// See [`crate::store::Storage::delete_comment`].
    pub fn delete_comment(&self, id: &str, by: &Actor<'_>) -> Result<bool, StoreError> {
        self.with(|client| {
            let mut tx = client.transaction()?;
            clear(&mut tx, id)?;
            if tx.execute("DELETE FROM comments WHERE id = $1", &[&id])? == 0 {
                return Ok(false);
            }
            append(&mut tx, by, AuditAction::Delete, Some(id), None)?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// See [`crate::store::Storage::insert_staff_reply`].
    pub fn insert_staff_reply(
        &self,
        parent_id: &str,
        body: &str,
        lang: &str,
        by: &Actor<'_>,
    ) -> Result<StaffReplyOutcome, StoreError> {
        self.with(|client| {
            let mut tx = client.transaction()?;
            if !is_published(&mut tx, parent_id)? {
                return Ok(StaffReplyOutcome::NoParent);
            }
            let id = uuid::Uuid::new_v4().to_string();
            let row = tx.query_one(
                &format!(
                    "INSERT INTO comments (id, idem_key, fingerprint, parent_id, author, body,
                     lang, status, created_at, is_staff) VALUES ($1, $1, 'staff', $2, $3, $4,
                     $5, 'published', $6, TRUE) RETURNING {COMMENT_COLUMNS}"
                ),
                &[&id, &parent_id, &by.name, &body, &lang, &stamp(by.at)],
            )?;
            let reply = comment_from_row(&row)?;
            let detail = format!("reply to {parent_id}");
            append(&mut tx, by, AuditAction::Reply, Some(&id), Some(&detail))?;
            tx.commit()?;
            Ok(StaffReplyOutcome::Stored(reply))
        })
    }

    /// See [`crate::store::Storage::all_comments`].
    pub fn all_comments(&self) -> Result<Vec<ReviewComment>, StoreError> {
        self.with(|client| reviews(&client.query(&format!("{REVIEW_SELECT} ORDER BY c.seq"), &[])?))
    }

    /// See [`crate::store::Storage::report_comment`].
    pub fn report_comment(
        &self,
        comment_id: &str,
        reporter_id: &str,
        at: OffsetDateTime,
    ) -> Result<ReportOutcome, StoreError> {
        self.with(|client| report(client, comment_id, reporter_id, at))
    }

    /// See [`crate::store::Storage::clear_reports`].
    pub fn clear_reports(&self, comment_id: &str) -> Result<u64, StoreError> {
        self.with(|client| clear(client, comment_id))
    }

    /// See [`crate::store::Storage::report_count`].
    pub fn report_count(&self, comment_id: &str) -> Result<u64, StoreError> {
        self.with(|client| {
            let total: i64 = client
                .query_one(
                    "SELECT COUNT(*) FROM reports WHERE comment_id = $1",
                    &[&comment_id],
                )?
                .try_get(0)?;
            Ok(count(total))
        })
    }
}
