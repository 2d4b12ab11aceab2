//! Checkly: test sessions of a window (optionally of a branch or matching a search), newest
//! first, then each session's results: one per check and location, its earlier attempts folded
//! into it (retries, and the flaky flag when it passed after a failed attempt). Sessions are read
//! concurrently up to a cap.

use std::sync::Arc;

use futures::{stream, StreamExt, TryStreamExt};
use testops_checkly::types::{ResultType, TestSession, TestSessionResult, TestSessionStatus};
use testops_checkly::Client;

use super::ResultStream;
use crate::error::Error;
use crate::model::{Run, Status, TestResult, Vendor};
use crate::query::{Query, Scope};

const VENDOR: Vendor = Vendor::Checkly;

/// Reads Checkly test sessions.
#[derive(Clone, Debug)]
pub struct Checkly {
    client: Client,
    search: Option<String>,
    concurrency: usize,
}

impl Checkly {
    /// Reads the account's sessions with `client`; 8 sessions at a time.
    pub fn new(client: Client) -> Self {
        Self {
            client,
            search: None,
            concurrency: 8,
        }
    }

    /// Only sessions whose text fields match `text` (at least 3 characters).
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// How many sessions' results are fetched at once (at least 1).
    pub fn concurrency(mut self, sessions: usize) -> Self {
        self.concurrency = sessions.max(1);
        self
    }

    /// The results of the sessions `query` selects; with [`Scope::Failures`] only failed
    /// sessions are read.
    pub fn results(&self, query: &Query) -> ResultStream<'_> {
        let mut request = self.client.list_test_sessions().limit(100);
        if let Some(since) = query.window.since {
            request = request.from(since.timestamp());
        }
        if let Some(until) = query.window.until {
            request = request.to(until.timestamp());
        }
        if let Some(branch) = &query.branch {
            request = request.branches(vec![branch.clone()]);
        }
        if let Some(search) = &self.search {
            request = request.text_search(search.clone());
        }
        if query.scope == Scope::Failures {
            request = request.statuses(vec![TestSessionStatus::Failed]);
        }
        request
            .stream()
            .map_err(|e| Error::from_api(VENDOR, &e))
            .map_ok(|session| self.session_results(session))
            .try_buffered(self.concurrency)
            .map_ok(|results| stream::iter(results.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }

    async fn session_results(&self, session: TestSession) -> Result<Vec<TestResult>, Error> {
        let details = self
            .client
            .get_test_session()
            .test_session_id(session.id)
            .send()
            .await
            .map_err(|e| Error::from_api(VENDOR, &e))?;
        let run = Arc::new(Run {
            vendor: VENDOR,
            project: session.project_id.map(|id| id.to_string()),
            id: session.id.to_string(),
            number: None,
            url: Some(details.test_session_link.clone()),
            job: Some(details.name.clone()).filter(|n| !n.is_empty()),
            branch: session.branch_name,
            commit: session.commit_id,
            repository: session.repo_url,
            started: Some(session.started_at),
        });
        Ok(fold_attempts(details.results)
            .into_iter()
            .map(|(last, earlier)| test_result(last, &earlier, &run))
            .collect())
    }
}

/// Groups the results of one check at one location: the final result (or the latest one when
/// none is final yet) and its earlier attempts, in the order checks first appear.
fn fold_attempts(results: Vec<TestSessionResult>) -> Vec<(TestSessionResult, Vec<Status>)> {
    let mut groups: Vec<(String, Vec<TestSessionResult>)> = Vec::new();
    for result in results {
        let key = format!(
            "{}|{}|{}",
            result.check_id.map(|id| id.to_string()).unwrap_or_default(),
            result.name.as_deref().unwrap_or_default(),
            result.run_location.as_deref().unwrap_or_default()
        );
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => group.push(result),
            None => groups.push((key, vec![result])),
        }
    }
    groups
        .into_iter()
        .map(|(_, mut group)| {
            let last = group
                .iter()
                .rposition(|r| r.result_type == Some(ResultType::Final))
                .unwrap_or(group.len() - 1);
            let last = group.remove(last);
            let earlier = group.iter().map(status).collect();
            (last, earlier)
        })
        .collect()
}

fn status(result: &TestSessionResult) -> Status {
    match &result.status {
        TestSessionStatus::Passed => Status::Passed,
        TestSessionStatus::Failed => Status::Failed,
        TestSessionStatus::Running => Status::Pending,
        _ => Status::Other,
    }
}

fn test_result(result: TestSessionResult, earlier: &[Status], run: &Arc<Run>) -> TestResult {
    let status = status(&result);
    let name = result
        .name
        .clone()
        .or_else(|| result.check_id.map(|id| id.to_string()))
        .unwrap_or_else(|| "unnamed check".into());
    let mut out = TestResult::new(name, status, run.clone());
    out.suite = std::iter::once(result.check_type.as_str().to_string())
        .chain(result.run_location.clone())
        .collect();
    out.raw_status = result.status.as_str().to_string();
    out.duration_ms = result
        .response_time
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
        .map(|ms| ms.round() as u64);
    out.message = if result.aborted {
        Some("the check run was aborted".into())
    } else if result.has_failures {
        Some("an assertion of the check failed".into())
    } else if result.has_errors {
        Some("the check run hit an error".into())
    } else if result.is_degraded {
        Some("degraded: slower than the check's threshold".into())
    } else {
        None
    };
    out.retries = u32::try_from(earlier.len()).unwrap_or(u32::MAX);
    out.flaky = status == Status::Passed && earlier.contains(&Status::Failed);
    out.start = result.started_at;
    out.stop = result.stopped_at;
    out
}
