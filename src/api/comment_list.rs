//! Reading a comment list in one pass: `{"comments": [...], "next": cursor}` or a bare
//! array. Malformed entries are skipped instead of failing the thread, and no `Value`
//! tree is built, so a 10,000-comment thread costs one parse.

use crate::thread::Comment;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// Why a comment list could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotACommentList;

/// One page of comments, the cursor for the next page (`None` on the last) and, when the
/// backend says, how many comments the whole thread has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommentPage {
    pub comments: Vec<Comment>,
    pub next: Option<String>,
    pub total: Option<u64>,
}

#[derive(Deserialize)]
struct Wrapped {
    comments: Vec<Entry>,
    #[serde(default)]
    next: Cursor,
    #[serde(default)]
    total: Total,
}

/// A whole number (or its decimal text); anything else means "not given".
#[derive(Default)]
struct Total(Option<u64>);

/// Reads a comment list and its `next` cursor.
pub fn parse_comment_page(body: &str) -> Result<CommentPage, NotACommentList> {
    let text = replace_lone_surrogates(body);
    let (entries, next, total) = match serde_json::from_str::<Wrapped>(&text) {
        Ok(wrapped) => (wrapped.comments, wrapped.next.0, wrapped.total.0),
        Err(_) => (
            serde_json::from_str::<Vec<Entry>>(&text).map_err(|_| NotACommentList)?,
            None,
            None,
        ),
    };
    Ok(CommentPage {
        comments: entries.into_iter().filter_map(|entry| entry.0).collect(),
        next,
        total,
    })
}

/// Reads a comment list, ignoring any cursor.
#[cfg(test)]
pub fn parse_comment_list(body: &str) -> Result<Vec<Comment>, NotACommentList> {
    parse_comment_page(body).map(|page| page.comments)
}

/// A list entry: a comment when it has string `id` (non-empty), `author` and `body`.
struct Entry(Option<Comment>);

/// A string value, or `None` for any other JSON value (which is skipped).
struct Text(Option<String>);

/// `true` only for JSON `true`; any other value is false.
struct Flag(bool);

/// A non-empty string or a number; anything else means "no next page".
#[derive(Default)]
struct Cursor(Option<String>);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a comment")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
                let (mut id, mut parent_id, mut author, mut body, mut created_at) =
                    (None, None, None, None, None);
                let mut lang = None;
                let (mut badge, mut staff) = (None, false);
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    let slot = match key.as_ref() {
                        "id" => &mut id,
                        "parent_id" => &mut parent_id,
                        "author" => &mut author,
                        "body" => &mut body,
                        "created_at" => &mut created_at,
                        "lang" => &mut lang,
                        "badge" => &mut badge,
                        "staff" => {
                            staff = map.next_value::<Flag>()?.0;
                            continue;
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = map.next_value::<Text>()?.0;
                }
                Ok(Entry(match (id, author, body) {
                    (Some(id), Some(author), Some(body)) if !id.is_empty() => Some(Comment {
                        id,
                        parent_id,
                        author,
                        body,
                        created_at,
                        lang,
                        pending: false,
                        badge: badge.filter(|badge| staff && !badge.trim().is_empty()),
                    }),
                    _ => None,
                }))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Entry(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Entry, E> {
                Ok(Entry(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Entry, E> {
                Ok(Entry(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Entry, E> {
                Ok(Entry(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Entry, E> {
                Ok(Entry(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Entry, E> {
                Ok(Entry(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Entry, E> {
                Ok(Entry(None))
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarVisitor {
                numbers: false,
                bools: false,
            })
            .map(Text)
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(ScalarVisitor {
            numbers: false,
            bools: true,
        })?;
        Ok(Flag(text.as_deref() == Some("true")))
    }
}

impl<'de> Deserialize<'de> for Cursor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let cursor = deserializer.deserialize_any(ScalarVisitor {
            numbers: true,
            bools: false,
        })?;
        Ok(Cursor(cursor.filter(|c| !c.is_empty())))
    }
}

impl<'de> Deserialize<'de> for Total {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(ScalarVisitor {
            numbers: true,
            bools: false,
        })?;
        Ok(Total(text.and_then(|text| text.trim().parse().ok())))
    }
}

/// Reads a string (or, for cursors, a number as its decimal text; for flags, only a
/// boolean, as `true`/`false`); skips anything else.
struct ScalarVisitor {
    numbers: bool,
    bools: bool,
}

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok((!self.bools).then(|| text.to_owned()))
    }
    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok((!self.bools).then_some(text))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(self.numbers.then(|| n.to_string()))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(self.numbers.then(|| n.to_string()))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Self::Value, E> {
        Ok(self.bools.then(|| flag.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// JSON from JavaScript may carry lone UTF-16 surrogates (`"\ud800"`), which are not
/// Unicode and which serde_json rejects, failing the whole document. Replace each lone
/// surrogate escape with U+FFFD so one hostile comment cannot hide the others.
pub fn replace_lone_surrogates(json: &str) -> std::borrow::Cow<'_, str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_do_not_fail_the_thread() {
        let body = r#"[{"id":"1","author":"\ud800","body":"a\udc00b \ud83d\ude00 \\ud800"},{"id":"2","author":"B","body":"ok"}]"#;
        let comments = parse_comment_list(body).expect("readable");
        assert_eq!(comments.len(), 2);
        assert_eq!(comments[0].author, "\u{fffd}");
        assert_eq!(comments[0].body, "a\u{fffd}b 😀 \\ud800");
        assert_eq!(
            replace_lone_surrogates(r#"{"a":"\u0041"}"#),
            r#"{"a":"\u0041"}"#
        );
    }

    #[test]
    fn comment_lists_wrapped_or_bare() {
        let wrapped = r#"{"comments":[{"id":"1","parent_id":null,"author":"Lee","body":"hi","created_at":"2013-07-31T10:00:00Z"}],"next":null}"#;
        let bare = r#"[{"id":"1","author":"Lee","body":"hi"}]"#;
        assert_eq!(parse_comment_list(wrapped).map(|c| c.len()), Ok(1));
        assert_eq!(
            parse_comment_list(bare).map(|c| c[0].author.clone()),
            Ok("Lee".into())
        );
    }

    #[test]
    fn each_comment_keeps_its_language_and_may_have_no_date() {
        let body = r#"[{"id":"1","author":"A","body":"hi","lang":"en"},{"id":"2","author":"B","body":"привет","lang":"ru","created_at":"2026-12-01T10:00:00Z"},{"id":"3","author":"C","body":"?","lang":7}]"#;
        let comments = parse_comment_list(body).expect("readable");
        let langs: Vec<_> = comments.iter().map(|c| c.lang.as_deref()).collect();
        assert_eq!(langs, [Some("en"), Some("ru"), None]);
        assert_eq!(comments[0].created_at, None);
    }

    #[test]
    fn malformed_entries_are_skipped_and_wrong_shapes_rejected() {
        let mixed = r#"[{"id":"1","author":"A","body":"ok"},{"id":2,"author":"B","body":"x"},{"author":"C"},"str",{"id":"","author":"D","body":"e"}]"#;
        assert_eq!(parse_comment_list(mixed).map(|c| c.len()), Ok(1));
        for body in ["", "{}", r#"{"comments":"no"}"#, "<html>", "42"] {
            assert_eq!(parse_comment_list(body), Err(NotACommentList), "{body}");
        }
    }

    #[test]
    fn only_entries_marked_staff_keep_their_badge() {
        let body = r#"[{"id":"1","author":"A","body":"b","staff":true,"badge":"The LGF"},
            {"id":"2","author":"B","body":"b","badge":"The LGF"},
            {"id":"3","author":"C","body":"b","staff":"true","badge":"The LGF"},
            {"id":"4","author":"D","body":"b","staff":true,"badge":" "},
            {"id":"5","author":"E","body":"b","staff":[true],"badge":{"x":1}}]"#;
        let badges: Vec<_> = parse_comment_list(body)
            .expect("readable")
            .into_iter()
            .map(|c| c.badge)
            .collect();
        assert_eq!(badges, [Some("The LGF".to_owned()), None, None, None, None]);
    }

    #[test]
    fn the_thread_total_is_read_when_given() {
        let total = |body: &str| parse_comment_page(body).map(|page| page.total);
        assert_eq!(total(r#"{"comments":[],"total":10000}"#), Ok(Some(10_000)));
        assert_eq!(total(r#"{"total":"12","comments":[]}"#), Ok(Some(12)));
        assert_eq!(total(r#"{"comments":[],"total":null}"#), Ok(None));
        assert_eq!(total(r#"{"comments":[],"total":-3}"#), Ok(None));
        assert_eq!(total("[]"), Ok(None));
    }

    #[test]
    fn the_next_cursor_is_read_in_the_same_pass() {
        let page =
            parse_comment_page(r#"{"comments":[{"id":"1","author":"A","body":"b"}],"next":"abc"}"#);
        assert_eq!(
            page.map(|page| (page.comments.len(), page.next)),
            Ok((1, Some("abc".to_owned())))
        );
        let numeric = parse_comment_page(r#"{"comments":[],"next":40}"#);
        assert_eq!(numeric.map(|page| page.next), Ok(Some("40".to_owned())));
        for last in [
            r#"{"comments":[]}"#,
            r#"{"comments":[],"next":null}"#,
            r#"{"comments":[],"next":""}"#,
            "[]",
        ] {
            assert_eq!(
                parse_comment_page(last).map(|page| page.next),
                Ok(None),
                "{last}"
            );
        }
    }
}
