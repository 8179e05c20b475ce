//! HTTP routes: the JSON API under `/api` (which also takes the support form as a plain
//! HTML form post) and the page's static files.

pub mod comments;
mod error;
pub mod error_lang;
pub mod form;
pub mod guard;
pub mod health;
pub mod impersonation;
pub mod messages;
pub mod own_comment;
pub mod page_headers;
pub mod published;
pub mod reports;
pub mod static_files;

pub use error::{json_errors, ApiError};

use crate::ratelimit::RateLimiter;
use crate::store::Storage;
use crate::writer::Writer;
use crate::Moderation;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware;
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::{Map, Value};
use std::sync::Arc;

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// Reads (and the organisers' tools).
    pub store: Arc<dyn Storage>,
    /// The single writer.
    pub writer: Writer,
    /// Whether new comments wait for approval.
    pub moderation: Moderation,
    /// Per-client limits on POSTs.
    pub limiter: Arc<RateLimiter>,
    /// Staff sign-in: the clock, cookie settings, the hashing limit.
    pub auth: Arc<crate::auth::Settings>,
    /// The organisation's name: the badge on staff replies (`serve --org-name`).
    pub org_name: Arc<str>,
    /// Defences against hostile traffic (trusted proxies, caps, proof of work...).
    pub abuse: Arc<crate::abuse::Guard>,
}

/// The `/api` router: messages, comments and proof-of-work challenges, with the abuse
/// defences ([`guard`]) on every POST.
pub fn api(state: AppState) -> Router {
    Router::new()
        .route("/messages", post(messages::create))
        .route("/comments", get(comments::list).post(comments::create))
        .route("/comments/{id}/report", post(reports::create))
        .route("/comments/{id}", delete(own_comment::delete))
        .route("/messages/published", get(published::list))
        .route("/pow", get(guard::challenge))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such API endpoint") })
        .layer(middleware::from_fn_with_state(state.clone(), guard::check))
        .with_state(state)
}

/// The request bodies the API reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`, as a plain HTML form sends it.
    Form,
}

/// The kind of body the `Content-Type` announces; `None` for any other type, or a
/// charset other than UTF-8.
pub fn body_kind(headers: &HeaderMap) -> Option<BodyKind> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let mut parts = content_type.split(';').map(str::trim);
    let essence = parts.next().unwrap_or("");
    let charset_ok = parts.all(|param| match param.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
            let value = value.trim().trim_matches('"');
            value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8")
        }
        _ => true,
    });
    if !charset_ok {
        None
    } else if essence.eq_ignore_ascii_case("application/json") {
        Some(BodyKind::Json)
    } else if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Some(BodyKind::Form)
    } else {
        None
    }
}

/// The request body, or 413 when it is over the limit and 400 when it could not be read.
pub fn read_body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("request body is larger than {MAX_BODY_BYTES} bytes"),
            )
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "could not read the request body")
        }
    })
}

/// Checks the content type, size and syntax of a JSON request body and returns its
/// top-level object: 415, 413 and 400 respectively when they are wrong.
pub fn json_object(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, ApiError> {
    if body_kind(headers) != Some(BodyKind::Json) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json (UTF-8)",
        ));
    }
    let body = read_body(body)?;
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "request body must be a JSON object",
        )),
        Err(error) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("malformed JSON: {error}"),
        )),
    }
}

/// The 422 for a body that failed validation, worded for the reader: in Russian when the
/// body's `lang` is `ru` (the sentence the plain form's page would show, chosen in
/// [`json_errors`]), else the validator's English. `field` still names the field, so the
/// page marks the right input.
pub fn invalid_for(object: &Map<String, Value>, invalid: crate::validate::Invalid) -> ApiError {
    ApiError::from(invalid).in_lang(body_lang(object))
}

/// The language the JSON body's `lang` names (`en` or `ru`), if it names one.
pub fn body_lang(object: &Map<String, Value>) -> Option<form::Lang> {
    error_lang::from_body(object.get("lang").and_then(Value::as_str))
}

/// The record id and idempotency key of a write: the key is the `Idempotency-Key`
/// header, else the body `id`; the id is the body `id`, else the key, else a new UUID.
pub fn id_and_key(
    headers: &HeaderMap,
    body_id: Option<&str>,
) -> Result<(String, String), ApiError> {
    let header_key = match headers.get("idempotency-key") {
        None => None,
        Some(value) => {
            let text = value.to_str().unwrap_or("\u{0}").trim();
            Some(crate::validate::id("Idempotency-Key", text).map_err(ApiError::from)?)
        }
    };
    let id = body_id
        .map(str::to_owned)
        .or_else(|| header_key.clone())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let key = header_key.unwrap_or_else(|| id.clone());
    Ok((id, key))
}
