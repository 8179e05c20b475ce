//! `fetch` through web-sys directly (no gloo-net): one request with its headers and body,
//! aborted by an `AbortController` after a timeout, answered with status, `Retry-After`
//! and body text.

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
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let controller = web_sys::AbortController::new().map_err(|_| ApiError::Network)?;
    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
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
    let classify = |_| {
        if timed_out.get() {
            ApiError::Timeout
        } else {
            ApiError::Network
        }
    };
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(classify)?
        .unchecked_into();
    let status = response.status();
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let text = response.text().map_err(|_| ApiError::Network)?;
    let body = JsFuture::from(text).await.map_err(classify)?;
    Ok(Answer {
        status,
        body: body.as_string().unwrap_or_default(),
        retry_after,
    })
}
