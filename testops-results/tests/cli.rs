//! The `testops` command end to end: arguments and environment in, output and exit status out,
//! against the typed mocks of the four vendors; one snapshot per command and format.

mod support;

use std::process::{Command, Output};

use support::{DD_QUERY, SINCE, SLUG, UNTIL};

/// The four mock servers with the scenario mounted.
struct Vendors {
    circleci: testops_circleci::mock::MockServer,
    datadog: testops_datadog::mock::MockServer,
    checkly: testops_checkly::mock::MockServer,
    empirical: testops_empirical::mock::MockServer,
}

impl Vendors {
    async fn start() -> Self {
        let circleci = testops_circleci::mock::MockServer::start().await;
        support::circleci::mount(&circleci);
        let datadog = testops_datadog::mock::MockServer::start().await;
        let events = support::datadog::events();
        let failures = format!("{DD_QUERY} @git.branch:main @test.status:fail");
        support::datadog::mount(&datadog, &failures, events[..1].to_vec(), 1000);
        let all = format!("{DD_QUERY} @git.branch:main");
        support::datadog::mount(&datadog, &all, events, 1000);
        let checkly = testops_checkly::mock::MockServer::start().await;
        support::checkly::mount(&checkly);
        let empirical = testops_empirical::mock::MockServer::start().await;
        support::empirical::mount(&empirical);
        Self {
            circleci,
            datadog,
            checkly,
            empirical,
        }
    }

    /// Every vendor flag, the window, the branch and the base URLs.
    fn args(&self, command: &str) -> Vec<String> {
        [
            command,
            "--circleci",
            SLUG,
            "--datadog-query",
            DD_QUERY,
            "--checkly",
            "--empirical-project",
            "acme-e2e",
            "--branch",
            "main",
            "--since",
            SINCE,
            "--until",
            UNTIL,
            "--width",
            "150",
            "--circleci-url",
            &self.circleci.base_url(),
            "--datadog-url",
            &self.datadog.base_url(),
            "--checkly-url",
            &self.checkly.base_url(),
            "--empirical-url",
            &self.empirical.base_url(),
        ]
        .map(String::from)
        .to_vec()
    }
}

/// Every credential variable, with fake values.
const CREDENTIALS: [(&str, &str); 6] = [
    ("CIRCLE_TOKEN", "mock-token"),
    ("DD_API_KEY", "mock-api-key"),
    ("DD_APP_KEY", "mock-app-key"),
    ("CHECKLY_API_KEY", "mock-key"),
    ("CHECKLY_ACCOUNT_ID", "mock-account"),
    ("EMPIRICAL_API_KEY", "mock-key"),
];

/// Runs `testops` with only `env` in its environment.
async fn testops(args: Vec<String>, env: &[(&str, &str)]) -> Output {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_testops"))
            .args(args)
            .env_clear()
            .envs(env)
            .output()
            .expect("testops runs")
    })
    .await
    .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Runs a command that must succeed and returns its output.
async fn ok(vendors: &Vendors, command: &str, extra: &[&str]) -> String {
    let mut args = vendors.args(command);
    args.extend(extra.iter().map(|s| s.to_string()));
    let output = testops(args, &CREDENTIALS).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_in_every_format() {
    let vendors = Vendors::start().await;

    let table = ok(&vendors, "failures", &[]).await;
    insta::assert_snapshot!("failures_table", table);
    for line in table.lines() {
        assert!(
            line.chars().count() <= 150 || line.contains("https://"),
            "{line}"
        );
    }

    let json = ok(&vendors, "failures", &["--format", "json"]).await;
    let parsed: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert!(parsed.iter().all(|r| r["status"] == "failed"));
    insta::assert_snapshot!("failures_json", json);

    let ndjson = ok(&vendors, "failures", &["--format", "ndjson"]).await;
    let lines: Vec<serde_json::Value> = ndjson
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, parsed);

    let ctrf = ok(&vendors, "failures", &["--format", "ctrf"]).await;
    let mut document: serde_json::Value = serde_json::from_str(&ctrf).unwrap();
    assert!(document["timestamp"].as_str().unwrap().ends_with('Z'));
    document["timestamp"] = "(generated at)".into();
    document["generatedBy"] = "testops (version)".into();
    document["results"]["tool"]["version"] = "(version)".into();
    insta::assert_snapshot!(
        "failures_ctrf",
        serde_json::to_string_pretty(&document).unwrap()
    );
    assert_eq!(document["results"]["summary"]["failed"], parsed.len());

    let junit = ok(&vendors, "failures", &["--format", "junit"]).await;
    insta::assert_snapshot!("failures_junit", junit);
}

#[tokio::test(flavor = "multi_thread")]
async fn flaky_runs_and_results() {
    let vendors = Vendors::start().await;

    let flaky = ok(&vendors, "flaky", &[]).await;
    insta::assert_snapshot!("flaky_table", flaky);
    let json = ok(&vendors, "flaky", &["--format", "json", "--limit", "2"]).await;
    insta::assert_snapshot!("flaky_json", json);

    let runs = ok(&vendors, "runs", &[]).await;
    insta::assert_snapshot!("runs_table", runs);
    let runs = ok(&vendors, "runs", &["--format", "ndjson"]).await;
    assert_eq!(runs.lines().count(), 6 + 2 + 2 + 2);

    let skipped = ok(&vendors, "results", &["--status", "skipped,other"]).await;
    insta::assert_snapshot!("results_skipped_table", skipped);
}

#[tokio::test(flavor = "multi_thread")]
async fn limit_stops_reading() {
    let vendors = Vendors::start().await;
    let json = ok(&vendors, "results", &["--format", "ndjson", "--limit", "3"]).await;
    assert_eq!(json.lines().count(), 3);
    // Three results come from the first job's tests: no other vendor was asked.
    assert!(vendors.datadog.unmatched().is_empty());
    let requests = vendors.datadog.report();
    assert!(!requests.contains("matched 1 time"), "{requests}");
}

#[tokio::test(flavor = "multi_thread")]
async fn fail_on_failures_exits_1() {
    let vendors = Vendors::start().await;
    let mut args = vendors.args("failures");
    args.extend(["--fail-on-failures", "--format", "ndjson"].map(String::from));
    let output = testops(args, &CREDENTIALS).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).lines().count(), 4);
    // Empirical's counts are stated, not hidden: on stderr for machine formats.
    assert!(
        stderr(&output).contains("empirical: per-run counts only"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_credentials_name_the_vendor_and_the_variable() {
    let vendors = Vendors::start().await;
    let without_circleci: Vec<_> = CREDENTIALS
        .iter()
        .copied()
        .filter(|(k, _)| *k != "CIRCLE_TOKEN")
        .collect();
    let output = testops(vendors.args("failures"), &without_circleci).await;
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    insta::assert_snapshot!("missing_circle_token", stderr(&output));

    // Nothing in the environment and no vendor named.
    let output = testops(vec!["failures".into()], &[]).await;
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!("no_vendor", stderr(&output));
}

#[tokio::test(flavor = "multi_thread")]
async fn vendors_come_from_the_environment_when_none_is_named() {
    let vendors = Vendors::start().await;
    // Checkly's and Empirical's credentials only, and their base URLs.
    let args = [
        "runs",
        "--since",
        SINCE,
        "--until",
        UNTIL,
        "--branch",
        "main",
        "--format",
        "ndjson",
        "--checkly-url",
        &vendors.checkly.base_url(),
        "--empirical-url",
        &vendors.empirical.base_url(),
    ]
    .map(String::from)
    .to_vec();
    let output = testops(args, &CREDENTIALS[3..]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let vendors_seen: Vec<String> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["run"]["vendor"].to_string())
        .collect();
    assert_eq!(
        vendors_seen,
        [
            "\"checkly\"",
            "\"checkly\"",
            "\"empirical\"",
            "\"empirical\""
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_exit_2() {
    for (args, expected) in [
        (vec!["failures", "--since", "yesterday"], "is not a time"),
        (
            vec!["flaky", "--format", "junit", "--checkly"],
            "--format junit holds test results",
        ),
        (vec!["failures", "--format", "xml"], "unknown format `xml`"),
        (
            vec!["failures", "--since", "1d", "--until", "2d", "--checkly"],
            "must come before --until",
        ),
    ] {
        let args = args.into_iter().map(String::from).collect();
        let output = testops(args, &CREDENTIALS).await;
        assert_eq!(output.status.code(), Some(2), "{expected}");
        assert!(stderr(&output).contains(expected), "{}", stderr(&output));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vendor_that_fails_is_named_and_the_others_still_read() {
    let vendors = Vendors::start().await;
    let broken = testops_circleci::mock::MockServer::start().await;
    broken
        .list_pipelines_for_project()
        .respond_with(testops_circleci::mock::Reply::status(503));
    let mut args = vendors.args("failures");
    let at = args.iter().position(|a| a == "--circleci-url").unwrap();
    args[at + 1] = broken.base_url();
    args.extend(["--format", "ndjson"].map(String::from));
    let output = testops(args, &CREDENTIALS).await;
    assert_eq!(output.status.code(), Some(3));
    // Datadog's and Checkly's failures are still there.
    assert_eq!(stdout(&output).lines().count(), 2);
    let err = stderr(&output);
    assert!(
        err.contains("testops: circleci: list_pipelines_for_project"),
        "{err}"
    );
    assert!(err.contains("503"), "{err}");
}
