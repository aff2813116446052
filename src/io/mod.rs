//! Reading and writing figures: CSV and JSON, streamed, exact, with every
//! bad row located. The format is documented in [`format`].

#[cfg(any(feature = "csv", feature = "json", feature = "workbook"))]
pub(crate) mod cells;
#[cfg(feature = "csv")]
pub(crate) mod csv;
#[cfg(feature = "csv")]
pub(crate) mod csv_write;
#[cfg(any(feature = "csv", feature = "json"))]
pub(crate) mod decode;
pub mod format;
#[cfg(feature = "json")]
pub(crate) mod json;
pub(crate) mod number;
mod options;
#[cfg(feature = "csv")]
pub(crate) mod published;
mod sniff;
#[cfg(feature = "workbook")]
pub(crate) mod workbook;

use crate::figure::observation::Observation;
use crate::findings::{Finding, Location};

pub use self::number::NumberFormat;
pub use self::options::{Encoding, ReadOptions};

/// What a reader gives, one at a time: a figure that passed every check,
/// with where it came from, or a finding about the file.
///
/// A reader never stops at a bad row: it gives the findings about it and
/// goes on to the next, so a caller sees every problem and every good
/// figure in one pass.
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use impact_metrics::{Catalogue, csv, FiscalCalendar, format::Parsed, format::ReadOptions};
///
/// let file = "indicator,period,value\nvictims_removed,20/21 H1,20\nvictims_removed,20/21 H2,N/A\n";
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let mut lines = Vec::new();
/// for parsed in csv::Reader::new(file.as_bytes(), &options) {
///     match parsed {
///         Parsed::Figure(figure, at) => lines.push(format!("{at}: {figure}")),
///         Parsed::Finding(finding) => lines.push(finding.to_string()),
///     }
/// }
/// assert_eq!(lines[0], "line 2: victims_removed FY2020-09-H1 = 20");
/// assert!(lines[1].starts_with("error[parse.value] line 3: column \"value\": invalid number \"N/A\""));
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A figure that passed [`Dataset::check`](crate::Dataset::check), and
    /// where it is in the file.
    Figure(Observation, Location),
    /// A problem with the file, or a note about how it was read.
    Finding(Finding),
}

/// Adds what a reader gave to a dataset and its findings: a figure the dataset
/// refuses becomes a finding for each reason ([`Refusal::finding`](crate::validate::Refusal::finding))
/// at its place.
#[cfg(any(feature = "csv", feature = "json", feature = "workbook"))]
pub(crate) fn keep(data: &mut crate::Dataset, findings: &mut crate::Findings, parsed: Parsed) {
    match parsed {
        Parsed::Figure(figure, at) => findings.extend(data.admit(figure, at)),
        Parsed::Finding(finding) => findings.push(finding),
    }
}

/// Adds what a reader gave to running totals and their findings: a figure the
/// aggregator refuses becomes a finding (`aggregate.refused`) at its place.
#[cfg(any(feature = "csv", feature = "json"))]
pub(crate) fn total(
    totals: &mut crate::Aggregator,
    findings: &mut crate::Findings,
    parsed: Parsed,
) {
    match parsed {
        Parsed::Figure(figure, at) => {
            if let Err(e) = totals.add(&figure) {
                findings.push(refusal(&e, at, Some(figure.series()), figure.period));
            }
        }
        Parsed::Finding(finding) => findings.push(finding),
    }
}

/// The finding (`aggregate.refused`) for a figure of `series` in `period`,
/// at `at`, that totals refused with `error`.
#[cfg(any(feature = "csv", feature = "json"))]
pub(crate) fn refusal(
    error: &crate::Error,
    at: Location,
    series: Option<crate::figure::observation::Series>,
    period: crate::Period,
) -> Finding {
    let finding = Finding::new(
        crate::Severity::Error,
        crate::validate::RuleId::AGGREGATE_REFUSED,
        error.to_string(),
    )
    .with_location(at);
    match series {
        Some(series) => finding.with_series(series, Some(period)),
        None => finding,
    }
}
