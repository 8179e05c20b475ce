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
        /// The language `message` and `field_errors` are written in, when the answer says
        /// (our server's `"lang"`); `None` means not said, taken as English.
        lang: Option<Lang>,
    },
    /// A 2xx answer that says it failed (Web3Forms' `"success": false`).
    #[error("rejected")]
    Rejected(Option<String>),
    #[error("unreadable response")]
    Unreadable,
}

impl ApiError {
    /// One sentence for the status region after a send. A backend's own message is shown
    /// only when it is in the reader's language (a backend that does not say is taken to
    /// answer in English), so no English sentence lands inside a Russian one.
    pub fn reason(&self, lang: Lang) -> String {
        self.explained(lang, lang.strings().err_server)
    }

    /// The same for a failed load: "the server answered with error N", not "could not
    /// accept it" (nothing was sent).
    pub fn load_reason(&self, lang: Lang) -> String {
        self.explained(lang, lang.strings().err_load)
    }

    /// The backend's own message when it is in `lang`; `None` otherwise.
    pub fn message_in(&self, lang: Lang) -> Option<&str> {
        match self {
            ApiError::Http {
                message: Some(message),
                lang: said,
                ..
            } if said.unwrap_or(Lang::En) == lang => Some(message),
            ApiError::Rejected(Some(message)) if lang == Lang::En => Some(message),
            _ => None,
        }
    }

    fn explained(&self, lang: Lang, http_template: &str) -> String {
        let strings = lang.strings();
        if let Some(message) = self.message_in(lang) {
            return after_colon(lang, message);
        }
        match self {
            ApiError::Network => strings.err_network.to_owned(),
            ApiError::Timeout => strings.err_timeout.to_owned(),
            ApiError::Http { status, .. } => {
                fill(http_template, &[("status", &status.to_string())])
            }
            ApiError::Rejected(_) => fill(http_template, &[("status", "200")]),
            ApiError::Unreadable => strings.err_unreadable.to_owned(),
        }
    }
}

/// A server's sentence as it reads after the colon of ours: in Russian, a capital that
/// only starts the sentence (not an abbreviation such as «ЛГБТ») becomes lowercase.
/// It also ends with a full stop, so the sentence after it does not run into it.
fn after_colon(lang: Lang, message: &str) -> String {
    let first_word = message
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let abbreviation =
        first_word.chars().count() > 1 && !first_word.chars().any(char::is_lowercase);
    let mut chars = message.chars();
    let mut text: String = match (lang, chars.next()) {
        (Lang::Ru, Some(first)) if !abbreviation => first.to_lowercase().chain(chars).collect(),
        _ => message.to_owned(),
    };
    if !text.ends_with(['.', '!', '?', '…']) {
        text.push('.');
    }
    text
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
                lang,
            } => {
                let mut fields = vec![
                    ("status", status.to_value()),
                    ("message", message.to_value()),
                    ("field_errors", field_errors.to_value()),
                    ("retry_after", retry_after.to_value()),
                ];
                // Written only when said, so the stored shape is the one older pages wrote.
                if let Some(lang) = lang {
                    fields.push(("lang", lang.to_value()));
                }
                tagged("Http", object(fields))
            }
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
                lang: field_or_default(map, "lang")?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, message: Option<&str>, lang: Option<Lang>) -> ApiError {
        ApiError::Http {
            status,
            message: message.map(str::to_owned),
            field_errors: Vec::new(),
            retry_after: None,
            lang,
        }
    }

    #[test]
    fn reasons_are_localised_and_prefer_the_servers_message_in_the_readers_language() {
        let plain = http(503, None, None);
        assert!(plain.reason(Lang::En).contains("503"));
        assert!(plain.reason(Lang::Ru).contains("ошибка 503"));
        let english = http(422, Some("consent must be true"), None);
        assert_eq!(english.reason(Lang::En), "consent must be true.");
        assert_eq!(
            english.reason(Lang::Ru),
            "сервер отклонил запрос (ошибка 422)."
        );
        let russian = http(429, Some("Слишком много запросов."), Some(Lang::Ru));
        assert_eq!(russian.reason(Lang::Ru), "слишком много запросов.");
        let abbreviation = http(422, Some("ЛГБТ: нет."), Some(Lang::Ru));
        assert_eq!(abbreviation.reason(Lang::Ru), "ЛГБТ: нет.");
        let one_letter = http(
            429,
            Some("С вашего подключения много запросов"),
            Some(Lang::Ru),
        );
        assert_eq!(
            one_letter.reason(Lang::Ru),
            "с вашего подключения много запросов."
        );
        assert!(russian.reason(Lang::En).contains("429"));
        assert_eq!(
            ApiError::Rejected(Some("Bad key".into())).reason(Lang::Ru),
            "сервер отклонил запрос (ошибка 200)."
        );
        assert_ne!(
            ApiError::Timeout.reason(Lang::En),
            ApiError::Timeout.reason(Lang::Ru)
        );
    }

    #[test]
    fn a_failed_load_does_not_say_the_server_refused_something() {
        let failed = http(500, None, None);
        assert_eq!(failed.load_reason(Lang::Ru), "сервер вернул ошибку 500.");
        assert_eq!(
            failed.load_reason(Lang::En),
            "the server answered with error 500."
        );
        assert_ne!(failed.load_reason(Lang::Ru), failed.reason(Lang::Ru));
    }
}
