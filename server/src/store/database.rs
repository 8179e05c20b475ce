//! Where the data lives: an SQLite file (`--db`, the default) or a PostgreSQL database
//! (`--database postgres://…`), and opening the matching [`Storage`].

use super::postgres::PgStore;
use super::{Storage, Store, StoreError};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The database a command works on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// An SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection string (`postgres://…` or `host=… dbname=…`).
    Postgres(String),
}

impl Database {
    /// From the command line: `--database URL` when given (PostgreSQL), else `--db FILE`.
    /// Only `postgres://` and `postgresql://` URLs are accepted as `--database`.
    pub fn from_args(db: PathBuf, database: Option<String>) -> Result<Self, String> {
        match database {
            None => Ok(Self::Sqlite(db)),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Self::Postgres(url))
            }
            Some(_) => Err(
                "--database takes a PostgreSQL URL (postgres://user@host/db); use --db FILE \
                 for SQLite"
                    .to_owned(),
            ),
        }
    }

    /// The SQLite file, if this is one (for the checks that only apply to a local file).
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            Self::Sqlite(path) => Some(path),
            Self::Postgres(_) => None,
        }
    }

    /// For `serve`: opens the database, creating (SQLite) and migrating it as needed.
    pub fn open(&self) -> Result<Arc<dyn Storage>, StoreError> {
        Ok(match self {
            Self::Sqlite(path) => Arc::new(Store::open(path)?),
            Self::Postgres(url) => Arc::new(PgStore::open(url, true)?),
        })
    }

    /// For the tools: opens an existing database at exactly this build's schema version,
    /// never creating or migrating it.
    pub fn open_existing(&self) -> Result<Arc<dyn Storage>, StoreError> {
        Ok(match self {
            Self::Sqlite(path) => Arc::new(Store::open_existing(path)?),
            Self::Postgres(url) => Arc::new(PgStore::open(url, false)?),
        })
    }
}

impl fmt::Display for Database {
    /// The file, or the URL without its password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "{}", path.display()),
            Self::Postgres(url) => write!(f, "{}", redact(url)),
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user@host/db`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{redact, Database};
    use std::path::PathBuf;

    #[test]
    fn the_url_chooses_postgres_and_the_password_is_never_shown() {
        let file = PathBuf::from("x.sqlite");
        assert_eq!(
            Database::from_args(file.clone(), None),
            Ok(Database::Sqlite(file.clone()))
        );
        let url = "postgres://app:s3cret@127.0.0.1:5432/solidarity";
        let database = Database::from_args(file.clone(), Some(url.into())).expect("url");
        assert_eq!(database, Database::Postgres(url.into()));
        assert_eq!(
            database.to_string(),
            "postgres://app@127.0.0.1:5432/solidarity"
        );
        assert!(Database::from_args(file, Some("x.sqlite".into())).is_err());
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
    }
}
