//! Static files of the campaign read as text (the partner fragments of the article).

/// The body of `url` when it answers 2xx within the read timeout; `None` otherwise.
pub async fn load_text(url: &str) -> Option<String> {
    let answer = super::fetch::send("GET", url, &[], None, super::READ_TIMEOUT_MS)
        .await
        .ok()?;
    answer.ok().then_some(answer.body)
}
