//! Reading an SDMX-CSV data message into a dataset.

use std::collections::HashMap;
use std::io::Read;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::figure::dataset::Dataset;
use crate::figure::observation::{Basis, Observation, Series};
use crate::figure::value::{Bound, Value};
use crate::findings::{Finding, Findings, Location, Severity};
use crate::indicator::{Indicator, Measure};
use crate::io::cells::{excerpt, quote};
use crate::io::number::{NumberFormat, parse_count_cell};
use crate::io::{Parsed, ReadOptions, keep};
use crate::period::{Period, PeriodKind};
use crate::rules::RuleId;
use crate::sdmx::period::{parse_start_day, parse_time_period, reporting_year_start_day};
use crate::sdmx::settings::{Artefact, Settings, Structure};
use crate::sdmx::{DENOMINATOR, NOT_APPLICABLE, NUMERATOR, PERCENT_UNIT, column};

/// Reads an SDMX-CSV data message of the structure the [`Settings`] name
/// into a dataset on the calendar and catalogue of the `options`.
///
/// Every good row becomes a figure (a rate from its two rows), admitted by
/// the dataset's check; every row that cannot be read is a finding at its
/// line and column, and a bad row never hides another. The
/// [module docs](crate::sdmx) list what is read and what is refused.
///
/// ```
/// use impact_metrics::format::ReadOptions;
/// use impact_metrics::{Catalogue, FiscalCalendar, sdmx};
///
/// let file = "\
/// STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,REPORTING_YEAR_START_DAY
/// dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,victims_removed,GB,2020-S1,20,--09-01
/// dataflow,IMPACT:ANTI_TRAFFICKING(1.0),D,victims_removed,BD,2020-S1,-,--09-01
/// dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,victims_removed,TH,2020-S1,37,--01-01
/// ";
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source("tip.csv");
/// let (figures, findings) = sdmx::read(file.as_bytes(), &options, &sdmx::Settings::new());
/// assert_eq!(figures.len(), 1); // the UK's 20
/// let messages: Vec<String> = findings.findings().iter().map(|f| f.to_string()).collect();
/// assert!(messages[0].starts_with("error[sdmx.action] tip.csv:3: column \"ACTION\": the row deletes"));
/// assert!(messages[1].starts_with("error[sdmx.start_day] tip.csv:4: column \"REPORTING_YEAR_START_DAY\""));
/// ```
pub fn read<R: Read>(
    mut input: R,
    options: &ReadOptions,
    settings: &Settings,
) -> (Dataset, Findings) {
    let mut reader = SdmxReader {
        data: Dataset::new(options.calendar(), options.catalogue().clone()),
        findings: Findings::new(),
        place: options
            .source()
            .map_or_else(Location::default, Location::in_file),
        settings,
        columns: [None; Col::ALL.len()],
        names: Vec::new(),
        others: Vec::new(),
        parts: HashMap::new(),
        order: Vec::new(),
    };
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        reader.findings.push(
            Finding::new(
                Severity::Error,
                RuleId::READ_IO,
                format!("the file could not be read, so no figure is read: {e}"),
            )
            .with_location(reader.place.clone()),
        );
        return (reader.data, reader.findings);
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    reader.run(text);
    (reader.data, reader.findings)
}

/// A column of the structure, as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Structure,
    StructureId,
    Action,
    Freq,
    Indicator,
    RefArea,
    Channel,
    Partner,
    TimePeriod,
    ObsValue,
    UnitMeasure,
    ObsStatus,
    ConfStatus,
    Bound,
    StartDay,
    Comment,
}

impl Col {
    const ALL: [Col; 16] = [
        Col::Structure,
        Col::StructureId,
        Col::Action,
        Col::Freq,
        Col::Indicator,
        Col::RefArea,
        Col::Channel,
        Col::Partner,
        Col::TimePeriod,
        Col::ObsValue,
        Col::UnitMeasure,
        Col::ObsStatus,
        Col::ConfStatus,
        Col::Bound,
        Col::StartDay,
        Col::Comment,
    ];

    fn of(name: &str) -> Option<Col> {
        let name = name.to_ascii_uppercase();
        Some(match name.as_str() {
            column::STRUCTURE => Col::Structure,
            column::STRUCTURE_ID => Col::StructureId,
            column::ACTION => Col::Action,
            column::FREQ => Col::Freq,
            column::INDICATOR => Col::Indicator,
            column::REF_AREA => Col::RefArea,
            column::CHANNEL => Col::Channel,
            column::PARTNER => Col::Partner,
            column::TIME_PERIOD => Col::TimePeriod,
            column::OBS_VALUE => Col::ObsValue,
            column::UNIT_MEASURE => Col::UnitMeasure,
            column::OBS_STATUS => Col::ObsStatus,
            column::CONF_STATUS => Col::ConfStatus,
            column::BOUND => Col::Bound,
            column::START_DAY => Col::StartDay,
            column::COMMENT | "COMMENT" => Col::Comment,
            _ => return None,
        })
    }

    /// Whether the column's cells are codes, which the labels option
    /// `labels=both` writes as `CODE: Name`.
    fn is_coded(self) -> bool {
        !matches!(
            self,
            Col::Partner | Col::ObsValue | Col::StartDay | Col::Comment
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Columns a file may have that give nothing to a figure.
const QUIET: [&str; 3] = ["STRUCTURE_NAME", "SERIES_KEY", "OBS_KEY"];

/// The columns every file must have.
const REQUIRED: [(Col, &str); 4] = [
    (Col::StructureId, column::STRUCTURE_ID),
    (Col::Indicator, column::INDICATOR),
    (Col::TimePeriod, column::TIME_PERIOD),
    (Col::ObsValue, column::OBS_VALUE),
];

/// Which part of a rate a row holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Numerator,
    Denominator,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Numerator => "numerator",
            Part::Denominator => "denominator",
        }
    }
}

/// A row holding one part of a rate, waiting for the other.
#[derive(Debug, Clone)]
struct PartRow {
    value: u64,
    bound: Bound,
    basis: Basis,
    note: Option<String>,
    at: Location,
}

/// The rows of one rate (one series and period) seen so far.
#[derive(Debug, Default)]
struct Rate {
    numerators: Vec<PartRow>,
    denominators: Vec<PartRow>,
}

/// What one row gave.
enum Row {
    Figure(Observation, Location),
    Part(Observation, Part, PartRow),
}

struct SdmxReader<'s> {
    data: Dataset,
    findings: Findings,
    place: Location,
    settings: &'s Settings,
    /// The position of each column in the file.
    columns: [Option<usize>; Col::ALL.len()],
    /// The file's own header names, by position.
    names: Vec<String>,
    /// Rows of other structures: the structure, how many rows, the first.
    others: Vec<(String, usize, Location)>,
    parts: HashMap<(Series, Period), Rate>,
    order: Vec<(Series, Period)>,
}

/// The cell before the `: ` of the labels option `labels=both`.
fn id_part(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(id, _)| id).trim()
}

/// The delimiter: the character after `STRUCTURE` (or after its `[…]`).
fn delimiter(text: &[u8]) -> Option<u8> {
    let prefix = text.get(..column::STRUCTURE.len())?;
    if !prefix.eq_ignore_ascii_case(column::STRUCTURE.as_bytes()) {
        return None;
    }
    let mut rest = text.get(column::STRUCTURE.len()..)?;
    if rest.first() == Some(&b'[') {
        let close = rest.iter().position(|&b| b == b']')?;
        rest = rest.get(close + 1..)?;
    }
    match rest.first() {
        Some(&b) if b != b'\r' && b != b'\n' && !b.is_ascii_alphanumeric() && b != b'_' => Some(b),
        _ => None,
    }
}

impl SdmxReader<'_> {
    fn at_line(&self, line: u64) -> Location {
        self.place.clone().with_line(line)
    }

    fn header_error(&mut self, at: Location, message: String) {
        self.findings
            .push(Finding::new(Severity::Error, RuleId::SDMX_HEADER, message).with_location(at));
    }

    fn run(&mut self, text: &[u8]) {
        let Some(delimiter) = delimiter(text) else {
            let first: String =
                String::from_utf8_lossy(text.get(..text.len().min(200)).unwrap_or(&[]))
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string();
            self.header_error(
                self.at_line(1),
                format!(
                    "the first row is not an SDMX-CSV header, so no row is read: it starts with STRUCTURE followed by the delimiter (STRUCTURE,STRUCTURE_ID,ACTION,...), and this one is {}",
                    quote(&first)
                ),
            );
            return;
        };
        let mut csv = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut records = csv.byte_records();
        let Some(header) = records.next() else {
            return;
        };
        let header = match header {
            Ok(header) => header,
            Err(e) => {
                self.header_error(
                    self.at_line(1),
                    format!("the header row cannot be read as CSV, so no row is read: {e}"),
                );
                return;
            }
        };
        if !self.header(&header) {
            return;
        }
        for record in records {
            match record {
                Ok(record) => {
                    let line = record.position().map_or(0, ::csv::Position::line);
                    self.row(&record, line);
                }
                Err(e) => {
                    let line = e.position().map_or(0, ::csv::Position::line);
                    self.findings.push(
                        Finding::new(
                            Severity::Error,
                            RuleId::PARSE_ROW,
                            format!("the row cannot be read as CSV: {e}"),
                        )
                        .with_location(self.at_line(line)),
                    );
                }
            }
        }
        self.finish();
    }

    /// Reads the header row; `false` when no row can be read.
    fn header(&mut self, header: &::csv::ByteRecord) -> bool {
        let at = self.at_line(1);
        let mut ok = true;
        for (i, raw) in header.iter().enumerate() {
            let Ok(text) = std::str::from_utf8(raw) else {
                self.findings.push(
                    Finding::new(
                        Severity::Error,
                        RuleId::PARSE_ENCODING,
                        format!(
                            "header cell {} is not UTF-8 text, so no row is read: save the file as UTF-8",
                            i + 1
                        ),
                    )
                    .with_location(at.clone()),
                );
                return false;
            };
            let mut name = id_part(text);
            if i == 0 {
                name = name.split_once('[').map_or(name, |(n, _)| n);
            }
            self.names.push(name.to_string());
            if QUIET.iter().any(|q| q.eq_ignore_ascii_case(name)) {
                continue;
            }
            match Col::of(name) {
                Some(col) => {
                    if let Some(Some(first)) = self.columns.get(col.index()) {
                        let message = format!(
                            "the column {} is given twice (columns {} and {}), so no row is read: a reader never picks one of two figures",
                            quote(name),
                            first + 1,
                            i + 1
                        );
                        self.header_error(at.clone().with_column(name), message);
                        ok = false;
                    } else if let Some(slot) = self.columns.get_mut(col.index()) {
                        *slot = Some(i);
                    }
                }
                None => self.findings.push(
                    Finding::new(
                        Severity::Note,
                        RuleId::PARSE_COLUMN_IGNORED,
                        format!(
                            "the column {} is not part of the structure, so it is ignored",
                            quote(name)
                        ),
                    )
                    .with_location(at.clone().with_column(name)),
                ),
            }
        }
        for (col, name) in REQUIRED {
            if self.has(col) {
                continue;
            }
            self.header_error(
                at.clone(),
                format!("the header has no {name} column, so no row is read"),
            );
            ok = false;
        }
        ok
    }

    fn has(&self, col: Col) -> bool {
        self.columns.get(col.index()).is_some_and(Option::is_some)
    }

    /// The file's name of a column.
    fn name(&self, col: Col) -> &str {
        self.columns
            .get(col.index())
            .copied()
            .flatten()
            .and_then(|i| self.names.get(i))
            .map_or("", String::as_str)
    }

    fn finding(&self, rule: RuleId, col: Col, at: &Location, message: String) -> Finding {
        Finding::new(Severity::Error, rule, message)
            .with_location(at.clone().with_column(self.name(col)))
    }

    fn row(&mut self, record: &::csv::ByteRecord, line: u64) {
        let at = self.at_line(line);
        if record
            .iter()
            .all(|cell| cell.iter().all(u8::is_ascii_whitespace))
        {
            return;
        }
        let blank = |cell: &[u8]| cell.iter().all(u8::is_ascii_whitespace);
        if record.iter().all(blank) {
            return;
        }
        let extra_filled = record.iter().skip(self.names.len()).any(|c| !blank(c));
        if record.len() < self.names.len() || extra_filled {
            self.findings.push(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_ROW,
                    format!(
                        "the row has {} cells where the header names {} columns, so it is not read",
                        record.len(),
                        self.names.len()
                    ),
                )
                .with_location(at),
            );
            return;
        }
        let mut cells: Vec<&str> = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(text) => cells.push(text),
                Err(_) => {
                    let name = self.names.get(i).map_or("", String::as_str);
                    self.findings.push(
                        Finding::new(
                            Severity::Error,
                            RuleId::PARSE_ENCODING,
                            "the cell is not UTF-8 text, so the row is not read: save the file as UTF-8"
                                .to_string(),
                        )
                        .with_location(at.clone().with_column(name)),
                    );
                    return;
                }
            }
        }
        let mut errors = Vec::new();
        let row = self.parse(&cells, &at, &mut errors);
        self.findings.extend(errors);
        match row {
            Some(Row::Figure(figure, at)) => {
                keep(
                    &mut self.data,
                    &mut self.findings,
                    Parsed::Figure(figure, at),
                );
            }
            Some(Row::Part(figure, part, row)) => self.part(figure, part, row),
            None => {}
        }
    }

    /// Reads the cells of one row: its figure (or rate part), or `None`
    /// with every reason in `errors`.
    #[allow(clippy::too_many_lines)]
    fn parse(&mut self, cells: &[&str], at: &Location, errors: &mut Vec<Finding>) -> Option<Row> {
        let cell = |col: Col| -> Option<&str> {
            let i = self.columns.get(col.index()).copied().flatten()?;
            let text = cells.get(i).copied().unwrap_or("").trim();
            Some(if col.is_coded() { id_part(text) } else { text })
        };
        let text = |col: Col| cell(col).unwrap_or("");

        // What the row is: which structure, which action.
        if let Some(kind) = cell(Col::Structure) {
            if let Err(e) = Artefact::from_str(kind) {
                errors.push(self.finding(
                    RuleId::SDMX_STRUCTURE,
                    Col::Structure,
                    at,
                    format!("{e}, so the row is not read"),
                ));
                return None;
            }
        }
        let structure = match Structure::from_str(text(Col::StructureId)) {
            Ok(structure) => structure,
            Err(e) => {
                errors.push(self.finding(
                    RuleId::SDMX_STRUCTURE,
                    Col::StructureId,
                    at,
                    format!("{e}, so the row is not read"),
                ));
                return None;
            }
        };
        if &structure != self.settings.structure() {
            let name = structure.to_string();
            match self.others.iter_mut().find(|(s, _, _)| *s == name) {
                Some((_, count, _)) => *count += 1,
                None => {
                    self.others
                        .push((name, 1, at.clone().with_column(self.name(Col::StructureId))))
                }
            }
            return None;
        }
        match text(Col::Action).to_ascii_uppercase().as_str() {
            "" | "I" | "A" | "M" | "R" => {}
            "D" => {
                errors.push(self.finding(
                    RuleId::SDMX_ACTION,
                    Col::Action,
                    at,
                    "the row deletes (ACTION D), which is not applied: figures are read, never deleted from the system that holds them; make the deletion there, and send figures with ACTION I".to_string(),
                ));
                return None;
            }
            _ => {
                errors.push(self.finding(
                    RuleId::SDMX_ACTION,
                    Col::Action,
                    at,
                    format!("unknown action {}, so the row is not read: an action is I (information), A (append), M (merge), R (replace) or D (delete)", quote(text(Col::Action))),
                ));
                return None;
            }
        }
        let value_text = text(Col::ObsValue);
        if value_text.is_empty() || value_text.eq_ignore_ascii_case("nan") || value_text == "#N/A" {
            let why = if value_text.is_empty() {
                "is empty".to_string()
            } else {
                format!("is {} (missing)", quote(value_text))
            };
            self.findings.push(
                Finding::new(
                    Severity::Note,
                    RuleId::SDMX_MISSING,
                    format!("no figure: the observation value {why}, so the row gives no figure (a missing figure is not a zero)"),
                )
                .with_location(at.clone().with_column(self.name(Col::ObsValue))),
            );
            return None;
        }
        if let Some(conf) =
            cell(Col::ConfStatus).filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("F"))
        {
            errors.push(self.finding(
                RuleId::SDMX_STATUS,
                Col::ConfStatus,
                at,
                format!("the figure is marked confidential (CONF_STATUS {}), so it is not read: only a figure free for publication (F) is", quote(conf)),
            ));
        }

        // The dimensions.
        let indicator_text = text(Col::Indicator);
        let (code, part) = if let Some(code) = indicator_text.strip_suffix(NUMERATOR) {
            (code, Some(Part::Numerator))
        } else if let Some(code) = indicator_text.strip_suffix(DENOMINATOR) {
            (code, Some(Part::Denominator))
        } else {
            (indicator_text, None)
        };
        let indicator = if code.is_empty() {
            errors.push(self.finding(
                RuleId::SDMX_DIMENSION,
                Col::Indicator,
                at,
                "no indicator: the cell is empty (a wildcard), so the row is not read".to_string(),
            ));
            None
        } else {
            let catalogue = self.data.catalogue();
            match catalogue
                .resolve(code)
                .or_else(|e| Indicator::new(code).map_err(|_| e))
            {
                Ok(indicator) => Some(indicator),
                Err(e) => {
                    errors.push(
                        self.finding(RuleId::PARSE_INDICATOR, Col::Indicator, at, e.to_string())
                            .with_value("text", excerpt(indicator_text)),
                    );
                    None
                }
            }
        };
        let country = self.dimension(cell(Col::RefArea), Col::RefArea, at, errors, |t| {
            Country::from_alpha2(t).or_else(|e| Country::from_alpha3(t).map_err(|_| e))
        });
        let channel = self.dimension(
            cell(Col::Channel),
            Col::Channel,
            at,
            errors,
            Channel::from_str,
        );
        let partner = self.dimension(cell(Col::Partner), Col::Partner, at, errors, Partner::new);
        let period = self.period(
            cell(Col::TimePeriod),
            cell(Col::StartDay),
            cell(Col::Freq),
            at,
            errors,
        );

        // The attributes.
        let basis = match text(Col::ObsStatus).to_ascii_uppercase().as_str() {
            "" | "A" => Some(Basis::Stated),
            "E" => Some(Basis::Interpreted),
            _ => {
                errors.push(self.finding(
                    RuleId::SDMX_STATUS,
                    Col::ObsStatus,
                    at,
                    format!("the observation status {} cannot be read, so the row is not read: a figure is A (as the source states it) or E (read into the source); send a provisional or forecast figure once it is final", quote(text(Col::ObsStatus))),
                ));
                None
            }
        };
        let bound = match text(Col::Bound).to_ascii_uppercase().as_str() {
            "" => Some(Bound::Exact),
            "GE" => Some(Bound::AtLeast),
            "GT" => Some(Bound::MoreThan),
            _ => match text(Col::Bound).parse::<Bound>() {
                Ok(bound) => Some(bound),
                Err(_) => {
                    errors.push(self.finding(
                        RuleId::PARSE_BOUND,
                        Col::Bound,
                        at,
                        format!("unknown bound {}, so the row is not read: a bound is empty (exact), GE (at least) or GT (more than)", quote(text(Col::Bound))),
                    ));
                    None
                }
            },
        };
        let note = Some(text(Col::Comment))
            .filter(|n| !n.is_empty())
            .map(str::to_string);

        // The value, as the indicator's measure and unit say.
        let def = indicator.and_then(|i| self.data.catalogue().get(i));
        let measure = def.map_or(Measure::Count, |d| d.measure);
        let unit_name = def.map(|d| d.unit.name().to_string());
        let unit = text(Col::UnitMeasure);
        let unit_is_own = unit.is_empty()
            || unit_name
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(unit));
        let code_text = indicator.map(|i| i.to_string()).unwrap_or_default();
        let value = match part {
            Some(_) if measure == Measure::Rate => {
                if !unit_is_own {
                    errors.push(self.unit_error(unit, unit_name.as_deref(), at));
                }
                self.count(value_text, at, errors).map(Value::Count)
            }
            Some(part) => {
                errors.push(self.finding(
                    RuleId::SDMX_RATE,
                    Col::Indicator,
                    at,
                    format!(
                        "{} is a count, not a rate, so it has no {} ({}), and the row is not read",
                        quote(&code_text),
                        part.name(),
                        quote(indicator_text)
                    ),
                ));
                None
            }
            None if measure == Measure::Rate => {
                if unit.is_empty() || unit.eq_ignore_ascii_case(PERCENT_UNIT) || unit == "PC" {
                    let parsed = percent(value_text);
                    if parsed.is_none() {
                        errors.push(self.finding(
                            RuleId::PARSE_VALUE,
                            Col::ObsValue,
                            at,
                            format!("invalid number {}: a published percentage is digits with an optional minus sign and decimal point, such as 82 or 45.8", quote(value_text)),
                        ));
                    }
                    parsed.map(Value::Percent)
                } else {
                    errors.push(self.finding(
                        RuleId::SDMX_RATE,
                        Col::Indicator,
                        at,
                        format!("{} is a rate, which goes out as two indicators, {} and {}, or as a percentage with the unit percent; a single value in {} is neither, so the row is not read", quote(&code_text), quote(&format!("{code_text}{NUMERATOR}")), quote(&format!("{code_text}{DENOMINATOR}")), quote(unit)),
                    ));
                    None
                }
            }
            None => {
                if !unit_is_own {
                    errors.push(self.unit_error(unit, unit_name.as_deref(), at));
                }
                self.count(value_text, at, errors).map(Value::Count)
            }
        };
        if !errors.is_empty() {
            return None;
        }
        let (indicator, period, value, bound, basis) =
            (indicator?, period?, value?, bound?, basis?);
        let mut figure = Observation::new(indicator, period, value);
        figure.country = country.flatten();
        figure.channel = channel.flatten();
        figure.partner = partner.flatten();
        figure.bound = bound;
        figure.basis = basis;
        figure.note = note;
        match (part, value) {
            (Some(part), Value::Count(n)) => Some(Row::Part(
                figure.clone(),
                part,
                PartRow {
                    value: n,
                    bound,
                    basis,
                    note: figure.note.clone(),
                    at: at.clone(),
                },
            )),
            _ => Some(Row::Figure(figure, at.clone())),
        }
    }

    fn unit_error(&self, unit: &str, own: Option<&str>, at: &Location) -> Finding {
        let own = own.map_or_else(String::new, |u| {
            format!(": the catalogue counts it in {}", quote(u))
        });
        self.finding(
            RuleId::SDMX_UNIT,
            Col::UnitMeasure,
            at,
            format!(
                "the unit {} is not the indicator's{own}, so the row is not read",
                quote(unit)
            ),
        )
    }

    fn count(&self, text: &str, at: &Location, errors: &mut Vec<Finding>) -> Option<u64> {
        match parse_count_cell(text, NumberFormat::Plain) {
            Ok((n, _)) => Some(n),
            Err(e) => {
                errors.push(
                    self.finding(RuleId::PARSE_VALUE, Col::ObsValue, at, e.to_string())
                        .with_value("text", excerpt(text)),
                );
                None
            }
        }
    }

    /// A dimension cell: `Some(None)` for a column the file lacks or `_Z`,
    /// `None` with a finding for an empty or unreadable cell.
    fn dimension<T>(
        &self,
        text: Option<&str>,
        col: Col,
        at: &Location,
        errors: &mut Vec<Finding>,
        parse: impl FnOnce(&str) -> crate::Result<T>,
    ) -> Option<Option<T>> {
        let Some(text) = text else {
            return Some(None);
        };
        if text.is_empty() {
            errors.push(self.finding(
                RuleId::SDMX_DIMENSION,
                col,
                at,
                format!("the {} cell is empty, which SDMX reads as any value (a wildcard), so the row is not read: write _Z for none", self.name(col)),
            ));
            return None;
        }
        if text == NOT_APPLICABLE {
            return Some(None);
        }
        let rule = match col {
            Col::RefArea => RuleId::PARSE_COUNTRY,
            Col::Channel => RuleId::PARSE_CHANNEL,
            _ => RuleId::PARSE_PARTNER,
        };
        match parse(text) {
            Ok(value) => Some(Some(value)),
            Err(e) => {
                errors.push(
                    self.finding(rule, col, at, e.to_string())
                        .with_value("text", excerpt(text)),
                );
                None
            }
        }
    }

    /// The period of `TIME_PERIOD`, checked against the start day and `FREQ`.
    fn period(
        &self,
        text: Option<&str>,
        start_day: Option<&str>,
        freq: Option<&str>,
        at: &Location,
        errors: &mut Vec<Finding>,
    ) -> Option<Period> {
        let calendar = self.data.calendar();
        let text = text.unwrap_or("");
        if text.is_empty() {
            errors.push(self.finding(
                RuleId::SDMX_DIMENSION,
                Col::TimePeriod,
                at,
                "no period: the TIME_PERIOD cell is empty, so the row is not read".to_string(),
            ));
            return None;
        }
        // A reporting period (a letter after the year) is read on the
        // reporting year its start day gives; a calendar month or year has
        // no reporting year.
        let reporting = text
            .get(5..6)
            .is_some_and(|c| c.chars().all(|c| c.is_ascii_alphabetic()));
        if reporting {
            let (month, given) = match start_day.filter(|d| !d.is_empty()) {
                None => (Ok(1), None),
                Some(day) => (parse_start_day(day), Some(day)),
            };
            let expected = reporting_year_start_day(calendar);
            let problem = match (month, given) {
                (Err(e), _) => Some(format!("{e}, so the row is not read")),
                (Ok(m), _) if m == calendar.start_month() => None,
                (Ok(m), Some(day)) => Some(format!(
                    "the reporting year starts on {}, but the file is read on a calendar whose years start on {expected}, so the row is not read rather than moved to other months: read the file with a calendar that starts in {}, or ask for the figures on years that start on {expected}",
                    quote(day),
                    crate::period::months::month_name(m),
                )),
                (Ok(_), None) => Some(format!(
                    "no REPORTING_YEAR_START_DAY is given, so {} is a period of a year that starts on 1 January (the standard's default), but the file is read on a calendar whose years start on {expected}, so the row is not read: give the start day {expected} if that is the year meant",
                    quote(text)
                )),
            };
            if let Some(message) = problem {
                let col = if self.has(Col::StartDay) {
                    Col::StartDay
                } else {
                    Col::TimePeriod
                };
                errors.push(self.finding(RuleId::SDMX_START_DAY, col, at, message));
                return None;
            }
        }
        let period = match parse_time_period(text, calendar) {
            Ok(period) => period,
            Err(e) => {
                errors.push(
                    self.finding(
                        RuleId::SDMX_PERIOD,
                        Col::TimePeriod,
                        at,
                        format!("{e}; the row is not read"),
                    )
                    .with_value("text", excerpt(text)),
                );
                return None;
            }
        };
        if let Some(freq) = freq.filter(|f| !f.is_empty()) {
            let expected = match period.kind() {
                PeriodKind::Year => "A",
                PeriodKind::Half => "S",
                PeriodKind::Quarter => "Q",
                PeriodKind::Month => "M",
            };
            if !freq.eq_ignore_ascii_case(expected) {
                errors.push(self.finding(
                    RuleId::SDMX_PERIOD,
                    Col::Freq,
                    at,
                    format!("the frequency {} disagrees with the period {} (a {}, frequency {expected}), so the row is not read", quote(freq), quote(text), period.kind()),
                ));
                return None;
            }
        }
        Some(period)
    }

    /// Files one part of a rate; the rate is admitted once both are in.
    fn part(&mut self, figure: Observation, part: Part, row: PartRow) {
        let key = (figure.series(), figure.period);
        let calendar = self.data.calendar();
        let rate = match self.parts.get_mut(&key) {
            Some(rate) => rate,
            None => {
                self.order.push(key.clone());
                self.parts.entry(key.clone()).or_default()
            }
        };
        match part {
            Part::Numerator => rate.numerators.push(row),
            Part::Denominator => rate.denominators.push(row),
        }
        if rate.numerators.len() != 1 || rate.denominators.len() != 1 {
            return;
        }
        // The pair is complete: the next rows of this series and period
        // (a second figure of it, as a count may have) start a new pair.
        let Some(rate) = self.parts.remove(&key) else {
            return;
        };
        let (Some(n), Some(d)) = (rate.numerators.first(), rate.denominators.first()) else {
            return;
        };
        let mut disagree = Vec::new();
        if n.bound != d.bound {
            disagree.push(column::BOUND);
        }
        if n.basis != d.basis {
            disagree.push(column::OBS_STATUS);
        }
        if n.note != d.note {
            disagree.push(column::COMMENT);
        }
        if !disagree.is_empty() {
            let message = format!(
                "the numerator ({}) and denominator ({}) of {} {} disagree in {}, so the rate is not read",
                line_of(&n.at),
                line_of(&d.at),
                figure.series(),
                calendar.label(figure.period),
                disagree.join(", ")
            );
            self.findings.push(
                Finding::new(Severity::Error, RuleId::SDMX_RATE, message)
                    .with_location(n.at.clone())
                    .with_series(figure.series(), Some(figure.period)),
            );
            return;
        }
        let mut figure = figure;
        figure.value = Value::Ratio {
            numerator: n.value,
            denominator: d.value,
        };
        let at = n.at.clone();
        keep(
            &mut self.data,
            &mut self.findings,
            Parsed::Figure(figure, at),
        );
    }

    /// The findings of the whole file: rows of other structures, and rate
    /// parts left without their other half.
    fn finish(&mut self) {
        for (structure, count, at) in std::mem::take(&mut self.others) {
            let rows = if count == 1 {
                "1 row".to_string()
            } else {
                format!("{count} rows")
            };
            self.findings.push(
                Finding::new(
                    Severity::Error,
                    RuleId::SDMX_STRUCTURE,
                    format!(
                        "{rows} of the structure {}, the first here, are not read: the file is read as {}; read it with that structure if its columns mean the same",
                        quote(&structure),
                        quote(&self.settings.structure().to_string())
                    ),
                )
                .with_location(at)
                .with_value("rows", count),
            );
        }
        let calendar = self.data.calendar();
        for key in std::mem::take(&mut self.order) {
            let Some(rate) = self.parts.remove(&key) else {
                continue;
            };
            let (series, period) = key;
            let what = format!("{series} {}", calendar.label(period));
            let mut report = |rows: &[PartRow], part: Part, other: Part, others: usize| {
                for row in rows {
                    let why = if rows.len() > 1 {
                        format!(
                            "the {} of {what} is given {} times",
                            part.name(),
                            rows.len()
                        )
                    } else if others == 0 {
                        format!("the {} of {what} has no {} row", part.name(), other.name())
                    } else {
                        format!("the {} of {what} is given {} times", other.name(), others)
                    };
                    self.findings.push(
                        Finding::new(
                            Severity::Error,
                            RuleId::SDMX_RATE,
                            format!("{why}, so the rate is not read"),
                        )
                        .with_location(row.at.clone())
                        .with_series(series.clone(), Some(period)),
                    );
                }
            };
            report(
                &rate.numerators,
                Part::Numerator,
                Part::Denominator,
                rate.denominators.len(),
            );
            report(
                &rate.denominators,
                Part::Denominator,
                Part::Numerator,
                rate.numerators.len(),
            );
        }
    }
}

/// "line 5", as a message names a row.
fn line_of(at: &Location) -> String {
    at.line
        .map_or_else(|| "a row".to_string(), |l| format!("line {l}"))
}

/// A published percentage: digits, with an optional minus sign and
/// decimal point, read exactly.
fn percent(text: &str) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !plain(whole) || !plain(fraction) {
        return None;
    }
    Decimal::from_str(text).ok()
}
