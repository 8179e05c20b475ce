//! `GET /healthz` for monitors and systemd: 200 when the database takes a write and the
//! writer's queue has room, else 503; the body says which, and how full the queue is.

use super::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

/// The health route (merged at the top level, outside `/api`).
pub fn router(state: AppState) -> Router {
    let router = Router::new().route("/healthz", get(health));
    #[cfg(debug_assertions)]
    let router = with_test_panic(router);
    router.with_state(state)
}

/// Test builds only, and only with `SOLIDARITY_TEST_PANIC_ROUTE=1`: `GET /test-panic`
/// panics inside a request, so a test can check the chosen panic strategy (the process
/// exits; see `crate::process`).
#[cfg(debug_assertions)]
fn with_test_panic(router: Router<AppState>) -> Router<AppState> {
    if std::env::var_os("SOLIDARITY_TEST_PANIC_ROUTE").is_some_and(|v| v == "1") {
        router.route(
            "/test-panic",
            get(|| async {
                if std::env::var_os("SOLIDARITY_TEST_PANIC_ROUTE").is_some() {
                    panic!("test panic requested by /test-panic");
                }
                StatusCode::NOT_FOUND
            }),
        )
    } else {
        router
    }
}

async fn health(State(state): State<AppState>) -> Response {
    let store = state.store.clone();
    let writable = tokio::task::spawn_blocking(move || store.check_writable())
        .await
        .map_err(|_| "check failed".to_owned())
        .and_then(|result| result.map_err(|error| error.to_string()));
    let (depth, capacity) = state.writer.depth();
    let room = depth < capacity;
    let status = if writable.is_ok() && room {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    if let Err(error) = &writable {
        tracing::error!("health check: database not writable: {error}");
    }
    let body = json!({
        "status": if status == StatusCode::OK { "ok" } else { "unavailable" },
        "database": if writable.is_ok() { "writable" } else { "not writable" },
        "queue": { "depth": depth, "capacity": capacity },
    });
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}
