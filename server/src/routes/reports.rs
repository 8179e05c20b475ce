//! `POST /api/comments/{id}/report`: a reader asks a moderator to look at a published
//! comment. The comment stays visible until a moderator decides, so mass reports cannot
//! hide it.

use super::{json_object, ApiError, AppState};
use crate::store::reports::ReportOutcome;
use crate::writer::{Outcome, Write};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use time::OffsetDateTime;

/// Takes `{"reporter_id": "<UUID>"}`: 202 `{"status": "reported"}` for a new report,
/// 200 with the same body when this reporter had reported it before, 404 when no
/// published comment has that id, 422 when `reporter_id` is not a UUID.
pub async fn create(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let object = json_object(&headers, body)?;
    let reporter_id = match object.get("reporter_id") {
        Some(Value::String(text)) => uuid::Uuid::parse_str(text.trim()).ok(),
        _ => None,
    }
    .ok_or_else(|| {
        ApiError::unprocessable("reporter_id", "reporter_id must be a UUID made by the page")
    })?;
    let write = Write::Report {
        comment_id: id,
        reporter_id: reporter_id.to_string(),
        at: OffsetDateTime::now_utc(),
    };
    let status = match state.writer.write(write).await? {
        Outcome::Report(ReportOutcome::Reported) => StatusCode::ACCEPTED,
        Outcome::Report(ReportOutcome::AlreadyReported) => StatusCode::OK,
        Outcome::Report(ReportOutcome::NotFound) => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "no published comment has that id",
            ))
        }
        other => {
            tracing::error!("unexpected write outcome for a report: {other:?}");
            return Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "unexpected storage answer",
            ));
        }
    };
    Ok((status, Json(json!({ "status": "reported" }))).into_response())
}
