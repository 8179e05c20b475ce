//! Spam defences on posts, against the real binary: honeypots, cross-site posts,
//! the global and per-thread caps, and held words.

mod common;

use common::form::{exported, page, valid_form, THANKS_EN};
use common::{body, client, message, post_json, tool, Server};
use serde_json::{json, Value};

fn comment(id: &str, parent: Option<&str>, text: &str) -> Value {
    json!({"id": id, "parent_id": parent, "author": "Sam", "body": text, "lang": "en"})
}

fn pending(server: &Server) -> String {
    String::from_utf8(tool(&server.db, &["moderate", "list"]).stdout).expect("utf-8")
}

async fn published_ids(server: &Server) -> Vec<String> {
    let page = body(
        client()
            .get(server.at("/api/comments?limit=200"))
            .send()
            .await
            .expect("get"),
    )
    .await;
    page["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn filled_honeypots_look_accepted_and_store_nothing() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &["--moderation", "post"]);
    let client = client();
    // JSON message: the same 201 and body shape as a stored one.
    let mut bot = message("bot-1");
    bot["bot-field"] = json!("http://spam.example");
    let response = post_json(&client, &server.at("/api/messages"), "bot-1", &bot).await;
    assert_eq!(response.status(), 201);
    assert_eq!(body(response).await, json!({"id": "bot-1"}));
    // Form post: the thank-you page.
    let mut fields = valid_form("en", "/");
    fields.push(("_gotcha", "spam"));
    let (status, text) = page(common::form::post_form(&server, &fields).await).await;
    assert_eq!(status, 201);
    assert!(text.contains(THANKS_EN), "{text}");
    // Comment (post-moderation): 201 with a comment, never published.
    let mut bot = comment("bot-c", None, "Buy now");
    bot["botcheck"] = json!("1");
    let response = post_json(&client, &server.at("/api/comments"), "bot-c", &bot).await;
    assert_eq!(response.status(), 201);
    let answer = body(response).await;
    assert_eq!(
        (answer["id"].as_str(), answer["body"].as_str()),
        (Some("bot-c"), Some("Buy now"))
    );
    // A person's empty honeypot is fine.
    let mut person = message("person-1");
    person["bot-field"] = json!("");
    let response = post_json(&client, &server.at("/api/messages"), "person-1", &person).await;
    assert_eq!(response.status(), 201);

    let ids: Vec<_> = exported(&server)
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(ids, vec!["person-1"], "only the person's message is stored");
    assert!(!published_ids(&server).await.contains(&"bot-c".to_owned()));
    assert!(!pending(&server).contains("bot-c"));
}

#[tokio::test]
async fn cross_site_posts_are_refused_unless_the_origin_is_allowed() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &["--allowed-origin", "https://partner.example"]);
    let client = client();
    let url = server.at("/api/messages");
    // A hidden auto-submitting form on another site, in a Russian page.
    let (status, text) = page(
        client
            .post(&url)
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .form(&valid_form("ru", "/ru/"))
            .send()
            .await
            .expect("post"),
    )
    .await;
    assert_eq!(status, 403);
    assert!(text.contains("форма пришла с другого сайта"), "{text}");
    // The same from fetch(): JSON 403.
    let response = client
        .post(&url)
        .header("origin", "https://evil.example")
        .json(&message("evil-1"))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 403);
    assert!(body(response).await["error"]
        .as_str()
        .unwrap_or_default()
        .contains("another site"));
    // An allowed partner, our own page, and a non-browser client are accepted.
    let ok = [
        ("https://partner.example", "cross-site", "ok-1"),
        (server.url.as_str(), "same-origin", "ok-2"),
    ];
    for (origin, site, id) in ok {
        let response = client
            .post(&url)
            .header("origin", origin)
            .header("sec-fetch-site", site)
            .json(&message(id))
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 201, "{origin}");
    }
    let response = client
        .post(&url)
        .header("origin", server.url.as_str())
        .json(&message("ok-3"))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 201, "own origin without fetch metadata");
    assert_eq!(
        post_json(&client, &url, "ok-4", &message("ok-4"))
            .await
            .status(),
        201
    );
    let mut ids: Vec<_> = exported(&server)
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        vec!["ok-1", "ok-2", "ok-3", "ok-4"],
        "nothing from the other site"
    );
}

#[tokio::test]
async fn the_global_cap_answers_429_with_retry_after() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &["--global-writes-per-minute", "3"]);
    let client = client();
    let url = server.at("/api/messages");
    for n in 0..3 {
        let id = format!("g-{n}");
        assert_eq!(
            post_json(&client, &url, &id, &message(&id)).await.status(),
            201
        );
    }
    let response = post_json(&client, &url, "g-3", &message("g-3")).await;
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=20).contains(&retry), "{retry}");
    assert!(body(response).await["error"]
        .as_str()
        .unwrap_or_default()
        .contains("too many posts"));
    // Form posts get the page in their language, with the same header.
    let response = common::form::post_form(&server, &valid_form("ru", "/ru/")).await;
    assert!(response.headers().contains_key("retry-after"));
    let (status, text) = page(response).await;
    assert_eq!(status, 429);
    assert!(
        text.contains("Сейчас приходит слишком много сообщений"),
        "{text}"
    );
    assert_eq!(exported(&server).len(), 3);
}

#[tokio::test]
async fn the_thread_cap_limits_comments_in_one_thread_only() {
    let dir = common::temp();
    let server = Server::start(
        dir.path(),
        &["--moderation", "post", "--thread-comments-per-minute", "2"],
    );
    let client = client();
    let url = server.at("/api/comments");
    for id in ["t-1", "t-2"] {
        assert_eq!(
            post_json(&client, &url, id, &comment(id, None, "hi"))
                .await
                .status(),
            201
        );
    }
    let response = post_json(&client, &url, "t-3", &comment("t-3", None, "hi")).await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    // Replies to t-1 are another thread.
    let reply = comment("r-1", Some("t-1"), "reply");
    assert_eq!(post_json(&client, &url, "r-1", &reply).await.status(), 201);
    let ids = published_ids(&server).await;
    assert!(ids.contains(&"r-1".to_owned()) && !ids.contains(&"t-3".to_owned()));
}

#[tokio::test]
async fn held_words_send_comments_to_moderation() {
    let dir = common::temp();
    let words = dir.path().join("hold.txt");
    std::fs::write(&words, "# held for review\nwire money\nпропаганда\n").expect("write");
    let words = words.to_str().expect("utf-8 path");
    let server = Server::start(dir.path(), &["--moderation", "post", "--hold-words", words]);
    let client = client();
    let url = server.at("/api/comments");
    let held = [
        ("h-1", "Please WIRE  money here"),
        ("h-2", "Это ПРОПАГАНДА!"),
        ("h-3", "ｗｉｒｅ money"),
    ];
    for (id, text) in held {
        let response = post_json(&client, &url, id, &comment(id, None, text)).await;
        assert_eq!(response.status(), 202, "{text}");
        let mut answer = body(response).await;
        // A held comment can be taken back by its author like any other.
        let token = answer
            .as_object_mut()
            .and_then(|o| o.remove("delete_token"));
        assert!(token.is_some_and(|t| t.is_string()), "{text}");
        assert_eq!(answer, json!({"id": id, "status": "pending"}));
    }
    let fine = comment("f-1", None, "wired moneyless");
    assert_eq!(post_json(&client, &url, "f-1", &fine).await.status(), 201);
    let listed = pending(&server);
    assert!(
        ["h-1", "h-2", "h-3"].iter().all(|id| listed.contains(id)),
        "{listed}"
    );
    let ids = published_ids(&server).await;
    assert!(ids.contains(&"f-1".to_owned()) && !ids.contains(&"h-1".to_owned()));
}

#[test]
fn an_unreadable_hold_words_file_stops_the_server() {
    let dir = common::temp();
    let output = std::process::Command::new(common::BIN)
        .args([
            "serve",
            "--port",
            "0",
            "--hold-words",
            "/nonexistent/hold.txt",
            "--db",
        ])
        .arg(dir.path().join("db.sqlite"))
        .env_remove("SOLIDARITY_HOLD_WORDS")
        .output()
        .expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--hold-words") && stderr.contains("/nonexistent/hold.txt"),
        "{stderr}"
    );
}

#[tokio::test]
async fn an_identical_form_resubmission_is_stored_once() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &[]);
    let form = valid_form("en", "/");
    for _ in 0..3 {
        let (status, text) = page(common::form::post_form(&server, &form).await).await;
        assert_eq!(status, 201);
        assert!(text.contains(THANKS_EN), "{text}");
    }
    let mut other = valid_form("en", "/");
    other[1] = ("message", "Another message");
    assert_eq!(
        page(common::form::post_form(&server, &other).await).await.0,
        201
    );
    assert_eq!(
        exported(&server).len(),
        2,
        "three identical posts are one message"
    );
}
