//! Data at rest against the real binary: 0600 files, a consistent online backup that
//! restores to the same data, tools that refuse a missing database, and coarse times.

mod common;

use common::{body, client, message, post_json, send_message, temp, tool, Server, BIN};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn export_json(db: &Path) -> Vec<Value> {
    let output = tool(db, &["export", "--format", "json"]);
    serde_json::from_slice(&output.stdout).expect("json export")
}

#[tokio::test]
async fn database_wal_shm_export_and_backup_are_owner_only() {
    if common::sqlite_only("file modes of the SQLite file, its WAL and backup") {
        return;
    }
    let dir = temp();
    // The precondition: this process's umask lets others read new files, so 0600
    // below is the server's doing.
    let probe = dir.path().join("probe");
    std::fs::write(&probe, b"x").expect("probe");
    assert_ne!(
        mode(&probe) & 0o044,
        0,
        "the test needs a umask such as 022"
    );

    let server = Server::start(dir.path(), &[]);
    let response = send_message(&server, "m-1").await;
    assert_eq!(response.status(), 201);
    let wal = dir.path().join("solidarity.sqlite-wal");
    let shm = dir.path().join("solidarity.sqlite-shm");
    for path in [&server.db, &wal, &shm] {
        assert_eq!(mode(path), 0o600, "{}", path.display());
    }
    let export = dir.path().join("export.csv");
    tool(
        &server.db,
        &["export", "--output", export.to_str().expect("path")],
    );
    assert_eq!(mode(&export), 0o600);
    let backup = dir.path().join("backup.sqlite");
    tool(
        &server.db,
        &["backup", "--output", backup.to_str().expect("path")],
    );
    assert_eq!(mode(&backup), 0o600);
    // An existing export file that others could read is narrowed before it is written.
    std::fs::set_permissions(&export, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    tool(
        &server.db,
        &["export", "--output", export.to_str().expect("path")],
    );
    assert_eq!(mode(&export), 0o600);
}

#[tokio::test]
async fn an_online_backup_restores_to_the_same_data() {
    if common::sqlite_only("`backup` copies the SQLite file") {
        return;
    }
    let dir = temp();
    let server = Server::start(dir.path(), &["--moderation", "post"]);
    let client = client();
    for n in 0..40 {
        let id = format!("m-{n}");
        let response = post_json(&client, &server.at("/api/messages"), &id, &message(&id)).await;
        assert_eq!(response.status(), 201);
    }
    let comment = serde_json::json!({"author": "Lee", "body": "С вами", "lang": "ru"});
    let response = post_json(&client, &server.at("/api/comments"), "c-1", &comment).await;
    assert_eq!(response.status(), 201);

    // Writes keep arriving while the backup runs.
    let url = server.at("/api/messages");
    let writes = tokio::spawn(async move {
        let client = common::client();
        for n in 40..80 {
            let id = format!("m-{n}");
            let response = post_json(&client, &url, &id, &message(&id)).await;
            assert_eq!(response.status(), 201);
        }
    });
    let backup = dir.path().join("backup.sqlite");
    let db = server.db.clone();
    let copy = backup.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(["backup", "--db"])
            .arg(&db)
            .arg("--output")
            .arg(&copy)
            .output()
            .expect("backup")
    })
    .await
    .expect("join");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    writes.await.expect("writes");

    // The copy is a complete database in its own right: the tools read it, it holds a
    // prefix of the live data (at least the 40 messages before the backup), and
    // every row in it equals the live row.
    let live = export_json(&server.db);
    let restored = export_json(&backup);
    assert_eq!(live.len(), 80);
    assert!(
        restored.len() >= 40 && restored.len() <= 80,
        "{}",
        restored.len()
    );
    assert_eq!(&live[..restored.len()], &restored[..]);
    let conn = rusqlite::Connection::open(&backup).expect("open backup");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    let comments: i64 = conn
        .query_row("SELECT COUNT(*) FROM comments WHERE id = 'c-1'", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(comments, 1);
    // And the restored file serves.
    drop(server);
    let restored_dir = temp();
    std::fs::copy(&backup, restored_dir.path().join("solidarity.sqlite")).expect("restore");
    let server = Server::start(restored_dir.path(), &[]);
    let page = body(
        client
            .get(server.at("/api/comments"))
            .send()
            .await
            .expect("get"),
    )
    .await;
    assert!(page["comments"]
        .as_array()
        .is_some_and(|c| c.iter().any(|c| c["id"] == "c-1")));
}

#[test]
fn tools_refuse_a_database_that_does_not_exist() {
    if common::sqlite_only("a missing SQLite file") {
        return;
    }
    let dir = temp();
    let missing = dir.path().join("typo.sqlite");
    for args in [
        vec!["export"],
        vec!["export", "--format", "json"],
        vec!["moderate", "list"],
        vec!["moderate", "approve", "x"],
        vec!["backup", "--output", "/dev/null/never"],
    ] {
        let output = Command::new(BIN)
            .args(&args)
            .arg("--db")
            .arg(&missing)
            .env_remove("SOLIDARITY_DB")
            .output()
            .expect("run");
        assert!(!output.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("no database at"), "{args:?}: {stderr}");
        assert!(!missing.exists(), "{args:?} created the database");
    }
}

#[tokio::test]
async fn stored_times_are_the_servers_to_the_minute() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--moderation", "post"]);
    let client = client();
    let response = post_json(&client, &server.at("/api/messages"), "m-1", &message("m-1")).await;
    assert_eq!(response.status(), 201);
    let comment = serde_json::json!({"author": "Lee", "body": "hello", "lang": "en"});
    let stored = body(post_json(&client, &server.at("/api/comments"), "c-1", &comment).await).await;
    let minute = |at: &Value| {
        let at = at.as_str().unwrap_or_default().to_owned();
        assert!(at.ends_with(":00Z") && at.len() == 20, "{at}");
        at
    };
    minute(&stored["created_at"]);
    let rows = export_json(&server.db);
    // The client said 2026-11-23T20:00:00Z; the record says when it arrived.
    assert_eq!(rows[0]["client_created_at"], "2026-11-23T20:00:00Z");
    assert_eq!(
        minute(&rows[0]["created_at"]),
        minute(&rows[0]["received_at"])
    );
    assert_ne!(rows[0]["created_at"], "2026-11-23T20:00:00Z");
}
