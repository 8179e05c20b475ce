//! A reader takes back a comment they posted, with the delete token its answer carried.
//! The database keeps only the token's SHA-256; the comparison is constant-time and a
//! wrong token reads exactly like a missing comment.

use super::audit::{self, Actor, AuditAction};
use super::{reports, StoreError};
use rusqlite::{Connection, OptionalExtension};
use subtle::ConstantTimeEq;

/// The audit actor for a reader's own deletion (a reader has no name here).
pub const READER: &str = "reader";

/// Compared against when the comment is missing or has no token, so that case takes
/// the same work as a wrong token.
pub(crate) const NO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Whether `given` is `stored`, in constant time for strings of the same length.
pub fn same_hash(stored: &str, given: &str) -> bool {
    bool::from(stored.as_bytes().ct_eq(given.as_bytes()))
}

/// Deletes comment `id` inside the caller's transaction when `token_hash` is the hash
/// stored with it: the row, its reports and any `comment.pending` webhook event still
/// waiting with its text; replies stay (their parent shows as deleted). Audited as a
/// `delete` by [`READER`]. False, with nothing changed, for a wrong token or no comment.
pub fn delete_own(
    conn: &Connection,
    id: &str,
    token_hash: &str,
    at: time::OffsetDateTime,
) -> Result<bool, StoreError> {
    let stored: Option<Option<String>> = conn
        .prepare_cached("SELECT delete_hash FROM comments WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    let (found, stored) = match stored {
        Some(Some(hash)) => (true, hash),
        _ => (false, NO_HASH.to_owned()),
    };
    if !(same_hash(&stored, token_hash) & found) {
        return Ok(false);
    }
    reports::clear(conn, id)?;
    conn.prepare_cached(
        "DELETE FROM webhook_outbox WHERE event = 'comment.pending'
         AND json_extract(body, '$.data.id') = ?1",
    )?
    .execute([id])?;
    let removed = conn
        .prepare_cached("DELETE FROM comments WHERE id = ?1")?
        .execute([id])?;
    let by = Actor::new(READER, at);
    audit::append(
        conn,
        &by,
        AuditAction::Delete,
        Some(id),
        Some("by its author, with its delete token"),
    )?;
    Ok(removed > 0)
}

/// For a retry of comment `id` with idempotency key `key`: when `key` is the one it was
/// stored with and is not its public id (so only the poster knows it), stores
/// `delete_hash` as its new token hash and answers true; a lost first answer then
/// leaves the poster a working token. Anyone else's retry changes nothing (false).
pub fn reissue(
    conn: &Connection,
    id: &str,
    key: &str,
    delete_hash: &str,
) -> Result<bool, StoreError> {
    if key == id {
        return Ok(false);
    }
    let changed = conn
        .prepare_cached("UPDATE comments SET delete_hash = ?3 WHERE id = ?1 AND idem_key = ?2")?
        .execute([id, key, delete_hash])?;
    Ok(changed > 0)
}
