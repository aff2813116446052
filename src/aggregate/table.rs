//! The totals a query gives: rows keyed by their group, with coverage.

use serde::{Deserialize, Serialize};

use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::figure::observation::{Observation, Series};
use crate::figure::value::{Bound, Value};
use crate::indicator::Indicator;
use crate::period::Period;

/// One dimension of a row's group: every value together (the query does
/// not group by it), the figures that have no value, or the figures with
/// one value.
///
/// The order is `All`, then `Without`, then `With` in the order of the
/// values, so that a table lists its rows in that order.
///
/// ```
/// use impact_metrics::{Country, aggregate::Group};
/// let india = Group::With(Country::IN);
/// assert_eq!(india.value(), Some(&Country::IN));
/// assert!(india.is_grouped());
/// assert!(Group::<Country>::Without.is_grouped());
/// assert!(!Group::<Country>::All.is_grouped());
/// let none: Group<Country> = None.into();
/// assert_eq!(none, Group::Without);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group<T> {
    /// The query does not group by this dimension: the row holds figures
    /// of every value, and of none.
    #[default]
    All,
    /// The figures that have no value for this dimension (a figure with
    /// no country, in a table grouped by country).
    Without,
    /// The figures with this value.
    With(T),
}

impl<T> Group<T> {
    /// The value, for [`Group::With`].
    ///
    /// ```
    /// use impact_metrics::{Channel, aggregate::Group};
    /// assert_eq!(Group::With(Channel::Joint).value(), Some(&Channel::Joint));
    /// assert_eq!(Group::<Channel>::Without.value(), None);
    /// ```
    #[must_use]
    pub fn value(&self) -> Option<&T> {
        match self {
            Group::With(value) => Some(value),
            Group::All | Group::Without => None,
        }
    }

    /// Whether the table is grouped by this dimension (anything but
    /// [`Group::All`]).
    ///
    /// ```
    /// use impact_metrics::{Country, aggregate::Group};
    /// assert!(Group::With(Country::GB).is_grouped());
    /// ```
    #[must_use]
    pub fn is_grouped(&self) -> bool {
        !matches!(self, Group::All)
    }

    /// Whether a figure whose value for this dimension is `value` falls in
    /// this group: every figure falls in [`Group::All`].
    ///
    /// ```
    /// use impact_metrics::{Country, aggregate::Group};
    /// assert!(Group::All.matches(Some(&Country::IN)));
    /// assert!(Group::With(Country::IN).matches(Some(&Country::IN)));
    /// assert!(!Group::With(Country::IN).matches(None));
    /// assert!(Group::<Country>::Without.matches(None));
    /// ```
    #[must_use]
    pub fn matches(&self, value: Option<&T>) -> bool
    where
        T: PartialEq,
    {
        match self {
            Group::All => true,
            Group::Without => value.is_none(),
            Group::With(own) => value == Some(own),
        }
    }

    /// The group of a figure's value: [`Group::With`] it, or
    /// [`Group::Without`] for `None`.
    fn of(value: Option<T>) -> Group<T> {
        match value {
            Some(value) => Group::With(value),
            None => Group::Without,
        }
    }

    fn is_all(&self) -> bool {
        matches!(self, Group::All)
    }
}

impl<T> From<T> for Group<T> {
    /// [`Group::With`] the value.
    fn from(value: T) -> Group<T> {
        Group::With(value)
    }
}

impl<T> From<Option<T>> for Group<T> {
    /// [`Group::With`] the value, or [`Group::Without`] for `None`.
    fn from(value: Option<T>) -> Group<T> {
        Group::of(value)
    }
}

/// Which group a row totals: for each dimension, whether the query groups
/// by it, and the value of the row's figures.
///
/// Indicator and period are `None` when the query does not group by them
/// (every figure has both). Country, channel and partner are a [`Group`],
/// since a figure may have none: [`Group::All`] when the query does not
/// group by it, [`Group::Without`] for the figures that have none.
///
/// Serde writes only the dimensions grouped by, with `null` for
/// [`Group::Without`]: `{"indicator":"victims_removed","country":"GB"}`.
///
/// ```
/// use impact_metrics::{seed, Channel, aggregate::Group, aggregate::GroupKey, Indicator, Query, Value};
/// let report = seed::h1_2020_21()?;
/// let table = report.figures.aggregate(&Query::new().within(report.period).by_indicator().by_channel())?;
/// let key = &table.rows()[0].key;
/// assert!(key.indicator.is_some());
/// assert!(matches!(key.channel, Group::With(Channel::Direct | Channel::Joint)));
/// assert_eq!(key.country, Group::All);
///
/// let direct_arrests = GroupKey::new()
///     .with_indicator(Indicator::ACCUSED_ARRESTED)
///     .with_channel(Channel::Direct);
/// assert_eq!(table.get(&direct_arrests).map(|r| r.value), Some(Value::Count(37 + 16)));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GroupKey {
    /// The indicator, when grouped by indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<Indicator>,
    /// The country, when grouped by country.
    #[serde(default, skip_serializing_if = "Group::is_all", with = "group_field")]
    pub country: Group<Country>,
    /// The channel, when grouped by channel.
    #[serde(default, skip_serializing_if = "Group::is_all", with = "group_field")]
    pub channel: Group<Channel>,
    /// The partner, when grouped by partner.
    #[serde(default, skip_serializing_if = "Group::is_all", with = "group_field")]
    pub partner: Group<Partner>,
    /// The period, when grouped by period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}

impl GroupKey {
    /// The key of a table with no grouping.
    ///
    /// ```
    /// use impact_metrics::{aggregate::Group, aggregate::GroupKey};
    /// assert_eq!(GroupKey::new().country, Group::All);
    /// ```
    #[must_use]
    pub fn new() -> GroupKey {
        GroupKey::default()
    }

    /// The same key, grouped by indicator with this one.
    ///
    /// ```
    /// use impact_metrics::{aggregate::GroupKey, Indicator};
    /// assert_eq!(GroupKey::new().with_indicator(Indicator::VICTIMS_REMOVED).indicator, Some(Indicator::VICTIMS_REMOVED));
    /// ```
    #[must_use]
    pub fn with_indicator(mut self, indicator: Indicator) -> GroupKey {
        self.indicator = Some(indicator);
        self
    }

    /// The same key, grouped by country with this one (`None`: the figures
    /// without a country).
    ///
    /// ```
    /// use impact_metrics::{Country, aggregate::Group, aggregate::GroupKey};
    /// assert_eq!(GroupKey::new().with_country(Country::IN).country, Group::With(Country::IN));
    /// assert_eq!(GroupKey::new().with_country(None).country, Group::Without);
    /// ```
    #[must_use]
    pub fn with_country(mut self, country: impl Into<Group<Country>>) -> GroupKey {
        self.country = country.into();
        self
    }

    /// The same key, grouped by channel with this one (`None`: the figures
    /// without a channel).
    ///
    /// ```
    /// use impact_metrics::{Channel, aggregate::Group, aggregate::GroupKey};
    /// assert_eq!(GroupKey::new().with_channel(Channel::Joint).channel, Group::With(Channel::Joint));
    /// ```
    #[must_use]
    pub fn with_channel(mut self, channel: impl Into<Group<Channel>>) -> GroupKey {
        self.channel = channel.into();
        self
    }

    /// The same key, grouped by partner with this one (`None`: the figures
    /// without a partner).
    ///
    /// ```
    /// use impact_metrics::{aggregate::Group, aggregate::GroupKey, Partner};
    /// let vihaan = Partner::new("Vihaan")?;
    /// assert_eq!(GroupKey::new().with_partner(vihaan.clone()).partner, Group::With(vihaan));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_partner(mut self, partner: impl Into<Group<Partner>>) -> GroupKey {
        self.partner = partner.into();
        self
    }

    /// The same key, grouped by period with this one.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, aggregate::GroupKey};
    /// let q1 = FiscalCalendar::SEPTEMBER.quarter(2020, 1)?;
    /// assert_eq!(GroupKey::new().with_period(q1).period, Some(q1));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_period(mut self, period: Period) -> GroupKey {
        self.period = Some(period);
        self
    }

    /// Whether the key groups by indicator (or by nothing) and by nothing
    /// else: its row is the whole total of its indicator.
    fn is_indicator_alone(&self) -> bool {
        !self.country.is_grouped()
            && !self.channel.is_grouped()
            && !self.partner.is_grouped()
            && self.period.is_none()
    }
}

/// Serde for a [`Group`] inside a [`GroupKey`], whose fields that are
/// [`Group::All`] are left out: `null` is [`Group::Without`], a value is
/// [`Group::With`].
mod group_field {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Group;

    pub(super) fn serialize<T: Serialize, S: Serializer>(
        group: &Group<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        group.value().serialize(serializer)
    }

    pub(super) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Group<T>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Group::of)
    }
}

/// Whether the figures of a row cover the whole of its period.
///
/// ```
/// use impact_metrics::{seed, Country, Indicator, Query};
/// let report = seed::h1_2020_21()?;
/// let cared_for = report.figures.aggregate(
///     &Query::new().within(report.period).with_indicator(Indicator::SURVIVORS_CARED_FOR),
/// )?;
/// let gaps = cared_for.rows()[0].coverage.gaps();
/// assert_eq!(gaps.len(), 1);
/// assert_eq!(gaps[0].series.country, Some(Country::IN));
/// assert_eq!(gaps[0].missing, [report.calendar.parse("20/21 Q2")?]);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Coverage {
    /// Every series in the row covers the whole period.
    Complete,
    /// Some series cover only part of the period; one gap for each.
    Partial(Vec<Gap>),
    /// The row has no period to measure against (the query has no
    /// [`Query::within`](crate::Query::within) and no period grouping).
    Unbounded,
}

impl Coverage {
    /// Whether every series covers the whole period.
    ///
    /// ```
    /// use impact_metrics::aggregate::Coverage;
    /// assert!(Coverage::Complete.is_complete());
    /// assert!(!Coverage::Unbounded.is_complete());
    /// ```
    #[must_use]
    pub fn is_complete(&self) -> bool {
        matches!(self, Coverage::Complete)
    }

    /// The gaps: empty unless [`Coverage::Partial`].
    ///
    /// ```
    /// use impact_metrics::aggregate::Coverage;
    /// assert!(Coverage::Complete.gaps().is_empty());
    /// ```
    #[must_use]
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
/// let table = report.figures.aggregate(&Query::new().within(report.period).with_indicator(Indicator::PROSECUTIONS_SUPPORTED))?;
/// let gap = &table.rows()[0].coverage.gaps()[0];
/// assert_eq!(gap.covered, [report.calendar.parse("20/21 Q1")?]);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
/// let table = report.figures.aggregate(&Query::new().within(report.period).with_indicator(Indicator::EXPLOITERS_CONVICTED))?;
/// let row = &table.rows()[0];
/// assert_eq!((row.value, row.bound, row.figures), (Value::Count(25), Bound::Exact, 2));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

/// The result of [`Dataset::aggregate`](crate::Dataset::aggregate): rows in the order of their keys,
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub(super) rows: Vec<Row>,
    pub(super) outside: Vec<Observation>,
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
    #[must_use]
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The whole total of an indicator: its row in a table grouped by
    /// indicator alone, or the one row of a table with no grouping.
    ///
    /// A table grouped by anything else (country, channel, partner or
    /// period) has no row that is the whole total, so this is `None`
    /// there, rather than the first country's or period's row; find such
    /// rows with [`Table::get`] or [`Table::rows`].
    ///
    /// ```
    /// use impact_metrics::{seed, Indicator, Query, Value};
    /// let report = seed::h1_2020_21()?;
    /// let by_indicator = report.figures.aggregate(&Query::new().within(report.period).by_indicator())?;
    /// assert_eq!(by_indicator.row(Indicator::PROFESSIONALS_TRAINED).map(|r| r.value), Some(Value::Count(941)));
    /// let by_country = report.figures.aggregate(&Query::new().within(report.period).by_indicator().by_country())?;
    /// assert!(by_country.row(Indicator::PROFESSIONALS_TRAINED).is_none());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn row(&self, indicator: Indicator) -> Option<&Row> {
        self.rows.iter().find(|r| {
            r.indicator == indicator
                && r.key.indicator.is_none_or(|i| i == indicator)
                && r.key.is_indicator_alone()
        })
    }

    /// The row of a group, by its whole key.
    ///
    /// ```
    /// use impact_metrics::{seed, Country, aggregate::GroupKey, Indicator, Query, Value};
    /// let report = seed::h1_2020_21()?;
    /// let table = report.figures.aggregate(&Query::new().within(report.period).by_indicator().by_country())?;
    /// let india = GroupKey::new().with_indicator(Indicator::SURVIVORS_CARED_FOR).with_country(Country::IN);
    /// assert_eq!(table.get(&india).map(|r| r.value), Some(Value::Count(93)));
    /// // A key of other dimensions than the table's finds nothing.
    /// assert!(table.get(&GroupKey::new().with_indicator(Indicator::SURVIVORS_CARED_FOR)).is_none());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn get(&self, key: &GroupKey) -> Option<&Row> {
        self.rows.iter().find(|r| r.key == *key)
    }

    /// Figures that the query selected but no total could include: their
    /// period overlaps the query's period without lying inside it, or is
    /// longer than the grouping period. They are listed so that nothing is
    /// left out silently, ordered by series and period, whatever the order
    /// they were added in.
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
    #[must_use]
    pub fn outside(&self) -> &[Observation] {
        &self.outside
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{Dimension, Query};
    use crate::period::PeriodKind;
    use crate::seed;

    #[test]
    fn row_on_a_table_by_country_is_not_one_countrys_total() {
        let report = seed::h1_2020_21().unwrap();
        let by_country = report
            .figures
            .aggregate(
                &Query::new()
                    .within(report.period)
                    .by_indicator()
                    .by_country(),
            )
            .unwrap();
        // FIGURES.md: survivors cared for, UK 99 + Bangladesh 224 + Thailand 21 + India 93.
        // The first row of that indicator is one country's; `row` must not pass it off
        // as the total.
        assert!(
            by_country
                .rows()
                .iter()
                .any(|r| r.indicator == Indicator::SURVIVORS_CARED_FOR)
        );
        assert_eq!(by_country.row(Indicator::SURVIVORS_CARED_FOR), None);
        let india = GroupKey::new()
            .with_indicator(Indicator::SURVIVORS_CARED_FOR)
            .with_country(Country::IN);
        assert_eq!(
            by_country.get(&india).map(|r| r.value),
            Some(Value::Count(93))
        );
        // The same figures by indicator alone, and with no grouping at all.
        let by_indicator = report
            .figures
            .aggregate(&Query::new().within(report.period).by_indicator())
            .unwrap();
        assert_eq!(
            by_indicator
                .row(Indicator::SURVIVORS_CARED_FOR)
                .map(|r| r.value),
            Some(Value::Count(99 + 224 + 21 + 93))
        );
        let one = report
            .figures
            .aggregate(
                &Query::new()
                    .within(report.period)
                    .with_indicator(Indicator::SURVIVORS_CARED_FOR),
            )
            .unwrap();
        assert_eq!(
            one.row(Indicator::SURVIVORS_CARED_FOR).map(|r| r.value),
            Some(Value::Count(437))
        );
        assert_eq!(one.row(Indicator::VICTIMS_REMOVED), None);
        // By period: a quarter's row is not the total either.
        let by_quarter = report
            .figures
            .aggregate(&Query::new().by_indicator().by_period(PeriodKind::Quarter))
            .unwrap();
        assert_eq!(by_quarter.row(Indicator::SURVIVORS_CARED_FOR), None);
    }

    #[test]
    fn figures_without_a_country_have_their_own_group() {
        use crate::figure::observation::Observation;
        use crate::indicator::Catalogue;
        use crate::period::calendar::FiscalCalendar;
        let cal = FiscalCalendar::SEPTEMBER;
        let h1 = cal.half(2020, 1).unwrap();
        let mut data = crate::Dataset::new(cal, Catalogue::builtin());
        data.push(
            Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(3))
                .with_country(Country::GB),
        )
        .unwrap();
        data.push(Observation::new(
            Indicator::VICTIMS_REMOVED,
            h1,
            Value::Count(4),
        ))
        .unwrap();
        let table = data.aggregate(&Query::new().by_country()).unwrap();
        let keys: Vec<&Group<Country>> = table.rows().iter().map(|r| &r.key.country).collect();
        // The group without a country comes before the countries.
        assert_eq!(keys, [&Group::Without, &Group::With(Country::GB)]);
        assert_eq!(
            table
                .get(&GroupKey::new().with_country(None))
                .map(|r| r.value),
            Some(Value::Count(4))
        );
        assert_eq!(table.row(Indicator::VICTIMS_REMOVED), None);
    }

    #[test]
    fn keys_write_only_what_is_grouped() {
        let key = GroupKey::new()
            .with_indicator(Indicator::VICTIMS_REMOVED)
            .with_country(Country::GB)
            .with_partner(None);
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(
            json,
            r#"{"indicator":"victims_removed","country":"GB","partner":null}"#
        );
        assert_eq!(serde_json::from_str::<GroupKey>(&json).unwrap(), key);
        assert_eq!(
            serde_json::from_str::<GroupKey>("{}").unwrap(),
            GroupKey::new()
        );
        assert!(serde_json::from_str::<GroupKey>(r#"{"county":"GB"}"#).is_err());
        assert!(serde_json::from_str::<GroupKey>(r#"{"country":"XX"}"#).is_err());
    }

    #[test]
    fn coverage_is_written_with_periods_in_their_machine_form() {
        let report = seed::h1_2020_21().unwrap();
        let table = report
            .figures
            .aggregate(
                &Query::new()
                    .within(report.period)
                    .with_indicator(Indicator::PROSECUTIONS_SUPPORTED),
            )
            .unwrap();
        let coverage = &table.rows()[0].coverage;
        let json = serde_json::to_value(coverage).unwrap();
        // FIGURES.md: India's figures cover 20/21 Q1; Q2 is missing.
        assert_eq!(json["partial"][0]["covered"][0], "FY2020-09-Q1");
        assert_eq!(json["partial"][0]["missing"][0], "FY2020-09-Q2");
        assert_eq!(json["partial"][0]["series"]["country"], "IN");
        assert_eq!(
            serde_json::to_string(&Coverage::Complete).unwrap(),
            r#""complete""#
        );
        assert_eq!(
            serde_json::to_string(&Coverage::Unbounded).unwrap(),
            r#""unbounded""#
        );
    }

    #[test]
    fn tables_and_queries_round_trip_through_serde() {
        let report = seed::h1_2020_21().unwrap();
        for query in [
            Query::new().within(report.period).by_indicator(),
            Query::roll_up(PeriodKind::Quarter),
            Query::new()
                .within(report.period)
                .by_indicator()
                .by_country()
                .by_channel()
                .stated_only(),
        ] {
            let json = serde_json::to_string(&query).unwrap();
            assert_eq!(
                serde_json::from_str::<Query>(&json).unwrap(),
                query,
                "{json}"
            );
            let table = report.figures.aggregate(&query).unwrap();
            let json = serde_json::to_string(&table).unwrap();
            let back: Table = serde_json::from_str(&json).unwrap();
            assert_eq!(back, table, "{json}");
            for row in table.rows() {
                let json = serde_json::to_string(row).unwrap();
                assert_eq!(serde_json::from_str::<Row>(&json).unwrap(), *row);
                for gap in row.coverage.gaps() {
                    let json = serde_json::to_string(gap).unwrap();
                    assert_eq!(serde_json::from_str::<Gap>(&json).unwrap(), *gap);
                }
            }
        }
        // A query read with two period groupings keeps the last, as `by` does.
        let read: Query =
            serde_json::from_str(r#"{"by":[{"period":"month"},"country",{"period":"half"}]}"#)
                .unwrap();
        assert_eq!(
            read.dimensions(),
            [Dimension::Country, Dimension::Period(PeriodKind::Half)]
        );
        assert!(serde_json::from_str::<Query>(r#"{"by":["county"]}"#).is_err());
    }
}
