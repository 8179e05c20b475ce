//! Support messages for the organisers (inbox search, counts per language) and the ones
//! they publish for the wall of support, which never carries an e-mail address or a
//! time finer than the day.

use super::audit::{self, stamp, Actor, AuditAction};
use super::lifecycle::matches;
use super::{Store, StoreError, StoredMessage};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;
use std::collections::BTreeMap;

/// The columns [`message_from_row`] reads, in order.
pub const MESSAGE_COLUMNS: &str =
    "id, name, email, location, message, lang, consent, created_at, received_at, \
     client_created_at, sealed, published_at";

/// Reads a message selected with [`MESSAGE_COLUMNS`] first, and when it was published.
pub fn message_from_row(row: &Row<'_>) -> rusqlite::Result<(StoredMessage, Option<String>)> {
    Ok((
        StoredMessage {
            id: row.get(0)?,
            name: row.get(1)?,
            email: row.get(2)?,
            location: row.get(3)?,
            message: row.get(4)?,
            lang: row.get(5)?,
            consent: row.get(6)?,
            created_at: row.get(7)?,
            received_at: row.get(8)?,
            client_created_at: row.get(9)?,
            sealed: row.get(10)?,
        },
        row.get(11)?,
    ))
}

/// A message in the organisers' inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InboxMessage {
    /// The message as exported.
    #[serde(flatten)]
    pub message: StoredMessage,
    /// When it was published on the wall, if it is.
    pub published_at: Option<String>,
}

/// A published message as the public API shows it: no e-mail, the day only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublishedMessage {
    /// Message id.
    pub id: String,
    /// Supporter's name.
    pub name: String,
    /// Location, if given.
    pub location: Option<String>,
    /// The message.
    pub message: String,
    /// `en` or `ru`.
    pub lang: String,
    /// The day it arrived, `YYYY-MM-DD` (UTC).
    pub date: String,
}

/// One page of the wall of support.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedMessages {
    /// Newest first.
    pub messages: Vec<PublishedMessage>,
    /// The cursor of the next page, if there is one.
    pub next: Option<i64>,
    /// Every message received, published or not.
    pub total_received: u64,
}

/// What happened to a publish request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublishOutcome {
    /// No message has that id.
    NotFound,
    /// Its sender did not agree to publication.
    NoConsent,
    /// Its personal fields are sealed (`serve --seal-to`): the server cannot read them,
    /// so it has nothing to show.
    Sealed,
    /// It was published before; nothing changed.
    AlreadyPublished,
    /// It is now published.
    Published,
}

/// What happened to an unpublish request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnpublishOutcome {
    /// No message has that id.
    NotFound,
    /// It was not published; nothing changed.
    NotPublished,
    /// It is no longer published.
    Unpublished,
}

impl Store {
    /// Messages whose text, name or location contains every word of `query`
    /// (case-insensitive), in language `lang` when given, newest first: `limit` of them
    /// after skipping `offset`.
    pub fn search_messages(
        &self,
        query: &str,
        lang: Option<&str>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<InboxMessage>, StoreError> {
        self.with(|conn| {
            let mut statement = conn.prepare_cached(&format!(
                "SELECT {MESSAGE_COLUMNS} FROM messages WHERE ?1 IS NULL OR lang = ?1
                 ORDER BY seq DESC"
            ))?;
            let rows = statement.query_map([lang], message_from_row)?;
            let mut found = Vec::new();
            let mut skip = offset;
            for row in rows {
                let (message, published_at) = row?;
                let location = message.location.as_deref().unwrap_or("");
                if !matches(query, &[&message.message, &message.name, location]) {
                    continue;
                }
                if skip > 0 {
                    skip -= 1;
                } else if found.len() < limit as usize {
                    found.push(InboxMessage {
                        message,
                        published_at,
                    });
                } else {
                    break;
                }
            }
            Ok(found)
        })
    }

    /// How many messages arrived in each language.
    pub fn message_counts_by_lang(&self) -> Result<BTreeMap<String, u64>, StoreError> {
        self.with(|conn| {
            let mut statement =
                conn.prepare_cached("SELECT lang, COUNT(*) FROM messages GROUP BY lang")?;
            let rows = statement.query_map([], |row| {
                Ok((
                    row.get(0)?,
                    u64::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                ))
            })?;
            Ok(rows.collect::<Result<BTreeMap<_, _>, _>>()?)
        })
    }

    /// Publishes message `id` on the wall of support, if its sender agreed.
    pub fn publish_message(&self, id: &str, by: &Actor<'_>) -> Result<PublishOutcome, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            let found: Option<(bool, bool, Option<String>)> = tx
                .query_row(
                    "SELECT consent, sealed IS NOT NULL, published_at FROM messages WHERE id = ?1",
                    [id],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                )
                .optional()?;
            let outcome = match found {
                None => PublishOutcome::NotFound,
                Some((false, _, _)) => PublishOutcome::NoConsent,
                Some((true, true, _)) => PublishOutcome::Sealed,
                Some((true, false, Some(_))) => PublishOutcome::AlreadyPublished,
                Some((true, false, None)) => {
                    tx.execute(
                        "UPDATE messages SET published_at = ?2 WHERE id = ?1",
                        params![id, stamp(by.at)],
                    )?;
                    audit::append(&tx, by, AuditAction::Publish, Some(id), None)?;
                    PublishOutcome::Published
                }
            };
            tx.commit()?;
            Ok(outcome)
        })
    }

    /// Takes message `id` off the wall of support.
    pub fn unpublish_message(
        &self,
        id: &str,
        by: &Actor<'_>,
    ) -> Result<UnpublishOutcome, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            let found: Option<Option<String>> = tx
                .query_row(
                    "SELECT published_at FROM messages WHERE id = ?1",
                    [id],
                    |row| row.get(0),
                )
                .optional()?;
            let outcome = match found {
                None => UnpublishOutcome::NotFound,
                Some(None) => UnpublishOutcome::NotPublished,
                Some(Some(_)) => {
                    tx.execute(
                        "UPDATE messages SET published_at = NULL WHERE id = ?1",
                        [id],
                    )?;
                    audit::append(&tx, by, AuditAction::Unpublish, Some(id), None)?;
                    UnpublishOutcome::Unpublished
                }
            };
            tx.commit()?;
            Ok(outcome)
        })
    }

    /// Published messages, newest first, after cursor `after` (the `next` of the page
    /// before), at most `limit`; and how many messages were received in all.
    pub fn published_messages(
        &self,
        after: Option<i64>,
        limit: u32,
    ) -> Result<PublishedMessages, StoreError> {
        self.with(|conn| {
            let total: i64 = conn
                .prepare_cached("SELECT COUNT(*) FROM messages")?
                .query_row([], |row| row.get(0))?;
            let mut statement = conn.prepare_cached(
                "SELECT seq, id, name, location, message, lang, received_at FROM messages
                 WHERE published_at IS NOT NULL AND seq < ?1 ORDER BY seq DESC LIMIT ?2",
            )?;
            let mut rows = statement
                .query_map(
                    params![after.unwrap_or(i64::MAX), i64::from(limit) + 1],
                    |row| {
                        let received: String = row.get(6)?;
                        let message = PublishedMessage {
                            id: row.get(1)?,
                            name: row.get(2)?,
                            location: row.get(3)?,
                            message: row.get(4)?,
                            lang: row.get(5)?,
                            date: received.chars().take(10).collect(),
                        };
                        Ok((row.get::<_, i64>(0)?, message))
                    },
                )?
                .collect::<Result<Vec<_>, _>>()?;
            let more = rows.len() > limit as usize;
            rows.truncate(limit as usize);
            let next = if more {
                rows.last().map(|(seq, _)| *seq)
            } else {
                None
            };
            Ok(PublishedMessages {
                messages: rows.into_iter().map(|(_, message)| message).collect(),
                next,
                total_received: u64::try_from(total).unwrap_or_default(),
            })
        })
    }
}

#[cfg(test)]
mod tests;
