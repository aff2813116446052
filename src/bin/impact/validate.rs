//! `impact validate FILE...`: every problem in partner files, and in the
//! totals published from them.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use impact_metrics::{
    Finding, Findings, FiscalCalendar, Period, Severity, csv, figure::PublishedTotal,
};

use crate::Failure;
use crate::args::{Format, ValidateArgs};
use crate::config::Settings;
use crate::input;
use crate::output::Sheet;

/// Reads the files (and the published totals, if given), runs the
/// validation rules, and prints every finding with its file, line and
/// column. Fails with [`Failure::DataErrors`] when any finding is an error.
pub fn run(args: &ValidateArgs, settings: &Settings) -> Result<(), Failure> {
    let progress = input::Progress::over(&args.files);
    let (data, report) = input::read_all(&args.files, settings, &progress)?;
    let (published, read_published) = match &args.published {
        Some(path) => published(path, settings)?,
        None => (Vec::new(), Findings::new()),
    };
    let mut validator = settings.validator()?;
    if let Some(label) = &args.period {
        validator = validator.with_reporting_period(settings.period(label)?);
    }
    if let Some(rule) = &args.rounding {
        validator = validator.with_growth_rounding(rule.parse()?);
    }
    // The settings apply to the findings of reading the files as to the
    // rules' own.
    let mut report = validator.apply(report);
    report.merge(validator.apply(read_published));
    let mut report = crate::advice::advised(report);
    progress.phase(&format!("checking {} figures", data.len()));
    report.merge(validator.validate_published(&data, &published));
    progress.finish();
    report.sort();
    let least: Severity = args.min_severity.into();
    let shown = report.at_least(least);
    let summary = Summary {
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        notes: report.count(Severity::Note),
        shown: shown.len(),
        hidden: report.len().saturating_sub(shown.len()),
        min_severity: least,
        figures: data.len(),
        files: args.files.len(),
        published_totals: args.published.as_ref().map(|_| published.len()),
    };
    // A closed standard output (`| head`) ends the printing, not the
    // verdict: the exit status still says whether there were errors.
    let shown_below = Shown {
        hidden: summary.hidden,
        min_severity: least,
    };
    match print(
        &mut std::io::stdout().lock(),
        &shown,
        settings,
        &summary,
        &shown_below,
    ) {
        Ok(()) | Err(Failure::Closed) => {}
        Err(other) => return Err(other),
    }
    eprintln!("{}", summary.line(args.published.as_deref()));
    if report.has_errors() {
        Err(Failure::DataErrors)
    } else {
        Ok(())
    }
}

/// Reads the published totals file; a file that cannot be opened stops the
/// command (exit status 2), problems inside it are findings.
fn published(path: &Path, settings: &Settings) -> Result<(Vec<PublishedTotal>, Findings), Failure> {
    let name = path.display().to_string();
    let file = File::open(path)
        .map_err(|e| Failure::Usage(format!("cannot read the published totals {name}: {e}")))?;
    Ok(csv::read_published(
        std::io::BufReader::new(file),
        &settings.read_options(&name),
    ))
}

/// The counts of a run: on standard error after the findings, and in the
/// JSON output beside them.
#[derive(Debug, serde::Serialize)]
struct Summary {
    /// Every error found, shown or not.
    errors: usize,
    /// Every warning found, shown or not.
    warnings: usize,
    /// Every note found, shown or not.
    notes: usize,
    /// The findings shown: those of `min_severity` and above.
    shown: usize,
    /// The findings below `min_severity`, not shown.
    hidden: usize,
    /// The least severity shown.
    min_severity: Severity,
    /// The figures read from the files.
    figures: usize,
    /// The partner files read.
    files: usize,
    /// The published totals read, when a published totals file was given.
    published_totals: Option<usize>,
}

impl Summary {
    /// The one line for standard error.
    fn line(&self, published: Option<&Path>) -> String {
        let totals = match (published, self.published_totals) {
            (Some(path), Some(n)) => {
                format!(" and {n} published total(s) from {}", path.display())
            }
            _ => String::new(),
        };
        let not_shown = if self.hidden > 0 {
            format!(
                "; {} below --min-severity {} not shown",
                self.hidden, self.min_severity
            )
        } else {
            String::new()
        };
        format!(
            "{} read from {} file(s){totals}; {} error(s), {} warning(s), {} note(s){not_shown}",
            crate::output::plural(
                u64::try_from(self.figures).unwrap_or(u64::MAX),
                "figure",
                "figures"
            ),
            self.files,
            self.errors,
            self.warnings,
            self.notes
        )
    }
}

/// The JSON document: the counts, then the findings shown, each in the
/// crate's own form of a finding (so that it reads back as `Findings`).
#[derive(serde::Serialize)]
struct Document<'a, S> {
    summary: &'a S,
    findings: &'a [Finding],
}

/// What a listing of findings leaves out: those below the least severity
/// shown.
pub struct Shown {
    /// The findings below `min_severity`, not shown.
    pub hidden: usize,
    /// The least severity shown.
    pub min_severity: Severity,
}

/// The columns of CSV output, the same whatever is found; text output has
/// the first six.
const COLUMNS: [&str; 11] = [
    "severity",
    "rule",
    "file",
    "line",
    "column",
    "message",
    "indicator",
    "country",
    "channel",
    "partner",
    "period",
];

/// Prints the findings in the format asked for on `out`; an empty text
/// listing says so, and how many were left out below `--min-severity`.
/// JSON output is `{"summary": ..., "findings": [...]}`.
pub fn print(
    out: &mut impl Write,
    shown: &Findings,
    settings: &Settings,
    summary: &impl serde::Serialize,
    below: &Shown,
) -> Result<(), Failure> {
    let format = settings.format;
    if format == Format::Json {
        let document = Document {
            summary,
            findings: shown.findings(),
        };
        serde_json::to_writer_pretty(&mut *out, &document).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    if format == Format::Text && shown.is_empty() {
        if below.hidden > 0 {
            writeln!(
                out,
                "no findings of severity {} or above ({} below it not shown)",
                below.min_severity, below.hidden
            )?;
        } else {
            writeln!(out, "no findings")?;
        }
        return Ok(());
    }
    // Text, for people, stops at the message; CSV, for scripts, adds what
    // the finding is about.
    // Text shows a workbook's cell ("Figures!E14") only when a finding
    // has one; CSV always has the column, last.
    let in_workbook = shown
        .findings()
        .iter()
        .any(|f| f.location.reference().is_some());
    let columns = if format == Format::Text {
        6
    } else {
        COLUMNS.len()
    };
    let mut headers: Vec<&str> = COLUMNS.get(..columns).unwrap_or(&COLUMNS).to_vec();
    let cell_at = if format == Format::Text {
        5
    } else {
        headers.len()
    };
    let with_cell = in_workbook || format != Format::Text;
    if with_cell {
        headers.insert(cell_at, "cell");
    }
    let mut sheet = Sheet::new(&headers);
    for f in shown.findings() {
        let series = f.series.as_ref();
        let mut cells = vec![
            f.severity.to_string(),
            f.rule.to_string(),
            f.location.source.clone().unwrap_or_default(),
            f.location.line.map(|l| l.to_string()).unwrap_or_default(),
            f.location.column.clone().unwrap_or_default(),
            f.message.clone(),
            series.map(|s| s.indicator.to_string()).unwrap_or_default(),
            series
                .and_then(|s| s.country)
                .map(|c| c.to_string())
                .unwrap_or_default(),
            series
                .and_then(|s| s.channel)
                .map(|c| c.to_string())
                .unwrap_or_default(),
            series
                .and_then(|s| s.partner.as_ref())
                .map(|p| p.to_string())
                .unwrap_or_default(),
            f.period
                .map(|p| label(settings.calendar, p))
                .unwrap_or_default(),
        ];
        cells.truncate(columns);
        if with_cell {
            cells.insert(cell_at, f.location.reference().unwrap_or_default());
        }
        sheet.push(cells);
    }
    sheet.print_to(out, format)
}

/// A period as people write it on the organisation's calendar ("20/21
/// H1"); in its machine form when it is on another calendar, where no
/// label of this one names it.
fn label(calendar: FiscalCalendar, period: Period) -> String {
    if period.start_month() == calendar.start_month() {
        calendar.label(period).to_string()
    } else {
        period.to_string()
    }
}
