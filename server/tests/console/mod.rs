//! Helpers for the console tests: staff accounts made with the real CLI, a cookie-keeping
//! client, signing in, and the CSRF token scraped from a page.
#![allow(dead_code)]

use super::common::db::{quote, scalar};
use super::common::{client, store_args, Server, BIN};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A password long enough for `staff add`.
pub const PASSWORD: &str = "correct horse battery staple";

/// Runs `staff ARGS` on the store of `db` with `stdin` as standard input.
pub fn staff(db: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .arg("staff")
        .args(args)
        .args(store_args(db))
        .env_remove("SOLIDARITY_DB")
        .env_remove("SOLIDARITY_DATABASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run staff");
    // The tool may exit before reading (a bad role): a broken pipe is fine.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("wait")
}

/// Adds an account, asserting success.
pub fn add(db: &Path, name: &str, role: &str) {
    let out = staff(db, &["add", name, "--role", role], &format!("{PASSWORD}\n"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A client that keeps cookies and does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// POSTs the sign-in form.
pub async fn sign_in(
    client: &reqwest::Client,
    server: &Server,
    name: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(server.at("/admin/login"))
        .form(&[("username", name), ("password", password)])
        .send()
        .await
        .expect("sign in")
}

/// Signs in (asserting the 303) and returns the CSRF token from the queue page.
pub async fn session(client: &reqwest::Client, server: &Server, name: &str) -> String {
    let response = sign_in(client, server, name, PASSWORD).await;
    assert_eq!(response.status(), 303, "sign-in of {name}");
    csrf(&page(client, server, "/admin/queue").await)
}

/// The HTML of a console page (asserting 200).
pub async fn page(client: &reqwest::Client, server: &Server, path: &str) -> String {
    let response = client.get(server.at(path)).send().await.expect("get");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("text")
}

/// The first `name="csrf" value="..."` in `html`.
pub fn csrf(html: &str) -> String {
    let start = html.find(r#"name="csrf" value=""#).expect("a csrf field") + 19;
    html[start..].split('"').next().expect("value").to_owned()
}

/// Posts a reader comment held for moderation; returns its id.
pub async fn pending_comment(server: &Server, id: &str, author: &str) -> reqwest::Response {
    client()
        .post(server.at("/api/comments"))
        .json(
            &serde_json::json!({"id": id, "author": author, "body": "Мы с вами <b>", "lang": "ru"}),
        )
        .send()
        .await
        .expect("post comment")
}

/// The status of comment `id` in the store itself.
pub fn status_in_db(db: &Path, id: &str) -> Option<String> {
    let sql = format!("SELECT status FROM comments WHERE id = {}", quote(id));
    scalar(db, &sql)
}
