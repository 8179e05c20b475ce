//! `solidarity-server staff` against the real binary and a real store.

mod common;
mod console;

use common::db::scalar;
use common::{on_postgres, temp};
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
    let hash_sql = "SELECT password_hash FROM staff WHERE name = 'anna'";
    let hash = scalar(&db, hash_sql).expect("anna's row");
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains(PASSWORD));
    let columns_sql = if on_postgres() {
        "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) \
         FROM information_schema.columns WHERE table_name = 'staff'"
    } else {
        "SELECT group_concat(name, ',') FROM pragma_table_info('staff')"
    };
    assert_eq!(
        scalar(&db, columns_sql).as_deref(),
        Some("id,name,role,password_hash,created_at,updated_at")
    );

    let changed = staff(&db, &["passwd", "anna"], "another long password\n");
    assert!(changed.status.success(), "{}", text(&changed.stderr));
    let new_hash = scalar(&db, hash_sql).expect("anna's row");
    assert_ne!(hash, new_hash);

    let removed = staff(&db, &["remove", "Olga"], "");
    assert!(removed.status.success());
    assert!(!text(&staff(&db, &["list"], "").stdout).contains("Olga"));
    let again = staff(&db, &["remove", "Olga"], "");
    assert_eq!(again.status.code(), Some(1), "removing nobody fails");

    let actions_sql = if on_postgres() {
        "SELECT string_agg(action, ',' ORDER BY seq) FROM audit WHERE actor = 'cli'"
    } else {
        "SELECT group_concat(action, ',') \
         FROM (SELECT action FROM audit WHERE actor = 'cli' ORDER BY seq)"
    };
    assert_eq!(
        scalar(&db, actions_sql).as_deref(),
        Some("staff_add,staff_add,staff_password,staff_remove")
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
