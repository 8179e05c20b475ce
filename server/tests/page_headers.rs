//! The page's own security headers, the refusal to serve a database from `--dist`, and
//! no scheme-relative redirects or filesystem paths in answers.

mod common;

use common::{client, header, temp, Server, BIN};
use std::process::Command;

fn dist(dir: &std::path::Path) -> std::path::PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(dist.join("ru")).expect("dist");
    for (name, text) in [
        ("index.html", "<!doctype html><title>Solidarity</title>"),
        ("embed.html", "<!doctype html><title>Embed</title>"),
        (
            "ru/index.html",
            "<!doctype html><title>Солидарность</title>",
        ),
        ("embed.js", "export {};"),
        ("config.json", "{}"),
    ] {
        std::fs::write(dist.join(name), text).expect("file");
    }
    dist
}

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

#[tokio::test]
async fn html_gets_a_strict_csp_and_every_file_the_embedding_headers() {
    let dir = temp();
    dist(dir.path());
    let server = Server::start(dir.path(), &["--allowed-origin", "https://partner.example"]);
    let client = client();
    for path in ["/", "/embed.html", "/embed.js", "/config.json", "/ru/"] {
        let response = client.get(server.at(path)).send().await.expect("get");
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            header(&response, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(
            header(&response, "referrer-policy"),
            "no-referrer",
            "{path}"
        );
        assert_eq!(
            header(&response, "access-control-allow-origin"),
            "*",
            "{path}"
        );
        let csp = header(&response, "content-security-policy");
        if path.ends_with(".js") || path.ends_with(".json") {
            assert_eq!(csp, "", "{path}");
        } else {
            assert!(csp.starts_with(CSP), "{path}: {csp}");
        }
    }
    let csp = |path: &'static str| {
        let client = client.clone();
        let url = server.at(path);
        async move {
            header(
                &client.get(url).send().await.expect("get"),
                "content-security-policy",
            )
        }
    };
    assert!(csp("/").await.ends_with("frame-ancestors 'none'"));
    assert!(csp("/embed.html")
        .await
        .ends_with("frame-ancestors 'self' https://partner.example"));
    // A partner page's script embed: a CORS fetch of embed.js from another origin.
    let response = client
        .get(server.at("/embed.js"))
        .header("Origin", "https://elsewhere.example")
        .send()
        .await
        .expect("get");
    assert_eq!(header(&response, "access-control-allow-origin"), "*");
    assert_eq!(header(&response, "content-type"), "text/javascript");
}

#[tokio::test]
async fn no_scheme_relative_redirect_no_hidden_files_no_paths() {
    let dir = temp();
    let dist = dist(dir.path());
    std::fs::write(dist.join(".env"), "SECRET=1").expect("dotfile");
    std::fs::write(dist.join("old.sqlite"), "SQLite format 3").expect("stray db");
    let server = Server::start(dir.path(), &[]);
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = client.get(server.at("/ru")).send().await.expect("get");
    assert_eq!(
        header(&response, "location"),
        "/ru/",
        "a plain directory redirect stays"
    );
    for path in [
        "//ru",
        "//evil.example",
        "/.env",
        "/old.sqlite",
        "/old.sqlite-wal",
    ] {
        let response = client.get(server.at(path)).send().await.expect("get");
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(header(&response, "location"), "", "{path}");
    }
    // The page-not-built answer names no folder.
    std::fs::remove_file(dist.join("index.html")).expect("rm");
    let response = client.get(server.at("/")).send().await.expect("get");
    assert_eq!(response.status(), 503);
    let text = response.text().await.expect("text");
    let folder = dir.path().to_string_lossy().into_owned();
    assert!(!text.contains(&folder) && !text.contains("/tmp"), "{text}");
}

#[test]
fn a_database_inside_dist_is_refused_at_start() {
    let dir = temp();
    let dist = dist(dir.path());
    for db in [
        dist.join("solidarity.sqlite"),
        dist.join("ru").join("data.sqlite"),
    ] {
        let output = Command::new(BIN)
            .args(["serve", "--port", "0", "--dist"])
            .arg(&dist)
            .arg("--db")
            .arg(&db)
            .env_remove("SOLIDARITY_DB")
            .output()
            .expect("run");
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("inside the served folder"), "{stderr}");
        assert!(!db.exists(), "{} was created", db.display());
    }
}
