//! The failed-tests flow of the README (the latest pipeline, its 10 workflows, their 200 jobs,
//! 50 tests each) through CircleCI's typed mock, each answer 20 ms late like a nearby server,
//! with a burst of `429` (`Retry-After: 1`) in the middle: the first request for each of 5 jobs
//! is refused. Sequential (one request at a time) against concurrent (16 job requests at once
//! through one client, whose rate-limit gate pauses them all on the first refusal). Prints the
//! wall time and the requests the server saw, the median of `ROUNDS` rounds.
//!
//! `cargo bench -p benches --bench failed_tests_flow [-- ROUNDS]`

use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use testops_circleci::mock::{Expectation, MockServer, Reply};
use testops_circleci::{types, Client};

const WORKFLOWS: usize = 10;
const JOBS_PER_WORKFLOW: usize = 20;
const TESTS_PER_JOB: usize = 50;
/// Jobs whose first request for tests is refused with `429`.
const REFUSED: std::ops::Range<usize> = 100..105;
const LATENCY: Duration = Duration::from_millis(20);
const IN_FLIGHT: usize = 16;

fn uuid(i: usize) -> String {
    format!("00000000-0000-4000-8000-{i:012}")
}

fn typed<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the built answer matches the generated type")
}

/// The mock server with every expectation of the flow mounted.
async fn server() -> (MockServer, Vec<Expectation>) {
    let server = MockServer::start().await;
    let mut mounted = Vec::new();
    let pipelines = json!({"items": [{
        "id": uuid(1), "errors": [], "project_slug": "gh/acme/api", "number": 1,
        "state": "created", "created_at": "2024-05-01T10:00:00Z",
        "trigger": {"type": "webhook", "received_at": "2024-05-01T10:00:00Z",
                    "actor": {"login": "octo", "avatar_url": null}}
    }], "next_page_token": null});
    mounted.push(
        server
            .list_pipelines_for_project()
            .respond_with(Reply::ok(typed(pipelines)).delay(LATENCY)),
    );
    let workflows: Vec<Value> = (0..WORKFLOWS)
        .map(|w| {
            json!({"id": uuid(100 + w), "name": format!("wf{w}"), "pipeline_id": uuid(1),
                   "pipeline_number": 1, "project_slug": "gh/acme/api", "status": "failed",
                   "started_by": uuid(2), "created_at": "2024-05-01T10:00:00Z",
                   "stopped_at": "2024-05-01T10:10:00Z"})
        })
        .collect();
    let workflows: types::WorkflowListResponse =
        typed(json!({"items": workflows, "next_page_token": null}));
    let ids: Vec<_> = workflows.items.iter().map(|w| w.id).collect();
    mounted.push(
        server
            .list_workflows_by_pipeline_id()
            .respond_with(Reply::ok(workflows).delay(LATENCY)),
    );
    for (w, id) in ids.into_iter().enumerate() {
        let jobs: Vec<Value> = (0..JOBS_PER_WORKFLOW)
            .map(|j| {
                let n = w * JOBS_PER_WORKFLOW + j;
                json!({"dependencies": [], "id": uuid(1000 + n), "job_number": n,
                       "name": format!("job{n}"), "project_slug": "gh/acme/api",
                       "status": "failed", "type": "build",
                       "started_at": "2024-05-01T10:00:00Z"})
            })
            .collect();
        let jobs = typed(json!({"items": jobs, "next_page_token": null}));
        mounted.push(
            server
                .list_workflow_jobs()
                .id(id)
                .respond_with(Reply::ok(jobs).delay(LATENCY)),
        );
    }
    for n in 0..WORKFLOWS * JOBS_PER_WORKFLOW {
        let tests: Vec<Value> = (0..TESTS_PER_JOB)
            .map(|t| {
                json!({"message": if t % 10 == 0 { "assertion failed" } else { "" },
                       "source": "cargo", "run_time": 0.25, "file": format!("src/m{t}.rs"),
                       "result": if t % 10 == 0 { "failure" } else { "success" },
                       "name": format!("test_{t}"), "classname": format!("job{n}")})
            })
            .collect();
        let answer: types::TestsResponse = typed(json!({"items": tests, "next_page_token": null}));
        let ok = Reply::ok(answer).delay(LATENCY);
        let mock = server.get_tests().job_number(n as i64);
        mounted.push(if REFUSED.contains(&n) {
            mock.respond_sequence([Reply::rate_limited(Duration::from_secs(1)), ok])
        } else {
            mock.respond_with(ok)
        });
    }
    (server, mounted)
}

/// The flow; the number of failed tests found.
async fn flow(client: &Client, concurrent: bool) -> usize {
    let slug = "gh/acme/api";
    let pipeline = client
        .list_pipelines_for_project()
        .project_slug(slug)
        .branch("main")
        .stream()
        .next()
        .await
        .expect("a pipeline")
        .expect("listed");
    let workflows: Vec<_> = client
        .list_workflows_by_pipeline_id()
        .pipeline_id(pipeline.id)
        .stream()
        .try_collect()
        .await
        .expect("workflows");
    let mut jobs = Vec::new();
    for workflow in &workflows {
        let page: Vec<_> = client
            .list_workflow_jobs()
            .id(workflow.id)
            .stream()
            .try_collect()
            .await
            .expect("jobs");
        jobs.extend(page.into_iter().filter_map(|job| job.job_number));
    }
    let tests = |number: i64| async move {
        let tests: Vec<types::TestMetadata> = client
            .get_tests()
            .project_slug(slug)
            .job_number(number)
            .stream()
            .try_collect()
            .await
            .expect("tests");
        tests.iter().filter(|t| t.result == "failure").count()
    };
    if concurrent {
        futures::stream::iter(jobs)
            .map(tests)
            .buffer_unordered(IN_FLIGHT)
            .fold(0, |sum, n| async move { sum + n })
            .await
    } else {
        let mut sum = 0;
        for number in jobs {
            sum += tests(number).await;
        }
        sum
    }
}

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(3);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let expected_requests = 2 + WORKFLOWS + WORKFLOWS * JOBS_PER_WORKFLOW;
    println!(
        "failed-tests flow: 1 pipeline, {WORKFLOWS} workflows, {} jobs, {TESTS_PER_JOB} tests each; \
         {} ms per answer; 429 for the first request of {} jobs; {rounds} rounds (median)",
        WORKFLOWS * JOBS_PER_WORKFLOW,
        LATENCY.as_millis(),
        REFUSED.len()
    );
    println!("| mode | wall time | requests | extra requests |");
    println!("| --- | --- | --- | --- |");
    let mut medians = Vec::new();
    for concurrent in [false, true] {
        let mut times = Vec::new();
        let mut requests = 0;
        for _ in 0..rounds {
            let (elapsed, sent) = runtime.block_on(async {
                let (server, mounted) = server().await;
                let client = server.client();
                let start = Instant::now();
                let failed = flow(&client, concurrent).await;
                let elapsed = start.elapsed();
                assert_eq!(failed, WORKFLOWS * JOBS_PER_WORKFLOW * TESTS_PER_JOB / 10);
                (
                    elapsed,
                    mounted.iter().map(Expectation::hits).sum::<usize>(),
                )
            });
            times.push(elapsed);
            requests = sent;
        }
        times.sort();
        let median = times[times.len() / 2];
        medians.push(median);
        let extra = requests.saturating_sub(expected_requests);
        println!(
            "| {} | {:.2} s | {requests} | {extra} ({:.1}%) |",
            if concurrent {
                format!("concurrent ({IN_FLIGHT} in flight, one gate)")
            } else {
                "sequential".to_string()
            },
            median.as_secs_f64(),
            100.0 * extra as f64 / expected_requests as f64
        );
    }
    println!(
        "concurrent / sequential: {:.1}x faster",
        medians[0].as_secs_f64() / medians[1].as_secs_f64()
    );
}
