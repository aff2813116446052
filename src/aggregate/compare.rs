//! Growth of a dataset's totals: one period against a baseline, with what
//! each side lacks.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregator, GroupKey, Query, Row, Table, group_of};
use crate::error::{Error, Result};
use crate::figure::observation::{Observation, Series};
use crate::figure::published::Baseline;
use crate::figure::value::Value;
use crate::growth::Growth;
use crate::hash::FastMap;
use crate::indicator::Indicator;
use crate::period::Period;
use crate::period::calendar::FiscalCalendar;
use crate::period::months;

/// Which series a comparison sets side by side.
///
/// ```
/// use impact_metrics::aggregate::Matching;
/// assert_eq!(Matching::default(), Matching::AsReported);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Matching {
    /// Every figure of each side, as reported. When the sides do not hold
    /// the same series, each covering the whole of its period, the growth
    /// is [`GrowthOutcome::Incomplete`].
    #[default]
    AsReported,
    /// Like for like: only the series present on both sides, and covering
    /// the whole period on both, are totalled and compared. The others are
    /// left out of both sides and named in [`Comparison::left_out`].
    LikeForLike,
}

/// One of the two periods of a comparison.
///
/// ```
/// use impact_metrics::aggregate::ComparisonSide;
/// assert_ne!(ComparisonSide::Current, ComparisonSide::Baseline);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComparisonSide {
    /// The period whose growth is measured.
    Current,
    /// The period it is measured against.
    Baseline,
}

/// What one side of a comparison lacks for one series: the parts of that
/// side's period the series has no figure for (the whole period when the
/// series is only on the other side).
///
/// ```
/// use impact_metrics::{figure::Baseline, Catalogue, aggregate::ComparisonSide, Dataset, FiscalCalendar, Indicator, aggregate::Matching, Observation, Query, Value};
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let mut data = Dataset::new(calendar, Catalogue::builtin());
/// data.push(Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2019, 1)?, Value::Count(56)))?;
/// data.push(Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2020, 1)?, Value::Count(74)))?;
/// let rows = data.compare(&Query::new().by_indicator(), calendar.half(2020, 1)?, Baseline::AverageOf(calendar.year(2019)?), Matching::AsReported)?;
/// let lack = &rows[0].growth.shortfalls()[0];
/// assert_eq!(lack.side, ComparisonSide::Baseline);
/// assert_eq!(lack.missing, [calendar.half(2019, 2)?]);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Shortfall {
    /// The side that lacks it.
    pub side: ComparisonSide,
    /// The series.
    pub series: Series,
    /// The parts of the side's period with no figure of the series, as
    /// the largest whole periods, in order.
    pub missing: Vec<Period>,
}

/// The growth of a comparison, or why there is none; an incomplete growth
/// comes only with what it lacks.
///
/// [`complete`](GrowthOutcome::complete) is the growth a report can print;
/// an incomplete one is reached only through
/// [`growth_even_if_incomplete`](GrowthOutcome::growth_even_if_incomplete)
/// or by matching [`GrowthOutcome::Incomplete`], beside its shortfalls.
///
/// ```
/// use impact_metrics::{Growth, aggregate::GrowthOutcome};
/// let outcome = GrowthOutcome::Complete(Growth::on_average(74, 6, 112, 12)?);
/// assert_eq!(outcome.complete().map(|g| g.ratio()), Some((9, 28)));
/// assert!(outcome.shortfalls().is_empty());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GrowthOutcome {
    /// Both sides hold the same series, each covering the whole of its
    /// period.
    Complete(Growth),
    /// The totals give this growth, but the sides are not like for like:
    /// a series covers only part of a side's period, or is on one side
    /// only.
    Incomplete {
        /// The growth of the totals as they are.
        growth: Growth,
        /// What each side lacks, series by series, the current side first.
        shortfalls: Vec<Shortfall>,
    },
    /// No growth can be computed: no figures on a side, a zero baseline,
    /// a bare percentage.
    Undefined {
        /// Why, for a person.
        reason: String,
    },
}

impl GrowthOutcome {
    /// The growth, when the comparison is complete; `None` when it is
    /// incomplete or undefined.
    ///
    /// ```
    /// use impact_metrics::aggregate::GrowthOutcome;
    /// let none = GrowthOutcome::Undefined { reason: "baseline is zero".to_string() };
    /// assert_eq!(none.complete(), None);
    /// ```
    #[must_use]
    pub fn complete(&self) -> Option<Growth> {
        match self {
            GrowthOutcome::Complete(growth) => Some(*growth),
            _ => None,
        }
    }

    /// The growth, complete or not; `None` when it is undefined. A caller
    /// that shows an incomplete growth should show its
    /// [`shortfalls`](GrowthOutcome::shortfalls) with it.
    ///
    /// ```
    /// use impact_metrics::{Growth, aggregate::GrowthOutcome};
    /// let partial = GrowthOutcome::Incomplete { growth: Growth::between(74, 28)?, shortfalls: Vec::new() };
    /// assert_eq!(partial.complete(), None);
    /// assert_eq!(partial.growth_even_if_incomplete().map(|g| g.ratio()), Some((23, 14)));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn growth_even_if_incomplete(&self) -> Option<Growth> {
        match self {
            GrowthOutcome::Complete(growth) | GrowthOutcome::Incomplete { growth, .. } => {
                Some(*growth)
            }
            GrowthOutcome::Undefined { .. } => None,
        }
    }

    /// Whether the comparison is complete.
    ///
    /// ```
    /// use impact_metrics::{Growth, aggregate::GrowthOutcome};
    /// assert!(GrowthOutcome::Complete(Growth::between(2, 1)?).is_complete());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn is_complete(&self) -> bool {
        matches!(self, GrowthOutcome::Complete(_))
    }

    /// What the sides lack: empty unless [`GrowthOutcome::Incomplete`].
    ///
    /// ```
    /// use impact_metrics::{Growth, aggregate::GrowthOutcome};
    /// assert!(GrowthOutcome::Complete(Growth::between(2, 1)?).shortfalls().is_empty());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn shortfalls(&self) -> &[Shortfall] {
        match self {
            GrowthOutcome::Incomplete { shortfalls, .. } => shortfalls,
            _ => &[],
        }
    }

    /// Why there is no growth: `None` unless [`GrowthOutcome::Undefined`].
    ///
    /// ```
    /// use impact_metrics::aggregate::GrowthOutcome;
    /// let none = GrowthOutcome::Undefined { reason: "baseline is zero".to_string() };
    /// assert_eq!(none.reason(), Some("baseline is zero"));
    /// ```
    #[must_use]
    pub fn reason(&self) -> Option<&str> {
        match self {
            GrowthOutcome::Undefined { reason } => Some(reason),
            _ => None,
        }
    }
}

/// One total of a period beside the same total of a baseline, and the
/// growth between them, which says what either side lacks.
///
/// ```
/// use impact_metrics::{figure::Baseline, Catalogue, Dataset, FiscalCalendar, Indicator, aggregate::Matching, Observation, Query, Rounding, Value};
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let mut data = Dataset::new(calendar, Catalogue::builtin());
/// data.push(Observation::new(Indicator::VICTIMS_REMOVED, calendar.year(2019)?, Value::Count(112)))?;
/// data.push(Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2020, 1)?, Value::Count(74)))?;
///
/// let rows = data.compare(&Query::new().by_indicator(), calendar.half(2020, 1)?, Baseline::AverageOf(calendar.year(2019)?), Matching::AsReported)?;
/// // 74 against half of 112 = 56: 74/56 - 1 = 9/28 = 32.14...%
/// let growth = rows[0].growth.complete().unwrap();
/// assert_eq!(growth.percent(0, Rounding::HalfUp)?, "32".parse().unwrap());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Comparison {
    /// The group (its period is not set: the two rows are of two periods).
    pub key: GroupKey,
    /// The indicator of the row.
    pub indicator: Indicator,
    /// The total for the current period, if there are figures for it.
    pub current: Option<Row>,
    /// The total for the baseline period, if there are figures for it.
    pub baseline: Option<Row>,
    /// The growth, whether it is complete, or why there is none.
    pub growth: GrowthOutcome,
    /// With [`Matching::LikeForLike`], why each series of the group that
    /// is not in the totals was left out (it is left out of both sides);
    /// empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<Shortfall>,
}

/// Where [`Comparer::add`] put a figure.
///
/// ```
/// use impact_metrics::aggregate::{ComparisonSide, Placement};
/// assert_ne!(Placement::Counted, Placement::Outside(ComparisonSide::Current));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Placement {
    /// In the totals of a side (of both, when the two periods overlap).
    Counted,
    /// In no total, and rightly so: the query does not select the figure,
    /// or its period lies outside both periods.
    Elsewhere,
    /// In no total of this side, although its period overlaps the side's
    /// period: it does not lie inside it (a yearly figure, for the totals
    /// of a half year), so no total of the side can include it. A total of
    /// the other side may.
    Outside(ComparisonSide),
}

/// One side of a comparison, as its figures come: the totals of the
/// query's groups and of every series, in its period.
#[derive(Debug)]
struct Side {
    which: ComparisonSide,
    period: Period,
    /// The groups of the query: they refuse what a group's total refuses
    /// (another indicator in a row, a sum past `u64`, a bare percentage
    /// beside another figure).
    groups: Aggregator,
    /// Every series apart: what each lacks, and the totals like for like.
    series: Aggregator,
}

impl Side {
    fn new(which: ComparisonSide, query: &Query, period: Period) -> Side {
        Side {
            which,
            period,
            groups: Aggregator::new(&query.clone().within(period)),
            series: Aggregator::new(&series_query(query).within(period)),
        }
    }
}

/// A comparison of two periods built one figure at a time, for figures
/// that are never all in memory at once (a large file read row by row).
///
/// It gives exactly what [`Dataset::compare`](crate::Dataset::compare)
/// gives, which is this over a dataset's figures: the totals of a query in
/// the current period, each beside the same total in the baseline, with
/// the growth between them and what either side lacks. Each figure goes to
/// the totals of the side whose period it lies in; a figure a total
/// refuses ([`Comparer::add`]) is left out, and the comparer goes on.
///
/// Memory grows with the number of groups and series (indicator, country,
/// channel, partner) in the two periods, not with the number of figures.
///
/// ```
/// use impact_metrics::aggregate::{Comparer, Matching, Placement};
/// use impact_metrics::{FiscalCalendar, Indicator, Observation, Query, Rounding, Value, figure::Baseline};
///
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let (h1, year) = (calendar.half(2020, 1)?, calendar.year(2019)?);
/// let mut comparer = Comparer::new(calendar, &Query::new().by_indicator(), h1, Baseline::AverageOf(year), Matching::AsReported)?;
/// comparer.add(&Observation::new(Indicator::VICTIMS_REMOVED, year, Value::Count(112)))?;
/// let figure = Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(74));
/// assert_eq!(comparer.add(&figure)?, Placement::Counted);
/// // The same figure again would count 20/21 H1 twice: refused, and left out.
/// assert!(comparer.add(&figure).is_err());
///
/// let rows = comparer.finish()?;
/// // 74 against half of 112 = 56: 74/56 - 1 = 9/28 = +32%.
/// let growth = rows[0].growth.complete().unwrap();
/// assert_eq!(growth.percent(0, Rounding::HalfUp)?.to_string(), "32");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Debug)]
pub struct Comparer {
    calendar: FiscalCalendar,
    query: Query,
    matching: Matching,
    scaled: bool,
    current: Side,
    baseline: Side,
}

impl Comparer {
    /// A comparer with no figures yet, of the totals `query` asks for in
    /// `current` against `baseline`, as [`Dataset::compare`](crate::Dataset::compare)
    /// describes: [`Baseline::AverageOf`] scales the baseline total to the
    /// length of `current`, [`Baseline::Total`] takes it as it is, and any
    /// period grouping in the query is ignored. The calendar names the
    /// periods in the reasons a growth is undefined.
    ///
    /// # Errors
    ///
    /// [`Error::UndefinedGrowth`] for [`Baseline::Unspecified`].
    ///
    /// ```
    /// use impact_metrics::aggregate::{Comparer, Matching};
    /// use impact_metrics::{FiscalCalendar, Query, figure::Baseline};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let h1 = calendar.half(2020, 1)?;
    /// assert!(Comparer::new(calendar, &Query::new(), h1, Baseline::Total(calendar.half(2019, 1)?), Matching::LikeForLike).is_ok());
    /// assert_eq!(
    ///     Comparer::new(calendar, &Query::new(), h1, Baseline::Unspecified, Matching::AsReported).unwrap_err().to_string(),
    ///     "growth is undefined: the baseline period is not specified"
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn new(
        calendar: FiscalCalendar,
        query: &Query,
        current: Period,
        baseline: Baseline,
        matching: Matching,
    ) -> Result<Comparer> {
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
        Ok(Comparer {
            calendar,
            current: Side::new(ComparisonSide::Current, &query, current),
            baseline: Side::new(ComparisonSide::Baseline, &query, base_period),
            query,
            matching,
            scaled,
        })
    }

    /// Adds a figure to the totals of the side whose period it lies in,
    /// and says where it went.
    ///
    /// # Errors
    ///
    /// As [`Aggregator::add`], for this figure: a total would overflow, a
    /// row would mix indicators or add a bare percentage, or the figure's
    /// period overlaps one already added for its series (the same figure
    /// twice, a second value for it, a month inside a quarter already
    /// counted). The figure is then in no total, and the comparer can go on.
    ///
    /// ```
    /// use impact_metrics::aggregate::{Comparer, ComparisonSide, Matching, Placement};
    /// use impact_metrics::{FiscalCalendar, Indicator, Observation, Query, Value, figure::Baseline};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let q1 = calendar.quarter(2020, 1)?;
    /// let mut comparer = Comparer::new(calendar, &Query::new().by_indicator(), q1, Baseline::AverageOf(calendar.year(2019)?), Matching::AsReported)?;
    /// let half = Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2020, 1)?, Value::Count(74));
    /// assert_eq!(comparer.add(&half)?, Placement::Outside(ComparisonSide::Current));
    /// let later = Observation::new(Indicator::VICTIMS_REMOVED, calendar.quarter(2020, 3)?, Value::Count(30));
    /// assert_eq!(comparer.add(&later)?, Placement::Elsewhere);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn add(&mut self, figure: &Observation) -> Result<Placement> {
        if !self.query.selects(figure) {
            return Ok(Placement::Elsewhere);
        }
        let inside =
            [&self.current, &self.baseline].map(|side| side.period.contains(figure.period));
        let mut outside = None;
        // Every total the figure goes to is asked first, so that a figure
        // is in all of them or in none.
        for (side, inside) in [&mut self.current, &mut self.baseline]
            .into_iter()
            .zip(inside)
        {
            if inside {
                side.groups.check(figure)?;
                side.series.check(figure)?;
            } else if outside.is_none() && months::overlaps(figure.period, side.period) {
                outside = Some(side.which);
            }
        }
        for (side, inside) in [&mut self.current, &mut self.baseline]
            .into_iter()
            .zip(inside)
        {
            if inside {
                side.groups.add(figure)?;
                side.series.add(figure)?;
            }
        }
        Ok(match outside {
            Some(side) => Placement::Outside(side),
            None if inside.contains(&true) => Placement::Counted,
            None => Placement::Elsewhere,
        })
    }

    /// The comparisons: one for each group of either side, in key order,
    /// with the growth between the two totals and what either side lacks,
    /// as [`Dataset::compare`](crate::Dataset::compare) gives them.
    ///
    /// # Errors
    ///
    /// None today: every figure was checked as it was added. The `Result`
    /// leaves room for checks that need all the figures.
    ///
    /// ```
    /// use impact_metrics::aggregate::{Comparer, Matching};
    /// use impact_metrics::{FiscalCalendar, Query, figure::Baseline};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let comparer = Comparer::new(calendar, &Query::new(), calendar.half(2020, 1)?, Baseline::AverageOf(calendar.year(2019)?), Matching::AsReported)?;
    /// assert!(comparer.finish()?.is_empty());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn finish(self) -> Result<Vec<Comparison>> {
        let Comparer {
            calendar,
            query,
            matching,
            scaled,
            current,
            baseline,
        } = self;
        let now = SideTotals::of(current, &query)?;
        let before = SideTotals::of(baseline, &query)?;
        let (current, base_period) = (now.period, before.period);
        // Every group of either side, once, in key order.
        let mut groups: BTreeMap<GroupKey, Indicator> = BTreeMap::new();
        for row in now.groups.rows().iter().chain(before.groups.rows()) {
            groups.entry(row.key.clone()).or_insert(row.indicator);
        }
        let lacks: Vec<(GroupKey, Indicator, Vec<Shortfall>)> = groups
            .into_iter()
            .map(|(key, indicator)| {
                let lacks = shortfalls(&now, &before, &key, indicator);
                (key, indicator, lacks)
            })
            .collect();
        // Like for like, the totals are of the series no side lacks.
        let like_for_like: (Table, Table);
        let (now_totals, before_totals) = match matching {
            Matching::AsReported => (&now.groups, &before.groups),
            Matching::LikeForLike => {
                let left: BTreeSet<&Series> = lacks
                    .iter()
                    .flat_map(|(_, _, lacks)| lacks.iter().map(|s| &s.series))
                    .collect();
                like_for_like = (
                    now.totals_without(&query, &left)?,
                    before.totals_without(&query, &left)?,
                );
                (&like_for_like.0, &like_for_like.1)
            }
        };
        let row_of = |table: &Table| -> FastMap<GroupKey, Row> {
            table
                .rows()
                .iter()
                .map(|row| (row.key.clone(), row.clone()))
                .collect()
        };
        let (mut now_rows, mut before_rows) = (row_of(now_totals), row_of(before_totals));
        let mut out = Vec::with_capacity(lacks.len());
        for (key, indicator, shortfalls) in lacks {
            let current_row = now_rows.remove(&key);
            let baseline_row = before_rows.remove(&key);
            let left_out = match matching {
                Matching::AsReported => Vec::new(),
                Matching::LikeForLike => shortfalls.clone(),
            };
            let outcome = match (&current_row, &baseline_row) {
                (None, _) | (_, None) if !left_out.is_empty() => GrowthOutcome::Undefined {
                    reason: format!(
                        "no series has figures for the whole of both {} and {}",
                        calendar.label(current),
                        calendar.label(base_period)
                    ),
                },
                (None, _) => GrowthOutcome::Undefined {
                    reason: format!(
                        "no figures to compare for the current period {}",
                        calendar.label(current)
                    ),
                },
                (Some(_), None) => GrowthOutcome::Undefined {
                    reason: format!(
                        "no figures to compare for the baseline period {}",
                        calendar.label(base_period)
                    ),
                },
                (Some(now_row), Some(base_row)) => match growth_between(
                    now_row.value,
                    current.months(),
                    base_row.value,
                    base_period.months(),
                    scaled,
                ) {
                    Err(Error::UndefinedGrowth { reason }) => GrowthOutcome::Undefined { reason },
                    Err(other) => GrowthOutcome::Undefined {
                        reason: other.to_string(),
                    },
                    Ok(growth) if matching == Matching::LikeForLike || shortfalls.is_empty() => {
                        GrowthOutcome::Complete(growth)
                    }
                    Ok(growth) => GrowthOutcome::Incomplete { growth, shortfalls },
                },
            };
            out.push(Comparison {
                key,
                indicator,
                current: current_row,
                baseline: baseline_row,
                growth: outcome,
                left_out,
            });
        }
        Ok(out)
    }
}

/// One side's totals, finished: per group of the query, and per series,
/// with the series of each group at hand.
struct SideTotals {
    period: Period,
    groups: Table,
    series: Table,
    /// The rows of `series` under each group of the query, by index.
    by_group: FastMap<GroupKey, Vec<usize>>,
}

impl SideTotals {
    fn of(side: Side, query: &Query) -> Result<SideTotals> {
        let series = side.series.finish()?;
        let mut by_group: FastMap<GroupKey, Vec<usize>> = FastMap::default();
        for (i, row) in series.rows().iter().enumerate() {
            by_group
                .entry(group_of(&series_of(row), query))
                .or_default()
                .push(i);
        }
        Ok(SideTotals {
            period: side.period,
            groups: side.groups.finish()?,
            series,
            by_group,
        })
    }

    /// The series of a group, with the parts of the period each lacks
    /// (empty when it covers all of it).
    fn series_of(&self, group: &GroupKey, indicator: Indicator) -> BTreeMap<Series, Vec<Period>> {
        let rows = self.by_group.get(group).map_or(&[][..], Vec::as_slice);
        rows.iter()
            .filter_map(|&i| self.series.rows().get(i))
            .filter(|row| row.indicator == indicator)
            .map(|row| {
                let missing = row
                    .coverage
                    .gaps()
                    .iter()
                    .flat_map(|gap| gap.missing.iter().copied())
                    .collect();
                (series_of(row), missing)
            })
            .collect()
    }

    /// The totals of the query over every series but those in
    /// `left_out`, from the aggregator.
    fn totals_without(&self, query: &Query, left_out: &BTreeSet<&Series>) -> Result<Table> {
        let mut totals = Aggregator::new(&query.clone().within(self.period));
        for row in self.series.rows() {
            if !left_out.contains(&series_of(row)) {
                totals.add_total(row)?;
            }
        }
        totals.finish()
    }
}

/// The query that keeps every series of `query`'s groups apart.
fn series_query(query: &Query) -> Query {
    query
        .clone()
        .by_indicator()
        .by_country()
        .by_channel()
        .by_partner()
}

/// The series a row of [`series_query`] totals.
fn series_of(row: &Row) -> Series {
    Series {
        indicator: row.indicator,
        country: row.key.country.value().copied(),
        channel: row.key.channel.value().copied(),
        partner: row.key.partner.value().cloned(),
    }
}

pub(crate) fn compare(
    figures: impl IntoIterator<Item = Observation>,
    calendar: FiscalCalendar,
    query: &Query,
    current: Period,
    baseline: Baseline,
    matching: Matching,
) -> Result<Vec<Comparison>> {
    let mut comparer = Comparer::new(calendar, query, current, baseline, matching)?;
    for figure in figures {
        comparer.add(&figure)?;
    }
    comparer.finish()
}

/// What each side of a group lacks, series by series: the parts of its
/// period a series does not cover, and the whole period for a series on
/// the other side only. The current side first, then the baseline's.
fn shortfalls(
    now: &SideTotals,
    before: &SideTotals,
    key: &GroupKey,
    indicator: Indicator,
) -> Vec<Shortfall> {
    let (now_series, before_series) = (
        now.series_of(key, indicator),
        before.series_of(key, indicator),
    );
    let mut out = Vec::new();
    for (side, own, other) in [
        (ComparisonSide::Current, (now, &now_series), &before_series),
        (
            ComparisonSide::Baseline,
            (before, &before_series),
            &now_series,
        ),
    ] {
        let (totals, own) = own;
        let mut lacking: BTreeMap<&Series, Vec<Period>> = BTreeMap::new();
        for (series, missing) in own {
            if !missing.is_empty() {
                lacking.insert(series, missing.clone());
            }
        }
        for series in other.keys().filter(|s| !own.contains_key(*s)) {
            lacking.insert(series, vec![totals.period]);
        }
        out.extend(lacking.into_iter().map(|(series, missing)| Shortfall {
            side,
            series: series.clone(),
            missing,
        }));
    }
    out
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
