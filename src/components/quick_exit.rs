//! "Leave this page quickly": the first control of every instance, and Escape pressed
//! twice anywhere on the page. It replaces the page (the whole partner page when the
//! widget is framed and may navigate the top window) with the campaign's neutral
//! `safety.exit_url`, using `location.replace` so Back does not return here. Without
//! JavaScript it is a plain link to the same address (which Back does return from).

use super::context::Widget;
use crate::config::{Config, ConfigError, DEFAULT_EXIT_URL};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

/// Two presses of Escape at most this far apart leave the page.
pub const DOUBLE_ESCAPE_MS: f64 = 1_000.0;

/// Whether an Escape at `now_ms` completes a double press begun at `previous_ms`.
pub fn is_double_escape(previous_ms: Option<f64>, now_ms: f64) -> bool {
    previous_ms.is_some_and(|previous| (0.0..=DOUBLE_ESCAPE_MS).contains(&(now_ms - previous)))
}

thread_local! {
    static EXIT_URL: RefCell<String> = RefCell::new(DEFAULT_EXIT_URL.to_owned());
    static LISTENING: Cell<bool> = const { Cell::new(false) };
    static LAST_ESCAPE: Cell<Option<f64>> = const { Cell::new(None) };
}

/// The control, first in the instance's tab order.
#[component]
pub fn QuickExit() -> impl IntoView {
    let Widget { lang, config, .. } = Widget::get();
    // Not a memo: the address is cheap to read again, and `href` is only set when it differs.
    let exit_url = move || config.with(exit_url_of);
    crate::components::reactive::effect(move || {
        let url = exit_url();
        EXIT_URL.with(|cell| *cell.borrow_mut() = url);
        listen_for_escape();
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        leave(&config.with_untracked(exit_url_of));
    };
    view! {
        <a class="solidarity-quick-exit" data-testid="quick-exit" href=exit_url
            rel="noreferrer" on:click=on_click>
            <span class="solidarity-quick-exit-label">{move || lang.get().strings().quick_exit}</span>
            " "
            <span class="solidarity-quick-exit-hint">{move || lang.get().strings().quick_exit_hint}</span>
        </a>
    }
}

/// The campaign's exit address, or the default one while no configuration is usable.
fn exit_url_of(config: &Option<Result<Config, ConfigError>>) -> String {
    match config {
        Some(Ok(config)) => config.safety.exit_url.clone(),
        _ => DEFAULT_EXIT_URL.to_owned(),
    }
}

/// Replaces the page with `url`: the top window when framed (allowed for a frame that
/// is not sandboxed, or sandboxed with `allow-top-navigation(-by-user-activation)`, and
/// only after a click or key press), else this window (then only the frame changes).
pub fn leave(url: &str) {
    let Some(window) = crate::browser::window() else {
        return;
    };
    crate::courier::leaving();
    if let Ok(Some(top)) = window.top() {
        let framed = !js_sys::Object::is(top.as_ref(), window.as_ref());
        if framed && top.location().replace(url).is_ok() {
            return;
        }
    }
    let _ = window.location().replace(url);
}

/// One keydown listener per page: Escape twice within a second leaves (not while an
/// input method is composing, nor for a held key's repeats).
fn listen_for_escape() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(window) = crate::browser::window() else {
        return;
    };
    if LISTENING.with(|cell| cell.replace(true)) {
        return;
    }
    let on_key = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(|event: web_sys::KeyboardEvent| {
        if event.key() != "Escape" || event.is_composing() || event.repeat() {
            return;
        }
        let now = js_sys::Date::now();
        let previous = LAST_ESCAPE.with(|cell| cell.replace(Some(now)));
        if is_double_escape(previous, now) {
            LAST_ESCAPE.with(|cell| cell.set(None));
            leave(&EXIT_URL.with(|cell| cell.borrow().clone()));
        }
    });
    let _ = window.add_event_listener_with_callback_and_bool(
        "keydown",
        on_key.as_ref().unchecked_ref(),
        true,
    );
    // Lives as long as the page.
    on_key.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_escapes_within_a_second_leave() {
        assert!(!is_double_escape(None, 5_000.0));
        assert!(is_double_escape(Some(5_000.0), 5_400.0));
        assert!(is_double_escape(Some(5_000.0), 6_000.0));
        assert!(!is_double_escape(Some(5_000.0), 6_001.0));
        // A clock that went backwards is not a double press.
        assert!(!is_double_escape(Some(5_000.0), 4_999.0));
    }
}
