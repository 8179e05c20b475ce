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
    let request = message_request(
        &config(json!({"endpoint": "/api/messages"})),
        &message(),
        "",
    );
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
        "",
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
        "",
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
        "k-secret",
    );
    let body: serde_json::Value = serde_json::from_str(&request.body).expect("json body");
    assert_eq!(
        body,
        json!({"id": "c-1", "parent_id": "seed-1", "author": "Lee", "body": "<b>hi</b>", "lang": "en"})
    );
    assert_eq!(request.header("Idempotency-Key"), Some("k-secret"));
    // The server words its errors in the page's language, even those it sends unread.
    assert_eq!(request.header("Accept-Language"), Some("en"));
}

fn json_body(request: &OutgoingRequest) -> serde_json::Value {
    serde_json::from_str(&request.body).expect("json body")
}

#[test]
fn formspree_posts_json_with_the_honeypot_and_no_idempotency_header() {
    let request = message_request(
        &config(json!({"preset": "formspree", "endpoint": "https://formspree.io/f/xyzzy"})),
        &message(),
        "",
    );
    assert_eq!(request.url, "https://formspree.io/f/xyzzy");
    assert_eq!(request.header("Accept"), Some("application/json"));
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(request.header("Idempotency-Key"), None);
    let body = json_body(&request);
    assert_eq!(body["_gotcha"], "");
    assert_eq!(body["message"], "We stand with you & «вместе».");
    assert_eq!(request.success, SuccessRule::AnyTwoHundred);
}

#[test]
fn netlify_posts_a_form_with_its_form_name() {
    let request = message_request(
        &config(json!({"preset": "netlify", "form_name": "solidarity", "encoding": "json"})),
        &message(),
        "",
    );
    assert_eq!(request.url, "/");
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    let pairs: Vec<(String, String)> = form_urlencoded::parse(request.body.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(pairs[0], ("form-name".to_owned(), "solidarity".to_owned()));
    assert!(pairs.contains(&("bot-field".to_owned(), String::new())));
    assert!(pairs.contains(&("name".to_owned(), "Анна".to_owned())));
}

#[test]
fn web3forms_sends_the_access_key_and_reads_the_success_flag() {
    let request = message_request(
        &config(json!({"preset": "web3forms", "access_key": "public-key-123"})),
        &message(),
        "",
    );
    assert_eq!(request.url, crate::config::WEB3FORMS_ENDPOINT);
    let body = json_body(&request);
    assert_eq!(body["access_key"], "public-key-123");
    assert_eq!(body["message"], "We stand with you & «вместе».");
    assert_eq!(request.success, SuccessRule::SuccessFlag);
}

#[test]
fn action_network_builds_an_osdi_submission() {
    let mut with_email = message();
    with_email.email = "anna@example.org".into();
    let request = message_request(
        &config(json!({
            "preset": "action-network",
            "endpoint": "https://actionnetwork.org/api/v2/forms/abc/submissions",
            "message_field": "support_message",
            "tags": ["solidarity-2013"]
        })),
        &with_email,
        "",
    );
    let body = json_body(&request);
    assert_eq!(body["person"]["given_name"], "Анна");
    assert_eq!(
        body["person"]["email_addresses"][0]["address"],
        "anna@example.org"
    );
    assert_eq!(
        body["person"]["postal_addresses"][0]["locality"],
        "Manchester"
    );
    assert_eq!(
        body["person"]["custom_fields"]["support_message"],
        "We stand with you & «вместе»."
    );
    assert_eq!(body["add_tags"], json!(["solidarity-2013"]));
    assert!(body.get("message").is_none());
}

#[test]
fn preset_configuration_errors_are_caught_before_sending() {
    let error = |messages: serde_json::Value| {
        Config::from_text(
            &json!({ "messages": messages }).to_string(),
            &Overrides::default(),
        )
        .expect_err("invalid")
    };
    assert_eq!(
        error(json!({"preset": "mailchimp", "endpoint": "/x"})).key,
        "messages.preset"
    );
    assert_eq!(
        error(json!({"preset": "web3forms"})).key,
        "messages.access_key"
    );
    assert_eq!(
        error(json!({"preset": "formspree"})).key,
        "messages.endpoint"
    );
    assert_eq!(
        error(json!({"preset": "action-network"})).key,
        "messages.endpoint"
    );
    for forbidden in [
        "Cookie",
        "Origin",
        "Referer",
        "Host",
        "Content-Length",
        "Sec-Fetch-Mode",
        "Proxy-Authorization",
    ] {
        let problem = error(json!({"endpoint": "/x", "headers": { forbidden: "v" }}));
        assert_eq!(problem.key, "messages.headers", "{forbidden}");
    }
}
