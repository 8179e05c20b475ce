//! Reading backends' answers: comment lists and error messages. Pure Rust.

use super::error::ApiError;
use super::request::SuccessRule;
use crate::thread::Comment;
use serde::Deserialize;
use serde_json::Value;

/// Longest server error message shown to the reader; longer ones are cut.
pub const MAX_ERROR_CHARS: usize = 300;

/// The server's own explanation from `{"error": "..."}`, `{"error": {"message": ...}}`,
/// `{"message": "..."}` or `{"errors": [{"message": "..."}]}`; `None` otherwise.
pub fn server_error_message(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
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
    let Ok(value) = serde_json::from_str::<Value>(body) else {
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
            serde_json::from_str::<Value>(body)
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
    })
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

type RawEntries<'a> = Vec<&'a serde_json::value::RawValue>;

#[derive(Deserialize)]
struct Wrapped<'a> {
    #[serde(borrow)]
    comments: RawEntries<'a>,
}

/// Why a comment list could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotACommentList;

/// JSON from JavaScript may carry lone UTF-16 surrogates (`"\ud800"`), which are not
/// Unicode and which serde_json rejects, failing the whole document. Replace each lone
/// surrogate escape with U+FFFD so one hostile comment cannot hide the others.
pub fn replace_lone_surrogates(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.contains("\\u") && !json.contains("\\U") {
        return std::borrow::Cow::Borrowed(json);
    }
    let hex_at = |bytes: &[u8], at: usize| -> Option<u16> {
        let digits = std::str::from_utf8(bytes.get(at..at + 4)?).ok()?;
        u16::from_str_radix(digits, 16).ok()
    };
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let Some(unit) = hex_at(bytes, i + 2) else {
            i += 2;
            continue;
        };
        let low_follows = bytes.get(i + 6) == Some(&b'\\')
            && bytes.get(i + 7) == Some(&b'u')
            && hex_at(bytes, i + 8).is_some_and(|next| (0xDC00..=0xDFFF).contains(&next));
        let lone = match unit {
            0xD800..=0xDBFF => !low_follows,
            0xDC00..=0xDFFF => true,
            _ => false,
        };
        if lone {
            out.push_str(&json[copied..i]);
            out.push_str("\\ufffd");
            copied = i + 6;
            i += 6;
        } else if (0xD800..=0xDBFF).contains(&unit) {
            i += 12;
        } else {
            i += 6;
        }
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(json);
    }
    out.push_str(&json[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Reads `{"comments": [...]}` or a bare array. Entries without an id, author or body
/// (or with the wrong types) are skipped rather than failing the whole thread.
pub fn parse_comment_list(body: &str) -> Result<Vec<Comment>, NotACommentList> {
    let text = replace_lone_surrogates(body);
    // Each entry is kept as raw JSON and read on its own, so a malformed one is skipped
    // without building a `Value` tree for the whole (possibly large) list.
    let entries: RawEntries = match serde_json::from_str::<Wrapped>(&text) {
        Ok(wrapped) => wrapped.comments,
        Err(_) => serde_json::from_str(&text).map_err(|_| NotACommentList)?,
    };
    Ok(entries
        .into_iter()
        .filter_map(|entry| serde_json::from_str::<Comment>(entry.get()).ok())
        .filter(|comment| !comment.id.is_empty())
        .collect())
}

/// The cursor for the next page, from `{"next": "..."}`; `None` on the last page.
pub fn next_cursor(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    match value.get("next")? {
        Value::String(cursor) if !cursor.is_empty() => Some(cursor.clone()),
        Value::Number(cursor) => Some(cursor.to_string()),
        _ => None,
    }
}

/// Reads the comment a backend returned with 201; `None` when the body is not one.
pub fn parse_stored_comment(body: &str) -> Option<Comment> {
    let value: Value = serde_json::from_str(body).ok()?;
    let inner = value.get("comment").cloned().unwrap_or(value);
    serde_json::from_value(inner).ok()
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
    fn lone_surrogates_do_not_fail_the_thread() {
        let body = r#"[{"id":"1","author":"\ud800","body":"a\udc00b \ud83d\ude00 \\ud800"},{"id":"2","author":"B","body":"ok"}]"#;
        let comments = parse_comment_list(body).expect("readable");
        assert_eq!(comments.len(), 2);
        assert_eq!(comments[0].author, "\u{fffd}");
        assert_eq!(comments[0].body, "a\u{fffd}b 😀 \\ud800");
        assert_eq!(
            replace_lone_surrogates(r#"{"a":"\u0041"}"#),
            r#"{"a":"\u0041"}"#
        );
    }

    #[test]
    fn long_messages_are_cut() {
        let body = serde_json::json!({"error": "я".repeat(1000)}).to_string();
        let message = server_error_message(&body).expect("message");
        assert_eq!(message.chars().count(), MAX_ERROR_CHARS + 1);
    }

    #[test]
    fn comment_lists_wrapped_or_bare() {
        let wrapped = r#"{"comments":[{"id":"1","parent_id":null,"author":"Lee","body":"hi","created_at":"2013-07-31T10:00:00Z"}],"next":null}"#;
        let bare = r#"[{"id":"1","author":"Lee","body":"hi"}]"#;
        assert_eq!(parse_comment_list(wrapped).map(|c| c.len()), Ok(1));
        assert_eq!(
            parse_comment_list(bare).map(|c| c[0].author.clone()),
            Ok("Lee".into())
        );
    }

    #[test]
    fn malformed_entries_are_skipped_and_wrong_shapes_rejected() {
        let mixed = r#"[{"id":"1","author":"A","body":"ok"},{"id":2,"author":"B","body":"x"},{"author":"C"},"str",{"id":"","author":"D","body":"e"}]"#;
        assert_eq!(parse_comment_list(mixed).map(|c| c.len()), Ok(1));
        for body in ["", "{}", r#"{"comments":"no"}"#, "<html>", "42"] {
            assert_eq!(parse_comment_list(body), Err(NotACommentList), "{body}");
        }
    }
}
