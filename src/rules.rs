//! Rule ids: the registry of every finding the crate can raise, and the
//! ids users choose for their own rules.
//!
//! Every [`Finding`](crate::Finding) carries a [`RuleId`]. The crate's own
//! ids are constants on [`RuleId`] (`RuleId::PARSE_VALUE`), each listed
//! once in [`RuleId::registry`] with its default severity and what it
//! means; the readers, the admission check of a [`Dataset`](crate::Dataset),
//! disclosure control and the validator all raise their findings under
//! these constants. A rule of the user's own ([`UserRule`](crate::validate::UserRule)
//! or [`Rule`](crate::validate::Rule)) has an id the user chose, made with
//! [`RuleId::from`].

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::severity::Severity;

/// A registered rule: its stable id, its default severity and what its
/// findings mean.
///
/// ```
/// use impact_metrics::{validate::RuleId, Severity};
/// let rule = RuleId::RECONCILE_TOTAL.info().unwrap();
/// assert_eq!(rule.id, "reconcile.total");
/// assert_eq!(rule.severity, Severity::Error);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleInfo {
    /// The stable id, `family.name`.
    pub id: &'static str,
    /// The severity of its findings, unless configured otherwise.
    pub severity: Severity,
    /// What it checks, in a sentence.
    pub summary: &'static str,
    /// Whether its errors mean that figures were left out: not in the
    /// dataset or the totals (a row that cannot be read, a refused figure).
    pub leaves_out: bool,
}

impl RuleInfo {
    /// The rule's id, typed.
    ///
    /// ```
    /// use impact_metrics::validate::RuleId;
    /// let info = RuleId::PARSE_VALUE.info().unwrap();
    /// assert_eq!(info.rule_id(), RuleId::PARSE_VALUE);
    /// ```
    #[must_use]
    pub fn rule_id(&self) -> RuleId {
        RuleId(Cow::Borrowed(self.id))
    }

    /// The family: the part of the id before the first `.`.
    ///
    /// ```
    /// use impact_metrics::validate::RuleId;
    /// assert_eq!(RuleId::OUTLIER_ZSCORE.info().unwrap().family(), "outlier");
    /// ```
    #[must_use]
    pub fn family(&self) -> &'static str {
        family_of(self.id)
    }
}

/// The id of the rule that raised a finding: one of the crate's registered
/// constants, or an id chosen by the user for a rule of their own.
///
/// Ids are `family.name` (`parse.value`, `outlier.zscore`); the family
/// groups related rules, and settings can name either. Two ids are equal
/// when their text is, so `RuleId::from("parse.value")` is
/// `RuleId::PARSE_VALUE`. A `RuleId` reads as the text of the id (it
/// dereferences to `str`), and compares equal to a `&str`.
///
/// ```
/// use impact_metrics::{validate::RuleId, Severity};
///
/// assert_eq!(RuleId::PARSE_VALUE, "parse.value");
/// assert_eq!(RuleId::PARSE_VALUE.family(), "parse");
/// assert_eq!(RuleId::PARSE_VALUE.default_severity(), Some(Severity::Error));
///
/// let own = RuleId::from("house.needs_note");
/// assert!(!own.is_registered());
/// assert_eq!(own.default_severity(), None);
/// ```
#[derive(Clone)]
pub struct RuleId(Cow<'static, str>);

macro_rules! registry {
    ($( $name:ident = $id:literal, $severity:ident, $leaves_out:literal, $summary:literal; )*) => {
        impl RuleId {
            $(
                #[doc = concat!("`", $id, "`: ", $summary, ".")]
                pub const $name: RuleId = RuleId(Cow::Borrowed($id));
            )*
        }

        /// Every registered rule, grouped by family.
        const REGISTRY: &[RuleInfo] = &[
            $( RuleInfo { id: $id, severity: Severity::$severity, summary: $summary, leaves_out: $leaves_out }, )*
        ];
    };
}

registry! {
    // Reading a file.
    READ_IO = "read.io", Error, true,
        "the file could not be read any further (an I/O failure part way through)";
    PARSE_ENCODING = "parse.encoding", Error, true,
        "the text is not in the encoding set (by default UTF-8): cells that are not, or a whole file in UTF-16";
    PARSE_HEADER = "parse.header", Error, true,
        "the header row is missing, lacks a required column, or is below title rows";
    PARSE_DELIMITER = "parse.delimiter", Note, false,
        "the file is read with the delimiter its header shows (a semicolon, say), none being set";
    PARSE_COLUMN_IGNORED = "parse.column_ignored", Note, false,
        "a column (or JSON field) that is not part of the figures format, so it is ignored";
    PARSE_ROW = "parse.row", Error, true,
        "a row that cannot be read as CSV, or has another number of cells than the header";
    PARSE_JSON = "parse.json", Error, true,
        "a JSON document that is not JSON, or not a figures document";
    PARSE_FIGURE = "parse.figure", Error, true,
        "a JSON figure whose fields cannot be read (a field of the wrong type, an unknown location field)";
    PARSE_INDICATOR = "parse.indicator", Error, true,
        "an indicator cell that is empty, or that the catalogue does not resolve";
    PARSE_PERIOD = "parse.period", Error, true,
        "a period cell that is empty, or not a period label of the calendar";
    PARSE_COUNTRY = "parse.country", Error, true,
        "a country cell that ISO 3166-1 does not know";
    PARSE_CHANNEL = "parse.channel", Error, true,
        "a strategy channel cell that is not known";
    PARSE_PARTNER = "parse.partner", Error, true,
        "a partner cell that is not a usable partner name";
    PARSE_VALUE = "parse.value", Error, true,
        "a value cell that is empty, not a number, or disagrees with the rate's parts";
    PARSE_GROWTH = "parse.growth", Error, true,
        "a published total's growth, baseline or baseline kind cell that cannot be read";
    PARSE_NUMERATOR = "parse.numerator", Error, true,
        "a rate's numerator that is missing or not a count";
    PARSE_DENOMINATOR = "parse.denominator", Error, true,
        "a rate's denominator that is missing or not a count";
    PARSE_BOUND = "parse.bound", Error, true,
        "a bound cell that is not \"exact\", \"at least\" or \"more than\"";
    PARSE_BASIS = "parse.basis", Error, true,
        "a basis cell that is not \"stated\" or \"interpreted\"";
    PARSE_NOTE = "parse.note", Error, true,
        "a note cell that cannot be read";
    PARSE_NOT_AVAILABLE = "parse.not_available", Note, false,
        "a row whose value says there is no figure (N/A), skipped as asked";
    PARSE_NUMBER_FORMAT = "parse.number_format", Note, false,
        "numbers read with the opted-in number format (thousands separators, decimal comma)";
    PARSE_WORKBOOK = "parse.workbook", Error, true,
        "a spreadsheet workbook (.xlsx, .ods, .xls) given where a CSV or JSON file was expected, so nothing is read";
    PARSE_QUOTE = "parse.quote", Error, true,
        "a quote that never closes, or a quoted cell whose lines look like rows of their own, so the row is not read";
    PARSE_DUPLICATE_COLUMN = "parse.duplicate_column", Warning, false,
        "two header cells name the same column; rows are read only where the two agree";
    PARSE_COLUMN_CONFLICT = "parse.column_conflict", Error, true,
        "a row whose two columns of the same name disagree, so the row is not read";
    PARSE_DUPLICATE_KEY = "parse.duplicate_key", Error, true,
        "a JSON object that gives one field twice (a second \"figures\" array, a figure with two values), so the second is not read";
    PARSE_MISPLACED_FIELD = "parse.misplaced_field", Warning, false,
        "a JSON field at the wrong level (a figure's field at the top of the document, or the document's inside a figure), so it is ignored";
    PARSE_ROWS_SKIPPED = "parse.rows_skipped", Note, false,
        "the lines above the header skipped, as the rows to skip say";
    PARSE_TITLE_ROWS = "parse.title_rows", Note, false,
        "rows above the header (a title, a date of printing), not read as figures";
    PARSE_TOTALS_ROW = "parse.totals_row", Warning, false,
        "a totals row (\"Total\", \"Grand total\", or the sum of the values above with no indicator or period), not read as a figure";

    // Reading a workbook (feature `workbook`).
    WORKBOOK_OPEN = "workbook.open", Error, true,
        "a file that is not a workbook that can be read (.xlsx, .xlsm, .xlsb, .xls, .ods), or a sheet that cannot be read, so nothing is read";
    WORKBOOK_SHEET = "workbook.sheet", Error, true,
        "the sheet to read is not in the workbook, or no sheet or several sheets have a header row, so nothing is read";
    WORKBOOK_CELL_ERROR = "workbook.cell_error", Error, true,
        "a cell whose value is a spreadsheet error (#REF!, #N/A, #DIV/0!, ...), as a formula left it, so its row is not read";
    WORKBOOK_DATE = "workbook.date", Note, false,
        "dates in the period column, read as the month they fall in";

    // Admission of a figure to a dataset (see `Refusal`).
    FIGURE_UNKNOWN_INDICATOR = "figure.unknown_indicator", Error, true,
        "a figure whose indicator is not in the catalogue, so it is not in the dataset";
    FIGURE_WRONG_MEASURE = "figure.wrong_measure", Error, true,
        "a figure whose value is a count where the indicator is a rate, or the other way round, so it is not in the dataset";
    FIGURE_PARTNER = "figure.partner", Error, true,
        "a joint operation without its partner, or a partner under another channel, so the figure is not in the dataset";
    PERIOD_CALENDAR = "period.calendar", Error, true,
        "a period on a calendar whose years start in another month than the dataset's, so the figure is not in the dataset";

    // Running totals.
    AGGREGATE_REFUSED = "aggregate.refused", Error, true,
        "a figure the running totals refuse (a bare percentage, another indicator in one row, an overlapping period)";

    // SDMX-CSV (feature `sdmx`).
    SDMX_HEADER = "sdmx.header", Error, true,
        "an SDMX-CSV file whose first row is not a header of the structure (no STRUCTURE first, a required column missing, a column given twice), so no row is read";
    SDMX_STRUCTURE = "sdmx.structure", Error, true,
        "SDMX-CSV rows of another structure than the one expected, or whose STRUCTURE or STRUCTURE_ID cannot be read, so they are not read";
    SDMX_ACTION = "sdmx.action", Error, true,
        "an SDMX-CSV row that deletes (ACTION D), which the crate does not apply, or whose action is not known, so it is not read";
    SDMX_DIMENSION = "sdmx.dimension", Error, true,
        "an SDMX-CSV row of figures with an empty dimension (a wildcard), so it is not read";
    SDMX_PERIOD = "sdmx.period", Error, true,
        "an SDMX TIME_PERIOD the crate cannot hold (a week, a day, a time range) or that disagrees with FREQ, so the row is not read";
    SDMX_START_DAY = "sdmx.start_day", Error, true,
        "a REPORTING_YEAR_START_DAY that is not the start of the calendar the file is read with, so the row is not read rather than re-based";
    SDMX_STATUS = "sdmx.status", Error, true,
        "an SDMX observation status the crate does not hold (provisional, forecast, ...) or a confidential figure, so it is not read";
    SDMX_UNIT = "sdmx.unit", Error, true,
        "an SDMX UNIT_MEASURE other than the indicator's unit in the catalogue, so the row is not read";
    SDMX_RATE = "sdmx.rate", Error, true,
        "an SDMX rate part (_NUM, _DEN) without the other, given twice, or disagreeing with it, so the rate is not read";
    SDMX_MISSING = "sdmx.missing", Note, false,
        "an SDMX-CSV row with no observation value (empty, NaN or #N/A), which gives no figure";
    SDMX_CODE = "sdmx.code", Error, true,
        "a figure that SDMX-CSV cannot carry (an indicator code with a '.', a partner named _Z), so it is left out of the file written";

    // Exchange with DHIS2 (feature `dhis2`).
    DHIS2_PERIOD = "dhis2.period", Error, true,
        "a figure whose period has no DHIS2 period with exactly its months (a September-calendar half or quarter), or a DHIS2 period that is not a period of the calendar, so it is not written or read";
    DHIS2_MAPPING = "dhis2.mapping", Error, true,
        "a figure whose indicator, channel, country or partner the DHIS2 mapping lacks, or a DHIS2 data element, org unit or attribute option combo it lacks, so it is not written or read";
    DHIS2_VALUE = "dhis2.value", Error, true,
        "a figure DHIS2 cannot hold exactly (a bound such as \"more than 10\", a percentage without its parts), so it is not written";
    DHIS2_RATE = "dhis2.rate", Error, true,
        "a rate in a DHIS2 export with its numerator but not its denominator (or the other way round, or one twice), so it is not read";
    DHIS2_DUPLICATE = "dhis2.duplicate", Error, true,
        "a figure that would fill the same DHIS2 value as an earlier one (same series and period), which DHIS2 would overwrite, so it is not written";
    DHIS2_BASIS = "dhis2.basis", Warning, false,
        "a figure read into its source, written to DHIS2 as a plain value (DHIS2 has no place to mark it), its note as the comment";
    DHIS2_DELETED = "dhis2.deleted", Note, false,
        "a data value a DHIS2 export marks as deleted, so it is not read";

    // Disclosure control.
    DISCLOSURE_PRIMARY = "disclosure.primary", Note, false,
        "a cell suppressed because its count is small";
    DISCLOSURE_SECONDARY = "disclosure.secondary", Note, false,
        "a cell suppressed so that a small one cannot be worked out from the totals";

    // Writing IATI results (feature `iati`).
    IATI_BOUND = "iati.bound", Error, true,
        "a figure with a bound (\"more than\") left out of the IATI results, which carry exact values only";
    IATI_PERCENT = "iati.percent", Error, true,
        "a rate left out of the IATI results because its percentage has no exact decimal form (11 of 24), or its denominator is 0";
    IATI_TEXT = "iati.text", Warning, false,
        "text written to IATI with characters XML cannot carry replaced";

    // The validator's rules on figures.
    PERIOD_AFTER_AS_OF = "period.after_as_of", Error, false,
        "a period that ends after the \"as of\" date (only with Validator::with_as_of)";
    RATE_NUMERATOR_ABOVE_DENOMINATOR = "rate.numerator_above_denominator", Error, false,
        "a rate whose numerator is above its denominator";
    RATE_ZERO_DENOMINATOR = "rate.zero_denominator", Warning, false,
        "a rate of 0 out of 0, which is undefined";
    RATE_PERCENT_OUT_OF_RANGE = "rate.percent_out_of_range", Error, false,
        "a published percentage below 0 or above 100";
    DUPLICATE_IDENTICAL = "duplicate.identical", Warning, false,
        "the same figure (indicator, country, channel, partner, period) reported twice with the same value";
    DUPLICATE_CONFLICTING = "duplicate.conflicting", Error, false,
        "the same figure reported twice with different values";
    DUPLICATE_OVERLAPPING_PERIODS = "duplicate.overlapping_periods", Warning, false,
        "a series reports a period and a longer one that contains it; a total over both counts twice";
    CATALOGUE_CHANNEL_NOT_ALLOWED = "catalogue.channel_not_allowed", Error, false,
        "an indicator reported under a channel its catalogue definition does not allow";
    CATALOGUE_COUNTRY_NOT_ALLOWED = "catalogue.country_not_allowed", Error, false,
        "an indicator reported for a country its catalogue definition does not allow";
    COVERAGE_PARTIAL = "coverage.partial", Warning, false,
        "a series counted in a period (a published total's, or the reporting period) covers only part of it";
    COVERAGE_MISSING = "coverage.missing", Warning, false,
        "a series reported in the period before the reporting period has no figure in it";
    RECONCILE_TOTAL = "reconcile.total", Error, false,
        "a published total differs from the sum of its parts";
    RECONCILE_INTERPRETED = "reconcile.interpreted", Warning, false,
        "a published total matches its parts only by counting figures read into the source";
    OUTLIER_ZSCORE = "outlier.zscore", Warning, false,
        "a value more standard deviations from the mean of its earlier periods than the threshold";
    OUTLIER_MODIFIED_ZSCORE = "outlier.modified_zscore", Warning, false,
        "a value whose median-based (modified) z-score against its earlier periods is above the threshold";
    OUTLIER_MIN_MAX = "outlier.min_max", Warning, false,
        "a count outside the min-max band declared for its indicator (and country)";
    OUTLIER_LEVEL = "outlier.level", Warning, false,
        "a value far from the level its series leads one to expect (the figures within a year of it, the same month in other years, the noise of a count)";
    OUTLIER_DIGIT = "outlier.digit", Warning, false,
        "a count that looks like a slip of a digit: about ten times or a tenth of its expected level, or a plausible value with two digits swapped";
    OUTLIER_UNEXPECTED_ZERO = "outlier.unexpected_zero", Warning, false,
        "a 0 in a series that is never 0 around it, at a level where a count is almost never 0";
    OUTLIER_LEVEL_SHIFT = "outlier.level_shift", Warning, false,
        "a series that moves to a new level from one period on and stays there, reported once at its first period";
    OUTLIER_SKIPPED = "outlier.skipped", Note, false,
        "an outlier check skipped: too little history";
    COVERAGE_SERIES_GAP = "coverage.series_gap", Warning, false,
        "a period with no figure between a series' first and last figures";
    OUTLIER_STRAY_COUNTRY = "outlier.stray_country", Warning, false,
        "a figure of a series that hardly exists, where the same series in another country reports regularly and lacks this period (a mistyped country code)";
    DOUBLE_COUNT_SAME_VALUE = "double_count.same_value", Warning, false,
        "the same count under direct and joint operations for one indicator, country and period, where one channel's series hardly exists or the count is far from its level";
    DOUBLE_COUNT_CHANNELS = "double_count.channels", Error, false,
        "one country and period has figures under two channels declared never to count the same people";
    GROWTH_CLAIM_UNREACHABLE = "growth.claim_unreachable", Error, false,
        "a published growth percent that no whole-number baseline produces under the declared rounding";
    GROWTH_CLAIM_MISMATCH = "growth.claim_mismatch", Error, false,
        "a published growth percent that differs from the growth on the baseline figures in the dataset";
    GROWTH_CLAIM_CONSISTENT = "growth.claim_consistent", Note, false,
        "a published growth percent and the baseline totals it is consistent with";
    GROWTH_CLAIM_UNCHECKED = "growth.claim_unchecked", Note, false,
        "a published growth percent that cannot be checked (no baseline period, a total that is not an exact count)";

    // User rules: what keeps one from being checked.
    RULE_UNKNOWN_INDICATOR = "rule.unknown_indicator", Error, false,
        "a user rule names an indicator the catalogue does not define, so it is not evaluated";
    RULE_NOT_EVALUATED = "rule.not_evaluated", Error, false,
        "a user rule whose totals cannot be computed, so it is not evaluated";
    RULE_FIGURE_NOT_COUNTED = "rule.figure_not_counted", Warning, false,
        "a figure a user rule's totals leave out, because it overlaps a figure already counted";

    // The settings themselves.
    CONFIG_HIDDEN = "config.hidden", Warning, false,
        "errors about figures left out, not shown because the settings disable their rules";
}

impl RuleId {
    /// Every registered rule, grouped by family: the readers', the
    /// admission check's, disclosure control's and the validator's.
    ///
    /// ```
    /// use impact_metrics::validate::RuleId;
    /// let ids: Vec<&str> = RuleId::registry().iter().map(|r| r.id).collect();
    /// assert!(ids.contains(&"parse.value"));
    /// assert!(ids.contains(&"growth.claim_unreachable"));
    /// ```
    #[must_use]
    pub fn registry() -> &'static [RuleInfo] {
        REGISTRY
    }

    /// The id as text.
    ///
    /// ```
    /// use impact_metrics::validate::RuleId;
    /// assert_eq!(RuleId::COVERAGE_PARTIAL.as_str(), "coverage.partial");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The family: the part before the first `.` (the whole id when it has
    /// none).
    ///
    /// ```
    /// use impact_metrics::validate::RuleId;
    /// assert_eq!(RuleId::DUPLICATE_IDENTICAL.family(), "duplicate");
    /// assert_eq!(RuleId::from("house").family(), "house");
    /// ```
    #[must_use]
    pub fn family(&self) -> &str {
        family_of(&self.0)
    }

    /// The registered rule with this id; `None` for a user's id.
    ///
    /// ```
    /// use impact_metrics::validate::RuleId;
    /// assert!(RuleId::PARSE_HEADER.info().is_some());
    /// assert!(RuleId::from("house.x").info().is_none());
    /// ```
    #[must_use]
    pub fn info(&self) -> Option<&'static RuleInfo> {
        REGISTRY.iter().find(|r| r.id == self.as_str())
    }

    /// Whether the id is one of the crate's registered rules.
    ///
    /// ```
    /// use impact_metrics::validate::RuleId;
    /// assert!(RuleId::from("outlier.zscore").is_registered());
    /// ```
    #[must_use]
    pub fn is_registered(&self) -> bool {
        self.info().is_some()
    }

    /// The severity the registry gives the rule's findings; `None` for a
    /// user's id, whose rule says its own.
    ///
    /// ```
    /// use impact_metrics::{validate::RuleId, Severity};
    /// assert_eq!(RuleId::OUTLIER_SKIPPED.default_severity(), Some(Severity::Note));
    /// ```
    #[must_use]
    pub fn default_severity(&self) -> Option<Severity> {
        self.info().map(|r| r.severity)
    }
}

/// The part of an id before its first `.`.
fn family_of(id: &str) -> &str {
    id.split_once('.').map_or(id, |(family, _)| family)
}

/// Whether `family` is the family of a registered rule.
pub(crate) fn is_registered_family(family: &str) -> bool {
    REGISTRY.iter().any(|r| r.family() == family)
}

/// The known ids (and families) nearest to `input` by edit distance, at
/// most three, nearest first; none when nothing is close.
pub(crate) fn nearest<'a>(input: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let input = input.to_ascii_lowercase();
    let limit = (input.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = known
        .into_iter()
        .map(|id| (distance(&input, id), id))
        .filter(|&(d, _)| d <= limit)
        .collect();
    scored.sort_unstable();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

/// The Levenshtein distance between two texts, by characters.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len().saturating_add(1));
        current.push(i.saturating_add(1));
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .map_or(usize::MAX, |&d| d.saturating_add(usize::from(ca != *cb)));
            let delete = previous
                .get(j.saturating_add(1))
                .map_or(usize::MAX, |&d| d.saturating_add(1));
            let insert = current.last().map_or(usize::MAX, |&d| d.saturating_add(1));
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

impl From<&str> for RuleId {
    /// The id with this text: a registered one's if the text is one, else
    /// a user's.
    fn from(id: &str) -> RuleId {
        match REGISTRY.iter().find(|r| r.id == id) {
            Some(info) => RuleId(Cow::Borrowed(info.id)),
            None => RuleId(Cow::Owned(id.to_string())),
        }
    }
}

impl From<&String> for RuleId {
    fn from(id: &String) -> RuleId {
        RuleId::from(id.as_str())
    }
}

impl From<String> for RuleId {
    fn from(id: String) -> RuleId {
        match REGISTRY.iter().find(|r| r.id == id) {
            Some(info) => RuleId(Cow::Borrowed(info.id)),
            None => RuleId(Cow::Owned(id)),
        }
    }
}

impl From<&RuleId> for RuleId {
    fn from(id: &RuleId) -> RuleId {
        id.clone()
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for RuleId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl PartialEq for RuleId {
    fn eq(&self, other: &RuleId) -> bool {
        self.0 == other.0
    }
}

impl Eq for RuleId {}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<RuleId> for &str {
    fn eq(&self, other: &RuleId) -> bool {
        **self == *other.0
    }
}

impl Hash for RuleId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl PartialOrd for RuleId {
    fn partial_cmp(&self, other: &RuleId) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RuleId {
    /// Alphabetical by id.
    fn cmp(&self, other: &RuleId) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<RuleId, D::Error> {
        String::deserialize(deserializer).map(RuleId::from)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn the_registry_has_no_duplicate_id() {
        let mut seen = BTreeSet::new();
        for rule in RuleId::registry() {
            assert!(seen.insert(rule.id), "{} is registered twice", rule.id);
        }
    }

    #[test]
    fn every_registered_id_is_family_dot_name_in_lowercase() {
        for rule in RuleId::registry() {
            let (family, name) = rule.id.split_once('.').unwrap_or(("", ""));
            // A digit may follow the first letter, as in `dhis2`.
            let ok = |s: &str| {
                s.starts_with(|c: char| c.is_ascii_lowercase())
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            };
            assert!(ok(family) && ok(name), "{:?}", rule.id);
        }
    }

    #[test]
    fn text_and_constant_are_the_same_id() {
        assert_eq!(RuleId::from("parse.value"), RuleId::PARSE_VALUE);
        assert_eq!(RuleId::from("parse.value".to_string()), RuleId::PARSE_VALUE);
        assert!(RuleId::from("parse.valu").info().is_none());
        let json = serde_json::to_string(&RuleId::OUTLIER_ZSCORE).unwrap_or_default();
        assert_eq!(json, "\"outlier.zscore\"");
        let back: RuleId = serde_json::from_str(&json).unwrap_or_else(|_| RuleId::from("x"));
        assert_eq!(back, RuleId::OUTLIER_ZSCORE);
    }

    #[test]
    fn distances_by_hand() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("outlier.zscor", "outlier.zscore"), 1);
    }

    #[test]
    fn nearest_ids_are_the_close_ones_nearest_first() {
        let known = ["outlier.zscore", "outlier.modified_zscore", "parse.value"];
        assert_eq!(nearest("outlier.zscor", known), ["outlier.zscore"]);
        assert_eq!(nearest("Parse.Valeu", known), ["parse.value"]);
        assert!(nearest("house.x", known).is_empty());
    }
}
