//! Schema migrations (tracked in `PRAGMA user_version`) and the one-time comment seed.

use super::StoreError;
use rusqlite::{params, Connection, OptionalExtension};

/// Migration `n` (1-based) brings the schema from version `n - 1` to `n`.
const MIGRATIONS: &[&str] = &[
    // 1: messages, comments, meta.
    "CREATE TABLE messages (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        id          TEXT NOT NULL UNIQUE,
        idem_key    TEXT NOT NULL UNIQUE,
        fingerprint TEXT NOT NULL,
        name        TEXT NOT NULL,
        email       TEXT,
        location    TEXT,
        message     TEXT NOT NULL,
        lang        TEXT NOT NULL,
        consent     INTEGER NOT NULL,
        created_at  TEXT NOT NULL,
        received_at TEXT NOT NULL
    );
    CREATE TABLE comments (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        id          TEXT NOT NULL UNIQUE,
        idem_key    TEXT NOT NULL UNIQUE,
        fingerprint TEXT NOT NULL,
        parent_id   TEXT,
        author      TEXT NOT NULL,
        body        TEXT NOT NULL,
        lang        TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('published', 'pending', 'rejected')),
        created_at  TEXT NOT NULL
    );
    CREATE INDEX comments_by_status ON comments (status, seq);
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );",
    // 2 (lifecycle): staff replies, reader reports, published messages, the audit log.
    // `is_staff` is set only by `Store::insert_staff_reply`; no reader write names it.
    "ALTER TABLE comments ADD COLUMN is_staff INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN published_at TEXT;
    CREATE INDEX messages_published ON messages (seq) WHERE published_at IS NOT NULL;
    CREATE INDEX messages_by_received ON messages (received_at);
    CREATE TABLE reports (
        comment_id  TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        reporter_id TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (comment_id, reporter_id)
    ) WITHOUT ROWID;
    CREATE TABLE audit (
        seq    INTEGER PRIMARY KEY AUTOINCREMENT,
        at     TEXT NOT NULL,
        actor  TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT
    );
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    // 3 (console): staff accounts, their sessions (token hashes only) and sign-in failures.
    "CREATE TABLE staff (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role          TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
        password_hash TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE staff_sessions (
        token_hash   TEXT PRIMARY KEY,
        staff_id     INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        csrf         TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
    );
    CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);
    CREATE TABLE signin_failures (
        key          TEXT PRIMARY KEY,
        count        INTEGER NOT NULL,
        first_at     INTEGER NOT NULL,
        locked_until INTEGER
    );",
    // (deploy) messages: created_at becomes the server's receipt time (to the minute);
    // the time the browser reported is kept apart as client_created_at.
    "ALTER TABLE messages ADD COLUMN client_created_at TEXT;
    UPDATE messages SET client_created_at = created_at, created_at = received_at;",
    // (deploy) the sealed inbox (age-encrypted personal fields) and the webhook outbox,
    // written in the same transaction as the message or comment it announces.
    "ALTER TABLE messages ADD COLUMN sealed BLOB;
    CREATE TABLE webhook_outbox (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        target     TEXT NOT NULL,
        event      TEXT NOT NULL,
        body       TEXT NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        next_at    INTEGER NOT NULL
    );
    CREATE INDEX webhook_outbox_due ON webhook_outbox (next_at);",
    // (russian) the seed's three comments have no date in the article: the ones invented
    // for them are dropped (empty means unknown, and the API leaves it out). Every
    // comment already has its `lang` (NOT NULL since schema 1; the seed's are `en`).
    "UPDATE comments SET created_at = '' WHERE fingerprint = 'seed';",
    // (wall) a reader's delete token for their own comment: its SHA-256 only.
    "ALTER TABLE comments ADD COLUMN delete_hash TEXT;",
];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

/// Runs every migration newer than the database, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > LATEST {
        return Err(StoreError::NewerSchema(current));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as u32 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!("database migrated to schema version {version}");
    }
    Ok(())
}

/// The three comments under the original article, so the page is never empty. The
/// article gives no dates for them, so they have none (an empty `created_at`).
pub(super) const SEEDS: [(&str, &str, &str); 3] = [
    (
        "seed-1",
        "Ryan Winders",
        "Let us stand up for our European brothers and sisters, to give them the basic human rights they deserve !",
    ),
    (
        "seed-2",
        "Dave",
        "Boycott the sponsors of the 2014 Olympic Games too: Coca Cola Atos Dow GE MacDonalds Omega Panasonic Procter and Gamble Samsung Visa",
    ),
    (
        "seed-3",
        "Lee",
        "I support the LGBT in Russia. Stop anti-gay laws.",
    ),
];

pub(super) const SEEDED_FLAG: &str = "comments_seeded";

/// Inserts [`SEEDS`] unless the `comments_seeded` flag says it was done before
/// (so organisers who reject a seed comment never see it come back).
pub fn seed_once(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    let seeded: Option<String> = tx
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [SEEDED_FLAG],
            |row| row.get(0),
        )
        .optional()?;
    if seeded.is_none() {
        for (id, author, body) in SEEDS {
            tx.execute(
                "INSERT OR IGNORE INTO comments
                 (id, idem_key, fingerprint, parent_id, author, body, lang, status, created_at)
                 VALUES (?1, ?1, 'seed', NULL, ?2, ?3, 'en', 'published', '')",
                params![id, author, body],
            )?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)",
            params![SEEDED_FLAG, crate::validate::now_rfc3339()],
        )?;
        tracing::info!("seeded the comments with the article's three comments");
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::store::{Status, Store, StoreError};

    #[test]
    fn migrations_and_seeding_run_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        let store = Store::open(&path).expect("open");
        assert_eq!(store.schema_version().expect("version"), super::LATEST);
        let mode: String = store
            .with(|conn| Ok(conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?))
            .expect("journal mode");
        assert_eq!(mode, "wal");
        assert!(store
            .set_comment_status("seed-2", Status::Rejected)
            .expect("reject"));
        drop(store);

        let store = Store::open(&path).expect("reopen");
        assert_eq!(store.schema_version().expect("version"), super::LATEST);
        let page = store.published_comments(0, 10).expect("comments");
        let (comments, next) = (page.comments, page.next);
        let ids: Vec<_> = comments.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["seed-1", "seed-3"],
            "a rejected seed never comes back"
        );
        assert_eq!(next, None);
    }

    #[test]
    fn the_invented_seed_dates_are_dropped_on_upgrade() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        drop(Store::open(&path).expect("open"));
        // As schema 5 left it: the seed with dates nobody knows, and no delete tokens
        // (migration 7) yet.
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "UPDATE comments SET created_at = '2013-07-30T18:04:00Z' WHERE fingerprint = 'seed';
             ALTER TABLE comments DROP COLUMN delete_hash;",
        )
        .expect("old dates");
        conn.pragma_update(None, "user_version", 5)
            .expect("set version");
        drop(conn);
        drop(Store::open(&path).expect("migrates"));
        let conn = rusqlite::Connection::open(&path).expect("open");
        let dated: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM comments WHERE fingerprint = 'seed' AND created_at != ''",
                [],
                |row| row.get(0),
            )
            .expect("count");
        assert_eq!(dated, 0);
        let english: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM comments WHERE lang = 'en'",
                [],
                |row| row.get(0),
            )
            .expect("count");
        assert_eq!(english, 3);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", super::LATEST + 1)
            .expect("set version");
        drop(conn);
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::NewerSchema(_))
        ));
    }

    #[test]
    fn the_tools_neither_create_nor_migrate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        assert!(matches!(
            Store::open_existing(&path),
            Err(StoreError::Missing(_))
        ));
        assert!(!path.exists());
        // A database from the first release: schema 1.
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(super::MIGRATIONS[0]).expect("schema 1");
        conn.pragma_update(None, "user_version", 1)
            .expect("set version");
        drop(conn);
        assert!(matches!(
            Store::open_existing(&path),
            Err(StoreError::OlderSchema(1))
        ));
        Store::open(&path).expect("serve migrates");
        assert!(Store::open_existing(&path).is_ok());
    }
}
