//! `GET /api/messages/published`: the support messages the organisers published, for a
//! wall of support. Never an e-mail address; the date to the day.

use super::comments::Page;
use super::{ApiError, AppState};
use crate::store::published::PublishedMessage;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

/// Messages per page when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 20;
/// Most messages per page; larger `limit`s are lowered to this.
pub const MAX_LIMIT: u32 = 100;

/// One page of the wall.
#[derive(Serialize)]
pub struct WallPage {
    messages: Vec<PublishedMessage>,
    next: Option<String>,
    /// Every message received, published or not.
    total_received: u64,
}

/// Lists published messages, newest first; `after` is the `next` of the page before.
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<Page>, QueryRejection>,
) -> Result<Json<WallPage>, ApiError> {
    let (after, limit) = Page::parse(query, DEFAULT_LIMIT, MAX_LIMIT)?;
    let store = state.store.clone();
    let page = tokio::task::spawn_blocking(move || store.published_messages(after, limit))
        .await
        .map_err(|_| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "reading messages failed")
        })??;
    Ok(Json(WallPage {
        messages: page.messages,
        next: page.next.map(|cursor| cursor.to_string()),
        total_received: page.total_received,
    }))
}
