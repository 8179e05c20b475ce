//! `publish ID` and `unpublish ID`: put a support message on the wall of support
//! (`GET /api/messages/published`) or take it off, audited as actor `cli`.

use crate::moderate::CLI_ACTOR;
use crate::store::audit::Actor;
use crate::store::published::{PublishOutcome, UnpublishOutcome};
use crate::store::Database;
use crate::BoxError;
use time::OffsetDateTime;

/// Publishes (or, with `publish` false, unpublishes) message `id` in the database at
/// `db` at `now`; returns the line to print, or why nothing could be done.
pub fn run(
    db: &Database,
    id: &str,
    publish: bool,
    now: OffsetDateTime,
) -> Result<String, BoxError> {
    let store = db.open()?;
    let by = Actor::new(CLI_ACTOR, now);
    if publish {
        match store.publish_message(id, &by)? {
            PublishOutcome::Published => Ok(format!("published {id}")),
            PublishOutcome::AlreadyPublished => Ok(format!("{id} was already published")),
            PublishOutcome::NoConsent => {
                Err(format!("the sender of {id} did not agree to publication").into())
            }
            PublishOutcome::Sealed => Err(format!(
                "{id} is sealed (--seal-to): the server cannot read it, so it cannot publish it"
            )
            .into()),
            PublishOutcome::NotFound => Err(format!("no message with id {id:?}").into()),
        }
    } else {
        match store.unpublish_message(id, &by)? {
            UnpublishOutcome::Unpublished => Ok(format!("unpublished {id}")),
            UnpublishOutcome::NotPublished => Ok(format!("{id} was not published")),
            UnpublishOutcome::NotFound => Err(format!("no message with id {id:?}").into()),
        }
    }
}
