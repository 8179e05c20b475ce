//! When to try again: which failures are worth retrying, exponential backoff with full
//! jitter, and `Retry-After` in seconds or as an HTTP date.

use crate::api::ApiError;

/// First retry waits up to this long; each further one doubles it.
pub const BASE_DELAY_MS: u64 = 1_000;
/// No single wait is longer than this (unless the server asks for more with Retry-After).
pub const MAX_DELAY_MS: u64 = 60_000;
/// After this many attempts a message stops retrying on its own and waits for the reader.
pub const MAX_ATTEMPTS: u32 = 8;
/// A server may ask for a long pause, but not for more than a day.
const MAX_RETRY_AFTER_MS: u64 = 24 * 3600 * 1000;

/// What an attempt's outcome means for the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Delivered,
    /// Worth another try, not before `not_before_ms` from now if the server said so.
    Retry {
        retry_after_ms: Option<u64>,
    },
    /// The backend refused it for good; the reader must change something.
    Final,
}

/// Network errors, timeouts, 408, 429 and 5xx are retried; other failures are final.
pub fn verdict(result: &Result<(), ApiError>, now_ms: u64) -> Verdict {
    match result {
        Ok(()) => Verdict::Delivered,
        Err(ApiError::Network | ApiError::Timeout) => Verdict::Retry {
            retry_after_ms: None,
        },
        Err(ApiError::Http {
            status,
            retry_after,
            ..
        }) if *status == 408 || *status == 429 || (500..600).contains(status) => Verdict::Retry {
            retry_after_ms: retry_after
                .as_deref()
                .and_then(|value| parse_retry_after(value, now_ms)),
        },
        Err(_) => Verdict::Final,
    }
}

/// Full jitter: a uniformly random wait between 0 and `min(MAX, BASE * 2^attempt)`,
/// but never shorter than the server's `Retry-After`. `random` is in `[0, 1)`.
pub fn backoff_ms(attempts_made: u32, random: f64, retry_after_ms: Option<u64>) -> u64 {
    let exponent = attempts_made.saturating_sub(1).min(20);
    let ceiling = BASE_DELAY_MS
        .saturating_mul(1 << exponent)
        .min(MAX_DELAY_MS);
    let jittered = (ceiling as f64 * random.clamp(0.0, 1.0)) as u64;
    jittered.max(retry_after_ms.unwrap_or(0))
}

/// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`, as milliseconds from now.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    let wait = if let Ok(seconds) = value.parse::<u64>() {
        seconds.saturating_mul(1000)
    } else {
        parse_http_date_ms(value)?.saturating_sub(now_ms)
    };
    Some(wait.min(MAX_RETRY_AFTER_MS))
}

/// Parses the IMF-fixdate form of an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date_ms(value: &str) -> Option<u64> {
    let (_, rest) = value.split_once(", ")?;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|name| name == month)? as i64
        + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let clock: Vec<i64> = time
        .split(':')
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    let [hours, minutes, seconds] = clock.as_slice() else {
        return None;
    };
    if !(1..=31).contains(&day) || *hours > 23 || *minutes > 59 || *seconds > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let total = days * 86_400 + hours * 3600 + minutes * 60 + seconds;
    u64::try_from(total).ok().map(|s| s * 1000)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, retry_after: Option<&str>) -> Result<(), ApiError> {
        Err(ApiError::Http {
            status,
            message: None,
            field_errors: Vec::new(),
            retry_after: retry_after.map(str::to_owned),
            lang: None,
        })
    }

    #[test]
    fn transient_failures_are_retried_and_others_are_final() {
        assert_eq!(verdict(&Ok(()), 0), Verdict::Delivered);
        for result in [
            Err(ApiError::Network),
            Err(ApiError::Timeout),
            http(408, None),
            http(500, None),
            http(503, None),
            http(599, None),
        ] {
            assert_eq!(
                verdict(&result, 0),
                Verdict::Retry {
                    retry_after_ms: None
                },
                "{result:?}"
            );
        }
        for status in [400, 401, 403, 404, 409, 413, 415, 422] {
            assert_eq!(verdict(&http(status, None), 0), Verdict::Final, "{status}");
        }
        assert_eq!(verdict(&Err(ApiError::Rejected(None)), 0), Verdict::Final);
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(
            verdict(&http(429, Some("3")), 0),
            Verdict::Retry {
                retry_after_ms: Some(3000)
            }
        );
        let now = parse_http_date_ms("Wed, 21 Oct 2015 07:28:00 GMT").expect("date");
        assert_eq!(now, 1_445_412_480_000);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(30_000)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(0)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(
            parse_retry_after("99999999999", now),
            Some(MAX_RETRY_AFTER_MS)
        );
        assert_eq!(
            parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000)
        );
        assert_eq!(parse_http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT"), None);
    }

    #[test]
    fn backoff_grows_exponentially_with_full_jitter_and_a_cap() {
        assert_eq!(backoff_ms(1, 0.999_999, None), 999);
        assert_eq!(backoff_ms(2, 0.999_999, None), 1_999);
        assert_eq!(backoff_ms(4, 0.5, None), 4_000);
        assert_eq!(backoff_ms(30, 0.999_999, None), 59_999);
        assert_eq!(backoff_ms(3, 0.0, None), 0);
        assert_eq!(backoff_ms(1, 0.1, Some(5_000)), 5_000);
        assert_eq!(backoff_ms(u32::MAX, 1.0, None), MAX_DELAY_MS);
    }
}
