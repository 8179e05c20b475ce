//! Console sessions (only the SHA-256 of each token) and sign-in failure counters.

use super::staff::StaffMember;
use super::{Store, StoreError};
use crate::auth::lockout::Failures;
use crate::auth::Role;
use rusqlite::{params, OptionalExtension};

/// A session row with its account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveSession {
    /// Whose session it is.
    pub staff: StaffMember,
    /// The session's CSRF token.
    pub csrf: String,
    /// Sign-in time (unix seconds).
    pub created_at: i64,
    /// Last request (unix seconds, updated at most once a minute).
    pub last_seen_at: i64,
}

impl Store {
    /// Stores a new session for `staff_id`, and drops sessions that ended long ago.
    pub fn session_insert(
        &self,
        token_hash: &str,
        staff_id: i64,
        csrf: &str,
        now: i64,
        oldest_live: i64,
    ) -> Result<(), StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "DELETE FROM staff_sessions WHERE created_at < ?1",
                [oldest_live],
            )?;
            tx.execute(
                "INSERT INTO staff_sessions (token_hash, staff_id, csrf, created_at, last_seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![token_hash, staff_id, csrf, now],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The session with this token hash, if there is one (live or not: the caller decides).
    pub fn session(&self, token_hash: &str) -> Result<Option<LiveSession>, StoreError> {
        self.with(|conn| {
            Ok(conn
                .query_row(
                    "SELECT s.id, s.name, s.role, s.created_at, s.updated_at,
                            x.csrf, x.created_at, x.last_seen_at
                     FROM staff_sessions x JOIN staff s ON s.id = x.staff_id
                     WHERE x.token_hash = ?1",
                    [token_hash],
                    |row| {
                        Ok(LiveSession {
                            staff: StaffMember {
                                id: row.get(0)?,
                                name: row.get(1)?,
                                role: Role::parse(&row.get::<_, String>(2)?),
                                created_at: row.get(3)?,
                                updated_at: row.get(4)?,
                            },
                            csrf: row.get(5)?,
                            created_at: row.get(6)?,
                            last_seen_at: row.get(7)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    /// Records a request on the session.
    pub fn session_touch(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        self.with(|conn| {
            conn.execute(
                "UPDATE staff_sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
                params![token_hash, now],
            )?;
            Ok(())
        })
    }

    /// Ends a session.
    pub fn session_delete(&self, token_hash: &str) -> Result<(), StoreError> {
        self.with(|conn| {
            conn.execute(
                "DELETE FROM staff_sessions WHERE token_hash = ?1",
                [token_hash],
            )?;
            Ok(())
        })
    }

    /// The sign-in failures counted for `key`.
    pub fn signin_failures(&self, key: &str) -> Result<Option<Failures>, StoreError> {
        self.with(|conn| {
            Ok(conn
                .query_row(
                    "SELECT count, first_at, locked_until FROM signin_failures WHERE key = ?1",
                    [key],
                    |row| {
                        Ok(Failures {
                            count: row.get(0)?,
                            first_at: row.get(1)?,
                            locked_until: row.get(2)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    /// Stores the counter for `key`.
    pub fn signin_failures_put(&self, key: &str, failures: &Failures) -> Result<(), StoreError> {
        self.with(|conn| {
            conn.execute(
                "INSERT INTO signin_failures (key, count, first_at, locked_until)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET count = ?2, first_at = ?3, locked_until = ?4",
                params![
                    key,
                    failures.count,
                    failures.first_at,
                    failures.locked_until
                ],
            )?;
            Ok(())
        })
    }

    /// Forgets the failures of `key` (after a successful sign-in).
    pub fn signin_failures_clear(&self, key: &str) -> Result<(), StoreError> {
        self.with(|conn| {
            conn.execute("DELETE FROM signin_failures WHERE key = ?1", [key])?;
            Ok(())
        })
    }
}
