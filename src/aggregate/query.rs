//! Which figures to total, and how to group them.

use serde::{Deserialize, Serialize};

use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::figure::observation::{Basis, Observation};
use crate::figure::published::PublishedTotal;
use crate::indicator::Indicator;
use crate::period::{Period, PeriodKind};

/// What a total can be grouped by.
///
/// ```
/// use impact_metrics::{Dimension, PeriodKind, Query};
/// let query = Query::new().by(Dimension::Country).by(Dimension::Period(PeriodKind::Quarter));
/// assert_eq!(query.dimensions(), [Dimension::Country, Dimension::Period(PeriodKind::Quarter)]);
/// ```
///
/// Serde writes the dimensions by name, lowercase, and a period grouping
/// with its kind: `"country"`, `{"period":"quarter"}`.
///
/// ```
/// use impact_metrics::{Dimension, PeriodKind};
/// let json = serde_json::to_string(&[Dimension::Country, Dimension::Period(PeriodKind::Quarter)])?;
/// assert_eq!(json, r#"["country",{"period":"quarter"}]"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
///     .with_indicator(Indicator::ACCUSED_ARRESTED)
///     .with_channel(Channel::Direct);
/// let table = report.figures.aggregate(&direct_arrests)?;
/// assert_eq!(table.rows()[0].value, Value::Count(37 + 16)); // UK + Bangladesh
/// # Ok::<(), impact_metrics::Error>(())
/// ```
///
/// Serde writes a query's parts under the names of the methods that set
/// them, with periods and codes in their machine form; reading one back
/// goes through [`Query::by`], so a period grouping is kept once:
///
/// ```
/// use impact_metrics::{Country, FiscalCalendar, Query};
/// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
/// let query = Query::new().within(h1).by_country().with_country(Country::GB);
/// let json = serde_json::to_string(&query).unwrap();
/// assert_eq!(
///     json,
///     r#"{"within":"FY2020-09-H1","by":["country"],"indicators":[],"countries":["GB"],"channels":[],"partners":[],"stated_only":false}"#
/// );
/// assert_eq!(serde_json::from_str::<Query>(&json).unwrap(), query);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "QueryForm")]
pub struct Query {
    within: Option<Period>,
    #[serde(rename = "by")]
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
    #[must_use]
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
    #[must_use]
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
    /// [`Table::outside`](crate::Table::outside).
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, Query};
    /// let h1 = FiscalCalendar::SEPTEMBER.parse("20/21 H1")?;
    /// assert_eq!(Query::new().within(h1).period(), Some(h1));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
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
    #[must_use]
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
    #[must_use]
    pub fn by_indicator(self) -> Query {
        self.by(Dimension::Indicator)
    }

    /// Groups by country.
    ///
    /// ```
    /// use impact_metrics::{Dimension, Query};
    /// assert_eq!(Query::new().by_country().dimensions(), [Dimension::Country]);
    /// ```
    #[must_use]
    pub fn by_country(self) -> Query {
        self.by(Dimension::Country)
    }

    /// Groups by strategy channel.
    ///
    /// ```
    /// use impact_metrics::{Dimension, Query};
    /// assert_eq!(Query::new().by_channel().dimensions(), [Dimension::Channel]);
    /// ```
    #[must_use]
    pub fn by_channel(self) -> Query {
        self.by(Dimension::Channel)
    }

    /// Groups by partner.
    ///
    /// ```
    /// use impact_metrics::{Dimension, Query};
    /// assert_eq!(Query::new().by_partner().dimensions(), [Dimension::Partner]);
    /// ```
    #[must_use]
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
    #[must_use]
    pub fn by_period(self, kind: PeriodKind) -> Query {
        self.by(Dimension::Period(kind))
    }

    /// Keeps figures of this indicator (with others given, of any of them).
    ///
    /// ```
    /// use impact_metrics::{Indicator, Query};
    /// let _ = Query::new().with_indicator(Indicator::VICTIMS_REMOVED).with_indicator(Indicator::CHILDREN_REMOVED);
    /// ```
    #[must_use]
    pub fn with_indicator(mut self, indicator: Indicator) -> Query {
        self.indicators.push(indicator);
        self
    }

    /// Keeps figures of this country (with others given, of any of them).
    ///
    /// ```
    /// use impact_metrics::{Country, Query};
    /// let _ = Query::new().with_country(Country::GB);
    /// ```
    #[must_use]
    pub fn with_country(mut self, country: Country) -> Query {
        self.countries.push(country);
        self
    }

    /// Keeps figures of this channel (with others given, of any of them).
    ///
    /// ```
    /// use impact_metrics::{Channel, Query};
    /// let _ = Query::new().with_channel(Channel::Direct).with_channel(Channel::Joint);
    /// ```
    #[must_use]
    pub fn with_channel(mut self, channel: Channel) -> Query {
        self.channels.push(channel);
        self
    }

    /// Keeps figures of this partner (with others given, of any of them).
    ///
    /// ```
    /// use impact_metrics::{Partner, Query};
    /// let _ = Query::new().with_partner(Partner::new("Vihaan")?);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_partner(mut self, partner: Partner) -> Query {
        self.partners.push(partner);
        self
    }

    /// Leaves out figures that were read into the source rather than
    /// stated by it ([`Basis::Interpreted`]).
    ///
    /// ```
    /// use impact_metrics::{seed, Indicator, Query, Value};
    /// let report = seed::h1_2020_21()?;
    /// let repatriated = Query::new().within(report.period).with_indicator(Indicator::SURVIVORS_REPATRIATED);
    /// assert_eq!(report.figures.aggregate(&repatriated)?.rows()[0].value, Value::Count(103));
    /// assert_eq!(report.figures.aggregate(&repatriated.stated_only())?.rows()[0].value, Value::Count(101));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
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
    #[must_use]
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// The period given to [`Query::within`].
    ///
    /// ```
    /// use impact_metrics::Query;
    /// assert_eq!(Query::new().period(), None);
    /// ```
    #[must_use]
    pub fn period(&self) -> Option<Period> {
        self.within
    }

    /// The query for the parts of a published total: figures of its
    /// indicator, of its country (if it names one) and under one of its
    /// channels (if it names any), inside its period.
    pub(crate) fn parts_of(total: &PublishedTotal) -> Query {
        let mut query = Query::new()
            .within(total.period)
            .with_indicator(total.indicator);
        query.countries.extend(total.country);
        query.channels.extend(total.channels.iter().copied());
        query
    }

    /// The same query without its period grouping.
    pub(crate) fn without_period_grouping(mut self) -> Query {
        self.dimensions
            .retain(|d| !matches!(d, Dimension::Period(_)));
        self
    }

    pub(crate) fn has(&self, dimension: Dimension) -> bool {
        self.dimensions.contains(&dimension)
    }

    pub(crate) fn period_kind(&self) -> Option<PeriodKind> {
        self.dimensions.iter().find_map(|d| match d {
            Dimension::Period(kind) => Some(*kind),
            _ => None,
        })
    }

    pub(crate) fn selects(&self, figure: &Observation) -> bool {
        self.selects_parts(
            &figure.indicator,
            figure.country.as_ref(),
            figure.channel.as_ref(),
            figure.partner.as_ref(),
            figure.basis,
        )
    }

    /// [`Query::selects`], from a figure's parts: what the query asks of
    /// its series, and of its basis.
    #[inline]
    pub(crate) fn selects_parts(
        &self,
        indicator: &Indicator,
        country: Option<&Country>,
        channel: Option<&Channel>,
        partner: Option<&Partner>,
        basis: Basis,
    ) -> bool {
        fn any_of<T: PartialEq>(wanted: &[T], value: Option<&T>) -> bool {
            wanted.is_empty() || value.is_some_and(|v| wanted.contains(v))
        }
        any_of(&self.indicators, Some(indicator))
            && any_of(&self.countries, country)
            && any_of(&self.channels, channel)
            && any_of(&self.partners, partner)
            && !(self.stated_only && basis == Basis::Interpreted)
    }
}

/// A query as serde reads it, before [`Query::by`] keeps one grouping of
/// each kind.
#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct QueryForm {
    within: Option<Period>,
    by: Vec<Dimension>,
    indicators: Vec<Indicator>,
    countries: Vec<Country>,
    channels: Vec<Channel>,
    partners: Vec<Partner>,
    stated_only: bool,
}

impl From<QueryForm> for Query {
    fn from(form: QueryForm) -> Query {
        let mut query = Query {
            within: form.within,
            dimensions: Vec::new(),
            indicators: form.indicators,
            countries: form.countries,
            channels: form.channels,
            partners: form.partners,
            stated_only: form.stated_only,
        };
        for dimension in form.by {
            query = query.by(dimension);
        }
        query
    }
}
