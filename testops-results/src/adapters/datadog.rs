//! Datadog CI Visibility: the test events a query selects in a window, newest first, read page
//! by page (1,000 events a page by default). Events carry the test, its outcome, its flaky flag
//! and the CI pipeline and Git commit it ran for, as free-form attributes; both nested
//! (`{"test": {"name": ..}}`) and dotted (`{"test.name": ..}`) spellings are read.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use futures::{StreamExt, TryStreamExt};
use serde_json::{Map, Value};
use testops_datadog::types::{CiAppSort, CiAppTestEvent};
use testops_datadog::Client;

use super::{split_message, ResultStream};
use crate::error::Error;
use crate::model::{Run, Status, TestResult, Vendor};
use crate::query::{Query, Scope};

const VENDOR: Vendor = Vendor::Datadog;

/// Reads Datadog test events.
#[derive(Clone, Debug)]
pub struct Datadog {
    client: Client,
    query: String,
    page_size: u32,
}

impl Datadog {
    /// Reads the events matching `query` (Datadog's search syntax, e.g. `@test.service:api`; empty
    /// for all) with `client`.
    pub fn new(client: Client, query: impl Into<String>) -> Self {
        Self {
            client,
            query: query.into(),
            page_size: 1000,
        }
    }

    /// Events per page (1 to 1,000; 1,000 by default).
    pub fn page_size(mut self, events: u32) -> Self {
        self.page_size = events.clamp(1, 1000);
        self
    }

    /// The search query sent for `query`: the adapter's own, narrowed to the branch and, for
    /// failures, to failed tests.
    pub fn search(&self, query: &Query) -> String {
        let mut parts = Vec::new();
        if !self.query.trim().is_empty() {
            parts.push(self.query.trim().to_string());
        }
        if let Some(branch) = &query.branch {
            parts.push(format!("@git.branch:{}", quote(branch)));
        }
        if query.scope == Scope::Failures {
            parts.push("@test.status:fail".to_string());
        }
        if parts.is_empty() {
            "*".to_string()
        } else {
            parts.join(" ")
        }
    }

    /// The results of the matching events of the window, newest first.
    pub fn results(&self, query: &Query) -> ResultStream<'_> {
        let mut request = self
            .client
            .list_ci_app_test_events()
            .filter_query(self.search(query))
            .page_limit(self.page_size as i32)
            .sort(CiAppSort::TimestampDescending);
        if let Some(since) = query.window.since {
            request = request.filter_from(since);
        }
        if let Some(until) = query.window.until {
            request = request.filter_to(until);
        }
        request
            .stream()
            .map_err(|e| Error::from_api(VENDOR, &e))
            .try_filter_map(|event| futures::future::ready(Ok(test_result(event))))
            .boxed()
    }
}

/// A search value, quoted when it holds anything but word characters.
fn quote(value: &str) -> String {
    if value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        value.to_string()
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The value at a dotted path, written nested or with the dotted key (or partly both).
fn lookup<'a>(attributes: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(value) = attributes.get(path) {
        return Some(value);
    }
    let mut split = path.char_indices().filter(|(_, c)| *c == '.');
    split.find_map(|(at, _)| match attributes.get(&path[..at]) {
        Some(Value::Object(inner)) => lookup(inner, &path[at + 1..]),
        _ => None,
    })
}

fn text(attributes: &Map<String, Value>, path: &str) -> Option<String> {
    match lookup(attributes, path)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number(attributes: &Map<String, Value>, path: &str) -> Option<f64> {
    match lookup(attributes, path)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn flag(attributes: &Map<String, Value>, path: &str) -> bool {
    match lookup(attributes, path) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// An RFC 3339 string, or a number of milliseconds (or nanoseconds, when it is that large)
/// since the epoch.
fn instant(attributes: &Map<String, Value>, path: &str) -> Option<DateTime<Utc>> {
    match lookup(attributes, path)? {
        Value::String(s) => DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|at| at.with_timezone(&Utc))
            .or_else(|| s.parse::<i64>().ok().and_then(epoch)),
        Value::Number(n) => n.as_i64().and_then(epoch),
        _ => None,
    }
}

fn epoch(value: i64) -> Option<DateTime<Utc>> {
    if value > 10_000_000_000_000 {
        Some(Utc.timestamp_nanos(value))
    } else {
        Utc.timestamp_millis_opt(value).single()
    }
}

/// Maps one event; an event without a test name is not a test result and is skipped.
fn test_result(event: CiAppTestEvent) -> Option<TestResult> {
    let outer = event.attributes?;
    let a = &outer.attributes;
    let name = text(a, "test.name")?;
    let start = instant(a, "start").or_else(|| instant(a, "timestamp"));
    let duration_ms = number(a, "duration")
        .or_else(|| number(a, "test.duration"))
        .filter(|ns| ns.is_finite() && *ns >= 0.0)
        .map(|ns| (ns / 1_000_000.0).round() as u64);
    let run = Run {
        vendor: VENDOR,
        project: text(a, "test.service").or_else(|| text(a, "service")),
        id: text(a, "ci.pipeline.id")
            .or_else(|| text(a, "test_session_id"))
            .or_else(|| event.id.clone())
            .unwrap_or_default(),
        number: number(a, "ci.pipeline.number").map(|n| n as i64),
        url: text(a, "ci.job.url").or_else(|| text(a, "ci.pipeline.url")),
        job: text(a, "ci.job.name").or_else(|| text(a, "ci.pipeline.name")),
        branch: text(a, "git.branch"),
        commit: text(a, "git.commit.sha"),
        repository: text(a, "git.repository_url"),
        started: start,
    };
    let raw_status = text(a, "test.status").unwrap_or_default();
    let status = match raw_status.to_ascii_lowercase().as_str() {
        "pass" | "passed" => Status::Passed,
        "fail" | "failed" | "error" => Status::Failed,
        "skip" | "skipped" => Status::Skipped,
        _ => Status::Other,
    };
    let (message, mut trace) = split_message(text(a, "error.message"));
    if let Some(stack) = text(a, "error.stack") {
        trace = Some(stack);
    }
    let mut result = TestResult::new(name, status, Arc::new(run));
    result.suite = ["test.module", "test.suite"]
        .iter()
        .filter_map(|path| text(a, path))
        .collect();
    result.file = text(a, "test.source.file");
    result.line = number(a, "test.source.start").map(|n| n as u32);
    result.raw_status = raw_status;
    result.duration_ms = duration_ms;
    result.message = message;
    result.trace = trace;
    result.retries = number(a, "test.retry_number")
        .map(|n| n as u32)
        .unwrap_or(u32::from(flag(a, "test.is_retry")));
    result.flaky = flag(a, "test.is_flaky");
    result.start = start;
    result.stop = start
        .zip(duration_ms)
        .map(|(at, ms)| at + chrono::Duration::milliseconds(i64::try_from(ms).unwrap_or(i64::MAX)));
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lookup_nested_dotted_and_mixed() {
        let a = json!({
            "test": {"name": "nested", "source": {"file": "a.py"}},
            "test.suite": "dotted",
            "git": {"commit.sha": "abc"}
        });
        let a = a.as_object().unwrap();
        assert_eq!(text(a, "test.name").as_deref(), Some("nested"));
        assert_eq!(text(a, "test.source.file").as_deref(), Some("a.py"));
        assert_eq!(text(a, "test.suite").as_deref(), Some("dotted"));
        assert_eq!(text(a, "git.commit.sha").as_deref(), Some("abc"));
        assert_eq!(text(a, "test.missing"), None);
    }

    #[test]
    fn search_query_adds_branch_and_failures() {
        let client = Client::builder(testops_datadog::Credentials {
            api_key: "k".into(),
            application_key: "a".into(),
        })
        .build()
        .unwrap();
        let adapter = Datadog::new(client, "@test.service:api");
        let query = Query {
            branch: Some("feature x".into()),
            scope: Scope::Failures,
            ..Query::default()
        };
        assert_eq!(
            adapter.search(&query),
            "@test.service:api @git.branch:\"feature x\" @test.status:fail"
        );
        let adapter = Datadog::new(adapter.client.clone(), "");
        assert_eq!(adapter.search(&Query::default()), "*");
    }
}
