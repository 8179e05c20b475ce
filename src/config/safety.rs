//! The `safety` section (quick exit, leave no trace) and the `fallback_endpoints` lists of
//! `messages` and `comments`. Read in the same style as the other sections: a `Map` in,
//! named-key errors out.

use super::{ConfigError, Expected};
use crate::json::{Map, Value};

/// Where "Leave this page quickly" goes when the campaign does not say: Yandex's weather
/// page, the most ordinary page a reader in Russia opens (Yandex is the country's most
/// visited site, and a weather forecast says nothing about the reader).
pub const DEFAULT_EXIT_URL: &str = "https://yandex.ru/pogoda/";

/// How the page protects a reader at risk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafetyConfig {
    /// The neutral page the quick exit replaces this one with.
    pub exit_url: String,
    /// The campaign's default for "leave no trace" (the reader may change it per tab).
    pub no_trace: bool,
}

impl Default for SafetyConfig {
    fn default() -> Self {
        SafetyConfig {
            exit_url: DEFAULT_EXIT_URL.to_owned(),
            no_trace: true,
        }
    }
}

/// Reads `safety`; absent or `null` gives the defaults (no trace on).
pub(super) fn parse_safety(raw: Option<&Value>) -> Result<SafetyConfig, ConfigError> {
    let section = match raw {
        None | Some(Value::Null) => return Ok(SafetyConfig::default()),
        Some(Value::Object(section)) => section,
        Some(_) => return Err(ConfigError::wrong_type("safety", Expected::Object)),
    };
    let exit_url = match section.get("exit_url") {
        None | Some(Value::Null) => DEFAULT_EXIT_URL.to_owned(),
        Some(Value::String(url)) if is_exit_url(url.trim()) => url.trim().to_owned(),
        Some(Value::String(url)) => return Err(ConfigError::invalid("safety.exit_url", url)),
        Some(_) => return Err(ConfigError::wrong_type("safety.exit_url", Expected::Url)),
    };
    let no_trace = match section.get("no_trace") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(on)) => *on,
        Some(_) => {
            return Err(ConfigError::wrong_type(
                "safety.no_trace",
                Expected::Boolean,
            ))
        }
    };
    Ok(SafetyConfig { exit_url, no_trace })
}

/// The exit must leave the page for another site: an absolute `http(s)` address.
fn is_exit_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && !url.chars().any(char::is_whitespace)
    })
}

/// Reads `<section>.fallback_endpoints`: an ordered list of non-empty URLs.
pub(crate) fn fallback_endpoints(section: &Map, path: &str) -> Result<Vec<String>, ConfigError> {
    let key = format!("{path}.fallback_endpoints");
    match section.get("fallback_endpoints") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| match item {
                Value::String(url) if !url.trim().is_empty() => Ok(url.trim().to_owned()),
                Value::String(url) => Err(ConfigError::invalid(&format!("{key}.{index}"), url)),
                _ => Err(ConfigError::wrong_type(
                    &format!("{key}.{index}"),
                    Expected::Url,
                )),
            })
            .collect(),
        Some(_) => Err(ConfigError::wrong_type(&key, Expected::UrlList)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use json_value as json;

    #[test]
    fn safety_defaults_and_values() {
        assert_eq!(parse_safety(None), Ok(SafetyConfig::default()));
        assert_eq!(
            parse_safety(Some(&json!(null))),
            Ok(SafetyConfig::default())
        );
        let read = parse_safety(Some(
            &json!({"exit_url": " https://example.org/w ", "no_trace": false}),
        ));
        assert_eq!(
            read,
            Ok(SafetyConfig {
                exit_url: "https://example.org/w".into(),
                no_trace: false
            })
        );
    }

    #[test]
    fn broken_safety_keys_are_named() {
        let key = |value| parse_safety(Some(&value)).map_err(|e| e.key);
        assert_eq!(key(json!([])), Err("safety".into()));
        assert_eq!(key(json!({"exit_url": 3})), Err("safety.exit_url".into()));
        for bad in [
            "",
            "/relative",
            "javascript:alert(1)",
            "https://",
            "https://a b",
        ] {
            assert_eq!(
                key(json!({ "exit_url": bad })),
                Err("safety.exit_url".into()),
                "{bad}"
            );
        }
        assert_eq!(
            key(json!({"no_trace": "yes"})),
            Err("safety.no_trace".into())
        );
    }

    #[test]
    fn fallback_lists_keep_their_order_and_name_bad_items() {
        let section = |value: Value| value.as_object().cloned().unwrap_or_default();
        let read = |value| fallback_endpoints(&section(value), "messages");
        assert_eq!(read(json!({})), Ok(Vec::new()));
        assert_eq!(
            read(json!({"fallback_endpoints": ["https://b.example/m", " /m2 "]})),
            Ok(vec!["https://b.example/m".to_owned(), "/m2".to_owned()])
        );
        let key = |value| read(value).map_err(|e| e.key);
        assert_eq!(
            key(json!({"fallback_endpoints": "https://b.example"})),
            Err("messages.fallback_endpoints".into())
        );
        assert_eq!(
            key(json!({"fallback_endpoints": ["/a", 1]})),
            Err("messages.fallback_endpoints.1".into())
        );
        assert_eq!(
            key(json!({"fallback_endpoints": [" "]})),
            Err("messages.fallback_endpoints.0".into())
        );
    }
}
