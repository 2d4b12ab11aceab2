//! CTRF (Common Test Report Format) documents: written as results arrive (the summary follows the
//! tests), and read back into the model without loss. Each test keeps its run and identity in
//! `extra`, so a document of several vendors and runs round-trips.

use std::io::{self, Read, Write};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::epoch_ms;
use crate::model::{Counts, Run, Status, TestResult};

/// The CTRF specification version written.
pub const SPEC_VERSION: &str = "0.0.0";

/// One CTRF test object, as this crate writes and reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Test {
    /// The test name.
    pub name: String,
    /// The CTRF status.
    pub status: Status,
    /// Milliseconds (0 when unknown; see `extra.durationUnknown`).
    pub duration: u64,
    /// Start, milliseconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// Stop, milliseconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop: Option<i64>,
    /// The suite path (absent when empty: CTRF wants at least one entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suite: Option<Vec<String>>,
    /// The failure message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The trace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<String>,
    /// The line of the test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The vendor's status.
    pub raw_status: String,
    /// The file of the test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_path: Option<String>,
    /// Re-executions after the first attempt.
    pub retries: u32,
    /// The flaky flag.
    pub flaky: bool,
    /// The stable test identity (see [`TestIdentity::key`](crate::TestIdentity::key)).
    pub test_id: String,
    /// The run, and whether the duration was unknown.
    pub extra: Extra,
}

/// What CTRF has no field for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Extra {
    /// The run the result belongs to.
    pub run: Run,
    /// Whether the vendor gave no duration (`duration` is then 0).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub duration_unknown: bool,
}

impl From<&TestResult> for Test {
    fn from(result: &TestResult) -> Self {
        Self {
            name: result.name.clone(),
            status: result.status,
            duration: result.duration_ms.unwrap_or(0),
            start: result.start.map(epoch_ms),
            stop: result.stop.map(epoch_ms),
            suite: Some(result.suite.clone()).filter(|s| !s.is_empty()),
            message: result.message.clone(),
            trace: result.trace.clone(),
            line: result.line,
            raw_status: result.raw_status.clone(),
            file_path: result.file.clone(),
            retries: result.retries,
            flaky: result.flaky,
            test_id: result.identity().key(),
            extra: Extra {
                run: (*result.run).clone(),
                duration_unknown: result.duration_ms.is_none(),
            },
        }
    }
}

fn from_ms(ms: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms).single()
}

impl From<Test> for TestResult {
    fn from(test: Test) -> Self {
        Self {
            name: test.name,
            suite: test.suite.unwrap_or_default(),
            file: test.file_path,
            line: test.line,
            status: test.status,
            raw_status: test.raw_status,
            duration_ms: (!test.extra.duration_unknown).then_some(test.duration),
            message: test.message,
            trace: test.trace,
            retries: test.retries,
            flaky: test.flaky,
            start: test.start.and_then(from_ms),
            stop: test.stop.and_then(from_ms),
            run: Arc::new(test.extra.run),
        }
    }
}

/// Writes one CTRF document: the tests as they come, then the summary.
#[derive(Debug)]
pub struct CtrfWriter<W: Write> {
    out: W,
    counts: Counts,
    start: Option<i64>,
    stop: Option<i64>,
    suites: std::collections::BTreeSet<Vec<String>>,
}

impl<W: Write> CtrfWriter<W> {
    /// Starts a document generated at `now` by `tool` (`name`, `version`).
    pub fn new(mut out: W, now: DateTime<Utc>, tool: (&str, &str)) -> io::Result<Self> {
        let head = serde_json::json!({
            "reportFormat": "CTRF",
            "specVersion": SPEC_VERSION,
            "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "generatedBy": format!("{} {}", tool.0, tool.1),
        });
        let head = serde_json::to_string(&head)?;
        // The document's opening fields, then `results` holding the tool and the tests.
        write!(out, "{},\"results\":{{", head.trim_end_matches('}'))?;
        let tool = serde_json::json!({"name": tool.0, "version": tool.1});
        write!(out, "\"tool\":{tool},\"tests\":[")?;
        Ok(Self {
            out,
            counts: Counts::default(),
            start: None,
            stop: None,
            suites: Default::default(),
        })
    }

    /// Writes one test.
    pub fn write(&mut self, result: &TestResult) -> io::Result<()> {
        if self.counts.tests > 0 {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n")?;
        serde_json::to_writer(&mut self.out, &Test::from(result))?;
        self.counts.add(result);
        let start = result.start.or(result.run.started).map(epoch_ms);
        let stop = result
            .stop
            .map(epoch_ms)
            .or_else(|| start.map(|s| s + result.duration_ms.unwrap_or(0) as i64));
        self.start = min(self.start, start);
        self.stop = self.stop.max(stop);
        if !result.suite.is_empty() && self.suites.len() < 100_000 {
            self.suites.insert(result.suite.clone());
        }
        Ok(())
    }

    /// Writes the summary, closes the document and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        let c = self.counts;
        let start = self.start.unwrap_or(0);
        let stop = self.stop.unwrap_or(start).max(start);
        let summary = serde_json::json!({
            "tests": c.tests, "passed": c.passed, "failed": c.failed, "skipped": c.skipped,
            "pending": c.pending, "other": c.other, "flaky": c.flaky,
            "suites": self.suites.len(), "start": start, "stop": stop, "duration": stop - start,
        });
        write!(self.out, "\n],\"summary\":{summary}}}}}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn min(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The shape of a CTRF document, as far as reading tests back needs.
#[derive(Deserialize)]
struct Document {
    results: Results,
}

#[derive(Deserialize)]
struct Results {
    tests: Vec<Test>,
}

/// Reads the tests of a CTRF document this crate wrote (each test needs `extra.run`).
pub fn read(input: impl Read) -> Result<Vec<TestResult>, serde_json::Error> {
    let document: Document = serde_json::from_reader(input)?;
    Ok(document
        .results
        .tests
        .into_iter()
        .map(TestResult::from)
        .collect())
}
