//! Natively (tests, the build-time prerender) serde_json parses, and its tree is copied
//! into a [`Value`]. Not in the WebAssembly. Lone surrogate escapes become U+FFFD first,
//! as they do when `JSON.parse`'s strings cross into Rust in the browser.

use super::{Map, Number, Value, MAX_NESTING};

pub(super) fn parse(text: &str) -> Result<Value, String> {
    let text = replace_lone_surrogates(text);
    let parsed: serde_json::Value = serde_json::from_str(&text).map_err(|err| err.to_string())?;
    from_serde(parsed, 0).ok_or_else(|| "nested too deeply".to_owned())
}

fn from_serde(value: serde_json::Value, depth: usize) -> Option<Value> {
    use serde_json::Value as S;
    if depth > MAX_NESTING {
        return None;
    }
    Some(match value {
        S::Null => Value::Null,
        S::Bool(flag) => Value::Bool(flag),
        S::Number(n) => Value::Number(Number::from_text(&n.to_string())?),
        S::String(text) => Value::String(text),
        S::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| from_serde(item, depth + 1))
                .collect::<Option<_>>()?,
        ),
        S::Object(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(key, item)| Some((key, from_serde(item, depth + 1)?)))
                .collect::<Option<Map>>()?,
        ),
    })
}

/// JSON may carry lone UTF-16 surrogates (`"\ud800"`), which are not Unicode and which
/// serde_json rejects, failing the whole document. Replace each lone
/// surrogate escape with U+FFFD so one hostile comment cannot hide the others.
pub(super) fn replace_lone_surrogates(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.contains("\\u") && !json.contains("\\U") {
        return std::borrow::Cow::Borrowed(json);
    }
    let hex_at = |bytes: &[u8], at: usize| -> Option<u16> {
        let digits = std::str::from_utf8(bytes.get(at..at + 4)?).ok()?;
        u16::from_str_radix(digits, 16).ok()
    };
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let Some(unit) = hex_at(bytes, i + 2) else {
            i += 2;
            continue;
        };
        let low_follows = bytes.get(i + 6) == Some(&b'\\')
            && bytes.get(i + 7) == Some(&b'u')
            && hex_at(bytes, i + 8).is_some_and(|next| (0xDC00..=0xDFFF).contains(&next));
        let lone = match unit {
            0xD800..=0xDBFF => !low_follows,
            0xDC00..=0xDFFF => true,
            _ => false,
        };
        if lone {
            out.push_str(&json[copied..i]);
            out.push_str("\\ufffd");
            copied = i + 6;
            i += 6;
        } else if (0xD800..=0xDBFF).contains(&unit) {
            i += 12;
        } else {
            i += 6;
        }
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(json);
    }
    out.push_str(&json[copied..]);
    std::borrow::Cow::Owned(out)
}
