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

mod columns;
pub(crate) mod compare;
mod query;
mod table;

pub use self::compare::{
    Comparer, Comparison, ComparisonSide, GrowthOutcome, Matching, Placement, Shortfall,
};
pub use self::query::{Dimension, Query};
pub use self::table::{Coverage, Gap, Group, GroupKey, Row, Table};

pub(crate) use self::columns::run_columns;

use crate::hash::FastMap;

use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::error::{Error, Result};
use crate::figure::observation::{Basis, Observation, Series};
use crate::figure::value::{Bound, Value};
use crate::indicator::Indicator;
use crate::period::Period;
use crate::period::months::{self, MonthSet};

/// The running total of one group.
#[derive(Debug, Default)]
struct Accumulator {
    indicator: Option<Indicator>,
    value: Option<Value>,
    bound: Bound,
    figures: usize,
    interpreted: usize,
    /// The group's series.
    series: Vec<SeriesId>,
}

/// A series, by the number [`Interner`] gave it.
type SeriesId = u32;

/// A series' fields, borrowed from a figure or a series: what is hashed
/// and compared to find its number, so that no series is copied to look
/// it up.
#[derive(Clone, Copy)]
struct SeriesOf<'a> {
    indicator: Indicator,
    country: Option<Country>,
    channel: Option<Channel>,
    partner: Option<&'a Partner>,
}

impl<'a> SeriesOf<'a> {
    fn figure(figure: &'a Observation) -> SeriesOf<'a> {
        SeriesOf {
            indicator: figure.indicator,
            country: figure.country,
            channel: figure.channel,
            partner: figure.partner.as_ref(),
        }
    }

    fn series(series: &'a Series) -> SeriesOf<'a> {
        SeriesOf {
            indicator: series.indicator,
            country: series.country,
            channel: series.channel,
            partner: series.partner.as_ref(),
        }
    }

    /// Its group under the query, without the period.
    fn group(self, query: &Query) -> GroupKey {
        let grouped = |dimension| query.has(dimension);
        GroupKey {
            indicator: grouped(Dimension::Indicator).then_some(self.indicator),
            country: if grouped(Dimension::Country) {
                self.country.into()
            } else {
                Group::All
            },
            channel: if grouped(Dimension::Channel) {
                self.channel.into()
            } else {
                Group::All
            },
            partner: if grouped(Dimension::Partner) {
                self.partner.cloned().into()
            } else {
                Group::All
            },
            period: None,
        }
    }

    fn to_series(self) -> Series {
        Series {
            indicator: self.indicator,
            country: self.country,
            channel: self.channel,
            partner: self.partner.cloned(),
        }
    }
}

/// Every series met, each numbered once. A series is found by a key of
/// four small numbers (its indicator's, country's, channel's and
/// partner's, each numbered the first time it is met), so that a row's
/// lookup touches small tables that stay in the cache, never the series
/// themselves.
#[derive(Debug, Default)]
struct Interner {
    indicators: FastMap<Indicator, u64>,
    countries: FastMap<&'static str, u64>,
    channels: FastMap<Channel, u64>,
    partners: FastMap<String, u64>,
    by_key: FastMap<u64, SeriesId>,
    names: Vec<Series>,
}

/// The bits of a series' key given to each of its parts: 16 to the
/// indicator, 12 to the country, 4 to the channel, 32 to the partner.
const INDICATOR_BITS: u32 = 16;
const COUNTRY_BITS: u32 = 12;
const CHANNEL_BITS: u32 = 4;

impl Interner {
    /// The key of a series whose parts were all met already.
    fn find(&self, series: SeriesOf<'_>) -> Option<SeriesId> {
        let indicator = *self.indicators.get(&series.indicator)?;
        let country = match series.country {
            None => 0,
            Some(c) => 1 + *self.countries.get(c.alpha2())?,
        };
        let channel = match series.channel {
            None => 0,
            Some(c) => 1 + *self.channels.get(&c)?,
        };
        let partner = match series.partner {
            None => 0,
            Some(p) => 1 + *self.partners.get(p.as_str())?,
        };
        self.by_key
            .get(&pack(indicator, country, channel, partner))
            .copied()
    }

    /// The series' number, numbering it if it is new.
    fn intern(&mut self, series: SeriesOf<'_>) -> Result<SeriesId> {
        fn number<K: std::hash::Hash + Eq>(
            map: &mut FastMap<K, u64>,
            key: K,
            bits: u32,
        ) -> Result<u64> {
            let next = map.len() as u64;
            let n = *map.entry(key).or_insert(next);
            if n + 1 >= 1 << bits {
                return Err(Error::Overflow {
                    context: "more distinct indicators, countries, channels or partners than the totals can number".to_string(),
                });
            }
            Ok(n)
        }
        let indicator = number(&mut self.indicators, series.indicator, INDICATOR_BITS)?;
        let country = match series.country {
            None => 0,
            Some(c) => 1 + number(&mut self.countries, c.alpha2(), COUNTRY_BITS)?,
        };
        let channel = match series.channel {
            None => 0,
            Some(c) => 1 + number(&mut self.channels, c, CHANNEL_BITS)?,
        };
        let partner = match series.partner {
            None => 0,
            Some(p) => match self.partners.get(p.as_str()) {
                Some(&n) => 1 + n,
                None => 1 + number(&mut self.partners, p.as_str().to_string(), 32)?,
            },
        };
        let key = pack(indicator, country, channel, partner);
        if let Some(&id) = self.by_key.get(&key) {
            return Ok(id);
        }
        let id = SeriesId::try_from(self.names.len()).map_err(|_| Error::Overflow {
            context: "more series than the totals can number".to_string(),
        })?;
        self.by_key.insert(key, id);
        self.names.push(series.to_series());
        Ok(id)
    }

    fn name(&self, id: SeriesId) -> Option<&Series> {
        self.names.get(id as usize)
    }
}

/// A reader's keys of series ([`SeriesKey`]), each with the number of its
/// series. A key is found in two steps: its outer part in a map of them,
/// then its inner part's number in that entry's list. The rows of a file
/// often come in runs of one outer part (one partner's rows together), so
/// the entry a row needs is most often the one the row before used, in the
/// cache, where one map of all the keys would be read at random.
#[derive(Debug, Default)]
struct Keys {
    /// The inner parts, numbered.
    inner: FastMap<u64, u32>,
    /// By outer part: the number of its list in `lists`.
    outer: FastMap<u64, u32>,
    /// For each outer part: the series of each inner part, by its number
    /// (`SeriesId::MAX` for none yet).
    lists: Vec<Vec<SeriesId>>,
    /// The outer part last looked up, and its list's number: the next
    /// row's most often, found without hashing it.
    last: Option<(u64, u32)>,
    /// The keys whose inner part's number is too large for the lists.
    rest: FastMap<SeriesKey, SeriesId>,
}

/// How many inner parts a list of [`Keys`] holds at most: a list costs
/// at most 2 KiB, for each outer part (each partner a reader met).
const INNER_LISTED: usize = 512;

impl Keys {
    fn get(&mut self, key: SeriesKey) -> Option<SeriesId> {
        let inner = *self.inner.get(&key.inner)? as usize;
        if inner >= INNER_LISTED {
            return self.rest.get(&key).copied();
        }
        let list = match self.last {
            Some((outer, list)) if outer == key.outer => list,
            _ => {
                let list = *self.outer.get(&key.outer)?;
                self.last = Some((key.outer, list));
                list
            }
        };
        let id = *self.lists.get(list as usize)?.get(inner)?;
        (id != SeriesId::MAX).then_some(id)
    }

    fn insert(&mut self, key: SeriesKey, id: SeriesId) {
        let next = u32::try_from(self.inner.len()).unwrap_or(u32::MAX);
        let inner = *self.inner.entry(key.inner).or_insert(next) as usize;
        if inner >= INNER_LISTED {
            self.rest.insert(key, id);
            return;
        }
        let next = u32::try_from(self.lists.len()).unwrap_or(u32::MAX);
        let n = *self.outer.entry(key.outer).or_insert(next);
        if n == next {
            self.lists.push(Vec::new());
        }
        let Some(list) = self.lists.get_mut(n as usize) else {
            return;
        };
        if list.len() <= inner {
            list.resize(inner + 1, SeriesId::MAX);
        }
        if let Some(slot) = list.get_mut(inner) {
            *slot = id;
        }
    }
}

/// A reader's name for a series: two numbers that are the same for every
/// figure of one series, and only for those. `outer` is the part that
/// changes least often from one row to the next (a partner's number),
/// `inner` the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct SeriesKey {
    pub(crate) outer: u64,
    pub(crate) inner: u64,
}

/// A series' key from its parts' numbers (0 for a part it lacks).
fn pack(indicator: u64, country: u64, channel: u64, partner: u64) -> u64 {
    indicator
        | country << INDICATOR_BITS
        | channel << (INDICATOR_BITS + COUNTRY_BITS)
        | partner << (INDICATOR_BITS + COUNTRY_BITS + CHANNEL_BITS)
}

/// Totals built one figure at a time, for figures that are never all in
/// memory at once (a large file read row by row).
///
/// Memory grows with the number of series and of groups, not with the
/// number of figures added: each series is numbered once and keeps the
/// months it covers as merged ranges (one range for a series with no
/// gap), and a group lists its series by number. A row costs a hash of
/// its series' parts (none when a reader numbered the series already, as
#[doc = concat!("the reader of ", csv_item!("csv::aggregate"), " does) and, when its period")]
/// is not the one of its series' last figure, one of two small integers. [`Dataset::aggregate`](crate::Dataset::aggregate)
/// is this over a dataset's figures; the result is the same whatever the
/// order the figures come in, and totals built apart can be combined
/// with [`Aggregator::merge`].
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
    series: Interner,
    /// By series: the months it covers, merged into ranges. A series'
    /// figures in different groups (periods) cover different months, so
    /// one set a series is enough for coverage and for refusing a month
    /// counted twice.
    covered: Vec<MonthSet>,
    /// By series: its group without the period, and whether it is on
    /// that group's list (when the query does not group by period).
    base_of: Vec<(u32, bool)>,
    /// The groups without their period, numbered.
    bases: FastMap<GroupKey, u32>,
    base_keys: Vec<GroupKey>,
    /// Each group's number in `groups`, by its base and period.
    group_index: FastMap<(u32, Option<Period>), usize>,
    groups: Vec<(GroupKey, Accumulator)>,
    outside: Vec<Observation>,
    /// By series: the group of its last figure, with that group's period,
    /// so that a series' next figure in the same period finds it at once.
    last_group: Vec<(Option<Period>, usize)>,
    /// Series numbers by a reader's key of them ([`Aggregator::count_keyed`]).
    keyed: Keys,
}

/// The partners' names of the figures readers give without them
/// ([`Quick`]), by the outer part of their series' keys ([`SeriesKey`]):
/// a reader puts a partner's name here before it gives the first figure of
/// the partner, and the totals read it when they meet a series first.
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) type PartnerNames = std::sync::Mutex<FastMap<u64, Partner>>;

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
            series: Interner::default(),
            covered: Vec::new(),
            base_of: Vec::new(),
            bases: FastMap::default(),
            base_keys: Vec::new(),
            group_index: FastMap::default(),
            groups: Vec::new(),
            outside: Vec::new(),
            last_group: Vec::new(),
            keyed: Keys::default(),
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
        self.count_keyed(figure, None)
    }

    /// [`Aggregator::count`], with a number a reader gave the figure's
    /// series (the same number for every figure of one series, and only
    /// for those: [`FigureParser::series_key`](crate::io::cells::FigureParser::series_key)),
    /// so that the series is found by one hash of that number rather than
    /// of its parts. [`Aggregator::merge`] keeps these keys, not those of
    /// the totals merged in.
    pub(crate) fn count_keyed(
        &mut self,
        figure: &Observation,
        key: Option<SeriesKey>,
    ) -> Result<bool> {
        match self.slot(figure) {
            Slot::Skipped => Ok(false),
            Slot::Outside => {
                self.outside.push(figure.clone());
                Ok(false)
            }
            Slot::Group(group_period) => {
                let id = match key.and_then(|key| self.keyed.get(key)) {
                    Some(id) => id,
                    None => {
                        let id = self.intern(SeriesOf::figure(figure))?;
                        if let Some(key) = key {
                            self.keyed.insert(key, id);
                        }
                        id
                    }
                };
                let span = [months::span(figure.period)];
                self.add_to_group(group_period, &Entry::of(figure, id, &span))?;
                Ok(true)
            }
        }
    }

    /// [`Aggregator::count_keyed`] for a figure a reader read without
    /// making an [`Observation`] of it: the same checks, the same totals
    /// and the same error. The reader found its place in the totals
    /// ([`place`]), and put its partner's name in `names`.
    ///
    /// # Errors
    ///
    /// As [`Aggregator::add`]; and when a figure has a partner whose name
    /// is not in `names`.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn count_quick(&mut self, figure: &Quick, names: &PartnerNames) -> Result<bool> {
        let id = match self.keyed.get(figure.key) {
            Some(id) => id,
            None => {
                let series = quick_series(figure, names)?;
                let id = self.intern(SeriesOf::series(&series))?;
                self.keyed.insert(figure.key, id);
                id
            }
        };
        let span = [months::span(figure.period)];
        let entry = Entry {
            indicator: figure.indicator,
            series: id,
            months: &span,
            period: Some(figure.period),
            value: figure.value,
            bound: Bound::Exact,
            figures: 1,
            interpreted: 0,
        };
        self.add_to_group(figure.group, &entry)?;
        Ok(true)
    }

    /// Adds an entry of one figure to its group in `period` (`None` when
    /// the query does not group by period).
    fn add_to_group(&mut self, period: Option<Period>, entry: &Entry<'_>) -> Result<()> {
        let group = self.group_of(entry.series, period);
        self.add_at(group, period, entry)
    }

    /// Whether [`Aggregator::add`] would take the figure, without adding
    /// it: the same checks, and the same error.
    pub(crate) fn check(&mut self, figure: &Observation) -> Result<()> {
        if let Slot::Group(group_period) = self.slot(figure) {
            let id = self.intern(SeriesOf::figure(figure))?;
            let group = self.group_of(id, group_period);
            let span = [months::span(figure.period)];
            self.admit(group, &Entry::of(figure, id, &span))?;
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
        let id = self.intern(SeriesOf::series(&series))?;
        let group = self.group_of(id, None);
        let entry = Entry {
            indicator: row.indicator,
            series: id,
            months: &spans,
            period: row.period,
            value: row.value,
            bound: row.bound,
            figures: row.figures,
            interpreted: row.interpreted,
        };
        self.add_at(group, None, &entry)
    }

    /// Adds the totals of `other` to these, as if every figure added to
    /// `other` had been added here: totals are a commutative monoid, so
    /// totals worked out apart (a file read in parts, on several threads
    /// or machines) combine into the totals of the whole.
    ///
    /// # Errors
    ///
    /// The checks of [`Aggregator::add`], between the two: a series with
    /// a month in both (it would be counted twice), a group whose figures
    /// are of another indicator on each side, a total that would
    /// overflow; and totals of different queries. Nothing is changed
    /// then.
    ///
    /// ```
    /// use impact_metrics::{Aggregator, FiscalCalendar, Indicator, Observation, Query, Value};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let query = Query::new().by_indicator();
    /// let (mut first, mut second) = (Aggregator::new(&query), Aggregator::new(&query));
    /// first.add(&Observation::new(Indicator::VICTIMS_REMOVED, calendar.quarter(2020, 1)?, Value::Count(12)))?;
    /// second.add(&Observation::new(Indicator::VICTIMS_REMOVED, calendar.quarter(2020, 2)?, Value::Count(8)))?;
    /// let mut again = Aggregator::new(&query);
    /// again.add(&Observation::new(Indicator::VICTIMS_REMOVED, calendar.month(2020, 2)?, Value::Count(1)))?;
    /// first.merge(second)?;
    /// assert!(first.merge(again).is_err());
    /// assert_eq!(first.finish()?.rows()[0].value, Value::Count(20));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn merge(&mut self, other: Aggregator) -> Result<()> {
        if self.query != other.query {
            return Err(Error::IncompatibleValues {
                what: "totals of two different queries".to_string(),
                reason: "only totals of the same query can be combined".to_string(),
            });
        }
        self.check_merge(&other)?;
        // Their series, numbered here.
        let mut ids = Vec::with_capacity(other.series.names.len());
        for name in &other.series.names {
            ids.push(self.intern(SeriesOf::series(name))?);
        }
        let mine = |theirs: SeriesId| ids.get(theirs as usize).copied();
        for (key, acc) in &other.groups {
            let (Some(indicator), Some(value)) = (acc.indicator, acc.value) else {
                continue;
            };
            let Some(first) = acc.series.first().and_then(|&s| mine(s)) else {
                continue;
            };
            let group = self.group_of(first, key.period);
            for &theirs in &acc.series {
                if let Some(id) = mine(theirs) {
                    self.list(group, key.period, id);
                }
            }
            if let Some((_, acc_mine)) = self.groups.get_mut(group) {
                let total = match acc_mine.value {
                    None => value,
                    Some(total) => total.checked_add(value)?,
                };
                acc_mine.indicator = Some(indicator);
                acc_mine.value = Some(total);
                acc_mine.bound = acc_mine.bound.combine(acc.bound);
                acc_mine.figures = acc_mine.figures.saturating_add(acc.figures);
                acc_mine.interpreted = acc_mine.interpreted.saturating_add(acc.interpreted);
            }
        }
        for (theirs, months) in other.covered.iter().enumerate() {
            let id = SeriesId::try_from(theirs).ok().and_then(mine);
            if let Some(covered) = id.and_then(|id| self.covered.get_mut(id as usize)) {
                for span in months.spans() {
                    covered.insert(*span);
                }
            }
        }
        self.outside.extend(other.outside);
        Ok(())
    }

    /// Whether no figure was added (nor listed outside the totals).
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn is_empty(&self) -> bool {
        self.series.names.is_empty() && self.groups.is_empty() && self.outside.is_empty()
    }

    /// Whether [`Aggregator::merge`] can take `other`: the first reason it
    /// cannot.
    fn check_merge(&self, other: &Aggregator) -> Result<()> {
        if self
            .series
            .names
            .len()
            .checked_add(other.series.names.len())
            .is_none_or(|n| SeriesId::try_from(n).is_err())
        {
            return Err(Error::Overflow {
                context: "more series than the totals can number".to_string(),
            });
        }
        for (theirs, name) in other.series.names.iter().enumerate() {
            let series = SeriesOf::series(name);
            let (Some(id), Some(months)) = (self.series.find(series), other.covered.get(theirs))
            else {
                continue;
            };
            let Some(seen) = self.covered.get(id as usize) else {
                continue;
            };
            let entry = Entry {
                indicator: name.indicator,
                series: id,
                months: months.spans(),
                period: None,
                value: Value::Count(0),
                bound: Bound::Exact,
                figures: 0,
                interpreted: 0,
            };
            admit(
                &Accumulator::default(),
                Some((seen, None)),
                &entry,
                &self.series,
            )?;
        }
        for (key, acc) in &other.groups {
            let (Some(indicator), Some(value)) = (acc.indicator, acc.value) else {
                continue;
            };
            let group = self
                .bases
                .get(&GroupKey {
                    period: None,
                    ..key.clone()
                })
                .and_then(|&base| self.group_index.get(&(base, key.period)))
                .and_then(|&group| self.groups.get(group));
            let Some((_, mine)) = group else {
                continue;
            };
            let entry = Entry {
                indicator,
                series: SeriesId::MAX,
                months: &[],
                period: None,
                value,
                bound: acc.bound,
                figures: acc.figures,
                interpreted: acc.interpreted,
            };
            admit(mine, None, &entry, &self.series)?;
        }
        Ok(())
    }

    /// The series' number, numbering it (and finding its group without
    /// the period) if it is new.
    fn intern(&mut self, series: SeriesOf<'_>) -> Result<SeriesId> {
        let before = self.series.names.len();
        let id = self.series.intern(series)?;
        if self.series.names.len() > before {
            let key = series.group(&self.query);
            let base = match self.bases.get(&key) {
                Some(&base) => base,
                None => {
                    let base = u32::try_from(self.base_keys.len()).unwrap_or(u32::MAX);
                    self.bases.insert(key.clone(), base);
                    self.base_keys.push(key);
                    base
                }
            };
            self.covered.push(MonthSet::default());
            self.base_of.push((base, false));
            self.last_group.push((None, usize::MAX));
        }
        Ok(id)
    }

    /// The group of a series in `period` (`None` when the query does not
    /// group by period), made if it is new.
    fn group_of(&mut self, id: SeriesId, period: Option<Period>) -> usize {
        let last = self.last_group.get_mut(id as usize);
        if let Some(&mut (last_period, group)) = last {
            if last_period == period && group != usize::MAX {
                return group;
            }
        }
        let group = self.find_group(id, period);
        if let Some(last) = self.last_group.get_mut(id as usize) {
            *last = (period, group);
        }
        group
    }

    /// [`Aggregator::group_of`], looked up by the series' base and period.
    fn find_group(&mut self, id: SeriesId, period: Option<Period>) -> usize {
        let base = self.base_of.get(id as usize).map_or(u32::MAX, |b| b.0);
        if let Some(&group) = self.group_index.get(&(base, period)) {
            return group;
        }
        let mut key = self
            .base_keys
            .get(base as usize)
            .cloned()
            .unwrap_or_default();
        key.period = period;
        let group = self.groups.len();
        self.group_index.insert((base, period), group);
        self.groups.push((key, Accumulator::default()));
        group
    }

    /// Lists a series in a group, unless it is listed already: it is, in
    /// a group of a period, when it covers a month of the period.
    fn list(&mut self, group: usize, period: Option<Period>, id: SeriesId) {
        let listed = match period {
            Some(period) => self
                .covered
                .get(id as usize)
                .is_some_and(|months| months.overlaps(months::span(period))),
            None => self
                .base_of
                .get_mut(id as usize)
                .is_none_or(|(_, listed)| std::mem::replace(listed, true)),
        };
        if !listed {
            if let Some((_, acc)) = self.groups.get_mut(group) {
                acc.series.push(id);
            }
        }
    }

    /// The group's total with `entry` added, or why not.
    fn admit(&self, group: usize, entry: &Entry<'_>) -> Result<Value> {
        let seen = self.covered.get(entry.series as usize);
        match self.groups.get(group) {
            Some((key, acc)) => admit(
                acc,
                seen.map(|months| (months, key.period.map(months::span))),
                entry,
                &self.series,
            ),
            None => admit(
                &Accumulator::default(),
                seen.map(|months| (months, None)),
                entry,
                &self.series,
            ),
        }
    }

    /// Adds an entry to its group, or changes nothing and says why not.
    fn add_at(&mut self, group: usize, period: Option<Period>, entry: &Entry<'_>) -> Result<()> {
        let seen = self.covered.get(entry.series as usize);
        let value = match (self.groups.get(group), entry.months) {
            // Most figures come after every month their series covers:
            // none of theirs is counted twice.
            (Some((_, acc)), [span]) if seen.is_some_and(|months| months.all_before(*span)) => {
                admit(acc, None, entry, &self.series)?
            }
            _ => self.admit(group, entry)?,
        };
        self.list(group, period, entry.series);
        if let Some((_, acc)) = self.groups.get_mut(group) {
            if acc.indicator.is_none() {
                // Once set, [`admit`] keeps it the same.
                acc.indicator = Some(entry.indicator);
            }
            acc.value = Some(value);
            acc.bound = acc.bound.combine(entry.bound);
            acc.figures = acc.figures.saturating_add(entry.figures);
            acc.interpreted = acc.interpreted.saturating_add(entry.interpreted);
        }
        if let Some(covered) = self.covered.get_mut(entry.series as usize) {
            for span in entry.months {
                covered.insert(*span);
            }
        }
        Ok(())
    }

    /// Where the query puts a figure: in no total, in the list of figures
    /// outside, or in the group of this period (`None` when the query
    /// does not group by period).
    fn slot(&self, figure: &Observation) -> Slot {
        place(&self.query, self.query.selects(figure), figure.period)
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
        let mut groups = self.groups;
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        let mut rows = Vec::with_capacity(groups.len());
        for (key, acc) in groups {
            let (Some(indicator), Some(value)) = (acc.indicator, acc.value) else {
                continue;
            };
            let period = key.period.or(self.query.period());
            let covered = acc
                .series
                .iter()
                .filter_map(|&id| Some((self.series.name(id)?, self.covered.get(id as usize)?)));
            let coverage = coverage(period, covered);
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
    SeriesOf::series(series).group(query)
}

/// Which of `shards` parts a figure's totals are kept in, when totals
/// are kept in parts that never share a group: every figure of a group
/// without its period (and so every figure of a series) is in the same
/// part, so each part's totals, checks and refusals are those of the
/// whole, and the parts' totals merge without a conflict.
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) fn shard(query: &Query, figure: &Observation, shards: usize) -> usize {
    if shards <= 1 {
        return 0;
    }
    let parts = [
        part_hash(figure.indicator.as_str()),
        figure.country.map_or(0, |c| part_hash(c.alpha2())),
        figure.channel.map_or(0, channel_hash),
        figure.partner.as_ref().map_or(0, |p| part_hash(p.as_str())),
    ];
    shard_of(query, parts, shards)
}

/// [`shard`], from the hashes of a figure's indicator, country, channel
/// and partner ([`part_hash`], [`channel_hash`]; 0 for a part it lacks),
/// which a reader can keep for each text it reads.
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) fn shard_of(query: &Query, parts: [u64; 4], shards: usize) -> usize {
    use std::hash::Hasher;
    if shards <= 1 {
        return 0;
    }
    // What `SeriesOf::group` keys a group by.
    let mut hash = crate::hash::Fast::default();
    let dimensions = [
        Dimension::Indicator,
        Dimension::Country,
        Dimension::Channel,
        Dimension::Partner,
    ];
    for (dimension, part) in dimensions.into_iter().zip(parts) {
        if query.has(dimension) {
            hash.write_u64(part);
        }
    }
    let shards = u64::try_from(shards).unwrap_or(u64::MAX);
    usize::try_from(hash.finish() % shards).unwrap_or(0)
}

/// The hash of a part of a figure's group for [`shard_of`]: an
/// indicator's code, a country's alpha-2 code, a partner's name.
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) fn part_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hash = crate::hash::Fast::default();
    hash.write(text.as_bytes());
    // Never 0, the hash of a part a figure lacks.
    hash.finish() | 1
}

/// The hash of a channel for [`shard_of`].
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) fn channel_hash(channel: Channel) -> u64 {
    channel as u64 + 1
}

/// Where `query` puts a figure of `period` that it selects or not
/// ([`Query::selects`]): the one rule for every way of adding a figure.
pub(crate) fn place(query: &Query, selected: bool, period: Period) -> Slot {
    if !selected {
        return Slot::Skipped;
    }
    if let Some(within) = query.period() {
        if !within.contains(period) {
            return if months::overlaps(period, within) {
                Slot::Outside
            } else {
                Slot::Skipped
            };
        }
    }
    match query.period_kind() {
        None => Slot::Group(None),
        Some(kind) => match period.ancestor(kind) {
            Some(p) => Slot::Group(Some(p)),
            None => Slot::Outside,
        },
    }
}

/// A figure a reader read and checked as [`Dataset::check`](crate::Dataset::check)
/// does, exact and stated, that its query puts in a group
/// ([`Slot::Group`]): what adding it needs, without its note or a copy of
/// its partner's name ([`Aggregator::count_quick`]).
#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) struct Quick {
    /// The reader's key of its series ([`SeriesKey`]).
    pub(crate) key: SeriesKey,
    /// Its line in the file.
    pub(crate) line: u64,
    pub(crate) indicator: Indicator,
    pub(crate) country: Option<Country>,
    pub(crate) channel: Option<Channel>,
    /// Whether it has a partner.
    pub(crate) partner: bool,
    pub(crate) period: Period,
    /// The period of its group (`None` when the query does not group by
    /// period).
    pub(crate) group: Option<Period>,
    pub(crate) value: Value,
}

/// The series of a figure given to [`Aggregator::count_quick`], with its
/// partner's name from `names`.
///
/// # Errors
///
/// When the figure has a partner whose name is not in `names`.
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) fn quick_series(figure: &Quick, names: &PartnerNames) -> Result<Series> {
    let partner = if figure.partner {
        let name = names
            .lock()
            .ok()
            .and_then(|names| names.get(&figure.key.outer).cloned());
        Some(name.ok_or_else(|| Error::InvalidFigure {
            figure: figure.indicator.to_string(),
            reason: "its partner's name was not given before its first figure".to_string(),
        })?)
    } else {
        None
    };
    Ok(Series {
        indicator: figure.indicator,
        country: figure.country,
        channel: figure.channel,
        partner,
    })
}

/// Where the query puts a figure.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Slot {
    /// In no total: the query does not select it, or its period lies
    /// outside the query's.
    Skipped,
    /// In no total, but listed in [`Table::outside`].
    Outside,
    /// In the total of its group in this period (`None` when the query
    /// does not group by period).
    Group(Option<Period>),
}

/// What is added to a group's total: one figure, or the total of one
/// series.
struct Entry<'a> {
    indicator: Indicator,
    series: SeriesId,
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
    fn of(figure: &Observation, series: SeriesId, months: &'a [months::Span]) -> Entry<'a> {
        Entry {
            indicator: figure.indicator,
            series,
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
/// place that decides whether a total takes a figure. `seen` is what the
/// entry's series already covers in the group.
fn admit(
    acc: &Accumulator,
    seen: Option<(&MonthSet, Option<months::Span>)>,
    entry: &Entry<'_>,
    names: &Interner,
) -> Result<Value> {
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
    if let Some((seen, within)) = seen {
        if let Some(overlap) = entry.months.iter().find_map(|span| seen.overlap(*span)) {
            // The series' months are kept whole, across the periods it is
            // grouped into; the refusal names those of the group's period.
            let overlap = within.map_or(overlap, |within| months::Span {
                start: overlap.start.max(within.start),
                end: overlap.end.min(within.end),
            });
            let what = entry.period.map_or_else(
                || "the figure".to_string(),
                |p| format!("the figure for {p}"),
            );
            return Err(Error::OverlappingPeriods {
                series: names
                    .name(entry.series)
                    .map(ToString::to_string)
                    .unwrap_or_default(),
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

fn coverage<'a>(
    period: Option<Period>,
    series: impl Iterator<Item = (&'a Series, &'a MonthSet)>,
) -> Coverage {
    let Some(whole) = period else {
        return Coverage::Unbounded;
    };
    let span = months::span(whole);
    let mut gaps: Vec<Gap> = series
        .filter_map(|(name, months)| {
            // Most series cover the period in one span, found at once.
            if months.overlap(span).is_some_and(|s| s.holds(span)) {
                return None;
            }
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

    #[test]
    fn a_refusal_names_the_months_of_the_groups_period_only() {
        // Grouped by quarter: September to November are Q1, December is
        // Q2. October again overlaps Q1's September to November; December,
        // in the next quarter, is not named.
        let mut totals = Aggregator::new(&Query::roll_up(PeriodKind::Quarter));
        for m in 1..=4 {
            totals
                .add(&Observation::new(
                    Indicator::VICTIMS_REMOVED,
                    month(m),
                    Value::Count(1),
                ))
                .unwrap();
        }
        let again = Observation::new(Indicator::VICTIMS_REMOVED, month(2), Value::Count(1));
        assert_eq!(
            totals.add(&again).unwrap_err().to_string(),
            "overlapping periods in victims_removed: the figure for FY2020-09-M02 overlaps figures already added \
             for 2020-09 to 2020-11, which would be counted twice"
        );
        let table = totals.finish().unwrap();
        let values: Vec<Value> = table.rows().iter().map(|r| r.value).collect();
        assert_eq!(values, [Value::Count(3), Value::Count(1)]);
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
        fn totals_merged_from_parts_are_the_totals_of_the_whole(
            figures in figures(),
            query in queries(),
            cut in any::<proptest::sample::Index>(),
        ) {
            let at = cut.index(figures.len() + 1);
            let (first, second) = figures.split_at(at);
            let mut a = Aggregator::new(&query);
            for f in first {
                a.add(f).unwrap();
            }
            let mut b = Aggregator::new(&query);
            for f in second {
                b.add(f).unwrap();
            }
            // Merged either way round.
            let mut c = Aggregator::new(&query);
            for f in second {
                c.add(f).unwrap();
            }
            let mut d = Aggregator::new(&query);
            for f in first {
                d.add(f).unwrap();
            }
            a.merge(b).unwrap();
            c.merge(d).unwrap();
            let whole = dataset(figures.clone()).aggregate(&query).unwrap();
            prop_assert_eq!(&a.finish().unwrap(), &whole);
            prop_assert_eq!(&c.finish().unwrap(), &whole);
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
