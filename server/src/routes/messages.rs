//! `POST /api/messages`: a support message, as JSON or as a plain HTML form post.

use super::{
    body_kind, body_lang, error_lang, form, guard, id_and_key, invalid_for, json_object, ApiError,
    AppState, BodyKind,
};
use crate::abuse::honeypot;
use crate::validate::{self, NewMessage};
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
/// A form post (`application/x-www-form-urlencoded`) gets the same checks and an HTML
/// page instead (see [`form`]).
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let object = match body_kind(&headers) {
        Some(BodyKind::Json) => json_object(&headers, body)?,
        Some(BodyKind::Form) => return Ok(form::create(&state, &headers, body).await),
        None => return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json or application/x-www-form-urlencoded (UTF-8)",
        )),
    };
    let lang = body_lang(&object);
    Ok(error_lang::tag(
        create_json(&state, &headers, object).await,
        lang,
    ))
}

/// The JSON path of [`create`], once the body is an object.
async fn create_json(
    state: &AppState,
    headers: &HeaderMap,
    object: serde_json::Map<String, serde_json::Value>,
) -> Result<Response, ApiError> {
    if let Some(answer) = guard::proof(state, headers, &object) {
        return Ok(answer);
    }
    let message = validate::message(&object).map_err(|invalid| invalid_for(&object, invalid))?;
    let id = if honeypot::filled_json(&object) {
        // A bot: the answer a person would get, and nothing stored.
        id_and_key(headers, message.id.as_deref())?.0
    } else {
        save(state, headers, message).await?
    };
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

/// Stores a validated message (idempotently) and returns its id; the answer is 201 for
/// JSON and form posts alike.
pub async fn save(
    state: &AppState,
    headers: &HeaderMap,
    message: NewMessage,
) -> Result<String, ApiError> {
    let (id, key) = id_and_key(headers, message.id.as_deref())?;
    let fingerprint = validate::fingerprint(&message);
    let write = Write::Message {
        key,
        id,
        fingerprint,
        message,
    };
    match state.writer.write(write).await? {
        Outcome::Message(id) => Ok(id),
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
pub fn reused(field: &'static str) -> ApiError {
    validate::reused(field).into()
}
