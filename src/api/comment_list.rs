//! Reading a comment list: `{"comments": [...], "next": cursor, "total": n}` or a bare
//! array. Malformed entries are skipped instead of failing the thread; text that is not
//! JSON fails it. Read with `crate::json`'s pull reader, the same natively and in the wasm.

use crate::json::{Next, Reader, Value};
use crate::thread::Comment;

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

/// Reads a comment list and its `next` cursor, straight from the text into comments (no
/// tree of the whole document first: a file of 10,000 comments is read in one pass). The
/// whole text must be JSON; for a member given twice, the later one counts.
pub fn parse_comment_page(body: &str) -> Result<CommentPage, NotACommentList> {
    let mut reader = Reader::new(body);
    let page = match reader.peek() {
        Next::Array => CommentPage {
            comments: entries(&mut reader)?,
            next: None,
            total: None,
        },
        Next::Object => {
            let (mut comments, mut next, mut total) = (None, None, None);
            reader
                .object(|reader, key| {
                    match &*key {
                        "comments" if reader.peek() == Next::Array => {
                            comments = Some(entries(reader).map_err(|_| String::new())?);
                        }
                        "comments" => comments = reader.value().map(|_| None)?,
                        "next" => next = cursor(Some(&reader.value()?)),
                        "total" => total = total_of(Some(&reader.value()?)),
                        _ => drop(reader.value()?),
                    }
                    Ok(())
                })
                .map_err(|_| NotACommentList)?;
            CommentPage {
                comments: comments.ok_or(NotACommentList)?,
                next,
                total,
            }
        }
        Next::Other => return Err(NotACommentList),
    };
    reader.end().map_err(|_| NotACommentList)?;
    Ok(page)
}

/// The entries of the array that comes next, malformed ones skipped.
fn entries(reader: &mut Reader) -> Result<Vec<Comment>, NotACommentList> {
    let mut comments = Vec::new();
    reader
        .array(|reader| {
            if let Some(comment) = entry(reader)? {
                comments.push(comment);
            }
            Ok(())
        })
        .map_err(|_| NotACommentList)?;
    Ok(comments)
}

/// Reads a comment list, ignoring any cursor.
#[cfg(test)]
pub fn parse_comment_list(body: &str) -> Result<Vec<Comment>, NotACommentList> {
    parse_comment_page(body).map(|page| page.comments)
}

/// A list entry: a comment when it has string `id` (non-empty), `author` and `body`;
/// a member of any other type counts as missing, and so does an entry that is not an
/// object (read and dropped).
fn entry(reader: &mut Reader) -> Result<Option<Comment>, String> {
    if reader.peek() != Next::Object {
        reader.value()?;
        return Ok(None);
    }
    let mut fields = Fields::default();
    reader.object(|reader, key| {
        let text = |value: Value| match value {
            Value::String(text) => Some(text),
            _ => None,
        };
        let slot = match &*key {
            "id" => &mut fields.id,
            "parent_id" => &mut fields.parent_id,
            "author" => &mut fields.author,
            "body" => &mut fields.body,
            "created_at" => &mut fields.created_at,
            "lang" => &mut fields.lang,
            "badge" => &mut fields.badge,
            "staff" => {
                fields.staff = reader.value()? == Value::Bool(true);
                return Ok(());
            }
            _ => {
                reader.value()?;
                return Ok(());
            }
        };
        *slot = text(reader.value()?);
        Ok(())
    })?;
    let Fields {
        id,
        parent_id,
        author,
        body,
        created_at,
        lang,
        badge,
        staff,
    } = fields;
    Ok((|| {
        Some(Comment {
            id: id.filter(|id| !id.is_empty())?,
            parent_id,
            author: author?,
            body: body?,
            created_at,
            lang,
            pending: false,
            badge: badge.filter(|badge| staff && !badge.trim().is_empty()),
        })
    })())
}

/// The members of an entry the page reads: strings (`None` when missing or not a
/// string) and whether `staff` is `true`.
#[derive(Default)]
struct Fields {
    id: Option<String>,
    parent_id: Option<String>,
    author: Option<String>,
    body: Option<String>,
    created_at: Option<String>,
    lang: Option<String>,
    badge: Option<String>,
    staff: bool,
}

/// A whole number as its decimal text, or the text given.
fn scalar_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => n.as_i64().map(|n| n.to_string()),
        _ => None,
    }
}

/// A non-empty string or a whole number; anything else means "no next page".
fn cursor(value: Option<&Value>) -> Option<String> {
    scalar_text(value).filter(|cursor| !cursor.is_empty())
}

/// A whole number (or its decimal text); anything else means "not given".
fn total_of(value: Option<&Value>) -> Option<u64> {
    scalar_text(value).and_then(|text| text.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading the direct one replaced: the whole document as a [`Value`], then each
    /// entry from its map (as `JSON.parse` would see it: a later duplicate member wins).
    fn oracle(body: &str) -> Result<CommentPage, NotACommentList> {
        let value = crate::json::parse(body).map_err(|_| NotACommentList)?;
        let (entries, next, total) = match &value {
            Value::Array(entries) => (entries, None, None),
            Value::Object(map) => match map.get("comments") {
                Some(Value::Array(entries)) => {
                    (entries, cursor(map.get("next")), total_of(map.get("total")))
                }
                _ => return Err(NotACommentList),
            },
            _ => return Err(NotACommentList),
        };
        let entry = |value: &Value| {
            let map = value.as_object()?;
            let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
            let staff = map.get("staff") == Some(&Value::Bool(true));
            Some(Comment {
                id: text("id").filter(|id| !id.is_empty())?,
                parent_id: text("parent_id"),
                author: text("author")?,
                body: text("body")?,
                created_at: text("created_at"),
                lang: text("lang"),
                pending: false,
                badge: text("badge").filter(|badge| staff && !badge.trim().is_empty()),
            })
        };
        Ok(CommentPage {
            comments: entries.iter().filter_map(entry).collect(),
            next,
            total,
        })
    }

    #[test]
    fn the_direct_reading_agrees_with_reading_the_whole_tree() {
        let members = [
            r#""id":"1""#,
            r#""id":"""#,
            r#""id":2"#,
            r#""author":"A""#,
            r#""auth\u006fr":"Escaped key""#,
            r#""author":null"#,
            r#""body":"b\n\u00e9""#,
            r#""body":["nested",{"x":1}]"#,
            r#""parent_id":"1""#,
            r#""parent_id":null"#,
            r#""created_at":"2026-12-01T10:00:00Z""#,
            r#""lang":"ru""#,
            r#""staff":true"#,
            r#""staff":"true""#,
            r#""badge":"LGF""#,
            r#""extra":{"deep":[[{"a":null}]]}"#,
        ];
        // Entries made of every pair and triple of members (duplicates included), plus
        // entries that are not objects, in lists of every shape.
        let mut entries = vec!["7".to_owned(), "null".to_owned(), r#""str""#.to_owned()];
        for (i, a) in members.iter().enumerate() {
            for (j, b) in members.iter().enumerate() {
                entries.push(format!("{{{a},{b},\"author\":\"X\",\"body\":\"Y\"}}"));
                let c = members[(i * 7 + j * 3) % members.len()];
                entries.push(format!("{{{a},{b},{c}}}"));
            }
        }
        let list = entries.join(",");
        let bodies = [
            format!("[{list}]"),
            format!(r#"{{"comments":[{list}],"next":"c","total":12}}"#),
            format!(r#"{{"total":"3","comments":[{list}],"next":40,"x":[1]}}"#),
            format!(r#"{{"comments":[{list}],"comments":[]}}"#),
            format!(r#"{{"comments":[],"comments":[{list}],"next":null}}"#),
            r#"{"comments":{"a":1}}"#.to_owned(),
            format!(r#"{{"comments":[{list}],"comments":"no"}}"#),
            format!(r#"{{"comments":[{list}]}} trailing"#),
            format!(r#"{{"comments":[{list},]}}"#),
            r#"{"next":"a"}"#.to_owned(),
            "[]".to_owned(),
            "42".to_owned(),
        ];
        for body in &bodies {
            let ours = parse_comment_page(body);
            assert_eq!(ours, oracle(body), "{}", &body[..body.len().min(80)]);
        }
        let read = parse_comment_page(&bodies[0]).map(|page| page.comments.len());
        // Entries with a string id of their own and a later author and body.
        assert!(read.is_ok_and(|n| n >= 20), "many entries are comments");
    }

    #[test]
    fn lone_surrogates_do_not_fail_the_thread() {
        let body = r#"[{"id":"1","author":"\ud800","body":"a\udc00b \ud83d\ude00 \\ud800"},{"id":"2","author":"B","body":"ok"}]"#;
        let comments = parse_comment_list(body).expect("readable");
        assert_eq!(comments.len(), 2);
        assert_eq!(comments[0].author, "\u{fffd}");
        assert_eq!(comments[0].body, "a\u{fffd}b 😀 \\ud800");
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
