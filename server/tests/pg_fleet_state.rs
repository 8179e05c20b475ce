//! Two instances on one PostgreSQL share their state (PostgreSQL only: skipped unless
//! `SOLIDARITY_TEST_DATABASE` is set): started at once they migrate once, a console
//! session made on one works on the other, sign-in lock-outs count across both, a webhook
//! is delivered once, and the retention purge runs once.

mod common;
mod console;

use axum::body::Bytes;
use common::db::{count, execute, scalar};
use common::{send_message, temp, Server};
use console::{add, browser, csrf, page, session, sign_in, PASSWORD};
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn skipped() -> bool {
    let skip = !common::on_postgres();
    if skip {
        eprintln!("skipped: PostgreSQL only (set SOLIDARITY_TEST_DATABASE)");
    }
    skip
}

/// Two instances on `dir`'s database, started at the same moment.
fn two_at_once(dir: &Path, extra: &[&str]) -> (Server, Server) {
    std::thread::scope(|scope| {
        let a = scope.spawn(|| Server::start(dir, extra));
        let b = scope.spawn(|| Server::start(dir, extra));
        (a.join().expect("a"), b.join().expect("b"))
    })
}

#[tokio::test]
async fn two_instances_started_at_once_migrate_once() {
    if skipped() {
        return;
    }
    let dir = temp();
    let (a, b) = two_at_once(dir.path(), &[]);
    // This build's latest version, as SQLite records it for a fresh file.
    let sqlite = temp();
    let fresh = solidarity_server::store::Store::open(&sqlite.path().join("v.sqlite"));
    let latest = fresh
        .and_then(|s| s.schema_version())
        .expect("version")
        .to_string();
    assert_eq!(count(&a.db, "SELECT COUNT(*) FROM schema_version"), 1);
    let version = scalar(&a.db, "SELECT version FROM schema_version");
    assert_eq!(version.as_deref(), Some(latest.as_str()));
    let seeds = "SELECT COUNT(*) FROM comments WHERE id LIKE 'seed-%'";
    assert_eq!(count(&a.db, seeds), 3, "the one-time seed ran once");
    for server in [&a, &b] {
        assert_eq!(
            send_message(server, &format!("m-{}", server.url))
                .await
                .status(),
            201
        );
    }
}

#[tokio::test]
async fn a_console_session_and_a_lock_out_hold_on_both_instances() {
    if skipped() {
        return;
    }
    let dir = temp();
    add(&dir.path().join("solidarity.sqlite"), "anna", "admin");
    let (a, b) = two_at_once(dir.path(), &[]);
    let c = browser();
    session(&c, &a, "anna").await;
    let queue = page(&c, &b, "/admin/queue").await;
    let out = c
        .post(b.at("/admin/logout"))
        .form(&[("csrf", csrf(&queue).as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(out.status(), 303);
    let after = c.get(a.at("/admin/queue")).send().await.expect("get");
    assert_eq!(after.status(), 303, "signed out on B is signed out on A");

    // Wrong passwords alternate between the instances and still lock after five.
    let mut statuses = Vec::new();
    for i in 0..5 {
        let server = [&a, &b][i % 2];
        let response = sign_in(&browser(), server, "anna", "wrong password!").await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429]);
    let locked = sign_in(&browser(), &b, "anna", PASSWORD).await;
    assert_eq!(locked.status(), 429, "locked on both");
}

/// A receiver keeping the id of every `message.received` event it is sent.
async fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let ids = Arc::new(Mutex::new(Vec::new()));
    let kept = ids.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: Bytes| {
            let kept = kept.clone();
            async move {
                let event: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                if event["event"] == "message.received" {
                    let id = event["data"]["id"].as_str().unwrap_or("?").to_owned();
                    kept.lock().expect("ids").push(id);
                }
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_is_delivered_once_with_both_instances_running() {
    if skipped() {
        return;
    }
    let (url, ids) = receiver().await;
    let dir = temp();
    let flags = [
        "--webhook",
        url.as_str(),
        "--webhook-secret",
        "a-long-test-secret-0123",
    ];
    let (a, b) = two_at_once(dir.path(), &flags);
    for i in 0..20 {
        let server = [&a, &b][i % 2];
        assert_eq!(
            send_message(server, &format!("w-{i:02}")).await.status(),
            201
        );
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&a.db, "SELECT COUNT(*) FROM webhook_outbox") > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Both instances poll the queue: time for a second delivery to show, if there were one.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut got = ids.lock().expect("ids").clone();
    got.sort();
    let want: Vec<String> = (0..20).map(|i| format!("w-{i:02}")).collect();
    assert_eq!(got, want, "each event exactly once");
}

#[tokio::test]
async fn the_retention_purge_runs_once_across_instances() {
    if skipped() {
        return;
    }
    let dir = temp();
    let first = Server::start(dir.path(), &[]);
    for i in 0..5 {
        assert_eq!(
            send_message(&first, &format!("old-{i}")).await.status(),
            201
        );
    }
    first.kill();
    let db = dir.path().join("solidarity.sqlite");
    execute(
        &db,
        "UPDATE messages SET received_at = '2020-01-01T00:00:00Z'",
    );
    let (_a, _b) = two_at_once(dir.path(), &["--retention-days", "30"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(&db, "SELECT COUNT(*) FROM messages") > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM messages"), 0);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let purges = "SELECT COUNT(*) FROM audit WHERE actor = 'retention' AND action = 'purge'";
    let real = format!("{purges} AND detail NOT LIKE '0 messages%'");
    assert_eq!(count(&db, &real), 1, "one instance purged the five");
    let five = format!("{purges} AND detail LIKE '5 messages%'");
    assert_eq!(count(&db, &five), 1);
}
