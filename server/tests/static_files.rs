//! Serving `dist/`: MIME types, cache policy, compression, and the page-not-built answer.

mod common;

use common::{client, header, temp, Server};
use std::io::Read;

const HASHED_JS: &str = "solidarity-1a2b3c4d5e6f7a8b.js";
const HASHED_WASM: &str = "solidarity-1a2b3c4d5e6f7a8b_bg.wasm";

fn build_dist(dir: &std::path::Path) -> Vec<u8> {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Solidarity</title>".repeat(20),
    )
    .expect("index");
    std::fs::write(
        dist.join("config.json"),
        r#"{"comments": {"endpoint": "/api/comments"}}"#,
    )
    .expect("config");
    std::fs::write(
        dist.join(HASHED_JS),
        "export default function init() {}\n".repeat(100),
    )
    .expect("js");
    // Compressible fake wasm: the magic number, then repetitive bytes.
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(*b"solidarity", 2000).flatten());
    std::fs::write(dist.join(HASHED_WASM), &wasm).expect("wasm");
    wasm
}

#[tokio::test]
async fn files_have_mime_types_and_cache_policies() {
    let dir = temp();
    build_dist(dir.path());
    let server = Server::start(dir.path(), &[]);
    let client = client();
    let cases = [
        ("/", "text/html", "no-cache"),
        ("/index.html", "text/html", "no-cache"),
        ("/config.json", "application/json", "no-cache"),
        (
            &format!("/{HASHED_JS}") as &str,
            "text/javascript",
            "public, max-age=31536000, immutable",
        ),
        (
            &format!("/{HASHED_WASM}"),
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
    ];
    for (path, mime, cache) in cases {
        let response = client.get(server.at(path)).send().await.expect("get");
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            header(&response, "content-type").starts_with(mime),
            "{path}: {}",
            header(&response, "content-type")
        );
        assert_eq!(header(&response, "cache-control"), cache, "{path}");
    }
    assert_eq!(
        client
            .get(server.at("/missing.js"))
            .send()
            .await
            .expect("get")
            .status(),
        404
    );
}

#[tokio::test]
async fn gzip_and_brotli_are_negotiated() {
    let dir = temp();
    let wasm = build_dist(dir.path());
    let server = Server::start(dir.path(), &[]);
    let client = client();
    let url = server.at(&format!("/{HASHED_WASM}"));

    let fetch =
        |encoding: &'static str| client.get(&url).header("Accept-Encoding", encoding).send();

    let response = fetch("gzip").await.expect("get");
    assert_eq!(header(&response, "content-encoding"), "gzip");
    assert!(header(&response, "vary")
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    let compressed = response.bytes().await.expect("body");
    assert!(compressed.len() < wasm.len());
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_end(&mut plain)
        .expect("gunzip");
    assert_eq!(plain, wasm);

    let response = fetch("br;q=1.0, gzip;q=0.5").await.expect("get");
    assert_eq!(header(&response, "content-encoding"), "br");
    let compressed = response.bytes().await.expect("body");
    let mut plain = Vec::new();
    brotli_decompressor::Decompressor::new(&compressed[..], 4096)
        .read_to_end(&mut plain)
        .expect("unbrotli");
    assert_eq!(plain, wasm);

    let response = fetch("identity").await.expect("get");
    assert_eq!(header(&response, "content-encoding"), "");
    assert_eq!(header(&response, "content-type"), "application/wasm");
    assert_eq!(response.bytes().await.expect("body").as_ref(), &wasm[..]);

    // API answers are compressed too when large enough.
    let response = client
        .get(server.at("/api/comments"))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .expect("get");
    assert_eq!(header(&response, "content-encoding"), "gzip");
}

#[tokio::test]
async fn without_a_built_page_the_api_still_works() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let client = client();
    let response = client.get(server.at("/")).send().await.expect("get");
    assert_eq!(response.status(), 503);
    assert!(header(&response, "content-type").starts_with("text/plain"));
    let text = response.text().await.expect("text");
    assert!(text.contains("trunk build"), "{text}");
    let response = client
        .get(server.at("/api/comments"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 200);
}
