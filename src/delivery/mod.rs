//! The outbox: every message and comment is written here before its first attempt and
//! leaves only when delivered or deleted by the reader. Pure Rust with the clock and the
//! randomness passed in, so the rules are tested natively; `crate::courier` stores it in
//! sessionStorage and drives it.

pub mod fallback;
pub mod retry;
mod stored;

use crate::api::{ApiError, NewComment, OutgoingRequest};
use retry::{backoff_ms, verdict, Verdict, MAX_ATTEMPTS};

/// How long a tab may hold an entry it is sending before another tab may take it over.
pub const LEASE_MS: u64 = 60_000;

/// What an entry carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Message,
    /// A comment, kept whole so the thread can show it once accepted.
    Comment(NewComment),
}

/// Where an entry is in its life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Due at `Entry::next_attempt_ms`.
    Waiting,
    /// A tab is sending it; others keep off until the lease ends.
    Sending { owner: String, lease_until_ms: u64 },
    /// Refused for good, or out of automatic attempts: waits for the reader.
    Stopped,
}

/// One message or comment on its way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    pub request: OutgoingRequest,
    pub timeout_ms: u32,
    /// A short excerpt for the outbox list.
    pub summary: String,
    pub created_ms: u64,
    pub attempts: u32,
    pub next_attempt_ms: u64,
    pub state: State,
    pub last_error: Option<ApiError>,
    /// Tried in order when `request.url` cannot be reached ([`fallback`]).
    pub fallback_urls: Vec<String>,
}

impl Entry {
    pub fn new(
        id: String,
        kind: Kind,
        request: OutgoingRequest,
        timeout_ms: u32,
        summary: &str,
        now_ms: u64,
    ) -> Entry {
        let summary: String = summary.chars().take(80).collect();
        Entry {
            id,
            kind,
            request,
            timeout_ms,
            summary,
            created_ms: now_ms,
            attempts: 0,
            next_attempt_ms: now_ms,
            state: State::Waiting,
            last_error: None,
            fallback_urls: Vec::new(),
        }
    }

    /// The same entry with fallback endpoints for a blocked backend.
    pub fn with_fallbacks(mut self, urls: Vec<String>) -> Entry {
        self.fallback_urls = urls;
        self
    }
}

/// What happened to an entry after an attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settled {
    Delivered(Entry),
    /// Will be tried again at `next_attempt_ms`.
    Retrying(Entry),
    Stopped(Entry),
}

/// A delivery remembered for a while, so every tab can tell its reader the truth even
/// when another tab did the sending. Only the id, the status and the time are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveredRecord {
    pub id: String,
    pub status: u16,
    pub at_ms: u64,
}

/// How many deliveries, and for how long, are remembered.
const DELIVERED_KEPT: usize = 50;
const DELIVERED_KEPT_MS: u64 = 24 * 3600 * 1000;

/// All entries, oldest first, and the recent deliveries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outbox {
    pub entries: Vec<Entry>,
    pub delivered: Vec<DeliveredRecord>,
}

impl Outbox {
    /// Adds an entry; an entry with the same id already there is kept as it is.
    pub fn add(&mut self, entry: Entry) {
        if !self.entries.iter().any(|existing| existing.id == entry.id) {
            self.entries.push(entry);
        }
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.id == id)
    }

    /// Marks every due entry as being sent by `owner` and returns them: waiting entries
    /// whose time has come, and entries whose sender's lease ran out (a closed tab).
    /// With `exclusive` (the caller holds the cross-tab lock, under which all sending
    /// happens) an entry marked as sending has no live sender, so it is due at once.
    pub fn claim_due(&mut self, owner: &str, now_ms: u64, exclusive: bool) -> Vec<Entry> {
        let mut claimed = Vec::new();
        for entry in &mut self.entries {
            let due = match &entry.state {
                State::Waiting => entry.next_attempt_ms <= now_ms,
                State::Sending { lease_until_ms, .. } => exclusive || *lease_until_ms <= now_ms,
                State::Stopped => false,
            };
            if due {
                entry.state = State::Sending {
                    owner: owner.to_owned(),
                    lease_until_ms: now_ms + LEASE_MS + u64::from(entry.timeout_ms),
                };
                claimed.push(entry.clone());
            }
        }
        claimed
    }

    /// Records an attempt's result. Delivered entries leave the outbox; retryable failures
    /// wait with backoff (at least `Retry-After`); final failures and the last allowed
    /// attempt stop and wait for the reader. `random` is in `[0, 1)`.
    pub fn settle(
        &mut self,
        id: &str,
        result: &Result<(), ApiError>,
        now_ms: u64,
        random: f64,
    ) -> Option<Settled> {
        let index = self.entries.iter().position(|entry| entry.id == id)?;
        let verdict = verdict(result, now_ms);
        if verdict == Verdict::Delivered {
            return Some(Settled::Delivered(self.entries.remove(index)));
        }
        // (Delivered entries are remembered by `remember_delivery`, which knows the status.)
        let entry = &mut self.entries[index];
        entry.attempts += 1;
        entry.last_error = result.clone().err();
        match verdict {
            Verdict::Retry { retry_after_ms } if entry.attempts < MAX_ATTEMPTS => {
                entry.state = State::Waiting;
                entry.next_attempt_ms = now_ms + backoff_ms(entry.attempts, random, retry_after_ms);
                Some(Settled::Retrying(entry.clone()))
            }
            _ => {
                entry.state = State::Stopped;
                Some(Settled::Stopped(entry.clone()))
            }
        }
    }

    /// The reader asked to try now: the entry is due at once with a fresh set of attempts.
    pub fn retry_now(&mut self, id: &str, now_ms: u64) {
        if let Some(entry) = self.entries.iter_mut().find(|entry| entry.id == id) {
            if !matches!(entry.state, State::Sending { lease_until_ms, .. } if lease_until_ms > now_ms)
            {
                entry.state = State::Waiting;
                entry.next_attempt_ms = now_ms;
                entry.attempts = 0;
            }
        }
    }

    /// After the connection returns, waiting entries need not sit out their backoff.
    pub fn wake_all(&mut self, now_ms: u64) {
        for entry in &mut self.entries {
            if entry.state == State::Waiting {
                entry.next_attempt_ms = entry.next_attempt_ms.min(now_ms);
            }
        }
    }

    /// Remembers that `id` was delivered, forgetting old records.
    pub fn remember_delivery(&mut self, id: &str, status: u16, now_ms: u64) {
        self.delivered.retain(|record| {
            record.id != id && now_ms.saturating_sub(record.at_ms) < DELIVERED_KEPT_MS
        });
        self.delivered.push(DeliveredRecord {
            id: id.to_owned(),
            status,
            at_ms: now_ms,
        });
        let excess = self.delivered.len().saturating_sub(DELIVERED_KEPT);
        self.delivered.drain(..excess);
    }

    pub fn delivered_status(&self, id: &str) -> Option<u16> {
        self.delivered
            .iter()
            .find(|record| record.id == id)
            .map(|record| record.status)
    }

    pub fn remove(&mut self, id: &str) {
        self.entries.retain(|entry| entry.id != id);
    }

    /// When the next waiting entry falls due (or a lease runs out).
    pub fn next_due_ms(&self) -> Option<u64> {
        self.entries
            .iter()
            .filter_map(|entry| match &entry.state {
                State::Waiting => Some(entry.next_attempt_ms),
                State::Sending { lease_until_ms, .. } => Some(*lease_until_ms),
                State::Stopped => None,
            })
            .min()
    }
}

#[cfg(test)]
mod tests;
