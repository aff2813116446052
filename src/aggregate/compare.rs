//! Growth of a dataset's totals: one period against a baseline.

use crate::aggregate::{GroupKey, Query, Row};
use crate::error::{Error, Result};
use crate::figure::dataset::Dataset;
use crate::figure::published::Baseline;
use crate::figure::value::Value;
use crate::growth::Growth;
use crate::indicator::Indicator;
use crate::period::Period;

/// One total of a period beside the same total of a baseline, and the
/// growth between them.
///
/// ```
/// use impact_metrics::{Baseline, Catalogue, Dataset, FiscalCalendar, Indicator, Observation, Query, Rounding, Value};
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let mut data = Dataset::new(calendar, Catalogue::builtin());
/// data.push(Observation::new(Indicator::VICTIMS_REMOVED, calendar.year(2019)?, Value::Count(112)))?;
/// data.push(Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2020, 1)?, Value::Count(74)))?;
///
/// let rows = data.compare(&Query::new().by_indicator(), calendar.half(2020, 1)?, Baseline::AverageOf(calendar.year(2019)?))?;
/// // 74 against half of 112 = 56: 74/56 - 1 = 9/28 = 32.14...%
/// let growth = rows[0].growth.clone()?;
/// assert_eq!(growth.percent(0, Rounding::HalfUp)?, "32".parse().unwrap());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Comparison {
    /// The group (its period is not set: the two rows are of two periods).
    pub key: GroupKey,
    /// The indicator of the row.
    pub indicator: Indicator,
    /// The total for the current period.
    pub current: Row,
    /// The total for the baseline period, if there are figures for it.
    pub baseline: Option<Row>,
    /// The growth, or why there is none: [`Error::UndefinedGrowth`] for a
    /// missing or zero baseline, [`Error::IncompatibleValues`] for a bare
    /// percentage.
    pub growth: Result<Growth>,
}

pub(crate) fn compare(
    data: &Dataset,
    query: &Query,
    current: Period,
    baseline: Baseline,
) -> Result<Vec<Comparison>> {
    let (base_period, scaled) = match baseline {
        Baseline::AverageOf(p) => (p, true),
        Baseline::Total(p) => (p, false),
        Baseline::Unspecified => {
            return Err(Error::UndefinedGrowth {
                reason: "the baseline period is not specified".to_string(),
            });
        }
    };
    let query = query.clone().without_period_grouping();
    let now = data.aggregate(&query.clone().within(current))?;
    let before = data.aggregate(&query.within(base_period))?;
    let mut out = Vec::with_capacity(now.rows().len());
    for row in now.rows() {
        let base = before.rows().iter().find(|b| b.key == row.key).cloned();
        let growth = match &base {
            None => Err(Error::UndefinedGrowth {
                reason: format!("no figures for the baseline period {base_period}"),
            }),
            Some(b) => growth_between(
                row.value,
                current.months(),
                b.value,
                base_period.months(),
                scaled,
            ),
        };
        out.push(Comparison {
            key: row.key.clone(),
            indicator: row.indicator,
            current: row.clone(),
            baseline: base,
            growth,
        });
    }
    Ok(out)
}

fn growth_between(
    now: Value,
    now_months: u32,
    base: Value,
    base_months: u32,
    scaled: bool,
) -> Result<Growth> {
    let (now_months, base_months) = if scaled {
        (now_months, base_months)
    } else {
        (1, 1)
    };
    match (now, base) {
        (Value::Count(n), Value::Count(b)) => Growth::on_average(n, now_months, b, base_months),
        (
            Value::Ratio {
                numerator: n1,
                denominator: d1,
            },
            Value::Ratio {
                numerator: n2,
                denominator: d2,
            },
        ) => Growth::of_rates(n1, d1, n2, d2),
        (a, b) => Err(Error::IncompatibleValues {
            what: format!("{a} against {b}"),
            reason: "growth compares two counts or two rates with known parts".to_string(),
        }),
    }
}
