//! One figure: an indicator's value for a country, channel, partner and period.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::figure::value::{Bound, Value};
use crate::indicator::Indicator;
use crate::period::{FiscalCalendar, Period};

/// One figure: indicator × country × channel × partner × period → value.
///
/// The country, channel and partner are optional: a figure that is not
/// broken down by country (emergency supplies across five countries) has no
/// country, and only joint operations have a partner. The period is the
/// period the figure *covers*: the report's India figures cover 20/21 Q1
/// only, even though the report counts them in its H1 totals, and
/// aggregation says so (see [`Coverage`](crate::aggregate::Coverage)).
///
/// Fields are public to read and change; make a figure with
/// [`Observation::new`] and the `with_*` methods.
///
/// ```
/// use impact_metrics::{Channel, Country, FiscalCalendar, Indicator, Observation, Partner, Value};
///
/// let q1 = FiscalCalendar::SEPTEMBER.parse("20/21 Q1")?;
/// let india = Observation::new(Indicator::SURVIVORS_CARED_FOR, q1, Value::Count(93))
///     .with_country(Country::IN)
///     .with_channel(Channel::Joint)
///     .with_partner(Partner::new("Vihaan")?);
/// assert_eq!(india.to_string(), "survivors_cared_for IN joint Vihaan FY2020-09-Q1 = 93");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Observation {
    /// What is counted.
    pub indicator: Indicator,
    /// Where, if the figure is for one country.
    #[serde(default)]
    pub country: Option<Country>,
    /// How the work was done, if the figure is for one channel.
    #[serde(default)]
    pub channel: Option<Channel>,
    /// The partner organisation of a joint operation.
    #[serde(default)]
    pub partner: Option<Partner>,
    /// The period the figure covers.
    pub period: Period,
    /// The value.
    pub value: Value,
    /// Whether the value is exact or a lower bound.
    #[serde(default)]
    pub bound: Bound,
    /// Whether the figure is stated by the source or read into it.
    #[serde(default)]
    pub basis: Basis,
    /// A note for people: where the figure comes from, what it leaves out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Observation {
    /// An exact, stated figure with no country, channel or partner.
    ///
    /// ```
    /// use impact_metrics::{Bound, FiscalCalendar, Indicator, Observation, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let figure = Observation::new(Indicator::EXPLOITERS_CONVICTED, h1, Value::Count(26));
    /// assert_eq!(figure.bound, Bound::Exact);
    /// assert!(figure.country.is_none());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn new(indicator: Indicator, period: Period, value: Value) -> Observation {
        Observation {
            indicator,
            country: None,
            channel: None,
            partner: None,
            period,
            value,
            bound: Bound::Exact,
            basis: Basis::Stated,
            note: None,
        }
    }

    /// Sets the country.
    ///
    /// ```
    /// use impact_metrics::{Country, FiscalCalendar, Indicator, Observation, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let figure = Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20)).with_country(Country::GB);
    /// assert_eq!(figure.country, Some(Country::GB));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_country(mut self, country: Country) -> Observation {
        self.country = Some(country);
        self
    }

    /// Sets the strategy channel.
    ///
    /// ```
    /// use impact_metrics::{Channel, FiscalCalendar, Indicator, Observation, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let figure = Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20)).with_channel(Channel::Direct);
    /// assert_eq!(figure.channel, Some(Channel::Direct));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_channel(mut self, channel: Channel) -> Observation {
        self.channel = Some(channel);
        self
    }

    /// Sets the partner organisation.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, Indicator, Observation, Partner, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let figure = Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(37))
    ///     .with_partner(Partner::new("LIFT International")?);
    /// assert_eq!(figure.partner.map(|p| p.to_string()).as_deref(), Some("LIFT International"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_partner(mut self, partner: Partner) -> Observation {
        self.partner = Some(partner);
        self
    }

    /// Sets the period.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, Indicator, Observation, Value};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let figure = Observation::new(Indicator::ACCUSED_ARRESTED, calendar.half(2020, 1)?, Value::Count(10))
    ///     .with_period(calendar.half(2019, 2)?);
    /// assert_eq!(figure.period, calendar.parse("19/20 H2")?);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_period(mut self, period: Period) -> Observation {
        self.period = period;
        self
    }

    /// Sets the bound ("over 1.3 million" is [`Bound::MoreThan`]).
    ///
    /// ```
    /// use impact_metrics::{Bound, FiscalCalendar, Indicator, Observation, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let figure = Observation::new(Indicator::PEOPLE_REACHED_INDIRECT, h1, Value::Count(1_300_000))
    ///     .with_bound(Bound::MoreThan);
    /// assert_eq!(figure.bound, Bound::MoreThan);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_bound(mut self, bound: Bound) -> Observation {
        self.bound = bound;
        self
    }

    /// Marks the figure as read into the source rather than stated by it,
    /// saying how it was read.
    ///
    /// ```
    /// use impact_metrics::{Basis, FiscalCalendar, Indicator, Observation, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let figure = Observation::new(Indicator::SURVIVORS_REPATRIATED, h1, Value::Count(2))
    ///     .with_interpretation("\"a survivor and her daughter\" read as 2");
    /// assert_eq!(figure.basis, Basis::Interpreted);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_interpretation(mut self, how: &str) -> Observation {
        self.basis = Basis::Interpreted;
        self.note = Some(how.to_string());
        self
    }

    /// Sets the note.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, Indicator, Observation, Value};
    /// let q1 = FiscalCalendar::SEPTEMBER.quarter(2020, 1)?;
    /// let figure = Observation::new(Indicator::SURVIVORS_CARED_FOR, q1, Value::Count(93)).with_note("Q2 data awaited");
    /// assert_eq!(figure.note.as_deref(), Some("Q2 data awaited"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_note(mut self, note: &str) -> Observation {
        self.note = Some(note.to_string());
        self
    }

    /// The series the figure belongs to: everything but the period and
    /// the value.
    ///
    /// ```
    /// use impact_metrics::{Country, FiscalCalendar, Indicator, Observation, Value};
    /// let q1 = FiscalCalendar::SEPTEMBER.quarter(2020, 1)?;
    /// let q2 = FiscalCalendar::SEPTEMBER.quarter(2020, 2)?;
    /// let a = Observation::new(Indicator::SURVIVORS_CARED_FOR, q1, Value::Count(93)).with_country(Country::IN);
    /// let b = Observation::new(Indicator::SURVIVORS_CARED_FOR, q2, Value::Count(90)).with_country(Country::IN);
    /// assert_eq!(a.series(), b.series());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn series(&self) -> Series {
        Series {
            indicator: self.indicator,
            country: self.country,
            channel: self.channel,
            partner: self.partner.clone(),
        }
    }
}

impl Observation {
    /// The figure as people read it: like its [`Display`](fmt::Display)
    /// form, with the period labelled by `calendar` (`20/21 H1`) instead of
    /// its machine form.
    ///
    /// ```
    /// use impact_metrics::{Country, FiscalCalendar, Indicator, Observation, Value};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let mut figure = Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2020, 1)?, Value::Count(20));
    /// figure.country = Some(Country::GB);
    /// assert_eq!(figure.to_string(), "victims_removed GB FY2020-09-H1 = 20");
    /// assert_eq!(figure.describe(calendar), "victims_removed GB 20/21 H1 = 20");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn describe(&self, calendar: FiscalCalendar) -> String {
        format!(
            "{} {} = {}",
            self.series(),
            calendar.label(self.period),
            self.bound.before(self.value)
        )
    }
}

impl fmt::Display for Observation {
    /// `indicator country channel partner period = value`, leaving out the
    /// parts the figure does not have, with the bound's words before the
    /// value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} = {}",
            self.series(),
            self.period,
            self.bound.before(self.value)
        )
    }
}

/// Whether a figure is stated by its source or read into it.
///
/// ```
/// use impact_metrics::Basis;
/// assert_eq!(Basis::default(), Basis::Stated);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The source states the number.
    #[default]
    Stated,
    /// The number was read into the source's words (the report's Romania
    /// repatriations: "a survivor and her daughter", read as 2).
    Interpreted,
}

/// A series of figures: an indicator for one country, channel and partner,
/// over any number of periods.
///
/// ```
/// use impact_metrics::{Channel, Country, Indicator, Series};
/// let series = Series::new(Indicator::VICTIMS_REMOVED).with_country(Country::GB).with_channel(Channel::Direct);
/// assert_eq!(series.to_string(), "victims_removed GB direct");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Series {
    /// What is counted.
    pub indicator: Indicator,
    /// Where, if for one country.
    pub country: Option<Country>,
    /// How, if for one channel.
    pub channel: Option<Channel>,
    /// With whom, for a joint operation.
    pub partner: Option<Partner>,
}

impl Series {
    /// A series of an indicator with no country, channel or partner.
    ///
    /// ```
    /// use impact_metrics::{Indicator, Series};
    /// assert_eq!(Series::new(Indicator::CASE_BACKLOG).to_string(), "case_backlog");
    /// ```
    #[must_use]
    pub fn new(indicator: Indicator) -> Series {
        Series {
            indicator,
            country: None,
            channel: None,
            partner: None,
        }
    }

    /// Sets the country.
    ///
    /// ```
    /// use impact_metrics::{Country, Indicator, Series};
    /// assert_eq!(Series::new(Indicator::CASE_BACKLOG).with_country(Country::BD).country, Some(Country::BD));
    /// ```
    #[must_use]
    pub fn with_country(mut self, country: Country) -> Series {
        self.country = Some(country);
        self
    }

    /// Sets the channel.
    ///
    /// ```
    /// use impact_metrics::{Channel, Indicator, Series};
    /// assert_eq!(Series::new(Indicator::CASE_BACKLOG).with_channel(Channel::Systemic).channel, Some(Channel::Systemic));
    /// ```
    #[must_use]
    pub fn with_channel(mut self, channel: Channel) -> Series {
        self.channel = Some(channel);
        self
    }

    /// Sets the partner.
    ///
    /// ```
    /// use impact_metrics::{Indicator, Partner, Series};
    /// let series = Series::new(Indicator::VICTIMS_REMOVED).with_partner(Partner::new("Vihaan")?);
    /// assert!(series.partner.is_some());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_partner(mut self, partner: Partner) -> Series {
        self.partner = Some(partner);
        self
    }
}

impl fmt::Display for Series {
    /// The indicator code, then the country, channel and partner where set,
    /// separated by spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.indicator)?;
        if let Some(country) = self.country {
            write!(f, " {country}")?;
        }
        if let Some(channel) = self.channel {
            write!(f, " {channel}")?;
        }
        if let Some(partner) = &self.partner {
            write!(f, " {partner}")?;
        }
        Ok(())
    }
}
