//! The outbox as stored in localStorage, in the shape serde's derives wrote before, so an
//! outbox saved by an older page (or open in an older tab) still reads: enums externally
//! tagged (`"Waiting"`, `{"Sending": {...}}`, `{"Comment": {...}}`), `delivered` optional.

use super::{DeliveredRecord, Entry, Kind, Outbox, State};
use crate::json::{field, field_or_default, object, tagged, untag, FromJson, ToJson, Value};

crate::json_struct!(DeliveredRecord { id, status, at_ms });

crate::json_struct!(Entry {
    id,
    kind,
    request,
    timeout_ms,
    summary,
    created_ms,
    attempts,
    next_attempt_ms,
    state,
    last_error,
});

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
