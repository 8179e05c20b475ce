//! The files that hold supporters' data (the database, its `-wal` and `-shm`, exports,
//! backups) are created mode 0600 before anything is written to them.
//!
//! SQLite gives `-wal` and `-shm` the mode of the database file, so creating the
//! database 0600 ourselves (before SQLite opens it) covers all three.

use super::StoreError;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Owner read and write only.
pub const PRIVATE: u32 = 0o600;

/// Creates (or truncates) `path` for writing with mode 0600; an existing file with a
/// wider mode is narrowed before it is truncated.
pub fn create_private(path: &Path) -> io::Result<File> {
    if let Ok(metadata) = std::fs::metadata(path) {
        if metadata.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(PRIVATE))?;
        }
    }
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(PRIVATE)
        .open(path)
}

/// The database's companion files.
pub fn companions(db: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Makes sure the database file exists before SQLite opens it: `create` (only `serve`)
/// makes an empty 0600 file; otherwise a missing file is [`StoreError::Missing`], so a
/// mistyped `--db` never becomes a fresh, empty database. Existing files readable by
/// others are narrowed to 0600, with a warning.
pub fn prepare(db: &Path, create: bool) -> Result<(), StoreError> {
    if !db.exists() {
        if !create {
            return Err(StoreError::Missing(db.to_owned()));
        }
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(PRIVATE)
            .open(db)
            .map_err(StoreError::Io)?;
        return Ok(());
    }
    for path in std::iter::once(db.to_owned()).chain(companions(db)) {
        let Ok(metadata) = std::fs::metadata(&path) else {
            continue;
        };
        if metadata.permissions().mode() & 0o077 != 0 {
            tracing::warn!(
                "{} was readable by other users; narrowing it to owner-only (0600)",
                path.display()
            );
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(PRIVATE))
                .map_err(StoreError::Io)?;
        }
    }
    Ok(())
}

/// Warns when the directory holding the database lets other users in (it should be
/// 0700, as systemd's `StateDirectory` makes it).
pub fn warn_if_directory_open(db: &Path) {
    let dir = match db.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if let Ok(metadata) = std::fs::metadata(dir) {
        if metadata.permissions().mode() & 0o007 != 0 {
            tracing::warn!(
                "the database directory {} is open to other users (mode {:o}); \
                 make it private with `chmod 700`",
                dir.display(),
                metadata.permissions().mode() & 0o777
            );
        }
    }
}
