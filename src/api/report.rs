//! Reporting a comment to the moderators: `POST {comments endpoint}/{id}/report` with
//! `{"reporter_id": ...}`, a random id this tab keeps so a second click changes nothing.

use super::request::{OutgoingRequest, SuccessRule};
use super::ApiError;

/// Timeout for a report.
const REPORT_TIMEOUT_MS: u32 = 15_000;

/// The report address for comment `id` under the comments `endpoint`.
pub fn report_url(endpoint: &str, id: &str) -> String {
    format!("{}/report", comment_url(endpoint, id))
}

/// The address of comment `id` under the comments `endpoint` (its query string and
/// fragment dropped, the id percent-encoded).
pub fn comment_url(endpoint: &str, id: &str) -> String {
    let base = endpoint
        .split(['?', '#'])
        .next()
        .unwrap_or(endpoint)
        .trim_end_matches('/');
    let mut encoded = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("{base}/{encoded}")
}

/// The request that reports comment `id` for reporter `reporter_id`.
pub fn report_request(endpoint: &str, id: &str, reporter_id: &str) -> OutgoingRequest {
    OutgoingRequest {
        url: report_url(endpoint, id),
        headers: vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("Accept".to_owned(), "application/json".to_owned()),
        ],
        body: crate::json::object([("reporter_id", reporter_id.into())]).to_json(),
        success: SuccessRule::AnyTwoHundred,
    }
}

/// Sends a report once; any 2xx means the moderators will see it.
pub async fn report_comment(endpoint: &str, id: &str, reporter_id: &str) -> Result<(), ApiError> {
    super::deliver(report_request(endpoint, id, reporter_id), REPORT_TIMEOUT_MS)
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_address_follows_the_comments_endpoint() {
        assert_eq!(
            report_url("https://x.example/api/comments", "c-1"),
            "https://x.example/api/comments/c-1/report"
        );
        assert_eq!(
            report_url("/api/comments/?page=1#top", "a/b?c d"),
            "/api/comments/a%2Fb%3Fc%20d/report"
        );
    }

    #[test]
    fn the_report_body_names_only_the_reporter() {
        let request = report_request("/api/comments", "c1", "r-1");
        assert_eq!(request.body, r#"{"reporter_id":"r-1"}"#);
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.header("idempotency-key"), None);
    }
}
