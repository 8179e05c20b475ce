//! A small JSON value the page's readers work on, without serde_json in the WebAssembly.
//!
//! [`parse`] is a small strict parser (`parse.rs`), the same in the browser and natively,
//! so every reader over [`Value`] is pure Rust and tested natively, parser included.
//! [`Value::to_json`] writes JSON text with a tiny escaper (`write.rs`). Objects keep
//! their keys sorted, as serde_json's default map does, so bodies and stored data read
//! the same everywhere.

mod convert;
mod parse;
mod scalar;
mod write;

pub use convert::{field, field_or_default, tagged, untag, FromJson, ToJson};
pub use parse::{parse, Next, Reader};

/// How deeply arrays and objects may nest (128 levels read, 129 refused; serde_json stops
/// one level earlier), so hostile input cannot exhaust the stack.
pub const MAX_NESTING: usize = 128;

/// A JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A finite JSON number, kept as its JSON text (no float formatting in the wasm).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number(String);

/// A JSON object: keys unique and sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Map(Vec<(String, Value)>);

impl Number {
    /// The number as JSON text, if `text` is one (`-12`, `1.5e3`).
    pub fn from_text(text: &str) -> Option<Number> {
        is_json_number(text).then(|| Number(text.to_owned()))
    }

    /// The number's JSON text.
    pub fn as_text(&self) -> &str {
        &self.0
    }

    /// The number when it is written as a whole, non-negative integer that fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    /// The number when it is written as a whole integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Number {
        Number(n.to_string())
    }
}

/// JSON's number grammar (RFC 8259 §6).
fn is_json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }

    /// Sets `key` (a later value for the same key wins, as in `JSON.parse`).
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        match self.find(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<String>> FromIterator<(K, Value)> for Map {
    /// Sorts once (stable, so a later duplicate key wins), instead of inserting one by one,
    /// so an object with many keys costs n log n.
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(items: I) -> Map {
        Map::from_entries(items.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl Map {
    /// The sort and the de-duplication behind `collect`, out of the generic function so
    /// the WebAssembly holds one copy of the sort, not one per key and iterator type.
    fn from_entries(mut entries: Vec<(String, Value)>) -> Map {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut map: Vec<(String, Value)> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            match map.last_mut() {
                Some(last) if last.0 == key => last.1 = value,
                _ => map.push((key, value)),
            }
        }
        Map(map)
    }
}

impl Value {
    /// The member `key` of an object; `None` for a missing key or a non-object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as compact JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write::value(&mut out, self);
        out
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::String(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::String(text)
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Value {
        Value::Bool(flag)
    }
}

/// An object from `(key, value)` pairs.
pub fn object<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
    Value::Object(entries.into_iter().collect())
}

#[cfg(test)]
mod tests;
