//! The `messages` section: backend presets and their required keys.

use super::{
    is_header_name, optional_url, string_map, ConfigError, Encoding, Expected, MessagesConfig,
    CANONICAL_MESSAGE_FIELDS, DEFAULT_TIMEOUT_MS,
};
use crate::json::{Map, Value};

/// A backend the page knows how to talk to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The page's own JSON contract (the reference server).
    Default,
    Formspree,
    Netlify,
    Web3Forms,
    ActionNetwork,
    /// Everything from `encoding`, `fields`, `extra` and `headers`.
    Generic,
}

pub const WEB3FORMS_ENDPOINT: &str = "https://api.web3forms.com/submit";
const PRESET_NAMES: [&str; 6] = [
    "default",
    "formspree",
    "netlify",
    "web3forms",
    "action-network",
    "generic",
];

/// Header names `fetch` refuses to set (the Fetch standard's forbidden request headers).
pub const FORBIDDEN_HEADERS: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

fn is_forbidden_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    FORBIDDEN_HEADERS.contains(&lower.as_str())
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-")
}

impl Preset {
    fn parse(name: &str) -> Option<Preset> {
        Some(match name {
            "default" => Preset::Default,
            "formspree" => Preset::Formspree,
            "netlify" => Preset::Netlify,
            "web3forms" => Preset::Web3Forms,
            "action-network" => Preset::ActionNetwork,
            "generic" => Preset::Generic,
            _ => return None,
        })
    }

    /// The body encoding the backend expects; only `default` and `generic` follow `encoding`.
    fn fixed_encoding(self) -> Option<Encoding> {
        match self {
            Preset::Default | Preset::Generic => None,
            Preset::Netlify => Some(Encoding::Form),
            Preset::Formspree | Preset::Web3Forms | Preset::ActionNetwork => Some(Encoding::Json),
        }
    }

    /// The honeypot field bots fill and people never see, if the backend checks one.
    pub fn honeypot_field(self) -> Option<&'static str> {
        match self {
            Preset::Formspree => Some("_gotcha"),
            Preset::Netlify => Some("bot-field"),
            Preset::Web3Forms => Some("botcheck"),
            _ => None,
        }
    }

    /// Action Network files people by email address, so it cannot be optional there.
    pub fn requires_email(self) -> bool {
        self == Preset::ActionNetwork
    }
}

fn optional_string(section: &Map, key: &str) -> Result<Option<String>, ConfigError> {
    match section.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(Some(text.trim().to_owned())),
        Some(Value::String(text)) => Err(ConfigError::invalid(&format!("messages.{key}"), text)),
        Some(_) => Err(ConfigError::wrong_type(
            &format!("messages.{key}"),
            Expected::String,
        )),
    }
}

pub(super) fn parse_messages(section: &Map) -> Result<MessagesConfig, ConfigError> {
    let preset = match section.get("preset") {
        None | Some(Value::Null) => Preset::Default,
        Some(Value::String(name)) => Preset::parse(name)
            .ok_or_else(|| ConfigError::unknown_value("messages.preset", name, &PRESET_NAMES))?,
        Some(_) => return Err(ConfigError::wrong_type("messages.preset", Expected::String)),
    };
    let default_endpoint = match preset {
        Preset::Web3Forms => Some(WEB3FORMS_ENDPOINT.to_owned()),
        Preset::Netlify => Some("/".to_owned()),
        _ => None,
    };
    let endpoint = optional_url(section, "messages.endpoint", "endpoint")?
        .or(default_endpoint)
        .ok_or_else(|| ConfigError::missing("messages.endpoint"))?;
    let encoding = match section.get("encoding") {
        None | Some(Value::Null) => Encoding::Json,
        Some(Value::String(name)) => match name.as_str() {
            "json" => Encoding::Json,
            "form" => Encoding::Form,
            other => {
                return Err(ConfigError::unknown_value(
                    "messages.encoding",
                    other,
                    &["json", "form"],
                ))
            }
        },
        Some(_) => {
            return Err(ConfigError::wrong_type(
                "messages.encoding",
                Expected::String,
            ))
        }
    };
    let encoding = preset.fixed_encoding().unwrap_or(encoding);
    let headers = string_map(section, "messages.headers", "headers")?;
    for (name, _) in &headers {
        if !is_header_name(name) || is_forbidden_header(name) {
            return Err(ConfigError::invalid("messages.headers", name));
        }
    }
    let fields = string_map(section, "messages.fields", "fields")?;
    for (canonical, backend) in &fields {
        if !CANONICAL_MESSAGE_FIELDS.contains(&canonical.as_str()) {
            return Err(ConfigError::unknown_value(
                "messages.fields",
                canonical,
                &CANONICAL_MESSAGE_FIELDS,
            ));
        }
        if backend.trim().is_empty() {
            return Err(ConfigError::invalid(
                &format!("messages.fields.{canonical}"),
                backend,
            ));
        }
    }
    let extra = match section.get("extra") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(values)) => values
            .iter()
            .map(|(key, value)| match value {
                Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                    Ok((key.clone(), value.clone()))
                }
                _ => Err(ConfigError::wrong_type(
                    &format!("messages.extra.{key}"),
                    Expected::TextValue,
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(ConfigError::wrong_type("messages.extra", Expected::Object)),
    };
    let timeout_ms = match section.get("timeout_ms") {
        None | Some(Value::Null) => DEFAULT_TIMEOUT_MS,
        Some(Value::Number(number)) => number
            .as_u64()
            .filter(|ms| (1..=600_000).contains(ms))
            .and_then(|ms| u32::try_from(ms).ok())
            .ok_or_else(|| ConfigError::wrong_type("messages.timeout_ms", Expected::Number))?,
        Some(_) => {
            return Err(ConfigError::wrong_type(
                "messages.timeout_ms",
                Expected::Number,
            ))
        }
    };
    let access_key = optional_string(section, "access_key")?;
    if preset == Preset::Web3Forms && access_key.is_none() {
        return Err(ConfigError::missing("messages.access_key"));
    }
    let tags = match section.get("tags") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|tag| {
                tag.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| ConfigError::wrong_type("messages.tags", Expected::String))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(ConfigError::wrong_type("messages.tags", Expected::String)),
    };
    Ok(MessagesConfig {
        preset,
        endpoint,
        encoding,
        headers,
        fields,
        extra,
        timeout_ms,
        access_key,
        form_name: optional_string(section, "form_name")?.unwrap_or_else(|| "support".to_owned()),
        message_field: optional_string(section, "message_field")?
            .unwrap_or_else(|| "message".to_owned()),
        tags,
        fallback_endpoints: super::safety::fallback_endpoints(section, "messages")?,
    })
}
