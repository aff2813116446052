//! The shape of a series: a period missing between its first and last
//! figures, and a figure filed under a country its series hardly knows.

use std::collections::{BTreeMap, BTreeSet};

use crate::country::Country;
use crate::figure::observation::Series;
use crate::findings::Finding;
use crate::period::PeriodKind;
use crate::period::months;
use crate::rules::RuleId;

use super::{Context, about};

/// The fewest figures of one length a series needs to be regular: for a
/// hole in it to be a gap, or a stray figure beside it to stand out.
const REGULAR: usize = 6;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    gaps(cx, out);
    stray_country(cx, out);
}

/// A period's position among periods of its length, counted from year 0.
fn position(period: crate::Period) -> i32 {
    let length = 12 / i32::from(period.kind().per_year());
    months::span(period).start.div_euclid(length)
}

/// Each run of missing periods between a series' first and last figures of
/// one length, reported once at the figure after it. A period another
/// figure of the series covers (a quarter where months are missing) is
/// not missing.
fn gaps(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let data = cx.figures();
    let mut series: BTreeMap<(Series, PeriodKind), Vec<usize>> = BTreeMap::new();
    let mut covered: BTreeMap<Series, months::MonthSet> = BTreeMap::new();
    for (index, figure) in data.iter().enumerate() {
        series
            .entry((figure.series(), figure.period.kind()))
            .or_default()
            .push(index);
        covered
            .entry(figure.series())
            .or_default()
            .insert(months::span(figure.period));
    }
    let as_of = cx.validator().as_of();
    for ((key, _), mut indices) in series {
        if indices.len() < REGULAR {
            continue;
        }
        cx.ordered(&mut indices);
        let months_of = covered.get(&key);
        let at = |i: usize| data.get(i).map(|f| position(f.period));
        for pair in indices.windows(2) {
            let [before, after] = pair else { continue };
            let (Some(from), Some(to)) = (at(*before), at(*after)) else {
                continue;
            };
            let Some(next) = data.get(*after) else {
                continue;
            };
            // A figure after the "as of" date is reported as such; the
            // months before it are not missing yet.
            if as_of.is_some_and(|date| next.period.last_day() > date) {
                continue;
            }
            let missing: Vec<crate::Period> = (from.saturating_add(1)..to)
                .filter_map(|p| next.period.offset(i64::from(p) - i64::from(to)).ok())
                .filter(|p| months_of.is_none_or(|m| m.overlap(months::span(*p)).is_none()))
                .collect();
            let (Some(&first), Some(&last)) = (missing.first(), missing.last()) else {
                continue;
            };
            let which = if missing.len() == 1 {
                format!("no figure for {}", cx.label(first))
            } else {
                format!(
                    "no figures for the {} periods {} to {}",
                    missing.len(),
                    cx.label(first),
                    cx.label(last)
                )
            };
            let previous = data
                .get(*before)
                .map(|f| cx.label(f.period))
                .unwrap_or_default();
            out.push(
                about(
                    cx,
                    *after,
                    RuleId::COVERAGE_SERIES_GAP,
                    format!(
                        "{key} has {which}, between {previous} and {}; a total over these periods \
                         lacks it: ask the partner for the missing figure, or say it is 0",
                        cx.label(next.period)
                    ),
                )
                .with_series(key.clone(), Some(first))
                .with_value("missing", missing.len()),
            );
        }
    }
}

/// A figure of a series that hardly exists (fewer than six figures, and
/// fewer than a third of its sibling's), where a sibling series of the
/// same indicator, channel and partner in another country reports
/// regularly and lacks exactly this period: often a mistyped country code
/// (BG for BD), which both invents a figure and leaves a hole.
fn stray_country(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let data = cx.figures();
    // The positions of each series' figures, by period length.
    let mut positions: BTreeMap<(Series, PeriodKind), BTreeSet<i32>> = BTreeMap::new();
    for figure in data {
        positions
            .entry((figure.series(), figure.period.kind()))
            .or_default()
            .insert(position(figure.period));
    }
    for (index, figure) in data.iter().enumerate() {
        let Some(country) = figure.country else {
            continue;
        };
        let kind = figure.period.kind();
        let here = position(figure.period);
        let mine = positions
            .get(&(figure.series(), kind))
            .map_or(0, BTreeSet::len);
        if mine >= REGULAR {
            continue;
        }
        let lacking: Vec<Country> = positions
            .iter()
            .filter(|((s, k), set)| {
                *k == kind
                    && s.indicator == figure.indicator
                    && s.channel == figure.channel
                    && s.partner == figure.partner
                    && s.country.is_some_and(|c| c != country)
                    && set.len() >= REGULAR
                    && set.len() >= mine.saturating_mul(3)
                    && !set.contains(&here)
                    && set.first().is_some_and(|&f| f < here)
                    && set.last().is_some_and(|&l| l > here)
            })
            .filter_map(|((s, _), _)| s.country)
            .collect();
        if lacking.is_empty() {
            continue;
        }
        let lacking: Vec<String> = lacking.iter().map(Country::to_string).collect();
        let times = if mine == 1 {
            "once".to_string()
        } else {
            format!("{mine} times")
        };
        out.push(
            about(
                cx,
                index,
                RuleId::OUTLIER_STRAY_COUNTRY,
                format!(
                    "{}: {} in {country} is reported {times} only, while {} reports it every {} \
                     but this one; a mistyped country code would do this: check the country \
                     with the partner",
                    cx.describe(figure),
                    figure.indicator,
                    lacking.join(" and "),
                    kind_singular(kind)
                ),
            )
            .with_value("lacking", lacking.join(", ")),
        );
    }
}

/// A period length's name, for messages.
fn kind_singular(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Year => "year",
        PeriodKind::Half => "half-year",
        PeriodKind::Quarter => "quarter",
        PeriodKind::Month => "month",
    }
}

#[cfg(test)]
mod tests {
    use crate::{
        Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Location, Observation,
        Period, Severity, Validator, Value,
    };

    fn month(i: i64) -> Period {
        FiscalCalendar::SEPTEMBER
            .month(2018, 1)
            .unwrap()
            .offset(i)
            .unwrap()
    }

    fn figure(country: Country, i: i64, n: u64) -> Observation {
        Observation::new(Indicator::VICTIMS_REMOVED, month(i), Value::Count(n))
            .with_country(country)
            .with_channel(Channel::Direct)
    }

    fn data(figures: Vec<Observation>) -> Dataset {
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        for (i, f) in figures.into_iter().enumerate() {
            data.push_at(f, Location::in_file("p.csv").with_line(i as u64 + 2))
                .unwrap();
        }
        data
    }

    #[test]
    fn a_missing_month_inside_a_series_is_a_gap_at_the_month_after() {
        // Months 0..12 but 5: one gap, reported at month 6 (line 7: lines 2..6
        // hold months 0..4).
        let figures = (0..12)
            .filter(|&i| i != 5)
            .map(|i| figure(Country::BD, i, 20))
            .collect();
        let found = Validator::new().validate(&data(figures));
        let gaps: Vec<_> = found.by_rule("coverage.series_gap").collect();
        assert_eq!(gaps.len(), 1, "{found}");
        assert_eq!(gaps[0].severity, Severity::Warning);
        assert_eq!(gaps[0].period, Some(month(5)));
        assert_eq!(gaps[0].location.line, Some(7));
        assert!(
            gaps[0]
                .message
                .contains("has no figure for Feb 2019, between Jan 2019 and Mar 2019"),
            "{}",
            gaps[0].message
        );
    }

    #[test]
    fn a_series_without_holes_has_no_gap() {
        let figures = (0..12).map(|i| figure(Country::BD, i, 20)).collect();
        let found = Validator::new().validate(&data(figures));
        assert_eq!(found.by_rule("coverage.series_gap").count(), 0);
    }

    #[test]
    fn a_stray_country_beside_a_regular_one_is_flagged_with_the_one_lacking() {
        // BD every month but 7, which is reported as BG.
        let mut figures: Vec<Observation> = (0..12)
            .filter(|&i| i != 7)
            .map(|i| figure(Country::BD, i, 20))
            .collect();
        figures.push(figure(Country::BG, 7, 20));
        let found = Validator::new().validate(&data(figures));
        let stray: Vec<_> = found.by_rule("outlier.stray_country").collect();
        assert_eq!(stray.len(), 1, "{found}");
        assert_eq!(stray[0].location.line, Some(13));
        assert!(
            stray[0]
                .message
                .contains("victims_removed in BG is reported once only, while BD reports it every month but this one"),
            "{}",
            stray[0].message
        );
        // And BD's hole is a gap.
        assert_eq!(found.by_rule("coverage.series_gap").count(), 1, "{found}");
    }
}
