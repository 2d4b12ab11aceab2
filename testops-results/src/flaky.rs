//! Flaky tests: those a vendor marks flaky, and those that both passed and failed on one commit.
//! Ranked by how often and how recently they flaked.
//!
//! The detector keeps one entry per test and one per (test, commit) it saw, never the results
//! themselves, so it can follow a stream of any length.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Run, Status, TestIdentity, TestResult};

/// Flakes this many days old weigh half as much as today's in the ranking.
pub const HALF_LIFE_DAYS: f64 = 7.0;

/// Why a test counts as flaky.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlakyReason {
    /// The vendor marked it flaky (Datadog's flag, CircleCI Insights, a Checkly check that
    /// passed on a retry).
    VendorFlag,
    /// It passed and failed on the same commit.
    PassedAndFailed,
}

/// Flakes of one test seen once: a vendor record or a commit it both passed and failed on.
#[derive(Clone, Debug, PartialEq)]
pub struct FlakyObservation {
    /// The test.
    pub identity: TestIdentity,
    /// How many flakes this record stands for (CircleCI counts them).
    pub count: u64,
    /// When it flaked (the latest time, for a record of several).
    pub seen: Option<DateTime<Utc>>,
    /// The run it flaked in.
    pub run: Arc<Run>,
    /// Why it counts.
    pub reason: FlakyReason,
}

/// A flaky test, ranked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlakyTest {
    /// The test.
    pub identity: TestIdentity,
    /// How many times it flaked.
    pub flakes: u64,
    /// When it last flaked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<DateTime<Utc>>,
    /// The ranking score: each flake weighs `0.5^(age in days / 7)`.
    pub score: f64,
    /// Why it counts as flaky.
    pub reasons: Vec<FlakyReason>,
    /// The latest run it flaked in.
    pub last_run: Arc<Run>,
    /// The last failure message seen for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug)]
struct Tally {
    flakes: u64,
    score: f64,
    last_seen: Option<DateTime<Utc>>,
    reasons: BTreeSet<FlakyReason>,
    last_run: Arc<Run>,
}

/// What one test did on one commit.
#[derive(Debug, Default)]
struct Outcomes {
    passed: bool,
    failed: Option<Arc<Run>>,
    flagged: u64,
    latest: Option<DateTime<Utc>>,
}

impl Outcomes {
    /// The flakes this test counts on this commit.
    fn flakes(&self) -> u64 {
        self.flagged
            .max(u64::from(self.passed && self.failed.is_some()))
    }
}

/// Collects flakes from results and vendor records; [`ranked`](Self::ranked) gives the list.
#[derive(Debug)]
pub struct FlakyDetector {
    now: DateTime<Utc>,
    tests: HashMap<TestIdentity, Tally>,
    commits: HashMap<(TestIdentity, String), Outcomes>,
    messages: HashMap<TestIdentity, String>,
}

impl FlakyDetector {
    /// An empty detector counting ages back from `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            now,
            tests: HashMap::new(),
            commits: HashMap::new(),
            messages: HashMap::new(),
        }
    }

    /// Looks at one result: its vendor flag, and what its test did on its commit so far. On one
    /// commit a test counts as many flakes as it has flagged results, or one when it both passed
    /// and failed there, whichever is more (a flagged retry that passed after a failure is one
    /// flake, not two).
    pub fn observe(&mut self, result: &TestResult) {
        let identity = result.identity();
        if result.status == Status::Failed {
            if let Some(message) = &result.message {
                self.messages.insert(identity.clone(), message.clone());
            }
        }
        let Some(commit) = result.run.commit.clone() else {
            if result.flaky {
                self.record(FlakyObservation {
                    identity,
                    count: 1,
                    seen: result.when(),
                    run: result.run.clone(),
                    reason: FlakyReason::VendorFlag,
                });
            }
            return;
        };
        let outcomes = self.commits.entry((identity.clone(), commit)).or_default();
        let before = outcomes.flakes();
        match result.status {
            Status::Passed => outcomes.passed = true,
            Status::Failed => outcomes.failed = Some(result.run.clone()),
            _ => {}
        }
        if result.flaky {
            outcomes.flagged += 1;
        }
        outcomes.latest = outcomes.latest.max(result.when());
        let after = outcomes.flakes();
        if after > before {
            let reason = if result.flaky {
                FlakyReason::VendorFlag
            } else {
                FlakyReason::PassedAndFailed
            };
            let run = match reason {
                FlakyReason::VendorFlag => result.run.clone(),
                FlakyReason::PassedAndFailed => outcomes
                    .failed
                    .clone()
                    .unwrap_or_else(|| result.run.clone()),
            };
            let seen = outcomes.latest;
            self.record(FlakyObservation {
                identity,
                count: after - before,
                seen,
                run,
                reason,
            });
        }
    }

    /// Adds a vendor's own record of flakes.
    pub fn record(&mut self, observation: FlakyObservation) {
        let tally = self
            .tests
            .entry(observation.identity)
            .or_insert_with(|| Tally {
                flakes: 0,
                score: 0.0,
                last_seen: None,
                reasons: BTreeSet::new(),
                last_run: observation.run.clone(),
            });
        tally.flakes += observation.count;
        tally.score += observation.count as f64 * weight(observation.seen, self.now);
        tally.reasons.insert(observation.reason);
        if observation.seen >= tally.last_seen {
            tally.last_seen = observation.seen;
            tally.last_run = observation.run;
        }
    }

    /// How many flaky tests were found so far.
    pub fn len(&self) -> usize {
        self.tests.len()
    }

    /// Whether no flaky test was found so far.
    pub fn is_empty(&self) -> bool {
        self.tests.is_empty()
    }

    /// The flaky tests, highest score first (ties: more flakes, then more recent, then by
    /// name).
    pub fn ranked(mut self) -> Vec<FlakyTest> {
        let mut tests: Vec<FlakyTest> = self
            .tests
            .drain()
            .map(|(identity, tally)| {
                let message = self.messages.remove(&identity);
                FlakyTest {
                    flakes: tally.flakes,
                    last_seen: tally.last_seen,
                    score: (tally.score * 1000.0).round() / 1000.0,
                    reasons: tally.reasons.into_iter().collect(),
                    last_run: tally.last_run,
                    message,
                    identity,
                }
            })
            .collect();
        tests.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.flakes.cmp(&a.flakes))
                .then(b.last_seen.cmp(&a.last_seen))
                .then(a.identity.cmp(&b.identity))
        });
        tests
    }
}

/// `0.5^(age / half-life)`; an unknown time weighs as a flake one half-life old.
fn weight(seen: Option<DateTime<Utc>>, now: DateTime<Utc>) -> f64 {
    let age_days = match seen {
        Some(seen) => ((now - seen).num_seconds().max(0) as f64) / 86_400.0,
        None => HALF_LIFE_DAYS,
    };
    0.5f64.powf(age_days / HALF_LIFE_DAYS)
}
