//! `POST /api/messages` against the real binary: success, every error, idempotency,
//! rate limiting and CORS.

mod common;

use common::{body, client, message, post_json, temp, tool, Server};
use serde_json::{json, Value};

#[tokio::test]
async fn a_valid_message_is_stored_and_answered_201() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let id = "0b6f3c1e-5f0a-4a51-9d7e-7c7a4c1d2e3f";
    let response = post_json(&client(), &server.at("/api/messages"), id, &message(id)).await;
    assert_eq!(response.status(), 201);
    assert_eq!(body(response).await, json!({ "id": id }));
    // Unknown fields are ignored; without the header the body id is the key;
    // optional fields may be empty or null.
    let mut other = message("second");
    other["extra"] = json!({"anything": [1, 2]});
    other["email"] = json!("");
    other["location"] = Value::Null;
    let response = client()
        .post(server.at("/api/messages"))
        .json(&other)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 201);
    assert_eq!(body(response).await, json!({ "id": "second" }));
}

#[tokio::test]
async fn retries_are_idempotent_and_reused_keys_are_refused() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let client = client();
    let url = server.at("/api/messages");
    for _ in 0..3 {
        let response = post_json(&client, &url, "key-1", &message("key-1")).await;
        assert_eq!(response.status(), 201);
        assert_eq!(body(response).await, json!({ "id": "key-1" }));
    }
    let mut changed = message("key-1");
    changed["message"] = json!("a different text");
    let response = post_json(&client, &url, "key-1", &changed).await;
    assert_eq!(response.status(), 422);
    assert_eq!(body(response).await["field"], "Idempotency-Key");
    // A new key but an id already used for another payload.
    let response = post_json(&client, &url, "key-2", &changed).await;
    assert_eq!(response.status(), 422);
    assert_eq!(body(response).await["field"], "id");

    let output = tool(&server.db, &["export", "--format", "json"]);
    let exported: Vec<Value> = serde_json::from_slice(&output.stdout).expect("json export");
    assert_eq!(exported.len(), 1, "one row for three identical posts");
}

#[tokio::test]
async fn malformed_wrong_type_and_oversized_bodies() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    // The server closes the connection after refusing an oversized body; a fresh
    // connection per request keeps a pooled, already-closed one from being reused.
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");
    let url = server.at("/api/messages");
    let send = |content_type: &'static str, body: Vec<u8>| {
        client
            .post(&url)
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };

    let response = send("application/json", b"{\"name\": ".to_vec())
        .await
        .expect("post");
    assert_eq!(response.status(), 400);
    assert!(body(response).await["error"]
        .as_str()
        .expect("error")
        .contains("JSON"));

    let response = send("application/json", b"[1, 2]".to_vec())
        .await
        .expect("post");
    assert_eq!(response.status(), 400);

    let mut invalid_utf8 = br#"{"name": "x"#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe]);
    invalid_utf8.extend_from_slice(br#"", "message": "m", "consent": true}"#);
    let response = send("application/json", invalid_utf8).await.expect("post");
    assert_eq!(response.status(), 400);

    for content_type in [
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin1",
    ] {
        let response = send(content_type, message("x").to_string().into_bytes())
            .await
            .expect("post");
        assert_eq!(response.status(), 415, "{content_type}");
        assert!(body(response).await["error"].is_string());
    }
    let response = client
        .post(&url)
        .body(message("x").to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 415, "no content type");

    let response = send(
        "application/json; charset=utf-8",
        message("ok").to_string().into_bytes(),
    )
    .await
    .expect("post");
    assert_eq!(response.status(), 201);

    let mut huge = message("huge");
    huge["padding"] = json!("x".repeat(70 * 1024));
    let response = send("application/json", huge.to_string().into_bytes())
        .await
        .expect("post");
    assert_eq!(response.status(), 413);
    assert!(body(response).await["error"].is_string());

    // A chunked body (no Content-Length) over the limit is refused the same way.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..80).map(|_| Ok(vec![b' '; 1024])).collect();
    let result = client
        .post(&url)
        .header("Content-Type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await;
    // The server answers 413 as soon as the limit is crossed and closes the connection;
    // a client still uploading may see that close (broken pipe / reset) before it reads
    // the answer. Either way the upload was refused, and nothing was stored.
    match result {
        Ok(response) => assert_eq!(response.status(), 413),
        Err(error) => assert!(
            error.is_request() || error.is_body() || error.is_connect(),
            "unexpected failure: {error:?}"
        ),
    }
    let still_up = send(
        "application/json",
        message("after-huge").to_string().into_bytes(),
    )
    .await
    .expect("the server keeps serving");
    assert_eq!(still_up.status(), 201);
}

#[tokio::test]
async fn each_field_is_validated_with_422_naming_it() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let client = client();
    let url = server.at("/api/messages");
    let cases = [
        ("name", json!("")),
        ("name", json!("n".repeat(101))),
        ("name", json!(12)),
        ("email", json!("not-an-address")),
        ("email", json!(format!("{}@example.org", "e".repeat(250)))),
        ("location", json!("l".repeat(101))),
        ("message", json!("   ")),
        ("message", json!("m".repeat(2001))),
        ("lang", json!("de")),
        ("consent", json!(false)),
        ("consent", Value::Null),
        ("created_at", json!("last tuesday")),
        ("id", json!("spaces are not allowed")),
    ];
    for (index, (field, value)) in cases.into_iter().enumerate() {
        let mut payload = message(&format!("v-{index}"));
        payload[field] = value.clone();
        let response = post_json(&client, &url, &format!("v-{index}"), &payload).await;
        assert_eq!(response.status(), 422, "{field} = {value}");
        let answer = body(response).await;
        assert_eq!(answer["field"], field, "{answer}");
        assert!(answer["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    let response = post_json(&client, &url, "bad key with spaces", &message("k")).await;
    assert_eq!(response.status(), 422);
    assert_eq!(body(response).await["field"], "Idempotency-Key");

    let output = tool(&server.db, &["export", "--format", "json"]);
    let exported: Vec<Value> = serde_json::from_slice(&output.stdout).expect("json export");
    assert!(exported.is_empty(), "nothing invalid was stored");
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--rate-per-minute", "1", "--rate-burst", "2"]);
    let client = client();
    let url = server.at("/api/messages");
    for id in ["r-1", "r-2"] {
        assert_eq!(
            post_json(&client, &url, id, &message(id)).await.status(),
            201
        );
    }
    let response = post_json(&client, &url, "r-3", &message("r-3")).await;
    assert_eq!(response.status(), 429);
    let retry_after: u64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("numeric Retry-After");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert!(body(response).await["error"].is_string());
    // Reading is not limited.
    assert_eq!(
        client
            .get(server.at("/api/comments"))
            .send()
            .await
            .expect("get")
            .status(),
        200
    );
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let dir = temp();
    let partner = "https://partner.example";
    let server = Server::start(
        dir.path(),
        &[
            "--allowed-origin",
            "https://other.example,https://partner.example/",
        ],
    );
    let client = client();
    let url = server.at("/api/messages");

    let preflight = client
        .request(reqwest::Method::OPTIONS, &url)
        .header("Origin", partner)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "content-type,idempotency-key",
        )
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let header = |name: &str| {
        preflight
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    assert_eq!(header("access-control-allow-origin"), partner);
    assert!(header("access-control-allow-headers").contains("idempotency-key"));
    assert!(header("access-control-allow-headers").contains("content-type"));
    assert!(header("access-control-allow-methods").contains("post"));

    let response = client
        .post(&url)
        .header("Origin", partner)
        .header("Idempotency-Key", "cors-1")
        .json(&message("cors-1"))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 201);
    let allowed = response
        .headers()
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok());
    assert_eq!(allowed, Some(partner));
    let exposed = response
        .headers()
        .get("access-control-expose-headers")
        .and_then(|v| v.to_str().ok());
    assert!(exposed.is_some_and(|v| v.to_ascii_lowercase().contains("retry-after")));

    let foreign = client
        .request(reqwest::Method::OPTIONS, &url)
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .expect("preflight");
    assert!(foreign
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let response = client()
        .get(server.at("/api/nothing"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 404);
    assert!(body(response).await["error"].is_string());
    let response = client()
        .get(server.at("/api/messages"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 405);
    assert!(body(response).await["error"].is_string());
}
