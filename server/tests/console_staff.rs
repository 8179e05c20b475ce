//! `solidarity-server staff` against the real binary and a real SQLite file.

mod common;
mod console;

use common::temp;
use console::{staff, PASSWORD};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn add_list_passwd_remove() {
    let dir = temp();
    let db = dir.path().join("db.sqlite");
    let added = staff(
        &db,
        &["add", "Olga", "--role", "moderator"],
        &format!("{PASSWORD}\n"),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let added = staff(
        &db,
        &["add", "anna", "--role", "admin"],
        &format!("{PASSWORD}\r\nignored\n"),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let list = text(&staff(&db, &["list"], "").stdout);
    assert!(
        list.contains("anna\tadmin") && list.contains("Olga\tmoderator"),
        "{list}"
    );
    assert!(!list.contains("argon2"), "hashes are never listed");

    // Only name, role, hash and timestamps are stored; the hash is argon2id.
    let conn = rusqlite::Connection::open(&db).expect("open");
    let hash: String = conn
        .query_row(
            "SELECT password_hash FROM staff WHERE name = 'anna'",
            [],
            |r| r.get(0),
        )
        .expect("row");
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains(PASSWORD));
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('staff')")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("columns");
    assert_eq!(
        columns,
        [
            "id",
            "name",
            "role",
            "password_hash",
            "created_at",
            "updated_at"
        ]
    );

    let changed = staff(&db, &["passwd", "anna"], "another long password\n");
    assert!(changed.status.success(), "{}", text(&changed.stderr));
    let new_hash: String = conn
        .query_row(
            "SELECT password_hash FROM staff WHERE name = 'anna'",
            [],
            |r| r.get(0),
        )
        .expect("row");
    assert_ne!(hash, new_hash);

    let removed = staff(&db, &["remove", "Olga"], "");
    assert!(removed.status.success());
    assert!(!text(&staff(&db, &["list"], "").stdout).contains("Olga"));
    let again = staff(&db, &["remove", "Olga"], "");
    assert_eq!(again.status.code(), Some(1), "removing nobody fails");

    let actions: Vec<String> = conn
        .prepare("SELECT action FROM audit WHERE actor = 'cli' ORDER BY seq")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("audit");
    assert_eq!(
        actions,
        ["staff_add", "staff_add", "staff_password", "staff_remove"]
    );
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = temp();
    let db = dir.path().join("db.sqlite");
    let short = staff(&db, &["add", "anna", "--role", "admin"], "eleven char\n");
    assert_eq!(short.status.code(), Some(2));
    let reason = text(&short.stderr);
    assert_eq!(reason.trim().lines().count(), 1, "{reason}");
    assert!(reason.contains("at least 12 characters"), "{reason}");

    let empty = staff(&db, &["add", "anna", "--role", "admin"], "");
    assert_eq!(empty.status.code(), Some(2));

    let role = staff(
        &db,
        &["add", "anna", "--role", "root"],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(role.status.code(), Some(2));
    assert!(text(&role.stderr).contains("invalid value 'root'"));

    let ok = staff(
        &db,
        &["add", "anna", "--role", "admin"],
        &format!("{PASSWORD}\n"),
    );
    assert!(ok.status.success());
    let taken = staff(
        &db,
        &["add", "ANNA", "--role", "moderator"],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(taken.status.code(), Some(2), "names are unique in any case");

    let short_change = staff(&db, &["passwd", "anna"], "short\n");
    assert_eq!(short_change.status.code(), Some(2));
    assert!(text(&staff(&db, &["list"], "").stdout).contains("anna\tadmin"));
}
