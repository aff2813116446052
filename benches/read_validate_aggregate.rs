//! How fast a large partner file is read, checked and totalled, beside how
//! fast its bytes can be read at all.
//!
//! The bench writes a CSV file of `IMPACT_METRICS_BENCH_ROWS` rows
//! (2,000,000 by default) to a temporary directory, then measures:
//!
//! - `bytes`: reading the file's bytes, 64 KiB at a time, and nothing else;
//! - `csv_records`: splitting it into records with the `csv` crate alone;
//! - `read_check`: [`csv::Reader`]: every cell parsed and every figure
//!   checked as `Dataset::check` does, one row at a time;
//! - `read_check_aggregate`: [`csv::aggregate`]: every cell parsed, every
//!   figure checked as `Dataset::check` does, and the figures totalled by
//!   indicator and fiscal year, one row at a time.
//!
//! See `benches/README.md` for the figures measured and the command.

use std::fs::{self, File};
use std::hint::black_box;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[path = "shared/floor.rs"]
mod floor;
use floor::csv_records;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use impact_metrics::{
    Catalogue, FiscalCalendar, PeriodKind, Query, csv, format::Parsed, format::ReadOptions,
};

/// The series of the file: indicators (codes and printed names, as
/// partners write them), countries (codes and names) and channels with
/// their partners.
const INDICATORS: [&str; 8] = [
    "victims_removed",
    "Survivors cared for",
    "survivors_repatriated",
    "Vulnerable people receiving prevention education",
    "accused_arrested",
    "Prosecutions of exploiters supported",
    "exploiters_convicted",
    "Frontline professionals trained",
];
const COUNTRIES: [&str; 10] = [
    "GB",
    "Bangladesh",
    "RO",
    "Thailand",
    "IN",
    "Myanmar",
    "NP",
    "Cambodia",
    "VN",
    "Philippines",
];
const CHANNELS: [(&str, &str); 4] = [
    ("direct", ""),
    ("Joint operations", "LIFT International"),
    ("joint", "Vihaan"),
    ("systemic", ""),
];
const MONTHS: [&str; 12] = [
    "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
];

/// The number of series: each row is one series in one month, so that no
/// figure counts a period twice.
const SERIES: usize = INDICATORS.len() * COUNTRIES.len() * CHANNELS.len() + 1;

fn rows() -> usize {
    std::env::var("IMPACT_METRICS_BENCH_ROWS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000_000)
}

/// Writes the file and returns its path: row `i` is series `i % SERIES` in
/// fiscal month `i / SERIES` from September 1800; three series in four
/// write periods as labels (`Sep 1800`), the others in the machine form.
/// One series in 321 is a rate given by its numerator and denominator; one
/// row in 1,000 has a problem (a thousands separator), which the report
/// gets.
fn generate(dir: &Path, rows: usize) -> PathBuf {
    let path = dir.join("partner.csv");
    let mut out = BufWriter::new(File::create(&path).unwrap());
    writeln!(
        out,
        "indicator,country,channel,partner,period,value,numerator,denominator,note"
    )
    .unwrap();
    for i in 0..rows {
        let series = i % SERIES;
        let month = i / SERIES;
        let calendar_month = month % 12;
        let year = 1800 + month / 12 + usize::from(calendar_month >= 4);
        let period = if series % 4 != 3 {
            format!("{} {year}", MONTHS[calendar_month])
        } else {
            format!("FY{:04}-09-M{:02}", 1800 + month / 12, calendar_month + 1)
        };
        if series == SERIES - 1 {
            writeln!(
                out,
                "income_rise_rate,BD,direct,,{period},,{},{},",
                i % 50,
                50 + i % 7
            )
            .unwrap();
            continue;
        }
        let indicator = INDICATORS[series % INDICATORS.len()];
        let country = COUNTRIES[series / INDICATORS.len() % COUNTRIES.len()];
        let (channel, partner) = CHANNELS[series / (INDICATORS.len() * COUNTRIES.len())];
        let value = if i % 1000 == 999 {
            "\"1,234\"".to_string()
        } else {
            (i * 7919 % 1000).to_string()
        };
        let note = if i % 10 == 0 { "checked" } else { "" };
        writeln!(
            out,
            "{indicator},{country},{channel},{partner},{period},{value},,,{note}"
        )
        .unwrap();
    }
    out.flush().unwrap();
    path
}

fn read_bytes(path: &Path) -> usize {
    let mut file = File::open(path).unwrap();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0;
    loop {
        let n = file.read(&mut buf).unwrap();
        if n == 0 {
            return total;
        }
        black_box(&buf);
        total += n;
    }
}

fn bench(c: &mut Criterion) {
    let rows = rows();
    let dir = std::env::temp_dir().join(format!("impact-metrics-bench-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = generate(&dir, rows);
    let bytes = fs::metadata(&path).unwrap().len();
    let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    let query = Query::new().by_indicator().by_period(PeriodKind::Year);

    // Check once that the pipeline does what it is measured doing.
    let (table, report) = csv::aggregate(File::open(&path).unwrap(), &options, &query).unwrap();
    let figures: usize = table.rows().iter().map(|r| r.figures).sum();
    assert_eq!(
        figures + report.len(),
        rows,
        "every row is a figure or a finding"
    );
    eprintln!(
        "{rows} rows, {:.1} MB; {} totals, {} figures, {} findings",
        bytes as f64 / 1e6,
        table.rows().len(),
        figures,
        report.len()
    );

    let mut group = c.benchmark_group("partner_file");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(bytes));
    group.bench_function("bytes", |b| b.iter(|| read_bytes(&path)));
    group.bench_function("csv_records", |b| b.iter(|| csv_records(&path)));
    group.bench_function("read_check", |b| {
        b.iter(|| {
            csv::Reader::new(File::open(&path).unwrap(), &options)
                .filter(|parsed| matches!(parsed, Parsed::Figure(..)))
                .count()
        })
    });
    group.bench_function("read_check_aggregate", |b| {
        b.iter(|| {
            let (table, report) =
                csv::aggregate(File::open(&path).unwrap(), &options, &query).unwrap();
            (table.rows().len(), report.len())
        })
    });
    group.throughput(Throughput::Elements(rows as u64));
    group.bench_function("read_check_aggregate_rows", |b| {
        b.iter(|| {
            let (table, report) =
                csv::aggregate(File::open(&path).unwrap(), &options, &query).unwrap();
            (table.rows().len(), report.len())
        })
    });
    group.finish();
    let _ = fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
