//! Reading figures from CSV, row by row.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{self, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use wide::u8x16;

use crate::aggregate;
use crate::aggregate::{Aggregator, Query, Quick, SeriesKey, Table};
use crate::error::Result;
use crate::figure::dataset::Dataset;
use crate::figure::observation::Observation;
use crate::findings::{Finding, Findings, Location, Severity};
use crate::io::Parsed;
use crate::io::cells::{CellBytes, Cells, FigureParser, excerpt, excerpt_to, quote};
use crate::io::decode::{Decoder, NotText, looks_like_windows_1252, windows_1252};
use crate::io::format::{
    Column, is_totals_label, labels_a_row, title_rows_message, totals_row_message,
};
use crate::io::options::{Encoding, ReadOptions};
use crate::io::sniff::{delimiter_name, delimiter_plural};
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
/// The input is decoded in the options' [encoding](crate::format::ReadOptions::with_encoding),
/// a buffer at a time. The [format](crate::format) says what is read. The reader never fails:
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
/// assert_eq!(problems, ["error[parse.country] uk_bd.csv:4: column \"Country\": unknown country \"England\"; did you mean GB (United Kingdom)?"]);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Debug)]
pub struct Reader<R> {
    csv: Parser<R>,
    parser: FigureParser,
    source: Option<String>,
    delimiter: u8,
    skip_rows: usize,
    record: ::csv::ByteRecord,
    columns: Vec<Option<Column>>,
    names: Vec<String>,
    /// Columns that name a column already named: (the first, the other).
    duplicates: Vec<(usize, usize)>,
    unnamed_noted: Vec<bool>,
    /// Rows read ahead while looking for the header, with their lines.
    pending: VecDeque<(::csv::ByteRecord, u64)>,
    /// Where the last record the parser gave starts.
    last_start: u64,
    started: bool,
    finished: bool,
    queue: VecDeque<Parsed>,
    findings: Vec<Finding>,
    /// The columns found in the header, with their names.
    known: Vec<(Column, String)>,
    /// Whether the first row was the header (after the rows to skip).
    header_first: bool,
    /// Whether this reads a piece of a file: the findings about the whole
    /// file (how many numbers needed the number format) are left to
    /// whoever puts the pieces together.
    piece: bool,
    /// The columns without a name that a note was given for, in order.
    noted: Vec<usize>,
    /// Whether reading stopped at an I/O error.
    io_failed: bool,
    /// The line of the last figure read, and the key of its series
    /// ([`FigureParser::series_key`]).
    key: Option<(u64, SeriesKey)>,
    /// For totals of this query kept in so many parts: rows read without
    /// making a figure of them ([`FigureParser::quick`]), given by
    /// [`Reader::next_item`] (the iterator, which gives figures, is never
    /// read this way).
    quick: Option<(Query, usize, Arc<aggregate::PartnerNames>)>,
    /// The last row read that way, with the part of the totals it goes
    /// to, once the findings before it are given.
    quick_row: Option<(usize, Quick)>,
    /// Reading a piece's plain rows straight from its bytes, until the
    /// first row that is not plain.
    lane: Option<Lane>,
    /// Where [`plain_row`] found the marks of the lane's bytes last.
    scan: Scan,
    /// The cells of the lane's row read last: where each starts and ends
    /// in the piece.
    row_cells: Vec<(usize, usize)>,
    /// Where the rows read without making an [`Observation`] of them go,
    /// one batch for each part of the totals, when they are not given by
    /// [`Reader::next_item`].
    batches: Vec<Vec<Keyed>>,
}

/// A piece of a file read a row at a time from its bytes, without the
/// CSV parser: each row whose cells are plain (unquoted without a quote,
/// or quoted without a line break or a doubled quote), on one line,
/// valid UTF-8 and with the header's cells, is read as the parser would
/// read it. At the first row that is not, the parser reads the rest of
/// the piece from that row's start ([`PieceInput::start`]).
#[derive(Debug)]
struct Lane {
    /// The piece, which is UTF-8.
    piece: Arc<PieceBytes>,
    /// Where the next row starts in `bytes`.
    at: usize,
    /// The line it starts on.
    line: u64,
    /// Where the parser starts reading the piece.
    start: Arc<AtomicUsize>,
    /// Whether reading the file failed at the end of the piece: the
    /// parser gives the error.
    failed: bool,
}

/// The CSV parser over a reader's input, made when it is first asked for
/// a record: making one costs more than reading a short piece's plain
/// rows without it ([`Lane`]).
#[derive(Debug)]
struct Parser<R> {
    delimiter: u8,
    /// The input, until the parser is made.
    counter: Option<LineCounter<Decoder<R>>>,
    made: Option<::csv::Reader<LineCounter<Decoder<R>>>>,
}

impl<R: Read> Parser<R> {
    /// The input's line counter (always there: before the parser is
    /// made, or inside it).
    fn get_ref(&self) -> Option<&LineCounter<Decoder<R>>> {
        match &self.made {
            Some(made) => Some(made.get_ref()),
            None => self.counter.as_ref(),
        }
    }

    fn get_mut(&mut self) -> Option<&mut LineCounter<Decoder<R>>> {
        match &mut self.made {
            Some(made) => Some(made.get_mut()),
            None => self.counter.as_mut(),
        }
    }

    fn read_byte_record(&mut self, record: &mut ::csv::ByteRecord) -> ::csv::Result<bool> {
        if let Some(counter) = self.counter.take() {
            self.made = Some(
                ::csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .delimiter(self.delimiter)
                    .from_reader(counter),
            );
        }
        match &mut self.made {
            Some(made) => made.read_byte_record(record),
            None => Ok(false),
        }
    }
}

/// Where a row's filled cell goes ([`Reader::place_of`]).
enum Place {
    /// The text of a column of the figures.
    Column(Column),
    /// Nowhere: its column is not one of the figures', or was noted.
    Ignored,
    /// Nowhere, once its column (which has no name) is noted.
    Unnoted,
    /// Past the header's columns: the row does not line up with it.
    Extra,
}

/// What [`Reader::next_item`] gives: an item, or a figure read for totals
/// without making an [`Observation`] of it, with the part of the totals
/// it goes to ([`aggregate::shard`]).
enum Item {
    Parsed(Parsed),
    Quick(usize, Quick),
}

/// What a piece of a file needs to know of its header.
#[derive(Clone, Debug)]
struct Header {
    columns: Vec<Option<Column>>,
    names: Vec<String>,
    duplicates: Vec<(usize, usize)>,
    known: Vec<(Column, String)>,
}

/// How many lines from the top a header row is looked for in, when the
/// first line is not one.
const HEADER_SEARCH: u64 = 10;

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
        Reader::reading(Decoder::new(input, options.encoding()), options, 0)
    }

    /// A reader of what `decoder` gives, whose first line is line
    /// `lines_before + 1` of the file.
    fn reading(decoder: Decoder<R>, options: &ReadOptions, lines_before: u64) -> Reader<R> {
        Reader::reading_with(decoder, options, lines_before, FigureParser::new(options))
    }

    /// [`Reader::reading`], with the parser to read the rows with.
    fn reading_with(
        decoder: Decoder<R>,
        options: &ReadOptions,
        lines_before: u64,
        parser: FigureParser,
    ) -> Reader<R> {
        let csv = Parser {
            delimiter: options.delimiter(),
            counter: Some(LineCounter::new(decoder, options.delimiter(), lines_before)),
            made: None,
        };
        Reader {
            csv,
            parser,
            source: options.source().map(str::to_string),
            delimiter: options.delimiter(),
            skip_rows: options.skip_rows(),
            record: ::csv::ByteRecord::new(),
            columns: Vec::new(),
            names: Vec::new(),
            duplicates: Vec::new(),
            unnamed_noted: Vec::new(),
            pending: VecDeque::new(),
            last_start: 0,
            started: false,
            finished: false,
            queue: VecDeque::new(),
            findings: Vec::new(),
            known: Vec::new(),
            header_first: false,
            piece: false,
            noted: Vec::new(),
            io_failed: false,
            key: None,
            quick: None,
            quick_row: None,
            lane: None,
            scan: Scan::default(),
            row_cells: Vec::new(),
            batches: Vec::new(),
        }
    }

    /// A reader of a piece of a file that starts, on `first_line`, at the
    /// start of a row after the header: its rows are read as the whole
    /// file's reader reads them, with their lines in the whole file.
    fn piece(input: R, options: &ReadOptions, header: &Header, first_line: u64) -> Reader<R> {
        Reader::piece_with(
            input,
            options,
            header,
            first_line,
            FigureParser::new(options),
        )
    }

    /// [`Reader::piece`], read with `parser` (which keeps what it
    /// remembered of the pieces it read before).
    fn piece_with(
        input: R,
        options: &ReadOptions,
        header: &Header,
        first_line: u64,
        parser: FigureParser,
    ) -> Reader<R> {
        let decoder = Decoder::continuing(input, options.encoding());
        let lines_before = first_line.saturating_sub(1);
        let mut reader = Reader::reading_with(decoder, options, lines_before, parser);
        reader.piece = true;
        reader.started = true;
        reader.header_first = true;
        reader.columns.clone_from(&header.columns);
        reader.names.clone_from(&header.names);
        reader.duplicates.clone_from(&header.duplicates);
        reader.unnamed_noted = vec![false; header.columns.len()];
        reader.parser.set_columns(&header.known);
        reader.known.clone_from(&header.known);
        reader
    }

    /// The header, for the pieces of the file after the one this reader
    /// read, when they can be read on their own: the first row was the
    /// header, and it was read whole.
    fn header(&self) -> Option<Header> {
        (self.started && self.header_first && self.pending.is_empty() && !self.columns.is_empty())
            .then(|| Header {
                columns: self.columns.clone(),
                names: self.names.clone(),
                duplicates: self.duplicates.clone(),
                known: self.known.clone(),
            })
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

    /// The finding about the whole file, at its end; none for a piece.
    fn finish_finding(&mut self) -> Option<Finding> {
        if self.piece {
            None
        } else {
            self.parser.finish()
        }
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
        let position = self.record.position();
        let offset = position.map_or(0, |p| p.byte());
        let feeds = position.map(|p| p.line().saturating_sub(1));
        self.csv.get_mut().map_or(1, |c| c.line_at(offset, feeds))
    }

    /// Reads up to the header row, and returns its line: past the rows
    /// the options skip, or, when the first row is not a header, with an
    /// error that names the header a few lines down. `None` when there is
    /// no header to read (the findings say why).
    fn find_header(&mut self) -> Option<u64> {
        let mut skipped = None;
        loop {
            match self.csv.read_byte_record(&mut self.record) {
                Ok(true) => self.last_start = self.record.position().map_or(0, |p| p.byte()),
                Ok(false) => {
                    self.no_header(skipped.is_some());
                    return None;
                }
                Err(e) => {
                    self.io_error(&e);
                    return None;
                }
            }
            let line = self.line();
            let skip = u64::try_from(self.skip_rows).unwrap_or(u64::MAX);
            if line <= skip {
                skipped = Some(line);
                continue;
            }
            if skip > 0 {
                self.queue.push_back(Parsed::Finding(
                    Finding::new(
                        Severity::Note,
                        RuleId::PARSE_ROWS_SKIPPED,
                        format!(
                            "the {skip} line{} above the header {} skipped, as the rows to skip say",
                            if skip == 1 { "" } else { "s" },
                            if skip == 1 { "was" } else { "were" }
                        ),
                    )
                    .with_location(self.location(1))
                    .with_value("rows", skip),
                ));
                self.header_first = true;
                return Some(line);
            }
            if is_header(&self.record) {
                self.header_first = true;
                return Some(line);
            }
            return self.look_for_header(line);
        }
    }

    /// The first row, on `line`, is not a header: looks for one in the
    /// next few lines. Found, the lines above it are titles (a note names
    /// them, as a workbook's reader does) and reading starts at it; not
    /// found, the first row is the header (whose missing columns are
    /// reported) and the rows read ahead are read as rows.
    fn look_for_header(&mut self, line: u64) -> Option<u64> {
        let first = self.record.clone();
        let mut ahead = ::csv::ByteRecord::new();
        loop {
            match self.csv.read_byte_record(&mut ahead) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    self.io_error(&e);
                    break;
                }
            }
            let offset = ahead.position().map_or(0, |p| p.byte());
            self.last_start = offset;
            let feeds = ahead.position().map(|p| p.line().saturating_sub(1));
            let at = self.csv.get_mut().map_or(1, |c| c.line_at(offset, feeds));
            if at > HEADER_SEARCH {
                self.pending.push_back((ahead.clone(), at));
                break;
            }
            if is_header(&ahead) {
                // The lines above it are titles, as in a workbook: named
                // in a note, not read.
                let titles: Vec<(&::csv::ByteRecord, u64)> = std::iter::once((&first, line))
                    .chain(self.pending.iter().map(|(record, at)| (record, *at)))
                    .filter(|(record, _)| record.iter().any(|cell| !cell.trim_ascii().is_empty()))
                    .collect();
                if let (Some(&(record, from)), Some(&(_, to))) = (titles.first(), titles.last()) {
                    // The line as written, without the empty cells that
                    // pad it to the header's width.
                    let cells: Vec<&[u8]> = record.iter().collect();
                    let used = cells
                        .iter()
                        .rposition(|cell| !cell.trim_ascii().is_empty())
                        .map_or(0, |last| last.saturating_add(1));
                    let text = cells
                        .get(..used)
                        .unwrap_or_default()
                        .iter()
                        .map(|cell| String::from_utf8_lossy(cell))
                        .collect::<Vec<_>>()
                        .join(&char::from(self.delimiter).to_string())
                        .trim()
                        .to_string();
                    let finding = Finding::new(
                        Severity::Note,
                        RuleId::PARSE_TITLE_ROWS,
                        title_rows_message("line", titles.len(), from, to, &quote(&text)),
                    )
                    .with_location(self.location(from))
                    .with_value("rows", titles.len())
                    .with_value("text", excerpt(&text));
                    self.queue.push_back(Parsed::Finding(finding));
                }
                self.pending.clear();
                self.record = ahead;
                self.header_first = true;
                return Some(at);
            }
            self.pending.push_back((ahead.clone(), at));
        }
        self.record = first;
        Some(line)
    }

    /// The file ended before a header row: it is empty, all title rows,
    /// or not text at all.
    fn no_header(&mut self, skipped: bool) {
        self.finished = true;
        let at = Location {
            source: self.source.clone(),
            ..Location::default()
        };
        let (rule, message) = match self.csv.get_ref().and_then(|c| c.inner.not_text()) {
            Some(not_text @ NotText::Utf16 { .. }) => {
                (RuleId::PARSE_ENCODING, not_text.message("CSV"))
            }
            Some(not_text) => (RuleId::PARSE_WORKBOOK, not_text.message("CSV")),
            None if skipped => (
                RuleId::PARSE_HEADER,
                format!(
                    "the file has no line after the {} rows to skip, so there is no header and no figure",
                    self.skip_rows
                ),
            ),
            None => (
                RuleId::PARSE_HEADER,
                "the file is empty: its first row must name the columns (indicator, period, value, ...)"
                    .to_string(),
            ),
        };
        self.queue.push_back(Parsed::Finding(
            Finding::new(Severity::Error, rule, message).with_location(at),
        ));
    }

    fn read_header(&mut self) {
        let Some(line) = self.find_header() else {
            return;
        };
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
                        self.duplicates.push((earlier, i));
                        let earlier_name = self.names.get(earlier).map_or("", String::as_str);
                        self.queue.push_back(Parsed::Finding(
                            Finding::new(
                                Severity::Warning,
                                RuleId::PARSE_DUPLICATE_COLUMN,
                                format!(
                                    "columns {} ({}) and {} ({}) both name the {} column: a row is read only where the two agree",
                                    earlier + 1,
                                    quote(earlier_name),
                                    i + 1,
                                    quote(&name),
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
                        format!(
                            "the column {} is not part of the figures format, so it is ignored",
                            quote(&name)
                        ),
                    )
                    .with_location(at.clone().with_column(&name)),
                ));
            }
            self.columns.push(kept);
            self.names.push(name);
        }
        self.unnamed_noted = vec![false; self.columns.len()];
        self.parser.set_columns(&known);
        self.known = known;
        let (missing, lone_part) = FigureParser::header_lacks(|column| first.contains_key(&column));
        if !missing.is_empty() {
            let found: Vec<String> = self.names.iter().map(|n| quote(n)).collect();
            let mut message = format!(
                "the header has no {} column, so no figure can be read; the columns are {}",
                missing.join(", no "),
                found.join(", ")
            );
            if let [only] = self.names.as_slice() {
                if let Some(sep) = [';', '\t', '|'].into_iter().find(|&c| only.contains(c)) {
                    message.push_str(&format!(
                        "; the header is one cell holding {sep:?}: is the file separated by {sep:?}? then set the delimiter to {}",
                        delimiter_name(u8::try_from(sep).unwrap_or(b','))
                    ));
                }
            }
            self.queue.push_back(Parsed::Finding(
                Finding::new(Severity::Error, RuleId::PARSE_HEADER, message)
                    .with_location(at.clone()),
            ));
        }
        if let Some(message) = lone_part {
            self.queue.push_back(Parsed::Finding(
                Finding::new(Severity::Error, RuleId::PARSE_HEADER, message).with_location(at),
            ));
        }
    }

    fn io_error(&mut self, error: &::csv::Error) {
        self.finished = true;
        self.io_failed = true;
        let line = match error.position() {
            Some(p) => self.csv.get_mut().map_or(1, |c| c.line_at(p.byte(), None)),
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

    /// Reads the current record, which starts on `line`: its figure, if
    /// it has one; its findings go to the queue.
    /// Where the text of the row's cell `i` goes, when it holds some.
    fn place_of(&self, i: usize) -> Place {
        match self.columns.get(i) {
            Some(Some(column)) => Place::Column(*column),
            Some(None)
                if self.names.get(i).is_some_and(String::is_empty)
                    && self.unnamed_noted.get(i) == Some(&false) =>
            {
                Place::Unnoted
            }
            Some(None) => Place::Ignored,
            None => Place::Extra,
        }
    }

    fn read_row(&mut self, line: u64) -> Option<Parsed> {
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
            match self.place_of(i) {
                Place::Column(column) => {
                    let text = whole
                        .and_then(|whole| whole.get(start..end))
                        .or_else(|| std::str::from_utf8(raw).ok());
                    match text {
                        Some(text) => cells.set(column, text),
                        None => not_utf8 = true,
                    }
                }
                Place::Ignored => {}
                Place::Unnoted => {
                    unnamed.get_or_insert(i);
                }
                Place::Extra => extra_filled = true,
            }
        }
        if blank {
            return None;
        }
        if let Some(finding) = self.unclosed_quote(line) {
            self.queue.push_back(Parsed::Finding(finding));
            return None;
        }
        if let Some(finding) = self.swallowed_rows(line) {
            self.queue.push_back(Parsed::Finding(finding));
            return None;
        }
        if self.record.len() < expected || extra_filled {
            self.refuse_row(self.location(line), extra_filled);
            return None;
        }
        if let Some(i) = unnamed {
            self.note_unnamed(i, &self.location(line));
            return self.read_row(line);
        }
        if !self.duplicates.is_empty() {
            let conflicts = self.conflicting_columns(&self.location(line));
            if !conflicts.is_empty() {
                self.queue
                    .extend(conflicts.into_iter().map(Parsed::Finding));
                return None;
            }
        }
        if not_utf8 {
            self.read_row_not_utf8(self.location(line));
            return None;
        }
        if let Some((query, shards, names)) = &self.quick {
            if let Some(quick) = self
                .parser
                .quick(&cells.bytes(), line, query, *shards, names)
            {
                self.key = None;
                self.keep_quick(quick);
                return None;
            }
        }
        let at = self.location(line);
        self.findings.clear();
        let figure = self.parser.parse(&cells, &at, &mut self.findings);
        if figure.is_none() {
            // A row the parser refuses may be a totals row ("Total"), as a
            // spreadsheet exported to CSV keeps it: one warning, as in a
            // workbook, instead of the parser's errors.
            if let Some(finding) = self.totals_row(&at) {
                self.findings.clear();
                self.queue.push_back(Parsed::Finding(finding));
                return None;
            }
        }
        self.queue
            .extend(self.findings.drain(..).map(Parsed::Finding));
        self.key = self.parser.series_key().map(|key| (line, key));
        figure.map(|figure| Parsed::Figure(figure, at))
    }

    /// The warning for a row that a totals label names (`Total`, `Grand
    /// total`), with the row's value if it has one; `None` for any other.
    fn totals_row(&self, at: &Location) -> Option<Finding> {
        let label = self.record.iter().enumerate().find_map(|(i, raw)| {
            let column = self.columns.get(i).copied().flatten();
            let text = std::str::from_utf8(raw).ok()?.trim();
            (labels_a_row(column) && is_totals_label(text)).then_some((i, text))
        })?;
        let (i, text) = label;
        let at = match self.names.get(i).filter(|name| !name.is_empty()) {
            Some(name) => at.clone().with_column(name),
            None => at.clone(),
        };
        let mut finding = Finding::new(
            Severity::Warning,
            RuleId::PARSE_TOTALS_ROW,
            totals_row_message(&quote(text)),
        )
        .with_location(at);
        let value = self
            .columns
            .iter()
            .position(|c| *c == Some(Column::Value))
            .and_then(|j| self.record.get(j))
            .and_then(|raw| std::str::from_utf8(raw).ok())
            .map(str::trim)
            .filter(|v| !v.is_empty());
        if let Some(value) = value {
            finding = finding.with_value("value", value);
        }
        Some(finding)
    }

    /// The key of the series of `parsed`, when it is the last figure read
    /// ([`FigureParser::series_key`]).
    fn key_of(&self, parsed: &Parsed) -> Option<SeriesKey> {
        match parsed {
            Parsed::Figure(_, at) => self.key_of_line(at.line),
            Parsed::Finding(_) => None,
        }
    }

    /// The key of the series of the figure on `line`, when it is the last
    /// figure read.
    fn key_of_line(&self, line: Option<u64>) -> Option<SeriesKey> {
        match self.key {
            Some((at, key)) if line == Some(at) => Some(key),
            _ => None,
        }
    }

    /// The error for a record that an opening quote, never closed, made
    /// of the rest of the file.
    fn unclosed_quote(&self, line: u64) -> Option<Finding> {
        let start = self.record.position().map_or(0, |p| p.byte());
        if start != self.last_start {
            return None;
        }
        let counter = self.csv.get_ref()?;
        let opened = counter.unclosed_quote().filter(|&at| at >= start)?;
        let opened_line = counter.line_of(opened);
        let after = counter.lines_after(opened);
        let swallowed = match after {
            0 => "it runs to the end of the file, so the row is not read".to_string(),
            1 => "the line after it was read as part of one cell, so neither the row nor that line is read".to_string(),
            n => format!(
                "the {} lines after it were read as one cell, so neither the row nor those lines are read",
                grouped_u64(n)
            ),
        };
        Some(
            Finding::new(
                Severity::Error,
                RuleId::PARSE_QUOTE,
                format!(
                    "a quote opened at line {opened_line} never closes: {swallowed}; close the quote (a quote inside a quoted cell is written twice: \"\")"
                ),
            )
            .with_location(self.location(line).with_line(opened_line))
            .with_value("lines", after),
        )
    }

    /// The error for a record whose quoted cell spans lines that look
    /// like rows of their own (as many delimiters as a row has): a
    /// closing quote is probably missing, and those rows would be lost
    /// in one cell. A few lines without delimiters (a note written over
    /// several lines) are a cell like any other.
    fn swallowed_rows(&self, line: u64) -> Option<Finding> {
        if !holds_line_break(self.record.as_slice()) {
            return None;
        }
        let needed = self.columns.len().saturating_sub(1).max(2);
        let mut line_of_cell = line;
        for raw in &self.record {
            let breaks = count_breaks(raw);
            if breaks > 0 {
                let mut first_rowlike = None;
                let mut last_rowlike = 0;
                let mut rowlike = 0_u64;
                for (k, part) in split_lines(raw).into_iter().enumerate().skip(1) {
                    let delimiters = part.iter().filter(|&&b| b == self.delimiter).count();
                    if delimiters >= needed {
                        let at = line_of_cell + k as u64;
                        first_rowlike.get_or_insert(at);
                        last_rowlike = at;
                        rowlike += 1;
                    }
                }
                if let Some(first) = first_rowlike {
                    let lines = if rowlike == 1 {
                        format!("line {first} looks like a row of its own")
                    } else {
                        format!(
                            "{} of its lines, from line {first} to line {last_rowlike}, look like rows of their own",
                            grouped_u64(rowlike)
                        )
                    };
                    return Some(
                        Finding::new(
                            Severity::Error,
                            RuleId::PARSE_QUOTE,
                            format!(
                                "a quoted cell opened at line {line_of_cell} runs over {} lines, and {lines} (with {needed} or more {}), so a closing quote is probably missing: neither the row nor those lines are read; check the quotes on line {line_of_cell}",
                                grouped_u64(breaks + 1),
                                delimiter_plural(self.delimiter)
                            ),
                        )
                        .with_location(self.location(line).with_line(line_of_cell))
                        .with_value("lines", breaks + 1)
                        .with_value("rows in the cell", rowlike),
                    );
                }
            }
            line_of_cell += breaks;
        }
        None
    }

    /// Checks the columns that name one column twice: an error for each
    /// pair that disagrees on this row (the row is then refused).
    fn conflicting_columns(&self, at: &Location) -> Vec<Finding> {
        let mut conflicts = Vec::new();
        for &(first, second) in &self.duplicates {
            let text = |i: usize| {
                self.record
                    .get(i)
                    .map(|raw| String::from_utf8_lossy(raw).trim().to_string())
                    .unwrap_or_default()
            };
            let (a, b) = (text(first), text(second));
            if a == b {
                continue;
            }
            let name = |i: usize| self.names.get(i).map_or("", String::as_str);
            conflicts.push(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_COLUMN_CONFLICT,
                    format!(
                        "columns {} ({}) and {} ({}) name the same column but disagree: {} and {}, so the row is not read",
                        first + 1,
                        quote(name(first)),
                        second + 1,
                        quote(name(second)),
                        quote(&a),
                        quote(&b)
                    ),
                )
                .with_location(at.clone().with_column(name(second)))
                .with_value("first", excerpt(&a))
                .with_value("second", excerpt(&b)),
            );
        }
        conflicts
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
            .with_value("row", excerpt_to(&cells.join(","), 200)),
        ));
    }

    /// Notes, once, that a column without a name holds something.
    fn note_unnamed(&mut self, i: usize, at: &Location) {
        if let Some(noted) = self.unnamed_noted.get_mut(i) {
            *noted = true;
        }
        self.noted.push(i);
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
                    "{}, so its cells are ignored, such as this one",
                    unnamed_note(i)
                ),
            )
            .with_location(at.clone())
            .with_value("text", excerpt(&text)),
        ));
    }

    /// Reads a row some of whose cells are not UTF-8: each such cell is
    /// an error, and the other cells are still checked.
    fn read_row_not_utf8(&mut self, at: Location) {
        let mut bad_text: Vec<(Column, String)> = Vec::new();
        let mut good_text: Vec<(Column, &str)> = Vec::new();
        let mut windows = false;
        for (i, raw) in self.record.iter().enumerate() {
            if let Some(Some(column)) = self.columns.get(i) {
                match std::str::from_utf8(raw) {
                    Ok(text) => good_text.push((*column, text)),
                    Err(_) if looks_like_windows_1252(raw) => {
                        bad_text.push((*column, raw.iter().map(|&b| windows_1252(b)).collect()));
                        windows = true;
                    }
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
                    if windows {
                        format!(
                            "the text is not valid UTF-8, but reads as Windows-1252 ({}): set the encoding to windows-1252, or save the file as UTF-8 (in a spreadsheet, \"CSV UTF-8\")",
                            quote(text)
                        )
                    } else {
                        "the text is not valid UTF-8: save the file as UTF-8 (in a spreadsheet, \"CSV UTF-8\")".to_string()
                    },
                )
                .with_location(at.clone().with_column(name))
                .with_value("text", excerpt(text)),
            ));
        }
    }
}

impl<R: Read> Reader<R> {
    /// Keeps a row read without making an [`Observation`] of it: in its
    /// part's batch, or for [`Reader::next_item`] to give.
    fn keep_quick(&mut self, quick: Option<(usize, Quick)>) {
        match quick {
            Some((shard, quick)) if shard < self.batches.len() => {
                if let Some(batch) = self.batches.get_mut(shard) {
                    batch.push(Keyed::Quick(quick));
                }
            }
            quick => self.quick_row = quick,
        }
    }

    /// Reads the next rows of the lane's piece from its bytes, as
    /// [`Reader::read_row`] reads them, until one gives an item for
    /// [`Reader::next_item`] (rows read for totals go to their batch), or,
    /// at a row that is not plain, leaves the rest of the piece to the CSV
    /// parser.
    fn lane_row(&mut self, mut lane: Lane) {
        let text = lane.piece.text().unwrap_or_default();
        let mut cells = std::mem::take(&mut self.row_cells);
        let lane = loop {
            if text.len() <= lane.at && !lane.failed {
                // The end of the piece, read whole.
                self.finished = true;
                if let Some(finding) = self.finish_finding() {
                    self.queue.push_back(Parsed::Finding(finding));
                }
                break None;
            }
            let end = plain_row(text, lane.at, self.delimiter, &mut self.scan, &mut cells);
            let end = end.filter(|_| self.lane_cells(text, &cells, lane.line));
            let Some(end) = end else {
                // The parser reads on from this row, on this line.
                lane.start.store(lane.at, Ordering::Relaxed);
                if let Some(counter) = self.csv.get_mut() {
                    counter.restart(lane.line);
                }
                break None;
            };
            lane.at = end;
            lane.line += 1;
            if !self.queue.is_empty() || self.quick_row.is_some() {
                break Some(lane);
            }
        };
        self.row_cells = cells;
        self.lane = lane;
    }

    /// Reads a plain row on `line`, its `cells` where [`plain_row`] found
    /// them in `text`, as [`Reader::read_row`] reads it; `false`, having read
    /// nothing, when the CSV parser must read it: its cells do not line
    /// up with the header, or a column without a name holds something
    /// (which the parser notes).
    fn lane_cells(&mut self, text: &[u8], found: &[(usize, usize)], line: u64) -> bool {
        // The cells' bytes: each cell starts and ends at a delimiter, a
        // quote or a line break, all ASCII, so its bytes are UTF-8 text.
        let mut cells = CellBytes::default();
        let mut quick = self.quick.is_some();
        let mut blank = true;
        let mut plain = found.len() >= self.columns.len();
        for (i, &(from, to)) in found.iter().enumerate() {
            let Some(cell) = text.get(from..to) else {
                return false;
            };
            // Most often the first byte says the cell is not blank.
            let visible = cell.first().is_some_and(|b| !b.is_ascii_whitespace());
            if !visible && cell.trim_ascii().is_empty() {
                continue;
            }
            blank = false;
            match self.place_of(i) {
                Place::Column(column) => quick &= cells.set(column, cell),
                Place::Ignored => {}
                // The parser notes the one, refuses the other.
                Place::Unnoted | Place::Extra => plain = false,
            }
        }
        if blank {
            return true;
        }
        if !plain {
            return false;
        }
        if let Some((query, shards, names)) = self.quick.as_ref().filter(|_| quick) {
            if let Some(quick) = self.parser.quick(&cells, line, query, *shards, names) {
                self.key = None;
                self.keep_quick(quick);
                return true;
            }
        }
        // Read as the parser reads a row, from its cells.
        self.record.clear();
        for &(from, to) in found {
            self.record.push_field(text.get(from..to).unwrap_or(&[]));
        }
        if let Some(parsed) = self.read_row(line) {
            self.queue.push_back(parsed);
        }
        true
    }
}

/// Where the row starting at `at` in `bytes` ends, line break included,
/// when it is plain: on one line ended by a line feed (or `\r\n`), each
/// cell unquoted and without a quote or `\r`, or quoted without a line
/// break or a quote inside, and followed by the delimiter or the line
/// end; `cells` is then where each cell's text starts and ends in
/// `bytes`. `None` for any other row, which the CSV parser reads. The
/// delimiter is no quote or line break (a piece is read in a [`Lane`]
/// only then). `scan` keeps the marks of the bytes last looked at, for
/// the next row: the same `bytes` must be given with it.
fn plain_row(
    bytes: &[u8],
    at: usize,
    delimiter: u8,
    scan: &mut Scan,
    cells: &mut Vec<(usize, usize)>,
) -> Option<usize> {
    cells.clear();
    if at >= bytes.len() {
        return None;
    }
    // The cell being read starts at `start`, quoted or not; marks before
    // `from` are passed.
    let mut start = at;
    let mut quoted = bytes.get(start) == Some(&b'"');
    let mut from = start + usize::from(quoted);
    let (mut base, mut block) = scan.block(bytes, from, delimiter);
    let end = 'row: loop {
        if from >= bytes.len() {
            break 'row None;
        }
        if from - base >= Block::LEN {
            base = from;
            block = Block::of(bytes, base, delimiter);
        }
        // Below `Block::LEN`, as the block holds `from`.
        let live = !0 << (from - base);
        if quoted {
            // A quoted cell ends at a quote; a line break before it makes
            // the row one for the parser.
            let stop = (block.quotes | block.breaks) & live;
            if stop == 0 {
                from = base + Block::LEN;
                continue;
            }
            let p = base + stop.trailing_zeros() as usize;
            if block.quotes & stop & stop.wrapping_neg() == 0 {
                break 'row None;
            }
            cells.push((start + 1, p));
            match bytes.get(p + 1) {
                Some(&d) if d == delimiter => {
                    start = p + 2;
                    quoted = bytes.get(start) == Some(&b'"');
                    from = start + usize::from(quoted);
                }
                Some(b'\n') => break 'row Some(p + 2),
                Some(b'\r') if bytes.get(p + 2) == Some(&b'\n') => break 'row Some(p + 3),
                _ => break 'row None,
            }
            continue;
        }
        // Unquoted cells end at the delimiter or a line break, one after
        // the other while the next is unquoted too.
        let mut stop = (block.delimiters | block.quotes | block.breaks) & live;
        loop {
            if stop == 0 {
                from = base + Block::LEN;
                continue 'row;
            }
            let bit = stop & stop.wrapping_neg();
            let p = base + stop.trailing_zeros() as usize;
            cells.push((start, p));
            if block.delimiters & bit == 0 {
                // A line break, or a quote, which makes the row one for
                // the parser.
                match bytes.get(p) {
                    Some(b'\n') => break 'row Some(p + 1),
                    Some(b'\r') if bytes.get(p + 1) == Some(&b'\n') => break 'row Some(p + 2),
                    _ => break 'row None,
                }
            }
            start = p + 1;
            if bytes.get(start) == Some(&b'"') {
                quoted = true;
                from = start + 1;
                continue 'row;
            }
            stop ^= bit;
        }
    };
    scan.last = Some((base, block));
    end
}

/// The marks of the last [`Block::LEN`] bytes [`plain_row`] looked at,
/// and where they start.
#[derive(Debug, Default)]
struct Scan {
    last: Option<(usize, Block)>,
}

impl Scan {
    /// The block of marks holding `at`, and where it starts: the last
    /// one, or the one from `at`.
    fn block(&self, bytes: &[u8], at: usize, delimiter: u8) -> (usize, Block) {
        match self.last {
            Some((base, block)) if base <= at && at - base < Block::LEN => (base, block),
            _ => (at, Block::of(bytes, at, delimiter)),
        }
    }
}

/// Where the bytes that matter to splitting a row are among
/// [`Block::LEN`] bytes: a bit for each byte, the lowest for the first;
/// bytes past the end are none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Block {
    delimiters: u64,
    quotes: u64,
    /// `\n` and `\r`.
    breaks: u64,
}

impl Block {
    const LEN: usize = 64;

    /// The marks of the [`Block::LEN`] bytes from `at`, sixteen at a time
    /// where the processor can.
    fn of(bytes: &[u8], at: usize, delimiter: u8) -> Block {
        let padded: [u8; Block::LEN];
        let (block, valid) = match bytes.get(at..at + Block::LEN) {
            Some(block) => (block, !0),
            None => {
                let rest = bytes.get(at..).unwrap_or(&[]);
                let mut bytes = [0; Block::LEN];
                if let Some(head) = bytes.get_mut(..rest.len()) {
                    head.copy_from_slice(rest);
                }
                padded = bytes;
                // Fewer than `Block::LEN` bytes are left.
                (padded.as_slice(), (1 << rest.len().min(Block::LEN - 1)) - 1)
            }
        };
        let splat = [delimiter, b'"', b'\n', b'\r'].map(u8x16::splat);
        let mut marks = Block {
            delimiters: 0,
            quotes: 0,
            breaks: 0,
        };
        for (k, sixteen) in block.chunks_exact(16).enumerate() {
            let Ok(sixteen) = <[u8; 16]>::try_from(sixteen) else {
                continue;
            };
            let v = u8x16::new(sixteen);
            let bits = |m: u8x16| u64::from(m.move_mask() as u16) << (16 * k);
            let [d, q, n, r] = splat;
            marks.delimiters |= bits(v.cmp_eq(d));
            marks.quotes |= bits(v.cmp_eq(q));
            marks.breaks |= bits(v.cmp_eq(n) | v.cmp_eq(r));
        }
        marks.delimiters &= valid;
        marks.quotes &= valid;
        marks.breaks &= valid;
        marks
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Parsed;

    fn next(&mut self) -> Option<Parsed> {
        loop {
            match self.next_item()? {
                Item::Parsed(parsed) => return Some(parsed),
                // Not read this way: `quick` is only set for `next_item`.
                Item::Quick(..) => {}
            }
        }
    }
}

impl<R: Read> Reader<R> {
    /// The next item, or the next figure read for totals without making
    /// an [`Observation`] of it (when [`Reader::quick`] is set).
    fn next_item(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(Item::Parsed(item));
            }
            if let Some((shard, quick)) = self.quick_row.take() {
                return Some(Item::Quick(shard, quick));
            }
            if let Some((record, line)) = self.pending.pop_front() {
                self.record = record;
                if let Some(figure) = self.read_row(line) {
                    self.queue.push_back(figure);
                }
                continue;
            }
            if self.finished {
                return None;
            }
            if !self.started {
                self.started = true;
                self.read_header();
                continue;
            }
            if let Some(lane) = self.lane.take() {
                self.lane_row(lane);
                continue;
            }
            match self.csv.read_byte_record(&mut self.record) {
                Ok(true) => {
                    self.last_start = self.record.position().map_or(0, |p| p.byte());
                    let line = self.line();
                    if let Some(figure) = self.read_row(line) {
                        if self.queue.is_empty() {
                            return Some(Item::Parsed(figure));
                        }
                        self.queue.push_back(figure);
                    }
                }
                Ok(false) => {
                    self.finished = true;
                    if let Some(finding) = self.finish_finding() {
                        self.queue.push_back(Parsed::Finding(finding));
                    }
                }
                Err(e) => {
                    if let Some(finding) = self.finish_finding() {
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
    let mut data = FigureParser::new(options).empty_dataset();
    let mut findings = Findings::new();
    read_each(input, options, |parsed| {
        super::keep(&mut data, &mut findings, parsed);
    });
    (data, findings)
}

/// Reads a CSV file of figures, giving `each` every figure (with its
/// line) and every finding, in the order of the file, as
/// [`Reader`] gives them: on the options' [threads](ReadOptions::with_threads),
/// the same items in the same order whatever their number.
///
/// ```
/// use impact_metrics::{Catalogue, FiscalCalendar, csv, format::Parsed, format::ReadOptions};
/// let file = "indicator,period,value\nvictims_removed,20/21 Q1,3\nvictims_removed,20/21 Q2,x\nvictims_removed,20/21 Q3,4\n";
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let mut lines = Vec::new();
/// for threads in 1..=3 {
///     let mut seen = Vec::new();
///     csv::read_each(file.as_bytes(), &options.clone().with_threads(threads).with_chunk_bytes(8), |parsed| match parsed {
///         Parsed::Figure(_, at) => seen.push(format!("figure {at}")),
///         Parsed::Finding(f) => seen.push(format!("finding {}", f.location)),
///     });
///     lines.push(seen);
/// }
/// assert_eq!(lines[0], ["figure line 2", "finding line 3: column \"value\"", "figure line 4"]);
/// assert!(lines.iter().all(|seen| *seen == lines[0]));
/// ```
pub fn read_each<R: Read>(input: R, options: &ReadOptions, each: impl FnMut(Parsed)) {
    struct Each<F>(F);
    impl<F: FnMut(Parsed)> Take for Each<F> {
        fn item(&mut self, parsed: Parsed) {
            (self.0)(parsed);
        }
    }
    let read = |reader: &mut Reader<PieceInput>, _worker: Option<usize>| PieceOut {
        items: reader.collect(),
        batches: Vec::new(),
        worker: None,
    };
    read_in_pieces(input, options, &read, &mut Each(each));
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
    let threads = options.threads();
    // Adding a figure takes a fraction of the time reading it does: the
    // groups in one shard for every three reading threads. The reading
    // threads add the shards' figures themselves, between pieces, in the
    // file's order.
    let shard_count = threads.div_ceil(3).max(1);
    let shards: Vec<Shard> = (0..shard_count).map(|_| Shard::new(query)).collect();
    // The batches added are given back to the worker that filled them, to
    // be emptied and filled again there: what a worker allocates for its
    // figures, it frees.
    let (spent, spares): (Vec<_>, Vec<_>) = (0..threads)
        .map(|_| {
            let (spent, spare) = mpsc::channel::<Vec<Keyed>>();
            (spent, Mutex::new(spare))
        })
        .unzip();
    let names = Arc::new(aggregate::PartnerNames::default());
    let adding = Adding {
        source: options.source(),
        names: &names,
        spent: &spent,
    };
    let read = |reader: &mut Reader<PieceInput>, worker: Option<usize>| {
        if worker.is_some() {
            // What the pieces before this one gave, while it waits here.
            for shard in &shards {
                shard.add(&adding, false);
            }
        }
        reader.quick = Some((query.clone(), shard_count, Arc::clone(&names)));
        let mut items = Vec::new();
        let spare = worker
            .and_then(|w| spares.get(w))
            .and_then(|spare| spare.lock().ok());
        let batches: Vec<Vec<Keyed>> = (0..shard_count)
            .map(|_| {
                let mut batch = spare
                    .as_ref()
                    .and_then(|spare| spare.try_recv().ok())
                    .unwrap_or_default();
                batch.clear();
                batch
            })
            .collect();
        drop(spare);
        reader.batches = batches;
        while let Some(item) = reader.next_item() {
            match item {
                Item::Parsed(Parsed::Figure(figure, at)) => {
                    let key = reader.key_of_line(at.line);
                    let shard = aggregate::shard(query, &figure, shard_count);
                    if let Some(batch) = reader.batches.get_mut(shard) {
                        batch.push(Keyed::Figure(Box::new((figure, at.line.unwrap_or(0), key))));
                    }
                }
                Item::Parsed(finding) => items.push(finding),
                Item::Quick(shard, quick) => {
                    if let Some(batch) = reader.batches.get_mut(shard) {
                        batch.push(Keyed::Quick(quick));
                    }
                }
            }
        }
        let batches = std::mem::take(&mut reader.batches);
        PieceOut {
            items,
            batches,
            worker,
        }
    };
    let mut take = Totals {
        totals: Aggregator::new(query),
        query,
        names: &names,
        source: options.source(),
        findings: Vec::new(),
        shards: &shards,
        adding: &adding,
        pieces: Vec::new(),
    };
    read_in_pieces(input, options, &read, &mut take);
    let mut shard_totals = Vec::new();
    let mut refusals = Vec::new();
    for shard in &shards {
        // What the reading threads left.
        shard.add(&adding, true);
        let (totals, mut refused) = shard.take_totals(query);
        shard_totals.push(totals);
        refusals.append(&mut refused);
    }
    for shard in shard_totals {
        if take.totals.is_empty() {
            // Nothing to merge into: the shard's totals are the totals.
            take.totals = shard;
        } else {
            take.totals.merge(shard)?;
        }
    }
    let findings = take.with_refusals(refusals);
    Ok((take.totals.finish()?, findings))
}

/// A figure read, with its line (its location is the source's line) and
/// the key of its series ([`FigureParser::series_key`]); or one read
/// without making an [`Observation`] of it (most are: the other is
/// boxed, so that a batch costs what these cost).
#[derive(Debug)]
enum Keyed {
    Figure(Box<(Observation, u64, Option<SeriesKey>)>),
    Quick(Quick),
}

/// The figures of one shard in one piece, with the worker that read them
/// (`None`: the calling thread).
type Batch = (Option<usize>, Vec<Keyed>);

/// A figure refused by the totals of a shard: its piece (from 0), its
/// line, and the finding.
type Refused = (usize, u64, Finding);

/// Totals what a CSV file's pieces give: their figures, in the pieces'
/// order, on the adding threads (one for each shard of the groups); their
/// findings here, in the file's order.
struct Totals<'a> {
    /// The totals of the figures given one by one, when the file is read
    /// in one go.
    totals: Aggregator,
    query: &'a Query,
    names: &'a Arc<aggregate::PartnerNames>,
    source: Option<&'a str>,
    findings: Vec<Finding>,
    /// Where each shard's figures wait to be added, a piece's at a time.
    shards: &'a [Shard],
    adding: &'a Adding<'a>,
    /// Where each piece's findings end in `findings`.
    pieces: Vec<usize>,
}

impl Take for Totals<'_> {
    fn quick_query(&self) -> Option<(&Query, &Arc<aggregate::PartnerNames>)> {
        Some((self.query, self.names))
    }

    fn quick(&mut self, figure: Quick) {
        if let Err(error) = self.totals.count_quick(&figure, self.names) {
            self.findings
                .push(quick_refusal(&figure, &error, self.names, self.source));
        }
    }

    fn item(&mut self, parsed: Parsed) {
        let mut findings = Findings::new();
        super::total(&mut self.totals, &mut findings, parsed);
        self.findings.extend(findings.findings().iter().cloned());
    }

    fn keyed(&mut self, parsed: Parsed, key: Option<SeriesKey>) {
        match parsed {
            Parsed::Figure(figure, at) => {
                // A figure refused changes nothing, so adding it again
                // gives the same refusal, as a finding.
                if self.totals.count_keyed(&figure, key).is_err() {
                    self.item(Parsed::Figure(figure, at));
                }
            }
            Parsed::Finding(finding) => self.findings.push(finding),
        }
    }

    fn piece(&mut self, piece: PieceOut, again: &mut dyn FnMut() -> Vec<Parsed>) {
        let _ = again;
        for parsed in piece.items {
            if let Parsed::Finding(finding) = parsed {
                self.findings.push(finding);
            }
        }
        self.pieces.push(self.findings.len());
        for (shard, batch) in self.shards.iter().zip(piece.batches) {
            // When the reading threads fall behind in adding, this one
            // adds too: the figures waiting are never more than a few
            // pieces' worth.
            if shard.waiting() >= AHEAD {
                shard.add(self.adding, true);
            }
            shard.wait((piece.worker, batch));
        }
    }
}

impl Totals<'_> {
    /// The findings, with each refusal of a shard's totals where reading
    /// the file in one go gives it: in its piece, after the findings of
    /// its row (which are on its line) and before those of the rows after.
    fn with_refusals(&mut self, mut refusals: Vec<Refused>) -> Findings {
        refusals.sort_by_key(|(piece, line, _)| (*piece, *line));
        let mut refusals = refusals.into_iter().peekable();
        let mut findings = Findings::new();
        let mut start = 0;
        // Taken from the front in one pass: draining each piece's from the
        // front of the list would move the rest every time.
        let mut read = std::mem::take(&mut self.findings).into_iter();
        for (piece, &end) in self.pieces.iter().enumerate() {
            for finding in read.by_ref().take(end - start) {
                let line = finding.location.line.unwrap_or(0);
                while let Some((_, _, refusal)) =
                    refusals.next_if(|&(p, at, _)| p == piece && at < line)
                {
                    findings.push(refusal);
                }
                findings.push(finding);
            }
            while let Some((_, _, refusal)) = refusals.next_if(|&(p, _, _)| p == piece) {
                findings.push(refusal);
            }
            start = end;
        }
        findings.extend(refusals.map(|(_, _, refusal)| refusal));
        findings.extend(read);
        findings
    }
}

/// The finding for a figure read without making an [`Observation`] of it
/// that `totals` refused with `error`: the finding of
/// [`super::total`] for it.
fn quick_refusal(
    figure: &Quick,
    error: &crate::Error,
    names: &aggregate::PartnerNames,
    source: Option<&str>,
) -> Finding {
    let at = Location {
        source: source.map(str::to_string),
        line: Some(figure.line),
        ..Location::default()
    };
    let series = aggregate::quick_series(figure, names);
    super::refusal(error, at, series.ok(), figure.period)
}

/// What adding a shard's figures needs besides them: where the figures
/// are from, the partners' names, and where each worker's batches go back
/// to.
struct Adding<'a> {
    source: Option<&'a str>,
    names: &'a aggregate::PartnerNames,
    spent: &'a [mpsc::Sender<Vec<Keyed>>],
}

/// The totals of one shard of the groups, with the figures they refused,
/// and the pieces' batches waiting to be added to them, in the file's
/// order. The shard holds every figure of its groups, added in the file's
/// order, so its refusals are those of reading the file in one go.
struct Shard {
    /// The totals, the refusals, and how many pieces' batches were added.
    totals: Mutex<(Aggregator, Vec<Refused>, usize)>,
    waiting: Mutex<VecDeque<Batch>>,
}

impl Shard {
    fn new(query: &Query) -> Shard {
        Shard {
            totals: Mutex::new((Aggregator::new(query), Vec::new(), 0)),
            waiting: Mutex::new(VecDeque::new()),
        }
    }

    /// Puts the next piece's batch in line to be added.
    fn wait(&self, batch: Batch) {
        lock(&self.waiting).push_back(batch);
    }

    /// How many pieces' batches wait to be added.
    fn waiting(&self) -> usize {
        lock(&self.waiting).len()
    }

    /// Adds the batches waiting, in order: unless another thread is
    /// adding them and `wait` is false, when that thread adds them all.
    fn add(&self, adding: &Adding<'_>, wait: bool) {
        loop {
            let mut totals = match self.totals.try_lock() {
                Ok(totals) => totals,
                Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) if wait => lock(&self.totals),
                Err(std::sync::TryLockError::WouldBlock) => return,
            };
            let (aggregator, refused, piece) = &mut *totals;
            loop {
                let Some((worker, batch)) = lock(&self.waiting).pop_front() else {
                    break;
                };
                add_batch(
                    aggregator,
                    &batch,
                    *piece,
                    adding.source,
                    adding.names,
                    refused,
                );
                *piece += 1;
                if let Some(spent) = worker.and_then(|w| adding.spent.get(w)) {
                    // A worker that has stopped needs it no more.
                    let _ = spent.send(batch);
                }
            }
            drop(totals);
            // A batch put in line after the last look, by a thread that
            // found the totals taken, is added here.
            if lock(&self.waiting).is_empty() {
                return;
            }
        }
    }

    /// The totals and the refusals, leaving none.
    fn take_totals(&self, query: &Query) -> (Aggregator, Vec<Refused>) {
        let mut totals = lock(&self.totals);
        let aggregator = std::mem::replace(&mut totals.0, Aggregator::new(query));
        (aggregator, std::mem::take(&mut totals.1))
    }
}

/// Locks `mutex`: a thread that panicked holding it leaves what it held
/// as it was, and its panic ends the reading.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Adds the figures of one piece's batch (the piece numbered `piece`,
/// from 0) to `totals`, in order; each figure refused is a finding in
/// `refused`.
fn add_batch(
    totals: &mut Aggregator,
    batch: &[Keyed],
    piece: usize,
    source: Option<&str>,
    names: &aggregate::PartnerNames,
    refused: &mut Vec<Refused>,
) {
    for keyed in batch {
        let (figure, line, key) = match keyed {
            Keyed::Figure(keyed) => (&keyed.0, keyed.1, keyed.2),
            Keyed::Quick(quick) => {
                if let Err(error) = totals.count_quick(quick, names) {
                    let finding = quick_refusal(quick, &error, names, source);
                    refused.push((piece, quick.line, finding));
                }
                continue;
            }
        };
        if totals.count_keyed(figure, key).is_ok() {
            continue;
        }
        // Where the reader put the figure.
        let at = Location {
            source: source.map(str::to_string),
            line: Some(line),
            ..Location::default()
        };
        let mut findings = Findings::new();
        let again = Parsed::Figure(figure.clone(), at);
        super::total(totals, &mut findings, again);
        refused.extend(
            findings
                .findings()
                .iter()
                .map(|finding| (piece, line, finding.clone())),
        );
    }
}

/// What a piece of a file is read from: its bytes, then the error that
/// reading the file stopped at, if it did.
#[derive(Debug)]
struct PieceInput {
    bytes: Arc<PieceBytes>,
    at: usize,
    error: Option<(io::ErrorKind, String)>,
    /// Where reading starts, when a [`Lane`] read the rows before it: set
    /// before the first read.
    start: Option<Arc<AtomicUsize>>,
}

impl Read for PieceInput {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(start) = self.start.take() {
            self.at = start.load(Ordering::Relaxed);
        }
        let rest = self.bytes.as_bytes().get(self.at..).unwrap_or(&[]);
        if rest.is_empty() {
            return match self.error.take() {
                Some((kind, message)) => Err(io::Error::new(kind, message)),
                None => Ok(0),
            };
        }
        let n = rest.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.at += n;
        Ok(n)
    }
}

/// A piece's bytes, and whether they are UTF-8 text (checked once, as
/// the piece is cut).
#[derive(Debug)]
struct PieceBytes {
    bytes: Vec<u8>,
    utf8: bool,
}

impl PieceBytes {
    /// The piece of `bytes`, with the line breaks they hold.
    fn new(bytes: Vec<u8>) -> (PieceBytes, u64) {
        let (breaks, ascii) = breaks_and_ascii(&bytes);
        let utf8 = ascii || std::str::from_utf8(&bytes).is_ok();
        (PieceBytes { bytes, utf8 }, breaks)
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, when they are UTF-8 text.
    fn text(&self) -> Option<&[u8]> {
        self.utf8.then_some(self.bytes.as_slice())
    }

    fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// A piece of a file, cut after a line feed.
#[derive(Clone, Debug)]
struct Piece {
    bytes: Arc<PieceBytes>,
    /// The line of the file it starts on.
    first_line: u64,
    /// The error reading stopped at, just after the piece.
    error: Option<(io::ErrorKind, String)>,
    /// Whether it ends where the file (or reading it) does.
    last: bool,
}

impl Piece {
    fn input(&self) -> PieceInput {
        PieceInput {
            bytes: Arc::clone(&self.bytes),
            at: 0,
            error: self.error.clone(),
            start: None,
        }
    }

    /// A reader of this piece, which starts a row after the header, with
    /// `parser`: its plain rows are read straight from its bytes
    /// ([`Lane`]) when the file is UTF-8.
    fn reader(
        &self,
        options: &ReadOptions,
        header: &Header,
        parser: FigureParser,
    ) -> Reader<PieceInput> {
        let start = Arc::new(AtomicUsize::new(0));
        let mut input = self.input();
        let lane = options.encoding() == Encoding::Utf8
            && self.bytes.text().is_some()
            && header.duplicates.is_empty()
            && !matches!(options.delimiter(), b'"' | b'\n' | b'\r');
        if lane {
            input.start = Some(Arc::clone(&start));
        }
        let mut reader = Reader::piece_with(input, options, header, self.first_line, parser);
        if lane {
            reader.lane = Some(Lane {
                piece: Arc::clone(&self.bytes),
                at: 0,
                line: self.first_line,
                start,
                failed: self.error.is_some(),
            });
            reader.scan = Scan::default();
        }
        reader
    }

    /// This piece and the one after it, as one.
    fn and(self, next: Piece) -> Piece {
        let mut bytes = match Arc::try_unwrap(self.bytes) {
            Ok(bytes) => bytes.into_bytes(),
            Err(shared) => shared.as_bytes().to_vec(),
        };
        bytes.extend_from_slice(next.bytes.as_bytes());
        Piece {
            bytes: Arc::new(PieceBytes::new(bytes).0),
            first_line: self.first_line,
            error: next.error,
            last: next.last,
        }
    }
}

/// Cuts a file into pieces of about `size` bytes, each after a line feed.
/// A line feed ends a row unless it is inside a quoted cell, which only
/// reading the rows before it tells: a piece is read as if it started a
/// row, and the reader of the piece before says whether it did
/// ([`LineCounter::ends_quoted`]); when it did not, the two are read again
/// as one.
struct Splitter<R> {
    input: R,
    size: usize,
    buf: Vec<u8>,
    /// How much of `buf` is known to hold no line feed where a piece
    /// may end.
    searched: usize,
    line: u64,
    done: bool,
}

impl<R: Read> Splitter<R> {
    fn new(input: R, size: usize) -> Splitter<R> {
        Splitter {
            input,
            size,
            buf: Vec::new(),
            searched: 0,
            line: 1,
            done: false,
        }
    }

    fn take(&mut self, cut: usize, error: Option<(io::ErrorKind, String)>) -> Piece {
        // The next piece starts with what was read past this one's end,
        // in a buffer with room for the whole piece: filling it never
        // moves what it holds.
        let cut = cut.min(self.buf.len());
        let room = self.size.max(1).saturating_add(END_STEP + PROBE);
        let mut rest = Vec::with_capacity(room);
        rest.extend_from_slice(self.buf.get(cut..).unwrap_or_default());
        self.buf.truncate(cut);
        let bytes = std::mem::replace(&mut self.buf, rest);
        self.searched = 0;
        let first_line = self.line;
        let (bytes, breaks) = PieceBytes::new(bytes);
        self.line = self.line.saturating_add(breaks);
        Piece {
            bytes: Arc::new(bytes),
            first_line,
            error,
            last: self.done,
        }
    }

    /// The next piece, at least `at_least` bytes long unless the file
    /// ends first; the last piece ends where the file (or reading it)
    /// does.
    fn next(&mut self, at_least: usize) -> Option<Piece> {
        if self.done {
            return None;
        }
        let at_least = at_least.max(self.size).max(1);
        loop {
            let from = self.searched.max(at_least - 1);
            if let Some(found) = self.buf.get(from..).and_then(|rest| find_byte(rest, b'\n')) {
                return Some(self.take(from + found + 1, None));
            }
            self.searched = self.buf.len().max(self.searched);
            // Up to the piece's least length, then a little at a time, so
            // that what is read past the piece's end (and copied to start
            // the next one) is little; read into the buffer's spare room,
            // which is not zeroed first.
            let step = at_least
                .saturating_sub(self.buf.len())
                .clamp(END_STEP, READ_STEP);
            // With room for `read_to_end`'s look past the step, which
            // would otherwise grow the buffer, moving it.
            self.buf.reserve(step + PROBE);
            let step = u64::try_from(step).unwrap_or(1 << 20);
            let read = (&mut self.input).take(step).read_to_end(&mut self.buf);
            match read {
                Ok(0) => {
                    self.done = true;
                    let len = self.buf.len();
                    return Some(self.take(len, None));
                }
                Ok(_) => {}
                Err(e) => {
                    // What was read before the error is kept.
                    self.done = true;
                    let len = self.buf.len();
                    return Some(self.take(len, Some((e.kind(), e.to_string()))));
                }
            }
        }
    }
}

/// How many bytes a [`Splitter`] reads at a time at most.
const READ_STEP: usize = 1 << 20;

/// How many bytes a [`Splitter`] reads at a time once a piece is long
/// enough, looking for the end of its last row.
const END_STEP: usize = 1 << 12;

/// The room `read_to_end` needs past what it reads, to find that it is
/// done without growing its buffer.
const PROBE: usize = 64;

/// Where `byte` first is in `bytes`, eight bytes at a time.
fn find_byte(bytes: &[u8], byte: u8) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        if let Ok(word) = <[u8; 8]>::try_from(word) {
            let mask = byte_mask(u64::from_le_bytes(word), byte);
            if mask != 0 {
                return Some(at + mask.trailing_zeros() as usize / 8);
            }
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b == byte)
        .map(|i| at + i)
}

/// Where the CSV parser is after `bytes`, from `state`.
fn quoting_after(mut state: Quoting, bytes: &[u8], delimiter: u8) -> Quoting {
    for &byte in bytes {
        state = state.step(byte, delimiter);
    }
    state
}

/// What was read of one piece of a file: its figures and findings, in the
/// file's order, or its findings, with its figures in batches, one for
/// each shard of the totals ([`aggregate::shard`]).
struct PieceOut {
    items: Vec<Parsed>,
    batches: Vec<Vec<Keyed>>,
    /// The worker that read it (`None`: the calling thread).
    worker: Option<usize>,
}

/// How a piece is read, on a worker thread (by number) or the calling
/// thread (`None`).
type ReadPiece<'a> = dyn Fn(&mut Reader<PieceInput>, Option<usize>) -> PieceOut + Sync + 'a;

/// Takes what is read of a file, in the file's order: one item at a time
/// when it is read in one go, a piece at a time when in pieces.
trait Take {
    /// The query of the totals this takes figures for, when it takes
    /// them read without making an [`Observation`] of them
    /// ([`Take::quick`]).
    fn quick_query(&self) -> Option<(&Query, &Arc<aggregate::PartnerNames>)> {
        None
    }
    /// Takes a figure read without making an [`Observation`] of it, when
    /// [`Take::quick_query`] asks for them.
    fn quick(&mut self, figure: Quick) {
        let _ = figure;
    }
    /// Takes one item.
    fn item(&mut self, parsed: Parsed);
    /// Takes one item, with the key of its series if it is a figure
    /// ([`FigureParser::series_key`]).
    fn keyed(&mut self, parsed: Parsed, key: Option<SeriesKey>) {
        let _ = key;
        self.item(parsed);
    }
    /// Takes what a piece gave; `again` reads the piece again, for all
    /// its items when `piece` holds only some.
    fn piece(&mut self, piece: PieceOut, again: &mut dyn FnMut() -> Vec<Parsed>) {
        let _ = again;
        for parsed in piece.items {
            self.item(parsed);
        }
    }
}

/// How many pieces' batches wait on a shard before the thread taking the
/// pieces in order adds them itself.
const AHEAD: usize = 2;

/// How many pieces may be in flight (cut, and not yet taken in order) for
/// each thread: the one it reads; one it read, waiting for the piece
/// before it, which another thread reads, to be taken; and one waiting to
/// be read, so that it never waits for a piece to read. Fewer, and on two
/// threads one waits for work a tenth of the time (on a partner file of
/// 10M rows, 2 in flight a thread gave 1.17 to 1.28 s, 3 gave 1.04 s).
const IN_FLIGHT: usize = 3;

/// How long the first piece is at least: enough for what is told from the
/// start of a file (its encoding, a workbook's mark).
const FIRST_PIECE: usize = 4096;

/// What a piece read on a worker gives back.
struct Done {
    out: PieceOut,
    formatted: Option<(u64, Location)>,
    noted: Vec<usize>,
    failed: bool,
    /// Whether the piece ended inside a quoted cell: it was not cut at the
    /// end of a row.
    open: bool,
    /// The piece, to read again, and whether it is the first.
    piece: Piece,
    first: bool,
}

/// Puts the pieces' findings together as the reader of the whole file
/// gives them.
struct Joiner {
    /// The first piece's reader, whose parser adds up the numbers that
    /// needed the number format.
    first: Reader<PieceInput>,
    /// The columns without a name a note was given for.
    noted: Vec<bool>,
    /// The I/O error reading stopped at.
    io: Option<Parsed>,
}

impl Joiner {
    fn join(
        &mut self,
        take: &mut dyn Take,
        done: Done,
        options: &ReadOptions,
        header: Option<&Header>,
    ) {
        let Done {
            mut out,
            formatted,
            noted,
            failed,
            open: _,
            piece,
            first,
        } = done;
        self.first.parser.add_formatted(formatted);
        let before = self.noted.clone();
        once_a_file(&mut out.items, &noted, &mut self.noted);
        if failed {
            self.io = out.items.pop();
        }
        let mut again = || {
            let mut reader = match (first, header) {
                (false, Some(header)) => {
                    Reader::piece(piece.input(), options, header, piece.first_line)
                }
                _ => {
                    let mut reader = Reader::new(piece.input(), options);
                    reader.piece = true;
                    reader
                }
            };
            let mut items: Vec<Parsed> = reader.by_ref().collect();
            once_a_file(&mut items, &noted, &mut before.clone());
            if failed {
                items.pop();
            }
            items
        };
        take.piece(out, &mut again);
    }

    /// Takes the next piece read, in the file's order: or, when it was
    /// not cut at the end of a row, keeps it in `joining` to read again
    /// with the pieces after it, until one is.
    fn next(
        &mut self,
        take: &mut dyn Take,
        done: Done,
        joining: &mut Option<(Piece, Quoting)>,
        options: &ReadOptions,
        header: &Header,
        read: &ReadPiece<'_>,
    ) {
        let (piece, quoting) = match joining.take() {
            None if done.open && !done.piece.last => (done.piece, Quoting::Quoted),
            None => {
                self.join(take, done, options, Some(header));
                return;
            }
            Some((piece, quoting)) => {
                let quoting =
                    quoting_after(quoting, done.piece.bytes.as_bytes(), options.delimiter());
                (piece.and(done.piece), quoting)
            }
        };
        if quoting == Quoting::Quoted && !piece.last {
            *joining = Some((piece, quoting));
        } else {
            let done = self.reread(piece, options, header, read);
            self.join(take, done, options, Some(header));
        }
    }

    /// Reads `piece` here, with the first piece's parser: a piece made of
    /// pieces that were not cut at the ends of rows.
    fn reread(
        &mut self,
        piece: Piece,
        options: &ReadOptions,
        header: &Header,
        read: &ReadPiece<'_>,
    ) -> Done {
        let parser = std::mem::replace(&mut self.first.parser, FigureParser::new(options));
        let (mut done, parser) = read_piece(piece, options, header, parser, read, None);
        self.first.parser = parser;
        // Its end is the file's, or the end of a row.
        done.open = false;
        done
    }

    /// The findings about the whole file, at its end.
    fn end(mut self, take: &mut dyn Take) {
        if let Some(finding) = self.first.parser.finish() {
            take.item(Parsed::Finding(finding));
        }
        if let Some(io) = self.io {
            take.item(io);
        }
    }
}

/// Drops from a piece's items the notes about columns without a name that
/// an earlier piece gave (`seen`), as one reader of the whole file notes
/// each such column once; `noted` lists the piece's notes in order.
fn once_a_file(items: &mut Vec<Parsed>, noted: &[usize], seen: &mut [bool]) {
    {
        let mut noted = noted.iter().copied().peekable();
        items.retain(|parsed| {
            let Parsed::Finding(f) = parsed else {
                return true;
            };
            let Some(&column) = noted.peek() else {
                return true;
            };
            let note = unnamed_note(column);
            if f.rule != RuleId::PARSE_COLUMN_IGNORED || !f.message.starts_with(&note) {
                return true;
            }
            noted.next();
            match seen.get_mut(column) {
                Some(seen) if *seen => false,
                Some(seen) => {
                    *seen = true;
                    true
                }
                None => true,
            }
        });
    }
}

/// Reads a CSV file on the options' threads, in pieces, giving `take`
/// everything in the file's order. One thread reads it in one go, as it
/// does a file that cannot be cut into pieces (UTF-16) or whose first row
/// is not the header.
fn read_in_pieces<R: Read>(
    input: R,
    options: &ReadOptions,
    read: &ReadPiece<'_>,
    take: &mut dyn Take,
) {
    let threads = options.threads();
    let cuttable = matches!(options.encoding(), Encoding::Utf8 | Encoding::Windows1252);
    if !cuttable {
        read_in_one_go(Reader::new(input, options), take);
        return;
    }
    let mut splitter = Splitter::new(input, options.chunk_bytes());
    let Some(first) = splitter.next(FIRST_PIECE) else {
        return;
    };
    let mut reader = Reader::new(first.input(), options);
    reader.piece = true;
    let out = read(&mut reader, None);
    let header = reader.header();
    let open = reader.csv.get_ref().is_some_and(LineCounter::ends_quoted);
    let done = Done {
        out,
        formatted: None,
        noted: std::mem::take(&mut reader.noted),
        failed: reader.io_failed,
        open,
        piece: first.clone(),
        first: true,
    };
    let mut joiner = Joiner {
        noted: vec![false; reader.columns.len()],
        first: reader,
        io: None,
    };
    if splitter.done {
        joiner.join(take, done, options, None);
        joiner.end(take);
        return;
    }
    let header = header.filter(|_| !open);
    let Some(header) = header else {
        // Read the file again, in one go.
        let rest = io::Cursor::new(std::mem::take(&mut splitter.buf)).chain(splitter.input);
        let again = io::Cursor::new(first.bytes.as_bytes().to_vec()).chain(rest);
        read_in_one_go(Reader::new(again, options), take);
        return;
    };
    joiner.join(take, done, options, None);
    let header = &header;
    // Pieces that were not cut at the end of a row, put together until
    // one is (or the file ends), with where the parser is after them.
    let mut joining: Option<(Piece, Quoting)> = None;
    // This thread reads pieces too, as worker 0, between cutting them and
    // taking what the pieces gave, in order; the other workers take the
    // pieces it cut from a queue. So the threads are as many as asked for,
    // each always has a piece to read while there are pieces in flight
    // (cut and not yet taken in order: `ahead` at most), and no worker
    // waits for a thread woken to hand it one.
    let ahead = threads.max(1).saturating_mul(IN_FLIGHT);
    let (jobs, queue) = mpsc::sync_channel::<(usize, Piece)>(ahead);
    let queue = Mutex::new(queue);
    let (finished, results) = mpsc::channel::<(usize, Done)>();
    std::thread::scope(|scope| {
        for worker in 1..threads {
            let (queue, finished) = (&queue, finished.clone());
            scope.spawn(move || {
                // One parser for all the worker's pieces: what it remembers
                // of the texts it met, and the keys of their series, last
                // the whole file; its tag tells its keys from the others'.
                let mut parser = FigureParser::new(options);
                parser.set_key_tag(worker + 1);
                loop {
                    let job = lock(queue).recv().ok();
                    let Some((index, piece)) = job else {
                        return;
                    };
                    let done;
                    (done, parser) = read_piece(piece, options, header, parser, read, Some(worker));
                    if finished.send((index, done)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(finished);
        let mut parser = FigureParser::new(options);
        parser.set_key_tag(1);
        let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
        let (mut sent, mut next) = (0usize, 0usize);
        let mut reading = true;
        loop {
            while reading && sent - next < ahead {
                // The queue holds no more than the pieces in flight: this
                // never waits.
                let sending = splitter.next(0).map(|piece| jobs.send((sent, piece)));
                match sending {
                    Some(Ok(())) => sent += 1,
                    _ => reading = false,
                }
            }
            if next == sent {
                break;
            }
            // A piece to read here, unless the queue is empty or a worker
            // is taking one from it (and holds it while it waits).
            let job = match queue.try_lock() {
                Ok(queue) => queue.try_recv().ok(),
                Err(_) => None,
            };
            if let Some((index, piece)) = job {
                let done;
                (done, parser) = read_piece(piece, options, header, parser, read, Some(0));
                waiting.insert(index, done);
            } else if !waiting.contains_key(&next) {
                // The next piece in order is being read by a worker.
                let Ok((index, done)) = results.recv() else {
                    break;
                };
                waiting.insert(index, done);
            }
            while let Ok((index, done)) = results.try_recv() {
                waiting.insert(index, done);
            }
            while let Some(done) = waiting.remove(&next) {
                next += 1;
                joiner.next(take, done, &mut joining, options, header, read);
            }
        }
        drop(jobs);
    });
    joiner.end(take);
}

/// Reads `piece` (not the first) with `parser`, on `worker`: what was read,
/// and the parser back, to read the worker's next piece.
fn read_piece(
    piece: Piece,
    options: &ReadOptions,
    header: &Header,
    parser: FigureParser,
    read: &ReadPiece<'_>,
    worker: Option<usize>,
) -> (Done, FigureParser) {
    let mut reader = piece.reader(options, header, parser);
    let out = read(&mut reader, worker);
    let done = Done {
        out,
        formatted: reader.parser.take_formatted(),
        noted: std::mem::take(&mut reader.noted),
        failed: reader.io_failed,
        open: reader.csv.get_ref().is_some_and(LineCounter::ends_quoted),
        piece,
        first: false,
    };
    (done, reader.parser)
}

/// Reads a file in one go, giving `take` everything in the file's order.
fn read_in_one_go<R: Read>(mut reader: Reader<R>, take: &mut dyn Take) {
    reader.quick = take
        .quick_query()
        .map(|(query, names)| (query.clone(), 1, Arc::clone(names)));
    while let Some(item) = reader.next_item() {
        match item {
            Item::Parsed(parsed) => {
                let key = reader.key_of(&parsed);
                take.keyed(parsed, key);
            }
            Item::Quick(_, figure) => take.quick(figure),
        }
    }
}

/// Whether a record is a header row: a cell names the indicator or the
/// period column.
fn is_header(record: &::csv::ByteRecord) -> bool {
    record.iter().any(|raw| {
        std::str::from_utf8(raw).is_ok_and(|name| {
            matches!(
                Column::from_header(name),
                Some(Column::Indicator | Column::Period)
            )
        })
    })
}

/// The start of the note about column `i` (from 0), which has no name
/// but holds something: given once a file.
fn unnamed_note(i: usize) -> String {
    format!("column {} has no name in the header", i + 1)
}

/// The line breaks in a cell: `\n`, `\r\n` or a lone `\r` each count one.
fn count_breaks(raw: &[u8]) -> u64 {
    if memchr::memchr(b'\r', raw).is_none() {
        // Line feeds alone: counted in runs of up to 255 bytes into one
        // byte, which the compiler does many bytes at a time.
        return raw
            .chunks(255)
            .map(|run| {
                let feeds = run
                    .iter()
                    .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n')));
                u64::from(feeds)
            })
            .sum();
    }
    // Eight bytes at a time: every `\r` and every `\n` but those right
    // after a `\r` (in the word, or at the end of the word before).
    let mut words = raw.chunks_exact(8);
    let mut breaks: u64 = 0;
    let mut carry = 0;
    for word in words.by_ref() {
        if let Ok(word) = <[u8; 8]>::try_from(word) {
            let bits = u64::from_le_bytes(word);
            let (cr, lf) = (byte_mask(bits, b'\r'), byte_mask(bits, b'\n'));
            let crlf = ((cr << 8) | carry) & lf;
            breaks += u64::from((cr | lf).count_ones() - crlf.count_ones());
            carry = cr >> 56;
        }
    }
    let mut previous = if carry == 0 { 0 } else { b'\r' };
    for &b in words.remainder() {
        if b == b'\r' || (b == b'\n' && previous != b'\r') {
            breaks += 1;
        }
        previous = b;
    }
    breaks
}

/// The line breaks in `raw`, as [`count_breaks`] counts them, and
/// whether every byte is ASCII, in one pass sixteen bytes at a time where
/// the processor can: a piece of plain ASCII text with line feeds alone
/// (as most files are) is read once for both.
fn breaks_and_ascii(raw: &[u8]) -> (u64, bool) {
    let feed = u8x16::splat(b'\n');
    let ret = u8x16::splat(b'\r');
    let zero = u8x16::splat(0);
    let mut feeds: u64 = 0;
    // The bytes or-ed together (a byte beyond ASCII sets the high bit),
    // and the carriage returns met.
    let (mut high, mut returns) = (zero, zero);
    let mut chunks = raw.chunks_exact(64);
    loop {
        // A lane counts up to 4 line feeds a chunk, 252 before it is
        // added up.
        let mut count = zero;
        let mut n = 0;
        for chunk in chunks.by_ref().take(63) {
            for sixteen in chunk.chunks_exact(16) {
                let Ok(sixteen) = <[u8; 16]>::try_from(sixteen) else {
                    continue;
                };
                let v = u8x16::new(sixteen);
                // A match is 0xFF: subtracting it adds one.
                count -= v.cmp_eq(feed);
                high |= v;
                returns |= v.cmp_eq(ret);
            }
            n += 1;
        }
        feeds += count.to_array().iter().map(|&c| u64::from(c)).sum::<u64>();
        if n < 63 {
            break;
        }
    }
    let rest = chunks.remainder();
    let ascii = high.move_mask() == 0 && rest.is_ascii();
    if returns.move_mask() != 0 || rest.contains(&b'\r') {
        return (count_breaks(raw), ascii);
    }
    let rest_feeds = rest.iter().filter(|&&b| b == b'\n').count() as u64;
    (feeds + rest_feeds, ascii)
}

/// The lines of a cell, split as [`count_breaks`] counts them.
fn split_lines(raw: &[u8]) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut after_cr = false;
    for (i, &b) in raw.iter().enumerate() {
        if b == b'\n' && after_cr {
            start = i + 1;
            after_cr = false;
            continue;
        }
        after_cr = b == b'\r';
        if b == b'\r' || b == b'\n' {
            lines.push(raw.get(start..i).unwrap_or(&[]));
            start = i + 1;
        }
    }
    lines.push(raw.get(start..).unwrap_or(&[]));
    lines
}

/// A count with its thousands grouped.
fn grouped_u64(n: u64) -> String {
    crate::io::cells::grouped(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Where the CSV parser is, as far as quotes go: the states of its
/// machine that decide whether a line break ends a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quoting {
    /// At the start of a cell: a quote here opens a quoted cell.
    CellStart,
    /// In a cell that is not quoted: a quote is a character like another.
    Unquoted,
    /// In a quoted cell: a line break is part of the cell.
    Quoted,
    /// Just after a quote in a quoted cell: another quote is a quote
    /// character; anything else closes the cell.
    QuoteInQuoted,
}

impl Quoting {
    /// Where the parser is after a run of bytes that are no quote,
    /// delimiter or line break: still in a quoted cell, or in a cell that
    /// is not quoted.
    fn after_plain(self) -> Quoting {
        match self {
            Quoting::Quoted => Quoting::Quoted,
            _ => Quoting::Unquoted,
        }
    }

    /// Where the parser is after `byte`: the one statement of how the CSV
    /// parser follows quotes, for finding a quote that never closes and
    /// the ends of rows a file can be cut at.
    fn step(self, byte: u8, delimiter: u8) -> Quoting {
        let ends_cell = byte == delimiter || byte == b'\n' || byte == b'\r';
        match (self, byte) {
            (Quoting::CellStart, b'"') => Quoting::Quoted,
            (Quoting::CellStart | Quoting::Unquoted, _) if ends_cell => Quoting::CellStart,
            (Quoting::CellStart | Quoting::Unquoted, _) => Quoting::Unquoted,
            (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
            (Quoting::Quoted, _) => Quoting::Quoted,
            (Quoting::QuoteInQuoted, b'"') => Quoting::Quoted,
            (Quoting::QuoteInQuoted, _) if ends_cell => Quoting::CellStart,
            (Quoting::QuoteInQuoted, _) => Quoting::Unquoted,
        }
    }
}

/// A reader that keeps the bytes read since the start of the last record
/// asked for, so that the line of a byte offset already read can be told,
/// and follows the quotes of the rest of the input once it ends, so that
/// a quote that never closes can be told. A line breaks at `\n`, `\r\n`
/// or a lone `\r`, as the CSV parser reads them.
///
/// The reader asks for lines in increasing order, and the parser reads a
/// buffer ahead, so memory stays bounded by that buffer and the longest
/// record.
#[derive(Debug)]
struct LineCounter<R> {
    inner: R,
    /// The bytes read from `kept_from` on.
    kept: Vec<u8>,
    kept_from: u64,
    /// Where the last record asked for starts (after the line breaks
    /// before it): the lines before it are counted in `lines_before`.
    cursor: u64,
    /// Whether the byte before `cursor` is a `\r` (a `\n` at `cursor`
    /// then ends the same line).
    after_cr: bool,
    lines_before: u64,
    /// The lines before the input.
    lines_before_input: u64,
    /// Whether a `\r` was read: until one is, the CSV parser's count of
    /// line feeds is the count of lines.
    read_cr: bool,
    delimiter: u8,
    /// Where the parser is as far as quotes go, once the input ended.
    quoting: Quoting,
    /// Where the quote of the quoted cell being read opened.
    open_quote: Option<u64>,
    /// Whether the end of the input was reached, and its last byte.
    at_end: bool,
    last_byte: Option<u8>,
}

/// How many bytes before the last record asked for a [`LineCounter`]
/// keeps at most before dropping them.
const KEPT_BEHIND: usize = 1 << 16;

impl<R> LineCounter<R> {
    fn new(inner: R, delimiter: u8, lines_before: u64) -> LineCounter<R> {
        LineCounter {
            inner,
            kept: Vec::new(),
            kept_from: 0,
            cursor: 0,
            after_cr: false,
            lines_before,
            lines_before_input: lines_before,
            read_cr: false,
            delimiter,
            quoting: Quoting::CellStart,
            open_quote: None,
            at_end: false,
            last_byte: None,
        }
    }

    /// Counts the input's lines from `line` on: for an input not read
    /// yet, that starts further on than it was made for.
    fn restart(&mut self, line: u64) {
        self.lines_before = line.saturating_sub(1);
        self.lines_before_input = self.lines_before;
    }

    /// The bytes kept in `from..to` (offsets of the input).
    fn kept(&self, from: u64, to: u64) -> &[u8] {
        let at = |offset: u64| {
            usize::try_from(offset.saturating_sub(self.kept_from))
                .unwrap_or(usize::MAX)
                .min(self.kept.len())
        };
        self.kept.get(at(from)..at(to)).unwrap_or(&[])
    }

    /// The line (from 1) of the first byte at or after `offset` that is
    /// not a line break: the parser gives a record's offset before the
    /// line breaks it skipped to reach it, and `feeds`, the line feeds
    /// before that offset (the parser's line, less one), when it counts
    /// them.
    fn line_at(&mut self, offset: u64, feeds: Option<u64>) -> u64 {
        if offset >= self.cursor {
            let skipped = self
                .kept(offset, u64::MAX)
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count() as u64;
            let end = offset + skipped;
            match feeds {
                // No `\r` so far: every line ends with a line feed.
                Some(feeds) if !self.read_cr => {
                    self.lines_before = self.lines_before_input + feeds + skipped;
                    self.after_cr = false;
                }
                _ => {
                    let (breaks, after_cr) =
                        count_breaks_after(self.after_cr, self.kept(self.cursor, end));
                    self.lines_before += breaks;
                    self.after_cr = after_cr;
                }
            }
            self.cursor = end;
            let behind = usize::try_from(self.cursor - self.kept_from).unwrap_or(usize::MAX);
            if behind > KEPT_BEHIND && behind > self.kept.len() / 2 {
                self.kept.drain(..behind.min(self.kept.len()));
                self.kept_from = self.cursor;
            }
        }
        self.lines_before + 1
    }

    /// The line of `offset`, which is at or after the last offset asked
    /// of [`LineCounter::line_at`].
    fn line_of(&self, offset: u64) -> u64 {
        let (breaks, _) = count_breaks_after(self.after_cr, self.kept(self.cursor, offset));
        self.lines_before + breaks + 1
    }

    /// The lines after the one `offset` is on, to the end of the input (a
    /// line break at the very end starts no line).
    fn lines_after(&self, offset: u64) -> u64 {
        let after_cr =
            offset > self.kept_from && self.kept(offset - 1, offset).first() == Some(&b'\r');
        let (breaks, _) = count_breaks_after(after_cr, self.kept(offset, u64::MAX));
        let final_break = matches!(self.last_byte, Some(b'\n' | b'\r'));
        breaks.saturating_sub(u64::from(final_break))
    }

    /// Whether the input, read to its end, ends inside a quoted cell.
    fn ends_quoted(&self) -> bool {
        self.at_end && self.quoting == Quoting::Quoted
    }

    /// Where the quote opened that the end of the input left open.
    fn unclosed_quote(&self) -> Option<u64> {
        (self.at_end && self.quoting == Quoting::Quoted)
            .then_some(self.open_quote)
            .flatten()
    }

    /// Follows the quotes from the last record asked for (where the parser
    /// is at the start of a cell) to the end of the input.
    fn follow_to_end(&mut self) {
        let kept = std::mem::take(&mut self.kept);
        let from = usize::try_from(self.cursor - self.kept_from).unwrap_or(usize::MAX);
        let bytes = kept.get(from..).unwrap_or(&[]);
        self.quoting = Quoting::CellStart;
        self.open_quote = None;
        // Eight bytes at a time: most words hold no quote.
        let mut words = bytes.chunks_exact(8);
        let mut at = self.cursor;
        for word in words.by_ref() {
            if let Ok(word) = <[u8; 8]>::try_from(word) {
                let bits = u64::from_le_bytes(word);
                let quotes = byte_mask(bits, b'"');
                if quotes == 0 {
                    self.pass_word(at, &word);
                } else {
                    let special = quotes
                        | byte_mask(bits, b'\n')
                        | byte_mask(bits, b'\r')
                        | byte_mask(bits, self.delimiter);
                    self.follow_marked(at, &word, special);
                }
            }
            at += 8;
        }
        self.follow_quotes(at, words.remainder());
        self.kept = kept;
    }

    /// Follows the quotes of `bytes`, which start at `start`, one byte at
    /// a time.
    fn follow_quotes(&mut self, start: u64, bytes: &[u8]) {
        for (i, &byte) in bytes.iter().enumerate() {
            let next = self.quoting.step(byte, self.delimiter);
            match (self.quoting, next) {
                (Quoting::CellStart, Quoting::Quoted) => self.open_quote = Some(start + i as u64),
                (Quoting::QuoteInQuoted, Quoting::CellStart | Quoting::Unquoted) => {
                    self.open_quote = None;
                }
                _ => {}
            }
            self.quoting = next;
        }
    }

    /// Follows eight bytes, of which only those `marks` marks (the high
    /// bit of each: quotes, delimiters, line breaks) can do more than any
    /// other byte does: a run of other bytes leaves a quoted cell quoted,
    /// and anything else in a cell that is not quoted.
    fn follow_marked(&mut self, start: u64, word: &[u8; 8], mut marks: u64) {
        let mut next = 0;
        while marks != 0 {
            let i = marks.trailing_zeros() / 8;
            if i > next {
                self.pass_plain();
            }
            if let Some(byte) = word.get(i as usize) {
                self.follow_quotes(start + u64::from(i), std::slice::from_ref(byte));
            }
            next = i + 1;
            marks &= marks - 1;
        }
        if next < 8 {
            self.pass_plain();
        }
    }

    /// Follows a run of bytes that are no quote, delimiter or line break.
    fn pass_plain(&mut self) {
        if self.quoting == Quoting::QuoteInQuoted {
            self.open_quote = None;
        }
        self.quoting = self.quoting.after_plain();
    }

    /// Follows eight bytes without a quote: outside a quoted cell only the
    /// last byte matters, inside one nothing changes.
    fn pass_word(&mut self, start: u64, word: &[u8; 8]) {
        match self.quoting {
            Quoting::Quoted => {}
            Quoting::QuoteInQuoted => self.follow_quotes(start, word),
            Quoting::CellStart | Quoting::Unquoted => {
                let [.., last] = *word;
                self.quoting = if last == self.delimiter || last == b'\n' || last == b'\r' {
                    Quoting::CellStart
                } else {
                    Quoting::Unquoted
                };
            }
        }
    }
}

/// Whether `bytes` holds a `\n` or a `\r`.
fn holds_line_break(bytes: &[u8]) -> bool {
    // Eight bytes at a time, both at once: a record is short, and most
    // hold neither.
    let mut words = bytes.chunks_exact(8);
    let found = words.by_ref().any(|word| {
        <[u8; 8]>::try_from(word).is_ok_and(|word| {
            let bits = u64::from_le_bytes(word);
            byte_mask(bits, b'\n') | byte_mask(bits, b'\r') != 0
        })
    });
    found || words.remainder().iter().any(|&b| b == b'\n' || b == b'\r')
}

/// The bytes of `word` that are `byte`: the high bit of each set, and no
/// other bit.
fn byte_mask(word: u64, byte: u8) -> u64 {
    const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    // A byte's high bit is set in `t` unless the byte of `x` is zero.
    let t = ((x & LOWS) + LOWS) | x;
    !(t | LOWS)
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() && !self.at_end {
            self.at_end = true;
            self.follow_to_end();
        }
        let bytes = buf.get(..n).unwrap_or(&[]);
        self.read_cr = self.read_cr || bytes.contains(&b'\r');
        self.kept.extend_from_slice(bytes);
        if let Some(&last) = bytes.last() {
            self.last_byte = Some(last);
        }
        Ok(n)
    }
}

/// The line breaks in `bytes` (`\n`, `\r\n` and a lone `\r` each one),
/// when the byte before them is a `\r` (`after_cr`: a `\n` first is then
/// the end of that break), and whether their last byte is a `\r`.
fn count_breaks_after(after_cr: bool, bytes: &[u8]) -> (u64, bool) {
    let Some(&last) = bytes.last() else {
        return (0, after_cr);
    };
    let mut breaks = count_breaks(bytes);
    if after_cr && bytes.first() == Some(&b'\n') {
        breaks = breaks.saturating_sub(1);
    }
    (breaks, last == b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The records the `csv` crate splits `bytes` into, line breaks
    /// alone skipped.
    fn split_by_csv(bytes: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(bytes);
        let mut record = ::csv::ByteRecord::new();
        let mut records = Vec::new();
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            records.push(record.iter().map(<[u8]>::to_vec).collect());
        }
        records
    }

    /// The records [`plain_row`] reads from the start of `bytes`, while
    /// they are plain (a line break alone skipped, as the parser skips
    /// it), and where it stopped; each must be on one line.
    fn split_plain(bytes: &[u8], delimiter: u8) -> (Vec<Vec<Vec<u8>>>, usize) {
        let mut cells = Vec::new();
        let mut records = Vec::new();
        let mut at = 0;
        let mut scan = Scan::default();
        while let Some(end) = plain_row(bytes, at, delimiter, &mut scan, &mut cells) {
            let row = &bytes[at..end];
            // On one line: its only line break ends it.
            let body = row.strip_suffix(b"\r\n").or(row.strip_suffix(b"\n"));
            assert!(body.is_some_and(|body| !holds_line_break(body)), "{row:?}");
            if !(row == b"\n" || row == b"\r\n") {
                records.push(cells.iter().map(|&(a, b)| bytes[a..b].to_vec()).collect());
            }
            at = end;
        }
        (records, at)
    }

    /// A file of bytes that matter to splitting, and others.
    fn tricky_bytes() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            prop_oneof![
                Just(b'a'),
                Just(b'7'),
                Just(b' '),
                Just(b','),
                Just(b';'),
                Just(b'\t'),
                Just(b'|'),
                Just(b'"'),
                Just(b'\n'),
                Just(b'\r'),
                Just(0xC3),
                Just(0xA9),
            ],
            // Long enough to cross several blocks of marks.
            0..400,
        )
    }

    proptest! {
        #[test]
        fn a_block_marks_exactly_the_bytes_that_split_rows(
            bytes in tricky_bytes(),
            at in 0..400usize,
            delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'\t'), Just(b' '), Just(0u8)],
        ) {
            let mut want = Block { delimiters: 0, quotes: 0, breaks: 0 };
            for (i, &b) in bytes.iter().skip(at).take(Block::LEN).enumerate() {
                want.delimiters |= u64::from(b == delimiter) << i;
                want.quotes |= u64::from(b == b'"') << i;
                want.breaks |= u64::from(b == b'\n' || b == b'\r') << i;
            }
            prop_assert_eq!(Block::of(&bytes, at, delimiter), want);
        }
    }

    #[test]
    fn plain_rows_are_split_as_the_csv_crate_splits_them() {
        let file = b"a,\"b, c\",,\"\"\n\r\n\nx;y,\"z\"\r\n last ,\"q\"\n";
        let (plain, at) = split_plain(file, b',');
        assert_eq!(at, file.len());
        let want: Vec<Vec<Vec<u8>>> = vec![
            vec![b"a".to_vec(), b"b, c".to_vec(), b"".to_vec(), b"".to_vec()],
            vec![b"x;y".to_vec(), b"z".to_vec()],
            vec![b" last ".to_vec(), b"q".to_vec()],
        ];
        assert_eq!(plain, want);
        assert_eq!(split_by_csv(file, b','), want);
    }

    #[test]
    fn rows_that_are_not_plain_are_left_to_the_parser() {
        let mut cells = Vec::new();
        for row in [
            &b"a,\"b\"\"c\",d\n"[..],
            b"a,\"two\nlines\"\n",
            b"a,b\"c\n",
            b"a,\"b\"c\n",
            b"a,b\rc\n",
            b"a,b\r",
            b"a,b",
            b"a,\"b",
            b"",
        ] {
            let mut scan = Scan::default();
            assert_eq!(
                plain_row(row, 0, b',', &mut scan, &mut cells),
                None,
                "{row:?}"
            );
        }
    }

    /// A file of rows that are mostly plain, some long, with now and then
    /// a byte that makes one not: `,` the delimiter.
    fn mostly_plain_rows() -> impl Strategy<Value = Vec<u8>> {
        let text = proptest::collection::vec(
            prop_oneof![
                100 => Just(b'a'),
                20 => Just(b' '),
                15 => Just(b','),
                10 => Just(0xC3),
                1 => Just(b'"'),
                1 => Just(b'\n'),
                1 => Just(b'\r'),
            ],
            0..40,
        );
        let cell = (any::<bool>(), text).prop_map(|(quoted, text)| {
            if quoted {
                [&b"\""[..], &text, b"\""].concat()
            } else {
                text.into_iter().filter(|&b| b != b',').collect()
            }
        });
        let row =
            (proptest::collection::vec(cell, 1..8), any::<bool>()).prop_map(|(cells, crlf)| {
                [
                    cells.join(&b','),
                    if crlf {
                        b"\r\n".to_vec()
                    } else {
                        b"\n".to_vec()
                    },
                ]
                .concat()
            });
        proptest::collection::vec(row, 0..12).prop_map(|rows| rows.concat())
    }

    proptest! {
        #[test]
        fn what_is_mostly_plain_is_split_as_the_csv_crate_splits_it(bytes in mostly_plain_rows()) {
            let (plain, at) = split_plain(&bytes, b',');
            let mut records = split_by_csv(&bytes[..at], b',');
            prop_assert_eq!(&plain, &records);
            records.extend(split_by_csv(&bytes[at..], b','));
            prop_assert_eq!(records, split_by_csv(&bytes, b','));
        }

        #[test]
        fn what_is_plain_is_split_as_the_csv_crate_splits_it(
            bytes in tricky_bytes(),
            delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'\t'), Just(b' '), Just(b'|')],
        ) {
            let (plain, at) = split_plain(&bytes, delimiter);
            // The rows read plain are the first rows the parser reads of
            // the whole, and the parser reads the rest from their end.
            let mut records = split_by_csv(&bytes[..at], delimiter);
            prop_assert_eq!(&plain, &records);
            records.extend(split_by_csv(&bytes[at..], delimiter));
            prop_assert_eq!(records, split_by_csv(&bytes, delimiter));
        }
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
    fn cells_split_into_lines_as_they_are_counted() {
        for (raw, lines) in [
            (&b"a"[..], vec![&b"a"[..]]),
            (b"a\nb", vec![b"a", b"b"]),
            (b"a\r\nb\rc\n", vec![b"a", b"b", b"c", b""]),
            (b"\n\n", vec![b"", b"", b""]),
        ] {
            assert_eq!(split_lines(raw), lines, "{raw:?}");
            assert_eq!(count_breaks(raw) as usize + 1, lines.len(), "{raw:?}");
        }
    }

    #[test]
    fn a_line_break_is_found_wherever_it_is() {
        for len in 0..20 {
            assert!(!holds_line_break(&vec![b'a'; len]));
            for at in 0..len {
                for byte in [b'\n', b'\r'] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = byte;
                    assert!(holds_line_break(&bytes), "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn line_breaks_are_counted_the_same_a_word_or_a_byte_at_a_time() {
        // Every text of up to 11 bytes of `a`, `\r` and `\n`, so that a
        // `\r\n` falls across the edge of a word too.
        let naive = |raw: &[u8]| {
            let mut previous = 0;
            let mut breaks = 0;
            for &b in raw {
                if b == b'\r' || (b == b'\n' && previous != b'\r') {
                    breaks += 1;
                }
                previous = b;
            }
            breaks
        };
        for len in 0..=11u32 {
            for n in 0..3u32.pow(len) {
                let raw: Vec<u8> = (0..len)
                    .map(|i| [b'a', b'\r', b'\n'][(n / 3u32.pow(i) % 3) as usize])
                    .collect();
                assert_eq!(count_breaks(&raw), naive(&raw), "{raw:?}");
            }
        }
    }

    proptest! {
        /// A piece's line breaks and whether it is ASCII, found together
        /// sixteen bytes at a time, are what counting a byte at a time
        /// and checking each byte give: for line feeds alone, with
        /// returns, past 255 line feeds in a run (where a lane's count is
        /// added up), and with bytes beyond ASCII anywhere.
        #[test]
        fn breaks_and_ascii_are_found_as_a_byte_at_a_time(
            raw in proptest::collection::vec(
                prop_oneof![
                    6 => Just(b'\n'),
                    3 => Just(b'a'),
                    1 => Just(b'\r'),
                    1 => Just(0xC3u8),
                    1 => any::<u8>(),
                ],
                0..5000,
            ),
            plain in any::<bool>(),
        ) {
            // Most pieces are ASCII with line feeds alone.
            let raw: Vec<u8> = if plain {
                raw.into_iter().map(|b| if b == b'\r' || !b.is_ascii() { b'\n' } else { b }).collect()
            } else {
                raw
            };
            prop_assert_eq!(breaks_and_ascii(&raw), (count_breaks(&raw), raw.is_ascii()));
        }
    }

    #[test]
    fn a_piece_of_line_feeds_only_is_counted_across_every_edge() {
        // 255 line feeds fill a lane's count; runs of them up to well
        // past 4 × 255, at every offset from a chunk's start.
        for len in [
            0, 1, 15, 16, 17, 63, 64, 65, 1019, 1020, 1021, 4080, 4081, 16321,
        ] {
            for lead in 0..3 {
                let mut raw = vec![b'x'; lead];
                raw.extend(std::iter::repeat_n(b'\n', len));
                assert_eq!(breaks_and_ascii(&raw), (len as u64, true), "{lead} + {len}");
            }
        }
        assert_eq!(breaks_and_ascii("é\n\n".as_bytes()), (2, false));
        assert_eq!(breaks_and_ascii(b"a\r\nb\rc\n"), (3, true));
    }

    #[test]
    fn lines_are_counted_across_line_ends_blank_lines_and_quoted_breaks() {
        assert_eq!(lines("a,b\n1,2\n3,4\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\r\n1,2\r\n3,4\r\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\r1,2\r3,4"), [1, 2, 3]);
        assert_eq!(lines("\n\na,b\n\n\n1,2\r\n\r\n3,4"), [3, 6, 8]);
        assert_eq!(lines("a,b\n\"x\ny\",3\n\"\r\n\",4\n5,6\n"), [1, 2, 4, 6]);
        assert_eq!(lines("\u{feff}a,b\r\n1,2"), [1, 2]);
        assert_eq!(lines("a,b\r\n\r\n\r1,2\n\r\n3,4\r\r"), [1, 4, 6]);
        // Line feeds alone, where the parser's count of them is used.
        assert_eq!(lines("\n\na,b\n\n\"x\ny\",3\n\n5,6\n"), [3, 5, 8]);
        // A `\r` after the first rows: counted from there.
        assert_eq!(lines("a,b\n\n1,2\r\n\r\n3,4\n5,6"), [1, 3, 5, 6]);
        // Lines far apart, past what is kept behind the last record.
        let long = format!("a,b\n\"{}\",1\n2,3\n", "x\r\n".repeat(40_000));
        assert_eq!(lines(&long), [1, 2, 40_003]);
    }

    #[test]
    fn byte_masks_mark_exactly_the_bytes_that_match() {
        for word in [
            *b"a,\"b\"\n,c",
            *b"\"\"\"\"\"\"\"\"",
            [0x22, 0xa2, 0x23, 0x21, 0x00, 0xff, 0x22, 0x7f],
            [0; 8],
        ] {
            let want = word
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'"')
                .fold(0u64, |m, (i, _)| m | 0x80 << (8 * i));
            assert_eq!(byte_mask(u64::from_le_bytes(word), b'"'), want, "{word:?}");
            let first = word.iter().position(|&b| b == b'"');
            assert_eq!(find_byte(&word, b'"'), first, "{word:?}");
        }
    }

    #[test]
    fn quotes_are_followed_the_same_a_word_or_a_byte_at_a_time() {
        // Every word of quotes, delimiters, line breaks and letters, from
        // every state: marked, and byte by byte.
        let bytes = [b'"', b',', b'\n', b'a'];
        for state in [
            Quoting::CellStart,
            Quoting::Unquoted,
            Quoting::Quoted,
            Quoting::QuoteInQuoted,
        ] {
            for n in 0..4u32.pow(8) {
                let word: [u8; 8] =
                    std::array::from_fn(|i| bytes[(n / 4u32.pow(i as u32) % 4) as usize]);
                let mut marked = LineCounter::new(&b""[..], b',', 0);
                marked.quoting = state;
                marked.open_quote = Some(99);
                let mut byte = LineCounter::new(&b""[..], b',', 0);
                byte.quoting = state;
                byte.open_quote = Some(99);
                let bits = u64::from_le_bytes(word);
                let special = byte_mask(bits, b'"')
                    | byte_mask(bits, b',')
                    | byte_mask(bits, b'\n')
                    | byte_mask(bits, b'\r');
                marked.follow_marked(0, &word, special);
                byte.follow_quotes(0, &word);
                assert_eq!(
                    (marked.quoting, marked.open_quote),
                    (byte.quoting, byte.open_quote),
                    "{state:?} {word:?}"
                );
            }
        }
    }
}
