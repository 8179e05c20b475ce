//! `moderate`: list, approve and reject comments waiting in pre-moderation.
//!
//! Works on the database file directly, also while the server runs (WAL mode; the
//! server reads the new status on the next `GET /api/comments`).

use crate::store::{Status, Store};
use crate::text::terminal_safe;
use crate::BoxError;
use std::io::Write;
use std::path::Path;

/// Writes the pending comments, oldest first, one block each; returns how many. Every
/// value is escaped ([`terminal_safe`]): a CR, an escape sequence or a bidi control in a
/// comment shows as `\r` or `\u{…}`, so the moderator reads exactly what would be published.
pub fn list(store: &Store, mut out: impl Write) -> Result<usize, BoxError> {
    let pending = store.pending_comments()?;
    if pending.is_empty() {
        writeln!(out, "no comments are waiting for moderation")?;
    }
    for comment in &pending {
        let reply = comment
            .parent_id
            .as_deref()
            .map(|parent| format!(" (reply to {})", terminal_safe(parent, false)))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {}  {}{reply}",
            terminal_safe(&comment.id, false),
            comment.created_at,
            terminal_safe(&comment.author, false)
        )?;
        for line in terminal_safe(&comment.body, true).split('\n') {
            writeln!(out, "    {line}")?;
        }
    }
    out.flush()?;
    Ok(pending.len())
}

/// Sets the status of comment `id` (approve: published; reject: rejected, never shown).
pub fn set(store: &Store, id: &str, status: Status) -> Result<(), BoxError> {
    match store.comment_status(id)? {
        None => Err(format!("no comment with id {id:?}").into()),
        Some(current) if current == status => Ok(()),
        Some(_) => {
            store.set_comment_status(id, status)?;
            Ok(())
        }
    }
}

/// The `moderate` actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Show pending comments.
    List,
    /// Publish a comment.
    Approve(String),
    /// Hide a comment for good.
    Reject(String),
}

/// Runs one moderation action on the database at `db`, reporting on stdout.
pub fn run(db: &Path, action: &Action) -> Result<(), BoxError> {
    let store = Store::open_existing(db)?;
    let stdout = std::io::stdout();
    match action {
        Action::List => {
            list(&store, stdout.lock())?;
        }
        Action::Approve(id) => {
            set(&store, id, Status::Published)?;
            println!("approved {id}");
        }
        Action::Reject(id) => {
            set(&store, id, Status::Rejected)?;
            println!("rejected {id}");
        }
    }
    Ok(())
}
