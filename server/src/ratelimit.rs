//! Per-client rate limiting without keeping IP addresses.
//!
//! Each client gets a token bucket, keyed by a keyed hash (SipHash with a random key
//! chosen when the process starts) of its address; IPv6 addresses count per /64. The
//! address itself is never stored or logged, and the key dies with the process, so the
//! hashes cannot be linked back to addresses or across restarts.
//!
//! So that a memory image of a long-running process holds no history of who posted: a
//! bucket is dropped as soon as it has refilled (swept at least every [`SWEEP_EVERY`]),
//! and the key is replaced, with every bucket, each [`ROTATE_EVERY`].

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How often full (idle) buckets are dropped.
pub const SWEEP_EVERY: Duration = Duration::from_secs(60);
/// How often the hash key is replaced (and every bucket forgotten).
pub const ROTATE_EVERY: Duration = Duration::from_secs(3600);

/// The answer for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Allowed,
    /// Too many requests: try again after this many seconds.
    Limited {
        /// Seconds until the next token (at least 1).
        retry_after: u64,
    },
}

/// One token bucket (also used by the global and per-thread caps in `abuse::caps`).
#[derive(Clone, Copy, Debug)]
pub struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl Bucket {
    /// A full bucket.
    pub fn full(burst: f64, now: Instant) -> Self {
        Self {
            tokens: burst,
            updated: now,
        }
    }

    /// When the bucket was last used.
    pub fn updated(&self) -> Instant {
        self.updated
    }

    /// Refills at `per_second` up to `burst`, then takes a token if one is left.
    pub fn take(&mut self, now: Instant, per_second: f64, burst: f64) -> Decision {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * per_second).min(burst);
        self.updated = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Decision::Allowed
        } else {
            let wait = (1.0 - self.tokens) / per_second;
            Decision::Limited {
                retry_after: (wait.ceil() as u64).max(1),
            }
        }
    }
}

struct Buckets {
    salt: RandomState,
    salted_at: Option<Instant>,
    swept_at: Option<Instant>,
    map: HashMap<u64, Bucket>,
}

/// Token buckets keyed by a salted hash of the client address.
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<Buckets>,
}

impl RateLimiter {
    /// `per_minute` requests a minute on average with bursts of `burst`;
    /// `per_minute == 0` turns limiting off.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self {
            per_second: f64::from(per_minute) / 60.0,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(Buckets {
                salt: RandomState::new(),
                salted_at: None,
                swept_at: None,
                map: HashMap::new(),
            }),
        }
    }

    /// How many clients are remembered now (for tests and health figures).
    pub fn remembered(&self) -> usize {
        self.buckets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .map
            .len()
    }

    /// Takes a token for `ip` if one is left.
    pub fn check(&self, ip: IpAddr) -> Decision {
        self.check_at(ip, Instant::now())
    }

    fn key(salt: &RandomState, ip: IpAddr) -> u64 {
        match ip {
            IpAddr::V4(v4) => salt.hash_one(v4.octets()),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => salt.hash_one(v4.octets()),
                None => salt.hash_one(&v6.octets()[..8]),
            },
        }
    }

    /// Replaces the key hourly and drops refilled buckets every minute.
    fn forget(&self, buckets: &mut Buckets, now: Instant) {
        let since = |at: Option<Instant>| at.map(|at| now.saturating_duration_since(at));
        if since(buckets.salted_at).is_none_or(|age| age >= ROTATE_EVERY) {
            buckets.salt = RandomState::new();
            buckets.salted_at = Some(now);
            buckets.map.clear();
        }
        if since(buckets.swept_at).is_none_or(|age| age >= SWEEP_EVERY) {
            let full_after = Duration::from_secs_f64(self.burst / self.per_second);
            buckets
                .map
                .retain(|_, bucket| now.saturating_duration_since(bucket.updated) < full_after);
            buckets.swept_at = Some(now);
        }
    }

    fn check_at(&self, ip: IpAddr, now: Instant) -> Decision {
        if self.per_second <= 0.0 {
            return Decision::Allowed;
        }
        let mut guard = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let buckets = &mut *guard;
        self.forget(buckets, now);
        let key = Self::key(&buckets.salt, ip);
        buckets
            .map
            .entry(key)
            .or_insert(Bucket::full(self.burst, now))
            .take(now, self.per_second, self.burst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn burst_then_limited_then_refilled() {
        let limiter = RateLimiter::new(60, 3);
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check_at(A, start), Decision::Allowed);
        }
        assert_eq!(
            limiter.check_at(A, start),
            Decision::Limited { retry_after: 1 }
        );
        assert_eq!(
            limiter.check_at(B, start),
            Decision::Allowed,
            "other clients are not affected"
        );
        assert_eq!(
            limiter.check_at(A, start + Duration::from_millis(1100)),
            Decision::Allowed
        );
    }

    #[test]
    fn retry_after_reflects_the_rate() {
        let limiter = RateLimiter::new(2, 1);
        let now = Instant::now();
        assert_eq!(limiter.check_at(A, now), Decision::Allowed);
        assert_eq!(
            limiter.check_at(A, now),
            Decision::Limited { retry_after: 30 }
        );
    }

    #[test]
    fn zero_rate_disables_limiting() {
        let limiter = RateLimiter::new(0, 1);
        let now = Instant::now();
        assert!((0..100).all(|_| limiter.check_at(A, now) == Decision::Allowed));
    }

    #[test]
    fn refilled_buckets_and_the_key_are_forgotten() {
        let limiter = RateLimiter::new(60, 2);
        let start = Instant::now();
        assert_eq!(limiter.check_at(A, start), Decision::Allowed);
        assert_eq!(limiter.check_at(B, start), Decision::Allowed);
        assert_eq!(limiter.remembered(), 2);
        // A minute later both have refilled (2 tokens take 2 s): the sweep drops them.
        assert_eq!(limiter.check_at(A, start + SWEEP_EVERY), Decision::Allowed);
        assert_eq!(limiter.remembered(), 1, "only the client just seen");
        assert_eq!(limiter.check_at(A, start + SWEEP_EVERY), Decision::Allowed);
        assert!(matches!(
            limiter.check_at(A, start + SWEEP_EVERY),
            Decision::Limited { .. }
        ));
        // A new key forgets even a limited client.
        assert_eq!(limiter.check_at(A, start + ROTATE_EVERY), Decision::Allowed);
        assert_eq!(limiter.remembered(), 1);
    }

    #[test]
    fn ipv6_counts_per_slash_64() {
        let limiter = RateLimiter::new(60, 1);
        let one: IpAddr = "2001:db8::1".parse().expect("ip");
        let two: IpAddr = "2001:db8::2".parse().expect("ip");
        let now = Instant::now();
        assert_eq!(limiter.check_at(one, now), Decision::Allowed);
        assert!(matches!(
            limiter.check_at(two, now),
            Decision::Limited { .. }
        ));
    }
}
