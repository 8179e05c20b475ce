//! Choosing the store on the command line: `--db` and `--database` exclude each other,
//! `--database` takes only a PostgreSQL URL, and `backup` points PostgreSQL users to
//! `pg_dump` (exit 2) before connecting anywhere.

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_solidarity-server"))
        .args(args)
        .env_remove("SOLIDARITY_DB")
        .env_remove("SOLIDARITY_DATABASE")
        .output()
        .expect("run the server binary");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

// Port 9 on loopback: nothing listens there, and nothing here may connect anyway.
const URL: &str = "postgres://nobody@127.0.0.1:9/none";

#[test]
fn db_and_database_exclude_each_other() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("x.sqlite");
    let file = file.to_str().expect("utf-8 path");
    let (code, stderr) = run(&["export", "--db", file, "--database", URL]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("not both"), "{stderr}");
    let (code, stderr) = run(&["audit", "--database", file]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("PostgreSQL URL"), "{stderr}");
    let (code, stderr) = run(&["staff", "list", "--db", file, "--database", URL]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not both"), "{stderr}");
    assert!(!dir.path().join("x.sqlite").exists(), "nothing was created");
}

#[test]
fn backup_on_postgres_says_pg_dump() {
    let (code, stderr) = run(&["backup", "--database", URL, "--output", "/nonexistent/x"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("pg_dump"), "{stderr}");
}

#[test]
fn an_unreachable_database_is_a_clear_error() {
    let (code, stderr) = run(&[
        "export",
        "--database",
        "postgres://nobody:secret@127.0.0.1:9/x",
    ]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("database is unavailable"), "{stderr}");
    assert!(!stderr.contains("secret"), "{stderr}");
}
