//! Reading and writing figures and reports as JSON.
//!
//! A figure is read field by field from the raw text of the document, so a
//! bad figure is a finding at its line while the good ones are kept, and a
//! number is read from its digits, never through a floating point number.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt;
use std::io::{BufReader, Read, Write};
use std::rc::Rc;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::error::Category;
use serde_json::value::RawValue;

use crate::aggregate::{Aggregator, Query, Table};
use crate::error::{Error, Result};
use crate::figure::dataset::Dataset;
use crate::figure::observation::{Basis, Observation};
use crate::figure::value::{Bound, Value};
use crate::findings::{Finding, Findings, Location, Severity};
use crate::io::Parsed;
use crate::io::cells::{Cells, FigureParser, excerpt, quote};
use crate::io::decode::{Decoder, NotText};
use crate::io::format::Column;
use crate::io::options::ReadOptions;
use crate::period::calendar::FiscalCalendar;
use crate::rules::RuleId;

/// The `format` a figures document names.
const FORMAT: &str = "impact-metrics/figures";
/// The `version` of the document this crate writes and reads.
const VERSION: u64 = 1;

/// Reads a JSON document of figures (see the [format](crate::format))
/// into a dataset, with the report of every problem found.
///
/// The document is an array of figures, or an object with a `figures`
/// array (and optionally `format`, `version` and `calendar`). Each figure
/// is read as a row of a CSV file is: a bad figure is one or more findings
/// at its line, and the good figures are kept. A figure's location is the
/// one its `location` field gives, else its line in this document. Text
/// that is not JSON at all is one finding (`parse.json`) and an empty
/// dataset. The text is already decoded, so the options' encoding does
/// not apply; a byte-order mark at its start is skipped.
///
/// ```
/// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions, Value, json};
///
/// let json = r#"[
///   {"indicator": "victims_removed", "country": "UK", "period": "20/21 H1", "value": 20},
///   {"indicator": "victims_removed", "country": "BD", "period": "20/21 H1", "value": 1.7e1},
///   {"indicator": "people_reached_indirect", "period": "20/21 H1", "value": 18446744073709551615}
/// ]"#;
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source("bd.json");
/// let (data, findings) = json::read(json, &options);
/// assert_eq!(data.len(), 2);
/// assert_eq!(data.observations()[1].value, Value::Count(u64::MAX));
/// assert_eq!(findings.len(), 1);
/// assert!(findings.findings()[0].to_string().starts_with(
///     "error[parse.value] bd.json:3: column \"value\": invalid number \"1.7e1\""
/// ));
/// ```
#[must_use]
pub fn read(text: &str, options: &ReadOptions) -> (Dataset, Findings) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = JsonReader::new(options);
    let mut data = reader.parser.empty_dataset();
    if let Some(figures) = reader.document(text, options.calendar()) {
        for raw in figures {
            if let Some((figure, at)) = reader.figure(text, raw) {
                reader.keep(&mut data, figure, at);
            }
        }
        if let Some(finding) = reader.parser.finish() {
            reader.report.push(finding);
        }
    }
    (data, reader.report)
}

/// Reads a JSON figures document from a stream, one figure at a time,
/// handing each figure, and each finding, to `each` as soon as it is read.
///
/// Memory holds one figure at a time, whatever the size of the document.
/// The stream is decoded in the options' [encoding](crate::format::ReadOptions::with_encoding),
/// a buffer at a time, without its byte-order mark; a workbook, or UTF-16
/// read as UTF-8, is one finding and nothing is read. A syntax error
/// part way says where reading stopped: the figures before it have been
/// handed on, none after.
/// Figures and findings are those of [`json::read`](crate::json::read), with one difference a
/// stream imposes: the document's `format`, `version` and `calendar` are
/// checked where they stand, so they belong before its `figures` (as
/// [`json::write`](crate::json::write) writes them); once one of them refuses the document, the
/// figures after it are not read.
///
/// ```
/// use impact_metrics::{Catalogue, FiscalCalendar, format::Parsed, format::ReadOptions, json};
///
/// let json = r#"{"format": "impact-metrics/figures", "version": 1,
///   "figures": [
///     {"indicator": "victims_removed", "country": "UK", "period": "20/21 H1", "value": 20},
///     {"indicator": "victims_removed", "country": "BD", "period": "20/21 H1", "value": "N/A"}
///   ]}"#;
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source("bd.json");
/// let mut seen = Vec::new();
/// json::read_each(json.as_bytes(), &options, |parsed| match parsed {
///     Parsed::Figure(figure, at) => seen.push(format!("{at}: {figure}")),
///     Parsed::Finding(finding) => seen.push(finding.to_string()),
/// });
/// assert_eq!(seen[0], "bd.json:3: victims_removed GB FY2020-09-H1 = 20");
/// assert!(seen[1].starts_with("error[parse.value] bd.json:4: column \"value\": invalid number \"N/A\""));
/// ```
pub fn read_each<R: Read>(input: R, options: &ReadOptions, mut each: impl FnMut(Parsed)) {
    let mut reader = JsonReader::new(options);
    let mut decoder = Decoder::new(input, options.encoding());
    match decoder.not_text_at_start() {
        Ok(None) => {}
        Ok(Some(not_text)) => {
            let rule = match not_text {
                NotText::Utf16 { .. } => RuleId::PARSE_ENCODING,
                _ => RuleId::PARSE_WORKBOOK,
            };
            reader.error(rule, None, not_text.message("JSON"));
        }
        Err(e) => reader.error(
            RuleId::READ_IO,
            None,
            format!("cannot read the document: {e}"),
        ),
    }
    if !reader.report.is_empty() {
        for finding in std::mem::take(&mut reader.report).into_findings() {
            each(Parsed::Finding(finding));
        }
        return;
    }
    let lines = Rc::new(Cell::new(1_u64));
    let counted = CountLines {
        inner: BufReader::new(decoder),
        lines: Rc::clone(&lines),
    };
    let mut stream = Stream {
        reader: &mut reader,
        calendar: options.calendar(),
        lines: &lines,
        each: &mut each,
        refused: false,
        figures: 0,
    };
    let mut deserializer = serde_json::Deserializer::from_reader(counted);
    let read = DocumentSeed(&mut stream)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    let figures = stream.figures;
    if let Err(e) = read {
        let line = u64::try_from(e.line()).ok().filter(|&l| l > 0);
        let (rule, message) = match e.classify() {
            Category::Io => (RuleId::READ_IO, format!("cannot read the document: {e}")),
            category => (RuleId::PARSE_JSON, stopped(&e, category, Some(figures))),
        };
        reader.error(rule, line, message);
    }
    if let Some(finding) = reader.parser.finish() {
        reader.report.push(finding);
    }
    for finding in std::mem::take(&mut reader.report).into_findings() {
        each(Parsed::Finding(finding));
    }
}

/// Reads a JSON figures document from a stream into a dataset, with the
/// report of every problem found: [`json::read_each`](crate::json::read_each), collected.
///
/// ```
/// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions, json};
///
/// let json = r#"[{"indicator": "survivors_cared_for", "country": "IN", "channel": "joint",
///                "partner": "Vihaan", "period": "20/21 Q1", "value": 93}]"#;
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let (data, findings) = json::read_from(json.as_bytes(), &options);
/// assert_eq!((data.len(), findings.len()), (1, 0));
/// ```
pub fn read_from<R: Read>(input: R, options: &ReadOptions) -> (Dataset, Findings) {
    let mut data = Dataset::new(options.calendar(), options.catalogue().clone());
    let mut findings = Findings::new();
    read_each(input, options, |parsed| {
        super::keep(&mut data, &mut findings, parsed);
    });
    (data, findings)
}

/// Reads a JSON figures document from a stream and totals it as `query`
/// asks, holding one figure at a time: memory grows with the number of
/// groups, not of figures. Figures the aggregator refuses are findings
/// (`aggregate.refused`), as in
#[doc = concat!(csv_item!("csv::aggregate"), ".")]
///
/// # Errors
///
/// As [`Aggregator::finish`].
///
/// ```
/// use impact_metrics::{Catalogue, FiscalCalendar, Indicator, Query, format::ReadOptions, Value, json};
///
/// let json = r#"[{"indicator": "victims_removed", "country": "GB", "period": "20/21 H1", "value": 20},
///                {"indicator": "victims_removed", "country": "TH", "period": "20/21 H1", "value": 37}]"#;
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let (table, findings) = json::aggregate(json.as_bytes(), &options, &Query::new().by_indicator())?;
/// assert_eq!(table.row(Indicator::VICTIMS_REMOVED).map(|r| r.value), Some(Value::Count(57)));
/// assert!(findings.is_empty());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn aggregate<R: Read>(
    input: R,
    options: &ReadOptions,
    query: &Query,
) -> Result<(Table, Findings)> {
    let mut totals = Aggregator::new(query);
    let mut findings = Findings::new();
    read_each(input, options, |parsed| {
        super::total(&mut totals, &mut findings, parsed);
    });
    Ok((totals.finish()?, findings))
}

/// A reader that counts the line ends it has passed on. `serde_json`
/// reads a stream a byte at a time, so when it has just read a figure's
/// opening brace, the count is the line that brace is on.
struct CountLines<R> {
    inner: R,
    lines: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let ends = buf
            .get(..n)
            .map_or(0, |read| read.iter().filter(|&&b| b == b'\n').count());
        self.lines.set(
            self.lines
                .get()
                .saturating_add(u64::try_from(ends).unwrap_or(u64::MAX)),
        );
        Ok(n)
    }
}

/// What a streamed read needs while `serde_json` walks the document.
struct Stream<'r, F> {
    reader: &'r mut JsonReader,
    calendar: FiscalCalendar,
    lines: &'r Rc<Cell<u64>>,
    each: &'r mut F,
    /// Set once the document's head refuses it: later figures are skipped.
    refused: bool,
    /// How many figures were read (good or bad).
    figures: u64,
}

impl<F: FnMut(Parsed)> Stream<'_, F> {
    /// Reads one figure, whose text starts on `line`, and hands on what it
    /// gives, findings first.
    fn figure(&mut self, raw: &RawValue, line: u64) {
        self.figures = self.figures.saturating_add(1);
        self.reader.start(raw.get(), line);
        let figure = self.reader.figure(raw.get(), raw);
        for finding in std::mem::take(&mut self.reader.report).into_findings() {
            (self.each)(Parsed::Finding(finding));
        }
        if let Some((figure, at)) = figure {
            (self.each)(Parsed::Figure(figure, at));
        }
    }
}

/// The whole document: an array of figures, or an object with a head and
/// a `figures` array.
struct DocumentSeed<'s, 'r, F>(&'s mut Stream<'r, F>);

impl<'de, F: FnMut(Parsed)> DeserializeSeed<'de> for DocumentSeed<'_, '_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, F: FnMut(Parsed)> Visitor<'de> for DocumentSeed<'_, '_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of figures, or an object with a \"figures\" array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<(), A::Error> {
        FiguresSeed(self.0).visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let stream = self.0;
        let mut figures = false;
        let mut seen = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let line = Some(stream.lines.get());
            let head = matches!(key.as_str(), "figures" | "format" | "version" | "calendar");
            if head && !seen.insert(key.clone()) {
                stream.reader.duplicate_key(&key, line);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            match key.as_str() {
                "figures" if !stream.refused => {
                    figures = true;
                    map.next_value_seed(FiguresSeed(&mut *stream))?;
                }
                "format" | "version" | "calendar" if !stream.refused => {
                    let raw: Box<RawValue> = map.next_value()?;
                    if !stream.reader.header(&key, &raw, line, stream.calendar) {
                        stream.refused = true;
                    }
                }
                "figures" | "format" | "version" | "calendar" => {
                    figures |= key == "figures";
                    map.next_value::<IgnoredAny>()?;
                }
                other => {
                    stream.reader.ignore(other, line, Level::Document);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !figures && !stream.refused {
            stream.reader.error(
                RuleId::PARSE_JSON,
                Some(1),
                "the document has no \"figures\" array".to_string(),
            );
        }
        Ok(())
    }
}

/// The `figures` array, read one figure at a time.
struct FiguresSeed<'s, 'r, F>(&'s mut Stream<'r, F>);

impl<'de, F: FnMut(Parsed)> DeserializeSeed<'de> for FiguresSeed<'_, '_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(Parsed)> Visitor<'de> for FiguresSeed<'_, '_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of figures")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let stream = self.0;
        while let Some((raw, line)) = seq.next_element_seed(FigureSeed(stream.lines))? {
            stream.figure(&raw, line);
        }
        Ok(())
    }
}

/// One figure's raw text, and the line it starts on.
struct FigureSeed<'r>(&'r Rc<Cell<u64>>);

impl<'de> DeserializeSeed<'de> for FigureSeed<'_> {
    type Value = (Box<RawValue>, u64);

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        // The opening character has been read: the count is its line.
        let line = self.0.get();
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        Ok((raw, line))
    }
}

struct JsonReader {
    parser: FigureParser,
    source: Option<String>,
    /// The text lines are counted in (by its address), a byte offset in it
    /// and the line that offset is on.
    cursor: (usize, usize, u64),
    /// The unknown field names already noted.
    ignored: BTreeSet<String>,
    report: Findings,
}

impl JsonReader {
    fn new(options: &ReadOptions) -> JsonReader {
        JsonReader {
            parser: FigureParser::new(options),
            source: options.source().map(str::to_string),
            cursor: (0, 0, 1),
            ignored: BTreeSet::new(),
            report: Findings::new(),
        }
    }

    /// Counts lines in `text` from here on, `text` starting on `line`.
    fn start(&mut self, text: &str, line: u64) {
        self.cursor = (text.as_ptr() as usize, 0, line);
    }

    /// Adds a figure to the dataset, or says why it cannot be.
    fn keep(&mut self, data: &mut Dataset, figure: Observation, at: Location) {
        super::keep(data, &mut self.report, Parsed::Figure(figure, at));
    }

    fn location(&self, line: Option<u64>) -> Location {
        Location {
            source: self.source.clone(),
            line,
            ..Location::default()
        }
    }

    /// The line `raw` starts on: `raw` is a slice of `text`, found by its
    /// address. Raw values are visited in order, so lines are counted from
    /// the last one and the text is scanned once.
    fn line_of(&mut self, text: &str, raw: &str) -> Option<u64> {
        if self.cursor.0 != text.as_ptr() as usize {
            self.start(text, 1);
        }
        let offset = (raw.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
        let (at, from, line) = self.cursor;
        let between = text.get(from.min(offset)..offset.max(from))?;
        let newlines = u64::try_from(between.bytes().filter(|&b| b == b'\n').count()).ok()?;
        let line = if offset >= from {
            line.checked_add(newlines)?
        } else {
            line.checked_sub(newlines)?
        };
        self.cursor = (at, offset, line);
        Some(line)
    }

    fn error(&mut self, rule: RuleId, line: Option<u64>, message: String) {
        let at = self.location(line);
        self.report
            .push(Finding::new(Severity::Error, rule, message).with_location(at));
    }

    /// The figures of the document, after checking what it says about
    /// itself; `None` (with findings) when no figure can be read.
    fn document<'a>(
        &mut self,
        text: &'a str,
        calendar: FiscalCalendar,
    ) -> Option<Vec<&'a RawValue>> {
        self.start(text, 1);
        let root: &'a RawValue = match serde_json::from_str(text) {
            Ok(root) => root,
            Err(e) => {
                let line = u64::try_from(e.line()).ok().filter(|&l| l > 0);
                self.error(RuleId::PARSE_JSON, line, stopped(&e, e.classify(), None));
                return None;
            }
        };
        if root.get().starts_with('[') {
            return self.figures(text, root);
        }
        let fields: Fields<'a> = match serde_json::from_str(root.get()) {
            Ok(fields) => fields,
            Err(_) => {
                self.error(
                    RuleId::PARSE_JSON,
                    Some(1),
                    "a figures document is an array of figures, or an object with a \"figures\" array".to_string(),
                );
                return None;
            }
        };
        let mut figures = None;
        let mut seen = BTreeSet::new();
        for (key, raw) in fields.0 {
            let line = self.line_of(text, raw.get());
            let head = matches!(key.as_str(), "figures" | "format" | "version" | "calendar");
            if head && !seen.insert(key.clone()) {
                self.duplicate_key(&key, line);
                continue;
            }
            match key.as_str() {
                "figures" => figures = Some(raw),
                "format" | "version" | "calendar" => {
                    if !self.header(&key, raw, line, calendar) {
                        return None;
                    }
                }
                other => self.ignore(other, line, Level::Document),
            }
        }
        match figures {
            Some(raw) => self.figures(text, raw),
            None => {
                self.error(
                    RuleId::PARSE_JSON,
                    Some(1),
                    "the document has no \"figures\" array".to_string(),
                );
                None
            }
        }
    }

    /// Checks a field of the document's head (`format`, `version`,
    /// `calendar`); `false`, with a finding, when the document cannot be
    /// read as figures of this calendar.
    fn header(
        &mut self,
        key: &str,
        raw: &RawValue,
        line: Option<u64>,
        calendar: FiscalCalendar,
    ) -> bool {
        match key {
            "format" => {
                let format: Option<String> = serde_json::from_str(raw.get()).ok();
                if format.as_deref() != Some(FORMAT) {
                    self.error(
                        RuleId::PARSE_JSON,
                        line,
                        format!("the document's format is {}, not {FORMAT:?}", raw.get()),
                    );
                    return false;
                }
            }
            "version" if serde_json::from_str::<u64>(raw.get()).ok() != Some(VERSION) => {
                self.error(
                    RuleId::PARSE_JSON,
                    line,
                    format!(
                        "the document's version is {}; this reader reads version {VERSION}",
                        raw.get()
                    ),
                );
                return false;
            }
            "calendar" => match serde_json::from_str::<FiscalCalendar>(raw.get()) {
                Ok(named) if named == calendar => {}
                Ok(named) => {
                    self.error(
                        RuleId::PARSE_JSON,
                        line,
                        format!(
                            "the document's calendar starts in month {} with {} year labels, the reader's in month {} with {} year labels, so no figure is read; set the start month to {} and the year label to {} to read it",
                            named.start_month(),
                            named.year_label(),
                            calendar.start_month(),
                            calendar.year_label(),
                            named.start_month(),
                            named.year_label()
                        ),
                    );
                    return false;
                }
                Err(e) => {
                    self.error(RuleId::PARSE_JSON, line, format!("invalid calendar: {e}"));
                    return false;
                }
            },
            _ => {}
        }
        true
    }

    fn figures<'a>(&mut self, text: &str, raw: &'a RawValue) -> Option<Vec<&'a RawValue>> {
        match serde_json::from_str(raw.get()) {
            Ok(figures) => Some(figures),
            Err(_) => {
                let line = self.line_of(text, raw.get());
                self.error(
                    RuleId::PARSE_JSON,
                    line,
                    "\"figures\" is an array of figures".to_string(),
                );
                None
            }
        }
    }

    /// Notes a field the format does not know at this level, once per
    /// name: a field of the other level is named as misplaced (a
    /// warning), any other as not part of the format (a note).
    fn ignore(&mut self, name: &str, line: Option<u64>, level: Level) {
        if !self.ignored.insert(format!("{level:?} {name}")) {
            return;
        }
        let at = self.location(line).with_column(name);
        let figure_field = name == "location" || Column::from_header(name).is_some();
        let document_field = matches!(name, "figures" | "format" | "version" | "calendar");
        let finding = match level {
            Level::Document if figure_field => Finding::new(
                Severity::Warning,
                RuleId::PARSE_MISPLACED_FIELD,
                format!(
                    "the field {} belongs in each figure, not at the top level of the document, so it is ignored (noted once)",
                    quote(name)
                ),
            ),
            Level::Figure if document_field => Finding::new(
                Severity::Warning,
                RuleId::PARSE_MISPLACED_FIELD,
                format!(
                    "the field {} belongs at the top level of the document, not in a figure, so it is ignored (noted once)",
                    quote(name)
                ),
            ),
            _ => Finding::new(
                Severity::Note,
                RuleId::PARSE_COLUMN_IGNORED,
                format!(
                    "the field {} is not part of the figures format, so it is ignored (noted once)",
                    quote(name)
                ),
            ),
        };
        self.report.push(finding.with_location(at));
    }

    /// An error for a field the document's head gives twice.
    fn duplicate_key(&mut self, key: &str, line: Option<u64>) {
        let what = if key == "figures" {
            "a second \"figures\" array, whose figures are not read (a document has one)"
                .to_string()
        } else {
            format!("its {} a second time, which is not read", quote(key))
        };
        let at = self.location(line).with_column(key);
        self.report.push(
            Finding::new(
                Severity::Error,
                RuleId::PARSE_DUPLICATE_KEY,
                format!("the document gives {what}"),
            )
            .with_location(at),
        );
    }

    /// Reads one figure; `raw` is a slice of `text`, by which its lines
    /// are counted. `None` when the figure has problems: they are in the
    /// findings.
    fn figure(&mut self, text: &str, raw: &RawValue) -> Option<(Observation, Location)> {
        let line = self.line_of(text, raw.get());
        let at = self.location(line);
        let fields: Fields<'_> = match serde_json::from_str(raw.get()) {
            Ok(fields) => fields,
            Err(_) => {
                self.error(
                    RuleId::PARSE_FIGURE,
                    line,
                    format!(
                        "a figure is a JSON object of the format's columns, not {}",
                        preview(raw.get())
                    ),
                );
                return None;
            }
        };
        let mut texts: Vec<(Column, String)> = Vec::new();
        let mut origin = None;
        let mut findings = Vec::new();
        let mut bad = false;
        for (key, value) in fields.0 {
            let refuse = |message: String| {
                Finding::new(Severity::Error, RuleId::PARSE_FIGURE, message)
                    .with_location(at.clone().with_column(&key))
            };
            if key == "location" {
                if origin.is_some() {
                    findings.push(
                        Finding::new(
                            Severity::Error,
                            RuleId::PARSE_DUPLICATE_KEY,
                            "the figure gives its location twice, so it is not read",
                        )
                        .with_location(at.clone().with_column(&key)),
                    );
                    bad = true;
                    continue;
                }
                match serde_json::from_str::<LocationJson>(value.get()) {
                    Ok(location) => origin = Some(location.into_location()),
                    Err(e) => {
                        findings.push(refuse(format!("invalid location: {e}")));
                        bad = true;
                    }
                }
                continue;
            }
            let Some(column) = Column::from_header(&key) else {
                let field_line = self.line_of(text, value.get());
                self.ignore(&key, field_line, Level::Figure);
                continue;
            };
            if texts.iter().any(|(c, _)| *c == column) {
                findings.push(
                    Finding::new(
                        Severity::Error,
                        RuleId::PARSE_DUPLICATE_KEY,
                        format!(
                            "the figure gives its {} twice, so it is not read",
                            column.name()
                        ),
                    )
                    .with_location(at.clone().with_column(&key)),
                );
                bad = true;
                continue;
            }
            match cell_text(value) {
                Some(text) => texts.push((column, text)),
                None => {
                    findings.push(
                        refuse(format!(
                            "the {} is a string, a number or null, not {}",
                            column.name(),
                            preview(value.get())
                        ))
                        .with_value("text", excerpt(value.get())),
                    );
                    bad = true;
                }
            }
        }
        let mut cells = Cells::default();
        for (column, text) in &texts {
            cells.set(*column, text);
        }
        let figure = self.parser.parse(&cells, &at, &mut findings);
        self.report.extend(findings);
        match (figure, bad) {
            (Some(figure), false) => Some((figure, origin.filter(|l| !l.is_none()).unwrap_or(at))),
            _ => None,
        }
    }
}

/// The text of a cell from a JSON value: a string's contents, a number's
/// digits as written, empty for `null`; `None` for anything else.
fn cell_text(value: &RawValue) -> Option<String> {
    let raw = value.get();
    match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(raw).ok(),
        Some(b'n') => Some(String::new()),
        Some(b'-' | b'0'..=b'9') => Some(raw.to_string()),
        _ => None,
    }
}

/// The start of a JSON text, for a message.
fn preview(raw: &str) -> String {
    excerpt(raw).into_owned()
}

/// Where the fields of a document stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    /// The top level: `format`, `version`, `calendar`, `figures`.
    Document,
    /// A figure: the columns, and `location`.
    Figure,
}

/// The message for a document that stops being JSON (or a figures
/// document) part way: where reading stopped, and that nothing after it
/// was read. `figures` is how many were read before, for a stream; `None`
/// when nothing was read, the document being checked whole first.
fn stopped(error: &serde_json::Error, category: Category, figures: Option<u64>) -> String {
    let text = error.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(what, _)| what);
    let (line, column) = (error.line(), error.column());
    if category == Category::Eof && line <= 1 && column == 0 {
        return "the file is empty: a figures document is an array of figures, or an object with a \"figures\" array".to_string();
    }
    // Bytes that are not UTF-8 in a string: most often a file saved in
    // Windows-1252.
    let what = if what.starts_with("invalid unicode code point") {
        format!(
            "{what}: the text is not UTF-8; if the file is in Windows-1252, set the encoding to windows-1252"
        )
    } else {
        what.to_string()
    };
    let problem = match category {
        Category::Data => format!(
            "the document does not fit the figures format at line {line}, column {column} ({what})"
        ),
        Category::Eof => {
            format!("the document ends before it is complete, at line {line} ({what})")
        }
        _ => format!("the text is not JSON at line {line}, column {column} ({what})"),
    };
    match figures {
        None => format!("{problem}, so no figure is read"),
        Some(0) => format!("{problem}: reading stopped there, and no figure was read"),
        Some(1) => format!(
            "{problem}: reading stopped there, and no figure from line {line} on was read (the one before it was)"
        ),
        Some(n) => format!(
            "{problem}: reading stopped there, and no figure from line {line} on was read (the {n} before it were)"
        ),
    }
}

/// The fields of a JSON object, in order, each with its raw value.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct FieldsVisitor;

        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Fields<'de>, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }

        deserializer.deserialize_map(FieldsVisitor)
    }
}

/// Where a figure came from, as a document gives it: the fields of a
/// [`Location`], and no others, so that a misspelt field is refused
/// rather than lost.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LocationJson {
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    line: Option<u64>,
    #[serde(default)]
    column: Option<String>,
    #[serde(default)]
    record: Option<usize>,
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    cell: Option<String>,
}

impl LocationJson {
    fn into_location(self) -> Location {
        Location {
            source: self.source,
            line: self.line,
            column: self.column,
            record: self.record,
            sheet: self.sheet,
            cell: self.cell,
        }
    }
}

/// A figure as [`json::write`](crate::json::write) writes it.
#[derive(Serialize)]
struct FigureJson<'a> {
    indicator: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partner: Option<&'a str>,
    period: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    numerator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    denominator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bound: Option<Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    basis: Option<Basis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a Location>,
}

impl<'a> FigureJson<'a> {
    fn of(figure: &'a Observation, location: Option<&'a Location>) -> FigureJson<'a> {
        let (value, numerator, denominator) = match figure.value {
            Value::Ratio {
                numerator,
                denominator,
            } => (None, Some(numerator), Some(denominator)),
            other => (Some(other), None, None),
        };
        FigureJson {
            indicator: figure.indicator.as_str(),
            country: figure.country.map(|c| c.to_string()),
            channel: figure.channel.map(|c| c.code()),
            partner: figure.partner.as_ref().map(|p| p.as_str()),
            period: figure.period.to_string(),
            value,
            numerator,
            denominator,
            bound: (figure.bound != Bound::Exact).then_some(figure.bound),
            basis: (figure.basis != Basis::Stated).then_some(figure.basis),
            note: figure.note.as_deref(),
            location: location.filter(|l| !l.is_none()),
        }
    }
}

/// A figures document as [`json::write`](crate::json::write) writes it.
#[derive(Serialize)]
struct DocumentJson<'a> {
    format: &'static str,
    version: u64,
    calendar: FiscalCalendar,
    figures: Vec<FigureJson<'a>>,
}

/// Writes a dataset as a JSON figures document (see the
/// [format](crate::format)): its calendar, and each figure with the
/// location it came from, periods in their machine form and counts as
/// JSON integers.
///
/// [`json::read`](crate::json::read) with the same calendar and catalogue reads back the same
/// figures and locations.
///
/// # Errors
///
/// [`Error::Io`] when the output cannot be written.
///
/// ```
/// use impact_metrics::{Catalogue, format::ReadOptions, json, seed};
///
/// let report = seed::h1_2020_21()?;
/// let mut out = Vec::new();
/// json::write(&report.highlights, &mut out)?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains(r#""numerator": 11,"#));
/// let (back, findings) = json::read(&text, &ReadOptions::new(report.calendar, Catalogue::builtin()));
/// assert!(findings.is_empty());
/// assert_eq!(back.observations(), report.highlights.observations());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn write<W: Write>(data: &Dataset, out: W) -> Result<()> {
    let figures = data.observations();
    let places: Vec<Location> = data.located().map(|(_, at)| at).collect();
    let document = DocumentJson {
        format: FORMAT,
        version: VERSION,
        calendar: data.calendar(),
        figures: figures
            .iter()
            .zip(&places)
            .map(|(figure, at)| FigureJson::of(figure, Some(at)))
            .collect(),
    };
    serde_json::to_writer_pretty(out, &document)
        .map_err(|e| Error::json("write figures as json", e))
}

/// Writes a report as JSON: its serde form, a `findings` array whose
/// values are strings, so every number is exact.
///
/// # Errors
///
/// [`Error::Io`] when the output cannot be written.
///
/// ```
/// use impact_metrics::{Finding, Location, Findings, Severity, json};
///
/// let mut findings = Findings::new();
/// findings.push(
///     Finding::new(Severity::Error, "parse.value", "invalid number \"1,234\"")
///         .with_location(Location::in_file("bd.csv").with_line(7).with_column("value"))
///         .with_value("text", "1,234"),
/// );
/// let mut out = Vec::new();
/// json::write_findings(&findings, &mut out)?;
/// let back = json::read_findings(std::str::from_utf8(&out).unwrap())?;
/// assert_eq!(back, findings);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn write_findings<W: Write>(findings: &Findings, out: W) -> Result<()> {
    serde_json::to_writer_pretty(out, findings)
        .map_err(|e| Error::json("write a report as json", e))
}

/// Reads a report written by [`json::write_findings`](crate::json::write_findings).
///
/// # Errors
///
/// [`Error::Json`] when the text is not the JSON of a report, saying where.
///
/// ```
/// use impact_metrics::json;
/// assert!(json::read_findings(r#"{"findings": []}"#)?.is_empty());
/// assert_eq!(
///     json::read_findings("{").unwrap_err().to_string(),
///     "cannot read a report from json: EOF while parsing an object at line 1 column 1"
/// );
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn read_findings(text: &str) -> Result<Findings> {
    serde_json::from_str(text).map_err(|e| Error::json("read a report from json", e))
}
