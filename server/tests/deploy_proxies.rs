//! The server behind Debian's nginx and Caddy, each started on free loopback ports with
//! the very configuration in `deploy/` (only ports and paths replaced): TLS works, the
//! page's headers arrive (with the proxy's HSTS), the forwarded client is the real one
//! (two clients on different loopback addresses get their own rate-limit buckets, and
//! a forged `X-Forwarded-For` buys no fresh one), also through the onion block. Also:
//! `docs/deploy.md` quotes every deploy file verbatim, and the systemd unit verifies.

mod common;
mod proxies;

use common::{message, temp, Server, BIN};
use proxies::{
    certificates, deploy_file, free_port, plain_client, program, replace, tls_client, Proxy,
};
use std::net::IpAddr;
use std::path::Path;
use std::process::Command;

const CLIENT_A: [u8; 4] = [127, 0, 0, 2];
const CLIENT_B: [u8; 4] = [127, 0, 0, 3];

/// One POST per minute per client, no burst beyond it; the proxy is trusted.
fn server(dir: &Path) -> Server {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Solidarity</title>",
    )
    .expect("index");
    std::fs::write(dist.join("embed.js"), "export {};").expect("embed.js");
    Server::start(
        dir,
        &[
            "--rate-per-minute",
            "1",
            "--rate-burst",
            "1",
            "--trusted-proxy",
            "127.0.0.1/32",
        ],
    )
}

async fn post(client: &reqwest::Client, url: &str, id: &str, forged: Option<&str>) -> u16 {
    let mut request = client
        .post(url)
        .header("Idempotency-Key", id)
        .json(&message(id));
    if let Some(forged) = forged {
        request = request.header("X-Forwarded-For", forged);
    }
    request.send().await.expect("post").status().as_u16()
}

/// The checks every proxy must pass; `base` is `https://campaign.example:PORT`.
async fn check(ca: &Path, https: u16, onion: u16) {
    let a = tls_client(ca, https, IpAddr::from(CLIENT_A));
    let b = tls_client(ca, https, IpAddr::from(CLIENT_B));
    let base = format!("https://campaign.example:{https}");
    // Caddy issues its internal certificate just after it starts listening: wait for
    // the first handshake (at most 20 s).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while let Err(error) = a.get(format!("{base}/")).send().await {
        assert!(std::time::Instant::now() < deadline, "no TLS: {error}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for path in ["/", "/embed.js"] {
        let response = a
            .get(format!("{base}{path}"))
            .send()
            .await
            .expect("get over TLS");
        assert_eq!(response.status(), 200, "{path}");
        let header = |name: &str| common::header(&response, name);
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(header("access-control-allow-origin"), "*", "{path}");
        assert!(
            header("strict-transport-security").starts_with("max-age="),
            "{path}"
        );
        if path == "/" {
            assert!(header("content-security-policy").starts_with("default-src 'self'"));
        }
    }
    let url = format!("{base}/api/messages");
    assert_eq!(post(&a, &url, "a-1", None).await, 201);
    assert_eq!(
        post(&a, &url, "a-2", None).await,
        429,
        "client A's bucket is empty"
    );
    assert_eq!(
        post(&a, &url, "a-3", Some("203.0.113.9")).await,
        429,
        "a forged header buys nothing"
    );
    assert_eq!(
        post(&b, &url, "b-1", None).await,
        201,
        "client B is another client"
    );
    // The onion block: the forged header is replaced there too.
    let onion_url = format!("http://127.0.0.1:{onion}/api/messages");
    let c = plain_client(IpAddr::from([127, 0, 0, 4]));
    assert_eq!(post(&c, &onion_url, "c-1", Some("203.0.113.10")).await, 201);
    assert_eq!(post(&c, &onion_url, "c-2", Some("203.0.113.11")).await, 429);
}

#[tokio::test]
async fn behind_nginx() {
    let nginx = program("nginx", "nginx-light");
    let dir = temp();
    let server = server(dir.path());
    let (ca, cert, key) = certificates(dir.path());
    let (http, https, onion) = (free_port(), free_port(), free_port());
    let upstream = server.url.clone();
    let mut site = deploy_file("nginx.conf");
    site = site
        .lines()
        .filter(|line| !line.contains("[::]"))
        .collect::<Vec<_>>()
        .join("\n");
    for (from, to) in [
        ("listen 80;", format!("listen 127.0.0.1:{http};")),
        ("listen 443 ssl;", format!("listen 127.0.0.1:{https} ssl;")),
        (
            "listen 127.0.0.1:8081;",
            format!("listen 127.0.0.1:{onion};"),
        ),
        (
            "/etc/letsencrypt/live/campaign.example/fullchain.pem",
            cert.display().to_string(),
        ),
        (
            "/etc/letsencrypt/live/campaign.example/privkey.pem",
            key.display().to_string(),
        ),
        (
            "/var/log/nginx/solidarity-error.log",
            dir.path().join("error.log").display().to_string(),
        ),
        ("http://127.0.0.1:8080", upstream),
    ] {
        site = replace(&site, from, &to);
    }
    let tmp = dir.path().display();
    let user = if proxies::is_root(dir.path()) {
        "user root;"
    } else {
        ""
    };
    let main = format!(
        "{user}\ndaemon off;\nmaster_process on;\nworker_processes 1;\npid {tmp}/nginx.pid;\n\
         error_log {tmp}/error.log warn;\nevents {{ worker_connections 64; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n\
         fastcgi_temp_path {tmp}/fastcgi;\n  uwsgi_temp_path {tmp}/uwsgi;\n  scgi_temp_path {tmp}/scgi;\n\
         {site}\n}}\n"
    );
    let config = dir.path().join("nginx.conf");
    std::fs::write(&config, main).expect("config");
    let mut command = Command::new(nginx);
    command
        .arg("-c")
        .arg(&config)
        .arg("-p")
        .arg(dir.path())
        .arg("-e")
        .arg(dir.path().join("error.log"));
    let proxy = Proxy::start(command, dir.path().join("nginx.out"), https);
    check(&ca, https, onion).await;
    drop(proxy);
    // No access log anywhere, and the error log never names the clients.
    let logs = std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default();
    assert!(
        !logs.contains("127.0.0.2") && !logs.contains("127.0.0.3"),
        "{logs}"
    );
}

#[tokio::test]
async fn behind_caddy() {
    let caddy = program("caddy", "caddy");
    let dir = temp();
    let server = server(dir.path());
    let (http, https, onion) = (free_port(), free_port(), free_port());
    let upstream = server.url.trim_start_matches("http://").to_owned();
    let mut site = deploy_file("Caddyfile");
    for (from, to) in [
        ("# tls internal", "tls internal".to_owned()),
        (
            "reverse_proxy 127.0.0.1:8080",
            format!("reverse_proxy {upstream}"),
        ),
        ("http://127.0.0.1:8081", format!("http://127.0.0.1:{onion}")),
    ] {
        site = replace(&site, from, &to);
    }
    let storage = dir.path().join("caddy");
    let global = format!(
        "{{\n\tadmin off\n\thttp_port {http}\n\thttps_port {https}\n\tdefault_bind 127.0.0.1\n\
         \tstorage file_system {}\n\tskip_install_trust\n}}\n\n",
        storage.display()
    );
    let config = dir.path().join("Caddyfile");
    std::fs::write(&config, global + &site).expect("config");
    let mut command = Command::new(caddy);
    command
        .args(["run", "--adapter", "caddyfile", "--config"])
        .arg(&config)
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"));
    let proxy = Proxy::start(command, dir.path().join("caddy.out"), https);
    let ca = storage.join("pki/authorities/local/root.crt");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !ca.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "no internal CA: {}",
            proxy.log_text()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    check(&ca, https, onion).await;
    let log = proxy.log_text();
    assert!(
        !log.contains("127.0.0.2") && !log.contains("127.0.0.3"),
        "an access log: {log}"
    );
}

#[test]
fn the_guide_quotes_every_deploy_file_verbatim() {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/deploy.md"))
        .expect("docs/deploy.md");
    for name in ["nginx.conf", "Caddyfile", "solidarity.service", "torrc"] {
        let file = deploy_file(name);
        assert!(
            guide.contains(&file),
            "docs/deploy.md does not quote deploy/{name} as it is"
        );
    }
}

#[test]
fn the_systemd_unit_verifies() {
    let analyze = program("systemd-analyze", "systemd");
    let dir = temp();
    let unit = replace(
        &deploy_file("solidarity.service"),
        "/usr/local/bin/solidarity-server",
        BIN,
    );
    let path = dir.path().join("solidarity.service");
    std::fs::write(&path, unit).expect("unit");
    let output = Command::new(analyze)
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze");
    let text = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    // Complaints about the machine's own units are not ours; any about this one are.
    let ours: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("solidarity.service"))
        .collect();
    assert!(output.status.success() || ours.is_empty(), "{text}");
    assert!(ours.is_empty(), "{text}");
}
