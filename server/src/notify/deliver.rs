//! The delivery task: posts due outbox events, deletes them on a 2xx answer, and
//! otherwise retries with exponential backoff (1 s, 2 s, 4 s … at most an hour) until
//! [`MAX_ATTEMPTS`] failures, when the event is dropped with a warning.

use super::{signature, unix_now, Notifier, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use crate::store::outbox::Queued;
use crate::store::Storage;
use std::sync::Arc;
use std::time::Duration;

/// Failed deliveries after which an event is given up (about 9 hours of retries).
pub const MAX_ATTEMPTS: u32 = 15;
/// Events taken from the outbox per round.
const BATCH: u32 = 32;

/// Seconds to wait after the `attempts`-th failure: 2^(attempts-1), capped at an hour.
pub fn retry_delay(attempts: u32) -> i64 {
    (1_i64 << attempts.saturating_sub(1).min(12)).min(3600)
}

/// Starts delivering `notifier`'s events from `store`'s outbox; runs until the runtime
/// stops (undelivered events stay in the outbox for the next start).
pub fn spawn(
    store: Arc<dyn Storage>,
    notifier: Notifier,
) -> Result<tokio::task::JoinHandle<()>, reqwest::Error> {
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .user_agent("solidarity-server webhooks")
        .build()?;
    Ok(tokio::spawn(run(store, notifier, client)))
}

async fn run(store: Arc<dyn Storage>, notifier: Notifier, client: reqwest::Client) {
    loop {
        let now = unix_now();
        let reader = Arc::clone(&store);
        let due = tokio::task::spawn_blocking(move || reader.outbox_due(now, BATCH)).await;
        let due = match due {
            Ok(Ok(due)) => due,
            Ok(Err(error)) => {
                tracing::warn!("webhook outbox unreadable: {error}");
                Vec::new()
            }
            Err(_) => Vec::new(),
        };
        if due.is_empty() {
            // Woken by a new event, or once a second for retries that fall due.
            let _ = tokio::time::timeout(Duration::from_secs(1), notifier.wake.notified()).await;
            continue;
        }
        for item in due {
            let outcome = post(&client, &notifier, &item).await;
            let store = Arc::clone(&store);
            let result = tokio::task::spawn_blocking(move || settle(&*store, &item, outcome)).await;
            if let Ok(Err(error)) = result {
                tracing::warn!("webhook outbox not updated: {error}");
            }
        }
    }
}

/// Posts one event; `Err` says why it failed (never the body: it may hold names).
async fn post(client: &reqwest::Client, notifier: &Notifier, item: &Queued) -> Result<(), String> {
    let hooks = notifier.hooks();
    if !hooks.urls.contains(&item.target) {
        return Ok(()); // No longer configured: nothing to deliver it to.
    }
    let timestamp = unix_now();
    let signed = signature(hooks.secret.as_bytes(), timestamp, item.body.as_bytes());
    let response = client
        .post(&item.target)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("x-solidarity-event", &item.event)
        .header("x-solidarity-delivery", item.seq.to_string())
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, signed)
        .body(item.body.clone())
        .send()
        .await
        .map_err(|error| format!("{}", error.without_url()))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("answered {}", response.status()))
    }
}

fn settle(
    store: &dyn Storage,
    item: &Queued,
    outcome: Result<(), String>,
) -> Result<(), crate::store::StoreError> {
    match outcome {
        Ok(()) => store.outbox_remove(item.seq),
        Err(reason) => {
            let attempts = item.attempts + 1;
            if attempts >= MAX_ATTEMPTS {
                tracing::warn!(
                    "webhook {} for event {} failed {attempts} times ({reason}); giving up",
                    item.seq,
                    item.event
                );
                store.outbox_remove(item.seq)
            } else {
                tracing::info!("webhook {} failed ({reason}); retrying", item.seq);
                store.outbox_retry(item.seq, attempts, unix_now() + retry_delay(attempts))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::retry_delay;

    #[test]
    fn backoff_doubles_and_is_bounded() {
        let delays: Vec<i64> = (1..=16).map(retry_delay).collect();
        assert_eq!(&delays[..5], &[1, 2, 4, 8, 16]);
        assert!(delays.windows(2).all(|pair| pair[1] >= pair[0]));
        assert!(delays.iter().all(|&delay| delay <= 3600));
        assert_eq!(retry_delay(0), 1);
    }
}
