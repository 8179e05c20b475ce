//! The storage contract, run on both stores from one body: SQLite always, PostgreSQL
//! when `SOLIDARITY_TEST_DATABASE` names a server (scripts/test.sh starts one). Same
//! writes in, same pages, cursors, totals, outcomes and counts out.

mod cli;
mod harness;

use harness::write;
use solidarity_server::notify::{Notifier, Webhooks};
use solidarity_server::store::audit::Actor;
use solidarity_server::store::lifecycle::{Decision, StaffReplyOutcome};
use solidarity_server::store::published::{PublishOutcome, UnpublishOutcome};
use solidarity_server::store::reports::ReportOutcome;
use solidarity_server::store::{Status, SCHEMA_VERSION};
use solidarity_server::validate::{NewComment, NewMessage};
use solidarity_server::writer::{Options, Outcome, Write};
use time::OffsetDateTime;

/// Emits `NAME::sqlite` and `NAME::postgres` from one body (kellnr's `#[db_test]`).
macro_rules! on_both_stores {
    ($($name:ident($db:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[test]
            fn sqlite() {
                let $db = harness::Db::sqlite();
                $body
            }
            #[test]
            fn postgres() {
                let Some($db) = harness::Db::postgres() else { return };
                $body
            }
        }
    )*};
}

fn comment(id: &str, key: &str, parent: Option<&str>, status: Status) -> Write {
    Write::Comment {
        key: key.into(),
        id: id.into(),
        fingerprint: format!("fp-{id}"),
        comment: NewComment {
            id: Some(id.into()),
            parent_id: parent.map(str::to_owned),
            author: format!("Автор {id}"),
            body: format!("Body of {id}"),
            lang: "ru".into(),
        },
        status,
        delete_hash: format!("hash-of-{key}"),
    }
}

fn delete(id: &str, key: &str) -> Write {
    Write::DeleteComment {
        id: id.into(),
        token_hash: format!("hash-of-{key}"),
        at: OffsetDateTime::UNIX_EPOCH,
    }
}

fn message(id: &str, key: &str, fingerprint: &str, email: Option<&str>) -> Write {
    Write::Message {
        key: key.into(),
        id: id.into(),
        fingerprint: fingerprint.into(),
        message: NewMessage {
            id: Some(id.into()),
            name: format!("Name {id}"),
            email: email.map(str::to_owned),
            location: Some("Казань".into()),
            message: format!("Держитесь, {id}"),
            lang: "ru".into(),
            created_at: Some("2026-11-30T10:00:00Z".into()),
        },
    }
}

fn at() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_796_120_430).expect("time")
}

fn ids(comments: &[solidarity_server::store::Comment]) -> Vec<&str> {
    comments.iter().map(|c| c.id.as_str()).collect()
}

on_both_stores! {
    pages_cursors_and_totals(db) {
        let writer = db.writer(Options::default());
        for i in 0..5 {
            let id = format!("c{i}");
            write(&writer, comment(&id, &id, None, Status::Published));
        }
        write(&writer, comment("p0", "p0", None, Status::Pending));
        let store = db.store();
        let first = store.published_comments(0, 3).expect("page 1");
        assert_eq!(ids(&first.comments), ["seed-1", "seed-2", "seed-3"]);
        assert_eq!(first.total, 8);
        let second = store.published_comments(first.next.expect("next"), 3).expect("page 2");
        assert_eq!(ids(&second.comments), ["c0", "c1", "c2"]);
        let third = store.published_comments(second.next.expect("next"), 3).expect("page 3");
        assert_eq!(ids(&third.comments), ["c3", "c4"]);
        assert_eq!(third.next, None);
        assert_eq!(third.comments[0].author, "Автор c3");
        assert!(!third.comments[0].staff);
        assert_eq!(ids(&store.pending_comments().expect("pending")), ["p0"]);
        assert_eq!(store.comment_status("p0").expect("status"), Some(Status::Pending));
        assert!(store.set_comment_status("p0", Status::Published).expect("set"));
        assert!(!store.set_comment_status("nope", Status::Published).expect("set"));
        assert_eq!(store.comment_status("nope").expect("status"), None);
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        assert_eq!(db.reopen().published_comments(0, 50).expect("reopened").total, 9);
    }

    idempotency_by_key_and_id(db) {
        let writer = db.writer(Options::default());
        let first = write(&writer, message("m1", "k1", "fp", None));
        assert_eq!(first, Outcome::Message("m1".into()));
        assert_eq!(write(&writer, message("m1", "k1", "fp", None)), first);
        assert_eq!(
            write(&writer, message("m1", "k1", "other", None)),
            Outcome::Conflict("Idempotency-Key")
        );
        assert_eq!(write(&writer, message("m1", "k2", "other", None)), Outcome::Conflict("id"));
        assert_eq!(db.store().messages().expect("messages").len(), 1);
        let stored = write(&writer, comment("c1", "ck1", None, Status::Pending));
        assert_eq!(write(&writer, comment("c1", "ck1", None, Status::Pending)), stored);
        assert!(matches!(stored, Outcome::Comment(ref c, Status::Pending, true) if c.id == "c1"));
        assert_eq!(write(&writer, comment("r1", "rk1", Some("c1"), Status::Published)), Outcome::NoParent);
        assert_eq!(write(&writer, comment("r1", "rk1", Some("gone"), Status::Published)), Outcome::NoParent);
        let reply = write(&writer, comment("r2", "rk2", Some("seed-1"), Status::Published));
        assert!(matches!(reply, Outcome::Comment(ref c, Status::Published, true)
            if c.parent_id.as_deref() == Some("seed-1")));
    }

    a_reader_deletes_their_own_comment_with_its_token(db) {
        let writer = db.writer(Options::default());
        write(&writer, comment("own", "own-key", None, Status::Published));
        let reply = write(&writer, comment("own-reply", "reply-key", Some("own"), Status::Published));
        assert!(matches!(reply, Outcome::Comment(_, Status::Published, true)));
        // A retry by the comment's own key gets a fresh token; one by its public id none.
        assert!(matches!(
            write(&writer, comment("own", "own-key", None, Status::Published)),
            Outcome::Comment(_, _, true)
        ));
        assert!(matches!(
            write(&writer, comment("own", "own", None, Status::Published)),
            Outcome::Comment(_, _, false)
        ));
        // A wrong token and an unknown comment read alike, and change nothing.
        assert_eq!(write(&writer, delete("own", "someone-else")), Outcome::Deleted(false));
        assert_eq!(write(&writer, delete("missing", "own-key")), Outcome::Deleted(false));
        assert_eq!(db.store().comment_status("own").expect("status"), Some(Status::Published));
        assert_eq!(write(&writer, delete("own", "own-key")), Outcome::Deleted(true));
        assert_eq!(db.store().comment_status("own").expect("status"), None);
        // Its reply stays; deleting twice finds nothing.
        assert_eq!(
            db.store().comment_status("own-reply").expect("status"),
            Some(Status::Published)
        );
        assert_eq!(write(&writer, delete("own", "own-key")), Outcome::Deleted(false));
        let audit = db.store().audit_list(10, None).expect("audit");
        assert!(audit.iter().any(|entry| entry.actor == "reader" && entry.target.as_deref() == Some("own")));
    }

    two_writers_race_on_the_same_keys(db) {
        let (a, b) = (db.writer(Options::default()), db.writer(Options::default()));
        let runs: Vec<_> = [a, b]
            .into_iter()
            .map(|writer| {
                std::thread::spawn(move || {
                    (0..20)
                        .map(|i| {
                            let id = format!("m{i}");
                            write(&writer, message(&id, &format!("k{i}"), "fp", None))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for run in runs {
            let outcomes = run.join().expect("writer thread");
            let expected: Vec<_> = (0..20).map(|i| Outcome::Message(format!("m{i}"))).collect();
            assert_eq!(outcomes, expected);
        }
        assert_eq!(db.store().messages().expect("messages").len(), 20);
    }

    staff_sessions_and_lockouts(db) {
        use solidarity_server::auth::lockout::Failures;
        use solidarity_server::auth::Role;
        let store = db.store();
        assert!(store.staff_add("Alice", Role::Admin, "hash-a", "2026-12-01T10:00:00Z").expect("add"));
        assert!(!store.staff_add("alice", Role::Moderator, "hash-b", "2026-12-01T10:00:00Z").expect("add"));
        assert!(store.staff_add("bob", Role::Moderator, "hash-b", "2026-12-01T10:00:00Z").expect("add"));
        let names: Vec<_> = store.staff_list().expect("list").into_iter().map(|m| m.name).collect();
        assert_eq!(names, ["Alice", "bob"]);
        let (alice, hash) = store.staff_for_signin("ALICE").expect("signin").expect("found");
        assert_eq!((alice.name.as_str(), alice.role, hash.as_str()), ("Alice", Role::Admin, "hash-a"));
        store.session_insert("tok", alice.id, "csrf", 1000, 0).expect("session");
        let live = store.session("tok").expect("session").expect("found");
        assert_eq!((live.staff.id, live.csrf.as_str(), live.created_at, live.last_seen_at), (alice.id, "csrf", 1000, 1000));
        store.session_touch("tok", 1060).expect("touch");
        assert_eq!(store.session("tok").expect("session").expect("found").last_seen_at, 1060);
        assert!(store.staff_set_password("alice", "hash-c", "2026-12-01T11:00:00Z").expect("passwd"));
        assert_eq!(store.session("tok").expect("session"), None, "a new password ends sessions");
        store.session_insert("tok2", alice.id, "csrf", 2000, 0).expect("session");
        store.session_delete("tok2").expect("delete");
        assert_eq!(store.session("tok2").expect("session"), None);
        let failures = Failures { count: 5, first_at: 100, locked_until: Some(1000) };
        store.signin_failures_put("name:alice", &failures).expect("put");
        assert_eq!(store.signin_failures("name:alice").expect("get"), Some(failures));
        store.signin_failures_clear("name:alice").expect("clear");
        assert_eq!(store.signin_failures("name:alice").expect("get"), None);
        assert!(store.staff_remove("bob").expect("remove"));
        assert!(!store.staff_remove("bob").expect("remove"));
        assert_eq!(store.staff_names().expect("names"), ["Alice"]);
    }
}

mod more;
