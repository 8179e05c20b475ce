//! Which URLs may become links. Anything else is shown as text.

/// Returns the URL to use as `href` if it is an absolute `http(s)` URL with nothing
/// a browser would silently strip or reinterpret (whitespace, control characters,
/// backslashes, credentials); `None` otherwise.
pub fn safe_href(candidate: &str) -> Option<&str> {
    let lowered = candidate.get(..8).unwrap_or(candidate).to_ascii_lowercase();
    let rest = if lowered.starts_with("https://") {
        &candidate[8..]
    } else if lowered.starts_with("http://") {
        &candidate[7..]
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let clean = !candidate.chars().any(|c| {
        c.is_whitespace() || c.is_control() || is_bidi_control(c) || "\\\"<>`".contains(c)
    });
    (clean && !host.is_empty() && !host.contains('@')).then_some(candidate)
}

/// Invisible direction marks that can make a URL read differently from where it goes.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::safe_href;

    #[test]
    fn web_links_are_allowed() {
        for url in [
            "https://allout.org",
            "http://example.org/a?b=c#d",
            "HTTPS://LGBTNET.ORG/",
        ] {
            assert_eq!(safe_href(url), Some(url));
        }
    }

    #[test]
    fn everything_else_stays_text() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{0}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "//evil.example",
            "/relative",
            "https://",
            "https:// evil.example",
            "https://user:pass@evil.example",
            "https://a.example\\@b.example",
            "https://a.example/\u{202e}gpj.exe",
            "ftp://files.example",
            "",
            "ж",
        ] {
            assert_eq!(safe_href(url), None, "{url:?}");
        }
    }
}
