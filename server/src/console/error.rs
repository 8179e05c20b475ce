//! The console's error answers: a page in the console's language with the right status,
//! saying that nothing was changed.

use super::i18n::{code, t, Key, Lang};
use super::page::{self, escape, Here};
use crate::store::StoreError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error answer of the console.
#[derive(Debug)]
pub struct ConsoleError {
    /// The status.
    pub status: StatusCode,
    /// What to say.
    pub key: Key,
    /// In which language.
    pub lang: Lang,
    /// `Retry-After` seconds, for 429.
    pub retry_after: Option<u64>,
}

impl ConsoleError {
    /// An error page.
    pub fn new(status: StatusCode, key: Key, lang: Lang) -> Self {
        Self {
            status,
            key,
            lang,
            retry_after: None,
        }
    }

    /// 403: a cross-site request or a wrong CSRF token.
    pub fn forged(lang: Lang) -> Self {
        Self::new(StatusCode::FORBIDDEN, Key::Forged, lang)
    }

    /// 404: no such record.
    pub fn not_found(lang: Lang) -> Self {
        Self::new(StatusCode::NOT_FOUND, Key::NotFound, lang)
    }

    /// 500 for a storage failure (logged, never shown); 503 with `Retry-After` when the
    /// database is unreachable for now.
    pub fn store(lang: Lang, error: &StoreError) -> Self {
        tracing::error!("console storage failed: {error}");
        if matches!(error, StoreError::Unavailable(_)) {
            return Self {
                retry_after: Some(1),
                ..Self::new(StatusCode::SERVICE_UNAVAILABLE, Key::ServerFailed, lang)
            };
        }
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, Key::ServerFailed, lang)
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        let lang = self.lang;
        let body = format!(
            r#"<p role="alert" data-testid="console-error">{}</p><p><a href="/admin/queue?lang={}">{}</a></p>"#,
            escape(t(lang, self.key)),
            code(lang),
            t(lang, Key::BackToConsole)
        );
        let here = Here {
            path: "/admin/",
            query: "",
        };
        let title = t(lang, Key::ErrorTitle);
        let mut response =
            page::render(self.status, lang, title, None, &here, &body).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Runs storage work off the async threads; a failure becomes a 500 page in `lang`.
pub async fn blocking<T: Send + 'static>(
    lang: Lang,
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ConsoleError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(ConsoleError::store(lang, &error)),
        Err(_) => Err(ConsoleError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Key::ServerFailed,
            lang,
        )),
    }
}
