//! Solidarity: the campaign page "Solidarity with LGBT Russia" as a Leptos app.
//!
//! Pure modules (`config`, `i18n`, `thread`, `validate`, `api::request`, `api::response`,
//! `links`) have no browser dependency and are tested natively; `browser`, `api` and
//! `components` are the thin layer that touches the DOM and the network.

/// Test helper: a [`json::Value`] built the way the page reads one, serde_json's text
/// (from `serde_json::json!` syntax) through our parser. Defined before the modules, so
/// every module's tests can use it.
#[cfg(test)]
macro_rules! json_value {
    ($($t:tt)+) => {
        $crate::json::parse(&serde_json::json!($($t)+).to_string()).expect("json")
    };
}

pub mod api;
pub mod browser;
pub mod components;
pub mod config;
#[cfg(not(target_arch = "wasm32"))]
pub mod content;
pub mod courier;
pub mod delivery;
pub mod device;
pub mod html;
pub mod i18n;
pub mod ids;
pub mod json;
pub mod links;
pub mod mount;
pub mod panic;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod seed;
pub mod thread;
pub mod typography;
pub mod validate;
pub mod wall;

pub use components::app::App;
pub use mount::mount_all;
