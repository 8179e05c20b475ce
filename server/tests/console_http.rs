//! The console at /admin against the real binary and a real store: cookies, CSRF,
//! lock-out, roles, and the reader side staying cookie-free.

mod common;
mod console;

use common::db::{count, scalar};
use common::{client, temp, Server};
use console::{
    add, browser, csrf, page, pending_comment, session, sign_in, status_in_db, PASSWORD,
};

fn set_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn sign_in_sets_a_console_only_cookie_and_sign_out_ends_it() {
    let dir = temp();
    add(&dir.path().join("solidarity.sqlite"), "anna", "admin");
    let server = Server::start(dir.path(), &[]);
    let c = browser();
    let form = page(&c, &server, "/admin/").await;
    assert!(form.contains(r#"data-testid="console-login""#) && form.contains(r#"name="username""#));
    let response = sign_in(&c, &server, "anna", PASSWORD).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/queue?lang=en");
    let cookie = set_cookie(&response);
    for part in [
        "solidarity_console=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/admin",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP without --secure-cookies: {cookie}"
    );
    let token = cookie["solidarity_console=".len()..]
        .split(';')
        .next()
        .expect("token")
        .to_owned();
    let stored = scalar(&server.db, "SELECT token_hash FROM staff_sessions").expect("a session");
    assert_ne!(stored, token, "only the token's hash is stored");

    let queue = page(&c, &server, "/admin/queue").await;
    let response = c
        .post(server.at("/admin/logout"))
        .form(&[("csrf", csrf(&queue).as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(response.status(), 303);
    let sessions = count(&server.db, "SELECT COUNT(*) FROM staff_sessions");
    assert_eq!(sessions, 0, "sign-out deletes the session row");
    // The old cookie no longer works, even replayed by hand.
    let replay = client()
        .get(server.at("/admin/queue"))
        .header("cookie", format!("solidarity_console={token}"))
        .send()
        .await
        .expect("replay");
    assert_eq!(replay.url().path(), "/admin/", "redirected to sign-in");

    let secure = Server::start(dir.path(), &["--secure-cookies"]);
    let response = sign_in(&browser(), &secure, "anna", PASSWORD).await;
    assert!(set_cookie(&response).ends_with("; Secure"));
}

#[tokio::test]
async fn forged_posts_are_refused_and_change_nothing() {
    let dir = temp();
    add(&dir.path().join("solidarity.sqlite"), "olga", "moderator");
    let server = Server::start(dir.path(), &[]);
    assert_eq!(pending_comment(&server, "c1", "Lee").await.status(), 202);
    let c = browser();
    let token = session(&c, &server, "olga").await;
    let url = server.at("/admin/comments/c1/approve");
    let host = server.url.trim_start_matches("http://").to_owned();
    let attempts = [
        ("no token", c.post(&url).form(&[("x", "1")])),
        (
            "wrong token",
            c.post(&url).form(&[("csrf", "0".repeat(64).as_str())]),
        ),
        (
            "other origin",
            c.post(&url)
                .header("origin", "http://localhost:1")
                .form(&[("csrf", token.as_str())]),
        ),
        (
            "cross-site",
            c.post(&url)
                .header("sec-fetch-site", "cross-site")
                .form(&[("csrf", token.as_str())]),
        ),
        (
            "same-site",
            c.post(&url)
                .header("sec-fetch-site", "same-site")
                .form(&[("csrf", token.as_str())]),
        ),
    ];
    for (what, request) in attempts {
        let response = request.send().await.expect("post");
        assert_eq!(response.status(), 403, "{what}");
        assert!(
            response
                .text()
                .await
                .expect("text")
                .contains("did not come from the console"),
            "{what}"
        );
        assert_eq!(
            status_in_db(&server.db, "c1").as_deref(),
            Some("pending"),
            "{what}"
        );
    }
    // The real form from the console passes.
    let ok = c
        .post(&url)
        .header("origin", format!("http://{host}"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(ok.status(), 303);
    assert_eq!(status_in_db(&server.db, "c1").as_deref(), Some("published"));
    // A cross-site sign-in is refused too.
    let login = browser()
        .post(server.at("/admin/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("username", "olga"), ("password", PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), 403);
}

#[tokio::test]
async fn five_wrong_passwords_lock_for_fifteen_minutes_whoever_asks() {
    let dir = temp();
    add(&dir.path().join("solidarity.sqlite"), "anna", "admin");
    let server = Server::start(dir.path(), &[]);
    let c = browser();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            sign_in(&c, &server, "anna", "wrong password!")
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429]);
    let locked = sign_in(&c, &server, "anna", PASSWORD).await;
    assert_eq!(
        locked.status(),
        429,
        "the right password is refused while locked"
    );
    let retry: u64 = locked.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((890..=900).contains(&retry), "{retry}");
    assert!(set_cookie(&locked).is_empty());
    // An unknown name answers exactly like a known one, and locks the same way.
    let mut unknown = Vec::new();
    for _ in 0..5 {
        let response = sign_in(&browser(), &server, "nobody", "wrong password!").await;
        unknown.push((
            response.status().as_u16(),
            response.text().await.expect("text").len(),
        ));
    }
    assert_eq!(
        unknown.iter().map(|u| u.0).collect::<Vec<_>>(),
        [429; 5],
        "the client is locked as well"
    );
    let audit = count(
        &server.db,
        "SELECT COUNT(*) FROM audit WHERE action = 'sign_in_failed'",
    );
    assert_eq!(audit, 11);
}

#[tokio::test]
async fn moderators_may_not_do_admin_things() {
    let dir = temp();
    let db = dir.path().join("solidarity.sqlite");
    add(&db, "olga", "moderator");
    let server = Server::start(dir.path(), &[]);
    let c = browser();
    let token = session(&c, &server, "olga").await;
    for path in ["/admin/audit", "/admin/erase"] {
        let response = c.get(server.at(path)).send().await.expect("get");
        assert_eq!(response.status(), 403, "{path}");
        assert!(response
            .text()
            .await
            .expect("text")
            .contains("Only an administrator"));
    }
    let ru = c
        .get(server.at("/admin/audit?lang=ru"))
        .send()
        .await
        .expect("get");
    assert!(ru
        .text()
        .await
        .expect("text")
        .contains("только администратор"));
    for (path, form) in [
        (
            "/admin/erase",
            vec![("csrf", token.as_str()), ("email", "alena@example.org")],
        ),
        (
            "/admin/export",
            vec![
                ("csrf", token.as_str()),
                ("what", "messages"),
                ("format", "csv"),
            ],
        ),
        ("/admin/messages/m1/publish", vec![("csrf", token.as_str())]),
    ] {
        let response = c
            .post(server.at(path))
            .form(&form)
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 403, "{path}");
    }
    let inbox = page(&c, &server, "/admin/messages").await;
    assert!(!inbox.contains("data-action=\"publish\""));
    assert!(
        !inbox.contains("/admin/audit"),
        "no admin links for moderators"
    );
}

#[tokio::test]
async fn bad_requests_get_the_right_status_and_change_nothing() {
    let dir = temp();
    add(&dir.path().join("solidarity.sqlite"), "anna", "admin");
    let server = Server::start(dir.path(), &[]);
    let c = browser();
    // No session: GET goes to sign-in, POST is 401.
    let anonymous = browser();
    let get = anonymous
        .get(server.at("/admin/queue"))
        .send()
        .await
        .expect("get");
    assert_eq!(
        (
            get.status().as_u16(),
            get.headers()["location"].to_str().ok()
        ),
        (303, Some("/admin/?lang=en"))
    );
    let post = anonymous
        .post(server.at("/admin/comments/seed-1/delete"))
        .form(&[("csrf", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(post.status(), 401);
    let token = session(&c, &server, "anna").await;
    let unknown = c
        .post(server.at("/admin/comments/nope/delete"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(unknown.status(), 404);
    let big = "x".repeat(20_000);
    let large = c
        .post(server.at("/admin/comments/seed-1/reply"))
        .form(&[("csrf", token.as_str()), ("body", big.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(large.status(), 413);
    let empty = c
        .post(server.at("/admin/comments/seed-1/reply"))
        .form(&[("csrf", token.as_str()), ("body", "  ")])
        .send()
        .await
        .expect("post");
    assert_eq!(empty.status(), 422);
    let bad_format = c
        .post(server.at("/admin/export"))
        .form(&[("csrf", token.as_str()), ("what", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(bad_format.status(), 422);
    assert_eq!(
        status_in_db(&server.db, "seed-1").as_deref(),
        Some("published")
    );
    let comments = count(&server.db, "SELECT COUNT(*) FROM comments");
    assert_eq!(comments, 3, "nothing was added or removed");
}

#[tokio::test]
async fn readers_get_no_cookie_and_cannot_pose_as_staff() {
    let dir = temp();
    add(&dir.path().join("solidarity.sqlite"), "Olga", "moderator");
    let server = Server::start(dir.path(), &["--org-name", "The LGF"]);
    let api = client()
        .get(server.at("/api/comments"))
        .send()
        .await
        .expect("get");
    assert!(api.headers().get("set-cookie").is_none());
    let posted = pending_comment(&server, "c1", "Lee").await;
    assert!(posted.headers().get("set-cookie").is_none());
    for (author, lang, words) in [
        ("the lgf", "en", "belongs to the organisation"),
        ("\u{0422}he LGF", "ru", "принадлежит организации"),
        ("\u{041E}lg\u{0430}", "en", "belongs to the organisation"),
    ] {
        let response = client()
            .post(server.at("/api/comments"))
            .json(&serde_json::json!({"author": author, "body": "hello", "lang": lang}))
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 422, "{author}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert!(
            body["error"].as_str().unwrap_or("").contains(words),
            "{body}"
        );
    }
    let comments = count(&server.db, "SELECT COUNT(*) FROM comments");
    assert_eq!(comments, 4, "only Lee's comment was stored");
}
