//! The single writer: a dedicated thread that owns the one writing connection.
//!
//! Requests queue on a channel; the thread takes everything waiting (up to
//! [`MAX_BATCH`]), applies it in one transaction and commits once (group commit), then
//! answers each request. An answer is sent only after the commit is durable
//! (`synchronous=FULL`), so an acknowledged message survives a crash. One writer means
//! no `SQLITE_BUSY` between writers of this process.
//!
//! The queue is bounded: when it is full a write is refused at once
//! ([`StoreError::QueueFull`], answered 503 with `Retry-After`) instead of growing memory
//! without limit; a write that was queued is always answered after its commit.

use crate::notify::{self, Event, Notifier};
use crate::seal::Sealer;
use crate::store::reports::{self, ReportOutcome};
use crate::store::{self, comment_from_row, Comment, Status, StoreError, COMMENT_COLUMNS};
use crate::validate::{now_minute, NewComment, NewMessage};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use time::OffsetDateTime;
use tokio::sync::oneshot;

mod message;
use message::store_message;

/// Most requests committed together.
pub const MAX_BATCH: usize = 256;
/// Writes that may wait in the queue when no other size is given.
pub const DEFAULT_QUEUE: usize = 1024;

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

type Reply = oneshot::Sender<Result<Outcome, StoreError>>;

/// What the writer does besides storing: seal messages, queue webhook events.
#[derive(Clone, Default)]
pub struct Options {
    /// Encrypt each message's personal fields to this key (`--seal-to`).
    pub sealer: Option<Arc<Sealer>>,
    /// Queue events for the webhooks (`--webhook`).
    pub notifier: Option<Notifier>,
}

/// A handle for sending writes to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::SyncSender<(Write, Reply)>,
    depth: Arc<AtomicUsize>,
    capacity: usize,
}

impl Writer {
    /// Opens the writing connection and starts the thread with a queue of `capacity`
    /// writes (at least 1). The thread ends when every handle is dropped.
    pub fn spawn(path: &Path, capacity: usize) -> Result<(Self, JoinHandle<()>), StoreError> {
        Self::spawn_with(path, capacity, Options::default())
    }

    /// Like [`Writer::spawn`], sealing and notifying as `options` say.
    pub fn spawn_with(
        path: &Path,
        capacity: usize,
        options: Options,
    ) -> Result<(Self, JoinHandle<()>), StoreError> {
        let conn = store::connect(path)?;
        let capacity = capacity.max(1);
        let (tx, rx) = mpsc::sync_channel::<(Write, Reply)>(capacity);
        let depth = Arc::new(AtomicUsize::new(0));
        let taken = depth.clone();
        let handle = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run(conn, rx, &taken, &options))
            .map_err(|_| StoreError::WriterGone)?;
        Ok((
            Self {
                tx,
                depth,
                capacity,
            },
            handle,
        ))
    }

    /// Queues a write and waits until it is committed; refuses at once when the queue
    /// is full.
    pub async fn write(&self, write: Write) -> Result<Outcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.depth.fetch_add(1, Ordering::SeqCst);
        if let Err(error) = self.tx.try_send((write, reply)) {
            self.depth.fetch_sub(1, Ordering::SeqCst);
            return Err(match error {
                mpsc::TrySendError::Full(_) => StoreError::QueueFull,
                mpsc::TrySendError::Disconnected(_) => StoreError::WriterGone,
            });
        }
        answer.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Writes waiting in the queue now, and how many it holds.
    pub fn depth(&self) -> (usize, usize) {
        (self.depth.load(Ordering::SeqCst), self.capacity)
    }
}

fn run(
    mut conn: Connection,
    rx: mpsc::Receiver<(Write, Reply)>,
    depth: &AtomicUsize,
    options: &Options,
) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        depth.fetch_sub(batch.len(), Ordering::SeqCst);
        let (writes, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
        let results = match commit(&mut conn, &writes, options) {
            Ok(outcomes) => outcomes.into_iter().map(Ok).collect(),
            // Something failed mid-batch: everything was rolled back; retry one by one
            // so a single bad write cannot fail its neighbours.
            Err(_) if writes.len() > 1 => writes
                .iter()
                .map(|write| {
                    commit(&mut conn, std::slice::from_ref(write), options).map(|mut o| o.remove(0))
                })
                .collect(),
            Err(error) => vec![Err(error)],
        };
        if let Some(notifier) = &options.notifier {
            notifier.wake();
        }
        for (reply, result) in replies.into_iter().zip(results) {
            if let Err(Err(error)) = reply.send(result) {
                tracing::warn!("write finished after its request was abandoned ({error})");
            }
        }
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
            store::own::delete_own(tx, id, token_hash, *at)?,
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
                Some(existing) => store::own::reissue(tx, existing, key, delete_hash)?,
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
                        Status::parse(&row.get::<_, String>(6)?),
                    ))
                },
            )?;
            Ok(Outcome::Comment(stored, status, issued))
        }
    }
}
