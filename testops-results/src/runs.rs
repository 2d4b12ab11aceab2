//! Run summaries from a stream of results: one per run, with the counts of its tests.

use crate::model::{Counts, RunSummary, TestResult, Vendor};
use std::collections::HashMap;

/// Counts results by run, keeping runs in the order they first appear. It holds one entry per
/// run, never the results.
#[derive(Debug, Default)]
pub struct RunTally {
    index: HashMap<(Vendor, String, Option<String>), usize>,
    runs: Vec<RunSummary>,
}

impl RunTally {
    /// An empty tally.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one result in its run.
    pub fn add(&mut self, result: &TestResult) {
        let (vendor, id, job) = result.run.key();
        let key = (vendor, id.to_string(), job.map(str::to_string));
        let at = *self.index.entry(key).or_insert_with(|| {
            self.runs.push(RunSummary {
                run: result.run.clone(),
                counts: Counts::default(),
                per_test: true,
            });
            self.runs.len() - 1
        });
        self.runs[at].counts.add(result);
    }

    /// The runs seen, in the order they first appeared.
    pub fn finish(self) -> Vec<RunSummary> {
        self.runs
    }
}

/// The run summaries of `results`, grouped by run in the order runs first appear.
pub fn summarize<'a>(results: impl IntoIterator<Item = &'a TestResult>) -> Vec<RunSummary> {
    let mut tally = RunTally::new();
    for result in results {
        tally.add(result);
    }
    tally.finish()
}
