//! Cross-site posts: a browser on another site must not make its visitors post here
//! (`Sec-Fetch-Site`, else `Origin`), unless that site is an allowed partner.

use axum::http::HeaderMap;

/// Whether a POST with these headers may go ahead. `own` is the origin the client sees
/// this server at (see [`super::ClientInfo::origin`]); `allowed` the `--allowed-origin`s.
///
/// `Sec-Fetch-Site: same-origin | same-site | none` is a browser's word that no other
/// site sent the request; `cross-site` needs an allowed `Origin`. Without
/// `Sec-Fetch-Site` an `Origin` must be ours or allowed; with neither header the client
/// is not a browser acting for another site (curl, a server, an old browser).
pub fn allowed(headers: &HeaderMap, own: Option<&str>, allowed: &[String]) -> bool {
    let origin = headers
        .get("origin")
        .map(|value| value.to_str().unwrap_or("null"));
    let partner = |origin: &str| {
        allowed
            .iter()
            .map(|o| o.trim().trim_end_matches('/'))
            .any(|o| o == "*" || o.eq_ignore_ascii_case(origin))
    };
    let site = headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok());
    match (site, origin) {
        (Some("same-origin" | "same-site" | "none"), _) => true,
        (Some(_), Some(origin)) => partner(origin),
        (Some(_), None) => false,
        (None, Some(origin)) => {
            own.is_some_and(|own| own.eq_ignore_ascii_case(origin)) || partner(origin)
        }
        (None, None) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn check(site: Option<&'static str>, origin: Option<&'static str>, partners: &[&str]) -> bool {
        let mut headers = HeaderMap::new();
        if let Some(site) = site {
            headers.insert("sec-fetch-site", HeaderValue::from_static(site));
        }
        if let Some(origin) = origin {
            headers.insert("origin", HeaderValue::from_static(origin));
        }
        let partners: Vec<String> = partners.iter().map(|p| (*p).to_owned()).collect();
        allowed(&headers, Some("https://campaign.example"), &partners)
    }

    #[test]
    fn browsers_on_our_site_and_non_browsers_pass() {
        assert!(check(
            Some("same-origin"),
            Some("https://campaign.example"),
            &[]
        ));
        assert!(check(Some("same-site"), None, &[]));
        assert!(check(Some("none"), None, &[]));
        assert!(check(None, Some("https://campaign.example"), &[]));
        assert!(check(None, None, &[]), "curl");
    }

    #[test]
    fn other_sites_only_when_allowed() {
        let evil = Some("https://evil.example");
        assert!(!check(Some("cross-site"), evil, &[]));
        assert!(
            !check(None, evil, &[]),
            "an old browser without fetch metadata"
        );
        assert!(
            !check(None, Some("null"), &[]),
            "a sandboxed frame or data: URL"
        );
        assert!(!check(Some("cross-site"), None, &[]));
        let partner = Some("https://partner.example");
        assert!(check(
            Some("cross-site"),
            partner,
            &["https://partner.example/"]
        ));
        assert!(check(None, partner, &["https://partner.example"]));
        assert!(check(Some("cross-site"), evil, &["*"]));
    }
}
