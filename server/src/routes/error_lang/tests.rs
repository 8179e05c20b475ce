use super::*;
use axum::http::HeaderValue;

fn asking(value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::ACCEPT_LANGUAGE,
        HeaderValue::from_str(value).expect("header"),
    );
    headers
}

#[test]
fn the_body_wins_then_accept_language_then_english() {
    assert_eq!(choose(Some(Lang::Ru), &asking("en")), Lang::Ru);
    assert_eq!(choose(Some(Lang::En), &asking("ru")), Lang::En);
    assert_eq!(choose(None, &asking("ru-RU,ru;q=0.9,en;q=0.8")), Lang::Ru);
    assert_eq!(choose(None, &asking("de-DE,de;q=0.9")), Lang::En);
    assert_eq!(choose(None, &HeaderMap::new()), Lang::En);
}

#[test]
fn accept_language_is_ranked_by_quality() {
    assert_eq!(from_accept_language("en;q=0.3, ru;q=0.7"), Some(Lang::Ru));
    assert_eq!(
        from_accept_language("de, en-GB;q=0.8, ru;q=0.5"),
        Some(Lang::En)
    );
    assert_eq!(from_accept_language("ru;q=0, en;q=0.1"), Some(Lang::En));
    assert_eq!(from_accept_language("ru_RU"), Some(Lang::Ru));
    assert_eq!(from_accept_language("fr, *;q=0.1"), None);
    assert_eq!(from_accept_language("ru;q=bad"), None);
}

#[test]
fn only_en_and_ru_count_in_the_body() {
    assert_eq!(from_body(Some("ru")), Some(Lang::Ru));
    assert_eq!(from_body(Some("en")), Some(Lang::En));
    assert_eq!(from_body(Some("de")), None);
    assert_eq!(from_body(None), None);
}

#[test]
fn every_sentence_has_russian_and_unknown_ones_fall_back_per_status() {
    let busy = russian(
        StatusCode::SERVICE_UNAVAILABLE,
        "the server is busy, please try again shortly",
    );
    assert!(busy.starts_with("Сервер сейчас перегружен"), "{busy}");
    let large = russian(
        StatusCode::PAYLOAD_TOO_LARGE,
        "request body is larger than 65536 bytes",
    );
    assert_eq!(
        large,
        "Запрос слишком большой: сервер принимает не больше 64\u{a0}КБ."
    );
    assert_eq!(
        russian(StatusCode::TOO_MANY_REQUESTS, "something new"),
        for_status(StatusCode::TOO_MANY_REQUESTS)
    );
    for code in [400, 404, 405, 408, 413, 415, 422, 428, 429, 500, 503, 507] {
        let status = StatusCode::from_u16(code).expect("status");
        let text = for_status(status);
        assert!(text.ends_with('.'), "{code}: {text}");
        assert!(
            !text.chars().any(|c| c.is_ascii_alphabetic()),
            "{code}: {text}"
        );
    }
}
