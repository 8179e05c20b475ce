//! Solidarity: the campaign page "Solidarity with LGBT Russia" as a Leptos app.
//!
//! Pure modules (`config`, `i18n`, `thread`, `validate`, `api::request`, `api::response`,
//! `links`) have no browser dependency and are tested natively; `browser`, `api` and
//! `components` are the thin layer that touches the DOM and the network.

pub mod api;
pub mod browser;
pub mod components;
pub mod config;
#[cfg(not(target_arch = "wasm32"))]
pub mod content;
pub mod courier;
pub mod delivery;
pub mod device;
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
