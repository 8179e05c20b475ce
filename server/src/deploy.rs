//! Turns the sealing and webhook flags of [`ServeConfig`] into the writer's options,
//! refusing combinations that would leak what they are meant to protect.

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
                tracing::warn!("webhook {url} is plain http: events travel unencrypted");
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
