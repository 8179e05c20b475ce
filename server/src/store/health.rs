//! The health check's storage half: can the database take a write right now?

use super::{Store, StoreError};
use std::sync::PoisonError;

impl Store {
    /// Takes the write lock and lets it go (`BEGIN IMMEDIATE; ROLLBACK`): fails when the
    /// file is read-only, the disk is gone or another process holds the lock too long.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;")?;
        Ok(())
    }
}
