//! Staff authentication rules, free of HTTP and SQL: password hashing, sessions, CSRF,
//! sign-in lock-out, roles and the clock they all read.

pub mod clock;
pub mod csrf;
pub mod lockout;
pub mod password;
pub mod role;
pub mod session;

pub use clock::{Clock, FakeClock, SystemClock};
pub use role::Role;

use std::sync::Arc;
use tokio::sync::Semaphore;

/// What the console's handlers share about authentication.
pub struct Settings {
    /// The time, so expiry and lock-out can be tested on a fake clock.
    pub clock: Arc<dyn Clock>,
    /// Mark the session cookie `Secure` (set with `--secure-cookies`, or behind HTTPS).
    pub secure_cookies: bool,
    /// At most this many argon2 computations at once, so a flood cannot pin every core.
    pub hashing: Semaphore,
    /// Key of the per-client sign-in counters: client addresses are never stored as they are.
    pub client_key: [u8; 32],
}

impl Settings {
    /// Settings on `clock`, with a fresh random key for the per-client counters.
    pub fn new(clock: Arc<dyn Clock>, secure_cookies: bool) -> Result<Self, getrandom::Error> {
        let mut client_key = [0u8; 32];
        getrandom::fill(&mut client_key)?;
        Ok(Self {
            clock,
            secure_cookies,
            hashing: Semaphore::new(2),
            client_key,
        })
    }
}

/// `bytes` as lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `len` random bytes from the operating system, as hexadecimal.
pub fn random_hex(len: usize) -> Result<String, getrandom::Error> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}
