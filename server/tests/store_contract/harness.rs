//! A store for one contract test: a fresh SQLite file, or a fresh PostgreSQL database on
//! the server `SOLIDARITY_TEST_DATABASE` names (a base URL such as
//! `postgres://postgres@127.0.0.1:PORT`), dropped afterwards. Writes go through the real
//! writer thread on the store's own committer; each [`Db::writer`] is one more writer,
//! as a second server instance would have.

use solidarity_server::store::{Database, Storage};
use solidarity_server::writer::{Options, Outcome, Write, Writer};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The variable naming the PostgreSQL server of the tests.
pub const TEST_DATABASE: &str = "SOLIDARITY_TEST_DATABASE";

/// One store under test.
pub struct Db {
    store: Option<Arc<dyn Storage>>,
    /// Where it lives.
    pub database: Database,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl Db {
    /// A fresh, migrated SQLite file.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = Database::Sqlite(dir.path().join("db.sqlite"));
        Self {
            store: Some(database.open().expect("open sqlite")),
            database,
            _dir: Some(dir),
            postgres: None,
        }
    }

    /// A fresh, migrated PostgreSQL database, or `None` (said on stderr) when
    /// `SOLIDARITY_TEST_DATABASE` is unset.
    pub fn postgres() -> Option<Self> {
        let Some(base) = base() else {
            eprintln!("skipped: {TEST_DATABASE} is unset (scripts/test.sh sets it)");
            return None;
        };
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "contract_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        admin(&base, &format!("CREATE DATABASE {name}"));
        let database = Database::Postgres(format!("{base}/{name}"));
        Some(Self {
            store: Some(database.open().expect("open postgres")),
            database,
            _dir: None,
            postgres: Some((base, name)),
        })
    }

    /// The store.
    pub fn store(&self) -> &dyn Storage {
        self.store.as_deref().expect("store")
    }

    /// A new writer thread on its own committer (connection).
    pub fn writer(&self, options: Options) -> Writer {
        let committer = self.store().committer().expect("committer");
        Writer::start(committer, 64, options).expect("writer").0
    }

    /// Opens the database again, as a tool does.
    pub fn reopen(&self) -> Arc<dyn Storage> {
        self.database.open_existing().expect("open existing")
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        self.store = None;
        if let Some((base, name)) = &self.postgres {
            admin(
                base,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

/// The base URL, when the PostgreSQL leg runs.
pub fn base() -> Option<String> {
    std::env::var(TEST_DATABASE)
        .ok()
        .map(|url| url.trim().trim_end_matches('/').to_owned())
        .filter(|url| !url.is_empty())
}

/// Runs `sql` on the server's `postgres` database.
pub fn admin(base: &str, sql: &str) {
    let mut client = postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls)
        .expect("connect to the test server");
    client.batch_execute(sql).expect(sql);
}

/// Sends `write` through `writer` and waits for its commit.
pub fn write(writer: &Writer, write: Write) -> Outcome {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(writer.write(write))
        .expect("write")
}
