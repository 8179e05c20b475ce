//! Taking back one's own comment: `DELETE {comments endpoint}/{id}` with the delete
//! token its post's answer carried, as `Authorization: Bearer <token>`.

use super::{fetch, ApiError};

/// Timeout for a deletion.
const DELETE_TIMEOUT_MS: u32 = 15_000;

/// What the backend did with a deletion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deletion {
    /// 2xx: the comment is gone.
    Deleted,
    /// 404: wrong token, or no such comment (the backend does not say which).
    Refused,
}

/// The delete token in a comment backend's answer to a post (`delete_token`), if any.
pub fn delete_token(answer_body: &str) -> Option<String> {
    let value = crate::json::parse(answer_body).ok()?;
    let token = value.get("delete_token")?.as_str()?.trim();
    let plausible = !token.is_empty()
        && token.len() <= 128
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plausible.then(|| token.to_owned())
}

/// Deletes comment `id` under `endpoint` with `token`.
pub async fn delete_own_comment(
    endpoint: &str,
    id: &str,
    token: &str,
) -> Result<Deletion, ApiError> {
    let url = super::report::comment_url(endpoint, id);
    let bearer = format!("Bearer {token}");
    let headers = [
        ("Accept", "application/json"),
        ("Authorization", bearer.as_str()),
    ];
    let answer = fetch::send("DELETE", &url, &headers, None, DELETE_TIMEOUT_MS).await?;
    match answer.status {
        200..=299 => Ok(Deletion::Deleted),
        404 => Ok(Deletion::Refused),
        _ => answer
            .judge(super::SuccessRule::AnyTwoHundred)
            .map(|()| Deletion::Deleted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_token_from_the_answer() {
        let token = "a".repeat(64);
        let body = format!(r#"{{"id":"c-1","delete_token":"{token}"}}"#);
        assert_eq!(delete_token(&body), Some(token));
        assert_eq!(delete_token(r#"{"id":"c-1"}"#), None);
        assert_eq!(delete_token(r#"{"delete_token":"a b"}"#), None);
        assert_eq!(delete_token(r#"{"delete_token":7}"#), None);
        assert_eq!(delete_token("<html>"), None);
    }
}
