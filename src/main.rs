//! The WebAssembly entry points `embed.js` calls. `main` does nothing: mounting waits
//! until the loader has said where the campaign's files are.

use wasm_bindgen::prelude::*;

fn main() {}

/// Where the campaign's files are: the directory of `embed.js` (trailing slash) and the
/// URL of the hashed stylesheet each shadow root links to.
#[wasm_bindgen]
pub fn configure(base: &str, stylesheet: &str) {
    solidarity::mount::configure(base, stylesheet);
}

/// Mounts an instance in `host` (a `[data-solidarity]` element) unless it has one already.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement) -> bool {
    solidarity::mount::mount(host)
}
