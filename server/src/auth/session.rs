//! Console sessions: an opaque random token in a cookie; the database keeps only its
//! SHA-256, with the times that decide expiry (12 h absolute, 30 min idle).

use axum::http::{header, HeaderMap};
use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const COOKIE: &str = "solidarity_console";
/// A session ends this long after sign-in, whatever happens.
pub const ABSOLUTE_SECS: i64 = 12 * 3600;
/// A session ends after this long without a request.
pub const IDLE_SECS: i64 = 30 * 60;
/// `last_seen_at` is written at most this often, so every click is not a write.
pub const TOUCH_SECS: i64 = 60;

/// Whether a session made at `created_at` and last used at `last_seen_at` is still live.
pub fn live(created_at: i64, last_seen_at: i64, now: i64) -> bool {
    now >= created_at && now - created_at < ABSOLUTE_SECS && now - last_seen_at < IDLE_SECS
}

/// Whether `last_seen_at` is old enough to be written again.
pub fn needs_touch(last_seen_at: i64, now: i64) -> bool {
    now - last_seen_at >= TOUCH_SECS
}

/// A new session token (256 random bits, hexadecimal).
pub fn new_token() -> Result<String, getrandom::Error> {
    super::random_hex(32)
}

/// What the database stores for `token`.
pub fn token_hash(token: &str) -> String {
    super::hex(&Sha256::digest(token.as_bytes()))
}

/// The `Set-Cookie` value that starts a session.
pub fn cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/admin; Max-Age={ABSOLUTE_SECS}{secure}"
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/admin; Max-Age=0{secure}")
}

/// The session token in the request's `Cookie` headers, if there is one.
pub fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn sessions_expire_after_12_hours_or_30_idle_minutes() {
        let start = 1_000_000;
        assert!(live(start, start, start));
        assert!(live(start, start, start + IDLE_SECS - 1));
        assert!(!live(start, start, start + IDLE_SECS), "idle");
        let mut seen = start;
        let mut now = start;
        while now - start < ABSOLUTE_SECS - 600 {
            now += 600;
            assert!(live(start, seen, now));
            seen = now;
        }
        assert!(!live(start, seen, start + ABSOLUTE_SECS), "absolute");
        assert!(!live(start, start, start - 1), "from the future");
    }

    #[test]
    fn touches_are_throttled() {
        assert!(!needs_touch(100, 159));
        assert!(needs_touch(100, 160));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = new_token().expect("token");
        let b = new_token().expect("token");
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn the_cookie_is_scoped_to_the_console() {
        let set = cookie("abc", false);
        assert_eq!(
            set,
            "solidarity_console=abc; HttpOnly; SameSite=Strict; Path=/admin; Max-Age=43200"
        );
        assert!(cookie("abc", true).ends_with("; Secure"));
        assert!(clear_cookie(false).contains("Max-Age=0"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("other=1; solidarity_console=tok; x=y"),
        );
        assert_eq!(token(&headers).as_deref(), Some("tok"));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("solidarity_console="),
        );
        assert_eq!(token(&headers), None);
    }
}
