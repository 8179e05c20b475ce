//! The JSON bodies of the events (pure).

use serde_json::{json, Value};

/// One event, with the personal parts kept apart so they can be left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    name: &'static str,
    fields: Value,
    text: Option<Value>,
}

impl Event {
    /// A support message was stored. `text` (name, email, location, message) is sent
    /// only with `--webhook-include-text`; pass `None` for a sealed message.
    pub fn message_received(id: &str, at: &str, lang: &str, text: Option<Value>) -> Self {
        Self {
            name: "message.received",
            fields: json!({ "id": id, "received_at": at, "lang": lang }),
            text,
        }
    }

    /// A comment waits for moderation.
    pub fn comment_pending(
        id: &str,
        parent_id: Option<&str>,
        at: &str,
        lang: &str,
        author: &str,
        body: &str,
    ) -> Self {
        Self {
            name: "comment.pending",
            fields: json!({ "id": id, "parent_id": parent_id, "created_at": at, "lang": lang }),
            text: Some(json!({ "author": author, "body": body })),
        }
    }

    /// A reader reported a comment (raised by the reports feature). `reason` is the
    /// reader's words, sent only with `--webhook-include-text`.
    pub fn comment_reported(id: &str, at: &str, reason: Option<&str>) -> Self {
        Self {
            name: "comment.reported",
            fields: json!({ "id": id, "reported_at": at }),
            text: reason.map(|reason| json!({ "reason": reason })),
        }
    }

    /// `comment.pending`, `comment.reported` or `message.received`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The JSON posted: `{"event": ..., "data": {...}}`, with `data.text` only when
    /// `include_text` is set.
    pub fn body(&self, include_text: bool) -> String {
        let mut data = self.fields.clone();
        if let (true, Some(text), Some(object)) = (include_text, &self.text, data.as_object_mut()) {
            object.insert("text".into(), text.clone());
        }
        json!({ "event": self.name, "data": data }).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_only_when_asked() {
        let event = Event::message_received(
            "m-1",
            "2026-12-01T09:00:00Z",
            "ru",
            Some(json!({"name": "Алёна", "email": "a@example.org"})),
        );
        let plain = event.body(false);
        assert!(
            !plain.contains("Алёна") && !plain.contains("example.org"),
            "{plain}"
        );
        assert!(plain.contains("\"message.received\"") && plain.contains("m-1"));
        assert!(event.body(true).contains("Алёна"));
        let pending = Event::comment_pending("c-1", None, "t", "en", "Lee", "hello");
        assert!(!pending.body(false).contains("hello"));
        assert_eq!(pending.name(), "comment.pending");
        assert!(Event::comment_reported("c-1", "t", Some("spam"))
            .body(true)
            .contains("spam"));
    }
}
