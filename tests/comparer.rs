//! The streaming comparison, `aggregate::Comparer`, against the comparison
//! as it was computed before it existed: each side totalled twice over the
//! whole dataset (by the query's groups and by series), the series each
//! group lacks found by scanning, and like for like totalled again over the
//! figures of the series kept. That reference is written out below with
//! the public API only; the comparer must give exactly what it gives, fed
//! the figures in any order.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::strategies::{self, Figures};
use impact_metrics::aggregate::{
    Comparer, Comparison, ComparisonSide, Group, GroupKey, Matching, Placement, Row, Table,
};
use impact_metrics::figure::Baseline;
use impact_metrics::{
    Dataset, Dimension, Error, FiscalCalendar, Growth, Indicator, Observation, Period, Query,
    Series, Value,
};
use proptest::prelude::*;
use serde_json::json;

/// The series of a row of a table grouped by every series dimension.
fn series_of(row: &Row) -> Series {
    let mut series = Series::new(row.indicator);
    series.country = row.key.country.value().copied();
    series.channel = row.key.channel.value().copied();
    series.partner = row.key.partner.value().cloned();
    series
}

/// Whether the group `inner` (of a finer grouping) lies in `outer`.
fn contains(outer: &GroupKey, inner: &GroupKey) -> bool {
    fn same<T: PartialEq>(outer: &Group<T>, inner: &Group<T>) -> bool {
        !outer.is_grouped() || outer == inner
    }
    (outer.indicator.is_none() || outer.indicator == inner.indicator)
        && same(&outer.country, &inner.country)
        && same(&outer.channel, &inner.channel)
        && same(&outer.partner, &inner.partner)
}

/// The query without its period grouping (its filters kept), and the one
/// that keeps every series of its groups apart.
fn plain_and_series(query: &Query) -> (Query, Query) {
    let mut form = serde_json::to_value(query).unwrap();
    let by: Vec<serde_json::Value> = form["by"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            serde_json::from_value::<Dimension>((*d).clone())
                .is_ok_and(|d| !matches!(d, Dimension::Period(_)))
        })
        .cloned()
        .collect();
    form["by"] = json!(by);
    let plain: Query = serde_json::from_value(form).unwrap();
    let series = plain
        .clone()
        .by_indicator()
        .by_country()
        .by_channel()
        .by_partner();
    (plain, series)
}

struct Side {
    period: Period,
    groups: Table,
    series: Table,
}

impl Side {
    fn series_in(&self, group: &GroupKey, indicator: Indicator) -> BTreeMap<Series, Vec<Period>> {
        self.series
            .rows()
            .iter()
            .filter(|row| row.indicator == indicator && contains(group, &row.key))
            .map(|row| {
                let missing = row
                    .coverage
                    .gaps()
                    .iter()
                    .flat_map(|g| g.missing.iter().copied())
                    .collect();
                (series_of(row), missing)
            })
            .collect()
    }
}

/// What each side of a group lacks, as JSON shortfalls, current side first.
fn shortfalls(
    now: &Side,
    before: &Side,
    key: &GroupKey,
    indicator: Indicator,
) -> Vec<serde_json::Value> {
    let (now_series, before_series) = (
        now.series_in(key, indicator),
        before.series_in(key, indicator),
    );
    let mut out = Vec::new();
    for (side, own, own_series, other) in [
        ("current", now, &now_series, &before_series),
        ("baseline", before, &before_series, &now_series),
    ] {
        let mut lacking: BTreeMap<&Series, Vec<Period>> = BTreeMap::new();
        for (series, missing) in own_series {
            if !missing.is_empty() {
                lacking.insert(series, missing.clone());
            }
        }
        for series in other.keys().filter(|s| !own_series.contains_key(*s)) {
            lacking.insert(series, vec![own.period]);
        }
        out.extend(
            lacking.into_iter().map(
                |(series, missing)| json!({"side": side, "series": series, "missing": missing}),
            ),
        );
    }
    out
}

fn growth_between(
    now: Value,
    now_months: u32,
    base: Value,
    base_months: u32,
    scaled: bool,
) -> Result<Growth, Error> {
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

/// The comparison as it was computed before the comparer.
fn reference(
    data: &Dataset,
    query: &Query,
    current: Period,
    baseline: Baseline,
    matching: Matching,
) -> Result<Vec<Comparison>, Error> {
    let calendar = data.calendar();
    let (base_period, scaled) = match baseline {
        Baseline::AverageOf(p) => (p, true),
        Baseline::Total(p) => (p, false),
        _ => unreachable!("the tests give a baseline period"),
    };
    let (plain, series_query) = plain_and_series(query);
    let side = |period: Period| -> Result<Side, Error> {
        Ok(Side {
            period,
            groups: data.aggregate(&plain.clone().within(period))?,
            series: data.aggregate(&series_query.clone().within(period))?,
        })
    };
    let (now, before) = (side(current)?, side(base_period)?);
    let mut groups: BTreeMap<GroupKey, Indicator> = BTreeMap::new();
    for row in now.groups.rows().iter().chain(before.groups.rows()) {
        groups.entry(row.key.clone()).or_insert(row.indicator);
    }
    let lacks: Vec<(GroupKey, Indicator, Vec<serde_json::Value>)> = groups
        .into_iter()
        .map(|(key, indicator)| {
            let lacks = shortfalls(&now, &before, &key, indicator);
            (key, indicator, lacks)
        })
        .collect();
    let totals_without = |period: Period, left: &BTreeSet<Series>| -> Result<Table, Error> {
        let mut kept = Dataset::new(calendar, data.catalogue().clone());
        for figure in data.iter().filter(|f| !left.contains(&f.series())) {
            kept.push(figure.clone())?;
        }
        kept.aggregate(&plain.clone().within(period))
    };
    let (now_totals, before_totals) = match matching {
        Matching::LikeForLike => {
            let left: BTreeSet<Series> = lacks
                .iter()
                .flat_map(|(_, _, lacks)| {
                    lacks
                        .iter()
                        .map(|s| serde_json::from_value::<Series>(s["series"].clone()).unwrap())
                })
                .collect();
            (
                totals_without(current, &left)?,
                totals_without(base_period, &left)?,
            )
        }
        _ => (now.groups.clone(), before.groups.clone()),
    };
    let like = matching == Matching::LikeForLike;
    let mut out = Vec::new();
    for (key, indicator, shortfalls) in lacks {
        let current_row = now_totals.get(&key).cloned();
        let baseline_row = before_totals.get(&key).cloned();
        let left_out = if like { shortfalls.clone() } else { Vec::new() };
        let undefined = |reason: String| json!({"undefined": {"reason": reason}});
        let growth = match (&current_row, &baseline_row) {
            (None, _) | (_, None) if !left_out.is_empty() => undefined(format!(
                "no series has figures for the whole of both {} and {}",
                calendar.label(current),
                calendar.label(base_period)
            )),
            (None, _) => undefined(format!(
                "no figures to compare for the current period {}",
                calendar.label(current)
            )),
            (Some(_), None) => undefined(format!(
                "no figures to compare for the baseline period {}",
                calendar.label(base_period)
            )),
            (Some(n), Some(b)) => match growth_between(
                n.value,
                current.months(),
                b.value,
                base_period.months(),
                scaled,
            ) {
                Err(Error::UndefinedGrowth { reason }) => undefined(reason),
                Err(other) => undefined(other.to_string()),
                Ok(growth) if like || shortfalls.is_empty() => json!({"complete": growth}),
                Ok(growth) => json!({"incomplete": {"growth": growth, "shortfalls": shortfalls}}),
            },
        };
        let comparison = json!({
            "key": key,
            "indicator": indicator,
            "current": current_row,
            "baseline": baseline_row,
            "growth": growth,
            "left_out": left_out,
        });
        out.push(serde_json::from_value(comparison).unwrap());
    }
    Ok(out)
}

/// A comparer over the figures in this order; the first refusal ends it,
/// as the reference's first error does.
fn streamed(
    calendar: FiscalCalendar,
    figures: &[Observation],
    query: &Query,
    current: Period,
    baseline: Baseline,
    matching: Matching,
) -> Result<Vec<Comparison>, Error> {
    let mut comparer = Comparer::new(calendar, query, current, baseline, matching)?;
    for figure in figures {
        comparer.add(figure)?;
    }
    comparer.finish()
}

/// A query of the dimensions drawn (and sometimes a period grouping, which
/// a comparison ignores), sometimes keeping one indicator only.
fn queries() -> impl Strategy<Value = Query> {
    (
        any::<[bool; 4]>(),
        any::<bool>(),
        proptest::option::of(strategies::kinds()),
        any::<bool>(),
    )
        .prop_map(
            |([indicator, country, channel, partner], by_period, kind, only_victims)| {
                let mut query = Query::new();
                for (on, dimension) in [
                    (indicator, Dimension::Indicator),
                    (country, Dimension::Country),
                    (channel, Dimension::Channel),
                    (partner, Dimension::Partner),
                ] {
                    if on {
                        query = query.by(dimension);
                    }
                }
                if let (true, Some(kind)) = (by_period, kind) {
                    query = query.by_period(kind);
                }
                if only_victims {
                    query = query.with_indicator(Indicator::VICTIMS_REMOVED);
                }
                query
            },
        )
}

/// A current period in fiscal year 2021, of any kind, and a baseline in
/// 2020: its whole year scaled to the current period's length, or a
/// period of it as it is.
fn periods(calendar: FiscalCalendar) -> impl Strategy<Value = (Period, Baseline)> {
    (
        strategies::kinds(),
        any::<u8>(),
        strategies::kinds(),
        any::<u8>(),
        any::<bool>(),
    )
        .prop_map(move |(kind, index, base_kind, base_index, average)| {
            let current = strategies::period(calendar, 2021, kind, index);
            let baseline = if average {
                Baseline::AverageOf(calendar.year(2020).unwrap())
            } else {
                Baseline::Total(strategies::period(calendar, 2020, base_kind, base_index))
            };
            (current, baseline)
        })
}

fn matchings() -> impl Strategy<Value = Matching> {
    prop_oneof![Just(Matching::AsReported), Just(Matching::LikeForLike)]
}

/// Figures of any of the tiled families, with a comparison to run on them
/// and the figures in another order.
fn cases() -> impl Strategy<
    Value = (
        Figures,
        Vec<Observation>,
        Query,
        (Period, Baseline),
        Matching,
    ),
> {
    prop_oneof![
        strategies::tiled(true),
        strategies::tiled(false),
        strategies::with_percents(),
        strategies::with_overlaps(),
    ]
    .prop_flat_map(|figures| {
        let calendar = figures.calendar;
        (
            strategies::shuffled(figures.figures.clone()),
            Just(figures),
            queries(),
            periods(calendar),
            matchings(),
        )
            .prop_map(|(shuffled, figures, query, periods, matching)| {
                (figures, shuffled, query, periods, matching)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_comparer_gives_what_the_comparison_gave((figures, shuffled, query, (current, baseline), matching) in cases()) {
        let calendar = figures.calendar;
        let data = figures.dataset();
        let expected = reference(&data, &query, current, baseline, matching);
        let in_order = streamed(calendar, &figures.figures, &query, current, baseline, matching);
        let any_order = streamed(calendar, &shuffled, &query, current, baseline, matching);
        let through_the_dataset = data.compare(&query, current, baseline, matching);
        match expected {
            Ok(expected) => {
                prop_assert_eq!(in_order.as_ref(), Ok(&expected));
                prop_assert_eq!(any_order.as_ref(), Ok(&expected));
                prop_assert_eq!(through_the_dataset.as_ref(), Ok(&expected));
            }
            // Figures a total refuses: every path refuses (which figure is
            // named first depends on the order they come in).
            Err(e) => {
                prop_assert!(strategies::is_refusal(&e) || matches!(e, Error::MixedIndicators { .. }), "{e}");
                prop_assert!(in_order.is_err());
                prop_assert!(any_order.is_err());
                prop_assert!(through_the_dataset.is_err());
            }
        }
    }

    #[test]
    fn a_refused_figure_is_left_out_and_the_rest_compared((figures, shuffled, query, (current, baseline), matching) in cases()) {
        // Fed one by one, going on past refusals, the comparer gives the
        // comparison of the figures it took.
        let calendar = figures.calendar;
        let mut comparer = Comparer::new(calendar, &query, current, baseline, matching).unwrap();
        let mut taken = Vec::new();
        for figure in &shuffled {
            match comparer.add(figure) {
                Ok(_) => taken.push(figure.clone()),
                Err(e) => prop_assert!(strategies::is_refusal(&e) || matches!(e, Error::MixedIndicators { .. }), "{e}"),
            }
        }
        let kept = strategies::dataset(calendar, &taken);
        prop_assert_eq!(comparer.finish().unwrap(), reference(&kept, &query, current, baseline, matching).unwrap());
    }

    #[test]
    fn a_figure_is_counted_outside_or_elsewhere_as_its_period_says(
        (figures, _shuffled, query, (current, baseline), matching) in cases()
    ) {
        let calendar = figures.calendar;
        let base_period = match baseline {
            Baseline::AverageOf(p) | Baseline::Total(p) => p,
            _ => unreachable!(),
        };
        let mut comparer = Comparer::new(calendar, &query, current, baseline, matching).unwrap();
        // The queries drawn keep every figure, or victims_removed only.
        let only_victims = serde_json::to_value(&query).unwrap()["indicators"] != json!([]);
        for figure in &figures.figures {
            let Ok(placed) = comparer.add(figure) else { continue };
            let selected = !only_victims || figure.indicator == Indicator::VICTIMS_REMOVED;
            let inside = |p: Period| strategies::inside(figure.period, p);
            let straddles = |p: Period| strategies::overlap(figure.period, p) && !inside(p);
            let expected = if !selected {
                Placement::Elsewhere
            } else if straddles(current) {
                Placement::Outside(ComparisonSide::Current)
            } else if straddles(base_period) {
                Placement::Outside(ComparisonSide::Baseline)
            } else if inside(current) || inside(base_period) {
                Placement::Counted
            } else {
                Placement::Elsewhere
            };
            prop_assert_eq!(placed, expected, "{}", figure);
        }
    }
}

#[test]
fn a_yearly_figure_is_outside_a_half_and_named() {
    let calendar = FiscalCalendar::SEPTEMBER;
    let h1 = calendar.half(2020, 1).unwrap();
    let mut comparer = Comparer::new(
        calendar,
        &Query::new().by_indicator(),
        h1,
        Baseline::AverageOf(calendar.year(2019).unwrap()),
        Matching::AsReported,
    )
    .unwrap();
    let year = Observation::new(
        Indicator::VICTIMS_REMOVED,
        calendar.year(2020).unwrap(),
        Value::Count(150),
    );
    assert_eq!(
        comparer.add(&year).unwrap(),
        Placement::Outside(ComparisonSide::Current)
    );
    // In no total: the comparison has no row for it.
    assert!(comparer.finish().unwrap().is_empty());
}
