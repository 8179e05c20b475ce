//! The wall of support (pure): the page of published messages the reference server's
//! `GET /api/messages/published` answers (and `wall.json`, the same shape, at build
//! time), and the count of every message received, in each language's words and digits.

use crate::i18n::{fill, plural_category, Lang, PluralCategory, PluralForms};
use crate::json::Value;

/// Messages asked for per page.
pub const PAGE_SIZE: u32 = 20;

/// One published message of support. Show every field as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WallMessage {
    pub id: String,
    /// Empty when the sender gave none (shown as "Anonymous").
    pub name: String,
    pub location: Option<String>,
    pub message: String,
    /// The message's own language tag (`en`, `ru`), for its `lang` attribute.
    pub lang: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// One page of the wall: newest first, the cursor of the next page, and how many
/// messages were received in all (published or not), when the backend says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WallPage {
    pub messages: Vec<WallMessage>,
    pub next: Option<String>,
    pub total_received: Option<u64>,
}

/// Why a wall page could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAWall;

fn text(entry: &Value, key: &str) -> Option<String> {
    entry
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

fn message(entry: &Value) -> Option<WallMessage> {
    Some(WallMessage {
        id: text(entry, "id")?,
        name: text(entry, "name").unwrap_or_default(),
        location: text(entry, "location"),
        message: text(entry, "message")?,
        lang: text(entry, "lang").filter(|tag| Lang::from_tag(tag).is_some()),
        date: text(entry, "date"),
    })
}

/// Reads `{"messages": [...], "next": cursor, "total_received": n}`; entries without an
/// id or a text are skipped, a cursor may be a string or a number.
pub fn parse_wall_page(body: &str) -> Result<WallPage, NotAWall> {
    let value = crate::json::parse(body).map_err(|_| NotAWall)?;
    let entries = value
        .get("messages")
        .and_then(Value::as_array)
        .ok_or(NotAWall)?;
    let next = match value.get("next") {
        Some(Value::String(cursor)) if !cursor.is_empty() => Some(cursor.clone()),
        Some(Value::Number(cursor)) => Some(cursor.as_text().to_owned()),
        _ => None,
    };
    Ok(WallPage {
        messages: entries.iter().filter_map(message).collect(),
        next,
        total_received: value.get("total_received").and_then(Value::as_u64),
    })
}

/// `n` with the language's digit grouping: `1,234` in English; in Russian a
/// non-breaking space between groups from five digits on (`12 345`), none in a
/// four-digit number (`1234`), as Russian typesetting has it.
pub fn format_count(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let (separator, from) = match lang {
        Lang::En => (',', 4),
        Lang::Ru => ('\u{a0}', 5),
    };
    if digits.len() < from {
        return digits;
    }
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// The form of `forms` for `n`, with `n` formatted for the language.
pub fn count_text(lang: Lang, forms: &PluralForms, n: u64) -> String {
    let form = match plural_category(lang, n) {
        PluralCategory::One => forms[0],
        PluralCategory::Few => forms[1],
        PluralCategory::Many => forms[2],
    };
    fill(form, &[("n", &format_count(lang, n))])
}

#[cfg(test)]
mod tests;
