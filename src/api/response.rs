//! Reading backends' answers: comment lists and error messages. Pure Rust.

use super::error::ApiError;
use super::request::SuccessRule;
use crate::json::{FromJson, Value};
use crate::thread::Comment;

/// Longest server error message shown to the reader; longer ones are cut.
pub const MAX_ERROR_CHARS: usize = 300;

/// The server's own explanation from `{"error": "..."}`, `{"error": {"message": ...}}`,
/// `{"message": "..."}` or `{"errors": [{"message": "..."}]}`; `None` otherwise.
pub fn server_error_message(body: &str) -> Option<String> {
    let value = crate::json::parse(body).ok()?;
    let text = |value: &Value| {
        value
            .as_str()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let from_errors = || {
        value.get("errors")?.as_array().map(|errors| {
            errors
                .iter()
                .filter_map(|error| error.get("message").and_then(text))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let message = value
        .get("error")
        .and_then(|error| text(error).or_else(|| error.get("message").and_then(text)))
        .or_else(|| from_errors().filter(|joined| !joined.is_empty()))
        .or_else(|| value.get("message").and_then(text))?;
    Some(truncate(&message, MAX_ERROR_CHARS))
}

/// Per-field messages from `{"errors": [{"field": "email", "message": "..."}]}`.
pub fn field_errors(body: &str) -> Vec<(String, String)> {
    let Ok(value) = crate::json::parse(body) else {
        return Vec::new();
    };
    let from_list = value.get("errors").and_then(Value::as_array).map(|errors| {
        errors
            .iter()
            .filter_map(|error| {
                let field = error.get("field")?.as_str()?;
                let message = error.get("message")?.as_str()?;
                Some((field.to_owned(), truncate(message, MAX_ERROR_CHARS)))
            })
            .collect::<Vec<_>>()
    });
    let single = || {
        let field = value.get("field")?.as_str()?;
        let message = value.get("error")?.as_str()?;
        Some(vec![(field.to_owned(), truncate(message, MAX_ERROR_CHARS))])
    };
    from_list
        .filter(|list| !list.is_empty())
        .or_else(single)
        .unwrap_or_default()
}

/// Decides whether an answer means the message was accepted, under the preset's rule.
pub fn judge(
    status: u16,
    body: &str,
    retry_after: Option<String>,
    rule: SuccessRule,
) -> Result<(), ApiError> {
    if (200..300).contains(&status) {
        let flagged_ok = || {
            crate::json::parse(body)
                .ok()
                .and_then(|value| value.get("success")?.as_bool())
                == Some(true)
        };
        return match rule {
            SuccessRule::AnyTwoHundred => Ok(()),
            SuccessRule::SuccessFlag if flagged_ok() => Ok(()),
            SuccessRule::SuccessFlag => Err(ApiError::Rejected(server_error_message(body))),
        };
    }
    Err(ApiError::Http {
        status,
        message: server_error_message(body),
        field_errors: field_errors(body),
        retry_after,
        lang: declared_lang(body),
    })
}

/// The language an error answer says it is written in (our server's `"lang"`).
fn declared_lang(body: &str) -> Option<crate::i18n::Lang> {
    let value = crate::json::parse(body).ok()?;
    crate::i18n::Lang::from_tag(value.get("lang")?.as_str()?)
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Reads the comment a backend returned with 201; `None` when the body is not one.
pub fn parse_stored_comment(body: &str) -> Option<Comment> {
    let value = crate::json::parse(body).ok()?;
    Comment::from_value(value.get("comment").unwrap_or(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_are_read_from_common_shapes() {
        assert_eq!(
            server_error_message(r#"{"error":"Name is required","field":"name"}"#).as_deref(),
            Some("Name is required")
        );
        assert_eq!(
            server_error_message(r#"{"errors":[{"message":"Bad email"},{"message":"Too long"}]}"#)
                .as_deref(),
            Some("Bad email Too long")
        );
        assert_eq!(
            server_error_message(r#"{"error":{"message":"nested"}}"#).as_deref(),
            Some("nested")
        );
        assert_eq!(
            server_error_message(r#"{"success":false,"message":"Invalid key"}"#).as_deref(),
            Some("Invalid key")
        );
    }

    #[test]
    fn anything_else_has_no_server_message() {
        for body in [
            "",
            "<html><body>502 Bad Gateway</body></html>",
            "null",
            "[]",
            r#"{"error":42}"#,
            r#"{"error":"  "}"#,
            r#"{"errors":[]}"#,
        ] {
            assert_eq!(server_error_message(body), None, "{body}");
        }
    }

    #[test]
    fn answers_are_judged_by_the_presets_rule() {
        assert_eq!(judge(201, "", None, SuccessRule::AnyTwoHundred), Ok(()));
        assert_eq!(judge(204, "", None, SuccessRule::AnyTwoHundred), Ok(()));
        assert_eq!(
            judge(
                200,
                r#"{"success":true,"message":"ok"}"#,
                None,
                SuccessRule::SuccessFlag
            ),
            Ok(())
        );
        assert_eq!(
            judge(
                200,
                r#"{"success":false,"message":"Invalid access key"}"#,
                None,
                SuccessRule::SuccessFlag
            ),
            Err(ApiError::Rejected(Some("Invalid access key".into())))
        );
        assert_eq!(
            judge(200, "<html>", None, SuccessRule::SuccessFlag),
            Err(ApiError::Rejected(None))
        );
        let error = judge(
            422,
            r#"{"error":"Validation errors","errors":[{"code":"TYPE_EMAIL","field":"email","message":"should be an email"}]}"#,
            Some("5".into()),
            SuccessRule::AnyTwoHundred,
        );
        assert_eq!(
            error,
            Err(ApiError::Http {
                status: 422,
                message: Some("Validation errors".into()),
                field_errors: vec![("email".into(), "should be an email".into())],
                retry_after: Some("5".into()),
                lang: None,
            })
        );
    }

    #[test]
    fn the_reference_servers_field_error_is_read() {
        assert_eq!(
            field_errors(r#"{"error":"consent must be true","field":"consent"}"#),
            vec![("consent".to_owned(), "consent must be true".to_owned())]
        );
        assert!(field_errors("not json").is_empty());
    }

    #[test]
    fn long_messages_are_cut() {
        let body = serde_json::json!({"error": "я".repeat(1000)}).to_string();
        let message = server_error_message(&body).expect("message");
        assert_eq!(message.chars().count(), MAX_ERROR_CHARS + 1);
    }
}
