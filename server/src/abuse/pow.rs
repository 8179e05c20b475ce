//! Optional proof of work for posts (`--pow-difficulty N`): the server hands out
//! stateless challenges signed with HMAC-SHA256 under a key that lives only in memory,
//! and a post carries a solution: a string `solution` such that
//! `SHA-256(challenge ":" key ":" solution)` starts with `N` zero bits, where `key` is
//! the post's idempotency key (its `Idempotency-Key`, else its `id`). A solution thus
//! counts for one message only (retries of it keep the key), and no third party is
//! involved.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// How long a challenge may be used, in seconds.
pub const LIFETIME_SECS: u64 = 600;
/// The hardest difficulty accepted on the command line.
pub const MAX_DIFFICULTY: u8 = 32;

/// A challenge as `GET /api/pow` sends it.
#[derive(Debug, serde::Serialize)]
pub struct Challenge {
    /// `EXPIRES.NONCE.MAC` (hex), opaque to the client.
    pub challenge: String,
    /// Leading zero bits the hash must have.
    pub difficulty: u8,
    /// Unix time (seconds) after which the challenge is refused.
    pub expires: u64,
}

/// Why a solution was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// No challenge or solution was sent.
    Missing,
    /// The challenge was not issued by this process (or was altered).
    Forged,
    /// The challenge has expired.
    Expired,
    /// The hash does not have enough leading zero bits.
    Wrong,
}

/// Issues and checks challenges.
pub struct Pow {
    difficulty: u8,
    key: [u8; 32],
}

impl std::fmt::Debug for Pow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pow {{ difficulty: {} }}", self.difficulty)
    }
}

fn random_bytes() -> [u8; 16] {
    *uuid::Uuid::new_v4().as_bytes()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The leading zero bits of a hash.
pub fn zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

/// `SHA-256(challenge ":" key ":" solution)`.
pub fn work_hash(challenge: &str, key: &str, solution: &str) -> [u8; 32] {
    Sha256::digest(format!("{challenge}:{key}:{solution}")).into()
}

impl Pow {
    /// Proof of work with `difficulty` zero bits (0: off) and a fresh random key.
    pub fn new(difficulty: u8) -> Self {
        let mut key = [0; 32];
        key[..16].copy_from_slice(&random_bytes());
        key[16..].copy_from_slice(&random_bytes());
        Self { difficulty, key }
    }

    /// The required difficulty; 0 means proof of work is off.
    pub fn difficulty(&self) -> u8 {
        self.difficulty
    }

    fn mac(&self, text: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(text.as_bytes());
        mac
    }

    /// A new challenge valid until `now + LIFETIME_SECS` (Unix seconds).
    pub fn issue(&self, now: u64) -> Challenge {
        let expires = now + LIFETIME_SECS;
        let signed = format!("{expires}.{}", hex(&random_bytes()));
        let tag = hex(&self.mac(&signed).finalize().into_bytes());
        Challenge {
            challenge: format!("{signed}.{tag}"),
            difficulty: self.difficulty,
            expires,
        }
    }

    /// Checks a solution for the post with idempotency key `key` at `now`.
    pub fn verify(
        &self,
        challenge: &str,
        key: &str,
        solution: &str,
        now: u64,
    ) -> Result<(), Refused> {
        let (signed, tag) = challenge.rsplit_once('.').ok_or(Refused::Forged)?;
        let tag: Vec<u8> = (0..tag.len())
            .step_by(2)
            .map(|i| {
                tag.get(i..i + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            })
            .collect::<Option<_>>()
            .ok_or(Refused::Forged)?;
        self.mac(signed)
            .verify_slice(&tag)
            .map_err(|_| Refused::Forged)?;
        let expires: u64 = signed
            .split('.')
            .next()
            .and_then(|e| e.parse().ok())
            .ok_or(Refused::Forged)?;
        if now > expires {
            return Err(Refused::Expired);
        }
        if zero_bits(&work_hash(challenge, key, solution)) < u32::from(self.difficulty) {
            return Err(Refused::Wrong);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solve(challenge: &str, key: &str, difficulty: u8) -> String {
        (0u64..)
            .map(|n| n.to_string())
            .find(|s| zero_bits(&work_hash(challenge, key, s)) >= u32::from(difficulty))
            .unwrap_or_default()
    }

    #[test]
    fn zero_bits_counts_across_bytes() {
        assert_eq!(zero_bits(&[0, 0x0f, 0xff]), 12);
        assert_eq!(zero_bits(&[0x80]), 0);
        assert_eq!(zero_bits(&[0, 0]), 16);
    }

    #[test]
    fn a_solution_counts_for_its_key_until_expiry() {
        let pow = Pow::new(8);
        let issued = pow.issue(1000);
        assert_eq!(issued.expires, 1000 + LIFETIME_SECS);
        let solution = solve(&issued.challenge, "id-1", 8);
        assert_eq!(
            pow.verify(&issued.challenge, "id-1", &solution, 1001),
            Ok(())
        );
        assert_eq!(
            pow.verify(&issued.challenge, "id-1", &solution, issued.expires + 1),
            Err(Refused::Expired)
        );
        let other = (0u64..)
            .map(|n| n.to_string())
            .find(|s| zero_bits(&work_hash(&issued.challenge, "id-2", s)) < 8)
            .unwrap_or_default();
        assert_eq!(
            pow.verify(&issued.challenge, "id-2", &other, 1001),
            Err(Refused::Wrong)
        );
    }

    #[test]
    fn forged_challenges_are_refused() {
        let pow = Pow::new(1);
        let issued = pow.issue(1000);
        let later = issued
            .challenge
            .replacen(&issued.expires.to_string(), "99999999999", 1);
        assert_eq!(pow.verify(&later, "k", "0", 1001), Err(Refused::Forged));
        let foreign = Pow::new(1).issue(1000).challenge;
        assert_eq!(pow.verify(&foreign, "k", "0", 1001), Err(Refused::Forged));
        assert_eq!(pow.verify("nonsense", "k", "0", 1001), Err(Refused::Forged));
    }
}
