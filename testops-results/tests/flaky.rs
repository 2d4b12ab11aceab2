//! Flaky detection on constructed histories: vendor flags, passing and failing on one commit,
//! and the ranking by how often and how recently.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use testops_results::flaky::{FlakyDetector, FlakyObservation, FlakyReason};
use testops_results::{Run, Status, TestIdentity, TestResult, Vendor};

fn now() -> DateTime<Utc> {
    "2024-05-08T00:00:00Z".parse().unwrap()
}

fn run(vendor: Vendor, id: &str, commit: &str, days_ago: i64) -> Arc<Run> {
    let mut run = Run::new(vendor, id);
    run.commit = Some(commit.into());
    run.url = Some(format!("https://ci.test/{id}"));
    run.started = Some(now() - Duration::days(days_ago));
    Arc::new(run)
}

fn result(name: &str, status: Status, run: &Arc<Run>) -> TestResult {
    let mut result = TestResult::new(name, status, run.clone());
    result.suite = vec!["suite".into()];
    if status == Status::Failed {
        result.message = Some(format!("{name} failed"));
    }
    result
}

fn ranked(results: &[TestResult]) -> Vec<(String, u64, Vec<FlakyReason>, String)> {
    let mut detector = FlakyDetector::new(now());
    results.iter().for_each(|r| detector.observe(r));
    detector
        .ranked()
        .into_iter()
        .map(|t| (t.identity.name, t.flakes, t.reasons, t.last_run.id.clone()))
        .collect()
}

#[test]
fn passing_and_failing_on_one_commit_is_flaky_once_per_commit() {
    let a1 = run(Vendor::Circleci, "a1", "aaaa", 1);
    let a2 = run(Vendor::Circleci, "a2", "aaaa", 1);
    let a3 = run(Vendor::Circleci, "a3", "aaaa", 1);
    let b1 = run(Vendor::Circleci, "b1", "bbbb", 2);
    let results = [
        result("upload", Status::Failed, &a1),
        result("upload", Status::Passed, &a2),
        // A third run on the same commit adds no second flake.
        result("upload", Status::Failed, &a3),
        // Failing on one commit and passing on another is a regression or a fix, not a flake.
        result("login", Status::Failed, &b1),
        result("login", Status::Passed, &a1),
        // Skipped runs say nothing.
        result("search", Status::Skipped, &a1),
        result("search", Status::Passed, &a2),
    ];
    assert_eq!(
        ranked(&results),
        [(
            "upload".to_string(),
            1,
            vec![FlakyReason::PassedAndFailed],
            "a1".to_string()
        )]
    );
}

#[test]
fn the_same_name_in_another_suite_or_vendor_is_another_test() {
    let a1 = run(Vendor::Circleci, "a1", "aaaa", 1);
    let d1 = run(Vendor::Datadog, "d1", "aaaa", 1);
    let mut other_suite = result("upload", Status::Passed, &a1);
    other_suite.suite = vec!["other".into()];
    let results = [
        result("upload", Status::Failed, &a1),
        other_suite,
        result("upload", Status::Passed, &d1),
    ];
    assert!(ranked(&results).is_empty());
}

#[test]
fn vendor_flags_count_without_a_commit() {
    let mut no_commit = Run::new(Vendor::Datadog, "d1");
    no_commit.started = Some(now() - Duration::days(1));
    let no_commit = Arc::new(no_commit);
    let mut flagged = result("pays", Status::Passed, &no_commit);
    flagged.flaky = true;
    let results = [flagged.clone(), flagged];
    assert_eq!(
        ranked(&results),
        [(
            "pays".to_string(),
            2,
            vec![FlakyReason::VendorFlag],
            "d1".to_string()
        )]
    );
}

#[test]
fn ranked_by_how_often_and_how_recently() {
    let mut detector = FlakyDetector::new(now());
    let observe = |detector: &mut FlakyDetector, name: &str, count: u64, days_ago: i64| {
        detector.record(FlakyObservation {
            identity: TestIdentity {
                vendor: Vendor::Circleci,
                suite: vec![],
                name: name.into(),
                file: None,
            },
            count,
            seen: Some(now() - Duration::days(days_ago)),
            run: run(
                Vendor::Circleci,
                &format!("{name}-{days_ago}"),
                "c",
                days_ago,
            ),
            reason: FlakyReason::VendorFlag,
        });
    };
    // Often but long ago: 4 flakes four weeks back weigh 4 * 1/16.
    observe(&mut detector, "old-and-often", 4, 28);
    // Once, today: weighs 1.
    observe(&mut detector, "today", 1, 0);
    // Twice a week ago (0.5 each) and once today: 2.
    observe(&mut detector, "steady", 2, 7);
    observe(&mut detector, "steady", 1, 0);
    // Once a week ago: 0.5, ties broken by more flakes, then recency.
    observe(&mut detector, "week-old", 1, 7);
    observe(&mut detector, "two-weeks-old-pair", 2, 14);
    let ranked = detector.ranked();
    let order: Vec<_> = ranked
        .iter()
        .map(|t| (t.identity.name.as_str(), t.flakes, t.score))
        .collect();
    assert_eq!(
        order,
        [
            ("steady", 3, 2.0),
            ("today", 1, 1.0),
            ("two-weeks-old-pair", 2, 0.5),
            ("week-old", 1, 0.5),
            ("old-and-often", 4, 0.25),
        ]
    );
    // The latest run and time are kept.
    assert_eq!(ranked[0].last_run.id, "steady-0");
    assert_eq!(ranked[0].last_seen, Some(now()));
}

#[test]
fn the_last_failure_message_is_kept() {
    let a1 = run(Vendor::Circleci, "a1", "aaaa", 1);
    let a2 = run(Vendor::Circleci, "a2", "aaaa", 1);
    let results = [
        result("upload", Status::Passed, &a2),
        result("upload", Status::Failed, &a1),
    ];
    let mut detector = FlakyDetector::new(now());
    results.iter().for_each(|r| detector.observe(r));
    let ranked = detector.ranked();
    assert_eq!(ranked[0].message.as_deref(), Some("upload failed"));
}
