//! A realistic week of answers from the four vendors, mounted on their typed mock servers, shared
//! by the adapter, CLI and export tests.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use testops_checkly::types::TestSessionStatus;
use testops_datadog::types::CiAppSort;

/// The window every scenario is read with.
pub(crate) const SINCE: &str = "2024-05-01T00:00:00Z";
/// Its end.
pub(crate) const UNTIL: &str = "2024-05-08T00:00:00Z";
/// The CircleCI project.
pub(crate) const SLUG: &str = "gh/acme/api";
/// The Datadog query the scenario answers (with the window and branch added by the adapter).
pub(crate) const DD_QUERY: &str = "@test.service:web-ui-tests";

/// An instant.
pub(crate) fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// A typed value from JSON.
pub(crate) fn typed<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("fixture does not fit: {e}"))
}

/// A UUID ending in `n`.
pub(crate) fn id(n: u64) -> uuid::Uuid {
    format!("00000000-0000-4000-8000-{n:012}").parse().unwrap()
}

// ------------------------------------------------------------------------------------------------
// CircleCI
// ------------------------------------------------------------------------------------------------

pub(crate) mod circleci {
    use super::*;
    use testops_circleci::mock::{Expectation, MockServer};
    use testops_circleci::types::{
        Job, Pipeline, PipelineListResponse, TestsResponse, Workflow, WorkflowJobListResponse,
        WorkflowListResponse,
    };

    pub(crate) fn pipeline(number: i64, created: &str, sha: &str) -> Pipeline {
        typed(json!({
            "id": id(number as u64),
            "errors": [],
            "number": number,
            "project_slug": SLUG,
            "state": "created",
            "created_at": created,
            "trigger": {
                "type": "webhook",
                "received_at": created,
                "actor": {"login": "dev", "avatar_url": null}
            },
            "vcs": {
                "provider_name": "GitHub",
                "origin_repository_url": "https://github.com/acme/api",
                "target_repository_url": "https://github.com/acme/api",
                "branch": "main",
                "revision": sha
            }
        }))
    }

    pub(crate) fn pipelines(items: Vec<Pipeline>) -> PipelineListResponse {
        typed(json!({"items": items, "next_page_token": null}))
    }

    pub(crate) fn workflow(pipeline: i64, status: &str) -> Workflow {
        typed(json!({
            "id": id(100 + pipeline as u64),
            "name": "build-and-test",
            "pipeline_id": id(pipeline as u64),
            "pipeline_number": pipeline,
            "project_slug": SLUG,
            "started_by": id(9),
            "status": status,
            "created_at": "2024-05-01T00:00:00Z",
            "stopped_at": null
        }))
    }

    pub(crate) fn workflows(items: Vec<Workflow>) -> WorkflowListResponse {
        typed(json!({"items": items, "next_page_token": null}))
    }

    pub(crate) fn job(number: Option<i64>, name: &str, status: &str, started: &str) -> Job {
        let mut job = json!({
            "id": id(1000 + number.unwrap_or(999) as u64),
            "name": name,
            "project_slug": SLUG,
            "dependencies": [],
            "status": status,
            "type": if number.is_some() { "build" } else { "approval" },
            "started_at": started
        });
        if let Some(number) = number {
            job["job_number"] = json!(number);
        }
        typed(job)
    }

    pub(crate) fn jobs(items: Vec<Job>) -> WorkflowJobListResponse {
        typed(json!({"items": items, "next_page_token": null}))
    }

    pub(crate) fn test(
        class: &str,
        name: &str,
        result: &str,
        message: Option<&str>,
        secs: f64,
    ) -> Value {
        json!({
            "classname": class,
            "name": name,
            "result": result,
            "message": message,
            "file": format!("tests/{}.py", class.rsplit('.').next().unwrap().to_lowercase()),
            "run_time": secs,
            "source": "pytest"
        })
    }

    pub(crate) fn tests(items: Vec<Value>) -> TestsResponse {
        typed(json!({"items": items, "next_page_token": null}))
    }

    /// What the scenario mounted, for hit counts.
    pub(crate) struct Mounted {
        pub pipeline_pages: Vec<Expectation>,
        pub lint_tests: Expectation,
        pub failed_job_tests: Vec<Expectation>,
        pub passed_job_tests: Expectation,
    }

    /// Pipelines #42, #41 and #40 of main in the window (#41 and #40 on one commit), #39 older,
    /// #38 on a page never reached; one workflow each with a lint job, a test job and an
    /// approval; the tests of each job (job 1042's on two pages); Insights' flaky tests.
    pub(crate) fn mount(server: &MockServer) -> Mounted {
        let pipeline_pages = server
            .list_pipelines_for_project()
            .project_slug(SLUG)
            .branch("main")
            .respond_pages([
                pipelines(vec![
                    pipeline(42, "2024-05-07T10:00:00Z", "aaaa1111aaaa1111"),
                    pipeline(41, "2024-05-06T09:00:00Z", "bbbb2222bbbb2222"),
                ]),
                pipelines(vec![
                    pipeline(40, "2024-05-06T08:00:00Z", "bbbb2222bbbb2222"),
                    pipeline(39, "2024-04-29T08:00:00Z", "9999999999999999"),
                ]),
                pipelines(vec![pipeline(38, "2024-04-28T08:00:00Z", "8888")]),
            ]);
        for (number, status) in [
            (42, "failed"),
            (41, "success"),
            (40, "failed"),
            (39, "success"),
        ] {
            server
                .list_workflows_by_pipeline_id()
                .pipeline_id(id(number as u64))
                .respond(workflows(vec![workflow(number, status)]));
            let test_status = if status == "failed" {
                "failed"
            } else {
                "success"
            };
            let started = format!("2024-05-0{}T10:05:00Z", number - 35);
            server
                .list_workflow_jobs()
                .id(id(100 + number as u64))
                .respond(jobs(vec![
                    job(Some(number * 25 + 1), "lint", "success", &started),
                    job(Some(number * 25 + 2), "test", test_status, &started),
                    job(None, "hold", "on_hold", &started),
                ]));
        }
        let lint_tests = server
            .get_tests()
            .project_slug(SLUG)
            .job_number(42 * 25 + 1)
            .respond(tests(vec![test("lint", "ruff", "success", None, 0.4)]));
        for number in [41, 40] {
            server
                .get_tests()
                .project_slug(SLUG)
                .job_number(number * 25 + 1)
                .respond(tests(vec![test("lint", "ruff", "success", None, 0.5)]));
        }
        let mut failed_job_tests = server.get_tests().project_slug(SLUG).job_number(1052).respond_pages([
            tests(vec![
                test(
                    "tests.api.UsersTest",
                    "test_login",
                    "failure",
                    Some("AssertionError: 401 != 200\n  File \"tests/userstest.py\", line 31, in test_login"),
                    1.25,
                ),
                test("tests.api.UsersTest", "test_logout", "success", None, 0.2),
            ]),
            tests(vec![test("tests.api.CartTest", "test_checkout", "skipped", None, 0.0)]),
        ]);
        failed_job_tests.push(
            server
                .get_tests()
                .project_slug(SLUG)
                .job_number(1002)
                .respond(tests(vec![
                    test(
                        "tests.api.UploadTest",
                        "test_upload",
                        "failure",
                        Some("TimeoutError: upload took over 30s"),
                        30.0,
                    ),
                    test("tests.api.UsersTest", "test_login", "success", None, 1.1),
                ])),
        );
        let passed_job_tests = server
            .get_tests()
            .project_slug(SLUG)
            .job_number(1027)
            .respond(tests(vec![
                test("tests.api.UploadTest", "test_upload", "success", None, 2.5),
                test("tests.api.UsersTest", "test_login", "success", None, 1.0),
            ]));
        server
            .get_flaky_tests()
            .project_slug(SLUG)
            .respond(typed(json!({
                "total-flaky-tests": 2,
                "flaky-tests": [
                    {
                        "classname": "tests.api.UploadTest", "file": "tests/uploadtest.py",
                        "job-name": "test", "job-number": 1002, "pipeline-number": 40,
                        "source": "pytest", "test-name": "test_upload", "time-wasted": 61,
                        "times-flaked": 3, "workflow-created-at": "2024-05-06T08:00:00Z",
                        "workflow-id": id(140).to_string(), "workflow-name": "build-and-test"
                    },
                    {
                        "classname": "tests.api.SearchTest", "file": null,
                        "job-name": "test", "job-number": 900, "pipeline-number": 36,
                        "source": "pytest", "test-name": "test_search",
                        "times-flaked": 1, "workflow-created-at": "2024-04-20T08:00:00Z",
                        "workflow-id": id(136).to_string(), "workflow-name": "build-and-test"
                    }
                ]
            })));
        Mounted {
            pipeline_pages,
            lint_tests,
            failed_job_tests,
            passed_job_tests,
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Datadog
// ------------------------------------------------------------------------------------------------

pub(crate) mod datadog {
    use super::*;
    use testops_datadog::mock::{Expectation, MockServer};
    use testops_datadog::types::{CiAppTestEvent, CiAppTestEventsResponse};

    pub(crate) fn event(id: &str, attributes: Value) -> CiAppTestEvent {
        typed(json!({
            "id": id,
            "type": "citest",
            "attributes": {"attributes": attributes, "tags": ["team:web"], "test_level": "test"}
        }))
    }

    pub(crate) fn page(events: Vec<CiAppTestEvent>) -> CiAppTestEventsResponse {
        typed(json!({"data": events, "meta": {"page": {}, "status": "done"}}))
    }

    /// A failed checkout test and its flagged-flaky pass on the same commit (dotted
    /// attributes), a passing header test (nested attributes), and a session event without a
    /// test name.
    pub(crate) fn events() -> Vec<CiAppTestEvent> {
        vec![
            event(
                "e1",
                json!({
                    "test.name": "pays with a card",
                    "test.suite": "checkout.spec.ts",
                    "test.module": "web",
                    "test.status": "fail",
                    "test.service": "web-ui-tests",
                    "test.source.file": "e2e/checkout.spec.ts",
                    "test.source.start": 42,
                    "error.message": "Timeout 5000ms exceeded.",
                    "error.stack": "Error: Timeout 5000ms exceeded.\n    at e2e/checkout.spec.ts:57:11",
                    "duration": 5_200_000_000u64,
                    "start": 1_715_083_200_000u64,
                    "git.branch": "main",
                    "git.commit.sha": "cccc3333cccc3333",
                    "git.repository_url": "https://github.com/acme/web",
                    "ci.pipeline.id": "gha-77",
                    "ci.pipeline.number": 77,
                    "ci.pipeline.url": "https://github.com/acme/web/actions/runs/77",
                    "ci.job.name": "e2e",
                    "ci.job.url": "https://github.com/acme/web/actions/runs/77/job/1"
                }),
            ),
            event(
                "e2",
                json!({
                    "test.name": "pays with a card",
                    "test.suite": "checkout.spec.ts",
                    "test.module": "web",
                    "test.status": "pass",
                    "test.is_flaky": "true",
                    "test.is_retry": true,
                    "test.service": "web-ui-tests",
                    "test.source.file": "e2e/checkout.spec.ts",
                    "test.source.start": 42,
                    "duration": 4_100_000_000u64,
                    "start": "2024-05-07T12:00:06Z",
                    "git.branch": "main",
                    "git.commit.sha": "cccc3333cccc3333",
                    "ci.pipeline.id": "gha-77",
                    "ci.pipeline.number": 77,
                    "ci.job.name": "e2e",
                    "ci.job.url": "https://github.com/acme/web/actions/runs/77/job/1"
                }),
            ),
            event(
                "e3",
                json!({
                    "test": {"name": "renders the header", "suite": "header.spec.ts", "status": "pass",
                             "service": "web-ui-tests", "source": {"file": "e2e/header.spec.ts"}},
                    "duration": 300_000_000u64,
                    "start": "2024-05-06T08:30:00Z",
                    "git": {"branch": "main", "commit": {"sha": "dddd4444"}},
                    "ci": {"pipeline": {"id": "gha-76", "number": 76}, "job": {"name": "e2e"}}
                }),
            ),
            event(
                "e4",
                json!({"test_session_id": "s-1", "test.status": "fail"}),
            ),
        ]
    }

    /// The events in pages of `size`, for the query the adapter sends for `search`.
    pub(crate) fn mount(
        server: &MockServer,
        search: &str,
        events: Vec<CiAppTestEvent>,
        size: usize,
    ) -> Vec<Expectation> {
        let pages: Vec<_> = events
            .chunks(size)
            .map(|chunk| page(chunk.to_vec()))
            .collect();
        server
            .list_ci_app_test_events()
            .filter_query(search)
            .filter_from(at(SINCE))
            .filter_to(at(UNTIL))
            .sort(CiAppSort::TimestampDescending)
            .respond_pages(pages)
    }
}

// ------------------------------------------------------------------------------------------------
// Checkly
// ------------------------------------------------------------------------------------------------

pub(crate) mod checkly {
    use super::*;
    use testops_checkly::mock::{Expectation, MockServer};
    use testops_checkly::types::{TestSession, TestSessionDetails, TestSessionList};

    pub(crate) fn session(n: u64, status: &str, started: &str, commit: &str) -> TestSession {
        typed(json!({
            "id": id(n),
            "accountId": id(1),
            "projectId": id(2),
            "created_at": started,
            "startedAt": started,
            "provider": "GITHUB",
            "status": status,
            "branchName": "main",
            "commitId": commit,
            "repoUrl": "https://github.com/acme/web"
        }))
    }

    pub(crate) fn list(entries: Vec<TestSession>) -> TestSessionList {
        let length = entries.len();
        typed(json!({"entries": entries, "length": length, "nextId": null}))
    }

    pub(crate) fn result(
        n: u64,
        name: &str,
        kind: &str,
        location: &str,
        status: &str,
        result_type: &str,
        failures: bool,
    ) -> Value {
        json!({
            "aborted": false,
            "checkId": id(500 + n % 10),
            "checkType": kind,
            "errorGroupIds": [],
            "hasErrors": false,
            "hasFailures": failures,
            "isDegraded": false,
            "name": name,
            "responseTime": 812.4,
            "resultType": result_type,
            "runLocation": location,
            "startedAt": "2024-05-07T09:00:05Z",
            "stoppedAt": "2024-05-07T09:00:06Z",
            "status": status,
            "testSessionResultId": id(600 + n),
            "testSessionResultLink": format!("https://app.checklyhq.com/test-sessions/{}/results/{}", id(11), id(600 + n))
        })
    }

    pub(crate) fn details(
        n: u64,
        name: &str,
        status: &str,
        results: Vec<Value>,
    ) -> TestSessionDetails {
        typed(json!({
            "errorGroupIds": [],
            "name": name,
            "results": results,
            "startedAt": "2024-05-07T09:00:00Z",
            "status": status,
            "testSessionId": id(n),
            "testSessionLink": format!("https://app.checklyhq.com/test-sessions/{}", id(n)),
            "timeElapsed": 6.5
        }))
    }

    /// Session 11 (failed: a browser check passing on its retry, an API check failing) and
    /// session 12 (passed) of main; failed sessions only when asked for failures.
    pub(crate) fn mount(server: &MockServer) -> Vec<Expectation> {
        let from = at(SINCE).timestamp();
        let to = at(UNTIL).timestamp();
        let s11 = session(11, "FAILED", "2024-05-07T09:00:00Z", "eeee5555");
        let s12 = session(12, "PASSED", "2024-05-05T09:00:00Z", "ffff6666");
        let mut mounted = server
            .list_test_sessions()
            .from(from)
            .to(to)
            .branches(vec!["main".to_string()])
            .statuses(vec![TestSessionStatus::Failed])
            .respond_pages([list(vec![s11.clone()])]);
        mounted.extend(
            server
                .list_test_sessions()
                .from(from)
                .to(to)
                .branches(vec!["main".to_string()])
                .respond_pages([list(vec![s11]), list(vec![s12])]),
        );
        mounted.push(
            server
                .get_test_session()
                .test_session_id(id(11))
                .respond(details(
                    11,
                    "CI: main",
                    "FAILED",
                    vec![
                        result(
                            1,
                            "Homepage",
                            "BROWSER",
                            "eu-west-1",
                            "FAILED",
                            "ATTEMPT",
                            true,
                        ),
                        result(2, "Login API", "API", "us-east-1", "FAILED", "FINAL", true),
                        result(
                            11,
                            "Homepage",
                            "BROWSER",
                            "eu-west-1",
                            "PASSED",
                            "FINAL",
                            false,
                        ),
                    ],
                )),
        );
        mounted.push(
            server
                .get_test_session()
                .test_session_id(id(12))
                .respond(details(
                    12,
                    "CI: main",
                    "PASSED",
                    vec![
                        result(
                            21,
                            "Homepage",
                            "BROWSER",
                            "eu-west-1",
                            "PASSED",
                            "FINAL",
                            false,
                        ),
                        result(
                            22,
                            "Login API",
                            "API",
                            "us-east-1",
                            "PASSED",
                            "FINAL",
                            false,
                        ),
                    ],
                )),
        );
        mounted
    }
}

// ------------------------------------------------------------------------------------------------
// Empirical
// ------------------------------------------------------------------------------------------------

pub(crate) mod empirical {
    use super::*;
    use testops_empirical::mock::{Expectation, MockServer};
    use testops_empirical::types::TestRunList;

    pub(crate) fn run(n: i64, created: &str, failed: i64, flaky: i64) -> Value {
        json!({
            "id": n,
            "created_at": created,
            "build_branch": "main",
            "build_url": format!("https://preview-{n}.acme.test"),
            "commit": format!("{n}0000000abc"),
            "environment_name": "Staging",
            "success_count": 120 - failed - 2,
            "failed_count": failed,
            "skipped_count": 2,
            "flaky_count": flaky,
            "total_count": 120,
            "duration": 95_000
        })
    }

    pub(crate) fn page(runs: Vec<Value>) -> TestRunList {
        typed(json!({
            "data": {
                "project": {"id": 7, "name": "Acme E2E", "slug": "acme-e2e", "repo_name": "acme/e2e"},
                "test_runs": {"items": runs}
            },
            "pagination": {"page": 1, "per_page": 100, "total": 3, "total_pages": 1}
        }))
    }

    /// Runs 812 (3 failed, 2 flaky) and 811 (clean) in the window, 790 before it; two pages.
    pub(crate) fn mount(server: &MockServer) -> Vec<Expectation> {
        server
            .list_test_runs()
            .branch("main")
            .per_page(100)
            .respond_pages([
                page(vec![
                    run(812, "2024-05-07T07:00:00Z", 3, 2),
                    run(811, "2024-05-06T07:00:00Z", 0, 0),
                ]),
                page(vec![run(790, "2024-04-20T07:00:00Z", 1, 0)]),
            ])
    }
}
