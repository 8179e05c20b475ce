//! What the writer applies, and the SQLite half of it: one transaction per batch
//! (group commit), idempotency by key and id, the webhook outbox in the same commit.
//! [`crate::writer`] owns the thread and the queue; a [`Committer`] from the store does
//! the storing, so the writer never knows which database it writes to.

use crate::notify::{self, Event, Notifier};
use crate::seal::Sealer;
use crate::store::reports::{self, ReportOutcome};
use crate::store::{comment_from_row, Comment, Status, StoreError, COMMENT_COLUMNS};
use crate::validate::{now_minute, NewComment, NewMessage};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::sync::Arc;
use time::OffsetDateTime;

pub mod message;
use message::store_message;

/// What a write asks for. `key` is the idempotency key; `id` the record's id.
#[derive(Debug)]
pub enum Write {
    /// Store a support message.
    Message {
        /// Idempotency key.
        key: String,
        /// Record id.
        id: String,
        /// Payload fingerprint.
        fingerprint: String,
        /// The validated message.
        message: NewMessage,
    },
    /// Store a comment with the given initial status.
    Comment {
        /// Idempotency key.
        key: String,
        /// Record id.
        id: String,
        /// Payload fingerprint.
        fingerprint: String,
        /// The validated comment.
        comment: NewComment,
        /// `Published` (post-moderation) or `Pending` (pre-moderation).
        status: Status,
        /// The SHA-256 of a fresh delete token: stored with a new comment, and with a
        /// retry by its own `Idempotency-Key` (one that is not its public id), which
        /// replaces the token a lost answer carried.
        delete_hash: String,
    },
    /// A reader deletes their own comment with its delete token.
    DeleteComment {
        /// The comment.
        id: String,
        /// The SHA-256 of the token the reader gave.
        token_hash: String,
        /// When (for the audit entry).
        at: OffsetDateTime,
    },
    /// A reader reports a published comment (idempotent per reporter id).
    Report {
        /// The comment reported.
        comment_id: String,
        /// The random id the reader's page made.
        reporter_id: String,
        /// When.
        at: OffsetDateTime,
    },
}

/// What happened to a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A message was stored (or had been, for a retry): its id.
    Message(String),
    /// A comment was stored (or had been, for a retry), its current status, and whether
    /// the write's delete token is now the comment's (else answer no token).
    Comment(Comment, Status, bool),
    /// Whether a reader's comment was deleted (false: wrong token or no such comment).
    Deleted(bool),
    /// The key or id was used before with a different payload; names the field.
    Conflict(&'static str),
    /// `parent_id` does not name a published comment.
    NoParent,
    /// What happened to a report.
    Report(ReportOutcome),
}

/// What the writer does besides storing: seal messages, queue webhook events.
#[derive(Clone, Default)]
pub struct Options {
    /// Encrypt each message's personal fields to this key (`--seal-to`).
    pub sealer: Option<Arc<Sealer>>,
    /// Queue events for the webhooks (`--webhook`).
    pub notifier: Option<Notifier>,
}

/// Applies a batch of writes in one transaction and commits it, answering each write
/// only once the commit is durable. One per writer thread; each store makes its own.
pub trait Committer: Send {
    /// Applies `writes` in order in one transaction and commits; on an error nothing of
    /// the batch is stored.
    fn commit(&mut self, writes: &[Write], options: &Options) -> Result<Vec<Outcome>, StoreError>;
}

/// The SQLite committer: the one writing connection of this process.
pub struct SqliteCommitter(pub Connection);

impl Committer for SqliteCommitter {
    fn commit(&mut self, writes: &[Write], options: &Options) -> Result<Vec<Outcome>, StoreError> {
        commit(&mut self.0, writes, options)
    }
}

fn commit(
    conn: &mut Connection,
    writes: &[Write],
    options: &Options,
) -> Result<Vec<Outcome>, StoreError> {
    // IMMEDIATE: take the write lock first (waiting for a tool's or the webhook task's
    // write), so a read inside the transaction can never go stale and fail with BUSY.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let outcomes = writes
        .iter()
        .map(|write| apply(&tx, write, options))
        .collect::<Result<Vec<_>, _>>()?;
    tx.commit()?;
    Ok(outcomes)
}

/// Looks up an earlier write by key, then by id: `Some(Ok(id))` for the same payload,
/// `Some(Err(field))` for a different one, `None` when both are new.
fn earlier(
    tx: &Transaction<'_>,
    table: &str,
    key: &str,
    id: &str,
    fingerprint: &str,
) -> rusqlite::Result<Option<Result<String, &'static str>>> {
    for (column, value, field) in [("idem_key", key, "Idempotency-Key"), ("id", id, "id")] {
        let sql = format!("SELECT id, fingerprint FROM {table} WHERE {column} = ?1");
        let found: Option<(String, String)> = tx
            .query_row(&sql, [value], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        if let Some((id, stored)) = found {
            return Ok(Some(if stored == fingerprint {
                Ok(id)
            } else {
                Err(field)
            }));
        }
    }
    Ok(None)
}

fn apply(tx: &Transaction<'_>, write: &Write, options: &Options) -> Result<Outcome, StoreError> {
    match write {
        Write::Report {
            comment_id,
            reporter_id,
            at,
        } => {
            let outcome = reports::report(tx, comment_id, reporter_id, *at)?;
            if let (ReportOutcome::Reported, Some(notifier)) = (&outcome, &options.notifier) {
                let event =
                    Event::comment_reported(comment_id, &crate::validate::to_minute(*at), None);
                notifier.queue(tx, &event, notify::unix_now())?;
            }
            Ok(Outcome::Report(outcome))
        }
        Write::Message {
            key,
            id,
            fingerprint,
            message,
        } => {
            match earlier(tx, "messages", key, id, fingerprint)? {
                Some(Ok(id)) => return Ok(Outcome::Message(id)),
                Some(Err(field)) => return Ok(Outcome::Conflict(field)),
                None => {}
            }
            let received_at = now_minute();
            store_message(tx, (id, key, fingerprint), message, &received_at, options)?;
            Ok(Outcome::Message(id.clone()))
        }
        Write::DeleteComment { id, token_hash, at } => Ok(Outcome::Deleted(
            crate::store::own::delete_own(tx, id, token_hash, *at)?,
        )),
        Write::Comment {
            key,
            id,
            fingerprint,
            comment,
            status,
            delete_hash,
        } => {
            let existing = match earlier(tx, "comments", key, id, fingerprint)? {
                Some(Ok(id)) => Some(id),
                Some(Err(field)) => return Ok(Outcome::Conflict(field)),
                None => None,
            };
            let issued = match &existing {
                None => true,
                Some(existing) => crate::store::own::reissue(tx, existing, key, delete_hash)?,
            };
            if existing.is_none() {
                if let Some(parent) = &comment.parent_id {
                    let published: Option<i64> = tx
                        .query_row(
                            "SELECT 1 FROM comments WHERE id = ?1 AND status = 'published'",
                            [parent],
                            |row| row.get(0),
                        )
                        .optional()?;
                    if published.is_none() {
                        return Ok(Outcome::NoParent);
                    }
                }
                let created_at = now_minute();
                tx.prepare_cached(
                    "INSERT INTO comments (id, idem_key, fingerprint, parent_id, author, body, lang,
                     status, created_at, delete_hash) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                )?
                .execute(params![
                    id,
                    key,
                    fingerprint,
                    comment.parent_id,
                    comment.author,
                    comment.body,
                    comment.lang,
                    status.as_str(),
                    created_at,
                    delete_hash,
                ])?;
                if let (Status::Pending, Some(notifier)) = (status, &options.notifier) {
                    let event = Event::comment_pending(
                        id,
                        comment.parent_id.as_deref(),
                        &created_at,
                        &comment.lang,
                        &comment.author,
                        &comment.body,
                    );
                    notifier.queue(tx, &event, notify::unix_now())?;
                }
            }
            let id = existing.as_deref().unwrap_or(id);
            let (stored, status) = tx.query_row(
                &format!("SELECT {COMMENT_COLUMNS}, status FROM comments WHERE id = ?1"),
                [id],
                |row| {
                    Ok((
                        comment_from_row(row)?,
                        Status::parse(&row.get::<_, String>(crate::store::COMMENT_COLUMN_COUNT)?),
                    ))
                },
            )?;
            Ok(Outcome::Comment(stored, status, issued))
        }
    }
}
