//! The pages for form posts the abuse defences refused (see `crate::abuse::Refusal`),
//! in the form's language; nothing was stored for any of them.

use super::page::{escape, render, too_many, Lang};
use crate::abuse::Refusal;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;

struct Texts {
    title: &'static str,
    cross_site: &'static str,
    busy_title: &'static str,
    busy: &'static str,
    seconds: [&'static str; 3],
    disk_full: &'static str,
    pow: &'static str,
    timeout: &'static str,
}

const EN: Texts = Texts {
    title: "Your message was not sent",
    cross_site: "Nothing was sent: this form was sent from another website, which may not \
                 post messages here. Please write to us on our own page.",
    busy_title: "Too many messages are arriving right now",
    busy: "Nothing was sent: the server is receiving too many messages at the moment. \
           Please wait {wait} and try again: go back, and your text is still in the form.",
    seconds: ["{n} second", "{n} seconds", "{n} seconds"],
    disk_full: "Nothing was sent: the server is running out of storage space. Please try \
                again later: go back, and your text is still in the form.",
    pow: "Nothing was sent: against spam, this page asks your browser to do a short \
          calculation, and that needs JavaScript. Please turn JavaScript on for this page \
          and try again: go back, and your text is still in the form.",
    timeout: "The server took too long to answer, so your message may or may not have \
              arrived. Sending the same form again is safe: it will not be stored twice.",
};

const RU: Texts = Texts {
    title: "Сообщение не отправлено",
    cross_site: "Ничего не отправлено: форма пришла с другого сайта, которому нельзя \
                 отправлять сюда сообщения. Напишите нам, пожалуйста, на нашей странице.",
    busy_title: "Сейчас приходит слишком много сообщений",
    busy: "Ничего не отправлено: сейчас на сервер приходит слишком много сообщений. \
           Подождите {wait}, затем вернитесь на страницу и отправьте ещё раз — ваш текст \
           сохранился в форме.",
    seconds: ["{n} секунду", "{n} секунды", "{n} секунд"],
    disk_full: "Ничего не отправлено: на сервере заканчивается место. Вернитесь на страницу \
                и попробуйте ещё раз позже — ваш текст сохранился в форме.",
    pow: "Ничего не отправлено: для защиты от спама эта страница просит браузер выполнить \
          короткое вычисление, а для этого нужен JavaScript. Включите JavaScript для этой \
          страницы, вернитесь на неё и отправьте ещё раз — ваш текст сохранился в форме.",
    timeout: "Сервер слишком долго не отвечал, поэтому неизвестно, дошло ли ваше сообщение. \
              Отправить ту же форму ещё раз безопасно: дважды она не сохранится.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
    }
}

/// The 408 page for a form post that timed out (its language from `Accept-Language`:
/// the body is gone by then). The message may have been stored; resending is safe.
pub fn timed_out(lang: Lang) -> Response {
    let texts = texts(lang);
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        escape(texts.title),
        escape(texts.timeout)
    );
    render(StatusCode::REQUEST_TIMEOUT, lang, texts.title, &body, "/")
}

/// The page for `refusal`, with its status (and `Retry-After` where there is one).
pub fn page(lang: Lang, back: &str, refusal: Refusal) -> Response {
    let texts = texts(lang);
    let simple = |status, sentence: &str| {
        let body = format!(
            "<h1>{}</h1>\n<p>{}</p>\n",
            escape(texts.title),
            escape(sentence)
        );
        render(status, lang, texts.title, &body, back)
    };
    let (status, retry_after) = match refusal {
        Refusal::TooMany { retry_after } => return too_many(lang, back, retry_after),
        Refusal::CrossSite => return simple(StatusCode::FORBIDDEN, texts.cross_site),
        Refusal::DiskFull => return simple(StatusCode::INSUFFICIENT_STORAGE, texts.disk_full),
        Refusal::Pow(_) => return simple(StatusCode::PRECONDITION_REQUIRED, texts.pow),
        Refusal::Busy { retry_after } => (StatusCode::TOO_MANY_REQUESTS, retry_after),
        Refusal::QueueFull { retry_after } => (StatusCode::SERVICE_UNAVAILABLE, retry_after),
    };
    let seconds = usize::try_from(retry_after).unwrap_or(usize::MAX);
    let sentence = texts
        .busy
        .replace("{wait}", &lang.plural(seconds, texts.seconds));
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        escape(texts.busy_title),
        escape(&sentence)
    );
    let mut response = render(status, lang, texts.busy_title, &body, back);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_both_languages() {
        for texts in [&EN, &RU] {
            for text in [
                texts.title,
                texts.cross_site,
                texts.busy_title,
                texts.busy,
                texts.disk_full,
                texts.pow,
            ] {
                assert!(!text.trim().is_empty());
            }
        }
        for text in [
            RU.title,
            RU.cross_site,
            RU.busy,
            RU.disk_full,
            RU.pow,
            RU.timeout,
        ] {
            assert!(text.chars().any(|c| ('а'..='я').contains(&c)), "{text}");
        }
        assert_eq!(timed_out(Lang::Ru).status(), StatusCode::REQUEST_TIMEOUT);
        let refusals = [
            (Refusal::CrossSite, 403),
            (Refusal::Busy { retry_after: 3 }, 429),
            (Refusal::QueueFull { retry_after: 1 }, 503),
            (Refusal::DiskFull, 507),
            (Refusal::Pow(crate::abuse::pow::Refused::Missing), 428),
        ];
        for (refusal, status) in refusals {
            for lang in [Lang::En, Lang::Ru] {
                assert_eq!(page(lang, "/", refusal).status().as_u16(), status);
            }
        }
    }
}
