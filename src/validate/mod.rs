//! Validation: every rule run over a dataset and its published totals,
//! collected in one [`Findings`].
//!
//! A [`Validator`] holds the settings (which rules run, how serious each
//! is, the "as of" date, the reporting period, the rounding rule of
//! published growth figures, outlier thresholds, declarations such as
//! "these two channels never count the same people") and runs:
//!
//! - the built-in rules, listed with their ids in [`Validator::builtin_rules`]
//!   (the registry of every rule id, [`RuleId::registry`]);
//! - the user's own rules in the DHIS2 style ("left side, operator, right
//!   side"), as [`UserRule`]s;
//! - rules written in Rust, as anything that implements [`Rule`].
//!
//! A run never stops at the first problem and never leaves a figure out:
//! the [`Findings`] list every [`Finding`], sorted so that it does not
//! depend on the order of the figures, each with its [`Severity`] and
//! [`Location`]. A figure a dataset refuses says why in a [`Refusal`].
//!
//! # The rules on a series
//!
//! Each figure is compared with the level its own series leads one to
//! expect ([`OutlierMethod::Expected`]): the median of the series' other
//! figures within a year either side, times the median of how the same
//! month stood in the other years, with a spread never below a count's
//! Poisson noise. From that one expectation come `outlier.level` (far from
//! it), `outlier.digit` (about ten times it, a tenth of it, or a
//! plausible value with two digits swapped), `outlier.unexpected_zero` and
//! `outlier.level_shift` (a change point of a Poisson regression of the
//! series on its trend and season: the level from a period on against the
//! level the periods before predict for it; reported once, at the first
//! period at the new level), and `double_count.same_value` (the same count
//! under direct and joint operations, where one of the two does not fit its
//! series).
//! `coverage.series_gap` names a period missing inside a series, and
//! `outlier.stray_country` a figure filed under a country its series
//! hardly knows, beside a regular series that lacks exactly that period.
//! Every finding says what would be plausible ("expected about 29 to 55
//! from the 23 other months within a year of it; 420 looks like an extra
//! digit (42 would be plausible)"). DHIS2's z-score and modified z-score
//! stay available through [`Outliers::z_score`] and
//! [`Outliers::modified_z_score`], and its min-max bands through
//! [`Validator::with_band`].
//!
//! ## Measured
//!
//! On 20 generated partner datasets (29,492 figures: 5 countries, 2 to 3
//! partners, 8 to 12 indicators, 36 to 60 months of counts with season up
//! to ±35%, trend from -10% to +25% a year and Poisson noise, convictions at
//! 0 to 3 a month, rates with plausible parts), with 10 faults of each of
//! 15 classes injected into each (3,000 in all), the defaults of
//! `impact validate --as-of DATE` find 90.7% of the faults and raise a
//! warning or an error on 4.5 of every 1,000 clean figures (110 of 24,275),
//! with one note a file (`outlier.skipped`) and no note about a single figure:
//!
//! | fault | found | | fault | found |
//! |---|---:|---|---|---:|
//! | percent for a count, numerator > denominator, month twice, exact duplicate, future period, negative value, missing month | 100% | | extra digit (×10) | 95% |
//! | same figure in direct and joint | 99.5% | | missing digit (÷10) | 92.5% |
//! | country code swapped (BD↔BG) | 99.5% | | zero in an always-positive series | 95.5% |
//! | wrong indicator's value | 57.5% | | transposed digits | 60% |
//! | level shift (definition change) | 61% | | **overall** | **90.7%** |
//!
//! False alarms per 1,000 clean figures, by rule: `outlier.digit` 1.6,
//! `outlier.level` 1.1, `outlier.level_shift` 1.6, `outlier.unexpected_zero`
//! 0.2, every other rule 0. Of the classes under 80%, many faults land
//! inside their series' clean range, where no method that sees only the
//! values can tell them from noise: 80 of the 200 transpositions, 79 of the
//! 200 wrong indicator's values and 123 of the 200 first months of a level
//! shift. Outside that range, 88% of the transpositions and 85% of the
//! wrong indicator's values are found. A level shift is distinguishable
//! from the months before it when an exact two-sided binomial test at the
//! 0.001 level, knowing the month of the change and the shape of season
//! and trend but not the level, tells its shifted months from those
//! before: 138 of the 200 are, and 114 of those (82.6%) are found in
//! their first three months, above the 80% aimed at (116 of the 144
//! distinguishable when the test also knows the true level; on 200
//! held-out datasets, 1,172 of 1,409, 83.2%). The full
//! tables, per class and per rule, with
//! what the measurement counts as found, are in
//! `docs/validation-quality.md`; the figures come from the generator and
//! matching of `tests/common/quality.rs` (seeds 1 to 20), printed by
//! `cargo run --release --example validation_quality`, and
//! `tests/validation_quality.rs` fails when they fall.
//!
//! ```
//! use impact_metrics::validate::{Severity, Validator};
//! use impact_metrics::seed;
//!
//! let report = seed::h1_2020_21()?;
//! let findings = Validator::new().validate_published(&report.figures, &report.headline);
//! // The published 26 exploiters convicted against parts of 1 + 24 = 25.
//! let unreconciled: Vec<_> = findings.by_rule("reconcile.total").collect();
//! assert_eq!(unreconciled.len(), 1);
//! assert_eq!(unreconciled[0].severity, Severity::Error);
//! # Ok::<(), impact_metrics::Error>(())
//! ```

mod baseline;
mod claims;
mod coverage;
mod duplicates;
mod figures;
mod outliers;
mod reconcile;
mod series;
mod user;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::channel::Channel;
use crate::error::{Error, Result};
use crate::figure::dataset::Dataset;
use crate::figure::observation::{Observation, Series};
use crate::figure::published::PublishedTotal;
use crate::growth::rounding::Rounding;
use crate::indicator::{Catalogue, Indicator};
use crate::period::Period;
use crate::period::calendar::FiscalCalendar;

use crate::rules;

pub use self::outliers::{MinMax, OutlierMethod, Outliers};
pub use self::user::{Expression, Grouping, MissingValues, Operator, Side, UserRule};
pub use crate::figure::dataset::Refusal;
pub use crate::findings::{Finding, Findings, Location, Severity};
pub use crate::rules::{RuleId, RuleInfo};

/// A rule written in Rust, run by a [`Validator`] beside the built-in ones.
///
/// `check` sees the dataset, the published totals and the settings through
/// a [`Context`], and returns its findings. The validator applies the
/// user's settings to them as to any other: a finding whose rule id (or
/// family, the part before the first `.`) is disabled is dropped, and a
/// configured severity replaces the one the rule gave.
///
/// ```
/// use impact_metrics::{seed, validate::Context, Finding, validate::Rule, Severity, Validator};
///
/// /// Every figure needs a note saying where it comes from.
/// #[derive(Debug)]
/// struct NeedsNote;
///
/// impl Rule for NeedsNote {
///     fn id(&self) -> &str {
///         "house.needs_note"
///     }
///     fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
///         cx.data()
///             .iter()
///             .enumerate()
///             .filter(|(_, figure)| figure.note.is_none())
///             .map(|(i, _)| cx.figure_finding(i, Severity::Note, self.id(), "no note says where the figure comes from"))
///             .collect()
///     }
/// }
///
/// let report = seed::h1_2020_21()?;
/// let findings = Validator::new().with_rule(NeedsNote).validate(&report.figures);
/// // 24 figures; India's three and Romania's one have notes.
/// assert_eq!(findings.by_rule("house.needs_note").count(), 20);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub trait Rule: fmt::Debug + Send + Sync {
    /// The rule's stable id, such as `house.needs_note`; its findings carry
    /// it (or ids that start with it and a `.`).
    fn id(&self) -> &str;

    /// The findings about the data in `cx`.
    fn check(&self, cx: &Context<'_>) -> Vec<Finding>;
}

/// What a rule sees: the dataset, the published totals, and the settings.
///
/// ```
/// use impact_metrics::{seed, validate::Context, Finding, validate::Rule, Validator};
/// #[derive(Debug)]
/// struct Probe;
/// impl Rule for Probe {
///     fn id(&self) -> &str { "probe" }
///     fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
///         assert_eq!(cx.published().len(), 8);
///         assert_eq!(cx.label(cx.figures()[0].period), "20/21 H1");
///         Vec::new()
///     }
/// }
/// let report = seed::h1_2020_21()?;
/// Validator::new().with_rule(Probe).validate_published(&report.figures, &report.headline);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    data: &'a Dataset,
    figures: &'a [Observation],
    published: &'a [PublishedTotal],
    validator: &'a Validator,
}

impl<'a> Context<'a> {
    /// The figures.
    ///
    /// ```
    /// # use impact_metrics::{seed, validate::Context, Finding, validate::Rule, Validator};
    /// # #[derive(Debug)] struct Probe;
    /// # impl Rule for Probe { fn id(&self) -> &str { "probe" }
    /// fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
    ///     assert_eq!(cx.data().len(), 24);
    ///     Vec::new()
    /// }
    /// # }
    /// # Validator::new().with_rule(Probe).validate(&seed::h1_2020_21()?.figures);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn data(&self) -> &'a Dataset {
        self.data
    }

    /// The figures of [`Context::data`], built once for all the rules (a
    /// dataset holds its figures as numbers; see [`Dataset::get`]), in the
    /// order they were added: a finding's index is an index here.
    ///
    /// ```
    /// # use impact_metrics::{seed, validate::Context, Finding, validate::Rule, Validator};
    /// # #[derive(Debug)] struct Probe;
    /// # impl Rule for Probe { fn id(&self) -> &str { "probe" }
    /// fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
    ///     assert_eq!(cx.figures().len(), cx.data().len());
    ///     Vec::new()
    /// }
    /// # }
    /// # let report = seed::h1_2020_21()?;
    /// # Validator::new().with_rule(Probe).validate(&report.figures);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn figures(&self) -> &'a [Observation] {
        self.figures
    }

    /// The published totals given to [`Validator::validate_published`]
    /// (none for [`Validator::validate`]).
    ///
    /// ```
    /// # use impact_metrics::{seed, validate::Context, Finding, validate::Rule, Validator};
    /// # #[derive(Debug)] struct Probe;
    /// # impl Rule for Probe { fn id(&self) -> &str { "probe" }
    /// fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
    ///     assert!(cx.published().is_empty());
    ///     Vec::new()
    /// }
    /// # }
    /// # Validator::new().with_rule(Probe).validate(&seed::h1_2020_21()?.figures);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn published(&self) -> &'a [PublishedTotal] {
        self.published
    }

    /// The validator whose settings apply.
    ///
    /// ```
    /// # use impact_metrics::{seed, validate::Context, Finding, Rounding, validate::Rule, Validator};
    /// # #[derive(Debug)] struct Probe;
    /// # impl Rule for Probe { fn id(&self) -> &str { "probe" }
    /// fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
    ///     assert_eq!(cx.validator().growth_rounding(), Rounding::TowardZero);
    ///     Vec::new()
    /// }
    /// # }
    /// # Validator::new().with_growth_rounding(Rounding::TowardZero).with_rule(Probe).validate(&seed::h1_2020_21()?.figures);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn validator(&self) -> &'a Validator {
        self.validator
    }

    /// The dataset's calendar.
    ///
    /// ```
    /// # use impact_metrics::{seed, validate::Context, Finding, validate::Rule, Validator};
    /// # #[derive(Debug)] struct Probe;
    /// # impl Rule for Probe { fn id(&self) -> &str { "probe" }
    /// fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
    ///     assert_eq!(cx.calendar().start_month(), 9);
    ///     Vec::new()
    /// }
    /// # }
    /// # Validator::new().with_rule(Probe).validate(&seed::h1_2020_21()?.figures);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn calendar(&self) -> FiscalCalendar {
        self.data.calendar()
    }

    /// The dataset's catalogue.
    ///
    /// ```
    /// # use impact_metrics::{seed, validate::Context, Finding, Indicator, validate::Rule, Validator};
    /// # #[derive(Debug)] struct Probe;
    /// # impl Rule for Probe { fn id(&self) -> &str { "probe" }
    /// fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
    ///     assert!(cx.catalogue().contains(Indicator::VICTIMS_REMOVED));
    ///     Vec::new()
    /// }
    /// # }
    /// # Validator::new().with_rule(Probe).validate(&seed::h1_2020_21()?.figures);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn catalogue(&self) -> &'a Catalogue {
        self.data.catalogue()
    }

    /// A period's label on the dataset's calendar, such as `20/21 H1`.
    ///
    /// ```
    /// # use impact_metrics::{seed, validate::Context, Finding, validate::Rule, Validator};
    /// # #[derive(Debug)] struct Probe;
    /// # impl Rule for Probe { fn id(&self) -> &str { "probe" }
    /// fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
    ///     let q1 = cx.calendar().quarter(2020, 1).unwrap();
    ///     assert_eq!(cx.label(q1), "20/21 Q1");
    ///     Vec::new()
    /// }
    /// # }
    /// # Validator::new().with_rule(Probe).validate(&seed::h1_2020_21()?.figures);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn label(&self, period: Period) -> String {
        self.calendar().label(period).to_string()
    }

    /// Where the figure at `index` is: where it came from (as given to
    /// [`Dataset::push_at`]) and its position.
    ///
    /// ```
    /// # use impact_metrics::{seed, validate::Context, Finding, validate::Rule, Validator};
    /// # #[derive(Debug)] struct Probe;
    /// # impl Rule for Probe { fn id(&self) -> &str { "probe" }
    /// fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
    ///     assert_eq!(cx.location(3).to_string(), "figure #3");
    ///     Vec::new()
    /// }
    /// # }
    /// # Validator::new().with_rule(Probe).validate(&seed::h1_2020_21()?.figures);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn location(&self, index: usize) -> Location {
        self.data
            .location(index)
            .unwrap_or_default()
            .with_record(index)
    }

    /// A finding about the figure at `index`: located, with its series,
    /// period and value. An index past the end gives a finding with no
    /// figure.
    ///
    /// ```
    /// # use impact_metrics::{seed, validate::Context, Finding, validate::Rule, Severity, Validator};
    /// # #[derive(Debug)] struct Probe;
    /// # impl Rule for Probe { fn id(&self) -> &str { "probe" }
    /// fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
    ///     let finding = cx.figure_finding(0, Severity::Note, "probe", "first figure");
    ///     assert_eq!(finding.values, [("value".to_string(), "20".to_string())]);
    ///     vec![finding]
    /// }
    /// # }
    /// # let found = Validator::new().with_rule(Probe).validate(&seed::h1_2020_21()?.figures);
    /// # assert_eq!(found.by_rule("probe").count(), 1);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn figure_finding(
        &self,
        index: usize,
        severity: Severity,
        rule: impl Into<RuleId>,
        message: impl Into<String>,
    ) -> Finding {
        let finding = Finding::new(severity, rule, message);
        match self.figures.get(index) {
            Some(figure) => finding
                .with_location(self.location(index))
                .with_series(figure.series(), Some(figure.period))
                .with_value("value", figure.value),
            None => finding,
        }
    }

    /// A figure written for a person: series, period label,
    /// bound and value, such as `victims_removed GB direct 20/21 H1 = 20`.
    pub(crate) fn describe(&self, figure: &Observation) -> String {
        figure.describe(self.calendar())
    }

    /// The figures with their positions, ordered by content (series,
    /// period, value) and then by location, so that rules that pick "the
    /// first" figure of a group pick the same one whatever the order of
    /// the records.
    pub(crate) fn ordered(&self, indices: &mut [usize]) {
        let data = self.figures;
        indices.sort_by(|&a, &b| {
            let key = |i: usize| {
                data.get(i)
                    .map(|f| (f.series(), f.period, f.value.to_string()))
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| self.location(a).cmp(&self.location(b)))
        });
    }
}

/// A declaration that figures of one indicator under two channels never
/// count the same people, so that one country and period with both is
/// double counting.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Exclusive {
    indicator: Indicator,
    channels: [Channel; 2],
}

/// The validation settings, and the run.
///
/// Build one with [`Validator::new`] and the setting methods, then call
/// [`validate`](Validator::validate) on a dataset,
/// [`validate_published`](Validator::validate_published) on a dataset and
/// the totals published from it, or [`admit`](Validator::admit) on records
/// not yet in a dataset.
///
/// It runs three kinds of rules, and collects their findings in one
/// [`Findings`], sorted so that it does not depend on the order of the
/// figures:
///
/// - the built-in rules, listed with their stable ids and default
///   severities by [`Validator::builtin_rules`]: rates, periods, where an
///   indicator belongs, duplicates, coverage, reconciliation of published
///   totals, outliers, double counting across channels, published growth
///   claims;
/// - the user's own rules in the DHIS2 style ("left side, operator, right
///   side" over indicator totals), as [`UserRule`]s;
/// - rules written in Rust, as anything that implements [`Rule`].
///
/// A run never stops at the first problem and never leaves a figure out;
/// the figures stay usable whatever is found.
///
/// Every built-in rule is on by default; the ones that need a declaration
/// (an "as of" date, a min-max band, channels that must not overlap) find
/// nothing until it is given. Settings name rules by id
/// (`reconcile.total`) or by family (`reconcile`), for every finding the
/// crate raises: reading a file (`parse`, `read`), admitting a figure
/// (`figure`, `period.calendar`), disclosure control and the validator's
/// own rules. An id that names nothing is refused with the nearest known
/// ids; settings apply to findings found elsewhere through
/// [`Validator::apply`].
///
/// ```
/// use impact_metrics::{seed, Rounding, Severity, Validator};
///
/// let report = seed::h1_2020_21()?;
/// let found = Validator::new()
///     .with_growth_rounding(Rounding::HalfUp)
///     .disable("outlier")?
///     .validate_published(&report.figures, &report.headline);
///
/// // Convictions: 26 published, 1 + 24 in the parts.
/// let gap = found.by_rule("reconcile.total").next().unwrap();
/// assert!(gap.message.contains("26"), "{}", gap.message);
/// assert_eq!(found.by_rule("coverage.partial").count(), 3); // India, Q1 only
/// assert_eq!(found.by_rule("growth.claim_unreachable").count(), 2); // +274% and +205%
/// assert_eq!(found.count(Severity::Error), 3);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Validator {
    as_of: Option<NaiveDate>,
    reporting_period: Option<Period>,
    rounding: Rounding,
    outliers: Outliers,
    bands: Vec<MinMax>,
    exclusive: Vec<Exclusive>,
    user_rules: Vec<UserRule>,
    plugins: Vec<Arc<dyn Rule>>,
    switches: BTreeMap<String, bool>,
    severities: BTreeMap<String, Severity>,
}

impl Default for Validator {
    fn default() -> Validator {
        Validator::new()
    }
}

impl Validator {
    /// Every built-in rule, with its id, default severity and summary: the
    /// registry [`RuleId::registry`], whose findings (the readers', the
    /// admission check's, disclosure control's and the validator's own)
    /// the settings apply to.
    ///
    /// ```
    /// use impact_metrics::Validator;
    /// let ids: Vec<&str> = Validator::builtin_rules().iter().map(|r| r.id).collect();
    /// assert!(ids.contains(&"duplicate.conflicting"));
    /// assert!(ids.contains(&"parse.value"));
    /// ```
    #[must_use]
    pub fn builtin_rules() -> &'static [RuleInfo] {
        RuleId::registry()
    }

    /// The default settings: every rule on, no "as of" date, no reporting
    /// period, growth claims rounded half-up, outliers by their expected
    /// level above 4.5 spreads with at least 6 other periods
    /// ([`Outliers::default`]).
    ///
    /// ```
    /// use impact_metrics::{Rounding, Validator};
    /// let validator = Validator::new();
    /// assert_eq!(validator.growth_rounding(), Rounding::HalfUp);
    /// assert!(validator.is_enabled("reconcile.total"));
    /// ```
    #[must_use]
    pub fn new() -> Validator {
        Validator {
            as_of: None,
            reporting_period: None,
            rounding: Rounding::HalfUp,
            outliers: Outliers::default(),
            bands: Vec::new(),
            exclusive: Vec::new(),
            user_rules: Vec::new(),
            plugins: Vec::new(),
            switches: BTreeMap::new(),
            severities: BTreeMap::new(),
        }
    }

    /// The date the figures are as of: a figure whose period ends after it
    /// counts days that had not happened (`period.after_as_of`).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::{seed, Validator};
    /// let report = seed::h1_2020_21()?;
    /// let before_the_end = NaiveDate::from_ymd_opt(2021, 1, 31).unwrap();
    /// let found = Validator::new().with_as_of(before_the_end).validate(&report.figures);
    /// // Every H1 figure ends on 28 February; India's Q1 figures end on 30 November.
    /// assert_eq!(found.by_rule("period.after_as_of").count(), 21);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_as_of(mut self, date: NaiveDate) -> Validator {
        self.as_of = Some(date);
        self
    }

    /// The period being reported on. Each series with a figure in it must
    /// cover all of it (`coverage.partial`), and each series reported in
    /// the period before it must report in it too (`coverage.missing`).
    ///
    /// ```
    /// use impact_metrics::{seed, Validator};
    /// let report = seed::h1_2020_21()?;
    /// let found = Validator::new().with_reporting_period(report.period).validate(&report.figures);
    /// assert_eq!(found.by_rule("coverage.partial").count(), 3); // India, Q1 only
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_reporting_period(mut self, period: Period) -> Validator {
        self.reporting_period = Some(period);
        self
    }

    /// The rounding rule the published growth percentages were rounded
    /// with. Reports rarely say; [`Rounding::HalfUp`] by default.
    ///
    /// ```
    /// use impact_metrics::{seed, Rounding, Validator};
    /// let report = seed::h1_2020_21()?;
    /// let truncated = Validator::new()
    ///     .with_growth_rounding(Rounding::TowardZero)
    ///     .validate_published(&report.figures, &report.headline);
    /// assert_eq!(truncated.by_rule("growth.claim_unreachable").count(), 0);
    /// assert_eq!(truncated.by_rule("growth.claim_consistent").count(), 8);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_growth_rounding(mut self, rule: Rounding) -> Validator {
        self.rounding = rule;
        self
    }

    /// The outlier settings: method, threshold and the history needed.
    ///
    /// ```
    /// use impact_metrics::{validate::Outliers, Validator};
    /// let validator = Validator::new().with_outliers(Outliers::modified_z_score(3.5).with_min_history(4));
    /// assert_eq!(validator.outliers().min_history, 4);
    /// ```
    #[must_use]
    pub fn with_outliers(mut self, settings: Outliers) -> Validator {
        self.outliers = settings;
        self
    }

    /// Adds a min-max band: counts of its indicator (and country) outside
    /// it are flagged (`outlier.min_max`).
    ///
    /// ```
    /// use impact_metrics::{seed, Indicator, validate::MinMax, Validator};
    /// let report = seed::h1_2020_21()?;
    /// let found = Validator::new()
    ///     .with_band(MinMax::new(Indicator::PROFESSIONALS_TRAINED, 0, 400))
    ///     .validate(&report.figures);
    /// assert_eq!(found.by_rule("outlier.min_max").count(), 1); // Bangladesh's 448
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_band(mut self, band: MinMax) -> Validator {
        self.bands.push(band);
        self
    }

    /// Declares that figures of `indicator` under the two channels never
    /// count the same people: a country and period with figures under both
    /// is double counting (`double_count.channels`).
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Observation, Partner, Validator, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// data.push(Observation::new(Indicator::SURVIVORS_CARED_FOR, h1, Value::Count(21)).with_country(Country::TH).with_channel(Channel::Direct))?;
    /// data.push(Observation::new(Indicator::SURVIVORS_CARED_FOR, h1, Value::Count(21)).with_country(Country::TH)
    ///     .with_channel(Channel::Joint).with_partner(Partner::new("LIFT International")?))?;
    /// let found = Validator::new()
    ///     .with_exclusive(Indicator::SURVIVORS_CARED_FOR, [Channel::Direct, Channel::Joint])
    ///     .validate(&data);
    /// assert_eq!(found.by_rule("double_count.channels").count(), 2); // one for each figure
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_exclusive(mut self, indicator: Indicator, channels: [Channel; 2]) -> Validator {
        self.exclusive.push(Exclusive {
            indicator,
            channels,
        });
        self
    }

    /// Adds a rule of the user's own, DHIS2-style.
    ///
    /// ```
    /// use impact_metrics::{seed, validate::UserRule, Validator};
    /// let report = seed::h1_2020_21()?;
    /// let rule = UserRule::new("house.repatriated_within_cared_for", "survivors_repatriated <= survivors_cared_for")?;
    /// let found = Validator::new().with_user_rule(rule).validate(&report.figures);
    /// // Romania repatriated 2 and reports no survivors cared for; the
    /// // default strategy skips a side whose values are all missing.
    /// assert_eq!(found.by_rule("house.repatriated_within_cared_for").count(), 0);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_user_rule(mut self, rule: UserRule) -> Validator {
        self.user_rules.push(rule);
        self
    }

    /// Adds a rule written in Rust. See [`Rule`].
    ///
    /// ```
    /// use impact_metrics::{validate::Context, Finding, validate::Rule, Validator};
    /// #[derive(Debug)]
    /// struct Nothing;
    /// impl Rule for Nothing {
    ///     fn id(&self) -> &str { "house.nothing" }
    ///     fn check(&self, _: &Context<'_>) -> Vec<Finding> { Vec::new() }
    /// }
    /// let validator = Validator::new().with_rule(Nothing);
    /// assert!(validator.is_enabled("house.nothing"));
    /// ```
    #[must_use]
    pub fn with_rule(mut self, rule: impl Rule + 'static) -> Validator {
        self.plugins.push(Arc::new(rule));
        self
    }

    /// Turns off a rule, by id (`outlier.zscore`) or family (`outlier`):
    /// its findings are left out of the reports of
    /// [`validate`](Validator::validate), [`admit`](Validator::admit) and
    /// [`apply`](Validator::apply). Errors that mean figures were left out
    /// (a row that cannot be read, a refused figure:
    /// [`RuleInfo::leaves_out`]) are still counted, in one `config.hidden`
    /// warning, so that no figure disappears without a word.
    ///
    /// The id is a registered one ([`RuleId::registry`]) or a family of
    /// them, or the id of a rule of your own added before this call.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRule`] for an id that names no rule and no family
    /// (the message suggests the nearest known ids), and for `config`,
    /// whose findings report on the settings themselves.
    ///
    /// ```
    /// use impact_metrics::Validator;
    /// let validator = Validator::new().disable("outlier")?;
    /// assert!(!validator.is_enabled("outlier.skipped"));
    /// assert!(validator.is_enabled("reconcile.total"));
    /// assert_eq!(
    ///     Validator::new().disable("outlier.zscor").unwrap_err().to_string(),
    ///     "invalid rule \"outlier.zscor\": no rule or family has this id; did you mean \"outlier.zscore\"?"
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn disable(mut self, rule: &str) -> Result<Validator> {
        let rule = self.known_setting(rule)?;
        self.switches.insert(rule, false);
        Ok(self)
    }

    /// Turns a rule back on, by id or family; an id's setting wins over its
    /// family's.
    ///
    /// # Errors
    ///
    /// As [`Validator::disable`].
    ///
    /// ```
    /// use impact_metrics::Validator;
    /// let validator = Validator::new().disable("outlier")?.enable("outlier.min_max")?;
    /// assert!(validator.is_enabled("outlier.min_max"));
    /// assert!(!validator.is_enabled("outlier.zscore"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn enable(mut self, rule: &str) -> Result<Validator> {
        let rule = self.known_setting(rule)?;
        self.switches.insert(rule, true);
        Ok(self)
    }

    /// Sets the severity of a rule's findings, by id or family; an id's
    /// setting wins over its family's.
    ///
    /// # Errors
    ///
    /// As [`Validator::disable`].
    ///
    /// ```
    /// use impact_metrics::{seed, Severity, Validator};
    /// let report = seed::h1_2020_21()?;
    /// let found = Validator::new()
    ///     .with_severity("coverage.partial", Severity::Error)?
    ///     .validate_published(&report.figures, &report.headline);
    /// assert!(found.by_rule("coverage.partial").all(|f| f.severity == Severity::Error));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn with_severity(mut self, rule: &str, severity: Severity) -> Result<Validator> {
        let rule = self.known_setting(rule)?;
        self.severities.insert(rule, severity);
        Ok(self)
    }

    /// The id or family a setting names, trimmed, when it is known: a
    /// registered id or family, or one of the rules of the user's own
    /// added so far (or its family, or an id under a Rust rule's id).
    fn known_setting(&self, rule: &str) -> Result<String> {
        let rule = rule.trim();
        let refuse = |reason: String| Error::InvalidRule {
            input: rule.to_string(),
            reason,
        };
        if rule == RuleId::CONFIG_HIDDEN.family() || rule == RuleId::CONFIG_HIDDEN.as_str() {
            return Err(refuse(
                "the settings' own findings say what the settings hide, so they cannot be configured"
                    .to_string(),
            ));
        }
        let own: Vec<&str> = self
            .user_rules
            .iter()
            .map(|r| r.id.as_str())
            .chain(self.plugins.iter().map(|p| p.id()))
            .collect();
        let family = |id: &str| id.split_once('.').map_or(id, |(f, _)| f).to_string();
        let known = RuleId::from(rule).is_registered()
            || rules::is_registered_family(rule)
            || own.iter().any(|id| *id == rule || family(id) == rule)
            || self.plugins.iter().any(|p| {
                rule.strip_prefix(p.id())
                    .is_some_and(|rest| rest.starts_with('.'))
            });
        if known {
            return Ok(rule.to_string());
        }
        let families: Vec<&str> = RuleId::registry().iter().map(RuleInfo::family).collect();
        let candidates = RuleId::registry()
            .iter()
            .map(|r| r.id)
            .chain(families)
            .chain(own.iter().copied());
        let nearest = rules::nearest(rule, candidates);
        let reason = match nearest.split_last() {
            None => {
                "no rule or family has this id (a rule of your own is added before its settings)"
                    .to_string()
            }
            Some((last, [])) => format!("no rule or family has this id; did you mean {last:?}?"),
            Some((last, rest)) => {
                let rest: Vec<String> = rest.iter().map(|id| format!("{id:?}")).collect();
                format!(
                    "no rule or family has this id; did you mean {} or {last:?}?",
                    rest.join(", ")
                )
            }
        };
        Err(refuse(reason))
    }

    /// Whether findings of a rule are kept, by the settings.
    ///
    /// ```
    /// use impact_metrics::Validator;
    /// assert!(Validator::new().is_enabled("duplicate.identical"));
    /// assert!(!Validator::new().disable("duplicate.identical")?.is_enabled("duplicate.identical"));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn is_enabled(&self, rule: &str) -> bool {
        self.setting(&self.switches, rule).copied().unwrap_or(true)
    }

    /// The rounding rule for growth claims.
    ///
    /// ```
    /// use impact_metrics::{Rounding, Validator};
    /// assert_eq!(Validator::new().with_growth_rounding(Rounding::HalfEven).growth_rounding(), Rounding::HalfEven);
    /// ```
    #[must_use]
    pub fn growth_rounding(&self) -> Rounding {
        self.rounding
    }

    /// The "as of" date, if set.
    ///
    /// ```
    /// use impact_metrics::Validator;
    /// assert_eq!(Validator::new().as_of(), None);
    /// ```
    #[must_use]
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.as_of
    }

    /// The reporting period, if set.
    ///
    /// ```
    /// use impact_metrics::Validator;
    /// assert_eq!(Validator::new().reporting_period(), None);
    /// ```
    #[must_use]
    pub fn reporting_period(&self) -> Option<Period> {
        self.reporting_period
    }

    /// The outlier settings.
    ///
    /// ```
    /// use impact_metrics::{validate::OutlierMethod, Validator};
    /// assert_eq!(Validator::new().outliers().method, OutlierMethod::Expected);
    /// ```
    #[must_use]
    pub fn outliers(&self) -> Outliers {
        self.outliers
    }

    /// Runs every enabled rule over a dataset: the findings, sorted.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, FiscalCalendar, Indicator, Observation, Validator, Value};
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// data.push(Observation::new(Indicator::RE_TRAFFICKING_RATE, h1, Value::Ratio { numerator: 5, denominator: 3 }))?;
    /// let found = Validator::new().validate(&data);
    /// assert_eq!(found.by_rule("rate.numerator_above_denominator").count(), 1);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn validate(&self, data: &Dataset) -> Findings {
        self.validate_published(data, &[])
    }

    /// Runs every enabled rule over a dataset and the totals published
    /// from it: reconciliation, the coverage of each total's period and its
    /// growth claim, besides the rules on the figures themselves.
    ///
    /// ```
    /// use impact_metrics::{seed, Validator};
    /// let report = seed::h1_2020_21()?;
    /// let found = Validator::new().validate_published(&report.figures, &report.headline);
    /// assert_eq!(found.by_rule("reconcile.total").count(), 1); // convictions
    /// assert_eq!(found.by_rule("reconcile.interpreted").count(), 1); // repatriations
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn validate_published(&self, data: &Dataset, published: &[PublishedTotal]) -> Findings {
        self.finish(self.run(data, published))
    }

    /// The findings of every enabled rule, before the settings apply.
    fn run(&self, data: &Dataset, published: &[PublishedTotal]) -> Vec<Finding> {
        let figures = data.observations();
        let cx = Context {
            data,
            figures: &figures,
            published,
            validator: self,
        };
        let mut found = Vec::new();
        figures::check(&cx, &mut found);
        duplicates::check(&cx, &mut found);
        for rule in &self.exclusive {
            duplicates::exclusive(&cx, rule.indicator, rule.channels, &mut found);
        }
        coverage::check(&cx, &mut found);
        series::check(&cx, &mut found);
        reconcile::check(&cx, &mut found);
        let baselines = baseline::compute(&cx, self.outliers.needed());
        let explained = duplicates::same_value(&cx, &baselines, &mut found);
        outliers::check(
            &cx,
            &self.outliers,
            &self.bands,
            &baselines,
            explained,
            &mut found,
        );
        claims::check(&cx, &mut found);
        for rule in &self.user_rules {
            if self.is_enabled(&rule.id) {
                found.extend(rule.check(&cx));
            }
        }
        for rule in &self.plugins {
            if self.is_enabled(rule.id()) {
                found.extend(rule.check(&cx));
            }
        }
        found
    }

    /// Checks records that are not yet in a dataset, and builds the dataset
    /// of those that can be in one.
    ///
    /// A record the dataset refuses ([`Dataset::refusals`]: an unknown
    /// indicator, a count for a rate, a period on another calendar, a
    /// partner missing or where there should be none) is reported as an
    /// error under its reason's rule id ([`Refusal::rule`](crate::validate::Refusal::rule)),
    /// once for each reason, with its location, and left out of the
    /// dataset; every other record is added and the dataset is then
    /// validated as by [`validate`](Validator::validate). In the report,
    /// `figure #n` is the record's position in `records`, whether or not it
    /// was admitted.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, Indicator, Location, Observation, Validator, Value};
    /// let september = FiscalCalendar::SEPTEMBER;
    /// let april = FiscalCalendar::new(4, impact_metrics::YearLabel::Span)?;
    /// let records = vec![
    ///     (Observation::new(Indicator::VICTIMS_REMOVED, september.half(2020, 1)?, Value::Count(20)), Location::in_file("uk.csv").with_line(2)),
    ///     (Observation::new(Indicator::VICTIMS_REMOVED, april.quarter(2020, 3)?, Value::Count(9)), Location::in_file("uk.csv").with_line(3)),
    /// ];
    /// let (data, found) = Validator::new().admit(september, Catalogue::builtin(), records);
    /// assert_eq!(data.len(), 1);
    /// let refused = found.by_rule("period.calendar").next().unwrap();
    /// assert_eq!(refused.location.to_string(), "uk.csv:3 (figure #1)");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn admit(
        &self,
        calendar: FiscalCalendar,
        catalogue: Catalogue,
        records: impl IntoIterator<Item = (Observation, Location)>,
    ) -> (Dataset, Findings) {
        let mut data = Dataset::new(calendar, catalogue);
        let mut positions = Vec::new();
        let mut refused = Vec::new();
        for (position, (figure, location)) in records.into_iter().enumerate() {
            let location = location.with_record(position);
            let reasons = data.admit(figure, location);
            if reasons.is_empty() {
                positions.push(position);
            }
            refused.extend(reasons);
        }
        let mut findings = self.run(&data, &[]);
        // Findings about admitted figures name their position in the
        // dataset; make it their position in `records`.
        for finding in &mut findings {
            if let Some(index) = finding.location.record {
                finding.location.record = positions.get(index).copied().or(Some(index));
            }
        }
        findings.extend(refused);
        (data, self.finish(findings))
    }

    /// Applies the settings to findings found elsewhere, such as those of
    #[doc = concat!("reading a file (", csv_item!("csv::read"), "): findings of disabled")]
    /// rules are left out (errors about figures left out counted in one
    /// `config.hidden` warning at the end, see [`Validator::disable`]), and
    /// configured severities replace the ones given. The findings keep
    /// their order.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions, Validator, csv};
    /// let file = "indicator,period,value,entered_by\nvictims_removed,20/21 H1,20,AB\n";
    /// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let (_, read) = csv::read(file.as_bytes(), &options);
    /// assert_eq!(read.by_rule("parse.column_ignored").count(), 1);
    /// let shown = Validator::new().disable("parse")?.apply(read);
    /// assert!(shown.is_empty());
    /// # }
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn apply(&self, findings: Findings) -> Findings {
        let mut hidden: BTreeMap<RuleId, usize> = BTreeMap::new();
        let mut kept = Findings::new();
        for mut finding in findings.into_findings() {
            if !self.is_enabled(&finding.rule) {
                let leaves_out = finding.rule.info().is_some_and(|r| r.leaves_out);
                if leaves_out && finding.severity == Severity::Error {
                    let count = hidden.entry(finding.rule.clone()).or_insert(0);
                    *count = count.saturating_add(1);
                }
                continue;
            }
            if let Some(severity) = self.setting(&self.severities, &finding.rule) {
                finding.severity = *severity;
            }
            kept.push(finding);
        }
        if !hidden.is_empty() {
            let total = hidden.values().fold(0usize, |a, n| a.saturating_add(*n));
            let each: Vec<String> = hidden
                .iter()
                .map(|(rule, n)| format!("{rule} ({n})"))
                .collect();
            let plural = if total == 1 { "" } else { "s" };
            kept.push(
                general(
                    RuleId::CONFIG_HIDDEN,
                    format!(
                        "{total} error{plural} about figures left out of the dataset not shown, \
                         because the settings disable their rules: {}",
                        each.join(", ")
                    ),
                )
                .with_value("hidden errors", total),
            );
        }
        kept
    }

    /// Applies the settings, and sorts.
    fn finish(&self, found: Vec<Finding>) -> Findings {
        let mut report = self.apply(found.into_iter().collect());
        report.sort();
        report
    }

    /// The setting for a rule: its own, else its family's.
    fn setting<'s, T>(&self, settings: &'s BTreeMap<String, T>, rule: &str) -> Option<&'s T> {
        settings.get(rule).or_else(|| {
            let family = rule.split('.').next().unwrap_or(rule);
            settings.get(family)
        })
    }
}

/// The default severity of a rule, from the registry (an error for an id
/// the registry does not have).
fn builtin_severity(rule: &RuleId) -> Severity {
    rule.default_severity().unwrap_or(Severity::Error)
}

/// A finding of a built-in rule about the figure at `index`, with the
/// rule's default severity.
fn about(
    cx: &Context<'_>,
    index: usize,
    rule: impl Into<RuleId>,
    message: impl Into<String>,
) -> Finding {
    let rule = rule.into();
    cx.figure_finding(index, builtin_severity(&rule), rule, message)
}

/// A finding of a built-in rule about no figure in particular.
fn general(rule: impl Into<RuleId>, message: impl Into<String>) -> Finding {
    let rule = rule.into();
    Finding::new(builtin_severity(&rule), rule, message)
}

/// The series a published total speaks for: its indicator and country.
fn total_series(total: &PublishedTotal) -> Series {
    let series = Series::new(total.indicator);
    match total.country {
        Some(country) => series.with_country(country),
        None => series,
    }
}

/// A published total written for a person: indicator, country, channels
/// and period label.
fn describe_total(cx: &Context<'_>, total: &PublishedTotal) -> String {
    let mut text = total_series(total).to_string();
    if !total.channels.is_empty() {
        let channels: Vec<&str> = total.channels.iter().map(|c| c.code()).collect();
        text.push_str(&format!(" ({})", channels.join(" + ")));
    }
    text.push(' ');
    text.push_str(&cx.label(total.period));
    text
}

#[cfg(test)]
mod tests;
