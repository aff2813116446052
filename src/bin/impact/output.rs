//! Writing results: aligned text for people, CSV or JSON for scripts.

use std::io::Write;

use crate::Failure;
use crate::args::Format;

/// A table of results: a header row and rows of cells, all text.
#[derive(Debug, Default)]
pub struct Sheet {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Sheet {
    /// A table with these column names.
    pub fn new(headers: &[&str]) -> Sheet {
        Sheet {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are empty.
    pub fn push(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Writes the table on standard output in the format asked for.
    pub fn print(&self, format: Format) -> Result<(), Failure> {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        match format {
            Format::Text => self.write_text(&mut out)?,
            Format::Csv => self.write_csv(&mut out)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut out, &self.json())
                    .map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
        }
        out.flush()?;
        Ok(())
    }

    fn write_text(&self, out: &mut impl Write) -> std::io::Result<()> {
        if let [row] = self.rows.as_slice() {
            // One record reads best as one field a line.
            let width = self
                .headers
                .iter()
                .map(|h| h.chars().count())
                .max()
                .unwrap_or(0);
            for (i, header) in self.headers.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                writeln!(
                    out,
                    "{:<width$}  {cell}",
                    format!("{header}:"),
                    width = width + 1
                )?;
            }
            return Ok(());
        }
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        let mut numeric = vec![true; columns];
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
                if !looks_numeric(cell) {
                    if let Some(n) = numeric.get_mut(i) {
                        *n = false;
                    }
                }
            }
        }
        let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
            let mut text = String::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                if i > 0 {
                    text.push_str("  ");
                }
                pad(
                    &mut text,
                    cell,
                    *width,
                    numeric.get(i).copied().unwrap_or(false),
                );
            }
            writeln!(out, "{}", text.trim_end())
        };
        line(&self.headers, out)?;
        for row in &self.rows {
            line(row, out)?;
        }
        Ok(())
    }

    fn write_csv(&self, out: &mut impl Write) -> Result<(), Failure> {
        // Writing can only fail in the output stream: keep its io::Error, so
        // that a closed pipe is recognised.
        let io = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(e) => Failure::from(e),
            other => Failure::Usage(format!("cannot write CSV: {other:?}")),
        };
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&self.headers).map_err(io)?;
        for row in &self.rows {
            let cells: Vec<std::borrow::Cow<'_, str>> = (0..self.headers.len())
                .map(|i| neutralised(row.get(i).map_or("", String::as_str)))
                .collect();
            writer
                .write_record(cells.iter().map(|c| c.as_bytes()))
                .map_err(io)?;
        }
        writer.flush()?;
        Ok(())
    }

    fn json(&self) -> Vec<Record<'_>> {
        self.rows
            .iter()
            .map(|row| Record {
                headers: &self.headers,
                cells: row,
            })
            .collect()
    }
}

/// One row as a JSON object, its keys in column order; whole numbers are
/// JSON numbers, everything else strings (so decimals stay exact).
struct Record<'a> {
    headers: &'a [String],
    cells: &'a [String],
}

impl serde::Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.headers.len()))?;
        for (i, header) in self.headers.iter().enumerate() {
            let cell = self.cells.get(i).map_or("", String::as_str);
            match cell.parse::<u64>() {
                Ok(n) if !cell.starts_with('+') => map.serialize_entry(header, &n)?,
                _ => map.serialize_entry(header, cell)?,
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
fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !matches!(cell, "-" | "+");
    if formula && !looks_numeric(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
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
