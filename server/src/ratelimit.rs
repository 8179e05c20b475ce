//! Per-client rate limiting without keeping IP addresses.
//!
//! Each client gets a token bucket, keyed by a keyed hash (SipHash with a random key
//! chosen when the process starts) of its address; IPv6 addresses count per /64. The
//! address itself is never stored or logged, and the key dies with the process, so the
//! hashes cannot be linked back to addresses or across restarts.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Buckets kept before full (idle) ones are dropped.
const PRUNE_ABOVE: usize = 10_000;

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

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Token buckets keyed by a salted hash of the client address.
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    salt: RandomState,
    buckets: Mutex<HashMap<u64, Bucket>>,
}

impl RateLimiter {
    /// `per_minute` requests a minute on average with bursts of `burst`;
    /// `per_minute == 0` turns limiting off.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self {
            per_second: f64::from(per_minute) / 60.0,
            burst: f64::from(burst.max(1)),
            salt: RandomState::new(),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `ip` if one is left.
    pub fn check(&self, ip: IpAddr) -> Decision {
        self.check_at(ip, Instant::now())
    }

    fn key(&self, ip: IpAddr) -> u64 {
        match ip {
            IpAddr::V4(v4) => self.salt.hash_one(v4.octets()),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => self.salt.hash_one(v4.octets()),
                None => self.salt.hash_one(&v6.octets()[..8]),
            },
        }
    }

    fn check_at(&self, ip: IpAddr, now: Instant) -> Decision {
        if self.per_second <= 0.0 {
            return Decision::Allowed;
        }
        let key = self.key(ip);
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() > PRUNE_ABOVE {
            let full_after = Duration::from_secs_f64(self.burst / self.per_second);
            buckets.retain(|_, bucket| now.saturating_duration_since(bucket.updated) < full_after);
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Decision::Allowed
        } else {
            let wait = (1.0 - bucket.tokens) / self.per_second;
            Decision::Limited {
                retry_after: (wait.ceil() as u64).max(1),
            }
        }
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
