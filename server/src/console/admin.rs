//! Admin-only pages: erasure by e-mail or id, and the audit log.

use super::error::{blocking, ConsoleError};
use super::guard::{Admin, CsrfForm, UiLang};
use super::i18n::{t, Key, Lang};
use super::page::{self, csrf_field, escape, href, Here};
use crate::routes::AppState;
use crate::store::audit::Actor;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// Audit entries shown.
pub const AUDIT_LIMIT: u32 = 200;

fn erase_page(lang: Lang, staff: &super::guard::Staff, done: Option<&str>) -> page::Page {
    let done = done
        .map(|line| {
            format!(
                r#"<p role="status" data-testid="erased">{}: {}</p>"#,
                t(lang, Key::Erased),
                escape(line)
            )
        })
        .unwrap_or_default();
    let body = format!(
        r#"{done}<p>{help}</p><form method="post" action="{action}">{csrf}
<p><label for="email">{email}</label><input id="email" name="email" type="email" autocomplete="off"></p>
<p><label for="id">{id}</label><input id="id" name="id" autocomplete="off"></p>
<p><button type="submit" data-action="erase">{button}</button></p></form>"#,
        help = t(lang, Key::EraseHelp),
        action = escape(&href("/admin/erase", lang, "")),
        csrf = csrf_field(staff),
        email = t(lang, Key::EraseEmail),
        id = t(lang, Key::EraseId),
        button = t(lang, Key::EraseButton),
    );
    let here = Here {
        path: "/admin/erase",
        query: "",
    };
    page::render(
        StatusCode::OK,
        lang,
        t(lang, Key::Erase),
        Some(staff),
        &here,
        &body,
    )
}

/// `GET /admin/erase` (admin).
pub async fn erase_form(UiLang(lang): UiLang, Admin(staff): Admin) -> page::Page {
    erase_page(lang, &staff, None)
}

/// `POST /admin/erase` (admin) with `email` or `id`: deletes the rows, then shows what
/// was removed (`?done=` carries only the counts).
pub async fn erase(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    Admin(staff): Admin,
    form: CsrfForm,
) -> Result<Response, ConsoleError> {
    let email = form
        .get("email")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    let id = form
        .get("id")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    let store = state.store.clone();
    let at = state.auth.clock.now();
    let name = staff.member.name.clone();
    let erased = match (email, id) {
        (Some(email), None) => {
            blocking(lang, move || {
                store.erase_by_email(&email, &Actor::new(&name, at))
            })
            .await?
        }
        (None, Some(id)) => {
            blocking(lang, move || store.erase_by_id(&id, &Actor::new(&name, at))).await?
        }
        _ => {
            return Err(ConsoleError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                Key::Malformed,
                lang,
            ))
        }
    };
    let done = format!("done={}-{}", erased.messages, erased.comments);
    Ok(Redirect::to(&href("/admin/erased", lang, &done)).into_response())
}

/// `GET /admin/erased?done=M-C` (admin): the erasure form with the counts just removed.
pub async fn erased(UiLang(lang): UiLang, Admin(staff): Admin, uri: axum::http::Uri) -> page::Page {
    let counts = uri
        .query()
        .and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("done=")))
        .and_then(|done| done.split_once('-'))
        .and_then(|(m, c)| Some((m.parse::<u64>().ok()?, c.parse::<u64>().ok()?)));
    let line = counts.map(|(m, c)| format!("{m} + {c}"));
    erase_page(lang, &staff, line.as_deref())
}

/// `GET /admin/audit` (admin): the newest entries first.
pub async fn audit(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    Admin(staff): Admin,
) -> Result<page::Page, ConsoleError> {
    let store = state.store.clone();
    let entries = blocking(lang, move || store.audit_list(AUDIT_LIMIT, None)).await?;
    let rows: String = entries
        .iter()
        .map(|e| {
            format!(
                r#"<tr data-testid="audit-entry"><td><time datetime="{at}">{at}</time></td><td>{who}</td><td>{what}</td><td>{target}</td><td>{detail}</td></tr>"#,
                at = escape(&e.at),
                who = escape(&e.actor),
                what = escape(&e.action),
                target = escape(e.target.as_deref().unwrap_or("")),
                detail = escape(e.detail.as_deref().unwrap_or("")),
            )
        })
        .collect();
    let body = format!(
        r#"<table><caption>{title}</caption><thead><tr><th scope="col">{when}</th><th scope="col">{who}</th><th scope="col">{what}</th><th scope="col">{target}</th><th scope="col">{detail}</th></tr></thead><tbody>{rows}</tbody></table>"#,
        title = t(lang, Key::Audit),
        when = t(lang, Key::When),
        who = t(lang, Key::Who),
        what = t(lang, Key::What),
        target = t(lang, Key::Target),
        detail = t(lang, Key::Detail),
    );
    let here = Here {
        path: "/admin/audit",
        query: "",
    };
    Ok(page::render(
        StatusCode::OK,
        lang,
        t(lang, Key::Audit),
        Some(&staff),
        &here,
        &body,
    ))
}
