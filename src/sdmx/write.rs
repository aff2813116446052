//! Writing a dataset as an SDMX-CSV data message.

use std::io::Write;

use crate::error::{Error, Result};
use crate::figure::dataset::Dataset;
use crate::figure::observation::{Basis, Observation};
use crate::figure::value::{Bound, Value};
use crate::findings::{Finding, Findings, Location, Severity};
use crate::rules::RuleId;
use crate::sdmx::period::{reporting_year_start_day, time_period};
use crate::sdmx::settings::Settings;
use crate::sdmx::{DENOMINATOR, NOT_APPLICABLE, NUMERATOR, PERCENT_UNIT, column};

/// Writes a dataset as an SDMX-CSV 2.0 data message of the structure the
/// [`Settings`] name, in the columns of the [module docs](crate::sdmx):
/// a header row, then one row per figure (two for a rate: its numerator
/// and denominator).
///
/// A figure SDMX-CSV cannot carry exactly is left out, with an error
/// finding (`sdmx.code`) at its place that names it and says what would
/// work; the others are written.
///
/// # Errors
///
/// [`Error::Io`] when the output cannot be written.
///
/// ```
/// use impact_metrics::{Catalogue, Country, Channel, Dataset, FiscalCalendar, Indicator, Observation, Partner, Value, sdmx};
///
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let mut data = Dataset::new(calendar, Catalogue::builtin());
/// data.push(
///     Observation::new(Indicator::INCOME_RISE_RATE, calendar.half(2020, 1)?, Value::Ratio { numerator: 11, denominator: 24 })
///         .with_country(Country::BD)
///         .with_channel(Channel::Direct),
/// )?;
/// let mut out = Vec::new();
/// sdmx::write(&data, &sdmx::Settings::new(), &mut out)?;
/// let text = String::from_utf8(out).unwrap();
/// let rows: Vec<&str> = text.lines().skip(1).collect();
/// assert_eq!(rows, [
///     "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,income_rise_rate_NUM,BD,direct,_Z,2020-S1,11,people,A,,--09-01,",
///     "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,income_rise_rate_DEN,BD,direct,_Z,2020-S1,24,people,A,,--09-01,",
/// ]);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn write<W: Write>(data: &Dataset, settings: &Settings, out: W) -> Result<Findings> {
    let mut csv = ::csv::WriterBuilder::new().from_writer(out);
    csv.write_record(column::WRITTEN).map_err(write_error)?;
    let mut findings = Findings::new();
    let structure = settings.structure().to_string();
    let artefact = settings.artefact().code();
    let start_day = reporting_year_start_day(data.calendar());
    for (index, (figure, at)) in data.located().enumerate() {
        if let Some(finding) = refusal(data, &figure, at.with_record(index)) {
            findings.push(finding);
            continue;
        }
        let unit = data
            .catalogue()
            .get(figure.indicator)
            .map(|def| def.unit.name().to_string())
            .unwrap_or_default();
        let observations: Vec<(String, String, &str)> = match figure.value {
            Value::Count(n) => vec![(figure.indicator.to_string(), n.to_string(), &unit)],
            Value::Ratio {
                numerator,
                denominator,
            } => vec![
                (
                    format!("{}{NUMERATOR}", figure.indicator),
                    numerator.to_string(),
                    &unit,
                ),
                (
                    format!("{}{DENOMINATOR}", figure.indicator),
                    denominator.to_string(),
                    &unit,
                ),
            ],
            Value::Percent(p) => vec![(figure.indicator.to_string(), p.to_string(), PERCENT_UNIT)],
        };
        let freq = match figure.period.kind() {
            crate::PeriodKind::Year => "A",
            crate::PeriodKind::Half => "S",
            crate::PeriodKind::Quarter => "Q",
            crate::PeriodKind::Month => "M",
        };
        let country = figure
            .country
            .map_or_else(|| NOT_APPLICABLE.to_string(), |c| c.alpha2().to_string());
        let channel = figure.channel.map_or(NOT_APPLICABLE, |c| c.code());
        let partner = figure
            .partner
            .as_ref()
            .map_or(NOT_APPLICABLE, |p| p.as_str());
        let period = time_period(figure.period);
        let status = match figure.basis {
            Basis::Stated => "A",
            Basis::Interpreted => "E",
        };
        let bound = bound_code(figure.bound);
        let note = figure.note.as_deref().unwrap_or("");
        for (indicator, value, unit) in &observations {
            csv.write_record([
                artefact,
                structure.as_str(),
                "I",
                freq,
                indicator.as_str(),
                country.as_str(),
                channel,
                partner,
                period.as_str(),
                value.as_str(),
                unit,
                status,
                bound,
                start_day.as_str(),
                note,
            ])
            .map_err(write_error)?;
        }
    }
    csv.into_inner()
        .map_err(|e| Error::io("write figures as sdmx-csv", e.into_error()))?;
    Ok(findings)
}

/// The `BOUND` code of a bound: empty for an exact figure.
pub(crate) fn bound_code(bound: Bound) -> &'static str {
    match bound {
        Bound::Exact => "",
        Bound::AtLeast => "GE",
        Bound::MoreThan => "GT",
    }
}

/// Why a figure cannot go out as SDMX-CSV, if it cannot.
fn refusal(data: &Dataset, figure: &Observation, at: Location) -> Option<Finding> {
    let code = figure.indicator.as_str();
    let why = if code.contains('.') {
        let suggestion = code.replace('.', "_");
        format!(
            "{} is left out: its indicator code {} has a '.', which an SDMX code cannot have; define the indicator under a code without one, such as {}",
            figure.describe(data.calendar()),
            crate::io::cells::quote(code),
            crate::io::cells::quote(&suggestion)
        )
    } else if figure
        .partner
        .as_ref()
        .is_some_and(|p| p.as_str() == NOT_APPLICABLE)
    {
        format!(
            "{} is left out: its partner is named \"_Z\", which SDMX reads as no partner; give the partner its name",
            figure.describe(data.calendar())
        )
    } else {
        return None;
    };
    Some(
        Finding::new(Severity::Error, RuleId::SDMX_CODE, why)
            .with_location(at)
            .with_series(figure.series(), Some(figure.period)),
    )
}

fn write_error(e: ::csv::Error) -> Error {
    Error::io("write figures as sdmx-csv", std::io::Error::from(e))
}
