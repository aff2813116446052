//! Writing a dataset as DHIS2 data values: the one place that decides
//! which figures DHIS2 can carry exactly, and the two payloads.

use std::collections::HashMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::Payload;
use super::mapping::{Mapping, Target, entry_name};
use super::period;
use crate::error::{Error, Result};
use crate::figure::dataset::Dataset;
use crate::figure::observation::{Basis, Observation};
use crate::figure::value::{Bound, Value};
use crate::findings::{Finding, Findings, Location};
use crate::rules::RuleId;
use crate::severity::Severity;

/// One DHIS2 data value, as the `dataValues` of a `dataValueSets` payload
/// hold it: the cell (data element and category option combo), the period,
/// the org unit, the attribute option combo, the value as text and the
/// comment.
///
/// Its serde form is DHIS2's JSON (`dataElement`, `period`, `orgUnit`,
/// `categoryOptionCombo`, `attributeOptionCombo`, `value`, `comment`), the
/// value a string, fields without a value left out.
///
/// ```
/// use impact_metrics::{Channel, Country, Dataset, FiscalCalendar, Indicator, Observation, Value, seed};
/// use impact_metrics::dhis2::{self, Element, Mapping};
///
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let mut data = Dataset::new(calendar, impact_metrics::Catalogue::builtin());
/// data.push(Observation::new(Indicator::VICTIMS_REMOVED, calendar.month(2020, 1)?, Value::Count(4))
///     .with_country(Country::GB).with_channel(Channel::Direct))?;
/// let mapping = Mapping::new()
///     .with_country(Country::GB, "GBorgUnit01")?
///     .with_count(Indicator::VICTIMS_REMOVED, Some(Channel::Direct), Element::new("victimsRem1")?)?;
/// let (values, findings) = dhis2::data_values(&data, &mapping);
/// assert!(findings.is_empty());
/// assert_eq!(values[0].period, "202009");
/// assert_eq!(values[0].value, "4");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DataValue {
    /// The data element's identifier.
    pub data_element: String,
    /// The DHIS2 period identifier (`202009`, `2020Sep`).
    pub period: String,
    /// The org unit's identifier.
    pub org_unit: String,
    /// The category option combo, if not DHIS2's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_option_combo: Option<String>,
    /// The attribute option combo, if not DHIS2's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_option_combo: Option<String>,
    /// The value, as DHIS2 holds it: text (`"20"`).
    pub value: String,
    /// The comment: the figure's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The largest value DHIS2's whole-number value types (`INTEGER`,
/// `INTEGER_ZERO_OR_POSITIVE`, ...) hold: it checks them as a 32-bit
/// integer.
const LARGEST_VALUE: u64 = 2_147_483_647;

/// A number with its thousands grouped by commas: `2,147,483,647`.
fn grouped(n: u64) -> String {
    usize::try_from(n).map_or_else(|_| n.to_string(), crate::io::cells::grouped)
}

/// The CSV header DHIS2 writes and reads, in its column order.
pub(crate) const CSV_HEADER: [&str; 10] = [
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
];

/// The data values of every figure DHIS2 can carry exactly, in the
/// dataset's order (a rate's numerator, then its denominator), and a
/// finding for each figure it cannot, which is left out:
///
/// - `dhis2.period`: the figure's period has no DHIS2 period with exactly
///   its months (a September-calendar half or quarter);
/// - `dhis2.mapping`: its indicator (under its channel), country or
///   partner is not in the mapping, or the mapping gives a count's one
///   data element for a rate (or the other way round);
/// - `dhis2.value`: a bound ("more than 10": DHIS2 would add it up as
///   exactly 10), a percentage published without its parts (DHIS2 takes
///   a rate as its numerator and denominator), or a count (or a rate's
///   part) above 2,147,483,647, the most DHIS2's whole-number value types
///   hold;
/// - `dhis2.duplicate`: an earlier figure (of the same series and period)
///   already fills the same DHIS2 value, which DHIS2 would overwrite.
///
/// A figure read into its source (interpreted) is written, with its note
/// as the comment, and a warning (`dhis2.basis`): DHIS2 has no place to
/// mark it.
///
/// Each finding is located at the figure's place in the dataset and names
/// its series and period.
///
/// ```
/// use impact_metrics::{Channel, Country, Indicator, seed};
/// use impact_metrics::dhis2::{self, Element, Mapping};
///
/// let report = seed::h1_2020_21()?;
/// let mapping = Mapping::new()
///     .with_country(Country::GB, "GBorgUnit01")?
///     .with_count(Indicator::VICTIMS_REMOVED, Some(Channel::Direct), Element::new("victimsRem1")?)?;
/// let (values, findings) = dhis2::data_values(&report.figures, &mapping);
/// assert!(values.is_empty()); // the report's figures are September-calendar halves and quarters
/// assert!(findings.by_rule("dhis2.period").count() > 0);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[must_use]
pub fn data_values(data: &Dataset, mapping: &Mapping) -> (Vec<DataValue>, Findings) {
    let mut values = Vec::new();
    let mut findings = Findings::new();
    let mut cells: HashMap<Slot, usize> = HashMap::new();
    for (index, (figure, at)) in data.located().enumerate() {
        let at = at.with_record(index);
        let figure = &figure;
        match figure_values(figure, data, mapping) {
            Ok((rows, warnings)) => {
                if let Some(first) = rows.iter().find_map(|row| cells.get(&slot(row))) {
                    let message = format!(
                        "{} is not written: figure #{first} already fills the same DHIS2 value ({}), and DHIS2 keeps one value there; give the dataset one figure per series and period",
                        figure.describe(data.calendar()),
                        rows.first().map(describe_slot).unwrap_or_default()
                    );
                    findings.push(finding(
                        Severity::Error,
                        RuleId::DHIS2_DUPLICATE,
                        message,
                        figure,
                        &at,
                    ));
                    continue;
                }
                for row in &rows {
                    cells.insert(slot(row), index);
                }
                values.extend(rows);
                for (rule, message) in warnings {
                    findings.push(finding(Severity::Warning, rule, message, figure, &at));
                }
            }
            Err(problems) => {
                for (rule, message) in problems {
                    findings.push(finding(Severity::Error, rule, message, figure, &at));
                }
            }
        }
    }
    (values, findings)
}

/// What identifies a DHIS2 value: data element, category option combo,
/// period, org unit and attribute option combo.
type Slot = (String, Option<String>, String, String, Option<String>);

/// The slot a data value fills.
fn slot(row: &DataValue) -> Slot {
    (
        row.data_element.clone(),
        row.category_option_combo.clone(),
        row.period.clone(),
        row.org_unit.clone(),
        row.attribute_option_combo.clone(),
    )
}

/// A data value's slot as a message names it.
fn describe_slot(row: &DataValue) -> String {
    format!(
        "data element {}, period {}, org unit {}",
        row.data_element, row.period, row.org_unit
    )
}

/// A finding about a figure, at its place, naming its series and period.
fn finding(
    severity: Severity,
    rule: RuleId,
    message: String,
    figure: &Observation,
    at: &Location,
) -> Finding {
    Finding::new(severity, rule, message)
        .with_location(at.clone())
        .with_series(figure.series(), Some(figure.period))
}

/// What went wrong, or what to warn about, for one figure.
type Problems = Vec<(RuleId, String)>;

/// The data values of one figure and the warnings about it, or every
/// reason it cannot go.
fn figure_values(
    figure: &Observation,
    data: &Dataset,
    mapping: &Mapping,
) -> std::result::Result<(Vec<DataValue>, Problems), Problems> {
    let calendar = data.calendar();
    let described = figure.describe(calendar);
    let mut problems = Problems::new();

    let id = match period::written_as(figure.period, calendar, mapping.period_types()) {
        Ok(id) => Some(id),
        Err(why) => {
            problems.push((
                RuleId::DHIS2_PERIOD,
                format!("{described} is not written: {why}"),
            ));
            None
        }
    };

    let mut parts: Vec<u64> = Vec::new();
    match figure.bound {
        Bound::Exact => {}
        bound => problems.push((
            RuleId::DHIS2_VALUE,
            format!(
                "{described} is not written: DHIS2 holds a value as exact, so \"{}\" would be added up as exactly {}; send the exact figure",
                bound.words(),
                figure.value
            ),
        )),
    }
    match figure.value {
        Value::Count(n) => parts.push(n),
        Value::Ratio {
            numerator,
            denominator,
        } => {
            parts.push(numerator);
            parts.push(denominator);
        }
        Value::Percent(_) => problems.push((
            RuleId::DHIS2_VALUE,
            format!(
                "{described} is not written: DHIS2 takes a rate as its numerator and denominator, and this percentage has no parts; send the counts it was worked out from"
            ),
        )),
    }

    if let Some(too_large) = parts.iter().find(|&&n| n > LARGEST_VALUE) {
        problems.push((
            RuleId::DHIS2_VALUE,
            format!(
                "{described} is not written: DHIS2's whole-number value types hold at most {}, and {} is larger",
                grouped(LARGEST_VALUE),
                grouped(*too_large)
            ),
        ));
    }

    let name = entry_name(figure.indicator, figure.channel);
    let elements = match (
        mapping.target(figure.indicator, figure.channel),
        figure.value,
    ) {
        (None, _) => {
            problems.push((
                RuleId::DHIS2_MAPPING,
                format!(
                    "{described} is not written: the mapping has no data element for {name}; add it to the mapping's indicators"
                ),
            ));
            Vec::new()
        }
        (Some(Target::Count(_)), Value::Ratio { .. }) => {
            problems.push((
                RuleId::DHIS2_MAPPING,
                format!(
                    "{described} is not written: the mapping gives {name} one data element, but the figure is a rate; give a numerator and a denominator instead"
                ),
            ));
            Vec::new()
        }
        (Some(Target::Rate { .. }), Value::Count(_)) => {
            problems.push((
                RuleId::DHIS2_MAPPING,
                format!(
                    "{described} is not written: the mapping gives {name} a numerator and a denominator, but the figure is a count; give one data element instead"
                ),
            ));
            Vec::new()
        }
        (Some(target), _) => target.elements().collect(),
    };

    let org_unit = match figure.country {
        Some(country) => mapping.org_unit(country).or_else(|| {
            problems.push((
                RuleId::DHIS2_MAPPING,
                format!(
                    "{described} is not written: the mapping has no org unit for country {country}; add it to the mapping's countries"
                ),
            ));
            None
        }),
        None => mapping.default_org_unit().or_else(|| {
            problems.push((
                RuleId::DHIS2_MAPPING,
                format!(
                    "{described} is not written: the figure has no country and the mapping no org unit for such figures; set the mapping's org_unit"
                ),
            ));
            None
        }),
    };

    let attribute = match &figure.partner {
        Some(partner) => match mapping.attribute(partner) {
            Some(attribute) => Some(attribute),
            None => {
                problems.push((
                    RuleId::DHIS2_MAPPING,
                    format!(
                        "{described} is not written: the mapping has no attribute option combo for partner {partner}; add it to the mapping's partners"
                    ),
                ));
                None
            }
        },
        None => mapping.default_attribute(),
    };

    let (Some(id), Some(org_unit), true) = (id, org_unit, problems.is_empty()) else {
        return Err(problems);
    };
    let mut warnings = Problems::new();
    if figure.basis == Basis::Interpreted {
        warnings.push((
            RuleId::DHIS2_BASIS,
            format!(
                "{described} is written as a plain value: it was read into its source, and DHIS2 has no place to mark that; its note goes as the comment"
            ),
        ));
    }
    let rows = elements
        .into_iter()
        .zip(parts)
        .map(|(element, value)| {
            let (data_element, combo) = mapping.cell(element);
            DataValue {
                data_element: data_element.to_string(),
                period: id.to_string(),
                org_unit: org_unit.to_string(),
                category_option_combo: combo.map(str::to_string),
                attribute_option_combo: attribute.map(str::to_string),
                value: value.to_string(),
                comment: figure.note.clone(),
            }
        })
        .collect();
    Ok((rows, warnings))
}

/// The JSON payload: `dataSet` and `completeDate` when the mapping gives
/// them, then `dataValues`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonPayload<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data_set: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    complete_date: Option<String>,
    data_values: &'a [DataValue],
}

/// Writes a dataset as a DHIS2 `dataValueSets` payload, in JSON or CSV,
/// leaving out each figure DHIS2 cannot carry exactly (see
/// [`data_values`] for which and why) and returning its findings.
///
/// JSON is `{"dataSet": ..., "completeDate": ..., "dataValues": [...]}`,
/// `dataSet` and `completeDate` only when the mapping gives them. CSV has
/// DHIS2's header and column order: `dataelement`, `period`, `orgunit`,
/// `categoryoptioncombo`, `attributeoptioncombo`, `value`, `storedby`,
/// `lastupdated`, `comment`, `followup` (the last three but `comment`
/// left empty for DHIS2 to fill).
///
/// # Errors
///
/// [`Error::Io`] when the output cannot be written; a figure that cannot
/// go is a finding, not an error.
///
/// ```
/// use impact_metrics::{Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Observation, Value};
/// use impact_metrics::dhis2::{self, Element, Mapping, Payload};
///
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let mut data = Dataset::new(calendar, Catalogue::builtin());
/// data.push(Observation::new(Indicator::VICTIMS_REMOVED, calendar.month(2020, 1)?, Value::Count(4))
///     .with_country(Country::GB).with_channel(Channel::Direct))?;
/// let mapping = Mapping::new()
///     .with_country(Country::GB, "GBorgUnit01")?
///     .with_count(Indicator::VICTIMS_REMOVED, Some(Channel::Direct), Element::new("victimsRem1")?)?;
/// let mut out = Vec::new();
/// let findings = dhis2::write(&data, &mapping, Payload::Csv, &mut out)?;
/// assert!(findings.is_empty());
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n\
///      victimsRem1,202009,GBorgUnit01,,,4,,,,\n"
/// );
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn write<W: Write>(
    data: &Dataset,
    mapping: &Mapping,
    payload: Payload,
    out: W,
) -> Result<Findings> {
    let (values, findings) = data_values(data, mapping);
    match payload {
        Payload::Json => write_json(&values, mapping, out)?,
        Payload::Csv => write_csv(&values, out)?,
    }
    Ok(findings)
}

/// Writes the JSON payload, pretty-printed.
fn write_json<W: Write>(values: &[DataValue], mapping: &Mapping, mut out: W) -> Result<()> {
    let payload = JsonPayload {
        data_set: mapping.data_set(),
        complete_date: mapping.complete_date().map(|d| d.to_string()),
        data_values: values,
    };
    serde_json::to_writer_pretty(&mut out, &payload)
        .map_err(|e| Error::json("write dhis2 data values as json", e))?;
    out.write_all(b"\n")
        .map_err(|e| Error::io("write dhis2 data values as json", e))
}

/// Writes the CSV payload.
fn write_csv<W: Write>(values: &[DataValue], out: W) -> Result<()> {
    let action = "write dhis2 data values as csv";
    let failed = |e: ::csv::Error| match e.into_kind() {
        ::csv::ErrorKind::Io(e) => Error::io(action, e),
        other => Error::io(action, std::io::Error::other(format!("{other:?}"))),
    };
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(CSV_HEADER).map_err(failed)?;
    for value in values {
        writer
            .write_record([
                value.data_element.as_str(),
                value.period.as_str(),
                value.org_unit.as_str(),
                value.category_option_combo.as_deref().unwrap_or(""),
                value.attribute_option_combo.as_deref().unwrap_or(""),
                value.value.as_str(),
                "",
                "",
                value.comment.as_deref().unwrap_or(""),
                "",
            ])
            .map_err(failed)?;
    }
    writer.flush().map_err(|e| Error::io(action, e))
}
