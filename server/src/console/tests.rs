//! In-process console tests on a fake clock: session expiry (idle and absolute), the
//! lock-out ending after 15 minutes, and audit entries.

use crate::auth::{password, FakeClock, Role, Settings};
use crate::ratelimit::RateLimiter;
use crate::routes::AppState;
use crate::store::Store;
use crate::writer::Writer;
use crate::Moderation;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use std::sync::Arc;
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery staple";

struct Harness {
    app: Router,
    clock: Arc<FakeClock>,
    store: Arc<Store>,
    _dir: tempfile::TempDir,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db.sqlite");
    let store = Arc::new(Store::open(&db).expect("store"));
    let hash = password::hash(PASSWORD).expect("hash");
    assert!(store
        .staff_add("anna", Role::Admin, &hash, "2026-01-01T00:00:00Z")
        .expect("add"));
    let (writer, _thread) = Writer::spawn(&db).expect("writer");
    let clock = Arc::new(FakeClock::at(1_800_000_000));
    let state = AppState {
        store: store.clone(),
        writer,
        moderation: Moderation::Pre,
        limiter: Arc::new(RateLimiter::new(0, 0)),
        auth: Arc::new(Settings::new(clock.clone(), false).expect("settings")),
        org_name: Arc::from("The LGF"),
    };
    Harness {
        app: super::router(state),
        clock,
        store,
        _dir: dir,
    }
}

impl Harness {
    async fn send(&self, request: Request<Body>) -> Response {
        self.app.clone().oneshot(request).await.expect("infallible")
    }

    async fn sign_in(&self, password: &str) -> Response {
        let body = format!("username=anna&password={}", password.replace(' ', "+"));
        let request = Request::post("/admin/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    async fn cookie(&self) -> String {
        let response = self.sign_in(PASSWORD).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let set = response.headers()[header::SET_COOKIE]
            .to_str()
            .expect("ascii");
        set.split(';').next().expect("pair").to_owned()
    }

    async fn queue(&self, cookie: &str) -> StatusCode {
        let request = Request::get("/admin/queue")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .expect("request");
        self.send(request).await.status()
    }
}

#[tokio::test]
async fn a_session_ends_after_30_idle_minutes() {
    let h = harness();
    let cookie = h.cookie().await;
    assert_eq!(h.queue(&cookie).await, StatusCode::OK);
    h.clock.advance(29 * 60);
    assert_eq!(
        h.queue(&cookie).await,
        StatusCode::OK,
        "29 minutes idle: still live"
    );
    h.clock.advance(29 * 60);
    assert_eq!(
        h.queue(&cookie).await,
        StatusCode::OK,
        "the last request reset the idle timer"
    );
    h.clock.advance(30 * 60);
    assert_eq!(
        h.queue(&cookie).await,
        StatusCode::SEE_OTHER,
        "30 minutes idle: signed out"
    );
    assert_eq!(
        h.queue(&cookie).await,
        StatusCode::SEE_OTHER,
        "and the row is gone"
    );
}

#[tokio::test]
async fn a_session_ends_12_hours_after_sign_in_however_busy() {
    let h = harness();
    let cookie = h.cookie().await;
    for _ in 0..(12 * 60 / 20 - 1) {
        h.clock.advance(20 * 60);
        assert_eq!(h.queue(&cookie).await, StatusCode::OK);
    }
    h.clock.advance(20 * 60);
    assert_eq!(h.queue(&cookie).await, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_lock_ends_after_15_minutes_and_everything_is_audited() {
    let h = harness();
    for _ in 0..4 {
        assert_eq!(
            h.sign_in("wrong password").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let locked = h.sign_in("wrong password").await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.headers()[header::RETRY_AFTER], "900");
    h.clock.advance(14 * 60);
    let still = h.sign_in(PASSWORD).await;
    assert_eq!(still.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(still.headers()[header::RETRY_AFTER], "60");
    h.clock.advance(60);
    assert_eq!(h.sign_in(PASSWORD).await.status(), StatusCode::SEE_OTHER);
    let actions: Vec<String> = h
        .store
        .audit_list(50, None)
        .expect("audit")
        .into_iter()
        .rev()
        .map(|entry| entry.action)
        .collect();
    let mut expected = vec!["sign_in_failed"; 6];
    expected.push("sign_in");
    assert_eq!(actions, expected);
}

#[test]
fn queue_items_show_reader_text_as_text() {
    use crate::store::lifecycle::ReviewComment;
    use crate::store::{StaffMember, Status};
    let staff = super::guard::Staff {
        member: StaffMember {
            id: 1,
            name: "olga".into(),
            role: Role::Moderator,
            created_at: String::new(),
            updated_at: String::new(),
        },
        csrf: "tok".into(),
        token_hash: String::new(),
    };
    let comment = ReviewComment {
        id: "c\"1".into(),
        parent_id: Some("p<1>".into()),
        parent_excerpt: Some("<b>parent</b>".into()),
        author: "<img src=x onerror=alert(1)>".into(),
        body: "</p><script>alert(1)</script>".into(),
        lang: "ru".into(),
        status: Status::Pending,
        staff: false,
        created_at: "2026-01-01T00:00:00Z".into(),
        reports: 0,
    };
    let html = super::queue::item(&staff, super::i18n::Lang::Ru, &comment, "queue-item");
    assert!(
        !html.contains("<script>") && !html.contains("<img") && !html.contains("<b>"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;") && html.contains(r#"data-comment-id="c&quot;1""#));
    assert!(
        html.contains("/admin/comments/c%221/approve"),
        "ids are encoded in paths"
    );
    assert!(html.contains(r#"name="csrf" value="tok""#));
    assert!(html.contains("Ждёт одобрения") && html.contains(r#"data-action="approve""#));
    assert!(
        !html.contains("data-action=\"reply\""),
        "pending comments take no reply yet"
    );
}
