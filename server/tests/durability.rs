//! Load, crash and export: 1,000 concurrent posts, SIGKILL right after acknowledgements,
//! and the CSV/JSON exports read back.

mod common;

use common::{body, client, message, post_json, temp, tool, Server};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

fn exported_ids(server_db: &std::path::Path) -> Vec<String> {
    let output = tool(server_db, &["export", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).expect("json export");
    rows.iter()
        .map(|row| row["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_posts_none_lost_none_duplicated() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let client = client();
    let url = Arc::new(server.at("/api/messages"));
    let limit = Arc::new(Semaphore::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    // 1,000 distinct messages, plus 200 concurrent retries of the first 200.
    for n in (0..1000).chain(0..200) {
        let (client, url, limit) = (client.clone(), url.clone(), limit.clone());
        tasks.spawn(async move {
            let _permit = limit.acquire_owned().await.expect("semaphore");
            let id = format!("load-{n:04}");
            let response = post_json(&client, &url, &id, &message(&id)).await;
            assert_eq!(response.status(), 201);
            assert_eq!(body(response).await, json!({ "id": id }));
        });
    }
    let all = async {
        while let Some(result) = tasks.join_next().await {
            result.expect("post task");
        }
    };
    tokio::time::timeout(Duration::from_secs(90), all)
        .await
        .expect("posts finished in time");

    let ids = exported_ids(&server.db);
    assert_eq!(ids.len(), 1000, "none lost, none duplicated");
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 1000);
}

#[tokio::test]
async fn acknowledged_messages_survive_sigkill() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--moderation", "post"]);
    let client = client();
    let url = server.at("/api/messages");
    let mut posts = Vec::new();
    for n in 0..40 {
        let id = format!("crash-{n}");
        let client = client.clone();
        let url = url.clone();
        posts.push(tokio::spawn(async move {
            post_json(&client, &url, &id, &message(&id)).await.status()
        }));
    }
    for post in posts {
        assert_eq!(post.await.expect("task"), 201);
    }
    let comment =
        json!({"id": "kept", "parent_id": null, "author": "A", "body": "B", "lang": "en"});
    assert_eq!(
        post_json(&client, &server.at("/api/comments"), "kept", &comment)
            .await
            .status(),
        201
    );
    let db = server.db.clone();
    server.kill(); // SIGKILL straight after the last acknowledgement

    let server = Server::start(dir.path(), &["--moderation", "post"]);
    assert_eq!(server.db, db);
    let ids = exported_ids(&db);
    assert_eq!(ids.len(), 40);
    for n in 0..40 {
        assert!(ids.contains(&format!("crash-{n}")));
    }
    let page = body(
        client
            .get(server.at("/api/comments"))
            .send()
            .await
            .expect("get"),
    )
    .await;
    let comments = page["comments"].as_array().expect("comments");
    assert_eq!(
        comments.len(),
        4,
        "three seeds (not seeded twice) and the kept comment"
    );
    // Retrying an acknowledged message after the restart still answers with its id.
    let response = post_json(
        &client,
        &server.at("/api/messages"),
        "crash-0",
        &message("crash-0"),
    )
    .await;
    assert_eq!(response.status(), 201);
    assert_eq!(exported_ids(&db).len(), 40);
}

#[tokio::test]
async fn exports_read_back_as_csv_and_json() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let client = client();
    let url = server.at("/api/messages");
    let mut tricky = message("formula");
    tricky["name"] = json!("=HYPERLINK(\"http://x\")");
    tricky["message"] = json!("-1 строка\r\n\"вторая\", строка");
    tricky["email"] = Value::Null;
    for payload in [message("plain"), tricky] {
        let id = payload["id"].as_str().expect("id").to_owned();
        assert_eq!(post_json(&client, &url, &id, &payload).await.status(), 201);
    }

    let csv_path = dir.path().join("messages.csv");
    let csv_arg = csv_path.to_str().expect("utf-8 path");
    tool(
        &server.db,
        &["export", "--format", "csv", "--output", csv_arg],
    );
    let bytes = std::fs::read(&csv_path).expect("csv file");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
    assert!(text.contains("\r\n") && text.starts_with("\"id\""));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect("column");
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("records");
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][column("name")], "Алёна");
    assert_eq!(&rows[0][column("location")], "Москва");
    assert_eq!(&rows[0][column("message")], "Мы с вами. We stand with you.");
    assert_eq!(&rows[1][column("name")], "'=HYPERLINK(\"http://x\")");
    // CRLF from the form was stored as LF (the text policy), and stays LF in the cell.
    assert_eq!(
        &rows[1][column("message")],
        "'-1 строка\n\"вторая\", строка"
    );
    assert_eq!(&rows[1][column("email")], "");

    let output = tool(&server.db, &["export", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(rows[0]["name"], "Алёна");
    assert_eq!(rows[0]["email"], "alena@example.org");
    assert_eq!(rows[0]["client_created_at"], "2026-11-23T20:00:00Z");
    assert_eq!(
        rows[1]["name"], "=HYPERLINK(\"http://x\")",
        "JSON keeps the exact text"
    );
    assert_eq!(rows[1]["email"], Value::Null);
    assert_eq!(rows[1]["consent"], true);
    assert!(rows[1]["received_at"].is_string());
}
