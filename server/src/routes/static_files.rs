//! The page itself: `dist/` (Trunk's output) as static files.
//!
//! Hashed files (`solidarity-1a2b3c4d5e6f7a8b.js`, `..._bg.wasm`, `style-<hash>.css`)
//! never change under their name, so they are cached for a year; everything else
//! (`index.html`, `config.json`, ...) must be revalidated. Compression is added by the
//! app-wide layer. Without a built page the API still works and `/` says what to do.

use super::page_headers::{refused_path, PageHeaders};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::ServeDir;

/// `Cache-Control` for content-hashed files.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` for everything else.
pub const REVALIDATE: &str = "no-cache";

/// What the file guard needs.
struct Site {
    dist: PathBuf,
    headers: PageHeaders,
}

/// A router serving `dist` for every path it is given, with `headers` on every answer.
pub fn router(dist: PathBuf, headers: PageHeaders) -> Router {
    let files = ServeDir::new(&dist).append_index_html_on_directories(true);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(
            Arc::new(Site { dist, headers }),
            cache_and_guard,
        ))
}

/// Refuses a database inside the served folder (it would be downloadable): an error
/// when `db`, or the directory it is in, lies under `dist`.
pub fn check_db_outside(dist: &Path, db: &Path) -> Result<(), String> {
    let Ok(dist) = dist.canonicalize() else {
        return Ok(()); // No page folder (yet): nothing is served from it.
    };
    let dir = match db.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let dir = dir.canonicalize().map_err(|error| {
        format!(
            "the database directory {} is not usable: {error}",
            dir.display()
        )
    })?;
    if dir.starts_with(&dist) {
        return Err(format!(
            "refusing to start: the database {} is inside the served folder {} \
             (anyone could download it); keep it elsewhere, e.g. /var/lib/solidarity",
            db.display(),
            dist.display()
        ));
    }
    Ok(())
}

async fn cache_and_guard(State(site): State<Arc<Site>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if refused_path(&path) {
        let mut response = (StatusCode::NOT_FOUND, "not found\n").into_response();
        site.headers.apply(&path, response.headers_mut());
        return response;
    }
    if (path == "/" || path == "/index.html")
        && !tokio::fs::metadata(site.dist.join("index.html"))
            .await
            .is_ok_and(|m| m.is_file())
    {
        tracing::warn!("no index.html in {}: build the page", site.dist.display());
        let text = "The Solidarity page has not been built yet.\n\
             Build it from the repository root with `trunk build --release` (or point \
             --dist / SOLIDARITY_DIST at a built page). The API under /api works meanwhile.\n";
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, REVALIDATE)],
            text,
        )
            .into_response();
    }
    let mut response = next.run(request).await;
    site.headers.apply(&path, response.headers_mut());
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
