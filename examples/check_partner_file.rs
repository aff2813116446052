//! Checks a partner's CSV file of figures: prints every problem with its
//! line and column, then the totals of the good rows.
//!
//! ```text
//! cargo run --example check_partner_file [FILE]
//! ```
//!
//! Without a file it checks `examples/data/partner_with_problems.csv`.
//! The file is read on the seed report's calendar (years start on 1
//! September) with the built-in catalogue of indicators.

use std::error::Error;
use std::fs::File;
use std::path::Path;

use impact_metrics::{
    Catalogue, FiscalCalendar, PeriodKind, Query, aggregate::Coverage, csv, format::ReadOptions,
};

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/partner_with_problems.csv"
        )
        .to_string()
    });
    let name = Path::new(&path)
        .file_name()
        .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
    let calendar = FiscalCalendar::SEPTEMBER;
    let options = ReadOptions::new(calendar, Catalogue::builtin()).with_source(&name);
    let file = File::open(&path).map_err(|e| format!("cannot open {path}: {e}"))?;
    let (figures, report) = csv::read(file, &options);

    println!("{report}");
    println!();
    println!(
        "{} good figures; their totals by indicator and half year:",
        figures.len()
    );
    let table = figures.aggregate(&Query::new().by_indicator().by_period(PeriodKind::Half))?;
    for row in table.rows() {
        let period = row
            .period
            .map_or(String::new(), |p| calendar.label(p).to_string());
        let coverage = match &row.coverage {
            Coverage::Complete => "complete".to_string(),
            Coverage::Partial(gaps) => {
                let missing: Vec<String> = gaps
                    .iter()
                    .flat_map(|g| g.missing.iter().map(|&p| calendar.label(p).to_string()))
                    .collect();
                format!("partial: no figure for {}", missing.join(", "))
            }
            other => format!("{other:?}").to_lowercase(),
        };
        let figures = match row.figures {
            1 => "1 figure".to_string(),
            n => format!("{n} figures"),
        };
        println!(
            "  {:<28} {:<9} {:>7}  ({figures}, {coverage})",
            row.indicator.to_string(),
            period,
            row.value.to_string(),
        );
    }
    for figure in table.outside() {
        println!("  not in any half: {figure}");
    }
    Ok(())
}
