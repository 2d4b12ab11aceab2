//! Each adapter maps a realistic set of vendor answers, served by the vendor's typed mock, to the
//! expected results (snapshots), walking every page and only the pages it needs.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use support::{at, SINCE, SLUG, UNTIL};
use testops_results::adapters::checkly::Checkly;
use testops_results::adapters::circleci::CircleCi;
use testops_results::adapters::datadog::Datadog;
use testops_results::adapters::empirical::Empirical;
use testops_results::{ErrorKind, Query, RunSummary, Scope, TestResult, Vendor, Window};

fn query(scope: Scope) -> Query {
    Query {
        window: Window {
            since: Some(at(SINCE)),
            until: Some(at(UNTIL)),
        },
        branch: Some("main".into()),
        scope,
    }
}

fn pretty<T: serde::Serialize>(items: &T) -> String {
    serde_json::to_string_pretty(items).unwrap()
}

fn hits(expectations: &[testops_circleci::mock::Expectation]) -> Vec<usize> {
    expectations.iter().map(|e| e.hits()).collect()
}

#[tokio::test]
async fn circleci_window_of_main_maps_every_job_test() {
    let server = testops_circleci::mock::MockServer::start().await;
    let mounted = support::circleci::mount(&server);
    let adapter = CircleCi::new(server.client(), SLUG);

    let results: Vec<TestResult> = adapter
        .results(&query(Scope::All))
        .try_collect()
        .await
        .unwrap();

    insta::assert_snapshot!("circleci_all", pretty(&results));
    // Pipelines #42, #41, #40: lint and test jobs each (approvals have no tests).
    assert_eq!(results.len(), 2 + 1 + 2 + 1 + 2 + 1 + 1);
    // The listing stopped at #39, older than the window: the third page was never asked for.
    assert_eq!(hits(&mounted.pipeline_pages), [1, 1, 0]);
    assert_eq!(hits(&mounted.failed_job_tests), [1, 1, 1]);
    mounted.lint_tests.assert_hits(1);
    server.verify();
}

#[tokio::test]
async fn circleci_failures_skip_jobs_that_succeeded() {
    let server = testops_circleci::mock::MockServer::start().await;
    let mounted = support::circleci::mount(&server);
    let adapter = CircleCi::new(server.client(), SLUG);

    let results: Vec<TestResult> = adapter
        .results(&query(Scope::Failures))
        .try_collect()
        .await
        .unwrap();

    let jobs: Vec<_> = results.iter().map(|r| r.run.job.clone().unwrap()).collect();
    assert_eq!(
        jobs,
        [
            "build-and-test / test #1052",
            "build-and-test / test #1052",
            "build-and-test / test #1052",
            "build-and-test / test #1002",
            "build-and-test / test #1002",
        ]
    );
    mounted.lint_tests.assert_hits(0);
    mounted.passed_job_tests.assert_hits(0);
}

#[tokio::test]
async fn circleci_latest_pipelines_stops_listing() {
    let server = testops_circleci::mock::MockServer::start().await;
    let mounted = support::circleci::mount(&server);
    let adapter = CircleCi::new(server.client(), SLUG).latest_pipelines(1);
    let query = Query {
        branch: Some("main".into()),
        ..Query::default()
    };

    let results: Vec<TestResult> = adapter.results(&query).try_collect().await.unwrap();

    let numbers: Vec<_> = results.iter().map(|r| r.run.number).collect();
    assert_eq!(numbers, [Some(42); 4]);
    assert_eq!(hits(&mounted.pipeline_pages), [1, 0, 0]);
}

#[tokio::test]
async fn circleci_insights_flaky_tests() {
    let server = testops_circleci::mock::MockServer::start().await;
    support::circleci::mount(&server);
    let adapter = CircleCi::new(server.client(), SLUG);

    let flaky = adapter.flaky_tests().await.unwrap();

    let summary: Vec<_> = flaky
        .iter()
        .map(|o| {
            (
                o.identity.key(),
                o.count,
                o.seen.map(|s| s.to_rfc3339()),
                o.run.url.clone(),
            )
        })
        .collect();
    insta::assert_debug_snapshot!("circleci_flaky", summary);
}

/// Job tests answered after `slow` for the first job, at once for the others; the time each
/// request arrived.
async fn arrivals(concurrency: usize) -> HashMap<i64, Instant> {
    let server = testops_circleci::mock::MockServer::start().await;
    let slow = Duration::from_millis(400);
    server
        .list_pipelines_for_project()
        .project_slug(SLUG)
        .respond(support::circleci::pipelines(vec![
            support::circleci::pipeline(42, "2024-05-07T10:00:00Z", "aaaa"),
        ]));
    server
        .list_workflows_by_pipeline_id()
        .respond(support::circleci::workflows(vec![
            support::circleci::workflow(42, "failed"),
        ]));
    let jobs = (1..=6)
        .map(|n| support::circleci::job(Some(n), "test", "failed", "2024-05-07T10:05:00Z"))
        .collect();
    server
        .list_workflow_jobs()
        .respond(support::circleci::jobs(jobs));
    let seen: Arc<Mutex<HashMap<i64, Instant>>> = Arc::default();
    for n in 1..=6i64 {
        let record = seen.clone();
        let tests = support::circleci::tests(vec![support::circleci::test(
            "t.Case",
            &format!("test_{n}"),
            "success",
            None,
            0.1,
        )]);
        let reply = testops_circleci::mock::Reply::ok(tests);
        let reply = if n == 1 { reply.delay(slow) } else { reply };
        server
            .get_tests()
            .job_number(n)
            .matching(move |_| {
                record.lock().unwrap().entry(n).or_insert_with(Instant::now);
                true
            })
            .respond_with(reply);
    }
    let adapter = CircleCi::new(server.client(), SLUG).concurrency(concurrency);
    let results: Vec<TestResult> = adapter
        .results(&Query::default())
        .try_collect()
        .await
        .unwrap();
    // Results keep the jobs' order whatever order they were fetched in.
    let names: Vec<_> = results.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["test_1", "test_2", "test_3", "test_4", "test_5", "test_6"]
    );
    let seen = seen.lock().unwrap().clone();
    seen
}

#[tokio::test]
async fn circleci_jobs_are_fetched_concurrently_up_to_the_cap() {
    // Cap 2: while job 1 is slow, its slot and job 2's stay taken (results come in order), so
    // job 3 is asked for only once job 1 answered.
    let seen = arrivals(2).await;
    assert!(seen[&2] - seen[&1] < Duration::from_millis(200));
    assert!(seen[&3] - seen[&1] >= Duration::from_millis(350));
    // Cap 6: all six are asked for at once.
    let seen = arrivals(6).await;
    for n in 2..=6 {
        assert!(seen[&n] - seen[&1] < Duration::from_millis(200), "job {n}");
    }
}

#[tokio::test]
async fn datadog_events_paged_by_query_and_window() {
    let server = testops_datadog::mock::MockServer::start().await;
    let adapter = Datadog::new(server.client(), support::DD_QUERY).page_size(2);
    let search = adapter.search(&query(Scope::All));
    assert_eq!(search, "@test.service:web-ui-tests @git.branch:main");
    let pages = support::datadog::mount(&server, &search, support::datadog::events(), 2);

    let results: Vec<TestResult> = adapter
        .results(&query(Scope::All))
        .try_collect()
        .await
        .unwrap();

    insta::assert_snapshot!("datadog_all", pretty(&results));
    // e4 names no test: not a result.
    assert_eq!(results.len(), 3);
    assert_eq!(pages.iter().map(|p| p.hits()).collect::<Vec<_>>(), [1, 1]);
    server.verify();
}

#[tokio::test]
async fn datadog_failures_ask_for_failed_events() {
    let server = testops_datadog::mock::MockServer::start().await;
    let adapter = Datadog::new(server.client(), support::DD_QUERY);
    let pages = support::datadog::mount(
        &server,
        "@test.service:web-ui-tests @git.branch:main @test.status:fail",
        support::datadog::events()[..1].to_vec(),
        1000,
    );
    let results: Vec<TestResult> = adapter
        .results(&query(Scope::Failures))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(pages[0].hits(), 1);
    server.verify();
}

#[tokio::test]
async fn datadog_refused_key_names_the_variables() {
    let server = testops_datadog::mock::MockServer::start().await;
    server.list_ci_app_test_events().respond_error(
        403,
        support::typed(serde_json::json!({"errors": ["Forbidden"]})),
    );
    let adapter = Datadog::new(server.client(), "");
    let error = adapter
        .results(&Query::default())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(error.vendor(), Vendor::Datadog);
    assert_eq!(error.kind(), ErrorKind::Credentials);
    let text = error.to_string();
    assert!(text.starts_with("datadog: "), "{text}");
    assert!(text.contains("DD_API_KEY and DD_APP_KEY"), "{text}");
}

#[tokio::test]
async fn checkly_sessions_and_their_results_with_attempts_folded() {
    let server = testops_checkly::mock::MockServer::start().await;
    let mounted = support::checkly::mount(&server);
    let adapter = Checkly::new(server.client());

    let results: Vec<TestResult> = adapter
        .results(&query(Scope::All))
        .try_collect()
        .await
        .unwrap();

    insta::assert_snapshot!("checkly_all", pretty(&results));
    // The failed-only listing, then the two pages of the full one, then both sessions.
    let hits: Vec<_> = mounted.iter().map(|e| e.hits()).collect();
    assert_eq!(hits, [0, 1, 1, 1, 1]);
    server.verify();
}

#[tokio::test]
async fn checkly_failures_read_failed_sessions_only() {
    let server = testops_checkly::mock::MockServer::start().await;
    let mounted = support::checkly::mount(&server);
    let adapter = Checkly::new(server.client());
    let results: Vec<TestResult> = adapter
        .results(&query(Scope::Failures))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(results.len(), 2);
    let hits: Vec<_> = mounted.iter().map(|e| e.hits()).collect();
    assert_eq!(hits, [1, 0, 0, 1, 0]);
}

#[tokio::test]
async fn empirical_runs_are_counts_only_and_cut_to_the_window() {
    let server = testops_empirical::mock::MockServer::start().await;
    let pages = support::empirical::mount(&server);
    let adapter = Empirical::new(server.client()).expect_project("acme-e2e");

    let runs: Vec<RunSummary> = adapter
        .runs(&query(Scope::All), at(UNTIL))
        .try_collect()
        .await
        .unwrap();

    insta::assert_snapshot!("empirical_runs", pretty(&runs));
    assert!(runs.iter().all(|r| !r.per_test));
    assert_eq!(pages.iter().map(|p| p.hits()).collect::<Vec<_>>(), [1, 1]);
}

#[tokio::test]
async fn empirical_key_of_another_project_is_a_credentials_error() {
    let server = testops_empirical::mock::MockServer::start().await;
    support::empirical::mount(&server);
    let adapter = Empirical::new(server.client()).expect_project("billing-e2e");
    let error = adapter
        .runs(&query(Scope::All), at(UNTIL))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Credentials);
    assert_eq!(
        error.to_string(),
        "empirical: EMPIRICAL_API_KEY belongs to project `acme-e2e`, not `billing-e2e`"
    );
}
