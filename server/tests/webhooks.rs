//! Webhooks against the real binary and a real local receiver (axum on 127.0.0.1):
//! signed events, no personal data unless asked, retried after a failure, and never
//! delaying the reader's answer.

mod common;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use common::db::count;
use common::{body, client, message, post_json, send_message, temp, Server};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SECRET: &str = "a-long-test-secret-0123456789";

/// What the receiver got: verified events, in arrival order.
#[derive(Default)]
struct Received {
    events: Mutex<Vec<Value>>,
    attempts: AtomicUsize,
}

/// Starts a receiver that answers 500 to the first `failures` posts; returns its URL.
async fn receiver(failures: usize) -> (String, Arc<Received>) {
    let received = Arc::new(Received::default());
    let state = Arc::clone(&received);
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let state = Arc::clone(&state);
            async move {
                let attempt = state.attempts.fetch_add(1, Ordering::SeqCst);
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned()
                };
                // The receiver's own check, as a campaign's would do it.
                let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).expect("key");
                mac.update(header("x-solidarity-timestamp").as_bytes());
                mac.update(b".");
                mac.update(&body);
                let expected: String = mac
                    .finalize()
                    .into_bytes()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                if header("x-solidarity-signature") != format!("sha256={expected}") {
                    return StatusCode::UNAUTHORIZED;
                }
                if attempt < failures {
                    return StatusCode::INTERNAL_SERVER_ERROR;
                }
                let event: Value = serde_json::from_slice(&body).expect("json event");
                assert_eq!(event["event"], header("x-solidarity-event"));
                state.events.lock().expect("lock").push(event);
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, received)
}

/// The server with one webhook to `url`, signed with [`SECRET`], and `extra` flags.
fn start(dir: &std::path::Path, url: &str, extra: &[&str]) -> Server {
    let mut args = vec!["--webhook", url, "--webhook-secret", SECRET];
    args.extend_from_slice(extra);
    Server::start(dir, &args)
}

/// Waits (at most 20 s) until the receiver holds `count` events.
async fn wait_for(received: &Received, count: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let events = received.events.lock().expect("lock").clone();
        if events.len() >= count || Instant::now() > deadline {
            return events;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn events_are_signed_and_carry_no_personal_data_by_default() {
    let (url, received) = receiver(0).await;
    let dir = temp();
    let server = start(dir.path(), &url, &["--moderation", "pre"]);
    let client = client();
    let response = post_json(&client, &server.at("/api/messages"), "m-1", &message("m-1")).await;
    assert_eq!(response.status(), 201);
    let comment = json!({"author": "Lee", "body": "Secret comment text", "lang": "en"});
    let response = post_json(&client, &server.at("/api/comments"), "c-1", &comment).await;
    assert_eq!(response.status(), 202);
    let events = wait_for(&received, 2).await;
    assert_eq!(events.len(), 2, "{events:?}");
    let names: Vec<&str> = events.iter().filter_map(|e| e["event"].as_str()).collect();
    assert!(names.contains(&"message.received") && names.contains(&"comment.pending"));
    let all = serde_json::to_string(&events).expect("json");
    for personal in [
        "Алёна",
        "alena@example.org",
        "Москва",
        "Мы с вами",
        "Secret comment",
    ] {
        assert!(!all.contains(personal), "{personal} in {all}");
    }
    let message_event = events
        .iter()
        .find(|e| e["event"] == "message.received")
        .expect("event");
    assert_eq!(message_event["data"]["id"], "m-1");
    // Delivered events leave the outbox.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = count(&server.db, "SELECT COUNT(*) FROM webhook_outbox");
        if left == 0 || Instant::now() > deadline {
            assert_eq!(left, 0);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_failing_receiver_gets_the_event_again_and_text_when_asked() {
    let (url, received) = receiver(2).await;
    let dir = temp();
    let server = start(dir.path(), &url, &["--webhook-include-text"]);
    let response = send_message(&server, "m-1").await;
    assert_eq!(response.status(), 201);
    // Two failures (retried after 1 s and 2 s), then delivered once.
    let events = wait_for(&received, 1).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(received.attempts.load(Ordering::SeqCst), 3);
    assert_eq!(events[0]["data"]["text"]["name"], "Алёна");
}

#[tokio::test]
async fn an_unreachable_webhook_never_delays_or_fails_a_reader() {
    // A port that was just free: connections are refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let dir = temp();
    let server = start(dir.path(), &url, &[]);
    for n in 0..5 {
        let id = format!("m-{n}");
        let response = send_message(&server, &id).await;
        assert_eq!(response.status(), 201);
        assert_eq!(body(response).await["id"], id.as_str());
    }
    // The events wait in the outbox for the receiver to come back.
    let left = count(&server.db, "SELECT COUNT(*) FROM webhook_outbox");
    assert_eq!(left, 5);
}

#[test]
fn a_webhook_without_a_secret_is_refused() {
    let dir = temp();
    let output = std::process::Command::new(common::BIN)
        .args([
            "serve",
            "--port",
            "0",
            "--webhook",
            "http://127.0.0.1:9/x",
            "--db",
        ])
        .arg(dir.path().join("db.sqlite"))
        .env_remove("SOLIDARITY_WEBHOOK_SECRET")
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--webhook-secret"));
}
