//! What only PostgreSQL must show, with several instances on one database.

use super::super::harness::{admin, base, write, Db};
use super::*;
use solidarity_server::store::postgres::{OUTBOX_LEASE_SECS, PURGE_LOCK};
use solidarity_server::store::{Database, PgStore, StoreError};

fn fresh(base: &str, name: &str) -> String {
    admin(
        base,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    );
    admin(base, &format!("CREATE DATABASE {name}"));
    format!("{base}/{name}")
}

#[test]
fn instances_starting_at_once_migrate_once() {
    let Some(base) = base() else {
        return eprintln!("skipped: SOLIDARITY_TEST_DATABASE is unset");
    };
    let name = format!("race_{}", std::process::id());
    let url = fresh(&base, &name);
    let tool = Database::Postgres(url.clone()).open_existing();
    assert!(
        matches!(tool, Err(StoreError::OlderSchema(0))),
        "a tool never migrates"
    );
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                PgStore::open(&url, true).map(|store| store.schema_version())
            })
        })
        .collect();
    for start in starts {
        let version = start
            .join()
            .expect("thread")
            .expect("open")
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION);
    }
    let store = Database::Postgres(url).open_existing().expect("tool opens");
    assert_eq!(
        store.published_comments(0, 50).expect("comments").total,
        3,
        "seeded once"
    );
    drop(store);
    admin(&base, &format!("DROP DATABASE {name} WITH (FORCE)"));
}

#[test]
fn claimed_webhook_events_go_to_one_instance() {
    let Some(db) = Db::postgres() else { return };
    let notifier = Notifier::new(Webhooks {
        urls: vec!["http://127.0.0.1:9/a".into(), "http://127.0.0.1:9/b".into()],
        secret: "secret".into(),
        include_text: true,
    });
    let writer = db.writer(Options {
        sealer: None,
        notifier: Some(notifier),
    });
    write(&writer, message("m1", "k1", "fp", None));
    let (one, other) = (db.reopen(), db.reopen());
    let now = solidarity_server::notify::unix_now() + 1;
    let claimed = one.outbox_due(now, 1).expect("claim");
    let rest = other.outbox_due(now, 10).expect("claim");
    assert_eq!((claimed.len(), rest.len()), (1, 1));
    assert_ne!(claimed[0].seq, rest[0].seq);
    assert!(
        one.outbox_due(now, 10).expect("claim").is_empty(),
        "both are claimed"
    );
    let lease = OUTBOX_LEASE_SECS;
    assert_eq!(
        one.outbox_due(now + lease, 10).expect("claim").len(),
        2,
        "a lease runs out"
    );
}

#[test]
fn one_instance_purges_at_a_time() {
    let Some(db) = Db::postgres() else { return };
    let writer = db.writer(Options::default());
    write(&writer, message("m1", "k1", "fp", None));
    let solidarity_server::store::Database::Postgres(url) = &db.database else {
        unreachable!()
    };
    let mut other = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    other
        .execute("SELECT pg_advisory_lock($1)", &[&PURGE_LOCK])
        .expect("lock");
    let future = at() + time::Duration::days(3650);
    let by = Actor::new("retention", at());
    assert_eq!(
        db.store()
            .purge_messages_older_than(future, &by)
            .expect("purge"),
        0
    );
    other
        .execute("SELECT pg_advisory_unlock($1)", &[&PURGE_LOCK])
        .expect("unlock");
    assert_eq!(
        db.store()
            .purge_messages_older_than(future, &by)
            .expect("purge"),
        1
    );
}
