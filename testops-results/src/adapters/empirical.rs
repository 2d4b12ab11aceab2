//! Empirical: test runs, newest first, page by page. Its API gives per-run counts only (passed,
//! failed, skipped, flaky), never the individual tests, so this adapter yields run summaries,
//! marked as such, and no test results.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::{stream, StreamExt, TryStreamExt};
use testops_empirical::types::{Project, TestRun};
use testops_empirical::Client;

use super::RunStream;
use crate::error::{Error, ErrorKind};
use crate::model::{Counts, Run, RunSummary, Vendor};
use crate::query::Query;

const VENDOR: Vendor = Vendor::Empirical;

/// Reads Empirical test runs (of the project the API key belongs to).
#[derive(Clone, Debug)]
pub struct Empirical {
    client: Client,
    project: Option<String>,
}

impl Empirical {
    /// Reads the runs of the key's project with `client`.
    pub fn new(client: Client) -> Self {
        Self {
            client,
            project: None,
        }
    }

    /// Expects the key's project to be `slug`: another project is an error (the API lists the
    /// runs of the key's project and takes no project parameter).
    pub fn expect_project(mut self, slug: impl Into<String>) -> Self {
        self.project = Some(slug.into());
        self
    }

    /// The runs of the window (and branch), newest first, with their counts.
    pub fn runs(&self, query: &Query, now: DateTime<Utc>) -> RunStream<'_> {
        let window = query.window;
        let mut request = self.client.list_test_runs().per_page(100);
        if let Some(branch) = &query.branch {
            request = request.branch(branch.clone());
        }
        if let Some(since) = window.since {
            // Whole days back from now, covering the window; cut exactly below.
            let seconds = u64::try_from((now - since).num_seconds()).unwrap_or(0);
            let days = i64::try_from(seconds.div_ceil(86_400).max(1)).unwrap_or(i64::MAX);
            request = request.interval_in_days(days);
        }
        let expected = self.project.clone();
        request
            .pages()
            .map_err(|e| Error::from_api(VENDOR, &e))
            .and_then(move |page| {
                let project = page.data.project;
                let checked = match &expected {
                    Some(slug) if *slug != project.slug => Err(Error::new(
                        VENDOR,
                        ErrorKind::Credentials,
                        format!(
                            "EMPIRICAL_API_KEY belongs to project `{}`, not `{slug}`",
                            project.slug
                        ),
                    )),
                    _ => Ok(()),
                };
                let project = Arc::new(project);
                let runs = page.data.test_runs.items;
                futures::future::ready(checked.map(|()| {
                    stream::iter(runs.into_iter().map(move |run| Ok(summary(run, &project))))
                }))
            })
            .try_flatten()
            .try_filter(move |summary| futures::future::ready(window.contains(summary.run.started)))
            .boxed()
    }
}

fn count(value: Option<i64>) -> u64 {
    value.and_then(|v| u64::try_from(v).ok()).unwrap_or(0)
}

fn summary(run: TestRun, project: &Project) -> RunSummary {
    let started = DateTime::parse_from_rfc3339(&run.created_at)
        .ok()
        .map(|at| at.with_timezone(&Utc));
    let passed = count(run.success_count);
    let failed = count(run.failed_count);
    let skipped = count(run.skipped_count);
    let tests = run
        .total_count
        .map(|t| count(Some(t)))
        .unwrap_or(passed + failed + skipped);
    let counts = Counts {
        tests,
        passed,
        failed,
        skipped,
        pending: 0,
        other: tests.saturating_sub(passed + failed + skipped),
        flaky: count(run.flaky_count),
    };
    let mut out = Run::new(VENDOR, run.id.to_string());
    out.project = Some(project.slug.clone());
    out.number = Some(run.id);
    out.url = run.build_url;
    out.job = run.environment_name.or(run.environment_slug);
    out.branch = run.build_branch;
    out.commit = run.commit;
    out.repository = project.repo_name.clone();
    out.started = started;
    RunSummary {
        run: Arc::new(out),
        counts,
        per_test: false,
    }
}
