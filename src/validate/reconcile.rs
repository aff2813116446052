//! Reconciliation: published totals against the sum of their parts.

use crate::aggregate::{Aggregator, Query};
use crate::error::Error;
use crate::figure::observation::{Basis, Observation};
use crate::figure::published::PublishedTotal;
use crate::figure::value::{Bound, Value};
use crate::findings::Finding;
use crate::rules::RuleId;

use super::{Context, describe_total, general, total_series};

/// `reconcile.total` and `reconcile.interpreted`, for each published total
/// that is a count.
///
/// The parts of a total are the figures of its indicator, inside its
/// period, for its country (if it names one) and under its channels (if it
/// names any).
pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for total in cx.published() {
        if let Value::Count(published) = total.value {
            one(cx, total, published, out);
        }
    }
}

/// A sum of parts, from the aggregator: the total, how exact it is, and
/// the parts, by position.
struct Sum {
    value: u128,
    bound: Bound,
    parts: Vec<usize>,
}

/// The parts of a total, added by the aggregator as every total is: each
/// count inside the total's period, of its indicator, country and
/// channels. A figure the aggregator refuses (its period overlaps one
/// already added for its series, or the sum overflows) is not added, and
/// comes back with the reason.
struct Parts {
    all: Sum,
    stated: Sum,
    refused: Vec<(usize, Error)>,
}

fn parts(cx: &Context<'_>, total: &PublishedTotal) -> Parts {
    let query = Query::parts_of(total);
    let mut all = Aggregator::new(&query);
    let mut stated = Aggregator::new(&query.clone().stated_only());
    let data = cx.figures();
    // In the validator's order, so that which of two overlapping figures
    // is refused does not depend on the order of the records.
    let mut candidates: Vec<usize> = data
        .iter()
        .enumerate()
        .filter(|(_, f)| f.value.as_count().is_some() && query.selects(f))
        .map(|(i, _)| i)
        .collect();
    cx.ordered(&mut candidates);
    let mut counted = Vec::new();
    let mut refused = Vec::new();
    for index in candidates {
        let Some(figure) = data.get(index) else {
            continue;
        };
        match all.count(figure) {
            Ok(true) => {
                counted.push(index);
                // A subset of what `all` accepted, so nothing new to refuse.
                let _ = stated.count(figure);
            }
            Ok(false) => {}
            Err(error) => refused.push((index, error)),
        }
    }
    let stated_parts = counted
        .iter()
        .copied()
        .filter(|&i| data.get(i).is_some_and(|f| f.basis == Basis::Stated))
        .collect();
    Parts {
        all: sum(all, counted),
        stated: sum(stated, stated_parts),
        refused,
    }
}

/// The aggregator's one total (none: zero, exactly).
fn sum(totals: Aggregator, parts: Vec<usize>) -> Sum {
    let row = totals.finish().ok().and_then(|table| {
        table
            .rows()
            .first()
            .map(|row| (row.value.as_count(), row.bound))
    });
    let (value, bound) = match row {
        Some((Some(n), bound)) => (u128::from(n), bound),
        _ => (0, Bound::Exact),
    };
    Sum {
        value,
        bound,
        parts,
    }
}

/// Whether a published total and a sum of parts can both be true: exact
/// numbers must be equal; a lower bound only needs the other side to reach
/// it.
fn consistent(published: u128, published_bound: Bound, parts: u128, parts_bound: Bound) -> bool {
    let at_least = |value: u128, bound: Bound, other: u128| match bound {
        Bound::Exact => value == other,
        Bound::AtLeast => other >= value,
        Bound::MoreThan => other > value,
    };
    match (published_bound, parts_bound) {
        (Bound::Exact, Bound::Exact) => published == parts,
        (Bound::Exact, bound) => at_least(parts, bound, published),
        (bound, Bound::Exact) => at_least(published, bound, parts),
        // Two lower bounds always have values in common.
        _ => true,
    }
}

/// A part written for a total: the series without its indicator, the
/// period when it is not the total's, and the value.
fn part(cx: &Context<'_>, total: &PublishedTotal, figure: &Observation) -> String {
    let mut series = figure.series().to_string();
    if let Some(rest) = series.strip_prefix(figure.indicator.as_str()) {
        series = rest.trim_start().to_string();
    }
    if series.is_empty() {
        series = "(no country or channel)".to_string();
    }
    if figure.period != total.period {
        series.push_str(&format!(" {}", cx.label(figure.period)));
    }
    format!("{series} {}", figure.bound.before(figure.value))
}

fn listed(cx: &Context<'_>, total: &PublishedTotal, parts: &[usize]) -> String {
    let data = cx.figures();
    let text: Vec<String> = parts
        .iter()
        .filter_map(|&i| data.get(i))
        .map(|f| part(cx, total, f))
        .collect();
    if text.is_empty() {
        "no figure".to_string()
    } else {
        text.join(" + ")
    }
}

fn difference(published: u128, parts: u128) -> String {
    if published >= parts {
        format!("+{}", published - parts)
    } else {
        format!("-{}", parts - published)
    }
}

fn one(cx: &Context<'_>, total: &PublishedTotal, published: u64, out: &mut Vec<Finding>) {
    let data = cx.figures();
    let Parts {
        all: everything,
        stated: stated_sum,
        refused,
    } = parts(cx, total);
    let interpreted: Vec<usize> = everything
        .parts
        .iter()
        .copied()
        .filter(|i| !stated_sum.parts.contains(i))
        .collect();
    let published = u128::from(published);
    let what = describe_total(cx, total);
    let sum_words = |s: &Sum| s.bound.before(s.value);
    let base = |rule: RuleId, message: String| {
        let mut finding = general(rule, message)
            .with_location(total.location.clone())
            .with_series(total_series(total), Some(total.period));
        finding = finding.with_value("published", total.value);
        finding
    };
    if !refused.is_empty() {
        for (index, error) in &refused {
            let Some(figure) = data.get(*index) else {
                continue;
            };
            // The aggregator's reason names periods in their machine form;
            // an overlap is said here with the calendar's labels.
            let why = match error {
                Error::OverlappingPeriods { .. } => format!(
                    "{} covers months that another figure of its series already covers, so \
                     they would be counted twice; remove the figure that counts the same months again",
                    part(cx, total, figure)
                ),
                other => format!("{} is not added to them: {other}", part(cx, total, figure)),
            };
            out.push(
                base(
                    RuleId::RECONCILE_TOTAL,
                    format!(
                        "{what}: the published total {} cannot be checked against its parts, \
                         because {why}",
                        total.value
                    ),
                )
                .with_value("refused part", part(cx, total, figure)),
            );
        }
        return;
    }
    if !consistent(published, total.bound, everything.value, everything.bound) {
        let gap = difference(published, everything.value);
        let direction = if published > everything.value {
            "more than"
        } else {
            "less than"
        };
        let mut finding = base(
            RuleId::RECONCILE_TOTAL,
            format!(
                "{what}: the published total {} is {} {direction} the sum of its parts, {} = {}; \
                 correct the total or find the missing or extra figures",
                total.value,
                gap.trim_start_matches(['+', '-']),
                sum_words(&everything),
                listed(cx, total, &everything.parts)
            ),
        )
        .with_value("sum of parts", sum_words(&everything))
        .with_value("difference", gap);
        for &i in &everything.parts {
            if let Some(f) = data.get(i) {
                finding = finding.with_value("part", part(cx, total, f));
            }
        }
        out.push(finding);
        return;
    }
    if interpreted.is_empty() {
        return;
    }
    if consistent(published, total.bound, stated_sum.value, stated_sum.bound) {
        return;
    }
    let gap = difference(published, stated_sum.value);
    let readings: Vec<String> = interpreted
        .iter()
        .filter_map(|&i| data.get(i))
        .map(|f| match &f.note {
            Some(note) => format!("{} ({note})", part(cx, total, f)),
            None => part(cx, total, f),
        })
        .collect();
    let mut finding = base(
        RuleId::RECONCILE_INTERPRETED,
        format!(
            "{what}: the published total {} matches the sum of its parts only by counting figures \
             read into the source: the stated parts add to {} = {} ({gap} against the total), and {} \
             is interpreted; confirm the reading with the source before publishing",
            total.value,
            sum_words(&stated_sum),
            listed(cx, total, &stated_sum.parts),
            readings.join(" and ")
        ),
    )
    .with_value("sum of parts", sum_words(&everything))
    .with_value("sum of stated parts", sum_words(&stated_sum))
    .with_value("difference", gap);
    for &i in &stated_sum.parts {
        if let Some(f) = data.get(i) {
            finding = finding.with_value("part", part(cx, total, f));
        }
    }
    for &i in &interpreted {
        if let Some(f) = data.get(i) {
            finding = finding.with_value("interpreted part", part(cx, total, f));
        }
    }
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::consistent;
    use crate::{
        Bound, Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Observation,
        Severity, Validator, Value, figure::PublishedTotal, seed,
    };

    fn value<'a>(finding: &'a crate::Finding, name: &str) -> Vec<&'a str> {
        finding
            .values
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    #[test]
    fn seed_convictions_are_one_more_than_their_parts() {
        let report = seed::h1_2020_21().unwrap();
        let found = Validator::new().validate_published(&report.figures, &report.headline);
        let gaps: Vec<_> = found.by_rule("reconcile.total").collect();
        assert_eq!(gaps.len(), 1);
        let gap = gaps[0];
        assert_eq!(gap.severity, Severity::Error);
        assert_eq!(
            gap.series.as_ref().map(|s| s.indicator),
            Some(Indicator::EXPLOITERS_CONVICTED)
        );
        // FIGURES.md: 26 published; UK 1 + Thailand 24 = 25.
        assert_eq!(value(gap, "published"), ["26"]);
        assert_eq!(value(gap, "sum of parts"), ["25"]);
        assert_eq!(value(gap, "difference"), ["+1"]);
        let mut parts = value(gap, "part");
        parts.sort();
        assert_eq!(parts, ["GB direct 1", "TH joint LIFT International 24"]);
    }

    #[test]
    fn seed_repatriations_add_up_only_with_romanias_interpreted_two() {
        let report = seed::h1_2020_21().unwrap();
        let found = Validator::new().validate_published(&report.figures, &report.headline);
        let readings: Vec<_> = found.by_rule("reconcile.interpreted").collect();
        assert_eq!(readings.len(), 1);
        let reading = readings[0];
        assert_eq!(reading.severity, Severity::Warning);
        // FIGURES.md: 103 published; UK 15 + Bangladesh 86 = 101 stated; Romania's 2 read.
        assert_eq!(value(reading, "published"), ["103"]);
        assert_eq!(value(reading, "sum of stated parts"), ["101"]);
        assert_eq!(value(reading, "sum of parts"), ["103"]);
        assert_eq!(value(reading, "difference"), ["+2"]);
        assert_eq!(value(reading, "interpreted part"), ["RO direct 2"]);
        assert!(
            reading.message.contains("a survivor and her daughter"),
            "{}",
            reading.message
        );
    }

    #[test]
    fn totals_that_add_up_stay_quiet() {
        let report = seed::h1_2020_21().unwrap();
        let found = Validator::new().validate_published(&report.figures, &report.headline);
        // FIGURES.md: the other six headline totals equal their columns' sums.
        for indicator in [
            Indicator::VICTIMS_REMOVED,
            Indicator::SURVIVORS_CARED_FOR,
            Indicator::PREVENTION_EDUCATION,
            Indicator::ACCUSED_ARRESTED,
            Indicator::PROSECUTIONS_SUPPORTED,
            Indicator::PROFESSIONALS_TRAINED,
        ] {
            assert!(
                !found
                    .findings()
                    .iter()
                    .any(|f| f.rule.starts_with("reconcile.")
                        && f.series.as_ref().map(|s| s.indicator) == Some(indicator)),
                "{indicator}"
            );
        }
    }

    #[test]
    fn a_total_with_no_parts_is_all_difference() {
        let cal = FiscalCalendar::SEPTEMBER;
        let data = Dataset::new(cal, Catalogue::builtin());
        let h1 = cal.half(2020, 1).unwrap();
        let total = PublishedTotal::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(74))
            .with_country(Country::GB)
            .with_channels(&[Channel::Direct]);
        let found = Validator::new().validate_published(&data, &[total]);
        let gap = found.by_rule("reconcile.total").next().unwrap();
        assert!(gap.message.contains("0 = no figure"), "{}", gap.message);
        assert_eq!(value(gap, "difference"), ["+74"]);
    }

    #[test]
    fn a_total_below_its_parts_says_less() {
        let cal = FiscalCalendar::SEPTEMBER;
        let h1 = cal.half(2020, 1).unwrap();
        let mut data = Dataset::new(cal, Catalogue::builtin());
        data.push(Observation::new(
            Indicator::VICTIMS_REMOVED,
            h1,
            Value::Count(20),
        ))
        .unwrap();
        let total = PublishedTotal::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(18));
        let found = Validator::new().validate_published(&data, &[total]);
        let gap = found.by_rule("reconcile.total").next().unwrap();
        assert_eq!(value(gap, "difference"), ["-2"]);
        assert!(gap.message.contains("2 less than"), "{}", gap.message);
    }

    #[test]
    fn an_overlapping_pair_is_refused_not_added_twice() {
        // GB's 20/21 Q1 figure of 5 and its September figure of 2, which Q1
        // already counts: 5 + 2 = 7 would count September twice. The
        // published 7 must not be confirmed by that sum.
        let cal = FiscalCalendar::SEPTEMBER;
        let h1 = cal.half(2020, 1).unwrap();
        let mut data = Dataset::new(cal, Catalogue::builtin());
        let gb = |period, n| {
            Observation::new(Indicator::VICTIMS_REMOVED, period, Value::Count(n))
                .with_country(Country::GB)
                .with_channel(Channel::Direct)
        };
        // The month first in the file: which one is refused does not depend on it.
        data.push(gb(cal.month(2020, 1).unwrap(), 2)).unwrap();
        data.push(gb(cal.quarter(2020, 1).unwrap(), 5)).unwrap();
        let total = PublishedTotal::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(7));
        let found = Validator::new()
            .disable("coverage")
            .unwrap()
            .validate_published(&data, &[total]);
        let refused: Vec<_> = found.by_rule("reconcile.total").collect();
        assert_eq!(refused.len(), 1, "{found}");
        let refused = refused[0];
        assert_eq!(refused.severity, Severity::Error);
        assert_eq!(value(refused, "refused part"), ["GB direct Sep 2020 2"]);
        assert!(value(refused, "sum of parts").is_empty());
        assert!(
            refused.message.contains(
                "because GB direct Sep 2020 2 covers months that another figure of its series \
                 already covers, so they would be counted twice"
            ),
            "{}",
            refused.message
        );
    }

    #[test]
    fn parts_that_overflow_are_refused_not_saturated() {
        let cal = FiscalCalendar::SEPTEMBER;
        let h1 = cal.half(2020, 1).unwrap();
        let mut data = Dataset::new(cal, Catalogue::builtin());
        for country in [Country::GB, Country::BD] {
            data.push(
                Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(u64::MAX))
                    .with_country(country),
            )
            .unwrap();
        }
        let total = PublishedTotal::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(u64::MAX));
        let found = Validator::new().validate_published(&data, &[total]);
        let refused: Vec<_> = found.by_rule("reconcile.total").collect();
        assert_eq!(refused.len(), 1, "{found}");
        // Ordered by series: BD before GB, so GB's is the one that overflows.
        assert_eq!(
            value(refused[0], "refused part"),
            ["GB 18446744073709551615"]
        );
    }

    #[test]
    fn bounds_are_respected() {
        // Exact against exact.
        assert!(consistent(5, Bound::Exact, 5, Bound::Exact));
        assert!(!consistent(5, Bound::Exact, 4, Bound::Exact));
        // "At least 4" in the parts allows a total of 5, not of 3.
        assert!(consistent(5, Bound::Exact, 4, Bound::AtLeast));
        assert!(!consistent(3, Bound::Exact, 4, Bound::AtLeast));
        // "More than 4" does not allow exactly 4.
        assert!(!consistent(4, Bound::Exact, 4, Bound::MoreThan));
        // A published "more than 2,000" against exact parts of 2,000.
        assert!(!consistent(2000, Bound::MoreThan, 2000, Bound::Exact));
        assert!(consistent(2000, Bound::MoreThan, 2001, Bound::Exact));
        assert!(consistent(1, Bound::AtLeast, 0, Bound::MoreThan));
    }
}
