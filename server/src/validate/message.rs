//! Support messages: every field checked, the first problem or all of them.

use super::{
    created_at, invalid, lang, looks_like_email, optional_id, optional_text, required_text,
    Invalid, NewMessage, Rule, EMAIL_MAX, LOCATION_MAX, MESSAGE_MAX, NAME_MAX,
};
use crate::text::Field;
use serde_json::{Map, Value};

/// Validates a support message body (already parsed as a JSON object); the error is
/// the first problem in field order.
pub fn message(body: &Map<String, Value>) -> Result<NewMessage, Invalid> {
    message_problems(body).map_err(|problems| {
        let first = problems.into_iter().next();
        first.unwrap_or_else(|| invalid("message", Rule::Required, "message is invalid"))
    })
}

/// Validates a support message body like [`message`], but collects every problem (in
/// field order) instead of stopping at the first.
pub fn message_problems(body: &Map<String, Value>) -> Result<NewMessage, Vec<Invalid>> {
    fn kept<T>(result: Result<T, Invalid>, problems: &mut Vec<Invalid>) -> Option<T> {
        result.map_err(|problem| problems.push(problem)).ok()
    }
    let mut problems = Vec::new();
    let email =
        optional_text(body, "email", EMAIL_MAX, Field::Line).and_then(|email| match email {
            Some(address) if !looks_like_email(&address) => Err(invalid(
                "email",
                Rule::Email,
                "email does not look like an e-mail address",
            )),
            email => Ok(email),
        });
    let consent = match body.get("consent") {
        Some(Value::Bool(true)) => Ok(()),
        _ => Err(invalid(
            "consent",
            Rule::Consent,
            "consent must be given (true)",
        )),
    };
    let p = &mut problems;
    let id = kept(optional_id(body, "id"), p);
    let name = kept(required_text(body, "name", NAME_MAX, Field::Name), p);
    let email = kept(email, p);
    let location = kept(
        optional_text(body, "location", LOCATION_MAX, Field::Line),
        p,
    );
    let message = kept(required_text(body, "message", MESSAGE_MAX, Field::Text), p);
    let lang = kept(lang(body), p);
    let consent = kept(consent, p);
    let created_at = kept(created_at(body), p);
    match (
        id, name, email, location, message, lang, consent, created_at,
    ) {
        (
            Some(id),
            Some(name),
            Some(email),
            Some(location),
            Some(message),
            Some(lang),
            Some(()),
            Some(created_at),
        ) => Ok(NewMessage {
            id,
            name,
            email,
            location,
            message,
            lang,
            created_at,
        }),
        _ => Err(problems),
    }
}
