//! The file format for figures: one figure a row, in CSV or JSON.
//!
//! Partners send their figures as spreadsheets saved as CSV, or as JSON
//! from their own systems. Both hold the same thing: a list of figures,
//! each with the columns below. This page is the reference; the
//! functions that read and write it are
#![doc = concat!(csv_item!("csv::read"), ",")]
#![doc = concat!(csv_item!("csv::Reader"), ",")]
#![doc = concat!(csv_item!("csv::aggregate"), ",")]
#![doc = concat!(csv_item!("csv::write"), ",")]
#![doc = concat!(json_item!("json::read"), ",")]
#![doc = json_item!("json::read_each")]
//! (a stream, a figure at a time),
#![doc = json_item!("json::aggregate")]
//! and
#![doc = concat!(json_item!("json::write"), ".")]
//!
//! [`ReadOptions`] say how a file is read (its calendar, catalogue, name,
//! delimiter, [`NumberFormat`], [`Encoding`], rows to skip and markers of
//! "no figure"); a reader gives each row as a
//! [`Parsed`] figure or finding.
//!
//! ```
//! use impact_metrics::format::{NumberFormat, ReadOptions};
//! use impact_metrics::{Catalogue, FiscalCalendar};
//!
//! let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin())
//!     .with_source("partner.csv")
//!     .with_delimiter(b';')
//!     .with_number_format(NumberFormat::CommaGrouped);
//! assert_eq!(options.source(), Some("partner.csv"));
//! assert_eq!(options.delimiter(), b';');
//! assert_eq!(options.number_format(), NumberFormat::CommaGrouped);
//! ```
//!
//! # Columns
//!
//! The first row of a CSV file names the columns, in any order. Names are
//! matched without regard to case, surrounding spaces, or `_`, `-` and
//! spaces between words (`Strategy channel` is `strategy_channel`). A
//! column may also go by one of the other names in brackets below, as
//! spreadsheets name them; a `date`, `total` or `year` column is never
//! taken for one of these, since it may hold something else.
//!
//! | column | required | what it holds | written as, for example |
//! |---|---|---|---|
//! | `indicator` (or `indicator name`, `indicator code`) | yes | what is counted: an indicator code, or a printed name or alias the catalogue knows | `victims_removed`, `Victims removed from exploitation` |
//! | `country` (or `country name`, `country code`) | no | an ISO 3166-1 code or name | `GB`, `UK`, `GBR`, `826`, `United Kingdom`, `Bangladesh` |
//! | `channel` (or `strategy channel`, `strategy`) | no | the strategy channel | `direct`, `Joint operations`, `systemic` |
//! | `partner` (or `partner name`, `partner organisation`) | for joint operations | the partner organisation | `LIFT International` |
//! | `period` (or `month`, `reporting period`, `reporting month`) | yes | the period the figure covers, as a label of the reader's fiscal calendar, or the machine form | `20/21 H1`, `20/21 Q1`, `Sep 2020`, `2020/21`, `FY2020-09-H1` |
//! | `value` (or `count`) | unless `numerator` and `denominator` are given | a count, or a rate as `numerator/denominator` or a published percentage | `74`, `11/24`, `82%` |
//! | `numerator` | with `denominator` | a rate's numerator: how many had the property | `11` |
//! | `denominator` | with `numerator` | a rate's denominator: how many there were | `24` |
//! | `bound` | no | whether the value is exact or a lower bound (empty: exact) | `exact`, `at least`, `more than`, `over` |
//! | `basis` | no | whether the source states the figure or it was read into it (empty: stated) | `stated`, `interpreted` |
//! | `note` (or `notes`, `comment`, `comments`, `remarks`) | no | a note for people | `Q2 data awaited` |
//!
//! Lines above the header, if it is among the first ten, are titles: not
//! read, and named in one note (`parse.title_rows`). A row that names
//! itself a total (`Total`, `Totals`, `Grand total`, `Sub-total`, `Sum`,
//! with any case or a trailing colon, in any cell but the partner, note,
//! bound and basis) is a totals row: a warning (`parse.totals_row`), not a
//! figure, since totals are worked out from the figures. A workbook's
//! rows are read the same way.
//!
//! An empty cell of an optional column means the figure has none: no
//! country (a figure across countries), no channel, no partner, no note.
//! Surrounding spaces never matter, in any cell.
//!
//! A rate is given either in `value` (`11/24`, or `82%` when only the
//! percentage is published) or in `numerator` and `denominator`, with
//! `value` left empty. When both are given, `value` must agree with them:
//! `11/24` itself, or the percentage they make, rounded half away from
//! zero to the decimals written (`45.8%` for 11/24).
//!
//! # Numbers
//!
//! Numbers are read exactly from their text, never through a floating
//! point number, into whole counts of at most 18446744073709551615. By
//! default a count is written with the digits 0-9 only, and a percentage
//! with an optional minus sign and decimal point. Everything else is an error that quotes
//! the text and says what to do:
//!
//! | text | by default |
//! |---|---|
//! | `1,234` | an error; with [`NumberFormat::CommaGrouped`](crate::format::NumberFormat::CommaGrouped) (`comma`), 1234 |
//! | `1,02,345` | an error; with [`NumberFormat::IndianGrouped`](crate::format::NumberFormat::IndianGrouped) (`indian`), 102345 |
//! | `1.234`, `12,5%` | an error; with [`NumberFormat::DotGroupedDecimalComma`](crate::format::NumberFormat::DotGroupedDecimalComma) (`dot-decimal-comma`), 1234 and 12.5% |
//! | `12.0`, `12.00` | 12: one or two zero decimals, as a spreadsheet writes a whole number formatted with decimals (with a decimal comma, `12,0`); `1.000` is never 1, since its dot may group thousands |
//! | `12,50`, `12.5` | an error (a count is a whole number) |
//! | `N/A`, `-`, `–`, an empty value, or a marker given to [`ReadOptions::with_not_available`](crate::format::ReadOptions::with_not_available) | an error; with [`ReadOptions::skip_not_available`](crate::format::ReadOptions::skip_not_available), the row is skipped with a note |
//! | `-3` | an error (a count is never negative) |
//! | `1e3`, `1.23E+06` | an error (scientific notation, which a spreadsheet shows when a column is too narrow, has lost digits) |
//! | `18446744073709551616` | an error (too large) |
//!
//! The interpretations a reader is asked to make are stated in the
//! report, as notes. Each number format has a short name, the one its
//! `Display` writes and `FromStr` reads (`plain`, `comma`, `indian`,
//! `dot-decimal-comma`, `space-decimal-comma`), and messages that advise
//! one name it so: "set the number format to comma (1,234)".
//!
//! # Rows
//!
//! - A UTF-8 byte-order mark, CRLF or LF line ends, quoted cells (with
//!   `""` for a quote inside), and blank lines (also rows of empty cells,
//!   as a spreadsheet writes them) are all read as a spreadsheet writes
//!   them.
//! - The first row is the header, unless the options skip rows above it
//!   ([`ReadOptions::with_skip_rows`](crate::format::ReadOptions::with_skip_rows),
//!   with a note). A first row that names neither the indicator nor the
//!   period column, above a row in the first ten lines that does (title
//!   rows, as a report exported from a spreadsheet has), is an error that
//!   says how many rows to skip, and no row is read.
//! - A column the format does not know is ignored, with one note.
//! - Two header cells that name the same column (`value` and `Value`) are
//!   a warning; a row is read where the two cells agree (the same text),
//!   and refused, with an error, where they do not: a reader never picks
//!   one of two figures.
//! - A required column that is missing is one error; the other cells of
//!   every row are still checked.
//! - A row with more or fewer cells than the header names is refused (an
//!   unquoted `1,234` splits a cell in two), unless the extra cells are
//!   empty.
//! - Every problem is a finding in the [`Findings`](crate::Findings) with its
//!   line, its column and the text, and every good row is kept: a bad row
//!   never hides another, or a good one. A message quotes at most 60
//!   characters of a cell, then says how long it is (`"xxx…" (5,000,000
//!   characters)`).
//!
//! # Quotes that run on
//!
//! A quoted cell may hold line breaks: a note written over a few lines
//! (Alt+Enter in Excel) is one cell. But a quote that is opened and not
//! closed (`"partner says ""approx.`) turns the lines after it into one
//! cell, and with them the rows they hold. Two rules keep those rows from
//! being lost without a word (`parse.quote`, an error; the row is not
//! read):
//!
//! - A quote that never closes is reported at the line where it opened,
//!   with the number of lines it took to the end of the file: "a quote
//!   opened at line 5 never closes: the 196 lines after it were read as
//!   one cell".
//! - A quoted cell whose second or later lines each hold as many
//!   delimiters as a row has (one fewer than the header's columns, and at
//!   least two) looks like rows swallowed by a quote that closes further
//!   down: the error names the line it opened on and the lines that look
//!   like rows. Lines with fewer delimiters, as prose has, are a cell's
//!   lines like any other.
//!
//! # Encodings and files that are not text
//!
//! A file is UTF-8 unless the options set another encoding
//! ([`ReadOptions::with_encoding`](crate::format::ReadOptions::with_encoding):
//! `utf-16`, `utf-16le`, `utf-16be`, `windows-1252`). It is decoded a
//! buffer at a time, so memory does not grow with the file, and its
//! lines, figures and findings are those of the same text in UTF-8. A
//! byte-order mark is skipped; in UTF-16 it says which way round the
//! bytes are. Read as UTF-8:
//!
//! - a file that starts with a UTF-16 mark, or has a NUL in every other
//!   byte at its start, is one error (`parse.encoding`): "the file is
//!   UTF-16 text, so nothing is read: set the encoding to utf-16";
//! - a cell that is not UTF-8 is an error at its line and column; when
//!   its bytes read as Windows-1252 text, the message shows that text and
//!   says to set the encoding to windows-1252.
//!
//! A workbook given as CSV or JSON (an .xlsx or .ods file, which is a zip
//! archive, or an .xls file) is one error (`parse.workbook`) that says to
//! read it as a workbook (the `workbook` module, feature `workbook`) or to
//! save the sheet as CSV, never a flood of findings about its bytes.
//!
//! A figure must also pass [`Dataset::check`](crate::Dataset::check): its
//! indicator is in the catalogue, its value has the indicator's measure,
//! its period is on the reader's calendar, and only a joint operation
//! names a partner.
//!
//! # Example
//!
//! ```text
//! indicator,country,channel,partner,period,value,numerator,denominator,bound,basis,note
//! victims_removed,GB,direct,,20/21 H1,20,,,,,
//! survivors_cared_for,IN,joint,Vihaan,20/21 Q1,93,,,,,Q2 data awaited
//! income_rise_rate,BD,direct,,20/21 H1,,11,24,,,
//! people_reached_indirect,BD,direct,,20/21 H1,1300000,,,more than,,by a TV commercial
//! ```
//!
//! `examples/data/seed_h1_2020_21.csv` holds the seed report's figures in
//! this format, as
#![doc = csv_item!("csv::write")]
//! writes them, and
//! `examples/data/partner_with_problems.csv` a partner file with many kinds
//! of problem; `cargo run --example check_partner_file` prints its report.
//!
//! # Writing
//!
#![doc = csv_item!("csv::write")]
//! writes every column, in the order of
//! the table above. It writes the indicator's code, the country's alpha-2
//! code, the channel's code, and the period as the calendar's label
//! (`20/21 H1`), or in the machine form with
#![doc = concat!(csv_item!("csv::Writer::machine_periods"), ";")]
//! a
//! rate's parts go in `numerator` and `denominator`; an exact bound and a
//! stated basis are left empty. Reading the file back with the same
//! calendar and catalogue gives the same figures. An aggregate
//! [`Table`](crate::Table) is written in the same format by
#![doc = concat!(csv_item!("csv::write_table"), ",")]
//! with three more columns
//! (`figures`, `coverage`, `missing`) that a reader ignores.
//!
//! # JSON
//!
//! A JSON document is either an array of figures or an object:
//!
//! ```json
//! {
//!   "format": "impact-metrics/figures",
//!   "version": 1,
//!   "calendar": { "start_month": 9, "year_label": "span" },
//!   "figures": [
//!     { "indicator": "victims_removed", "country": "GB", "channel": "direct",
//!       "period": "FY2020-09-H1", "value": 20 },
//!     { "indicator": "income_rise_rate", "country": "BD", "channel": "direct",
//!       "period": "20/21 H1", "numerator": 11, "denominator": 24 }
//!   ]
//! }
//! ```
//!
//! A figure is an object whose fields are the columns above, each a
//! string, a number or `null` (empty); the text of a number is read as a
//! cell's text is, so `1e3`, `1.5` and `-3` are refused as they are in
//! CSV, and a count of any size is exact. An optional `location` field
//! (as [`Location`](crate::Location) serializes) says where the figure
//! came from;
#![doc = json_item!("json::write")]
//! writes it, so that findings
//! about figures read from JSON still point to the partner's file. A
//! `calendar` is a `start_month` (1 to 12) and a `year_label`: `span` (the
//! default), `start-year` or `end-year`, as
//! [`FiscalCalendar`](crate::FiscalCalendar) serializes. When the document
//! names a calendar, it must be the reader's.
//!
//! A UTF-8 byte-order mark is skipped, and a stream is decoded in the
//! encoding the options set, as CSV is. Text that stops being JSON part
//! way is one error (`parse.json`) at the line and column where reading
//! stopped, which says that no figure from that line on was read (and,
//! for a stream, how many were read before it). An object that gives a
//! field twice, as a second `figures` array or a figure with two
//! `value`s, is an error (`parse.duplicate_key`): the second is not read,
//! and the figure not at all. A figure's field at the top of the document
//! (`period`), or the document's field inside a figure (`calendar`), is a
//! warning that names it as misplaced (`parse.misplaced_field`); any other
//! field the format does not know is a note.
//!
//! The JSON of a [`Findings`](crate::Findings) is its serde form, written and
//! read by
#![doc = json_item!("json::write_findings")]
//! and
#![doc = concat!(json_item!("json::read_findings"), ".")]
//!
// The functions of the `csv` and `json` features are linked to when the
// feature is on, and written as plain code when it is off, so that these
// docs build with any features.

pub use crate::io::sniff::{delimiter_note, header_delimiter};
pub use crate::io::{Encoding, NumberFormat, Parsed, ReadOptions};

/// The first bytes of a zip archive: an .xlsx, .xlsm, .xlsb or .ods
/// workbook.
pub(crate) const ZIP: &[u8] = b"PK\x03\x04";

/// The first bytes of an OLE compound file: an Excel 97-2003 (.xls)
/// workbook.
pub(crate) const OLE: &[u8] = b"\xD0\xCF\x11\xE0";

/// Whether a file's first bytes are those of a spreadsheet workbook (a
/// zip archive or an OLE compound file), whatever its name says: such a
/// file is read as a workbook, never as text.
///
/// ```
/// use impact_metrics::format::is_workbook;
/// assert!(is_workbook(b"PK\x03\x04\x14\x00"));
/// assert!(!is_workbook(b"indicator,period,value\n"));
/// ```
#[must_use]
pub fn is_workbook(start: &[u8]) -> bool {
    start.starts_with(ZIP) || start.starts_with(OLE)
}

/// A column of the figures format.
#[cfg_attr(not(any(feature = "csv", feature = "json")), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Column {
    Indicator,
    Country,
    Channel,
    Partner,
    Period,
    Value,
    Numerator,
    Denominator,
    Bound,
    Basis,
    Note,
}

#[cfg_attr(not(any(feature = "csv", feature = "json")), allow(dead_code))]
impl Column {
    /// Every column, in the order a writer writes them.
    pub(crate) const ALL: [Column; 11] = [
        Column::Indicator,
        Column::Country,
        Column::Channel,
        Column::Partner,
        Column::Period,
        Column::Value,
        Column::Numerator,
        Column::Denominator,
        Column::Bound,
        Column::Basis,
        Column::Note,
    ];

    /// The column's name, as a writer writes it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Column::Indicator => "indicator",
            Column::Country => "country",
            Column::Channel => "channel",
            Column::Partner => "partner",
            Column::Period => "period",
            Column::Value => "value",
            Column::Numerator => "numerator",
            Column::Denominator => "denominator",
            Column::Bound => "bound",
            Column::Basis => "basis",
            Column::Note => "note",
        }
    }

    /// The column's position in [`Column::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The column a header names, ignoring case, surrounding spaces and
    /// the separators between words.
    pub(crate) fn from_header(name: &str) -> Option<Column> {
        let folded: String = name
            .trim()
            .chars()
            .filter(|c| !matches!(c, '_' | '-' | ' ' | '\t'))
            .flat_map(char::to_lowercase)
            .collect();
        Some(match folded.as_str() {
            "indicator" | "indicatorname" | "indicatorcode" => Column::Indicator,
            "country" | "countryname" | "countrycode" => Column::Country,
            "channel" | "strategychannel" | "strategy" => Column::Channel,
            "partner" | "partnername" | "partnerorganisation" | "partnerorganization" => {
                Column::Partner
            }
            "period" | "month" | "reportingperiod" | "reportingmonth" => Column::Period,
            "value" | "count" => Column::Value,
            "numerator" => Column::Numerator,
            "denominator" => Column::Denominator,
            "bound" => Column::Bound,
            "basis" => Column::Basis,
            "note" | "notes" | "comment" | "comments" | "remarks" => Column::Note,
            _ => return None,
        })
    }
}

/// Texts that make a row a totals row, compared without case, surrounding
/// spaces or a trailing colon.
#[cfg(any(feature = "csv", feature = "workbook"))]
const TOTAL_LABELS: [&str; 8] = [
    "total",
    "totals",
    "grand total",
    "sub-total",
    "subtotal",
    "sub total",
    "overall total",
    "sum",
];

/// Whether a cell's text makes its row a totals row (`Total`, `Grand
/// total:`, ...), in any reader: such a row is a sum of figures, never a
/// figure.
#[cfg(any(feature = "csv", feature = "workbook"))]
pub(crate) fn is_totals_label(text: &str) -> bool {
    let folded = text.trim().trim_end_matches(':').trim_end();
    TOTAL_LABELS
        .iter()
        .any(|label| label.eq_ignore_ascii_case(folded))
}

/// Whether a totals label in a cell of `column` (`None`: a column the
/// format ignores) makes its row a totals row: it must stand where a row's
/// name does, not in a partner's name or a note, which are free text.
#[cfg(any(feature = "csv", feature = "workbook"))]
pub(crate) fn labels_a_row(column: Option<Column>) -> bool {
    !matches!(
        column,
        Some(Column::Partner | Column::Note | Column::Bound | Column::Basis)
    )
}

/// What a reader says of a totals row, whose label is `quoted`.
#[cfg(any(feature = "csv", feature = "workbook"))]
pub(crate) fn totals_row_message(quoted: &str) -> String {
    format!(
        "the row is a totals row ({quoted}), not a figure, so it is not read: totals are worked out from the figures"
    )
}

/// What a reader says of the rows above a header that it does not read
/// (a title, a date of printing): `unit` is what the reader counts
/// ("row" in a workbook, "line" in a CSV file), `from` and `to` the first
/// and last of them, `first` the first one's text, quoted.
#[cfg(any(feature = "csv", feature = "workbook"))]
pub(crate) fn title_rows_message(
    unit: &str,
    count: usize,
    from: u64,
    to: u64,
    first: &str,
) -> String {
    if count == 1 {
        format!(
            "{unit} {from}, above the header, is a title, not figures, so it is not read: {first}"
        )
    } else {
        format!(
            "the {count} {unit}s above the header ({unit}s {from} to {to}) are titles, not figures, so they are not read: {first}, ..."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_matched_loosely() {
        for (header, column) in [
            ("indicator", Column::Indicator),
            (" Indicator ", Column::Indicator),
            ("COUNTRY", Column::Country),
            ("Strategy channel", Column::Channel),
            ("strategy_channel", Column::Channel),
            ("Notes", Column::Note),
            ("de-nominator", Column::Denominator),
        ] {
            assert_eq!(Column::from_header(header), Some(column), "{header:?}");
        }
        for (header, column) in [
            ("Indicator name", Column::Indicator),
            ("Country code", Column::Country),
            ("Partner organisation", Column::Partner),
            ("Month", Column::Period),
            ("Reporting period", Column::Period),
            ("Count", Column::Value),
            ("Comments", Column::Note),
        ] {
            assert_eq!(Column::from_header(header), Some(column), "{header:?}");
        }
        // A date or a total may be something else: never guessed.
        for header in ["", "indicators", "value2", "date", "total", "year"] {
            assert_eq!(Column::from_header(header), None, "{header:?}");
        }
    }

    #[test]
    fn names_read_back_and_indexes_follow_the_order() {
        for (i, column) in Column::ALL.into_iter().enumerate() {
            assert_eq!(Column::from_header(column.name()), Some(column));
            assert_eq!(column.index(), i);
        }
    }
}
