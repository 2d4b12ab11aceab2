//! CircleCI: a project's pipelines (the latest N, or those of a time window), newest first, then
//! each pipeline's workflows, each workflow's jobs, and each job's stored test results; jobs are
//! read concurrently up to a cap. Also the project's flaky tests from Insights.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::future::ready;
use futures::{stream, StreamExt, TryStreamExt};
use testops_circleci::types::{FlakyTest, Job, JobStatus, Pipeline, TestMetadata, Workflow};
use testops_circleci::Client;

use super::{split_message, ResultStream};
use crate::error::Error;
use crate::flaky::{FlakyObservation, FlakyReason};
use crate::model::{Run, Status, TestIdentity, TestResult, Vendor};
use crate::query::{Query, Scope};

const VENDOR: Vendor = Vendor::Circleci;

/// A job with the workflow and pipeline it belongs to.
type JobInContext = (Arc<Pipeline>, Arc<Workflow>, Job);

/// Reads one CircleCI project.
#[derive(Clone, Debug)]
pub struct CircleCi {
    client: Client,
    project: String,
    concurrency: usize,
    latest: Option<usize>,
    app_url: String,
}

impl CircleCi {
    /// Reads `project` (a slug such as `gh/acme/api`) with `client`; 8 jobs at a time.
    pub fn new(client: Client, project: impl Into<String>) -> Self {
        Self {
            client,
            project: project.into(),
            concurrency: 8,
            latest: None,
            app_url: "https://app.circleci.com".into(),
        }
    }

    /// How many jobs' tests are fetched at once (at least 1).
    pub fn concurrency(mut self, jobs: usize) -> Self {
        self.concurrency = jobs.max(1);
        self
    }

    /// Reads only the latest `pipelines` pipelines (within the window, if one is given).
    pub fn latest_pipelines(mut self, pipelines: usize) -> Self {
        self.latest = Some(pipelines);
        self
    }

    /// The web app links point to (`https://app.circleci.com`; another for a server install).
    pub fn app_url(mut self, url: impl Into<String>) -> Self {
        self.app_url = url.into().trim_end_matches('/').to_string();
        self
    }

    /// The project slug.
    pub fn project(&self) -> &str {
        &self.project
    }

    /// The test results of the jobs of the pipelines `query` selects, in pipeline order (newest
    /// first), then workflow and job order. With [`Scope::Failures`] only the tests of jobs that
    /// did not succeed are fetched.
    pub fn results(&self, query: &Query) -> ResultStream<'_> {
        let scope = query.scope;
        self.jobs(query)
            .try_filter(move |(_, _, job)| ready(wanted(job, scope)))
            .map_ok(|(pipeline, workflow, job)| self.job_results(pipeline, workflow, job))
            .try_buffered(self.concurrency)
            .map_ok(|results| stream::iter(results.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }

    /// Every (pipeline, workflow, job) of the selected pipelines, read lazily.
    fn jobs(&self, query: &Query) -> stream::BoxStream<'_, Result<JobInContext, Error>> {
        let client = &self.client;
        self.pipelines(query)
            .map_ok(move |pipeline| {
                let pipeline = Arc::new(pipeline);
                client
                    .list_workflows_by_pipeline_id()
                    .pipeline_id(pipeline.id)
                    .stream()
                    .map_err(|e| Error::from_api(VENDOR, &e))
                    .map_ok(move |workflow| (pipeline.clone(), Arc::new(workflow)))
            })
            .try_flatten()
            .map_ok(move |(pipeline, workflow)| {
                client
                    .list_workflow_jobs()
                    .id(workflow.id)
                    .stream()
                    .map_err(|e| Error::from_api(VENDOR, &e))
                    .map_ok(move |job| (pipeline.clone(), workflow.clone(), job))
            })
            .try_flatten()
            .boxed()
    }

    /// The project's pipelines of the branch, newest first, cut to the window and the count.
    fn pipelines(&self, query: &Query) -> stream::BoxStream<'_, Result<Pipeline, Error>> {
        let (since, until) = (query.window.since, query.window.until);
        let mut request = self
            .client
            .list_pipelines_for_project()
            .project_slug(self.project.clone());
        if let Some(branch) = &query.branch {
            request = request.branch(branch.clone());
        }
        let pipelines = request
            .stream()
            .map_err(|e| Error::from_api(VENDOR, &e))
            // Newest first: the first one older than the window ends the listing.
            .try_take_while(move |p| ready(Ok(since.is_none_or(|since| p.created_at >= since))))
            .try_filter(move |p| ready(until.is_none_or(|until| p.created_at < until)));
        match self.latest {
            Some(count) => pipelines.take(count).boxed(),
            None => pipelines.boxed(),
        }
    }

    /// The tests one job stored, every page of them.
    async fn job_results(
        &self,
        pipeline: Arc<Pipeline>,
        workflow: Arc<Workflow>,
        job: Job,
    ) -> Result<Vec<TestResult>, Error> {
        let Some(number) = job.job_number else {
            return Ok(Vec::new());
        };
        let run = Arc::new(self.run(&pipeline, &workflow, &job, number));
        self.client
            .get_tests()
            .project_slug(self.project.clone())
            .job_number(number)
            .stream()
            .map_err(|e| Error::from_api(VENDOR, &e))
            .map_ok(|test| test_result(test, &run))
            .try_collect()
            .await
    }

    fn run(&self, pipeline: &Pipeline, workflow: &Workflow, job: &Job, number: i64) -> Run {
        let vcs = pipeline.vcs.as_ref();
        Run {
            vendor: VENDOR,
            project: Some(self.project.clone()),
            id: pipeline.id.to_string(),
            number: Some(pipeline.number),
            url: Some(self.job_url(pipeline.number, &workflow.id.to_string(), number)),
            job: Some(format!("{} / {} #{number}", workflow.name, job.name)),
            branch: vcs.and_then(|v| v.branch.clone()),
            commit: vcs.and_then(|v| v.revision.clone()),
            repository: vcs.map(|v| v.target_repository_url.clone()),
            started: job.started_at.or(Some(pipeline.created_at)),
        }
    }

    /// `https://app.circleci.com/pipelines/github/acme/api/123/workflows/<id>/jobs/456`.
    fn job_url(&self, pipeline: i64, workflow: &str, job: i64) -> String {
        format!(
            "{}/pipelines/{}/{pipeline}/workflows/{workflow}/jobs/{job}",
            self.app_url,
            app_slug(&self.project)
        )
    }

    /// The project's flaky tests as CircleCI Insights records them (the last 14 days of flakes
    /// on every branch: the API takes no branch or window).
    pub async fn flaky_tests(&self) -> Result<Vec<FlakyObservation>, Error> {
        let answer = self
            .client
            .get_flaky_tests()
            .project_slug(self.project.clone())
            .send()
            .await
            .map_err(|e| Error::from_api(VENDOR, &e))?;
        Ok(answer
            .flaky_tests
            .into_iter()
            .map(|test| self.flaky_observation(test))
            .collect())
    }

    fn flaky_observation(&self, test: FlakyTest) -> FlakyObservation {
        let seen = DateTime::parse_from_rfc3339(&test.workflow_created_at)
            .ok()
            .map(|at| at.with_timezone(&Utc));
        let workflow = match &test.workflow_id {
            serde_json::Value::String(id) => id.clone(),
            other => other.to_string(),
        };
        let mut run = Run::new(VENDOR, format!("pipeline {}", test.pipeline_number));
        run.project = Some(self.project.clone());
        run.number = Some(test.pipeline_number);
        run.url = Some(self.job_url(test.pipeline_number, &workflow, test.job_number));
        run.job = Some(format!(
            "{} / {} #{}",
            test.workflow_name, test.job_name, test.job_number
        ));
        run.started = seen;
        FlakyObservation {
            identity: TestIdentity {
                vendor: VENDOR,
                suite: test
                    .classname
                    .into_iter()
                    .filter(|c| !c.is_empty())
                    .collect(),
                name: test.test_name,
                file: test.file.filter(|f| !f.is_empty()),
            },
            count: u64::try_from(test.times_flaked).unwrap_or(0).max(1),
            seen,
            run: Arc::new(run),
            reason: FlakyReason::VendorFlag,
        }
    }
}

/// Whether a job's tests can matter for `scope`.
fn wanted(job: &Job, scope: Scope) -> bool {
    job.job_number.is_some()
        && match scope {
            Scope::All => true,
            Scope::Failures => !matches!(
                job.status,
                JobStatus::Success | JobStatus::NotRun | JobStatus::Blocked | JobStatus::OnHold
            ),
        }
}

/// `gh/acme/api` -> `github/acme/api`, `bb/...` -> `bitbucket/...`; others as they are.
fn app_slug(project: &str) -> String {
    match project.split_once('/') {
        Some(("gh", rest)) => format!("github/{rest}"),
        Some(("bb", rest)) => format!("bitbucket/{rest}"),
        _ => project.to_string(),
    }
}

fn test_result(test: TestMetadata, run: &Arc<Run>) -> TestResult {
    let status = match test.result.to_ascii_lowercase().as_str() {
        "success" | "passed" | "pass" => Status::Passed,
        "failure" | "failed" | "fail" | "error" => Status::Failed,
        "skipped" | "skip" | "disabled" => Status::Skipped,
        _ => Status::Other,
    };
    let (message, trace) = split_message(test.message);
    let mut result = TestResult::new(test.name, status, run.clone());
    result.suite = Some(test.classname)
        .filter(|c| !c.is_empty())
        .into_iter()
        .collect();
    result.file = test.file.filter(|f| !f.is_empty());
    result.raw_status = test.result;
    result.duration_ms = (test.run_time.is_finite() && test.run_time >= 0.0)
        .then(|| (test.run_time * 1000.0).round() as u64);
    result.message = message;
    result.trace = trace;
    result
}

#[cfg(test)]
mod tests {
    use super::app_slug;

    #[test]
    fn app_slugs() {
        assert_eq!(app_slug("gh/acme/api"), "github/acme/api");
        assert_eq!(app_slug("bb/acme/api"), "bitbucket/acme/api");
        assert_eq!(app_slug("circleci/1a2b/3c4d"), "circleci/1a2b/3c4d");
    }
}
