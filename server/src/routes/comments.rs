//! `GET /api/comments` (published, oldest first, paginated) and `POST /api/comments`.

use super::messages::reused;
use super::own_comment::new_token;
use super::{
    body_lang, error_lang, guard, id_and_key, invalid_for, json_object, ApiError, AppState,
};
use crate::abuse::{honeypot, Refusal};
use crate::ratelimit::Decision;
use crate::store::{Comment, Status};
use crate::validate;
use crate::writer::{Outcome, Write};
use crate::Moderation;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Comments per page when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 50;
/// Most comments per page; larger `limit`s are lowered to this.
pub const MAX_LIMIT: u32 = 200;

/// `?after=&limit=`.
#[derive(Deserialize)]
pub struct Page {
    after: Option<String>,
    limit: Option<String>,
}

impl Page {
    /// The cursor (`None` for the first page) and the page size: `default` when
    /// `limit` is not given, lowered to `max`; 400 when either is malformed.
    pub fn parse(
        query: Result<Query<Page>, QueryRejection>,
        default: u32,
        max: u32,
    ) -> Result<(Option<i64>, u32), ApiError> {
        let Query(page) =
            query.map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "malformed query string"))?;
        let bad = |field: &str, error: &str| {
            ApiError::unprocessable(field, error).with_status(StatusCode::BAD_REQUEST)
        };
        let after = match page.after.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(
                text.parse::<i64>()
                    .ok()
                    .filter(|cursor| *cursor >= 0)
                    .ok_or_else(|| bad("after", "after must be a cursor from a previous page"))?,
            ),
        };
        let limit = match page.limit.as_deref().map(str::trim) {
            None | Some("") => default,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|limit| *limit > 0)
                .ok_or_else(|| bad("limit", "limit must be a positive whole number"))?
                .min(max),
        };
        Ok((after, limit))
    }
}

/// A comment in the API, with the organisation's name as `badge` on staff replies.
#[derive(Serialize)]
pub struct ApiComment {
    #[serde(flatten)]
    comment: Comment,
    #[serde(skip_serializing_if = "Option::is_none")]
    badge: Option<String>,
}

/// One page of comments.
#[derive(Serialize)]
pub struct CommentPage {
    comments: Vec<ApiComment>,
    next: Option<String>,
    /// Published comments in the whole thread, so a client can show the count before it
    /// has fetched every page.
    total: u64,
}

/// Lists published comments, oldest first. `after` is the opaque `next` cursor of the
/// previous page; `limit` defaults to 50 and is capped at 200. A reply whose parent was
/// deleted or rejected is listed too (its `parent_id` names no listed comment).
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<Page>, QueryRejection>,
) -> Result<Json<CommentPage>, ApiError> {
    let (after, limit) = Page::parse(query, DEFAULT_LIMIT, MAX_LIMIT)?;
    let store = state.store.clone();
    let page =
        tokio::task::spawn_blocking(move || store.published_comments(after.unwrap_or(0), limit))
            .await
            .map_err(|_| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "reading comments failed")
            })??;
    let comments = page
        .comments
        .into_iter()
        .map(|comment| ApiComment {
            badge: comment.staff.then(|| state.org_name.to_string()),
            comment,
        })
        .collect();
    Ok(Json(CommentPage {
        comments,
        next: page.next.map(|cursor| cursor.to_string()),
        total: page.total,
    }))
}

/// Validates and stores a comment: 201 with the comment when published at once
/// (`--moderation post`), 202 `{"id", "status": "pending"}` when it waits for approval.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let object = json_object(&headers, body)?;
    let lang = body_lang(&object);
    Ok(error_lang::tag(
        create_json(&state, &headers, object).await,
        lang,
    ))
}

/// The rest of [`create`], once the body is an object.
async fn create_json(
    state: &AppState,
    headers: &HeaderMap,
    object: serde_json::Map<String, serde_json::Value>,
) -> Result<Response, ApiError> {
    if let Some(answer) = guard::proof(state, headers, &object) {
        return Ok(answer);
    }
    let comment = validate::comment(&object).map_err(|invalid| invalid_for(&object, invalid))?;
    super::impersonation::check(state, &comment.author).await?;
    let (id, key) = id_and_key(headers, comment.id.as_deref())?;
    let held = state.abuse.hold.matches(&[&comment.author, &comment.body]);
    let status = match state.moderation {
        Moderation::Post if !held => Status::Published,
        _ => Status::Pending,
    };
    if honeypot::filled_json(&object) {
        // A bot: the answer a person would get, and nothing stored.
        return Ok(answer(
            fake(id, comment),
            status,
            new_token().ok().map(|t| t.0),
        ));
    }
    let now = std::time::Instant::now();
    if let Decision::Limited { retry_after } = state
        .abuse
        .caps
        .comment_at(comment.parent_id.as_deref(), now)
    {
        return Ok(guard::json_refusal(state, Refusal::Busy { retry_after }));
    }
    let fingerprint = validate::fingerprint(&comment);
    let (token, delete_hash) = new_token()?;
    let write = Write::Comment {
        key,
        id,
        fingerprint,
        comment,
        status,
        delete_hash,
    };
    match state.writer.write(write).await? {
        Outcome::Comment(comment, status, issued) => {
            Ok(answer(comment, status, issued.then_some(token)))
        }
        Outcome::Conflict(field) => Err(reused(field)),
        Outcome::NoParent => Err(ApiError::unprocessable(
            "parent_id",
            "parent_id does not name a published comment",
        )),
        Outcome::Message(_) | Outcome::Report(_) | Outcome::Deleted(_) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "unexpected storage answer",
        )),
    }
}

/// 201 with the comment when it is published, else 202 `{"id", "status": "pending"}`;
/// either with `delete_token` when this answer carries the comment's token.
fn answer(comment: Comment, status: Status, token: Option<String>) -> Response {
    let (code, mut body) = if status == Status::Published {
        (StatusCode::CREATED, json!(comment))
    } else {
        (
            StatusCode::ACCEPTED,
            json!({ "id": comment.id, "status": "pending" }),
        )
    };
    if let (Some(token), Some(object)) = (token, body.as_object_mut()) {
        object.insert("delete_token".into(), token.into());
    }
    (code, Json(body)).into_response()
}

/// The comment a bot is told was stored.
fn fake(id: String, comment: validate::NewComment) -> Comment {
    Comment {
        id,
        parent_id: comment.parent_id,
        author: comment.author,
        body: comment.body,
        created_at: validate::now_minute(),
        lang: comment.lang,
        staff: false,
    }
}
