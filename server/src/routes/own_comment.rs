//! `DELETE /api/comments/{id}`: a reader takes back their own comment with the delete
//! token its answer carried, sent as `Authorization: Bearer <token>` (a header, so the
//! token is in no URL or access log, and a `DELETE` needs no body that some proxies
//! drop). Plain HTML forms cannot send it: without JavaScript a page has nowhere to keep
//! the token, so there is no form path.

use super::{ApiError, AppState};
use crate::auth::session::token_hash;
use crate::writer::{Outcome, Write};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};

/// The one answer for a wrong token and for a missing comment, so neither tells the other.
pub const NOT_FOUND: &str = "no comment with this id and delete token";

/// A new delete token (256 random bits, hexadecimal) and the hash the database keeps.
pub fn new_token() -> Result<(String, String), ApiError> {
    let token = crate::auth::random_hex(32).map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "no randomness for a delete token",
        )
    })?;
    let hash = token_hash(&token);
    Ok((token, hash))
}

/// The token of `Authorization: Bearer <token>`, if the header is well formed.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && token.len() <= 128)
        .then_some(token)
}

/// Deletes comment `id` (through the writer, audited): 204; 404 with the same body for
/// a wrong token and for no such comment; 400 without a bearer token.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = bearer(&headers).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "send the comment's delete token as Authorization: Bearer <token>",
        )
    })?;
    let write = Write::DeleteComment {
        id,
        token_hash: token_hash(token),
        at: state.auth.clock.now(),
    };
    match state.writer.write(write).await? {
        Outcome::Deleted(true) => Ok(StatusCode::NO_CONTENT),
        Outcome::Deleted(false) => Err(ApiError::new(StatusCode::NOT_FOUND, NOT_FOUND)),
        _ => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "unexpected storage answer",
        )),
    }
}
