//! Embedding on partner pages: where the campaign's own files live (told by `embed.js`,
//! which knows its own URL), and the shadow root that keeps each instance's styles apart
//! from the partner page's.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the campaign's files are, as `embed.js` reported them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assets {
    /// The directory `embed.js` was loaded from, with a trailing slash.
    pub base: Option<String>,
    /// The campaign's (hashed) stylesheet, linked into each shadow root.
    pub stylesheet: Option<String>,
}

thread_local! {
    static ASSETS: RefCell<Assets> = RefCell::new(Assets::default());
}

/// Records where the campaign's files are. Empty strings mean "not known".
pub fn configure(base: &str, stylesheet: &str) {
    let known = |value: &str| Some(value.trim().to_owned()).filter(|value| !value.is_empty());
    ASSETS.with(|assets| {
        *assets.borrow_mut() = Assets {
            base: known(base),
            stylesheet: known(stylesheet),
        }
    });
}

fn assets() -> Assets {
    ASSETS.with(|assets| assets.borrow().clone())
}

/// The directory `embed.js` was loaded from (trailing slash), if known.
pub fn base() -> Option<String> {
    assets().base
}

/// The configuration a host without `data-config` gets: `config.json` beside `embed.js`
/// (the campaign's origin), or `None` (then the app falls back to the document's base URL).
pub fn default_config_url() -> Option<String> {
    let base = assets().base?;
    Some(crate::browser::absolute_url(
        crate::config::DEFAULT_CONFIG_URL,
        Some(&base),
    ))
}

/// The container `embed.js` put into a widget's shadow root with the stylesheet before it.
fn loader_container(shadow: &web_sys::ShadowRoot) -> Option<web_sys::HtmlElement> {
    let mut styled = false;
    let mut child = shadow.first_element_child();
    while let Some(element) = child {
        match element.tag_name().as_str() {
            "LINK" => styled = true,
            "DIV" if styled && element.class_name() == "solidarity-root" => {
                return element.dyn_into::<web_sys::HtmlElement>().ok();
            }
            _ => {}
        }
        child = element.next_element_sibling();
    }
    None
}

/// Gives `host` an open shadow root holding the campaign stylesheet and an empty
/// container, and returns the container (the app mounts there). The container stays
/// `hidden` until the stylesheet has loaded (or failed), so the partner never sees the
/// widget unstyled. A root `embed.js` prepared is reused (see [`loader_container`]).
/// `None` if this element cannot have a shadow root.
pub fn shadow_container(host: &web_sys::HtmlElement) -> Option<web_sys::HtmlElement> {
    let document = host.owner_document()?;
    let shadow = match host.shadow_root() {
        Some(shadow) => {
            // `embed.js` made this root to show the prerendered article before the
            // WebAssembly arrived: keep its (loaded) stylesheet, replace the article.
            if let Some(container) = loader_container(&shadow) {
                #[cfg(feature = "hydrate")]
                crate::components::article::texts::remember_shown(&container);
                container.set_inner_html("");
                return Some(container);
            }
            shadow.set_inner_html("");
            shadow
        }
        None => host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .ok()?,
    };
    let container = document
        .create_element("div")
        .ok()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let _ = container.set_attribute("class", "solidarity-root");
    if let Some(href) = assets().stylesheet {
        let link = document.create_element("link").ok()?;
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", &href);
        let _ = container.set_attribute("hidden", "");
        let shown = container.clone();
        let reveal = Closure::<dyn Fn()>::new(move || {
            let _ = shown.remove_attribute("hidden");
        })
        .into_js_value();
        let _ = link.add_event_listener_with_callback("load", reveal.unchecked_ref());
        let _ = link.add_event_listener_with_callback("error", reveal.unchecked_ref());
        shadow.append_child(&link).ok()?;
    }
    shadow.append_child(&container).ok()?;
    Some(container)
}
