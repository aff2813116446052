//! Writing figures and aggregate tables as CSV, in the format they are
//! read in.

use std::io::Write;

use crate::aggregate::{Coverage, Row, Table};
use crate::error::{Error, Result};
use crate::figure::dataset::Dataset;
use crate::figure::observation::{Basis, Observation};
use crate::figure::value::{Bound, Value};
use crate::io::format::Column;
use crate::period::Period;
use crate::period::calendar::FiscalCalendar;

/// Writes figures as CSV, one at a time, in the [format](crate::format)
/// that [`csv::Reader`](crate::csv::Reader) reads: every column, with a header
/// row.
///
/// Reading the output back with the same calendar and catalogue gives the
/// same figures (a note's surrounding spaces aside, which the format
/// ignores).
///
/// ```
/// use impact_metrics::{Country, csv, FiscalCalendar, Indicator, Observation, Value};
///
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let figure = Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2020, 1)?, Value::Count(20))
///     .with_country(Country::GB);
/// let mut writer = csv::Writer::new(Vec::new(), calendar);
/// writer.write(&figure)?;
/// let text = String::from_utf8(writer.finish()?).unwrap();
/// assert_eq!(
///     text,
///     "indicator,country,channel,partner,period,value,numerator,denominator,bound,basis,note\n\
///      victims_removed,GB,,,20/21 H1,20,,,,,\n"
/// );
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Debug)]
pub struct Writer<W: Write> {
    csv: ::csv::Writer<W>,
    calendar: FiscalCalendar,
    machine_periods: bool,
    header_written: bool,
    extra_columns: &'static [&'static str],
}

impl<W: Write> Writer<W> {
    /// A writer to `out`, writing periods as `calendar`'s labels.
    ///
    /// ```
    /// use impact_metrics::{csv, FiscalCalendar};
    /// let writer = csv::Writer::new(Vec::new(), FiscalCalendar::SEPTEMBER);
    /// assert_eq!(writer.finish()?.len(), "indicator,country,channel,partner,period,value,numerator,denominator,bound,basis,note\n".len());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn new(out: W, calendar: FiscalCalendar) -> Writer<W> {
        Writer {
            csv: ::csv::WriterBuilder::new().from_writer(out),
            calendar,
            machine_periods: false,
            header_written: false,
            extra_columns: &[],
        }
    }

    /// Writes periods in their machine form (`FY2020-09-H1`), which names
    /// the calendar's start month, instead of its labels (`20/21 H1`). A
    /// reader on a calendar with another start month then refuses the
    /// figures instead of reading other dates.
    ///
    /// ```
    /// use impact_metrics::{csv, FiscalCalendar, Indicator, Observation, Value};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let mut writer = csv::Writer::new(Vec::new(), calendar).machine_periods();
    /// writer.write(&Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2020, 1)?, Value::Count(20)))?;
    /// let text = String::from_utf8(writer.finish()?).unwrap();
    /// assert!(text.ends_with("victims_removed,,,,FY2020-09-H1,20,,,,,\n"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn machine_periods(mut self) -> Writer<W> {
        self.machine_periods = true;
        self
    }

    /// Writes one figure (and the header row, before the first).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the output cannot be written.
    ///
    /// ```
    /// use impact_metrics::{csv, FiscalCalendar, Indicator, Observation, Value};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let rate = Value::Ratio { numerator: 11, denominator: 24 };
    /// let mut writer = csv::Writer::new(Vec::new(), calendar);
    /// writer.write(&Observation::new(Indicator::INCOME_RISE_RATE, calendar.half(2020, 1)?, rate))?;
    /// let text = String::from_utf8(writer.finish()?).unwrap();
    /// assert!(text.ends_with("income_rise_rate,,,,20/21 H1,,11,24,,,\n"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn write(&mut self, figure: &Observation) -> Result<()> {
        self.header()?;
        let cells = self.cells(figure);
        self.csv.write_record(cells.iter()).map_err(write_error)
    }

    /// Writes the header row if nothing has been written, flushes, and
    /// gives back the output.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the output cannot be written or flushed.
    ///
    /// ```
    /// use impact_metrics::{csv, FiscalCalendar};
    /// let out = csv::Writer::new(Vec::new(), FiscalCalendar::SEPTEMBER).finish()?;
    /// assert!(out.starts_with(b"indicator,"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn finish(mut self) -> Result<W> {
        self.header()?;
        self.csv
            .into_inner()
            .map_err(|e| Error::io("write figures as csv", e.into_error()))
    }

    fn header(&mut self) -> Result<()> {
        if self.header_written {
            return Ok(());
        }
        self.header_written = true;
        let names = Column::ALL
            .iter()
            .map(|c| c.name())
            .chain(self.extra_columns.iter().copied());
        self.csv.write_record(names).map_err(write_error)
    }

    fn period(&self, period: Period) -> String {
        if self.machine_periods {
            period.to_string()
        } else {
            self.calendar.label(period).to_string()
        }
    }

    /// The cells of a figure, in the order of [`Column::ALL`].
    fn cells(&self, figure: &Observation) -> Vec<String> {
        let mut cells = vec![
            figure.indicator.to_string(),
            figure.country.map(|c| c.to_string()).unwrap_or_default(),
            figure.channel.map(|c| c.to_string()).unwrap_or_default(),
            figure
                .partner
                .as_ref()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            self.period(figure.period),
        ];
        cells.extend(value_cells(figure.value));
        cells.push(bound_cell(figure.bound));
        cells.push(basis_cell(figure.basis));
        cells.push(figure.note.clone().unwrap_or_default());
        cells
    }
}

fn write_error(e: ::csv::Error) -> Error {
    Error::io("write figures as csv", std::io::Error::from(e))
}

/// The `value`, `numerator` and `denominator` cells.
fn value_cells(value: Value) -> [String; 3] {
    match value {
        Value::Ratio {
            numerator,
            denominator,
        } => [
            String::new(),
            numerator.to_string(),
            denominator.to_string(),
        ],
        other => [other.to_string(), String::new(), String::new()],
    }
}

fn bound_cell(bound: Bound) -> String {
    match bound {
        Bound::Exact => String::new(),
        other => other.to_string(),
    }
}

fn basis_cell(basis: Basis) -> String {
    match basis {
        Basis::Stated => String::new(),
        Basis::Interpreted => "interpreted".to_string(),
    }
}

/// Writes a dataset's figures as CSV, in the order they were added, with
/// periods as the dataset calendar's labels.
///
/// # Errors
///
/// [`Error::Io`] when the output cannot be written.
///
/// ```
/// use impact_metrics::{Catalogue, format::ReadOptions, csv, seed};
///
/// let report = seed::h1_2020_21()?;
/// let mut out = Vec::new();
/// csv::write(&report.figures, &mut out)?;
/// let options = ReadOptions::new(report.calendar, Catalogue::builtin());
/// let (back, findings) = csv::read(out.as_slice(), &options);
/// assert!(findings.is_empty());
/// assert_eq!(back.observations(), report.figures.observations());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn write<W: Write>(data: &Dataset, out: W) -> Result<()> {
    let mut writer = Writer::new(out, data.calendar());
    for figure in data {
        writer.write(&figure)?;
    }
    writer.finish().map(drop)
}

/// Writes an aggregate table as CSV: each row as a figure of the
/// [format](crate::format), then the columns `figures` (how many figures
/// the total adds), `interpreted` (how many of them were read into their
/// source), `coverage` (`complete`, `partial` or `unbounded`) and
/// `missing` (for a partial row, each series and the periods it lacks).
///
/// A dimension the table is not grouped by is left empty, as is a row's
/// period when the query had none. A total of figures of which any was
/// interpreted is written as interpreted. Read back, the rows are figures
/// (the extra columns are ignored, with a note).
///
/// # Errors
///
/// [`Error::Io`] when the output cannot be written.
///
/// ```
/// use impact_metrics::{Query, seed, csv};
///
/// let report = seed::h1_2020_21()?;
/// let table = report.figures.aggregate(&Query::new().within(report.period).by_indicator())?;
/// let mut out = Vec::new();
/// csv::write_table(&table, report.calendar, &mut out)?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("\nvictims_removed,,,,20/21 H1,74,,,,,,3,0,complete,\n"));
/// assert!(text.contains(
///     "\nsurvivors_cared_for,,,,20/21 H1,437,,,,,,4,0,partial,survivors_cared_for IN joint Vihaan: 20/21 Q2\n"
/// ));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn write_table<W: Write>(table: &Table, calendar: FiscalCalendar, out: W) -> Result<()> {
    let mut writer = Writer::new(out, calendar);
    writer.extra_columns = &["figures", "interpreted", "coverage", "missing"];
    writer.header()?;
    for row in table.rows() {
        let cells = table_row_cells(&writer, row);
        writer.csv.write_record(cells.iter()).map_err(write_error)?;
    }
    writer.finish().map(drop)
}

fn table_row_cells<W: Write>(writer: &Writer<W>, row: &Row) -> Vec<String> {
    let key = &row.key;
    let mut cells = vec![
        row.indicator.to_string(),
        key.country
            .value()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        key.channel
            .value()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        key.partner
            .value()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        row.period.map(|p| writer.period(p)).unwrap_or_default(),
    ];
    cells.extend(value_cells(row.value));
    cells.push(bound_cell(row.bound));
    cells.push(basis_cell(if row.interpreted > 0 {
        Basis::Interpreted
    } else {
        Basis::Stated
    }));
    cells.push(String::new());
    cells.push(row.figures.to_string());
    cells.push(row.interpreted.to_string());
    let (coverage, missing) = match &row.coverage {
        Coverage::Complete => ("complete", String::new()),
        Coverage::Unbounded => ("unbounded", String::new()),
        Coverage::Partial(gaps) => (
            "partial",
            gaps.iter()
                .map(|gap| {
                    let periods: Vec<String> =
                        gap.missing.iter().map(|&p| writer.period(p)).collect();
                    format!("{}: {}", gap.series, periods.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
    };
    cells.push(coverage.to_string());
    cells.push(missing);
    cells
}
