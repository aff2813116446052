//! How fast disclosure control protects a table: primary and secondary
//! suppression, each step judged by the exact audit.
//!
//! Run with `cargo bench --bench disclosure`; the figures measured are in
//! the docs of `impact_metrics::disclosure`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use impact_metrics::disclosure::{CountTable, Disclosure};

/// A table of `rows` × `columns` counts, a quarter of them below 11, the
/// same on every run.
fn table(rows: usize, columns: usize) -> CountTable {
    let mut state: u64 = 7;
    let mut t = CountTable::new(
        (0..rows).map(|i| format!("r{i}")),
        (0..columns).map(|i| format!("c{i}")),
    );
    for r in 0..rows {
        for c in 0..columns {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let x = (state >> 33) % 100;
            let n = if x < 25 { 1 + x % 10 } else { 11 + x };
            t.set(r, c, n).unwrap();
        }
    }
    t
}

fn protect(c: &mut Criterion) {
    let mut group = c.benchmark_group("disclosure/protect");
    group.sample_size(10);
    for (rows, columns) in [(5, 2), (10, 5), (20, 10)] {
        let t = table(rows, columns);
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{rows}x{columns}")),
            &t,
            |b, t| b.iter(|| Disclosure::default().protect(black_box(t)).unwrap()),
        );
    }
    group.finish();
}

criterion_group!(benches, protect);
criterion_main!(benches);
