//! A reader takes back their own comment on PostgreSQL: the same rules as
//! `store/own.rs` (only the token's SHA-256 is stored, constant-time comparison, a wrong
//! token reads exactly like a missing comment), inside the writer's transaction.

use super::super::audit::{Actor, AuditAction};
use super::super::own::{same_hash, NO_HASH, READER};
use super::super::StoreError;
use super::ops::append;
use postgres::Transaction;

/// See `store::own::delete_own`: deletes comment `id` when `token_hash` is its token's
/// hash (the row, its reports and a `comment.pending` webhook event still holding its
/// text); replies stay. False, with nothing changed, for a wrong token or no comment.
pub fn delete_own(
    tx: &mut Transaction<'_>,
    id: &str,
    token_hash: &str,
    at: time::OffsetDateTime,
) -> Result<bool, StoreError> {
    let row = tx.query_opt("SELECT delete_hash FROM comments WHERE id = $1", &[&id])?;
    let stored: Option<String> = match &row {
        Some(row) => row.try_get(0)?,
        None => None,
    };
    let found = stored.is_some();
    let stored = stored.unwrap_or_else(|| NO_HASH.to_owned());
    if !(same_hash(&stored, token_hash) & found) {
        return Ok(false);
    }
    tx.execute("DELETE FROM reports WHERE comment_id = $1", &[&id])?;
    tx.execute(
        "DELETE FROM webhook_outbox WHERE event = 'comment.pending'
         AND (body::jsonb -> 'data' ->> 'id') = $1",
        &[&id],
    )?;
    let removed = tx.execute("DELETE FROM comments WHERE id = $1", &[&id])?;
    append(
        tx,
        &Actor::new(READER, at),
        AuditAction::Delete,
        Some(id),
        Some("by its author, with its delete token"),
    )?;
    Ok(removed > 0)
}

/// See `store::own::reissue`: a retry by the comment's own key (not its public id)
/// stores `delete_hash` as its new token hash and answers true; anyone else's, false.
pub fn reissue(
    tx: &mut Transaction<'_>,
    id: &str,
    key: &str,
    delete_hash: &str,
) -> Result<bool, StoreError> {
    if key == id {
        return Ok(false);
    }
    let changed = tx.execute(
        "UPDATE comments SET delete_hash = $3 WHERE id = $1 AND idem_key = $2",
        &[&id, &key, &delete_hash],
    )?;
    Ok(changed > 0)
}
