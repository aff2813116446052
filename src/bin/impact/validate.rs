//! `impact validate FILE...`: every problem in partner files.

use std::io::Write;

use impact_metrics::{Findings, Severity};

use crate::Failure;
use crate::args::{Format, ValidateArgs};
use crate::config::Settings;
use crate::input;
use crate::output::Sheet;

/// Reads the files, runs the validation rules, and prints every finding
/// with its file, line and column. Fails with [`Failure::DataErrors`] when
/// any finding is an error.
pub fn run(args: &ValidateArgs, settings: &Settings) -> Result<(), Failure> {
    let (data, report) = input::read_all(&args.files, settings)?;
    let mut validator = settings.validator()?;
    if let Some(label) = &args.period {
        validator = validator.with_reporting_period(settings.calendar.parse(label)?);
    }
    if let Some(rule) = &args.rounding {
        validator = validator.with_growth_rounding(rule.parse()?);
    }
    // The settings apply to the findings of reading the files as to the
    // rules' own.
    let mut report = crate::advice::advised(validator.apply(report));
    report.merge(validator.validate(&data));
    report.sort();
    let least: Severity = args.min_severity.into();
    let shown = report.at_least(least);
    let hidden = report.len().saturating_sub(shown.len());
    // A closed standard output (`| head`) ends the printing, not the
    // verdict: the exit status still says whether there were errors.
    match print(&shown, settings.format, hidden, least) {
        Ok(()) | Err(Failure::Closed) => {}
        Err(other) => return Err(other),
    }
    let not_shown = if hidden > 0 {
        format!("; {hidden} below --min-severity {least} not shown")
    } else {
        String::new()
    };
    eprintln!(
        "{} figures read from {} file(s); {} error(s), {} warning(s), {} note(s){not_shown}",
        data.len(),
        args.files.len(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Note)
    );
    if report.has_errors() {
        Err(Failure::DataErrors)
    } else {
        Ok(())
    }
}

/// Prints the findings in the format asked for; `hidden` findings below
/// `least` were left out, and an empty text listing says so.
fn print(shown: &Findings, format: Format, hidden: usize, least: Severity) -> Result<(), Failure> {
    match format {
        Format::Json => {
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, shown).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        other => {
            let mut sheet = Sheet::new(&["severity", "rule", "file", "line", "column", "message"]);
            for f in shown.findings() {
                sheet.push(vec![
                    f.severity.to_string(),
                    f.rule.to_string(),
                    f.location.source.clone().unwrap_or_default(),
                    f.location.line.map(|l| l.to_string()).unwrap_or_default(),
                    f.location.column.clone().unwrap_or_default(),
                    f.message.clone(),
                ]);
            }
            if other == Format::Text && shown.is_empty() && hidden > 0 {
                writeln!(
                    std::io::stdout().lock(),
                    "no findings of severity {least} or above ({hidden} below it not shown)"
                )?;
            } else if other == Format::Text && shown.is_empty() {
                writeln!(std::io::stdout().lock(), "no findings")?;
            } else {
                sheet.print(other)?;
            }
        }
    }
    Ok(())
}
