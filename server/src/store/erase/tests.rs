//! Erasure and the retention purge, checked in the SQLite file itself.

use crate::store::fixture::{cli, now, Fixture};
use crate::store::Status;

#[test]
fn every_connection_zeroes_freed_pages() {
    let f = Fixture::new();
    let on: i64 = f
        .store
        .with(|conn| Ok(conn.query_row("PRAGMA secure_delete", [], |row| row.get(0))?))
        .expect("pragma");
    assert_eq!(on, 1);
}

#[test]
fn erasing_by_email_removes_that_persons_messages_only() {
    let f = Fixture::new();
    f.message("m1", Some("Anna@Example.org"), "ru", "Секрет Анны");
    f.message("m2", Some("anna@example.org"), "en", "second");
    f.message("m3", Some("bob@example.org"), "ru", "Боб");
    let erased = f
        .store
        .erase_by_email(" anna@EXAMPLE.org ", &cli())
        .expect("erase");
    assert_eq!((erased.messages, erased.comments), (2, 0));
    assert_eq!(f.count("messages", "lower(email) = 'anna@example.org'"), 0);
    assert_eq!(f.count("messages", "id = 'm3'"), 1);
    let audit = f.store.audit_list(1, None).expect("audit");
    assert_eq!(audit[0].action, "erase");
    assert_eq!(audit[0].detail.as_deref(), Some("2 messages, 0 comments"));
    assert!(
        audit[0].target.is_none(),
        "the address is never written to the audit log"
    );
    drop(f.store);
    let bytes = std::fs::read(&f.path).expect("read file");
    let needle = "Секрет Анны".as_bytes();
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "erased text left in the file"
    );
    let wal = f.path.with_extension("sqlite-wal");
    if let Ok(bytes) = std::fs::read(wal) {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "erased text left in the WAL"
        );
    }
}

#[test]
fn erasing_by_id_removes_a_message_or_a_comment() {
    let f = Fixture::new();
    f.message("m1", None, "ru", "text");
    f.comment("c1", None, "A", Status::Published);
    f.comment("c2", Some("c1"), "B", Status::Published);
    f.store.report_comment("c1", "r1", now()).expect("report");
    let erased = f.store.erase_by_id("m1", &cli()).expect("message");
    assert_eq!((erased.messages, erased.comments), (1, 0));
    let erased = f.store.erase_by_id("c1", &cli()).expect("comment");
    assert_eq!((erased.messages, erased.comments), (0, 1));
    assert_eq!(f.count("comments", "id = 'c1'"), 0);
    assert_eq!(f.count("reports", "1"), 0);
    assert_eq!(f.count("comments", "id = 'c2'"), 1, "replies stay");
    let erased = f.store.erase_by_id("nobody", &cli()).expect("none");
    assert_eq!((erased.messages, erased.comments), (0, 0));
}

#[test]
fn the_purge_removes_messages_received_before_the_cutoff() {
    let f = Fixture::new();
    f.message("old", None, "ru", "old");
    f.message("new", None, "ru", "new");
    f.raw()
        .execute(
            "UPDATE messages SET received_at = '2025-01-01T00:00:00Z' WHERE id = 'old'",
            [],
        )
        .expect("age");
    let cutoff = now() - time::Duration::days(90);
    assert_eq!(
        f.store
            .purge_messages_older_than(cutoff, &cli())
            .expect("purge"),
        1
    );
    assert_eq!(f.count("messages", "id = 'old'"), 0);
    assert_eq!(f.count("messages", "id = 'new'"), 1);
    assert_eq!(
        f.store
            .purge_messages_older_than(cutoff, &cli())
            .expect("again"),
        0
    );
    let audit = f.store.audit_list(1, None).expect("audit");
    assert_eq!(audit[0].action, "purge");
    assert_eq!(
        audit[0].detail.as_deref(),
        Some("0 messages received before 2026-09-02T10:20:30Z")
    );
}
