//! `GET /admin/` (the sign-in form, or on to the queue), `POST /admin/login` and
//! `POST /admin/logout`.

use super::error::{blocking, ConsoleError};
use super::guard::{current, form_pairs, CsrfForm, Staff, UiLang};
use super::i18n::{code, t, Key, Lang};
use super::page::{self, escape, href, Here};
use crate::abuse::client::ClientInfo;
use crate::auth::{csrf, lockout, password, session};
use crate::routes::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The sign-in page with an optional alert.
fn form(status: StatusCode, lang: Lang, alert: Option<Key>) -> page::Page {
    let alert = alert
        .map(|key| {
            format!(
                r#"<p role="alert" data-testid="console-error">{}</p>"#,
                t(lang, key)
            )
        })
        .unwrap_or_default();
    let body = format!(
        r#"{alert}<form method="post" action="{action}" data-testid="console-login">
<p><label for="username">{name}</label><input id="username" name="username" autocomplete="username" required maxlength="64"></p>
<p><label for="password">{password}</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"></p>
<input type="hidden" name="lang" value="{code}">
<p><button type="submit">{button}</button></p>
</form>"#,
        action = escape(&href("/admin/login", lang, "")),
        name = t(lang, Key::Username),
        password = t(lang, Key::Password),
        code = code(lang),
        button = t(lang, Key::SignInButton),
    );
    let here = Here {
        path: "/admin/",
        query: "",
    };
    page::render(status, lang, t(lang, Key::SignInTitle), None, &here, &body)
}

/// `GET /admin/`: the sign-in form, or the queue when already signed in.
pub async fn show(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    request: Request,
) -> Response {
    match current(&state, request.headers(), lang).await {
        Ok(Some(_)) => Redirect::to(&href("/admin/queue", lang, "")).into_response(),
        Ok(None) => form(StatusCode::OK, lang, None).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The client as [`crate::abuse::client`] identified it (the forwarded client behind a
/// trusted proxy, else the peer), so a proxy's address never locks every staff member out.
fn client_ip(request: &Request) -> IpAddr {
    let extensions = request.extensions();
    match extensions.get::<ClientInfo>() {
        Some(client) => client.ip,
        None => extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip()),
    }
}

/// Whether the session cookie is `Secure`: `--secure-cookies`, or the request came over
/// HTTPS (a trusted proxy said so).
fn secure(state: &AppState, request: &Request) -> bool {
    state.auth.secure_cookies
        || request
            .extensions()
            .get::<ClientInfo>()
            .is_some_and(|client| client.https)
}

/// `POST /admin/login`: checks the lock-outs, verifies the password (against a dummy hash
/// when the name is unknown), and starts a session. Every refusal looks the same.
pub async fn login(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    request: Request,
) -> Response {
    match try_login(state, lang, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn try_login(
    state: AppState,
    lang: Lang,
    request: Request,
) -> Result<Response, ConsoleError> {
    if !csrf::same_origin(request.method(), request.headers()) {
        return Err(ConsoleError::forged(lang));
    }
    let client = lockout::client_key(client_ip(&request), &state.auth.client_key);
    let secure_cookie = secure(&state, &request);
    let pairs = form_pairs(request, &state, lang).await?;
    let field = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let (name, given) = (field("username").trim().to_owned(), field("password"));
    let keys = [lockout::name_key(&name), client];
    let now = state.auth.clock.unix();
    let locked = |failures: &[Option<lockout::Failures>]| {
        failures
            .iter()
            .filter_map(|f| lockout::retry_after(f.as_ref(), now))
            .max()
    };
    let store = state.store.clone();
    let read_keys = keys.clone();
    let failures = blocking(lang, move || {
        read_keys
            .iter()
            .map(|key| store.signin_failures(key))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    if let Some(seconds) = locked(&failures) {
        super::audit::sign_in_failed(&state, lang, &name, "locked").await;
        return Ok(too_many(lang, seconds));
    }
    let permit = state.auth.hashing.acquire().await;
    let store = state.store.clone();
    let lookup = name.clone();
    let verified = blocking(lang, move || {
        let found = store.staff_for_signin(&lookup)?;
        Ok(match found {
            Some((member, hash)) if password::verify(&hash, &given) => Some(member),
            Some(_) => None,
            None => {
                password::verify_unknown(&given);
                None
            }
        })
    })
    .await?;
    drop(permit);
    let store = state.store.clone();
    let Some(member) = verified else {
        let updated: Vec<_> = failures
            .into_iter()
            .map(|f| Some(lockout::after_failure(f, now)))
            .collect();
        let write = updated.clone();
        blocking(lang, move || {
            for (key, failures) in keys.iter().zip(&write) {
                if let Some(failures) = failures {
                    store.signin_failures_put(key, failures)?;
                }
            }
            Ok(())
        })
        .await?;
        super::audit::sign_in_failed(&state, lang, &name, "wrong name or password").await;
        if let Some(seconds) = locked(&updated) {
            return Ok(too_many(lang, seconds));
        }
        return Ok(form(StatusCode::UNAUTHORIZED, lang, Some(Key::BadSignIn)).into_response());
    };
    let token = session::new_token().map_err(|_| server_failed(lang))?;
    let csrf_token = crate::auth::random_hex(32).map_err(|_| server_failed(lang))?;
    let token_hash = session::token_hash(&token);
    let staff_id = member.id;
    blocking(lang, move || {
        for key in &keys {
            store.signin_failures_clear(key)?;
        }
        store.session_insert(
            &token_hash,
            staff_id,
            &csrf_token,
            now,
            now - session::ABSOLUTE_SECS,
        )
    })
    .await?;
    super::audit::note(
        &state,
        lang,
        &member.name,
        super::audit::Action::SignIn,
        None,
        None,
    )
    .await?;
    let mut response = Redirect::to(&href("/admin/queue", lang, "")).into_response();
    let cookie = session::cookie(&token, secure_cookie);
    let value = HeaderValue::from_str(&cookie).map_err(|_| server_failed(lang))?;
    response.headers_mut().insert(header::SET_COOKIE, value);
    Ok(response)
}

fn server_failed(lang: Lang) -> ConsoleError {
    ConsoleError::new(StatusCode::INTERNAL_SERVER_ERROR, Key::ServerFailed, lang)
}

fn too_many(lang: Lang, seconds: u64) -> Response {
    let mut response = form(StatusCode::TOO_MANY_REQUESTS, lang, Some(Key::Locked)).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// `POST /admin/logout`: ends the session on the server and clears the cookie.
pub async fn logout(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    staff: Staff,
    _form: CsrfForm,
) -> Result<Response, ConsoleError> {
    let store = state.store.clone();
    let hash = staff.token_hash.clone();
    blocking(lang, move || store.session_delete(&hash)).await?;
    super::audit::note(
        &state,
        lang,
        &staff.member.name,
        super::audit::Action::SignOut,
        None,
        None,
    )
    .await?;
    let mut response = Redirect::to(&href("/admin/", lang, "")).into_response();
    if let Ok(value) = HeaderValue::from_str(&session::clear_cookie(state.auth.secure_cookies)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}
