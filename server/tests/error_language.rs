//! The API's JSON errors are in the reader's language: the body's `lang`, else
//! `Accept-Language`, else English; the answer says which (`"lang"`, `Content-Language`).

mod common;

use common::{body, client, header, message, Server};
use serde_json::{json, Value};

async fn post(
    server: &Server,
    path: &str,
    accept_language: Option<&str>,
    content_type: &str,
    payload: Vec<u8>,
) -> (u16, String, Value) {
    let mut request = client()
        .post(server.at(path))
        .header("Content-Type", content_type)
        .body(payload);
    if let Some(value) = accept_language {
        request = request.header("Accept-Language", value);
    }
    let response = request.send().await.expect("post");
    let status = response.status().as_u16();
    let language = header(&response, "content-language");
    (status, language, body(response).await)
}

fn error(answer: &Value) -> &str {
    answer["error"].as_str().unwrap_or_default()
}

fn has_cyrillic(text: &str) -> bool {
    text.chars()
        .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)))
}

#[tokio::test]
async fn validation_errors_follow_the_body_then_accept_language_then_english() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &[]);
    let mut bad = message("lang-1");
    bad["email"] = json!("not an address");
    let bytes = |value: &Value| value.to_string().into_bytes();

    // The body says ru: Russian, even when the browser prefers English.
    let (status, language, answer) = post(
        &server,
        "/api/messages",
        Some("en"),
        "application/json",
        bytes(&bad),
    )
    .await;
    assert_eq!((status, language.as_str()), (422, "ru"), "{answer}");
    assert_eq!(answer["lang"], "ru");
    assert_eq!(answer["field"], "email");
    assert!(
        error(&answer).starts_with("Электронная почта: укажите"),
        "{answer}"
    );
    assert!(answer["error_en"]
        .as_str()
        .is_some_and(|e| e.contains("email")));

    // The body says en: English, whatever Accept-Language says.
    bad["lang"] = json!("en");
    let (status, language, answer) = post(
        &server,
        "/api/messages",
        Some("ru"),
        "application/json",
        bytes(&bad),
    )
    .await;
    assert_eq!((status, language.as_str()), (422, "en"), "{answer}");
    assert!(!has_cyrillic(error(&answer)), "{answer}");

    // No usable lang in the body: Accept-Language decides, then English.
    bad["lang"] = json!("xx");
    let (_, language, answer) = post(
        &server,
        "/api/messages",
        Some("de;q=0.9, ru;q=0.8, en;q=0.1"),
        "application/json",
        bytes(&bad),
    )
    .await;
    assert_eq!(language, "ru");
    assert!(has_cyrillic(error(&answer)), "{answer}");
    let (_, language, answer) = post(
        &server,
        "/api/messages",
        None,
        "application/json",
        bytes(&bad),
    )
    .await;
    assert_eq!(language, "en");
    assert_eq!(answer["lang"], "en");
    assert!(!has_cyrillic(error(&answer)), "{answer}");

    // A comment whose parent does not exist: the comment's own lang.
    let orphan = json!({"author": "Лев", "body": "Держитесь!", "lang": "ru", "parent_id": "nope"});
    let (status, _, answer) = post(
        &server,
        "/api/comments",
        None,
        "application/json",
        bytes(&orphan),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        error(&answer).starts_with("Комментарий, на который"),
        "{answer}"
    );
    assert!(common::form::exported(&server).is_empty());
}

#[tokio::test]
async fn errors_before_the_body_is_read_follow_accept_language() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &[]);
    let cases: [(&str, &str, Vec<u8>, u16); 4] = [
        ("/api/messages", "text/plain", b"hello".to_vec(), 415),
        (
            "/api/messages",
            "application/json",
            b"{\"name\": ".to_vec(),
            400,
        ),
        ("/api/comments", "application/json", b"[1, 2]".to_vec(), 400),
        (
            "/api/messages",
            "application/json",
            vec![b' '; 70 * 1024],
            413,
        ),
    ];
    for (path, content_type, payload, expected) in cases {
        let (status, language, answer) = post(
            &server,
            path,
            Some("ru-RU,ru;q=0.9"),
            content_type,
            payload.clone(),
        )
        .await;
        assert_eq!(status, expected, "{answer}");
        assert_eq!(language, "ru", "{expected}");
        assert!(has_cyrillic(error(&answer)), "{expected}: {answer}");
        assert!(!error(&answer).contains("bytes"), "{answer}");
        let (status, language, answer) = post(&server, path, None, content_type, payload).await;
        assert_eq!((status, language.as_str()), (expected, "en"), "{answer}");
        assert!(!has_cyrillic(error(&answer)), "{expected}: {answer}");
    }
    // An unknown endpoint, and a method the API does not have.
    let (status, language, answer) = post(
        &server,
        "/api/nowhere",
        Some("ru"),
        "application/json",
        b"{}".to_vec(),
    )
    .await;
    assert_eq!((status, language.as_str()), (404, "ru"), "{answer}");
    assert_eq!(error(&answer), "Такого адреса в API нет.");
    let response = client()
        .delete(server.at("/api/messages"))
        .header("Accept-Language", "ru")
        .send()
        .await
        .expect("delete");
    assert_eq!(response.status(), 405);
    assert_eq!(header(&response, "content-language"), "ru");
    assert!(has_cyrillic(error(&body(response).await)));
}

#[tokio::test]
async fn refusals_and_proof_of_work_are_worded_for_the_reader() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &["--pow-difficulty", "8"]);
    let sent = message("pow-1");
    let (status, language, answer) = post(
        &server,
        "/api/messages",
        None,
        "application/json",
        sent.to_string().into_bytes(),
    )
    .await;
    assert_eq!((status, language.as_str()), (428, "ru"), "{answer}");
    assert!(has_cyrillic(error(&answer)), "{answer}");
    assert!(
        answer["pow"]["challenge"].is_string(),
        "the challenge stays"
    );
    // A cross-site post is refused before the body is read: Accept-Language.
    let response = client()
        .post(server.at("/api/messages"))
        .header("Origin", "https://evil.example")
        .header("Accept-Language", "ru")
        .json(&sent)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 403);
    assert!(error(&body(response).await).starts_with("Сообщения со страниц других сайтов"));
}
