//! `impact report FILE... --period P`: the totals of a period, beside the
//! previous fiscal year's average, read and totalled row by row.
//!
//! Nothing leaves the report without saying so: a row a reader refuses,
//! or a figure a total refuses (the same figure twice, a second value for
//! it, a bare percentage among rates, a sum past what a count can hold),
//! is a finding at its line on standard error and is left out of the
//! totals; a total that lacks part of its period, or a growth whose two
//! sides are not alike, is marked in its row. The exit status is 1 when
//! anything was left out or is incomplete, with a summary line.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use impact_metrics::aggregate::{
    Comparer, Comparison, ComparisonSide, Group, GrowthOutcome, Matching, Placement, Shortfall,
};
use impact_metrics::disclosure::{
    Cost, CountTable, Disclosure, Level, Place, Protected, Protection, PublishedCell, Suppression,
};
use impact_metrics::figure::Baseline;
use impact_metrics::format::Parsed;
use impact_metrics::growth::round_ratio;
use impact_metrics::validate::{RuleId, Validator};
use impact_metrics::{
    Bound, Error, Finding, Findings, FiscalCalendar, Location, Observation, Period, Query,
    Rounding, Series, Severity, Value,
};

use crate::Failure;
use crate::args::{ByArg, CostArg, Format, ReportArgs};
use crate::chart;
use crate::config::Settings;
use crate::input::{self, Progress};
use crate::output::{Cell, Sheet, plural};

/// Decimal places of the baseline average shown.
const AVERAGE_PLACES: u32 = 2;

/// Prints the period's totals by indicator (and by what `--by` asks), each
/// beside the previous fiscal year's total scaled to the period's length,
/// with the growth between them where the two sides are alike, and what
/// each total lacks. Fails with [`Failure::DataErrors`] (exit status 1)
/// when rows were left out or a total is incomplete.
pub fn run(args: &ReportArgs, settings: &Settings) -> Result<(), Failure> {
    let calendar = settings.calendar;
    let period = calendar.parse(&args.period)?;
    let rounding: Rounding = args.rounding.parse()?;
    let baseline_year = period.fiscal_year_period().year_earlier()?;
    let matching = if args.like_for_like {
        Matching::LikeForLike
    } else {
        Matching::AsReported
    };
    // With disclosure control, the totals are those of the protected
    // cube, and the view asked for is cut from it.
    let cube = match args.suppress {
        Some(_) => Some(cube_of(args)?),
        None => None,
    };
    let mut query = Query::new().by_indicator();
    for by in cube.as_deref().unwrap_or(&args.by) {
        query = match by {
            ByArg::Country => query.by_country(),
            ByArg::Channel => query.by_channel(),
            ByArg::Partner => query.by_partner(),
        };
    }
    let baseline = Baseline::AverageOf(baseline_year);
    let comparer = |query: &Query| Comparer::new(calendar, query, period, baseline, matching);
    let progress = Progress::over(&args.files);
    let mut totals = Totalling {
        calendar,
        period,
        table: comparer(&query)?,
        counted: HashMap::new(),
        validator: settings.validator()?,
        tally: Tally::default(),
        progress: &progress,
    };
    input::read_each(&args.files, settings, &progress, |parsed| {
        totals.take(parsed)
    })?;
    progress.phase("totalling");
    let Totalling { table, tally, .. } = totals;
    let mut rows = table.finish()?;
    progress.finish();

    // The catalogue's order (the report's), then the group.
    let catalogue = settings.catalogue();
    let position = |r: &Comparison| catalogue.position(r.indicator).unwrap_or(usize::MAX);
    rows.sort_by(|a, b| {
        position(a)
            .cmp(&position(b))
            .then_with(|| a.key.cmp(&b.key))
    });
    let shape = Shape {
        calendar,
        period,
        baseline_year,
        rounding,
        places: args.places,
        by: &args.by,
    };
    let lines = rows
        .iter()
        .map(|row| shape.line(row))
        .collect::<Result<Vec<Line>, Failure>>()?;
    let incomplete = lines.iter().filter(|l| !l.complete).count();

    let printed = if let (Some(k), Some(cube)) = (args.suppress, &cube) {
        print_protected(&rows, k, cube, args, settings.format)
    } else {
        shape.print(&lines, &tally, incomplete, settings.format)
    };
    // A closed standard output (`| head`) ends the printing, not the
    // verdict: the exit status still says whether anything is missing.
    match printed {
        Ok(()) | Err(Failure::Closed) => {}
        Err(other) => return Err(other),
    }
    if settings.format == Format::Text {
        eprintln!(
            "{}; totals for {}; growth on the {} average, rounded {}",
            plural(tally.figures, "figure", "figures"),
            calendar.label(period),
            calendar.label(baseline_year),
            rounding
        );
    }
    if let Some(path) = &args.chart {
        let spec = chart::Spec {
            catalogue,
            calendar,
            period,
            baseline: Baseline::AverageOf(baseline_year),
            places: args.places,
            rounding,
        };
        chart::draw(path, &rows, &spec)?;
        eprintln!("chart written to {}", path.display());
    }
    let summary = tally.summary(
        incomplete,
        calendar.label(period).to_string(),
        args.suppress.is_none(),
    );
    if let Some(summary) = &summary {
        eprintln!("{summary}");
    }
    if rows.is_empty() {
        eprintln!(
            "{}",
            tally.no_total(
                &calendar.label(period).to_string(),
                &calendar.label(baseline_year).to_string()
            )
        );
        return Err(Failure::DataErrors);
    }
    match summary {
        None => Ok(()),
        Some(_) => Err(Failure::DataErrors),
    }
}

/// What the report holds while the files are read.
struct Totalling<'a> {
    calendar: FiscalCalendar,
    period: Period,
    /// The table's totals.
    table: Comparer,
    /// The figures counted in the table, by series: what a refused figure
    /// is told apart from (a duplicate, a second value, an overlap). At
    /// most one figure a month of the two periods for each series, so it
    /// grows with the series, not with the rows.
    counted: HashMap<Series, Vec<Earlier>>,
    validator: Validator,
    tally: Tally,
    progress: &'a Progress,
}

/// A figure already counted.
struct Earlier {
    period: Period,
    value: Value,
    at: Location,
}

impl Totalling<'_> {
    /// Takes one item a reader gave: a figure goes to the totals, a
    /// finding is counted and shown.
    fn take(&mut self, parsed: Parsed) {
        match parsed {
            Parsed::Finding(finding) => self.report(finding),
            Parsed::Figure(figure, at) => {
                self.tally.figures = self.tally.figures.saturating_add(1);
                let (first, last) = (figure.period.first_day(), figure.period.last_day());
                self.tally.span = Some(match self.tally.span {
                    Some((a, b)) => (a.min(first), b.max(last)),
                    None => (first, last),
                });
                match self.table.add(&figure) {
                    Ok(Placement::Counted) => {
                        self.counted
                            .entry(figure.series())
                            .or_default()
                            .push(Earlier {
                                period: figure.period,
                                value: figure.value,
                                at,
                            });
                    }
                    Ok(Placement::Outside(_)) => {
                        let (period, whole) = (
                            self.calendar.label(self.period),
                            self.calendar.label(figure.period),
                        );
                        let message = format!(
                            "{} covers more than {period}, so no total of {period} can include it: \
                             this row is left out (give figures for {period} or its parts, or report on --period \"{whole}\")",
                            self.describe(&figure),
                        );
                        self.tally.outside = self.tally.outside.saturating_add(1);
                        self.refused(&figure, at, message, false);
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let message = self.refusal(&e, &figure, &at);
                        self.refused(&figure, at, message, true);
                    }
                }
            }
        }
    }

    /// Reports a figure left out of the totals.
    fn refused(&mut self, figure: &Observation, at: Location, message: String, count: bool) {
        if count {
            self.tally.totals_refused = self.tally.totals_refused.saturating_add(1);
        }
        self.progress.finding();
        let finding = Finding::new(Severity::Error, RuleId::AGGREGATE_REFUSED, message)
            .with_location(at)
            .with_series(figure.series(), Some(figure.period))
            .with_value("value", figure.value);
        self.show(finding);
    }

    /// Counts a reader's finding and shows it.
    fn report(&mut self, finding: Finding) {
        self.tally.read(&finding);
        self.show(finding);
    }

    /// Shows a finding on standard error, under the settings (a rule
    /// disabled, another severity); the counts are of every finding.
    fn show(&mut self, finding: Finding) {
        self.tally.count(&finding);
        let mut one = Findings::new();
        one.push(finding);
        for mut shown in self.validator.apply(one).into_findings() {
            // The advice names the flag and the key of a setting the
            // message names, as in impact validate.
            shown.message = crate::advice::advise(&shown);
            if shown.rule == RuleId::CONFIG_HIDDEN {
                self.tally.hidden = self.tally.hidden.saturating_add(1);
            } else {
                self.progress.println(&shown.to_string());
            }
        }
    }

    /// A figure as a person reads it: its series and its period's label.
    fn describe(&self, figure: &Observation) -> String {
        figure.describe(self.calendar)
    }

    /// Why a total refused a figure, in words that say what to do.
    fn refusal(&self, error: &Error, figure: &Observation, at: &Location) -> String {
        let what = self.describe(figure);
        let label = |p: Period| self.calendar.label(p).to_string();
        match error {
            Error::OverlappingPeriods { .. } => {
                let earlier = self.counted.get(&figure.series()).and_then(|seen| {
                    seen.iter().find(|e| {
                        e.period.contains(figure.period) || figure.period.contains(e.period)
                    })
                });
                let Some(earlier) = earlier else {
                    return format!(
                        "{what} overlaps a figure of the same series already counted; \
                         counting both would count some months twice, so this row is left out"
                    );
                };
                let there = place(&earlier.at, at);
                if earlier.period == figure.period && earlier.value == figure.value {
                    format!(
                        "{what} is the same figure as {there}: it is counted once, and this row is left out"
                    )
                } else if earlier.period == figure.period {
                    format!(
                        "a second value for {} {}: {} here, {} at {there}; only the first is counted, \
                         so the total may be wrong: keep the right one and remove the other",
                        figure.series(),
                        label(figure.period),
                        figure.value,
                        earlier.value
                    )
                } else if earlier.period.contains(figure.period) {
                    format!(
                        "{what} lies inside {}, already counted at {there}: counting both would count {} twice, \
                         so this row is left out",
                        label(earlier.period),
                        label(figure.period)
                    )
                } else {
                    format!(
                        "{what} covers {}, already counted at {there}: counting both would count {} twice, \
                         so this row is left out",
                        label(earlier.period),
                        label(earlier.period)
                    )
                }
            }
            Error::Overflow { .. } => format!(
                "{what}: with it, a total would be larger than {}, the largest a count can hold, \
                 so this row is left out",
                u64::MAX
            ),
            Error::IncompatibleValues { .. } if matches!(figure.value, Value::Percent(_)) => {
                format!(
                    "{what} is a percentage given without its numerator and denominator, so it cannot be \
                 added to the other figures of its total: give them in their columns; this row is left out"
                )
            }
            Error::IncompatibleValues { reason, .. } => {
                // The total already holds a bare percentage: name its row.
                let percent = self.counted.iter().find_map(|(series, seen)| {
                    (series.indicator == figure.indicator)
                        .then(|| seen.iter().find(|e| matches!(e.value, Value::Percent(_))))
                        .flatten()
                        .map(|e| (series, e))
                });
                match percent {
                    Some((series, e)) => format!(
                        "{what} cannot be added to {series} {} = {} at {}, a percentage given without \
                         its numerator and denominator: give them in that row's columns; this row is left out",
                        label(e.period),
                        e.value,
                        place(&e.at, at)
                    ),
                    None => format!(
                        "{what} cannot be added to the other figures of its total: {reason}; this row is left out"
                    ),
                }
            }
            other => format!("{what}: {other}; this row is left out"),
        }
    }
}

/// Where an earlier figure is, beside the one refused: its line, with its
/// file when that is another.
fn place(earlier: &Location, here: &Location) -> String {
    match (&earlier.source, earlier.line) {
        (source, Some(line)) if *source == here.source => format!("line {line}"),
        _ if earlier.is_none() => "an earlier row".to_string(),
        _ => earlier.to_string(),
    }
}

/// The counts the report's verdict is made of.
#[derive(Debug, Default)]
struct Tally {
    /// Figures read.
    figures: u64,
    /// Rows a reader refused, each counted once.
    rows_refused: u64,
    /// Files a reader could not read in full (empty, not JSON, cut short).
    files_unread: u64,
    /// Figures a total refused.
    totals_refused: u64,
    /// Figures whose period straddles the report's.
    outside: u64,
    /// Findings of each severity.
    errors: u64,
    warnings: u64,
    notes: u64,
    /// Findings the settings hide, about figures left out.
    hidden: u64,
    last_row: Option<(Option<String>, u64)>,
    last_file: Option<Option<String>>,
    /// The first and last day the figures read cover.
    span: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
}

impl Tally {
    /// Counts a reader's finding: an error about a row or a file left
    /// out, each row and file once (a row's findings come together).
    fn read(&mut self, finding: &Finding) {
        let leaves_out = finding.severity == Severity::Error
            && finding.rule.info().is_some_and(|r| r.leaves_out);
        if !leaves_out {
            return;
        }
        let whole_file = [RuleId::READ_IO, RuleId::PARSE_JSON, RuleId::PARSE_HEADER]
            .contains(&finding.rule)
            || finding.location.line.is_none();
        let source = finding.location.source.clone();
        if whole_file {
            if self.last_file.as_ref() != Some(&source) {
                self.files_unread = self.files_unread.saturating_add(1);
                self.last_file = Some(source);
            }
        } else {
            let row = (source, finding.location.line.unwrap_or(0));
            if self.last_row.as_ref() != Some(&row) {
                self.rows_refused = self.rows_refused.saturating_add(1);
                self.last_row = Some(row);
            }
        }
    }

    fn count(&mut self, finding: &Finding) {
        let n = match finding.severity {
            Severity::Error => &mut self.errors,
            Severity::Warning => &mut self.warnings,
            _ => &mut self.notes,
        };
        *n = n.saturating_add(1);
    }

    /// Why the report has no total at all: no figure was read, or none
    /// falls in the period or its baseline.
    fn no_total(&self, period: &str, baseline: &str) -> String {
        match self.span {
            Some((first, last)) if self.figures > 0 => format!(
                "no total: none of the {} read is in {period} or {baseline} (they cover {} to {}); is the period right?",
                plural(self.figures, "figure", "figures"),
                first.format("%b %Y"),
                last.format("%b %Y")
            ),
            _ => "no total: no figure was read".to_string(),
        }
    }

    /// Rows the report leaves out: refused by a reader or by a total.
    fn refused(&self) -> u64 {
        self.rows_refused.saturating_add(self.totals_refused)
    }

    /// The one line that says what the report lacks, or `None` when every
    /// row was read and every total is complete.
    fn summary(&self, incomplete: usize, period: String, lacks_shown: bool) -> Option<String> {
        let mut counts = Vec::new();
        if self.refused() > 0 {
            counts.push(plural(self.refused(), "row refused", "rows refused"));
        }
        if self.outside > 0 {
            counts.push(plural(
                self.outside,
                &format!("figure outside {period}"),
                &format!("figures outside {period}"),
            ));
        }
        if self.files_unread > 0 {
            counts.push(plural(
                self.files_unread,
                "file not read in full",
                "files not read in full",
            ));
        }
        let left_out = !counts.is_empty();
        let incomplete = u64::try_from(incomplete).unwrap_or(u64::MAX);
        if incomplete > 0 {
            counts.push(plural(incomplete, "total incomplete", "totals incomplete"));
        }
        let why = match (left_out, incomplete > 0) {
            (false, false) => return None,
            // Disclosure control prints no lacks column.
            (false, true) if !lacks_shown => {
                "the report without --suppress says what each lacks (it is not for publication)"
            }
            (true, true) if !lacks_shown => {
                "the totals leave those rows out (see the findings above), and the report \
                 without --suppress says what each incomplete total lacks"
            }
            (true, false) => "the totals leave out what the findings above name",
            (false, true) => "the lacks column says what each lacks",
            (true, true) => {
                "the totals leave those rows out (see the findings above), \
                 and the lacks column says what each incomplete total lacks"
            }
        };
        let hidden = if self.hidden > 0 {
            format!(
                " ({} of those findings not shown: the settings disable their rules)",
                self.hidden
            )
        } else {
            String::new()
        };
        Some(format!("{}: {why}{hidden}", counts.join(", ")))
    }
}

/// How the rows are shown: the periods, the rounding, the breakdown.
struct Shape<'a> {
    calendar: FiscalCalendar,
    period: Period,
    baseline_year: Period,
    rounding: Rounding,
    places: u32,
    by: &'a [ByArg],
}

/// One row of the report, for people and for scripts.
struct Line {
    text: Vec<Cell>,
    machine: Vec<Cell>,
    complete: bool,
}

impl Shape<'_> {
    fn label(&self, period: Period) -> String {
        self.calendar.label(period).to_string()
    }

    fn side(&self, side: ComparisonSide) -> String {
        match side {
            ComparisonSide::Current => self.label(self.period),
            ComparisonSide::Baseline => self.label(self.baseline_year),
        }
    }

    fn periods(&self, periods: &[Period]) -> String {
        periods
            .iter()
            .map(|p| self.label(*p))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What one side lacks of one series: all of its period, or parts.
    fn missing(&self, s: &Shortfall) -> String {
        let whole = match s.side {
            ComparisonSide::Current => self.period,
            ComparisonSide::Baseline => self.baseline_year,
        };
        if s.missing == [whole] {
            format!("no figures for {}", self.label(whole))
        } else {
            format!("{} lacks {}", self.side(s.side), self.periods(&s.missing))
        }
    }

    /// What a row lacks, for a person: empty when it is complete.
    fn lacks(&self, row: &Comparison) -> Vec<String> {
        if !row.left_out.is_empty() {
            // Like for like: the totals leave these series out.
            return row
                .left_out
                .iter()
                .map(|s| format!("left out: {} ({})", s.series, self.missing(s)))
                .collect();
        }
        let mut lacks = Vec::new();
        if row.current.is_none() {
            lacks.push(format!("no figures for {}", self.label(self.period)));
        }
        if let GrowthOutcome::Incomplete { shortfalls, .. } = &row.growth {
            lacks.extend(
                shortfalls
                    .iter()
                    .map(|s| format!("{}: {}", s.series, self.missing(s))),
            );
        } else if let Some(current) = &row.current {
            lacks.extend(current.coverage.gaps().iter().map(|gap| {
                format!(
                    "{}: {} lacks {}",
                    gap.series,
                    self.label(self.period),
                    self.periods(&gap.missing)
                )
            }));
        }
        lacks
    }

    fn line(&self, row: &Comparison) -> Result<Line, Failure> {
        let lacks = self.lacks(row);
        let complete = lacks.is_empty();
        let lacks = (!lacks.is_empty()).then(|| lacks.join("; "));
        // A growth only where the two sides are alike.
        let growth = row.growth.complete();
        let printed = growth
            .map(|g| g.display(self.places, self.rounding).map(|d| d.to_string()))
            .transpose()?;
        let (short, note) = match (&row.growth, &row.current, &row.baseline) {
            (GrowthOutcome::Complete(_), ..) => (None, None),
            (GrowthOutcome::Incomplete { .. }, ..) => (
                Some("incomplete".to_string()),
                Some("the two periods do not hold the same series in full; see lacks".to_string()),
            ),
            (outcome, None, _) | (outcome, _, None) if !row.left_out.is_empty() => (
                Some("nothing alike".to_string()),
                outcome.reason().map(str::to_string),
            ),
            (outcome, None, _) => (
                Some("no figures".to_string()),
                outcome.reason().map(str::to_string),
            ),
            (outcome, _, None) => (
                Some("no baseline".to_string()),
                outcome.reason().map(str::to_string),
            ),
            (outcome, ..) => (
                outcome.reason().map(str::to_string),
                outcome.reason().map(str::to_string),
            ),
        };
        let current = row.current.as_ref();
        let baseline = row.baseline.as_ref();
        let average = match baseline.map(|b| b.value) {
            Some(Value::Count(total)) => Some(
                round_ratio(
                    i128::from(total) * i128::from(self.period.months()),
                    u128::from(self.baseline_year.months()),
                    AVERAGE_PLACES,
                    self.rounding,
                )?
                .normalize(),
            ),
            _ => None,
        };

        let mut text: Vec<Cell> = vec![row.indicator.to_string().into()];
        let mut machine = text.clone();
        for by in self.by {
            let part = match by {
                ByArg::Country => part(&row.key.country),
                ByArg::Channel => part(&row.key.channel),
                ByArg::Partner => part(&row.key.partner),
            };
            text.push(part.clone());
            machine.push(part);
        }
        let period = Cell::Text(self.label(self.period));
        text.extend([
            period.clone(),
            match current {
                Some(r) if r.bound == Bound::Exact && matches!(r.value, Value::Count(_)) => {
                    Cell::from(r.value.as_count())
                }
                Some(r) => Cell::Text(r.bound.before(r.value)),
                None => Cell::Null,
            },
            match (average, baseline) {
                (Some(average), _) => Cell::Decimal(average),
                (None, Some(b)) => Cell::Text(b.value.to_string()),
                (None, None) => Cell::Null,
            },
            Cell::text_or_null(printed.clone().or(short)),
            Cell::text_or_null(lacks.clone()),
        ]);
        let (value, numerator, denominator) = parts(current.map(|r| r.value));
        let (base_value, base_numerator, base_denominator) = parts(baseline.map(|r| r.value));
        machine.extend([
            period,
            value,
            numerator,
            denominator,
            Cell::text_or_null(current.map(|r| r.bound.to_string())),
            Cell::Text(self.label(self.baseline_year)),
            base_value,
            base_numerator,
            base_denominator,
            Cell::from(self.period.months()),
            Cell::from(self.baseline_year.months()),
            Cell::from(average),
            Cell::text_or_null(printed),
            Cell::text_or_null(growth.map(|g| g.to_string())),
            Cell::text_or_null(note),
            Cell::Bool(complete),
            Cell::text_or_null(lacks),
        ]);
        Ok(Line {
            text,
            machine,
            complete,
        })
    }

    fn headers(&self, machine: bool) -> Vec<&'static str> {
        let mut headers = vec!["indicator"];
        headers.extend(self.by.iter().map(|by| match by {
            ByArg::Country => "country",
            ByArg::Channel => "channel",
            ByArg::Partner => "partner",
        }));
        if machine {
            headers.extend([
                "period",
                "value",
                "numerator",
                "denominator",
                "bound",
                "baseline_period",
                "baseline_total",
                "baseline_numerator",
                "baseline_denominator",
                "months",
                "baseline_months",
                "baseline_average",
                "growth",
                "growth_exact",
                "growth_note",
                "complete",
                "lacks",
            ]);
        } else {
            headers.extend(["period", "value", "baseline_average", "growth", "lacks"]);
        }
        headers
    }

    fn print(
        &self,
        lines: &[Line],
        tally: &Tally,
        incomplete: usize,
        format: Format,
    ) -> Result<(), Failure> {
        let machine = format != Format::Text;
        let mut sheet = Sheet::new(&self.headers(machine));
        for line in lines {
            sheet.push_cells(if machine {
                line.machine.clone()
            } else {
                line.text.clone()
            });
        }
        if format != Format::Json {
            return sheet.print(format);
        }
        let document = Document {
            summary: Summary {
                period: self.label(self.period),
                baseline_period: self.label(self.baseline_year),
                complete: !lines.is_empty()
                    && tally.summary(incomplete, String::new(), true).is_none(),
                rows_read: tally.figures.saturating_add(tally.rows_refused),
                figures_read: tally.figures,
                rows_refused: tally.refused(),
                figures_outside: tally.outside,
                files_not_read_in_full: tally.files_unread,
                totals: lines.len(),
                totals_incomplete: incomplete,
                errors: tally.errors,
                warnings: tally.warnings,
                notes: tally.notes,
            },
            rows: sheet.records(),
        };
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &document).map_err(std::io::Error::from)?;
        writeln!(out)?;
        out.flush()?;
        Ok(())
    }
}

/// The JSON output: the summary, then the rows.
#[derive(serde::Serialize)]
struct Document<'a> {
    summary: Summary,
    rows: Vec<crate::output::Record<'a>>,
}

/// What the report read and what it lacks, in numbers.
#[derive(serde::Serialize)]
struct Summary {
    /// The period totalled, as people write it.
    period: String,
    /// The period compared against.
    baseline_period: String,
    /// Whether every row was read and every total is complete (exit
    /// status 0).
    complete: bool,
    /// Rows read: figures, and rows a reader refused.
    rows_read: u64,
    /// Figures read.
    figures_read: u64,
    /// Rows left out of the totals: refused by a reader or by a total.
    rows_refused: u64,
    /// Figures whose period straddles the report's, in no total.
    figures_outside: u64,
    /// Files a reader could not read to the end.
    files_not_read_in_full: u64,
    /// Rows of the report.
    totals: usize,
    /// Rows of the report that lack something.
    totals_incomplete: usize,
    /// Findings of each severity.
    errors: u64,
    warnings: u64,
    notes: u64,
}

/// A value as the machine columns give it: a count, or a rate's
/// numerator and denominator; a bare percentage is its percent.
fn parts(value: Option<Value>) -> (Cell, Cell, Cell) {
    match value {
        Some(Value::Count(n)) => (Cell::Int(n), Cell::Null, Cell::Null),
        Some(Value::Ratio {
            numerator,
            denominator,
        }) => (Cell::Null, Cell::Int(numerator), Cell::Int(denominator)),
        Some(Value::Percent(p)) => (Cell::Decimal(p), Cell::Null, Cell::Null),
        _ => (Cell::Null, Cell::Null, Cell::Null),
    }
}

/// A key part of a row broken down by it: the value, or nothing for the
/// figures that have none.
fn part<T: ToString>(group: &Group<T>) -> Cell {
    match group.value() {
        Some(value) => Cell::Text(value.to_string()),
        None => Cell::Null,
    }
}

/// The breakdown disclosure control protects, one table per indicator
/// with all its totals: `--cube`, or country by channel. Every `--by` must
/// be part of it, so that every view is cut from the same protected table.
fn cube_of(args: &ReportArgs) -> Result<Vec<ByArg>, Failure> {
    let cube = if args.cube.is_empty() {
        vec![ByArg::Country, ByArg::Channel]
    } else {
        args.cube.clone()
    };
    for (i, by) in cube.iter().enumerate() {
        if cube.iter().skip(i + 1).any(|other| other == by) {
            return Err(Failure::Usage(format!(
                "--cube names {} twice",
                by_name(*by)
            )));
        }
    }
    if cube.len() > 2 {
        return Err(Failure::Usage(
            "--cube takes at most two of country, channel and partner: one table and its totals"
                .to_string(),
        ));
    }
    let names: Vec<&str> = cube.iter().map(|b| by_name(*b)).collect();
    for by in &args.by {
        if !cube.contains(by) {
            return Err(Failure::Usage(format!(
                "--by {} is not part of the protected breakdown ({}): give --cube with it, and the \
                 same --cube to every release of these figures",
                by_name(*by),
                names.join(", ")
            )));
        }
    }
    Ok(cube)
}

fn by_name(by: ByArg) -> &'static str {
    match by {
        ByArg::Country => "country",
        ByArg::Channel => "channel",
        ByArg::Partner => "partner",
    }
}

/// A row's group in one dimension, as printed.
fn group_label(row: &Comparison, by: ByArg) -> String {
    let cell = match by {
        ByArg::Country => part(&row.key.country),
        ByArg::Channel => part(&row.key.channel),
        ByArg::Partner => part(&row.key.partner),
    };
    match cell {
        Cell::Text(text) => text,
        _ => "(none)".to_string(),
    }
}

/// Which numbers of the protected table a view prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum View {
    Cells,
    RowTotals,
    ColumnTotals,
    Headline,
}

/// One indicator's protected table.
struct Protecting {
    indicator: String,
    cells: Vec<(usize, usize, u64)>,
    /// The cells whose series lack part of the period.
    partial: BTreeSet<(usize, usize)>,
    protected: Option<Protected>,
}

impl Protecting {
    /// Whether the number at `place` adds a cell whose series lack part of
    /// the period: such a number is marked, as the report without
    /// disclosure control marks it incomplete.
    fn is_partial(&self, place: Place) -> bool {
        let mut cells = self.partial.iter();
        match place {
            Place::Cell { row, column } => self.partial.contains(&(row, column)),
            Place::RowTotal(r) => cells.any(|&(row, _)| row == r),
            Place::ColumnTotal(c) => cells.any(|&(_, column)| column == c),
            // A place this report does not know adds, for all it can
            // tell, every cell.
            _ => !self.partial.is_empty(),
        }
    }
}

/// The mark of a number that adds figures lacking part of the period, and
/// its meaning in the legend.
const PARTIAL: (&str, &str) = (
    "[p]",
    "partial: some series lack part of the period (the report without --suppress says which; it is not for publication)",
);

/// The report with disclosure control. For each indicator, the cube
/// (`--cube`, country by channel by default) with all its totals is
/// protected as one table; the view `--by` asks for (its cells, its row or
/// column totals) and the indicator's total are cut from it. Every run on
/// the same figures and cube protects the same tables the same way, so
/// views printed in separate runs are parts of one protected release. No
/// total adds different indicators.
fn print_protected(
    rows: &[Comparison],
    k: u64,
    cube: &[ByArg],
    args: &ReportArgs,
    format: Format,
) -> Result<(), Failure> {
    let protection = match &args.protection {
        Some(text) => Protection::both(text.parse::<Level>()?),
        None => Protection::for_k(k),
    };
    let cost = match args.suppress_cost {
        CostArg::Cells => Cost::Cells,
        CostArg::Value => Cost::Value,
    };
    let rule = Disclosure::new(k)
        .with_protection(protection)
        .with_cost(cost);
    let (first, second) = (cube.first().copied(), cube.get(1).copied());
    let mut row_labels: Vec<String> = Vec::new();
    let mut column_labels: Vec<String> = Vec::new();
    let mut partners: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut tables: Vec<Protecting> = Vec::new();
    let mut not_counts: Vec<String> = Vec::new();
    let all = || "all".to_string();
    for row in rows {
        let r = index_of(
            &mut row_labels,
            first.map_or_else(all, |b| group_label(row, b)),
        );
        let c = index_of(
            &mut column_labels,
            second.map_or_else(all, |b| group_label(row, b)),
        );
        partners.insert((r, c));
        let indicator = row.indicator.to_string();
        let at = match tables.iter().position(|t| t.indicator == indicator) {
            Some(at) => at,
            None => {
                tables.push(Protecting {
                    indicator: indicator.clone(),
                    cells: Vec::new(),
                    partial: BTreeSet::new(),
                    protected: None,
                });
                tables.len() - 1
            }
        };
        match row
            .current
            .as_ref()
            .map(|r| (r.value, r.coverage.is_complete()))
        {
            Some((Value::Count(n), complete)) => {
                if let Some(table) = tables.get_mut(at) {
                    table.cells.push((r, c, n));
                    if !complete {
                        table.partial.insert((r, c));
                    }
                }
            }
            Some(_) if !not_counts.contains(&indicator) => not_counts.push(indicator),
            _ => {}
        }
    }
    tables.retain(|t| !not_counts.contains(&t.indicator));
    for table in &mut tables {
        let mut counts = CountTable::new(row_labels.clone(), column_labels.clone());
        for r in 0..row_labels.len() {
            for c in 0..column_labels.len() {
                if !partners.contains(&(r, c)) {
                    counts.set_no_partner(r, c)?;
                }
            }
        }
        for &(r, c, n) in &table.cells {
            counts.set(r, c, n)?;
        }
        table.protected = Some(rule.protect(&counts)?);
    }

    let shows = |by: Option<ByArg>| by.is_some_and(|b| args.by.contains(&b));
    let view = match (shows(first), shows(second)) {
        (true, true) => View::Cells,
        (true, false) => View::RowTotals,
        (false, true) => View::ColumnTotals,
        (false, false) => View::Headline,
    };
    let mut dimensions: Vec<&str> = Vec::new();
    for by in [first, second] {
        if let Some(by) = by.filter(|b| args.by.contains(b)) {
            dimensions.push(by_name(by));
        }
    }
    let mut groups: Vec<(Vec<String>, Place)> = Vec::new();
    let label = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
    match view {
        View::Cells => {
            for &(r, c) in &partners {
                groups.push((
                    vec![label(&row_labels, r), label(&column_labels, c)],
                    Place::Cell { row: r, column: c },
                ));
            }
        }
        View::RowTotals => {
            for r in 0..row_labels.len() {
                groups.push((vec![label(&row_labels, r)], Place::RowTotal(r)));
            }
        }
        View::ColumnTotals => {
            for c in 0..column_labels.len() {
                groups.push((vec![label(&column_labels, c)], Place::ColumnTotal(c)));
            }
        }
        View::Headline => {}
    }
    let mut total_names = vec!["Total".to_string()];
    total_names.resize(dimensions.len().max(1), String::new());
    groups.push((total_names, Place::GrandTotal));
    let published = |table: &Protecting, place: Place| {
        table
            .protected
            .as_ref()
            .and_then(|p| p.place(place))
            .unwrap_or(PublishedCell::NoFigure)
    };

    match format {
        Format::Text => {
            let mut headers: Vec<&str> = if dimensions.is_empty() {
                vec![""]
            } else {
                dimensions.clone()
            };
            headers.extend(tables.iter().map(|t| t.indicator.as_str()));
            let mut sheet = Sheet::new(&headers);
            let mut marks: BTreeSet<&str> = BTreeSet::new();
            for (names, place) in &groups {
                let mut line: Vec<Cell> = names
                    .iter()
                    .map(|n| Cell::text_or_null(Some(n.clone())))
                    .collect();
                for table in &tables {
                    let cell = published(table, *place);
                    let partial = table.is_partial(*place);
                    if partial {
                        marks.insert(PARTIAL.0);
                    }
                    line.push(match (cell, partial) {
                        (PublishedCell::Value(n), false) => Cell::Int(n),
                        (PublishedCell::Value(n), true) => Cell::Text(format!("{n} {}", PARTIAL.0)),
                        (other, partial) => {
                            if let Some(mark) = other.mark() {
                                marks.insert(mark);
                            }
                            if partial {
                                Cell::Text(format!("{other} {}", PARTIAL.0))
                            } else {
                                Cell::Text(other.to_string())
                            }
                        }
                    });
                }
                sheet.push_cells(line);
            }
            sheet.print(Format::Text)?;
            let mut out = std::io::stdout().lock();
            for (mark, meaning) in PublishedCell::LEGEND.iter().chain([&PARTIAL]) {
                if marks.contains(mark) {
                    writeln!(out, "{mark:<3}  {meaning}")?;
                }
            }
        }
        other => {
            let mut headers = vec!["indicator"];
            headers.extend(dimensions.iter().copied());
            headers.extend(["value", "status", "complete"]);
            let mut sheet = Sheet::new(&headers);
            for table in &tables {
                for (names, place) in &groups {
                    let mut line: Vec<Cell> = vec![Cell::Text(table.indicator.clone())];
                    line.extend(
                        names
                            .iter()
                            .take(dimensions.len())
                            .map(|n| Cell::text_or_null(Some(n.clone()))),
                    );
                    let cell = published(table, *place);
                    let (value, status) = match cell {
                        PublishedCell::Value(n) => (Cell::Int(n), "published"),
                        PublishedCell::Suppressed => (Cell::Null, "suppressed"),
                        PublishedCell::NoPartner => (Cell::Null, "no partner"),
                        _ => (Cell::Null, "no figure"),
                    };
                    line.push(value);
                    line.push(Cell::Text(status.to_string()));
                    line.push(Cell::Bool(!table.is_partial(*place)));
                    sheet.push_cells(line);
                }
            }
            sheet.print(other)?;
        }
    }

    // Standard error says how much was hidden, never what.
    let hidden: usize = tables
        .iter()
        .filter_map(|t| t.protected.as_ref())
        .map(|p| p.suppressed().len())
        .sum();
    let cube_names: Vec<&str> = cube.iter().map(|b| by_name(*b)).collect();
    eprintln!(
        "{hidden} numbers suppressed, protected as one table per indicator ({}, with all its totals): \
         each count below {k} could be, for all a reader can tell, {} more or {} less (but not below 1)",
        cube_names.join(" by "),
        protection.upper,
        protection.lower
    );
    if !not_counts.is_empty() {
        eprintln!(
            "left out, as they are not counts of people: {}",
            not_counts.join(", ")
        );
    }
    if args.show_confidential {
        eprintln!(
            "CONFIDENTIAL: not for publication: the true values of the suppressed numbers follow"
        );
        for table in &tables {
            let Some(protected) = &table.protected else {
                continue;
            };
            for cell in protected.audit().cells() {
                let (row, column) = place_names(protected, cell.place);
                let why = match cell.suppression {
                    Some(Suppression::Primary) => format!("below {k}"),
                    _ => "to protect the small counts".to_string(),
                };
                let greatest = cell
                    .interval
                    .greatest
                    .map_or_else(|| "no limit".to_string(), |g| g.to_string());
                eprintln!(
                    "CONFIDENTIAL: {} {row} × {column}: {} ({why}); a reader can tell {} to {greatest}",
                    table.indicator, cell.value, cell.interval.least
                );
            }
        }
    }
    Ok(())
}

/// The row's and column's label of a place in a protected table.
fn place_names(protected: &Protected, place: Place) -> (String, String) {
    let row = |r: usize| protected.rows().get(r).cloned().unwrap_or_default();
    let column = |c: usize| protected.columns().get(c).cloned().unwrap_or_default();
    let total = || "Total".to_string();
    match place {
        Place::Cell { row: r, column: c } => (row(r), column(c)),
        Place::RowTotal(r) => (row(r), total()),
        Place::ColumnTotal(c) => (total(), column(c)),
        _ => (total(), total()),
    }
}

fn index_of(list: &mut Vec<String>, item: String) -> usize {
    match list.iter().position(|x| *x == item) {
        Some(i) => i,
        None => {
            list.push(item);
            list.len() - 1
        }
    }
}
