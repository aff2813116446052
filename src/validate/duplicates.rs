//! Figures counted more than once: the same figure twice, a period inside
//! another of the same series, the same people under two channels.

use std::collections::{BTreeMap, BTreeSet};

use crate::channel::Channel;
use crate::country::Country;
use crate::figure::value::Value;
use crate::findings::Finding;
use crate::indicator::Indicator;
use crate::period::{Period, PeriodKind};
use crate::rules::RuleId;

use super::baseline::Baselines;
use super::{Context, about};

/// `duplicate.identical`, `duplicate.conflicting` and
/// `duplicate.overlapping_periods`.
///
/// Every figure of a duplicated group gets its own finding, so each is
/// located, and the findings are the same whatever order the figures came
/// in.
pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let data = cx.figures();
    // The figures' indices in the order of their series and period: a
    // group is a run of equal keys. Sorting indices costs a word a figure,
    // where a map keyed by each figure's series would copy it.
    let series_of = |i: usize| {
        data.get(i)
            .map(|f| (&f.indicator, &f.country, &f.channel, &f.partner))
    };
    let period_of = |i: usize| data.get(i).map(|f| f.period);
    let mut order: Vec<usize> = (0..data.len()).collect();
    // Stable: the indices of a group stay in the order of the dataset.
    order.sort_by(|&a, &b| {
        series_of(a)
            .cmp(&series_of(b))
            .then_with(|| period_of(a).cmp(&period_of(b)))
    });
    let same_series = |a: &usize, b: &usize| series_of(*a) == series_of(*b);
    let same_group = |a: &usize, b: &usize| same_series(a, b) && period_of(*a) == period_of(*b);

    for indices in order.chunk_by(same_group) {
        let (Some(first), true) = (
            indices.first().and_then(|&i| data.get(i)),
            indices.len() > 1,
        ) else {
            continue;
        };
        let (series, period) = (first.series(), first.period);
        let mut values: Vec<String> = indices
            .iter()
            .filter_map(|&i| data.get(i))
            .map(|f| f.bound.before(f.value))
            .collect();
        values.sort();
        let identical = values.windows(2).all(|w| matches!(w, [a, b] if a == b));
        let head = format!("{series} {}", cx.label(period));
        for &index in indices {
            let finding = if identical {
                about(
                    cx,
                    index,
                    RuleId::DUPLICATE_IDENTICAL,
                    format!(
                        "{head} is reported {} times, each time as {}; keep one, or the totals count it {} times",
                        indices.len(),
                        values.first().map(String::as_str).unwrap_or_default(),
                        indices.len()
                    ),
                )
            } else {
                about(
                    cx,
                    index,
                    RuleId::DUPLICATE_CONFLICTING,
                    format!(
                        "{head} is reported {} times with different values: {}; ask the partner which is right",
                        indices.len(),
                        values.join(", ")
                    ),
                )
            };
            out.push(finding.with_value("copies", indices.len()));
        }
    }

    // Periods of one series that lie inside a longer period it also
    // reports. On one calendar, a period that contains another is one of
    // its ancestors (its year, half or quarter).
    for run in order.chunk_by(same_series) {
        let mut periods: Vec<Period> = run.iter().filter_map(|&i| period_of(i)).collect();
        periods.dedup();
        for indices in run.chunk_by(same_group) {
            let Some(first) = indices.first().and_then(|&i| data.get(i)) else {
                continue;
            };
            let period = first.period;
            let mut containing: Vec<Period> = PeriodKind::ALL
                .iter()
                .filter(|&&kind| kind < period.kind())
                .filter_map(|&kind| period.ancestor(kind))
                .filter(|other| *other != period && other.contains(period))
                .filter(|other| periods.binary_search(other).is_ok())
                .collect();
            if containing.is_empty() {
                continue;
            }
            containing.sort();
            let containing: Vec<String> = containing.iter().map(|&p| cx.label(p)).collect();
            let series = first.series();
            for &index in indices {
                out.push(
                    about(
                        cx,
                        index,
                        RuleId::DUPLICATE_OVERLAPPING_PERIODS,
                        format!(
                            "{series} reports {} and also {}, which contains it: a total over both counts {} twice",
                            cx.label(period),
                            containing.join(" and "),
                            cx.label(period)
                        ),
                    )
                    .with_value("inside", containing.join(", ")),
                );
            }
        }
    }
}

/// `double_count.channels`: figures of `indicator` for one country under
/// both channels, in overlapping periods.
/// The same count under direct and joint operations for one indicator,
/// country and period, where the other channel's figure fits its own
/// series and this one does not: its series hardly exists (too few
/// figures around it to have a level), or the count is far from its
/// level. Equal counts of two regular series are common for small numbers,
/// so those need a count of at least 5 and a figure that does not fit.
///
/// The indices of the figures it flags, so that the outlier rules do not
/// report them again.
pub(super) fn same_value(
    cx: &Context<'_>,
    baselines: &Baselines,
    out: &mut Vec<Finding>,
) -> BTreeSet<usize> {
    let data = cx.figures();
    let mut flagged = BTreeSet::new();
    let mut groups: BTreeMap<(Indicator, Country, Period, u64), Vec<usize>> = BTreeMap::new();
    for (index, figure) in data.iter().enumerate() {
        if let (Some(country), Value::Count(n), Some(Channel::Direct | Channel::Joint)) =
            (figure.country, figure.value, figure.channel)
        {
            groups
                .entry((figure.indicator, country, figure.period, n))
                .or_default()
                .push(index);
        }
    }
    let fits = |i: usize, n: u64| {
        baselines
            .of(i)
            .is_some_and(|e| e.score(n as f64) < SAME_VALUE_SCORE)
    };
    for ((_, _, _, n), mut indices) in groups.into_iter().filter(|(_, v)| v.len() > 1) {
        cx.ordered(&mut indices);
        let channel = |i: usize| data.get(i).and_then(|f| f.channel);
        for &i in &indices {
            let (Some(figure), Some(mine)) = (data.get(i), channel(i)) else {
                continue;
            };
            let expected = baselines.of(i);
            let misfit = match expected {
                None => true,
                Some(e) => n >= SAME_VALUE_LEAST && e.score(n as f64) >= SAME_VALUE_SCORE,
            };
            if !misfit {
                continue;
            }
            let Some(twin) = indices
                .iter()
                .copied()
                .filter(|&j| channel(j).is_some_and(|c| c != mine))
                .find(|&j| fits(j, n))
                .and_then(|j| data.get(j))
            else {
                continue;
            };
            let why = match expected {
                None => "and this series has too few figures around it to have a level of its own"
                    .to_string(),
                Some(e) => {
                    let (low, high) = e.band(2.0);
                    format!(
                        "far from this series' usual {low:.0} to {high:.0} (from the {} other \
                         periods within a year of it)",
                        e.others
                    )
                }
            };
            out.push(
                about(
                    cx,
                    i,
                    RuleId::DOUBLE_COUNT_SAME_VALUE,
                    format!(
                        "{} is the same count as {}, {why}: the same people counted under both \
                         channels? Keep the figure under one channel only",
                        cx.describe(figure),
                        cx.describe(twin),
                    ),
                )
                .with_value(
                    "also under",
                    twin.channel.map(Channel::code).unwrap_or_default(),
                ),
            );
            flagged.insert(i);
        }
    }
    flagged
}

/// The least count two regular series must share for the same-value
/// rule.
const SAME_VALUE_LEAST: u64 = 5;

/// The score from which a count does not fit its own series, for the
/// same-value rule.
const SAME_VALUE_SCORE: f64 = 3.0;

pub(super) fn exclusive(
    cx: &Context<'_>,
    indicator: Indicator,
    channels: [Channel; 2],
    out: &mut Vec<Finding>,
) {
    let [first, second] = channels;
    if first == second {
        return;
    }
    let data = cx.figures();
    let under = |channel: Channel| -> Vec<usize> {
        data.iter()
            .enumerate()
            .filter(|(_, f)| {
                f.indicator == indicator && f.country.is_some() && f.channel == Some(channel)
            })
            .map(|(i, _)| i)
            .collect()
    };
    let (a, b) = (under(first), under(second));
    let overlap = |x: usize, y: usize| match (data.get(x), data.get(y)) {
        (Some(p), Some(q)) => {
            p.country == q.country
                && p.period.first_day() <= q.period.last_day()
                && q.period.first_day() <= p.period.last_day()
        }
        _ => false,
    };
    let mut flag = |mine: &[usize], theirs: &[usize], other: Channel| {
        for &x in mine {
            let mut clashes: Vec<usize> =
                theirs.iter().copied().filter(|&y| overlap(x, y)).collect();
            if clashes.is_empty() {
                continue;
            }
            cx.ordered(&mut clashes);
            let others: Vec<String> = clashes
                .iter()
                .filter_map(|&y| data.get(y))
                .map(|f| cx.describe(f))
                .collect();
            let Some(figure) = data.get(x) else { continue };
            out.push(
                about(
                    cx,
                    x,
                    RuleId::DOUBLE_COUNT_CHANNELS,
                    format!(
                        "{} is also counted under {}: {}; {indicator} under {} and {} was declared \
                         never to count the same people, so one country and period must not have both",
                        cx.describe(figure),
                        other.name().to_lowercase(),
                        others.join("; "),
                        first.name().to_lowercase(),
                        second.name().to_lowercase()
                    ),
                )
                .with_value("also under", other),
            );
        }
    };
    flag(&a, &b, second);
    flag(&b, &a, first);
}

#[cfg(test)]
mod tests {
    use crate::{
        Bound, Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Location,
        Observation, Partner, Severity, Validator, Value,
    };

    fn data(figures: Vec<Observation>) -> Dataset {
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        for (i, figure) in figures.into_iter().enumerate() {
            data.push_at(figure, Location::in_file("bd.csv").with_line(i as u64 + 2))
                .unwrap();
        }
        data
    }

    fn bd(period: crate::Period, n: u64) -> Observation {
        Observation::new(Indicator::SURVIVORS_CARED_FOR, period, Value::Count(n))
            .with_country(Country::BD)
            .with_channel(Channel::Direct)
    }

    fn h1() -> crate::Period {
        FiscalCalendar::SEPTEMBER.half(2020, 1).unwrap()
    }

    #[test]
    fn identical_copies_are_a_warning_on_each_copy() {
        let found = Validator::new().validate(&data(vec![bd(h1(), 224), bd(h1(), 224)]));
        let copies: Vec<_> = found.by_rule("duplicate.identical").collect();
        assert_eq!(copies.len(), 2);
        assert!(copies.iter().all(|f| f.severity == Severity::Warning));
        assert_eq!(copies[0].location.line, Some(2));
        assert_eq!(copies[1].location.line, Some(3));
        assert!(
            copies[0].message.contains("2 times, each time as 224"),
            "{}",
            copies[0].message
        );
    }

    #[test]
    fn conflicting_copies_are_an_error_listing_the_values() {
        let found = Validator::new().validate(&data(vec![
            bd(h1(), 224),
            bd(h1(), 242),
            bd(h1(), 224).with_bound(Bound::AtLeast),
        ]));
        let conflicts: Vec<_> = found.by_rule("duplicate.conflicting").collect();
        assert_eq!(conflicts.len(), 3);
        assert!(conflicts.iter().all(|f| f.severity == Severity::Error));
        assert!(
            conflicts[0].message.contains("224, 242, at least 224"),
            "{}",
            conflicts[0].message
        );
    }

    #[test]
    fn distinct_series_and_periods_are_not_duplicates() {
        let cal = FiscalCalendar::SEPTEMBER;
        let found = Validator::new().validate(&data(vec![
            bd(cal.quarter(2020, 1).unwrap(), 100),
            bd(cal.quarter(2020, 2).unwrap(), 124),
            bd(h1(), 224).with_country(Country::GB),
            bd(h1(), 224).with_channel(Channel::Systemic),
        ]));
        assert!(found.at_least(Severity::Warning).is_empty(), "{found}");
    }

    #[test]
    fn a_quarter_inside_a_reported_half_is_flagged_on_the_quarter() {
        let cal = FiscalCalendar::SEPTEMBER;
        let found = Validator::new().validate(&data(vec![
            bd(cal.quarter(2020, 1).unwrap(), 100),
            bd(h1(), 224),
        ]));
        let overlaps: Vec<_> = found.by_rule("duplicate.overlapping_periods").collect();
        assert_eq!(overlaps.len(), 1);
        assert_eq!(overlaps[0].location.line, Some(2));
        assert!(
            overlaps[0]
                .message
                .contains("reports 20/21 Q1 and also 20/21 H1"),
            "{}",
            overlaps[0].message
        );
    }

    fn th(channel: Channel, period: crate::Period, n: u64) -> Observation {
        let figure = Observation::new(Indicator::SURVIVORS_CARED_FOR, period, Value::Count(n))
            .with_country(Country::TH)
            .with_channel(channel);
        if channel == Channel::Joint {
            figure.with_partner(Partner::new("LIFT International").unwrap())
        } else {
            figure
        }
    }

    #[test]
    fn declared_exclusive_channels_flag_both_figures() {
        let q2 = FiscalCalendar::SEPTEMBER.quarter(2020, 2).unwrap();
        let figures = data(vec![
            th(Channel::Direct, q2, 5),
            th(Channel::Joint, h1(), 21),
        ]);
        let found = Validator::new()
            .with_exclusive(
                Indicator::SURVIVORS_CARED_FOR,
                [Channel::Direct, Channel::Joint],
            )
            .validate(&figures);
        let flagged: Vec<_> = found.by_rule("double_count.channels").collect();
        assert_eq!(flagged.len(), 2);
        assert!(
            flagged[0]
                .message
                .contains("also counted under joint operations: survivors_cared_for TH joint LIFT International 20/21 H1 = 21"),
            "{}",
            flagged[0].message
        );
        // Without the declaration, two channels are not double counting.
        assert_eq!(
            Validator::new()
                .validate(&figures)
                .by_rule("double_count.channels")
                .count(),
            0
        );
    }

    #[test]
    fn exclusive_channels_stay_quiet_across_countries_and_periods() {
        let cal = FiscalCalendar::SEPTEMBER;
        let figures = data(vec![
            th(Channel::Direct, cal.half(2020, 2).unwrap(), 5),
            th(Channel::Joint, h1(), 21),
            bd(h1(), 224),
        ]);
        let found = Validator::new()
            .with_exclusive(
                Indicator::SURVIVORS_CARED_FOR,
                [Channel::Direct, Channel::Joint],
            )
            .validate(&figures);
        assert_eq!(found.by_rule("double_count.channels").count(), 0);
    }
}
