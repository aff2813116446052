//! Reading published totals and growth claims from CSV: the headline
//! figures a report prints, to check against the figures they should add
//! up to.
//!
//! The format is documented on [`read_published`] (re-exported as
//! `csv::read_published`).

use std::io::Read;

use rust_decimal::Decimal;

use crate::channel::Channel;
use crate::country::Country;
use crate::error::{Error, Result};
use crate::figure::published::{Baseline, GrowthClaim, PublishedTotal};
use crate::figure::value::{Bound, Value};
use crate::findings::{Finding, Findings, Location, Severity};
use crate::io::number;
use crate::io::options::ReadOptions;
use crate::period::Period;
use crate::rules::RuleId;

/// The columns of a published-totals file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Indicator,
    Period,
    Value,
    Country,
    Channels,
    Bound,
    Growth,
    Baseline,
    BaselineKind,
    Note,
}

impl Column {
    const ALL: [Column; 10] = [
        Column::Indicator,
        Column::Period,
        Column::Value,
        Column::Country,
        Column::Channels,
        Column::Bound,
        Column::Growth,
        Column::Baseline,
        Column::BaselineKind,
        Column::Note,
    ];

    const REQUIRED: [Column; 3] = [Column::Indicator, Column::Period, Column::Value];

    fn name(self) -> &'static str {
        match self {
            Column::Indicator => "indicator",
            Column::Period => "period",
            Column::Value => "value",
            Column::Country => "country",
            Column::Channels => "channels",
            Column::Bound => "bound",
            Column::Growth => "growth",
            Column::Baseline => "baseline",
            Column::BaselineKind => "baseline_kind",
            Column::Note => "note",
        }
    }

    fn from_header(header: &str) -> Option<Column> {
        let folded: String = header
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        match folded.as_str() {
            "channel" => Some(Column::Channels),
            "baselineperiod" => Some(Column::Baseline),
            "text" | "words" => Some(Column::Note),
            _ => Column::ALL
                .into_iter()
                .find(|c| c.name().replace('_', "") == folded),
        }
    }

    fn rule(self) -> RuleId {
        match self {
            Column::Indicator => RuleId::PARSE_INDICATOR,
            Column::Period => RuleId::PARSE_PERIOD,
            Column::Value => RuleId::PARSE_VALUE,
            Column::Country => RuleId::PARSE_COUNTRY,
            Column::Channels => RuleId::PARSE_CHANNEL,
            Column::Bound => RuleId::PARSE_BOUND,
            Column::Growth | Column::Baseline | Column::BaselineKind => RuleId::PARSE_GROWTH,
            Column::Note => RuleId::PARSE_NOTE,
        }
    }
}

/// The header: which column of the file holds what, by the file's own
/// names.
struct Header {
    at: Vec<(Column, usize, String)>,
}

impl Header {
    fn cell<'r>(&self, column: Column, row: &'r [String]) -> &'r str {
        self.at
            .iter()
            .find(|(c, _, _)| *c == column)
            .and_then(|(_, i, _)| row.get(*i))
            .map_or("", |t| t.trim())
    }

    fn name(&self, column: Column) -> &str {
        self.at
            .iter()
            .find(|(c, _, _)| *c == column)
            .map_or(column.name(), |(_, _, n)| n.as_str())
    }
}

/// Reads published totals and their growth claims from CSV: every good
/// row as a [`PublishedTotal`] located at its file (the options' source)
/// and line, every problem as a located finding. Give the totals to
/// [`Validator::validate_published`](crate::Validator::validate_published)
/// to reconcile them with the figures and check their growth claims; the
/// findings about a total name its line.
///
/// # The published-totals format
///
/// One row per published total, with a header row naming the columns in
/// any order (names are matched without regard to case, spaces, `_` or
/// `-`). A byte-order mark at the start is skipped; the delimiter, the
/// number format and the title lines skipped above the header are the
/// reading options' ([`ReadOptions`]), as for figures. The text is UTF-8:
/// UTF-16 text and a workbook (.xlsx) are named as such and nothing is
/// read, and a row that is not UTF-8 is refused.
///
/// | column | required | what it holds | example |
/// |---|---|---|---|
/// | `indicator` | yes | a code or a name the catalogue knows | `victims_removed` |
/// | `period` | yes | the period the total covers, as a label of the calendar | `20/21 H1` |
/// | `value` | yes | the published total, a count (or a rate `11/24`) | `74` |
/// | `country` | no | the country, when the total is for one country (empty for all) | `GB` |
/// | `channels` | no | the strategy channels it adds up, separated by `+` or `;` (empty for all) | `direct + joint` |
/// | `bound` | no | `exact` (the default), `at least` or `more than` | `more than` |
/// | `growth` | no | the growth percent printed beside the total | `+32%` |
/// | `baseline` | with `growth` | the period the growth is on, as a label | `2019/20` |
/// | `baseline_kind` | no | `average` (the default): the baseline total scaled to the length of the total's period, as in "growth on 19/20 HY average"; or `total`: the baseline total as it is | `average` |
/// | `note` | no | the words of the claim, as printed | `growth on 19/20 HY average` |
///
/// A growth with no baseline is kept, and reported as a claim that cannot
/// be checked. `average` is the default kind because, for two periods of
/// the same length, it is the same comparison as `total`, and for periods
/// of different lengths it is the only one that compares like with like.
///
/// Every row is one line: a cell that runs over several lines (an opening
/// quote never closed) is refused at the line where it opened, with the
/// number of lines it took, so that it cannot swallow the rows after it. A
/// row with a problem is left out and each problem is a located finding
/// under a `parse` rule (`parse.indicator`, `parse.period`, `parse.value`,
/// `parse.growth`...); the other rows are read.
///
/// # Example
///
/// ```
/// use impact_metrics::{Catalogue, FiscalCalendar, Value, csv, figure::Baseline, format::ReadOptions};
///
/// let file = "indicator,period,value,channels,growth,baseline,baseline_kind\n\
///             victims_removed,20/21 H1,74,direct + joint,+32%,2019/20,average\n\
///             victims_removed,20/21 H9,26,,,,\n";
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let options = ReadOptions::new(calendar, Catalogue::builtin()).with_source("totals.csv");
/// let (totals, findings) = csv::read_published(file.as_bytes(), &options);
/// assert_eq!(totals.len(), 1);
/// assert_eq!(totals[0].value, Value::Count(74));
/// let claim = totals[0].growth.as_ref().unwrap();
/// assert_eq!(claim.baseline, Baseline::AverageOf(calendar.parse("2019/20")?));
/// assert_eq!(findings.findings()[0].location.to_string(), "totals.csv:3: column \"period\"");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn read_published<R: Read>(
    mut input: R,
    options: &ReadOptions,
) -> (Vec<PublishedTotal>, Findings) {
    let mut findings = Findings::new();
    let source = options.source().map(str::to_string);
    let here = |line: u64| {
        let at = match &source {
            Some(name) => Location::in_file(name),
            None => Location::none(),
        };
        if line > 0 { at.with_line(line) } else { at }
    };
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        findings.push(
            Finding::new(
                Severity::Error,
                RuleId::READ_IO,
                format!("the published totals could not be read, so none is checked: {e}"),
            )
            .with_location(here(0)),
        );
        return (Vec::new(), findings);
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if text.starts_with(crate::io::format::ZIP) {
        findings.push(
            Finding::new(
                Severity::Error,
                RuleId::PARSE_ENCODING,
                "the file is a workbook (.xlsx), not CSV text, so no published total is read; \
                 save it from the spreadsheet as CSV UTF-8",
            )
            .with_location(here(0)),
        );
        return (Vec::new(), findings);
    }
    if text.starts_with(b"\xFF\xFE") || text.starts_with(b"\xFE\xFF") {
        findings.push(
            Finding::new(
                Severity::Error,
                RuleId::PARSE_ENCODING,
                "the file is UTF-16 text, so no published total is read; save it as CSV UTF-8",
            )
            .with_location(here(1)),
        );
        return (Vec::new(), findings);
    }
    let mut csv = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(options.delimiter())
        .from_reader(text);
    let mut header: Option<(Header, usize)> = None;
    let mut totals = Vec::new();
    let mut record = ::csv::ByteRecord::new();
    loop {
        let line = csv.position().line();
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                findings.push(
                    Finding::new(
                        Severity::Error,
                        RuleId::PARSE_ROW,
                        format!("the row cannot be read as CSV, so it is left out: {e}"),
                    )
                    .with_location(here(line)),
                );
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        let Some(row) = cells(&record, here(line), &mut findings) else {
            continue;
        };
        let end = csv.position().line();
        let spans = end.saturating_sub(line);
        if spans > 1 || row.iter().any(|c| c.contains(['\n', '\r'])) {
            findings.push(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_ROW,
                    format!(
                        "a quoted cell opened here runs over {} lines, so the row is left out; \
                         a published-totals row is one line: close the quote (\"\") where the cell ends",
                        spans.max(2)
                    ),
                )
                .with_location(here(line))
                .with_value("lines", spans.max(2)),
            );
            continue;
        }
        let title =
            header.is_none() && usize::try_from(line).is_ok_and(|l| l <= options.skip_rows());
        if title || row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match &header {
            None => match read_header(&row, here(line), &mut findings) {
                Some(h) => header = Some((h, row.len())),
                None => return (Vec::new(), findings),
            },
            Some((h, width)) => {
                if row.len() != *width {
                    findings.push(
                        Finding::new(
                            Severity::Error,
                            RuleId::PARSE_ROW,
                            format!(
                                "the row has {} cells and the header {width}, so it is left out; \
                                 check for a delimiter inside an unquoted cell",
                                row.len()
                            ),
                        )
                        .with_location(here(line)),
                    );
                    continue;
                }
                if let Some(total) = parse_row(h, &row, options, here(line), &mut findings) {
                    totals.push(total);
                }
            }
        }
    }
    if header.is_none() {
        findings.push(
            Finding::new(
                Severity::Error,
                RuleId::PARSE_HEADER,
                "the file is empty: no header row, so no published total is read",
            )
            .with_location(here(0)),
        );
    }
    (totals, findings)
}

/// The cells of a record as text; `None`, with a finding, when one is not
/// UTF-8.
fn cells(record: &::csv::ByteRecord, at: Location, findings: &mut Findings) -> Option<Vec<String>> {
    let mut row = Vec::with_capacity(record.len());
    for field in record {
        match std::str::from_utf8(field) {
            Ok(text) => row.push(text.to_string()),
            Err(_) => {
                findings.push(
                    Finding::new(
                        Severity::Error,
                        RuleId::PARSE_ENCODING,
                        "the row is not UTF-8 text, so it is left out; save the file as CSV UTF-8",
                    )
                    .with_location(at),
                );
                return None;
            }
        }
    }
    Some(row)
}

fn read_header(row: &[String], at: Location, findings: &mut Findings) -> Option<Header> {
    let mut header = Header { at: Vec::new() };
    let mut fatal = false;
    for (i, name) in row.iter().enumerate() {
        let name = name.trim();
        match Column::from_header(name) {
            Some(column) if header.at.iter().any(|(c, _, _)| *c == column) => {
                findings.push(
                    Finding::new(
                        Severity::Error,
                        RuleId::PARSE_HEADER,
                        format!(
                            "the header names the {} column twice ({:?} and {name:?}), so no published total is read; keep one",
                            column.name(),
                            header.name(column)
                        ),
                    )
                    .with_location(at.clone().with_column(name)),
                );
                fatal = true;
            }
            Some(column) => header.at.push((column, i, name.to_string())),
            None => findings.push(
                Finding::new(
                    Severity::Note,
                    RuleId::PARSE_COLUMN_IGNORED,
                    format!(
                        "the column {name:?} is not part of the published-totals format, so it is ignored \
                         (the columns are {})",
                        Column::ALL.map(Column::name).join(", ")
                    ),
                )
                .with_location(at.clone().with_column(name)),
            ),
        }
    }
    let missing: Vec<&str> = Column::REQUIRED
        .into_iter()
        .filter(|c| !header.at.iter().any(|(h, _, _)| h == c))
        .map(Column::name)
        .collect();
    if !missing.is_empty() {
        findings.push(
            Finding::new(
                Severity::Error,
                RuleId::PARSE_HEADER,
                format!(
                    "the header has no {} column, so no published total is read; \
                     the first row names the columns: indicator, period, value, and optionally {}",
                    missing.join(" or "),
                    Column::ALL
                        .into_iter()
                        .filter(|c| !Column::REQUIRED.contains(c))
                        .map(Column::name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_location(at),
        );
        fatal = true;
    }
    (!fatal).then_some(header)
}

/// One row: the total, or `None` with a finding for each problem.
fn parse_row(
    header: &Header,
    row: &[String],
    options: &ReadOptions,
    at: Location,
    findings: &mut Findings,
) -> Option<PublishedTotal> {
    let before = findings.len();
    let mut cell = |column: Column, required: bool, parse: &dyn Fn(&str) -> Result<()>| {
        let text = header.cell(column, row);
        let refuse = |message: String| {
            Finding::new(Severity::Error, column.rule(), message)
                .with_location(at.clone().with_column(header.name(column)))
                .with_value("text", text)
        };
        if text.is_empty() {
            if required {
                findings.push(refuse(format!(
                    "no {}: the cell is empty, so the total is left out",
                    column.name()
                )));
            }
            return;
        }
        if let Err(e) = parse(text) {
            findings.push(refuse(e.to_string()));
        }
    };
    let calendar = options.calendar();
    let catalogue = options.catalogue();
    let period_of = |text: &str| -> Result<Period> {
        calendar.parse(text).or_else(|e| {
            text.parse::<Period>()
                .ok()
                .filter(|p| p.start_month() == calendar.start_month())
                .ok_or(e)
        })
    };
    let indicator = std::cell::Cell::new(None);
    let period = std::cell::Cell::new(None);
    let value = std::cell::Cell::new(None);
    let country = std::cell::Cell::new(None);
    let channels = std::cell::RefCell::new(Vec::new());
    let bound = std::cell::Cell::new(Bound::Exact);
    let growth = std::cell::Cell::new(None);
    let baseline = std::cell::Cell::new(None);
    let average = std::cell::Cell::new(true);
    cell(Column::Indicator, true, &|t| {
        indicator.set(Some(catalogue.resolve(t)?));
        Ok(())
    });
    cell(Column::Period, true, &|t| {
        period.set(Some(period_of(t)?));
        Ok(())
    });
    cell(Column::Value, true, &|t| {
        value.set(Some(number::parse_value(t, options.number_format())?.0));
        Ok(())
    });
    cell(Column::Country, false, &|t| {
        country.set(Some(t.parse::<Country>()?));
        Ok(())
    });
    cell(Column::Channels, false, &|t| {
        for part in t.split(['+', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            let channel = part.parse::<Channel>()?;
            let mut list = channels.borrow_mut();
            if !list.contains(&channel) {
                list.push(channel);
            }
        }
        Ok(())
    });
    cell(Column::Bound, false, &|t| {
        bound.set(t.parse::<Bound>()?);
        Ok(())
    });
    cell(Column::Growth, false, &|t| {
        growth.set(Some(percent(t)?));
        Ok(())
    });
    cell(Column::Baseline, false, &|t| {
        baseline.set(Some(period_of(t)?));
        Ok(())
    });
    cell(Column::BaselineKind, false, &|t| {
        average.set(baseline_kind(t)?);
        Ok(())
    });
    let growth_text = header.cell(Column::Growth, row);
    let baseline_text = header.cell(Column::Baseline, row);
    if growth_text.is_empty() && !baseline_text.is_empty() {
        findings.push(
            Finding::new(
                Severity::Error,
                RuleId::PARSE_GROWTH,
                format!(
                    "a baseline ({baseline_text:?}) but no growth, so the total is left out: \
                     give the growth printed beside the total, or leave the baseline empty"
                ),
            )
            .with_location(at.clone().with_column(header.name(Column::Growth))),
        );
    }
    if findings.len() > before {
        return None;
    }
    let mut total = PublishedTotal::new(indicator.get()?, period.get()?, value.get()?)
        .with_channels(&channels.borrow())
        .with_bound(bound.get())
        .with_location(at);
    if let Some(country) = country.get() {
        total = total.with_country(country);
    }
    if let Some(percent) = growth.get() {
        let kind = match (baseline.get(), average.get()) {
            (Some(p), true) => Baseline::AverageOf(p),
            (Some(p), false) => Baseline::Total(p),
            (None, _) => Baseline::Unspecified,
        };
        let mut claim = GrowthClaim::new(percent, kind).with_indicator(total.indicator);
        if let Some(country) = total.country {
            claim = claim.with_country(country);
        }
        let note = header.cell(Column::Note, row);
        if !note.is_empty() {
            claim = claim.with_text(note);
        }
        total = total.with_growth(claim);
    }
    Some(total)
}

/// A growth percent as a report prints it: `+32%`, `32%`, `-5.5%` or
/// `32`, read exactly by the grammar of a percentage [`Value`].
fn percent(text: &str) -> Result<Decimal> {
    let trimmed = text.trim();
    let unsigned = trimmed.strip_prefix('+').unwrap_or(trimmed).trim_start();
    let with_sign = if unsigned.ends_with('%') {
        unsigned.to_string()
    } else {
        format!("{unsigned}%")
    };
    match with_sign.parse::<Value>() {
        Ok(Value::Percent(p)) => Ok(p),
        Ok(_) => Err(not_a_growth(text)),
        Err(Error::InvalidNumber { reason, .. }) => Err(Error::InvalidNumber {
            input: text.to_string(),
            reason: format!("{reason}; a growth is written as +32%, -5% or 32"),
        }),
        Err(e) => Err(e),
    }
}

fn not_a_growth(text: &str) -> Error {
    Error::InvalidNumber {
        input: text.to_string(),
        reason: "a growth is written as +32%, -5% or 32".to_string(),
    }
}

/// `average` (true) or `total` (false).
fn baseline_kind(text: &str) -> Result<bool> {
    match text.trim().to_lowercase().as_str() {
        "average" | "avg" | "average of" => Ok(true),
        "total" => Ok(false),
        _ => Err(Error::InvalidNumber {
            input: text.to_string(),
            reason: "a baseline kind is \"average\" (scaled to the length of the total's period) \
                     or \"total\" (as it is)"
                .to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalogue, FiscalCalendar, Indicator};

    fn read_text(text: &str) -> (Vec<PublishedTotal>, Findings) {
        let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin())
            .with_source("totals.csv");
        read_published(text.as_bytes(), &options)
    }

    #[test]
    fn the_seed_headline_reads_as_the_seed_publishes_it() {
        let (totals, findings) = read_text(
            "\u{feff}Indicator,Period,Value,Channels,Growth,Baseline,Baseline kind\n\
             victims_removed,20/21 H1,74,direct + joint,+32%,2019/20,average\n\
             Exploiters convicted,20/21 H1,26,direct;joint,205%,2019/20,\n",
        );
        assert!(findings.is_empty(), "{findings}");
        let seed = crate::seed::h1_2020_21().unwrap();
        let mut first = totals[0].clone();
        assert_eq!(first.location.to_string(), "totals.csv:2");
        first.location = Location::none();
        if let Some(claim) = &mut first.growth {
            claim.indicator = None;
        }
        assert_eq!(first, seed.headline[0]);
        assert_eq!(totals[1].indicator, Indicator::EXPLOITERS_CONVICTED);
        assert_eq!(totals[1].location.line, Some(3));
    }

    #[test]
    fn every_bad_cell_is_located_and_the_other_rows_are_read() {
        let (totals, findings) = read_text(
            "indicator,period,value,growth,baseline,baseline_kind,colour\n\
             victims_removed,20/21 H1,74,+32%,2019/20,,red\n\
             victims_removed,20/21 H7,1,,,,\n\
             victims_removed,20/21 H1,1,thirty,,,\n\
             victims_removed,20/21 H1,1,+3%,2019/20,mean,\n\
             victims_removed,20/21 H1,1,,2019/20,,\n\
             victims_removed,20/21 H1,\n",
        );
        assert_eq!(totals.len(), 1);
        let found: Vec<(String, Option<u64>)> = findings
            .findings()
            .iter()
            .map(|f| (f.rule.to_string(), f.location.line))
            .collect();
        assert_eq!(
            found,
            [
                ("parse.column_ignored".to_string(), Some(1)),
                ("parse.period".to_string(), Some(3)),
                ("parse.growth".to_string(), Some(4)),
                ("parse.growth".to_string(), Some(5)),
                ("parse.growth".to_string(), Some(6)),
                ("parse.row".to_string(), Some(7)),
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_is_refused_where_it_opened() {
        let (totals, findings) = read_text(
            "indicator,period,value,note\n\
             victims_removed,20/21 H1,74,\"approx.\n\
             survivors_cared_for,20/21 H1,437,\n\
             accused_arrested,20/21 H1,85,\n",
        );
        assert!(totals.is_empty());
        let row = findings.by_rule("parse.row").next().unwrap();
        assert_eq!(row.location.line, Some(2));
        assert!(row.message.contains("runs over 3 lines"), "{}", row.message);
    }

    #[test]
    fn a_missing_column_or_an_empty_file_reads_nothing_and_says_so() {
        let (totals, findings) = read_text("indicator,value\nvictims_removed,74\n");
        assert!(totals.is_empty());
        let header = findings.by_rule("parse.header").next().unwrap();
        assert!(
            header
                .message
                .starts_with("the header has no period column")
        );
        let (_, findings) = read_text("");
        assert_eq!(findings.by_rule("parse.header").count(), 1);
    }

    #[test]
    fn title_lines_are_skipped_and_a_workbook_is_named() {
        let options =
            ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_skip_rows(2);
        let file =
            "Headline totals\nH1 2020/21,,\nindicator,period,value\nvictims_removed,20/21 H1,74\n";
        let (totals, findings) = read_published(file.as_bytes(), &options);
        assert!(findings.is_empty(), "{findings}");
        assert_eq!(totals.len(), 1);
        assert_eq!(totals[0].location.line, Some(4));
        let (totals, findings) = read_text("PK\u{3}\u{4}\u{14}\u{0}");
        assert!(totals.is_empty());
        assert!(
            findings.findings()[0]
                .message
                .starts_with("the file is a workbook (.xlsx)"),
            "{findings}"
        );
    }

    proptest::proptest! {
        /// Any bytes read without a panic, and every total and finding is
        /// at a line of the file.
        #[test]
        fn any_bytes_read_without_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
            let (totals, findings) = read_published(bytes.as_slice(), &options);
            let lines = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64 + 1;
            for total in &totals {
                proptest::prop_assert!(total.location.line.is_some_and(|l| (2..=lines).contains(&l)));
            }
            for finding in findings.findings() {
                proptest::prop_assert!(finding.location.line.is_none_or(|l| (1..=lines).contains(&l)));
            }
        }

        /// A well-formed row reads back as the total it was written from.
        #[test]
        fn a_written_row_reads_back(value in 0u64..1_000_000, percent in -99i64..1000, half in 1u8..=2, average in proptest::prelude::any::<bool>()) {
            let calendar = FiscalCalendar::SEPTEMBER;
            let kind = if average { "average" } else { "total" };
            let file = format!(
                "indicator,period,value,growth,baseline,baseline_kind\n\
                 survivors_cared_for,20/21 H{half},{value},{percent:+}%,2019/20,{kind}\n"
            );
            let (totals, findings) = read_text(&file);
            proptest::prop_assert!(findings.is_empty(), "{}", findings);
            let year = calendar.year(2019).unwrap();
            let baseline = if average { Baseline::AverageOf(year) } else { Baseline::Total(year) };
            let expected = PublishedTotal::new(Indicator::SURVIVORS_CARED_FOR, calendar.half(2020, half).unwrap(), Value::Count(value))
                .with_growth(GrowthClaim::new(percent.into(), baseline).with_indicator(Indicator::SURVIVORS_CARED_FOR))
                .with_location(Location::in_file("totals.csv").with_line(2));
            proptest::prop_assert_eq!(totals, vec![expected]);
        }
    }

    #[test]
    fn growth_percents_are_read_exactly() {
        assert_eq!(percent("+32%").unwrap(), Decimal::from(32));
        assert_eq!(percent("32").unwrap(), Decimal::from(32));
        assert_eq!(percent("-5.5%").unwrap(), Decimal::new(-55, 1));
        assert!(percent("32 percent").is_err());
        assert!(percent("+").is_err());
    }
}
