//! Reading figures from Excel and OpenDocument workbooks (feature
//! `workbook`): .xlsx, .xlsm, .xlsb, .xls and .ods.
//!
//! A sheet of a workbook holds figures as a CSV file does: a header row
//! that names the columns, then one figure a row, with the columns and
//! rules of the [figures format](crate::format). A cell's text means what
//! it means in a CSV file; what a workbook adds is read as follows.
//!
//! # The sheet
//!
//! [`Sheet::named`] reads the sheet of that name. [`Sheet::any`] (the
//! default) reads the only sheet with a header row (a row naming the
//! indicator or the period column) in its first ten rows, or the only
//! sheet of a workbook of one. A name no sheet has, several sheets with a
//! header row, or none, is one error (`workbook.sheet`) that names the
//! sheets, and nothing is read. In a settings file the choice is a table
//! with one optional field, `name` (`name = "Figures"`).
//!
//! # Where a finding is
//!
//! Every finding names the sheet and the cell as a spreadsheet does, after
//! the file and the row: `partner.xlsx:14: Figures!E14: column "value"`.
//! A finding about a whole row names its first cell.
//!
//! # Cells
//!
//! | the cell holds | in the value, numerator or denominator column | in another column |
//! |---|---|---|
//! | text | read as in a CSV file (`82%`, `11/24`, `1,234` with its number format) | read as in a CSV file |
//! | a whole number (`37`, also stored as `37.0`) | the count 37 | its digits |
//! | a number with a fraction (`36.5`, or `0.30000000000000004` left by a formula) | an error: a count is never rounded | the shortest text that is that number |
//! | a whole number from 2^53 up | an error: a number cell does not hold it exactly; type it as text | its digits |
//! | a date | an error | in the period column, the month it falls in, with one note (`workbook.date`) for the sheet; elsewhere `2020-09-15` |
//! | `TRUE` or `FALSE` | an error | the text `TRUE` or `FALSE` |
//! | an error (`#REF!`, `#N/A`, `#DIV/0!`, `#VALUE!`, ..., or LibreOffice's `Err:502`, ...), as an error value or, as an .ods keeps it, as text | an error (`workbook.cell_error`) that names it and the cell; the row is not read | the same |
//! | a formula | its value when the workbook was last saved | the same |
//!
//! A percentage cell holds a fraction (0.82 for 82%), which is refused
//! where a count is due: give a rate as text (`82%`) or as its numerator
//! and denominator.
//!
//! # Rows
//!
//! - A wholly empty row is skipped without a word.
//! - Rows above the header (a title, a date of printing) are one note
//!   (`parse.title_rows`), not figures. The rows to skip of the
//!   options ([`ReadOptions::with_skip_rows`](crate::format::ReadOptions::with_skip_rows))
//!   are skipped first, with their own note.
//! - A totals row is a warning (`parse.totals_row`), not a figure: a
//!   row with a cell that says `Total`, `Totals`, `Grand total`,
//!   `Subtotal` or `Sum`, anywhere below the header; and a last row with
//!   no indicator and no period whose value is the sum of the values
//!   above it.
//! - Every other rule is the CSV format's: a bad row is located and never
//!   hides another, and every good figure is admitted by the dataset's
//!   one check.
//!
//! # Example
//!
//! A sheet as a partner sends it (written here with the rust_xlsxwriter
//! crate): a title, the header, two figures, one of them a formula whose
//! cached value is an error, and a totals row.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use impact_metrics::format::ReadOptions;
//! use impact_metrics::workbook::{self, Sheet};
//! use impact_metrics::{Catalogue, Country, FiscalCalendar, Value};
//! use rust_xlsxwriter::{Formula, Workbook};
//!
//! let mut book = Workbook::new();
//! let sheet = book.add_worksheet().set_name("Figures")?;
//! sheet.write_string(0, 0, "Victims removed, 2020/21 H1")?;
//! for (col, name) in ["Indicator", "Country", "Period", "Value"].into_iter().enumerate() {
//!     sheet.write_string(1, col as u16, name)?;
//! }
//! sheet.write_string(2, 0, "Victims removed from exploitation")?;
//! sheet.write_string(2, 1, "UK")?;
//! sheet.write_string(2, 2, "20/21 H1")?;
//! sheet.write_number(2, 3, 20)?;
//! sheet.write_string(3, 0, "victims_removed")?;
//! sheet.write_string(3, 1, "BD")?;
//! sheet.write_string(3, 2, "20/21 H1")?;
//! sheet.write_formula(3, 3, Formula::new("=17/0").set_result("#DIV/0!"))?;
//! sheet.write_string(4, 0, "Total")?;
//! sheet.write_formula(4, 3, Formula::new("=SUM(D3:D4)").set_result("20"))?;
//! let bytes = book.save_to_buffer()?;
//!
//! let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source("partner.xlsx");
//! let (figures, findings) = workbook::read(bytes.as_slice(), &options, &Sheet::any());
//! assert_eq!(figures.len(), 1);
//! assert_eq!(figures.observations()[0].country, Some(Country::GB));
//! assert_eq!(figures.observations()[0].value, Value::Count(20));
//! let found: Vec<String> = findings.findings().iter().map(|f| format!("{} {}", f.rule, f.location)).collect();
//! assert_eq!(found, [
//!     "parse.title_rows partner.xlsx:1: Figures!A1",
//!     "workbook.cell_error partner.xlsx:4: Figures!D4: column \"Value\"",
//!     "parse.totals_row partner.xlsx:5: Figures!A5",
//! ]);
//!
//! // Bytes that are not a workbook: one error, nothing read.
//! let (figures, findings) = workbook::read("indicator,period,value\n".as_bytes(), &options, &Sheet::any());
//! assert!(figures.is_empty());
//! assert_eq!(findings.findings()[0].rule, "workbook.open");
//! # Ok(())
//! # }
//! ```
//!
//! `cargo run --example workbook_read --features workbook` writes a small
//! workbook and prints what is read from it, or reads the workbook named
//! on its command line.

use std::io::Read;
use std::path::Path;

use crate::figure::dataset::Dataset;
use crate::findings::Findings;
use crate::io::Parsed;
use crate::io::ReadOptions;

pub use crate::io::workbook::Sheet;

/// Reads the figures of a workbook's sheet into a dataset, with the report
/// of every problem found.
///
/// The input is read to its end first (a workbook is a zip archive or a
/// compound file, read from its end). Its format (.xlsx, .xlsm, .xlsb,
/// .xls, .ods) is recognised from its bytes. Findings name the options'
/// source as the file.
///
/// ```
/// use impact_metrics::format::ReadOptions;
/// use impact_metrics::workbook::{self, Sheet};
/// use impact_metrics::{Catalogue, FiscalCalendar};
///
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let (figures, findings) = workbook::read(&b"PK\x03\x04 not really"[..], &options, &Sheet::named("Figures"));
/// assert!(figures.is_empty());
/// assert_eq!(findings.len(), 1);
/// ```
pub fn read<R: Read>(input: R, options: &ReadOptions, sheet: &Sheet) -> (Dataset, Findings) {
    crate::io::workbook::read(input, options, sheet)
}

/// Reads the figures of the workbook at `path`, as [`read`] does. The
/// findings name the options' source, or else the path.
///
/// A file that cannot be opened is one error (`read.io`).
///
/// ```
/// use impact_metrics::format::ReadOptions;
/// use impact_metrics::workbook::{self, Sheet};
/// use impact_metrics::{Catalogue, FiscalCalendar};
///
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let (_, findings) = workbook::read_path("no/such/partner.xlsx", &options, &Sheet::any());
/// assert_eq!(findings.findings()[0].rule, "read.io");
/// assert_eq!(findings.findings()[0].location.source.as_deref(), Some("no/such/partner.xlsx"));
/// ```
pub fn read_path(
    path: impl AsRef<Path>,
    options: &ReadOptions,
    sheet: &Sheet,
) -> (Dataset, Findings) {
    crate::io::workbook::read_path(path.as_ref(), options, sheet)
}

/// Reads a workbook's sheet and hands on each figure (with its place) and
/// each finding, in the order of the rows, without collecting them: feed
/// the figures to an [`Aggregator`](crate::Aggregator), or count them.
///
/// The figures are not admitted to a dataset here: [`read`] does that,
/// with the dataset's one check.
///
/// ```
/// use impact_metrics::format::{Parsed, ReadOptions};
/// use impact_metrics::workbook::{self, Sheet};
/// use impact_metrics::{Catalogue, FiscalCalendar};
///
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let mut findings = 0;
/// workbook::read_each(&b""[..], &options, &Sheet::any(), |parsed| {
///     if let Parsed::Finding(_) = parsed {
///         findings += 1;
///     }
/// });
/// assert_eq!(findings, 1);
/// ```
pub fn read_each<R: Read>(
    input: R,
    options: &ReadOptions,
    sheet: &Sheet,
    each: impl FnMut(Parsed),
) {
    crate::io::workbook::read_each(input, options, sheet, each);
}
