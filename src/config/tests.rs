use super::*;
use serde_json::json;

fn parse(value: serde_json::Value) -> Result<Config, ConfigError> {
    Config::from_text(&value.to_string(), &Overrides::default())
}

#[test]
fn a_full_config_is_read() {
    let config = parse(json!({
        "default_lang": "ru",
        "messages": {
            "endpoint": "https://campaign.example/api/messages",
            "encoding": "form",
            "headers": {"X-Campaign": "ru-2013"},
            "fields": {"message": "body", "name": "full_name"},
            "extra": {"campaign": "solidarity", "year": 2013},
            "timeout_ms": 5000
        },
        "comments": {"endpoint": null, "static": "comments.json"}
    }))
    .expect("valid config");
    assert_eq!(config.default_lang, Some(Lang::Ru));
    assert_eq!(config.messages.encoding, Encoding::Form);
    assert_eq!(config.messages.timeout_ms, 5000);
    assert_eq!(
        config.messages.headers,
        vec![("X-Campaign".to_owned(), "ru-2013".to_owned())]
    );
    assert!(config
        .messages
        .fields
        .contains(&("message".to_owned(), "body".to_owned())));
    assert_eq!(config.messages.extra.len(), 2);
    assert_eq!(config.comments.endpoint, None);
    assert_eq!(config.comments.static_url.as_deref(), Some("comments.json"));
}

#[test]
fn defaults_fill_optional_keys() {
    let config = parse(json!({"messages": {"endpoint": "/api/messages"}})).expect("valid");
    assert_eq!(config.default_lang, None);
    assert_eq!(config.messages.encoding, Encoding::Json);
    assert_eq!(config.messages.timeout_ms, DEFAULT_TIMEOUT_MS);
    assert_eq!(config.comments, CommentsConfig::default());
}

#[test]
fn errors_name_the_key_and_the_expectation() {
    let cases = [
        (json!({}), "messages", Problem::Missing),
        (
            json!({"messages": {}}),
            "messages.endpoint",
            Problem::Missing,
        ),
        (
            json!({"messages": {"endpoint": 42}}),
            "messages.endpoint",
            Problem::WrongType(Expected::UrlOrNull),
        ),
        (
            json!({"messages": "https://x.example"}),
            "messages",
            Problem::WrongType(Expected::Object),
        ),
        (
            json!({"messages": {"endpoint": "/m", "encoding": "xml"}}),
            "messages.encoding",
            Problem::UnknownValue {
                value: "xml".into(),
                allowed: "json, form".into(),
            },
        ),
        (
            json!({"messages": {"endpoint": "/m", "timeout_ms": "fast"}}),
            "messages.timeout_ms",
            Problem::WrongType(Expected::Number),
        ),
        (
            json!({"messages": {"endpoint": "/m", "timeout_ms": -1}}),
            "messages.timeout_ms",
            Problem::WrongType(Expected::Number),
        ),
        (
            json!({"messages": {"endpoint": "/m", "headers": {"X-A": 1}}}),
            "messages.headers.X-A",
            Problem::WrongType(Expected::String),
        ),
        (
            json!({"messages": {"endpoint": "/m", "headers": {"Bad Header": "v"}}}),
            "messages.headers",
            Problem::Invalid("Bad Header".into()),
        ),
        (
            json!({"messages": {"endpoint": "/m", "extra": {"a": [1]}}}),
            "messages.extra.a",
            Problem::WrongType(Expected::TextValue),
        ),
        (
            json!({"messages": {"endpoint": "/m"}, "default_lang": "de"}),
            "default_lang",
            Problem::UnknownValue {
                value: "de".into(),
                allowed: "en, ru".into(),
            },
        ),
        (
            json!({"messages": {"endpoint": "/m"}, "comments": []}),
            "comments",
            Problem::WrongType(Expected::Object),
        ),
    ];
    for (raw, key, problem) in cases {
        let error = parse(raw.clone()).expect_err(&raw.to_string());
        assert_eq!(error, ConfigError::new(key, problem), "{raw}");
    }
}

#[test]
fn unknown_canonical_field_in_mapping_is_reported() {
    let error = parse(json!({"messages": {"endpoint": "/m", "fields": {"phone": "tel"}}}))
        .expect_err("phone is not a canonical field");
    assert_eq!(error.key, "messages.fields");
}

#[test]
fn malformed_files_are_reported_not_panicked() {
    for text in [
        "",
        "{",
        "[]",
        "null",
        "\"config\"",
        "<html>404</html>",
        "{\"a\":1}x",
    ] {
        let error = Config::from_text(text, &Overrides::default()).expect_err(text);
        assert!(!error.message(Lang::En).is_empty());
        assert!(!error.message(Lang::Ru).is_empty());
    }
}

#[test]
fn attributes_override_the_file() {
    let overrides = Overrides {
        config_url: None,
        lang: Some("ru".into()),
        messages_endpoint: Some("https://partner.example/messages".into()),
        comments_endpoint: Some("https://partner.example/comments".into()),
    };
    let text = json!({"default_lang": "en", "messages": {"endpoint": "/api/messages", "encoding": "form"}}).to_string();
    let config = Config::from_text(&text, &overrides).expect("valid");
    assert_eq!(config.default_lang, Some(Lang::Ru));
    assert_eq!(config.messages.endpoint, "https://partner.example/messages");
    assert_eq!(config.messages.encoding, Encoding::Form);
    assert_eq!(
        config.comments.endpoint.as_deref(),
        Some("https://partner.example/comments")
    );
}

#[test]
fn an_endpoint_attribute_completes_a_file_without_messages() {
    let overrides = Overrides {
        messages_endpoint: Some("/m".into()),
        ..Overrides::default()
    };
    let config = Config::from_text("{}", &overrides).expect("attribute supplies the endpoint");
    assert_eq!(config.messages.endpoint, "/m");
}

#[test]
fn messages_are_localised_and_name_the_key() {
    let error = ConfigError::missing("messages.endpoint");
    assert!(error.message(Lang::En).contains("messages.endpoint"));
    assert!(error.message(Lang::Ru).contains("messages.endpoint"));
    assert!(error.message(Lang::Ru).contains("настроен"));
}
