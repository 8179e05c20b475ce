//! The views. They read the language, the configuration and the instance id from one
//! context ([`context::Widget`]).

pub mod app;
pub mod article;
mod comments;
pub mod context;
mod delivery_status;
mod field;
#[cfg(feature = "hydrate")]
pub mod kept;
mod lang_toggle;
mod outbox;
pub mod quick_exit;
mod reactive;
mod safety_panel;
mod support_form;
mod task;
mod wall;
