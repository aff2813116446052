//! The crate's one error type.

use std::io;
use std::sync::Arc;

use crate::indicator::Indicator;

/// A specialised [`Result`](std::result::Result) whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in this crate.
///
/// The variant is the error's kind: match on it to react to one kind of
/// failure. Messages are lowercase, have no trailing period, and quote the
/// value that was refused, so they can be shown to a person as they are.
///
/// `Error` is `Clone` and `PartialEq`, so tests can compare errors directly.
/// A failure of a reader or writer keeps its [`std::io::Error`]
/// ([`Error::Io`]), reached through
/// [`source`](std::error::Error::source) (as the shared
/// `Arc<std::io::Error>` it is held in), [`io_error`](Error::io_error)
/// and [`io_error_kind`](Error::io_error_kind); a JSON document that cannot be
#[doc = concat!("read keeps its `serde_json::Error` (", json_item!("Error::Json"), ") the same way.")]
///
/// ```
/// use impact_metrics::{Country, Error};
///
/// let err = "Atlantis".parse::<Country>().unwrap_err();
/// assert_eq!(err, Error::UnknownCountry { input: "Atlantis".to_string(), nearest: vec![] });
/// assert_eq!(err.to_string(), r#"unknown country "Atlantis""#);
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A country code or name that ISO 3166-1 does not know.
    #[error("unknown country {input:?}{}", did_you_mean_country(nearest))]
    UnknownCountry {
        /// The text that was given.
        input: String,
        /// The countries nearest to it, if any is close
        /// ([`Country::nearest`](crate::Country::nearest)); none for a
        /// code.
        nearest: Vec<crate::Country>,
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
    #[error("unknown indicator {input:?}{}", did_you_mean(nearest))]
    UnknownIndicator {
        /// The code or name that was given.
        input: String,
        /// The catalogue's indicators nearest to it, if any is close
        /// ([`Catalogue::nearest`](crate::Catalogue::nearest)).
        nearest: Vec<crate::Indicator>,
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
    /// use impact_metrics::{Catalogue, Dataset, Error, FiscalCalendar, Indicator, Observation, validate::Refusal, Value};
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
    /// Figures of different indicators that one total would add: group by
    /// indicator, or ask for one.
    #[error(
        "cannot add figures of {first} and {second}: a total adds figures of one indicator; \
         group by indicator or ask for one"
    )]
    MixedIndicators {
        /// The first indicator, in code order.
        first: Indicator,
        /// The second indicator, in code order.
        second: Indicator,
    },
    /// Two figures of one series whose periods overlap, so that a total of
    /// both would count some months twice.
    #[error("overlapping periods in {series}: {reason}")]
    OverlappingPeriods {
        /// The series (indicator, country, channel, partner).
        series: String,
        /// Which periods overlap.
        reason: String,
    },
    /// Values of kinds that cannot be combined: a count added to a rate, a
    /// bare percentage (whose parts are unknown) added to anything, or the
    /// growth of a count against a rate.
    #[error("cannot combine {what}: {reason}")]
    IncompatibleValues {
        /// The values, as they print.
        what: String,
        /// Why they cannot be combined.
        reason: String,
    },
    /// A table that disclosure control cannot treat as a table of counts:
    /// not grouped by the two dimensions asked for, grouped by more, or
    /// holding a value that is not a count.
    #[error("not a table of counts: {what}: {reason}")]
    NotCountTable {
        /// The row, cell or table concerned.
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A publication that cannot go out as asked: for disclosure control,
    /// a published value that is not the table's, a hidden zero (zeros
    /// are published), a band that does not hold the true count, or a
    /// cell no pattern of suppressions protects; for IATI, an activity
    /// that lacks an element the standard requires.
    #[error("cannot publish {what}: {reason}")]
    Unpublishable {
        /// The cell or the activity concerned.
        what: String,
        /// What is wrong with it.
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
    /// A user rule whose text is not `left operator right`.
    #[error("invalid rule {input:?}: {reason}")]
    InvalidRule {
        /// The text that was given.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// A rule id with characters other than `a-z`, `0-9`, `.`, `_` and `-`,
    /// or an empty one.
    #[error(
        "invalid rule id {input:?}: a rule id is lowercase letters a-z, digits, '.', '_' and '-'"
    )]
    InvalidRuleId {
        /// The id that was given.
        input: String,
    },
    /// A comparison operator that is not `==`, `!=`, `<`, `<=`, `>` or `>=`.
    #[error("unknown operator {input:?} (expected ==, !=, <, <=, > or >=)")]
    UnknownOperator {
        /// The text that was given.
        input: String,
    },
    /// An expression of a user rule that cannot be read (no term, two terms
    /// with no sign between them, a number too large, ...).
    #[error("invalid expression {input:?}: {reason}")]
    InvalidExpression {
        /// The text that was given.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// A year label convention that is not `span`, `start-year` or
    /// `end-year`.
    #[error("unknown year label {input:?} (expected span, start-year or end-year)")]
    UnknownYearLabel {
        /// The text that was given.
        input: String,
    },
    /// A baseline range, read through serde, whose ends do not make a
    /// range (a greatest total below the least, a least total of 0).
    #[error("invalid baseline range: {reason}")]
    InvalidBaselineRange {
        /// What is wrong, quoting the totals.
        reason: String,
    },
    /// A growth written as text that cannot be read: not `0`, `+n`, `-n`,
    /// `+n/d` or `-n/d`, or below -1 (-100%).
    #[error("invalid growth {input:?}: {reason}")]
    InvalidGrowth {
        /// The text that was given.
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
    /// An SDMX structure id or artefact kind that could not be read
    /// (feature `sdmx`).
    #[error("invalid sdmx structure {input:?}: {reason}")]
    InvalidStructure {
        /// The text that was given.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// A mapping to another system's identifiers (a DHIS2 mapping) that
    /// cannot be used: a file that cannot be read, an empty identifier, or
    /// one identifier given two meanings.
    #[error("invalid mapping: {reason}")]
    InvalidMapping {
        /// What is wrong, quoting the identifiers.
        reason: String,
    },
    /// Reading or writing failed in the underlying reader or writer (a
    /// full disk, a closed pipe, a file that cannot be opened). The
    /// [`std::io::Error`] is kept: it is the error's
    /// [`source`](std::error::Error::source), and
    /// [`io_error_kind`](Error::io_error_kind) gives its kind. Problems in
    /// the figures of a file that can be read are findings in a
    /// [`Findings`](crate::Findings), not errors.
    #[error("cannot {action}: {source}")]
    Io {
        /// What was being done, such as `write figures as csv`.
        action: String,
        /// The failure, shared so that `Error` stays `Clone`.
        source: Arc<io::Error>,
    },
    /// A JSON document that is not what was expected (a report file that is
    /// not the JSON of a report), or a value that JSON cannot hold. The
    /// [`serde_json::Error`] is kept as the error's
    /// [`source`](std::error::Error::source); it says where in the text the
    /// problem is.
    #[cfg(feature = "json")]
    #[error("cannot {action}: {source}")]
    Json {
        /// What was being done, such as `read a report from json`.
        action: String,
        /// The failure, shared so that `Error` stays `Clone`.
        source: Arc<serde_json::Error>,
    },
}

/// Errors are equal when they are the same variant with the same fields;
/// the I/O and JSON errors they hold compare by kind and message, since
#[doc = concat!("neither [`io::Error`] nor ", json_item!("serde_json::Error", "serde_json::Error"), " can be compared.")]
impl PartialEq for Error {
    fn eq(&self, other: &Error) -> bool {
        match (self, other) {
            (
                Error::Io { action, source },
                Error::Io {
                    action: other_action,
                    source: other_source,
                },
            ) => {
                action == other_action
                    && source.kind() == other_source.kind()
                    && source.to_string() == other_source.to_string()
            }
            #[cfg(feature = "json")]
            (
                Error::Json { action, source },
                Error::Json {
                    action: other_action,
                    source: other_source,
                },
            ) => {
                action == other_action
                    && source.classify() == other_source.classify()
                    && source.to_string() == other_source.to_string()
            }
            // Every other variant holds plain values whose derived `Debug`
            // shows each field, so equal text is equal fields.
            _ => {
                std::mem::discriminant(self) == std::mem::discriminant(other)
                    && format!("{self:?}") == format!("{other:?}")
            }
        }
    }
}

impl Eq for Error {}

impl Error {
    /// The kind of the I/O failure, for an [`Error::Io`]; `None` for every
    /// other error.
    ///
    /// ```
    /// use std::io;
    /// use impact_metrics::Error;
    ///
    /// let err = Error::io("write figures as csv", io::Error::from(io::ErrorKind::BrokenPipe));
    /// assert_eq!(err.io_error_kind(), Some(io::ErrorKind::BrokenPipe));
    /// assert_eq!(err.to_string(), "cannot write figures as csv: broken pipe");
    /// ```
    #[must_use]
    pub fn io_error_kind(&self) -> Option<io::ErrorKind> {
        match self {
            Error::Io { source, .. } => Some(source.kind()),
            _ => None,
        }
    }

    /// The I/O failure itself, for an [`Error::Io`]; `None` for every other
    /// error. Its [`source`](std::error::Error::source) is the
    /// `Arc<std::io::Error>` the failure is kept in (so that `Error` stays
    /// `Clone`); this reaches the [`std::io::Error`] inside it, to read its
    /// kind, its OS error code or its message.
    ///
    /// ```
    /// use std::io;
    /// use impact_metrics::Error;
    ///
    /// let err = Error::io("read figures", io::Error::new(io::ErrorKind::NotFound, "no such file"));
    /// let io_error = err.io_error().unwrap();
    /// assert_eq!(io_error.kind(), io::ErrorKind::NotFound);
    /// assert_eq!(io_error.to_string(), "no such file");
    /// assert!(Error::UnknownCountry { input: "Atlantis".to_string(), nearest: vec![] }.io_error().is_none());
    /// ```
    #[must_use]
    pub fn io_error(&self) -> Option<&io::Error> {
        match self {
            Error::Io { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }

    /// An [`Error::Io`]: `action` (such as `write figures as csv`) failed
    /// with `source`.
    ///
    /// ```
    /// use std::io;
    /// use impact_metrics::Error;
    ///
    /// let err = Error::io("read figures", io::Error::new(io::ErrorKind::NotFound, "no such file"));
    /// assert_eq!(err.to_string(), "cannot read figures: no such file");
    /// ```
    #[must_use]
    pub fn io(action: impl Into<String>, source: io::Error) -> Error {
        Error::Io {
            action: action.into(),
            source: Arc::new(source),
        }
    }

    /// An [`Error::Json`]: `action` failed with `source`. A failure of the
    /// writer underneath becomes an [`Error::Io`], so that its kind is kept.
    #[cfg(feature = "json")]
    pub(crate) fn json(action: impl Into<String>, source: serde_json::Error) -> Error {
        if source.is_io() {
            Error::io(action, io::Error::from(source))
        } else {
            Error::Json {
                action: action.into(),
                source: Arc::new(source),
            }
        }
    }

    /// Builds an [`Error::Overflow`] for the computation described.
    pub(crate) fn overflow(context: impl Into<String>) -> Error {
        Error::Overflow {
            context: context.into(),
        }
    }
}

/// `; did you mean a?`, `; did you mean a or b?`; nothing for none.
pub(crate) fn did_you_mean(nearest: &[crate::Indicator]) -> String {
    let codes: Vec<&str> = nearest.iter().map(|i| i.as_str()).collect();
    match codes.split_last() {
        None => String::new(),
        Some((last, [])) => format!("; did you mean {last}?"),
        Some((last, rest)) => format!("; did you mean {} or {last}?", rest.join(", ")),
    }
}

/// `; did you mean GB (United Kingdom)?`, with `or` between several;
/// nothing for none.
fn did_you_mean_country(nearest: &[crate::Country]) -> String {
    let named: Vec<String> = nearest
        .iter()
        .map(|c| format!("{} ({})", c.alpha2(), c.name()))
        .collect();
    match named.split_last() {
        None => String::new(),
        Some((last, [])) => format!("; did you mean {last}?"),
        Some((last, rest)) => format!("; did you mean {} or {last}?", rest.join(", ")),
    }
}
