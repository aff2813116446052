//! Coverage: series counted in a period that cover only part of it, and
//! series that stopped reporting.

use std::collections::{BTreeMap, BTreeSet};

use crate::aggregate::Query;
use crate::figure::observation::Series;
use crate::findings::Finding;
use crate::period::Period;
use crate::period::months::{self, MonthSet};
use crate::rules::RuleId;

use super::{Context, about, describe_total};

/// `coverage.partial` and `coverage.missing`.
pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let data = cx.figures();
    // Each period a series is counted in, with the published totals that
    // count it there.
    let mut targets: BTreeMap<(Period, Series), BTreeSet<String>> = BTreeMap::new();
    for total in cx.published() {
        let parts = Query::parts_of(total);
        for figure in data
            .iter()
            .filter(|f| parts.selects(f) && total.period.contains(f.period))
        {
            targets
                .entry((total.period, figure.series()))
                .or_default()
                .insert(format!("{} = {}", describe_total(cx, total), total.value));
        }
    }
    let reporting = cx.validator().reporting_period();
    if let Some(period) = reporting {
        for figure in data.iter().filter(|f| period.contains(f.period)) {
            targets.entry((period, figure.series())).or_default();
        }
    }
    let mut by_series: BySeries = BTreeMap::new();
    for (index, figure) in data.iter().enumerate() {
        by_series.entry(figure.series()).or_default().push(index);
    }
    for ((period, series), totals) in &targets {
        partial(cx, &by_series, *period, series, totals, out);
    }
    if let Some(period) = reporting {
        missing(cx, period, out);
    }
}

/// The figures of each series, by position.
type BySeries = BTreeMap<Series, Vec<usize>>;

/// The figures of a series inside a period, ordered.
fn figures_in(
    cx: &Context<'_>,
    by_series: &BySeries,
    period: Period,
    series: &Series,
) -> Vec<usize> {
    let data = cx.figures();
    let mut indices: Vec<usize> = by_series
        .get(series)
        .map(|all| {
            all.iter()
                .copied()
                .filter(|&i| data.get(i).is_some_and(|f| period.contains(f.period)))
                .collect()
        })
        .unwrap_or_default();
    cx.ordered(&mut indices);
    indices
}

fn partial(
    cx: &Context<'_>,
    by_series: &BySeries,
    period: Period,
    series: &Series,
    totals: &BTreeSet<String>,
    out: &mut Vec<Finding>,
) {
    let indices = figures_in(cx, by_series, period, series);
    let mut months = MonthSet::default();
    for figure in indices.iter().filter_map(|&i| cx.figures().get(i)) {
        months.insert(months::span(figure.period));
    }
    let Some(gap) = months::shortfall(period, &months) else {
        return;
    };
    let Some(&first) = indices.first() else {
        return;
    };
    let labels = |periods: &[Period]| -> String {
        periods
            .iter()
            .map(|&p| cx.label(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let covered = labels(&gap.covered);
    let missing = labels(&gap.missing);
    let counted = if totals.is_empty() {
        format!("the reporting period {}", cx.label(period))
    } else {
        format!(
            "the published {}",
            totals.iter().cloned().collect::<Vec<_>>().join(" and ")
        )
    };
    let mut finding = about(
        cx,
        first,
        RuleId::COVERAGE_PARTIAL,
        format!(
            "{series} covers {covered} of {}, with no figure for {missing}, yet it is counted in {counted}: \
             say so beside the total, or wait for the missing figures",
            cx.label(period)
        ),
    )
    .with_value("period", cx.label(period))
    .with_value("covered", covered)
    .with_value("missing", missing);
    finding.period = Some(period);
    out.push(finding);
}

fn missing(cx: &Context<'_>, period: Period, out: &mut Vec<Finding>) {
    let Ok(before) = period.previous() else {
        return;
    };
    let data = cx.figures();
    let now: BTreeSet<Series> = data
        .iter()
        .filter(|f| period.contains(f.period))
        .map(|f| f.series())
        .collect();
    let mut earlier: BTreeMap<Series, Vec<usize>> = BTreeMap::new();
    for (index, figure) in data.iter().enumerate() {
        if before.contains(figure.period) && !now.contains(&figure.series()) {
            earlier.entry(figure.series()).or_default().push(index);
        }
    }
    for (series, mut indices) in earlier {
        cx.ordered(&mut indices);
        let Some(&last) = indices.last() else {
            continue;
        };
        let mut finding = about(
            cx,
            last,
            RuleId::COVERAGE_MISSING,
            format!(
                "{series} is reported for {} but has no figure for {}: a partner that stopped \
                 reporting, or a figure lost on the way",
                cx.label(before),
                cx.label(period)
            ),
        )
        .with_value("reported", cx.label(before))
        .with_value("missing", cx.label(period));
        finding.period = Some(period);
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::{
        Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Observation, Partner,
        Severity, Validator, Value, figure::PublishedTotal, seed,
    };

    #[test]
    fn india_covers_q1_of_the_h1_headline_totals() {
        let report = seed::h1_2020_21().unwrap();
        let found = Validator::new().validate_published(&report.figures, &report.headline);
        let partial: Vec<_> = found.by_rule("coverage.partial").collect();
        // FIGURES.md: India's cared for, prevention education and prosecutions, Q1 only.
        assert_eq!(partial.len(), 3);
        for finding in &partial {
            let series = finding.series.as_ref().unwrap();
            assert_eq!(series.country, Some(Country::IN));
            assert_eq!(finding.severity, Severity::Warning);
            assert!(
                finding
                    .values
                    .contains(&("covered".into(), "20/21 Q1".into()))
            );
            assert!(
                finding
                    .values
                    .contains(&("missing".into(), "20/21 Q2".into()))
            );
        }
        let cared_for = partial
            .iter()
            .find(|f| f.series.as_ref().unwrap().indicator == Indicator::SURVIVORS_CARED_FOR)
            .unwrap();
        assert!(
            cared_for
                .message
                .contains("survivors_cared_for (direct + joint) 20/21 H1 = 437"),
            "{}",
            cared_for.message
        );
    }

    #[test]
    fn complete_coverage_stays_quiet() {
        let cal = FiscalCalendar::SEPTEMBER;
        let mut data = Dataset::new(cal, Catalogue::builtin());
        let india = |q: u8, n: u64| {
            Observation::new(
                Indicator::SURVIVORS_CARED_FOR,
                cal.quarter(2020, q).unwrap(),
                Value::Count(n),
            )
            .with_country(Country::IN)
            .with_channel(Channel::Joint)
            .with_partner(Partner::new("Vihaan").unwrap())
        };
        data.push(india(1, 93)).unwrap();
        data.push(india(2, 90)).unwrap();
        let h1 = cal.half(2020, 1).unwrap();
        let total = PublishedTotal::new(Indicator::SURVIVORS_CARED_FOR, h1, Value::Count(183));
        let found = Validator::new()
            .with_reporting_period(h1)
            .validate_published(&data, &[total]);
        assert!(found.at_least(Severity::Warning).is_empty(), "{found}");
    }

    #[test]
    fn a_series_that_stops_reporting_is_missing() {
        let cal = FiscalCalendar::SEPTEMBER;
        let mut data = Dataset::new(cal, Catalogue::builtin());
        let gb = |q: u8, n: u64| {
            Observation::new(
                Indicator::VICTIMS_REMOVED,
                cal.quarter(2020, q).unwrap(),
                Value::Count(n),
            )
            .with_country(Country::GB)
            .with_channel(Channel::Direct)
        };
        data.push(gb(1, 9)).unwrap();
        data.push(gb(2, 11)).unwrap();
        data.push(gb(3, 10).with_country(Country::BD)).unwrap();
        let q3 = cal.quarter(2020, 3).unwrap();
        let found = Validator::new().with_reporting_period(q3).validate(&data);
        let missing: Vec<_> = found.by_rule("coverage.missing").collect();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].location.record, Some(1)); // the Q2 figure
        assert!(
            missing[0]
                .message
                .contains("reported for 20/21 Q2 but has no figure for 20/21 Q3")
        );
        // Still reporting: quiet.
        data.push(gb(3, 12)).unwrap();
        let found = Validator::new().with_reporting_period(q3).validate(&data);
        assert_eq!(found.by_rule("coverage.missing").count(), 0);
    }
}
