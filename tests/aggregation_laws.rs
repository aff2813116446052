//! The laws of totals, stated over generated figures of every shape: counts,
//! rates and bare percents, partners, bounds, periods of mixed lengths on
//! random calendars, stated and interpreted figures, and figures of one
//! series that overlap. Every expectation is computed here, naively, figure
//! by figure and month by month, never by the crate.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::strategies::{
    Figures, YEARS, inside, is_refusal, kinds, overlap, period, same_series, shuffled, tiled,
    with_overlaps, with_percents,
};
use impact_metrics::{
    Aggregator, Basis, Bound, Channel, Country, Indicator, Observation, Partner, Period,
    PeriodKind, Query, Table, Validator, Value, aggregate::Group, aggregate::Row,
};
use proptest::prelude::*;

/// The rule id of the validator's finding for a series that covers only
/// part of the period it is counted in.
const COVERAGE_PARTIAL: &str = "coverage.partial";

/// What a query groups by, besides the indicator.
#[derive(Clone, Copy, Debug)]
struct Grouping {
    country: bool,
    channel: bool,
    partner: bool,
    period: Option<PeriodKind>,
}

impl Grouping {
    fn query(self) -> Query {
        let mut query = Query::new().by_indicator();
        if self.country {
            query = query.by_country();
        }
        if self.channel {
            query = query.by_channel();
        }
        if self.partner {
            query = query.by_partner();
        }
        if let Some(kind) = self.period {
            query = query.by_period(kind);
        }
        query
    }
}

fn groupings() -> impl Strategy<Value = Grouping> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(kinds()),
    )
        .prop_map(|(country, channel, partner, period)| Grouping {
            country,
            channel,
            partner,
            period,
        })
}

/// A group as plain fields: indicator, country, channel, partner, period.
type Key = (
    Option<Indicator>,
    Option<Option<Country>>,
    Option<Option<Channel>>,
    Option<Option<Partner>>,
    Option<Period>,
);

/// A series as plain fields: indicator, country, channel, partner.
type SeriesKey = (Indicator, Option<Country>, Option<Channel>, Option<Partner>);

fn series_of(figure: &Observation) -> SeriesKey {
    (
        figure.indicator,
        figure.country,
        figure.channel,
        figure.partner.clone(),
    )
}

/// A row's group in the hand model's terms: `None` when not grouped by a
/// dimension, `Some(None)` for the figures without a value.
fn nested<T: Clone>(group: &Group<T>) -> Option<Option<T>> {
    match group {
        Group::All => None,
        Group::Without => Some(None),
        Group::With(value) => Some(Some(value.clone())),
    }
}

fn key_of_row(row: &Row) -> Key {
    (
        row.key.indicator,
        nested(&row.key.country),
        nested(&row.key.channel),
        nested(&row.key.partner),
        row.key.period,
    )
}

/// A total worked out by hand: the sum of counts, or of a rate's parts,
/// the least exact bound, and how many figures (and interpreted ones).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ByHand {
    count: u128,
    numerator: u128,
    denominator: u128,
    rate: bool,
    bound: Bound,
    figures: usize,
    interpreted: usize,
}

impl ByHand {
    fn add(&mut self, figure: &Observation) {
        match figure.value {
            Value::Count(n) => self.count += u128::from(n),
            Value::Ratio {
                numerator,
                denominator,
            } => {
                self.rate = true;
                self.numerator += u128::from(numerator);
                self.denominator += u128::from(denominator);
            }
            Value::Percent(_) => panic!("a bare percent has no parts to add"),
        }
        // The least exact bound wins: "more than" over "at least" over exact.
        self.bound = match (self.bound, figure.bound) {
            (Bound::MoreThan, _) | (_, Bound::MoreThan) => Bound::MoreThan,
            (Bound::AtLeast, _) | (_, Bound::AtLeast) => Bound::AtLeast,
            _ => Bound::Exact,
        };
        self.figures += 1;
        if figure.basis == Basis::Interpreted {
            self.interpreted += 1;
        }
    }

    fn value(&self) -> Value {
        if self.rate {
            Value::Ratio {
                numerator: u64::try_from(self.numerator).unwrap(),
                denominator: u64::try_from(self.denominator).unwrap(),
            }
        } else {
            Value::Count(u64::try_from(self.count).unwrap())
        }
    }
}

/// Every period of `kind` in the generated years.
fn periods_of(figures: &Figures, kind: PeriodKind) -> Vec<Period> {
    YEARS
        .iter()
        .flat_map(|&year| {
            (0..kind.per_year()).map(move |i| period(figures.calendar, year, kind, i))
        })
        .collect()
}

/// The totals a grouping gives, worked out figure by figure, and the
/// figures no total of that grouping can hold (longer than its periods).
fn by_hand(figures: &Figures, grouping: Grouping) -> (BTreeMap<Key, ByHand>, Vec<Observation>) {
    let mut rows: BTreeMap<Key, ByHand> = BTreeMap::new();
    let mut outside = Vec::new();
    for figure in &figures.figures {
        let group_period = match grouping.period {
            None => None,
            Some(kind) => {
                match periods_of(figures, kind)
                    .into_iter()
                    .find(|&p| inside(figure.period, p))
                {
                    Some(p) => Some(p),
                    None => {
                        outside.push(figure.clone());
                        continue;
                    }
                }
            }
        };
        let key = (
            Some(figure.indicator),
            grouping.country.then_some(figure.country),
            grouping.channel.then_some(figure.channel),
            grouping.partner.then(|| figure.partner.clone()),
            group_period,
        );
        rows.entry(key).or_default().add(figure);
    }
    (rows, outside)
}

fn rows_of(table: &Table) -> BTreeMap<Key, (Value, Bound, usize, usize)> {
    table
        .rows()
        .iter()
        .map(|r| (key_of_row(r), (r.value, r.bound, r.figures, r.interpreted)))
        .collect()
}

fn expected_rows(rows: &BTreeMap<Key, ByHand>) -> BTreeMap<Key, (Value, Bound, usize, usize)> {
    rows.iter()
        .map(|(k, t)| (k.clone(), (t.value(), t.bound, t.figures, t.interpreted)))
        .collect()
}

/// Figures as a sorted list of their texts: a multiset, to compare lists
/// whose order is the order the figures came in.
fn multiset(figures: &[Observation]) -> Vec<String> {
    let mut texts: Vec<String> = figures.iter().map(|f| format!("{f:?}")).collect();
    texts.sort();
    texts
}

/// Whether two figures of one series overlap, by hand.
fn has_overlap(figures: &[Observation]) -> bool {
    figures.iter().enumerate().any(|(i, a)| {
        figures
            .iter()
            .skip(i + 1)
            .any(|b| same_series(a, b) && overlap(a.period, b.period))
    })
}

/// Figures, with overlaps or without, and the same figures in another order.
fn figures_twice() -> impl Strategy<Value = (Figures, Vec<Observation>)> {
    prop_oneof![tiled(true), tiled(false), with_overlaps()].prop_flat_map(|figures| {
        let again = figures.figures.clone();
        (Just(figures), shuffled(again))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Totals do not depend on the order of the figures: the same table,
    /// rows and the figures left outside alike, or, in every order, the
    /// refusal of figures that overlap.
    #[test]
    fn totals_do_not_depend_on_the_order_of_the_figures(
        (figures, reordered) in figures_twice(),
        grouping in groupings(),
        within in proptest::option::of((kinds(), any::<u8>(), proptest::sample::select(YEARS.to_vec()))),
    ) {
        let mut query = grouping.query();
        if let Some((kind, index, year)) = within {
            query = query.within(period(figures.calendar, year, kind, index));
        }
        let other = Figures { calendar: figures.calendar, figures: reordered };
        match (figures.dataset().aggregate(&query), other.dataset().aggregate(&query)) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a, b);
            }
            (Err(a), Err(b)) => {
                prop_assert!(is_refusal(&a), "{}", a);
                prop_assert!(is_refusal(&b), "{}", b);
            }
            (a, b) => prop_assert!(false, "{:?}\nin another order:\n{:?}", a, b),
        }
    }

    /// Two figures of one series whose periods overlap would count the
    /// same months twice: a total over the series is refused exactly
    /// when the series has such a pair, whatever the grouping.
    #[test]
    fn overlapping_figures_of_a_series_are_refused(
        figures in prop_oneof![tiled(true), with_overlaps()],
        grouping in groupings(),
    ) {
        let grouping = Grouping { period: None, ..grouping };
        let result = figures.dataset().aggregate(&grouping.query());
        if has_overlap(&figures.figures) {
            let err = result.unwrap_err();
            prop_assert!(is_refusal(&err), "{}", err);
        } else {
            let (rows, _) = by_hand(&figures, grouping);
            prop_assert_eq!(rows_of(&result.unwrap()), expected_rows(&rows));
        }
    }

    /// Figures added one at a time: which figure of an overlapping pair is
    /// refused depends on the order (the later one), but in every order
    /// each refused figure overlaps a figure of its series accepted before
    /// it, no two accepted figures of a series overlap, a figure that
    /// overlaps no other is always accepted, every figure is either
    /// accepted or refused, and the totals are those of the accepted.
    #[test]
    fn the_later_figure_of_an_overlapping_pair_is_refused(
        (figures, reordered) in with_overlaps().prop_flat_map(|f| {
            let again = f.figures.clone();
            (Just(f), shuffled(again))
        }),
        grouping in groupings(),
    ) {
        let grouping = Grouping { period: None, ..grouping };
        let mut totals = Aggregator::new(&grouping.query());
        let mut accepted: Vec<Observation> = Vec::new();
        let mut refused = 0;
        for figure in &reordered {
            match totals.add(figure) {
                Ok(()) => {
                    prop_assert!(
                        !accepted.iter().any(|a| same_series(a, figure) && overlap(a.period, figure.period)),
                        "{} accepted over a figure it overlaps", figure
                    );
                    accepted.push(figure.clone());
                }
                Err(err) => {
                    prop_assert!(is_refusal(&err), "{}", err);
                    prop_assert!(
                        accepted.iter().any(|a| same_series(a, figure) && overlap(a.period, figure.period)),
                        "{} refused without an earlier figure it overlaps", figure
                    );
                    refused += 1;
                }
            }
        }
        prop_assert_eq!(accepted.len() + refused, figures.figures.len());
        for figure in &figures.figures {
            let alone = !figures.figures.iter().any(|other| {
                !std::ptr::eq(other, figure) && same_series(other, figure) && overlap(other.period, figure.period)
            });
            if alone {
                prop_assert!(accepted.contains(figure), "{} overlaps nothing, yet was refused", figure);
            }
        }
        let kept = Figures { calendar: figures.calendar, figures: accepted };
        let (rows, _) = by_hand(&kept, grouping);
        prop_assert_eq!(rows_of(&totals.finish().unwrap()), expected_rows(&rows));
    }

    /// Totals by period, for periods of every length mixed: each figure is
    /// in the total of the period of the grouping's kind that holds it,
    /// and a figure longer than that kind is listed outside, not lost.
    #[test]
    fn totals_by_period_hold_each_figure_in_the_period_around_it(
        figures in tiled(true),
        grouping in groupings(),
        kind in kinds(),
    ) {
        let grouping = Grouping { period: Some(kind), ..grouping };
        let table = figures.dataset().aggregate(&grouping.query()).unwrap();
        let (rows, outside) = by_hand(&figures, grouping);
        prop_assert_eq!(rows_of(&table), expected_rows(&rows));
        prop_assert_eq!(multiset(table.outside()), multiset(&outside));
        for row in table.rows() {
            prop_assert_eq!(row.period, row.key.period);
        }
    }

    /// Monthly totals roll up: the totals by quarter, half and year are
    /// the sums of the monthly totals inside them, part by part for rates,
    /// with the least exact bound.
    #[test]
    fn monthly_totals_roll_up_to_quarters_halves_and_years(figures in tiled(false)) {
        let data = figures.dataset();
        let months = data.aggregate(&Query::roll_up(PeriodKind::Month)).unwrap();
        prop_assert!(months.outside().is_empty());
        for kind in [PeriodKind::Quarter, PeriodKind::Half, PeriodKind::Year] {
            let table = data.aggregate(&Query::roll_up(kind)).unwrap();
            prop_assert!(table.outside().is_empty());
            // The monthly rows as figures of their month, added up by hand.
            let monthly: Vec<Observation> = months
                .rows()
                .iter()
                .map(|r| {
                    let mut f = Observation::new(r.indicator, r.period.unwrap(), r.value).with_bound(r.bound);
                    f.country = r.key.country.value().copied();
                    f.channel = r.key.channel.value().copied();
                    f.partner = r.key.partner.value().cloned();
                    f
                })
                .collect();
            let all = Grouping { country: true, channel: true, partner: true, period: Some(kind) };
            let (rows, outside) = by_hand(&Figures { calendar: figures.calendar, figures: monthly }, all);
            prop_assert!(outside.is_empty());
            let values = |t: &Table| t.rows().iter().map(|r| (key_of_row(r), (r.value, r.bound))).collect::<BTreeMap<_, _>>();
            let from_months: BTreeMap<_, _> = rows.iter().map(|(k, t)| (k.clone(), (t.value(), t.bound))).collect();
            prop_assert_eq!(values(&table), from_months, "{}", kind);
        }
    }

    /// A rate's total adds its parts: the rate of the total is
    /// Σ numerators / Σ denominators, never an average of the rates, and
    /// lies between the smallest and the largest of the rates added.
    #[test]
    fn the_rate_of_a_total_is_the_sum_of_numerators_over_the_sum_of_denominators(
        figures in tiled(true),
    ) {
        let rates: Vec<&Observation> = figures.figures.iter().filter(|f| f.indicator == Indicator::RE_TRAFFICKING_RATE).collect();
        let table = figures.dataset().aggregate(&Query::new().with_indicator(Indicator::RE_TRAFFICKING_RATE)).unwrap();
        if rates.is_empty() {
            prop_assert!(table.rows().is_empty());
        } else {
            let parts = |v: &Value| match *v {
                Value::Ratio { numerator, denominator } => (u128::from(numerator), u128::from(denominator)),
                _ => panic!("{v} is not a rate's parts"),
            };
            let (mut n, mut d) = (0u128, 0u128);
            for f in &rates {
                let (a, b) = parts(&f.value);
                n += a;
                d += b;
            }
            prop_assert_eq!(table.rows().len(), 1);
            let total = table.rows()[0].value;
            prop_assert_eq!(parts(&total), (n, d));
            prop_assert!(n <= d);
            // a/b <= n/d <= c/e, by cross-multiplication, over the rates
            // with a denominator.
            for f in rates.iter().filter(|f| parts(&f.value).1 > 0) {
                let (a, b) = parts(&f.value);
                let lowest = rates.iter().map(|f| parts(&f.value)).filter(|p| p.1 > 0).all(|(c, e)| a * e <= c * b);
                let highest = rates.iter().map(|f| parts(&f.value)).filter(|p| p.1 > 0).all(|(c, e)| a * e >= c * b);
                if lowest {
                    prop_assert!(a * d <= n * b, "{} above the total {}", f.value, total);
                }
                if highest {
                    prop_assert!(a * d >= n * b, "{} below the total {}", f.value, total);
                }
            }
        }
    }

    /// A bound carries into a total: a total with a "more than" figure is
    /// "more than", else one with an "at least" figure is "at least", else
    /// it is exact; the number is the sum either way.
    #[test]
    fn a_bound_carries_into_a_total(figures in tiled(true), grouping in groupings()) {
        let table = figures.dataset().aggregate(&grouping.query()).unwrap();
        let (rows, _) = by_hand(&figures, grouping);
        for row in table.rows() {
            let expected = &rows[&key_of_row(row)];
            prop_assert_eq!(row.bound, expected.bound);
            prop_assert_eq!(row.value, expected.value());
        }
        prop_assert_eq!(table.rows().len(), rows.len());
    }

    /// Leaving out the figures read into the source leaves totals of the
    /// stated figures alone, and no interpreted figure in any row.
    #[test]
    fn stated_only_totals_add_the_stated_figures(figures in tiled(true), grouping in groupings()) {
        let table = figures.dataset().aggregate(&grouping.query().stated_only()).unwrap();
        let stated = Figures {
            calendar: figures.calendar,
            figures: figures.figures.iter().filter(|f| f.basis == Basis::Stated).cloned().collect(),
        };
        let (rows, outside) = by_hand(&stated, grouping);
        prop_assert_eq!(rows_of(&table), expected_rows(&rows));
        prop_assert_eq!(multiset(table.outside()), multiset(&outside));
        prop_assert!(table.rows().iter().all(|r| r.interpreted == 0));
    }

    /// A percent published without its parts is never added: a total that
    /// would add one to anything is refused, and a total that holds one is
    /// that figure alone, as published.
    #[test]
    fn percents_are_never_added(figures in with_percents(), grouping in groupings()) {
        let grouping = Grouping { period: None, ..grouping };
        let mut groups: BTreeMap<Key, Vec<&Observation>> = BTreeMap::new();
        for figure in &figures.figures {
            let key = (
                Some(figure.indicator),
                grouping.country.then_some(figure.country),
                grouping.channel.then_some(figure.channel),
                grouping.partner.then(|| figure.partner.clone()),
                None,
            );
            groups.entry(key).or_default().push(figure);
        }
        let adds_a_percent = groups.values().any(|g| g.len() > 1 && g.iter().any(|f| matches!(f.value, Value::Percent(_))));
        match figures.dataset().aggregate(&grouping.query()) {
            Ok(table) => {
                prop_assert!(!adds_a_percent, "a percent was added:\n{:?}", table);
                for row in table.rows() {
                    if let Value::Percent(_) = row.value {
                        let group = &groups[&key_of_row(row)];
                        prop_assert_eq!(row.figures, 1);
                        prop_assert_eq!(group.len(), 1);
                        prop_assert_eq!(row.value, group[0].value);
                    }
                }
            }
            Err(err) => {
                prop_assert!(adds_a_percent, "refused with no percent to add: {}", err);
                prop_assert!(is_refusal(&err), "{}", err);
            }
        }
    }

    /// A total over a period reports partial coverage exactly for the
    /// series that have some month of the period with no figure, naming
    /// those months; the validator flags the same series.
    #[test]
    fn partial_coverage_is_reported_exactly_when_a_month_has_no_figure(
        figures in tiled(true),
        (kind, index, year) in (kinds(), any::<u8>(), proptest::sample::select(YEARS.to_vec())),
    ) {
        let whole = period(figures.calendar, year, kind, index);
        let data = figures.dataset();
        let table = data.aggregate(&Query::new().within(whole).by_indicator()).unwrap();

        // The months of the period, one by one.
        let months: Vec<Period> = (0..12)
            .map(|i| period(figures.calendar, year, PeriodKind::Month, i))
            .filter(|&m| inside(m, whole))
            .collect();
        prop_assert_eq!(months.len() as u32, kind.months());
        // Each series counted in the period, with how many of its months
        // have no figure (figures that only overlap the period are not
        // counted in it).
        let counted: Vec<&Observation> = figures.figures.iter().filter(|f| inside(f.period, whole)).collect();
        let mut missing: BTreeMap<SeriesKey, u32> = BTreeMap::new();
        for figure in &counted {
            let without = months
                .iter()
                .filter(|&&m| !counted.iter().any(|f| same_series(f, figure) && inside(m, f.period)))
                .count() as u32;
            missing.insert(series_of(figure), without);
        }
        let partial: BTreeSet<SeriesKey> = missing.iter().filter(|(_, n)| **n > 0).map(|(s, _)| s.clone()).collect();

        let mut gaps = BTreeSet::new();
        for row in table.rows() {
            let row_partial = partial.iter().any(|s| s.0 == row.indicator);
            prop_assert_eq!(!row.coverage.is_complete(), row_partial, "{}", row.indicator);
            for gap in row.coverage.gaps() {
                let series = (gap.series.indicator, gap.series.country, gap.series.channel, gap.series.partner.clone());
                let months_missing: u32 = gap.missing.iter().map(|p| p.months()).sum();
                prop_assert_eq!(Some(&months_missing), missing.get(&series), "{}", gap.series);
                for part in &gap.missing {
                    prop_assert!(inside(*part, whole));
                }
                gaps.insert(series);
            }
        }
        prop_assert_eq!(&gaps, &partial);

        let report = Validator::new().with_reporting_period(whole).validate(&data);
        let flagged: BTreeSet<SeriesKey> = report
            .by_rule(COVERAGE_PARTIAL)
            .filter_map(|f| f.series.as_ref())
            .map(|s| (s.indicator, s.country, s.channel, s.partner.clone()))
            .collect();
        prop_assert_eq!(&flagged, &partial);
    }
}
