//! Writes the seed report's results, 20/21 H1, as an IATI 2.03 activity.
//!
//! Run it with `cargo run --example iati_export --features iati`.
//!
//! The figures by country and channel become one result per indicator,
//! each with a period for 20/21 H1 (and one for 20/21 Q1, which India's
//! joint figures cover) and an actual per country and channel. The
//! baseline is the comparison year 2019/20: the report publishes growth
//! on it, not its figures, so no baseline is written. The activity's
//! identity below is made up for the example.
//!
//! The figures stated in the report's text overlap the table, so they
//! are not part of the activity; the example writes their results apart
//! only to show what IATI cannot carry: each refused figure is printed
//! with its reason.

use std::error::Error;
use std::io::{self, Write};

use impact_metrics::iati::{self, Activity, Organisation, ResultType, Settings};
use impact_metrics::{Indicator, seed};

fn main() -> Result<(), Box<dyn Error>> {
    let report = seed::h1_2020_21()?;
    let settings = Settings::new()
        .with_baseline(report.baseline_year)
        .with_result_type(Indicator::EXPLOITERS_CONVICTED, ResultType::Outcome);
    let activity = Activity::new(
        "XM-EXAMPLE-1-H1-2020-21",
        Organisation::new("XM-EXAMPLE-1", "21", "An anti-trafficking charity"),
        report.title,
        "Rescue, aftercare, prevention and prosecutions against human trafficking, by country and by how the work was done.",
    )
    .with_participating_org("4", Some("XM-EXAMPLE-1"), "An anti-trafficking charity")
    .with_participating_org("4", None, "LIFT International")
    .with_participating_org("4", None, "Vihaan")
    .with_date("2", report.period.first_day());

    let stdout = io::stdout();
    let mut out = stdout.lock();
    let findings = iati::write(&report.figures, &settings, &activity, &mut out)?;
    writeln!(out)?;
    writeln!(out, "Figures left out of the activity: {}", findings.len())?;
    for finding in &findings {
        writeln!(out, "  {finding}")?;
    }

    let refused = iati::write_results(&report.highlights, &settings, io::sink())?;
    writeln!(
        out,
        "Figures of the report's text that IATI cannot carry: {}",
        refused.len()
    )?;
    for finding in &refused {
        writeln!(out, "  {}", finding.message)?;
    }
    Ok(())
}
