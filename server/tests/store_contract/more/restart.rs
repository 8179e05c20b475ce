//! The database restarts under a running store: the next read and the next write
//! succeed at the first attempt (idle connections are checked and replaced). Uses a
//! cluster of its own (Debian's PostgreSQL binaries, as root through `runuser`), so the
//! restart touches no other test; stopped on drop, even when the test panics.

use super::super::harness::{base, write};
use super::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = "/usr/lib/postgresql/15/bin";

struct Cluster {
    dir: tempfile::TempDir,
    port: u16,
}

fn pg(tool: &str, args: &[&str]) {
    let status = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(Path::new(BIN).join(tool))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run a PostgreSQL tool");
    assert!(status.success(), "{tool} {args:?} failed");
}

impl Cluster {
    fn start() -> Cluster {
        let dir = tempfile::Builder::new()
            .prefix("restart-")
            .tempdir()
            .expect("tempdir");
        pg_own(dir.path());
        let data = data(dir.path());
        pg("initdb", &["-D", &data, "-A", "trust", "-U", "postgres"]);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|socket| socket.local_addr())
            .expect("free port")
            .port();
        let cluster = Cluster { dir, port };
        cluster.ctl("start");
        cluster
    }

    fn ctl(&self, action: &str) {
        let options = format!(
            "-p {} -k {} -h 127.0.0.1",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log");
        let data = data(self.dir.path());
        pg(
            "pg_ctl",
            &[
                "-D",
                &data,
                "-m",
                "fast",
                "-w",
                "-o",
                &options,
                "-l",
                log.to_str().expect("path"),
                action,
            ],
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.ctl("stop");
    }
}

fn data(dir: &Path) -> String {
    PathBuf::from(dir)
        .join("data")
        .to_string_lossy()
        .into_owned()
}

fn pg_own(dir: &Path) {
    let status = Command::new("chown")
        .arg("postgres")
        .arg(dir)
        .status()
        .expect("chown");
    assert!(status.success(), "chown postgres");
}

#[test]
fn the_next_request_after_a_database_restart_succeeds() {
    if base().is_none() || !Path::new(BIN).join("initdb").exists() {
        return eprintln!("skipped: the PostgreSQL leg only (SOLIDARITY_TEST_DATABASE)");
    }
    let cluster = Cluster::start();
    let url = format!("postgres://postgres@127.0.0.1:{}/postgres", cluster.port);
    let store = solidarity_server::store::Database::Postgres(url)
        .open()
        .expect("open");
    let committer = store.committer().expect("committer");
    let writer = solidarity_server::writer::Writer::start(committer, 8, Options::default())
        .expect("writer")
        .0;
    write(&writer, message("m1", "k1", "fp", None));
    assert_eq!(store.published_comments(0, 10).expect("read").total, 3);
    std::thread::sleep(std::time::Duration::from_millis(600));
    cluster.ctl("restart");
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert_eq!(
        store
            .published_comments(0, 10)
            .expect("read after restart")
            .total,
        3
    );
    assert_eq!(
        write(&writer, message("m2", "k2", "fp", None)),
        Outcome::Message("m2".into())
    );
    assert_eq!(store.messages().expect("messages").len(), 2);
}
