//! Staff accounts: name, role, argon2id hash and timestamps, nothing else.

use super::{Store, StoreError};
use crate::auth::Role;
use rusqlite::{params, OptionalExtension, Row};

/// A staff account as listed (never with its hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffMember {
    /// Row id.
    pub id: i64,
    /// Sign-in name (unique, case-insensitive).
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// When the account was made (RFC 3339).
    pub created_at: String,
    /// When the password or role last changed (RFC 3339).
    pub updated_at: String,
}

const COLUMNS: &str = "id, name, role, created_at, updated_at";

fn member(row: &Row<'_>) -> rusqlite::Result<StaffMember> {
    Ok(StaffMember {
        id: row.get(0)?,
        name: row.get(1)?,
        role: Role::parse(&row.get::<_, String>(2)?),
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
    })
}

impl Store {
    /// Adds an account; false when the name is taken (in any case).
    pub fn staff_add(
        &self,
        name: &str,
        role: Role,
        hash: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        self.with(|conn| {
            let added = conn.execute(
                "INSERT OR IGNORE INTO staff (name, role, password_hash, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![name, role.as_str(), hash, now],
            )?;
            Ok(added > 0)
        })
    }

    /// Every account, by name.
    pub fn staff_list(&self) -> Result<Vec<StaffMember>, StoreError> {
        self.with(|conn| {
            let mut statement =
                conn.prepare(&format!("SELECT {COLUMNS} FROM staff ORDER BY name"))?;
            let rows = statement.query_map([], member)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Removes an account and its sessions; false when there is none by that name.
    pub fn staff_remove(&self, name: &str) -> Result<bool, StoreError> {
        self.with(|conn| Ok(conn.execute("DELETE FROM staff WHERE name = ?1", [name])? > 0))
    }

    /// Sets a new password hash and ends the account's sessions; false when there is none.
    pub fn staff_set_password(
        &self,
        name: &str,
        hash: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            let changed = tx.execute(
                "UPDATE staff SET password_hash = ?2, updated_at = ?3 WHERE name = ?1",
                params![name, hash, now],
            )?;
            tx.execute(
                "DELETE FROM staff_sessions
                 WHERE staff_id IN (SELECT id FROM staff WHERE name = ?1)",
                [name],
            )?;
            tx.commit()?;
            Ok(changed > 0)
        })
    }

    /// The account and password hash for a sign-in name (case-insensitive).
    pub fn staff_for_signin(
        &self,
        name: &str,
    ) -> Result<Option<(StaffMember, String)>, StoreError> {
        self.with(|conn| {
            Ok(conn
                .query_row(
                    &format!("SELECT {COLUMNS}, password_hash FROM staff WHERE name = ?1"),
                    [name],
                    |row| Ok((member(row)?, row.get(5)?)),
                )
                .optional()?)
        })
    }

    /// Every staff name (for the impersonation check on reader comments).
    pub fn staff_names(&self) -> Result<Vec<String>, StoreError> {
        self.with(|conn| {
            let mut statement = conn.prepare_cached("SELECT name FROM staff")?;
            let rows = statement.query_map([], |row| row.get(0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }
}
