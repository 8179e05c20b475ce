//! Building the HTTP request for a support message or a comment from the configuration.
//! Pure Rust, so the exact wire format is unit-tested natively.

use crate::config::{Encoding, MessagesConfig};
use crate::i18n::Lang;
use serde::Serialize;
use serde_json::{Map, Value};

/// A support message in canonical fields, as the reader sent it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SupportMessage {
    pub id: String,
    pub name: String,
    pub email: String,
    pub location: String,
    pub message: String,
    pub lang: Lang,
    pub consent: bool,
    pub created_at: String,
}

/// A new comment or reply, in the JSON contract's fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewComment {
    pub id: String,
    pub parent_id: Option<String>,
    pub author: String,
    pub body: String,
    pub lang: Lang,
}

/// Everything `fetch` needs, decided before anything touches the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl OutgoingRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

impl SupportMessage {
    /// The canonical fields in contract order; empty optional fields are `null`.
    fn canonical_fields(&self) -> Vec<(&'static str, Value)> {
        let optional = |text: &str| {
            let text = text.trim();
            if text.is_empty() {
                Value::Null
            } else {
                Value::String(text.to_owned())
            }
        };
        vec![
            ("id", Value::String(self.id.clone())),
            ("name", Value::String(self.name.trim().to_owned())),
            ("email", optional(&self.email)),
            ("location", optional(&self.location)),
            ("message", Value::String(self.message.trim().to_owned())),
            ("lang", Value::String(self.lang.code().to_owned())),
            ("consent", Value::Bool(self.consent)),
            ("created_at", Value::String(self.created_at.clone())),
        ]
    }
}

/// The request for one support message: mapped field names, constant extras, the
/// configured headers, and `Idempotency-Key` carrying the message id.
pub fn message_request(config: &MessagesConfig, message: &SupportMessage) -> OutgoingRequest {
    let backend_name = |canonical: &str| {
        config
            .fields
            .iter()
            .find(|(name, _)| name == canonical)
            .map(|(_, backend)| backend.clone())
            .unwrap_or_else(|| canonical.to_owned())
    };
    let mut fields: Vec<(String, Value)> = message
        .canonical_fields()
        .into_iter()
        .map(|(name, value)| (backend_name(name), value))
        .collect();
    fields.extend(config.extra.iter().cloned());

    let (content_type, body) = match config.encoding {
        Encoding::Json => {
            let object: Map<String, Value> = fields.into_iter().collect();
            ("application/json", Value::Object(object).to_string())
        }
        Encoding::Form => {
            let mut form = form_urlencoded::Serializer::new(String::new());
            for (name, value) in &fields {
                form.append_pair(name, &form_value(value));
            }
            ("application/x-www-form-urlencoded", form.finish())
        }
    };
    let mut headers = vec![
        ("Content-Type".to_owned(), content_type.to_owned()),
        ("Accept".to_owned(), "application/json".to_owned()),
        ("Idempotency-Key".to_owned(), message.id.clone()),
    ];
    for (name, value) in &config.headers {
        headers.retain(|(existing, _)| !existing.eq_ignore_ascii_case(name));
        headers.push((name.clone(), value.clone()));
    }
    OutgoingRequest {
        url: config.endpoint.clone(),
        headers,
        body,
    }
}

fn form_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The request for a new comment: always the JSON contract.
pub fn comment_request(endpoint: &str, comment: &NewComment) -> OutgoingRequest {
    let body = serde_json::to_string(comment).unwrap_or_default();
    OutgoingRequest {
        url: endpoint.to_owned(),
        headers: vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("Accept".to_owned(), "application/json".to_owned()),
            ("Idempotency-Key".to_owned(), comment.id.clone()),
        ],
        body,
    }
}

#[cfg(test)]
mod tests;
