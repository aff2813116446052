//! Reading figures from the sheet of a workbook (.xlsx, .xlsm, .xlsb,
//! .xls, .ods), cell by cell, through the parser the CSV reader uses.

use std::fmt::Write as _;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Range, Reader as _, SheetType};
use serde::Deserialize;

use crate::figure::dataset::Dataset;
use crate::findings::{Finding, Findings, Location, Severity};
use crate::io::Parsed;
use crate::io::cells::{Cells, FigureParser, excerpt, quote};
use crate::io::format::{
    Column, is_totals_label, labels_a_row, title_rows_message, totals_row_message,
};
use crate::io::options::ReadOptions;
use crate::period::{FiscalCalendar, PeriodKind};
use crate::rules::RuleId;

/// Which sheet of a workbook holds the figures: one named, or (by
/// default) the only one with a header row.
///
/// In a settings file it is a table with one optional field, `name`:
///
/// ```
/// use impact_metrics::workbook::Sheet;
/// let sheet: Sheet = serde_json::from_str(r#"{"name": "Figures"}"#)?;
/// assert_eq!(sheet, Sheet::named("Figures"));
/// let any: Sheet = serde_json::from_str("{}")?;
/// assert_eq!(any, Sheet::any());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    #[serde(default)]
    name: Option<String>,
}

impl Sheet {
    /// The only sheet whose first rows hold a header row (a row naming the
    /// indicator or the period column); a workbook of one sheet, that one.
    ///
    /// ```
    /// use impact_metrics::workbook::Sheet;
    /// assert_eq!(Sheet::any().name(), None);
    /// ```
    #[must_use]
    pub fn any() -> Sheet {
        Sheet::default()
    }

    /// The sheet of this name (its case does not matter when only one
    /// sheet has the name in any case).
    ///
    /// ```
    /// use impact_metrics::workbook::Sheet;
    /// assert_eq!(Sheet::named("Figures").name(), Some("Figures"));
    /// ```
    #[must_use]
    pub fn named(name: &str) -> Sheet {
        Sheet {
            name: Some(name.to_string()),
        }
    }

    /// The name asked for, if one is.
    ///
    /// ```
    /// use impact_metrics::workbook::Sheet;
    /// assert_eq!(Sheet::named("Q1").name(), Some("Q1"));
    /// ```
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

/// How many rows from the top (after the rows to skip) a header row is
/// looked for in.
const HEADER_SEARCH: usize = 10;

/// The largest whole number a workbook's number cell holds exactly: 2^53.
const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

/// Reads a workbook's figures into a dataset, with the findings.
pub(crate) fn read<R: Read>(input: R, options: &ReadOptions, sheet: &Sheet) -> (Dataset, Findings) {
    let mut data = FigureParser::new(options).empty_dataset();
    let mut findings = Findings::new();
    read_each(input, options, sheet, |parsed| {
        super::keep(&mut data, &mut findings, parsed);
    });
    (data, findings)
}

/// Reads the workbook at `path`, named in findings by the options' source
/// or else by its path.
pub(crate) fn read_path(path: &Path, options: &ReadOptions, sheet: &Sheet) -> (Dataset, Findings) {
    let named;
    let options = match options.source() {
        Some(_) => options,
        None => {
            named = options.clone().with_source(&path.display().to_string());
            &named
        }
    };
    match std::fs::File::open(path) {
        Ok(file) => read(file, options, sheet),
        Err(e) => {
            let mut findings = Findings::new();
            findings.push(io_error(options, &e));
            (FigureParser::new(options).empty_dataset(), findings)
        }
    }
}

fn io_error(options: &ReadOptions, error: &std::io::Error) -> Finding {
    Finding::new(
        Severity::Error,
        RuleId::READ_IO,
        format!("the file could not be read: {error}"),
    )
    .with_location(file_location(options))
}

fn file_location(options: &ReadOptions) -> Location {
    match options.source() {
        Some(source) => Location::in_file(source),
        None => Location::none(),
    }
}

/// Reads a workbook, handing on each figure and finding as it comes.
pub(crate) fn read_each<R: Read>(
    mut input: R,
    options: &ReadOptions,
    sheet: &Sheet,
    mut each: impl FnMut(Parsed),
) {
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        each(Parsed::Finding(io_error(options, &e)));
        return;
    }
    let at = file_location(options);
    let error = |rule: RuleId, message: String, at: &Location| {
        Parsed::Finding(Finding::new(Severity::Error, rule, message).with_location(at.clone()))
    };
    let mut book = match calamine::open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())) {
        Ok(book) => book,
        Err(e) => {
            let message = format!(
                "the file is not a workbook that can be read (.xlsx, .xlsm, .xlsb, .xls or .ods), so nothing is read: {}; a CSV or JSON file is read as CSV or JSON",
                lowercase_first(&e.to_string())
            );
            each(error(RuleId::WORKBOOK_OPEN, message, &at));
            return;
        }
    };
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let listed = || {
        names
            .iter()
            .map(|n| quote(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (name, range) = match sheet.name() {
        Some(wanted) => {
            let exact = names.iter().find(|n| n.as_str() == wanted);
            let folded: Vec<&String> = names
                .iter()
                .filter(|n| n.trim().to_lowercase() == wanted.trim().to_lowercase())
                .collect();
            let found = match (exact, folded.as_slice()) {
                (Some(name), _) => name.clone(),
                (None, [name]) => (*name).clone(),
                _ => {
                    let message = format!(
                        "the workbook has no sheet named {}, so nothing is read; its sheets are {}",
                        quote(wanted),
                        listed()
                    );
                    each(error(RuleId::WORKBOOK_SHEET, message, &at));
                    return;
                }
            };
            match book.worksheet_range(&found) {
                Ok(range) => (found, range),
                Err(e) => {
                    let message = format!(
                        "the sheet {} could not be read, so nothing is read: {}",
                        quote(&found),
                        lowercase_first(&e.to_string())
                    );
                    each(error(RuleId::WORKBOOK_OPEN, message, &at));
                    return;
                }
            }
        }
        None => {
            let mut candidates = Vec::new();
            let mut unreadable = Vec::new();
            for name in &names {
                match book.worksheet_range(name) {
                    Ok(range) => {
                        if names.len() == 1 || header_row(&range, options.skip_rows()).is_some() {
                            candidates.push((name.clone(), range));
                        }
                    }
                    Err(e) => unreadable.push(format!(
                        "{} ({})",
                        quote(name),
                        lowercase_first(&e.to_string())
                    )),
                }
            }
            let cannot = if unreadable.is_empty() {
                String::new()
            } else {
                format!("; these could not be read: {}", unreadable.join(", "))
            };
            match candidates.len() {
                1 => match candidates.pop() {
                    Some(chosen) => {
                        if !unreadable.is_empty() {
                            let message = format!(
                                "the sheet {} is read, the only one with a header row, but other sheets could not be read, so any figures they hold are not: {}",
                                quote(&chosen.0),
                                unreadable.join(", ")
                            );
                            each(error(RuleId::WORKBOOK_OPEN, message, &at));
                        }
                        chosen
                    }
                    None => return,
                },
                0 if names.is_empty() => {
                    let message =
                        format!("the workbook has no worksheet, so there is no figure{cannot}");
                    each(error(RuleId::WORKBOOK_SHEET, message, &at));
                    return;
                }
                0 => {
                    let message = format!(
                        "no sheet has a header row (a row naming the indicator and period columns) in its first {HEADER_SEARCH} rows, so nothing is read; the sheets are {}{cannot}",
                        listed()
                    );
                    each(error(RuleId::WORKBOOK_SHEET, message, &at));
                    return;
                }
                _ => {
                    let both: Vec<String> = candidates.iter().map(|(n, _)| quote(n)).collect();
                    let message = format!(
                        "the sheets {} each have a header row, so nothing is read: choose the sheet to read by its name",
                        both.join(" and ")
                    );
                    each(error(RuleId::WORKBOOK_SHEET, message, &at));
                    return;
                }
            }
        }
    };
    SheetReader::new(options, name).read(&range, &mut each);
}

/// The first error message of a library, as this crate's messages start.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The index, in the range's rows, of the header row: the first row,
/// past the rows to skip and among the next [`HEADER_SEARCH`], with a
/// text cell that names the indicator or the period column.
fn header_row(range: &Range<Data>, skip: usize) -> Option<usize> {
    let top = range.start().map_or(0, |(row, _)| row as usize);
    range
        .rows()
        .enumerate()
        .filter(|(i, _)| top.saturating_add(*i) >= skip)
        .take_while(|(i, _)| top.saturating_add(*i) < skip.saturating_add(HEADER_SEARCH))
        .find(|(_, row)| {
            row.iter().any(|cell| {
                matches!(cell, Data::String(name) if matches!(
                    Column::from_header(name),
                    Some(Column::Indicator | Column::Period)
                ))
            })
        })
        .map(|(i, _)| i)
}

/// A column's letters, as a spreadsheet names it: 0 is `A`, 26 is `AA`.
fn column_letters(mut index: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A'.saturating_add((index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A cell whose content cannot stand for the text of its column.
enum Problem {
    /// A spreadsheet error, as a formula left it.
    Error(String),
    /// A yes/no value where a number is due.
    Bool(bool),
    /// A number with a fraction where a count is due, as the cell holds it.
    Fraction(String),
    /// A whole number too large for a number cell to hold exactly.
    TooLarge(String),
    /// A date or duration where a number is due.
    Date(String),
}

/// The columns whose cells are counts (or a rate written as text).
fn is_number_column(column: Column) -> bool {
    matches!(
        column,
        Column::Value | Column::Numerator | Column::Denominator
    )
}

/// A number cell's text: a whole number as its digits, any other as the
/// shortest text that reads back to the same number (how the cell was
/// written, not the artefacts of its binary form).
fn float_text(value: f64, out: &mut String) {
    if value.fract() == 0.0 && value.abs() < EXACT_LIMIT {
        // Whole and below 2^53: the cast is exact.
        let _ = write!(out, "{}", value as i64);
    } else {
        let _ = write!(out, "{value}");
    }
}

/// What was read of the dates in the period column.
#[derive(Debug, Default)]
struct Dates {
    count: u64,
    first: Option<(Location, String, String)>,
}

/// Reads one sheet.
#[derive(Debug)]
struct SheetReader {
    parser: FigureParser,
    calendar: FiscalCalendar,
    source: Option<String>,
    sheet: String,
    skip_rows: usize,
    dates: Dates,
}

impl SheetReader {
    fn new(options: &ReadOptions, sheet: String) -> SheetReader {
        SheetReader {
            parser: FigureParser::new(options),
            calendar: options.calendar(),
            source: options.source().map(str::to_string),
            sheet,
            skip_rows: options.skip_rows(),
            dates: Dates::default(),
        }
    }

    /// The place of a cell, by its 0-based row and column in the sheet.
    fn at(&self, row: usize, column: u32) -> Location {
        let line = u64::try_from(row).unwrap_or(u64::MAX).saturating_add(1);
        let mut at = Location {
            source: self.source.clone(),
            line: Some(line),
            ..Location::default()
        }
        .with_sheet(&self.sheet);
        at.cell = Some(format!("{}{line}", column_letters(column)));
        at
    }

    fn sheet_location(&self) -> Location {
        Location {
            source: self.source.clone(),
            ..Location::default()
        }
        .with_sheet(&self.sheet)
    }

    fn read(mut self, range: &Range<Data>, each: &mut impl FnMut(Parsed)) {
        let (top, left) = range
            .start()
            .map_or((0, 0), |(row, column)| (row as usize, column));
        let rows: Vec<&[Data]> = range.rows().collect();
        let Some(header) = header_row(range, self.skip_rows) else {
            let message = if rows.iter().all(|row| is_empty_row(row)) {
                "the sheet is empty: its first row must name the columns (indicator, period, value, ...)".to_string()
            } else {
                format!(
                    "the sheet has no header row (a row naming the indicator and period columns) in its first {HEADER_SEARCH} rows, so no figure is read"
                )
            };
            each(Parsed::Finding(
                Finding::new(Severity::Error, RuleId::PARSE_HEADER, message)
                    .with_location(self.sheet_location()),
            ));
            return;
        };
        let sheet_row = |i: usize| top.saturating_add(i);
        let cell_column = |j: usize| left.saturating_add(u32::try_from(j).unwrap_or(u32::MAX));

        // The rows the options skip, then title rows above the header.
        if self.skip_rows > 0 && top < self.skip_rows {
            let skip = self.skip_rows;
            each(Parsed::Finding(
                Finding::new(
                    Severity::Note,
                    RuleId::PARSE_ROWS_SKIPPED,
                    format!(
                        "the {skip} row{} above the header {} skipped, as the rows to skip say",
                        if skip == 1 { "" } else { "s" },
                        if skip == 1 { "was" } else { "were" }
                    ),
                )
                .with_location(self.at(0, 0))
                .with_value("rows", skip),
            ));
        }
        let titles: Vec<usize> = (0..header)
            .filter(|&i| sheet_row(i) >= self.skip_rows)
            .filter(|&i| rows.get(i).is_some_and(|row| !is_empty_row(row)))
            .collect();
        if let (Some(&first), Some(&last)) = (titles.first(), titles.last()) {
            let text = rows
                .get(first)
                .and_then(|row| {
                    row.iter()
                        .find_map(|cell| Some(cell_string(cell)).filter(|t| !t.is_empty()))
                })
                .unwrap_or_default();
            let (from, to) = (sheet_row(first) + 1, sheet_row(last) + 1);
            let message = title_rows_message(
                "row",
                titles.len(),
                u64::try_from(from).unwrap_or(u64::MAX),
                u64::try_from(to).unwrap_or(u64::MAX),
                &quote(&text),
            );
            let column = rows
                .get(first)
                .and_then(|row| row.iter().position(|cell| !cell_string(cell).is_empty()))
                .unwrap_or(0);
            each(Parsed::Finding(
                Finding::new(Severity::Note, RuleId::PARSE_TITLE_ROWS, message)
                    .with_location(self.at(sheet_row(first), cell_column(column)))
                    .with_value("rows", titles.len())
                    .with_value("text", excerpt(&text)),
            ));
        }

        // The header.
        let header_cells = rows.get(header).copied().unwrap_or(&[]);
        let header_row_number = sheet_row(header);
        let names: Vec<String> = header_cells
            .iter()
            .map(|cell| cell_string(cell).trim().to_string())
            .collect();
        let mut columns: Vec<Option<Column>> = Vec::with_capacity(names.len());
        let mut first_of: Vec<(Column, usize)> = Vec::new();
        let mut duplicates: Vec<(usize, usize)> = Vec::new();
        let mut known: Vec<(Column, String)> = Vec::new();
        for (j, name) in names.iter().enumerate() {
            let column = Column::from_header(name);
            columns.push(column);
            match column {
                Some(column) => match first_of.iter().find(|(c, _)| *c == column) {
                    Some(&(_, earlier)) => {
                        duplicates.push((earlier, j));
                        let earlier_name = names.get(earlier).map_or("", String::as_str);
                        each(Parsed::Finding(
                            Finding::new(
                                Severity::Warning,
                                RuleId::PARSE_DUPLICATE_COLUMN,
                                format!(
                                    "columns {} ({}) and {} ({}) both name the {} column; a row is read only where the two agree",
                                    column_letters(cell_column(earlier)),
                                    quote(earlier_name),
                                    column_letters(cell_column(j)),
                                    quote(name),
                                    column.name()
                                ),
                            )
                            .with_location(self.at(header_row_number, cell_column(j)).with_column(name)),
                        ));
                    }
                    None => {
                        first_of.push((column, j));
                        known.push((column, name.clone()));
                    }
                },
                None if !name.is_empty() => each(Parsed::Finding(
                    Finding::new(
                        Severity::Note,
                        RuleId::PARSE_COLUMN_IGNORED,
                        format!(
                            "the column {} is not part of the figures format, so it is ignored",
                            quote(name)
                        ),
                    )
                    .with_location(self.at(header_row_number, cell_column(j)).with_column(name)),
                )),
                None => {}
            }
        }
        self.parser.set_columns(&known);
        let (missing, lone_part) =
            FigureParser::header_lacks(|column| first_of.iter().any(|(c, _)| *c == column));
        let row_at = self.at(header_row_number, left);
        if !missing.is_empty() {
            let found: Vec<String> = names
                .iter()
                .filter(|n| !n.is_empty())
                .map(|n| quote(n))
                .collect();
            each(Parsed::Finding(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_HEADER,
                    format!(
                        "the header has no {} column, so no figure can be read; the columns are {}",
                        missing.join(", no "),
                        found.join(", ")
                    ),
                )
                .with_location(row_at.clone()),
            ));
        }
        if let Some(message) = lone_part {
            each(Parsed::Finding(
                Finding::new(Severity::Error, RuleId::PARSE_HEADER, message).with_location(row_at),
            ));
        }

        // The rows.
        let column_of =
            |column: Column| first_of.iter().find(|(c, _)| *c == column).map(|&(_, j)| j);
        let totals = totals_rows(&rows, header, &columns, &column_of);
        let mut texts: Vec<String> = vec![String::new(); columns.len()];
        let mut unnamed_noted = vec![false; columns.len()];
        let mut findings = Vec::new();
        for (i, row) in rows.iter().enumerate().skip(header.saturating_add(1)) {
            if is_empty_row(row) {
                continue;
            }
            let row_number = sheet_row(i);
            if let Some(total) = totals.iter().find(|t| t.row == i) {
                let cell = total.column.map_or(0, &cell_column);
                let mut finding = Finding::new(
                    Severity::Warning,
                    RuleId::PARSE_TOTALS_ROW,
                    total.message.clone(),
                )
                .with_location(self.at(row_number, cell));
                if let Some(value) = &total.value {
                    finding = finding.with_value("value", value);
                }
                each(Parsed::Finding(finding));
                continue;
            }
            let at = self.at(row_number, left);
            let mut bad: Vec<(usize, Column)> = Vec::new();
            for (j, column) in columns.iter().enumerate() {
                let Some(text) = texts.get_mut(j) else {
                    continue;
                };
                text.clear();
                let cell = row.get(j).unwrap_or(&Data::Empty);
                let Some(column) = *column else {
                    let nameless = names.get(j).is_some_and(String::is_empty);
                    if nameless && !is_empty_cell(cell) && unnamed_noted.get(j) == Some(&false) {
                        if let Some(noted) = unnamed_noted.get_mut(j) {
                            *noted = true;
                        }
                        each(Parsed::Finding(
                            Finding::new(
                                Severity::Note,
                                RuleId::PARSE_COLUMN_IGNORED,
                                format!(
                                    "column {} has no name in the header, so its cells are ignored, such as this one",
                                    column_letters(cell_column(j))
                                ),
                            )
                            .with_location(self.at(row_number, cell_column(j)))
                            .with_value("text", excerpt(&cell_string(cell))),
                        ));
                    }
                    continue;
                };
                let place = (row_number, cell_column(j));
                if let Err(problem) = self.cell_text(cell, column, text, place) {
                    let cell_at = self.at(place.0, place.1);
                    let name = names.get(j).map_or("", String::as_str);
                    each(Parsed::Finding(
                        self.problem(problem, column, name, &cell_at),
                    ));
                    text.clear();
                    bad.push((j, column));
                }
            }
            // Two columns of one name must agree.
            let mut conflict = false;
            for &(first, second) in &duplicates {
                let text = |j: usize| texts.get(j).map_or("", |t| t.trim());
                if text(first) != text(second) {
                    conflict = true;
                    let name = |j: usize| names.get(j).map_or("", String::as_str);
                    each(Parsed::Finding(
                        Finding::new(
                            Severity::Error,
                            RuleId::PARSE_COLUMN_CONFLICT,
                            format!(
                                "columns {} ({}) and {} ({}) name the same column but disagree: {} and {}, so the row is not read",
                                column_letters(cell_column(first)),
                                quote(name(first)),
                                column_letters(cell_column(second)),
                                quote(name(second)),
                                quote(text(first)),
                                quote(text(second))
                            ),
                        )
                        .with_location(self.at(row_number, cell_column(second)).with_column(name(second)))
                        .with_value("first", excerpt(text(first)))
                        .with_value("second", excerpt(text(second))),
                    ));
                }
            }
            if conflict {
                continue;
            }
            let mut cells = Cells::default();
            for &(column, j) in &first_of {
                if let Some(text) = texts.get(j) {
                    cells.set(column, text);
                }
            }
            findings.clear();
            let figure = self.parser.parse(&cells, &at, &mut findings);
            let bad_names: Vec<&str> = bad
                .iter()
                .filter_map(|&(j, _)| names.get(j).map(String::as_str))
                .collect();
            for mut finding in findings.drain(..) {
                if let Some(name) = finding.location.column.as_deref() {
                    if bad_names.contains(&name) {
                        // Reported already, as what the cell holds.
                        continue;
                    }
                    if let Some(j) = names.iter().position(|n| n == name) {
                        finding.location.cell = self.at(row_number, cell_column(j)).cell;
                    }
                }
                each(Parsed::Finding(finding));
            }
            if let Some(figure) = figure.filter(|_| bad.is_empty()) {
                each(Parsed::Figure(figure, at));
            }
        }
        if let Some((first, date, month)) = self.dates.first.take() {
            let count = self.dates.count;
            let message = if count == 1 {
                format!("the period is a date ({date}), read as the month it falls in: {month}")
            } else {
                format!(
                    "{count} periods are dates, each read as the month it falls in ({date} as {month}), the first here"
                )
            };
            each(Parsed::Finding(
                Finding::new(Severity::Note, RuleId::WORKBOOK_DATE, message)
                    .with_location(first)
                    .with_value("dates", count),
            ));
        }
        if let Some(finding) = self.parser.finish() {
            each(Parsed::Finding(finding));
        }
    }

    /// The text a cell stands for in its column, in `out`.
    fn cell_text(
        &mut self,
        cell: &Data,
        column: Column,
        out: &mut String,
        place: (usize, u32),
    ) -> Result<(), Problem> {
        let number = is_number_column(column);
        match cell {
            Data::Empty => {}
            // An .ods keeps a formula's error as its text.
            Data::String(text) if is_error_text(text) => {
                return Err(Problem::Error(text.trim().to_string()));
            }
            Data::String(text) => out.push_str(text),
            Data::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Data::Float(value) => {
                float_text(*value, out);
                if number && value.fract() != 0.0 {
                    return Err(Problem::Fraction(std::mem::take(out)));
                }
                if number && value.abs() >= EXACT_LIMIT {
                    return Err(Problem::TooLarge(std::mem::take(out)));
                }
            }
            Data::Bool(b) if number => return Err(Problem::Bool(*b)),
            Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
            Data::Error(e) => return Err(Problem::Error(e.to_string())),
            Data::DateTime(date) => {
                let (y, m, d, ..) = date.to_ymd_hms_milli();
                let iso = format!("{y:04}-{m:02}-{d:02}");
                if number {
                    return Err(Problem::Date(iso));
                }
                let day = chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d));
                match day.filter(|_| column == Column::Period && date.is_datetime()) {
                    Some(day) => self.month(day, &iso, out, place),
                    None => out.push_str(&iso),
                }
            }
            Data::DateTimeIso(text) | Data::DurationIso(text) if number => {
                return Err(Problem::Date(text.clone()));
            }
            Data::DateTimeIso(text) => {
                let day = text
                    .get(..10)
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                match day.filter(|_| column == Column::Period) {
                    Some(day) => self.month(day, text.get(..10).unwrap_or(text), out, place),
                    None => out.push_str(text),
                }
            }
            Data::DurationIso(text) => out.push_str(text),
        }
        Ok(())
    }

    /// A date in the period column: the month it falls in, as a label of
    /// the calendar, counted for the note.
    fn month(
        &mut self,
        day: chrono::NaiveDate,
        iso: &str,
        out: &mut String,
        (row, column): (usize, u32),
    ) {
        match self.calendar.period_containing(day, PeriodKind::Month) {
            Ok(month) => {
                let label = self.calendar.label(month).to_string();
                self.dates.count = self.dates.count.saturating_add(1);
                if self.dates.first.is_none() {
                    self.dates.first = Some((
                        self.at(row, column),
                        day.format("%-d %b %Y").to_string(),
                        label.clone(),
                    ));
                }
                out.push_str(&label);
            }
            // Outside the calendar's years: the parser refuses the text.
            Err(_) => out.push_str(iso),
        }
    }

    /// The finding about a cell that cannot stand for its column's text.
    fn problem(&self, problem: Problem, column: Column, name: &str, at: &Location) -> Finding {
        let what = column.name();
        let (rule, message, text) = match problem {
            Problem::Error(error) => (
                Some(RuleId::WORKBOOK_CELL_ERROR),
                format!(
                    "the cell holds the error {error}, not a {what}, so the row is not read: correct the formula that gives it, or type the {what}"
                ),
                error,
            ),
            Problem::Bool(b) => {
                let shown = if b { "TRUE" } else { "FALSE" };
                (
                    None,
                    format!("the cell holds {shown}, a yes/no value, where a number is due"),
                    shown.to_string(),
                )
            }
            Problem::Fraction(number) => {
                let rate = if column == Column::Value {
                    "; a rate is written as text (82% or 11/24), or as its numerator and denominator"
                } else {
                    ""
                };
                (
                    None,
                    format!(
                        "the cell holds the number {number}, which is not a whole number, where a count is due: a count is never rounded{rate}"
                    ),
                    number,
                )
            }
            Problem::TooLarge(number) => (
                None,
                format!(
                    "the cell holds the number {number}, too large for a number cell to hold exactly: type it as text"
                ),
                number,
            ),
            Problem::Date(date) => (
                None,
                format!("the cell holds a date or time ({date}), where a number is due"),
                date,
            ),
        };
        let finding = match rule {
            Some(rule) => Finding::new(Severity::Error, rule, message)
                .with_location(at.clone().with_column(name)),
            None => {
                let mut finding = self.parser.finding(Severity::Error, column, at, message);
                finding.location.column = Some(name.to_string());
                finding
            }
        };
        finding.with_value("cell", excerpt(&text))
    }
}

/// Whether a text is a spreadsheet's error value, as an OpenDocument
/// sheet (or a cell typed by hand) keeps it: `#REF!`, `#N/A`, ...
fn is_error_text(text: &str) -> bool {
    matches!(
        text.trim(),
        "#REF!"
            | "#N/A"
            | "#DIV/0!"
            | "#VALUE!"
            | "#NAME?"
            | "#NUM!"
            | "#NULL!"
            | "#DATA!"
            | "#GETTING_DATA"
            | "Err:502"
            | "Err:504"
            | "Err:508"
            | "Err:522"
    )
}

/// The text of a cell, for a header, a title or a message.
fn cell_string(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Float(value) => {
            let mut out = String::new();
            float_text(*value, &mut out);
            out
        }
        other => other.to_string(),
    }
}

fn is_empty_cell(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

fn is_empty_row(row: &[Data]) -> bool {
    row.iter().all(is_empty_cell)
}

/// A row found to be a totals row.
#[derive(Debug)]
struct TotalsRow {
    /// The row's index in the range.
    row: usize,
    /// The column of the cell that makes it one.
    column: Option<usize>,
    message: String,
    value: Option<String>,
}

/// A whole, non-negative number in a cell, as a totals row's sum counts it.
fn whole(cell: &Data) -> Option<u64> {
    match cell {
        Data::Int(n) => u64::try_from(*n).ok(),
        Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f < EXACT_LIMIT => Some(*f as u64),
        Data::String(text) => {
            let text = text.trim();
            (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse().ok())
                .flatten()
        }
        _ => None,
    }
}

/// The totals rows below the header: rows with a cell that says
/// "Total" (or "Grand total", ...), and a last row with no indicator and
/// no period whose value is the sum of the values above.
fn totals_rows(
    rows: &[&[Data]],
    header: usize,
    columns: &[Option<Column>],
    column_of: &impl Fn(Column) -> Option<usize>,
) -> Vec<TotalsRow> {
    let mut totals = Vec::new();
    let value_column = column_of(Column::Value);
    let value_text = |row: &[Data]| {
        value_column
            .and_then(|j| row.get(j))
            .map(cell_string)
            .filter(|t| !t.is_empty())
    };
    for (i, row) in rows.iter().enumerate().skip(header.saturating_add(1)) {
        // A label stands where a row's name does: not in a partner's name
        // or a note, which are free text.
        let labelled = |j: usize| labels_a_row(columns.get(j).copied().flatten());
        let label = row.iter().enumerate().find_map(|(j, cell)| match cell {
            Data::String(text) if labelled(j) => {
                is_totals_label(text).then(|| (j, text.trim().to_string()))
            }
            _ => None,
        });
        if let Some((j, label)) = label {
            totals.push(TotalsRow {
                row: i,
                column: Some(j),
                message: totals_row_message(&quote(&label)),
                value: value_text(row),
            });
        }
    }
    // The last row, by the sum of the values above it.
    let last = rows
        .iter()
        .enumerate()
        .skip(header.saturating_add(1))
        .rev()
        .find(|(_, row)| !is_empty_row(row));
    let (Some((last, row)), Some(value_column)) = (last, value_column) else {
        return totals;
    };
    if totals.iter().any(|t| t.row == last) {
        return totals;
    }
    let blank = |column: Column| {
        column_of(column)
            .and_then(|j| row.get(j))
            .is_none_or(is_empty_cell)
    };
    let Some(total) = row.get(value_column).and_then(whole) else {
        return totals;
    };
    if !(blank(Column::Indicator) && blank(Column::Period)) {
        return totals;
    }
    let mut sum: u64 = 0;
    let mut summed = 0_usize;
    for (i, above) in rows
        .iter()
        .enumerate()
        .take(last)
        .skip(header.saturating_add(1))
    {
        if totals.iter().any(|t| t.row == i) {
            continue;
        }
        if let Some(n) = above.get(value_column).and_then(whole) {
            let Some(next) = sum.checked_add(n) else {
                return totals;
            };
            sum = next;
            summed += 1;
        }
    }
    if summed >= 2 && sum == total {
        totals.push(TotalsRow {
            row: last,
            column: Some(value_column),
            message: format!(
                "the last row has no indicator and no period, and its value {total} is the sum of the {summed} values above: it is a totals row, not a figure, so it is not read"
            ),
            value: Some(total.to_string()),
        });
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::value::Value;
    use crate::indicator::Catalogue;
    use proptest::prelude::*;

    /// What a one-figure sheet gives when its value cell holds `value`.
    fn read_value(value: Data) -> Vec<Parsed> {
        let mut range = Range::new((0, 0), (1, 2));
        for (col, name) in ["indicator", "period", "value"].iter().enumerate() {
            range.set_value((0, col as u32), Data::String((*name).to_string()));
        }
        range.set_value((1, 0), Data::String("victims_removed".to_string()));
        range.set_value((1, 1), Data::String("20/21 H1".to_string()));
        range.set_value((1, 2), value);
        let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        let mut out = Vec::new();
        SheetReader::new(&options, "Figures".to_string()).read(&range, &mut |p| out.push(p));
        out
    }

    proptest! {
        /// A number cell where a count is due is the count when it is a
        /// whole number from 0 to 2^53, and otherwise one error at its
        /// cell, never a rounded figure.
        #[test]
        fn a_number_cell_is_its_count_or_one_error(value in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
            let parsed = read_value(Data::Float(value));
            if value.fract() == 0.0 && (0.0..EXACT_LIMIT).contains(&value) {
                prop_assert_eq!(parsed.len(), 1);
                match &parsed[0] {
                    Parsed::Figure(figure, _) => prop_assert_eq!(figure.value, Value::Count(value as u64)),
                    Parsed::Finding(f) => prop_assert!(false, "{}", f),
                }
            } else {
                prop_assert_eq!(parsed.len(), 1);
                match &parsed[0] {
                    Parsed::Finding(f) => {
                        prop_assert_eq!(f.rule.as_str(), "parse.value");
                        prop_assert_eq!(f.location.cell.as_deref(), Some("C2"));
                    }
                    Parsed::Figure(figure, _) => prop_assert!(false, "{}", figure),
                }
            }
        }
    }

    #[test]
    fn columns_are_lettered_as_a_spreadsheet_letters_them() {
        for (index, letters) in [
            (0, "A"),
            (4, "E"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16_383, "XFD"),
        ] {
            assert_eq!(column_letters(index), letters, "{index}");
        }
    }

    #[test]
    fn number_cells_read_as_they_were_written() {
        let text = |value: f64| {
            let mut out = String::new();
            float_text(value, &mut out);
            out
        };
        assert_eq!(text(37.0), "37");
        assert_eq!(text(0.0), "0");
        assert_eq!(text(-3.0), "-3");
        assert_eq!(text(36.5), "36.5");
        assert_eq!(text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(text(0.3), "0.3");
        assert_eq!(text(9_007_199_254_740_991.0), "9007199254740991");
    }
}
