//! `impact period LABEL`: what a label means on the calendar.

use crate::Failure;
use crate::args::PeriodArgs;
use crate::config::Settings;
use crate::output::Sheet;

/// Prints the period, its first and last day, its length, its parent and
/// its children.
pub fn run(args: &PeriodArgs, settings: &Settings) -> Result<(), Failure> {
    let calendar = settings.calendar;
    let period = settings.period(&args.label)?;
    let label = |p: impact_metrics::Period| calendar.label(p).to_string();
    let mut sheet = Sheet::record(&[
        "label",
        "machine",
        "kind",
        "first_day",
        "last_day",
        "months",
        "parent",
        "children",
    ]);
    sheet.push(vec![
        label(period),
        period.to_string(),
        period.kind().to_string(),
        period.first_day().to_string(),
        period.last_day().to_string(),
        period.months().to_string(),
        period.parent().map(label).unwrap_or_default(),
        period
            .children()
            .into_iter()
            .map(label)
            .collect::<Vec<_>>()
            .join(", "),
    ]);
    sheet.print(settings.format)
}
