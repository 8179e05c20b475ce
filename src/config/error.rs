//! Configuration errors that name the key and what was expected, in either language.

use crate::i18n::{fill, Lang};

/// What kind of value a key should have held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    String,
    Url,
    UrlOrNull,
    Object,
    Number,
    Boolean,
    TextValue,
    /// A list of URLs (`fallback_endpoints`).
    UrlList,
}

/// What is wrong with a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Missing,
    WrongType(Expected),
    UnknownValue {
        value: String,
        allowed: String,
    },
    Invalid(String),
    /// The file is not JSON; carries the parser's message.
    Unreadable(String),
    /// The file could not be fetched; carries the reason.
    NotLoaded(String),
}

/// A configuration error: the dotted key (`messages.endpoint`) and its problem.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub struct ConfigError {
    pub key: String,
    pub problem: Problem,
}

impl ConfigError {
    pub fn new(key: &str, problem: Problem) -> Self {
        ConfigError {
            key: key.to_owned(),
            problem,
        }
    }
    pub fn missing(key: &str) -> Self {
        Self::new(key, Problem::Missing)
    }
    pub fn wrong_type(key: &str, expected: Expected) -> Self {
        Self::new(key, Problem::WrongType(expected))
    }
    pub fn unknown_value(key: &str, value: &str, allowed: &[&str]) -> Self {
        Self::new(
            key,
            Problem::UnknownValue {
                value: value.to_owned(),
                allowed: allowed.join(", "),
            },
        )
    }
    pub fn invalid(key: &str, value: &str) -> Self {
        Self::new(key, Problem::Invalid(value.to_owned()))
    }
    pub fn not_loaded(url: &str, reason: &str) -> Self {
        Self::new(url, Problem::NotLoaded(reason.to_owned()))
    }

    /// The full sentence shown in the widget, in the reader's language.
    pub fn message(&self, lang: Lang) -> String {
        let strings = lang.strings();
        let key = if self.key.is_empty() {
            "(root)"
        } else {
            self.key.as_str()
        };
        let detail = match &self.problem {
            Problem::Missing => fill(strings.config_missing, &[("key", key)]),
            Problem::WrongType(expected) => {
                let expected = match expected {
                    Expected::String => strings.expected_string,
                    Expected::Url => strings.expected_url,
                    Expected::UrlOrNull => strings.expected_string_or_null,
                    Expected::Object => strings.expected_object,
                    Expected::Number => strings.expected_number,
                    Expected::Boolean => strings.expected_boolean,
                    Expected::TextValue => strings.expected_text_value,
                    Expected::UrlList => strings.expected_url_list,
                };
                fill(
                    strings.config_wrong_type,
                    &[("key", key), ("expected", expected)],
                )
            }
            Problem::UnknownValue { value, allowed } => fill(
                strings.config_unknown_value,
                &[("key", key), ("value", value), ("allowed", allowed)],
            ),
            Problem::Invalid(value) => {
                fill(strings.config_invalid, &[("key", key), ("value", value)])
            }
            Problem::Unreadable(reason) => fill(strings.config_unreadable, &[("value", reason)]),
            Problem::NotLoaded(reason) => fill(
                strings.config_not_loaded,
                &[("key", key), ("value", reason)],
            ),
        };
        fill(strings.config_error, &[("detail", &detail)])
    }
}
