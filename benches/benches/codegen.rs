//! Generating every spec under `specs/` in process (load, generate, format), without writing.
//! `cargo bench -p benches --bench codegen`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use xtask::codegen;

fn generate(c: &mut Criterion) {
    let specs = codegen::spec_paths(&codegen::workspace_root().join("specs")).expect("specs");
    assert!(!specs.is_empty(), "no spec under specs/");
    let mut group = c.benchmark_group("codegen");
    group.sample_size(10);
    group.bench_function(format!("all_{}_specs", specs.len()), |b| {
        b.iter(|| {
            for path in &specs {
                black_box(codegen::generate_file(path).expect("generate"));
            }
        })
    });
    for path in &specs {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        group.bench_function(stem, |b| {
            b.iter(|| black_box(codegen::generate_file(path).expect("generate")))
        });
    }
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
