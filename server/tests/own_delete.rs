//! `DELETE /api/comments/{id}` against the real binary: a reader takes back their own
//! comment with the delete token the post's answer carried; a wrong token and an
//! unknown id get the same 404; replies stay; a retry by the poster's own key answers a
//! new working token, anyone else's retry none.

mod common;

use common::{body, client, post_json, temp, tool, Server};
use serde_json::{json, Value};

fn comment(id: &str, parent: Option<&str>) -> Value {
    json!({"id": id, "parent_id": parent, "author": "Lee", "body": "Это я, не показывайте", "lang": "ru"})
}

async fn delete(server: &Server, id: &str, token: Option<&str>) -> (u16, String) {
    let mut request = client().delete(server.at(&format!("/api/comments/{id}")));
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let response = request.send().await.expect("delete");
    let status = response.status().as_u16();
    (status, response.text().await.expect("text"))
}

async fn listed(server: &Server) -> Vec<Value> {
    let page = body(
        client()
            .get(server.at("/api/comments"))
            .send()
            .await
            .expect("get"),
    )
    .await;
    page["comments"].as_array().expect("comments").clone()
}

fn token(answer: &Value) -> String {
    answer["delete_token"]
        .as_str()
        .expect("a delete token")
        .to_owned()
}

#[tokio::test]
async fn the_right_token_deletes_and_replies_stay() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--moderation", "post"]);
    let url = server.at("/api/comments");
    let mine = body(post_json(&client(), &url, "key-mine", &comment("mine", None)).await).await;
    let secret = token(&mine);
    assert_eq!(secret.len(), 64, "256 bits in hexadecimal: {secret}");
    let reply = post_json(&client(), &url, "key-r", &comment("reply", Some("mine"))).await;
    assert_eq!(reply.status(), 201);
    let other = token(&body(reply).await);
    assert_ne!(other, secret, "every comment has its own token");

    let wrong = delete(&server, "mine", Some(&other)).await;
    let unknown = delete(&server, "no-such-comment", Some(&secret)).await;
    assert_eq!(wrong.0, 404);
    assert_eq!(
        wrong, unknown,
        "a wrong token and a missing comment read the same"
    );
    assert_eq!(delete(&server, "mine", None).await.0, 400);
    assert_eq!(listed(&server).await.len(), 5, "nothing was deleted yet");

    assert_eq!(
        delete(&server, "mine", Some(&secret)).await,
        (204, String::new())
    );
    let comments = listed(&server).await;
    assert!(
        comments.iter().all(|c| c["id"] != "mine"),
        "the row is gone"
    );
    let kept = comments
        .iter()
        .find(|c| c["id"] == "reply")
        .expect("reply stays");
    assert_eq!(
        kept["parent_id"], "mine",
        "the reply still names its deleted parent"
    );
    assert_eq!(
        delete(&server, "mine", Some(&secret)).await,
        unknown,
        "only once"
    );

    let audit = String::from_utf8(tool(&server.db, &["audit"]).stdout).expect("utf-8");
    assert!(audit.contains("reader  delete  mine"), "{audit}");
    assert!(!audit.contains(&secret), "the audit never holds the token");
    // On SQLite the whole file is searched; PostgreSQL's files are the server's own.
    if std::env::var_os("SOLIDARITY_TEST_DATABASE").is_none() {
        let raw = std::fs::read(&server.db).expect("db");
        assert!(
            !raw.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the database keeps only the token's hash"
        );
    }
}

#[tokio::test]
async fn a_pending_comment_goes_with_its_waiting_copy() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--moderation", "pre"]);
    let url = server.at("/api/comments");
    let answer = post_json(&client(), &url, "key-p", &comment("p-1", None)).await;
    assert_eq!(answer.status(), 202);
    let secret = token(&body(answer).await);
    let queue = String::from_utf8(tool(&server.db, &["moderate", "list"]).stdout).expect("utf-8");
    assert!(queue.contains("p-1"), "{queue}");
    assert_eq!(delete(&server, "p-1", Some(&secret)).await.0, 204);
    let queue = String::from_utf8(tool(&server.db, &["moderate", "list"]).stdout).expect("utf-8");
    assert!(
        !queue.contains("p-1"),
        "the pending copy is gone too: {queue}"
    );
}

#[tokio::test]
async fn a_retry_by_the_posters_key_answers_a_new_working_token() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--moderation", "post"]);
    let url = server.at("/api/comments");
    let first = token(&body(post_json(&client(), &url, "key-x", &comment("x", None)).await).await);
    // The first answer was lost: the same key and payload again.
    let retry = body(post_json(&client(), &url, "key-x", &comment("x", None)).await).await;
    let second = token(&retry);
    assert_ne!(
        first, second,
        "the server keeps only a hash, so it issues a new token"
    );
    // Someone who only read the public id and text gets no token by retrying.
    let stranger = body(post_json(&client(), &url, "key-y", &comment("x", None)).await).await;
    assert!(stranger.get("delete_token").is_none(), "{stranger}");
    let by_id = body(post_json(&client(), &url, "x", &comment("x", None)).await).await;
    assert!(by_id.get("delete_token").is_none(), "{by_id}");

    assert_eq!(delete(&server, "x", Some(&first)).await.0, 404, "replaced");
    assert_eq!(delete(&server, "x", Some(&second)).await.0, 204);
}
