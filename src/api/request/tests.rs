use super::*;
use crate::config::{Config, Overrides};
use serde_json::json;

fn message() -> SupportMessage {
    SupportMessage {
        id: "5f0c7c8e-4b7a-4f1e-9a64-0c1d2e3f4a5b".into(),
        name: "  Анна ".into(),
        email: String::new(),
        location: "Manchester".into(),
        message: "We stand with you & «вместе».".into(),
        lang: Lang::Ru,
        consent: true,
        created_at: "2026-11-23T20:00:00.000Z".into(),
    }
}

fn config(messages: serde_json::Value) -> MessagesConfig {
    Config::from_text(
        &json!({ "messages": messages }).to_string(),
        &Overrides::default(),
    )
    .expect("valid config")
    .messages
}

#[test]
fn default_json_contract_carries_every_canonical_field() {
    let request = message_request(&config(json!({"endpoint": "/api/messages"})), &message());
    assert_eq!(request.url, "/api/messages");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.header("Idempotency-Key"),
        Some(message().id.as_str())
    );
    let body: serde_json::Value = serde_json::from_str(&request.body).expect("json body");
    assert_eq!(
        body,
        json!({
            "id": message().id,
            "name": "Анна",
            "email": null,
            "location": "Manchester",
            "message": "We stand with you & «вместе».",
            "lang": "ru",
            "consent": true,
            "created_at": "2026-11-23T20:00:00.000Z"
        })
    );
}

#[test]
fn fields_are_renamed_and_extras_added() {
    let request = message_request(
        &config(json!({
            "endpoint": "https://backend.example/hook",
            "fields": {"message": "text", "name": "full_name"},
            "extra": {"campaign": "solidarity", "year": 2013},
            "headers": {"X-Token": "public-abc", "Accept": "text/plain"}
        })),
        &message(),
    );
    let body: serde_json::Value = serde_json::from_str(&request.body).expect("json body");
    assert_eq!(body["text"], "We stand with you & «вместе».");
    assert_eq!(body["full_name"], "Анна");
    assert!(body.get("message").is_none());
    assert_eq!(body["campaign"], "solidarity");
    assert_eq!(body["year"], 2013);
    assert_eq!(request.header("X-Token"), Some("public-abc"));
    assert_eq!(request.header("accept"), Some("text/plain"));
    assert_eq!(
        request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("accept"))
            .count(),
        1
    );
}

#[test]
fn form_encoding_percent_encodes_every_field() {
    let request = message_request(
        &config(
            json!({"endpoint": "/form", "encoding": "form", "extra": {"form-name": "support"}}),
        ),
        &message(),
    );
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    let pairs: Vec<(String, String)> = form_urlencoded::parse(request.body.as_bytes())
        .into_owned()
        .collect();
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("message"), Some("We stand with you & «вместе»."));
    assert_eq!(get("email"), Some(""));
    assert_eq!(get("consent"), Some("true"));
    assert_eq!(get("form-name"), Some("support"));
    assert!(
        !request.body.contains('«'),
        "raw body must be percent-encoded"
    );
}

#[test]
fn comment_request_follows_the_json_contract() {
    let request = comment_request(
        "/api/comments",
        &NewComment {
            id: "c-1".into(),
            parent_id: Some("seed-1".into()),
            author: "Lee".into(),
            body: "<b>hi</b>".into(),
            lang: Lang::En,
        },
    );
    let body: serde_json::Value = serde_json::from_str(&request.body).expect("json body");
    assert_eq!(
        body,
        json!({"id": "c-1", "parent_id": "seed-1", "author": "Lee", "body": "<b>hi</b>", "lang": "en"})
    );
    assert_eq!(request.header("Idempotency-Key"), Some("c-1"));
}
