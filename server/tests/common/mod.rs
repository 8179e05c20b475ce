//! Starts the real binary on 127.0.0.1, port 0, with a SQLite file in a temp dir (or, with
//! `SOLIDARITY_TEST_DATABASE` set, a fresh PostgreSQL database: see [`db`]).
#![allow(dead_code)]

pub mod db;
pub mod form;
pub mod pg;

#[allow(unused_imports)]
pub use db::{on_postgres, sqlite_only, store_args};

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_solidarity-server");

/// A running server; killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    pub db: PathBuf,
}

/// A temp dir holding the database (and maybe a dist folder) for one test.
pub fn temp() -> TempDir {
    tempfile::tempdir().expect("tempdir")
}

impl Server {
    /// Starts `solidarity-server serve` with the store of `dir`; `extra` flags come last.
    /// Unless `extra` says otherwise, rate limits and caps are off and dist is `dir/dist`.
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        Self::start_with_env(dir, extra, &[])
    }

    /// Like [`Server::start`], with extra environment variables (set after the
    /// `SOLIDARITY_*` variables of the test's own environment are cleared).
    pub fn start_with_env(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let db = dir.join("solidarity.sqlite");
        let mut command = Command::new(BIN);
        command
            .arg("serve")
            .arg("--port")
            .arg("0")
            .args(store_args(&db));
        if !extra.contains(&"--dist") {
            command.arg("--dist").arg(dir.join("dist"));
        }
        // Per-client, global and per-thread limits are off unless the test sets them.
        for flag in [
            "--rate-per-minute",
            "--global-writes-per-minute",
            "--thread-comments-per-minute",
        ] {
            if !extra.contains(&flag) {
                command.args([flag, "0"]);
            }
        }
        command.args(extra);
        for var in [
            "SOLIDARITY_PORT",
            "SOLIDARITY_BIND",
            "SOLIDARITY_DB",
            "SOLIDARITY_DATABASE",
            "SOLIDARITY_DIST",
            "SOLIDARITY_ALLOWED_ORIGINS",
            "SOLIDARITY_MODERATION",
            "SOLIDARITY_SEAL_TO",
            "SOLIDARITY_WEBHOOKS",
            "SOLIDARITY_WEBHOOK_SECRET",
            "SOLIDARITY_WEBHOOK_INCLUDE_TEXT",
            "SOLIDARITY_TRUSTED_PROXIES",
            "SOLIDARITY_POW_DIFFICULTY",
            "SOLIDARITY_HOLD_WORDS",
            "SOLIDARITY_MIN_FREE_MB",
        ] {
            command.env_remove(var);
        }
        command.envs(env.iter().copied());
        let log = std::env::var_os("SOLIDARITY_TEST_LOG").is_some();
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(if log { Stdio::inherit() } else { Stdio::null() });
        let mut child = command.spawn().expect("start the server binary");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Reads until the process ends, so the pipe never fills.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("listening on ") {
                    let _ = tx.send(address.to_owned());
                }
            }
        });
        let url = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("server did not print its address within 20 s");
            }
        };
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Server { child, url, db }
    }

    /// `url` + `path`.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// Sends SIGTERM (graceful shutdown) and waits at most `timeout` for the exit.
    pub fn terminate(mut self, timeout: Duration) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed");
        self.wait_exit(timeout)
    }

    /// Waits at most `timeout` for the process to end by itself.
    pub fn wait_exit(&mut self, timeout: Duration) -> std::process::ExitStatus {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "server still running after {timeout:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL: no graceful shutdown, no flush.
    pub fn kill(mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("wait");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a tool subcommand (`export ...`, `moderate ...`) on the store of `db` (the SQLite
/// file, or its dir's PostgreSQL database).
pub fn tool(db: &Path, args: &[&str]) -> Output {
    let output = Command::new(BIN)
        .args(args)
        .args(store_args(db))
        .env_remove("SOLIDARITY_DB")
        .env_remove("SOLIDARITY_DATABASE")
        .stdin(Stdio::null())
        .output()
        .expect("run tool");
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// An HTTP client that never goes through a proxy and gives up after 30 s.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// A valid support message with the given id.
pub fn message(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "name": "Алёна",
        "email": "alena@example.org",
        "location": "Москва",
        "message": "Мы с вами. We stand with you.",
        "lang": "ru",
        "consent": true,
        "created_at": "2026-11-23T20:00:00.000Z"
    })
}

/// POSTs JSON with `Idempotency-Key: key`.
pub async fn post_json(
    client: &reqwest::Client,
    url: &str,
    key: &str,
    body: &serde_json::Value,
) -> reqwest::Response {
    client
        .post(url)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("request")
}

/// POSTs the valid [`message`] `id` (with `Idempotency-Key: id`) to `server`.
pub async fn send_message(server: &Server, id: &str) -> reqwest::Response {
    post_json(&client(), &server.at("/api/messages"), id, &message(id)).await
}

/// A response header as text ("" when it is missing or not text).
pub fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// The JSON body of a response.
pub async fn body(response: reqwest::Response) -> serde_json::Value {
    response.json().await.expect("JSON body")
}
