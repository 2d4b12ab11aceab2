//! Executes one operation's HTTP request: adds the credentials, retries what is safe to retry,
//! and records a tracing span with the operation, method, path, status, attempts and duration.

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::config::ApiInfo;
use crate::retry::{requested_wait, retryable_status, RetryPolicy};

/// Per-client state shared by every request: credentials, retry policy, API facts.
/// Its `Debug` output names the credential headers, never their values.
#[derive(Clone)]
pub struct Context {
    inner: Arc<Inner>,
}

struct Inner {
    info: ApiInfo,
    auth: Vec<(HeaderName, HeaderValue)>,
    retry: RetryPolicy,
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.inner.auth.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Context")
            .field("api", &self.inner.info.crate_name)
            .field("credential_headers", &names)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// What the last request of an operation call did; read by the error conversion.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CallRecord {
    /// Attempts made.
    pub attempts: u32,
    /// Status of the last response, if any.
    pub status: Option<StatusCode>,
}

tokio::task_local! {
    static CALL: Cell<CallRecord>;
}

/// Runs one operation call, returning its output and what its requests did.
pub(crate) async fn track<F: Future>(call: F) -> (F::Output, CallRecord) {
    CALL.scope(Cell::new(CallRecord::default()), async move {
        let output = call.await;
        (output, CALL.with(Cell::get))
    })
    .await
}

fn record(attempts: u32, status: Option<StatusCode>) {
    let _ = CALL.try_with(|c| c.set(CallRecord { attempts, status }));
}

impl Context {
    /// Context of a client built by [`crate::ClientBuilder`].
    pub(crate) fn new(
        info: ApiInfo,
        auth: Vec<(HeaderName, HeaderValue)>,
        retry: RetryPolicy,
    ) -> Self {
        Self {
            inner: Arc::new(Inner { info, auth, retry }),
        }
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Whether `operation` may be sent again after a failure.
    fn may_retry(&self, method: &Method, operation: &str) -> bool {
        let info = &self.inner.info;
        if info.never_retry.contains(&operation) {
            return false;
        }
        match *method {
            Method::POST | Method::PATCH => info.retry_safe.contains(&operation),
            _ => true,
        }
    }

    /// Sends `request` for `operation`, with credentials and retries.
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        operation: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        let headers = request.headers_mut();
        // progenitor adds an `api-version` header that none of the vendors documents.
        headers.remove("api-version");
        for (name, value) in &self.inner.auth {
            headers.insert(name.clone(), value.clone());
        }
        let method = request.method().clone();
        let span = tracing::debug_span!(
            "api_request",
            operation,
            method = %method,
            path = request.url().path(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let retry = self.may_retry(&method, operation);
        self.send_with_retries(http, request, retry)
            .instrument(span)
            .await
    }

    async fn send_with_retries(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        retry: bool,
    ) -> reqwest::Result<reqwest::Response> {
        let policy = &self.inner.retry;
        let max_attempts = if retry { policy.max_attempts.max(1) } else { 1 };
        let start = Instant::now();
        let mut waited = Duration::ZERO;
        let mut pending = request;
        let mut attempt = 1;
        loop {
            // Keep a copy for the next attempt; a streaming body cannot be copied or retried.
            let spare = (attempt < max_attempts)
                .then(|| pending.try_clone())
                .flatten();
            let result = http.execute(pending).await;
            let status = result.as_ref().ok().map(|r| r.status());
            record(attempt, status);
            let reason = match &result {
                Ok(response) if retryable_status(response.status()) => {
                    Some(format!("status {}", response.status().as_u16()))
                }
                Ok(_) => None,
                Err(e) if e.is_timeout() => Some("timeout".to_string()),
                Err(e) if e.is_connect() || e.is_request() => Some("connection error".to_string()),
                Err(_) => None,
            };
            let next = match (reason, spare) {
                (Some(reason), Some(next)) => {
                    let asked = result
                        .as_ref()
                        .ok()
                        .and_then(|r| requested_wait(r.headers()));
                    let wait = asked.unwrap_or_else(|| policy.backoff(attempt));
                    (waited + wait <= policy.max_total_wait).then_some((next, wait, reason))
                }
                _ => None,
            };
            let Some((next, wait, reason)) = next else {
                let span = tracing::Span::current();
                if let Some(status) = status {
                    span.record("status", status.as_u16());
                }
                span.record("attempts", attempt);
                span.record("duration_ms", start.elapsed().as_millis() as u64);
                return result;
            };
            tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, %reason, "retrying request");
            // Let the connection go before sleeping.
            drop(result);
            tokio::time::sleep(wait).await;
            waited += wait;
            pending = next;
            attempt += 1;
        }
    }
}
