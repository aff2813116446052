//! A dataset: the figures of one organisation's calendar and catalogue.

#[cfg(doc)]
use crate::aggregate::compare::GrowthOutcome;
use crate::aggregate::compare::{self, Comparison, Matching};
use crate::aggregate::{self, Query, Table};
use std::fmt;

use crate::channel::{Channel, Partner};
use crate::error::{Error, Result};
use crate::figure::columns::Store;
use crate::figure::observation::Observation;
use crate::figure::published::Baseline;
use crate::findings::{Finding, Location, Severity};
use crate::indicator::{Catalogue, Indicator, Measure};
use crate::period::Period;
use crate::period::calendar::FiscalCalendar;
use crate::rules::RuleId;

/// Why a dataset refuses a figure: the reasons of the one admission check,
/// [`Dataset::refusals`].
///
/// Each reason is reported under one rule id, [`Refusal::rule`], whether
/// the figure was given to [`Dataset::push`], read from a file or given to
/// [`Validator::admit`](crate::Validator::admit).
///
/// ```
/// use impact_metrics::{Channel, validate::Refusal, validate::RuleId};
/// let refusal = Refusal::PartnerMissing { channel: Channel::Joint };
/// assert_eq!(refusal.rule(), RuleId::FIGURE_PARTNER);
/// assert_eq!(refusal.to_string(), "a joint operation names its partner, and this figure names none");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The catalogue does not define the indicator
    /// (`figure.unknown_indicator`).
    UnknownIndicator {
        /// The indicator of the figure.
        indicator: Indicator,
        /// The catalogue's indicators nearest to its code, if any is close
        /// ([`Catalogue::nearest`]): "did you mean".
        nearest: Vec<Indicator>,
    },
    /// The value is a count where the indicator is a rate, or the other way
    /// round (`figure.wrong_measure`).
    WrongMeasure {
        /// The indicator of the figure.
        indicator: Indicator,
        /// The measure its definition gives.
        expected: Measure,
        /// The measure of the value.
        found: Measure,
    },
    /// The period is on a calendar whose years start in another month than
    /// the dataset's (`period.calendar`).
    OtherCalendar {
        /// The month the period's fiscal years start in.
        start_month: u32,
        /// The month the dataset's fiscal years start in.
        expected: u32,
    },
    /// A channel worked with a partner (joint operations) names none
    /// (`figure.partner`).
    PartnerMissing {
        /// The channel of the figure.
        channel: Channel,
    },
    /// A channel without partners names one (`figure.partner`).
    PartnerNotExpected {
        /// The channel of the figure.
        channel: Channel,
        /// The partner it names.
        partner: Partner,
    },
}

impl Refusal {
    /// The rule id the reason is reported under: the one place that maps
    /// reasons to ids.
    ///
    /// ```
    /// use impact_metrics::{validate::Refusal, validate::RuleId};
    /// let refusal = Refusal::OtherCalendar { start_month: 4, expected: 9 };
    /// assert_eq!(refusal.rule(), RuleId::PERIOD_CALENDAR);
    /// ```
    #[must_use]
    pub fn rule(&self) -> RuleId {
        match self {
            Refusal::UnknownIndicator { .. } => RuleId::FIGURE_UNKNOWN_INDICATOR,
            Refusal::WrongMeasure { .. } => RuleId::FIGURE_WRONG_MEASURE,
            Refusal::OtherCalendar { .. } => RuleId::PERIOD_CALENDAR,
            Refusal::PartnerMissing { .. } | Refusal::PartnerNotExpected { .. } => {
                RuleId::FIGURE_PARTNER
            }
        }
    }

    /// The finding that reports the refusal of `figure`, found at
    /// `location`: an error under [`Refusal::rule`], about the figure's
    /// series and period (as `calendar` labels it), with its value.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar, Indicator, Location, Observation, Value};
    /// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let figure = Observation::new(Indicator::new("x.unknown")?, h1, Value::Count(1));
    /// let finding = data.refusals(&figure)[0].finding(&figure, data.calendar(), Location::in_file("bd.csv").with_line(4));
    /// assert_eq!(
    ///     finding.to_string(),
    ///     "error[figure.unknown_indicator] bd.csv:4: invalid figure x.unknown 20/21 H1 = 1: \
    ///      the catalogue does not define x.unknown; define it, or correct the code"
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn finding(
        &self,
        figure: &Observation,
        calendar: FiscalCalendar,
        location: Location,
    ) -> Finding {
        let error = Error::Refused {
            figure: figure.describe(calendar),
            refusal: self.clone(),
        };
        Finding::new(Severity::Error, self.rule(), error.to_string())
            .with_location(location)
            .with_series(figure.series(), Some(figure.period))
            .with_value("value", figure.value)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::UnknownIndicator { indicator, nearest } => write!(
                f,
                "the catalogue does not define {indicator}{}; define it, or correct the code",
                match crate::error::did_you_mean(nearest).strip_prefix("; ") {
                    Some(question) => format!(" ({question})"),
                    None => String::new(),
                }
            ),
            Refusal::WrongMeasure {
                indicator,
                expected,
                found,
            } => write!(f, "{indicator} is a {expected}, but the value is a {found}"),
            Refusal::OtherCalendar {
                start_month,
                expected,
            } => write!(
                f,
                "the period is on a calendar whose years start in month {start_month}, \
                 the dataset's start in month {expected}"
            ),
            Refusal::PartnerMissing { channel } => write!(
                f,
                "a {} names its partner, and this figure names none",
                channel_words(*channel)
            ),
            Refusal::PartnerNotExpected { channel, partner } => write!(
                f,
                "only joint operations have a partner, not {} (partner {:?})",
                channel.name().to_lowercase(),
                partner.to_string()
            ),
        }
    }
}

/// A channel's name in the singular, lowercase: "joint operation".
fn channel_words(channel: Channel) -> String {
    let name = channel.name().to_lowercase();
    name.strip_suffix('s').map(str::to_string).unwrap_or(name)
}

/// Many figures, on one fiscal calendar, with the catalogue that says what
/// their indicators mean.
///
/// [`Dataset::push`] checks each figure against the calendar and the
/// catalogue, so every figure in a dataset can be aggregated with the
/// others: its indicator is defined, its value has the indicator's measure,
/// its period is on the dataset's calendar, and only a joint operation names
/// a partner. The figures are kept in the order they were added.
///
/// ```
/// use impact_metrics::{Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Observation, Query, Value};
///
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let h1 = calendar.parse("20/21 H1")?;
/// let mut data = Dataset::new(calendar, Catalogue::builtin());
/// data.push(Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20)).with_country(Country::GB).with_channel(Channel::Direct))?;
/// data.push(Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(17)).with_country(Country::BD).with_channel(Channel::Direct))?;
///
/// let table = data.aggregate(&Query::new().within(h1).by_indicator())?;
/// assert_eq!(table.rows()[0].value, Value::Count(37));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Dataset {
    calendar: FiscalCalendar,
    catalogue: Catalogue,
    figures: Store,
    nearest: Nearest,
}

/// The catalogue's indicators nearest to each unknown code met, found once
/// a code: a file whose rows all name one misspelt code asks for them on
/// every row.
#[derive(Debug, Default)]
struct Nearest(std::sync::Mutex<std::collections::BTreeMap<Indicator, Vec<Indicator>>>);

impl Nearest {
    /// The most codes remembered: beyond, each is looked up anew.
    const MOST: usize = 1024;

    fn of(&self, catalogue: &Catalogue, code: Indicator) -> Vec<Indicator> {
        let Ok(mut known) = self.0.lock() else {
            return catalogue.nearest(code.as_str());
        };
        if let Some(nearest) = known.get(&code) {
            return nearest.clone();
        }
        let nearest = catalogue.nearest(code.as_str());
        if known.len() < Nearest::MOST {
            known.insert(code, nearest.clone());
        }
        nearest
    }
}

impl Clone for Nearest {
    fn clone(&self) -> Nearest {
        Nearest::default()
    }
}

impl Dataset {
    /// An empty dataset.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar};
    /// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// assert!(data.is_empty());
    /// ```
    #[must_use]
    pub fn new(calendar: FiscalCalendar, catalogue: Catalogue) -> Dataset {
        Dataset {
            calendar,
            catalogue,
            figures: Store::default(),
            nearest: Nearest::default(),
        }
    }

    /// Every reason the dataset refuses a figure, in the order of
    /// [`Refusal`]'s variants; empty when it admits it.
    ///
    /// This is the one admission check: [`Dataset::check`],
    /// [`Dataset::push`], the readers and
    /// [`Validator::admit`](crate::Validator::admit) all decide by it.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Channel, Dataset, FiscalCalendar, Indicator, Observation, validate::Refusal, Value, YearLabel};
    /// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let april = FiscalCalendar::new(4, YearLabel::Span)?;
    /// let figure = Observation::new(Indicator::RE_TRAFFICKING_RATE, april.half(2020, 1)?, Value::Count(0))
    ///     .with_channel(Channel::Joint);
    /// let reasons: Vec<String> = data.refusals(&figure).iter().map(|r| r.rule().to_string()).collect();
    /// assert_eq!(reasons, ["figure.wrong_measure", "period.calendar", "figure.partner"]);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn refusals(&self, observation: &Observation) -> Vec<Refusal> {
        self.refusals_of(
            observation.indicator,
            observation.period,
            observation.channel,
            observation.partner.as_ref(),
            observation.value.measure(),
        )
    }

    /// [`Dataset::refusals`] of a figure with these parts: all that the
    /// check reads of a figure, so that a reader may remember its verdict
    /// by them.
    pub(crate) fn refusals_of(
        &self,
        indicator: Indicator,
        period: Period,
        channel: Option<Channel>,
        partner: Option<&Partner>,
        measure: Measure,
    ) -> Vec<Refusal> {
        let mut reasons = Vec::new();
        match self.catalogue.get(indicator) {
            None => reasons.push(Refusal::UnknownIndicator {
                indicator,
                nearest: self.nearest.of(&self.catalogue, indicator),
            }),
            Some(def) if def.measure != measure => {
                reasons.push(Refusal::WrongMeasure {
                    indicator: def.code,
                    expected: def.measure,
                    found: measure,
                });
            }
            Some(_) => {}
        }
        if period.start_month() != self.calendar.start_month() {
            reasons.push(Refusal::OtherCalendar {
                start_month: period.start_month(),
                expected: self.calendar.start_month(),
            });
        }
        match (channel, partner) {
            (Some(channel), None) if channel.has_partner() => {
                reasons.push(Refusal::PartnerMissing { channel });
            }
            (Some(channel), Some(partner)) if !channel.has_partner() => {
                reasons.push(Refusal::PartnerNotExpected {
                    channel,
                    partner: partner.clone(),
                });
            }
            _ => {}
        }
        reasons
    }

    /// Checks a figure the way [`Dataset::push`] does, without adding it.
    ///
    /// # Errors
    ///
    /// As [`Dataset::push`].
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar, Indicator, Observation, Value};
    /// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let bad = Observation::new(Indicator::RE_TRAFFICKING_RATE, h1, Value::Count(0));
    /// assert_eq!(
    ///     data.check(&bad).unwrap_err().to_string(),
    ///     "invalid figure re_trafficking_rate 20/21 H1 = 0: re_trafficking_rate is a rate, but the value is a count"
    /// );
    /// assert!(data.check(&Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20))).is_ok());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn check(&self, observation: &Observation) -> Result<()> {
        match self.refusals(observation).into_iter().next() {
            None => Ok(()),
            Some(refusal) => Err(Error::Refused {
                figure: observation.describe(self.calendar),
                refusal,
            }),
        }
    }

    /// Adds a figure.
    ///
    /// # Errors
    ///
    /// [`Error::Refused`], and the figure is not added, when
    /// [`Dataset::refusals`] gives a reason: its indicator is not in the
    /// catalogue, its value is a count where the indicator is a rate (or
    /// the other way round), its period is on a calendar with another start
    /// month, a joint operation has no partner, or another channel has one.
    /// The error carries the first reason.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Channel, Dataset, Error, FiscalCalendar, Indicator, Observation, validate::Refusal, Value};
    /// let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let no_partner = Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(37)).with_channel(Channel::Joint);
    /// let err = data.push(no_partner).unwrap_err();
    /// assert_eq!(err, Error::Refused {
    ///     figure: "victims_removed joint 20/21 H1 = 37".to_string(),
    ///     refusal: Refusal::PartnerMissing { channel: Channel::Joint },
    /// });
    /// assert!(data.is_empty());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn push(&mut self, observation: Observation) -> Result<()> {
        self.push_at(observation, Location::none())
    }

    /// Adds a figure and where it came from (a file's name and line), so
    /// that findings about it can say where it is.
    ///
    /// # Errors
    ///
    /// As [`Dataset::push`].
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar, Indicator, Location, Observation, Value};
    /// let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// data.push_at(Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20)), Location::in_file("uk.csv").with_line(2))?;
    /// assert_eq!(data.location(0).map(|l| l.to_string()).as_deref(), Some("uk.csv:2"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn push_at(&mut self, observation: Observation, location: Location) -> Result<()> {
        self.check(&observation)?;
        self.figures.push(observation, location);
        Ok(())
    }

    /// Adds a figure and where it came from; when the dataset refuses it,
    /// the finding of each reason instead ([`Refusal::finding`]). Empty
    /// when the figure was added.
    pub(crate) fn admit(&mut self, observation: Observation, location: Location) -> Vec<Finding> {
        let reasons = self.refusals(&observation);
        if !reasons.is_empty() {
            return reasons
                .iter()
                .map(|r| r.finding(&observation, self.calendar, location.clone()))
                .collect();
        }
        self.figures.push(observation, location);
        Vec::new()
    }

    /// Where the figure at `index` came from, as given to
    /// [`Dataset::push_at`] (empty for [`Dataset::push`]); `None` past the
    /// end.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar};
    /// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// assert!(data.location(0).is_none());
    /// ```
    #[must_use]
    pub fn location(&self, index: usize) -> Option<Location> {
        self.figures.location(index)
    }

    /// The figures with where each came from, in the order they were added.
    ///
    /// The dataset holds each source name once and a line per figure, so
    /// each location is made as it is given.
    ///
    /// ```
    /// use impact_metrics::seed;
    /// let report = seed::h1_2020_21()?;
    /// assert!(report.figures.located().all(|(_, at)| at.is_none()));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn located(&self) -> impl Iterator<Item = (Observation, Location)> + '_ {
        (0..self.len()).filter_map(|i| Some((self.figures.get(i)?, self.figures.location(i)?)))
    }

    /// The figure at `index`, in the order the figures were added; `None`
    /// past the end.
    ///
    /// The dataset holds a figure as numbers (its series, period and note
    /// each numbered once), so the figure is built as it is asked for: its
    /// partner is shared, its note copied.
    ///
    /// ```
    /// use impact_metrics::{seed, Indicator};
    /// let report = seed::h1_2020_21()?;
    /// assert_eq!(report.figures.get(0).map(|f| f.indicator), Some(Indicator::VICTIMS_REMOVED));
    /// assert!(report.figures.get(24).is_none());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn get(&self, index: usize) -> Option<Observation> {
        self.figures.get(index)
    }

    /// Adds many figures, keeping going past bad ones: every figure that
    /// passes [`Dataset::check`] is added, and the refused ones come back
    /// with their position in `figures` and the error
    /// ([`Error::Refused`]).
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar, Indicator, Observation, Value};
    /// let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let refused = data.extend([
    ///     Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20)),
    ///     Observation::new(Indicator::RE_TRAFFICKING_RATE, h1, Value::Count(0)),
    ///     Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(17)),
    /// ]);
    /// assert_eq!(data.len(), 2);
    /// assert_eq!(refused.len(), 1);
    /// assert_eq!(refused[0].0, 1);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn extend(
        &mut self,
        figures: impl IntoIterator<Item = Observation>,
    ) -> Vec<(usize, Error)> {
        let mut refused = Vec::new();
        for (i, observation) in figures.into_iter().enumerate() {
            if let Err(e) = self.push(observation) {
                refused.push((i, e));
            }
        }
        refused
    }

    /// The dataset's fiscal calendar.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar};
    /// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// assert_eq!(data.calendar().start_month(), 9);
    /// ```
    #[must_use]
    pub fn calendar(&self) -> FiscalCalendar {
        self.calendar
    }

    /// The dataset's catalogue.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar};
    /// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// assert_eq!(data.catalogue().len(), Catalogue::builtin().len());
    /// ```
    #[must_use]
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Every figure, built anew, in the order they were added: a copy of
    /// the dataset's figures, at the size of an [`Observation`] each (144
    /// bytes, and a note's text), where the dataset holds a figure in 32.
    /// [`Dataset::iter`] and [`Dataset::get`] build one at a time.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar};
    /// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// assert!(data.observations().is_empty());
    /// ```
    #[must_use]
    pub fn observations(&self) -> Vec<Observation> {
        self.iter().collect()
    }

    /// How many figures there are.
    ///
    /// ```
    /// use impact_metrics::seed;
    /// assert_eq!(seed::h1_2020_21()?.figures.len(), 24);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.figures.len()
    }

    /// Whether there are no figures.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar};
    /// assert!(Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::empty()).is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.figures.len() == 0
    }

    /// The figures, in the order they were added, each built as it comes
    /// (see [`Dataset::get`]).
    ///
    /// ```
    /// use impact_metrics::seed;
    /// let report = seed::h1_2020_21()?;
    /// assert!(report.figures.iter().all(|f| f.period.months() <= 6));
    /// assert_eq!(report.figures.iter().len(), 24);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn iter(&self) -> Figures<'_> {
        Figures {
            store: &self.figures,
            front: 0,
            back: self.figures.len(),
        }
    }

    /// Totals of the figures, as the query asks: which figures, grouped by
    /// what. See [`Query`] for the choices and [`Table`] for the result.
    ///
    /// The table, or the error, is what adding the figures one by one, in
    /// the order they were added, to an [`Aggregator`](crate::Aggregator)
    /// gives. Each series and period is looked at once, not each figure;
    /// a large dataset is totalled on every core
    /// ([`Dataset::aggregate_on`] sets how many threads).
    ///
    /// # Errors
    ///
    /// - [`Error::Overflow`] when a total does not fit in a `u64`.
    /// - [`Error::MixedIndicators`] when one row would add figures of
    ///   different indicators (group by indicator, or ask for one).
    /// - [`Error::IncompatibleValues`] when it would add a bare percentage,
    ///   or a count to a rate.
    /// - [`Error::OverlappingPeriods`] when it would add two figures of one
    ///   series whose periods overlap (a quarter and a month inside it
    ///   would count twice).
    ///
    /// ```
    /// use impact_metrics::{seed, Country, aggregate::Group, Query, Value};
    /// let report = seed::h1_2020_21()?;
    /// let table = report.figures.aggregate(
    ///     &Query::new().within(report.period).by_indicator().by_country(),
    /// )?;
    /// let india_cared_for = table
    ///     .rows()
    ///     .iter()
    ///     .find(|r| r.key.country == Group::With(Country::IN) && r.value == Value::Count(93))
    ///     .unwrap();
    /// assert!(!india_cared_for.coverage.is_complete()); // 20/21 Q1 only
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn aggregate(&self, query: &Query) -> Result<Table> {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        aggregate::run_columns(&self.figures, query, threads)
    }

    /// The records the dataset holds its figures in.
    #[cfg(test)]
    pub(crate) fn store(&self) -> &Store {
        &self.figures
    }

    /// [`Dataset::aggregate`] on at most `threads` threads (one for 0):
    /// the same table, or the same error, for every number of threads.
    /// [`Dataset::aggregate`] uses as many as there are cores
    /// ([`std::thread::available_parallelism`]); a dataset of fewer than
    /// 131,072 figures is totalled on one.
    ///
    /// # Errors
    ///
    /// As [`Dataset::aggregate`].
    ///
    /// ```
    /// use impact_metrics::{seed, Query};
    /// let report = seed::h1_2020_21()?;
    /// let query = Query::new().within(report.period).by_indicator();
    /// assert_eq!(report.figures.aggregate_on(&query, 2)?, report.figures.aggregate_on(&query, 1)?);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn aggregate_on(&self, query: &Query, threads: usize) -> Result<Table> {
        aggregate::run_columns(&self.figures, query, threads)
    }
}

impl Dataset {
    /// The totals the query asks for in `current`, each beside the same
    /// total in the baseline, with the growth between them and what either
    /// side lacks.
    ///
    /// [`Baseline::AverageOf`] scales the baseline total to the length of
    /// `current` (the report's "growth on 19/20 HY average": a half year
    /// against half of the previous fiscal year); [`Baseline::Total`]
    /// compares the totals as they are. Any period grouping in the query is
    /// ignored: the two sides are the two periods. Counts are compared with
    /// [`Growth::on_average`](crate::Growth::on_average), rates part by
    /// part with [`Growth::of_rates`](crate::Growth::of_rates).
    ///
    /// A growth is [`GrowthOutcome::Complete`] only when both sides hold
    /// the same series (indicator, country, channel, partner), each
    /// covering the whole of its period. Otherwise, with
    /// [`Matching::AsReported`], it is [`GrowthOutcome::Incomplete`] and
    /// names each series a side lacks and the parts it lacks;
    /// [`Matching::LikeForLike`] instead totals only the series that both
    /// sides hold in full, and names the others in
    /// [`Comparison::left_out`]. There is one comparison for each group of
    /// either side, in key order.
    ///
    /// # Errors
    ///
    /// [`Error::UndefinedGrowth`] for [`Baseline::Unspecified`], and the
    /// errors of [`Dataset::aggregate`]. A group with no figures on one
    /// side, or a zero baseline, is not an error of the call: its growth
    /// is [`GrowthOutcome::Undefined`] and says why.
    ///
    /// ```
    /// use impact_metrics::{seed, figure::Baseline, aggregate::Matching, Query};
    /// let report = seed::h1_2020_21()?;
    /// // The seed report does not publish its 2019/20 figures.
    /// let rows = report.figures.compare(&Query::new().by_indicator(), report.period, Baseline::AverageOf(report.baseline_year), Matching::AsReported)?;
    /// assert_eq!(rows.len(), 8);
    /// assert!(rows.iter().all(|r| r.growth.growth_even_if_incomplete().is_none()));
    /// assert_eq!(rows[0].growth.reason(), Some("no figures to compare for the baseline period 2019/20"));
    /// assert!(report.figures.compare(&Query::new().by_indicator(), report.period, Baseline::Unspecified, Matching::AsReported).is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn compare(
        &self,
        query: &Query,
        current: Period,
        baseline: Baseline,
        matching: Matching,
    ) -> Result<Vec<Comparison>> {
        compare::compare(
            self.iter(),
            self.calendar(),
            query,
            current,
            baseline,
            matching,
        )
    }
}

impl<'a> IntoIterator for &'a Dataset {
    type Item = Observation;
    type IntoIter = Figures<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The figures of a [`Dataset`], in the order they were added, each built
/// as it comes: [`Dataset::iter`].
#[derive(Clone, Debug)]
pub struct Figures<'a> {
    store: &'a Store,
    front: usize,
    back: usize,
}

impl Iterator for Figures<'_> {
    type Item = Observation;

    fn next(&mut self) -> Option<Observation> {
        while self.front < self.back {
            let index = self.front;
            self.front += 1;
            if let Some(figure) = self.store.get(index) {
                return Some(figure);
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<Observation> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl DoubleEndedIterator for Figures<'_> {
    fn next_back(&mut self) -> Option<Observation> {
        while self.front < self.back {
            self.back -= 1;
            if let Some(figure) = self.store.get(self.back) {
                return Some(figure);
            }
        }
        None
    }
}

impl ExactSizeIterator for Figures<'_> {}

impl std::iter::FusedIterator for Figures<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::value::Value;

    #[test]
    fn every_location_comes_back_as_it_was_given() {
        let calendar = FiscalCalendar::SEPTEMBER;
        let h1 = calendar.half(2020, 1).unwrap();
        let given = [
            Location::in_file("uk.csv").with_line(2),
            Location::in_file("uk.csv").with_line(3),
            Location::in_file("bd.csv").with_line(2),
            Location::in_file("uk.csv").with_line(4),
            Location::none(),
            Location::none().with_line(7),
            Location::in_file("bd.csv")
                .with_line(3)
                .with_column("value"),
            Location::record(4),
            Location::in_file("uk.csv").with_line(0),
            Location::in_file("th.csv"),
        ];
        let mut data = Dataset::new(calendar, Catalogue::builtin());
        for (i, at) in given.iter().enumerate() {
            let figure = Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(i as u64));
            data.push_at(figure, at.clone()).unwrap();
        }
        let back: Vec<Location> = data.located().map(|(_, at)| at).collect();
        assert_eq!(back, given);
        assert_eq!(data.location(6), Some(given[6].clone()));
        assert_eq!(data.location(10), None);
    }
}
