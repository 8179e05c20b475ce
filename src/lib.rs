//! Solidarity: the campaign page "Solidarity with LGBT Russia" as a Leptos app.
//!
//! Pure modules (`config`, `i18n`, `thread`, `validate`, `api::request`, `api::response`,
//! `links`) have no browser dependency and are tested natively; `browser`, `api` and
//! `components` are the thin layer that touches the DOM and the network.

pub mod api;
pub mod browser;
pub mod components;
pub mod config;
pub mod content;
pub mod courier;
pub mod delivery;
pub mod i18n;
pub mod links;
pub mod mount;
pub mod panic;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod seed;
pub mod thread;
pub mod validate;
pub mod wall;

pub use components::app::App;
pub use mount::mount_all;
