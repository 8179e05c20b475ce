//! Pure validation of the JSON bodies of the API: no I/O, unit-tested below.
//!
//! Each check names the field it failed on, so the API can answer
//! `422 {"error": "...", "field": "..."}` and the page can point at the right input.

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::text;

mod invalid;
mod message;

use invalid::invalid;
pub use invalid::{reused, Invalid, Rule};
pub use message::{message, message_problems};

/// Longest accepted id or `Idempotency-Key`, in characters.
pub const ID_MAX: usize = 128;
/// Longest supporter name.
pub const NAME_MAX: usize = 100;
/// Longest e-mail address (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// Longest location.
pub const LOCATION_MAX: usize = 100;
/// Longest support message.
pub const MESSAGE_MAX: usize = 2000;
/// Longest comment author.
pub const AUTHOR_MAX: usize = 80;
/// Longest comment body.
pub const BODY_MAX: usize = 5000;

/// A support message after validation and normalisation (trimmed, empty optional fields as `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewMessage {
    /// The browser-made id, when the body had one.
    pub id: Option<String>,
    /// Supporter's name.
    pub name: String,
    /// Optional e-mail address.
    pub email: Option<String>,
    /// Optional location.
    pub location: Option<String>,
    /// The message itself.
    pub message: String,
    /// `en` or `ru`.
    pub lang: String,
    /// When the browser made it, normalised to UTC RFC 3339.
    pub created_at: Option<String>,
}

/// A comment or reply after validation and normalisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewComment {
    /// The browser-made id, when the body had one.
    pub id: Option<String>,
    /// The published comment this one answers.
    pub parent_id: Option<String>,
    /// Display name.
    pub author: String,
    /// The comment text.
    pub body: String,
    /// `en` or `ru`.
    pub lang: String,
}

/// SHA-256 (hex) of the normalised payload: equal payloads, equal fingerprints.
pub fn fingerprint<T: Serialize>(payload: &T) -> String {
    let canonical = serde_json::to_vec(payload).unwrap_or_default();
    Sha256::digest(&canonical)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Validates a comment body (already parsed as a JSON object).
pub fn comment(body: &Map<String, Value>) -> Result<NewComment, Invalid> {
    Ok(NewComment {
        id: optional_id(body, "id")?,
        parent_id: optional_id(body, "parent_id")?,
        author: required_text(body, "author", AUTHOR_MAX, text::Field::Name)?,
        body: required_text(body, "body", BODY_MAX, text::Field::Text)?,
        lang: lang(body)?,
    })
}

/// Checks an id or idempotency key: 1..=128 visible ASCII characters.
pub fn id(field: &'static str, value: &str) -> Result<String, Invalid> {
    if value.is_empty() || value.len() > ID_MAX || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid(
            field,
            Rule::Id,
            format!("{field} must be 1 to {ID_MAX} visible ASCII characters"),
        ));
    }
    Ok(value.to_owned())
}

fn optional_id(body: &Map<String, Value>, field: &'static str) -> Result<Option<String>, Invalid> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => id(field, text.trim()).map(Some),
        Some(_) => Err(invalid(
            field,
            Rule::NotString,
            format!("{field} must be a string"),
        )),
    }
}

fn optional_text(
    body: &Map<String, Value>,
    field: &'static str,
    max: usize,
    kind: text::Field,
) -> Result<Option<String>, Invalid> {
    let text = match body.get(field) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(text)) => text.trim(),
        Some(_) => {
            return Err(invalid(
                field,
                Rule::NotString,
                format!("{field} must be a string"),
            ))
        }
    };
    if text.is_empty() {
        return Ok(None);
    }
    let text = text::clean(text, kind).map_err(|problem| unclean(field, problem))?;
    if text.chars().count() > max {
        return Err(invalid(
            field,
            Rule::TooLong(max),
            format!("{field} must be at most {max} characters"),
        ));
    }
    Ok(Some(text))
}

/// The failure for a text the [`text`] policy refused.
fn unclean(field: &'static str, problem: text::Problem) -> Invalid {
    match problem {
        text::Problem::Control => invalid(
            field,
            Rule::ControlCharacters,
            format!("{field} contains control characters (or a carriage return on its own)"),
        ),
        text::Problem::Invisible => invalid(
            field,
            Rule::Invisible,
            format!("{field} contains invisible or direction-changing characters"),
        ),
        text::Problem::TooManyMarks => invalid(
            field,
            Rule::TooManyMarks,
            format!(
                "{field} stacks more than {} accents on one character",
                text::MAX_MARKS
            ),
        ),
        text::Problem::NoLetter => invalid(
            field,
            Rule::NoLetter,
            format!("{field} must contain a letter or a digit"),
        ),
    }
}

fn required_text(
    body: &Map<String, Value>,
    field: &'static str,
    max: usize,
    kind: text::Field,
) -> Result<String, Invalid> {
    optional_text(body, field, max, kind)?
        .ok_or_else(|| invalid(field, Rule::Required, format!("{field} is required")))
}

fn lang(body: &Map<String, Value>) -> Result<String, Invalid> {
    match body.get("lang") {
        None | Some(Value::Null) => Ok("en".to_owned()),
        Some(Value::String(code)) if code == "en" || code == "ru" => Ok(code.clone()),
        Some(_) => Err(invalid("lang", Rule::Lang, "lang must be \"en\" or \"ru\"")),
    }
}

fn created_at(body: &Map<String, Value>) -> Result<Option<String>, Invalid> {
    match body.get("created_at") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => OffsetDateTime::parse(text.trim(), &Rfc3339)
            .ok()
            .and_then(|at| at.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok())
            .map(Some)
            .ok_or_else(|| {
                invalid(
                    "created_at",
                    Rule::DateTime,
                    "created_at must be an RFC 3339 date-time",
                )
            }),
        Some(_) => Err(invalid(
            "created_at",
            Rule::DateTime,
            "created_at must be an RFC 3339 date-time",
        )),
    }
}

/// A deliberately modest e-mail check: one `@`, a non-empty local part, a dotted
/// domain, no spaces. Deliverability is not the server's business.
pub fn looks_like_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !address.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The current time as UTC RFC 3339, for `received_at` and server-made `created_at`.
pub fn now_rfc3339() -> String {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(0)
        .unwrap_or(now)
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// The current time to the minute, for everything stored about a reader's post: a
/// public comment's `created_at` and a message's `received_at` (coarse, so that they
/// cannot be joined to a proxy's access log by the second).
pub fn now_minute() -> String {
    to_minute(OffsetDateTime::now_utc())
}

/// `at` in UTC RFC 3339, seconds and below set to zero.
pub fn to_minute(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    at.replace_second(0)
        .and_then(|at| at.replace_nanosecond(0))
        .unwrap_or(at)
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

#[cfg(test)]
mod tests;
