//! Fallback endpoints for a blocked backend: which addresses one attempt tries, in what
//! order, and which failures move on to the next. Pure, so the rules are tested natively.

use crate::api::ApiError;

/// The sessionStorage key remembering, for this visit, which of `primary`'s endpoints
/// answered last.
pub fn remember_key(primary: &str) -> String {
    format!("solidarity.endpoint.{primary}")
}

/// The addresses to try, in order: the one that answered earlier in this visit (if it is
/// still configured), then the primary, then the fallbacks as configured.
pub fn candidates(primary: &str, fallbacks: &[String], remembered: Option<&str>) -> Vec<String> {
    let mut list: Vec<String> = Vec::with_capacity(fallbacks.len() + 1);
    let configured = std::iter::once(primary).chain(fallbacks.iter().map(String::as_str));
    if let Some(known) = remembered.filter(|known| configured.clone().any(|url| url == *known)) {
        list.push(known.to_owned());
    }
    for url in configured {
        if !list.iter().any(|seen| seen == url) {
            list.push(url.to_owned());
        }
    }
    list
}

/// Only a backend that could not be reached is skipped (a network, DNS or TLS failure, or
/// a timeout); one that answered, even with 4xx or 5xx, has the message's fate.
pub fn try_next(error: &ApiError) -> bool {
    matches!(error, ApiError::Network | ApiError::Timeout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(list: &[&str]) -> Vec<String> {
        list.iter().map(|url| (*url).to_owned()).collect()
    }

    #[test]
    fn the_primary_comes_first_then_the_fallbacks_in_order() {
        let fallbacks = urls(&["https://b/m", "https://c/m"]);
        assert_eq!(
            candidates("https://a/m", &fallbacks, None),
            urls(&["https://a/m", "https://b/m", "https://c/m"])
        );
        assert_eq!(candidates("https://a/m", &[], None), urls(&["https://a/m"]));
    }

    #[test]
    fn the_endpoint_that_answered_this_visit_is_tried_first() {
        let fallbacks = urls(&["https://b/m", "https://c/m"]);
        assert_eq!(
            candidates("https://a/m", &fallbacks, Some("https://c/m")),
            urls(&["https://c/m", "https://a/m", "https://b/m"])
        );
        // One no longer configured is ignored.
        assert_eq!(
            candidates("https://a/m", &fallbacks, Some("https://old/m")),
            urls(&["https://a/m", "https://b/m", "https://c/m"])
        );
    }

    #[test]
    fn only_unreachable_backends_are_skipped() {
        assert!(try_next(&ApiError::Network));
        assert!(try_next(&ApiError::Timeout));
        for status in [400, 404, 422, 429, 500, 503] {
            let answered = ApiError::Http {
                status,
                message: None,
                field_errors: Vec::new(),
                retry_after: None,
                lang: None,
            };
            assert!(!try_next(&answered), "{status}");
        }
        assert!(!try_next(&ApiError::Rejected(None)));
    }
}
