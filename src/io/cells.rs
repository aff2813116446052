//! From the cells of one row (or the fields of one JSON figure) to a figure
//! and the findings about it. CSV and JSON share this, so both read the
//! same format the same way.

use std::sync::Arc;

use crate::aggregate::{self, PartnerNames, Query, Quick, SeriesKey, Slot};
use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::error::{Error, Result};
use crate::figure::dataset::Dataset;
use crate::figure::observation::{Basis, Observation};
use crate::figure::value::{Bound, Value};
use crate::findings::{Finding, Location, Severity};
use crate::growth::rounding::{Rounding, round_ratio};
use crate::indicator::{Indicator, Measure};
use crate::io::format::Column;
use crate::io::number::{self, NumberFormat, is_not_available};
use crate::io::options::ReadOptions;
use crate::period::Period;
use crate::rules::RuleId;

/// How many characters of a cell a message quotes.
const EXCERPT: usize = 60;

/// A cell's text as a message shows it: the whole text when it is short,
/// else its first 60 characters, `…` and how long it is (`… (5,000,000
/// characters)`), so that a message stays readable whatever the cell
/// holds. Every message and value that repeats a cell goes through this.
pub(crate) fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    excerpt_to(text, EXCERPT)
}

/// [`excerpt`] to another length: a whole row, as a value of a finding
/// about the row, keeps up to 200 characters.
pub(crate) fn excerpt_to(text: &str, characters: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(characters) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => {
            let count = text.chars().count();
            std::borrow::Cow::Owned(format!(
                "{}… ({} characters)",
                text.get(..end).unwrap_or(""),
                grouped(count)
            ))
        }
    }
}

/// A cell's text in quotes, as messages quote it: [`excerpt`], with the
/// quoting of Rust's `{:?}` (so a quote or a line break inside shows).
pub(crate) fn quote(text: &str) -> String {
    format!("{:?}", excerpt(text))
}

/// A count with its thousands grouped, as people write it: `5,000,000`.
pub(crate) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The text of each column of one row; empty for an empty cell and for a
/// column the file does not have.
#[derive(Debug, Default)]
pub(crate) struct Cells<'a> {
    text: [&'a str; Column::ALL.len()],
}

impl<'a> Cells<'a> {
    /// Sets a column's text, trimmed.
    pub(crate) fn set(&mut self, column: Column, text: &'a str) {
        if let Some(slot) = self.text.get_mut(column.index()) {
            // Most cells start and end with a visible ASCII character,
            // which is no white space: nothing to trim.
            let bytes = text.as_bytes();
            let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
            *slot = if visible(bytes.first()) && visible(bytes.last()) {
                text
            } else {
                text.trim()
            };
        }
    }

    /// A column's text, trimmed; empty if not set.
    pub(crate) fn get(&self, column: Column) -> &'a str {
        self.text.get(column.index()).copied().unwrap_or("")
    }

    /// The cells' bytes, for [`FigureParser::quick`].
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn bytes(&self) -> CellBytes<'a> {
        CellBytes {
            bytes: self.text.map(str::as_bytes),
        }
    }
}

/// The bytes of each column of one row, trimmed as [`Cells`] trims them;
/// empty for an empty cell and for a column the file does not have. The
/// bytes of a cell of UTF-8 text, taken without checking again where its
/// characters start: [`FigureParser::quick`] reads most rows from these.
#[derive(Debug, Default)]
pub(crate) struct CellBytes<'a> {
    bytes: [&'a [u8]; Column::ALL.len()],
}

impl<'a> CellBytes<'a> {
    /// Sets a column's bytes, trimmed of ASCII white space; `false`, and
    /// nothing set, when an end is a character beyond ASCII, which may
    /// be white space only [`Cells::set`] trims.
    #[inline]
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn set(&mut self, column: Column, bytes: &'a [u8]) -> bool {
        let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
        let bytes = if visible(bytes.first()) && visible(bytes.last()) {
            bytes
        } else {
            let trimmed = bytes.trim_ascii();
            let ascii = |b: Option<&u8>| b.is_none_or(u8::is_ascii);
            if !(ascii(trimmed.first()) && ascii(trimmed.last())) {
                return false;
            }
            trimmed
        };
        if let Some(slot) = self.bytes.get_mut(column.index()) {
            *slot = bytes;
        }
        true
    }

    /// A column's bytes, trimmed; empty if not set.
    pub(crate) fn get(&self, column: Column) -> &'a [u8] {
        self.bytes.get(column.index()).copied().unwrap_or(&[])
    }
}

/// Results of a parser, remembered by the text they were parsed from, so
/// that a file of a million rows naming ten countries parses ten. At most
/// [`Memo::CAPACITY`] texts are remembered, so memory stays bounded
/// whatever the file holds. Each text remembered has a number (from 1, in
/// the order met), which the last [`Memo::get`] leaves in
/// [`Memo::last_id`]: equal numbers are equal texts, and so equal results.
#[derive(Debug)]
struct Memo<T> {
    /// The texts remembered and their results, the text numbered `n` at
    /// `n - 1`; once [`Memo::CAPACITY`] are, the one after them holds
    /// the last text given that is not remembered.
    entries: Vec<(Box<str>, Result<T>)>,
    /// Where each text remembered is in `entries`, by its bytes.
    map: crate::hash::FastMap<Box<[u8]>, u32>,
    /// Where the last text given is in `entries`.
    last: Option<usize>,
    /// Where a text met lately may be in `entries` (from 1; 0 for none),
    /// by [`Memo::slot`]: a text met often is found without hashing it,
    /// once it is checked to be the same.
    recent: [u32; Memo::<()>::RECENT],
    /// The number of the text the last [`Memo::find`] was given, if it is
    /// remembered.
    last_id: Option<u32>,
    /// For each text remembered, where the text given after it last time
    /// is in `entries` (from 1; 0 for none): rows that go round the same
    /// texts in turn (indicator after indicator) find the next at once.
    next: Vec<u32>,
}

impl<T> Memo<T> {
    /// How many places [`Memo::recent`] has.
    const RECENT: usize = 64;

    /// The place of `text` in [`Memo::recent`], from its length and its
    /// first and last bytes.
    fn slot(bytes: &[u8]) -> usize {
        let end = |b: Option<&u8>| u32::from(b.copied().unwrap_or(0));
        let mix = (bytes.len() as u32) ^ end(bytes.first()) << 7 ^ end(bytes.last()) << 15;
        (mix.wrapping_mul(0x9E37_79B9) >> 26) as usize % Self::RECENT
    }
}

impl<T: Clone> Memo<T> {
    const CAPACITY: usize = 4096;

    fn new() -> Memo<T> {
        Memo {
            entries: Vec::new(),
            map: crate::hash::FastMap::default(),
            last: None,
            recent: [0; Memo::<()>::RECENT],
            last_id: None,
            next: Vec::new(),
        }
    }

    /// The result of `text`, parsed the first time it is given.
    fn get(&mut self, text: &str, parse: impl FnMut(&str) -> Result<T>) -> Result<T> {
        let mut parse = parse;
        self.find(text.as_bytes(), &mut parse);
        match self.last() {
            Some(result) => result.clone(),
            None => parse(text),
        }
    }

    /// Makes the text of `text`'s bytes the last text given, parsed the
    /// first time, for [`Memo::last`] and [`Memo::last_id`]: no copy of
    /// the text or of its result. Most often it is the last text again,
    /// which is found here in line. Bytes that are no UTF-8 text leave no
    /// last text.
    #[inline(always)]
    fn find(&mut self, text: &[u8], parse: impl FnOnce(&str) -> Result<T>) {
        let again = self
            .last
            .and_then(|at| self.entries.get(at))
            .is_some_and(|(last, _)| crate::hash::same_bytes(last.as_bytes(), text));
        if !again {
            self.find_other(text, parse);
        }
    }

    /// [`Memo::find`] for a text that is not the last one.
    #[inline(never)]
    fn find_other(&mut self, text: &[u8], parse: impl FnOnce(&str) -> Result<T>) {
        let same = |entries: &[(Box<str>, Result<T>)], at: usize| {
            entries
                .get(at)
                .is_some_and(|(seen, _)| crate::hash::same_bytes(seen.as_bytes(), text))
        };
        // Most often the text that came after the last one last time.
        let before = self.last;
        let predicted = before
            .and_then(|at| self.next.get(at))
            .and_then(|&n| (n as usize).checked_sub(1))
            .filter(|&at| same(&self.entries, at));
        if let Some(at) = predicted {
            // Only a text remembered is predicted.
            self.last = Some(at);
            self.last_id = u32::try_from(at + 1).ok();
            return;
        }
        let slot = Self::slot(text);
        let lately = self
            .recent
            .get(slot)
            .and_then(|&n| (n as usize).checked_sub(1))
            .filter(|&at| same(&self.entries, at));
        let at = match lately {
            Some(at) => at,
            None => {
                let at = match self.map.get(text) {
                    Some(&at) => at as usize,
                    None => {
                        let Ok(text) = std::str::from_utf8(text) else {
                            self.last = None;
                            self.last_id = None;
                            return;
                        };
                        let entry = (Box::from(text), parse(text));
                        let at = self.entries.len().min(Self::CAPACITY);
                        if at < Self::CAPACITY {
                            // Below CAPACITY, so it fits.
                            self.map.insert(
                                text.as_bytes().into(),
                                u32::try_from(at).unwrap_or(u32::MAX),
                            );
                        }
                        match self.entries.get_mut(at) {
                            Some(spare) => *spare = entry,
                            None => {
                                self.entries.push(entry);
                                self.next.push(0);
                            }
                        }
                        at
                    }
                };
                if let Some(place) = self.recent.get_mut(slot).filter(|_| at < Self::CAPACITY) {
                    *place = u32::try_from(at + 1).unwrap_or(0);
                }
                at
            }
        };
        let remembered = Some(at).filter(|&at| at < Self::CAPACITY);
        if let (Some(before), Some(at)) = (before, remembered) {
            // Only a text remembered is predicted, and only after one.
            if let Some(next) = self
                .next
                .get_mut(before)
                .filter(|_| before < Self::CAPACITY)
            {
                *next = u32::try_from(at + 1).unwrap_or(0);
            }
        }
        self.last = Some(at);
        self.last_id = remembered.and_then(|at| u32::try_from(at + 1).ok());
    }

    /// The result of the last text given.
    fn last(&self) -> Option<&Result<T>> {
        self.last
            .and_then(|at| self.entries.get(at))
            .map(|(_, result)| result)
    }
}

/// The bits of a [`FigureParser::series_key`] given to each of the
/// indicator, country, channel and partner texts' numbers: enough for
/// [`Memo::CAPACITY`] texts and the empty cell.
const KEY_BITS: u32 = 13;

/// Turns rows into figures, checked as [`Dataset::check`] checks them.
#[derive(Debug)]
pub(crate) struct FigureParser {
    template: Dataset,
    numbers: NumberFormat,
    skip_not_available: bool,
    /// The markers of "no figure" the reader was given, beside the
    /// built-in ones.
    markers: Vec<String>,
    present: [bool; Column::ALL.len()],
    names: [String; Column::ALL.len()],
    indicators: Memo<Indicator>,
    countries: Memo<Country>,
    channels: Memo<Channel>,
    /// Shared, so that remembering the last one copies no name.
    partners: Memo<Arc<Partner>>,
    periods: Memo<Period>,
    formatted: Option<(u64, Location)>,
    /// The numbers of the last row's indicator, country, channel and
    /// partner texts (0 for an empty cell), when all are remembered.
    series_texts: Option<[u32; 4]>,
    /// Told apart from the keys of other parsers: see
    /// [`FigureParser::set_key_tag`]; `None` for none.
    key_tag: Option<u64>,
    /// What [`FigureParser::quick`] remembers.
    quick: QuickMemo,
}

/// What [`FigureParser::quick`] remembers of the rows it read: the verdict
/// of [`Dataset::refusals`] for each combination of the texts it depends
/// on, the hashes of [`aggregate::shard_of`] for each text, and which
/// partners' names it gave.
#[derive(Debug, Default)]
struct QuickMemo {
    /// Whether a figure passes [`Dataset::refusals`], by the numbers of
    /// its indicator, period, channel texts, whether it has a partner and
    /// its measure: all that the check reads of a figure.
    passes: crate::hash::FastMap<u64, bool>,
    /// By the number of each text (from 1) of the indicator, country,
    /// channel and partner: its hash for [`aggregate::shard_of`], 0 when
    /// not yet known.
    parts: [Vec<u64>; 4],
    /// By the number of a period text, and whether the query selects the
    /// figure: where the query puts it ([`aggregate::place`]), once
    /// worked out.
    slots: Vec<[Option<Slot>; 2]>,
    /// By the number of a partner text: whether its name was given.
    named: Vec<bool>,
    /// The number of the partner text last found named (0 for none): a
    /// partner's rows most often come together.
    last_named: u32,
}

impl FigureParser {
    /// A parser for files read with `options`, whose columns are all
    /// present until [`FigureParser::set_columns`] says otherwise.
    pub(crate) fn new(options: &ReadOptions) -> FigureParser {
        FigureParser {
            template: Dataset::new(options.calendar(), options.catalogue().clone()),
            numbers: options.number_format(),
            skip_not_available: options.skips_not_available(),
            markers: options
                .not_available()
                .iter()
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .collect(),
            present: [true; Column::ALL.len()],
            names: Column::ALL.map(|c| c.name().to_string()),
            indicators: Memo::new(),
            countries: Memo::new(),
            channels: Memo::new(),
            partners: Memo::new(),
            periods: Memo::new(),
            formatted: None,
            series_texts: None,
            key_tag: Some(0),
            quick: QuickMemo::default(),
        }
    }

    /// An empty dataset with the reader's calendar and catalogue.
    pub(crate) fn empty_dataset(&self) -> Dataset {
        self.template.clone()
    }

    /// What a header lacks, for every reader of rows: the one rule of
    /// which columns a figure needs. Gives the required columns missing,
    /// each as a file would name it (the indicator, the period, and the
    /// value or a rate's numerator and denominator), and the message for a
    /// rate part given without the other.
    #[cfg_attr(not(any(feature = "csv", feature = "workbook")), allow(dead_code))]
    pub(crate) fn header_lacks(has: impl Fn(Column) -> bool) -> (Vec<String>, Option<String>) {
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
        let lone = match parts {
            (true, false) => Some((Column::Numerator, Column::Denominator)),
            (false, true) => Some((Column::Denominator, Column::Numerator)),
            _ => None,
        };
        let lone = lone.map(|(given, absent)| {
            format!(
                "the header has a {:?} column but no {:?} column; a rate needs both",
                given.name(),
                absent.name()
            )
        });
        (missing, lone)
    }

    /// Says which columns the file has, and the names it gives them, so
    /// that findings use the file's own names and a missing column is not
    /// reported again on every row.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn set_columns(&mut self, columns: &[(Column, String)]) {
        self.present = [false; Column::ALL.len()];
        for (column, name) in columns {
            if let Some(slot) = self.present.get_mut(column.index()) {
                *slot = true;
            }
            if let Some(slot) = self.names.get_mut(column.index()) {
                slot.clone_from(name);
            }
        }
    }

    /// Sets what tells this parser's [`FigureParser::series_key`]s apart
    /// from another's, for keys of several parsers kept in one map.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn set_key_tag(&mut self, tag: usize) {
        self.key_tag = u64::try_from(tag)
            .ok()
            .and_then(|tag| tag.checked_mul(1 << KEY_BITS));
    }

    /// A number for the series of the figure the last [`FigureParser::parse`]
    /// gave, made of the numbers of its indicator, country, channel and
    /// partner texts and the parser's tag: two figures this parser gives
    /// the same key are of the same series, and parsers with different
    /// tags never give the same key.
    /// `None` when the last row gave no figure, or one of its texts is
    /// not remembered (a file of more than [`Memo::CAPACITY`] of them).
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn series_key(&self) -> Option<SeriesKey> {
        self.key_of_texts(self.series_texts?)
    }

    /// The key of the series whose indicator, country, channel and
    /// partner texts have these numbers (0 for an empty cell).
    fn key_of_texts(&self, texts: [u32; 4]) -> Option<SeriesKey> {
        let [indicator, country, channel, partner] = texts;
        let tag = self.key_tag?;
        Some(SeriesKey {
            outer: tag | u64::from(partner),
            inner: u64::from(indicator)
                | u64::from(country) << KEY_BITS
                | u64::from(channel) << (2 * KEY_BITS),
        })
    }

    /// Whether a cell says there is no figure: a built-in marker
    /// ([`is_not_available`]) or one the reader was given, in any case.
    fn not_available(&self, text: &str) -> bool {
        is_not_available(text) || self.is_marker(text)
    }

    /// Whether a cell is one of the markers the reader was given.
    fn is_marker(&self, text: &str) -> bool {
        let text = text.trim();
        self.markers
            .iter()
            .any(|m| m.eq_ignore_ascii_case(text) || m.to_lowercase() == text.to_lowercase())
    }

    fn has(&self, column: Column) -> bool {
        self.present.get(column.index()).copied().unwrap_or(false)
    }

    fn name(&self, column: Column) -> &str {
        self.names.get(column.index()).map_or("", String::as_str)
    }

    /// The numbers that needed the opted-in format so far (how many, and
    /// where the first was), taken out: a file read in pieces adds up its
    /// pieces' with [`FigureParser::add_formatted`].
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn take_formatted(&mut self) -> Option<(u64, Location)> {
        self.formatted.take()
    }

    /// Adds the numbers of a later piece of the file (from
    /// [`FigureParser::take_formatted`]) to these.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn add_formatted(&mut self, later: Option<(u64, Location)>) {
        let Some((count, first)) = later else {
            return;
        };
        match &mut self.formatted {
            Some((total, _)) => *total = total.saturating_add(count),
            None => self.formatted = Some((count, first)),
        }
    }

    /// The findings of the reading as a whole, once it is over: how many
    /// numbers needed the opted-in number format.
    pub(crate) fn finish(&mut self) -> Option<Finding> {
        let (count, first) = self.formatted.take()?;
        let plural = if count == 1 { "" } else { "s" };
        Some(
            Finding::new(
                Severity::Note,
                RuleId::PARSE_NUMBER_FORMAT,
                format!(
                    "{count} number{plural} read as written with {}, the first here",
                    self.numbers.describe()
                ),
            )
            .with_location(first)
            .with_value("numbers", count),
        )
    }

    /// Reads one row. Every problem is pushed to `findings`; the figure
    /// comes back when there is none that stops it.
    pub(crate) fn parse(
        &mut self,
        cells: &Cells<'_>,
        at: &Location,
        findings: &mut Vec<Finding>,
    ) -> Option<Observation> {
        let before = findings.len();
        let calendar = self.template.calendar();
        self.series_texts = None;
        let indicator = self.required(cells, Column::Indicator, at, findings, |p, t| {
            p.indicators
                .get(t, |t| indicator_of(p.template.catalogue(), t))
        });
        let period = self.required(cells, Column::Period, at, findings, |p, t| {
            p.periods.get(t, |t| period_of(calendar, t))
        });
        let country = self.optional(cells, Column::Country, at, findings, |p, t| {
            p.countries.get(t, str::parse)
        });
        let channel = self.optional(cells, Column::Channel, at, findings, |p, t| {
            p.channels.get(t, str::parse)
        });
        let partner = self.optional(cells, Column::Partner, at, findings, |p, t| {
            p.partners.get(t, partner_of)
        });
        let bound = self.optional(cells, Column::Bound, at, findings, |_, t| {
            t.parse::<Bound>()
        });
        let basis = self.optional(cells, Column::Basis, at, findings, |_, t| parse_basis(t));
        let note = cells.get(Column::Note);
        let id = |memo_id: Option<u32>, column: Column| {
            if cells.get(column).is_empty() {
                Some(0)
            } else {
                memo_id
            }
        };
        let texts = [
            id(self.indicators.last_id, Column::Indicator),
            id(self.countries.last_id, Column::Country),
            id(self.channels.last_id, Column::Channel),
            id(self.partners.last_id, Column::Partner),
        ];

        let value = self.value(cells, at, findings);
        let errors = findings.len() > before;
        let (indicator, period, value) = match (indicator, period, value) {
            (Some(indicator), Some(period), Ok(Some(value))) if !errors => {
                (indicator, period, value)
            }
            (_, _, Err(Skipped)) if self.skip_not_available => {
                findings.push(
                    Finding::new(
                        Severity::Note,
                        RuleId::PARSE_NOT_AVAILABLE,
                        format!(
                            "no figure: the value is {}, so the row is skipped (a missing figure is not a zero)",
                            quote(cells.get(Column::Value))
                        ),
                    )
                    .with_location(at.clone().with_column(self.name(Column::Value)))
                    .with_value("text", excerpt(cells.get(Column::Value))),
                );
                return None;
            }
            _ => return None,
        };
        let mut figure = Observation::new(indicator, period, value);
        figure.country = country.flatten();
        figure.channel = channel.flatten();
        figure.partner = partner.flatten().map(Arc::unwrap_or_clone);
        figure.bound = bound.flatten().unwrap_or_default();
        figure.basis = basis.flatten().unwrap_or_default();
        if !note.is_empty() {
            figure.note = Some(note.to_string());
        }
        let refusals = self.template.refusals(&figure);
        if refusals.is_empty() {
            if let [Some(a), Some(b), Some(c), Some(d)] = texts {
                self.series_texts = Some([a, b, c, d]);
            }
            return Some(figure);
        }
        findings.extend(
            refusals
                .iter()
                .map(|r| r.finding(&figure, self.template.calendar(), at.clone())),
        );
        None
    }

    /// Reads a row the common way, as [`FigureParser::parse`] does, for
    /// totals of `query` kept in `shards` parts ([`aggregate::shard`]),
    /// putting the name of each partner in `names` the first time,
    /// without making an [`Observation`]: `Some(Some((shard, figure)))` for
    /// a figure the query puts in a group, `Some(None)` for one the query
    /// passes over, and `None` for any row this does not read (then
    /// [`FigureParser::parse`] reads it, with its findings): a row with a
    /// finding, a bound, a basis, a numerator or a denominator, a number
    /// that needs the number format, a text not remembered, or a figure
    /// listed outside the totals. A parser is given the same `query`,
    /// `shards` and `names` every time: it remembers where the query puts
    /// each period.
    ///
    /// What it gives is exactly what [`FigureParser::parse`] would:
    /// every text goes through the same remembered results, and the
    /// figure through the verdict of [`Dataset::refusals`] on a figure
    /// with the same indicator, period, channel, partner and measure (all
    /// that the check reads).
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn quick(
        &mut self,
        cells: &CellBytes<'_>,
        line: u64,
        query: &Query,
        shards: usize,
        names: &PartnerNames,
    ) -> Option<Option<(usize, Quick)>> {
        self.series_texts = None;
        if !(self.has(Column::Indicator) && self.has(Column::Period) && self.has(Column::Value)) {
            return None;
        }
        let value_bytes = cells.get(Column::Value);
        let plain = [
            Column::Numerator,
            Column::Denominator,
            Column::Bound,
            Column::Basis,
        ]
        .into_iter()
        .all(|column| cells.get(column).is_empty());
        if !plain || value_bytes.is_empty() {
            return None;
        }
        // A plain count, as most values are, is no built-in marker of "no
        // figure" (none starts with a digit), nor one the reader was given
        // when it was given none.
        let count = number::plain_count(value_bytes).filter(|_| self.markers.is_empty());
        let value_text = match count {
            Some(_) => "",
            None => {
                let text = std::str::from_utf8(value_bytes).ok()?;
                if self.skip_not_available && self.not_available(text) {
                    return None;
                }
                text
            }
        };
        let catalogue = self.template.catalogue();
        let indicator_text = cells.get(Column::Indicator);
        if indicator_text.is_empty() {
            return None;
        }
        self.indicators
            .find(indicator_text, |t| indicator_of(catalogue, t));
        let indicator = *self.indicators.last()?.as_ref().ok()?;
        let indicator_id = self.indicators.last_id?;
        let period_text = cells.get(Column::Period);
        if period_text.is_empty() {
            return None;
        }
        let calendar = self.template.calendar();
        self.periods.find(period_text, |t| period_of(calendar, t));
        let period = *self.periods.last()?.as_ref().ok()?;
        let period_id = self.periods.last_id?;
        let (country, country_id) = match cells.get(Column::Country) {
            b"" => (None, 0),
            text => {
                self.countries.find(text, str::parse);
                let country = *self.countries.last()?.as_ref().ok()?;
                (Some(country), self.countries.last_id?)
            }
        };
        let (channel, channel_id) = match cells.get(Column::Channel) {
            b"" => (None, 0),
            text => {
                self.channels.find(text, str::parse);
                let channel = *self.channels.last()?.as_ref().ok()?;
                (Some(channel), self.channels.last_id?)
            }
        };
        let (partner, partner_id): (Option<&Partner>, u32) = match cells.get(Column::Partner) {
            b"" => (None, 0),
            text => {
                self.partners.find(text, partner_of);
                let id = self.partners.last_id?;
                let partner = self.partners.last()?.as_ref().ok()?;
                (Some(&**partner), id)
            }
        };
        let (value, formatted) = match count {
            Some(n) => (Value::Count(n), false),
            None => number::parse_value(value_text, self.numbers).ok()?,
        };
        if formatted {
            return None;
        }
        let measure = value.measure();
        // The verdict is remembered by what `Dataset::refusals_of` reads.
        let verdict = u64::from(indicator_id)
            | u64::from(period_id) << KEY_BITS
            | u64::from(channel_id) << (2 * KEY_BITS)
            | u64::from(partner.is_some()) << (3 * KEY_BITS)
            | u64::from(measure == Measure::Rate) << (3 * KEY_BITS + 1);
        let passes = match self.quick.passes.get(&verdict) {
            Some(&passes) => passes,
            None => {
                let passes = self
                    .template
                    .refusals_of(indicator, period, channel, partner, measure)
                    .is_empty();
                if self.quick.passes.len() < QuickMemo::VERDICTS {
                    self.quick.passes.insert(verdict, passes);
                }
                passes
            }
        };
        if !passes {
            return None;
        }
        let texts = [indicator_id, country_id, channel_id, partner_id];
        self.series_texts = Some(texts);
        let key = self.key_of_texts(texts)?;
        let selected = query.selects_parts(
            &indicator,
            country.as_ref(),
            channel.as_ref(),
            partner,
            Basis::Stated,
        );
        let group = match self.quick.place(period_id, selected, || {
            aggregate::place(query, selected, period)
        }) {
            Slot::Skipped => return Some(None),
            Slot::Outside => return None,
            Slot::Group(group) => group,
        };
        let shard = if shards > 1 {
            let parts = [
                self.quick
                    .part(0, indicator_id, || aggregate::part_hash(indicator.as_str())),
                self.quick.part(1, country_id, || {
                    country.map_or(0, |c| aggregate::part_hash(c.alpha2()))
                }),
                self.quick
                    .part(2, channel_id, || channel.map_or(0, aggregate::channel_hash)),
                self.quick.part(3, partner_id, || {
                    partner.map_or(0, |p| aggregate::part_hash(p.as_str()))
                }),
            ];
            aggregate::shard_of(query, parts, shards)
        } else {
            0
        };
        if let Some(partner) = partner {
            if !self.quick.named(partner_id) {
                let mut names = names.lock().ok()?;
                names.insert(key.outer, partner.clone());
            }
        }
        Some(Some((
            shard,
            Quick {
                key,
                line,
                indicator,
                country,
                channel,
                partner: partner.is_some(),
                period,
                group,
                value,
            },
        )))
    }

    /// A finding about a cell.
    pub(crate) fn finding(
        &self,
        severity: Severity,
        column: Column,
        at: &Location,
        message: String,
    ) -> Finding {
        let rule = match column {
            Column::Indicator => RuleId::PARSE_INDICATOR,
            Column::Country => RuleId::PARSE_COUNTRY,
            Column::Channel => RuleId::PARSE_CHANNEL,
            Column::Partner => RuleId::PARSE_PARTNER,
            Column::Period => RuleId::PARSE_PERIOD,
            Column::Value => RuleId::PARSE_VALUE,
            Column::Numerator => RuleId::PARSE_NUMERATOR,
            Column::Denominator => RuleId::PARSE_DENOMINATOR,
            Column::Bound => RuleId::PARSE_BOUND,
            Column::Basis => RuleId::PARSE_BASIS,
            Column::Note => RuleId::PARSE_NOTE,
        };
        Finding::new(severity, rule, message)
            .with_location(at.clone().with_column(self.name(column)))
    }

    /// The error finding for a cell whose text was refused.
    fn refused(&self, column: Column, at: &Location, text: &str, error: &Error) -> Finding {
        let mut message = error.to_string();
        let cut = excerpt(text);
        if cut.len() < text.len() {
            message = message.replace(&format!("{text:?}"), &format!("{cut:?}"));
        }
        self.finding(Severity::Error, column, at, message)
            .with_value("text", cut)
    }

    /// A required cell: `None`, with a finding, when it is empty or
    /// refused (no finding for a column the file lacks: that was reported
    /// once, with the header).
    fn required<T>(
        &mut self,
        cells: &Cells<'_>,
        column: Column,
        at: &Location,
        findings: &mut Vec<Finding>,
        parse: impl FnOnce(&mut FigureParser, &str) -> Result<T>,
    ) -> Option<T> {
        if !self.has(column) {
            return None;
        }
        let text = cells.get(column);
        if text.is_empty() {
            findings.push(self.finding(
                Severity::Error,
                column,
                at,
                format!("no {}: the cell is empty or missing", column.name()),
            ));
            return None;
        }
        match parse(self, text) {
            Ok(value) => Some(value),
            Err(e) => {
                findings.push(self.refused(column, at, text, &e));
                None
            }
        }
    }

    /// An optional cell: `Some(None)` when empty, `None` (with a finding)
    /// when refused.
    fn optional<T>(
        &mut self,
        cells: &Cells<'_>,
        column: Column,
        at: &Location,
        findings: &mut Vec<Finding>,
        parse: impl FnOnce(&mut FigureParser, &str) -> Result<T>,
    ) -> Option<Option<T>> {
        let text = cells.get(column);
        if text.is_empty() {
            return Some(None);
        }
        match parse(self, text) {
            Ok(value) => Some(Some(value)),
            Err(e) => {
                findings.push(self.refused(column, at, text, &e));
                None
            }
        }
    }

    /// Counts a number that needed the opted-in format, remembering the
    /// first.
    fn formatted(&mut self, used: bool, column: Column, at: &Location) {
        if !used {
            return;
        }
        match &mut self.formatted {
            Some((count, _)) => *count = count.saturating_add(1),
            None => {
                let first = at.clone().with_column(self.name(column));
                self.formatted = Some((1, first));
            }
        }
    }

    /// The value, from `value` or from `numerator` and `denominator`.
    /// `Ok(None)` when it cannot be known for a reason already reported
    /// (a column the file lacks), `Err(Skipped)` when the row says it has
    /// no figure.
    fn value(
        &mut self,
        cells: &Cells<'_>,
        at: &Location,
        findings: &mut Vec<Finding>,
    ) -> std::result::Result<Option<Value>, Skipped> {
        let text = cells.get(Column::Value);
        let numerator = cells.get(Column::Numerator);
        let denominator = cells.get(Column::Denominator);
        let parts_given = !numerator.is_empty() || !denominator.is_empty();
        let parts_not_available = self.not_available(numerator) && self.not_available(denominator);
        if self.skip_not_available && self.not_available(text) && parts_not_available {
            return Err(Skipped);
        }
        if parts_given {
            if !(self.has(Column::Numerator) && self.has(Column::Denominator)) {
                return Ok(None);
            }
            let parts = (
                self.part(Column::Numerator, numerator, at, findings),
                self.part(Column::Denominator, denominator, at, findings),
            );
            let (Some(numerator), Some(denominator)) = parts else {
                return Ok(None);
            };
            let ratio = Value::Ratio {
                numerator,
                denominator,
            };
            if !text.is_empty() {
                self.agrees(text, ratio, at, findings);
            }
            return Ok(Some(ratio));
        }
        if !self.has(Column::Value) {
            return Ok(None);
        }
        if text.is_empty() {
            let message = if self.has(Column::Numerator) {
                "no value: give it here, or a rate's numerator and denominator in theirs"
            } else {
                "no value: the cell is empty or missing"
            };
            findings.push(self.finding(Severity::Error, Column::Value, at, message.to_string()));
            return Ok(None);
        }
        match number::parse_value(text, self.numbers) {
            Ok((value, used)) => {
                self.formatted(used, Column::Value, at);
                Ok(Some(value))
            }
            Err(_) if self.is_marker(text) => {
                findings.push(
                    self.finding(
                        Severity::Error,
                        Column::Value,
                        at,
                        format!(
                            "no figure: the value is {}, which the not-available markers say means no figure; leave the row out, or set the rows without a figure to be skipped",
                            quote(text)
                        ),
                    )
                    .with_value("text", excerpt(text)),
                );
                Ok(None)
            }
            Err(e) => {
                findings.push(self.refused(Column::Value, at, text, &e));
                Ok(None)
            }
        }
    }

    /// A numerator or denominator, which must be there when the other is.
    fn part(
        &mut self,
        column: Column,
        text: &str,
        at: &Location,
        findings: &mut Vec<Finding>,
    ) -> Option<u64> {
        if text.is_empty() {
            let other = match column {
                Column::Numerator => Column::Denominator,
                _ => Column::Numerator,
            };
            findings.push(self.finding(
                Severity::Error,
                column,
                at,
                format!(
                    "no {}: a rate needs both its numerator and its denominator, and the {} is given",
                    column.name(),
                    other.name()
                ),
            ));
            return None;
        }
        match number::parse_count_cell(text, self.numbers) {
            Ok((n, used)) => {
                self.formatted(used, column, at);
                Some(n)
            }
            Err(e) => {
                findings.push(self.refused(column, at, text, &e));
                None
            }
        }
    }

    /// Checks a value given beside a rate's parts: the same ratio, or the
    /// percentage they make rounded half away from zero to the decimals
    /// written.
    fn agrees(&mut self, text: &str, ratio: Value, at: &Location, findings: &mut Vec<Finding>) {
        let given = match number::parse_value(text, self.numbers) {
            Ok((given, used)) => {
                self.formatted(used, Column::Value, at);
                given
            }
            Err(e) => {
                findings.push(self.refused(Column::Value, at, text, &e));
                return;
            }
        };
        let Value::Ratio {
            numerator,
            denominator,
        } = ratio
        else {
            return;
        };
        let agrees = match given {
            Value::Ratio { .. } => given == ratio,
            Value::Percent(percent) if denominator > 0 => round_ratio(
                i128::from(numerator) * 100,
                u128::from(denominator),
                percent.scale(),
                Rounding::HalfUp,
            )
            .is_ok_and(|rounded| rounded == percent),
            _ => false,
        };
        if !agrees {
            let makes = match round_ratio(
                i128::from(numerator) * 100,
                u128::from(denominator),
                2,
                Rounding::HalfUp,
            ) {
                Ok(percent) => format!(", which make {percent}%"),
                Err(_) => String::new(),
            };
            findings.push(
                self.finding(
                    Severity::Error,
                    Column::Value,
                    at,
                    format!(
                        "the value {} does not agree with the numerator {numerator} and denominator {denominator}{makes}; give one or the other, or make them agree",
                        quote(text)
                    ),
                )
                .with_value("text", excerpt(text))
                .with_value("numerator", numerator)
                .with_value("denominator", denominator),
            );
        }
    }
}

/// The indicator an indicator cell names: a catalogue entry by code,
/// name or alias, or else a well-formed code the catalogue does not define
/// (the dataset's to refuse, `figure.unknown_indicator`, as for a figure
/// built in code); text that is neither is a cell that cannot be read.
/// Both ways of reading a row remember its result by the cell's text.
fn indicator_of(catalogue: &crate::Catalogue, text: &str) -> Result<Indicator> {
    catalogue
        .resolve(text)
        .or_else(|e| Indicator::new(text).map_err(|_| e))
}

/// The period a period cell names: a label on `calendar`, or else the
/// machine form, whose calendar may be another (the dataset's to refuse,
/// `period.calendar`).
fn period_of(calendar: crate::FiscalCalendar, text: &str) -> Result<Period> {
    calendar
        .parse(text)
        .or_else(|e| text.parse::<Period>().map_err(|_| e))
}

/// The partner a partner cell names, shared.
fn partner_of(text: &str) -> Result<Arc<Partner>> {
    Partner::new(text).map(Arc::new)
}

impl QuickMemo {
    /// How many verdicts of [`Dataset::refusals`] are remembered at most,
    /// so that memory stays bounded whatever the file holds (past them,
    /// the check is made again for each row).
    const VERDICTS: usize = 1 << 16;

    /// Where the query puts a figure of the period text numbered `id`
    /// that it selects or not: what `place` says the first time. The
    /// parser is given one query ([`FigureParser::quick`]).
    fn place(&mut self, id: u32, selected: bool, place: impl FnOnce() -> Slot) -> Slot {
        let i = id as usize;
        if self.slots.len() <= i {
            self.slots.resize(i + 1, [None; 2]);
        }
        match self
            .slots
            .get_mut(i)
            .and_then(|slots| slots.get_mut(usize::from(selected)))
        {
            Some(Some(known)) => *known,
            Some(slot) => *slot.insert(place()),
            None => place(),
        }
    }

    /// The hash of the text numbered `id` of part `part` (indicator,
    /// country, channel, partner), worked out by `hash` the first time.
    fn part(&mut self, part: usize, id: u32, hash: impl FnOnce() -> u64) -> u64 {
        if id == 0 {
            return 0;
        }
        let Some(hashes) = self.parts.get_mut(part) else {
            return hash();
        };
        let i = id as usize;
        if hashes.len() <= i {
            hashes.resize(i + 1, 0);
        }
        match hashes.get_mut(i) {
            Some(known) if *known != 0 => *known,
            Some(slot) => {
                *slot = hash();
                *slot
            }
            None => hash(),
        }
    }

    /// Whether the name of the partner text numbered `id` was given
    /// already; from now on it is.
    fn named(&mut self, id: u32) -> bool {
        if id == self.last_named && id != 0 {
            return true;
        }
        self.last_named = id;
        let i = id as usize;
        if self.named.len() <= i {
            self.named.resize(i + 1, false);
        }
        self.named
            .get_mut(i)
            .is_some_and(|n| std::mem::replace(n, true))
    }
}

/// A row that says it has no figure.
#[derive(Debug)]
struct Skipped;

fn parse_basis(text: &str) -> Result<Basis> {
    if text.eq_ignore_ascii_case("stated") {
        Ok(Basis::Stated)
    } else if text.eq_ignore_ascii_case("interpreted") {
        Ok(Basis::Interpreted)
    } else {
        Err(Error::InvalidFigure {
            figure: format!("basis {text:?}"),
            reason: "the basis is \"stated\" or \"interpreted\"".to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Catalogue;
    use crate::period::calendar::FiscalCalendar;

    fn parser() -> FigureParser {
        FigureParser::new(&ReadOptions::new(
            FiscalCalendar::SEPTEMBER,
            Catalogue::builtin(),
        ))
    }

    fn cells<'a>(pairs: &[(Column, &'a str)]) -> Cells<'a> {
        let mut cells = Cells::default();
        for &(column, text) in pairs {
            cells.set(column, text);
        }
        cells
    }

    fn at() -> Location {
        Location::in_file("t.csv").with_line(2)
    }

    #[test]
    fn a_row_with_every_part_is_a_figure() {
        let mut p = parser();
        let mut findings = Vec::new();
        let row = cells(&[
            (Column::Indicator, "Victims removed from exploitation"),
            (Column::Country, " UK "),
            (Column::Channel, "Direct work"),
            (Column::Period, "20/21 H1"),
            (Column::Value, "20"),
            (Column::Bound, "at least"),
            (Column::Basis, "Interpreted"),
            (Column::Note, " read from the text "),
        ]);
        let figure = p.parse(&row, &at(), &mut findings).unwrap();
        assert!(findings.is_empty(), "{findings:?}");
        let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1).unwrap();
        let mut expected = Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20))
            .with_country(Country::GB)
            .with_channel(Channel::Direct)
            .with_bound(Bound::AtLeast)
            .with_interpretation("read from the text");
        expected.note = Some("read from the text".to_string());
        assert_eq!(figure, expected);
    }

    #[test]
    fn every_bad_cell_of_a_row_is_reported() {
        let mut p = parser();
        let mut findings = Vec::new();
        let row = cells(&[
            (Column::Indicator, "Traffickers freed"),
            (Column::Country, "England"),
            (Column::Channel, "indirect"),
            (Column::Period, "2020/22"),
            (Column::Value, "1,234"),
            (Column::Basis, "guessed"),
        ]);
        assert!(p.parse(&row, &at(), &mut findings).is_none());
        let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "parse.indicator",
                "parse.period",
                "parse.country",
                "parse.channel",
                "parse.basis",
                "parse.value"
            ]
        );
        assert_eq!(
            findings[2].to_string(),
            "error[parse.country] t.csv:2: column \"country\": unknown country \"England\"; did you mean GB (United Kingdom)?"
        );
        assert_eq!(
            findings[2].values,
            [("text".to_string(), "England".to_string())]
        );
    }

    #[test]
    fn rates_come_from_their_parts_and_must_agree_with_a_value() {
        let mut p = parser();
        let row = |value| {
            cells(&[
                (Column::Indicator, "income_rise_rate"),
                (Column::Period, "20/21 H1"),
                (Column::Value, value),
                (Column::Numerator, "11"),
                (Column::Denominator, "24"),
            ])
        };
        let ratio = Value::Ratio {
            numerator: 11,
            denominator: 24,
        };
        // 11/24 = 45.8333...%
        for agreeing in ["", "11/24", "46%", "45.8%", "45.83%"] {
            let mut findings = Vec::new();
            let figure = p.parse(&row(agreeing), &at(), &mut findings);
            assert_eq!(
                figure.map(|f| f.value),
                Some(ratio),
                "{agreeing:?}: {findings:?}"
            );
        }
        for disagreeing in ["45%", "45.9%", "12/24", "11"] {
            let mut findings = Vec::new();
            assert!(p.parse(&row(disagreeing), &at(), &mut findings).is_none());
            assert_eq!(findings.len(), 1, "{disagreeing:?}");
            assert_eq!(findings[0].rule, "parse.value");
        }
    }

    #[test]
    fn half_a_rate_is_refused_at_the_missing_part() {
        let mut p = parser();
        let mut findings = Vec::new();
        let row = cells(&[
            (Column::Indicator, "income_rise_rate"),
            (Column::Period, "20/21 H1"),
            (Column::Numerator, "11"),
        ]);
        assert!(p.parse(&row, &at(), &mut findings).is_none());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].location.column.as_deref(), Some("denominator"));
    }

    #[test]
    fn figures_the_dataset_refuses_are_findings_about_them() {
        let mut p = parser();
        let mut findings = Vec::new();
        let row = cells(&[
            (Column::Indicator, "re_trafficking_rate"),
            (Column::Period, "20/21 H1"),
            (Column::Value, "0"),
        ]);
        assert!(p.parse(&row, &at(), &mut findings).is_none());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "figure.wrong_measure");
        assert_eq!(
            findings[0].message,
            "invalid figure re_trafficking_rate 20/21 H1 = 0: re_trafficking_rate is a rate, but the value is a count"
        );
        assert!(findings[0].series.is_some());
    }

    #[test]
    fn every_reason_a_figure_is_refused_is_a_finding() {
        let mut p = parser();
        let mut findings = Vec::new();
        // A count for a rate, and a partner under direct work.
        let row = cells(&[
            (Column::Indicator, "re_trafficking_rate"),
            (Column::Channel, "direct"),
            (Column::Partner, "Vihaan"),
            (Column::Period, "20/21 H1"),
            (Column::Value, "0"),
        ]);
        assert!(p.parse(&row, &at(), &mut findings).is_none());
        let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["figure.wrong_measure", "figure.partner"]);
        assert_eq!(
            findings[1].to_string(),
            "error[figure.partner] t.csv:2: invalid figure re_trafficking_rate direct Vihaan 20/21 H1 = 0: \
             only joint operations have a partner, not direct work (partner \"Vihaan\")"
        );
    }

    #[test]
    fn long_text_is_cut_with_its_length() {
        assert_eq!(excerpt("short"), "short");
        let sixty = "é".repeat(60);
        assert_eq!(excerpt(&sixty), sixty);
        let long = format!("{sixty}x");
        assert_eq!(excerpt(&long), format!("{sixty}… (61 characters)"));
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(5_000_000), "5,000,000");
        assert_eq!(excerpt_to("abcdef", 3), "abc… (6 characters)");
    }

    #[test]
    fn cell_bytes_are_trimmed_as_cells_are_or_not_taken() {
        let mut bytes = CellBytes::default();
        for (text, taken) in [
            ("GB", Some("GB")),
            ("  GB\t", Some("GB")),
            ("United Kingdom", Some("United Kingdom")),
            (" Côte d'Ivoire ", Some("Côte d'Ivoire")),
            (" \t ", Some("")),
            // Beyond ASCII at an end: maybe white space, which only the
            // trim of `Cells` knows.
            ("GB\u{a0}", None),
            ("\u{2003} GB", None),
            ("Türkiye", Some("Türkiye")),
            ("São Tomé", None),
        ] {
            let mut cells = Cells::default();
            cells.set(Column::Country, text);
            let set = bytes.set(Column::Country, text.as_bytes());
            assert_eq!(
                set.then(|| bytes.get(Column::Country)),
                taken.map(str::as_bytes),
                "{text:?}"
            );
            if set {
                assert_eq!(
                    bytes.get(Column::Country),
                    cells.get(Column::Country).as_bytes()
                );
            }
        }
    }

    #[test]
    fn memo_finds_texts_that_come_round_in_turn_and_any_other() {
        let mut memo: Memo<usize> = Memo::new();
        let mut calls = 0;
        let mut get = |memo: &mut Memo<usize>, text: &str| {
            memo.get(text, |t| {
                calls += 1;
                Ok(t.len())
            })
        };
        let turns = ["victims_removed", "survivors_cared_for", "GB"];
        for _ in 0..3 {
            for text in turns {
                assert_eq!(get(&mut memo, text), Ok(text.len()));
            }
        }
        // Out of turn: the text predicted is not taken for another.
        for text in ["GB", "victims_removed", "GB", "survivors_cared_for", "GBR"] {
            assert_eq!(get(&mut memo, text), Ok(text.len()));
            assert_eq!(memo.last().and_then(|r| r.as_ref().ok()), Some(&text.len()));
        }
        assert_eq!(calls, 4);
        assert_eq!(memo.last_id, Some(4));
    }

    #[test]
    fn memo_keeps_errors_and_stops_growing() {
        let mut memo: Memo<u32> = Memo::new();
        let mut calls = 0;
        for _ in 0..3 {
            let _ = memo.get("x", |_| {
                calls += 1;
                Err(Error::UnknownCountry {
                    input: "x".to_string(),
                    nearest: Vec::new(),
                })
            });
        }
        assert_eq!(calls, 1);
        for i in 0..(Memo::<u32>::CAPACITY + 10) {
            assert_eq!(
                memo.get(&i.to_string(), |t| Ok(t.len() as u32)),
                Ok(i.to_string().len() as u32)
            );
        }
        assert_eq!(memo.map.len(), Memo::<u32>::CAPACITY);
        assert_eq!(memo.entries.len(), Memo::<u32>::CAPACITY + 1);
        // Numbered in the order met ("x" first), none past the capacity;
        // the last text not remembered never stands for another.
        assert_eq!(memo.get("0", |_| Ok(99)), Ok(1));
        assert_eq!(memo.last_id, Some(2));
        assert_eq!(memo.get("ninety", |t| Ok(t.len() as u32)), Ok(6));
        assert_eq!(memo.last_id, None);
        assert_eq!(memo.get("forty", |t| Ok(t.len() as u32)), Ok(5));
        assert_eq!(memo.get("ninety", |t| Ok(t.len() as u32 + 1)), Ok(7));
        assert!(memo.get("x", |_| Ok(99)).is_err());
        assert_eq!(memo.last_id, Some(1));
    }

    proptest::proptest! {
        /// Texts alike in length and ends (which share a place of
        /// [`Memo::recent`]), given in any order: each gets its own
        /// result and number, the same each time it comes back.
        #[test]
        fn memo_tells_apart_texts_that_share_a_recent_place(
            picks in proptest::collection::vec(0..12usize, 1..200),
        ) {
            let texts: Vec<String> = (0..12).map(|i| format!("a{i:02}-{}z", "m".repeat(i % 3))).collect();
            let mut memo: Memo<usize> = Memo::new();
            let mut ids = std::collections::HashMap::new();
            for &i in &picks {
                let text = &texts[i];
                proptest::prop_assert_eq!(memo.get(text, |t| Ok(t.len() * 100 + i)), Ok(text.len() * 100 + i));
                let id = memo.last_id;
                proptest::prop_assert!(id.is_some());
                proptest::prop_assert_eq!(*ids.entry(i).or_insert(id), id);
            }
            let distinct: std::collections::HashSet<_> = ids.values().collect();
            proptest::prop_assert_eq!(distinct.len(), ids.len());
        }
    }
}
