//! The outbox as stored in localStorage, in the shape serde's derives wrote before, so an
//! outbox saved by an older page (or open in an older tab) still reads: enums externally
//! tagged (`"Waiting"`, `{"Sending": {...}}`, `{"Comment": {...}}`), `delivered` optional.

use super::{DeliveredRecord, Entry, Kind, Outbox, State};
use crate::json::{field, field_or_default, object, tagged, untag, FromJson, ToJson, Value};

crate::json_struct!(DeliveredRecord { id, status, at_ms });

/// `fallback_urls` is written only when there are some, so an entry without them has the
/// shape older pages wrote.
impl ToJson for Entry {
    fn to_value(&self) -> Value {
        let mut fields = vec![
            ("id", self.id.to_value()),
            ("kind", self.kind.to_value()),
            ("request", self.request.to_value()),
            ("timeout_ms", self.timeout_ms.to_value()),
            ("summary", self.summary.to_value()),
            ("created_ms", self.created_ms.to_value()),
            ("attempts", self.attempts.to_value()),
            ("next_attempt_ms", self.next_attempt_ms.to_value()),
            ("state", self.state.to_value()),
            ("last_error", self.last_error.to_value()),
        ];
        if !self.fallback_urls.is_empty() {
            fields.push(("fallback_urls", self.fallback_urls.to_value()));
        }
        object(fields)
    }
}

/// `fallback_urls` may be missing (an outbox stored before fallbacks existed).
impl FromJson for Entry {
    fn from_value(value: &Value) -> Option<Self> {
        let map = value.as_object()?;
        Some(Entry {
            id: field(map, "id")?,
            kind: field(map, "kind")?,
            request: field(map, "request")?,
            timeout_ms: field(map, "timeout_ms")?,
            summary: field(map, "summary")?,
            created_ms: field(map, "created_ms")?,
            attempts: field(map, "attempts")?,
            next_attempt_ms: field(map, "next_attempt_ms")?,
            state: field(map, "state")?,
            last_error: field(map, "last_error")?,
            fallback_urls: field_or_default(map, "fallback_urls")?,
        })
    }
}

impl ToJson for Outbox {
    fn to_value(&self) -> Value {
        object([
            ("entries", self.entries.to_value()),
            ("delivered", self.delivered.to_value()),
        ])
    }
}

impl FromJson for Outbox {
    fn from_value(value: &Value) -> Option<Self> {
        let map = value.as_object()?;
        Some(Outbox {
            entries: field(map, "entries")?,
            delivered: field_or_default(map, "delivered")?,
        })
    }
}

impl ToJson for Kind {
    fn to_value(&self) -> Value {
        match self {
            Kind::Message => "Message".into(),
            Kind::Comment(comment) => tagged("Comment", comment.to_value()),
        }
    }
}

impl FromJson for Kind {
    fn from_value(value: &Value) -> Option<Self> {
        match untag(value)? {
            ("Message", Value::Null) => Some(Kind::Message),
            ("Comment", comment) => FromJson::from_value(comment).map(Kind::Comment),
            _ => None,
        }
    }
}

impl ToJson for State {
    fn to_value(&self) -> Value {
        match self {
            State::Waiting => "Waiting".into(),
            State::Stopped => "Stopped".into(),
            State::Sending {
                owner,
                lease_until_ms,
            } => tagged(
                "Sending",
                object([
                    ("owner", owner.to_value()),
                    ("lease_until_ms", lease_until_ms.to_value()),
                ]),
            ),
        }
    }
}

impl FromJson for State {
    fn from_value(value: &Value) -> Option<Self> {
        match untag(value)? {
            ("Waiting", Value::Null) => Some(State::Waiting),
            ("Stopped", Value::Null) => Some(State::Stopped),
            ("Sending", Value::Object(map)) => Some(State::Sending {
                owner: field(map, "owner")?,
                lease_until_ms: field(map, "lease_until_ms")?,
            }),
            _ => None,
        }
    }
}

impl Outbox {
    /// The outbox as stored text.
    pub fn to_text(&self) -> String {
        self.to_value().to_json()
    }

    /// Reads a stored outbox; `None` when the text is not one (it is then kept aside, never
    /// overwritten: see `crate::courier`).
    pub fn from_text(text: &str) -> Option<Outbox> {
        Outbox::from_value(&crate::json::parse(text).ok()?)
    }
}
