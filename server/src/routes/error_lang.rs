//! The language of the API's JSON errors: the body's `lang`, else `Accept-Language`,
//! else English. Handlers word every error in English (for developers and logs) and
//! carry a Russian sentence beside it ([`Russian`]); [`super::json_errors`] picks the one
//! the reader asked for, says which in the body's `"lang"` and in `Content-Language`.

use super::form::Lang;
use super::MAX_BODY_BYTES;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// The Russian wording of an error answer, kept beside the English body until the
/// answer's language is known.
#[derive(Clone, Debug)]
pub struct Russian(pub String);

/// The language named by the request body's `lang` (only `en` and `ru` count), set on
/// the answer by handlers that read the body.
#[derive(Clone, Copy, Debug)]
pub struct BodyLang(pub Lang);

/// The answer to a request whose body named `lang`: errors from here on are in it.
pub fn tag(answer: Result<Response, super::ApiError>, lang: Option<Lang>) -> Response {
    let mut response = match answer {
        Ok(response) => response,
        Err(error) => error.in_lang(lang).into_response(),
    };
    if let Some(lang) = lang {
        response.extensions_mut().insert(BodyLang(lang));
    }
    response
}

/// `en` or `ru` as a language; anything else is none.
pub fn from_body(code: Option<&str>) -> Option<Lang> {
    match code.map(str::trim) {
        Some("en") => Some(Lang::En),
        Some("ru") => Some(Lang::Ru),
        _ => None,
    }
}

/// English or Russian, whichever `Accept-Language` ranks higher (by `q`, then order);
/// `None` when it names neither.
pub fn from_accept_language(value: &str) -> Option<Lang> {
    let mut best: Option<(Lang, f32)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts
            .find_map(|param| param.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
            .unwrap_or(0.0);
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        let lang = match primary {
            "ru" => Lang::Ru,
            "en" => Lang::En,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(_, top)| q > top) {
            best = Some((lang, q));
        }
    }
    best.map(|(lang, _)| lang)
}

/// The answer's language: the body's, else the request's `Accept-Language`, else English.
pub fn choose(body: Option<Lang>, headers: &HeaderMap) -> Lang {
    body.or_else(|| {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .and_then(from_accept_language)
    })
    .unwrap_or(Lang::En)
}

/// The Russian for one of the API's English error sentences; one per status for any
/// sentence not listed (so no English ever reaches a Russian reader).
pub fn russian(status: StatusCode, english: &str) -> String {
    let known = match english {
        "the server is busy, please try again shortly" => {
            "Сервер сейчас перегружен. Попробуйте ещё раз через несколько секунд."
        }
        "the server is shutting down" => "Сервер перезапускается. Попробуйте ещё раз через минуту.",
        "the message could not be stored, please try again" => {
            "Сервер не смог сохранить сообщение. Попробуйте ещё раз."
        }
        "too many requests, please try again later" => {
            "С вашего подключения пришло слишком много запросов. Подождите немного и попробуйте \
             ещё раз."
        }
        "the server is receiving too many posts, please try again later" => {
            "Сервер сейчас получает слишком много сообщений. Попробуйте ещё раз чуть позже."
        }
        "the server is running out of storage space and cannot store posts now" => {
            "На сервере заканчивается место, и сейчас он не может сохранять сообщения."
        }
        "could not read the request body" => "Сервер не смог прочитать запрос. Попробуйте ещё раз.",
        "request body must be a JSON object" => {
            "Сервер не смог разобрать запрос. Обновите страницу и попробуйте ещё раз."
        }
        "no such API endpoint" => "Такого адреса в API нет.",
        "malformed query string" => "Сервер не смог разобрать параметры запроса.",
        "reading comments failed" => "Не удалось прочитать комментарии. Попробуйте ещё раз позже.",
        "reading messages failed" => "Не удалось прочитать сообщения. Попробуйте ещё раз позже.",
        "parent_id does not name a published comment" => {
            "Комментарий, на который вы отвечаете, не найден: возможно, его удалили."
        }
        "no published comment has that id" => "Такого опубликованного комментария нет.",
        _ => return by_prefix(status, english),
    };
    known.to_owned()
}

/// Sentences with a value in them, and the per-status fallback.
fn by_prefix(status: StatusCode, english: &str) -> String {
    if english.starts_with("posts from a page on another site") {
        "Сообщения со страниц других сайтов этот сервер не принимает.".to_owned()
    } else if english.starts_with("request body is larger than") {
        format!(
            "Запрос слишком большой: сервер принимает не больше {}\u{a0}КБ.",
            MAX_BODY_BYTES / 1024
        )
    } else if english.starts_with("Content-Type must be") {
        "Сервер не принимает данные в таком формате (нужен JSON в кодировке UTF-8).".to_owned()
    } else if english.starts_with("malformed JSON") {
        "Сервер не смог разобрать запрос. Обновите страницу и попробуйте ещё раз.".to_owned()
    } else if english.starts_with("proof of work") {
        "Не удалось пройти проверку на автоматическую отправку. Попробуйте ещё раз.".to_owned()
    } else {
        for_status(status).to_owned()
    }
}

/// One Russian sentence per status, for answers that carry no sentence of their own.
pub fn for_status(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Сервер не смог разобрать запрос.",
        403 => "Сервер отказал в доступе.",
        404 => "Не найдено.",
        405 => "Такой запрос здесь не поддерживается.",
        408 => "Сервер не дождался запроса целиком. Попробуйте ещё раз.",
        409 | 422 => "Сервер не принял данные. Проверьте, пожалуйста, поля формы.",
        413 => "Запрос слишком большой.",
        415 => "Сервер не принимает данные в таком формате.",
        428 => "Не удалось пройти проверку на автоматическую отправку. Попробуйте ещё раз.",
        429 => "Слишком много запросов. Подождите немного и попробуйте ещё раз.",
        503 => "Сервер временно недоступен. Попробуйте ещё раз через несколько минут.",
        500..=599 => "На сервере произошла ошибка. Попробуйте ещё раз позже.",
        _ => "Сервер отклонил запрос.",
    }
}

/// The English sentence per status, for answers that carry none (the old lowercase
/// reason phrase, kept so existing clients see what they saw before).
pub fn english_for_status(status: StatusCode) -> String {
    status.canonical_reason().unwrap_or("error").to_lowercase()
}

#[cfg(test)]
mod tests;
