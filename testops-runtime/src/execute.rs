//! Executes one operation's HTTP request: adds the credentials, retries what is safe to retry
//! (the whole response, body included, is one attempt), and records a tracing span with the
//! operation, method, path, status, attempts and duration.

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use tracing::Instrument;

use crate::body::{read_limited, BodyError};
use crate::config::ApiInfo;
use crate::refusal::Refusal;
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
    max_response_size: u64,
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.inner.auth.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Context")
            .field("api", &self.inner.info.crate_name)
            .field("credential_headers", &names)
            .field("retry", &self.inner.retry)
            .field("max_response_size", &self.inner.max_response_size)
            .finish()
    }
}

/// What the last request of an operation call did; read by the error conversion.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CallRecord {
    /// Attempts made.
    pub attempts: u32,
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

fn record(attempts: u32) {
    let _ = CALL.try_with(|c| c.set(CallRecord { attempts }));
}

impl Context {
    /// Context of a client built by [`crate::ClientBuilder`].
    pub(crate) fn new(
        info: ApiInfo,
        auth: Vec<(HeaderName, HeaderValue)>,
        retry: RetryPolicy,
        max_response_size: u64,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                info,
                auth,
                retry,
                max_response_size,
            }),
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

    /// The request loop: one attempt after the other until a response is final, an error is not
    /// worth retrying, or the attempts or the wait budget run out. An attempt ends with the whole
    /// body read, so a body that breaks off is retried like a failed connection.
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
            let mut result = http.execute(pending).await;
            let status = result.as_ref().ok().map(|r| r.status());
            record(attempt);
            let mut next = spare
                .as_ref()
                .and_then(|_| self.plan_retry(&result, attempt, waited));
            if next.is_none() {
                // This response is the answer, unless its body cannot be read.
                if let Ok(response) = result {
                    result = match read_limited(response, self.inner.max_response_size).await {
                        Ok(response) => Ok(response),
                        Err(BodyError::Read(error)) => Err(error),
                        Err(BodyError::TooLarge(refusal)) => refusal.into_result().await,
                    };
                    // The status was already judged final; only a failed read is worth a new plan.
                    if result.is_err() {
                        next = spare
                            .as_ref()
                            .and_then(|_| self.plan_retry(&result, attempt, waited));
                    }
                }
            }
            let (Some((wait, reason)), Some(spare)) = (next, spare) else {
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
            pending = spare;
            attempt += 1;
        }
    }

    /// The wait before the next attempt and why, if `result` is worth retrying within the
    /// budget.
    fn plan_retry(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        attempt: u32,
        waited: Duration,
    ) -> Option<(Duration, String)> {
        let policy = &self.inner.retry;
        let reason = retry_reason(result)?;
        let asked = result
            .as_ref()
            .ok()
            .and_then(|r| requested_wait(r.headers()));
        let wait = asked.unwrap_or_else(|| policy.backoff(attempt));
        (waited.saturating_add(wait) <= policy.max_total_wait).then_some((wait, reason))
    }
}

/// Why `result` is worth another attempt: a retryable status, a timeout, or a connection that
/// failed or broke (while sending, or while reading the body). Redirects refused by the policy
/// and bodies over the size limit are final.
fn retry_reason(result: &reqwest::Result<reqwest::Response>) -> Option<String> {
    match result {
        Ok(response) if retryable_status(response.status()) => {
            Some(format!("status {}", response.status().as_u16()))
        }
        Ok(_) => None,
        // Before the body checks: a refusal (size limit) travels as a decode error.
        Err(e) if Refusal::find(e).is_some() || e.is_redirect() || e.is_builder() => None,
        Err(e) if e.is_timeout() => Some("timeout".to_string()),
        Err(e) if e.is_connect() || e.is_request() => Some("connection error".to_string()),
        Err(e) if e.is_body() || e.is_decode() => Some("body read failed".to_string()),
        Err(_) => None,
    }
}
