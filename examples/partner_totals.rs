//! Totals a partner file by indicator, country, channel and fiscal half,
//! with the growth of each half on the previous fiscal year's half-year
//! average, and says how fast it went.
//!
//! ```sh
//! cargo run --release --example partner_totals -- partner.csv [THREADS]
//! ```
//!
//! THREADS defaults to one a core. With `floor` for THREADS, it only
//! splits the file's records with the `csv` crate, the floor of any reader
//! built on it. `benches/partner_job.sh` writes a file for it and runs it;
//! see benches/README.md.

use std::fs::File;
use std::io::BufReader;
use std::time::Instant;

#[path = "shared/halves.rs"]
mod halves;

use impact_metrics::{Catalogue, FiscalCalendar, PeriodKind, Query, csv, format::ReadOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: partner_totals FILE [THREADS]")?;
    let mut options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    let bytes = std::fs::metadata(&path)?.len();
    match args.next().as_deref() {
        Some("floor") => return floor(&path, bytes),
        Some(threads) => options = options.with_threads(threads.parse()?),
        None => {}
    }
    let query = Query::new()
        .by_indicator()
        .by_country()
        .by_channel()
        .by_period(PeriodKind::Half);
    let start = Instant::now();
    let (table, findings) = csv::aggregate(BufReader::new(File::open(&path)?), &options, &query)?;

    let growths = halves::growths(&table);
    let seconds = start.elapsed().as_secs_f64();
    let figures: usize = table.rows().iter().map(|r| r.figures).sum();
    let rows = figures + findings.len();
    println!(
        "{rows} rows ({figures} figures, {} findings), {} totals, {growths} growths, on {} threads",
        findings.len(),
        table.rows().len(),
        options.threads()
    );
    println!(
        "{seconds:.3} s: {:.0} rows/s, {:.1} MiB/s",
        rows as f64 / seconds,
        bytes as f64 / seconds / (1024.0 * 1024.0)
    );
    Ok(())
}

/// Splits the file's records with the `csv` crate, and nothing else.
fn floor(path: &str, bytes: u64) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(File::open(path)?);
    let mut record = ::csv::ByteRecord::new();
    let mut rows = 0u64;
    while reader.read_byte_record(&mut record)? {
        rows += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!("{rows} records split by the csv crate alone");
    println!(
        "{seconds:.3} s: {:.0} rows/s, {:.1} MiB/s",
        rows as f64 / seconds,
        bytes as f64 / seconds / (1024.0 * 1024.0)
    );
    Ok(())
}
