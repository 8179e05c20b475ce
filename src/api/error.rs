//! What can go wrong talking to a backend, and how the reader is told.

use crate::i18n::{fill, Lang};
use crate::json::{field, field_or_default, object, tagged, untag, FromJson, ToJson, Value};

/// A failed request, classified for the reader (and, later, for retry rules).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("network error")]
    Network,
    #[error("timed out")]
    Timeout,
    #[error("HTTP {status}")]
    Http {
        status: u16,
        /// The backend's own explanation, when its body carried one.
        message: Option<String>,
        /// Per-field explanations (backend field name, message), e.g. Formspree's `errors`.
        field_errors: Vec<(String, String)>,
        /// The `Retry-After` header, as sent.
        retry_after: Option<String>,
    },
    /// A 2xx answer that says it failed (Web3Forms' `"success": false`).
    #[error("rejected")]
    Rejected(Option<String>),
    #[error("unreadable response")]
    Unreadable,
}

impl ApiError {
    /// One sentence for the status region. A backend's own message is shown as it came:
    /// backends answer in the language they were written in, and hiding it would hide the cause.
    pub fn reason(&self, lang: Lang) -> String {
        let strings = lang.strings();
        match self {
            ApiError::Network => strings.err_network.to_owned(),
            ApiError::Timeout => strings.err_timeout.to_owned(),
            ApiError::Http {
                message: Some(message),
                ..
            }
            | ApiError::Rejected(Some(message)) => message.clone(),
            ApiError::Http {
                status,
                message: None,
                ..
            } => fill(strings.err_server, &[("status", &status.to_string())]),
            ApiError::Rejected(None) => fill(strings.err_server, &[("status", "200")]),
            ApiError::Unreadable => strings.err_unreadable.to_owned(),
        }
    }
}

/// As stored in the outbox (`last_error`), in the shape serde wrote: `"Network"`,
/// `{"Http": {...}}`, `{"Rejected": "..."}`.
impl ToJson for ApiError {
    fn to_value(&self) -> Value {
        match self {
            ApiError::Network => "Network".into(),
            ApiError::Timeout => "Timeout".into(),
            ApiError::Unreadable => "Unreadable".into(),
            ApiError::Rejected(message) => tagged("Rejected", message.to_value()),
            ApiError::Http {
                status,
                message,
                field_errors,
                retry_after,
            } => tagged(
                "Http",
                object([
                    ("status", status.to_value()),
                    ("message", message.to_value()),
                    ("field_errors", field_errors.to_value()),
                    ("retry_after", retry_after.to_value()),
                ]),
            ),
        }
    }
}

impl FromJson for ApiError {
    fn from_value(value: &Value) -> Option<Self> {
        Some(match untag(value)? {
            ("Network", Value::Null) => ApiError::Network,
            ("Timeout", Value::Null) => ApiError::Timeout,
            ("Unreadable", Value::Null) => ApiError::Unreadable,
            ("Rejected", message) => ApiError::Rejected(FromJson::from_value(message)?),
            ("Http", Value::Object(map)) => ApiError::Http {
                status: field(map, "status")?,
                message: field(map, "message")?,
                field_errors: field_or_default(map, "field_errors")?,
                retry_after: field_or_default(map, "retry_after")?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_localised_and_prefer_the_servers_message() {
        let plain = ApiError::Http {
            status: 503,
            message: None,
            field_errors: Vec::new(),
            retry_after: None,
        };
        assert!(plain.reason(Lang::En).contains("503"));
        assert!(plain.reason(Lang::Ru).contains("ошибка 503"));
        let explained = ApiError::Http {
            status: 422,
            message: Some("consent must be true".into()),
            field_errors: Vec::new(),
            retry_after: None,
        };
        assert_eq!(explained.reason(Lang::Ru), "consent must be true");
        assert_ne!(
            ApiError::Timeout.reason(Lang::En),
            ApiError::Timeout.reason(Lang::Ru)
        );
    }
}
