//! The API's error answers: `{"error": "...", "field": "...", "lang": "en"}` with the
//! right status, in the reader's language (see [`super::error_lang`]).

use super::error_lang::{self, BodyLang, Russian};
use super::form::{self, Lang};
use crate::store::StoreError;
use crate::validate::{Invalid, Rule};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error answer of the API.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: String,
    field: Option<String>,
    rule: Option<Rule>,
    retry_after: Option<u64>,
    russian: Option<String>,
    lang: Option<Lang>,
}

impl ApiError {
    /// An error with a status and a message, about no field in particular.
    pub fn new(status: StatusCode, error: impl Into<String>) -> Self {
        Self {
            status,
            error: error.into(),
            field: None,
            rule: None,
            retry_after: None,
            russian: None,
            lang: None,
        }
    }

    /// The Russian sentence for this error, when the table in [`error_lang::russian`]
    /// does not have it.
    pub fn in_russian(mut self, text: impl Into<String>) -> Self {
        self.russian = Some(text.into());
        self
    }

    /// Answers in `lang` (the request body's), whatever `Accept-Language` says.
    pub fn in_lang(mut self, lang: Option<Lang>) -> Self {
        self.lang = self.lang.or(lang);
        self
    }

    /// A 422 about `field`.
    pub fn unprocessable(field: &str, error: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, error)
        }
    }

    /// The same error with another status.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Adds a `Retry-After` header (seconds).
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The status of the answer.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The field at fault, if one is.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The validation rule the field broke, when the error came from validation.
    pub fn rule(&self) -> Option<Rule> {
        self.rule
    }
}

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> Self {
        Self {
            rule: Some(invalid.rule),
            ..Self::unprocessable(invalid.field, invalid.message)
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        if matches!(error, StoreError::QueueFull | StoreError::Unavailable(_)) {
            tracing::warn!("{error}: answering 503");
            return Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is busy, please try again shortly",
            )
            .retry_after(1);
        }
        tracing::error!("storage failed: {error}");
        match error {
            StoreError::WriterGone => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is shutting down",
            ),
            _ => Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the message could not be stored, please try again",
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let russian = match (&self.russian, &self.field, self.rule) {
            (Some(text), _, _) => text.clone(),
            (None, Some(field), Some(rule)) => form::describe(Lang::Ru, field, rule),
            _ => error_lang::russian(self.status, &self.error),
        };
        let body = match &self.field {
            Some(field) => json!({"error": self.error, "field": field}),
            None => json!({"error": self.error}),
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(Russian(russian));
        if let Some(lang) = self.lang {
            response.extensions_mut().insert(BodyLang(lang));
        }
        response
    }
}

/// Turns any non-JSON error answer under `/api` (from the body limit, the timeout, an
/// unknown method...) into the JSON error shape, keeping status and headers. HTML
/// answers to form posts are left alone, and a form post that timed out gets the form's
/// 408 page instead.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let asked = request.headers().clone();
    // A form post cut off by the timeout gets an HTML page, not JSON (review L7).
    let form_headers = (super::body_kind(request.headers()) == Some(super::BodyKind::Form))
        .then(|| request.headers().clone());
    let response = next.run(request).await;
    if !is_api {
        return response;
    }
    let status = response.status();
    if let (StatusCode::REQUEST_TIMEOUT, Some(headers)) = (status, &form_headers) {
        return super::form::timed_out(headers);
    }
    // JSON answers stay; so do the HTML pages that answer form posts.
    let keep = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| {
            let value = value.as_bytes();
            value.starts_with(b"application/json") || value.starts_with(b"text/html")
        });
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let lang = error_lang::choose(
        response.extensions().get::<BodyLang>().map(|body| body.0),
        &asked,
    );
    if keep {
        return match response.extensions().get::<Russian>().cloned() {
            Some(russian) => worded(response, lang, &russian.0).await,
            None => response,
        };
    }
    let (mut parts, _) = response.into_parts();
    let message = match lang {
        Lang::En => error_lang::english_for_status(status),
        Lang::Ru => error_lang::for_status(status).to_owned(),
    };
    let body = json!({ "error": message, "lang": lang_code(lang) }).to_string();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang_code(lang)),
    );
    Response::from_parts(parts, Body::from(body))
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Ru => "ru",
    }
}

/// A JSON error answer in `lang`: its `error` replaced by the Russian when that is the
/// language, `"lang"` and `Content-Language` saying which. Anything unreadable stays.
async fn worded(response: Response, lang: Lang, russian: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        tracing::warn!("an error answer's body could not be read to word it");
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(serde_json::Value::Object(mut object)) = serde_json::from_slice(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if lang == Lang::Ru {
        // The English stays beside it, for developers and bug reports.
        if let Some(english) = object.insert("error".into(), russian.into()) {
            object.insert("error_en".into(), english);
        }
    }
    object.insert("lang".into(), lang_code(lang).into());
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang_code(lang)),
    );
    Response::from_parts(
        parts,
        Body::from(serde_json::Value::Object(object).to_string()),
    )
}

/// Largest error body [`worded`] reads (ours are a few hundred bytes; a challenge more).
const MAX_ERROR_BODY: usize = 64 * 1024;
