//! The lifecycle tools against the real binary, checked in the store itself:
//! `erase`, `purge`, `serve --retention-days`, `export --comments`, `moderate delete`
//! and `moderate reply`, and `audit`.

mod common;

use common::db::{count, execute, quote};
use common::{client, message, post_json, store_args, temp, tool, Server, BIN};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8")
}

/// Runs a tool that must fail; returns its exit code and standard error.
fn refused(db: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(BIN)
        .args(args)
        .args(store_args(db))
        .env_remove("SOLIDARITY_DB")
        .env_remove("SOLIDARITY_DATABASE")
        .output()
        .expect("run");
    assert!(!output.status.success(), "{args:?} succeeded");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

async fn post_message(server: &Server, id: &str, email: &str) {
    let mut body = message(id);
    body["email"] = email.into();
    let response = post_json(&client(), &server.at("/api/messages"), id, &body).await;
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn erase_removes_a_persons_rows_and_says_how_many() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--moderation", "post"]);
    post_message(&server, "m1", "anna@example.org").await;
    post_message(&server, "m2", "ANNA@example.org").await;
    post_message(&server, "m3", "bob@example.org").await;
    let db = &server.db;

    let output = tool(db, &["erase", "--email", "anna@example.org"]);
    assert_eq!(stdout(&output).trim(), "erased 2 messages and 0 comments");
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM messages WHERE lower(email) = 'anna@example.org'"
        ),
        0
    );
    assert_eq!(count(db, "SELECT COUNT(*) FROM messages"), 1);
    let export = stdout(&tool(db, &["export", "--format", "json"]));
    assert!(
        !export.contains("anna@") && !export.contains("ANNA@"),
        "{export}"
    );
    assert!(export.contains("bob@example.org"));

    let output = tool(db, &["erase", "--id", "seed-2"]);
    assert_eq!(stdout(&output).trim(), "erased 0 messages and 1 comments");
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM comments WHERE id = 'seed-2'"),
        0
    );
    let audit = stdout(&tool(db, &["audit"]));
    assert!(
        audit.contains("cli  erase  seed-2  0 messages, 1 comments"),
        "{audit}"
    );
    assert!(!audit.contains("anna@"), "{audit}");

    let (code, stderr) = refused(db, &["erase"]);
    assert_eq!(code, Some(2), "{stderr}");
    let (code, _) = refused(db, &["erase", "--email", "a@b.org", "--id", "x"]);
    assert_eq!(code, Some(2));
}

#[tokio::test]
async fn purge_and_the_retention_task_remove_old_messages() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    post_message(&server, "old", "a@example.org").await;
    post_message(&server, "new", "b@example.org").await;
    server.kill();
    let db = dir.path().join("solidarity.sqlite");
    let age = |id: &str| {
        let sql = "UPDATE messages SET received_at = '2020-01-01T00:00:00Z' WHERE id = ";
        execute(&db, &format!("{sql}{}", quote(id)));
    };
    age("old");
    let output = tool(&db, &["purge", "--older-than", "30"]);
    assert_eq!(
        stdout(&output).trim(),
        "purged 1 messages older than 30 days"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM messages"), 1);
    assert_eq!(refused(&db, &["purge", "--older-than", "0"]).0, Some(2));

    // The server purges at start when --retention-days is given.
    age("new");
    let _server = Server::start(dir.path(), &["--retention-days", "30"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(&db, "SELECT COUNT(*) FROM messages") > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM messages"), 0);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit WHERE actor = 'retention' AND action = 'purge'"
        ),
        1
    );
}

#[tokio::test]
async fn comments_are_exported_deleted_and_answered_from_the_command_line() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let db = &server.db;
    let reply = stdout(&tool(
        db,
        &[
            "moderate",
            "reply",
            "seed-1",
            "Спасибо!",
            "--as",
            "Anna",
            "--lang",
            "ru",
        ],
    ));
    let reply_id = reply
        .trim()
        .strip_prefix("replied ")
        .expect("id")
        .to_owned();
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM comments WHERE CAST(is_staff AS INTEGER) = 1"
        ),
        1
    );
    let (_, stderr) = refused(db, &["moderate", "reply", "nope", "x", "--as", "Anna"]);
    assert!(stderr.contains("no published comment"), "{stderr}");
    let (_, stderr) = refused(db, &["moderate", "reply", "seed-1", " ", "--as", "Anna"]);
    assert!(stderr.contains("body is required"), "{stderr}");

    tool(db, &["moderate", "delete", "seed-1"]);
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM comments WHERE id = 'seed-1'"),
        0
    );
    assert!(refused(db, &["moderate", "delete", "seed-1"])
        .1
        .contains("no comment"));

    let csv = stdout(&tool(db, &["export", "--comments"]));
    assert!(
        csv.starts_with("\u{feff}\"id\",\"created_at\",\"status\""),
        "{csv}"
    );
    assert!(
        csv.contains(&format!("\"{reply_id}\"")) && csv.contains("\"yes\",\"seed-1\",\"Anna\""),
        "{csv}"
    );
    assert!(
        !csv.contains("\"seed-1\",\"2013"),
        "deleted comments are not exported"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&tool(
        db,
        &["export", "--comments", "--format", "json"],
    )))
    .expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(3));

    let audit = stdout(&tool(db, &["audit", "--limit", "10"]));
    let actions: Vec<_> = audit
        .lines()
        .map(|line| line.split("  ").nth(3).unwrap_or(""))
        .collect();
    assert_eq!(actions, ["export", "export", "delete", "reply"], "{audit}");
    assert!(audit.contains("Anna  reply"), "{audit}");
}

#[tokio::test]
async fn messages_are_published_and_unpublished_from_the_command_line() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    post_message(&server, "m1", "anna@example.org").await;
    let db = &server.db;
    assert_eq!(stdout(&tool(db, &["publish", "m1"])).trim(), "published m1");
    assert_eq!(
        stdout(&tool(db, &["publish", "m1"])).trim(),
        "m1 was already published"
    );
    let wall: serde_json::Value = client()
        .get(server.at("/api/messages/published"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(wall["messages"][0]["id"], "m1");
    assert_eq!(
        stdout(&tool(db, &["unpublish", "m1"])).trim(),
        "unpublished m1"
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM messages WHERE published_at IS NOT NULL"
        ),
        0
    );
    assert!(refused(db, &["publish", "nope"]).1.contains("no message"));
    let audit = stdout(&tool(db, &["audit"]));
    assert!(
        audit.contains("cli  unpublish  m1") && audit.contains("cli  publish  m1"),
        "{audit}"
    );
}
