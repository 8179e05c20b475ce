//! The audit log, erasure, the retention purge, the webhook outbox and the health check
//! on PostgreSQL (the same queries as `store/audit.rs`, `store/erase.rs`,
//! `store/outbox.rs` and `store/health.rs`).

use super::super::audit::{stamp, Actor, AuditAction, AuditEntry};
use super::super::erase::Erased;
use super::super::outbox::Queued;
use super::super::StoreError;
use super::{big, count, PgStore};
use postgres::{Client, GenericClient};
use time::OffsetDateTime;

/// The advisory lock key of the retention purge (ASCII "solidpur").
pub const PURGE_LOCK: i64 = 0x736f_6c69_6470_7572;
/// How long a claimed webhook event stays with the instance that claimed it; if that
/// instance dies, the event is due again after this (so it is sent at least once, and
/// by one instance at a time).
pub const OUTBOX_LEASE_SECS: i64 = 120;

/// Appends one audit entry inside the caller's transaction.
pub fn append(
    client: &mut impl GenericClient,
    actor: &Actor<'_>,
    action: AuditAction,
    target: Option<&str>,
    detail: Option<&str>,
) -> Result<(), StoreError> {
    client.execute(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
        &[
            &stamp(actor.at),
            &actor.name,
            &action.as_str(),
            &target,
            &detail,
        ],
    )?;
    Ok(())
}

/// Reclaims the space of erased rows (PostgreSQL keeps deleted rows until a vacuum);
/// a failure is only logged: the rows are already gone for every query.
fn vacuum(client: &mut Client) {
    if let Err(error) = client.batch_execute("VACUUM messages, comments, reports") {
        tracing::warn!("vacuum after erasure failed: {error}");
    }
}

impl PgStore {
    /// See [`crate::store::Storage::audit_append`].
    pub fn audit_append(
        &self,
        actor: &Actor<'_>,
        action: AuditAction,
        target: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError> {
        self.with(|client| append(client, actor, action, target, detail))
    }

    /// See [`crate::store::Storage::audit_list`].
    pub fn audit_list(
        &self,
        limit: u32,
        before: Option<i64>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        self.with(|client| {
            let rows = client.query(
                "SELECT seq, at, actor, action, target, detail FROM audit
                 WHERE seq < $1 ORDER BY seq DESC LIMIT $2",
                &[&before.unwrap_or(i64::MAX), &big(limit)],
            )?;
            Ok(rows
                .iter()
                .map(|row| {
                    Ok(AuditEntry {
                        seq: row.try_get(0)?,
                        at: row.try_get(1)?,
                        actor: row.try_get(2)?,
                        action: row.try_get(3)?,
                        target: row.try_get(4)?,
                        detail: row.try_get(5)?,
                    })
                })
                .collect::<Result<Vec<_>, postgres::Error>>()?)
        })
    }

    /// See [`crate::store::Storage::erase_by_email`].
    pub fn erase_by_email(&self, email: &str, by: &Actor<'_>) -> Result<Erased, StoreError> {
        let email = email.trim();
        self.with(|client| {
            let mut tx = client.transaction()?;
            let messages = tx.execute(
                "DELETE FROM messages WHERE email IS NOT NULL AND lower(email) = lower($1)",
                &[&email],
            )?;
            let erased = Erased {
                messages,
                comments: 0,
            };
            let detail = erased.detail();
            append(&mut tx, by, AuditAction::Erase, None, Some(&detail))?;
            tx.commit()?;
            vacuum(client);
            Ok(erased)
        })
    }

    /// See [`crate::store::Storage::erase_by_id`].
    pub fn erase_by_id(&self, id: &str, by: &Actor<'_>) -> Result<Erased, StoreError> {
        self.with(|client| {
            let mut tx = client.transaction()?;
            let messages = tx.execute("DELETE FROM messages WHERE id = $1", &[&id])?;
            tx.execute("DELETE FROM reports WHERE comment_id = $1", &[&id])?;
            let comments = tx.execute("DELETE FROM comments WHERE id = $1", &[&id])?;
            let erased = Erased { messages, comments };
            let detail = erased.detail();
            append(&mut tx, by, AuditAction::Erase, Some(id), Some(&detail))?;
            tx.commit()?;
            vacuum(client);
            Ok(erased)
        })
    }

    /// See [`crate::store::Storage::purge_messages_older_than`]. One instance purges at
    /// a time (`pg_try_advisory_xact_lock`): when another holds the lock, this one
    /// purges nothing and says so.
    pub fn purge_messages_older_than(
        &self,
        cutoff: OffsetDateTime,
        by: &Actor<'_>,
    ) -> Result<u64, StoreError> {
        let cutoff = stamp(cutoff);
        self.with(|client| {
            let mut tx = client.transaction()?;
            let locked: bool = tx
                .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&PURGE_LOCK])?
                .try_get(0)?;
            if !locked {
                tracing::info!("retention: another instance is purging now; skipped");
                return Ok(0);
            }
            let removed = tx.execute("DELETE FROM messages WHERE received_at < $1", &[&cutoff])?;
            let detail = format!("{removed} messages received before {cutoff}");
            append(&mut tx, by, AuditAction::Purge, None, Some(&detail))?;
            tx.commit()?;
            if removed > 0 {
                vacuum(client);
            }
            Ok(removed)
        })
    }

    /// See [`crate::store::Storage::check_writable`]: a write transaction that is
    /// rolled back (fails when the database is read-only or unreachable).
    pub fn check_writable(&self) -> Result<(), StoreError> {
        self.with(|client| {
            let mut tx = client.build_transaction().read_only(false).start()?;
            tx.execute("LOCK TABLE meta IN ROW EXCLUSIVE MODE", &[])?;
            tx.rollback()?;
            Ok(())
        })
    }

    /// See [`crate::store::Storage::outbox_due`]: claims the due events (skipping rows
    /// another instance is claiming) by moving their `next_at` one lease ahead.
    pub fn outbox_due(&self, now: i64, limit: u32) -> Result<Vec<Queued>, StoreError> {
        self.with(|client| {
            let rows = client.query(
                "UPDATE webhook_outbox SET next_at = $1 + $3 WHERE seq IN (
                     SELECT seq FROM webhook_outbox WHERE next_at <= $1
                     ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
                 RETURNING seq, target, event, body, attempts",
                &[&now, &big(limit), &OUTBOX_LEASE_SECS],
            )?;
            let mut due = rows
                .iter()
                .map(|row| {
                    Ok(Queued {
                        seq: row.try_get(0)?,
                        target: row.try_get(1)?,
                        event: row.try_get(2)?,
                        body: row.try_get(3)?,
                        attempts: u32::try_from(row.try_get::<_, i64>(4)?).unwrap_or(u32::MAX),
                    })
                })
                .collect::<Result<Vec<_>, postgres::Error>>()?;
            due.sort_by_key(|queued| queued.seq);
            Ok(due)
        })
    }

    /// See [`crate::store::Storage::outbox_remove`].
    pub fn outbox_remove(&self, seq: i64) -> Result<(), StoreError> {
        self.with(|client| {
            client.execute("DELETE FROM webhook_outbox WHERE seq = $1", &[&seq])?;
            Ok(())
        })
    }

    /// See [`crate::store::Storage::outbox_retry`].
    pub fn outbox_retry(&self, seq: i64, attempts: u32, next_at: i64) -> Result<(), StoreError> {
        self.with(|client| {
            client.execute(
                "UPDATE webhook_outbox SET attempts = $2, next_at = $3 WHERE seq = $1",
                &[&seq, &big(attempts), &next_at],
            )?;
            Ok(())
        })
    }

    /// See [`crate::store::Storage::outbox_len`].
    pub fn outbox_len(&self) -> Result<u64, StoreError> {
        self.with(|client| {
            let total: i64 = client
                .query_one("SELECT COUNT(*) FROM webhook_outbox", &[])?
                .try_get(0)?;
            Ok(count(total))
        })
    }
}
