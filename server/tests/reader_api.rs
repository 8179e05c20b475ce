//! The reader API of issue 11 against the real binary: the wall of published messages,
//! reports on comments, and the staff badge; none of it sets a cookie.

mod common;

use common::db::count;
use common::{body, client, message, post_json, temp, tool, Server};
use serde_json::{json, Value};

async fn report(server: &Server, id: &str, body: &Value) -> reqwest::Response {
    client()
        .post(server.at(&format!("/api/comments/{id}/report")))
        .json(body)
        .send()
        .await
        .expect("report")
}

async fn comments(server: &Server) -> Vec<Value> {
    let response = client()
        .get(server.at("/api/comments"))
        .send()
        .await
        .expect("get");
    assert!(response.headers().get("set-cookie").is_none());
    let page = body(response).await;
    page["comments"].as_array().expect("comments").clone()
}

#[tokio::test]
async fn the_wall_lists_published_messages_without_email() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--allowed-origin", "https://partner.example"]);
    for id in ["m1", "m2", "m3"] {
        let response = post_json(&client(), &server.at("/api/messages"), id, &message(id)).await;
        assert_eq!(response.status(), 201);
    }
    for id in ["m1", "m3"] {
        let out = String::from_utf8(tool(&server.db, &["publish", id]).stdout).expect("utf-8");
        assert_eq!(out.trim(), format!("published {id}"));
    }
    let url = server.at("/api/messages/published?limit=1");
    let response = client()
        .get(&url)
        .header("Origin", "https://partner.example")
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://partner.example"
    );
    assert!(response.headers().get("set-cookie").is_none());
    let page = body(response).await;
    assert_eq!(page["total_received"], 3);
    let first = &page["messages"][0];
    assert_eq!(first["id"], "m3", "newest first");
    assert_eq!(first["name"], "Алёна");
    assert_eq!(first["location"], "Москва");
    assert_eq!(first["lang"], "ru");
    assert_eq!(first["date"].as_str().map(str::len), Some(10), "{first}");
    let text = page.to_string();
    assert!(
        !text.contains("email") && !text.contains("alena@"),
        "{text}"
    );
    let next = page["next"].as_str().expect("next");
    let rest = body(
        client()
            .get(server.at(&format!("/api/messages/published?after={next}")))
            .send()
            .await
            .expect("get"),
    )
    .await;
    assert_eq!(rest["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(rest["messages"][0]["id"], "m1");
    assert_eq!(rest["next"], Value::Null);
    for bad in ["limit=0", "limit=x", "after=-1"] {
        let response = client()
            .get(server.at(&format!("/api/messages/published?{bad}")))
            .send()
            .await
            .expect("get");
        assert_eq!(response.status(), 400, "{bad}");
        assert!(body(response).await["error"].is_string());
    }
}

#[tokio::test]
async fn a_report_is_idempotent_and_leaves_the_comment_visible() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let reader = json!({"reporter_id": "0b7c3c0e-2f55-4c57-9d3c-8e4b7d0e6a11"});
    let response = report(&server, "seed-2", &reader).await;
    assert_eq!(response.status(), 202);
    assert!(response.headers().get("set-cookie").is_none());
    assert_eq!(body(response).await, json!({"status": "reported"}));
    assert_eq!(report(&server, "seed-2", &reader).await.status(), 200);
    let other = json!({"reporter_id": "5d1f4b2a-8a0e-4d7e-b1c3-2a9f6e4d8c70"});
    assert_eq!(report(&server, "seed-2", &other).await.status(), 202);
    assert_eq!(
        count(
            &server.db,
            "SELECT COUNT(*) FROM reports WHERE comment_id = 'seed-2'"
        ),
        2
    );
    assert!(comments(&server).await.iter().any(|c| c["id"] == "seed-2"));
    let listed = String::from_utf8(tool(&server.db, &["moderate", "list"]).stdout).expect("utf-8");
    assert!(
        listed.contains("seed-2") && listed.contains("[published reported by 2]"),
        "{listed}"
    );

    let unknown = report(&server, "nope", &reader).await;
    assert_eq!(unknown.status(), 404);
    assert!(body(unknown).await["error"].is_string());
    let bad = report(&server, "seed-2", &json!({"reporter_id": "me"})).await;
    assert_eq!(bad.status(), 422);
    assert_eq!(body(bad).await["field"], "reporter_id");
    let plain = client()
        .post(server.at("/api/comments/seed-2/report"))
        .header("Content-Type", "text/plain")
        .body("{}")
        .send()
        .await
        .expect("post");
    assert_eq!(plain.status(), 415);
    assert_eq!(
        count(&server.db, "SELECT COUNT(*) FROM reports"),
        2,
        "nothing changed"
    );

    // Approving keeps the comment and clears its reports.
    tool(&server.db, &["moderate", "approve", "seed-2"]);
    assert_eq!(count(&server.db, "SELECT COUNT(*) FROM reports"), 0);
}

#[tokio::test]
async fn reports_are_rate_limited_like_other_posts() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--rate-per-minute", "1", "--rate-burst", "1"]);
    let reader = json!({"reporter_id": "0b7c3c0e-2f55-4c57-9d3c-8e4b7d0e6a11"});
    assert_eq!(report(&server, "seed-1", &reader).await.status(), 202);
    let limited = report(&server, "seed-1", &reader).await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().get("retry-after").is_some());
}

#[tokio::test]
async fn only_staff_replies_carry_the_badge() {
    let dir = temp();
    let server = Server::start(
        dir.path(),
        &["--moderation", "post", "--org-name", "The LGF"],
    );
    let out = tool(
        &server.db,
        &["moderate", "reply", "seed-3", "Thank you", "--as", "Anna"],
    );
    let reply_id = String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .replace("replied ", "");
    // A reader cannot set the marker, whatever the body says.
    let forged = json!({"id": "r1", "author": "Lee", "body": "hi", "lang": "en",
        "staff": true, "is_staff": 1, "badge": "The LGF"});
    let response = post_json(&client(), &server.at("/api/comments"), "r1", &forged).await;
    assert_eq!(response.status(), 201);
    let created = body(response).await;
    assert!(
        created.get("staff").is_none() && created.get("badge").is_none(),
        "{created}"
    );

    // The parent of the staff reply is deleted; the reply is still listed.
    tool(&server.db, &["moderate", "delete", "seed-3"]);
    let listed = comments(&server).await;
    let staff: Vec<_> = listed.iter().filter(|c| c.get("staff").is_some()).collect();
    assert_eq!(staff.len(), 1, "{listed:?}");
    assert_eq!(staff[0]["id"], reply_id.as_str());
    assert_eq!(staff[0]["staff"], true);
    assert_eq!(staff[0]["badge"], "The LGF");
    assert_eq!(staff[0]["author"], "Anna");
    assert_eq!(staff[0]["parent_id"], "seed-3");
    assert!(listed.iter().all(|c| c["id"] != "seed-3"));
    let reader = listed
        .iter()
        .find(|c| c["id"] == "r1")
        .expect("reader comment");
    assert!(reader.get("badge").is_none() && reader.get("staff").is_none());
}
