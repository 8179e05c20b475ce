//! `fetch` through web-sys directly (no gloo-net): one request with its headers and body,
//! aborted by an `AbortController` after a timeout, answered with status, `Retry-After`
//! and body text. A request can be started before anyone awaits it ([`start`]).

use super::{Answer, ApiError};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Sends one request; a network failure and the timeout are told apart.
pub(super) async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    timeout_ms: u32,
) -> Result<Answer, ApiError> {
    start(method, url, headers, body, timeout_ms)?
        .answer()
        .await
}

/// A request on its way: sent by [`start`], its answer read by [`Pending::answer`]. The
/// timeout runs from the start, and dropping it aborts nothing.
pub(super) struct Pending {
    response: js_sys::Promise,
    timed_out: Rc<Cell<bool>>,
    _timer: gloo_timers::callback::Timeout,
}

/// Sends one request now (`fetch` is called before this returns), aborted by an
/// `AbortController` after `timeout_ms`.
pub(super) fn start(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    timeout_ms: u32,
) -> Result<Pending, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let controller = web_sys::AbortController::new().map_err(|_| ApiError::Network)?;
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        gloo_timers::callback::Timeout::new(timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let header_list = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
    for (name, value) in headers {
        header_list
            .set(name, value)
            .map_err(|_| ApiError::Network)?;
    }
    init.set_headers(&header_list);
    if let Some(body) = body {
        init.set_body(&body.into());
    }
    init.set_signal(Some(&controller.signal()));
    Ok(Pending {
        response: window.fetch_with_str_and_init(url, &init),
        timed_out,
        _timer: timer,
    })
}

impl Pending {
    /// The answer: status, `Retry-After` and the body.
    pub(super) async fn answer(self) -> Result<Answer, ApiError> {
        let timed_out = self.timed_out.clone();
        let classify = |_| {
            if timed_out.get() {
                ApiError::Timeout
            } else {
                ApiError::Network
            }
        };
        let response: web_sys::Response = JsFuture::from(self.response)
            .await
            .map_err(classify)?
            .unchecked_into();
        let status = response.status();
        let retry_after = response.headers().get("retry-after").ok().flatten();
        // The body's bytes, decoded here: `text()` would decode them into a JavaScript
        // string that crossing into Rust encodes back to UTF-8 (twice 3.7 MB for a large
        // thread).
        let bytes = response.array_buffer().map_err(|_| ApiError::Network)?;
        let bytes = JsFuture::from(bytes).await.map_err(classify)?;
        Ok(Answer {
            status,
            body: decode_utf8(js_sys::Uint8Array::new(&bytes).to_vec()),
            retry_after,
        })
    }
}

/// Bytes as `Response.text()` decodes them: UTF-8, a leading byte order mark dropped,
/// anything invalid replaced by U+FFFD.
fn decode_utf8(bytes: Vec<u8>) -> String {
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::decode_utf8;

    #[test]
    fn bodies_decode_as_response_text_does() {
        assert_eq!(decode_utf8("привет 😀".into()), "привет 😀");
        assert_eq!(decode_utf8(b"\xef\xbb\xbf{\"a\":1}".to_vec()), r#"{"a":1}"#);
        assert_eq!(
            decode_utf8(b"a\xffb\xe2\x82".to_vec()),
            "a\u{fffd}b\u{fffd}"
        );
        // Only a leading mark is dropped.
        assert_eq!(decode_utf8("x\u{feff}".into()), "x\u{feff}");
        assert_eq!(decode_utf8(Vec::new()), "");
    }
}
