//! The clock: session expiry and sign-in lock-out read the time from here, so tests can
//! move it by hand instead of sleeping.

use std::sync::{Mutex, PoisonError};
use time::OffsetDateTime;

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> OffsetDateTime;

    /// Now, in whole seconds since 1970 (what the session and lock-out rows store).
    fn unix(&self) -> i64 {
        self.now().unix_timestamp()
    }
}

/// The system's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that only moves when told to (for tests).
pub struct FakeClock(Mutex<OffsetDateTime>);

impl FakeClock {
    /// A clock standing at `unix` seconds.
    pub fn at(unix: i64) -> Self {
        Self(Mutex::new(
            OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH),
        ))
    }

    /// Moves the clock forward by `seconds`.
    pub fn advance(&self, seconds: i64) {
        let mut now = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *now += time::Duration::seconds(seconds);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::{Clock, FakeClock};

    #[test]
    fn a_fake_clock_moves_only_when_told() {
        let clock = FakeClock::at(1_000);
        assert_eq!(clock.unix(), 1_000);
        clock.advance(61);
        assert_eq!(clock.unix(), 1_061);
    }
}
