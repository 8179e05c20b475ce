//! A private PostgreSQL cluster for a test that restarts the database, so the restart
//! touches no other test: scripts/pg-test-server.sh in a temp dir (under
//! `SOLIDARITY_TEST_PG_ROOT` when scripts/test.sh sets it, so its trap stops it too),
//! stopped when dropped, even when the test panics.

use super::db::database_url;
use std::path::Path;
use std::process::{Command, Stdio};
use tempfile::TempDir;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/pg-test-server.sh");

/// A running cluster of its own; stopped on drop.
pub struct Cluster {
    dir: TempDir,
    /// `postgres://postgres@127.0.0.1:PORT`.
    pub base: String,
}

fn script(action: &str, dir: &Path) -> String {
    let output = Command::new(SCRIPT)
        .arg(action)
        .arg(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run scripts/pg-test-server.sh");
    assert!(
        output.status.success(),
        "pg-test-server.sh {action}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

impl Cluster {
    /// initdb and start on a free loopback port.
    pub fn start() -> Cluster {
        let mut builder = tempfile::Builder::new();
        builder.prefix("fleet-");
        let dir = match std::env::var_os("SOLIDARITY_TEST_PG_ROOT") {
            Some(root) => builder.tempdir_in(root),
            None => builder.tempdir(),
        }
        .expect("cluster dir");
        let base = script("start", dir.path());
        assert!(base.starts_with("postgres://postgres@127.0.0.1:"), "{base}");
        Cluster { dir, base }
    }

    /// Makes a fresh database on this cluster the store of `test_dir`, so
    /// `Server::start(test_dir, ..)` and `tool(..)` use it.
    pub fn database_for(&self, test_dir: &Path) -> String {
        database_url(&self.base, test_dir)
    }

    /// Restarts the database (fast shutdown: open connections are cut, as in a failover).
    pub fn restart(&self) {
        script("restart", self.dir.path());
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(SCRIPT)
            .arg("stop")
            .arg(self.dir.path())
            .stdin(Stdio::null())
            .output();
    }
}
