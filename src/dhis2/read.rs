//! Reading a DHIS2 export (a `dataValueSets` payload in JSON or CSV) back
//! into figures, through the same mapping.

use std::collections::HashMap;
use std::io::Read;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Payload;
use super::mapping::Mapping;
use super::period::PeriodId;
use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::figure::dataset::Dataset;
use crate::figure::observation::Observation;
use crate::figure::value::Value;
use crate::findings::{Finding, Findings, Location};
use crate::indicator::Indicator;
use crate::io::ReadOptions;
use crate::io::cells::quote;
use crate::io::decode::{Decoder, NotText};
use crate::io::number::{NumberFormat, parse_count_cell};
use crate::period::Period;
use crate::rules::RuleId;
use crate::severity::Severity;

/// One data value as read, with where it is.
#[derive(Debug, Default)]
struct Row {
    at: Location,
    data_element: String,
    period: String,
    org_unit: String,
    combo: Option<String>,
    attribute: Option<String>,
    value: String,
    comment: Option<String>,
    deleted: bool,
}

/// Which part of a figure a DHIS2 cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Count,
    Numerator,
    Denominator,
}

/// The figure a data value belongs to: everything but the value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    indicator: Indicator,
    channel: Option<Channel>,
    country: Option<Country>,
    partner: Option<Partner>,
    period: Period,
}

/// A rate's rows read so far.
#[derive(Debug, Default)]
struct Parts {
    first: Option<Location>,
    numerator: Option<(u64, Option<String>)>,
    denominator: Option<(u64, Option<String>)>,
}

/// A DHIS2 cell: a data element and its category option combo.
type Cell<'a> = (&'a str, Option<&'a str>);

/// What a cell holds: an indicator under a channel, and which part.
type Meaning = (Indicator, Option<Channel>, Role);

/// The mapping turned round: from DHIS2's identifiers to the crate's codes.
struct Inverse<'a> {
    cells: HashMap<Cell<'a>, Meaning>,
    org_units: HashMap<&'a str, Option<Country>>,
    attributes: HashMap<&'a str, Option<Partner>>,
    default_combo: Option<&'a str>,
}

impl<'a> Inverse<'a> {
    fn new(mapping: &'a Mapping) -> Inverse<'a> {
        let mut cells = HashMap::new();
        for (indicator, channel, target) in mapping.entries() {
            let roles: &[Role] = match target {
                super::Target::Count(_) => &[Role::Count],
                super::Target::Rate { .. } => &[Role::Numerator, Role::Denominator],
            };
            for (element, role) in target.elements().zip(roles) {
                cells.insert(mapping.cell(element), (indicator, channel, *role));
            }
        }
        let mut org_units: HashMap<&str, Option<Country>> = mapping
            .countries()
            .map(|(country, org_unit)| (org_unit, Some(country)))
            .collect();
        if let Some(org_unit) = mapping.default_org_unit() {
            org_units.insert(org_unit, None);
        }
        let mut attributes: HashMap<&str, Option<Partner>> = mapping
            .partners()
            .map(|(partner, attribute)| (attribute, Some(partner.clone())))
            .collect();
        if let Some(attribute) = mapping.default_attribute() {
            attributes.insert(attribute, None);
        }
        Inverse {
            cells,
            org_units,
            attributes,
            default_combo: mapping.default_combo(),
        }
    }
}

/// Reads a DHIS2 export, in JSON or CSV, into figures of the options'
/// calendar and catalogue, through `mapping` turned round.
///
/// Each data value is looked up in the mapping: its data element and
/// category option combo give the indicator and channel (a rate's
/// numerator or denominator), its org unit the country, its attribute
/// option combo the partner. Its period identifier is read as the period of
/// the calendar with exactly its months. A rate is rebuilt from its
/// numerator and denominator rows. Every figure then goes through the
/// dataset's admission check. What cannot be read is a finding at the
/// line (CSV, or the JSON line the data value starts on), and reading goes
/// on:
///
/// - `dhis2.mapping`: a data element and category option combo, org unit
///   or attribute option combo that the mapping does not have;
/// - `dhis2.period`: a period identifier that is not DHIS2's, or whose
///   months are not a period of the calendar (`2020Q4` on a September
///   calendar);
/// - `parse.value`: a value that is not a whole number;
/// - `dhis2.rate`: a rate's numerator without its denominator, or the
///   other way round, or one of them twice;
/// - `dhis2.deleted` (a note): a value DHIS2 marks as deleted, not read;
/// - `parse.figure`: a JSON data value without a data element, or whose
///   fields are of the wrong type;
/// - `parse.json`, `parse.header`, `parse.row`, `parse.encoding`,
///   `read.io`: a payload that cannot be read as such.
///
/// ```
/// use impact_metrics::{Catalogue, Channel, Country, FiscalCalendar, Indicator, Value, format::ReadOptions};
/// use impact_metrics::dhis2::{self, Element, Mapping, Payload};
///
/// let mapping = Mapping::new()
///     .with_country(Country::GB, "GBorgUnit01")?
///     .with_count(Indicator::VICTIMS_REMOVED, Some(Channel::Direct), Element::new("victimsRem1")?)?;
/// let export = r#"{"dataValues": [
///   {"dataElement": "victimsRem1", "period": "2020Sep", "orgUnit": "GBorgUnit01", "value": "20"},
///   {"dataElement": "victimsRem1", "period": "2020Q4", "orgUnit": "GBorgUnit01", "value": "7"},
///   {"dataElement": "arrests0001", "period": "202009", "orgUnit": "GBorgUnit01", "value": "3"}
/// ]}"#;
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let (data, findings) = dhis2::read(export.as_bytes(), &options, &mapping, Payload::Json);
/// assert_eq!(data.len(), 1);
/// assert_eq!(data.observations()[0].to_string(), "victims_removed GB direct FY2020-09 = 20");
/// let rules: Vec<&str> = findings.findings().iter().map(|f| f.rule.as_str()).collect();
/// assert_eq!(rules, ["dhis2.period", "dhis2.mapping"]);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn read<R: Read>(
    input: R,
    options: &ReadOptions,
    mapping: &Mapping,
    payload: Payload,
) -> (Dataset, Findings) {
    let mut data = Dataset::new(options.calendar(), options.catalogue().clone());
    let mut findings = Findings::new();
    let base = match options.source() {
        Some(name) => Location::in_file(name),
        None => Location::none(),
    };
    let Some(text) = text_of(input, options, payload, &base, &mut findings) else {
        return (data, findings);
    };
    let rows = match payload {
        Payload::Json => json_rows(&text, &base, &mut findings),
        Payload::Csv => csv_rows(&text, &base, &mut findings),
    };
    figures(rows, mapping, &mut data, &mut findings);
    (data, findings)
}

/// The whole input as text, or the finding that says why it is not.
fn text_of<R: Read>(
    input: R,
    options: &ReadOptions,
    payload: Payload,
    base: &Location,
    findings: &mut Findings,
) -> Option<String> {
    let kind = match payload {
        Payload::Json => "JSON",
        Payload::Csv => "CSV",
    };
    let mut decoder = Decoder::new(input, options.encoding());
    let problem = match decoder.not_text_at_start() {
        Ok(None) => None,
        Ok(Some(not_text)) => Some((
            match not_text {
                NotText::Utf16 { .. } => RuleId::PARSE_ENCODING,
                _ => RuleId::PARSE_WORKBOOK,
            },
            not_text.message(kind),
        )),
        Err(e) => Some((RuleId::READ_IO, format!("cannot read the payload: {e}"))),
    };
    if let Some((rule, message)) = problem {
        findings.push(Finding::new(Severity::Error, rule, message).with_location(base.clone()));
        return None;
    }
    let mut text = String::new();
    if let Err(e) = decoder.read_to_string(&mut text) {
        let rule = if e.kind() == std::io::ErrorKind::InvalidData {
            RuleId::PARSE_ENCODING
        } else {
            RuleId::READ_IO
        };
        findings.push(
            Finding::new(
                Severity::Error,
                rule,
                format!("cannot read the payload: {e}"),
            )
            .with_location(base.clone()),
        );
        return None;
    }
    Some(text)
}

/// A JSON payload: its header fields, and the data values left as text
/// so that each is read on its own and located by its line.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonPayload<'a> {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    org_unit: Option<String>,
    #[serde(default)]
    attribute_option_combo: Option<String>,
    #[serde(default, borrow)]
    data_values: Option<Vec<&'a RawValue>>,
}

/// One JSON data value; the header's period, org unit and attribute option
/// combo stand in for those it leaves out.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonValue {
    data_element: String,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    org_unit: Option<String>,
    #[serde(default)]
    category_option_combo: Option<String>,
    #[serde(default)]
    attribute_option_combo: Option<String>,
    value: JsonText,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    deleted: bool,
}

/// A value DHIS2 wrote as a string, or a bare number.
#[derive(Deserialize)]
#[serde(untagged)]
enum JsonText {
    Text(String),
    Number(serde_json::Number),
}

/// The data values of a JSON payload.
fn json_rows(text: &str, base: &Location, findings: &mut Findings) -> Vec<Row> {
    let payload: JsonPayload<'_> = match serde_json::from_str(text) {
        Ok(payload) => payload,
        Err(e) => {
            findings.push(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_JSON,
                    format!("not a DHIS2 data value set: {e}"),
                )
                .with_location(base.clone().with_line(e.line() as u64)),
            );
            return Vec::new();
        }
    };
    let Some(values) = payload.data_values else {
        findings.push(
            Finding::new(
                Severity::Error,
                RuleId::PARSE_JSON,
                "not a DHIS2 data value set: there is no \"dataValues\" array",
            )
            .with_location(base.clone()),
        );
        return Vec::new();
    };
    let mut rows = Vec::new();
    for raw in values {
        let at = base.clone().with_line(line_of(text, raw.get()));
        match serde_json::from_str::<JsonValue>(raw.get()) {
            Ok(value) => {
                let missing = |field: &str| {
                    Finding::new(
                        Severity::Error,
                        RuleId::PARSE_JSON,
                        format!("the data value has no \"{field}\", and the data value set none for all its values"),
                    )
                    .with_location(at.clone())
                };
                let Some(period) = value.period.or_else(|| payload.period.clone()) else {
                    findings.push(missing("period"));
                    continue;
                };
                let Some(org_unit) = value.org_unit.or_else(|| payload.org_unit.clone()) else {
                    findings.push(missing("orgUnit"));
                    continue;
                };
                rows.push(Row {
                    at,
                    data_element: value.data_element,
                    period,
                    org_unit,
                    combo: value.category_option_combo.filter(|c| !c.is_empty()),
                    attribute: value
                        .attribute_option_combo
                        .or_else(|| payload.attribute_option_combo.clone())
                        .filter(|c| !c.is_empty()),
                    value: match value.value {
                        JsonText::Text(text) => text,
                        JsonText::Number(number) => number.to_string(),
                    },
                    comment: value.comment.filter(|c| !c.is_empty()),
                    deleted: value.deleted,
                });
            }
            Err(e) => findings.push(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_FIGURE,
                    format!("a data value that cannot be read: {e}"),
                )
                .with_location(at),
            ),
        }
    }
    rows
}

/// The line (from 1) on which `part`, a slice of `text`, starts.
fn line_of(text: &str, part: &str) -> u64 {
    let offset = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let before = text.get(..offset).unwrap_or("");
    before.bytes().filter(|&b| b == b'\n').count() as u64 + 1
}

/// The columns of a CSV payload, by position.
#[derive(Default)]
struct Columns {
    data_element: Option<usize>,
    period: Option<usize>,
    org_unit: Option<usize>,
    combo: Option<usize>,
    attribute: Option<usize>,
    value: Option<usize>,
    comment: Option<usize>,
    deleted: Option<usize>,
}

/// The data values of a CSV payload: a header row naming DHIS2's columns
/// (in any case, as DHIS2 writes them or in its JSON spelling), then one
/// data value a row.
fn csv_rows(text: &str, base: &Location, findings: &mut Findings) -> Vec<Row> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => {
            findings.push(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_HEADER,
                    format!("the header row cannot be read: {e}"),
                )
                .with_location(base.clone().with_line(1)),
            );
            return Vec::new();
        }
        None => {
            findings.push(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_HEADER,
                    "the file is empty: a DHIS2 CSV payload starts with a header row",
                )
                .with_location(base.clone()),
            );
            return Vec::new();
        }
    };
    let mut columns = Columns::default();
    for (i, name) in header.iter().enumerate() {
        let folded: String = name
            .trim_start_matches('\u{feff}')
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let slot = match folded.as_str() {
            "dataelement" => &mut columns.data_element,
            "period" => &mut columns.period,
            "orgunit" => &mut columns.org_unit,
            "categoryoptioncombo" => &mut columns.combo,
            "attributeoptioncombo" => &mut columns.attribute,
            "value" => &mut columns.value,
            "comment" => &mut columns.comment,
            "deleted" => &mut columns.deleted,
            _ => continue,
        };
        slot.get_or_insert(i);
    }
    let (Some(de), Some(pe), Some(ou), Some(value)) = (
        columns.data_element,
        columns.period,
        columns.org_unit,
        columns.value,
    ) else {
        findings.push(
            Finding::new(
                Severity::Error,
                RuleId::PARSE_HEADER,
                format!(
                    "the header row {} lacks DHIS2's columns: it needs dataelement, period, orgunit and value ({})",
                    quote(&header.iter().collect::<Vec<_>>().join(",")),
                    super::write::CSV_HEADER.join(",")
                ),
            )
            .with_location(base.clone().with_line(1)),
        );
        return Vec::new();
    };
    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                findings.push(
                    Finding::new(
                        Severity::Error,
                        RuleId::PARSE_ROW,
                        format!("a row that cannot be read as CSV: {e}"),
                    )
                    .with_location(base.clone().with_line(line)),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cell = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
        };
        let at = base.clone().with_line(line);
        let required = [
            ("dataelement", de),
            ("period", pe),
            ("orgunit", ou),
            ("value", value),
        ];
        let empty: Vec<&str> = required
            .iter()
            .filter(|(_, i)| cell(Some(*i)).is_none())
            .map(|(name, _)| *name)
            .collect();
        if !empty.is_empty() {
            findings.push(
                Finding::new(
                    Severity::Error,
                    RuleId::PARSE_ROW,
                    format!("the row has no {}", empty.join(", ")),
                )
                .with_location(at),
            );
            continue;
        }
        rows.push(Row {
            data_element: cell(Some(de)).unwrap_or_default(),
            period: cell(Some(pe)).unwrap_or_default(),
            org_unit: cell(Some(ou)).unwrap_or_default(),
            combo: cell(columns.combo),
            attribute: cell(columns.attribute),
            value: cell(Some(value)).unwrap_or_default(),
            comment: columns
                .comment
                .and_then(|i| record.get(i))
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            deleted: cell(columns.deleted).is_some_and(|d| d.eq_ignore_ascii_case("true")),
            at,
        });
    }
    rows
}

/// Turns the rows into figures: each looked up in the mapping, a rate
/// rebuilt from its two rows, every figure admitted by the dataset.
fn figures(rows: Vec<Row>, mapping: &Mapping, data: &mut Dataset, findings: &mut Findings) {
    let inverse = Inverse::new(mapping);
    let calendar = data.calendar();
    let mut rates: HashMap<Key, Parts> = HashMap::new();
    let mut order: Vec<Key> = Vec::new();
    for row in rows {
        let error = |rule: RuleId, message: String| {
            Finding::new(Severity::Error, rule, message).with_location(row.at.clone())
        };
        if row.deleted {
            findings.push(
                Finding::new(
                    Severity::Note,
                    RuleId::DHIS2_DELETED,
                    format!(
                        "data value {} {} {} is marked as deleted in DHIS2, so it is not read",
                        row.data_element, row.period, row.org_unit
                    ),
                )
                .with_location(row.at.clone()),
            );
            continue;
        }
        let mut problems = Vec::new();
        let period = match row
            .period
            .parse::<PeriodId>()
            .and_then(|id| id.to_period(calendar))
        {
            Ok(period) => Some(period),
            Err(e) => {
                problems.push(error(
                    RuleId::DHIS2_PERIOD,
                    format!(
                        "{e}; the figures' fiscal year starts in month {}",
                        calendar.start_month()
                    ),
                ));
                None
            }
        };
        let combo = row.combo.as_deref().or(inverse.default_combo);
        let cell = inverse.cells.get(&(row.data_element.as_str(), combo));
        if cell.is_none() {
            let known = inverse
                .cells
                .keys()
                .any(|(data_element, _)| *data_element == row.data_element);
            let message = match (combo, known) {
                (Some(combo), true) => format!(
                    "data element {} is in the mapping, but not with category option combo {}; add that combo to the mapping's indicators, or, if it is the server's default, set it as the mapping's category_option_combo",
                    quote(&row.data_element),
                    quote(combo)
                ),
                (None, true) => format!(
                    "data element {} is in the mapping, but not with the default category option combo; add it to the mapping's indicators",
                    quote(&row.data_element)
                ),
                (Some(combo), false) => format!(
                    "data element {} with category option combo {} is not in the mapping; add it to the mapping's indicators",
                    quote(&row.data_element),
                    quote(combo)
                ),
                (None, false) => format!(
                    "data element {} with the default category option combo is not in the mapping; add it to the mapping's indicators",
                    quote(&row.data_element)
                ),
            };
            problems.push(error(RuleId::DHIS2_MAPPING, message));
        }
        let country = inverse.org_units.get(row.org_unit.as_str());
        if country.is_none() {
            problems.push(error(
                RuleId::DHIS2_MAPPING,
                format!(
                    "org unit {} is not in the mapping; add it to the mapping's countries (or as its org_unit, for figures without a country)",
                    quote(&row.org_unit)
                ),
            ));
        }
        let partner = match row.attribute.as_deref() {
            None => Some(&None),
            Some(attribute) => {
                let partner = inverse.attributes.get(attribute);
                if partner.is_none() {
                    problems.push(error(
                        RuleId::DHIS2_MAPPING,
                        format!(
                            "attribute option combo {} is not in the mapping; add it to the mapping's partners (or as its attribute_option_combo, for figures without a partner)",
                            quote(attribute)
                        ),
                    ));
                }
                partner
            }
        };
        let count = match parse_count_cell(&row.value, NumberFormat::Plain) {
            Ok((count, _)) => Some(count),
            Err(e) => {
                problems.push(error(RuleId::PARSE_VALUE, e.to_string()));
                None
            }
        };
        let (
            Some(period),
            Some(&(indicator, channel, role)),
            Some(country),
            Some(partner),
            Some(count),
            true,
        ) = (period, cell, country, partner, count, problems.is_empty())
        else {
            for problem in problems {
                findings.push(problem);
            }
            continue;
        };
        let key = Key {
            indicator,
            channel,
            country: *country,
            partner: partner.clone(),
            period,
        };
        match role {
            Role::Count => {
                let figure = observation(&key, Value::Count(count), row.comment);
                findings.extend(data.admit(figure, row.at));
            }
            Role::Numerator | Role::Denominator => {
                let parts = rates.entry(key.clone()).or_default();
                if parts.first.is_none() {
                    order.push(key.clone());
                    parts.first = Some(row.at.clone());
                }
                let (slot, name) = match role {
                    Role::Numerator => (&mut parts.numerator, "numerator"),
                    _ => (&mut parts.denominator, "denominator"),
                };
                if slot.is_some() {
                    findings.push(
                        error(
                            RuleId::DHIS2_RATE,
                            format!(
                                "a second {name} of {} is not read: a rate has one numerator and one denominator",
                                describe(&key, calendar)
                            ),
                        )
                        .with_series(series(&key), Some(key.period)),
                    );
                    continue;
                }
                *slot = Some((count, row.comment));
                if let (Some((numerator, comment)), Some((denominator, other))) =
                    (&parts.numerator, &parts.denominator)
                {
                    let value = Value::Ratio {
                        numerator: *numerator,
                        denominator: *denominator,
                    };
                    let note = comment.clone().or_else(|| other.clone());
                    let at = parts.first.clone().unwrap_or_default();
                    let figure = observation(&key, value, note);
                    findings.extend(data.admit(figure, at));
                    rates.remove(&key);
                }
            }
        }
    }
    for key in order {
        let Some(parts) = rates.remove(&key) else {
            continue;
        };
        let (have, lacks) = if parts.numerator.is_some() {
            ("numerator", "denominator")
        } else {
            ("denominator", "numerator")
        };
        findings.push(
            Finding::new(
                Severity::Error,
                RuleId::DHIS2_RATE,
                format!(
                    "{} is not read: the export has its {have} but not its {lacks}; a rate needs both",
                    describe(&key, calendar)
                ),
            )
            .with_location(parts.first.unwrap_or_default())
            .with_series(series(&key), Some(key.period)),
        );
    }
}

/// The figure of `key` with `value`, its note the DHIS2 comment.
fn observation(key: &Key, value: Value, note: Option<String>) -> Observation {
    let mut figure = Observation::new(key.indicator, key.period, value);
    figure.country = key.country;
    figure.channel = key.channel;
    figure.partner = key.partner.clone();
    figure.note = note;
    figure
}

/// The series of `key`.
fn series(key: &Key) -> crate::figure::observation::Series {
    observation(key, Value::Count(0), None).series()
}

/// A figure's series and period as people read them.
fn describe(key: &Key, calendar: crate::period::calendar::FiscalCalendar) -> String {
    format!("{} {}", series(key), calendar.label(key.period))
}
