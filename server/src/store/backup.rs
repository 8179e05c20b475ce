//! `backup`: a consistent copy of a live database with SQLite's online backup API.

use super::files::create_private;
use super::StoreError;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Copies the database at `db` (which must exist; the server may be running) to
/// `output`, mode 0600. The copy is made in one step (one read transaction, so it is a
/// single consistent snapshot; in WAL mode the server keeps writing meanwhile) into a
/// temporary file beside `output`, checked, synced and then renamed over `output`.
/// Returns the number of pages copied.
pub fn backup(db: &Path, output: &Path) -> Result<i32, StoreError> {
    if !db.exists() {
        return Err(StoreError::Missing(db.to_owned()));
    }
    let source = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    source.busy_timeout(Duration::from_secs(10))?;
    let mut partial = output.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    // Created empty and private first: SQLite then writes into a 0600 file.
    create_private(&partial).map_err(StoreError::Io)?;
    let result = (|| {
        let mut target = Connection::open(&partial)?;
        let pages = {
            let backup = Backup::new(&source, &mut target)?;
            // -1: every page in one step. Busy or locked: wait and retry, for at most 30 s.
            let mut waits = 0;
            while backup.step(-1)? != StepResult::Done {
                waits += 1;
                if waits > 600 {
                    return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the database stayed busy for 30 s".into()),
                    )));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            backup.progress().pagecount
        };
        let check: String = target.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
        if check != "ok" {
            return Err(StoreError::Corrupt(check));
        }
        target.pragma_update(None, "journal_mode", "DELETE")?;
        drop(target);
        std::fs::File::open(&partial)
            .and_then(|file| file.sync_all())
            .map_err(StoreError::Io)?;
        Ok(pages)
    })();
    match result {
        Ok(pages) => {
            std::fs::rename(&partial, output).map_err(StoreError::Io)?;
            Ok(pages)
        }
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
}
