//! A client of a local test server.

use std::time::Duration;

use runtime::{Api, ClientBuilder, RetryPolicy};

/// Retries with millisecond backoffs, so retry tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
}

/// The client `builder` makes (it carries the vendor's credentials), sending to `base_url` (a
/// local server) with [`fast_retries`].
pub fn client<A: Api>(builder: ClientBuilder<A>, base_url: &str) -> A {
    builder
        .base_url(base_url)
        .retry(fast_retries())
        .build()
        .unwrap_or_else(|e| panic!("a client of {base_url}: {e}"))
}
