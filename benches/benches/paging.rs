//! 200 pages of 100 Datadog test events from a local server, read through the generated
//! `stream()` and through a hand-written `reqwest` loop (the baseline).
//! `cargo bench -p benches --bench paging`.

use benches::paging::{self, PAGE_LEN};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const PAGES: usize = 200;

fn paging(c: &mut Criterion) {
    let server = paging::serve_datadog_pages(PAGES);
    let base_url = server.base_url();
    let runtime = paging::client_runtime();
    let client = paging::testops_datadog(&base_url);
    let http = paging::baseline_http();
    // Both readers must see every event before anything is timed.
    let expected = PAGES * PAGE_LEN;
    assert_eq!(
        runtime.block_on(paging::read_with_stream(&client)),
        expected
    );
    assert_eq!(
        runtime.block_on(paging::read_with_reqwest(&http, &base_url)),
        expected
    );

    let mut group = c.benchmark_group("paging/datadog_200x100");
    group.sample_size(10);
    group.throughput(Throughput::Elements(expected as u64));
    group.bench_function("stream", |b| {
        b.to_async(&runtime)
            .iter(|| paging::read_with_stream(&client))
    });
    group.bench_function("reqwest_loop", |b| {
        b.to_async(&runtime)
            .iter(|| paging::read_with_reqwest(&http, &base_url))
    });
    group.finish();
}

criterion_group!(benches, paging);
criterion_main!(benches);
