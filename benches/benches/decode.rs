//! Decoding large responses with each parser: `serde_json::Value` as the baseline, then the
//! generated types with `serde_json`, `sonic-rs` and `simd-json` (see `benches/src/decode.rs`).
//! `cargo bench -p benches --bench decode`.

use benches::decode::{pages, Parser};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn decode(c: &mut Criterion) {
    for page in pages() {
        // Fail early if the built body does not match the generated type; say where parsers
        // disagree with serde_json.
        for problem in (page.check)(&page.body) {
            eprintln!("{}: {problem}", page.name);
        }
        let mut group = c.benchmark_group(format!("decode/{}", page.name));
        group.throughput(Throughput::Bytes(page.body.len() as u64));
        for parser in Parser::ALL {
            group.bench_function(parser.name(), |b| {
                b.iter(|| (page.decode)(parser, &page.body))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
