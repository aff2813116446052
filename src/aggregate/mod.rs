//! Totals of a dataset's figures, grouped as a query asks, with coverage,
//! and totals set beside a baseline.
//!
//! A [`Query`] says which figures to total and how to group them (by a
//! [`Dimension`]); [`Dataset::aggregate`](crate::Dataset::aggregate), or an
//! [`Aggregator`] fed one figure at a time, gives a [`Table`] of [`Row`]s,
//! each keyed by a [`GroupKey`] and saying, in its [`Coverage`], which
//! [`Gap`]s of the period it lacks. A [`Comparison`] sets totals beside a
//! baseline's and says, for each side, what it lacks.
//!
//! ```
//! use impact_metrics::aggregate::{GroupKey, Row};
//! use impact_metrics::{Country, Indicator, Query, Value, seed};
//!
//! let report = seed::h1_2020_21()?;
//! let table = report.figures.aggregate(&Query::new().within(report.period).by_indicator().by_country())?;
//! let key = GroupKey::default().with_indicator(Indicator::VICTIMS_REMOVED).with_country(Country::GB);
//! let row: &Row = table.get(&key).unwrap();
//! assert_eq!(row.value, Value::Count(20));
//! assert!(row.coverage.is_complete());
//! # Ok::<(), impact_metrics::Error>(())
//! ```

pub(crate) mod compare;
mod query;
mod table;

pub use self::compare::{
    Comparer, Comparison, ComparisonSide, GrowthOutcome, Matching, Placement, Shortfall,
};
pub use self::query::{Dimension, Query};
pub use self::table::{Coverage, Gap, Group, GroupKey, Row, Table};

use crate::hash::FnvMap;

use crate::error::{Error, Result};
use crate::figure::observation::{Basis, Observation, Series};
use crate::figure::value::{Bound, Value};
use crate::indicator::Indicator;
use crate::period::Period;
use crate::period::months::{self, MonthSet};

#[derive(Debug, Default)]
struct Accumulator {
    indicator: Option<Indicator>,
    value: Option<Value>,
    bound: Bound,
    figures: usize,
    interpreted: usize,
    /// The months each series covers, merged into ranges: enough for
    /// coverage and for refusing a month counted twice, in memory that
    /// grows with the series, not with the figures.
    periods: FnvMap<Series, MonthSet>,
}

/// The totals of `figures` as `query` asks: what [`Dataset::aggregate`](crate::Dataset::aggregate)
/// and comparisons compute, over figures already in memory.
pub(crate) fn run(figures: &[Observation], query: &Query) -> Result<Table> {
    let mut aggregator = Aggregator::new(query);
    for figure in figures {
        aggregator.add(figure)?;
    }
    aggregator.finish()
}

/// Totals built one figure at a time, for figures that are never all in
/// memory at once (a large file read row by row).
///
/// Memory grows with the number of groups and of distinct periods per
/// series, not with the number of figures added. [`Dataset::aggregate`](crate::Dataset::aggregate)
/// is this over a dataset's figures; the result is the same whatever the
/// order the figures come in.
///
/// ```
/// use impact_metrics::{Aggregator, FiscalCalendar, Indicator, Observation, Query, Value};
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let mut totals = Aggregator::new(&Query::new().by_period(impact_metrics::PeriodKind::Year));
/// for month in 1..=12 {
///     totals.add(&Observation::new(Indicator::FOLLOW_UP_CALLS, calendar.month(2020, month)?, Value::Count(100)))?;
/// }
/// let table = totals.finish()?;
/// assert_eq!(table.rows()[0].value, Value::Count(1200));
/// assert!(table.rows()[0].coverage.is_complete());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Debug)]
pub struct Aggregator {
    query: Query,
    groups: FnvMap<GroupKey, Accumulator>,
    outside: Vec<Observation>,
}

impl Aggregator {
    /// An aggregator with no figures yet.
    ///
    /// ```
    /// use impact_metrics::{Aggregator, Query};
    /// let table = Aggregator::new(&Query::new()).finish()?;
    /// assert!(table.rows().is_empty());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn new(query: &Query) -> Aggregator {
        Aggregator {
            query: query.clone(),
            groups: FnvMap::default(),
            outside: Vec::new(),
        }
    }

    /// Adds a figure to its group's total; a figure the query does not
    /// select is passed over.
    ///
    /// # Errors
    ///
    /// As [`Dataset::aggregate`](crate::Dataset::aggregate), for this figure: the total would
    /// overflow, the row would mix indicators or add a bare percentage, or
    /// the figure's period overlaps one already added for its series (a
    /// month inside a quarter already counted). The figure is then not
    /// added, and the aggregator can go on.
    ///
    /// ```
    /// use impact_metrics::{Aggregator, FiscalCalendar, Indicator, Observation, Query, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let mut totals = Aggregator::new(&Query::new());
    /// totals.add(&Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(u64::MAX)))?;
    /// assert!(totals.add(&Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(1))).is_err());
    /// assert_eq!(totals.finish()?.rows()[0].value, Value::Count(u64::MAX));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn add(&mut self, figure: &Observation) -> Result<()> {
        self.count(figure).map(drop)
    }

    /// [`Aggregator::add`], saying whether the figure went into a total
    /// (`false`: the query does not select it, or it is listed in
    /// [`Table::outside`]).
    pub(crate) fn count(&mut self, figure: &Observation) -> Result<bool> {
        match self.slot(figure) {
            Slot::Skipped => Ok(false),
            Slot::Outside => {
                self.outside.push(figure.clone());
                Ok(false)
            }
            Slot::Group(key) => {
                let span = [months::span(figure.period)];
                let entry = Entry::of(figure, &span);
                match self.groups.get_mut(&key) {
                    Some(acc) => add(acc, entry)?,
                    None => {
                        let mut acc = Accumulator::default();
                        add(&mut acc, entry)?;
                        self.groups.insert(key, acc);
                    }
                }
                Ok(true)
            }
        }
    }

    /// Whether [`Aggregator::add`] would take the figure, without adding
    /// it: the same checks, and the same error.
    pub(crate) fn check(&self, figure: &Observation) -> Result<()> {
        if let Slot::Group(key) = self.slot(figure) {
            if let Some(acc) = self.groups.get(&key) {
                let span = [months::span(figure.period)];
                admit(acc, &Entry::of(figure, &span))?;
            }
        }
        Ok(())
    }

    /// Adds a total of one series (a row of a table grouped at least by
    /// indicator, country, channel and partner) to its group, as if its
    /// figures were added one by one: checked the same way, with the
    /// months its coverage says it covers.
    pub(crate) fn add_total(&mut self, row: &Row) -> Result<()> {
        let series = Series {
            indicator: row.indicator,
            country: row.key.country.value().copied(),
            channel: row.key.channel.value().copied(),
            partner: row.key.partner.value().cloned(),
        };
        let spans: Vec<months::Span> = match (&row.coverage, row.period) {
            (Coverage::Partial(gaps), _) => gaps
                .iter()
                .filter(|gap| gap.series == series)
                .flat_map(|gap| gap.covered.iter().map(|p| months::span(*p)))
                .collect(),
            (_, Some(period)) => vec![months::span(period)],
            (_, None) => Vec::new(),
        };
        let key = group_of(&series, &self.query);
        let entry = Entry {
            indicator: row.indicator,
            series,
            months: &spans,
            period: row.period,
            value: row.value,
            bound: row.bound,
            figures: row.figures,
            interpreted: row.interpreted,
        };
        match self.groups.get_mut(&key) {
            Some(acc) => add(acc, entry),
            None => {
                let mut acc = Accumulator::default();
                add(&mut acc, entry)?;
                self.groups.insert(key, acc);
                Ok(())
            }
        }
    }

    /// Where the query puts a figure: in no total, in the list of figures
    /// outside, or in the group of this key.
    fn slot(&self, figure: &Observation) -> Slot {
        let query = &self.query;
        if !query.selects(figure) {
            return Slot::Skipped;
        }
        if let Some(within) = query.period() {
            if !within.contains(figure.period) {
                return if months::overlaps(figure.period, within) {
                    Slot::Outside
                } else {
                    Slot::Skipped
                };
            }
        }
        let group_period = match query.period_kind() {
            None => None,
            Some(kind) => match figure.period.ancestor(kind) {
                Some(p) => Some(p),
                None => return Slot::Outside,
            },
        };
        Slot::Group(GroupKey::of(figure, query, group_period))
    }

    /// The totals of the figures added so far, in the order of their keys.
    ///
    /// # Errors
    ///
    /// None today: every figure was checked as it was added. The `Result`
    /// leaves room for checks that need all the figures.
    ///
    /// ```
    /// use impact_metrics::{Aggregator, FiscalCalendar, Indicator, Observation, Query, Value};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let mut totals = Aggregator::new(&Query::new());
    /// totals.add(&Observation::new(Indicator::VICTIMS_REMOVED, calendar.quarter(2020, 1)?, Value::Count(5)))?;
    /// assert_eq!(
    ///     totals.add(&Observation::new(Indicator::VICTIMS_REMOVED, calendar.month(2020, 2)?, Value::Count(2))).unwrap_err().to_string(),
    ///     "overlapping periods in victims_removed: the figure for FY2020-09-M02 overlaps figures already added \
    ///      for 2020-09 to 2020-11, which would be counted twice"
    /// );
    /// assert_eq!(totals.finish()?.rows()[0].value, Value::Count(5));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn finish(self) -> Result<Table> {
        let mut groups: Vec<(GroupKey, Accumulator)> = self.groups.into_iter().collect();
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        let mut rows = Vec::with_capacity(groups.len());
        for (key, acc) in groups {
            let (Some(indicator), Some(value)) = (acc.indicator, acc.value) else {
                continue;
            };
            let period = key.period.or(self.query.period());
            let coverage = coverage(period, &acc.periods);
            rows.push(Row {
                key,
                indicator,
                period,
                value,
                bound: acc.bound,
                figures: acc.figures,
                interpreted: acc.interpreted,
                coverage,
            });
        }
        // The figures outside in a fixed order, so that the table does not
        // depend on the order the figures came in.
        let mut outside = self.outside;
        outside.sort_by_cached_key(|f| (f.series(), f.period, format!("{f:?}")));
        Ok(Table { rows, outside })
    }
}

/// The group of a series under the query's dimensions (no period): the
/// key every figure of the series has, when the query does not group by
/// period.
pub(crate) fn group_of(series: &Series, query: &Query) -> GroupKey {
    let grouped = |dimension| query.has(dimension);
    let mut key = GroupKey::new();
    if grouped(Dimension::Indicator) {
        key.indicator = Some(series.indicator);
    }
    if grouped(Dimension::Country) {
        key.country = series.country.into();
    }
    if grouped(Dimension::Channel) {
        key.channel = series.channel.into();
    }
    if grouped(Dimension::Partner) {
        key.partner = series.partner.clone().into();
    }
    key
}

/// Where the query puts a figure.
enum Slot {
    /// In no total: the query does not select it, or its period lies
    /// outside the query's.
    Skipped,
    /// In no total, but listed in [`Table::outside`].
    Outside,
    /// In the total of this group.
    Group(GroupKey),
}

/// What is added to a group's total: one figure, or the total of one
/// series.
struct Entry<'a> {
    indicator: Indicator,
    series: Series,
    /// The months it covers.
    months: &'a [months::Span],
    /// Its period, to name in a refusal.
    period: Option<Period>,
    value: Value,
    bound: Bound,
    figures: usize,
    interpreted: usize,
}

impl<'a> Entry<'a> {
    fn of(figure: &Observation, months: &'a [months::Span]) -> Entry<'a> {
        Entry {
            indicator: figure.indicator,
            series: figure.series(),
            months,
            period: Some(figure.period),
            value: figure.value,
            bound: figure.bound,
            figures: 1,
            interpreted: usize::from(figure.basis == Basis::Interpreted),
        }
    }
}

/// The group's total with `entry` added, or why it cannot be: the one
/// place that decides whether a total takes a figure.
fn admit(acc: &Accumulator, entry: &Entry<'_>) -> Result<Value> {
    if let Some(indicator) = acc.indicator {
        if indicator != entry.indicator {
            // Named in code order, so the message does not depend on which
            // figure came first.
            let (a, b) = (
                indicator.min(entry.indicator),
                indicator.max(entry.indicator),
            );
            return Err(Error::MixedIndicators {
                first: a,
                second: b,
            });
        }
    }
    if let Some(seen) = acc.periods.get(&entry.series) {
        if let Some(overlap) = entry.months.iter().find_map(|span| seen.overlap(*span)) {
            let what = entry.period.map_or_else(
                || "the figure".to_string(),
                |p| format!("the figure for {p}"),
            );
            return Err(Error::OverlappingPeriods {
                series: entry.series.to_string(),
                reason: format!(
                    "{what} overlaps figures already added for {}, which would be counted twice",
                    overlap.label()
                ),
            });
        }
    }
    match acc.value {
        None => Ok(entry.value),
        Some(total) => total.checked_add(entry.value),
    }
}

/// Adds an entry to a group, or changes nothing and says why not.
fn add(acc: &mut Accumulator, entry: Entry<'_>) -> Result<()> {
    let value = admit(acc, &entry)?;
    acc.indicator = Some(entry.indicator);
    acc.value = Some(value);
    acc.bound = acc.bound.combine(entry.bound);
    acc.figures = acc.figures.saturating_add(entry.figures);
    acc.interpreted = acc.interpreted.saturating_add(entry.interpreted);
    let covered = acc.periods.entry(entry.series).or_default();
    for span in entry.months {
        covered.insert(*span);
    }
    Ok(())
}

fn coverage(period: Option<Period>, series: &FnvMap<Series, MonthSet>) -> Coverage {
    let Some(whole) = period else {
        return Coverage::Unbounded;
    };
    let mut gaps: Vec<Gap> = series
        .iter()
        .filter_map(|(name, months)| {
            months::shortfall(whole, months).map(|short| Gap {
                series: name.clone(),
                covered: short.covered,
                missing: short.missing,
            })
        })
        .collect();
    if gaps.is_empty() {
        Coverage::Complete
    } else {
        gaps.sort_by(|a, b| a.series.cmp(&b.series));
        Coverage::Partial(gaps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::Channel;
    use crate::country::Country;
    use crate::figure::dataset::Dataset;
    use crate::figure::value::Bound;
    use crate::indicator::Catalogue;
    use crate::period::PeriodKind;
    use crate::period::calendar::FiscalCalendar;
    use proptest::prelude::*;

    const CAL: FiscalCalendar = FiscalCalendar::SEPTEMBER;

    fn month(m: u8) -> Period {
        CAL.month(2020, m).unwrap()
    }

    fn dataset(figures: impl IntoIterator<Item = Observation>) -> Dataset {
        let mut data = Dataset::new(CAL, Catalogue::builtin());
        for f in figures {
            data.push(f).unwrap();
        }
        data
    }

    #[test]
    fn a_row_never_mixes_indicators() {
        let h1 = CAL.half(2020, 1).unwrap();
        let data = dataset([
            Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(1)),
            Observation::new(Indicator::SURVIVORS_CARED_FOR, h1, Value::Count(2)),
        ]);
        let err = data.aggregate(&Query::new()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot add figures of survivors_cared_for and victims_removed: a total adds figures of one indicator; \
             group by indicator or ask for one"
        );
        assert_eq!(
            data.aggregate(&Query::new().by_indicator())
                .unwrap()
                .rows()
                .len(),
            2
        );
    }

    #[test]
    fn rates_add_their_parts_and_never_average_percentages() {
        let h1 = CAL.half(2020, 1).unwrap();
        let rate = |n, d, c| {
            Observation::new(
                Indicator::RE_TRAFFICKING_RATE,
                h1,
                Value::Ratio {
                    numerator: n,
                    denominator: d,
                },
            )
            .with_country(c)
        };
        // 1/10 = 10% and 1/90 = 1.1%: the mean of the percentages is 5.6%,
        // the rate of the total is 2/100 = 2%.
        let data = dataset([rate(1, 10, Country::BD), rate(1, 90, Country::IN)]);
        let table = data.aggregate(&Query::new()).unwrap();
        assert_eq!(
            table.rows()[0].value,
            Value::Ratio {
                numerator: 2,
                denominator: 100
            }
        );
        assert_eq!(table.rows()[0].value.percent(), Some(2.into()));
    }

    #[test]
    fn bounds_carry_into_totals() {
        let h1 = CAL.half(2020, 1).unwrap();
        let data = dataset([
            Observation::new(Indicator::SURVIVORS_FOLLOWED_UP, h1, Value::Count(300))
                .with_country(Country::BD)
                .with_bound(Bound::MoreThan),
            Observation::new(Indicator::SURVIVORS_FOLLOWED_UP, h1, Value::Count(20))
                .with_country(Country::IN),
        ]);
        let table = data.aggregate(&Query::new()).unwrap();
        let row = &table.rows()[0];
        assert_eq!((row.value, row.bound), (Value::Count(320), Bound::MoreThan));
    }

    #[test]
    fn a_figure_longer_than_the_grouping_period_is_listed_not_lost() {
        let data = dataset([
            Observation::new(
                Indicator::HOMES_REBUILT,
                CAL.year(2020).unwrap(),
                Value::Count(21),
            ),
            Observation::new(Indicator::HOMES_REBUILT, month(1), Value::Count(2))
                .with_country(Country::BD),
        ]);
        let table = data
            .aggregate(&Query::roll_up(PeriodKind::Quarter))
            .unwrap();
        assert_eq!(table.rows().len(), 1);
        assert_eq!(table.outside().len(), 1);
        assert_eq!(table.outside()[0].value, Value::Count(21));
    }

    #[test]
    fn the_same_period_twice_is_refused_and_leaves_the_total_alone() {
        let mut totals = Aggregator::new(&Query::new());
        let figure = Observation::new(Indicator::VICTIMS_REMOVED, month(1), Value::Count(4));
        totals.add(&figure).unwrap();
        assert_eq!(
            totals.add(&figure).unwrap_err().to_string(),
            "overlapping periods in victims_removed: the figure for FY2020-09-M01 overlaps figures already added \
             for 2020-09 to 2020-09, which would be counted twice"
        );
        assert_eq!(totals.finish().unwrap().rows()[0].value, Value::Count(4));
    }

    /// Figures with distinct (series, month) pairs, so that any of them
    /// may be added together.
    fn figures() -> impl Strategy<Value = Vec<Observation>> {
        let indicators = [Indicator::VICTIMS_REMOVED, Indicator::ACCUSED_ARRESTED];
        let countries = [Country::GB, Country::BD, Country::TH];
        proptest::collection::btree_map((0usize..2, 0usize..3, 1u8..=12), 0u64..1_000_000, 0..40)
            .prop_map(move |cells| {
                cells
                    .into_iter()
                    .map(|((i, c, m), n)| {
                        Observation::new(indicators[i], month(m), Value::Count(n))
                            .with_country(countries[c])
                            .with_channel(if c == 2 {
                                Channel::Systemic
                            } else {
                                Channel::Direct
                            })
                    })
                    .collect()
            })
    }

    fn queries() -> impl Strategy<Value = Query> {
        (
            any::<bool>(),
            any::<bool>(),
            proptest::option::of(0usize..4),
        )
            .prop_map(|(country, channel, kind)| {
                let mut q = Query::new().by_indicator();
                if country {
                    q = q.by_country();
                }
                if channel {
                    q = q.by_channel();
                }
                if let Some(k) = kind {
                    q = q.by_period(PeriodKind::ALL[k]);
                }
                q
            })
    }

    fn total_of(table: &Table, indicator: Indicator) -> u64 {
        table
            .rows()
            .iter()
            .filter(|r| r.indicator == indicator)
            .map(|r| r.value.as_count().unwrap())
            .sum()
    }

    proptest! {
        #[test]
        fn totals_do_not_depend_on_the_order_of_the_figures(
            figures in figures(),
            query in queries(),
            seed in any::<u64>(),
        ) {
            let mut shuffled = figures.clone();
            // A deterministic shuffle driven by the generated seed.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let a = dataset(figures).aggregate(&query).unwrap();
            let b = dataset(shuffled).aggregate(&query).unwrap();
            prop_assert_eq!(a, b);
        }

        #[test]
        fn totals_do_not_depend_on_the_grouping(figures in figures(), query in queries()) {
            let data = dataset(figures.clone());
            let grouped = data.aggregate(&query).unwrap();
            let by_indicator = data.aggregate(&Query::new().by_indicator()).unwrap();
            for indicator in [Indicator::VICTIMS_REMOVED, Indicator::ACCUSED_ARRESTED] {
                let by_hand: u64 = figures
                    .iter()
                    .filter(|f| f.indicator == indicator)
                    .map(|f| f.value.as_count().unwrap())
                    .sum();
                prop_assert_eq!(total_of(&grouped, indicator), by_hand);
                prop_assert_eq!(total_of(&by_indicator, indicator), by_hand);
            }
        }

        #[test]
        fn rolling_up_in_steps_equals_rolling_up_at_once(figures in figures()) {
            // Months to quarters, then those quarters to halves, gives what
            // months to halves gives.
            let data = dataset(figures);
            let quarters = data.aggregate(&Query::roll_up(PeriodKind::Quarter)).unwrap();
            let mut from_quarters = Dataset::new(CAL, Catalogue::builtin());
            for row in quarters.rows() {
                let mut f = Observation::new(row.indicator, row.period.unwrap(), row.value);
                f.country = row.key.country.value().copied();
                f.channel = row.key.channel.value().copied();
                from_quarters.push(f).unwrap();
            }
            let halves_in_steps = from_quarters.aggregate(&Query::roll_up(PeriodKind::Half)).unwrap();
            let halves_at_once = data.aggregate(&Query::roll_up(PeriodKind::Half)).unwrap();
            let values = |t: &Table| t.rows().iter().map(|r| (r.key.clone(), r.value)).collect::<Vec<_>>();
            prop_assert_eq!(values(&halves_in_steps), values(&halves_at_once));
        }

        #[test]
        fn huge_counts_overflow_into_an_error(a in any::<u64>(), b in any::<u64>()) {
            let data = dataset([
                Observation::new(Indicator::VICTIMS_REMOVED, month(1), Value::Count(a)),
                Observation::new(Indicator::VICTIMS_REMOVED, month(2), Value::Count(b)),
            ]);
            match (data.aggregate(&Query::new()), a.checked_add(b)) {
                (Ok(table), Some(sum)) => prop_assert_eq!(table.rows()[0].value, Value::Count(sum)),
                (Err(Error::Overflow { .. }), None) => {}
                (other, sum) => prop_assert!(false, "{:?} for sum {:?}", other, sum),
            }
        }
    }
}
