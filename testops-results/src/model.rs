//! The one model of a test result, shaped after CTRF (the Common Test Report Format) so that it
//! exports to CTRF without loss: the test, its outcome, and the run it belongs to.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A service test results are read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    /// CircleCI: pipelines, workflows, jobs and the tests each job stored.
    Circleci,
    /// Datadog CI Visibility: test events.
    Datadog,
    /// Checkly: test sessions and their check results.
    Checkly,
    /// Empirical: test runs, with per-run counts only.
    Empirical,
}

impl Vendor {
    /// Every vendor, in the order the tool reads them.
    pub const ALL: [Vendor; 4] = [
        Vendor::Circleci,
        Vendor::Datadog,
        Vendor::Checkly,
        Vendor::Empirical,
    ];

    /// The lowercase name (`circleci`, `datadog`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::Circleci => "circleci",
            Vendor::Datadog => "datadog",
            Vendor::Checkly => "checkly",
            Vendor::Empirical => "empirical",
        }
    }

    /// The environment variables its client's `from_env` reads (required ones).
    pub fn env_vars(self) -> &'static [&'static str] {
        match self {
            Vendor::Circleci => &["CIRCLE_TOKEN"],
            Vendor::Datadog => &["DD_API_KEY", "DD_APP_KEY"],
            Vendor::Checkly => &["CHECKLY_API_KEY", "CHECKLY_ACCOUNT_ID"],
            Vendor::Empirical => &["EMPIRICAL_API_KEY"],
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of a test, with CTRF's five values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The test passed.
    Passed,
    /// The test failed (an assertion or an error).
    Failed,
    /// The test was skipped.
    Skipped,
    /// The test has not finished (still running, queued).
    Pending,
    /// Any other outcome (cancelled, unknown).
    Other,
}

impl Status {
    /// Every status, in CTRF's order.
    pub const ALL: [Status; 5] = [
        Status::Passed,
        Status::Failed,
        Status::Skipped,
        Status::Pending,
        Status::Other,
    ];

    /// The CTRF name (`passed`, `failed`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
            Status::Pending => "pending",
            Status::Other => "other",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The run a result belongs to: a CircleCI job of a pipeline, a Checkly test session, the CI
/// pipeline a Datadog test event names, an Empirical test run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// Where the run was read from.
    pub vendor: Vendor,
    /// The project: a CircleCI project slug, a Datadog service, a Checkly project id, an
    /// Empirical project slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// The pipeline, session or run id.
    pub id: String,
    /// The pipeline or run number, when the vendor numbers them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<i64>,
    /// Where to see the run (for CircleCI, the job) in the vendor's web app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The job (CircleCI `workflow / job`, the CI job a Datadog event names, the Checkly session
    /// name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<String>,
    /// The Git branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The Git commit SHA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The repository URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// When the run (or job) started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<DateTime<Utc>>,
}

impl Run {
    /// A run of `vendor` with id `id` and nothing else known.
    pub fn new(vendor: Vendor, id: impl Into<String>) -> Self {
        Self {
            vendor,
            project: None,
            id: id.into(),
            number: None,
            url: None,
            job: None,
            branch: None,
            commit: None,
            repository: None,
            started: None,
        }
    }

    /// What tells this run apart from others of the same vendor: its id and job.
    pub fn key(&self) -> (Vendor, &str, Option<&str>) {
        (self.vendor, &self.id, self.job.as_deref())
    }
}

/// A stable identity of a test across runs: vendor, suite path, name and file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TestIdentity {
    /// Where the test ran.
    pub vendor: Vendor,
    /// The suite path, outermost first.
    pub suite: Vec<String>,
    /// The test name.
    pub name: String,
    /// The file defining the test, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl TestIdentity {
    /// One string naming the identity, e.g. `circleci:tests.api.Users/test_login@tests/api.py`;
    /// the same test always gives the same string.
    pub fn key(&self) -> String {
        let mut key = format!("{}:", self.vendor);
        for part in &self.suite {
            key.push_str(part);
            key.push('/');
        }
        key.push_str(&self.name);
        if let Some(file) = &self.file {
            key.push('@');
            key.push_str(file);
        }
        key
    }
}

impl fmt::Display for TestIdentity {
    /// `suite › name`, for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.suite {
            write!(f, "{part} › ")?;
        }
        f.write_str(&self.name)
    }
}

/// One result of one test in one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    /// The test name.
    pub name: String,
    /// The suite path, outermost first (a class name, a Datadog module and suite, a Checkly
    /// check type and location).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suite: Vec<String>,
    /// The file defining the test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The line of the test in its file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The outcome, one of CTRF's five.
    pub status: Status,
    /// The outcome as the vendor wrote it (`failure`, `fail`, `FAILED`...).
    pub raw_status: String,
    /// How long the test took, in milliseconds, when the vendor says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// The failure message (its first line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The stack trace or full failure output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<String>,
    /// How many times the test was run again after its first attempt.
    #[serde(default)]
    pub retries: u32,
    /// Whether the vendor marked this result flaky (passed after failed attempts, or flagged).
    #[serde(default)]
    pub flaky: bool,
    /// When the test started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<Utc>>,
    /// When the test stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop: Option<DateTime<Utc>>,
    /// The run it belongs to, shared by every result of that run.
    pub run: Arc<Run>,
}

impl TestResult {
    /// A result of `name` with `status` in `run`; every other field empty.
    pub fn new(name: impl Into<String>, status: Status, run: Arc<Run>) -> Self {
        Self {
            name: name.into(),
            suite: Vec::new(),
            file: None,
            line: None,
            status,
            raw_status: status.as_str().to_string(),
            duration_ms: None,
            message: None,
            trace: None,
            retries: 0,
            flaky: false,
            start: None,
            stop: None,
            run,
        }
    }

    /// The test's stable identity.
    pub fn identity(&self) -> TestIdentity {
        TestIdentity {
            vendor: self.run.vendor,
            suite: self.suite.clone(),
            name: self.name.clone(),
            file: self.file.clone(),
        }
    }

    /// When it happened: its start, else its run's start.
    pub fn when(&self) -> Option<DateTime<Utc>> {
        self.start.or(self.run.started)
    }
}

/// How many tests of a run ended how.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Tests in all.
    pub tests: u64,
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
    /// Tests that were skipped.
    pub skipped: u64,
    /// Tests still pending.
    pub pending: u64,
    /// Tests with another outcome.
    pub other: u64,
    /// Tests marked flaky.
    pub flaky: u64,
}

impl Counts {
    /// Counts one result.
    pub fn add(&mut self, result: &TestResult) {
        self.tests += 1;
        match result.status {
            Status::Passed => self.passed += 1,
            Status::Failed => self.failed += 1,
            Status::Skipped => self.skipped += 1,
            Status::Pending => self.pending += 1,
            Status::Other => self.other += 1,
        }
        if result.flaky {
            self.flaky += 1;
        }
    }
}

/// One run with the counts of its tests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// The run.
    pub run: Arc<Run>,
    /// Its tests by outcome.
    pub counts: Counts,
    /// Whether the counts come from the individual test results (`false` for Empirical, whose
    /// API gives per-run counts only).
    pub per_test: bool,
}
