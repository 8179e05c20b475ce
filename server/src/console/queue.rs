//! The moderation queue (where staff land after sign-in) and its actions.

use super::audit::{self, Action};
use super::error::{blocking, ConsoleError};
use super::guard::{CsrfForm, Staff, UiLang};
use super::i18n::{t, Key, Lang};
use super::page::{self, button_form, escape, href, Here};
use crate::routes::AppState;
use crate::store::{Comment, Status};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// One comment as a queue item, with its moderation buttons.
pub fn item(staff: &Staff, lang: Lang, comment: &Comment, label: Key) -> String {
    let id = escape(&comment.id);
    let reply_to = comment
        .parent_id
        .as_deref()
        .map(|parent| {
            format!(
                "<dt>{}</dt><dd>{}</dd>",
                t(lang, Key::RepliesTo),
                escape(parent)
            )
        })
        .unwrap_or_default();
    let action = |name: &str, key: Key| {
        button_form(
            staff,
            lang,
            &format!("/admin/comments/{}/{name}", comment.id),
            name,
            key,
        )
    };
    format!(
        r#"<li data-testid="queue-item" data-comment-id="{id}"><h2>{author}</h2>
<dl class="facts"><dt>{status}</dt><dd>{label}</dd><dt>{received}</dt><dd><time datetime="{at}">{at}</time></dd>{reply_to}</dl>
<p class="text">{body}</p>
<p>{approve} {reject} {delete}</p></li>"#,
        author = escape(&comment.author),
        status = t(lang, Key::Queue),
        label = t(lang, label),
        received = t(lang, Key::Received),
        at = escape(&comment.created_at),
        body = escape(&comment.body),
        approve = action("approve", Key::Approve),
        reject = action("reject", Key::Reject),
        delete = action("delete", Key::Delete),
    )
}

/// `GET /admin/queue`: pending comments, oldest first.
pub async fn show(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    staff: Staff,
) -> Result<page::Page, ConsoleError> {
    let store = state.store.clone();
    let pending = blocking(lang, move || store.pending_comments()).await?;
    let body = if pending.is_empty() {
        format!("<p>{}</p>", t(lang, Key::QueueEmpty))
    } else {
        let items: String = pending
            .iter()
            .map(|comment| item(&staff, lang, comment, Key::Pending))
            .collect();
        format!(r#"<ol class="items">{items}</ol>"#)
    };
    let here = Here {
        path: "/admin/queue",
        query: "",
    };
    Ok(page::render(
        StatusCode::OK,
        lang,
        t(lang, Key::Queue),
        Some(&staff),
        &here,
        &body,
    ))
}

/// `POST /admin/comments/{id}/{approve|reject|delete}`, then back to the queue.
pub async fn act(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
    _form: CsrfForm,
) -> Result<Response, ConsoleError> {
    let (status, audited) = match action.as_str() {
        "approve" => (Status::Published, Action::Approve),
        "reject" => (Status::Rejected, Action::Reject),
        _ => return Err(ConsoleError::not_found(lang)),
    };
    let store = state.store.clone();
    let target = id.clone();
    let found = blocking(lang, move || store.set_comment_status(&target, status)).await?;
    if !found {
        return Err(ConsoleError::not_found(lang));
    }
    audit::note(&state, lang, &staff.member.name, audited, Some(&id), None).await?;
    Ok(Redirect::to(&href("/admin/queue", lang, "")).into_response())
}
