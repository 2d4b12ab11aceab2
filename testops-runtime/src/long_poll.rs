//! Long polling: an operation whose server answers a "pending" status (Checkly's `408` on
//! awaiting a test session) while the result is not ready, and is meant to be asked again.
//!
//! This is not a retry: it does not use the retry budget and does not back off exponentially.
//! Each round is one ordinary call (with its own retries for 429/5xx and connection failures);
//! a pending answer starts the next round, at most one round per [`MIN_ROUND`], until the result
//! arrives, another error does, or the deadline passes ([`ErrorKind::PollTimeout`], keeping the
//! last pending response's status and body).

use std::future::Future;
use std::time::{Duration, Instant};

use crate::{Error, ErrorKind};

/// The deadline of `send()` on a long-polling operation; `send_within()` takes another.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(10 * 60);

/// The shortest time between the starts of two rounds: a server that holds the request until
/// its own timeout is asked again at once, one that answers "pending" at once is asked at most
/// this often.
pub const MIN_ROUND: Duration = Duration::from_secs(1);

/// Calls `round` until it returns something other than an error with status `pending`, or until
/// `deadline` has passed.
pub async fn long_poll<T, E, F, Fut>(
    operation: &'static str,
    pending: u16,
    deadline: Duration,
    mut round: F,
) -> Result<T, Error<E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error<E>>>,
{
    let start = Instant::now();
    let mut rounds: u32 = 0;
    // The last pending answer, kept for the timeout error however the deadline is reached.
    let mut last = None;
    loop {
        let remaining = deadline.saturating_sub(start.elapsed());
        let begun = Instant::now();
        rounds += 1;
        match tokio::time::timeout(remaining, round()).await {
            Err(_) => return Err(Error::poll_timeout(operation, rounds, deadline, last)),
            Ok(Err(e)) if e.status().is_some_and(|s| s.as_u16() == pending) => last = Some(e),
            Ok(other) => return other,
        }
        tracing::debug!(
            operation,
            round = rounds,
            status = pending,
            "result still pending; asking again"
        );
        let pause = MIN_ROUND.saturating_sub(begun.elapsed());
        if start.elapsed() + pause >= deadline {
            return Err(Error::poll_timeout(operation, rounds, deadline, last));
        }
        tokio::time::sleep(pause).await;
    }
}

impl<E> Error<E> {
    /// The deadline passed while the result was pending; keeps the last pending response.
    fn poll_timeout(
        operation: &'static str,
        rounds: u32,
        deadline: Duration,
        last: Option<Error<E>>,
    ) -> Self {
        let detail =
            format!("still pending after {rounds} round(s) and the deadline of {deadline:?}");
        match last {
            Some(last) => last.with_kind(ErrorKind::PollTimeout, detail),
            None => Error::bare(ErrorKind::PollTimeout, operation, detail),
        }
    }
}
