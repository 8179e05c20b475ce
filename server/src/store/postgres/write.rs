//! The writer thread's PostgreSQL half: a batch of writes in one transaction, answered
//! after `COMMIT` returns (acknowledged means committed). Idempotency holds across
//! instances through the unique `idem_key` and `id` columns: the insert is `ON CONFLICT
//! DO NOTHING`, and when another instance got there first (this insert waited for its
//! commit), the stored row answers, as for a retry on the same instance.

use super::super::reports::ReportOutcome;
use super::super::write::message::{event, prepare};
use super::super::write::{Committer, Options, Outcome, Write};
use super::super::{Status, StoreError, COMMENT_COLUMNS};
use super::comments::{comment_from_row, is_published, report};
use super::pool::{connect, usable};
use crate::notify::{self, Event, Notifier};
use crate::validate::{now_minute, NewComment, NewMessage};
use postgres::{Client, Config, Transaction};
use std::time::Instant;

/// The writer's own connection, opened again after a loss.
pub struct PgCommitter {
    config: Config,
    client: Option<Client>,
    last_used: Instant,
}

impl PgCommitter {
    /// A committer for `config`; it connects at the first batch.
    pub fn new(config: Config) -> Self {
        Self {
            config,
            client: None,
            last_used: Instant::now(),
        }
    }
}

impl Committer for PgCommitter {
    fn commit(&mut self, writes: &[Write], options: &Options) -> Result<Vec<Outcome>, StoreError> {
        let since = self.last_used;
        if !self
            .client
            .as_mut()
            .is_some_and(|client| usable(client, since))
        {
            self.client = None;
            self.client = Some(connect(&self.config)?);
        }
        let Some(client) = self.client.as_mut() else {
            return Err(StoreError::Unavailable("no connection".into()));
        };
        let result = commit(client, writes, options);
        self.last_used = Instant::now();
        if client.is_closed() {
            self.client = None;
        }
        result
    }
}

fn commit(
    client: &mut Client,
    writes: &[Write],
    options: &Options,
) -> Result<Vec<Outcome>, StoreError> {
    let mut tx = client.transaction()?;
    let outcomes = writes
        .iter()
        .map(|write| apply(&mut tx, write, options))
        .collect::<Result<Vec<_>, _>>()?;
    tx.commit()?;
    Ok(outcomes)
}

/// Looks up an earlier write by key, then by id (see `store/write.rs`).
fn earlier(
    tx: &mut Transaction<'_>,
    table: &str,
    key: &str,
    id: &str,
    fingerprint: &str,
) -> Result<Option<Result<String, &'static str>>, StoreError> {
    for (column, value, field) in [("idem_key", key, "Idempotency-Key"), ("id", id, "id")] {
        let sql = format!("SELECT id, fingerprint FROM {table} WHERE {column} = $1");
        if let Some(row) = tx.query_opt(&sql, &[&value])? {
            let (id, stored): (String, String) = (row.try_get(0)?, row.try_get(1)?);
            return Ok(Some(if stored == fingerprint {
                Ok(id)
            } else {
                Err(field)
            }));
        }
    }
    Ok(None)
}

/// What answers a write whose insert found its key or id taken.
fn taken(found: Option<Result<String, &'static str>>) -> Result<String, &'static str> {
    found.unwrap_or(Err("id"))
}

fn queue(tx: &mut Transaction<'_>, notifier: &Notifier, event: &Event) -> Result<(), StoreError> {
    for (url, name, body) in notifier.outbox_rows(event) {
        tx.execute(
            "INSERT INTO webhook_outbox (target, event, body, next_at) VALUES ($1, $2, $3, $4)",
            &[&url, &name, &body, &notify::unix_now()],
        )?;
    }
    Ok(())
}

fn apply(
    tx: &mut Transaction<'_>,
    write: &Write,
    options: &Options,
) -> Result<Outcome, StoreError> {
    match write {
        Write::Report {
            comment_id,
            reporter_id,
            at,
        } => {
            let outcome = report(tx, comment_id, reporter_id, *at)?;
            if let (ReportOutcome::Reported, Some(notifier)) = (&outcome, &options.notifier) {
                let at = crate::validate::to_minute(*at);
                queue(
                    tx,
                    notifier,
                    &Event::comment_reported(comment_id, &at, None),
                )?;
            }
            Ok(Outcome::Report(outcome))
        }
        Write::Message {
            key,
            id,
            fingerprint,
            message,
        } => match earlier(tx, "messages", key, id, fingerprint)? {
            Some(Ok(id)) => Ok(Outcome::Message(id)),
            Some(Err(field)) => Ok(Outcome::Conflict(field)),
            None => insert_message(tx, (id, key, fingerprint), message, options),
        },
        Write::DeleteComment { id, token_hash, at } => Ok(Outcome::Deleted(
            super::own::delete_own(tx, id, token_hash, *at)?,
        )),
        Write::Comment {
            key,
            id,
            fingerprint,
            comment,
            status,
            delete_hash,
        } => {
            let (existing, issued) = match earlier(tx, "comments", key, id, fingerprint)? {
                Some(Ok(id)) => {
                    let issued = super::own::reissue(tx, &id, key, delete_hash)?;
                    (id, issued)
                }
                Some(Err(field)) => return Ok(Outcome::Conflict(field)),
                None => match insert_comment(
                    tx,
                    (id, key, fingerprint),
                    (comment, delete_hash),
                    *status,
                    options,
                )? {
                    Some(Ok((id, issued))) => (id, issued),
                    Some(Err(field)) => return Ok(Outcome::Conflict(field)),
                    None => return Ok(Outcome::NoParent),
                },
            };
            let row = tx.query_one(
                &format!("SELECT {COMMENT_COLUMNS}, status FROM comments WHERE id = $1"),
                &[&existing],
            )?;
            let stored = comment_from_row(&row)?;
            Ok(Outcome::Comment(
                stored,
                Status::parse(row.try_get(crate::store::COMMENT_COLUMN_COUNT)?),
                issued,
            ))
        }
    }
}

fn insert_message(
    tx: &mut Transaction<'_>,
    (id, key, fingerprint): (&str, &str, &str),
    message: &NewMessage,
    options: &Options,
) -> Result<Outcome, StoreError> {
    let received_at = now_minute();
    let prepared = prepare(message, options)?;
    let shown = &prepared.shown;
    let added = tx.execute(
        "INSERT INTO messages (id, idem_key, fingerprint, name, email, location, message, lang,
         consent, created_at, received_at, client_created_at, sealed)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,TRUE,$9,$9,$10,$11) ON CONFLICT DO NOTHING",
        &[
            &id,
            &key,
            &fingerprint,
            &shown.name,
            &shown.email,
            &shown.location,
            &shown.message,
            &message.lang,
            &received_at,
            &message.created_at,
            &prepared.sealed,
        ],
    )?;
    if added == 0 {
        // Another instance stored this key or id meanwhile: its row answers.
        return Ok(
            match taken(earlier(tx, "messages", key, id, fingerprint)?) {
                Ok(id) => Outcome::Message(id),
                Err(field) => Outcome::Conflict(field),
            },
        );
    }
    if let Some(notifier) = &options.notifier {
        queue(
            tx,
            notifier,
            &event(id, &prepared, &message.lang, &received_at),
        )?;
    }
    Ok(Outcome::Message(id.to_owned()))
}

/// The id whose row answers a comment write and whether its delete token is the write's,
/// or the field that conflicts.
type Stored = Result<(String, bool), &'static str>;

/// Inserts a new comment with its delete token's hash: `None` when its parent is not a
/// published comment, else the id whose row answers and whether the token is now that
/// row's (or the field that conflicts).
fn insert_comment(
    tx: &mut Transaction<'_>,
    (id, key, fingerprint): (&str, &str, &str),
    (comment, delete_hash): (&NewComment, &str),
    status: Status,
    options: &Options,
) -> Result<Option<Stored>, StoreError> {
    if let Some(parent) = &comment.parent_id {
        if !is_published(tx, parent)? {
            return Ok(None);
        }
    }
    let created_at = now_minute();
    let added = tx.execute(
        "INSERT INTO comments (id, idem_key, fingerprint, parent_id, author, body, lang,
         status, created_at, delete_hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
         ON CONFLICT DO NOTHING",
        &[
            &id,
            &key,
            &fingerprint,
            &comment.parent_id,
            &comment.author,
            &comment.body,
            &comment.lang,
            &status.as_str(),
            &created_at,
            &delete_hash,
        ],
    )?;
    if added == 0 {
        // Another instance stored this key or id meanwhile: its row answers, and this
        // retry's token replaces the first one as it would on that instance.
        return Ok(Some(
            match taken(earlier(tx, "comments", key, id, fingerprint)?) {
                Ok(id) => {
                    let issued = super::own::reissue(tx, &id, key, delete_hash)?;
                    Ok((id, issued))
                }
                Err(field) => Err(field),
            },
        ));
    }
    if let (Status::Pending, Some(notifier)) = (status, &options.notifier) {
        let event = Event::comment_pending(
            id,
            comment.parent_id.as_deref(),
            &created_at,
            &comment.lang,
            &comment.author,
            &comment.body,
        );
        queue(tx, notifier, &event)?;
    }
    Ok(Some(Ok((id.to_owned(), true))))
}
