//! Cross-site request checks for the console: Fetch Metadata and `Origin` (the rules of
//! Go's `net/http.CrossOriginProtection`), and a per-session token compared in constant
//! time.

use axum::http::{header, HeaderMap, Method};
use subtle::ConstantTimeEq;

/// The hidden form field that carries the token.
pub const FIELD: &str = "csrf";

/// Whether the browser says this request comes from the console's own origin.
///
/// Safe methods always pass. Otherwise `Sec-Fetch-Site` must be `same-origin` or `none`
/// when present; without it an `Origin` must name the request's `Host`; with neither
/// header it is not a browser's cross-site request (a browser sends one of the two on
/// every POST) and the token alone decides.
pub fn same_origin(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let text = |name| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return site == "same-origin" || site == "none";
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin_host(origin).is_some_and(|o| o == host),
        (Some(_), None) => false,
    }
}

/// `host[:port]` of an `Origin` value (`None` for `null` or anything malformed).
fn origin_host(origin: &str) -> Option<&str> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains('/')).then_some(rest)
}

/// Whether the submitted token is the session's (constant time; empty never matches).
pub fn token_ok(expected: &str, given: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::{same_origin, token_ok};
    use axum::http::{HeaderMap, HeaderValue, Method};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn fetch_metadata_and_origin_decide() {
        let post = Method::POST;
        let host = ("host", "127.0.0.1:8080");
        assert!(same_origin(
            &Method::GET,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(same_origin(
            &post,
            &headers(&[("sec-fetch-site", "same-origin"), host])
        ));
        assert!(same_origin(&post, &headers(&[("sec-fetch-site", "none")])));
        assert!(!same_origin(
            &post,
            &headers(&[("sec-fetch-site", "cross-site"), host])
        ));
        assert!(!same_origin(
            &post,
            &headers(&[("sec-fetch-site", "same-site"), host])
        ));
        assert!(same_origin(
            &post,
            &headers(&[("origin", "http://127.0.0.1:8080"), host])
        ));
        assert!(!same_origin(
            &post,
            &headers(&[("origin", "http://localhost:8080"), host])
        ));
        assert!(!same_origin(
            &post,
            &headers(&[("origin", "http://127.0.0.1:9"), host])
        ));
        assert!(!same_origin(&post, &headers(&[("origin", "null"), host])));
        assert!(
            same_origin(&post, &headers(&[host])),
            "no browser: the token decides"
        );
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(token_ok("abc123", "abc123"));
        assert!(!token_ok("abc123", "abc124"));
        assert!(!token_ok("abc123", "abc12"));
        assert!(!token_ok("", ""));
    }
}
