//! Turns the sealing and webhook flags of [`ServeConfig`] into the writer's options,
//! refusing combinations that would leak what they are meant to protect, and warns at
//! start about settings that expose readers.

use crate::notify::{Notifier, Webhooks};
use crate::seal::Sealer;
use crate::writer::Options;
use crate::{BoxError, ServeConfig};
use std::sync::Arc;

/// The writer's options for `config`: a sealer for `--seal-to`, a notifier for
/// `--webhook` (which needs `--webhook-secret`, and must be http(s)).
pub fn writer_options(config: &ServeConfig) -> Result<Options, BoxError> {
    let sealer = match &config.seal_to {
        Some(key) => Some(Arc::new(Sealer::parse(key)?)),
        None => None,
    };
    let notifier = if config.webhooks.is_empty() {
        None
    } else {
        let secret = match config.webhook_secret.as_deref().map(str::trim) {
            Some(secret) if secret.len() >= 16 => secret.to_owned(),
            _ => {
                return Err("--webhook needs --webhook-secret (at least 16 characters) \
                            to sign the events"
                    .into())
            }
        };
        for url in &config.webhooks {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(format!("--webhook {url:?} must be an http:// or https:// URL").into());
            }
            if url.starts_with("http://") {
                // Not the whole URL: webhook URLs often carry a token.
                let host = url
                    .trim_start_matches("http://")
                    .split('/')
                    .next()
                    .unwrap_or("");
                tracing::warn!("the webhook to {host} is plain http: events travel unencrypted");
            }
        }
        if config.webhook_include_text && sealer.is_some() {
            tracing::warn!(
                "--webhook-include-text with --seal-to: sealed messages' texts are never sent; \
                 pending comments' texts are"
            );
        }
        Some(Notifier::new(Webhooks {
            urls: config.webhooks.clone(),
            secret,
            include_text: config.webhook_include_text,
        }))
    };
    Ok(Options { sealer, notifier })
}

/// Logs a warning for each risky setting: a bind address other than loopback (plain
/// HTTP, readable by every network on the way: put a TLS proxy in front, see
/// docs/deploy.md), and allowed origins that are `*`, plain `http://`, or carry a path
/// (an origin never has one, so it would never match).
pub fn warn_about(config: &ServeConfig) {
    if !config.bind.is_loopback() {
        tracing::warn!(
            "listening on {} serves plain HTTP beyond this machine: put a TLS proxy in front \
             (docs/deploy.md) and keep --bind 127.0.0.1",
            config.bind
        );
    }
    for origin in config
        .allowed_origins
        .iter()
        .map(|o| o.trim().trim_end_matches('/'))
    {
        if origin == "*" {
            tracing::warn!(
                "--allowed-origin *: any site may post through its visitors' browsers \
                 and frame embed.html"
            );
        } else if origin.starts_with("http://") {
            tracing::warn!("--allowed-origin {origin} is plain http: partners should use https");
        }
        let rest = origin.split_once("://").map_or("", |(_, rest)| rest);
        if rest.contains('/') {
            tracing::warn!(
                "--allowed-origin {origin} has a path and can never match: an origin is \
                 scheme://host[:port] only"
            );
        }
    }
}
