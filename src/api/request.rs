//! Building the HTTP request for a support message or a comment from the configuration.
//! Pure Rust, so the exact wire format is unit-tested natively.

use crate::config::{Encoding, MessagesConfig, Preset};
use crate::i18n::Lang;
use crate::json::{field, field_or_default, object, untag, FromJson, Map, ToJson, Value};

/// A support message in canonical fields, as the reader sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewComment {
    pub id: String,
    pub parent_id: Option<String>,
    pub author: String,
    pub body: String,
    pub lang: Lang,
}

/// How a backend says a message was accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SuccessRule {
    /// Any 2xx.
    #[default]
    AnyTwoHundred,
    /// A 2xx whose JSON body has `"success": true` (Web3Forms).
    SuccessFlag,
}

/// Everything `fetch` needs, decided before anything touches the network. It is stored
/// in the outbox as it is, so a retry sends exactly the same bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub success: SuccessRule,
}

crate::json_struct!(NewComment {
    id,
    parent_id,
    author,
    body,
    lang
});

impl ToJson for SuccessRule {
    fn to_value(&self) -> Value {
        Value::from(match self {
            SuccessRule::AnyTwoHundred => "AnyTwoHundred",
            SuccessRule::SuccessFlag => "SuccessFlag",
        })
    }
}

impl FromJson for SuccessRule {
    fn from_value(value: &Value) -> Option<Self> {
        match untag(value)? {
            ("AnyTwoHundred", Value::Null) => Some(SuccessRule::AnyTwoHundred),
            ("SuccessFlag", Value::Null) => Some(SuccessRule::SuccessFlag),
            _ => None,
        }
    }
}

impl ToJson for OutgoingRequest {
    fn to_value(&self) -> Value {
        object([
            ("url", self.url.to_value()),
            ("headers", self.headers.to_value()),
            ("body", self.body.to_value()),
            ("success", self.success.to_value()),
        ])
    }
}

/// `success` may be missing: outboxes stored before it existed.
impl FromJson for OutgoingRequest {
    fn from_value(value: &Value) -> Option<Self> {
        let map = value.as_object()?;
        Some(OutgoingRequest {
            url: field(map, "url")?,
            headers: field(map, "headers")?,
            body: field(map, "body")?,
            success: field_or_default(map, "success")?,
        })
    }
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
            ("add_tags".to_owned(), config.tags.to_value()),
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
        Encoding::Json => ("application/json", object(fields).to_json()),
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
        // Our server words its errors in this language even when the body is not read
        // (413, 415, 429...); a browser's own Accept-Language may name another.
        headers.push(("Accept-Language".to_owned(), message.lang.code().to_owned()));
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
    let one = |key: &str, text: &str| Value::Array(vec![object([(key, text.trim().into())])]);
    person.insert("given_name", message.name.trim().into());
    if !message.email.trim().is_empty() {
        person.insert("email_addresses", one("address", &message.email));
    }
    if !message.location.trim().is_empty() {
        person.insert("postal_addresses", one("locality", &message.location));
    }
    person.insert(
        "custom_fields",
        object([
            (config.message_field.as_str(), message.message.trim().into()),
            ("solidarity_id", message.id.as_str().into()),
            ("lang", message.lang.code().into()),
        ]),
    );
    ("person".to_owned(), Value::Object(person))
}

/// A JSON value as a form field's text (`null` is empty).
pub(crate) fn form_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_json(),
    }
}

/// The request for a new comment: always the JSON contract. `key` is the
/// `Idempotency-Key`: a secret of this device, not the comment's public id, so that only
/// this device's retry is answered with a (new) delete token.
pub fn comment_request(endpoint: &str, comment: &NewComment, key: &str) -> OutgoingRequest {
    let body = comment.to_value().to_json();
    OutgoingRequest {
        url: endpoint.to_owned(),
        headers: vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("Accept".to_owned(), "application/json".to_owned()),
            ("Idempotency-Key".to_owned(), key.to_owned()),
            ("Accept-Language".to_owned(), comment.lang.code().to_owned()),
        ],
        body,
        success: SuccessRule::AnyTwoHundred,
    }
}

#[cfg(test)]
mod tests;
