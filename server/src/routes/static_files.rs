//! The page itself: `dist/` (Trunk's output) as static files.
//!
//! Hashed files (`solidarity-1a2b3c4d5e6f7a8b.js`, `..._bg.wasm`, `style-<hash>.css`)
//! never change under their name, so they are cached for a year; everything else
//! (`index.html`, `config.json`, ...) must be revalidated. Compression is added by the
//! app-wide layer. Without a built page the API still works and `/` says what to do.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::ServeDir;

/// `Cache-Control` for content-hashed files.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` for everything else.
pub const REVALIDATE: &str = "no-cache";

/// A router serving `dist` for every path it is given.
pub fn router(dist: PathBuf) -> Router {
    let files = ServeDir::new(&dist).append_index_html_on_directories(true);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(
            Arc::new(dist),
            cache_and_guard,
        ))
}

async fn cache_and_guard(
    State(dist): State<Arc<PathBuf>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if (path == "/" || path == "/index.html")
        && !tokio::fs::metadata(dist.join("index.html"))
            .await
            .is_ok_and(|m| m.is_file())
    {
        let text = format!(
            "The Solidarity page has not been built yet: no index.html in {}.\n\
             Build it from the repository root with `trunk build --release` (or point \
             --dist / SOLIDARITY_DIST at a built page). The API under /api works meanwhile.\n",
            dist.display()
        );
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, REVALIDATE)],
            text,
        )
            .into_response();
    }
    let mut response = next.run(request).await;
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        let policy = if is_hashed(&path) {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Whether the file name carries a content hash the way Trunk writes it:
/// `name-<16+ hex digits>[_bg].ext`.
pub fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let Some((stem, _extension)) = file.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((name, hash)) => {
            !name.is_empty() && hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn trunk_names_are_hashed() {
        for path in [
            "/solidarity-1a2b3c4d5e6f7a8b.js",
            "/solidarity-1a2b3c4d5e6f7a8b_bg.wasm",
            "/assets/style-0123456789abcdef.css",
        ] {
            assert!(is_hashed(path), "{path}");
        }
    }

    #[test]
    fn other_names_are_not() {
        for path in [
            "/",
            "/index.html",
            "/config.json",
            "/favicon.ico",
            "/a-1234.js",
            "/-1a2b3c4d5e6f7a8b.js",
            "/solidarity-1a2b3c4d5e6f7a8z.js",
        ] {
            assert!(!is_hashed(path), "{path}");
        }
    }
}
