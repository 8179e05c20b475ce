//! In the browser `JSON.parse` parses, and the result is copied into a [`Value`]: no JSON
//! parser in the WebAssembly. Strings cross as UTF-8, so a lone surrogate (`"\ud800"`)
//! arrives as U+FFFD, like natively; `1e400` (Infinity in JavaScript) is refused, as
//! serde_json refuses it.

use super::{Map, Number, Value, MAX_NESTING};
use wasm_bindgen::{JsCast, JsValue};

pub(super) fn parse(text: &str) -> Result<Value, String> {
    let parsed = js_sys::JSON::parse(text).map_err(|err| {
        err.dyn_ref::<js_sys::Error>()
            .map(|err| String::from(err.message()))
            .unwrap_or_else(|| "not JSON".to_owned())
    })?;
    from_js(&parsed, 0)
}

fn from_js(value: &JsValue, depth: usize) -> Result<Value, String> {
    if depth > MAX_NESTING {
        return Err("nested too deeply".to_owned());
    }
    if value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(Value::Bool(flag));
    }
    if let Some(n) = value.as_f64() {
        let text = n
            .is_finite()
            .then(|| {
                value
                    .unchecked_ref::<js_sys::Number>()
                    .to_string_with_radix(10)
                    .ok()
            })
            .flatten()
            .and_then(|text| Number::from_text(&String::from(text)));
        return text
            .map(Value::Number)
            .ok_or_else(|| "number out of range".to_owned());
    }
    if let Some(text) = value.as_string() {
        return Ok(Value::String(text));
    }
    if js_sys::Array::is_array(value) {
        let items = value.unchecked_ref::<js_sys::Array>();
        return items
            .iter()
            .map(|item| from_js(&item, depth + 1))
            .collect::<Result<_, _>>()
            .map(Value::Array);
    }
    let map = js_sys::Object::entries(value.unchecked_ref())
        .iter()
        .map(|entry| {
            let entry = entry.unchecked_into::<js_sys::Array>();
            let key = entry.get(0).as_string().unwrap_or_default();
            Ok((key, from_js(&entry.get(1), depth + 1)?))
        })
        .collect::<Result<Map, String>>()?;
    Ok(Value::Object(map))
}
