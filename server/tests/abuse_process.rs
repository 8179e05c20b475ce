//! The process: `/healthz`, SIGTERM during a burst (every acknowledged write is kept),
//! and the panic strategy (a panic ends the process; nothing acknowledged is lost).

mod common;

use common::form::exported;
use common::{body, client, message, post_json, Server};
use serde_json::json;
use std::collections::HashSet;
use std::time::{Duration, Instant};

fn exported_ids(server: &Server) -> HashSet<String> {
    exported(server)
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn healthz_reports_a_writable_database_and_the_queue() {
    if common::sqlite_only("holds SQLite's write lock from another process") {
        return;
    }
    let dir = common::temp();
    let server = Server::start(dir.path(), &["--writer-queue", "64"]);
    let response = client()
        .get(server.at("/healthz"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 200);
    assert_eq!(
        body(response).await,
        json!({"status": "ok", "database": "writable", "queue": {"depth": 0, "capacity": 64}})
    );
    // Another process holds the write lock: after SQLite's busy timeout, 503.
    let db = server.db.clone();
    let (locked, release) = (std::sync::mpsc::channel(), std::sync::mpsc::channel::<()>());
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(db).expect("open");
        conn.execute_batch("BEGIN IMMEDIATE").expect("lock");
        locked.0.send(()).expect("send");
        let _ = release.1.recv_timeout(Duration::from_secs(60));
        conn.execute_batch("ROLLBACK").expect("unlock");
    });
    locked.1.recv().expect("locked");
    let response = client()
        .get(server.at("/healthz"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 503);
    assert_eq!(body(response).await["database"], "not writable");
    release.0.send(()).expect("release");
    holder.join().expect("holder");
    let response = client()
        .get(server.at("/healthz"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_burst_keeps_every_acknowledged_message() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &[]);
    let url = server.at("/api/messages");
    let client = client();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut tasks = tokio::task::JoinSet::new();
    // 16 posters, each at most 300 posts and 5 s; the server is told to stop meanwhile.
    for worker in 0..16 {
        let (client, url) = (client.clone(), url.clone());
        tasks.spawn(async move {
            let mut acknowledged = Vec::new();
            for n in 0..300 {
                if Instant::now() > deadline {
                    break;
                }
                let id = format!("term-{worker}-{n}");
                match client
                    .post(&url)
                    .header("Idempotency-Key", &id)
                    .json(&message(&id))
                    .send()
                    .await
                {
                    Ok(response) if response.status() == 201 => acknowledged.push(id),
                    Ok(_) => {}
                    Err(_) => break, // the server has stopped listening
                }
            }
            acknowledged
        });
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    let db = server.db.clone();
    let status = tokio::task::spawn_blocking(move || server.terminate(Duration::from_secs(40)))
        .await
        .expect("terminate");
    assert!(status.success(), "graceful exit: {status:?}");
    let mut acknowledged = Vec::new();
    while let Some(result) = tasks.join_next().await {
        acknowledged.extend(result.expect("poster"));
    }
    assert!(!acknowledged.is_empty(), "the burst was running");
    let output = common::tool(&db, &["export", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    let stored: HashSet<_> = rows
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|id| !stored.contains(*id))
        .collect();
    println!(
        "SIGTERM burst: {} acknowledged, {} stored, {} lost",
        acknowledged.len(),
        stored.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
}

#[tokio::test]
async fn a_panic_ends_the_process_and_loses_nothing_acknowledged() {
    let dir = common::temp();
    let mut server =
        Server::start_with_env(dir.path(), &[], &[("SOLIDARITY_TEST_PANIC_ROUTE", "1")]);
    let client = client();
    let url = server.at("/api/messages");
    assert_eq!(
        post_json(&client, &url, "before", &message("before"))
            .await
            .status(),
        201
    );
    let answer = client.get(server.at("/test-panic")).send().await;
    assert!(
        answer.is_err(),
        "no answer from a panicking request: {answer:?}"
    );
    let status = server.wait_exit(Duration::from_secs(10));
    assert!(
        !status.success(),
        "the process ended with the panic: {status:?}"
    );
    assert!(exported_ids(&server).contains("before"));
    // A supervisor's restart on the same database serves again.
    let restarted = Server::start(dir.path(), &[]);
    let health = client
        .get(restarted.at("/healthz"))
        .send()
        .await
        .expect("get");
    assert_eq!(health.status(), 200);
}
