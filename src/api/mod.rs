//! Every HTTP call the page makes, and the types that travel over it.
//! Views call these functions; they never touch `fetch` themselves.

mod comment_list;
mod error;
mod fetch;
pub mod form_post;
mod fragment;
mod own;
pub mod pow;
mod report;
pub mod request;
pub mod response;
mod wall;

pub use error::ApiError;
pub use fragment::load_text;
pub use own::{delete_own_comment, delete_token, Deletion};
pub use report::report_comment;
pub use request::{NewComment, OutgoingRequest, SuccessRule, SupportMessage};
pub use wall::load_wall_page;

use crate::config::{CommentsConfig, Config, ConfigError, Overrides};
use crate::thread::Comment;

/// Most pages followed through `next` cursors to fill the first screen.
const MAX_COMMENT_PAGES: usize = 40;
/// Timeout for reads (config, comments).
const READ_TIMEOUT_MS: u32 = 15_000;

/// A response that arrived: its status, `Retry-After` header and body text.
pub struct Answer {
    pub status: u16,
    pub body: String,
    retry_after: Option<String>,
}

impl Answer {
    fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
    fn judge(&self, rule: SuccessRule) -> Result<(), ApiError> {
        response::judge(self.status, &self.body, self.retry_after.clone(), rule)
    }
}

async fn post(request: OutgoingRequest, timeout_ms: u32) -> Result<Answer, ApiError> {
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    fetch::send(
        "POST",
        &request.url,
        &headers,
        Some(&request.body),
        timeout_ms,
    )
    .await
}

const ACCEPT_JSON: [(&str, &str); 1] = [("Accept", "application/json")];

async fn get(url: &str) -> Result<Answer, ApiError> {
    match take_early(url) {
        Some(early) => early.answer().await,
        None => fetch::send("GET", url, &ACCEPT_JSON, None, READ_TIMEOUT_MS).await,
    }
}

thread_local! {
    /// Reads started ahead of need ([`read_early`]), each for the first [`get`] of its URL.
    static EARLY: std::cell::RefCell<Vec<(String, fetch::Pending)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Starts reading `url` now, for the first later read of it to take: the configuration
/// is requested before the app is built (a take-over is tens of milliseconds of work
/// during which the request is already on its way), not after. One early read per URL.
pub fn read_early(url: &str) {
    if EARLY.with_borrow(|early| early.iter().any(|(parked, _)| parked == url)) {
        return;
    }
    if let Ok(pending) = fetch::start("GET", url, &ACCEPT_JSON, None, READ_TIMEOUT_MS) {
        EARLY.with_borrow_mut(|early| early.push((url.to_owned(), pending)));
    }
}

fn take_early(url: &str) -> Option<fetch::Pending> {
    EARLY.with_borrow_mut(|early| {
        let at = early.iter().position(|(parked, _)| parked == url)?;
        Some(early.swap_remove(at).1)
    })
}

/// Loads and validates the configuration named by the host element (or `config.json`),
/// resolving relative URLs in it against the file's own address.
pub async fn load_config(overrides: Overrides) -> Result<Config, ConfigError> {
    let url = config_file_url(&overrides);
    let answer = get(&url)
        .await
        .map_err(|error| ConfigError::not_loaded(&url, &error.to_string()))?;
    if !answer.ok() {
        return Err(ConfigError::not_loaded(
            &url,
            &format!("HTTP {}", answer.status),
        ));
    }
    let config = resolve_config_urls(Config::from_text(&answer.body, &overrides)?, &url);
    // The thread's first read starts now, not once the app has redrawn for this
    // configuration (see [`load_comments`]: the endpoint first, else the static file).
    let comments = &config.comments;
    if let Some(first) = comments.endpoint.as_ref().or(comments.static_url.as_ref()) {
        read_early(first);
    }
    Ok(config)
}

/// The absolute address of the configuration file a host element names (or `config.json`).
pub fn config_file_url(overrides: &Overrides) -> String {
    crate::browser::absolute_url(
        overrides
            .config_url
            .as_deref()
            .unwrap_or(crate::config::DEFAULT_CONFIG_URL),
        None,
    )
}

/// Resolves the relative URLs in a configuration against the address of its file.
pub fn resolve_config_urls(mut config: Config, config_url: &str) -> Config {
    let resolve = |relative: &str| crate::browser::absolute_url(relative, Some(config_url));
    let endpoint = resolve(&config.messages.endpoint);
    config.messages.endpoint = endpoint;
    config.comments.endpoint = config.comments.endpoint.as_deref().map(resolve);
    config.comments.static_url = config.comments.static_url.as_deref().map(resolve);
    for list in [
        &mut config.messages.fallback_endpoints,
        &mut config.comments.fallback_endpoints,
    ] {
        for url in list.iter_mut() {
            *url = resolve(url);
        }
    }
    if let Some(wall) = config.wall.as_mut() {
        wall.endpoint = wall.endpoint.as_deref().map(resolve);
        wall.static_url = wall.static_url.as_deref().map(resolve);
    }
    config
}

/// The comments in a comment list (either shape), or `None` if it is not one.
pub fn parse_comment_list(text: &str) -> Option<Vec<Comment>> {
    comment_list::parse_comment_page(text)
        .ok()
        .map(|page| page.comments)
}

/// The thread as first shown: the comments loaded so far, where the rest of it continues
/// (a paginated endpoint), and how many comments the backend says it has in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadedThread {
    pub comments: Vec<Comment>,
    pub more: Option<MorePages>,
    pub total: Option<u64>,
}

/// Where a paginated thread continues: the endpoint and the `next` cursor it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MorePages {
    endpoint: String,
    cursor: String,
}

/// The comment thread: from the endpoint, page after page until at least `threads`
/// top-level threads (one screen) are in or the thread ends, the rest on request
/// ([`load_more_comments`]); or from the static file when there is no endpoint or it fails.
pub async fn load_comments(
    config: CommentsConfig,
    threads: usize,
) -> Result<LoadedThread, ApiError> {
    let from_endpoint = match &config.endpoint {
        Some(endpoint) => {
            let mut loaded = load_first_pages(endpoint, threads).await;
            // A blocked backend: the fallbacks in order, only while none can be reached.
            for fallback in &config.fallback_endpoints {
                if !matches!(loaded, Err(ApiError::Network | ApiError::Timeout)) {
                    break;
                }
                loaded = load_first_pages(fallback, threads).await;
            }
            Some(loaded)
        }
        None => None,
    };
    match (from_endpoint, &config.static_url) {
        (Some(Ok(thread)), _) => Ok(thread),
        (Some(Err(_)), Some(static_url)) | (None, Some(static_url)) => {
            let page = load_comment_page(static_url).await?;
            Ok(LoadedThread {
                comments: page.comments,
                more: None,
                total: None,
            })
        }
        (Some(Err(error)), None) => Err(error),
        (None, None) => Ok(LoadedThread::default()),
    }
}

async fn load_first_pages(endpoint: &str, threads: usize) -> Result<LoadedThread, ApiError> {
    let first = load_comment_page(endpoint).await?;
    let (total, mut comments, mut next) = (first.total, first.comments, first.next);
    for _ in 1..MAX_COMMENT_PAGES {
        let top_level = comments.iter().filter(|c| c.parent_id.is_none()).count();
        if top_level >= threads {
            break;
        }
        let Some(cursor) = next.take() else { break };
        let page = load_comment_page(&page_url(endpoint, &cursor)).await?;
        if page.comments.is_empty() {
            break;
        }
        comments.extend(page.comments);
        next = page.next;
    }
    Ok(LoadedThread {
        comments,
        more: next.map(|cursor| MorePages {
            endpoint: endpoint.to_owned(),
            cursor,
        }),
        total,
    })
}

/// The next page of a paginated thread, and where it continues after that.
pub async fn load_more_comments(
    more: MorePages,
) -> Result<(Vec<Comment>, Option<MorePages>), ApiError> {
    let page = load_comment_page(&page_url(&more.endpoint, &more.cursor)).await?;
    let next = match page.next {
        Some(cursor) if !page.comments.is_empty() => Some(MorePages {
            endpoint: more.endpoint,
            cursor,
        }),
        _ => None,
    };
    Ok((page.comments, next))
}

fn page_url(endpoint: &str, cursor: &str) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let encoded: String = form_urlencoded::byte_serialize(cursor.as_bytes()).collect();
    format!("{endpoint}{separator}after={encoded}")
}

async fn load_comment_page(url: &str) -> Result<comment_list::CommentPage, ApiError> {
    let answer = get(url).await?;
    answer.judge(SuccessRule::AnyTwoHundred)?;
    comment_list::parse_comment_page(&answer.body).map_err(|_| ApiError::Unreadable)
}

/// Sends a prepared request (a support message or a comment) once, and judges the
/// answer by the request's success rule; a proof-of-work challenge (428) is solved and
/// the request sent again with its solution ([`pow`]). Retrying is the outbox's business.
pub async fn deliver(request: OutgoingRequest, timeout_ms: u32) -> Result<Answer, ApiError> {
    let rule = request.success;
    let mut answer = post(request.clone(), timeout_ms).await?;
    if answer.status == 428 {
        if let Some(solved) = pow::answer(&request, &answer.body).await {
            answer = post(solved, timeout_ms).await?;
        }
    }
    answer.judge(rule)?;
    Ok(answer)
}

/// What a comment backend did with an accepted comment: published it (201 with the
/// stored comment) or queued it for moderation (202).
pub fn accepted_comment(comment: &NewComment, status: u16, body: &str) -> Comment {
    let awaiting = status == 202;
    let stored = (!awaiting)
        .then(|| response::parse_stored_comment(body))
        .flatten();
    stored.unwrap_or_else(|| Comment {
        id: comment.id.clone(),
        parent_id: comment.parent_id.clone(),
        author: comment.author.clone(),
        body: comment.body.clone(),
        created_at: Some(crate::browser::now_iso()),
        lang: Some(comment.lang.code().to_owned()),
        pending: awaiting,
        badge: None,
    })
}
