//! Decoding large responses into the generated types, against `serde_json::Value` as the
//! baseline: a 1,000-event Datadog page, CircleCI flaky tests and test metrics, a 100-session
//! Checkly page. `cargo bench -p benches --bench decode`.

use std::hint::black_box;

use benches::data;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn decode_pair<T: DeserializeOwned>(c: &mut Criterion, name: &str, body: &[u8]) {
    // Fail early, with the reason, if the built body does not match the generated type.
    if let Err(e) = serde_json::from_slice::<T>(body) {
        panic!("{name}: the built body does not decode: {e}");
    }
    let mut group = c.benchmark_group(format!("decode/{name}"));
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed", |b| {
        b.iter(|| serde_json::from_slice::<T>(black_box(body)).expect("typed"))
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(body)).expect("value"))
    });
    group.finish();
}

fn decode(c: &mut Criterion) {
    let datadog = data::to_bytes(&data::datadog_page(0, 1_000, Some("c1")));
    decode_pair::<datadog_client::types::CiAppTestEventsResponse>(
        c,
        "datadog_1000_events",
        &datadog,
    );
    let flaky = data::to_bytes(&data::circleci_flaky_tests(5_000));
    decode_pair::<circleci_client::types::FlakyTests>(c, "circleci_5000_flaky_tests", &flaky);
    let metrics = data::to_bytes(&data::circleci_test_metrics(2_000));
    decode_pair::<circleci_client::types::InsightsGetProjectWorkflowTestMetricsResponse>(
        c,
        "circleci_test_metrics_3x2000",
        &metrics,
    );
    let checkly = data::to_bytes(&data::checkly_sessions(100));
    decode_pair::<checkly_client::types::TestSessionList>(c, "checkly_100_sessions", &checkly);
}

criterion_group!(benches, decode);
criterion_main!(benches);
