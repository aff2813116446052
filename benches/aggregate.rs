//! How fast totals, coverage and growth backwards are computed.
//!
//! Run with `cargo bench --bench aggregate`; the figures measured are in
//! `benches/README.md`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use impact_metrics::{
    Aggregator, Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Observation,
    PeriodKind, Query, Rounding, Value, baselines_for,
};

/// `n` monthly figures over 8 indicators, 5 countries and as many months
/// as needed, each (series, month) once.
fn figures(n: usize) -> Vec<Observation> {
    let calendar = FiscalCalendar::SEPTEMBER;
    let indicators = [
        Indicator::VICTIMS_REMOVED,
        Indicator::SURVIVORS_CARED_FOR,
        Indicator::SURVIVORS_REPATRIATED,
        Indicator::PREVENTION_EDUCATION,
        Indicator::ACCUSED_ARRESTED,
        Indicator::PROSECUTIONS_SUPPORTED,
        Indicator::EXPLOITERS_CONVICTED,
        Indicator::PROFESSIONALS_TRAINED,
    ];
    let countries = [
        Country::GB,
        Country::BD,
        Country::RO,
        Country::PL,
        Country::VN,
    ];
    (0..n)
        .map(|i| {
            let series = i % (indicators.len() * countries.len());
            let months = i / (indicators.len() * countries.len());
            let year = 2000 + (months / 12) as i32;
            let month = calendar
                .month(year, (months % 12) as u8 + 1)
                .unwrap_or_else(|e| panic!("{e}"));
            Observation::new(indicators[series % 8], month, Value::Count((i % 97) as u64))
                .with_country(countries[series / 8])
                .with_channel(Channel::Direct)
        })
        .collect()
}

fn aggregate(c: &mut Criterion) {
    let mut group = c.benchmark_group("aggregate");
    for n in [10_000usize, 100_000] {
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        for f in figures(n) {
            data.push(f).unwrap_or_else(|e| panic!("{e}"));
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new("by_indicator_country_year", n),
            &data,
            |b, data| {
                let query = Query::new()
                    .by_indicator()
                    .by_country()
                    .by_period(PeriodKind::Year);
                b.iter(|| black_box(data.aggregate(&query).unwrap_or_else(|e| panic!("{e}"))));
            },
        );
        group.bench_with_input(
            BenchmarkId::new("roll_up_quarters_streamed", n),
            &data,
            |b, data| {
                let query = Query::roll_up(PeriodKind::Quarter);
                b.iter(|| {
                    let mut totals = Aggregator::new(&query);
                    for f in data {
                        totals.add(&f).unwrap_or_else(|e| panic!("{e}"));
                    }
                    black_box(totals.finish().unwrap_or_else(|e| panic!("{e}")))
                });
            },
        );
    }
    group.finish();
}

fn growth_backwards(c: &mut Criterion) {
    c.bench_function("baselines_for", |b| {
        b.iter(|| {
            for rule in Rounding::ALL {
                black_box(
                    baselines_for(
                        black_box("274".parse().unwrap_or_default()),
                        103,
                        6,
                        12,
                        rule,
                    )
                    .unwrap_or_else(|e| panic!("{e}")),
                );
            }
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = aggregate, growth_backwards
}
criterion_main!(benches);
