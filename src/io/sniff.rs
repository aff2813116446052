//! The delimiter a file's header shows: what a spreadsheet saved as "CSV"
//! in a locale that writes decimals with a comma separates its cells with
//! (a semicolon), told from the header's own column names.

use super::format::Column;
use crate::findings::{Finding, Location, Severity};
use crate::rules::RuleId;

/// The delimiters a header is tried with, the usual one first.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many lines from the start may stand above the header (a title, a
/// date of printing).
const LINES: usize = 30;

/// The delimiter that splits the header in `head` (the first bytes of a
/// file, as many as are at hand) into the columns of the figures format:
/// `,`, `;`, tab or `|`, or `None` when no line of the first 30 reads as
/// a header with any of them.
///
/// A line is a header when it names at least two of the format's columns
/// (`indicator`, `period`, `value`, ..., compared as the readers compare
/// them: without case, spaces or `_`), one of them the indicator, the
/// period or the value. Of the delimiters, the one that splits the first
/// such line into the most named columns wins, a comma on a tie. A UTF-8
/// byte order mark is skipped, and a UTF-16 file (its byte order mark
/// first) is read for its ASCII letters.
///
/// ```
/// use impact_metrics::format::header_delimiter;
/// let head = b"Indicator;Country;Channel;Partner;Period;Value\nvictims_removed;GB;direct;;Sep 2020;3\n";
/// assert_eq!(header_delimiter(head), Some(b';'));
/// assert_eq!(header_delimiter(b"indicator,period,value\n"), Some(b','));
/// // A title above the header is passed over.
/// assert_eq!(header_delimiter(b"Figures for 2020\nindicator\tperiod\tvalue\n"), Some(b'\t'));
/// assert_eq!(header_delimiter(b"no header here\n1;2;3\n"), None);
/// ```
#[must_use]
pub fn header_delimiter(head: &[u8]) -> Option<u8> {
    let text: Vec<u8> = match head {
        [0xFF, 0xFE, rest @ ..] | [0xFE, 0xFF, rest @ ..] => {
            rest.iter().copied().filter(|&b| b != 0).collect()
        }
        [0xEF, 0xBB, 0xBF, rest @ ..] => rest.to_vec(),
        _ => head.to_vec(),
    };
    text.split(|&b| b == b'\n').take(LINES).find_map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let mut best: Option<(usize, u8)> = None;
        for delimiter in CANDIDATES {
            let named = named_columns(line, delimiter);
            if named.len() >= 2
                && named
                    .iter()
                    .any(|c| matches!(c, Column::Indicator | Column::Period | Column::Value))
                && best.is_none_or(|(most, _)| named.len() > most)
            {
                best = Some((named.len(), delimiter));
            }
        }
        best.map(|(_, delimiter)| delimiter)
    })
}

/// The note (`parse.delimiter`) that the file `source` is read with
/// `delimiter`, the one its header shows ([`header_delimiter`]), since
/// none was set.
///
/// ```
/// use impact_metrics::format::delimiter_note;
/// assert_eq!(
///     delimiter_note("bd.csv", b';').to_string(),
///     "note[parse.delimiter] bd.csv: the header's columns are separated by semicolons, \
///      so the file is read with ';' as its delimiter (set --delimiter to read it with another)"
/// );
/// ```
#[must_use]
pub fn delimiter_note(source: &str, delimiter: u8) -> Finding {
    Finding::new(
        Severity::Note,
        RuleId::PARSE_DELIMITER,
        format!(
            "the header's columns are separated by {}, so the file is read with {} as its \
             delimiter (set --delimiter to read it with another)",
            delimiter_plural(delimiter),
            delimiter_name(delimiter)
        ),
    )
    .with_location(Location::in_file(source))
}

/// A delimiter as a setting names it: `';'`, `tab`.
pub(crate) fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_string(),
        other => format!("'{}'", char::from(other)),
    }
}

/// A delimiter's plural, for messages: `commas`, `semicolons`.
pub(crate) fn delimiter_plural(delimiter: u8) -> String {
    match delimiter {
        b',' => "commas".to_string(),
        b';' => "semicolons".to_string(),
        b'\t' => "tabs".to_string(),
        b'|' => "bars".to_string(),
        other => format!("'{}' characters", char::from(other)),
    }
}

/// The format's columns that `line`, split at `delimiter` outside quotes,
/// names, each once.
fn named_columns(line: &[u8], delimiter: u8) -> Vec<Column> {
    let mut cells: Vec<Vec<u8>> = vec![Vec::new()];
    let mut quoted = false;
    for &byte in line {
        if byte == b'"' {
            quoted = !quoted;
        } else if byte == delimiter && !quoted {
            cells.push(Vec::new());
        } else if let Some(cell) = cells.last_mut() {
            cell.push(byte);
        }
    }
    let mut named = Vec::new();
    for cell in &cells {
        let column = std::str::from_utf8(cell).ok().and_then(Column::from_header);
        if let Some(column) = column.filter(|c| !named.contains(c)) {
            named.push(column);
        }
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_semicolon_header_is_told_from_a_comma_one() {
        assert_eq!(header_delimiter(b"indicator;period;value\n"), Some(b';'));
        assert_eq!(header_delimiter(b"indicator,period,value\r\n"), Some(b','));
        assert_eq!(header_delimiter(b"indicator|period|value"), Some(b'|'));
    }

    #[test]
    fn the_most_named_columns_win() {
        // Split at commas (outside quotes) the line is one cell, which
        // names no column; at semicolons it names four.
        let head = b"indicator;country;channel;period;\"value, count\"\n";
        assert_eq!(header_delimiter(head), Some(b';'));
    }

    #[test]
    fn a_byte_order_mark_is_passed_over() {
        assert_eq!(
            header_delimiter(b"\xEF\xBB\xBFIndicator;Period;Value\n"),
            Some(b';')
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("indicator\tperiod\tvalue\n".bytes().flat_map(|b| [b, 0]))
            .collect();
        assert_eq!(header_delimiter(&utf16), Some(b'\t'));
    }

    #[test]
    fn a_line_naming_one_column_is_no_header() {
        assert_eq!(header_delimiter(b"value\n3\n"), None);
        // Two columns, but neither indicator, period nor value.
        assert_eq!(header_delimiter(b"country;partner\n"), None);
        assert_eq!(header_delimiter(b""), None);
    }
}
