//! Support messages on PostgreSQL: the export, the inbox, the wall of support (the same
//! queries as `store.rs` and `store/published.rs`).

use super::super::audit::{stamp, Actor, AuditAction};
use super::super::lifecycle::matches;
use super::super::published::{
    InboxMessage, PublishOutcome, PublishedMessage, PublishedMessages, UnpublishOutcome,
    MESSAGE_COLUMNS,
};
use super::super::{StoreError, StoredMessage};
use super::{big, count, ops::append, page_of, PgStore};
use postgres::Row;
use std::collections::BTreeMap;

fn message_from_row(row: &Row) -> Result<InboxMessage, postgres::Error> {
    Ok(InboxMessage {
        message: StoredMessage {
            id: row.try_get(0)?,
            name: row.try_get(1)?,
            email: row.try_get(2)?,
            location: row.try_get(3)?,
            message: row.try_get(4)?,
            lang: row.try_get(5)?,
            consent: row.try_get(6)?,
            created_at: row.try_get(7)?,
            received_at: row.try_get(8)?,
            client_created_at: row.try_get(9)?,
            sealed: row.try_get(10)?,
        },
        published_at: row.try_get(11)?,
    })
}

impl PgStore {
    /// See [`crate::store::Storage::messages`].
    pub fn messages(&self) -> Result<Vec<StoredMessage>, StoreError> {
        self.with(|client| {
            let rows = client.query(
                &format!("SELECT {MESSAGE_COLUMNS} FROM messages ORDER BY seq"),
                &[],
            )?;
            Ok(rows
                .iter()
                .map(|row| Ok(message_from_row(row)?.message))
                .collect::<Result<Vec<_>, postgres::Error>>()?)
        })
    }

    /// See [`crate::store::Storage::search_messages`].
    pub fn search_messages(
        &self,
        query: &str,
        lang: Option<&str>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<InboxMessage>, StoreError> {
        let rows = self.with(|client| {
            Ok(client.query(
                &format!(
                    "SELECT {MESSAGE_COLUMNS} FROM messages WHERE $1::text IS NULL OR lang = $1
                     ORDER BY seq DESC"
                ),
                &[&lang],
            )?)
        })?;
        let mut found = Vec::new();
        for row in &rows {
            let inbox = message_from_row(row)?;
            let message = &inbox.message;
            let location = message.location.as_deref().unwrap_or("");
            if matches(query, &[&message.message, &message.name, location]) {
                found.push(inbox);
            }
        }
        Ok(found
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect())
    }

    /// See [`crate::store::Storage::message_counts_by_lang`].
    pub fn message_counts_by_lang(&self) -> Result<BTreeMap<String, u64>, StoreError> {
        self.with(|client| {
            let rows = client.query("SELECT lang, COUNT(*) FROM messages GROUP BY lang", &[])?;
            Ok(rows
                .iter()
                .map(|row| Ok((row.try_get(0)?, count(row.try_get(1)?))))
                .collect::<Result<BTreeMap<_, _>, postgres::Error>>()?)
        })
    }

    /// See [`crate::store::Storage::publish_message`].
    pub fn publish_message(&self, id: &str, by: &Actor<'_>) -> Result<PublishOutcome, StoreError> {
        self.with(|client| {
            let mut tx = client.transaction()?;
            let found = tx.query_opt(
                "SELECT consent, sealed IS NOT NULL, published_at FROM messages
                 WHERE id = $1 FOR UPDATE",
                &[&id],
            )?;
            let found: Option<(bool, bool, Option<String>)> = match found {
                Some(row) => Some((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)),
                None => None,
            };
            let outcome = match found {
                None => PublishOutcome::NotFound,
                Some((false, _, _)) => PublishOutcome::NoConsent,
                Some((true, true, _)) => PublishOutcome::Sealed,
                Some((true, false, Some(_))) => PublishOutcome::AlreadyPublished,
                Some((true, false, None)) => {
                    tx.execute(
                        "UPDATE messages SET published_at = $2 WHERE id = $1",
                        &[&id, &stamp(by.at)],
                    )?;
                    append(&mut tx, by, AuditAction::Publish, Some(id), None)?;
                    PublishOutcome::Published
                }
            };
            tx.commit()?;
            Ok(outcome)
        })
    }

    /// See [`crate::store::Storage::unpublish_message`].
    pub fn unpublish_message(
        &self,
        id: &str,
        by: &Actor<'_>,
    ) -> Result<UnpublishOutcome, StoreError> {
        self.with(|client| {
            let mut tx = client.transaction()?;
            let found = tx.query_opt(
                "SELECT published_at FROM messages WHERE id = $1 FOR UPDATE",
                &[&id],
            )?;
            let found: Option<Option<String>> = match found {
                Some(row) => Some(row.try_get(0)?),
                None => None,
            };
            let outcome = match found {
                None => UnpublishOutcome::NotFound,
                Some(None) => UnpublishOutcome::NotPublished,
                Some(Some(_)) => {
                    tx.execute(
                        "UPDATE messages SET published_at = NULL WHERE id = $1",
                        &[&id],
                    )?;
                    append(&mut tx, by, AuditAction::Unpublish, Some(id), None)?;
                    UnpublishOutcome::Unpublished
                }
            };
            tx.commit()?;
            Ok(outcome)
        })
    }

    /// See [`crate::store::Storage::published_messages`].
    pub fn published_messages(
        &self,
        after: Option<i64>,
        limit: u32,
    ) -> Result<PublishedMessages, StoreError> {
        self.with(|client| {
            let mut tx = client.build_transaction().read_only(true).start()?;
            let total: i64 = tx
                .query_one("SELECT COUNT(*) FROM messages", &[])?
                .try_get(0)?;
            let rows = tx.query(
                "SELECT seq, id, name, location, message, lang, received_at FROM messages
                 WHERE published_at IS NOT NULL AND seq < $1 ORDER BY seq DESC LIMIT $2",
                &[&after.unwrap_or(i64::MAX), &(big(limit) + 1)],
            )?;
            tx.commit()?;
            let page = rows
                .iter()
                .map(|row| {
                    let received: String = row.try_get(6)?;
                    let message = PublishedMessage {
                        id: row.try_get(1)?,
                        name: row.try_get(2)?,
                        location: row.try_get(3)?,
                        message: row.try_get(4)?,
                        lang: row.try_get(5)?,
                        date: received.chars().take(10).collect(),
                    };
                    Ok((row.try_get::<_, i64>(0)?, message))
                })
                .collect::<Result<Vec<_>, postgres::Error>>()?;
            let (messages, next) = page_of(page, limit);
            Ok(PublishedMessages {
                messages,
                next,
                total_received: count(total),
            })
        })
    }
}
