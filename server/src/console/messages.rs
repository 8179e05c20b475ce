//! The messages inbox (newest first, search, counts per language), publishing a
//! consented message (admin) and downloading messages or comments (admin).

use super::error::{blocking, ConsoleError};
use super::guard::{Admin, CsrfForm, Staff, UiLang};
use super::i18n::{t, Key, Lang};
use super::page::{self, button_form, csrf_field, encode, escape, href, search_form, Here};
use crate::auth::role::Permission;
use crate::routes::AppState;
use crate::store::audit::Actor;
use crate::store::published::{InboxMessage, PublishOutcome};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Most messages shown per search.
pub const LIMIT: u32 = 200;

/// `?q=&in=`.
#[derive(Deserialize)]
pub struct InboxQuery {
    q: Option<String>,
    #[serde(rename = "in")]
    in_lang: Option<String>,
}

fn item(staff: &Staff, lang: Lang, inbox: &InboxMessage) -> String {
    let m = &inbox.message;
    let fact =
        |key: Key, value: &str| format!("<dt>{}</dt><dd>{}</dd>", t(lang, key), escape(value));
    let email = if staff.member.role.may(Permission::SeeEmail) {
        fact(Key::Email, m.email.as_deref().unwrap_or("—"))
    } else {
        String::new()
    };
    let publish = match (&inbox.published_at, m.consent) {
        (Some(at), _) => format!(
            "<p>{}: <time datetime=\"{at}\">{at}</time></p>",
            t(lang, Key::Published),
            at = escape(at)
        ),
        (None, true) if staff.member.role.may(Permission::Publish) => format!(
            "<p>{}</p>",
            button_form(
                staff,
                lang,
                &format!("/admin/messages/{}/publish", super::page::encode(&m.id)),
                "publish",
                Key::Publish
            )
        ),
        _ => String::new(),
    };
    format!(
        r#"<li data-testid="message-item" data-message-id="{id}"><h2>{name}</h2><dl class="facts">{email}{location}{language}{received}{consent}</dl><p class="text" lang="{code}">{text}</p>{publish}</li>"#,
        id = escape(&m.id),
        name = escape(&m.name),
        location = fact(Key::Location, m.location.as_deref().unwrap_or("—")),
        language = fact(Key::Language, &m.lang),
        received = fact(Key::Received, &m.received_at),
        consent = fact(
            Key::Consent,
            t(lang, if m.consent { Key::Yes } else { Key::No })
        ),
        code = escape(&m.lang),
        text = escape(&m.message),
    )
}

fn downloads(staff: &Staff, lang: Lang) -> String {
    let form = |what: &str, label: Key| {
        let buttons: String = ["csv", "json"]
            .iter()
            .map(|format| {
                format!(
                    r#"<button type="submit" name="format" value="{format}" data-action="export-{what}-{format}">{}</button>"#,
                    format.to_uppercase()
                )
            })
            .collect();
        format!(
            r#"<form method="post" action="{}"><p>{} {}<input type="hidden" name="what" value="{what}">{buttons}</p></form>"#,
            escape(&href("/admin/export", lang, "")),
            t(lang, label),
            csrf_field(staff),
        )
    };
    format!(
        "<h2>{}</h2>{}{}",
        t(lang, Key::Download),
        form("messages", Key::DownloadMessages),
        form("comments", Key::DownloadComments)
    )
}

/// `GET /admin/messages?q=&in=`: newest first; `in` is a language (`en`, `ru`).
pub async fn show(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    staff: Staff,
    query: Result<Query<InboxQuery>, QueryRejection>,
) -> Result<page::Page, ConsoleError> {
    if !staff.member.role.may(Permission::ReadMessages) {
        return Err(ConsoleError::new(
            StatusCode::FORBIDDEN,
            Key::AdminOnly,
            lang,
        ));
    }
    let (q, in_lang) = query
        .map(|Query(query)| {
            (
                query.q.unwrap_or_default(),
                query.in_lang.filter(|l| l == "en" || l == "ru"),
            )
        })
        .unwrap_or_default();
    let store = state.store.clone();
    let (needle, filter) = (q.clone(), in_lang.clone());
    let (found, counts) = blocking(lang, move || {
        Ok((
            store.search_messages(&needle, filter.as_deref(), LIMIT, 0)?,
            store.message_counts_by_lang()?,
        ))
    })
    .await?;
    let counts: String = counts
        .iter()
        .map(|(code, n)| {
            format!(
                "<dt>{}</dt><dd data-testid=\"count-{code}\">{n}</dd>",
                escape(code),
                code = escape(code)
            )
        })
        .collect();
    let options: String = [("", "—"), ("en", "en"), ("ru", "ru")]
        .iter()
        .map(|(value, label)| {
            let selected = if in_lang.as_deref().unwrap_or("") == *value {
                " selected"
            } else {
                ""
            };
            format!(r#"<option value="{value}"{selected}>{label}</option>"#)
        })
        .collect();
    let select = format!(
        r#"<label for="in">{}</label><select id="in" name="in">{options}</select>"#,
        t(lang, Key::Language)
    );
    let items: String = found.iter().map(|m| item(&staff, lang, m)).collect();
    let list = if found.is_empty() {
        format!("<p>{}</p>", t(lang, Key::NoResults))
    } else {
        format!(r#"<ol class="items">{items}</ol>"#)
    };
    let admin_tools = if staff.member.role.may(Permission::Export) {
        downloads(&staff, lang)
    } else {
        String::new()
    };
    let body = format!(
        r#"<h2>{}</h2><dl class="facts">{counts}</dl>{}{admin_tools}<h2>{}</h2>{list}"#,
        t(lang, Key::CountsPerLang),
        search_form(lang, "/admin/messages", &q, Key::SearchMessages, &select),
        t(lang, Key::Messages),
    );
    let kept = format!(
        "q={}&in={}",
        encode(&q),
        encode(in_lang.as_deref().unwrap_or(""))
    );
    let here = Here {
        path: "/admin/messages",
        query: &kept,
    };
    Ok(page::render(
        StatusCode::OK,
        lang,
        t(lang, Key::Messages),
        Some(&staff),
        &here,
        &body,
    ))
}

/// `POST /admin/messages/{id}/publish` (admin): 404 unknown, 409 without consent.
pub async fn publish(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    Admin(staff): Admin,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, ConsoleError> {
    let store = state.store.clone();
    let at = state.auth.clock.now();
    let name = staff.member.name.clone();
    let outcome = blocking(lang, move || {
        store.publish_message(&id, &Actor::new(&name, at))
    })
    .await?;
    match outcome {
        PublishOutcome::NotFound => Err(ConsoleError::not_found(lang)),
        PublishOutcome::NoConsent => Err(ConsoleError::new(
            StatusCode::CONFLICT,
            Key::NotConsented,
            lang,
        )),
        PublishOutcome::Sealed => Err(ConsoleError::new(
            StatusCode::CONFLICT,
            Key::SealedMessage,
            lang,
        )),
        PublishOutcome::Published | PublishOutcome::AlreadyPublished => {
            Ok(Redirect::to(&href("/admin/messages", lang, "")).into_response())
        }
    }
}
