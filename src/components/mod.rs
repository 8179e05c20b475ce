//! The views. They read `Lang`, the configuration and the instance id from context.

pub mod app;
pub mod article;
mod comments;
mod delivery_status;
mod field;
mod lang_toggle;
mod outbox;
pub mod quick_exit;
mod safety_panel;
mod support_form;
mod task;
mod wall;
