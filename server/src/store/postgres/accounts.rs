//! Staff accounts, console sessions and sign-in lock-outs on PostgreSQL, shared by
//! every instance (the same queries as `store/staff.rs` and `store/sessions.rs`;
//! names compare case-insensitively through the unique index on `lower(name)`).

use super::super::{LiveSession, StaffMember, StoreError};
use super::PgStore;
use crate::auth::lockout::Failures;
use crate::auth::Role;
use postgres::Row;

const COLUMNS: &str = "id, name, role, created_at, updated_at";

fn member(row: &Row) -> Result<StaffMember, postgres::Error> {
    Ok(StaffMember {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        role: Role::parse(row.try_get(2)?),
        created_at: row.try_get(3)?,
        updated_at: row.try_get(4)?,
    })
}

impl PgStore {
    /// See [`crate::store::Storage::session_insert`].
    pub fn session_insert(
        &self,
        token_hash: &str,
        staff_id: i64,
        csrf: &str,
        now: i64,
        oldest_live: i64,
    ) -> Result<(), StoreError> {
        self.with(|client| {
            let mut tx = client.transaction()?;
            tx.execute(
                "DELETE FROM staff_sessions WHERE created_at < $1",
                &[&oldest_live],
            )?;
            tx.execute(
                "INSERT INTO staff_sessions (token_hash, staff_id, csrf, created_at, last_seen_at)
                 VALUES ($1, $2, $3, $4, $4)",
                &[&token_hash, &staff_id, &csrf, &now],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// See [`crate::store::Storage::session`].
    pub fn session(&self, token_hash: &str) -> Result<Option<LiveSession>, StoreError> {
        self.with(|client| {
            let row = client.query_opt(
                "SELECT s.id, s.name, s.role, s.created_at, s.updated_at,
                        x.csrf, x.created_at, x.last_seen_at
                 FROM staff_sessions x JOIN staff s ON s.id = x.staff_id
                 WHERE x.token_hash = $1",
                &[&token_hash],
            )?;
            let Some(row) = row else { return Ok(None) };
            Ok(Some(LiveSession {
                staff: member(&row)?,
                csrf: row.try_get(5)?,
                created_at: row.try_get(6)?,
                last_seen_at: row.try_get(7)?,
            }))
        })
    }

    /// See [`crate::store::Storage::session_touch`].
    pub fn session_touch(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        self.with(|client| {
            client.execute(
                "UPDATE staff_sessions SET last_seen_at = $2 WHERE token_hash = $1",
                &[&token_hash, &now],
            )?;
            Ok(())
        })
    }

    /// See [`crate::store::Storage::session_delete`].
    pub fn session_delete(&self, token_hash: &str) -> Result<(), StoreError> {
        self.with(|client| {
            client.execute(
                "DELETE FROM staff_sessions WHERE token_hash = $1",
                &[&token_hash],
            )?;
            Ok(())
        })
    }

    /// See [`crate::store::Storage::signin_failures`].
    pub fn signin_failures(&self, key: &str) -> Result<Option<Failures>, StoreError> {
        self.with(|client| {
            let row = client.query_opt(
                "SELECT count, first_at, locked_until FROM signin_failures WHERE key = $1",
                &[&key],
            )?;
            let Some(row) = row else { return Ok(None) };
            Ok(Some(Failures {
                count: u32::try_from(row.try_get::<_, i64>(0)?).unwrap_or(u32::MAX),
                first_at: row.try_get(1)?,
                locked_until: row.try_get(2)?,
            }))
        })
    }

    /// See [`crate::store::Storage::signin_failures_put`].
    pub fn signin_failures_put(&self, key: &str, failures: &Failures) -> Result<(), StoreError> {
        self.with(|client| {
            client.execute(
                "INSERT INTO signin_failures (key, count, first_at, locked_until)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (key) DO UPDATE SET count = $2, first_at = $3, locked_until = $4",
                &[
                    &key,
                    &i64::from(failures.count),
                    &failures.first_at,
                    &failures.locked_until,
                ],
            )?;
            Ok(())
        })
    }

    /// See [`crate::store::Storage::signin_failures_clear`].
    pub fn signin_failures_clear(&self, key: &str) -> Result<(), StoreError> {
        self.with(|client| {
            client.execute("DELETE FROM signin_failures WHERE key = $1", &[&key])?;
            Ok(())
        })
    }

    /// See [`crate::store::Storage::staff_add`].
    pub fn staff_add(
        &self,
        name: &str,
        role: Role,
        hash: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        self.with(|client| {
            let added = client.execute(
                "INSERT INTO staff (name, role, password_hash, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING",
                &[&name, &role.as_str(), &hash, &now],
            )?;
            Ok(added > 0)
        })
    }

    /// See [`crate::store::Storage::staff_list`].
    pub fn staff_list(&self) -> Result<Vec<StaffMember>, StoreError> {
        self.with(|client| {
            let rows = client.query(
                &format!("SELECT {COLUMNS} FROM staff ORDER BY lower(name) COLLATE \"C\""),
                &[],
            )?;
            Ok(rows.iter().map(member).collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// See [`crate::store::Storage::staff_remove`].
    pub fn staff_remove(&self, name: &str) -> Result<bool, StoreError> {
        self.with(|client| {
            Ok(client.execute("DELETE FROM staff WHERE lower(name) = lower($1)", &[&name])? > 0)
        })
    }

    /// See [`crate::store::Storage::staff_set_password`].
    pub fn staff_set_password(
        &self,
        name: &str,
        hash: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        self.with(|client| {
            let mut tx = client.transaction()?;
            let changed = tx.execute(
                "UPDATE staff SET password_hash = $2, updated_at = $3
                 WHERE lower(name) = lower($1)",
                &[&name, &hash, &now],
            )?;
            tx.execute(
                "DELETE FROM staff_sessions
                 WHERE staff_id IN (SELECT id FROM staff WHERE lower(name) = lower($1))",
                &[&name],
            )?;
            tx.commit()?;
            Ok(changed > 0)
        })
    }

    /// See [`crate::store::Storage::staff_for_signin`].
    pub fn staff_for_signin(
        &self,
        name: &str,
    ) -> Result<Option<(StaffMember, String)>, StoreError> {
        self.with(|client| {
            let row = client.query_opt(
                &format!(
                    "SELECT {COLUMNS}, password_hash FROM staff WHERE lower(name) = lower($1)"
                ),
                &[&name],
            )?;
            let Some(row) = row else { return Ok(None) };
            Ok(Some((member(&row)?, row.try_get(5)?)))
        })
    }

    /// See [`crate::store::Storage::staff_names`].
    pub fn staff_names(&self) -> Result<Vec<String>, StoreError> {
        self.with(|client| {
            let rows = client.query("SELECT name FROM staff", &[])?;
            Ok(rows
                .iter()
                .map(|row| row.try_get(0))
                .collect::<Result<Vec<_>, _>>()?)
        })
    }
}
