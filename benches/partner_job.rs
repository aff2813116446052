//! The partner-file job of benches/README.md: a file of
//! `IMPACT_METRICS_BENCH_ROWS` rows (1,000,000 by default) of about 83,000
//! series, written by `benches/partner_file.sh`, totalled by indicator,
//! country, channel and fiscal half, beside the floor of any reader built
//! on the `csv` crate (splitting the same file's records), in one run:
//!
//! - `csv_records`: the `csv` crate alone, one thread;
//! - `aggregate_1_thread`: `csv::aggregate` on one thread;
//! - `aggregate_all_threads`: `csv::aggregate` on as many threads as the
//!   machine has cores.

use std::fs::{self, File};
use std::hint::black_box;
use std::io::BufReader;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

#[path = "shared/floor.rs"]
mod floor;
use floor::csv_records;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use impact_metrics::{Catalogue, FiscalCalendar, PeriodKind, Query, csv, format::ReadOptions};

fn rows() -> usize {
    std::env::var("IMPACT_METRICS_BENCH_ROWS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000)
}

fn bench(c: &mut Criterion) {
    let rows = rows();
    let dir = std::env::temp_dir().join(format!("impact-metrics-job-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("partner.csv");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/partner_file.sh");
    let status = Command::new("sh")
        .arg(script)
        .arg(rows.to_string())
        .stdout(File::create(&path).unwrap())
        .status()
        .unwrap();
    assert!(status.success(), "benches/partner_file.sh failed");
    let bytes = fs::metadata(&path).unwrap().len();
    let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    let query = Query::new()
        .by_indicator()
        .by_country()
        .by_channel()
        .by_period(PeriodKind::Half);
    let job = |threads: usize| {
        let options = options.clone().with_threads(threads);
        let file = BufReader::new(File::open(&path).unwrap());
        let (table, findings) = csv::aggregate(file, &options, &query).unwrap();
        (table.rows().len(), findings.len())
    };
    // Check once that the job does what it is measured doing: every row is
    // a figure or a finding, and the threads change nothing.
    let all = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let (table, findings) = csv::aggregate(File::open(&path).unwrap(), &options, &query).unwrap();
    let figures: usize = table.rows().iter().map(|r| r.figures).sum();
    assert_eq!(
        figures + findings.len(),
        rows,
        "every row is a figure or a finding"
    );
    assert_eq!(job(1), job(all));
    eprintln!(
        "{rows} rows, {:.1} MB; {} totals, {figures} figures, {} findings; {all} cores",
        bytes as f64 / 1e6,
        table.rows().len(),
        findings.len()
    );

    let mut group = c.benchmark_group("partner_job");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15))
        .throughput(Throughput::Bytes(bytes));
    group.bench_function("csv_records", |b| b.iter(|| black_box(csv_records(&path))));
    group.bench_function("aggregate_1_thread", |b| b.iter(|| black_box(job(1))));
    group.bench_function("aggregate_all_threads", |b| b.iter(|| black_box(job(all))));
    group.finish();
    let _ = fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
