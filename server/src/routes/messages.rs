//! `POST /api/messages`: a support message.

use super::{id_and_key, json_object, ApiError, AppState};
use crate::validate;
use crate::writer::{Outcome, Write};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Validates and stores a support message; 201 `{"id": ...}`, also for a retry with the
/// same `Idempotency-Key` and payload; 422 when the key was used for another payload.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let object = json_object(&headers, body)?;
    let message = validate::message(&object)?;
    let (id, key) = id_and_key(&headers, message.id.as_deref())?;
    let fingerprint = validate::fingerprint(&message);
    let write = Write::Message {
        key,
        id,
        fingerprint,
        message,
    };
    match state.writer.write(write).await? {
        Outcome::Message(id) => {
            Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
        }
        Outcome::Conflict(field) => Err(reused(field)),
        other => {
            tracing::error!("unexpected write outcome for a message: {other:?}");
            Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "unexpected storage answer",
            ))
        }
    }
}

/// The 422 for an idempotency key (or id) reused with a different payload.
pub fn reused(field: &str) -> ApiError {
    ApiError::unprocessable(
        field,
        format!("{field} was already used for a different payload"),
    )
}
