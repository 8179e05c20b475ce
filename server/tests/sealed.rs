//! The sealed inbox: with `--seal-to`, a message's personal fields are not in the
//! store at all (the SQLite files, or the PostgreSQL rows as text); `export --identity` opens them, and nothing else can.

mod common;

use age::secrecy::ExposeSecret;
use common::{client, message, post_json, store_args, temp, tool, Server, BIN};
use serde_json::Value;
use std::process::Command;

fn raw_files(db: &std::path::Path) -> Vec<u8> {
    if common::on_postgres() {
        let rows = "SELECT string_agg(m::text, ' ') FROM messages m";
        return common::db::scalar(db, rows)
            .unwrap_or_default()
            .into_bytes();
    }
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        if let Ok(data) = std::fs::read(&name) {
            bytes.extend(data);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn sealed_messages_are_unreadable_on_disk_and_open_with_the_identity() {
    let dir = temp();
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let key_file = dir.path().join("organisers.key");
    std::fs::write(
        &key_file,
        format!("# test key\n{}\n", identity.to_string().expose_secret()),
    )
    .expect("key file");
    let server = Server::start(dir.path(), &["--seal-to", &recipient]);
    let mut sent = message("s-1");
    sent["name"] = "Сергей Уникальныйфамилия".into();
    sent["email"] = "sergei.unique@example.org".into();
    sent["location"] = "Екатеринбург-Тайное".into();
    sent["message"] = "Тайное послание поддержки 7319".into();
    let response = post_json(&client(), &server.at("/api/messages"), "s-1", &sent).await;
    assert_eq!(response.status(), 201);
    // A retry is still recognised (the fingerprint is taken before sealing).
    let response = post_json(&client(), &server.at("/api/messages"), "s-1", &sent).await;
    assert_eq!(response.status(), 201);

    let raw = raw_files(&server.db);
    assert!(contains(&raw, "s-1"), "the id stays readable");
    for secret in [
        "Уникальныйфамилия",
        "sergei.unique",
        "Екатеринбург-Тайное",
        "7319",
    ] {
        assert!(
            !contains(&raw, secret),
            "{secret} is readable in the database files"
        );
    }

    // Without the identity, export refuses rather than printing empty rows.
    let output = Command::new(BIN)
        .args(["export", "--format", "json"])
        .args(store_args(&server.db))
        .output()
        .expect("export");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--identity"));

    let key = key_file.to_str().expect("path");
    let output = tool(
        &server.db,
        &["export", "--format", "json", "--identity", key],
    );
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "Сергей Уникальныйфамилия");
    assert_eq!(rows[0]["email"], "sergei.unique@example.org");
    assert_eq!(rows[0]["location"], "Екатеринбург-Тайное");
    assert_eq!(rows[0]["message"], "Тайное послание поддержки 7319");

    // Someone else's key opens nothing.
    let other = dir.path().join("other.key");
    let stranger = age::x25519::Identity::generate();
    std::fs::write(&other, stranger.to_string().expose_secret()).expect("key");
    let output = Command::new(BIN)
        .args(["export", "--identity"])
        .arg(&other)
        .args(store_args(&server.db))
        .output()
        .expect("export");
    assert!(!output.status.success());
}

#[test]
fn a_bad_public_key_is_refused_at_start() {
    let dir = temp();
    let output = Command::new(BIN)
        .args(["serve", "--port", "0", "--seal-to", "age1notakey", "--db"])
        .arg(dir.path().join("db.sqlite"))
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("age public key"));
}
