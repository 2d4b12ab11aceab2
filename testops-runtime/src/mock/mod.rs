//! The engine behind each generated client's `mock` module (feature `mock`): a local HTTP server
//! (httpmock, listening on 127.0.0.1 only) that answers expectations built from the spec, counts
//! how often each matched, and lists the requests that matched none.
//!
//! Each expectation is a [`Matcher`] and one or more [`Answer`]s given in turn (the last one
//! repeats). The first expectation mounted that matches a request answers it; a request no
//! expectation matches gets `404` with a body saying so, and is kept for [`Server::verify`].

mod matcher;
mod pages;
mod reply;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

pub use matcher::{Matcher, Request};
pub use pages::{serve_pages, PageStyle};
pub use reply::{to_json_bytes, Answer, Reply};

use crate::RetryPolicy;

/// Retries for tests: three attempts, a few milliseconds apart, waiting at most 5 s in all for
/// what a server asks (`Retry-After`).
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(2))
        .with_max_backoff(Duration::from_millis(20))
        .with_max_total_wait(Duration::from_secs(5))
}

/// What the expectations and the catch-all share with the server.
#[derive(Default)]
struct Shared {
    /// Requests no expectation matched, as one-line summaries.
    unmatched: Mutex<Vec<String>>,
    /// Every expectation mounted: its description and answer count.
    expectations: Mutex<Vec<(String, Arc<Mutex<usize>>)>>,
    /// The id of the catch-all mock, always the last one mounted.
    catch_all: Mutex<Option<usize>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    /// Every expectation with its count, and every request that matched nothing.
    fn report(&self) -> String {
        let mut out = String::from("expectations (first match answers):\n");
        for (describe, hits) in lock(&self.expectations).iter() {
            let _ = writeln!(out, "  {describe}: matched {} time(s)", *lock(hits));
        }
        let unmatched = lock(&self.unmatched);
        if unmatched.is_empty() {
            out.push_str("no request went unmatched\n");
        } else {
            let _ = writeln!(
                out,
                "{} request(s) matched no expectation:",
                unmatched.len()
            );
            for request in unmatched.iter() {
                let _ = writeln!(out, "  {request}");
            }
        }
        out
    }
}

/// A mock server on 127.0.0.1. Dropping it stops answering.
pub struct Server {
    http: httpmock::MockServer,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("base_url", &self.http.base_url())
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Starts a server on 127.0.0.1 (a free port).
    pub async fn start() -> Self {
        let server = Self {
            http: httpmock::MockServer::start_async().await,
            shared: Arc::default(),
        };
        server.mount_catch_all();
        server
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        self.http.base_url()
    }

    /// The underlying httpmock server, for what typed expectations cannot say.
    pub fn http(&self) -> &httpmock::MockServer {
        &self.http
    }

    /// Answers requests `matcher` accepts with `answers` in turn, the last one repeating.
    pub fn mount(&self, matcher: Matcher, answers: Vec<Answer>) -> Expectation {
        let describe = matcher.describe();
        let served = Arc::new(Mutex::new(0usize));
        let steps = answers.len().max(1);
        let answers = if answers.is_empty() {
            vec![Answer {
                status: 200,
                headers: Vec::new(),
                body: Vec::new(),
                delay: None,
            }]
        } else {
            answers
        };
        self.remove_catch_all();
        let matcher = Arc::new(matcher);
        for (step, answer) in answers.into_iter().enumerate() {
            let (matcher, served) = (matcher.clone(), served.clone());
            self.http.mock(|when, then| {
                when.is_true(move |req| {
                    if !matcher.matches(&Request::from_http(req)) {
                        return false;
                    }
                    // This step answers when it is the next one due (the last one repeats).
                    let mut count = lock(&served);
                    if (*count).min(steps - 1) == step {
                        *count += 1;
                        true
                    } else {
                        false
                    }
                });
                let mut then = then.status(answer.status).body(&answer.body);
                for (name, value) in &answer.headers {
                    then = then.header(name.as_str(), value.as_str());
                }
                if let Some(delay) = answer.delay {
                    then.delay(delay);
                }
            });
        }
        lock(&self.shared.expectations).push((describe.clone(), served.clone()));
        self.mount_catch_all();
        Expectation {
            describe,
            served,
            shared: self.shared.clone(),
        }
    }

    /// Requests that matched no expectation, one summary each (method, path and query, body).
    pub fn unmatched(&self) -> Vec<String> {
        lock(&self.shared.unmatched).clone()
    }

    /// Every expectation with how often it matched, and the requests that matched nothing.
    pub fn report(&self) -> String {
        self.shared.report()
    }

    /// Panics, with [`report`](Self::report), if any request matched no expectation.
    #[track_caller]
    pub fn verify(&self) {
        if !lock(&self.shared.unmatched).is_empty() {
            panic!(
                "the mock server got requests it did not expect\n{}",
                self.report()
            );
        }
    }

    /// Keeps every request that reaches it (no expectation matched) and answers `404` with the
    /// expectations mounted, so that the client's error already says what was expected.
    fn mount_catch_all(&self) {
        let shared = self.shared.clone();
        let mounted: Vec<String> = lock(&self.shared.expectations)
            .iter()
            .map(|(describe, _)| describe.clone())
            .collect();
        let body = format!(
            "no mock expectation matches this request; expected: {}",
            mounted.join("; ")
        );
        let mock = self.http.mock(|when, then| {
            when.is_true(move |req| {
                lock(&shared.unmatched).push(Request::from_http(req).summary());
                true
            });
            then.status(404)
                .header("Content-Type", "text/plain")
                .body(&body);
        });
        *lock(&self.shared.catch_all) = Some(mock.id);
    }

    fn remove_catch_all(&self) {
        if let Some(id) = lock(&self.shared.catch_all).take() {
            httpmock::Mock::new(id, &self.http).delete();
        }
    }
}

/// A mounted expectation: how many requests it answered.
#[derive(Clone)]
pub struct Expectation {
    describe: String,
    served: Arc<Mutex<usize>>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Expectation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expectation")
            .field("describe", &self.describe)
            .field("hits", &self.hits())
            .finish()
    }
}

impl Expectation {
    /// How many requests this expectation answered.
    pub fn hits(&self) -> usize {
        *lock(&self.served)
    }

    /// Panics, listing every expectation and the requests that matched none, unless this
    /// expectation answered exactly `expected` requests.
    #[track_caller]
    pub fn assert_hits(&self, expected: usize) {
        let hits = self.hits();
        if hits != expected {
            panic!(
                "expected {expected} request(s) to match {}, got {hits}\n{}",
                self.describe,
                self.shared.report()
            );
        }
    }

    /// How the expectation reads: operation, method, path and conditions.
    pub fn describe(&self) -> &str {
        &self.describe
    }
}
