//! How serious a finding is.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
///
/// The order goes from least to most serious, so `max()` of a collection's
/// severities is its worst.
///
/// ```
/// use impact_metrics::Severity;
/// assert!(Severity::Error > Severity::Warning);
/// assert_eq!("warning".parse::<Severity>()?, Severity::Warning);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing is wrong (a rule skipped for lack of history).
    Note,
    /// Probably wrong, or needs a person's judgement before publishing.
    Warning,
    /// Wrong: the figure cannot be published as it is.
    Error,
}

impl Severity {
    /// The lowercase name: `note`, `warning` or `error`.
    ///
    /// ```
    /// use impact_metrics::Severity;
    /// assert_eq!(Severity::Note.name(), "note");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl std::str::FromStr for Severity {
    type Err = crate::Error;

    /// Reads `note`, `warning` or `error`, in any case.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSeverity`](crate::Error::InvalidSeverity) for any
    /// other text.
    fn from_str(s: &str) -> crate::Result<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "note" => Ok(Severity::Note),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(crate::Error::InvalidSeverity {
                input: s.to_string(),
            }),
        }
    }
}
