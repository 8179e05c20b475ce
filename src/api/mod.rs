//! Every HTTP call the page makes, and the types that travel over it.
//! Views call these functions; they never touch `gloo-net` themselves.

mod error;
pub mod request;
pub mod response;

pub use error::ApiError;
pub use request::{NewComment, OutgoingRequest, SupportMessage};

use crate::config::{CommentsConfig, Config, ConfigError, MessagesConfig, Overrides};
use crate::thread::Comment;
use gloo_net::http::{Request, RequestBuilder};
use std::cell::Cell;
use std::rc::Rc;

/// Most pages of comments followed through `next` cursors.
const MAX_COMMENT_PAGES: usize = 40;
/// Timeout for reads (config, comments).
const READ_TIMEOUT_MS: u32 = 15_000;

/// A response that arrived: its status and body text.
struct Answer {
    status: u16,
    body: String,
}

impl Answer {
    fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
    fn into_error(self) -> ApiError {
        ApiError::Http {
            status: self.status,
            message: response::server_error_message(&self.body),
        }
    }
}

/// Sends a request, aborting it with an `AbortController` after `timeout_ms`.
async fn send(
    builder: RequestBuilder,
    body: Option<String>,
    timeout_ms: u32,
) -> Result<Answer, ApiError> {
    let controller = web_sys::AbortController::new().map_err(|_| ApiError::Network)?;
    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        gloo_timers::callback::Timeout::new(timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let builder = builder.abort_signal(Some(&controller.signal()));
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let classify = |_| {
        if timed_out.get() {
            ApiError::Timeout
        } else {
            ApiError::Network
        }
    };
    let response = request.send().await.map_err(classify)?;
    let status = response.status();
    let body = response.text().await.map_err(classify)?;
    Ok(Answer { status, body })
}

fn with_headers(mut builder: RequestBuilder, headers: &[(String, String)]) -> RequestBuilder {
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder
}

async fn post(request: OutgoingRequest, timeout_ms: u32) -> Result<Answer, ApiError> {
    let builder = with_headers(Request::post(&request.url), &request.headers);
    send(builder, Some(request.body), timeout_ms).await
}

async fn get(url: &str) -> Result<Answer, ApiError> {
    let builder = Request::get(url).header("Accept", "application/json");
    send(builder, None, READ_TIMEOUT_MS).await
}

/// Loads and validates the configuration named by the host element (or `config.json`),
/// resolving relative URLs in it against the file's own address.
pub async fn load_config(overrides: Overrides) -> Result<Config, ConfigError> {
    let url = crate::browser::absolute_url(
        overrides
            .config_url
            .as_deref()
            .unwrap_or(crate::config::DEFAULT_CONFIG_URL),
        None,
    );
    let answer = get(&url)
        .await
        .map_err(|error| ConfigError::not_loaded(&url, &error.to_string()))?;
    if !answer.ok() {
        return Err(ConfigError::not_loaded(
            &url,
            &format!("HTTP {}", answer.status),
        ));
    }
    let mut config = Config::from_text(&answer.body, &overrides)?;
    let resolve = |relative: &str| crate::browser::absolute_url(relative, Some(&url));
    let endpoint = resolve(&config.messages.endpoint);
    config.messages.endpoint = endpoint;
    config.comments.endpoint = config.comments.endpoint.as_deref().map(resolve);
    config.comments.static_url = config.comments.static_url.as_deref().map(resolve);
    Ok(config)
}

/// The comment thread: from the endpoint (following `next` cursors), or from the static
/// file when there is no endpoint or it fails.
pub async fn load_comments(config: CommentsConfig) -> Result<Vec<Comment>, ApiError> {
    let from_endpoint = match &config.endpoint {
        Some(endpoint) => Some(load_comment_pages(endpoint).await),
        None => None,
    };
    match (from_endpoint, &config.static_url) {
        (Some(Ok(comments)), _) => Ok(comments),
        (Some(Err(_)), Some(static_url)) | (None, Some(static_url)) => {
            load_comment_page(static_url).await.map(|(c, _)| c)
        }
        (Some(Err(error)), None) => Err(error),
        (None, None) => Ok(Vec::new()),
    }
}

async fn load_comment_pages(endpoint: &str) -> Result<Vec<Comment>, ApiError> {
    let (mut comments, mut next) = load_comment_page(endpoint).await?;
    for _ in 1..MAX_COMMENT_PAGES {
        let Some(cursor) = next.take() else { break };
        let separator = if endpoint.contains('?') { '&' } else { '?' };
        let encoded: String = form_urlencoded::byte_serialize(cursor.as_bytes()).collect();
        let (page, following) =
            load_comment_page(&format!("{endpoint}{separator}after={encoded}")).await?;
        if page.is_empty() {
            break;
        }
        comments.extend(page);
        next = following;
    }
    Ok(comments)
}

async fn load_comment_page(url: &str) -> Result<(Vec<Comment>, Option<String>), ApiError> {
    let answer = get(url).await?;
    if !answer.ok() {
        return Err(answer.into_error());
    }
    let comments = response::parse_comment_list(&answer.body).map_err(|_| ApiError::Unreadable)?;
    Ok((comments, response::next_cursor(&answer.body)))
}

/// Sends one support message; any 2xx is success.
pub async fn send_message(config: MessagesConfig, message: SupportMessage) -> Result<(), ApiError> {
    let request = request::message_request(&config, &message);
    let answer = post(request, config.timeout_ms).await?;
    if answer.ok() {
        Ok(())
    } else {
        Err(answer.into_error())
    }
}

/// Posts a comment or reply. 201 gives the stored comment; 202 means it awaits moderation.
pub async fn post_comment(
    endpoint: String,
    comment: NewComment,
    timeout_ms: u32,
) -> Result<Comment, ApiError> {
    let answer = post(request::comment_request(&endpoint, &comment), timeout_ms).await?;
    if !answer.ok() {
        return Err(answer.into_error());
    }
    let awaiting = answer.status == 202;
    let stored = (!awaiting)
        .then(|| response::parse_stored_comment(&answer.body))
        .flatten();
    Ok(stored.unwrap_or(Comment {
        id: comment.id,
        parent_id: comment.parent_id,
        author: comment.author,
        body: comment.body,
        created_at: Some(crate::browser::now_iso()),
        pending: awaiting,
    }))
}
