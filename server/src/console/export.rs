//! `POST /admin/export` (admin): messages or comments as a download, in the formats of
//! `export` on the host; audited.

use super::audit::{self, Action};
use super::error::{blocking, ConsoleError};
use super::guard::{Admin, CsrfForm, UiLang};
use super::i18n::Key;
use crate::export::{self, Format};
use crate::routes::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// `POST /admin/export` with `what` (`messages`, `comments`) and `format` (`csv`, `json`):
/// the same files as `export` on the host, as a download; audited.
pub async fn download(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    Admin(staff): Admin,
    form: CsrfForm,
) -> Result<Response, ConsoleError> {
    let format = match form.get("format") {
        Some("csv") => Format::Csv,
        Some("json") => Format::Json,
        _ => {
            return Err(ConsoleError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                Key::Malformed,
                lang,
            ))
        }
    };
    let comments = match form.get("what") {
        Some("messages") => false,
        Some("comments") => true,
        _ => {
            return Err(ConsoleError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                Key::Malformed,
                lang,
            ))
        }
    };
    let store = state.store.clone();
    let (messages, all_comments) = blocking(lang, move || {
        Ok(if comments {
            (Vec::new(), store.all_comments()?)
        } else {
            (store.messages()?, Vec::new())
        })
    })
    .await?;
    let mut bytes = Vec::new();
    let written = match (comments, format) {
        (true, _) => export::comments::export_comments(&all_comments, format, &mut bytes),
        (false, Format::Csv) => export::write_csv(&messages, &mut bytes),
        (false, Format::Json) => export::write_json(&messages, &mut bytes),
    };
    if let Err(error) = written {
        tracing::error!("console export failed: {error}");
        return Err(ConsoleError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Key::ServerFailed,
            lang,
        ));
    }
    let count = messages.len() + all_comments.len();
    let what = if comments { "comments" } else { "messages" };
    let (extension, mime) = match format {
        Format::Csv => ("csv", "text/csv; charset=utf-8"),
        Format::Json => ("json", "application/json"),
    };
    let detail = format!("{count} {what} as {extension}");
    audit::note(
        &state,
        lang,
        &staff.member.name,
        Action::Export,
        None,
        Some(&detail),
    )
    .await?;
    let disposition = format!("attachment; filename=\"solidarity-{what}.{extension}\"");
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
