//! `serve --retention-days N`: purges old support messages at start and then once a
//! day, audited as actor `retention`.

use crate::store::Storage;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

/// The actor name of the daily purge in the audit log.
pub const ACTOR: &str = "retention";

/// Time between two purges.
pub const PERIOD: Duration = Duration::from_secs(24 * 60 * 60);

/// Runs the purge now and then every [`PERIOD`] until the task is dropped; a failed
/// purge is logged and tried again at the next period.
pub async fn run_daily(store: Arc<dyn Storage>, days: u32) {
    let mut interval = tokio::time::interval(PERIOD);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let store = store.clone();
        let purged = tokio::task::spawn_blocking(move || {
            crate::erase::purge(&*store, days, OffsetDateTime::now_utc(), ACTOR)
        })
        .await;
        match purged {
            Ok(Ok(count)) => {
                tracing::info!("retention: purged {count} messages older than {days} days")
            }
            Ok(Err(error)) => tracing::error!("retention purge failed: {error}"),
            Err(error) => tracing::error!("retention purge stopped: {error}"),
        }
    }
}
