//! The disk guard: under `--min-free-mb` of free space writes are refused with 507 and
//! nothing is stored; reads go on. Free space is simulated through the test-only
//! `SOLIDARITY_TEST_FREE_SPACE_FILE` (debug builds; a real small filesystem would need
//! root for a loop mount), which the guard reads in place of `statvfs`.

mod common;

use common::form::{exported, page, post_form, valid_form};
use common::{body, client, message, post_json, Server};
use std::time::Duration;

#[tokio::test]
async fn writes_are_refused_while_the_disk_is_nearly_full() {
    if common::sqlite_only("the guard watches the SQLite file's filesystem") {
        return;
    }
    let dir = common::temp();
    let free = dir.path().join("free-mib");
    std::fs::write(&free, "50").expect("write");
    let free_var = free.to_str().expect("utf-8 path");
    let server = Server::start_with_env(
        dir.path(),
        &["--min-free-mb", "100"],
        &[("SOLIDARITY_TEST_FREE_SPACE_FILE", free_var)],
    );
    let client = client();
    let url = server.at("/api/messages");
    let response = post_json(&client, &url, "d-1", &message("d-1")).await;
    assert_eq!(response.status(), 507);
    assert!(body(response).await["error"]
        .as_str()
        .unwrap_or_default()
        .contains("storage space"));
    let (status, text) = page(post_form(&server, &valid_form("ru", "/ru/")).await).await;
    assert_eq!(status, 507);
    assert!(text.contains("на сервере заканчивается место"), "{text}");
    let comments = client
        .get(server.at("/api/comments"))
        .send()
        .await
        .expect("get");
    assert_eq!(comments.status(), 200, "reads go on");
    assert!(exported(&server).is_empty(), "nothing stored");

    // Space is freed: within the guard's one-second recheck, writes are accepted again.
    std::fs::write(&free, "500").expect("write");
    let mut status = 0;
    for _ in 0..30 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        status = post_json(&client, &url, "d-2", &message("d-2"))
            .await
            .status()
            .as_u16();
        if status == 201 {
            break;
        }
    }
    assert_eq!(status, 201);
    assert_eq!(exported(&server).len(), 1);
}
