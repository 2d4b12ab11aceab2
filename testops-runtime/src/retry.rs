//! When and how long to wait before retrying: exponential backoff with jitter, and the waits
//! servers ask for (`Retry-After`, `X-RateLimit-Reset`, `RateLimit-Reset`).

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Retry policy. Retries happen on connection errors, timeouts and the statuses 429, 500, 502,
/// 503 and 504, for operations that are safe to repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retries).
    pub max_attempts: u32,
    /// Backoff before the first retry; doubles for each next one.
    pub initial_backoff: Duration,
    /// Longest backoff between two attempts.
    pub max_backoff: Duration,
    /// Longest total time spent waiting between attempts; a wait the server asks for beyond it
    /// ends the retries.
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, 500 ms doubling up to 10 s, at most 60 s of waiting in all.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_total_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: one attempt.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the number of attempts (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the first backoff.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the longest backoff.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Sets the longest total wait.
    pub fn with_max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    /// Backoff before retry number `retry` (1-based): exponential, capped, with full jitter in
    /// its upper half so that clients spread out.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let base = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = base / 2;
        half.saturating_add(half.mul_f64(fastrand::f64()))
    }
}

/// Whether a status is worth retrying.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// The wait a response asks for: `Retry-After` (seconds or an HTTP date), else
/// `X-RateLimit-Reset` / `RateLimit-Reset` (seconds; a Unix time when it is that large).
pub(crate) fn requested_wait(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(value) = text("retry-after") {
        if let Ok(seconds) = value.parse::<f64>() {
            // Negative, NaN and absurdly large values are not a wait.
            return Duration::try_from_secs_f64(seconds).ok();
        }
        if let Ok(date) = httpdate::parse_http_date(value) {
            return Some(
                date.duration_since(SystemTime::now())
                    .unwrap_or(Duration::ZERO),
            );
        }
    }
    for name in ["x-ratelimit-reset", "ratelimit-reset"] {
        if let Some(seconds) = text(name).and_then(|v| v.parse::<u64>().ok()) {
            // Values this large are Unix times rather than delays.
            if seconds > 1_000_000_000 {
                let reset = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds))?;
                return Some(
                    reset
                        .duration_since(SystemTime::now())
                        .unwrap_or(Duration::ZERO),
                );
            }
            return Some(Duration::from_secs(seconds));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(name, HeaderValue::from_str(value).unwrap());
        map
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(
            requested_wait(&headers("retry-after", "3")),
            Some(Duration::from_secs(3))
        );
        let future = SystemTime::now() + Duration::from_secs(120);
        let wait =
            requested_wait(&headers("retry-after", &httpdate::fmt_http_date(future))).unwrap();
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        let past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(1));
        assert_eq!(
            requested_wait(&headers("retry-after", &past)),
            Some(Duration::ZERO)
        );
        assert_eq!(requested_wait(&headers("retry-after", "soon")), None);
        for absurd in ["1e300", "-1", "NaN", "inf"] {
            assert_eq!(
                requested_wait(&headers("retry-after", absurd)),
                None,
                "{absurd}"
            );
        }
    }

    #[test]
    fn rate_limit_reset_delay_or_unix_time() {
        assert_eq!(
            requested_wait(&headers("x-ratelimit-reset", "7")),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            requested_wait(&headers("ratelimit-reset", "2")),
            Some(Duration::from_secs(2))
        );
        let at = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 30;
        let wait = requested_wait(&headers("x-ratelimit-reset", &at.to_string())).unwrap();
        assert!(
            wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert_eq!(
            requested_wait(&headers("x-ratelimit-reset", &u64::MAX.to_string())),
            None
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        for retry in 1..10 {
            let wait = policy.backoff(retry);
            let base = (policy.initial_backoff * 2u32.pow(retry - 1)).min(policy.max_backoff);
            assert!(wait >= base / 2 && wait <= base, "retry {retry}: {wait:?}");
        }
    }
}
