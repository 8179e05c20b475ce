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
    (clean && is_plain_host(host)).then_some(candidate)
}

/// `host` or `host:port`, the host made of letters, digits, dots and hyphens (no
/// credentials, no empty labels at the ends, no IP-literal brackets).
fn is_plain_host(authority: &str) -> bool {
    let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
    let host_ok = !host.is_empty()
        && !host.starts_with(['.', '-'])
        && !host.contains("..")
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let port_ok = port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    host_ok && port_ok && numeric_host_ok(host)
}

/// A host whose last label is a number is an IPv4 address to a browser (WHATWG "ends in
/// a number"): `https://a.0` fails to parse there. Such a host is kept only as four plain
/// decimal parts of 0–255 (`192.0.2.1`); every other numeric ending is refused.
fn numeric_host_ok(host: &str) -> bool {
    let trimmed = host.strip_suffix('.').unwrap_or(host);
    let last = trimmed.rsplit('.').next().unwrap_or_default();
    let hex = last
        .strip_prefix("0x")
        .or_else(|| last.strip_prefix("0X"))
        .is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_hexdigit()));
    let numeric = hex || (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()));
    if !numeric {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.len() <= 3
                && part.bytes().all(|b| b.is_ascii_digit())
                && (part.len() == 1 || !part.starts_with('0'))
                && part.parse::<u16>().is_ok_and(|n| n <= 255)
        })
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
            "http://192.0.2.1/",
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
            "https://:80/",
            "https://[::1]/",
            "https://%65vil.example",
            "https://a.example:8o/",
            "https://.example",
            // A numeric last label makes the host an IPv4 address to a browser.
            "https://a.0#",
            "https://example.0x1",
            "https://1.2.3",
            "https://256.1.1.1",
            "https://пример.рф",
            "",
            "ж",
        ] {
            assert_eq!(safe_href(url), None, "{url:?}");
        }
    }

    /// What a WHATWG parser (the `url` crate, as browsers do) makes of an accepted URL.
    fn whatwg_agrees(accepted: &str) -> Result<(), String> {
        let parsed =
            url::Url::parse(accepted).map_err(|e| format!("{accepted:?} does not parse: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("{accepted:?} has scheme {}", parsed.scheme()));
        }
        if parsed.host_str().is_none_or(str::is_empty)
            || !parsed.username().is_empty()
            || parsed.password().is_some()
        {
            return Err(format!("{accepted:?} has no plain host"));
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// Anything at all: if we accept it, the WHATWG parser sees an http(s) URL.
        #[test]
        fn accepted_strings_are_http_urls_to_a_whatwg_parser(candidate in "\\PC{0,40}") {
            if let Some(accepted) = safe_href(&candidate) {
                proptest::prop_assert!(whatwg_agrees(accepted).is_ok(), "{:?}", whatwg_agrees(accepted));
            }
        }

        /// URL-shaped strings built from hostile pieces: schemes, controls, entities, bidi marks.
        #[test]
        fn hostile_url_shapes_never_become_other_schemes(
            scheme in proptest::sample::select(vec!["https", "http", "javascript", "JaVaScRiPt", "data", "vbscript", "file", "java\tscript", " https", "ht\ntps"]),
            separator in proptest::sample::select(vec!["://", ":", ":/", ":\\\\", "://\u{0}", ":&#47;&#47;", "%3A//"]),
            host in "[a-z0-9.@:\\-]{0,12}",
            rest in "[/?#a-z0-9%&;=<>\"'\u{202e}\u{200f} ]{0,16}",
        ) {
            let candidate = format!("{scheme}{separator}{host}{rest}");
            if let Some(accepted) = safe_href(&candidate) {
                proptest::prop_assert!(whatwg_agrees(accepted).is_ok(), "{:?}", whatwg_agrees(accepted));
                proptest::prop_assert!(accepted.to_ascii_lowercase().starts_with("http"));
            }
        }

        /// Well-formed web addresses are kept.
        #[test]
        fn plain_web_addresses_are_accepted(host in "[a-z]{1,10}\\.(org|com|ru)", path in "(/[a-z0-9]{0,8}){0,3}") {
            let candidate = format!("https://{host}{path}");
            proptest::prop_assert_eq!(safe_href(&candidate), Some(candidate.as_str()));
        }
    }
}
