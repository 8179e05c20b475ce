//! PostgreSQL's text of each schema migration, numbered like SQLite's list in
//! `store/migrations.rs` (step n here is step n there; a build with a step missing does
//! not compile). The version lives in `schema_version`; `serve` migrates inside one
//! transaction holding `pg_advisory_xact_lock`, so two instances starting at once never
//! both migrate: the second waits, then finds the work done.

use super::super::migrations::{LATEST, SEEDED_FLAG, SEEDS};
use super::super::StoreError;
use postgres::{Client, Transaction};

/// The advisory lock key of migrations (any constant; ASCII "solidmig").
const MIGRATION_LOCK: i64 = 0x736f_6c69_646d_6967;

/// Migration `n` (1-based) brings the schema from version `n - 1` to `n`.
pub const POSTGRES_MIGRATIONS: &[&str] = &[
    // 1: messages, comments, meta.
    "CREATE TABLE messages (
        seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        idem_key    TEXT NOT NULL UNIQUE,
        fingerprint TEXT NOT NULL,
        name        TEXT NOT NULL,
        email       TEXT,
        location    TEXT,
        message     TEXT NOT NULL,
        lang        TEXT NOT NULL,
        consent     BOOLEAN NOT NULL,
        created_at  TEXT NOT NULL,
        received_at TEXT NOT NULL
    );
    CREATE TABLE comments (
        seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    "ALTER TABLE comments ADD COLUMN is_staff BOOLEAN NOT NULL DEFAULT FALSE;
    ALTER TABLE messages ADD COLUMN published_at TEXT;
    CREATE INDEX messages_published ON messages (seq) WHERE published_at IS NOT NULL;
    CREATE INDEX messages_by_received ON messages (received_at);
    CREATE TABLE reports (
        comment_id  TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        reporter_id TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (comment_id, reporter_id)
    );
    CREATE TABLE audit (
        seq    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at     TEXT NOT NULL,
        actor  TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT
    );
    CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
    CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_append_only();",
    // 3 (console): staff accounts, their sessions (token hashes only) and sign-in failures.
    "CREATE TABLE staff (
        id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name          TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
        password_hash TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE UNIQUE INDEX staff_by_name ON staff (lower(name));
    CREATE TABLE staff_sessions (
        token_hash   TEXT PRIMARY KEY,
        staff_id     BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        csrf         TEXT NOT NULL,
        created_at   BIGINT NOT NULL,
        last_seen_at BIGINT NOT NULL
    );
    CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);
    CREATE TABLE signin_failures (
        key          TEXT PRIMARY KEY,
        count        BIGINT NOT NULL,
        first_at     BIGINT NOT NULL,
        locked_until BIGINT
    );",
    // (deploy) messages: created_at is the server's receipt time; the browser's apart.
    "ALTER TABLE messages ADD COLUMN client_created_at TEXT;
    UPDATE messages SET client_created_at = created_at, created_at = received_at;",
    // (deploy) the sealed inbox and the webhook outbox (`next_at` doubles as the lease:
    // a claimed event is due again only when its deliverer died).
    "ALTER TABLE messages ADD COLUMN sealed BYTEA;
    CREATE TABLE webhook_outbox (
        seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        target     TEXT NOT NULL,
        event      TEXT NOT NULL,
        body       TEXT NOT NULL,
        attempts   BIGINT NOT NULL DEFAULT 0,
        next_at    BIGINT NOT NULL
    );
    CREATE INDEX webhook_outbox_due ON webhook_outbox (next_at);",
    // (russian) the seed's comments have no date in the article: none is invented.
    "UPDATE comments SET created_at = '' WHERE fingerprint = 'seed';",
    // (wall) a reader's delete token for their own comment: its SHA-256 only.
    "ALTER TABLE comments ADD COLUMN delete_hash TEXT;",
];

const _: () = assert!(
    POSTGRES_MIGRATIONS.len() == LATEST as usize,
    "every SQLite migration needs its PostgreSQL text"
);

const VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";

fn read_version(tx: &mut Transaction<'_>) -> Result<u32, StoreError> {
    let row = tx.query_opt("SELECT version FROM schema_version", &[])?;
    let version: i32 = row.map_or(0, |row| row.get(0));
    Ok(u32::try_from(version).unwrap_or_default())
}

/// The schema version (0 for an empty database).
pub fn version(client: &mut Client) -> Result<u32, StoreError> {
    let mut tx = client.transaction()?;
    let exists: bool = tx
        .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])?
        .get(0);
    let version = if exists { read_version(&mut tx)? } else { 0 };
    tx.commit()?;
    Ok(version)
}

/// For the tools: this build's version or an error, never a change.
pub fn check(client: &mut Client) -> Result<(), StoreError> {
    let version = version(client)?;
    match version {
        v if v == LATEST => Ok(()),
        v if v > LATEST => Err(StoreError::NewerSchema(v)),
        v => Err(StoreError::OlderSchema(v)),
    }
}

/// Runs every migration newer than the database and the one-time seed, in one
/// transaction under the migration lock.
pub fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(VERSION_TABLE)?;
    let current = read_version(&mut tx)?;
    if current > LATEST {
        return Err(StoreError::NewerSchema(current));
    }
    for (index, sql) in POSTGRES_MIGRATIONS
        .iter()
        .enumerate()
        .skip(current as usize)
    {
        tx.batch_execute(sql)?;
        tracing::info!("database migrated to schema version {}", index + 1);
    }
    let latest = i32::try_from(LATEST).unwrap_or(i32::MAX);
    tx.execute("DELETE FROM schema_version", &[])?;
    tx.execute(
        "INSERT INTO schema_version (version) VALUES ($1)",
        &[&latest],
    )?;
    seed_once(&mut tx)?;
    tx.commit()?;
    Ok(())
}

fn seed_once(tx: &mut Transaction<'_>) -> Result<(), StoreError> {
    let seeded = tx.query_opt("SELECT value FROM meta WHERE key = $1", &[&SEEDED_FLAG])?;
    if seeded.is_none() {
        for (id, author, body) in SEEDS {
            tx.execute(
                "INSERT INTO comments
                 (id, idem_key, fingerprint, parent_id, author, body, lang, status, created_at)
                 VALUES ($1, $1, 'seed', NULL, $2, $3, 'en', 'published', '')
                 ON CONFLICT DO NOTHING",
                &[&id, &author, &body],
            )?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2)",
            &[&SEEDED_FLAG, &crate::validate::now_rfc3339()],
        )?;
        tracing::info!("seeded the comments with the article's three comments");
    }
    Ok(())
}
