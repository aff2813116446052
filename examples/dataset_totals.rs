//! The partner-file job in memory: reads a partner file into a
//! [`Dataset`](impact_metrics::Dataset) (not timed), then totals it by
//! indicator, country, channel and fiscal half, with the growth of each
//! half on the previous fiscal year's half-year average, and says how fast
//! that went (the best of three runs, or of RUNS). On Linux it also prints the
//! process's resident memory once the file is read: the figures' cost in
//! memory.
//!
//! ```sh
//! cargo run --release --example dataset_totals -- partner.csv [THREADS [RUNS]]
//! ```
//!
//! `benches/partner_file.sh` writes a file for it; `benches/polars_job.py`
//! does the same job in polars; see benches/README.md.

use std::fs::File;
use std::io::BufReader;
use std::time::Instant;

#[path = "shared/halves.rs"]
mod halves;

use impact_metrics::{Catalogue, FiscalCalendar, PeriodKind, Query, csv, format::ReadOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: dataset_totals FILE [THREADS [RUNS]]")?;
    // The threads of the totals: every core unless told.
    let threads = match std::env::args().nth(2) {
        Some(n) => n.parse()?,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    // How many times the totals are worked out: a profiler wants more.
    let runs = match std::env::args().nth(3) {
        Some(n) => n.parse()?,
        None => 3,
    };
    let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    let start = Instant::now();
    let (dataset, findings) = csv::read(BufReader::new(File::open(&path)?), &options);
    println!(
        "{} figures read ({} findings) in {:.3} s, not timed below",
        dataset.len(),
        findings.len(),
        start.elapsed().as_secs_f64()
    );
    drop(findings);
    if let Some(kib) = resident_kib() {
        println!(
            "resident after reading: {:.1} MiB, {:.1} bytes a figure",
            kib as f64 / 1024.0,
            kib as f64 * 1024.0 / dataset.len().max(1) as f64
        );
    }
    let query = Query::new()
        .by_indicator()
        .by_country()
        .by_channel()
        .by_period(PeriodKind::Half);
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let start = Instant::now();
        let table = dataset.aggregate_on(&query, threads)?;
        let growths = halves::growths(&table);
        let seconds = start.elapsed().as_secs_f64();
        best = best.min(seconds);
        println!(
            "{} totals, {growths} growths, in {seconds:.3} s",
            table.rows().len()
        );
    }
    println!(
        "best {best:.3} s on {threads} threads: {:.0} figures/s",
        dataset.len() as f64 / best
    );
    Ok(())
}

/// The process's resident memory (`VmRSS` of /proc/self/status, Linux
/// only), in KiB.
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
