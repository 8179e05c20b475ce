//! Plain HTML form posts to `POST /api/messages` (`application/x-www-form-urlencoded`),
//! so the prerendered page works without JavaScript.
//!
//! The form becomes the same object the page's JSON would be, and goes through the same
//! validation, idempotency and storage; the answer is a small HTML page in the form's
//! language (see [`page`]) that the browser shows directly.

mod page;
mod problems;
mod refusals;
#[cfg(test)]
mod tests;

pub use page::{escape, safe_return, Lang, RETURN_TO_MAX};
pub use problems::describe;

use super::{messages, read_body, ApiError, AppState, MAX_BODY_BYTES};
use crate::validate;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

/// A decoded form post.
#[derive(Debug)]
pub struct FormPost {
    /// The message fields as the JSON path would see them.
    pub object: Map<String, Value>,
    /// The language of the answer page: the form's `lang`, English unless it is `ru`.
    pub lang: Lang,
    /// The answer page's back link: `return_to` when it is a safe same-site path, else `/`.
    pub back: String,
}

/// Decodes an `application/x-www-form-urlencoded` body into name/value pairs: `+` is a
/// space, `%XX` a byte, a `%` without two hex digits stays as it is. `None` when a
/// decoded name or value is not UTF-8.
pub fn decode(body: &[u8]) -> Option<Vec<(String, String)>> {
    body.split(|&byte| byte == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let mut halves = pair.splitn(2, |&byte| byte == b'=');
            let name = halves.next().unwrap_or_default();
            let value = halves.next().unwrap_or_default();
            Some((decode_component(name)?, decode_component(value)?))
        })
        .collect()
}

fn decode_component(raw: &[u8]) -> Option<String> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&byte| if byte == b'+' { b' ' } else { byte })
        .collect();
    percent_encoding::percent_decode(&spaced)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// Turns decoded pairs into the message object, the page language and the back link.
///
/// `name`, `email`, `location`, `message`, `lang` and `id` pass as strings (an empty `id`
/// means "make one", as in JSON); `consent` is `true` when its value is `true` or `on`
/// (a ticked checkbox) and `false` otherwise; an empty `created_at` counts as absent.
/// Any other field is ignored, as unknown JSON fields are (a filled honeypot such as
/// `bot-field` is dealt with before, in [`create`]). When a name repeats, the last value wins.
pub fn read(pairs: Vec<(String, String)>) -> FormPost {
    let mut object = Map::new();
    let mut return_to = None;
    for (field, value) in pairs {
        match field.as_str() {
            "name" | "email" | "location" | "message" | "lang" | "id" => {
                object.insert(field, Value::String(value));
            }
            "consent" => {
                let ticked = ["true", "on"]
                    .iter()
                    .any(|yes| value.eq_ignore_ascii_case(yes));
                object.insert(field, Value::Bool(ticked));
            }
            "created_at" if value.trim().is_empty() => {
                object.remove("created_at");
            }
            "created_at" => {
                object.insert(field, Value::String(value));
            }
            "return_to" => return_to = Some(value),
            _ => {}
        }
    }
    FormPost {
        lang: Lang::from_code(object.get("lang").and_then(Value::as_str)),
        back: safe_return(return_to.as_deref()).to_owned(),
        object,
    }
}

/// Handles a form post to `/api/messages`: the same checks and storage as JSON, answered
/// with an HTML page (201 received, 422/400 with the problems, 413/5xx failed).
pub async fn create(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let pairs = read_body(body).and_then(|bytes| {
        decode(&bytes).ok_or_else(|| {
            ApiError::new(StatusCode::BAD_REQUEST, "the form data is not valid UTF-8")
        })
    });
    let pairs = match pairs {
        Ok(pairs) => pairs,
        // The form's own `lang` is in the body that could not be read: ask the browser.
        Err(error) => {
            let lang = super::error_lang::choose(None, headers);
            let back = if lang == Lang::Ru { "/ru/" } else { "/" };
            return page::failed(lang, back, &error);
        }
    };
    let bot = crate::abuse::honeypot::filled_form(&pairs);
    let post = read(pairs);
    if bot {
        // A filled honeypot: thank the bot as if it were a person, store nothing.
        return page::received(post.lang, &post.back);
    }
    let mut message = match validate::message_problems(&post.object) {
        Ok(message) => message,
        Err(problems) => {
            let problems: Vec<_> = problems.iter().map(|p| (p.field, p.rule)).collect();
            return page::invalid(
                post.lang,
                &post.back,
                StatusCode::UNPROCESSABLE_ENTITY,
                &problems,
            );
        }
    };
    if message.id.is_none() {
        // No id (the prerendered form has none): the payload names the message, so a
        // resubmission of the same form is the same message, not a second one.
        let fingerprint = validate::fingerprint(&message);
        message.id = Some(format!(
            "form-{}",
            &fingerprint[..fingerprint.len().min(40)]
        ));
    }
    match messages::save(state, headers, message).await {
        Ok(_) => page::received(post.lang, &post.back),
        Err(error) => page::failed(post.lang, &post.back, &error),
    }
}

/// The 408 page for a form post the request timeout cut off, in the language that
/// `Accept-Language` prefers between Russian and English.
pub fn timed_out(headers: &HeaderMap) -> Response {
    let russian = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .is_some_and(|first| first.trim().to_ascii_lowercase().starts_with("ru"));
    refusals::timed_out(if russian { Lang::Ru } else { Lang::En })
}

/// The page for a form post the abuse defences refused, in the form's language (read
/// from the body, which is at most [`MAX_BODY_BYTES`]), with `Retry-After` if any.
pub async fn refused(request: Request, refusal: crate::abuse::Refusal) -> Response {
    let body = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
        .await
        .unwrap_or_default();
    let post = read(decode(&body).unwrap_or_default());
    refusals::page(post.lang, &post.back, refusal)
}
