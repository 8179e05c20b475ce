//! Proof of work, when a backend asks for it (the reference server's `--pow-difficulty`):
//! a 428 answer carries `{"pow": {"challenge", "difficulty"}}`; the page finds a solution
//! in a Web Worker (`pow-worker.js`, served next to the API), or, where no worker can
//! start (a partner page on another origin), on this thread with `crypto.subtle`,
//! yielding to the browser between hashes. Input is never blocked. The solution is bound
//! to the post's idempotency key, so the outbox's retries keep their id.

use super::OutgoingRequest;
use crate::json::{object, Number, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The hardest difficulty the page attempts.
const MAX_DIFFICULTY: u64 = 28;

/// A challenge from a 428 body: the challenge text and its difficulty in zero bits.
pub fn challenge(body: &str) -> Option<(String, u32)> {
    let value = crate::json::parse(body).ok()?;
    let pow = value.get("pow")?;
    let difficulty = pow.get("difficulty")?.as_u64()?;
    (difficulty <= MAX_DIFFICULTY).then_some(())?;
    Some((
        pow.get("challenge")?.as_str()?.to_owned(),
        difficulty as u32,
    ))
}

/// The key a solution is bound to: the `Idempotency-Key` header, else the body's `id`.
pub fn key(request: &OutgoingRequest) -> Option<String> {
    request
        .header("Idempotency-Key")
        .map(str::to_owned)
        .or_else(|| {
            let body = crate::json::parse(&request.body).ok()?;
            Some(body.get("id")?.as_str()?.to_owned())
        })
}

/// The same request with `"pow": {"challenge", "solution"}` added to its JSON body.
pub fn with_solution(
    request: &OutgoingRequest,
    challenge: &str,
    solution: &str,
) -> Option<OutgoingRequest> {
    let Value::Object(mut body) = crate::json::parse(&request.body).ok()? else {
        return None;
    };
    body.insert(
        "pow",
        object([
            ("challenge", challenge.into()),
            ("solution", solution.into()),
        ]),
    );
    Some(OutgoingRequest {
        body: Value::Object(body).to_json(),
        ..request.clone()
    })
}

/// The leading zero bits of a hash.
pub fn zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

/// The request to send again with a solution, when `body` (a 428 answer to `request`)
/// is a challenge this page can solve.
pub async fn answer(request: &OutgoingRequest, body: &str) -> Option<OutgoingRequest> {
    let (challenge, difficulty) = challenge(body)?;
    let key = key(request)?;
    let worker_url = crate::browser::absolute_url("/pow-worker.js", Some(&request.url));
    let solution = match in_worker(&worker_url, &challenge, &key, difficulty).await {
        Some(solution) => solution,
        None => on_this_thread(&challenge, &key, difficulty).await?,
    };
    with_solution(request, &challenge, &solution)
}

async fn in_worker(url: &str, challenge: &str, key: &str, difficulty: u32) -> Option<String> {
    let worker = web_sys::Worker::new(url).ok()?;
    let promise =
        js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
            let on_message = Closure::once_into_js(move |event: web_sys::MessageEvent| {
                let _ = resolve.call1(&JsValue::NULL, &event.data());
            });
            worker.set_onmessage(Some(on_message.unchecked_ref()));
            let on_error = Closure::once_into_js(move |_: JsValue| {
                let _ = reject.call0(&JsValue::NULL);
            });
            worker.set_onerror(Some(on_error.unchecked_ref()));
        });
    let task = object([
        ("challenge", challenge.into()),
        ("key", key.into()),
        (
            "difficulty",
            Value::Number(Number::from(u64::from(difficulty))),
        ),
    ]);
    worker
        .post_message(&JsValue::from_str(&task.to_json()))
        .ok()?;
    let result = JsFuture::from(promise).await;
    worker.terminate();
    result.ok()?.as_string()
}

async fn on_this_thread(challenge: &str, key: &str, difficulty: u32) -> Option<String> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    for n in 0u64..1 << (difficulty + 4) {
        let text = format!("{challenge}:{key}:{n}").into_bytes();
        let digest = subtle.digest_with_str_and_u8_array("SHA-256", &text).ok()?;
        let hash = js_sys::Uint8Array::new(&JsFuture::from(digest).await.ok()?).to_vec();
        if zero_bits(&hash) >= difficulty {
            return Some(n.to_string());
        }
        if n % 256 == 255 {
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: Vec<(String, String)>, body: &str) -> OutgoingRequest {
        OutgoingRequest {
            url: "https://example.org/api/messages".into(),
            headers,
            body: body.into(),
            success: Default::default(),
        }
    }

    #[test]
    fn reads_the_challenge_of_a_428() {
        let body = r#"{"error":"proof of work required","pow":{"challenge":"1.ab.cd","difficulty":16,"expires":9}}"#;
        assert_eq!(challenge(body), Some(("1.ab.cd".to_owned(), 16)));
        assert_eq!(challenge(r#"{"error":"x"}"#), None);
        assert_eq!(
            challenge(r#"{"pow":{"challenge":"c","difficulty":60}}"#),
            None,
            "too hard"
        );
    }

    #[test]
    fn the_solution_joins_the_body_and_keeps_the_key() {
        let sent = request(
            vec![("Idempotency-Key".into(), "k-1".into())],
            r#"{"id":"k-1","name":"A"}"#,
        );
        assert_eq!(key(&sent).as_deref(), Some("k-1"));
        let solved = with_solution(&sent, "c", "42").expect("json body");
        let body: serde_json::Value = serde_json::from_str(&solved.body).expect("json");
        assert_eq!(
            body["pow"],
            serde_json::json!({"challenge": "c", "solution": "42"})
        );
        assert_eq!(
            (body["id"].as_str(), solved.headers),
            (Some("k-1"), sent.headers)
        );
        assert_eq!(
            key(&request(vec![], r#"{"id":"from-body"}"#)).as_deref(),
            Some("from-body")
        );
    }

    #[test]
    fn zero_bits_counts_across_bytes() {
        assert_eq!(zero_bits(&[0, 0x10]), 11);
        assert_eq!(zero_bits(&[0xff]), 0);
    }
}
