//! The configuration schema partners rely on, its precedence and its validation.
//!
//! Precedence: attributes on the host element > the `data-config` file (or `config.json`)
//! > defaults. Pure Rust: the browser adapter only fetches the file and reads attributes.

mod error;
mod messages;
mod safety;
mod wall;

pub use error::{ConfigError, Expected, Problem};

use crate::i18n::Lang;
use crate::json::{Map, Value};

use messages::parse_messages;
pub use messages::{Preset, FORBIDDEN_HEADERS, WEB3FORMS_ENDPOINT};
pub use safety::{SafetyConfig, DEFAULT_EXIT_URL};
pub use wall::WallConfig;

/// How a support message is encoded in the request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Form,
}

/// Where and how support messages are sent.
#[derive(Clone, Debug, PartialEq)]
pub struct MessagesConfig {
    pub preset: Preset,
    pub endpoint: String,
    pub encoding: Encoding,
    /// Extra request headers, in the order given.
    pub headers: Vec<(String, String)>,
    /// Canonical field name -> the backend's field name.
    pub fields: Vec<(String, String)>,
    /// Constant fields added to every message.
    pub extra: Vec<(String, Value)>,
    pub timeout_ms: u32,
    /// Web3Forms' public access key.
    pub access_key: Option<String>,
    /// Netlify's `form-name`.
    pub form_name: String,
    /// Action Network: the custom field that carries the message.
    pub message_field: String,
    /// Action Network: tags added to the person.
    pub tags: Vec<String>,
    /// Tried in order when `endpoint` cannot be reached (same preset, same request).
    pub fallback_endpoints: Vec<String>,
}

/// Where comments are read from and posted to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommentsConfig {
    /// Read and post here; `None` means the thread is read-only.
    pub endpoint: Option<String>,
    /// A JSON file with read-only comments, used when there is no endpoint or it fails.
    pub static_url: Option<String>,
    /// Tried in order when `endpoint` cannot be reached.
    pub fallback_endpoints: Vec<String>,
}

/// A validated configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub default_lang: Option<Lang>,
    pub messages: MessagesConfig,
    pub comments: CommentsConfig,
    pub safety: SafetyConfig,
    /// The wall of support; `None` hides it.
    pub wall: Option<WallConfig>,
}

/// Values given as attributes on the host element; each wins over the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub config_url: Option<String>,
    pub lang: Option<String>,
    pub messages_endpoint: Option<String>,
    pub comments_endpoint: Option<String>,
}

pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
pub const DEFAULT_CONFIG_URL: &str = "config.json";
pub const CANONICAL_MESSAGE_FIELDS: [&str; 8] = [
    "id",
    "name",
    "email",
    "location",
    "message",
    "lang",
    "consent",
    "created_at",
];

impl Overrides {
    /// Writes the attribute values into the raw file so that one validation covers both.
    pub fn apply(&self, raw: &mut Value) {
        let Value::Object(raw) = raw else {
            return;
        };
        if let Some(lang) = &self.lang {
            raw.insert("default_lang", Value::String(lang.clone()));
        }
        if let Some(endpoint) = &self.messages_endpoint {
            ensure_object(raw, "messages").insert("endpoint", Value::String(endpoint.clone()));
        }
        if let Some(endpoint) = &self.comments_endpoint {
            ensure_object(raw, "comments").insert("endpoint", Value::String(endpoint.clone()));
        }
    }
}

fn ensure_object<'a>(raw: &'a mut Map, key: &str) -> &'a mut Map {
    if !raw.get(key).is_some_and(Value::is_object) {
        raw.insert(key, Value::Object(Map::new()));
    }
    match raw.get_mut(key) {
        Some(Value::Object(section)) => section,
        _ => unreachable!("inserted above"),
    }
}

impl MessagesConfig {
    /// The backend's name for a canonical field (`messages.fields`, else the same name).
    pub fn backend_name(&self, canonical: &str) -> String {
        self.fields
            .iter()
            .find(|(name, _)| name == canonical)
            .map(|(_, backend)| backend.clone())
            .unwrap_or_else(|| canonical.to_owned())
    }
}

impl Config {
    /// Parses the text of a config file, applies the attribute overrides and validates.
    pub fn from_text(text: &str, overrides: &Overrides) -> Result<Config, ConfigError> {
        let mut raw = crate::json::parse(text)
            .map_err(|err| ConfigError::new("", Problem::Unreadable(err)))?;
        if !raw.is_object() {
            return Err(ConfigError::wrong_type("", Expected::Object));
        }
        overrides.apply(&mut raw);
        Config::from_value(&raw)
    }

    /// Validates an already parsed configuration object.
    pub fn from_value(raw: &Value) -> Result<Config, ConfigError> {
        let default_lang =
            match raw.get("default_lang") {
                None | Some(Value::Null) => None,
                Some(Value::String(code)) => Some(Lang::from_tag(code).ok_or_else(|| {
                    ConfigError::unknown_value("default_lang", code, &["en", "ru"])
                })?),
                Some(_) => return Err(ConfigError::wrong_type("default_lang", Expected::String)),
            };
        let messages = match raw.get("messages") {
            None | Some(Value::Null) => return Err(ConfigError::missing("messages")),
            Some(Value::Object(section)) => parse_messages(section)?,
            Some(_) => return Err(ConfigError::wrong_type("messages", Expected::Object)),
        };
        let comments = match raw.get("comments") {
            None | Some(Value::Null) => CommentsConfig::default(),
            Some(Value::Object(section)) => CommentsConfig {
                endpoint: optional_url(section, "comments.endpoint", "endpoint")?,
                static_url: optional_url(section, "comments.static", "static")?,
                fallback_endpoints: safety::fallback_endpoints(section, "comments")?,
            },
            Some(_) => return Err(ConfigError::wrong_type("comments", Expected::Object)),
        };
        let safety = safety::parse_safety(raw.get("safety"))?;
        Ok(Config {
            default_lang,
            messages,
            comments,
            safety,
            wall: wall::parse_wall(raw)?,
        })
    }
}

pub(crate) fn optional_url(
    section: &Map,
    path: &str,
    key: &str,
) -> Result<Option<String>, ConfigError> {
    match section.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(url)) if url.trim().is_empty() => Err(ConfigError::invalid(path, url)),
        Some(Value::String(url)) => Ok(Some(url.trim().to_owned())),
        Some(_) => Err(ConfigError::wrong_type(path, Expected::UrlOrNull)),
    }
}

pub(crate) fn string_map(
    section: &Map,
    path: &str,
    key: &str,
) -> Result<Vec<(String, String)>, ConfigError> {
    match section.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(values)) => values
            .iter()
            .map(|(name, value)| match value {
                Value::String(text) => Ok((name.clone(), text.clone())),
                _ => Err(ConfigError::wrong_type(
                    &format!("{path}.{name}"),
                    Expected::String,
                )),
            })
            .collect(),
        Some(_) => Err(ConfigError::wrong_type(path, Expected::Object)),
    }
}

/// An HTTP token (RFC 9110), the only thing `fetch` accepts as a header name.
pub(crate) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests;
