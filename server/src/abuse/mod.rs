//! Defences against hostile traffic, one concern per file: who the client is
//! ([`client`], behind trusted proxies only), ...

pub mod client;
pub mod forwarded;

pub use client::{ClientInfo, TrustedProxies};

use std::sync::Arc;

/// The abuse defences' configuration and state, shared by every request.
#[derive(Debug, Default)]
pub struct Guard {
    /// Proxies whose forwarding headers are believed.
    pub proxies: Arc<TrustedProxies>,
}
