use super::*;
use serde_json::json;

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => panic!("not an object"),
    }
}

fn good_message() -> Value {
    json!({
        "id": "0b6f3c1e-5f0a-4a51-9d7e-7c7a4c1d2e3f",
        "name": "  Алёна  ",
        "email": "",
        "location": null,
        "message": "We stand with you",
        "lang": "ru",
        "consent": true,
        "created_at": "2026-11-23T23:00:00.000+03:00",
        "unknown": "ignored"
    })
}

fn with(mut base: Value, field: &str, value: Value) -> Map<String, Value> {
    base[field] = value;
    object(base)
}

fn failed_field(result: Result<NewMessage, Invalid>) -> &'static str {
    result.expect_err("should fail").field
}

#[test]
fn a_good_message_is_normalised() {
    let message = message(&object(good_message())).expect("valid");
    assert_eq!(message.name, "Алёна");
    assert_eq!(message.email, None);
    assert_eq!(message.location, None);
    assert_eq!(message.lang, "ru");
    assert_eq!(message.created_at.as_deref(), Some("2026-11-23T20:00:00Z"));
}

#[test]
fn each_message_field_is_checked() {
    let cases = [
        ("name", json!("   ")),
        ("name", json!(42)),
        ("name", json!("x".repeat(101))),
        ("email", json!("not-an-email")),
        ("email", json!(format!("{}@example.org", "a".repeat(250)))),
        ("location", json!("y".repeat(101))),
        ("message", json!("")),
        ("message", json!("z".repeat(2001))),
        ("lang", json!("fr")),
        ("consent", json!(false)),
        ("consent", json!("true")),
        ("created_at", json!("yesterday")),
        ("id", json!("has space")),
        ("id", json!(7)),
    ];
    for (field, value) in cases {
        assert_eq!(
            failed_field(message(&with(good_message(), field, value.clone()))),
            field,
            "{field}: {value}"
        );
    }
    let mut missing = object(good_message());
    missing.remove("consent");
    assert_eq!(failed_field(message(&missing)), "consent");
    let mut missing = object(good_message());
    missing.remove("name");
    assert_eq!(failed_field(message(&missing)), "name");
}

#[test]
fn limits_count_characters_not_bytes() {
    let long_cyrillic = "я".repeat(2000);
    assert!(message(&with(good_message(), "message", json!(long_cyrillic))).is_ok());
    assert!(message(&with(good_message(), "name", json!("ё".repeat(100)))).is_ok());
}

#[test]
fn control_characters_are_refused_except_line_breaks_in_long_text() {
    assert_eq!(
        failed_field(message(&with(good_message(), "name", json!("a\u{0}b")))),
        "name"
    );
    assert!(message(&with(
        good_message(),
        "message",
        json!("line one\r\nline two")
    ))
    .is_ok());
}

#[test]
fn emails() {
    for good in ["a@b.co", "first.last+tag@mail.example.org"] {
        assert!(looks_like_email(good), "{good}");
    }
    for bad in [
        "", "a", "a@b", "@b.co", "a@.co", "a@b.", "a b@c.de", "a@b@c.de", "a@b..co",
    ] {
        assert!(!looks_like_email(bad), "{bad}");
    }
}

#[test]
fn comments() {
    let good = json!({"id": "c-1", "parent_id": "seed-1", "author": "Lee", "body": "<b>hi</b>", "lang": "en"});
    let comment_ok = comment(&object(good.clone())).expect("valid");
    assert_eq!(comment_ok.parent_id.as_deref(), Some("seed-1"));
    assert_eq!(comment_ok.body, "<b>hi</b>");
    let failing = |field: &str, value: Value| {
        comment(&with(good.clone(), field, value))
            .expect_err("fails")
            .field
    };
    assert_eq!(failing("author", json!("")), "author");
    assert_eq!(failing("author", json!("a".repeat(81))), "author");
    assert_eq!(failing("body", json!("b".repeat(5001))), "body");
    assert_eq!(failing("parent_id", json!(1)), "parent_id");
    assert_eq!(failing("lang", json!("de")), "lang");
    assert!(comment(&with(good, "parent_id", Value::Null)).is_ok());
}

#[test]
fn fingerprints_follow_the_payload() {
    let a = message(&object(good_message())).expect("valid");
    let mut b = a.clone();
    assert_eq!(fingerprint(&a), fingerprint(&b));
    b.message.push('!');
    assert_ne!(fingerprint(&a), fingerprint(&b));
    assert_eq!(fingerprint(&a).len(), 64);
}

#[test]
fn public_times_are_to_the_minute() {
    let at = OffsetDateTime::parse("2026-12-01T12:34:56.789+03:00", &Rfc3339).expect("time");
    assert_eq!(to_minute(at), "2026-12-01T09:34:00Z");
}

#[test]
fn hostile_unicode_is_refused_by_field() {
    let cases = [
        ("name", json!("The\u{202E}FGL"), Rule::Invisible),
        ("name", json!("\u{3164}"), Rule::NoLetter),
        ("location", json!("Моск\u{200B}ва"), Rule::Invisible),
        ("message", json!("ok\rhidden"), Rule::ControlCharacters),
        (
            "message",
            json!(format!("Z{}", "\u{336}".repeat(9))),
            Rule::TooManyMarks,
        ),
    ];
    for (field, value, rule) in cases {
        let problem = message(&with(good_message(), field, value.clone())).expect_err("refused");
        assert_eq!((problem.field, problem.rule), (field, rule), "{value}");
    }
    let cleaned = message(&with(good_message(), "message", json!("a\r\nb 🏳️‍🌈"))).expect("valid");
    assert_eq!(cleaned.message, "a\nb 🏳️‍🌈");
}
