//! Effects with one type, whatever they do, so the WebAssembly holds one copy of the
//! effect machinery's code for all of them instead of one per closure (issue 13: 177,524
//! -> 177,351 bytes brotli for the twelve effects; the same for the interface texts shown
//! through closures made the wasm larger, as wasm-opt merges those already).

use leptos::prelude::*;

/// Runs `work` soon after (in the browser; never at build time) and again whenever a signal it
/// read changes, as `Effect::new` does.
pub fn effect(work: impl Fn() + 'static) {
    let work: Box<dyn Fn()> = Box::new(work);
    Effect::new(work);
}
