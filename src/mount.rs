//! Finds every `[data-solidarity]` element and mounts one independent app in each.

use crate::components::app::{App, HostSettings};
use crate::config::Overrides;
use wasm_bindgen::JsCast;

const MOUNTED_MARK: &str = "data-solidarity-mounted";

/// Mounts the app in every host element not mounted yet.
pub fn mount_all() {
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(hosts) = document.query_selector_all("[data-solidarity]") else {
        return;
    };
    for index in 0..hosts.length() {
        let host = hosts
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(host) = host {
            mount_in(host);
        }
    }
}

fn mount_in(host: web_sys::HtmlElement) {
    if host.has_attribute(MOUNTED_MARK) {
        return;
    }
    let _ = host.set_attribute(MOUNTED_MARK, "");
    let attribute = |name: &str| {
        host.get_attribute(name)
            .filter(|value| !value.trim().is_empty())
    };
    let settings = HostSettings {
        overrides: Overrides {
            config_url: attribute("data-config"),
            lang: attribute("data-lang"),
            messages_endpoint: attribute("data-messages-endpoint"),
            comments_endpoint: attribute("data-comments-endpoint"),
        },
        standalone: host.has_attribute("data-standalone"),
        instance: next_instance_id(),
    };
    // Server-rendered fallback content (if any) is replaced by the live app.
    host.set_inner_html("");
    leptos::mount::mount_to(host, move || leptos::view! { <App settings /> }).forget();
}

fn next_instance_id() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
