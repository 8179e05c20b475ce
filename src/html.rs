//! Writing HTML as text, at build time: the prerender's head and the prerendered comment
//! thread (`components/comments/item.rs`; the page draws the same thread as elements).
//!
//! Every text and attribute value from outside goes through [`push_escaped`], which
//! escapes the five characters that could end a text or a quoted attribute.

/// Appends `text` to `out` as an HTML text node or a double- or single-quoted attribute value.
pub fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// `text` escaped as [`push_escaped`] does.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape(r#"<img src=x onerror="a('b')">&amp;"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;amp;"
        );
    }

    #[test]
    fn other_text_is_kept_as_it_is() {
        let text = "Привет, мир — 🌈 tab\tand\nnewline";
        assert_eq!(escape(text), text);
        assert_eq!(escape(""), "");
    }

    #[test]
    fn escaped_text_holds_no_markup_character() {
        for text in ["<<>>", "\"'\"'", "a&b<c>d\"e'f", "&&&&"] {
            let escaped = escape(text);
            assert!(!escaped.contains(['<', '>', '"', '\'']), "{escaped}");
            // Every & starts one of the five entities.
            for (at, _) in escaped.match_indices('&') {
                let entity = &escaped[at..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                        .iter()
                        .any(|e| entity.starts_with(e)),
                    "{escaped}"
                );
            }
        }
    }
}
