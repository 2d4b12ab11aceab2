//! Reading results through the typed mocks: one CircleCI project with 200 jobs of 50 tests each
//! (10,000 results), and 10,000 Datadog events in pages of 1,000. Wall time from criterion; then
//! the peak live heap of one read, at the size above and at twice the size (memory should stay
//! flat: results are streamed, not collected).
//!
//! `cargo bench -p testops-results --bench fetch`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use futures::TryStreamExt;
use serde_json::json;
use testops_results::adapters::circleci::CircleCi;
use testops_results::adapters::datadog::Datadog;
use testops_results::Query;

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SLUG: &str = "gh/acme/api";

fn typed<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap()
}

fn uuid(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// One pipeline, one workflow, `jobs` jobs of 50 tests (every fifth failed).
async fn circleci(jobs: usize) -> testops_circleci::mock::MockServer {
    let server = testops_circleci::mock::MockServer::start().await;
    server.list_pipelines_for_project().respond(typed(json!({
        "items": [{
            "id": uuid(1), "errors": [], "number": 1, "project_slug": SLUG, "state": "created",
            "created_at": "2024-05-07T10:00:00Z",
            "trigger": {"type": "webhook", "received_at": "2024-05-07T10:00:00Z",
                        "actor": {"login": "dev", "avatar_url": null}},
            "vcs": {"provider_name": "GitHub", "origin_repository_url": "https://github.com/acme/api",
                    "target_repository_url": "https://github.com/acme/api", "branch": "main",
                    "revision": "aaaa"}
        }],
        "next_page_token": null
    })));
    server.list_workflows_by_pipeline_id().respond(typed(json!({
        "items": [{
            "id": uuid(2), "name": "build", "pipeline_id": uuid(1), "pipeline_number": 1,
            "project_slug": SLUG, "started_by": uuid(3), "status": "failed",
            "created_at": "2024-05-07T10:00:00Z", "stopped_at": null
        }],
        "next_page_token": null
    })));
    let job_list: Vec<_> = (1..=jobs)
        .map(|n| {
            json!({
                "id": uuid(1000 + n), "job_number": n, "name": format!("test-{n}"),
                "project_slug": SLUG, "dependencies": [], "status": "failed", "type": "build",
                "started_at": "2024-05-07T10:01:00Z"
            })
        })
        .collect();
    server
        .list_workflow_jobs()
        .respond(typed(json!({"items": job_list, "next_page_token": null})));
    for job in 1..=jobs {
        let tests: Vec<_> = (0..50)
            .map(|t| {
                let failed = t % 5 == 0;
                json!({
                    "classname": format!("tests.module{job}.Case"),
                    "name": format!("test_{t}"),
                    "result": if failed { "failure" } else { "success" },
                    "message": failed.then_some("AssertionError: expected 200, got 500\n  at tests/case.py:10"),
                    "file": "tests/case.py",
                    "run_time": 0.25,
                    "source": "pytest"
                })
            })
            .collect();
        server
            .get_tests()
            .job_number(job as i64)
            .respond(typed(json!({"items": tests, "next_page_token": null})));
    }
    server
}

/// `pages` pages of 1,000 Datadog events.
async fn datadog(pages: usize) -> testops_datadog::mock::MockServer {
    let server = testops_datadog::mock::MockServer::start().await;
    let answers: Vec<testops_datadog::types::CiAppTestEventsResponse> = (0..pages)
        .map(|page| {
            let events: Vec<_> = (0..1000)
                .map(|i| {
                    json!({
                        "id": format!("e{page}-{i}"), "type": "citest",
                        "attributes": {"attributes": {
                            "test.name": format!("test {i}"), "test.suite": format!("suite {}", i % 40),
                            "test.status": if i % 7 == 0 { "fail" } else { "pass" },
                            "test.service": "web", "duration": 12_000_000, "start": 1_715_083_200_000u64,
                            "git.branch": "main", "git.commit.sha": "cccc",
                            "ci.pipeline.id": format!("run-{page}"), "ci.job.name": "e2e",
                            "ci.job.url": format!("https://ci.test/run-{page}")
                        }, "tags": ["team:web"], "test_level": "test"}
                    })
                })
                .collect();
            typed(json!({"data": events, "meta": {"page": {}}}))
        })
        .collect();
    server.list_ci_app_test_events().respond_pages(answers);
    server
}

async fn read_circleci(adapter: &CircleCi) -> usize {
    adapter
        .results(&Query::default())
        .try_fold(0, |n, _| async move { Ok(n + 1) })
        .await
        .unwrap()
}

async fn read_datadog(adapter: &Datadog) -> usize {
    adapter
        .results(&Query::default())
        .try_fold(0, |n, _| async move { Ok(n + 1) })
        .await
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn bench(c: &mut Criterion) {
    let rt = runtime();
    let circle = rt.block_on(circleci(200));
    let adapter = CircleCi::new(circle.client(), SLUG);
    let dd = rt.block_on(datadog(10));
    let dd_adapter = Datadog::new(dd.client(), "");
    let mut group = c.benchmark_group("fetch");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("circleci_200_jobs_x_50_tests", |b| {
        b.iter(|| assert_eq!(rt.block_on(read_circleci(&adapter)), 10_000))
    });
    group.bench_function("datadog_10_pages_x_1000_events", |b| {
        b.iter(|| assert_eq!(rt.block_on(read_datadog(&dd_adapter)), 10_000))
    });
    group.finish();
}

/// Runs `read` once and returns (items, wall time, peak live heap above the heap live before).
fn peak_of(
    rt: &tokio::runtime::Runtime,
    read: impl std::future::Future<Output = usize>,
) -> (usize, Duration, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let items = rt.block_on(read);
    let elapsed = start.elapsed();
    (
        items,
        elapsed,
        PEAK.load(Ordering::Relaxed).saturating_sub(base),
    )
}

fn mib(bytes: usize) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn memory() {
    let rt = runtime();
    println!(
        "one read each, peak live heap above the heap live before (mock answers built first):"
    );
    for jobs in [200, 400] {
        let server = rt.block_on(circleci(jobs));
        let adapter = CircleCi::new(server.client(), SLUG);
        rt.block_on(read_circleci(&adapter)); // warm-up: connection pool, lazy statics
        let (items, time, peak) = peak_of(&rt, read_circleci(&adapter));
        println!(
            "  circleci {jobs} jobs x 50 tests: {items} results in {time:.2?}, peak {}",
            mib(peak)
        );
    }
    for pages in [10, 20] {
        let server = rt.block_on(datadog(pages));
        let adapter = Datadog::new(server.client(), "");
        rt.block_on(read_datadog(&adapter));
        let (items, time, peak) = peak_of(&rt, read_datadog(&adapter));
        println!(
            "  datadog {pages} pages x 1000 events: {items} results in {time:.2?}, peak {}",
            mib(peak)
        );
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
    memory();
}
