//! The crate's one error type.

/// A specialised [`Result`](std::result::Result) whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in this crate.
///
/// The variant is the error's kind: match on it to react to one kind of
/// failure. Messages are lowercase, have no trailing period, and quote the
/// value that was refused, so they can be shown to a person as they are.
///
/// `Error` is `Clone` and `PartialEq`, so tests can compare errors directly.
///
/// ```
/// use impact_metrics::{Country, Error};
///
/// let err = "Atlantis".parse::<Country>().unwrap_err();
/// assert_eq!(err, Error::UnknownCountry { input: "Atlantis".to_string() });
/// assert_eq!(err.to_string(), r#"unknown country "Atlantis""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A country code or name that ISO 3166-1 does not know.
    #[error("unknown country {input:?}")]
    UnknownCountry {
        /// The text that was given.
        input: String,
    },
    /// A period label that could not be read.
    #[error("invalid period {input:?}: {reason}")]
    InvalidPeriod {
        /// The text that was given.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// A number outside the range its place allows (a fiscal year, a
    /// month, a quarter's index, ...).
    #[error("{what} out of range: {value} (expected {expected})")]
    OutOfRange {
        /// What the number was meant to be.
        what: &'static str,
        /// The number that was given.
        value: i64,
        /// The range that is allowed, in words.
        expected: &'static str,
    },
    /// An indicator that the catalogue does not define.
    #[error("unknown indicator {input:?}")]
    UnknownIndicator {
        /// The code or name that was given.
        input: String,
    },
    /// An indicator code that breaks the code syntax.
    #[error("invalid indicator code {input:?}: {reason}")]
    InvalidIndicatorCode {
        /// The text that was given.
        input: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// An indicator definition that cannot be added to a catalogue.
    #[error("invalid indicator definition {code:?}: {reason}")]
    InvalidIndicatorDefinition {
        /// The code of the definition.
        code: String,
        /// Why it was refused.
        reason: String,
    },
    /// A strategy channel name that is not known.
    #[error("unknown strategy channel {input:?}")]
    UnknownChannel {
        /// The text that was given.
        input: String,
    },
    /// A partner organisation name that cannot be used.
    #[error("invalid partner name {input:?}: {reason}")]
    InvalidPartner {
        /// The text that was given.
        input: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A figure whose parts do not fit together (a rate given as a count, a
    /// joint operation without its partner, ...).
    #[error("invalid figure {figure}: {reason}")]
    InvalidFigure {
        /// The figure, as indicator, country, channel, partner and period.
        figure: String,
        /// Why it was refused.
        reason: String,
    },
    /// A figure a dataset does not admit, and why: the one admission check
    /// of [`Dataset::check`](crate::Dataset::check), whose reason says
    /// which rule id it is reported under when read from a file or given
    /// to the validator.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, Dataset, Error, FiscalCalendar, Indicator, Observation, Refusal, Value};
    /// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let err = data.check(&Observation::new(Indicator::new("x.unknown")?, h1, Value::Count(1))).unwrap_err();
    /// assert!(matches!(err, Error::Refused { refusal: Refusal::UnknownIndicator { .. }, .. }));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[error("invalid figure {figure}: {refusal}")]
    Refused {
        /// The figure, as indicator, country, channel, partner, period and
        /// value.
        figure: String,
        /// Why it was refused.
        refusal: crate::figure::dataset::Refusal,
    },
    /// Figures that cannot be combined (a count added to a rate, periods of
    /// one series that overlap, ...).
    #[error("cannot aggregate {what}: {reason}")]
    Aggregation {
        /// What was being aggregated.
        what: String,
        /// Why it could not be.
        reason: String,
    },
    /// A result too large for the integer type that holds it.
    #[error("arithmetic overflow: {context}")]
    Overflow {
        /// What was being computed.
        context: String,
    },
    /// A growth figure that is not defined (a zero or missing baseline).
    #[error("growth is undefined: {reason}")]
    UndefinedGrowth {
        /// Why, in words.
        reason: String,
    },
    /// A severity name that is not `note`, `warning` or `error`.
    #[error("unknown severity {input:?}")]
    InvalidSeverity {
        /// The text that was given.
        input: String,
    },
    /// A rounding rule name that is not known.
    #[error(
        "unknown rounding rule {input:?} (expected half-up, half-down, half-even, \
         toward-zero, away-from-zero, floor or ceiling)"
    )]
    UnknownRounding {
        /// The text that was given.
        input: String,
    },
    /// A validation rule, or a rule setting, that cannot be used (an
    /// expression that does not parse, an unknown operator).
    #[error("invalid rule {input:?}: {reason}")]
    InvalidRule {
        /// The text or rule id that was given.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// A number that could not be read.
    #[error("invalid number {input:?}: {reason}")]
    InvalidNumber {
        /// The text that was given.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// Figures or a report that could not be written, or a document that
    /// could not be read at all (a report file that is not JSON). Problems
    /// in the figures of a file that can be read are findings in a
    /// [`Report`](crate::Report), not errors.
    #[error("cannot {action}: {reason}")]
    Io {
        /// What was being done, such as `write figures as csv`.
        action: String,
        /// Why it failed.
        reason: String,
    },
}

impl Error {
    /// Builds an [`Error::Overflow`] for the computation described.
    pub(crate) fn overflow(context: impl Into<String>) -> Error {
        Error::Overflow {
            context: context.into(),
        }
    }
}
