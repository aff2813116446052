//! What a report publishes: headline totals, growth claims and key wins.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::figure::value::{Bound, Value};
use crate::findings::Location;
use crate::indicator::Indicator;
use crate::period::Period;

/// A total as a report publishes it, such as a headline figure: what it
/// counts, over which period, countries and channels.
///
/// A published total is a claim to check against the figures it should be
/// the sum of, not a figure to add to them.
///
/// ```
/// use impact_metrics::{seed, Indicator, Value};
/// let report = seed::h1_2020_21()?;
/// let convicted = report.headline.iter().find(|t| t.indicator == Indicator::EXPLOITERS_CONVICTED).unwrap();
/// assert_eq!(convicted.value, Value::Count(26));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PublishedTotal {
    /// What is counted.
    pub indicator: Indicator,
    /// The period it covers.
    pub period: Period,
    /// The country, when the total is for one country.
    pub country: Option<Country>,
    /// The channels it adds up (empty for all).
    pub channels: Vec<Channel>,
    /// The published value.
    pub value: Value,
    /// Whether the published value is exact or a lower bound.
    pub bound: Bound,
    /// The published growth figure beside it, if any.
    pub growth: Option<GrowthClaim>,
    /// Where the total was read from (a file and line), so that findings
    /// about it say where it is; empty for a total built in code.
    #[serde(default, skip_serializing_if = "Location::is_none")]
    pub location: Location,
}

impl PublishedTotal {
    /// A published total for all countries.
    ///
    /// ```
    /// use impact_metrics::{Channel, FiscalCalendar, Indicator, figure::PublishedTotal, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.parse("20/21 H1")?;
    /// let total = PublishedTotal::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(74))
    ///     .with_channels(&[Channel::Direct, Channel::Joint]);
    /// assert_eq!(total.channels.len(), 2);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn new(indicator: Indicator, period: Period, value: Value) -> PublishedTotal {
        PublishedTotal {
            indicator,
            period,
            country: None,
            channels: Vec::new(),
            value,
            bound: Bound::Exact,
            growth: None,
            location: Location::none(),
        }
    }

    /// Restricts the total to some channels.
    ///
    /// ```
    /// use impact_metrics::{Channel, FiscalCalendar, Indicator, figure::PublishedTotal, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.parse("20/21 H1")?;
    /// let total = PublishedTotal::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(37)).with_channels(&[Channel::Joint]);
    /// assert_eq!(total.channels, [Channel::Joint]);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_channels(mut self, channels: &[Channel]) -> PublishedTotal {
        self.channels = channels.to_vec();
        self
    }

    /// Restricts the total to one country.
    ///
    /// ```
    /// use impact_metrics::{Country, FiscalCalendar, Indicator, figure::PublishedTotal, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.parse("20/21 H1")?;
    /// let total = PublishedTotal::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20)).with_country(Country::GB);
    /// assert_eq!(total.country, Some(Country::GB));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_country(mut self, country: Country) -> PublishedTotal {
        self.country = Some(country);
        self
    }

    /// Attaches the growth figure published beside the total.
    ///
    /// ```
    /// use impact_metrics::{figure::Baseline, FiscalCalendar, figure::GrowthClaim, Indicator, figure::PublishedTotal, Value};
    /// let calendar = FiscalCalendar::SEPTEMBER;
    /// let h1 = calendar.parse("20/21 H1")?;
    /// let claim = GrowthClaim::new("32".parse().unwrap(), Baseline::AverageOf(calendar.parse("2019/20")?));
    /// let total = PublishedTotal::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(74)).with_growth(claim);
    /// assert!(total.growth.is_some());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_growth(mut self, claim: GrowthClaim) -> PublishedTotal {
        self.growth = Some(claim);
        self
    }

    /// Sets the bound: a total published as "more than 2,000" is
    /// [`Bound::MoreThan`].
    ///
    /// ```
    /// use impact_metrics::{Bound, FiscalCalendar, Indicator, figure::PublishedTotal, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.parse("20/21 H1")?;
    /// let total = PublishedTotal::new(Indicator::PEOPLE_REACHED_INDIRECT, h1, Value::Count(1_300_000))
    ///     .with_bound(Bound::MoreThan);
    /// assert_eq!(total.bound, Bound::MoreThan);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_bound(mut self, bound: Bound) -> PublishedTotal {
        self.bound = bound;
        self
    }

    /// Sets where the total was read from; findings about it carry it.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, Indicator, Location, figure::PublishedTotal, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.parse("20/21 H1")?;
    /// let total = PublishedTotal::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(74))
    ///     .with_location(Location::in_file("totals.csv").with_line(2));
    /// assert_eq!(total.location.to_string(), "totals.csv:2");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_location(mut self, location: Location) -> PublishedTotal {
        self.location = location;
        self
    }
}

/// What a published growth figure compares against.
///
/// ```
/// use impact_metrics::{figure::Baseline, FiscalCalendar};
/// let last_year = FiscalCalendar::SEPTEMBER.parse("2019/20")?;
/// // "Growth on 19/20 HY average": the H1 figure against half of 2019/20's total.
/// let baseline = Baseline::AverageOf(last_year);
/// assert_eq!(baseline.period(), Some(last_year));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Baseline {
    /// The period's total scaled to the length of the current period (the
    /// report's "growth on 19/20 HY average": half of the 2019/20 total
    /// against a half year).
    AverageOf(Period),
    /// The period's total as it is (period-over-period growth).
    Total(Period),
    /// The report does not say ("a 47% increase in average arrests").
    Unspecified,
}

impl Baseline {
    /// The baseline period, when the report names one.
    ///
    /// ```
    /// use impact_metrics::figure::Baseline;
    /// assert_eq!(Baseline::Unspecified.period(), None);
    /// ```
    #[must_use]
    pub fn period(self) -> Option<Period> {
        match self {
            Baseline::AverageOf(p) | Baseline::Total(p) => Some(p),
            Baseline::Unspecified => None,
        }
    }
}

/// A growth percentage as a report prints it ("+32%"), with what it
/// compares against.
///
/// The printed percentage is rounded, and the report does not say how; see
/// [`baselines_for`](crate::baselines_for) for the baselines each rounding
/// rule allows.
///
/// ```
/// use impact_metrics::{figure::Baseline, figure::GrowthClaim};
/// let claim = GrowthClaim::new("47".parse().unwrap(), Baseline::Unspecified).with_text("47% increase in average arrests");
/// assert_eq!(claim.percent.to_string(), "47");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GrowthClaim {
    /// The printed percentage (`32` for +32%; negative for a fall). In
    /// serde it is a string, so no digit is lost to a float.
    #[serde(with = "rust_decimal::serde::str")]
    pub percent: Decimal,
    /// What it compares against.
    pub baseline: Baseline,
    /// The indicator, when the claim stands on its own rather than beside a
    /// [`PublishedTotal`].
    pub indicator: Option<Indicator>,
    /// The country, for a claim about one country.
    pub country: Option<Country>,
    /// The partner, for a claim about a joint operation.
    pub partner: Option<Partner>,
    /// The words of the claim, as printed.
    pub text: Option<String>,
}

impl GrowthClaim {
    /// A claim of `percent` growth against `baseline`.
    ///
    /// ```
    /// use impact_metrics::{figure::Baseline, figure::GrowthClaim};
    /// let claim = GrowthClaim::new("16".parse().unwrap(), Baseline::Unspecified);
    /// assert!(claim.indicator.is_none());
    /// ```
    #[must_use]
    pub fn new(percent: Decimal, baseline: Baseline) -> GrowthClaim {
        GrowthClaim {
            percent,
            baseline,
            indicator: None,
            country: None,
            partner: None,
            text: None,
        }
    }

    /// Sets the indicator.
    ///
    /// ```
    /// use impact_metrics::{figure::Baseline, figure::GrowthClaim, Indicator};
    /// let claim = GrowthClaim::new("16".parse().unwrap(), Baseline::Unspecified).with_indicator(Indicator::EXPLOITERS_CONVICTED);
    /// assert_eq!(claim.indicator, Some(Indicator::EXPLOITERS_CONVICTED));
    /// ```
    #[must_use]
    pub fn with_indicator(mut self, indicator: Indicator) -> GrowthClaim {
        self.indicator = Some(indicator);
        self
    }

    /// Sets the country.
    ///
    /// ```
    /// use impact_metrics::{figure::Baseline, Country, figure::GrowthClaim};
    /// let claim = GrowthClaim::new("16".parse().unwrap(), Baseline::Unspecified).with_country(Country::TH);
    /// assert_eq!(claim.country, Some(Country::TH));
    /// ```
    #[must_use]
    pub fn with_country(mut self, country: Country) -> GrowthClaim {
        self.country = Some(country);
        self
    }

    /// Sets the partner.
    ///
    /// ```
    /// use impact_metrics::{figure::Baseline, figure::GrowthClaim, Partner};
    /// let claim = GrowthClaim::new("16".parse().unwrap(), Baseline::Unspecified).with_partner(Partner::new("LIFT International")?);
    /// assert!(claim.partner.is_some());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_partner(mut self, partner: Partner) -> GrowthClaim {
        self.partner = Some(partner);
        self
    }

    /// Sets the printed words.
    ///
    /// ```
    /// use impact_metrics::{figure::Baseline, figure::GrowthClaim};
    /// let claim = GrowthClaim::new("16".parse().unwrap(), Baseline::Unspecified).with_text("16% increase in convictions");
    /// assert_eq!(claim.text.as_deref(), Some("16% increase in convictions"));
    /// ```
    #[must_use]
    pub fn with_text(mut self, text: &str) -> GrowthClaim {
        self.text = Some(text.to_string());
        self
    }
}

/// A qualitative result, reported in words rather than numbers (the
/// report's systemic-change "key wins").
///
/// ```
/// use impact_metrics::{seed, Channel};
/// let report = seed::h1_2020_21()?;
/// assert!(report.key_wins.iter().any(|w| w.channel == Some(Channel::Systemic)));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyWin {
    /// The channel the win belongs to.
    pub channel: Option<Channel>,
    /// The country, if one.
    pub country: Option<Country>,
    /// The words, as printed.
    pub text: String,
}

impl KeyWin {
    /// A key win.
    ///
    /// ```
    /// use impact_metrics::{Channel, Country, figure::KeyWin};
    /// let win = KeyWin::new(Some(Channel::Systemic), Some(Country::RO), "Law regarding child exploitation cases corrected");
    /// assert_eq!(win.country, Some(Country::RO));
    /// ```
    #[must_use]
    pub fn new(channel: Option<Channel>, country: Option<Country>, text: &str) -> KeyWin {
        KeyWin {
            channel,
            country,
            text: text.to_string(),
        }
    }
}
