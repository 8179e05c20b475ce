//! The staff console at `/admin`: server-rendered HTML forms (no wasm, no script needed),
//! on the same server and port as the page. Sign-in and the stylesheet are open; every
//! other route passes [`guard::require_staff`] first.

pub mod admin;
pub mod audit;
pub mod error;
pub mod export;
pub mod guard;
pub mod i18n;
pub mod messages;
pub mod page;
pub mod queue;
pub mod signin;

use crate::routes::AppState;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use error::ConsoleError;
use guard::UiLang;

/// Largest console form body.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The stylesheet, served as `/admin/console.css` (no inline styles anywhere).
const CSS: &str = include_str!("console.css");

/// The policy of every console answer: only the console's own files, no framing.
const CSP: &str = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The console's routes, `/admin` and everything under it (merge it into the app). It
/// has no CORS layer: it never answers another origin.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/admin/", get(signin::show))
        .nest("/admin", inner(state.clone()))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(headers))
        .with_state(state)
}

fn inner(state: AppState) -> Router<AppState> {
    let guarded = Router::new()
        .route("/queue", get(queue::show))
        .route("/comments", get(queue::search))
        .route("/comments/{id}/{action}", post(queue::act))
        .route("/messages", get(messages::show))
        .route("/messages/{id}/publish", post(messages::publish))
        .route("/export", post(export::download))
        .route("/erase", get(admin::erase_form).post(admin::erase))
        .route("/erased", get(admin::erased))
        .route("/audit", get(admin::audit))
        .route("/logout", post(signin::logout))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            guard::require_staff,
        ));
    Router::new()
        .route("/", get(signin::show))
        .route("/login", post(signin::login))
        .route("/console.css", get(css))
        .merge(guarded)
        .fallback(not_found)
}

async fn css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
}

async fn not_found(UiLang(lang): UiLang) -> ConsoleError {
    ConsoleError::not_found(lang)
}

/// No caching, no framing, no referrer, and the strict policy on every console answer.
async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "no-store"),
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests;
