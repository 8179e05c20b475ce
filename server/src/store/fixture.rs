//! Test fixture: a real SQLite file in a temp dir, the store, and the real writer for
//! the rows readers would post.

use super::audit::Actor;
use super::{Status, Store};
use crate::validate::{NewComment, NewMessage};
use crate::writer::{Outcome, Write, Writer};
use std::path::PathBuf;
use time::OffsetDateTime;

/// A fixed "now" for the tests: 2026-12-01T10:20:30.456Z.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(1_796_120_430_456_000_000).expect("time")
}

/// An actor named `cli` acting at [`now`].
pub fn cli() -> Actor<'static> {
    Actor::new("cli", now())
}

/// The database, its path, and the writer thread's handle.
pub struct Fixture {
    _dir: tempfile::TempDir,
    /// The SQLite file.
    pub path: PathBuf,
    /// The store under test.
    pub store: Store,
    writer: Writer,
}

impl Fixture {
    /// A fresh, migrated and seeded database.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        let store = Store::open(&path).expect("open");
        let (writer, _thread) = Writer::spawn(&path, 64).expect("writer");
        Self {
            _dir: dir,
            path,
            store,
            writer,
        }
    }

    /// A second connection to the file, to check rows without the store's help.
    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.path).expect("open raw")
    }

    /// Counts rows of `table` where `condition` holds, through [`Fixture::raw`].
    pub fn count(&self, table: &str, condition: &str) -> i64 {
        self.raw()
            .query_row(
                &format!("SELECT COUNT(*) FROM {table} WHERE {condition}"),
                [],
                |row| row.get(0),
            )
            .expect("count")
    }

    /// The actions in the audit log, newest first.
    pub fn actions(&self) -> Vec<String> {
        let entries = self.store.audit_list(100, None).expect("audit");
        entries.into_iter().map(|entry| entry.action).collect()
    }

    fn write(&self, write: Write) -> Outcome {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        runtime.block_on(self.writer.write(write)).expect("write")
    }

    /// Stores a reader's message as the API would.
    pub fn message(&self, id: &str, email: Option<&str>, lang: &str, text: &str) {
        let message = NewMessage {
            id: Some(id.into()),
            name: format!("Name {id}"),
            email: email.map(str::to_owned),
            location: Some("Казань".into()),
            message: text.into(),
            lang: lang.into(),
            created_at: None,
        };
        let outcome = self.write(Write::Message {
            key: id.into(),
            id: id.into(),
            fingerprint: id.into(),
            message,
        });
        assert_eq!(outcome, Outcome::Message(id.into()));
    }

    /// Stores a reader's comment as the API would, with `status`.
    pub fn comment(&self, id: &str, parent: Option<&str>, author: &str, status: Status) {
        let comment = NewComment {
            id: Some(id.into()),
            parent_id: parent.map(str::to_owned),
            author: author.into(),
            body: format!("Body of {id}"),
            lang: "ru".into(),
        };
        let outcome = self.write(Write::Comment {
            key: id.into(),
            id: id.into(),
            fingerprint: id.into(),
            comment,
            status,
            delete_hash: String::new(),
        });
        assert!(
            matches!(outcome, Outcome::Comment(ref c, _, _) if !c.staff),
            "{outcome:?}"
        );
    }
}
