//! Which store a test runs on. Unset `SOLIDARITY_TEST_DATABASE`: the SQLite file in the
//! test's temp dir. Set to a base URL (`postgres://postgres@127.0.0.1:PORT`, as
//! scripts/pg-test-server.sh prints): a fresh database `t_<random>` per test dir, made once
//! with `psql` and remembered in the dir, so a server restarted on the same dir finds its data
//! (as atuin's `ATUIN_TEST_DB_URI` does).

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// The variable holding the PostgreSQL base URL for the PostgreSQL leg of the tests.
pub const TEST_DATABASE: &str = "SOLIDARITY_TEST_DATABASE";

/// The base URL when this run is on PostgreSQL.
pub fn postgres_base() -> Option<String> {
    std::env::var(TEST_DATABASE)
        .ok()
        .filter(|url| !url.trim().is_empty())
        .map(|url| url.trim().trim_end_matches('/').to_owned())
}

/// True when this run is on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_base().is_some()
}

/// For a test about the SQLite file itself (file modes, backup, quick_check, disk, raw SQL
/// on the file): true, after saying so, when the run is on PostgreSQL, so the test returns.
pub fn sqlite_only(why: &str) -> bool {
    let skip = on_postgres();
    if skip {
        eprintln!("skipped on PostgreSQL: {why}");
    }
    skip
}

/// The store flags for a server or tool whose SQLite file would be `db`: `--db db`, or
/// `--database URL` of the fresh database of `db`'s dir.
pub fn store_args(db: &Path) -> Vec<OsString> {
    match postgres_base() {
        None => vec!["--db".into(), db.into()],
        Some(base) => {
            let dir = db.parent().unwrap_or(Path::new("."));
            vec!["--database".into(), database_url(&base, dir).into()]
        }
    }
}

/// The URL of `dir`'s database on the server at `base`, created on first use.
pub fn database_url(base: &str, dir: &Path) -> String {
    // Two servers started at once on one dir must share one database, not make two.
    static MAKING: Mutex<()> = Mutex::new(());
    let _making = MAKING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let remembered = dir.join(".test-database-url");
    if let Ok(url) = std::fs::read_to_string(&remembered) {
        return url;
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = format!(
        "t_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    psql(
        &format!("{base}/postgres"),
        &format!("CREATE DATABASE {name}"),
    );
    let url = format!("{base}/{name}");
    std::fs::write(&remembered, &url).expect("remember the test database");
    url
}

/// Runs `sql` with `psql` on `url` (unaligned, tuples only) and returns its output; panics
/// with psql's error when it fails.
pub fn psql(url: &str, sql: &str) -> String {
    let output = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            url,
            "-c",
            sql,
        ])
        .env_remove("PGPASSWORD")
        .stdin(Stdio::null())
        .output()
        .expect("run psql (scripts/setup.sh installs it)");
    assert!(
        output.status.success(),
        "psql {sql:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The first column of the first row of portable SQL on the test's store for `db` (the
/// SQLite file, or its dir's PostgreSQL database), as text; `None` for no row or NULL.
pub fn scalar(db: &Path, sql: &str) -> Option<String> {
    use rusqlite::types::ValueRef;
    match postgres_base() {
        None => {
            let conn = rusqlite::Connection::open(db).expect("open the SQLite file");
            let mut statement = conn.prepare(sql).expect("prepare");
            let mut rows = statement.query([]).expect("query");
            let row = rows.next().expect("read a row")?;
            match row.get_ref(0).expect("column 0") {
                ValueRef::Null => None,
                ValueRef::Integer(n) => Some(n.to_string()),
                ValueRef::Real(x) => Some(x.to_string()),
                ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into()),
            }
        }
        Some(base) => {
            let dir = db.parent().unwrap_or(Path::new("."));
            let out = psql(&database_url(&base, dir), sql);
            // psql prints nothing for no row and for NULL alike: both are "no value" here.
            (!out.is_empty()).then_some(out)
        }
    }
}

/// One integer from portable SQL (`SELECT COUNT(*) FROM messages WHERE ...`); see [`scalar`].
pub fn count(db: &Path, sql: &str) -> i64 {
    let out = scalar(db, sql).unwrap_or_default();
    out.parse()
        .unwrap_or_else(|_| panic!("{sql:?} gave {out:?}"))
}

/// `text` as an SQL string literal (for the test's own ids in [`scalar`] queries).
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Runs portable SQL (an `INSERT` of a fixture) on the test's store for `db`.
pub fn execute(db: &Path, sql: &str) {
    match postgres_base() {
        None => {
            let conn = rusqlite::Connection::open(db).expect("open the SQLite file");
            conn.execute_batch(sql).expect("execute");
        }
        Some(base) => {
            let dir = db.parent().unwrap_or(Path::new("."));
            psql(&database_url(&base, dir), sql);
        }
    }
}
