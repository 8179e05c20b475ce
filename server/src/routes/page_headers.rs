//! Security headers for the page's own files: a strict Content-Security-Policy on HTML
//! (framing allowed only for `embed.html`, and only by the partners' origins),
//! `nosniff`, `no-referrer`, and `Access-Control-Allow-Origin: *` so partner pages can
//! load `embed.js`, the wasm, the styles and the configuration straight from here
//! (docs/embedding.md). The files carry no credentials, so `*` is safe for them.

use axum::http::{header, HeaderMap, HeaderName, HeaderValue};

/// The policy every page works under (the build allows no inline scripts or styles).
pub const BASE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// The headers for the page's files, built once from the configured partner origins.
#[derive(Clone, Debug)]
pub struct PageHeaders {
    page_csp: HeaderValue,
    embed_csp: HeaderValue,
}

impl PageHeaders {
    /// `partners` are the `--allowed-origin`s: they may frame `embed.html` (`*`: anyone
    /// may). Without partners only the campaign's own pages may frame it. Other pages may
    /// not be framed at all.
    pub fn new(partners: &[String]) -> Self {
        let list: Vec<&str> = partners
            .iter()
            .map(|origin| origin.trim().trim_end_matches('/'))
            .filter(|origin| {
                *origin == "*" || origin.starts_with("https://") || origin.starts_with("http://")
            })
            .collect();
        let ancestors = if list.contains(&"*") {
            "*".to_owned()
        } else {
            std::iter::once("'self'")
                .chain(list)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let value = |csp: String| {
            HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static(BASE_CSP))
        };
        Self {
            page_csp: value(format!("{BASE_CSP}; frame-ancestors 'none'")),
            embed_csp: value(format!("{BASE_CSP}; frame-ancestors {ancestors}")),
        }
    }

    /// The CSP for an HTML answer at `path`.
    pub fn csp(&self, path: &str) -> &HeaderValue {
        if path == "/embed.html" || path.ends_with("/embed.html") {
            &self.embed_csp
        } else {
            &self.page_csp
        }
    }

    /// Adds the headers to an answer for `path` with these `headers`.
    pub fn apply(&self, path: &str, headers: &mut HeaderMap) {
        let is_html = headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
        if is_html {
            headers.insert(header::CONTENT_SECURITY_POLICY, self.csp(path).clone());
        }
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers
            .entry(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .or_insert(HeaderValue::from_static("*"));
        headers.insert(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        );
    }
}

/// Whether a request path must never reach the files: a scheme-relative start (`//host`,
/// which a directory redirect would turn into `Location: //host/`), a backslash, or a
/// hidden or database file (`.git`, `*.sqlite`, `*-wal`...), in case one lands in dist.
pub fn refused_path(path: &str) -> bool {
    path.starts_with("//")
        || path.contains('\\')
        || path.split('/').any(|segment| {
            let lower = segment.to_ascii_lowercase();
            segment.starts_with('.')
                || lower.contains(".sqlite")
                || lower.ends_with(".db")
                || lower.ends_with("-wal")
                || lower.ends_with("-shm")
                || lower.ends_with("-journal")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_html_is_framable_by_partners_only() {
        let none = PageHeaders::new(&[]);
        assert!(none
            .csp("/embed.html")
            .to_str()
            .is_ok_and(|v| v.ends_with("frame-ancestors 'self'")));
        assert!(none
            .csp("/")
            .to_str()
            .is_ok_and(|v| v.ends_with("frame-ancestors 'none'")));
        let partners = PageHeaders::new(&["https://partner.example/".into(), "bogus".into()]);
        let csp = partners
            .csp("/embed.html")
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            csp.ends_with("frame-ancestors 'self' https://partner.example"),
            "{csp}"
        );
        assert!(csp.starts_with(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"
        ));
        let any = PageHeaders::new(&["*".into()]);
        assert!(any
            .csp("/embed.html")
            .to_str()
            .is_ok_and(|v| v.ends_with("frame-ancestors *")));
    }

    #[test]
    fn dangerous_paths_are_refused() {
        for path in [
            "//evil.example",
            "//ru",
            "/.git/config",
            "/solidarity.sqlite",
            "/db.sqlite-wal",
            "/a\\b",
            "/x/.env",
            "/backup.db",
            "/s-journal",
        ] {
            assert!(refused_path(path), "{path}");
        }
        for path in [
            "/",
            "/ru/",
            "/embed.js",
            "/config.json",
            "/solidarity-1a2b3c4d5e6f7a8b_bg.wasm",
        ] {
            assert!(!refused_path(path), "{path}");
        }
    }
}
