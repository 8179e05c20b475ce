//! Caps that need no client identity: writes per minute for the whole server, and
//! comments per minute in one thread (the replies to one comment, or the top level).
//! Both are token buckets whose burst is a whole minute's allowance.

use crate::ratelimit::{Bucket, Decision};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

/// Threads remembered before refilled ones are dropped.
const THREADS_KEPT: usize = 1000;

/// The global and per-thread caps; a cap of 0 is off.
#[derive(Debug)]
pub struct Caps {
    writes_per_minute: u32,
    comments_per_minute: u32,
    global: Mutex<Option<Bucket>>,
    threads: Mutex<HashMap<String, Bucket>>,
}

fn take(bucket: &mut Bucket, per_minute: u32, now: Instant) -> Decision {
    let burst = f64::from(per_minute);
    bucket.take(now, burst / 60.0, burst)
}

impl Caps {
    /// `writes_per_minute` POSTs a minute in all; `comments_per_minute` per thread.
    pub fn new(writes_per_minute: u32, comments_per_minute: u32) -> Self {
        Self {
            writes_per_minute,
            comments_per_minute,
            global: Mutex::new(None),
            threads: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one write from the global allowance.
    pub fn write_at(&self, now: Instant) -> Decision {
        if self.writes_per_minute == 0 {
            return Decision::Allowed;
        }
        let burst = f64::from(self.writes_per_minute);
        let mut global = self.global.lock().unwrap_or_else(PoisonError::into_inner);
        let bucket = global.get_or_insert_with(|| Bucket::full(burst, now));
        take(bucket, self.writes_per_minute, now)
    }

    /// Takes one comment from the allowance of the thread under `parent` (`None`: the
    /// top level).
    pub fn comment_at(&self, parent: Option<&str>, now: Instant) -> Decision {
        if self.comments_per_minute == 0 {
            return Decision::Allowed;
        }
        let burst = f64::from(self.comments_per_minute);
        let mut threads = self.threads.lock().unwrap_or_else(PoisonError::into_inner);
        if threads.len() >= THREADS_KEPT {
            threads
                .retain(|_, bucket| now.saturating_duration_since(bucket.updated()).as_secs() < 60);
        }
        let bucket = threads
            .entry(parent.unwrap_or("").to_owned())
            .or_insert_with(|| Bucket::full(burst, now));
        take(bucket, self.comments_per_minute, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn global_cap_refills_over_the_minute() {
        let caps = Caps::new(3, 0);
        let now = Instant::now();
        assert!((0..3).all(|_| caps.write_at(now) == Decision::Allowed));
        assert_eq!(caps.write_at(now), Decision::Limited { retry_after: 20 });
        assert_eq!(
            caps.write_at(now + Duration::from_secs(20)),
            Decision::Allowed
        );
        assert!((0..100).all(|_| Caps::new(0, 0).write_at(now) == Decision::Allowed));
    }

    #[test]
    fn each_thread_has_its_own_allowance() {
        let caps = Caps::new(0, 2);
        let now = Instant::now();
        assert_eq!(caps.comment_at(Some("a"), now), Decision::Allowed);
        assert_eq!(caps.comment_at(Some("a"), now), Decision::Allowed);
        assert!(matches!(
            caps.comment_at(Some("a"), now),
            Decision::Limited { retry_after: 30 }
        ));
        assert_eq!(caps.comment_at(Some("b"), now), Decision::Allowed);
        assert_eq!(caps.comment_at(None, now), Decision::Allowed);
    }
}
