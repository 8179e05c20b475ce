//! Webhook notifications: `comment.pending`, `comment.reported` and
//! `message.received` as signed JSON, queued durably in the same transaction as the
//! record (see [`crate::store::outbox`]) and delivered by a background task with
//! bounded exponential backoff, so a reader's answer never waits for a webhook.

mod deliver;
mod event;
mod sign;

pub use deliver::{retry_delay, spawn, MAX_ATTEMPTS};
pub use event::Event;
pub use sign::{signature, SIGNATURE_HEADER, TIMESTAMP_HEADER};

use rusqlite::Transaction;
use std::sync::Arc;
use tokio::sync::Notify;

/// Where events go and how they are signed.
#[derive(Clone, Debug)]
pub struct Webhooks {
    /// Every URL gets every event.
    pub urls: Vec<String>,
    /// The HMAC-SHA256 key.
    pub secret: String,
    /// Whether events carry names and texts (off: ids, times and language only).
    pub include_text: bool,
}

/// Queues events and wakes the delivery task; cheap to clone.
#[derive(Clone, Debug)]
pub struct Notifier {
    hooks: Arc<Webhooks>,
    wake: Arc<Notify>,
}

impl Notifier {
    /// A notifier for `hooks`; start its delivery with [`spawn`].
    pub fn new(hooks: Webhooks) -> Self {
        Self {
            hooks: Arc::new(hooks),
            wake: Arc::new(Notify::new()),
        }
    }

    /// The configuration.
    pub fn hooks(&self) -> &Webhooks {
        &self.hooks
    }

    /// Queues `event` for every URL inside `tx` (the transaction that stores what it
    /// announces), due at `now` (Unix seconds). Call [`Notifier::wake`] after the commit.
    pub fn queue(&self, tx: &Transaction<'_>, event: &Event, now: i64) -> rusqlite::Result<()> {
        for (url, name, body) in self.outbox_rows(event) {
            crate::store::outbox::enqueue(tx, url, name, &body, now)?;
        }
        Ok(())
    }

    /// The outbox rows `event` makes: one per webhook URL, as (URL, event name, body).
    pub fn outbox_rows(&self, event: &Event) -> Vec<(&str, &'static str, String)> {
        let body = event.body(self.hooks.include_text);
        self.hooks
            .urls
            .iter()
            .map(|url| (url.as_str(), event.name(), body.clone()))
            .collect()
    }

    /// Tells the delivery task that new events are waiting.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// The current time in Unix seconds.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}
