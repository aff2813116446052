//! Findings about figures, and the collection that holds them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::figure::observation::Series;
use crate::period::Period;
use crate::rules::RuleId;
pub use crate::severity::Severity;

/// Where a finding is: in a file, in a dataset, or both.
///
/// Every part is optional, because findings come from many places: a
/// parse error has a line and column but no figure; a rule about a dataset
/// built in code has a figure but no file.
///
/// `Display` writes the parts that are set, as `file:line:column` then
/// `record N`. A place in a workbook adds its sheet and cell after the
/// file and line, as a spreadsheet writes a reference (`Figures!E14`,
/// `'Q1 figures'!E14`).
///
/// ```
/// use impact_metrics::Location;
/// let at = Location::in_file("thailand.csv").with_line(14).with_column("value");
/// assert_eq!(at.to_string(), "thailand.csv:14: column \"value\"");
/// assert_eq!(Location::record(3).to_string(), "figure #3");
/// let cell = Location::in_file("thailand.xlsx").with_line(14).with_sheet("Figures").with_cell("E14").with_column("value");
/// assert_eq!(cell.to_string(), "thailand.xlsx:14: Figures!E14: column \"value\"");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Location {
    /// The file (or other source) name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The line in the file, counting from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The column, by its header name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The figure's position in its dataset, counting from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    /// The worksheet of a workbook, by its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The cell of the worksheet, as a spreadsheet names it (`E14`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl Location {
    /// A location nowhere in particular (a finding about a whole dataset).
    ///
    /// ```
    /// use impact_metrics::Location;
    /// assert_eq!(Location::none().to_string(), "");
    /// ```
    #[must_use]
    pub fn none() -> Location {
        Location::default()
    }

    /// A location in a named file or source.
    ///
    /// ```
    /// use impact_metrics::Location;
    /// assert_eq!(Location::in_file("a.csv").to_string(), "a.csv");
    /// ```
    #[must_use]
    pub fn in_file(source: &str) -> Location {
        Location {
            source: Some(source.to_string()),
            ..Location::default()
        }
    }

    /// The location of a dataset's figure, by its position.
    ///
    /// ```
    /// use impact_metrics::Location;
    /// assert_eq!(Location::record(0).record, Some(0));
    /// ```
    #[must_use]
    pub fn record(index: usize) -> Location {
        Location {
            record: Some(index),
            ..Location::default()
        }
    }

    /// Sets the line.
    ///
    /// ```
    /// use impact_metrics::Location;
    /// assert_eq!(Location::none().with_line(2).to_string(), "line 2");
    /// ```
    #[must_use]
    pub fn with_line(mut self, line: u64) -> Location {
        self.line = Some(line);
        self
    }

    /// Sets the column.
    ///
    /// ```
    /// use impact_metrics::Location;
    /// assert_eq!(Location::none().with_line(2).with_column("period").to_string(), "line 2: column \"period\"");
    /// ```
    #[must_use]
    pub fn with_column(mut self, column: &str) -> Location {
        self.column = Some(column.to_string());
        self
    }

    /// Sets the figure's position in its dataset.
    ///
    /// ```
    /// use impact_metrics::Location;
    /// assert_eq!(Location::in_file("a.csv").with_line(9).with_record(7).to_string(), "a.csv:9 (figure #7)");
    /// ```
    #[must_use]
    pub fn with_record(mut self, index: usize) -> Location {
        self.record = Some(index);
        self
    }

    /// Sets the worksheet, for a place in a workbook.
    ///
    /// ```
    /// use impact_metrics::Location;
    /// assert_eq!(Location::in_file("a.xlsx").with_sheet("Figures").to_string(), "a.xlsx: sheet \"Figures\"");
    /// ```
    #[must_use]
    pub fn with_sheet(mut self, sheet: &str) -> Location {
        self.sheet = Some(sheet.to_string());
        self
    }

    /// Sets the cell of the worksheet, as a spreadsheet names it (`E14`).
    ///
    /// ```
    /// use impact_metrics::Location;
    /// let at = Location::in_file("a.xlsx").with_line(3).with_sheet("Q1 figures").with_cell("B3");
    /// assert_eq!(at.to_string(), "a.xlsx:3: 'Q1 figures'!B3");
    /// assert_eq!(Location::none().with_cell("B3").to_string(), "B3");
    /// ```
    #[must_use]
    pub fn with_cell(mut self, cell: &str) -> Location {
        self.cell = Some(cell.to_string());
        self
    }

    /// Whether nothing is set.
    ///
    /// ```
    /// use impact_metrics::Location;
    /// assert!(Location::none().is_none());
    /// ```
    #[must_use]
    pub fn is_none(&self) -> bool {
        *self == Location::default()
    }
}

impl Location {
    /// The place in a workbook, as a spreadsheet writes a reference:
    /// `Figures!E14`, `'Q1 figures'!E14`, a cell alone (`E14`) or a sheet
    /// alone (`sheet "Figures"`); `None` outside a workbook.
    ///
    /// ```
    /// use impact_metrics::Location;
    /// let at = Location::in_file("partner.xlsx").with_sheet("Q1 figures").with_cell("E14");
    /// assert_eq!(at.reference().as_deref(), Some("'Q1 figures'!E14"));
    /// assert_eq!(Location::in_file("partner.csv").reference(), None);
    /// ```
    #[must_use]
    pub fn reference(&self) -> Option<String> {
        match (&self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) => Some(format!("{}!{cell}", sheet_name(sheet))),
            (Some(sheet), None) => Some(format!("sheet {sheet:?}")),
            (None, Some(cell)) => Some(cell.clone()),
            (None, None) => None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(source) = &self.source {
            f.write_str(source)?;
            wrote = true;
        }
        if let Some(line) = self.line {
            if wrote {
                write!(f, ":{line}")?;
            } else {
                write!(f, "line {line}")?;
            }
            wrote = true;
        }
        if let Some(reference) = self.reference() {
            if wrote {
                f.write_str(": ")?;
            }
            f.write_str(&reference)?;
            wrote = true;
        }
        if let Some(column) = &self.column {
            if wrote {
                f.write_str(": ")?;
            }
            write!(f, "column {column:?}")?;
            wrote = true;
        }
        if let Some(record) = self.record {
            if wrote {
                write!(f, " (figure #{record})")?;
            } else {
                write!(f, "figure #{record}")?;
            }
        }
        Ok(())
    }
}

/// A sheet's name as a spreadsheet writes it in a reference: as it is
/// when it is letters, digits and `_`, else in single quotes, with a quote
/// inside written twice (`'Q1 figures'`, `'Partner''s'`).
fn sheet_name(sheet: &str) -> std::borrow::Cow<'_, str> {
    let plain = !sheet.is_empty()
        && sheet.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !sheet.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        std::borrow::Cow::Borrowed(sheet)
    } else {
        std::borrow::Cow::Owned(format!("'{}'", sheet.replace('\'', "''")))
    }
}

/// One problem (or note) found in the figures.
///
/// ```
/// use impact_metrics::{Finding, Location, Severity};
/// let finding = Finding::new(Severity::Error, "parse.value", "invalid number \"1,234\": a count is written with the digits 0-9 only")
///     .with_location(Location::in_file("bd.csv").with_line(7).with_column("value"));
/// assert_eq!(
///     finding.to_string(),
///     "error[parse.value] bd.csv:7: column \"value\": invalid number \"1,234\": a count is written with the digits 0-9 only"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// The stable id of the rule that raised it, such as
    /// [`RuleId::PARSE_VALUE`] or a user's own id.
    pub rule: RuleId,
    /// What is wrong and what to do, for a person.
    pub message: String,
    /// Where it is.
    #[serde(default, skip_serializing_if = "Location::is_none")]
    pub location: Location,
    /// The series of the figure, when the finding is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<Series>,
    /// The period of the figure, when the finding is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The values involved, by name, as text (`("published", "26")`,
    /// `("sum of parts", "25")`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<(String, String)>,
}

impl Finding {
    /// A finding with no location, series, period or values.
    ///
    /// The rule is a registered [`RuleId`] constant, or the id of a rule of
    /// the user's own, given as text.
    ///
    /// ```
    /// use impact_metrics::{Finding, validate::RuleId, Severity};
    /// let finding = Finding::new(Severity::Note, RuleId::OUTLIER_SKIPPED, "too little history");
    /// assert!(finding.location.is_none());
    /// let own = Finding::new(Severity::Warning, "house.needs_note", "no note");
    /// assert_eq!(own.rule, "house.needs_note");
    /// ```
    #[must_use]
    pub fn new(severity: Severity, rule: impl Into<RuleId>, message: impl Into<String>) -> Finding {
        Finding {
            severity,
            rule: rule.into(),
            message: message.into(),
            location: Location::none(),
            series: None,
            period: None,
            values: Vec::new(),
        }
    }

    /// Sets the location.
    ///
    /// ```
    /// use impact_metrics::{Finding, Location, Severity};
    /// let finding = Finding::new(Severity::Error, "r", "m").with_location(Location::record(4));
    /// assert_eq!(finding.location.record, Some(4));
    /// ```
    #[must_use]
    pub fn with_location(mut self, location: Location) -> Finding {
        self.location = location;
        self
    }

    /// Sets the series and period the finding is about.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, Finding, Indicator, Series, Severity};
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// let finding = Finding::new(Severity::Error, "r", "m").with_series(Series::new(Indicator::VICTIMS_REMOVED), Some(h1));
    /// assert_eq!(finding.period, Some(h1));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_series(mut self, series: Series, period: Option<Period>) -> Finding {
        self.series = Some(series);
        self.period = period;
        self
    }

    /// Adds a named value.
    ///
    /// ```
    /// use impact_metrics::{Finding, Severity};
    /// let finding = Finding::new(Severity::Error, "r", "m").with_value("published", 26).with_value("sum of parts", 25);
    /// assert_eq!(finding.values[1], ("sum of parts".to_string(), "25".to_string()));
    /// ```
    #[must_use]
    pub fn with_value(mut self, name: &str, value: impl fmt::Display) -> Finding {
        self.values.push((name.to_string(), value.to_string()));
        self
    }
}

impl fmt::Display for Finding {
    /// `severity[rule] location: message`, leaving out an empty location.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] ", self.severity, self.rule)?;
        if !self.location.is_none() {
            write!(f, "{}: ", self.location)?;
        }
        f.write_str(&self.message)
    }
}

/// All the findings of a check, in the order they were found.
///
/// A check never stops at the first problem: it adds every finding,
/// and the figures it checked stay usable.
///
/// ```
/// use impact_metrics::{Finding, Findings, Severity};
/// let mut findings = Findings::new();
/// findings.push(Finding::new(Severity::Error, "a", "one"));
/// findings.push(Finding::new(Severity::Note, "b", "two"));
/// assert_eq!(findings.count(Severity::Error), 1);
/// assert!(findings.has_errors());
/// assert_eq!(findings.worst(), Some(Severity::Error));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findings {
    findings: Vec<Finding>,
}

impl Findings {
    /// An empty findings.
    ///
    /// ```
    /// use impact_metrics::Findings;
    /// assert!(Findings::new().is_empty());
    /// ```
    #[must_use]
    pub fn new() -> Findings {
        Findings::default()
    }

    /// Adds a finding.
    ///
    /// ```
    /// use impact_metrics::{Finding, Findings, Severity};
    /// let mut findings = Findings::new();
    /// findings.push(Finding::new(Severity::Warning, "w", "careful"));
    /// assert_eq!(findings.len(), 1);
    /// ```
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Adds every finding of another collection, after this one's.
    ///
    /// ```
    /// use impact_metrics::{Finding, Findings, Severity};
    /// let mut parsing = Findings::new();
    /// parsing.push(Finding::new(Severity::Error, "parse.value", "bad number"));
    /// let mut rules = Findings::new();
    /// rules.push(Finding::new(Severity::Warning, "outlier", "far from history"));
    /// parsing.merge(rules);
    /// assert_eq!(parsing.len(), 2);
    /// ```
    pub fn merge(&mut self, other: Findings) {
        self.findings.extend(other.findings);
    }

    /// The findings, in the order they were found.
    ///
    /// ```
    /// use impact_metrics::Findings;
    /// assert!(Findings::new().findings().is_empty());
    /// ```
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings, taken out of the findings.
    ///
    /// ```
    /// use impact_metrics::{Finding, Findings, Severity};
    /// let mut findings = Findings::new();
    /// findings.push(Finding::new(Severity::Note, "n", "fyi"));
    /// assert_eq!(findings.into_findings().len(), 1);
    /// ```
    #[must_use]
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// The findings of one severity.
    ///
    /// ```
    /// use impact_metrics::{Finding, Findings, Severity};
    /// let mut findings = Findings::new();
    /// findings.push(Finding::new(Severity::Note, "n", "fyi"));
    /// assert_eq!(findings.by_severity(Severity::Note).count(), 1);
    /// ```
    pub fn by_severity(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity == severity)
    }

    /// The findings raised by one rule.
    ///
    /// ```
    /// use impact_metrics::{Finding, Findings, Severity};
    /// let mut findings = Findings::new();
    /// findings.push(Finding::new(Severity::Error, "reconcile.total", "off by one"));
    /// assert_eq!(findings.by_rule("reconcile.total").count(), 1);
    /// ```
    pub fn by_rule<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a Finding> {
        self.findings.iter().filter(move |f| f.rule == rule)
    }

    /// How many findings have this severity.
    ///
    /// ```
    /// use impact_metrics::{Findings, Severity};
    /// assert_eq!(Findings::new().count(Severity::Error), 0);
    /// ```
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity(severity).count()
    }

    /// Whether any finding is an error.
    ///
    /// ```
    /// use impact_metrics::Findings;
    /// assert!(!Findings::new().has_errors());
    /// ```
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// The most serious severity found, if any.
    ///
    /// ```
    /// use impact_metrics::Findings;
    /// assert_eq!(Findings::new().worst(), None);
    /// ```
    #[must_use]
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// How many findings there are.
    ///
    /// ```
    /// use impact_metrics::Findings;
    /// assert_eq!(Findings::new().len(), 0);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    /// Whether there are no findings.
    ///
    /// ```
    /// use impact_metrics::Findings;
    /// assert!(Findings::new().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// Sorts the findings by location, then rule, then message, so that
    /// two collections of findings on the same figures in a different order compare equal.
    /// Findings that tie on all three are ordered by severity, series,
    /// period and values, so the order never depends on the order in which
    /// they were found.
    ///
    /// ```
    /// use impact_metrics::{Finding, Location, Findings, Severity};
    /// let mut findings = Findings::new();
    /// findings.push(Finding::new(Severity::Error, "b", "x").with_location(Location::record(2)));
    /// findings.push(Finding::new(Severity::Error, "a", "y").with_location(Location::record(1)));
    /// findings.sort();
    /// assert_eq!(findings.findings()[0].rule, "a");
    /// ```
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (
                &a.location,
                &a.rule,
                &a.message,
                a.severity,
                &a.series,
                a.period,
                &a.values,
            )
                .cmp(&(
                    &b.location,
                    &b.rule,
                    &b.message,
                    b.severity,
                    &b.series,
                    b.period,
                    &b.values,
                ))
        });
    }

    /// Keeps only the findings for which `keep` is true.
    ///
    /// ```
    /// use impact_metrics::{Finding, Findings, Severity};
    /// let mut findings = Findings::new();
    /// findings.push(Finding::new(Severity::Note, "outlier.skipped", "too little history"));
    /// findings.push(Finding::new(Severity::Error, "reconcile.total", "off by one"));
    /// findings.retain(|f| f.severity > Severity::Note);
    /// assert_eq!(findings.len(), 1);
    /// ```
    pub fn retain(&mut self, keep: impl FnMut(&Finding) -> bool) {
        self.findings.retain(keep);
    }

    /// New findings: those for which `keep` is true, in this
    /// collection's order.
    ///
    /// ```
    /// use impact_metrics::{Finding, Findings, Severity};
    /// let mut findings = Findings::new();
    /// findings.push(Finding::new(Severity::Warning, "coverage.partial", "Q1 only"));
    /// findings.push(Finding::new(Severity::Error, "reconcile.total", "off by one"));
    /// let coverage = findings.filtered(|f| f.rule.starts_with("coverage."));
    /// assert_eq!(coverage.len(), 1);
    /// assert_eq!(findings.len(), 2);
    /// ```
    #[must_use]
    pub fn filtered(&self, keep: impl Fn(&Finding) -> bool) -> Findings {
        self.findings.iter().filter(|f| keep(f)).cloned().collect()
    }

    /// New findings: those of this severity or worse: warnings
    /// and errors for [`Severity::Warning`].
    ///
    /// ```
    /// use impact_metrics::{Finding, Findings, Severity};
    /// let mut findings = Findings::new();
    /// findings.push(Finding::new(Severity::Note, "n", "fyi"));
    /// findings.push(Finding::new(Severity::Warning, "w", "look"));
    /// findings.push(Finding::new(Severity::Error, "e", "fix"));
    /// assert_eq!(findings.at_least(Severity::Warning).len(), 2);
    /// ```
    #[must_use]
    pub fn at_least(&self, severity: Severity) -> Findings {
        self.filtered(|f| f.severity >= severity)
    }

    /// How many findings each rule raised, by rule id in alphabetical
    /// order.
    ///
    /// ```
    /// use impact_metrics::{Finding, Findings, Severity};
    /// let mut findings = Findings::new();
    /// findings.push(Finding::new(Severity::Warning, "coverage.partial", "one"));
    /// findings.push(Finding::new(Severity::Warning, "coverage.partial", "two"));
    /// findings.push(Finding::new(Severity::Error, "reconcile.total", "three"));
    /// let counts = findings.count_by_rule();
    /// assert_eq!(counts.get("coverage.partial"), Some(&2));
    /// assert_eq!(counts.keys().next().map(String::as_str), Some("coverage.partial"));
    /// ```
    #[must_use]
    pub fn count_by_rule(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for finding in &self.findings {
            *counts.entry(finding.rule.to_string()).or_insert(0) += 1;
        }
        counts
    }
}

impl fmt::Display for Findings {
    /// One finding a line, then a summary line such as
    /// `2 errors, 1 warning, 0 notes`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        write!(
            f,
            "{}, {}, {}",
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning"),
            plural(self.count(Severity::Note), "note")
        )
    }
}

impl Extend<Finding> for Findings {
    fn extend<T: IntoIterator<Item = Finding>>(&mut self, iter: T) {
        self.findings.extend(iter);
    }
}

impl FromIterator<Finding> for Findings {
    fn from_iter<T: IntoIterator<Item = Finding>>(iter: T) -> Findings {
        Findings {
            findings: iter.into_iter().collect(),
        }
    }
}

impl<'a> IntoIterator for &'a Findings {
    type Item = &'a Finding;
    type IntoIter = std::slice::Iter<'a, Finding>;

    fn into_iter(self) -> Self::IntoIter {
        self.findings.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_prints_each_finding_and_a_summary() {
        let mut report = Findings::new();
        report.push(
            Finding::new(Severity::Error, "a", "one")
                .with_location(Location::in_file("x.csv").with_line(3)),
        );
        report.push(Finding::new(Severity::Warning, "b", "two"));
        assert_eq!(
            report.to_string(),
            "error[a] x.csv:3: one\nwarning[b] two\n1 error, 1 warning, 0 notes"
        );
    }

    #[test]
    fn reports_serialise_and_come_back() {
        let mut report = Findings::new();
        report.push(
            Finding::new(
                Severity::Error,
                "reconcile.total",
                "the parts add to 25, the total says 26",
            )
            .with_location(
                Location::in_file("headline.csv")
                    .with_line(8)
                    .with_column("value"),
            )
            .with_value("published", 26)
            .with_value("sum of parts", 25),
        );
        let json = serde_json::to_string(&report).unwrap();
        let back: Findings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
        assert!(json.contains(r#""severity":"error""#), "{json}");
    }

    #[test]
    fn unknown_severity_is_refused() {
        assert_eq!(
            "fatal".parse::<Severity>().unwrap_err().to_string(),
            r#"unknown severity "fatal""#
        );
    }
}
