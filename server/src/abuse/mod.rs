//! Defences against hostile traffic, one concern per file: who the client is
//! ([`client`], believing [`forwarded`] headers from trusted proxies only), cross-site
//! posts ([`origin`]), honeypots ([`honeypot`]), global and per-thread caps ([`caps`]),
//! the disk guard ([`disk`]), proof of work ([`pow`]) and held words ([`hold`]).
//!
//! This module holds the rules and their state; `routes::guard` applies them to HTTP.

pub mod caps;
pub mod client;
pub mod disk;
pub mod forwarded;
pub mod hold;
pub mod honeypot;
pub mod origin;
pub mod pow;

pub use client::{ClientInfo, TrustedProxies};

use std::sync::Arc;

/// Why a post was refused before it reached storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A browser on a site that is not ours or an allowed partner (403).
    CrossSite,
    /// Too many posts from this client (429).
    TooMany {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Too many writes on the whole server, or comments in one thread (429).
    Busy {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// The write queue is full (503).
    QueueFull {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Free disk space is under `--min-free-mb` (507).
    DiskFull,
    /// Proof of work is required and was missing or wrong (428).
    Pow(pow::Refused),
}

/// The abuse defences' configuration and state, shared by every request.
#[derive(Debug)]
pub struct Guard {
    /// Proxies whose forwarding headers are believed.
    pub proxies: Arc<TrustedProxies>,
    /// `--allowed-origin`s: partner sites whose pages may post here.
    pub allowed_origins: Vec<String>,
    /// The global write cap and the per-thread comment cap.
    pub caps: caps::Caps,
    /// Refuses writes when the disk is nearly full.
    pub disk: disk::DiskGuard,
    /// Proof of work (difficulty 0: off).
    pub pow: pow::Pow,
    /// Phrases that hold a comment for moderation.
    pub hold: hold::HoldWords,
}

impl Guard {
    /// No defences beyond the defaults: no trusted proxy, no caps, no disk threshold,
    /// no proof of work, no held words.
    pub fn open() -> Self {
        Self {
            proxies: Arc::default(),
            allowed_origins: Vec::new(),
            caps: caps::Caps::new(0, 0),
            disk: disk::DiskGuard::new(Box::new(disk::Statvfs(".".into())), 0),
            pow: pow::Pow::new(0),
            hold: hold::HoldWords::default(),
        }
    }
}
