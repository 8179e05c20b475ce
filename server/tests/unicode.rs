//! Hostile Unicode against the real binary: refused with a 422 naming the field (or a
//! page in the form's language), nothing stored; normalised where that is kinder; and
//! `moderate list` shows exactly what a comment says.

mod common;

use common::db::{execute, quote};
use common::form::post_form;
use common::{body, client, message, post_json, temp, tool, Server};
use serde_json::{json, Value};

fn exported(server: &Server) -> Vec<Value> {
    serde_json::from_slice(&tool(&server.db, &["export", "--format", "json"]).stdout)
        .expect("json export")
}

#[tokio::test]
async fn bidi_zero_width_tag_and_lone_cr_are_refused_and_nothing_is_stored() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let client = client();
    let cases = [
        ("name", json!("The \u{202E}FGL"), "direction"),
        ("name", json!("\u{2067}Выход\u{2069}"), "direction"),
        ("name", json!("\u{3164}"), "letter or a digit"),
        ("location", json!("Моск\u{200B}ва"), "invisible"),
        ("message", json!("hi\u{E0041}\u{E0042}"), "invisible"),
        (
            "message",
            json!("Wire money to t.me/x\r          Thank you!"),
            "carriage return",
        ),
        (
            "message",
            json!(format!("Z{}algo", "\u{336}".repeat(12))),
            "accents",
        ),
    ];
    for (n, (field, value, words)) in cases.into_iter().enumerate() {
        let mut sent = message(&format!("bad-{n}"));
        sent[field] = value.clone();
        sent["lang"] = json!("en");
        let response = post_json(
            &client,
            &server.at("/api/messages"),
            &format!("bad-{n}"),
            &sent,
        )
        .await;
        assert_eq!(response.status(), 422, "{field}: {value}");
        let answer = body(response).await;
        assert_eq!(answer["field"], field, "{answer}");
        assert!(
            answer["error"].as_str().is_some_and(|e| e.contains(words)),
            "{answer}"
        );
    }
    // A Russian reader is told in Russian, with the page's label for the field.
    let mut sent = message("bad-ru");
    sent["name"] = json!("Лев\u{202E}");
    let answer = body(post_json(&client, &server.at("/api/messages"), "bad-ru", &sent).await).await;
    assert_eq!(answer["field"], "name");
    assert_eq!(
        answer["error"],
        "Имя: уберите, пожалуйста, невидимые символы и символы смены направления текста \
         (ими можно замаскировать написанное)."
    );
    // Comments too.
    let comment = json!({"author": "Lee\u{200B}", "body": "hello", "lang": "en"});
    let response = post_json(&client, &server.at("/api/comments"), "c-bad", &comment).await;
    assert_eq!(response.status(), 422);
    assert_eq!(body(response).await["field"], "author");
    assert!(exported(&server).is_empty());
}

#[tokio::test]
async fn kind_normalisation_crlf_nfc_and_the_rainbow_flag() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let mut sent = message("ok-1");
    sent["name"] = json!("Але\u{308}на 🏳️‍🌈");
    sent["message"] = json!("строка один\r\nстрока два 🏳️‍⚧️");
    let response = post_json(&client(), &server.at("/api/messages"), "ok-1", &sent).await;
    assert_eq!(response.status(), 201);
    let rows = exported(&server);
    assert_eq!(rows[0]["name"], "Алёна 🏳️‍🌈");
    assert_eq!(rows[0]["message"], "строка один\nстрока два 🏳️‍⚧️");
}

#[tokio::test]
async fn a_form_post_is_told_in_russian() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let response = post_form(
        &server,
        &[
            ("name", "Лев\u{202E}"),
            ("message", "Мы с вами"),
            ("consent", "on"),
            ("lang", "ru"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let text = response.text().await.expect("page");
    assert!(
        text.contains("Имя: уберите, пожалуйста, невидимые символы"),
        "{text}"
    );
    assert!(exported(&server).is_empty());
}

#[tokio::test]
async fn moderate_list_shows_a_carriage_return_instead_of_obeying_it() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--moderation", "pre"]);
    // Stored before this policy existed (or by any other route): written to the file.
    let body = quote("Wire help to t.me/x\r                    Thank you!\n\u{1b}[2Jcleared");
    execute(
        &server.db,
        &format!(
            "INSERT INTO comments (id, idem_key, fingerprint, author, body, lang, status, created_at)
             VALUES ('p-1', 'p-1', 'x', 'The\u{202E}FGL', {body}, 'en', 'pending', '2026-12-01T09:00:00Z')"
        ),
    );
    let listed = String::from_utf8(tool(&server.db, &["moderate", "list"]).stdout).expect("utf-8");
    assert!(!listed.contains('\r') && !listed.contains('\u{1b}') && !listed.contains('\u{202E}'));
    assert!(listed.contains("The\\u{202E}FGL"), "{listed}");
    assert!(
        listed.contains("    Wire help to t.me/x\\r                    Thank you!"),
        "{listed}"
    );
    assert!(listed.contains("    \\u{001B}[2Jcleared"), "{listed}");
}
