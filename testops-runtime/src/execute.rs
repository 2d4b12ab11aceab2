//! Executes one operation's HTTP request: adds the credentials, retries what is safe to retry
//! (the whole response, body included, is one attempt), and records a tracing span with the
//! operation, method, path, status, attempts and duration.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use tracing::Instrument;

use crate::api_info::ApiInfo;
use crate::body::{read_limited, BodyError};
use crate::call_record::record;
use crate::gate::{Gate, Outcome, Pass};
use crate::refusal::Refusal;
use crate::retry::{requested_wait, retryable_status, RetryPolicy};
use crate::secret::Secret;

/// Per-client state shared by every request: credentials, retry policy, API facts.
/// Its `Debug` output names the credential headers, never their values.
#[derive(Clone)]
pub struct Context {
    inner: Arc<Inner>,
}

struct Inner {
    info: ApiInfo,
    auth: Vec<(HeaderName, HeaderValue)>,
    /// Credentials sent as query parameters.
    auth_query: Vec<(&'static str, Secret)>,
    retry: RetryPolicy,
    max_response_size: u64,
    gate: Gate,
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.inner.auth.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Context")
            .field("api", &self.inner.info.crate_name)
            .field("credential_headers", &names)
            .field("retry", &self.inner.retry)
            .field("max_response_size", &self.inner.max_response_size)
            .field("max_concurrency", &self.inner.gate.max_concurrency())
            .finish()
    }
}

impl Context {
    /// Context of a client built by [`crate::ClientBuilder`].
    pub(crate) fn new(
        info: ApiInfo,
        auth: Vec<(HeaderName, HeaderValue)>,
        auth_query: Vec<(&'static str, Secret)>,
        retry: RetryPolicy,
        max_response_size: u64,
        max_concurrency: Option<usize>,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                info,
                auth,
                auth_query,
                retry,
                max_response_size,
                gate: Gate::new(max_concurrency),
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
        if !self.inner.info.anonymous.contains(&operation) {
            let headers = request.headers_mut();
            for (name, value) in &self.inner.auth {
                headers.insert(name.clone(), value.clone());
            }
            if !self.inner.auth_query.is_empty() {
                let mut pairs = request.url_mut().query_pairs_mut();
                for (name, secret) in &self.inner.auth_query {
                    pairs.append_pair(name, secret.expose());
                }
            }
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
            gate_wait_ms = tracing::field::Empty,
        );
        let retry = self.may_retry(&method, operation);
        let result = self
            .send_with_retries(http, request, retry)
            .instrument(span)
            .await;
        // A URL carrying a query credential never reaches an error message.
        if self.inner.auth_query.is_empty() {
            result
        } else {
            result.map_err(reqwest::Error::without_url)
        }
    }

    /// The request loop: one attempt after the other until a response is final, an error is not
    /// worth retrying, or the attempts or the wait budget run out. An attempt ends with the whole
    /// body read, so a body that breaks off is retried like a failed connection. Every attempt
    /// passes the client's rate-limit gate first; the time a retry waits there counts against
    /// the wait budget.
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
        let mut gate_wait = Duration::ZERO;
        let mut pending = request;
        let mut attempt = 1;
        // The answer of the attempt before, returned as it is if the gate cannot let the retry
        // go within the wait budget.
        let mut previous: Option<reqwest::Result<reqwest::Response>> = None;
        loop {
            let deadline = previous
                .is_some()
                .then(|| Instant::now() + policy.max_total_wait.saturating_sub(waited));
            let before_gate = Instant::now();
            let Some(pass) = self.inner.gate.pass(deadline).await else {
                let result = previous.expect("only a retry has a deadline");
                return self.finish(result, attempt - 1, start, gate_wait);
            };
            let at_gate = before_gate.elapsed();
            gate_wait += at_gate;
            if previous.take().is_some() {
                waited += at_gate;
            }
            // Keep a copy for the next attempt; a streaming body cannot be copied or retried.
            let spare = (attempt < max_attempts)
                .then(|| pending.try_clone())
                .flatten();
            let mut result = http.execute(pending).await;
            record(attempt, self.inner.info.spec);
            self.report(&pass, &result, attempt);
            let mut next = spare
                .as_ref()
                .and_then(|_| self.plan_retry(&result, attempt, waited));
            if next.is_none() {
                // This response is the answer, unless its body cannot be read.
                if let Ok(response) = result {
                    result = self.read(response).await;
                    // The status was already judged final; only a failed read is worth a new plan.
                    if result.is_err() {
                        next = spare
                            .as_ref()
                            .and_then(|_| self.plan_retry(&result, attempt, waited));
                    }
                }
            }
            drop(pass);
            let (Some((wait, reason)), Some(spare)) = (next, spare) else {
                return self.finish(result, attempt, start, gate_wait);
            };
            tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, %reason, "retrying request");
            // Read the refused answer (it is kept in case the gate cannot let the retry go in
            // time), so the connection goes back to the pool before sleeping.
            if let Ok(response) = result {
                result = self.read(response).await;
            }
            tokio::time::sleep(wait).await;
            waited += wait;
            previous = Some(result);
            pending = spare;
            attempt += 1;
        }
    }

    /// Reads a response's body within the size limit.
    async fn read(&self, response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
        match read_limited(response, self.inner.max_response_size).await {
            Ok(response) => Ok(response),
            Err(BodyError::Read(error)) => Err(error),
            Err(BodyError::TooLarge(refusal)) => refusal.into_result().await,
        }
    }

    /// Tells the gate what the server said to an attempt. A reset further away than the wait
    /// budget pauses nothing: no request would wait that long, each gets the server's `429`.
    fn report(&self, pass: &Pass, result: &reqwest::Result<reqwest::Response>, attempt: u32) {
        let Ok(response) = result else {
            return;
        };
        let policy = &self.inner.retry;
        let fallback = policy.backoff(attempt);
        let outcome = Outcome::of(response.status(), response.headers(), fallback);
        let too_far = |wait: &Duration| *wait > policy.max_total_wait;
        match outcome {
            Some(Outcome::Refused(wait) | Outcome::Exhausted(wait)) if too_far(&wait) => {}
            Some(outcome) => self.inner.gate.report(pass.slot, outcome),
            None => {}
        }
    }

    /// Records the outcome in the request's span and returns it.
    fn finish(
        &self,
        result: reqwest::Result<reqwest::Response>,
        attempts: u32,
        start: Instant,
        gate_wait: Duration,
    ) -> reqwest::Result<reqwest::Response> {
        let span = tracing::Span::current();
        if let Ok(response) = &result {
            span.record("status", response.status().as_u16());
        }
        span.record("attempts", attempts);
        span.record("duration_ms", start.elapsed().as_millis() as u64);
        if !gate_wait.is_zero() {
            span.record("gate_wait_ms", gate_wait.as_millis() as u64);
        }
        result
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

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;
    use crate::config::AuthHeader;

    /// A server on 127.0.0.1 answering one request `204`; its URL and the request as received.
    async fn one_request() -> (String, tokio::task::JoinHandle<String>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let received = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buffer = vec![0u8; 8192];
            let n = socket.read(&mut buffer).await.unwrap();
            socket
                .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
                .await
                .unwrap();
            String::from_utf8_lossy(&buffer[..n]).into_owned()
        });
        (url, received)
    }

    /// A context sending an API key in the query and a session cookie, except for `ping`.
    fn context() -> Context {
        let info = ApiInfo {
            crate_name: "t",
            crate_version: "0",
            default_base_url: "",
            retry_safe: &[],
            never_retry: &[],
            anonymous: &["ping"],
            spec: "t.yaml",
        };
        let cookie = AuthHeader::cookie("session", &Secret::new("c00kie"));
        Context::new(
            info,
            vec![cookie.to_header().unwrap()],
            vec![("api_key", Secret::new("k&ey"))],
            RetryPolicy::disabled(),
            1 << 20,
            None,
        )
    }

    async fn send(operation: &'static str) -> String {
        let (url, received) = one_request().await;
        let http = reqwest::Client::new();
        let request = http.get(format!("{url}/items?page=2")).build().unwrap();
        let response = context().execute(&http, request, operation).await.unwrap();
        assert_eq!(response.status(), 204);
        received.await.unwrap()
    }

    #[tokio::test]
    async fn query_and_cookie_credentials_are_sent_except_where_the_operation_wants_none() {
        let request = send("list_items").await;
        let lower = request.to_ascii_lowercase();
        assert!(
            request.starts_with("GET /items?page=2&api_key=k%26ey HTTP/1.1\r\n"),
            "{request}"
        );
        assert!(
            lower.contains("\r\ncookie: session=c00kie\r\n"),
            "{request}"
        );

        let request = send("ping").await;
        assert!(
            request.starts_with("GET /items?page=2 HTTP/1.1\r\n"),
            "{request}"
        );
        assert!(
            !request.to_ascii_lowercase().contains("cookie"),
            "{request}"
        );
    }
}
