//! Exports the seed report's figures as a DHIS2 `dataValueSets` payload
//! (JSON), with the figures DHIS2 cannot take listed and explained.
//!
//! Run it with `cargo run --example dhis2_export --features dhis2`.
//!
//! The mapping below is what a DHIS2 administrator would write for the
//! charity: one data element per indicator, the strategy channel as a
//! category option combo, one org unit per country, one attribute option
//! combo per partner (the identifiers are made up, in DHIS2's
//! eleven-character shape).
//!
//! Every figure of the seed report is for 20/21 H1 (1 September 2020 to
//! 28 February 2021) or, for India, 20/21 Q1 (September to November
//! 2020): a half and a quarter of a September calendar. DHIS2's six-monthly
//! periods start in January, April or November (and six months later),
//! its quarters in January or November (and every three months), so no
//! DHIS2 period has those months. The export refuses every figure rather
//! than file it under a near period, and says what would work: monthly
//! figures (`202009` ... `202102`), or the whole financial year (`2020Sep`).

use std::error::Error;

use impact_metrics::dhis2::{self, Mapping, Payload, PeriodId};
use impact_metrics::{PeriodKind, Severity, seed};

/// The charity's DHIS2 mapping.
const MAPPING: &str = r#"
data_set = "impactH1Set"
attribute_option_combo = "HllvX50cXC0"

[countries]
GB = "ukOrgUnit01"
BD = "bdOrgUnit01"
RO = "roOrgUnit01"
TH = "thOrgUnit01"
IN = "inOrgUnit01"

[partners]
"LIFT International" = "liftAoc0001"
Vihaan = "vihaanAoc01"

[[indicators]]
indicator = "victims_removed"
channel = "direct"
data_element = "vicRemoved1"
category_option_combo = "chDirect001"

[[indicators]]
indicator = "victims_removed"
channel = "joint"
data_element = "vicRemoved1"
category_option_combo = "chJoint0001"

[[indicators]]
indicator = "survivors_cared_for"
channel = "direct"
data_element = "survCared01"
category_option_combo = "chDirect001"

[[indicators]]
indicator = "survivors_cared_for"
channel = "joint"
data_element = "survCared01"
category_option_combo = "chJoint0001"

[[indicators]]
indicator = "survivors_repatriated"
channel = "direct"
data_element = "survRepat01"
category_option_combo = "chDirect001"

[[indicators]]
indicator = "survivors_repatriated"
channel = "joint"
data_element = "survRepat01"
category_option_combo = "chJoint0001"

[[indicators]]
indicator = "prevention_education"
channel = "direct"
data_element = "prevEduc001"
category_option_combo = "chDirect001"

[[indicators]]
indicator = "prevention_education"
channel = "joint"
data_element = "prevEduc001"
category_option_combo = "chJoint0001"

[[indicators]]
indicator = "accused_arrested"
channel = "direct"
data_element = "accArrest01"
category_option_combo = "chDirect001"

[[indicators]]
indicator = "accused_arrested"
channel = "joint"
data_element = "accArrest01"
category_option_combo = "chJoint0001"

[[indicators]]
indicator = "prosecutions_supported"
channel = "direct"
data_element = "prosSupp001"
category_option_combo = "chDirect001"

[[indicators]]
indicator = "prosecutions_supported"
channel = "joint"
data_element = "prosSupp001"
category_option_combo = "chJoint0001"

[[indicators]]
indicator = "exploiters_convicted"
channel = "direct"
data_element = "exConvict01"
category_option_combo = "chDirect001"

[[indicators]]
indicator = "exploiters_convicted"
channel = "joint"
data_element = "exConvict01"
category_option_combo = "chJoint0001"

[[indicators]]
indicator = "professionals_trained"
channel = "direct"
data_element = "profTrain01"
category_option_combo = "chDirect001"

[[indicators]]
indicator = "professionals_trained"
channel = "joint"
data_element = "profTrain01"
category_option_combo = "chJoint0001"
"#;

fn main() -> Result<(), Box<dyn Error>> {
    let report = seed::h1_2020_21()?;
    let mapping = Mapping::from_toml(MAPPING)?;

    println!("{}: {} figures", report.title, report.figures.len());
    println!();
    println!("DHIS2 dataValueSets (JSON):");
    let mut out = std::io::stdout().lock();
    let findings = dhis2::write(&report.figures, &mapping, Payload::Json, &mut out)?;
    drop(out);

    // Each refused figure is named by its place in the dataset.
    let mut refused: Vec<usize> = findings
        .by_severity(Severity::Error)
        .filter_map(|f| f.location.record)
        .collect();
    refused.dedup();
    let for_period = findings.by_rule("dhis2.period").count();
    println!();
    println!(
        "Not written: {} of {} figures, {} of them because DHIS2 has no period with their months:",
        refused.len(),
        report.figures.len(),
        for_period
    );
    for finding in findings.findings() {
        println!("- {finding}");
    }
    let months = report.period.subdivide(PeriodKind::Month);
    let first = months.first().and_then(|m| PeriodId::of(*m));
    let last = months.last().and_then(|m| PeriodId::of(*m));
    let year = PeriodId::of(report.period.fiscal_year_period());
    if let (Some(first), Some(last), Some(year)) = (first, last, year) {
        println!();
        println!(
            "To send these figures to DHIS2, ask each team for its figures by month \
             ({first} to {last}), or send the whole year {} as {year} once it is complete.",
            report.calendar.label(report.period.fiscal_year_period())
        );
    }
    Ok(())
}
