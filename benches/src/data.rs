//! Builds large, realistic response bodies in the shapes of the fixtures under
//! `tests/fixtures/`, with varied values, so the benches decode something like real traffic.

use serde_json::{json, Value};

/// A small deterministic pseudo-random sequence (xorshift), so every run builds the same bytes.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn hex(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        while out.len() < len {
            out.push_str(&format!("{:016x}", self.next()));
        }
        out.truncate(len);
        out
    }

    fn uuid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    }

    /// Between `min` and `min + spread - 1` UUIDs.
    fn uuids(&mut self, min: u64, spread: u64) -> Vec<String> {
        let n = min + self.below(spread);
        (0..n).map(|_| self.uuid()).collect()
    }

    fn timestamp(&mut self) -> String {
        format!(
            "2025-03-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            1 + self.below(28),
            self.below(24),
            self.below(60),
            self.below(60),
            self.below(1000)
        )
    }
}

const SERVICES: &[&str] = &[
    "checkout-api",
    "billing-worker",
    "web-frontend",
    "search-indexer",
];
const FRAMEWORKS: &[&str] = &["pytest", "jest", "junit", "rspec", "go-test"];
const STATUSES: &[&str] = &["pass", "pass", "pass", "pass", "fail", "skip"];
const BRANCHES: &[&str] = &[
    "main",
    "release/2025.03",
    "feat/coupon-rounding",
    "fix/flaky-sync",
];
const AUTHORS: &[(&str, &str)] = &[
    ("Ada Lovelace", "ada@example.com"),
    ("Grace Hopper", "grace@example.com"),
    ("Alan Turing", "alan@example.com"),
];
const JOBS: &[&str] = &["test", "test-ui", "integration", "lint-and-test"];
const WORDS: &[&str] = &[
    "retries", "pipeline", "checkout", "coupon", "rounding", "sync", "renders", "list", "handles",
    "timeout", "empty", "page",
];

/// One Datadog CI Visibility test event, about 2 KB of JSON, with the nested `test`, `ci`,
/// `git`, `os` and `runtime` attributes the Datadog tracers send.
pub fn datadog_event(i: usize) -> Value {
    let mut r = Rng::new(i as u64 + 1);
    let service = r.pick(SERVICES);
    let framework = r.pick(FRAMEWORKS);
    let status = r.pick(STATUSES);
    let branch = r.pick(BRANCHES);
    let (author, email) = AUTHORS[r.below(AUTHORS.len() as u64) as usize];
    let suite = format!("tests.{}.test_{}", service.replace('-', "_"), r.pick(WORDS));
    let name = format!(
        "test_{}_{}_{}_{i}",
        r.pick(WORDS),
        r.pick(WORDS),
        r.pick(WORDS)
    );
    let sha = r.hex(40);
    let pipeline = 10_000 + r.below(5_000);
    let duration = 1_000_000 + r.below(9_000_000_000);
    let started = r.timestamp();
    let mut attributes = json!({
        "test": {
            "name": name,
            "suite": suite,
            "module": service,
            "status": status,
            "type": "test",
            "framework": framework,
            "framework_version": format!("{}.{}.{}", 1 + r.below(8), r.below(20), r.below(10)),
            "command": format!("{framework} tests/{}", service.replace('-', "_")),
            "source": {
                "file": format!("tests/{}/test_{}.py", service.replace('-', "_"), r.pick(WORDS)),
                "start": 10 + r.below(400),
                "end": 420 + r.below(400),
            },
            "codeowners": [format!("@acme/{}", r.pick(SERVICES)), "@acme/qa"],
            "is_new": r.below(20) == 0,
            "is_retry": r.below(10) == 0,
            "itr": {"skipped": false, "unskippable": r.below(50) == 0},
            "parameters": format!("{{\"arguments\":{{\"case\":{}}},\"metadata\":{{}}}}", r.below(64)),
            "fingerprint": r.hex(16),
        },
        "ci": {
            "provider": {"name": "github"},
            "pipeline": {
                "id": format!("{}", 8_000_000_000u64 + r.below(1_000_000_000)),
                "name": format!("acme/{service}"),
                "number": pipeline,
                "url": format!("https://github.com/acme/{service}/actions/runs/{pipeline}"),
            },
            "job": {
                "name": r.pick(JOBS),
                "url": format!("https://github.com/acme/{service}/actions/runs/{pipeline}/job/{}", r.below(1_000_000_000)),
            },
            "stage": {"name": "test"},
            "workspace_path": format!("/home/runner/work/{service}/{service}"),
        },
        "git": {
            "branch": branch,
            "repository_url": format!("https://github.com/acme/{service}.git"),
            "commit": {
                "sha": sha,
                "message": format!("Fix {} {} in {}", r.pick(WORDS), r.pick(WORDS), service),
                "author": {"name": author, "email": email, "date": r.timestamp()},
                "committer": {"name": "GitHub", "email": "noreply@github.com", "date": r.timestamp()},
            },
        },
        "os": {"platform": "linux", "architecture": "x86_64", "version": "6.8.0-1021-azure"},
        "runtime": {"name": "CPython", "version": format!("3.{}.{}", 9 + r.below(4), r.below(12))},
        "span": {
            "trace_id": r.hex(32),
            "span_id": format!("{}", r.next()),
            "start": started,
            "duration": duration,
        },
        "duration": duration,
        "service": service,
        "env": "ci",
        "customAttribute": r.below(1000),
    });
    if status == "fail" {
        attributes["error"] = json!({
            "type": "AssertionError",
            "message": format!("expected {} to equal {}", r.below(100), r.below(100)),
            "stack": format!(
                "Traceback (most recent call last):\n  File \"tests/{0}.py\", line {1}, in {2}\n    assert total == expected\nAssertionError",
                service, r.below(400), name
            ),
        });
    }
    json!({
        "attributes": {
            "attributes": attributes,
            "tags": [
                format!("service:{service}"),
                "env:ci",
                format!("test.status:{status}"),
                format!("test.framework:{framework}"),
                format!("git.branch:{branch}"),
                "team:A",
            ],
            "test_level": "test",
        },
        "id": format!("AAAAA{}", r.hex(45)),
        "type": "citest",
    })
}

/// A page of Datadog test events (`CIAppTestEventsResponse`), starting at event `first`,
/// with `after` as the next cursor (`None` on the last page).
pub fn datadog_page(first: usize, len: usize, after: Option<&str>) -> Value {
    let data: Vec<Value> = (first..first + len).map(datadog_event).collect();
    let mut page = json!({
        "data": data,
        "meta": {
            "elapsed": 132,
            "request_id": "MWlFUjVaWGZTTTZPYzM0VXp1OXU2d3xLSVpEMjZKQ0VKUTI0dEYtM3RSOFVR",
            "status": "done",
        },
    });
    if let Some(after) = after {
        page["links"] = json!({
            "next": format!("https://app.datadoghq.com/api/v2/ci/tests/events?page[cursor]={after}")
        });
        page["meta"]["page"] = json!({ "after": after });
    }
    page
}

/// A CircleCI `get_flaky_tests` response (`FlakyTests`) with `len` flaky tests.
pub fn circleci_flaky_tests(len: usize) -> Value {
    let mut r = Rng::new(7);
    let tests: Vec<Value> = (0..len)
        .map(|i| {
            let framework = r.pick(FRAMEWORKS);
            let python = framework == "pytest";
            json!({
                "time-wasted": r.below(2_000),
                "workflow-created-at": r.timestamp(),
                "workflow-id": r.uuid(),
                "classname": if python { json!(format!("tests.api.test_{}", r.pick(WORDS))) } else { Value::Null },
                "pipeline-number": 1_000 + r.below(9_000),
                "workflow-name": "build-and-test",
                "test-name": format!("test_{}_{}_{i}", r.pick(WORDS), r.pick(WORDS)),
                "job-name": r.pick(JOBS),
                "job-number": 40_000 + r.below(10_000),
                "times-flaked": 1 + r.below(12),
                "source": framework,
                "file": if python { json!(format!("tests/api/test_{}.py", r.pick(WORDS))) } else { Value::Null },
            })
        })
        .collect();
    json!({ "flaky-tests": tests, "total-flaky-tests": len })
}

/// A CircleCI `get_project_workflow_test_metrics` response with `len` entries in each of
/// `most_failed_tests`, `slowest_tests` and `test_runs`.
pub fn circleci_test_metrics(len: usize) -> Value {
    let mut r = Rng::new(11);
    let mut metrics = |i: usize| {
        let framework = r.pick(FRAMEWORKS);
        let python = framework == "pytest";
        let total = 10 + r.below(90);
        json!({
            "failed_runs": r.below(total),
            "job_name": r.pick(JOBS),
            "p95_duration": if r.below(10) == 0 { Value::Null } else { json!(r.below(50_000) as f64 / 1000.0) },
            "test_name": format!("test_{}_{}_{i}", r.pick(WORDS), r.pick(WORDS)),
            "file": if python { json!(format!("tests/api/test_{}.py", r.pick(WORDS))) } else { Value::Null },
            "source": framework,
            "classname": if python { json!(format!("tests.api.test_{}", r.pick(WORDS))) } else { Value::Null },
            "total_runs": total,
            "flaky": r.below(5) == 0,
        })
    };
    let most_failed: Vec<Value> = (0..len).map(&mut metrics).collect();
    let slowest: Vec<Value> = (0..len).map(&mut metrics).collect();
    let mut r = Rng::new(13);
    let runs: Vec<Value> = (0..len)
        .map(|i| {
            let total = 1_000 + r.below(500);
            let failure = r.below(5);
            let skipped = r.below(20);
            json!({
                "pipeline_number": 1_000 + i,
                "workflow_id": r.uuid(),
                "success_rate": (total - failure - skipped) as f64 / total as f64,
                "test_counts": {
                    "error": 0,
                    "failure": failure,
                    "skipped": skipped,
                    "success": total - failure - skipped,
                    "total": total,
                },
            })
        })
        .collect();
    json!({
        "average_test_count": 1240,
        "most_failed_tests": most_failed,
        "most_failed_tests_extra": 0,
        "slowest_tests": slowest,
        "slowest_tests_extra": 2,
        "total_test_runs": len,
        "test_runs": runs,
    })
}

/// A Checkly `list_test_sessions` page (`TestSessionList`) with `len` sessions.
pub fn checkly_sessions(len: usize) -> Value {
    let mut r = Rng::new(17);
    let account = r.uuid();
    let entries: Vec<Value> = (0..len)
        .map(|i| {
            let git = r.below(3) != 0;
            let started = r.timestamp();
            json!({
                "id": r.uuid(),
                "accountId": account,
                "name": format!("Deploy checks: {} {} #{i}", r.pick(WORDS), r.pick(WORDS)),
                "provider": if git { "GITHUB" } else { "TRIGGER" },
                "cancelled": r.uuids(0, 2),
                "region": if git { json!("eu-west-1") } else { Value::Null },
                "startedAt": started,
                "created_at": started,
                "projectId": if git { json!(r.uuid()) } else { Value::Null },
                "running": r.uuids(0, 3),
                "passed": r.uuids(1, 6),
                "failed": r.uuids(0, 3),
                "privateLocationId": if git { Value::Null } else { json!(r.uuid()) },
                "invoker": if git {
                    json!({"name": AUTHORS[i % AUTHORS.len()].0, "picture": format!("https://avatars.githubusercontent.com/u/{}?v=4", r.below(9_999_999))})
                } else { Value::Null },
                "repoUrl": if git { json!("https://github.com/acme/webshop") } else { Value::Null },
                "commitId": if git { json!(r.hex(40)) } else { Value::Null },
                "commitOwner": if git { json!("ada") } else { Value::Null },
                "commitMessage": if git { json!(format!("Fix {} in {}", r.pick(WORDS), r.pick(WORDS))) } else { Value::Null },
                "branchName": if git { json!(r.pick(BRANCHES)) } else { Value::Null },
                "environment": if git { json!("production") } else { Value::Null },
                "stoppedAt": r.timestamp(),
                "updated_at": r.timestamp(),
            })
        })
        .collect();
    json!({ "length": len, "entries": entries, "nextId": r.uuid() })
}

/// Serialises a built body to bytes, as a server would send it.
pub fn to_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("a built body serialises")
}
