//! Form posts to `POST /api/messages` that go wrong: validation pages in the reader's
//! language, idempotency conflicts, the shared rate limit, and 415 for other types.

mod common;

use common::form::{
    back_link, exported, page, post_form, valid_form, NOTHING_SENT_EN, NOTHING_SENT_RU,
};
use common::{body, client, message, post_json, temp, Server};

#[tokio::test]
async fn a_missing_message_answers_the_validation_page_and_stores_nothing() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let fields = [("name", "Алёна"), ("lang", "ru"), ("return_to", "/ru/")];
    let (status, html) = page(post_form(&server, &fields).await).await;
    assert_eq!(status, 422);
    assert!(html.contains("<html lang=\"ru\">"), "{html}");
    assert!(html.contains("<h1>Сообщение не отправлено</h1>"), "{html}");
    // Every problem is listed, not only the first.
    assert!(
        html.contains("<li>Напишите, пожалуйста, сообщение.</li>"),
        "{html}"
    );
    assert!(html.contains("согласие"), "{html}");
    assert!(html.contains(NOTHING_SENT_RU), "{html}");
    assert!(
        html.contains(&back_link("/ru/", "Вернуться на страницу")),
        "{html}"
    );

    let fields = [("name", "Lee"), ("consent", "on"), ("message", " ")];
    let (status, html) = page(post_form(&server, &fields).await).await;
    assert_eq!(status, 422);
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("<li>Please write a message.</li>"), "{html}");
    assert!(html.contains(NOTHING_SENT_EN), "{html}");

    // The same limits as JSON; an unknown lang is refused and answered in English.
    let long = "я".repeat(2001);
    let mut fields = valid_form("fr", "/");
    fields.push(("message", &long));
    let (status, html) = page(post_form(&server, &fields).await).await;
    assert_eq!(status, 422);
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("shorten this to 2000 characters"), "{html}");
    assert!(html.contains("language was not recognised"), "{html}");

    // Form data that is not UTF-8 cannot be read.
    let response = client()
        .post(server.at("/api/messages"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("name=%FF&message=m&consent=on")
        .send()
        .await
        .expect("post");
    assert_eq!(page(response).await.0, 400);
    assert!(exported(&server).is_empty(), "nothing invalid was stored");
}

#[tokio::test]
async fn form_posts_follow_the_idempotency_rules() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let mut fields = valid_form("ru", "/");
    fields.push(("id", "form-1"));
    for _ in 0..2 {
        assert_eq!(page(post_form(&server, &fields).await).await.0, 201);
    }
    fields[1] = ("message", "another text");
    let (status, html) = page(post_form(&server, &fields).await).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("уже было отправлено другое сообщение"),
        "{html}"
    );
    assert!(html.contains(NOTHING_SENT_RU), "{html}");
    assert_eq!(
        exported(&server).len(),
        1,
        "one row for two identical posts"
    );
}

#[tokio::test]
async fn form_posts_count_toward_the_rate_limit() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--rate-per-minute", "1", "--rate-burst", "2"]);
    let url = server.at("/api/messages");
    assert_eq!(
        post_json(&client(), &url, "j-1", &message("j-1"))
            .await
            .status(),
        201
    );
    assert_eq!(
        page(post_form(&server, &valid_form("en", "/")).await)
            .await
            .0,
        201
    );

    let response = post_form(&server, &valid_form("ru", "/ru/")).await;
    let retry_after: u64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("numeric Retry-After");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let (status, html) = page(response).await;
    assert_eq!(status, 429);
    assert!(html.contains("<html lang=\"ru\">"), "{html}");
    assert!(
        html.contains("Подождите") && html.contains("отправьте ещё раз"),
        "{html}"
    );
    assert!(
        html.contains(&back_link("/ru/", "Вернуться на страницу")),
        "{html}"
    );

    let (status, html) = page(post_form(&server, &valid_form("en", "/")).await).await;
    assert_eq!(status, 429);
    assert!(
        html.contains("Please wait") && html.contains("try again"),
        "{html}"
    );

    // JSON posts are limited by the same bucket and still answer JSON.
    let response = post_json(&client(), &url, "j-2", &message("j-2")).await;
    assert_eq!(response.status(), 429);
    assert!(body(response).await["error"].is_string());
    assert_eq!(exported(&server).len(), 2);
}

#[tokio::test]
async fn other_content_types_are_still_refused_with_415() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let form = "name=Lee&message=m&consent=on";
    for content_type in [
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded; charset=windows-1251",
    ] {
        let response = client()
            .post(server.at("/api/messages"))
            .header("Content-Type", content_type)
            .body(form)
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 415, "{content_type}");
        assert!(body(response).await["error"].is_string(), "{content_type}");
    }
    // Comments take JSON only.
    let response = client()
        .post(server.at("/api/comments"))
        .form(&[("author", "Lee"), ("body", "hi")])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 415);
    assert!(body(response).await["error"].is_string());
    assert!(exported(&server).is_empty());
}
