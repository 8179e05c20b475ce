//! A strict JSON parser (RFC 8259) into [`Value`], the same code in the browser and
//! natively, so the native tests check the parser the page runs.
//!
//! In the browser it replaced `JSON.parse` plus a copy of its tree into Rust: that copy
//! crossed the JavaScript boundary several times per value (a 3.7 MB file of 10,000
//! comments is about 400,000 crossings), while this reads the text once, byte by byte.
//! It stays small: no float parsing (numbers keep their JSON text, see [`super::Number`]).
//!
//! Hostile input: nesting deeper than [`MAX_NESTING`] is refused (no stack exhaustion);
//! a lone UTF-16 surrogate escape (`"\ud800"`) becomes U+FFFD instead of failing the
//! whole document (one hostile comment must not hide the others); a number too large for
//! a double (`1e400`, which `JSON.parse` makes Infinity) is refused, as serde_json does.

use super::{Value, MAX_NESTING};
use std::borrow::Cow;

/// Parses one JSON document (whitespace around it allowed, nothing else).
pub fn parse(text: &str) -> Result<Value, String> {
    let mut reader = Reader::new(text);
    let value = reader.value()?;
    reader.end()?;
    Ok(value)
}

/// What comes next in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Object,
    Array,
    /// A string, number, `true`, `false` or `null` (or text that is not JSON).
    Other,
}

/// A pull reader over one document, for large documents of which a caller wants a few
/// members: [`Reader::object`] and [`Reader::array`] hand each member or element to a
/// callback as the parser reaches it, so nothing is built for what is not wanted (a list
/// of 10,000 comments is read straight into comments, without a tree of maps first).
/// The callback must read the value ([`Reader::value`], or `object`/`array` for nested
/// ones); the whole document is checked either way.
pub struct Reader<'a> {
    pub(super) text: &'a str,
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
    /// How many arrays and objects enclose the reader's position.
    depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
        }
    }

    /// Only whitespace may follow the document.
    pub fn end(&mut self) -> Result<(), String> {
        self.skip_whitespace();
        if self.at < self.bytes.len() {
            return Err(self.error("trailing characters"));
        }
        Ok(())
    }

    /// What the next value is, without reading it.
    pub fn peek(&mut self) -> Next {
        self.skip_whitespace();
        match self.bytes.get(self.at) {
            Some(b'{') => Next::Object,
            Some(b'[') => Next::Array,
            _ => Next::Other,
        }
    }

    /// Reads the next value whole.
    pub fn value(&mut self) -> Result<Value, String> {
        self.skip_whitespace();
        match self.bytes.get(self.at) {
            Some(b'{') => {
                let mut entries = Vec::new();
                self.object(|reader, key| {
                    entries.push((key.into_owned(), reader.value()?));
                    Ok(())
                })?;
                Ok(Value::Object(entries.into_iter().collect()))
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.array(|reader| {
                    items.push(reader.value()?);
                    Ok(())
                })?;
                Ok(Value::Array(items))
            }
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("unexpected character")),
            None => Err(self.error("unexpected end")),
        }
    }

    /// Reads the array that comes next, `item` reading each element.
    pub fn array(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<(), String>,
    ) -> Result<(), String> {
        self.open(b'[')?;
        if !self.eat(b']') {
            loop {
                item(self)?;
                if self.eat(b']') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.error("expected , or ]"));
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads the object that comes next, `member` reading each value after its key.
    pub fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Result<(), String>,
    ) -> Result<(), String> {
        self.open(b'{')?;
        if !self.eat(b'}') {
            loop {
                self.skip_whitespace();
                if self.bytes.get(self.at) != Some(&b'"') {
                    return Err(self.error("expected a key"));
                }
                let key = self.key()?;
                if !self.eat(b':') {
                    return Err(self.error("expected :"));
                }
                member(self, key)?;
                if self.eat(b'}') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.error("expected , or }"));
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Consumes the `[` or `{` that must come next, one level deeper (within bounds).
    fn open(&mut self, bracket: u8) -> Result<(), String> {
        if !self.eat(bracket) {
            return Err(self.error("unexpected character"));
        }
        if self.depth >= MAX_NESTING {
            return Err(self.error("nested too deeply"));
        }
        self.depth += 1;
        Ok(())
    }

    /// A key: borrowed from the text when it has no escape (most keys), else unescaped.
    fn key(&mut self) -> Result<Cow<'a, str>, String> {
        let start = self.at + 1;
        let text: &'a str = self.text;
        let stop = self.bytes[start..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
        match stop {
            Some(len) if self.bytes[start + len] == b'"' => {
                self.at = start + len + 1;
                Ok(Cow::Borrowed(&text[start..start + len]))
            }
            _ => self.string().map(Cow::Owned),
        }
    }

    pub(super) fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.at)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Consumes `byte` (after whitespace) if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        let found = self.bytes.get(self.at) == Some(&byte);
        self.at += usize::from(found);
        found
    }
}
