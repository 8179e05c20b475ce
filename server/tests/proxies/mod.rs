//! Runs Debian's nginx and Caddy on free loopback ports with the very files in
//! `deploy/`, only ports and paths replaced, and a TLS client that trusts their
//! test certificates and connects from a chosen loopback address.
#![allow(dead_code)]

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository's `deploy/` folder.
pub fn deploy_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deploy")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port()
}

/// `text` with every `from` replaced; panics when `from` is not there (the deploy file
/// changed and the test would no longer exercise it).
pub fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "expected {from:?} in the deploy file");
    text.replace(from, to)
}

/// The full path of a Debian program, or a loud failure saying how to install it.
pub fn program(name: &str, package: &str) -> PathBuf {
    for dir in ["/usr/sbin", "/usr/bin"] {
        let path = Path::new(dir).join(name);
        if path.exists() {
            return path;
        }
    }
    panic!("{name} is missing: run scripts/setup.sh (apt-get install {package})");
}

/// Whether this process runs as root (nginx then needs `user root;` to read its files).
pub fn is_root(dir: &Path) -> bool {
    let probe = dir.join("uid-probe");
    std::fs::write(&probe, b"").expect("probe");
    std::fs::metadata(&probe)
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// A test CA and a certificate for `campaign.example` signed by it (rustls refuses a
/// self-signed CA certificate as a server's own). Returns (ca, cert, key).
pub fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let ca_key = dir.join("ca.key");
    let ca = dir.join("ca.pem");
    let key = dir.join("site.key");
    let csr = dir.join("site.csr");
    let cert = dir.join("site.pem");
    let ext = dir.join("site.ext");
    std::fs::write(
        &ext,
        "basicConstraints=CA:FALSE\nsubjectAltName=DNS:campaign.example\n\
         keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .expect("ext");
    let openssl = |args: &[&str]| {
        let output = Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl");
        assert!(
            output.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let p = |path: &PathBuf| path.to_str().expect("utf-8 path").to_owned();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        &p(&ca_key),
        "-out",
        &p(&ca),
        "-days",
        "2",
        "-subj",
        "/CN=Solidarity test CA",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        &p(&key),
        "-out",
        &p(&csr),
        "-subj",
        "/CN=campaign.example",
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        &p(&csr),
        "-CA",
        &p(&ca),
        "-CAkey",
        &p(&ca_key),
        "-CAcreateserial",
        "-out",
        &p(&cert),
        "-days",
        "2",
        "-extfile",
        &p(&ext),
    ]);
    (ca, cert, key)
}

/// A proxy process; stopped when dropped.
pub struct Proxy {
    child: Child,
    pub log: PathBuf,
}

impl Proxy {
    /// Starts `command` (stdout and stderr to `log`) and waits, at most 20 s, until
    /// `port` accepts connections.
    pub fn start(mut command: Command, log: PathBuf, port: u16) -> Proxy {
        let out = std::fs::File::create(&log).expect("log");
        let err = out.try_clone().expect("log");
        let child = command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .expect("start the proxy");
        let mut proxy = Proxy { child, log };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = proxy.child.try_wait() {
                panic!("the proxy exited ({status}): {}", proxy.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "the proxy did not listen: {}",
                proxy.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        proxy
    }

    /// What the proxy printed.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTPS client for `https://campaign.example` that reaches `127.0.0.1:https_port`,
/// trusts `ca` and connects from the loopback address `from`.
pub fn tls_client(ca: &Path, https_port: u16, from: IpAddr) -> reqwest::Client {
    let pem = std::fs::read(ca).expect("ca");
    reqwest::Client::builder()
        .no_proxy()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("pem"))
        .resolve(
            "campaign.example",
            SocketAddr::from(([127, 0, 0, 1], https_port)),
        )
        .local_address(from)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// A plain-HTTP client from the loopback address `from` (for the onion block).
pub fn plain_client(from: IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .local_address(from)
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}
