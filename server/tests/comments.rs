//! `GET/POST /api/comments` against the real binary: seeds, pagination, both moderation
//! modes, parent checks, idempotency and the `moderate` tool.

mod common;

use common::{body, client, post_json, temp, tool, Server};
use serde_json::{json, Value};

fn comment(id: &str, parent: Option<&str>) -> Value {
    json!({"id": id, "parent_id": parent, "author": "Lee", "body": "Солидарность <b>навсегда</b>", "lang": "ru"})
}

async fn all_ids(client: &reqwest::Client, server: &Server) -> Vec<String> {
    let page = body(
        client
            .get(server.at("/api/comments"))
            .send()
            .await
            .expect("get"),
    )
    .await;
    page["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn first_start_shows_the_three_seed_comments() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let page = body(
        client()
            .get(server.at("/api/comments"))
            .send()
            .await
            .expect("get"),
    )
    .await;
    let comments = page["comments"].as_array().expect("comments");
    assert_eq!(comments.len(), 3);
    assert_eq!(comments[0]["id"], "seed-1");
    assert_eq!(comments[0]["author"], "Ryan Winders");
    assert_eq!(comments[1]["author"], "Dave");
    assert_eq!(
        comments[2]["body"],
        "I support the LGBT in Russia. Stop anti-gay laws."
    );
    assert!(comments.iter().all(|c| c["parent_id"].is_null()));
    // The article gives the comments no dates, so none is invented; they are English.
    assert!(
        comments.iter().all(|c| c.get("created_at").is_none()),
        "{page}"
    );
    assert!(comments.iter().all(|c| c["lang"] == "en"), "{page}");
    assert_eq!(page["next"], Value::Null);
    assert_eq!(page["total"], 3, "the thread's total comes with every page");
}

#[tokio::test]
async fn post_moderation_publishes_at_once_and_paginates_oldest_first() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--moderation", "post"]);
    let client = client();
    let url = server.at("/api/comments");
    let response = post_json(&client, &url, "c-1", &comment("c-1", Some("seed-1"))).await;
    assert_eq!(response.status(), 201);
    let mut stored = body(response).await;
    // The key is the public id here, so a retry is answered without the delete token.
    assert!(stored["delete_token"].is_string(), "{stored}");
    stored
        .as_object_mut()
        .expect("object")
        .remove("delete_token");
    assert_eq!(stored["id"], "c-1");
    assert_eq!(stored["parent_id"], "seed-1");
    assert_eq!(stored["body"], "Солидарность <b>навсегда</b>");
    assert!(stored["created_at"].is_string());
    assert_eq!(stored["lang"], "ru", "a comment carries its language");
    // Same key, same payload: the first answer again. Different payload: 422.
    let again = post_json(&client, &url, "c-1", &comment("c-1", Some("seed-1"))).await;
    assert_eq!(again.status(), 201);
    assert_eq!(body(again).await, stored);
    let mut changed = comment("c-1", Some("seed-1"));
    changed["body"] = json!("edited");
    assert_eq!(
        post_json(&client, &url, "c-1", &changed).await.status(),
        422
    );
    for index in 2..=5 {
        let id = format!("c-{index}");
        assert_eq!(
            post_json(&client, &url, &id, &comment(&id, None))
                .await
                .status(),
            201
        );
    }

    let mut seen = Vec::new();
    let mut after = String::new();
    for _ in 0..10 {
        let page = body(
            client
                .get(format!("{url}?limit=3&after={after}"))
                .send()
                .await
                .expect("get"),
        )
        .await;
        let comments = page["comments"].as_array().expect("comments");
        assert!(comments.len() <= 3);
        assert_eq!(page["total"], 8, "every page tells the whole thread's size");
        seen.extend(
            comments
                .iter()
                .map(|c| c["id"].as_str().expect("id").to_owned()),
        );
        match page["next"].as_str() {
            Some(next) => after = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["seed-1", "seed-2", "seed-3", "c-1", "c-2", "c-3", "c-4", "c-5"]
    );

    // A huge limit is capped, not refused; nonsense is a 400 naming the parameter.
    assert_eq!(
        client
            .get(format!("{url}?limit=100000"))
            .send()
            .await
            .expect("get")
            .status(),
        200
    );
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("after=-4", "after"),
        ("after=xyz", "after"),
    ] {
        let response = client
            .get(format!("{url}?{query}"))
            .send()
            .await
            .expect("get");
        assert_eq!(response.status(), 400, "{query}");
        assert_eq!(body(response).await["field"], field);
    }
}

#[tokio::test]
async fn comment_validation_and_parents() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--moderation", "post"]);
    let client = client();
    let url = server.at("/api/comments");
    let cases = [
        ("author", json!("")),
        ("author", json!("a".repeat(81))),
        ("body", json!("")),
        ("body", json!("b".repeat(5001))),
        ("lang", json!("xx")),
        ("parent_id", json!("no-such-comment")),
        ("parent_id", json!(5)),
    ];
    for (index, (field, value)) in cases.into_iter().enumerate() {
        let id = format!("bad-{index}");
        let mut payload = comment(&id, None);
        payload[field] = value.clone();
        let response = post_json(&client, &url, &id, &payload).await;
        assert_eq!(response.status(), 422, "{field} = {value}");
        assert_eq!(body(response).await["field"], field);
    }
    let response = client
        .post(&url)
        .header("Content-Type", "text/plain")
        .body("hi")
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 415);
    let response = client
        .post(&url)
        .header("Content-Type", "application/json")
        .body("{")
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 400);
    assert_eq!(all_ids(&client, &server).await.len(), 3);
}

#[tokio::test]
async fn pre_moderation_holds_comments_until_approved() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let client = client();
    let url = server.at("/api/comments");

    let response = post_json(&client, &url, "p-1", &comment("p-1", None)).await;
    assert_eq!(response.status(), 202);
    let mut pending = body(response).await;
    let token = pending
        .as_object_mut()
        .and_then(|o| o.remove("delete_token"));
    assert!(
        token.is_some_and(|t| t.is_string()),
        "a pending comment can be taken back too"
    );
    assert_eq!(pending, json!({"id": "p-1", "status": "pending"}));
    let response = post_json(&client, &url, "p-2", &comment("p-2", None)).await;
    assert_eq!(response.status(), 202);
    assert!(!all_ids(&client, &server).await.contains(&"p-1".to_owned()));
    // A reply to a pending comment is refused: its parent is not published.
    let response = post_json(&client, &url, "p-3", &comment("p-3", Some("p-1"))).await;
    assert_eq!(response.status(), 422);
    assert_eq!(body(response).await["field"], "parent_id");

    let listed = String::from_utf8(tool(&server.db, &["moderate", "list"]).stdout).expect("utf-8");
    assert!(
        listed.contains("p-1") && listed.contains("p-2") && listed.contains("Солидарность"),
        "{listed}"
    );

    tool(&server.db, &["moderate", "approve", "p-1"]);
    tool(&server.db, &["moderate", "reject", "p-2"]);
    let ids = all_ids(&client, &server).await;
    assert_eq!(ids, ["seed-1", "seed-2", "seed-3", "p-1"]);
    let listed = String::from_utf8(tool(&server.db, &["moderate", "list"]).stdout).expect("utf-8");
    assert!(
        !listed.contains("p-1") && !listed.contains("p-2"),
        "{listed}"
    );

    // Now replies to p-1 are welcome (and wait for approval in turn).
    assert_eq!(
        post_json(&client, &url, "p-3", &comment("p-3", Some("p-1")))
            .await
            .status(),
        202
    );
    // Unknown ids are an error for the tool.
    let output = std::process::Command::new(common::BIN)
        .args(["moderate", "approve", "nope"])
        .args(common::store_args(&server.db))
        .output()
        .expect("run");
    assert!(!output.status.success());
}

#[tokio::test]
async fn moderation_mode_and_origins_come_from_the_environment_too() {
    let dir = temp();
    let env = [
        ("SOLIDARITY_MODERATION", "post"),
        (
            "SOLIDARITY_ALLOWED_ORIGINS",
            "https://a.example,https://b.example",
        ),
    ];
    let server = Server::start_with_env(dir.path(), &[], &env);
    let client = client();
    let response = client
        .post(server.at("/api/comments"))
        .header("Origin", "https://b.example")
        .json(&comment("env-1", None))
        .send()
        .await
        .expect("post");
    assert_eq!(
        response.status(),
        201,
        "post-moderation from SOLIDARITY_MODERATION"
    );
    let origin = response
        .headers()
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok());
    assert_eq!(origin, Some("https://b.example"));
}
