//! `moderate`: list, approve and reject comments waiting in pre-moderation or reported
//! by readers.
//!
//! Works on the database file directly, also while the server runs (WAL mode; the
//! server reads the new status on the next `GET /api/comments`).

use crate::store::audit::Actor;
use crate::store::lifecycle::{Decision, StaffReplyOutcome};
use crate::store::{Database, Storage};
use crate::text::terminal_safe;
use crate::BoxError;
use std::io::Write;
use time::OffsetDateTime;

/// The actor name the host's tools write in the audit log.
pub const CLI_ACTOR: &str = "cli";

/// Writes the pending and reported comments, oldest first, one block each; returns how
/// many. Every value is escaped ([`terminal_safe`]): a CR, an escape sequence or a bidi
/// control in a comment shows as `\r` or `\u{…}`, so the moderator reads exactly what
/// would be published.
pub fn list(store: &dyn Storage, mut out: impl Write) -> Result<usize, BoxError> {
    let queue = store.pending_and_reported_comments()?;
    if queue.is_empty() {
        writeln!(out, "no comments are waiting for moderation")?;
    }
    for comment in &queue {
        let reply = comment
            .parent_id
            .as_deref()
            .map(|parent| format!(" (reply to {})", terminal_safe(parent, false)))
            .unwrap_or_default();
        let reports = match comment.reports {
            0 => String::new(),
            count => format!(" [{} reported by {count}]", comment.status.as_str()),
        };
        writeln!(
            out,
            "{}  {}  {}{reply}{reports}",
            terminal_safe(&comment.id, false),
            comment.created_at,
            terminal_safe(&comment.author, false)
        )?;
        for line in terminal_safe(&comment.body, true).split('\n') {
            writeln!(out, "    {line}")?;
        }
    }
    out.flush()?;
    Ok(queue.len())
}

/// Approves or rejects comment `id` (approve: published, reports cleared; reject:
/// rejected, never shown), audited as actor `cli` at `now`.
pub fn set(
    store: &dyn Storage,
    id: &str,
    decision: Decision,
    now: OffsetDateTime,
) -> Result<(), BoxError> {
    if store.decide_comment(id, decision, &Actor::new(CLI_ACTOR, now))? {
        Ok(())
    } else {
        Err(format!("no comment with id {id:?}").into())
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
    /// Remove a comment from the database (its replies stay).
    Delete(String),
    /// Publish a staff reply (with the organisation's badge) to a published comment.
    Reply(StaffReply),
}

/// A staff reply given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffReply {
    /// The published comment answered.
    pub parent_id: String,
    /// The staff member's name, shown as the author and written in the audit log.
    pub name: String,
    /// `en` or `ru`.
    pub lang: String,
    /// The text.
    pub body: String,
}

/// Checks a staff reply with the rules for readers' comments and publishes it; returns
/// the new comment's id.
pub fn reply(
    store: &dyn Storage,
    reply: &StaffReply,
    now: OffsetDateTime,
) -> Result<String, BoxError> {
    let object = serde_json::json!({
        "parent_id": reply.parent_id,
        "author": reply.name,
        "body": reply.body,
        "lang": reply.lang,
    });
    let Some(object) = object.as_object() else {
        return Err("internal error: the reply is not an object".into());
    };
    let checked = crate::validate::comment(object).map_err(|invalid| invalid.message)?;
    let by = Actor::new(&checked.author, now);
    match store.insert_staff_reply(&reply.parent_id, &checked.body, &checked.lang, &by)? {
        StaffReplyOutcome::Stored(comment) => Ok(comment.id),
        StaffReplyOutcome::NoParent => {
            Err(format!("no published comment with id {:?}", reply.parent_id).into())
        }
    }
}

/// Runs one moderation action on the database at `db`, reporting on stdout.
pub fn run(db: &Database, action: &Action) -> Result<(), BoxError> {
    let store = db.open_existing()?;
    let stdout = std::io::stdout();
    match action {
        Action::List => {
            list(&*store, stdout.lock())?;
        }
        Action::Approve(id) => {
            set(&*store, id, Decision::Approve, OffsetDateTime::now_utc())?;
            println!("approved {id}");
        }
        Action::Reject(id) => {
            set(&*store, id, Decision::Reject, OffsetDateTime::now_utc())?;
            println!("rejected {id}");
        }
        Action::Delete(id) => {
            let by = Actor::new(CLI_ACTOR, OffsetDateTime::now_utc());
            if !store.delete_comment(id, &by)? {
                return Err(format!("no comment with id {id:?}").into());
            }
            println!("deleted {id}");
        }
        Action::Reply(staff_reply) => {
            let id = reply(&*store, staff_reply, OffsetDateTime::now_utc())?;
            println!("replied {id}");
        }
    }
    Ok(())
}
