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

const AUTHORS_INTL: &[(&str, &str)] = &[
    ("Zoë Ångström", "zoe@example.com"),
    ("José Núñez", "jose@example.com"),
    ("Søren Kierkegård", "soren@example.dk"),
    ("李小龍", "li@example.cn"),
    ("Ада Лавлейс", "ada@example.ru"),
    ("Grace Hopper", "grace@example.com"),
];
const MESSAGE_LINES: &[&str] = &[
    "Handle \"quoted\" coupon codes in the checkout path",
    "Use a tab\tseparated report for C:\\builds\\artifacts",
    "Fix rounding of 0.1 + 0.2 → 0.30000000000000004 in totals",
    "Réparer la synchronisation des paniers (café, crème brûlée)",
    "修复优惠券舍入错误",
    "Retry on 429 🚦 with jitter; cap at 30 s ⏱",
    "Escape </script> and \u{2028} in rendered JSON",
];
const LANGS: &[(&str, &str, &str)] = &[
    ("python", "CPython", "3.12.4"),
    ("javascript", "node", "20.14.0"),
    ("java", "OpenJDK 64-Bit Server VM", "21.0.3+9-LTS"),
    ("ruby", "ruby", "3.3.1"),
    ("go", "go", "go1.22.4"),
];
const OSES: &[(&str, &str, &str)] = &[
    ("linux", "x86_64", "6.8.0-1021-azure"),
    ("linux", "arm64", "6.5.0-1025-aws"),
    ("darwin", "arm64", "23.5.0"),
    ("windows", "x86_64", "10.0.20348"),
];

/// A float with many significant digits, some with exponents, as tracers report metrics.
fn metric(r: &mut Rng) -> f64 {
    let mantissa = (r.next() >> 11) as f64 / (1u64 << 53) as f64;
    match r.below(4) {
        0 => mantissa,
        1 => mantissa * 1e9,
        2 => -mantissa * 1e-7,
        _ => mantissa * 6.02e23,
    }
}

/// One demanding Datadog CI Visibility test event, about 5 KB of JSON: deep, varied free-form
/// attributes (test, ci, git, os, runtime, host, custom tags and metrics, coverage, logs,
/// error frames), big integers, floats with many digits, escapes and non-ASCII text.
pub fn datadog_rich_event(i: usize) -> Value {
    let mut r = Rng::new(0xDD00 + i as u64);
    let service = r.pick(SERVICES);
    let module = service.replace('-', "_");
    let framework = r.pick(FRAMEWORKS);
    let status = r.pick(STATUSES);
    let branch = r.pick(BRANCHES);
    let (author, email) = AUTHORS_INTL[r.below(AUTHORS_INTL.len() as u64) as usize];
    let (lang, runtime, runtime_version) = LANGS[r.below(LANGS.len() as u64) as usize];
    let (platform, arch, os_version) = OSES[r.below(OSES.len() as u64) as usize];
    let name = format!(
        "test_{}_{}_{}[case-{}-ü]",
        r.pick(WORDS),
        r.pick(WORDS),
        r.pick(WORDS),
        i
    );
    let suite = format!("tests/{module}/test_{}.py::Test{}", r.pick(WORDS), i % 37);
    let pipeline = 10_000 + r.below(5_000);
    let duration = 1_000_000 + r.below(9_000_000_000);
    let message = format!(
        "{}\n\n{}\n\nCo-authored-by: {author} <{email}>\nRefs: #{}",
        r.pick(MESSAGE_LINES),
        r.pick(MESSAGE_LINES),
        r.below(10_000)
    );

    let test = json!({
        "name": name,
        "suite": suite,
        "module": module,
        "status": status,
        "type": if r.below(10) == 0 { "benchmark" } else { "test" },
        "framework": framework,
        "framework_version": format!("{}.{}.{}", 1 + r.below(8), r.below(20), r.below(10)),
        "command": format!("{framework} -x --maxfail=5 -k \"not slow and not {}\" tests/{module} --junitxml=reports\\junit.xml", r.pick(WORDS)),
        "source": {"file": format!("tests/{module}/test_{}.py", r.pick(WORDS)), "start": 10 + r.below(400), "end": 420 + r.below(400)},
        "codeowners": [format!("@acme/{}", r.pick(SERVICES)), "@acme/qa", format!("@{}", email.split('@').next().unwrap_or("x"))],
        "is_new": r.below(20) == 0,
        "is_retry": r.below(10) == 0,
        "retry_reason": if r.below(10) == 0 { json!("early_flake_detection") } else { Value::Null },
        "itr": {"skipped": false, "unskippable": r.below(50) == 0, "forced_run": false, "tests_skipping": {"enabled": true, "count": r.below(300), "type": "test"}},
        "parameters": format!("{{\"arguments\":{{\"case\":{},\"input\":\"{}\\\\n\"}},\"metadata\":{{\"seed\":{}}}}}", r.below(64), r.pick(WORDS), r.next()),
        "fingerprint": r.hex(16),
        "traits": {"category": [r.pick(WORDS), "regression"], "owner": [author], "priority": [r.below(4)]},
        "early_flake": {"enabled": r.below(2) == 0, "abort_reason": Value::Null, "retries": r.below(10)},
        "code_coverage": {"lines_pct": metric(&mut r).abs() % 100.0, "enabled": true, "backfilled": false},
    });
    let ci = json!({
        "provider": {"name": "github", "instance": "github.com"},
        "pipeline": {
            "id": format!("{}", 8_000_000_000u64 + r.below(1_000_000_000)),
            "name": format!("acme/{service}"),
            "number": pipeline,
            "url": format!("https://github.com/acme/{service}/actions/runs/{pipeline}?attempt=1&check_suite_focus=true"),
        },
        "job": {
            "name": r.pick(JOBS),
            "id": r.next() >> 20,
            "url": format!("https://github.com/acme/{service}/actions/runs/{pipeline}/job/{}", r.below(1_000_000_000)),
        },
        "stage": {"name": "test"},
        "node": {"name": format!("GitHub Actions {}", r.below(100)), "labels": ["ubuntu-22.04", "self-hosted", arch, "gpu:none"]},
        "workspace_path": format!("/home/runner/work/{service}/{service}"),
        "env_vars": {
            "GITHUB_RUN_ATTEMPT": format!("{}", 1 + r.below(3)),
            "GITHUB_WORKFLOW_REF": format!("acme/{service}/.github/workflows/ci.yml@refs/heads/{branch}"),
            "RUNNER_TEMP": "C:\\actions-runner\\_work\\_temp",
        },
    });
    let git = json!({
        "branch": branch,
        "tag": if r.below(8) == 0 { json!(format!("v{}.{}.{}", r.below(5), r.below(30), r.below(10))) } else { Value::Null },
        "repository_url": format!("https://github.com/acme/{service}.git"),
        "commit": {
            "sha": r.hex(40),
            "message": message,
            "author": {"name": author, "email": email, "date": r.timestamp()},
            "committer": {"name": "GitHub", "email": "noreply@github.com", "date": r.timestamp()},
            "head": {"sha": r.hex(40), "message": r.pick(MESSAGE_LINES), "author": {"name": author, "email": email}},
        },
        "pull_request": {"number": r.below(5_000), "base_branch": "main", "base_sha": r.hex(40), "base_head_sha": r.hex(40)},
    });
    let host = json!({
        "os": {"platform": platform, "architecture": arch, "version": os_version},
        "runtime": {"name": runtime, "version": runtime_version, "language": lang, "vendor": if lang == "java" { json!("Eclipse Adoptium") } else { Value::Null }, "args": ["-Xmx4g", "-XX:+UseG1GC", "-Dfile.encoding=UTF-8"]},
        "host": {"hostname": format!("fv-az{}-{}", r.below(900), r.below(100)), "cpu": {"count": 2 + 2 * r.below(8), "model": "AMD EPYC 7763 64-Core Processor"}, "memory_bytes": 8u64 << (30 + r.below(3))},
    });
    let custom = json!({
        "tags": {
            "team": format!("team-{}", r.below(12)),
            "tier": r.below(3),
            "quarantined": r.below(30) == 0,
            "labels": [r.pick(WORDS), r.pick(WORDS), "ünïcödé", "emoji-✅"],
            "feature_flags": {"new_checkout": r.below(2) == 0, "rollout_pct": metric(&mut r).abs() % 100.0, "variant": r.pick(&["control", "treatment-a", "treatment-b"])},
        },
        "metrics": {
            "memory.rss_bytes": 100_000_000 + r.below(4_000_000_000),
            "cpu.user_seconds": metric(&mut r),
            "cpu.system_seconds": metric(&mut r),
            "allocations": r.next() >> 8,
            "gc.pauses_ms": [metric(&mut r), metric(&mut r), metric(&mut r), metric(&mut r)],
            "assertions": r.below(50),
            "ratio": metric(&mut r),
            "delta": -(r.below(1_000_000) as i64),
        },
    });
    let coverage: Vec<Value> = (0..1 + r.below(4))
        .map(|_| {
            let segments: Vec<Value> = (0..2 + r.below(5))
                .map(|_| {
                    let start = r.below(500);
                    json!([
                        start,
                        r.below(80),
                        start + r.below(40),
                        r.below(80),
                        r.below(20)
                    ])
                })
                .collect();
            json!({"filename": format!("src/{module}/{}.py", r.pick(WORDS)), "segments": segments})
        })
        .collect();
    let logs: Vec<Value> = (0..r.below(4))
        .map(|_| {
            json!({
                "ts": r.timestamp(),
                "level": r.pick(&["DEBUG", "INFO", "WARNING"]),
                "message": format!("{} \"{}\" → {}\t(attempt {})", r.pick(MESSAGE_LINES), r.pick(WORDS), r.pick(WORDS), r.below(3)),
            })
        })
        .collect();
    let mut attributes = json!({
        "test": test,
        "ci": ci,
        "git": git,
        "os": host["os"].clone(),
        "runtime": host["runtime"].clone(),
        "host": host["host"].clone(),
        "custom": custom,
        "coverage": {"files": coverage},
        "logs": logs,
        "span": {
            "trace_id": format!("{}", ((r.next() as u128) << 64) | r.next() as u128),
            "span_id": r.next(),
            "parent_id": 0,
            "start": r.timestamp(),
            "duration": duration,
            "metrics": {"_dd.measured": 1, "_sampling_priority_v1": 2, "process_id": r.below(65_536), "_dd.top_level": 1},
        },
        "duration": duration,
        "service": service,
        "env": "ci",
        "version": format!("1.{}.{}-rc.{}+build.{}", r.below(40), r.below(10), r.below(5), r.below(10_000)),
    });
    if status == "fail" {
        let frames: Vec<Value> = (0..3 + r.below(6))
            .map(|d| {
                json!({
                    "file": format!("src/{module}/{}.py", r.pick(WORDS)),
                    "line": r.below(900),
                    "function": format!("{}_{d}", r.pick(WORDS)),
                    "locals": {"total": metric(&mut r), "expected": metric(&mut r), "items": [r.below(10), r.below(10)]},
                })
            })
            .collect();
        attributes["error"] = json!({
            "type": "AssertionError",
            "message": format!("expected {} to equal {} — «{}»", metric(&mut r), metric(&mut r), r.pick(MESSAGE_LINES)),
            "stack": format!(
                "Traceback (most recent call last):\n  File \"tests/{module}.py\", line {}, in {name}\n    assert total == expected, f\"{{total!r}}\"\n\tAssertionError: \\u00e9 was 'é'\n",
                r.below(400)
            ),
            "frames": frames,
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
                format!("runtime.name:{runtime}"),
                format!("os.platform:{platform}"),
                format!("team:team-{}", r.below(12)),
            ],
            "test_level": "test",
        },
        "id": format!("AAAAA{}", r.hex(45)),
        "type": "citest",
    })
}

/// A page of `len` demanding Datadog test events ([`datadog_rich_event`]).
pub fn datadog_rich_page(len: usize) -> Value {
    let data: Vec<Value> = (0..len).map(datadog_rich_event).collect();
    json!({
        "data": data,
        "links": {"next": "https://app.datadoghq.com/api/v2/ci/tests/events?page[cursor]=eyJhZnRlciI6IkFRQUFBWE"},
        "meta": {
            "elapsed": 132,
            "request_id": "MWlFUjVaWGZTTTZPYzM0VXp1OXU2d3xLSVpEMjZKQ0VKUTI0dEYtM3RSOFVR",
            "status": "done",
            "page": {"after": "eyJhZnRlciI6IkFRQUFBWE"},
        },
    })
}
