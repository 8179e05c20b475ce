//! The honeypot fields the page's forms carry (hidden from people, filled by bots): a
//! post with any of them filled is answered as if accepted and stored nowhere.

use serde_json::{Map, Value};

/// The field names the page and the common form services use.
pub const FIELDS: [&str; 3] = ["bot-field", "_gotcha", "botcheck"];

/// Whether a JSON object has a honeypot that is filled (anything but absent, `null`,
/// `false` or a blank string).
pub fn filled_json(object: &Map<String, Value>) -> bool {
    FIELDS.iter().any(|field| match object.get(*field) {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(text)) => !text.trim().is_empty(),
        Some(_) => true,
    })
}

/// Whether decoded form pairs have a honeypot with a non-blank value.
pub fn filled_form(pairs: &[(String, String)]) -> bool {
    pairs
        .iter()
        .any(|(name, value)| FIELDS.contains(&name.as_str()) && !value.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_honeypots_are_people() {
        let object = json!({"bot-field": "", "_gotcha": null, "botcheck": false, "name": "x"});
        assert!(!filled_json(object.as_object().expect("object")));
        assert!(!filled_form(&[("bot-field".into(), " ".into())]));
    }

    #[test]
    fn filled_honeypots_are_bots() {
        for field in FIELDS {
            let object = json!({ field: "http://spam.example" });
            assert!(filled_json(object.as_object().expect("object")), "{field}");
            assert!(filled_form(&[(field.into(), "spam".into())]), "{field}");
        }
        assert!(filled_json(
            json!({"botcheck": true}).as_object().expect("object")
        ));
    }
}
