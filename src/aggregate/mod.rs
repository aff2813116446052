//! Totals of a dataset's figures, grouped as a query asks, with coverage.

pub(crate) mod compare;

use crate::hash::FnvMap;

use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::error::{Error, Result};
use crate::figure::dataset::Dataset;
use crate::figure::observation::{Basis, Observation, Series};
use crate::figure::value::{Bound, Value};
use crate::indicator::Indicator;
use crate::period::{Period, PeriodKind};

/// What a total can be grouped by.
///
/// ```
/// use impact_metrics::{Dimension, PeriodKind, Query};
/// let query = Query::new().by(Dimension::Country).by(Dimension::Period(PeriodKind::Quarter));
/// assert_eq!(query.dimensions(), [Dimension::Country, Dimension::Period(PeriodKind::Quarter)]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dimension {
    /// One row per indicator.
    Indicator,
    /// One row per country (and one for figures without a country).
    Country,
    /// One row per strategy channel (and one for figures without one).
    Channel,
    /// One row per partner (and one for figures without one).
    Partner,
    /// One row per period of this kind: figures roll up from months to
    /// quarters to halves to years.
    Period(PeriodKind),
}

/// Which figures to total, and how to group them.
///
/// With no grouping a query gives one row; each `by_*` call adds a
/// dimension. `within` keeps the figures whose period lies inside the
/// given period, and makes coverage measurable: a row says when a series
/// covers only part of the period. The filters (`indicator`, `country`,
/// ...) keep figures that match any of the values given for that filter.
///
/// ```
/// use impact_metrics::{seed, Channel, Indicator, Query, Value};
///
/// let report = seed::h1_2020_21()?;
/// let direct_arrests = Query::new()
///     .within(report.period)
///     .indicator(Indicator::ACCUSED_ARRESTED)
///     .channel(Channel::Direct);
/// let table = report.figures.aggregate(&direct_arrests)?;
/// assert_eq!(table.rows()[0].value, Value::Count(37 + 16)); // UK + Bangladesh
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    within: Option<Period>,
    dimensions: Vec<Dimension>,
    indicators: Vec<Indicator>,
    countries: Vec<Country>,
    channels: Vec<Channel>,
    partners: Vec<Partner>,
    stated_only: bool,
}

impl Query {
    /// A query for one total of every figure.
    ///
    /// ```
    /// use impact_metrics::Query;
    /// assert!(Query::new().dimensions().is_empty());
    /// ```
    pub fn new() -> Query {
        Query::default()
    }

    /// The query that rolls figures up to periods of `kind`, keeping every
    /// series apart: grouped by indicator, country, channel, partner and
    /// period.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar, Indicator, Observation, PeriodKind, Query, Value};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let mut data = Dataset::new(calendar, Catalogue::builtin());
    /// for (month, n) in [(1, 5), (2, 7), (3, 4)] {
    ///     data.push(Observation::new(Indicator::SURVIVORS_CARED_FOR, calendar.month(2020, month)?, Value::Count(n)))?;
    /// }
    /// let quarters = data.aggregate(&Query::roll_up(PeriodKind::Quarter))?;
    /// assert_eq!(quarters.rows().len(), 1);
    /// assert_eq!(quarters.rows()[0].value, Value::Count(16));
    /// assert_eq!(quarters.rows()[0].period, Some(calendar.quarter(2020, 1)?));
    /// assert!(quarters.rows()[0].coverage.is_complete());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn roll_up(kind: PeriodKind) -> Query {
        Query::new()
            .by_indicator()
            .by_country()
            .by_channel()
            .by_partner()
            .by_period(kind)
    }

    /// Keeps the figures whose period lies inside `period`.
    ///
    /// Figures that overlap `period` without lying inside it (a yearly
    /// figure, asked for a half) are in no total: the table lists them in
    /// [`Table::outside`].
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, Query};
    /// let h1 = FiscalCalendar::SEPTEMBER.parse("20/21 H1")?;
    /// assert_eq!(Query::new().within(h1).period(), Some(h1));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn within(mut self, period: Period) -> Query {
        self.within = Some(period);
        self
    }

    /// Adds a grouping dimension (adding one twice changes nothing).
    ///
    /// ```
    /// use impact_metrics::{Dimension, Query};
    /// assert_eq!(Query::new().by(Dimension::Channel).by(Dimension::Channel).dimensions(), [Dimension::Channel]);
    /// ```
    pub fn by(mut self, dimension: Dimension) -> Query {
        let same_kind = |d: &Dimension| match (d, dimension) {
            (Dimension::Period(_), Dimension::Period(_)) => true,
            (a, b) => *a == b,
        };
        self.dimensions.retain(|d| !same_kind(d));
        self.dimensions.push(dimension);
        self
    }

    /// Groups by indicator.
    ///
    /// ```
    /// use impact_metrics::{Dimension, Query};
    /// assert_eq!(Query::new().by_indicator().dimensions(), [Dimension::Indicator]);
    /// ```
    pub fn by_indicator(self) -> Query {
        self.by(Dimension::Indicator)
    }

    /// Groups by country.
    ///
    /// ```
    /// use impact_metrics::{Dimension, Query};
    /// assert_eq!(Query::new().by_country().dimensions(), [Dimension::Country]);
    /// ```
    pub fn by_country(self) -> Query {
        self.by(Dimension::Country)
    }

    /// Groups by strategy channel.
    ///
    /// ```
    /// use impact_metrics::{Dimension, Query};
    /// assert_eq!(Query::new().by_channel().dimensions(), [Dimension::Channel]);
    /// ```
    pub fn by_channel(self) -> Query {
        self.by(Dimension::Channel)
    }

    /// Groups by partner.
    ///
    /// ```
    /// use impact_metrics::{Dimension, Query};
    /// assert_eq!(Query::new().by_partner().dimensions(), [Dimension::Partner]);
    /// ```
    pub fn by_partner(self) -> Query {
        self.by(Dimension::Partner)
    }

    /// Groups by periods of `kind` (a later call replaces an earlier kind).
    ///
    /// ```
    /// use impact_metrics::{Dimension, PeriodKind, Query};
    /// let query = Query::new().by_period(PeriodKind::Month).by_period(PeriodKind::Half);
    /// assert_eq!(query.dimensions(), [Dimension::Period(PeriodKind::Half)]);
    /// ```
    pub fn by_period(self, kind: PeriodKind) -> Query {
        self.by(Dimension::Period(kind))
    }

    /// Keeps figures of this indicator (with others given, of any of them).
    ///
    /// ```
    /// use impact_metrics::{Indicator, Query};
    /// let _ = Query::new().indicator(Indicator::VICTIMS_REMOVED).indicator(Indicator::CHILDREN_REMOVED);
    /// ```
    pub fn indicator(mut self, indicator: Indicator) -> Query {
        self.indicators.push(indicator);
        self
    }

    /// Keeps figures of this country (with others given, of any of them).
    ///
    /// ```
    /// use impact_metrics::{Country, Query};
    /// let _ = Query::new().country(Country::GB);
    /// ```
    pub fn country(mut self, country: Country) -> Query {
        self.countries.push(country);
        self
    }

    /// Keeps figures of this channel (with others given, of any of them).
    ///
    /// ```
    /// use impact_metrics::{Channel, Query};
    /// let _ = Query::new().channel(Channel::Direct).channel(Channel::Joint);
    /// ```
    pub fn channel(mut self, channel: Channel) -> Query {
        self.channels.push(channel);
        self
    }

    /// Keeps figures of this partner (with others given, of any of them).
    ///
    /// ```
    /// use impact_metrics::{Partner, Query};
    /// let _ = Query::new().partner(Partner::new("Vihaan")?);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn partner(mut self, partner: Partner) -> Query {
        self.partners.push(partner);
        self
    }

    /// Leaves out figures that were read into the source rather than
    /// stated by it ([`Basis::Interpreted`]).
    ///
    /// ```
    /// use impact_metrics::{seed, Indicator, Query, Value};
    /// let report = seed::h1_2020_21()?;
    /// let repatriated = Query::new().within(report.period).indicator(Indicator::SURVIVORS_REPATRIATED);
    /// assert_eq!(report.figures.aggregate(&repatriated)?.rows()[0].value, Value::Count(103));
    /// assert_eq!(report.figures.aggregate(&repatriated.stated_only())?.rows()[0].value, Value::Count(101));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn stated_only(mut self) -> Query {
        self.stated_only = true;
        self
    }

    /// The grouping dimensions, in the order given.
    ///
    /// ```
    /// use impact_metrics::{Dimension, Query};
    /// assert_eq!(Query::new().by_channel().by_country().dimensions(), [Dimension::Channel, Dimension::Country]);
    /// ```
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// The period given to [`Query::within`].
    ///
    /// ```
    /// use impact_metrics::Query;
    /// assert_eq!(Query::new().period(), None);
    /// ```
    pub fn period(&self) -> Option<Period> {
        self.within
    }

    /// The same query without its period grouping.
    pub(crate) fn without_period_grouping(mut self) -> Query {
        self.dimensions
            .retain(|d| !matches!(d, Dimension::Period(_)));
        self
    }

    fn has(&self, dimension: Dimension) -> bool {
        self.dimensions.contains(&dimension)
    }

    fn period_kind(&self) -> Option<PeriodKind> {
        self.dimensions.iter().find_map(|d| match d {
            Dimension::Period(kind) => Some(*kind),
            _ => None,
        })
    }

    fn selects(&self, figure: &Observation) -> bool {
        fn any_of<T: PartialEq>(wanted: &[T], value: Option<&T>) -> bool {
            wanted.is_empty() || value.is_some_and(|v| wanted.contains(v))
        }
        any_of(&self.indicators, Some(&figure.indicator))
            && any_of(&self.countries, figure.country.as_ref())
            && any_of(&self.channels, figure.channel.as_ref())
            && any_of(&self.partners, figure.partner.as_ref())
            && !(self.stated_only && figure.basis == Basis::Interpreted)
    }
}

/// Which group a row totals. A field is `None` when the query does not
/// group by that dimension; for country, channel and partner, `Some(None)`
/// is the group of figures that have none.
///
/// ```
/// use impact_metrics::{seed, Channel, Query};
/// let report = seed::h1_2020_21()?;
/// let table = report.figures.aggregate(&Query::new().within(report.period).by_indicator().by_channel())?;
/// let key = &table.rows()[0].key;
/// assert!(key.indicator.is_some());
/// assert!(matches!(key.channel, Some(Some(Channel::Direct | Channel::Joint))));
/// assert_eq!(key.country, None);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct GroupKey {
    /// The indicator, when grouped by indicator.
    pub indicator: Option<Indicator>,
    /// The country, when grouped by country.
    pub country: Option<Option<Country>>,
    /// The channel, when grouped by channel.
    pub channel: Option<Option<Channel>>,
    /// The partner, when grouped by partner.
    pub partner: Option<Option<Partner>>,
    /// The period, when grouped by period.
    pub period: Option<Period>,
}

/// Whether the figures of a row cover the whole of its period.
///
/// ```
/// use impact_metrics::{seed, Country, Indicator, Query};
/// let report = seed::h1_2020_21()?;
/// let cared_for = report.figures.aggregate(
///     &Query::new().within(report.period).indicator(Indicator::SURVIVORS_CARED_FOR),
/// )?;
/// let gaps = cared_for.rows()[0].coverage.gaps();
/// assert_eq!(gaps.len(), 1);
/// assert_eq!(gaps[0].series.country, Some(Country::IN));
/// assert_eq!(gaps[0].missing, [report.calendar.parse("20/21 Q2")?]);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Coverage {
    /// Every series in the row covers the whole period.
    Complete,
    /// Some series cover only part of the period; one gap for each.
    Partial(Vec<Gap>),
    /// The row has no period to measure against (the query has no
    /// [`Query::within`] and no period grouping).
    Unbounded,
}

impl Coverage {
    /// Whether every series covers the whole period.
    ///
    /// ```
    /// use impact_metrics::Coverage;
    /// assert!(Coverage::Complete.is_complete());
    /// assert!(!Coverage::Unbounded.is_complete());
    /// ```
    pub fn is_complete(&self) -> bool {
        matches!(self, Coverage::Complete)
    }

    /// The gaps: empty unless [`Coverage::Partial`].
    ///
    /// ```
    /// use impact_metrics::Coverage;
    /// assert!(Coverage::Complete.gaps().is_empty());
    /// ```
    pub fn gaps(&self) -> &[Gap] {
        match self {
            Coverage::Partial(gaps) => gaps,
            _ => &[],
        }
    }
}

/// A series that covers only part of a row's period.
///
/// ```
/// use impact_metrics::{seed, Indicator, Query};
/// let report = seed::h1_2020_21()?;
/// let table = report.figures.aggregate(&Query::new().within(report.period).indicator(Indicator::PROSECUTIONS_SUPPORTED))?;
/// let gap = &table.rows()[0].coverage.gaps()[0];
/// assert_eq!(gap.covered, [report.calendar.parse("20/21 Q1")?]);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Gap {
    /// The series.
    pub series: Series,
    /// The periods its figures cover, in order.
    pub covered: Vec<Period>,
    /// The parts of the row's period it has no figure for, as the largest
    /// whole periods, in order.
    pub missing: Vec<Period>,
}

/// One total.
///
/// ```
/// use impact_metrics::{seed, Bound, Indicator, Query, Value};
/// let report = seed::h1_2020_21()?;
/// let table = report.figures.aggregate(&Query::new().within(report.period).indicator(Indicator::EXPLOITERS_CONVICTED))?;
/// let row = &table.rows()[0];
/// assert_eq!((row.value, row.bound, row.figures), (Value::Count(25), Bound::Exact, 2));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Row {
    /// The group.
    pub key: GroupKey,
    /// The indicator of the row's figures (a row never mixes indicators).
    pub indicator: Indicator,
    /// The period the row totals: the grouping period, else the query's.
    pub period: Option<Period>,
    /// The total.
    pub value: Value,
    /// Whether the total is exact or a lower bound.
    pub bound: Bound,
    /// How many figures were added.
    pub figures: usize,
    /// How many of those were read into the source, not stated by it.
    pub interpreted: usize,
    /// Whether the figures cover the whole period.
    pub coverage: Coverage,
}

/// The result of [`Dataset::aggregate`]: rows in the order of their keys,
/// and the figures that could not be placed.
///
/// ```
/// use impact_metrics::{seed, Query};
/// let report = seed::h1_2020_21()?;
/// let table = report.figures.aggregate(&Query::new().within(report.period).by_indicator())?;
/// assert_eq!(table.rows().len(), 8);
/// assert!(table.outside().is_empty());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    rows: Vec<Row>,
    outside: Vec<Observation>,
}

impl Table {
    /// The rows, ordered by key.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar, Query};
    /// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// assert!(data.aggregate(&Query::new())?.rows().is_empty());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The row of an indicator, for tables grouped by indicator alone.
    ///
    /// ```
    /// use impact_metrics::{seed, Indicator, Query, Value};
    /// let report = seed::h1_2020_21()?;
    /// let table = report.figures.aggregate(&Query::new().within(report.period).by_indicator())?;
    /// assert_eq!(table.row(Indicator::PROFESSIONALS_TRAINED).map(|r| r.value), Some(Value::Count(941)));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn row(&self, indicator: Indicator) -> Option<&Row> {
        self.rows.iter().find(|r| r.indicator == indicator)
    }

    /// Figures that the query selected but no total could include: their
    /// period overlaps the query's period without lying inside it, or is
    /// longer than the grouping period. They are listed so that nothing is
    /// left out silently.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar, Indicator, Observation, Query, Value};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let mut data = Dataset::new(calendar, Catalogue::builtin());
    /// data.push(Observation::new(Indicator::HOMES_REBUILT, calendar.year(2020)?, Value::Count(21)))?;
    /// let table = data.aggregate(&Query::new().within(calendar.half(2020, 1)?))?;
    /// assert!(table.rows().is_empty());
    /// assert_eq!(table.outside().len(), 1);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn outside(&self) -> &[Observation] {
        &self.outside
    }
}

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
    periods: FnvMap<Series, Months>,
}

/// Months since year 0 (`year * 12 + month - 1`) that a period covers, as
/// a half-open range. Plain integers, so that comparing periods never
/// builds a date.
fn months_of(p: Period) -> (i64, i64) {
    let length = i64::from(p.kind().months());
    let start = i64::from(p.fiscal_year()) * 12 + i64::from(p.start_month()) - 1
        + (i64::from(p.index()) - 1) * length;
    (start, start + length)
}

/// A month number as `YYYY-MM`.
fn month_label(month: i64) -> String {
    format!(
        "{:04}-{:02}",
        month.div_euclid(12),
        month.rem_euclid(12) + 1
    )
}

/// A set of months kept as sorted, disjoint, non-adjacent ranges.
#[derive(Debug, Default)]
struct Months {
    ranges: Vec<(i64, i64)>,
}

impl Months {
    /// The range already held that overlaps `range`, if any.
    fn overlap(&self, (start, end): (i64, i64)) -> Option<(i64, i64)> {
        let after = self.ranges.partition_point(|&(_, e)| e <= start);
        self.ranges.get(after).copied().filter(|&(s, _)| s < end)
    }

    /// Adds a range that overlaps none held, merging it with its
    /// neighbours.
    fn insert(&mut self, (start, end): (i64, i64)) {
        let at = self.ranges.partition_point(|&(_, e)| e < start);
        let mut merged = (start, end);
        let mut last = at;
        while let Some(&(s, e)) = self.ranges.get(last) {
            if s > merged.1 {
                break;
            }
            merged = (merged.0.min(s), merged.1.max(e));
            last += 1;
        }
        self.ranges.splice(at..last, std::iter::once(merged));
    }

    fn contains(&self, month: i64) -> bool {
        self.overlap((month, month + 1)).is_some()
    }
}

pub(crate) fn run(data: &Dataset, query: &Query) -> Result<Table> {
    let mut aggregator = Aggregator::new(query);
    for figure in data {
        aggregator.add(figure)?;
    }
    aggregator.finish()
}

/// Totals built one figure at a time, for figures that are never all in
/// memory at once (a large file read row by row).
///
/// Memory grows with the number of groups and of distinct periods per
/// series, not with the number of figures added. [`Dataset::aggregate`]
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
    /// As [`Dataset::aggregate`], for this figure: the total would
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
        let query = &self.query;
        if !query.selects(figure) {
            return Ok(());
        }
        if let Some(within) = query.within {
            if !inside(figure.period, within) {
                if overlaps(figure.period, within) {
                    self.outside.push(figure.clone());
                }
                return Ok(());
            }
        }
        let group_period = match query.period_kind() {
            None => None,
            Some(kind) => match figure.period.ancestor(kind) {
                Some(p) => Some(p),
                None => {
                    self.outside.push(figure.clone());
                    return Ok(());
                }
            },
        };
        let key = GroupKey {
            indicator: query.has(Dimension::Indicator).then_some(figure.indicator),
            country: query.has(Dimension::Country).then_some(figure.country),
            channel: query.has(Dimension::Channel).then_some(figure.channel),
            partner: query
                .has(Dimension::Partner)
                .then(|| figure.partner.clone()),
            period: group_period,
        };
        match self.groups.get_mut(&key) {
            Some(acc) => add(acc, figure),
            None => {
                let mut acc = Accumulator::default();
                add(&mut acc, figure)?;
                self.groups.insert(key, acc);
                Ok(())
            }
        }
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
            let period = key.period.or(self.query.within);
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
        Ok(Table {
            rows,
            outside: self.outside,
        })
    }
}

/// Adds a figure to a group, or changes nothing and says why not.
fn add(acc: &mut Accumulator, figure: &Observation) -> Result<()> {
    if let Some(indicator) = acc.indicator {
        if indicator != figure.indicator {
            // Named in code order, so the message does not depend on which
            // figure came first.
            let (a, b) = (
                indicator.min(figure.indicator),
                indicator.max(figure.indicator),
            );
            return Err(Error::MixedIndicators {
                first: a,
                second: b,
            });
        }
    }
    let series = figure.series();
    let months = months_of(figure.period);
    if let Some((start, end)) = acc
        .periods
        .get(&series)
        .and_then(|seen| seen.overlap(months))
    {
        return Err(Error::OverlappingPeriods {
            series: series.to_string(),
            reason: format!(
                "the figure for {} overlaps figures already added for {} to {}, which would be counted twice",
                figure.period,
                month_label(start),
                month_label(end - 1)
            ),
        });
    }
    let value = match acc.value {
        None => figure.value,
        Some(total) => total.checked_add(figure.value)?,
    };
    acc.indicator = Some(figure.indicator);
    acc.value = Some(value);
    acc.bound = acc.bound.combine(figure.bound);
    acc.figures = acc.figures.saturating_add(1);
    if figure.basis == Basis::Interpreted {
        acc.interpreted = acc.interpreted.saturating_add(1);
    }
    acc.periods.entry(series).or_default().insert(months);
    Ok(())
}

fn inside(inner: Period, outer: Period) -> bool {
    let ((a, b), (c, d)) = (months_of(inner), months_of(outer));
    inner.start_month() == outer.start_month() && a >= c && b <= d
}

fn overlaps(a: Period, b: Period) -> bool {
    let ((a0, a1), (b0, b1)) = (months_of(a), months_of(b));
    a0 < b1 && b0 < a1
}

fn coverage(period: Option<Period>, series: &FnvMap<Series, Months>) -> Coverage {
    let Some(whole) = period else {
        return Coverage::Unbounded;
    };
    let mut gaps = Vec::new();
    for (name, months) in series {
        let missing = whole_parts(whole, |m| !months.contains(m));
        if !missing.is_empty() {
            gaps.push(Gap {
                series: name.clone(),
                covered: whole_parts(whole, |m| months.contains(m)),
                missing,
            });
        }
    }
    if gaps.is_empty() {
        Coverage::Complete
    } else {
        gaps.sort_by(|a, b| a.series.cmp(&b.series));
        Coverage::Partial(gaps)
    }
}

/// The months of `whole` for which `wanted` holds, as the largest whole
/// periods of its calendar, in order.
fn whole_parts(whole: Period, wanted: impl Fn(i64) -> bool) -> Vec<Period> {
    let span = |p: Period| {
        let (start, end) = months_of(p);
        start..end
    };
    let mut left: Vec<i64> = span(whole).filter(|&m| wanted(m)).collect();
    let mut parts = Vec::new();
    for kind in [
        PeriodKind::Year,
        PeriodKind::Half,
        PeriodKind::Quarter,
        PeriodKind::Month,
    ] {
        if kind.months() > whole.months() || left.is_empty() {
            continue;
        }
        let candidates = if kind == whole.kind() {
            vec![whole]
        } else {
            whole.subdivide(kind)
        };
        for part in candidates {
            if span(part).all(|m| left.contains(&m)) {
                left.retain(|m| !span(part).contains(m));
                parts.push(part);
            }
        }
    }
    parts.sort();
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Catalogue;
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
    fn missing_parts_are_named_as_the_largest_whole_periods() {
        // Figures for Sep (M01) and Dec-Feb (Q2) of H1 2020/21: Oct and Nov are missing.
        let h1 = CAL.half(2020, 1).unwrap();
        let q2 = CAL.quarter(2020, 2).unwrap();
        assert_eq!(missing_parts(h1, &[month(1), q2]), [month(2), month(3)]);
        assert_eq!(covered_parts(h1, &[month(1), q2]), [month(1), q2]);
        // Nothing at all in the year but its last month: H1, Q3 and two months missing.
        let year = CAL.year(2020).unwrap();
        assert_eq!(
            missing_parts(year, &[month(12)]),
            [h1, CAL.quarter(2020, 3).unwrap(), month(10), month(11)]
        );
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

    fn months_set(covered: &[Period]) -> Months {
        let mut months = Months::default();
        for &p in covered {
            months.insert(months_of(p));
        }
        months
    }

    fn missing_parts(whole: Period, covered: &[Period]) -> Vec<Period> {
        let months = months_set(covered);
        whole_parts(whole, |m| !months.contains(m))
    }

    fn covered_parts(whole: Period, covered: &[Period]) -> Vec<Period> {
        let months = months_set(covered);
        whole_parts(whole, |m| months.contains(m))
    }

    #[test]
    fn months_merge_and_find_overlaps() {
        let mut months = Months::default();
        months.insert((10, 12));
        months.insert((14, 15));
        assert_eq!(months.overlap((12, 14)), None);
        assert_eq!(months.overlap((11, 13)), Some((10, 12)));
        months.insert((12, 14));
        assert_eq!(months.ranges, [(10, 15)]);
        months.insert((0, 3));
        months.insert((20, 21));
        assert_eq!(months.ranges, [(0, 3), (10, 15), (20, 21)]);
        assert!(months.contains(14) && !months.contains(15) && months.contains(0));
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
        fn month_numbers_agree_with_the_calendar(
            start in 1u32..=12,
            year in 1i32..=9998,
            kind in 0usize..4,
            index in 1u8..=12,
        ) {
            use chrono::Datelike;
            let calendar = FiscalCalendar::new(start, crate::period::calendar::YearLabel::Span).unwrap();
            let kind = PeriodKind::ALL[kind];
            let index = (index - 1) % kind.per_year() + 1;
            let p = match kind {
                PeriodKind::Year => calendar.year(year),
                PeriodKind::Half => calendar.half(year, index),
                PeriodKind::Quarter => calendar.quarter(year, index),
                PeriodKind::Month => calendar.month(year, index),
            }
            .unwrap();
            let number = |d: chrono::NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
            prop_assert_eq!(months_of(p), (number(p.first_day()), number(p.last_day()) + 1));
        }

        #[test]
        fn months_hold_exactly_what_was_inserted(
            ranges in proptest::collection::vec((0i64..60, 1i64..6), 0..12),
        ) {
            let mut months = Months::default();
            let mut by_hand = std::collections::BTreeSet::new();
            for (start, len) in ranges {
                let range = (start, start + len);
                let overlapping = (range.0..range.1).any(|m| by_hand.contains(&m));
                prop_assert_eq!(months.overlap(range).is_some(), overlapping);
                if !overlapping {
                    months.insert(range);
                    by_hand.extend(range.0..range.1);
                }
            }
            for m in -1..70 {
                prop_assert_eq!(months.contains(m), by_hand.contains(&m));
            }
            for pair in months.ranges.windows(2) {
                prop_assert!(pair[0].1 < pair[1].0, "{:?} not merged", pair);
            }
        }

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
                f.country = row.key.country.flatten();
                f.channel = row.key.channel.flatten();
                from_quarters.push(f).unwrap();
            }
            let halves_in_steps = from_quarters.aggregate(&Query::roll_up(PeriodKind::Half)).unwrap();
            let halves_at_once = data.aggregate(&Query::roll_up(PeriodKind::Half)).unwrap();
            let values = |t: &Table| t.rows().iter().map(|r| (r.key.clone(), r.value)).collect::<Vec<_>>();
            prop_assert_eq!(values(&halves_in_steps), values(&halves_at_once));
        }

        #[test]
        fn covered_and_missing_parts_partition_the_period(months in proptest::collection::btree_set(1u8..=12, 0..12)) {
            let year = CAL.year(2020).unwrap();
            let covered: Vec<Period> = months.iter().map(|&m| month(m)).collect();
            let missing = missing_parts(year, &covered);
            let mut total = covered.len() as u32;
            for part in &missing {
                prop_assert!(year.contains(*part));
                for &c in &covered {
                    prop_assert!(!overlaps(*part, c), "{} overlaps {}", part, c);
                }
                total += part.months();
            }
            for pair in missing.windows(2) {
                prop_assert!(pair[0].last_day() < pair[1].first_day());
            }
            prop_assert_eq!(total, 12);
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
