//! Writing results: aligned text for people, CSV or JSON for scripts.
//!
//! A [`Sheet`] is a header row and rows of [`Cell`]s. A typed cell keeps
//! its type in every format: a number is a JSON number and is never
//! quoted or neutralised in CSV, an empty cell is `null` in JSON and
//! empty in CSV, text is a JSON string. The text layout is a table,
//! whatever the number of rows; a sheet made with [`Sheet::record`] is one
//! record, one field a line.

use std::borrow::Cow;
use std::io::Write;

use rust_decimal::Decimal;

use crate::Failure;
use crate::args::Format;

/// One cell of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text, written as it is (a JSON string; in CSV, neutralised when a
    /// spreadsheet would run it as a formula).
    Text(String),
    /// A whole number (a JSON number).
    Int(u64),
    /// An exact decimal (a JSON number, written with all its digits).
    Decimal(Decimal),
    /// Yes or no (JSON `true` or `false`).
    Bool(bool),
    /// Nothing: empty in text and CSV, `null` in JSON.
    Null,
    /// Text given without a type, as [`Sheet::push`] takes it: in JSON, a
    /// whole number is written as a number, anything else as a string.
    Untyped(String),
}

impl Cell {
    /// A text cell, or [`Cell::Null`] when there is no text.
    pub fn text_or_null(text: Option<String>) -> Cell {
        match text {
            Some(text) if !text.is_empty() => Cell::Text(text),
            _ => Cell::Null,
        }
    }

    /// The cell as text and CSV show it.
    fn shown(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(text) | Cell::Untyped(text) => Cow::Borrowed(text),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Decimal(d) => Cow::Owned(d.normalize().to_string()),
            Cell::Bool(true) => Cow::Borrowed("true"),
            Cell::Bool(false) => Cow::Borrowed("false"),
            Cell::Null => Cow::Borrowed(""),
        }
    }

    /// Whether a column of such cells lines up on the right in text: a
    /// number, or text that reads as one (`+32%`, `11/24`); an empty cell
    /// does not decide.
    fn is_numeric(&self) -> Option<bool> {
        match self {
            Cell::Int(_) | Cell::Decimal(_) => Some(true),
            Cell::Null => None,
            Cell::Text(text) | Cell::Untyped(text) if text.is_empty() => None,
            Cell::Text(text) | Cell::Untyped(text) => Some(looks_numeric(text)),
            Cell::Bool(_) => Some(false),
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Int(n)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Int(u64::from(n))
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Int(u64::try_from(n).unwrap_or(u64::MAX))
    }
}

impl From<Decimal> for Cell {
    fn from(d: Decimal) -> Cell {
        Cell::Decimal(d)
    }
}

impl From<bool> for Cell {
    fn from(b: bool) -> Cell {
        Cell::Bool(b)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Cell {
        value.map_or(Cell::Null, Into::into)
    }
}

/// How the text format lays a sheet out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Layout {
    /// A table: a header line, then a line a row.
    #[default]
    Table,
    /// One record: a line a field, `name:  value`.
    Record,
}

/// A table of results: a header row and rows of cells.
#[derive(Debug, Default)]
pub struct Sheet {
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
    layout: Layout,
}

impl Sheet {
    /// A table with these column names.
    pub fn new(headers: &[&str]) -> Sheet {
        Sheet {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            layout: Layout::Table,
        }
    }

    /// One record with these fields, shown in text one field a line (as
    /// `impact period` shows a period); CSV and JSON as for a table.
    pub fn record(fields: &[&str]) -> Sheet {
        Sheet {
            layout: Layout::Record,
            ..Sheet::new(fields)
        }
    }

    /// Adds a row of text cells; missing cells are empty. In JSON, a cell
    /// that is a whole number is written as a number.
    pub fn push(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.into_iter().map(Cell::Untyped).collect());
    }

    /// Adds a row of typed cells; missing cells are empty.
    pub fn push_cells(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// Writes the table on standard output in the format asked for.
    pub fn print(&self, format: Format) -> Result<(), Failure> {
        self.print_to(&mut std::io::stdout().lock(), format)
    }

    /// Writes the sheet in `format` to `out` (standard error, when standard
    /// output carries something else).
    pub fn print_to(&self, out: &mut impl Write, format: Format) -> Result<(), Failure> {
        match format {
            Format::Text => self.write_text(out)?,
            Format::Csv => self.write_csv(out)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &self.records())
                    .map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
        }
        out.flush()?;
        Ok(())
    }

    /// The rows as JSON objects, keys in column order.
    pub fn records(&self) -> Vec<Record<'_>> {
        self.rows
            .iter()
            .map(|row| Record {
                headers: &self.headers,
                cells: row,
            })
            .collect()
    }

    fn cell(row: &[Cell], i: usize) -> &Cell {
        row.get(i).unwrap_or(&Cell::Null)
    }

    fn write_text(&self, out: &mut impl Write) -> std::io::Result<()> {
        if self.layout == Layout::Record {
            let width = self
                .headers
                .iter()
                .map(|h| h.chars().count())
                .max()
                .unwrap_or(0);
            for row in &self.rows {
                for (i, header) in self.headers.iter().enumerate() {
                    let mut text = format!("{header}:");
                    pad(&mut text, "", width + 3 - header.chars().count() - 1, false);
                    text.push_str(&Self::cell(row, i).shown());
                    writeln!(out, "{}", text.trim_end())?;
                }
            }
            return Ok(());
        }
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        let mut numeric = vec![true; columns];
        for row in &self.rows {
            for i in 0..columns {
                let cell = Self::cell(row, i);
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.shown().chars().count());
                }
                if cell.is_numeric() == Some(false) {
                    if let Some(n) = numeric.get_mut(i) {
                        *n = false;
                    }
                }
            }
        }
        let line = |cells: &mut dyn Iterator<Item = Cow<'_, str>>,
                    out: &mut dyn Write|
         -> std::io::Result<()> {
            let mut text = String::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.next().unwrap_or_default();
                if i > 0 {
                    text.push_str("  ");
                }
                pad(
                    &mut text,
                    &cell,
                    *width,
                    numeric.get(i).copied().unwrap_or(false),
                );
            }
            writeln!(out, "{}", text.trim_end())
        };
        line(
            &mut self.headers.iter().map(|h| Cow::Borrowed(h.as_str())),
            out,
        )?;
        for row in &self.rows {
            line(&mut (0..columns).map(|i| Self::cell(row, i).shown()), out)?;
        }
        Ok(())
    }

    fn write_csv(&self, out: &mut impl Write) -> Result<(), Failure> {
        // Writing can only fail in the output stream: keep its io::Error, so
        // that a closed pipe is recognised.
        let io = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(e) => Failure::from(e),
            _ => Failure::Usage("cannot write the CSV output".to_string()),
        };
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&self.headers).map_err(io)?;
        for row in &self.rows {
            let cells: Vec<Cow<'_, str>> = (0..self.headers.len())
                .map(|i| match Self::cell(row, i) {
                    Cell::Text(text) | Cell::Untyped(text) => neutralised(text),
                    other => other.shown(),
                })
                .collect();
            writer
                .write_record(cells.iter().map(|c| c.as_bytes()))
                .map_err(io)?;
        }
        writer.flush()?;
        Ok(())
    }
}

/// One row as a JSON object, its keys in column order.
pub struct Record<'a> {
    headers: &'a [String],
    cells: &'a [Cell],
}

impl serde::Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeMap};
        let mut map = serializer.serialize_map(Some(self.headers.len()))?;
        for (i, header) in self.headers.iter().enumerate() {
            match Sheet::cell(self.cells, i) {
                Cell::Text(text) => map.serialize_entry(header, text)?,
                Cell::Int(n) => map.serialize_entry(header, n)?,
                Cell::Decimal(d) => {
                    // Every digit, as a JSON number: no float on the way.
                    let number =
                        serde_json::value::RawValue::from_string(d.normalize().to_string())
                            .map_err(S::Error::custom)?;
                    map.serialize_entry(header, &number)?;
                }
                Cell::Bool(b) => map.serialize_entry(header, b)?,
                Cell::Null => map.serialize_entry(header, &())?,
                Cell::Untyped(text) => match text.parse::<u64>() {
                    Ok(n) if !text.starts_with('+') => map.serialize_entry(header, &n)?,
                    _ => map.serialize_entry(header, text)?,
                },
            }
        }
        map.end()
    }
}

/// Whether a cell reads as a number (right-aligned in text output).
fn looks_numeric(cell: &str) -> bool {
    !cell.is_empty()
        && cell
            .trim_start_matches(['+', '-'])
            .trim_end_matches('%')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '/')
        && cell.chars().any(|c| c.is_ascii_digit())
}

/// A cell as it is safe to open in a spreadsheet: text that a spreadsheet
/// would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, as spreadsheet-safety guides
/// recommend, so it shows as the text it is. A number (`-5`, `+32%`,
/// `9/28`) is left as it is, and so is a lone `-` or `+`, which no
/// spreadsheet reads as a formula. This is the command line's output for people;
/// the crate's own dataset writer keeps every cell as it was read, so that
/// a dataset reads back unchanged.
fn neutralised(cell: &str) -> Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !matches!(cell, "-" | "+");
    if formula && !looks_numeric(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Adds `cell` to `text`, padded with spaces to `width` characters, on the
/// right of the cell (or on its left when `right` aligns it right). The
/// padding is counted by hand: the formatter's width is limited to 65,535,
/// and a cell can be longer.
fn pad(text: &mut String, cell: &str, width: usize, right: bool) {
    let fill = width.saturating_sub(cell.chars().count());
    if right {
        text.extend(std::iter::repeat_n(' ', fill));
        text.push_str(cell);
    } else {
        text.push_str(cell);
        text.extend(std::iter::repeat_n(' ', fill));
    }
}

/// `1 figure`, `2 figures`: a count with the word it takes.
pub fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(sheet: &Sheet) -> String {
        let mut out = Vec::new();
        sheet.write_text(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_row_is_laid_out_as_a_table_like_many() {
        let mut sheet = Sheet::new(&["indicator", "value"]);
        sheet.push_cells(vec!["victims_removed".into(), 74u64.into()]);
        assert_eq!(
            text(&sheet),
            "indicator        value\nvictims_removed     74\n"
        );
        sheet.push_cells(vec!["exploiters_convicted".into(), 1u64.into()]);
        assert_eq!(
            text(&sheet),
            "indicator             value\nvictims_removed          74\nexploiters_convicted      1\n"
        );
    }

    #[test]
    fn a_record_is_one_field_a_line() {
        let mut sheet = Sheet::record(&["label", "first_day"]);
        sheet.push(vec!["20/21 Q1".to_string(), "2020-09-01".to_string()]);
        assert_eq!(
            text(&sheet),
            "label:      20/21 Q1\nfirst_day:  2020-09-01\n"
        );
    }

    #[test]
    fn json_keeps_each_cells_type() {
        let mut sheet = Sheet::new(&["name", "count", "average", "complete", "growth"]);
        sheet.push_cells(vec![
            "123".into(),
            56u64.into(),
            Decimal::new(275, 1).into(),
            false.into(),
            Cell::Null,
        ]);
        let json = serde_json::to_string(&sheet.records()).unwrap();
        assert_eq!(
            json,
            r#"[{"name":"123","count":56,"average":27.5,"complete":false,"growth":null}]"#
        );
    }

    #[test]
    fn csv_neutralises_text_and_never_numbers() {
        let mut sheet = Sheet::new(&["partner", "change", "exact", "empty"]);
        sheet.push_cells(vec![
            "=cmd|' /C calc'!A0".into(),
            Decimal::new(-5, 0).into(),
            "+9/28".into(),
            Cell::Null,
        ]);
        let mut out = Vec::new();
        sheet.write_csv(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "partner,change,exact,empty\n'=cmd|' /C calc'!A0,-5,+9/28,\n"
        );
    }
}
