//! Building the HTTP request for a support message or a comment from the configuration.
//! Pure Rust, so the exact wire format is unit-tested natively.

use crate::config::{Encoding, MessagesConfig, Preset};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    pub id: String,
    pub parent_id: Option<String>,
    pub author: String,
    pub body: String,
    pub lang: Lang,
}

/// How a backend says a message was accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuccessRule {
    /// Any 2xx.
    #[default]
    AnyTwoHundred,
    /// A 2xx whose JSON body has `"success": true` (Web3Forms).
    SuccessFlag,
}

/// Everything `fetch` needs, decided before anything touches the network. It is stored
/// in the outbox as it is, so a retry sends exactly the same bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    #[serde(default)]
    pub success: SuccessRule,
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

/// The request for one support message under the configured preset: mapped field names,
/// constant extras, the configured headers and, for backends that accept it (the page's
/// own contract), `Idempotency-Key` carrying the message id. `honeypot` is whatever a bot
/// typed into the invisible field (normally empty).
pub fn message_request(
    config: &MessagesConfig,
    message: &SupportMessage,
    honeypot: &str,
) -> OutgoingRequest {
    let backend_name = |canonical: &str| config.backend_name(canonical);
    let mut fields: Vec<(String, Value)> = match config.preset {
        Preset::ActionNetwork => vec![
            action_network_body(config, message),
            ("add_tags".to_owned(), serde_json::json!(config.tags)),
        ],
        _ => message
            .canonical_fields()
            .into_iter()
            .map(|(name, value)| (backend_name(name), value))
            .collect(),
    };
    match config.preset {
        Preset::Netlify => fields.insert(
            0,
            (
                "form-name".to_owned(),
                Value::String(config.form_name.clone()),
            ),
        ),
        Preset::Web3Forms => {
            let key = config.access_key.clone().unwrap_or_default();
            fields.insert(0, ("access_key".to_owned(), Value::String(key)));
        }
        _ => {}
    }
    if let Some(field) = config.preset.honeypot_field() {
        fields.push((field.to_owned(), Value::String(honeypot.to_owned())));
    }
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
    ];
    // Third-party services do not list Idempotency-Key in their CORS rules, and a
    // header they do not allow would block the request, so only our contract gets it.
    if matches!(config.preset, Preset::Default | Preset::Generic) {
        headers.push(("Idempotency-Key".to_owned(), message.id.clone()));
    }
    for (name, value) in &config.headers {
        headers.retain(|(existing, _)| !existing.eq_ignore_ascii_case(name));
        headers.push((name.clone(), value.clone()));
    }
    OutgoingRequest {
        url: config.endpoint.clone(),
        headers,
        body,
        success: if config.preset == Preset::Web3Forms {
            SuccessRule::SuccessFlag
        } else {
            SuccessRule::AnyTwoHundred
        },
    }
}

/// The OSDI form submission: a person with optional email and locality, the message in a
/// custom field (with the message id and language beside it).
fn action_network_body(config: &MessagesConfig, message: &SupportMessage) -> (String, Value) {
    let mut person = Map::new();
    person.insert(
        "given_name".into(),
        Value::String(message.name.trim().to_owned()),
    );
    if !message.email.trim().is_empty() {
        person.insert(
            "email_addresses".into(),
            serde_json::json!([{ "address": message.email.trim() }]),
        );
    }
    if !message.location.trim().is_empty() {
        person.insert(
            "postal_addresses".into(),
            serde_json::json!([{ "locality": message.location.trim() }]),
        );
    }
    person.insert(
        "custom_fields".into(),
        serde_json::json!({ config.message_field.clone(): message.message.trim(), "solidarity_id": message.id, "lang": message.lang.code() }),
    );
    ("person".to_owned(), Value::Object(person))
}

/// A JSON value as a form field's text (`null` is empty).
pub(crate) fn form_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The request for a new comment: always the JSON contract. `key` is the
/// `Idempotency-Key`: a secret of this device, not the comment's public id, so that only
/// this device's retry is answered with a (new) delete token.
pub fn comment_request(endpoint: &str, comment: &NewComment, key: &str) -> OutgoingRequest {
    let body = serde_json::to_string(comment).unwrap_or_default();
    OutgoingRequest {
        url: endpoint.to_owned(),
        headers: vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("Accept".to_owned(), "application/json".to_owned()),
            ("Idempotency-Key".to_owned(), key.to_owned()),
        ],
        body,
        success: SuccessRule::AnyTwoHundred,
    }
}

#[cfg(test)]
mod tests;
