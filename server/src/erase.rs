//! `erase` and `purge`: remove a person's data on request, and messages older than the
//! retention period. Rows are deleted (not flagged) with freed pages zeroed; each run is
//! audited as actor `cli` and prints what it removed.

use crate::moderate::CLI_ACTOR;
use crate::store::audit::Actor;
use crate::store::erase::Erased;
use crate::store::{Database, Storage};
use crate::BoxError;
use time::OffsetDateTime;

/// Whose data `erase` removes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Every message sent with this e-mail address.
    Email(String),
    /// The message or comment with this id.
    Id(String),
}

/// Erases `target`'s data from the database at `db` at time `now`.
pub fn erase(db: &Database, target: &Target, now: OffsetDateTime) -> Result<Erased, BoxError> {
    let store = db.open()?;
    let by = Actor::new(CLI_ACTOR, now);
    Ok(match target {
        Target::Email(email) => store.erase_by_email(email, &by)?,
        Target::Id(id) => store.erase_by_id(id, &by)?,
    })
}

/// The line `erase` prints.
pub fn erased_line(erased: Erased) -> String {
    format!(
        "erased {} messages and {} comments",
        erased.messages, erased.comments
    )
}

/// The moment `days` whole days before `now`: messages received before it are purged.
pub fn cutoff(now: OffsetDateTime, days: u32) -> OffsetDateTime {
    now - time::Duration::days(i64::from(days))
}

/// Deletes the messages received more than `days` days before `now`, audited as
/// `actor`; returns how many.
pub fn purge(
    store: &dyn Storage,
    days: u32,
    now: OffsetDateTime,
    actor: &str,
) -> Result<u64, BoxError> {
    Ok(store.purge_messages_older_than(cutoff(now, days), &Actor::new(actor, now))?)
}

/// `purge --older-than DAYS` on the database at `db`; returns how many were removed.
pub fn purge_db(db: &Database, days: u32, now: OffsetDateTime) -> Result<u64, BoxError> {
    purge(&*db.open()?, days, now, CLI_ACTOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cutoff_is_whole_days_back() {
        let now = OffsetDateTime::from_unix_timestamp(1_796_120_430).expect("time");
        assert_eq!((now - cutoff(now, 30)).whole_days(), 30);
        assert_eq!(cutoff(now, 0), now);
    }
}
