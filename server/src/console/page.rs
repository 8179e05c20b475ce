//! The console's HTML: one layout (header, navigation, language link, sign-out form) and
//! small form helpers. Every value from the database or the request is escaped.

use super::guard::Staff;
use super::i18n::{code, t, Key, Lang};
use crate::auth::role::Permission;
pub use crate::routes::form::escape;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// A console page ready to send.
pub struct Page {
    /// The status to answer with.
    pub status: StatusCode,
    /// The whole document.
    pub html: String,
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        (self.status, Html(self.html)).into_response()
    }
}

/// Where a page is, for the language link: its path and query without `lang`.
pub struct Here<'a> {
    /// Path under `/admin`, e.g. `/admin/queue`.
    pub path: &'a str,
    /// Other query pairs to keep (already URL-encoded), e.g. `q=anna`.
    pub query: &'a str,
}

/// `path?lang=xx` (plus `extra`, already encoded).
pub fn href(path: &str, lang: Lang, extra: &str) -> String {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!("&{extra}")
    };
    format!("{path}?lang={}{extra}", code(lang))
}

/// The hidden CSRF field.
pub fn csrf_field(staff: &Staff) -> String {
    format!(
        r#"<input type="hidden" name="csrf" value="{}">"#,
        escape(&staff.csrf)
    )
}

/// A form with one button that POSTs to `action` (Post/Redirect/Get).
pub fn button_form(
    staff: &Staff,
    lang: Lang,
    action: &str,
    data_action: &str,
    label: Key,
) -> String {
    format!(
        r#"<form method="post" action="{}" class="inline">{}<button type="submit" data-action="{data_action}">{}</button></form>"#,
        escape(&href(action, lang, "")),
        csrf_field(staff),
        t(lang, label)
    )
}

fn nav(staff: &Staff, lang: Lang) -> String {
    let mut links = vec![
        ("/admin/queue", Key::Queue),
        ("/admin/comments", Key::Comments),
    ];
    if staff.member.role.may(Permission::ReadMessages) {
        links.push(("/admin/messages", Key::Messages));
    }
    if staff.member.role.may(Permission::Erase) {
        links.push(("/admin/erase", Key::Erase));
    }
    if staff.member.role.may(Permission::ReadAudit) {
        links.push(("/admin/audit", Key::Audit));
    }
    let items: String = links
        .into_iter()
        .map(|(path, key)| {
            format!(
                r#"<li><a href="{}">{}</a></li>"#,
                escape(&href(path, lang, "")),
                t(lang, key)
            )
        })
        .collect();
    format!(
        r#"<nav aria-label="{}"><ul>{items}</ul></nav><p class="who">{} <strong>{}</strong> ({})</p><form method="post" action="{}" class="inline">{}<button type="submit">{}</button></form>"#,
        t(lang, Key::Nav),
        t(lang, Key::SignedInAs),
        escape(&staff.member.name),
        t(
            lang,
            match staff.member.role {
                crate::auth::Role::Admin => Key::RoleAdmin,
                crate::auth::Role::Moderator => Key::RoleModerator,
            }
        ),
        escape(&href("/admin/logout", lang, "")),
        csrf_field(staff),
        t(lang, Key::SignOut),
    )
}

/// A whole console document.
pub fn render(
    status: StatusCode,
    lang: Lang,
    title: &str,
    staff: Option<&Staff>,
    here: &Here<'_>,
    body: &str,
) -> Page {
    let other = match lang {
        Lang::En => Lang::Ru,
        Lang::Ru => Lang::En,
    };
    let nav = staff.map(|staff| nav(staff, lang)).unwrap_or_default();
    let html = format!(
        r#"<!doctype html>
<html lang="{lang_code}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>{title} · {console}</title><link rel="stylesheet" href="/admin/console.css"></head>
<body><header><p class="brand">{console}</p>{nav}<p class="lang"><a href="{switch}" hreflang="{other_code}" lang="{other_code}">{other_name}</a></p></header>
<main><h1>{title}</h1>
{body}
</main></body></html>
"#,
        lang_code = code(lang),
        title = escape(title),
        console = t(lang, Key::Console),
        switch = escape(&href(here.path, other, here.query)),
        other_code = code(other),
        other_name = t(lang, Key::OtherLang),
    );
    Page { status, html }
}

/// `text` percent-encoded for a query string.
pub fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A GET search form with one labelled field `q` (plus `extra` markup, e.g. a select).
pub fn search_form(lang: Lang, action: &str, q: &str, label: Key, extra: &str) -> String {
    format!(
        r#"<form method="get" action="{action}" role="search"><input type="hidden" name="lang" value="{code}"><label for="q">{label}</label><input id="q" name="q" type="search" value="{q}">{extra}<button type="submit">{search}</button></form>"#,
        code = code(lang),
        label = t(lang, label),
        q = escape(q),
        search = t(lang, Key::Search),
    )
}
