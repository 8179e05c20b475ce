//! Client identity behind a reverse proxy: forwarded headers count only from a
//! `--trusted-proxy` peer (the rate limiter then keys on the forwarded client).

mod common;

use common::{client, message, Server};
use reqwest::StatusCode;

/// POSTs a message forwarded for `forwarded_for` (and a fresh id) and returns the status.
async fn post_as(server: &Server, header: &str, value: &str, id: &str) -> StatusCode {
    client()
        .post(server.at("/api/messages"))
        .header(header, value)
        .json(&message(id))
        .send()
        .await
        .expect("request")
        .status()
}

const LIMITED: &[&str] = &["--rate-per-minute", "1", "--rate-burst", "1"];

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket() {
    let dir = common::temp();
    let mut flags = LIMITED.to_vec();
    flags.extend(["--trusted-proxy", "10.0.0.0/8,127.0.0.1/32"]);
    let server = Server::start(dir.path(), &flags);
    let xff = "x-forwarded-for";
    assert_eq!(
        post_as(&server, xff, "198.51.100.1", "p-1").await,
        StatusCode::CREATED
    );
    assert_eq!(
        post_as(&server, xff, "198.51.100.1", "p-2").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the same forwarded client is limited"
    );
    assert_eq!(
        post_as(&server, xff, "198.51.100.2", "p-3").await,
        StatusCode::CREATED,
        "another forwarded client is not"
    );
    // A spoofed leftmost entry does not help: the rightmost untrusted hop is the client.
    assert_eq!(
        post_as(&server, xff, "203.0.113.9, 198.51.100.1, 10.0.0.7", "p-4").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // RFC 7239 `Forwarded` counts the same way.
    let fwd = "forwarded";
    assert_eq!(
        post_as(&server, fwd, "for=\"[2001:db8::5]:443\"", "p-5").await,
        StatusCode::CREATED
    );
    assert_eq!(
        post_as(&server, fwd, "for=198.51.100.2;proto=https", "p-6").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn without_a_trusted_proxy_forwarded_headers_are_ignored() {
    let dir = common::temp();
    // A proxy is trusted, but not the loopback peer the test connects from.
    let mut flags = LIMITED.to_vec();
    flags.extend(["--trusted-proxy", "10.0.0.0/8"]);
    let server = Server::start(dir.path(), &flags);
    let xff = "x-forwarded-for";
    assert_eq!(
        post_as(&server, xff, "198.51.100.1", "u-1").await,
        StatusCode::CREATED
    );
    assert_eq!(
        post_as(&server, xff, "198.51.100.2", "u-2").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a forged header from an untrusted peer does not buy a new bucket"
    );
    assert_eq!(
        post_as(&server, "forwarded", "for=198.51.100.3", "u-3").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[test]
fn a_malformed_trusted_proxy_is_refused_at_start() {
    let dir = common::temp();
    let output = std::process::Command::new(common::BIN)
        .args([
            "serve",
            "--port",
            "0",
            "--trusted-proxy",
            "10.0.0.0/33",
            "--db",
        ])
        .arg(dir.path().join("db.sqlite"))
        .env_remove("SOLIDARITY_TRUSTED_PROXIES")
        .output()
        .expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("10.0.0.0/33") && stderr.contains("CIDR"),
        "{stderr}"
    );
    assert!(!dir.path().join("db.sqlite").exists(), "nothing created");
}
