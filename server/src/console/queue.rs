//! The moderation queue (where staff land after sign-in), the search of published
//! comments, and the actions on a comment: approve, reject, delete, reply.

use super::error::{blocking, ConsoleError};
use super::guard::{CsrfForm, Staff, UiLang};
use super::i18n::{t, Key, Lang};
use super::page::{self, button_form, csrf_field, escape, href, Here};
use crate::routes::AppState;
use crate::store::audit::Actor;
use crate::store::lifecycle::{Decision, ReviewComment, StaffReplyOutcome};
use crate::store::Status;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Longest staff reply, in characters (the reader limit for comments).
pub const REPLY_MAX_CHARS: usize = 2000;
/// Most search results shown.
pub const SEARCH_LIMIT: u32 = 100;

fn reply_form(staff: &Staff, lang: Lang, comment: &ReviewComment) -> String {
    let field = format!("reply-{}", escape(&comment.id));
    format!(
        r#"<form method="post" action="{action}"><label for="{field}">{label}</label><textarea id="{field}" name="body" maxlength="{REPLY_MAX_CHARS}" required></textarea>{csrf}<input type="hidden" name="reply_lang" value="{reply_lang}"><button type="submit" data-action="reply">{send}</button></form>"#,
        action = escape(&href(
            &format!("/admin/comments/{}/reply", super::page::encode(&comment.id)),
            lang,
            ""
        )),
        label = t(lang, Key::Reply),
        csrf = csrf_field(staff),
        reply_lang = escape(&comment.lang),
        send = t(lang, Key::SendReply),
    )
}

/// One comment with its facts and actions; `testid` is `queue-item` or `comment-item`.
pub fn item(staff: &Staff, lang: Lang, comment: &ReviewComment, testid: &str) -> String {
    let id = escape(&comment.id);
    let reply_to = match (&comment.parent_id, &comment.parent_excerpt) {
        (Some(parent), excerpt) => format!(
            r#"<dt>{}</dt><dd><q>{}</q> ({})</dd>"#,
            t(lang, Key::RepliesTo),
            escape(excerpt.as_deref().unwrap_or("…")),
            escape(parent)
        ),
        (None, _) => String::new(),
    };
    let state = match comment.status {
        Status::Pending => t(lang, Key::Pending),
        _ if comment.reports > 0 => t(lang, Key::Reported),
        _ => t(lang, Key::Published),
    };
    let reports = if comment.reports > 0 {
        format!(" ({})", comment.reports)
    } else {
        String::new()
    };
    let action = |name: &str, key: Key| {
        button_form(
            staff,
            lang,
            &format!(
                "/admin/comments/{}/{name}",
                super::page::encode(&comment.id)
            ),
            name,
            key,
        )
    };
    let reply = if comment.status == Status::Published {
        reply_form(staff, lang, comment)
    } else {
        String::new()
    };
    format!(
        r#"<li data-testid="{testid}" data-comment-id="{id}"><h2>{author}</h2>
<dl class="facts"><dt>{status}</dt><dd>{state}{reports}</dd><dt>{language}</dt><dd>{comment_lang}</dd><dt>{received}</dt><dd><time datetime="{at}">{at}</time></dd>{reply_to}</dl>
<p class="text" lang="{comment_lang}">{body}</p>
<p>{approve} {reject} {delete}</p>{reply}</li>"#,
        author = escape(&comment.author),
        status = t(lang, Key::Status),
        language = t(lang, Key::Language),
        comment_lang = escape(&comment.lang),
        received = t(lang, Key::Received),
        at = escape(&comment.created_at),
        body = escape(&comment.body),
        approve = action("approve", Key::Approve),
        reject = action("reject", Key::Reject),
        delete = action("delete", Key::Delete),
    )
}

fn list(staff: &Staff, lang: Lang, comments: &[ReviewComment], testid: &str, empty: Key) -> String {
    if comments.is_empty() {
        return format!("<p>{}</p>", t(lang, empty));
    }
    let items: String = comments
        .iter()
        .map(|c| item(staff, lang, c, testid))
        .collect();
    format!(r#"<ol class="items">{items}</ol>"#)
}

/// `GET /admin/queue`: pending and reported comments, oldest first.
pub async fn show(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    staff: Staff,
) -> Result<page::Page, ConsoleError> {
    let store = state.store.clone();
    let comments = blocking(lang, move || store.pending_and_reported_comments()).await?;
    let body = list(&staff, lang, &comments, "queue-item", Key::QueueEmpty);
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

/// `?q=`.
#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

/// `GET /admin/comments?q=`: published comments whose text or author has every word.
pub async fn search(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    staff: Staff,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<page::Page, ConsoleError> {
    let Query(query) =
        query.map_err(|_| ConsoleError::new(StatusCode::BAD_REQUEST, Key::Malformed, lang))?;
    let q = query.q.unwrap_or_default();
    let store = state.store.clone();
    let needle = q.clone();
    let comments = blocking(lang, move || {
        store.search_comments(&needle, Some(Status::Published), SEARCH_LIMIT, 0)
    })
    .await?;
    let form = super::page::search_form(lang, "/admin/comments", &q, Key::SearchText, "");
    let body = format!(
        "{form}{}",
        list(&staff, lang, &comments, "comment-item", Key::NoResults)
    );
    let encoded = format!("q={}", super::page::encode(&q));
    let here = Here {
        path: "/admin/comments",
        query: &encoded,
    };
    Ok(page::render(
        StatusCode::OK,
        lang,
        t(lang, Key::Comments),
        Some(&staff),
        &here,
        &body,
    ))
}

/// `POST /admin/comments/{id}/{approve|reject|delete|reply}`, then back to the queue.
pub async fn act(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
    form: CsrfForm,
) -> Result<Response, ConsoleError> {
    let store = state.store.clone();
    let at = state.auth.clock.now();
    let name = staff.member.name.clone();
    let target = id.clone();
    let found = match action.as_str() {
        "approve" | "reject" => {
            let decision = if action == "approve" {
                Decision::Approve
            } else {
                Decision::Reject
            };
            blocking(lang, move || {
                store.decide_comment(&target, decision, &Actor::new(&name, at))
            })
            .await?
        }
        "delete" => {
            blocking(lang, move || {
                store.delete_comment(&target, &Actor::new(&name, at))
            })
            .await?
        }
        "reply" => {
            let body = reply_body(form.get("body").unwrap_or(""), lang)?;
            let reply_lang = if form.get("reply_lang") == Some("ru") {
                "ru"
            } else {
                "en"
            };
            let outcome = blocking(lang, move || {
                store.insert_staff_reply(&target, &body, reply_lang, &Actor::new(&name, at))
            })
            .await?;
            matches!(outcome, StaffReplyOutcome::Stored(_))
        }
        _ => false,
    };
    if !found {
        return Err(ConsoleError::not_found(lang));
    }
    Ok(Redirect::to(&href("/admin/queue", lang, "")).into_response())
}

/// The reply text, or 422 when it is empty, too long or has control characters.
fn reply_body(text: &str, lang: Lang) -> Result<String, ConsoleError> {
    let text = text.replace("\r\n", "\n");
    let text = text.trim();
    let bad = text.is_empty()
        || text.chars().count() > REPLY_MAX_CHARS
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t');
    if bad {
        Err(ConsoleError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            Key::BadReply,
            lang,
        ))
    } else {
        Ok(text.to_owned())
    }
}
