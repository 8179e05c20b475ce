//! Mounts one independent app in each `[data-solidarity]` element.
//!
//! `embed.js` (written by `scripts/post-build.sh`) loads the WebAssembly, calls
//! [`configure`] with the campaign's own URLs, then [`mount`] for every host element it
//! finds, now or later. A host with `data-standalone` (the campaign's own page, the
//! iframe page) renders in the light DOM under the page's stylesheet; any other host (a
//! partner page) gets a shadow root with its own stylesheet.

pub mod embed;
#[cfg(feature = "hydrate")]
mod takeover;

use crate::components::app::{App, HostSettings, Prerendered};
use crate::config::Overrides;
use wasm_bindgen::JsCast;

const MOUNTED_MARK: &str = "data-solidarity-mounted";
/// Set by the prerender on a host whose content is the app's server-rendered HTML.
pub const PRERENDERED_MARK: &str = "data-prerendered";
/// The element-id prefix of a prerendered app, the same at build time and in the browser.
pub const PRERENDERED_INSTANCE: usize = 0;

/// Records where the campaign's files are (see [`embed::configure`]) and installs the
/// panic hook (console plus a message inside each widget). Called once by `embed.js`
/// before the first [`mount`].
pub fn configure(base: &str, stylesheet: &str) {
    crate::panic::install();
    embed::configure(base, stylesheet);
    #[cfg(feature = "hydrate")]
    crate::components::article::texts::set_base(embed::base());
}

/// Mounts the app in every host element not mounted yet.
pub fn mount_all() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(hosts) = document.query_selector_all("[data-solidarity]") else {
        return;
    };
    for host in crate::browser::elements(hosts) {
        if let Ok(host) = host.dyn_into::<web_sys::HtmlElement>() {
            mount(host);
        }
    }
}

/// Mounts the app in `host` unless it is mounted already. Returns whether it mounted.
pub fn mount(host: web_sys::HtmlElement) -> bool {
    if host.has_attribute(MOUNTED_MARK) {
        return false;
    }
    let _ = host.set_attribute(MOUNTED_MARK, "");
    let attribute = |name: &str| {
        host.get_attribute(name)
            .filter(|value| !value.trim().is_empty())
    };
    let standalone = host.has_attribute("data-standalone");
    let overrides = Overrides {
        // A relative `data-config` is the partner's own path (the document's base URL);
        // without one, the campaign's `config.json` beside embed.js.
        config_url: attribute("data-config").or_else(embed::default_config_url),
        lang: attribute("data-lang"),
        messages_endpoint: attribute("data-messages-endpoint"),
        comments_endpoint: attribute("data-comments-endpoint"),
    };
    // On its way while the app is built (the app's first read of it takes this one).
    #[cfg(feature = "hydrate")]
    crate::api::read_early(&crate::api::config_file_url(&overrides));
    // Only the WebAssembly build takes over a prerendered page.
    let prerendered =
        (cfg!(feature = "hydrate") && standalone && host.has_attribute(PRERENDERED_MARK))
            .then(|| read_seed(&crate::api::config_file_url(&overrides)))
            .flatten();
    let settings = HostSettings {
        overrides,
        standalone,
        instance: if prerendered.is_some() {
            PRERENDERED_INSTANCE
        } else {
            next_instance_id()
        },
        prerendered: prerendered.clone(),
    };
    #[cfg(feature = "hydrate")]
    if prerendered.is_some() {
        // The article stays as the page has it (in place: see takeover.rs); the app keeps
        // its text for the language switch.
        crate::components::article::texts::remember_shown(&host);
        // Rendered from the seed the page was built from, so it looks the same.
        takeover::take_over(host, move || leptos::view! { <App settings /> });
        return true;
    }
    let target = if standalone {
        None
    } else {
        embed::shadow_container(&host)
    };
    let target = match target {
        Some(container) => container,
        None => {
            if !standalone {
                crate::browser::console_error(
                    "Solidarity: this element cannot hold a shadow root (use a <div>); \
                     the widget shares the page's styles.",
                );
            }
            // Server-rendered fallback content (if any) is replaced by the live app; the
            // article of a fragment `embed.js` put there is kept for it.
            #[cfg(feature = "hydrate")]
            crate::components::article::texts::remember_shown(&host);
            host.set_inner_html("");
            host
        }
    };
    leptos::mount::mount_to(target, move || leptos::view! { <App settings /> }).forget();
    true
}

/// The seed the prerender wrote into the page, ready to render from; `None` (then the app
/// renders from scratch over the static HTML) if it is missing or unreadable.
/// `config_url` is where the live configuration is read from.
fn read_seed(config_url: &str) -> Option<Prerendered> {
    let document = crate::browser::window()?.document()?;
    let text = document
        .get_element_by_id(crate::seed::SEED_ELEMENT_ID)?
        .text_content()?;
    let mut prepared = crate::seed::Seed::from_script_json(&text)?.prepare().ok()?;
    // The build left the configuration's URLs as written; here they resolve against the
    // configuration file's address, as a loaded configuration's do.
    prepared.config = crate::api::resolve_config_urls(prepared.config, config_url);
    Some(Prerendered {
        seed: std::sync::Arc::new(prepared),
        // Live at once: drafts' counters, the outbox (see `Prerendered::hydrated`).
        hydrated: leptos::prelude::ArcRwSignal::new(true),
    })
}

fn next_instance_id() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
