//! The HTML pages that answer form posts: plain markup with no scripts, no styles and no
//! external resources, a strict `Content-Security-Policy`, and every value that came
//! with the request escaped.

use super::describe;
use crate::routes::ApiError;
use crate::validate::Rule;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Longest `return_to` used as the back link, in characters.
pub const RETURN_TO_MAX: usize = 2048;

/// The policy of every answer page: nothing may load, and it has no forms.
const CSP: &str = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The language of an answer page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
}

impl Lang {
    /// `ru` is Russian; anything else (or nothing) is English.
    pub fn from_code(code: Option<&str>) -> Self {
        match code {
            Some("ru") => Self::Ru,
            _ => Self::En,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ru => "ru",
        }
    }

    fn texts(self) -> &'static Texts {
        match self {
            Self::En => &EN,
            Self::Ru => &RU,
        }
    }

    /// `forms[0]`, `[1]` or `[2]` (one, few, many) for `n`, with `{n}` filled in.
    pub fn plural(self, n: usize, forms: [&str; 3]) -> String {
        let form = match self {
            Self::En if n == 1 => forms[0],
            Self::En => forms[1],
            Self::Ru if n % 10 == 1 && n % 100 != 11 => forms[0],
            Self::Ru if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) => forms[1],
            Self::Ru => forms[2],
        };
        form.replace("{n}", &n.to_string())
    }
}

struct Texts {
    received: &'static str,
    not_sent: &'static str,
    nothing_sent: &'static str,
    back: &'static str,
    too_many: &'static str,
    wait: &'static str,
    seconds: [&'static str; 3],
    server_failed: &'static str,
    unreadable: &'static str,
}

const EN: Texts = Texts {
    received: "Thank you — your message was received",
    not_sent: "Your message was not sent",
    nothing_sent: "Nothing was sent. Go back to correct it; your text is still in the form.",
    back: "Back to the page",
    too_many: "Too many messages in a short time",
    wait: "Nothing was sent: too many messages came from your connection in a short time. \
           Please wait {wait} and try again: go back, and your text is still in the form.",
    seconds: ["{n} second", "{n} seconds", "{n} seconds"],
    server_failed: "Nothing was sent: the server could not store your message. Please try \
                    again in a few minutes: go back, and your text is still in the form.",
    unreadable: "Nothing was sent: the server could not read the form. Please go back and \
                 try again.",
};

const RU: Texts = Texts {
    received: "Спасибо! Ваше сообщение получено",
    not_sent: "Сообщение не отправлено",
    nothing_sent: "Ничего не отправлено. Вернитесь на страницу и исправьте ошибки — ваш текст \
                   сохранился в форме.",
    back: "Вернуться на страницу",
    too_many: "Слишком много сообщений за короткое время",
    wait: "Ничего не отправлено: с вашего подключения за короткое время поступило слишком много \
           сообщений. Подождите {wait}, затем вернитесь на страницу и отправьте ещё раз — ваш \
           текст сохранился в форме.",
    seconds: ["{n} секунду", "{n} секунды", "{n} секунд"],
    server_failed: "Ничего не отправлено: сервер не смог сохранить сообщение. Вернитесь на \
                    страницу и попробуйте ещё раз через несколько минут — ваш текст сохранился \
                    в форме.",
    unreadable: "Ничего не отправлено: сервер не смог прочитать форму. Вернитесь на страницу \
                 и попробуйте ещё раз.",
};

/// Escapes text for HTML content and double- or single-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// `return_to` when it is a same-site path — starts with one `/` (not `//`), has no
/// backslash and no control characters, at most [`RETURN_TO_MAX`] characters — else `/`.
pub fn safe_return(return_to: Option<&str>) -> &str {
    match return_to {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control)
                && path.chars().count() <= RETURN_TO_MAX =>
        {
            path
        }
        _ => "/",
    }
}

/// 201: the message was stored.
pub fn received(lang: Lang, back: &str) -> Response {
    let texts = lang.texts();
    let body = format!("<h1>{}</h1>\n", escape(texts.received));
    render(StatusCode::CREATED, lang, texts.received, &body, back)
}

/// The problems of a form that failed validation, each in the reader's language.
pub fn invalid(lang: Lang, back: &str, status: StatusCode, problems: &[(&str, Rule)]) -> Response {
    let texts = lang.texts();
    let mut body = format!("<h1>{}</h1>\n<ul>\n", escape(texts.not_sent));
    for &(field, rule) in problems {
        body.push_str(&format!(
            "<li>{}</li>\n",
            escape(&describe(lang, field, rule))
        ));
    }
    body.push_str(&format!("</ul>\n<p>{}</p>\n", escape(texts.nothing_sent)));
    render(status, lang, texts.not_sent, &body, back)
}

/// The page for any other error: a validation-style page when a field is at fault,
/// else a sentence for a server failure or an unreadable form.
pub fn failed(lang: Lang, back: &str, error: &ApiError) -> Response {
    if let (Some(field), Some(rule)) = (error.field(), error.rule()) {
        return invalid(lang, back, error.status(), &[(field, rule)]);
    }
    let texts = lang.texts();
    let sentence = if error.status().is_server_error() {
        texts.server_failed
    } else {
        texts.unreadable
    };
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        escape(texts.not_sent),
        escape(sentence)
    );
    render(error.status(), lang, texts.not_sent, &body, back)
}

/// 429 with `Retry-After`: wait, then try again.
pub fn too_many(lang: Lang, back: &str, retry_after: u64) -> Response {
    let texts = lang.texts();
    let seconds = usize::try_from(retry_after).unwrap_or(usize::MAX);
    let wait = texts
        .wait
        .replace("{wait}", &lang.plural(seconds, texts.seconds));
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        escape(texts.too_many),
        escape(&wait)
    );
    let mut response = render(
        StatusCode::TOO_MANY_REQUESTS,
        lang,
        texts.too_many,
        &body,
        back,
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}

/// A whole page: `main` holds `body` (already escaped) and the back link to `back`.
pub(super) fn render(
    status: StatusCode,
    lang: Lang,
    title: &str,
    body: &str,
    back: &str,
) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n</head>\n\
         <body>\n<main>\n{body}<p><a href=\"{back}\">{link}</a></p>\n</main>\n</body>\n</html>\n",
        code = lang.code(),
        title = escape(title),
        back = escape(back),
        link = escape(lang.texts().back),
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        html,
    )
        .into_response()
}
