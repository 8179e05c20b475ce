//! Helpers for the form-post tests: post as a browser does, check the answer page.

use super::{client, tool, Server};
use serde_json::Value;

pub const THANKS_RU: &str = "Спасибо! Ваше сообщение получено";
pub const THANKS_EN: &str = "Thank you — your message was received";
pub const NOTHING_SENT_RU: &str =
    "Ничего не отправлено. Вернитесь на страницу и исправьте ошибки — ваш текст сохранился в форме.";
pub const NOTHING_SENT_EN: &str =
    "Nothing was sent. Go back to correct it; your text is still in the form.";

/// POSTs `fields` the way a browser submits a form (`+` for spaces, UTF-8 percent-encoded).
pub async fn post_form(server: &Server, fields: &[(&str, &str)]) -> reqwest::Response {
    client()
        .post(server.at("/api/messages"))
        .form(fields)
        .send()
        .await
        .expect("form post")
}

/// Checks the headers of an answer page and returns its status and text.
pub async fn page(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let header = |name: &str| super::header(&response, name);
    assert_eq!(header("content-type"), "text/html; charset=utf-8");
    assert_eq!(
        header("content-security-policy"),
        "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    assert_eq!(header("referrer-policy"), "no-referrer");
    let text = response.text().await.expect("page text");
    for forbidden in [
        "<script", "style", "src=", "http:", "https:", "<link", "<form",
    ] {
        assert!(!text.contains(forbidden), "{forbidden} in {text}");
    }
    (status, text)
}

pub fn exported(server: &Server) -> Vec<Value> {
    let output = tool(&server.db, &["export", "--format", "json"]);
    serde_json::from_slice(&output.stdout).expect("json export")
}

pub fn back_link(href: &str, text: &str) -> String {
    format!("<a href=\"{href}\">{text}</a>")
}

pub fn valid_form<'a>(lang: &'a str, return_to: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", "Lee"),
        ("message", "Solidarity"),
        ("lang", lang),
        ("consent", "on"),
        ("return_to", return_to),
    ]
}
