//! Who is asking: the session middleware on every console route but sign-in, the `Staff`
//! and `Admin` extractors, the console's language, and forms checked for their CSRF token.

use super::error::{blocking, ConsoleError};
use super::i18n::{choose, Key, Lang};
use crate::auth::{csrf, session, Role};
use crate::routes::AppState;
use crate::store::StaffMember;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// A signed-in staff member of any role (moderators and admins).
#[derive(Clone, Debug)]
pub struct Staff {
    /// The account.
    pub member: StaffMember,
    /// The session's CSRF token (goes in every form).
    pub csrf: String,
    /// The session's token hash (to end it).
    pub token_hash: String,
}

/// A signed-in admin: a moderator gets 403.
#[derive(Clone, Debug)]
pub struct Admin(pub Staff);

/// The console's language for this request (`?lang=`, else `Accept-Language`).
#[derive(Clone, Copy, Debug)]
pub struct UiLang(pub Lang);

/// A console form post whose `csrf` field matched the session's token.
#[derive(Debug)]
pub struct CsrfForm(pub Vec<(String, String)>);

impl CsrfForm {
    /// The last value of field `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

fn lang_of(parts: &Parts) -> Lang {
    choose(parts.uri.query(), &parts.headers)
}

/// The live session of the request's cookie, if there is one (touched when due; an
/// ended one is deleted).
pub async fn current(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<Option<Staff>, ConsoleError> {
    let Some(token) = session::token(headers) else {
        return Ok(None);
    };
    let token_hash = session::token_hash(&token);
    let now = state.auth.clock.unix();
    let store = state.store.clone();
    let hash = token_hash.clone();
    let found = blocking(lang, move || {
        let Some(row) = store.session(&hash)? else {
            return Ok(None);
        };
        if !session::live(row.created_at, row.last_seen_at, now) {
            store.session_delete(&hash)?;
            return Ok(None);
        }
        if session::needs_touch(row.last_seen_at, now) {
            store.session_touch(&hash, now)?;
        }
        Ok(Some(row))
    })
    .await?;
    Ok(found.map(|row| Staff {
        member: row.staff,
        csrf: row.csrf,
        token_hash,
    }))
}

/// Lets only signed-in staff through: a state-changing request must also come from the
/// console's own origin (403). Without a live session, a GET goes to sign-in and anything
/// else gets 401.
pub async fn require_staff(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let lang = choose(request.uri().query(), request.headers());
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    if !csrf::same_origin(request.method(), request.headers()) {
        return ConsoleError::forged(lang).into_response();
    }
    match current(&state, request.headers(), lang).await {
        Err(error) => error.into_response(),
        Ok(Some(staff)) => {
            request.extensions_mut().insert(staff);
            next.run(request).await
        }
        Ok(None) if safe => Redirect::to(&super::page::href("/admin/", lang, "")).into_response(),
        Ok(None) => ConsoleError::new(StatusCode::UNAUTHORIZED, Key::Expired, lang).into_response(),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for UiLang {
    type Rejection = ConsoleError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(lang_of(parts)))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = ConsoleError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Staff>().cloned().ok_or_else(|| {
            ConsoleError::new(StatusCode::UNAUTHORIZED, Key::Expired, lang_of(parts))
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = ConsoleError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let staff = Staff::from_request_parts(parts, state).await?;
        if staff.member.role == Role::Admin {
            Ok(Self(staff))
        } else {
            Err(ConsoleError::new(
                StatusCode::FORBIDDEN,
                Key::AdminOnly,
                lang_of(parts),
            ))
        }
    }
}

/// Reads a urlencoded console body: 413 when too large, 400 when unreadable.
pub async fn form_pairs<S: Send + Sync>(
    request: Request,
    state: &S,
    lang: Lang,
) -> Result<Vec<(String, String)>, ConsoleError> {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    let body = Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ConsoleError::new(StatusCode::PAYLOAD_TOO_LARGE, Key::TooLarge, lang)
            } else {
                ConsoleError::new(StatusCode::BAD_REQUEST, Key::Malformed, lang)
            }
        })?;
    if !is_form && !body.is_empty() {
        return Err(ConsoleError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Key::Malformed,
            lang,
        ));
    }
    crate::routes::form::decode(&body)
        .ok_or_else(|| ConsoleError::new(StatusCode::BAD_REQUEST, Key::Malformed, lang))
}

impl<S: Send + Sync> FromRequest<S> for CsrfForm {
    type Rejection = ConsoleError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = choose(request.uri().query(), request.headers());
        let expected = request
            .extensions()
            .get::<Staff>()
            .map(|staff| staff.csrf.clone())
            .ok_or_else(|| ConsoleError::new(StatusCode::UNAUTHORIZED, Key::Expired, lang))?;
        let form = Self(form_pairs(request, state, lang).await?);
        if csrf::token_ok(&expected, form.get(csrf::FIELD).unwrap_or("")) {
            Ok(form)
        } else {
            Err(ConsoleError::forged(lang))
        }
    }
}
