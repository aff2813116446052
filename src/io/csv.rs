//! Reading figures from CSV, row by row.

use std::collections::{HashMap, VecDeque};
use std::io::{self, Read};

use crate::aggregate::{Aggregator, Query, Table};
use crate::error::Result;
use crate::figure::dataset::Dataset;
use crate::findings::{Finding, Findings, Location, Severity};
use crate::io::Parsed;
use crate::io::cells::{Cells, FigureParser};
use crate::io::format::Column;
use crate::io::options::ReadOptions;
use crate::rules::RuleId;

/// Reads figures from CSV one row at a time, as an iterator of
/// [`Parsed`] items: each good figure with its line, and a finding for
/// every problem.
///
/// Memory does not grow with the file: one row is held at a time, with
/// the parsed forms of at most a few thousand distinct indicator,
/// country, channel, partner and period texts. Feed the figures to an
/// [`Aggregator`] to total a file of any size, as [`csv::aggregate`](crate::csv::aggregate) does,
/// or push them to a [`Dataset`], as [`csv::read`](crate::csv::read) does.
///
/// The [format](crate::format) says what is read. The reader never fails:
/// a file that cannot be read any further (an I/O error) ends with an
/// error finding (`read.io`).
///
/// ```
/// use impact_metrics::{Aggregator, Catalogue, csv, FiscalCalendar, format::Parsed, Query, format::ReadOptions, Value};
///
/// let file = "\u{feff}Indicator,Country,Period,Value\r\n\
///             Victims removed from exploitation,UK,20/21 H1,20\r\n\
///             Victims removed from exploitation,Bangladesh,20/21 H1,17\r\n\
///             Victims removed from exploitation,England,20/21 H1,3\r\n";
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source("uk_bd.csv");
/// let mut totals = Aggregator::new(&Query::new().by_indicator());
/// let mut problems = Vec::new();
/// for parsed in csv::Reader::new(file.as_bytes(), &options) {
///     match parsed {
///         Parsed::Figure(figure, _) => totals.add(&figure)?,
///         Parsed::Finding(finding) => problems.push(finding.to_string()),
///     }
/// }
/// assert_eq!(totals.finish()?.rows()[0].value, Value::Count(37));
/// assert_eq!(problems, ["error[parse.country] uk_bd.csv:4: column \"Country\": unknown country \"England\""]);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Debug)]
pub struct Reader<R> {
    csv: ::csv::Reader<LineCounter<SkipBom<R>>>,
    parser: FigureParser,
    source: Option<String>,
    record: ::csv::ByteRecord,
    columns: Vec<Option<Column>>,
    names: Vec<String>,
    unnamed_noted: Vec<bool>,
    started: bool,
    finished: bool,
    queue: VecDeque<Parsed>,
    findings: Vec<Finding>,
}

impl<R: Read> Reader<R> {
    /// A reader of the CSV in `input`. Nothing is read until the first
    /// item is asked for; the first row must name the columns.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, csv, FiscalCalendar, format::Parsed, format::ReadOptions};
    /// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let items: Vec<Parsed> = csv::Reader::new("indicator,period,value\n".as_bytes(), &options).collect();
    /// assert!(items.is_empty());
    /// ```
    pub fn new(input: R, options: &ReadOptions) -> Reader<R> {
        let csv = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(options.delimiter())
            .from_reader(LineCounter::new(SkipBom::new(input)));
        Reader {
            csv,
            parser: FigureParser::new(options),
            source: options.source().map(str::to_string),
            record: ::csv::ByteRecord::new(),
            columns: Vec::new(),
            names: Vec::new(),
            unnamed_noted: Vec::new(),
            started: false,
            finished: false,
            queue: VecDeque::new(),
            findings: Vec::new(),
        }
    }

    /// An empty dataset with the reader's calendar and catalogue, to push
    /// its figures into.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, csv, FiscalCalendar, format::ReadOptions};
    /// let options = ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin());
    /// let reader = csv::Reader::new("".as_bytes(), &options);
    /// assert_eq!(reader.empty_dataset().calendar(), FiscalCalendar::APRIL);
    /// ```
    pub fn empty_dataset(&self) -> Dataset {
        self.parser.empty_dataset()
    }

    fn location(&self, line: u64) -> Location {
        Location {
            source: self.source.clone(),
            line: Some(line),
            ..Location::default()
        }
    }

    /// The line the current record starts on. The CSV parser's own line
    /// numbers miscount CRLF files and blank lines, so lines are counted
    /// here, from the record's byte offset.
    fn line(&mut self) -> u64 {
        let offset = self.record.position().map_or(0, |p| p.byte());
        self.csv.get_mut().line_at(offset)
    }

    fn read_header(&mut self) {
        match self.csv.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => {
                self.finished = true;
                let at = Location {
                    source: self.source.clone(),
                    ..Location::default()
                };
                self.queue.push_back(Parsed::Finding(
                    Finding::new(
                        Severity::Error,
                        RuleId::PARSE_HEADER,
                        "the file is empty: its first row must name the columns (indicator, period, value, ...)",
                    )
                    .with_location(at),
                ));
                return;
            }
            Err(e) => {
                self.io_error(&e);
                return;
            }
        }
        let line = self.line();
        let at = self.location(line);
        let mut first: HashMap<Column, usize> = HashMap::new();
        let mut known = Vec::new();
        for (i, raw) in self.record.iter().enumerate() {
            let name = String::from_utf8_lossy(raw).trim().to_string();
            let column = Column::from_header(&name);
            let mut kept = column;
            if let Some(column) = column {
                match first.get(&column) {
                    Some(&earlier) => {
                        kept = None;
                        self.queue.push_back(Parsed::Finding(
                            Finding::new(
                                Severity::Error,
                                RuleId::PARSE_HEADER,
                                format!(
                                    "columns {} and {} both name the {} column; the first is read and the second ignored",
                                    earlier + 1,
                                    i + 1,
                                    column.name()
                                ),
                            )
                            .with_location(at.clone().with_column(&name)),
                        ));
                    }
                    None => {
                        first.insert(column, i);
                        known.push((column, name.clone()));
                    }
                }
            } else if !name.is_empty() {
                self.queue.push_back(Parsed::Finding(
                    Finding::new(
                        Severity::Note,
                        RuleId::PARSE_COLUMN_IGNORED,
                        format!("the column {name:?} is not part of the figures format, so it is ignored"),
                    )
                    .with_location(at.clone().with_column(&name)),
                ));
            }
            self.columns.push(kept);
            self.names.push(name);
        }
        self.unnamed_noted = vec![false; self.columns.len()];
        self.parser.set_columns(&known);
        let has = |column| first.contains_key(&column);
        let mut missing = Vec::new();
        for column in [Column::Indicator, Column::Period] {
            if !has(column) {
                missing.push(format!("{:?}", column.name()));
            }
        }
        let parts = (has(Column::Numerator), has(Column::Denominator));
        if !has(Column::Value) && parts != (true, true) {
            missing.push("\"value\" (or \"numerator\" and \"denominator\")".to_string());
        }
        if !missing.is_empty() {
            let found: Vec<String> = self.names.iter().map(|n| format!("{n:?}")).collect();
            let mut message = format!(
                "the header has no {} column, so no figure can be read; the columns are {}",
                missing.join(", no "),
                found.join(", ")
            );
            if let [only] = self.names.as_slice() {
                if let Some(sep) = [';', '\t', '|'].into_iter().find(|&c| only.contains(c)) {
                    message.push_str(&format!(
                        "; the header is one cell holding {sep:?}: is the file separated by {sep:?}? then read it with that delimiter"
                    ));
                }
            }
            self.queue.push_back(Parsed::Finding(
                Finding::new(Severity::Error, RuleId::PARSE_HEADER, message)
                    .with_location(at.clone()),
            ));
        }
        if parts.0 != parts.1 {
            let (given, absent) = if parts.0 {
                (Column::Numerator, Column::Denominator)
            } else {
                (Column::Denominator, Column::Numerator)
            };
            self.queue.push_back(Parsed::Finding(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_HEADER,
                    format!(
                        "the header has a {:?} column but no {:?} column; a rate needs both",
                        given.name(),
                        absent.name()
                    ),
                )
                .with_location(at),
            ));
        }
    }

    fn io_error(&mut self, error: &::csv::Error) {
        self.finished = true;
        let line = match error.position() {
            Some(p) => self.csv.get_mut().line_at(p.byte()),
            None => self.line(),
        };
        self.queue.push_back(Parsed::Finding(
            Finding::new(
                Severity::Error,
                RuleId::READ_IO,
                format!("the file could not be read any further: {error}"),
            )
            .with_location(self.location(line)),
        ));
    }

    /// Reads the current record: its figure, if it has one; its findings
    /// go to the queue.
    fn read_row(&mut self) -> Option<Parsed> {
        let expected = self.columns.len();
        let mut blank = true;
        let mut extra_filled = false;
        let mut unnamed = None;
        let mut not_utf8 = false;
        let mut cells = Cells::default();
        // One check of the whole record is much faster than one a cell;
        // a cell is then a slice of it.
        let whole = std::str::from_utf8(self.record.as_slice()).ok();
        let mut end = 0;
        for (i, raw) in self.record.iter().enumerate() {
            let start = end;
            end += raw.len();
            if raw.trim_ascii().is_empty() {
                continue;
            }
            blank = false;
            match self.columns.get(i) {
                Some(Some(column)) => {
                    let text = whole
                        .and_then(|whole| whole.get(start..end))
                        .or_else(|| std::str::from_utf8(raw).ok());
                    match text {
                        Some(text) => cells.set(*column, text),
                        None => not_utf8 = true,
                    }
                }
                Some(None) => {
                    let nameless = self.names.get(i).is_some_and(String::is_empty);
                    if nameless && self.unnamed_noted.get(i) == Some(&false) {
                        unnamed.get_or_insert(i);
                    }
                }
                None => extra_filled = true,
            }
        }
        if blank {
            return None;
        }
        // The cells borrow the record: until they are parsed, the paths
        // that go on to parse them use fields, not methods.
        let offset = self.record.position().map_or(0, |p| p.byte());
        let line = self.csv.get_mut().line_at(offset);
        let at = Location {
            source: self.source.clone(),
            line: Some(line),
            ..Location::default()
        };
        if self.record.len() < expected || extra_filled {
            self.refuse_row(at, extra_filled);
            return None;
        }
        if let Some(i) = unnamed {
            self.note_unnamed(i, &at);
            return self.read_row();
        }
        if not_utf8 {
            self.read_row_not_utf8(at);
            return None;
        }
        self.findings.clear();
        let figure = self.parser.parse(&cells, &at, &mut self.findings);
        self.queue
            .extend(self.findings.drain(..).map(Parsed::Finding));
        figure.map(|figure| Parsed::Figure(figure, at))
    }
    /// Refuses a row whose cells do not line up with the header.
    fn refuse_row(&mut self, at: Location, extra_filled: bool) {
        let expected = self.columns.len();
        let cells: Vec<String> = self
            .record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        let hint = if extra_filled {
            "; an unquoted comma (as in 1,234) splits a cell in two: put such cells in quotes"
        } else {
            ""
        };
        self.queue.push_back(Parsed::Finding(
            Finding::new(
                Severity::Error,
                RuleId::PARSE_ROW,
                format!(
                    "the row has {} cells but the header names {expected} columns, so the row is not read{hint}",
                    cells.len()
                ),
            )
            .with_location(at)
            .with_value("row", cells.join(",")),
        ));
    }

    /// Notes, once, that a column without a name holds something.
    fn note_unnamed(&mut self, i: usize, at: &Location) {
        if let Some(noted) = self.unnamed_noted.get_mut(i) {
            *noted = true;
        }
        let text = self
            .record
            .get(i)
            .map(|raw| String::from_utf8_lossy(raw).trim().to_string())
            .unwrap_or_default();
        self.queue.push_back(Parsed::Finding(
            Finding::new(
                Severity::Note,
                RuleId::PARSE_COLUMN_IGNORED,
                format!(
                    "column {} has no name in the header, so its cells are ignored, such as this one",
                    i + 1
                ),
            )
            .with_location(at.clone())
            .with_value("text", text),
        ));
    }

    /// Reads a row some of whose cells are not UTF-8: each such cell is
    /// an error, and the other cells are still checked.
    fn read_row_not_utf8(&mut self, at: Location) {
        let mut bad_text: Vec<(Column, String)> = Vec::new();
        let mut good_text: Vec<(Column, &str)> = Vec::new();
        for (i, raw) in self.record.iter().enumerate() {
            if let Some(Some(column)) = self.columns.get(i) {
                match std::str::from_utf8(raw) {
                    Ok(text) => good_text.push((*column, text)),
                    Err(_) => bad_text.push((*column, String::from_utf8_lossy(raw).into_owned())),
                }
            }
        }
        let mut cells = Cells::default();
        for (column, text) in &good_text {
            cells.set(*column, text);
        }
        for (column, text) in &bad_text {
            cells.set(*column, text);
        }
        self.findings.clear();
        // The figure is refused: some of its text could not be read.
        let _ = self.parser.parse(&cells, &at, &mut self.findings);
        let name_of = |column: Column| {
            self.columns
                .iter()
                .position(|c| *c == Some(column))
                .and_then(|i| self.names.get(i))
                .map_or(column.name(), String::as_str)
        };
        let names: Vec<&str> = bad_text.iter().map(|(c, _)| name_of(*c)).collect();
        self.queue.extend(
            self.findings
                .drain(..)
                .filter(|f| {
                    !f.location
                        .column
                        .as_deref()
                        .is_some_and(|c| names.contains(&c))
                })
                .map(Parsed::Finding),
        );
        for ((_, text), name) in bad_text.iter().zip(&names) {
            self.queue.push_back(Parsed::Finding(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_ENCODING,
                    "the text is not valid UTF-8: save the file as UTF-8 (in a spreadsheet, \"CSV UTF-8\")",
                )
                .with_location(at.clone().with_column(name))
                .with_value("text", text),
            ));
        }
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Parsed;

    fn next(&mut self) -> Option<Parsed> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.finished {
                return None;
            }
            if !self.started {
                self.started = true;
                self.read_header();
                continue;
            }
            match self.csv.read_byte_record(&mut self.record) {
                Ok(true) => {
                    if let Some(figure) = self.read_row() {
                        if self.queue.is_empty() {
                            return Some(figure);
                        }
                        self.queue.push_back(figure);
                    }
                }
                Ok(false) => {
                    self.finished = true;
                    if let Some(finding) = self.parser.finish() {
                        self.queue.push_back(Parsed::Finding(finding));
                    }
                }
                Err(e) => {
                    if let Some(finding) = self.parser.finish() {
                        self.queue.push_back(Parsed::Finding(finding));
                    }
                    self.io_error(&e);
                }
            }
        }
    }
}

/// Reads a CSV file of figures into a dataset, with the report of every
/// problem found.
///
/// Every good row becomes a figure of the dataset, with its line as its
/// [`Location`]; every problem is a finding with its line, column and
/// text. The report can be merged with the findings of validation rules
/// ([`Findings::merge`]).
///
/// ```
/// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions, csv};
///
/// let file = "indicator,country,channel,partner,period,value\n\
///             survivors_cared_for,IN,joint,Vihaan,20/21 Q1,93\n\
///             survivors_cared_for,IN,joint,Vihaan,20/21 Q2,\"1,234\"\n\
///             survivors_cared_for,TH,joint,,20/21 H1,21\n";
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source("partners.csv");
/// let (data, findings) = csv::read(file.as_bytes(), &options);
/// assert_eq!(data.len(), 1);
/// assert_eq!(data.location(0).map(|l| l.to_string()).as_deref(), Some("partners.csv:2"));
/// let problems: Vec<String> = findings.findings().iter().map(|f| f.location.to_string()).collect();
/// assert_eq!(problems, ["partners.csv:3: column \"value\"", "partners.csv:4"]);
/// ```
pub fn read<R: Read>(input: R, options: &ReadOptions) -> (Dataset, Findings) {
    let reader = Reader::new(input, options);
    let mut data = reader.empty_dataset();
    let mut findings = Findings::new();
    for parsed in reader {
        super::keep(&mut data, &mut findings, parsed);
    }
    (data, findings)
}

/// Reads a CSV file of figures and totals them as `query` asks, holding
/// one row at a time: memory grows with the number of groups, not of rows.
///
/// Figures the aggregator refuses (one that would count a period twice,
/// or overflow a total) are findings at their line (`aggregate.refused`),
/// like the problems of reading.
///
/// # Errors
///
/// As [`Aggregator::finish`]: two figures of one series in a row whose
/// periods overlap.
///
/// ```
/// use impact_metrics::{Catalogue, FiscalCalendar, Indicator, Query, format::ReadOptions, Value, csv};
///
/// let file = "indicator,country,period,value\n\
///             victims_removed,GB,20/21 H1,20\n\
///             victims_removed,BD,20/21 H1,17\n\
///             victims_removed,BD,20/21 H1,17\n\
///             victims_removed,TH,20/21 H1,-37\n";
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let (table, findings) = csv::aggregate(file.as_bytes(), &options, &Query::new().by_indicator())?;
/// assert_eq!(table.row(Indicator::VICTIMS_REMOVED).map(|r| r.value), Some(Value::Count(37)));
/// let rules: Vec<&str> = findings.findings().iter().map(|f| f.rule.as_str()).collect();
/// assert_eq!(rules, ["aggregate.refused", "parse.value"]);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn aggregate<R: Read>(
    input: R,
    options: &ReadOptions,
    query: &Query,
) -> Result<(Table, Findings)> {
    let mut totals = Aggregator::new(query);
    let mut findings = Findings::new();
    for parsed in Reader::new(input, options) {
        super::total(&mut totals, &mut findings, parsed);
    }
    Ok((totals.finish()?, findings))
}

/// A reader that notes where lines break, so that the line of a byte
/// offset already read can be told. A line breaks at `\n`, `\r\n` or a
/// lone `\r`, as the CSV parser reads them.
///
/// Only the breaks after the last offset asked for are kept: the reader
/// asks in increasing order, and the parser reads a buffer ahead, so
/// memory stays bounded by that buffer and the longest record.
#[derive(Debug)]
struct LineCounter<R> {
    inner: R,
    read: u64,
    breaks: VecDeque<(u64, u8)>,
    lines_before: u64,
}

impl<R> LineCounter<R> {
    fn new(inner: R) -> LineCounter<R> {
        LineCounter {
            inner,
            read: 0,
            breaks: VecDeque::new(),
            lines_before: 0,
        }
    }

    /// Counts the break at the front, and drops it.
    fn pass_front(&mut self) {
        let Some((offset, byte)) = self.breaks.pop_front() else {
            return;
        };
        let crlf = byte == b'\r' && self.breaks.front() == Some(&(offset + 1, b'\n'));
        if !crlf {
            self.lines_before += 1;
        }
    }

    /// The line (from 1) of the first byte at or after `offset` that is
    /// not a line break: the parser gives a record's offset before the
    /// line breaks it skipped to reach it.
    fn line_at(&mut self, offset: u64) -> u64 {
        while self.breaks.front().is_some_and(|&(at, _)| at < offset) {
            self.pass_front();
        }
        let mut start = offset;
        while self.breaks.front().is_some_and(|&(at, _)| at == start) {
            self.pass_front();
            start += 1;
        }
        self.lines_before + 1
    }
}

impl<R> LineCounter<R> {
    fn note_breaks(&mut self, start: u64, bytes: &[u8]) {
        for (i, &byte) in bytes.iter().enumerate() {
            if byte == b'\n' || byte == b'\r' {
                self.breaks.push_back((start + i as u64, byte));
            }
        }
    }
}

/// Whether any of the eight bytes of `word` is `\n` or `\r`: a byte of
/// `word ^ pattern` is zero where the byte is the pattern's.
fn has_line_break(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    has_zero(word ^ (ONES * u64::from(b'\n'))) || has_zero(word ^ (ONES * u64::from(b'\r')))
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let start = self.read;
        let bytes = buf.get(..n).unwrap_or(&[]);
        // Eight bytes at a time: most words hold no line break.
        let mut words = bytes.chunks_exact(8);
        let mut at = start;
        for word in words.by_ref() {
            if let Ok(word) = <[u8; 8]>::try_from(word) {
                if has_line_break(u64::from_le_bytes(word)) {
                    self.note_breaks(at, &word);
                }
            }
            at += 8;
        }
        self.note_breaks(at, words.remainder());
        self.read += n as u64;
        Ok(n)
    }
}

/// A reader that leaves out a UTF-8 byte-order mark at the start, as
/// spreadsheets write one.
#[derive(Debug)]
struct SkipBom<R> {
    inner: R,
    checked: bool,
    start: [u8; 3],
    start_len: usize,
    start_pos: usize,
}

impl<R> SkipBom<R> {
    const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

    fn new(inner: R) -> SkipBom<R> {
        SkipBom {
            inner,
            checked: false,
            start: [0; 3],
            start_len: 0,
            start_pos: 0,
        }
    }
}

impl<R: Read> Read for SkipBom<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.checked {
            while self.start_len < self.start.len() {
                let Some(rest) = self.start.get_mut(self.start_len..) else {
                    break;
                };
                match self.inner.read(rest) {
                    Ok(0) => break,
                    Ok(n) => self.start_len += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            self.checked = true;
            if self.start_len == 3 && self.start == Self::BOM {
                self.start_len = 0;
            }
        }
        if let Some(pending) = self.start.get(self.start_pos..self.start_len) {
            if !pending.is_empty() {
                let n = pending.len().min(buf.len());
                if let (Some(to), Some(from)) = (buf.get_mut(..n), pending.get(..n)) {
                    to.copy_from_slice(from);
                }
                self.start_pos += n;
                return Ok(n);
            }
        }
        self.inner.read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip_bom(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        SkipBom::new(bytes).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn a_byte_order_mark_is_left_out_and_nothing_else() {
        assert_eq!(skip_bom(b"\xEF\xBB\xBFabc"), b"abc");
        assert_eq!(skip_bom(b"\xEF\xBB\xBF"), b"");
        assert_eq!(skip_bom(b"abc"), b"abc");
        assert_eq!(skip_bom(b"ab"), b"ab");
        assert_eq!(skip_bom(b"\xEF\xBB"), b"\xEF\xBB");
        assert_eq!(skip_bom(b""), b"");
        assert_eq!(skip_bom(b"\xEF\xBB\xBF\xEF\xBB\xBFx"), b"\xEF\xBB\xBFx");
    }

    /// The line of each record, as this reader counts them.
    fn lines(text: &str) -> Vec<u64> {
        let options = ReadOptions::new(
            crate::FiscalCalendar::SEPTEMBER,
            crate::Catalogue::builtin(),
        );
        let mut reader = Reader::new(text.as_bytes(), &options);
        let mut lines = Vec::new();
        while reader.csv.read_byte_record(&mut reader.record).unwrap() {
            lines.push(reader.line());
        }
        lines
    }

    #[test]
    fn lines_are_counted_across_line_ends_blank_lines_and_quoted_breaks() {
        assert_eq!(lines("a,b\n1,2\n3,4\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\r\n1,2\r\n3,4\r\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\r1,2\r3,4"), [1, 2, 3]);
        assert_eq!(lines("\n\na,b\n\n\n1,2\r\n\r\n3,4"), [3, 6, 8]);
        assert_eq!(lines("a,b\n\"x\ny\",3\n\"\r\n\",4\n5,6\n"), [1, 2, 4, 6]);
        assert_eq!(lines("\u{feff}a,b\r\n1,2"), [1, 2]);
    }

    #[test]
    fn words_with_a_line_break_are_found() {
        for i in 0..8 {
            for byte in [b'\n', b'\r'] {
                let mut word = [b'a'; 8];
                word[i] = byte;
                assert!(has_line_break(u64::from_le_bytes(word)), "{word:?}");
            }
        }
        for word in [
            *b"abcdefgh",
            [0x8a; 8],
            [0x0b; 8],
            [0x0c; 8],
            [0x09; 8],
            [0; 8],
            [0xff; 8],
        ] {
            assert!(!has_line_break(u64::from_le_bytes(word)), "{word:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_found_across_short_reads() {
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match (self.0.split_first(), buf.first_mut()) {
                    (Some((b, rest)), Some(slot)) => {
                        *slot = *b;
                        self.0 = rest;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let mut out = Vec::new();
        SkipBom::new(OneByte(b"\xEF\xBB\xBFok"))
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"ok");
    }
}
