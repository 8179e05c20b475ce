//! The abuse defences on HTTP: every POST under `/api` passes, in order, the cross-site
//! check, the per-client rate limit, the global write cap and the disk guard (and, for
//! a form post while proof of work is on, is refused: a form cannot solve it). The
//! handlers then apply what needs the body: proof of work ([`proof`]), honeypot, thread
//! cap, held words. A refusal is JSON, or the form's HTML page for a form post.

use super::{body_kind, form, id_and_key, ApiError, AppState, BodyKind};
use crate::abuse::{pow, ClientInfo, Refusal};
use crate::ratelimit::Decision;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use std::net::{IpAddr, Ipv4Addr};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// The first defence that refuses this POST, if any.
fn refusal(state: &AppState, request: &Request) -> Option<Refusal> {
    let guard = &state.abuse;
    let info = request.extensions().get::<ClientInfo>();
    let own = info.and_then(ClientInfo::origin);
    if !crate::abuse::origin::allowed(request.headers(), own.as_deref(), &guard.allowed_origins) {
        return Some(Refusal::CrossSite);
    }
    // Without client info (a router used without `build_app`) all are one client.
    let ip = info.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.ip);
    if let Decision::Limited { retry_after } = state.limiter.check(ip) {
        return Some(Refusal::TooMany { retry_after });
    }
    let now = Instant::now();
    if let Decision::Limited { retry_after } = guard.caps.write_at(now) {
        return Some(Refusal::Busy { retry_after });
    }
    if !guard.disk.room_at(now) {
        return Some(Refusal::DiskFull);
    }
    let form = body_kind(request.headers()) == Some(BodyKind::Form);
    (form && guard.pow.difficulty() > 0).then_some(Refusal::Pow(pow::Refused::Missing))
}

/// Middleware on `/api`: applies [`refusal`] to POSTs and DELETEs.
pub async fn check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST && request.method() != Method::DELETE {
        return next.run(request).await;
    }
    match refusal(&state, &request) {
        None => next.run(request).await,
        Some(refusal) if body_kind(request.headers()) == Some(BodyKind::Form) => {
            form::refused(request, refusal).await
        }
        Some(refusal) => json_refusal(&state, refusal),
    }
}

/// The JSON answer for a refusal.
pub fn json_refusal(state: &AppState, refusal: Refusal) -> Response {
    let (status, error, retry_after) = match refusal {
        Refusal::CrossSite => (
            StatusCode::FORBIDDEN,
            "posts from a page on another site are not accepted (the campaign can allow a \
             partner site with --allowed-origin)",
            None,
        ),
        Refusal::TooMany { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests, please try again later",
            Some(retry_after),
        ),
        Refusal::Busy { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            "the server is receiving too many posts, please try again later",
            Some(retry_after),
        ),
        Refusal::QueueFull { retry_after } => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy, please try again shortly",
            Some(retry_after),
        ),
        Refusal::DiskFull => (
            StatusCode::INSUFFICIENT_STORAGE,
            "the server is running out of storage space and cannot store posts now",
            None,
        ),
        Refusal::Pow(refused) => return pow_required(state, refused),
    };
    let mut answer = ApiError::new(status, error);
    if let Some(seconds) = retry_after {
        answer = answer.retry_after(seconds);
    }
    answer.into_response()
}

/// 428 with a fresh challenge and how to solve it.
fn pow_required(state: &AppState, refused: pow::Refused) -> Response {
    let why = match refused {
        pow::Refused::Missing => "proof of work required",
        pow::Refused::Forged => "proof of work: unknown challenge",
        pow::Refused::Expired => "proof of work: the challenge has expired",
        pow::Refused::Wrong => "proof of work: the solution is wrong",
    };
    let body = json!({
        "error": format!(
            "{why}: send \"pow\": {{\"challenge\": C, \"solution\": S}} in the body, where C \
             comes from GET /api/pow and SHA-256(C + \":\" + KEY + \":\" + S) starts with \
             `difficulty` zero bits; KEY is the Idempotency-Key header, else the body's id"
        ),
        "field": "pow",
        "pow": state.abuse.pow.issue(unix_now()),
    });
    let mut response = (StatusCode::PRECONDITION_REQUIRED, Json(body)).into_response();
    let russian = super::error_lang::for_status(StatusCode::PRECONDITION_REQUIRED);
    response
        .extensions_mut()
        .insert(super::error_lang::Russian(russian.to_owned()));
    response
}

/// `GET /api/pow`: a challenge (difficulty 0 when proof of work is off).
pub async fn challenge(State(state): State<AppState>) -> Response {
    let issued = state.abuse.pow.issue(unix_now());
    ([(header::CACHE_CONTROL, "no-store")], Json(issued)).into_response()
}

/// For JSON posts while proof of work is on: the 428 answer (with a fresh challenge)
/// when the body's `pow` is missing or wrong; `None` when the post may go on.
pub fn proof(
    state: &AppState,
    headers: &HeaderMap,
    object: &Map<String, Value>,
) -> Option<Response> {
    if state.abuse.pow.difficulty() == 0 {
        return None;
    }
    let key = match id_and_key(headers, object.get("id").and_then(Value::as_str)) {
        Ok((_, key)) => key,
        Err(error) => return Some(error.into_response()),
    };
    let proof = object.get("pow").and_then(Value::as_object);
    let text = |name: &str| proof.and_then(|p| p.get(name)).and_then(Value::as_str);
    let verdict = match (text("challenge"), text("solution")) {
        (Some(challenge), Some(solution)) => {
            state
                .abuse
                .pow
                .verify(challenge, &key, solution, unix_now())
        }
        _ => Err(pow::Refused::Missing),
    };
    verdict.err().map(|refused| pow_required(state, refused))
}
