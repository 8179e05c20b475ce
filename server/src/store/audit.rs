//! The audit log: who did what, when, to which record. Append-only (triggers refuse
//! `UPDATE` and `DELETE`); it never holds a reader's IP address, an erased text or an
//! erased e-mail address.

use super::{Store, StoreError};
use rusqlite::{params, Connection, Row};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// What an audit entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A staff member signed in.
    SignIn,
    /// A sign-in was refused.
    SignInFailed,
    /// A staff member signed out.
    SignOut,
    /// A comment was approved (published, reports cleared).
    Approve,
    /// A comment was rejected (kept, never shown).
    Reject,
    /// A comment was deleted (row removed).
    Delete,
    /// Staff replied to a comment.
    Reply,
    /// A support message was published.
    Publish,
    /// A published support message was withdrawn.
    Unpublish,
    /// Messages or comments were downloaded.
    Export,
    /// A person's messages and comments were erased.
    Erase,
    /// Messages older than the retention period were deleted.
    Purge,
    /// A staff account was added.
    StaffAdd,
    /// A staff account was removed.
    StaffRemove,
    /// A staff password was changed.
    StaffPassword,
}

impl AuditAction {
    /// Every action, in declaration order.
    pub const ALL: [Self; 15] = [
        Self::SignIn,
        Self::SignInFailed,
        Self::SignOut,
        Self::Approve,
        Self::Reject,
        Self::Delete,
        Self::Reply,
        Self::Publish,
        Self::Unpublish,
        Self::Export,
        Self::Erase,
        Self::Purge,
        Self::StaffAdd,
        Self::StaffRemove,
        Self::StaffPassword,
    ];

    /// The value stored in the `action` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::SignInFailed => "sign_in_failed",
            Self::SignOut => "sign_out",
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Delete => "delete",
            Self::Reply => "reply",
            Self::Publish => "publish",
            Self::Unpublish => "unpublish",
            Self::Export => "export",
            Self::Erase => "erase",
            Self::Purge => "purge",
            Self::StaffAdd => "staff_add",
            Self::StaffRemove => "staff_remove",
            Self::StaffPassword => "staff_password",
        }
    }

    /// Reads the `action` column.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == text)
    }
}

/// Who performs a staff action and when; the store writes the audit entry in the same
/// transaction as the change, so a committed change is always audited.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    /// A staff name, or `cli` / `retention` for the host's tools.
    pub name: &'a str,
    /// The time of the action (from the caller's clock).
    pub at: OffsetDateTime,
}

impl<'a> Actor<'a> {
    /// An actor acting at `at`.
    pub fn new(name: &'a str, at: OffsetDateTime) -> Self {
        Self { name, at }
    }
}

/// One audit entry, as read back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Position in the log (larger is later); the cursor for [`Store::audit_list`].
    pub seq: i64,
    /// UTC RFC 3339, to the second.
    pub at: String,
    /// Staff name, `cli` or `retention`.
    pub actor: String,
    /// The action's stored name (see [`AuditAction::as_str`]).
    pub action: String,
    /// The record acted on (a comment or message id, a staff name), if any.
    pub target: Option<String>,
    /// A short note (counts, the new status), if any.
    pub detail: Option<String>,
}

/// UTC RFC 3339 to the second, the format of every stored time.
pub fn stamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    at.replace_nanosecond(0)
        .unwrap_or(at)
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// Appends an entry on `conn` (inside the caller's transaction).
pub fn append(
    conn: &Connection,
    actor: &Actor<'_>,
    action: AuditAction,
    target: Option<&str>,
    detail: Option<&str>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        stamp(actor.at),
        actor.name,
        action.as_str(),
        target,
        detail
    ])?;
    Ok(())
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        action: row.get(3)?,
        target: row.get(4)?,
        detail: row.get(5)?,
    })
}

impl Store {
    /// Appends an audit entry on its own (for actions that change nothing in the
    /// database: sign-ins, exports). `actor` says who and when.
    pub fn audit_append(
        &self,
        actor: &Actor<'_>,
        action: AuditAction,
        target: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError> {
        self.with(|conn| append(conn, actor, action, target, detail))
    }

    /// At most `limit` entries, newest first, older than entry `before` when given
    /// (pass the last `seq` of the previous page).
    pub fn audit_list(
        &self,
        limit: u32,
        before: Option<i64>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        self.with(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT seq, at, actor, action, target, detail FROM audit
                 WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2",
            )?;
            let rows = statement.query_map(
                params![before.unwrap_or(i64::MAX), i64::from(limit)],
                entry_from_row,
            )?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }
}
