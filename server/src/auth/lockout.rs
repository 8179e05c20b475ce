//! Sign-in lock-out: after [`MAX_FAILURES`] failures within [`LOCK_SECS`] for one account
//! name (or one client), sign-in is refused for [`LOCK_SECS`], whether or not the name
//! exists. Counters are keyed by hashes, so neither names nor addresses are stored.

use sha2::{Digest, Sha256};
use std::net::IpAddr;
use unicode_normalization::UnicodeNormalization;

/// Failures that lock a name or a client.
pub const MAX_FAILURES: u32 = 5;
/// How long failures count, and how long a lock lasts (15 minutes).
pub const LOCK_SECS: i64 = 15 * 60;

/// The failures counted for one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failures {
    /// Failures since `first_at`.
    pub count: u32,
    /// When the first counted failure happened (unix seconds).
    pub first_at: i64,
    /// Locked until then (unix seconds), if locked.
    pub locked_until: Option<i64>,
}

/// Seconds until sign-in is allowed again, when `failures` lock it at `now`.
pub fn retry_after(failures: Option<&Failures>, now: i64) -> Option<u64> {
    let until = failures?.locked_until?;
    (until > now).then(|| u64::try_from(until - now).unwrap_or(1))
}

/// The counter after one more failure at `now`.
pub fn after_failure(failures: Option<Failures>, now: i64) -> Failures {
    let mut next = failures
        .filter(|f| match f.locked_until {
            Some(until) => until > now,
            None => now - f.first_at < LOCK_SECS,
        })
        .unwrap_or(Failures {
            count: 0,
            first_at: now,
            locked_until: None,
        });
    next.count += 1;
    if next.count >= MAX_FAILURES && next.locked_until.is_none() {
        next.locked_until = Some(now + LOCK_SECS);
    }
    next
}

/// The counter key of a submitted account name (case and compatibility forms folded).
pub fn name_key(name: &str) -> String {
    let folded: String = name.trim().nfkc().collect::<String>().to_lowercase();
    super::hex(&Sha256::digest(format!("name\0{folded}").as_bytes()))
}

/// The counter key of a client address, keyed with `secret` (IPv6 per /64).
pub fn client_key(ip: IpAddr, secret: &[u8; 32]) -> String {
    let net = match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.octets().to_vec(),
            None => v6.octets()[..8].to_vec(),
        },
    };
    let mut hasher = Sha256::new();
    hasher.update(secret);
    hasher.update(b"client\0");
    hasher.update(&net);
    super::hex(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let t = 10_000;
        let mut f = None;
        for i in 0..4 {
            f = Some(after_failure(f, t + i));
            assert_eq!(retry_after(f.as_ref(), t + i), None);
        }
        f = Some(after_failure(f, t + 4));
        assert_eq!(retry_after(f.as_ref(), t + 4), Some(900));
        assert_eq!(retry_after(f.as_ref(), t + 4 + 899), Some(1));
        assert_eq!(retry_after(f.as_ref(), t + 4 + 900), None, "unlocked");
        // The first failure after the lock starts a new count.
        let after = after_failure(f, t + 4 + 900);
        assert_eq!((after.count, after.locked_until), (1, None));
    }

    #[test]
    fn failures_spread_over_more_than_the_window_do_not_lock() {
        let mut f = None;
        for i in 0..10 {
            f = Some(after_failure(f, i * 300));
        }
        assert!(f.is_some_and(|f| f.locked_until.is_none()));
    }

    #[test]
    fn failing_while_locked_keeps_the_first_lock() {
        let mut f = None;
        for i in 0..5 {
            f = Some(after_failure(f, i));
        }
        let locked = after_failure(f, 100);
        assert_eq!(locked.locked_until, Some(4 + LOCK_SECS));
    }

    #[test]
    fn keys_fold_names_and_hide_addresses() {
        assert_eq!(name_key("Anna"), name_key(" ANNA "));
        assert_eq!(name_key("ａｎｎａ"), name_key("anna"), "NFKC");
        assert_ne!(name_key("anna"), name_key("anya"));
        let secret = [7u8; 32];
        let a: IpAddr = "2001:db8::1".parse().expect("ip");
        let b: IpAddr = "2001:db8::2".parse().expect("ip");
        let c: IpAddr = "192.0.2.1".parse().expect("ip");
        assert_eq!(client_key(a, &secret), client_key(b, &secret), "same /64");
        assert_ne!(client_key(c, &secret), client_key(a, &secret));
        assert!(!client_key(c, &secret).contains("192"));
    }
}
