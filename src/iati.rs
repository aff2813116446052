//! IATI results: a dataset's figures as the `result` elements of an IATI
//! 2.03 activity (feature `iati`).
//!
//! The International Aid Transparency Initiative (IATI) is how NGOs and
//! funders publish what their activities do; version 2.03 of its activity
//! standard carries results. [`write()`] writes a whole `iati-activities`
//! document: one `iati-activity` whose identity, reporting organisation
//! and other required elements come from the caller's [`Activity`], with
//! a `location` for each country the figures name and the results.
//! [`write_results`] writes only the `result` elements, for a caller who
//! places them in an activity of their own.
//!
//! # What is written
//!
//! Per indicator of the dataset's catalogue that has figures, in the
//! catalogue's order, one `result`:
//!
//! - `result/@type`: the [`ResultType`] the [`Settings`] give the
//!   indicator (output, unless said otherwise); `@aggregation-status`
//!   when the settings set it. `result/title/narrative`: the indicator's
//!   printed name.
//! - one `indicator`: `@measure` `1` (unit) for a count, `2` (percentage)
//!   for a rate; `@ascending` `1` when higher is better, `0` when lower
//!   is, left out for a neutral indicator (IATI then reads it as
//!   ascending: it has no word for neutral). `title/narrative`: the
//!   printed name; `description/narrative`: the indicator's category in
//!   the US Trafficking in Persons report, when it has one. A
//!   `reference` (`@vocabulary`, `@code`, `@indicator-uri`) for each of
//!   the definition's [`Reference`](crate::Reference)s.
//! - a `baseline` for each figure of the settings' baseline period (a
//!   comparison period such as the previous fiscal year): `@year` and
//!   `@iso-date` are the period's last day (the day its figure is
//!   complete), `@value` the value.
//! - a `period` for each other period with figures, in the order of
//!   their first days (a longer period before a shorter one that starts
//!   on the same day):
//!   `period-start/@iso-date` and `period-end/@iso-date` are the fiscal
//!   period's first and last days; an `actual` for each figure, `@value`
//!   its value.
//!
//! A baseline or actual says where and how: `location/@ref` is the
//! country's ISO 3166-1 alpha-2 code (with [`write()`], the activity has a
//! `location` of that `ref` for each country; with [`write_results`], the
//! caller's activity must), and a `dimension` `channel` (`direct`,
//! `joint`, `systemic`) and `partner` (the partner's name) where the
//! figure has them. Its `comment/narrative` holds a rate's parts ("11 of
//! 20") and the figure's note (for a figure read into its source rather
//! than stated, the note says how it was read: IATI has no mark of its
//! own for that).
//!
//! Each figure is written as it is, never totalled: the actuals of a
//! period are its figures by country, channel and partner. To publish a
//! total as well, aggregate the dataset first and write the totals.
//!
//! A count is written as its number; a rate as its exact percentage (11
//! of 20 is `55`, 3 of 8 is `37.5`), a published percentage as printed.
//! Narratives have no `xml:lang` of their own: [`write()`] sets the
//! activity's language, and with [`write_results`] the caller's activity
//! must.
//!
//! # What is refused
//!
//! A figure IATI cannot carry exactly is left out and becomes an error
//! [`Finding`] located where the figure came from, naming its series and
//! period: a bound ("more than 2,000": `iati.bound`), and a rate whose
//! percentage has no exact decimal form, or whose denominator is 0
//! (`iati.percent`). Nothing is rounded. Text with characters XML 1.0
//! cannot hold (control characters) is written with each such character
//! replaced by U+FFFD and a warning (`iati.text`).
//!
//! # Validity
//!
//! The output follows the IATI 2.03 activity schema
//! (`iati-activities-schema.xsd`): the element order of its sequences,
//! its required attributes and elements, dates as `xsd:date`, and the
//! codelists' codes (ResultType, IndicatorMeasure, IndicatorVocabulary,
//! GeographicVocabulary `A4`). The crate's tests check the exact output
//! by hand against the standard, and validate what they write (a small
//! dataset, the seed report, generated datasets with awkward names and
//! notes) with `xmllint --schema` against the 2.03 schema files, which
//! `.ci/run` installs from the pyIATI package on PyPI (version 0.4.1
//! ships them); the repository holds no copy. The schema does not check
//! IATI's rulesets (a value being a number, for instance); the writer
//! keeps those it can see: values are numbers, one reference per
//! vocabulary on an indicator, references on the indicator only.
//!
//! # Example
//!
//! ```
//! use impact_metrics::iati::{self, Activity, Organisation, Settings};
//! use impact_metrics::{Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Observation, Value};
//!
//! let calendar = FiscalCalendar::SEPTEMBER;
//! let mut data = Dataset::new(calendar, Catalogue::builtin());
//! data.push(
//!     Observation::new(Indicator::EXPLOITERS_CONVICTED, calendar.half(2020, 1)?, Value::Count(1))
//!         .with_country(Country::GB)
//!         .with_channel(Channel::Direct),
//! )?;
//! let mut out = Vec::new();
//! let findings = iati::write_results(&data, &Settings::new(), &mut out)?;
//! assert!(findings.is_empty());
//! assert_eq!(
//!     String::from_utf8(out).unwrap(),
//!     r#"<result type="1">
//!  <title>
//!   <narrative>Exploiters convicted</narrative>
//!  </title>
//!  <indicator measure="1" ascending="1">
//!   <title>
//!    <narrative>Exploiters convicted</narrative>
//!   </title>
//!   <description>
//!    <narrative>Category in the US Trafficking in Persons report: prosecution</narrative>
//!   </description>
//!   <period>
//!    <period-start iso-date="2020-09-01"/>
//!    <period-end iso-date="2021-02-28"/>
//!    <actual value="1">
//!     <location ref="GB"/>
//!     <dimension name="channel" value="direct"/>
//!    </actual>
//!   </period>
//!  </indicator>
//! </result>
//! "#
//! );
//!
//! // A whole document needs the activity's identity.
//! let activity = Activity::new(
//!     "GB-CHC-1000000-H1",
//!     Organisation::new("GB-CHC-1000000", "21", "An anti-trafficking charity"),
//!     "Anti-trafficking programme",
//!     "Rescue, aftercare and prosecutions.",
//! )
//! .with_participating_org("4", Some("GB-CHC-1000000"), "An anti-trafficking charity")
//! .with_date("2", calendar.half(2020, 1)?.first_day());
//! let mut out = Vec::new();
//! iati::write(&data, &Settings::new(), &activity, &mut out)?;
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\">"));
//! assert!(text.contains("<location ref=\"GB\">"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Settings
//!
//! [`Settings`] and [`Activity`] read with serde, so they can live in a
//! file. `Settings`: `baseline` (a period in its machine form,
//! `FY2019-09`; none when left out), `result_type` (`output`,
//! `outcome`, `impact` or `other`; `output` when left out), `result_types`
//! (a table from indicator code to result type, for the indicators that
//! differ) and `aggregation_status` (true or false; left out when not
//! given). `Activity`: `identifier` (the `iati-identifier`),
//! `reporting_org` (`ref`, `type` from IATI's OrganisationType codelist,
//! `name`), `title`, `description`, `participating_orgs` (each `role`
//! from IATI's OrganisationRole codelist, `ref` optional, `name`),
//! `status` (IATI's ActivityStatus codelist; `2`, implementation, when
//! left out), `dates` (each `type` from IATI's ActivityDateType codelist
//! and `iso_date`), and `language` (`en` when left out).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::country::Country;
use crate::error::{Error, Result};
use crate::figure::dataset::Dataset;
use crate::figure::observation::Observation;
use crate::figure::value::{Bound, Value};
use crate::findings::{Finding, Findings, Location};
use crate::indicator::{Indicator, IndicatorDef, Measure, Polarity};
use crate::period::Period;
use crate::period::calendar::FiscalCalendar;
use crate::rules::RuleId;
use crate::severity::Severity;
use chrono::{Datelike, NaiveDate};

/// The kind of a result, IATI's ResultType codelist.
///
/// ```
/// use impact_metrics::iati::ResultType;
/// assert_eq!(ResultType::Outcome.code(), "2");
/// assert_eq!(ResultType::default(), ResultType::Output);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ResultType {
    /// `1`: what the activity delivered (victims removed, people trained).
    #[default]
    Output,
    /// `2`: a change the outputs brought (survivors reintegrated).
    Outcome,
    /// `3`: a long-term change (a fall in re-trafficking).
    Impact,
    /// `9`: another kind.
    Other,
}

impl ResultType {
    /// The code IATI writes.
    ///
    /// ```
    /// use impact_metrics::iati::ResultType;
    /// assert_eq!(ResultType::Other.code(), "9");
    /// ```
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            ResultType::Output => "1",
            ResultType::Outcome => "2",
            ResultType::Impact => "3",
            ResultType::Other => "9",
        }
    }
}

/// How the results are written: the baseline period, the result types
/// and the aggregation status. See the [module docs](self) for the file
/// form.
///
/// ```
/// use impact_metrics::iati::{ResultType, Settings};
/// use impact_metrics::{FiscalCalendar, Indicator};
///
/// let settings = Settings::new()
///     .with_baseline(FiscalCalendar::SEPTEMBER.year(2019)?)
///     .with_result_type(Indicator::RE_TRAFFICKING_RATE, ResultType::Outcome);
/// assert_eq!(settings.result_type_of(Indicator::RE_TRAFFICKING_RATE), ResultType::Outcome);
/// assert_eq!(settings.result_type_of(Indicator::VICTIMS_REMOVED), ResultType::Output);
///
/// let read: Settings = toml::from_str("baseline = \"FY2019-09\"\n[result_types]\nre_trafficking_rate = \"outcome\"\n")?;
/// assert_eq!(read, settings);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Settings {
    /// The comparison period whose figures are the baselines; none when
    /// `None`, and then every figure is an actual.
    #[serde(default)]
    pub baseline: Option<Period>,
    /// The type of every result the next field does not set.
    #[serde(default)]
    pub result_type: ResultType,
    /// The result type of particular indicators.
    #[serde(default)]
    pub result_types: BTreeMap<Indicator, ResultType>,
    /// Whether the results suit aggregation across activities; the
    /// attribute is left out when `None`.
    #[serde(default)]
    pub aggregation_status: Option<bool>,
}

impl Settings {
    /// No baseline, every result an output, no aggregation status.
    ///
    /// ```
    /// use impact_metrics::iati::Settings;
    /// assert!(Settings::new().baseline.is_none());
    /// ```
    #[must_use]
    pub fn new() -> Settings {
        Settings::default()
    }

    /// Sets the comparison period whose figures are the baselines.
    ///
    /// ```
    /// use impact_metrics::{iati::Settings, FiscalCalendar};
    /// let year = FiscalCalendar::SEPTEMBER.year(2019)?;
    /// assert_eq!(Settings::new().with_baseline(year).baseline, Some(year));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn with_baseline(mut self, period: Period) -> Settings {
        self.baseline = Some(period);
        self
    }

    /// Sets the type of every result not set one by one.
    ///
    /// ```
    /// use impact_metrics::iati::{ResultType, Settings};
    /// let settings = Settings::new().with_default_result_type(ResultType::Outcome);
    /// assert_eq!(settings.result_type, ResultType::Outcome);
    /// ```
    #[must_use]
    pub fn with_default_result_type(mut self, kind: ResultType) -> Settings {
        self.result_type = kind;
        self
    }

    /// Sets the result type of one indicator.
    ///
    /// ```
    /// use impact_metrics::iati::{ResultType, Settings};
    /// use impact_metrics::Indicator;
    /// let settings = Settings::new().with_result_type(Indicator::SURVIVORS_REINTEGRATED, ResultType::Outcome);
    /// assert_eq!(settings.result_type_of(Indicator::SURVIVORS_REINTEGRATED), ResultType::Outcome);
    /// ```
    #[must_use]
    pub fn with_result_type(mut self, indicator: Indicator, kind: ResultType) -> Settings {
        self.result_types.insert(indicator, kind);
        self
    }

    /// Sets the results' aggregation status.
    ///
    /// ```
    /// use impact_metrics::iati::Settings;
    /// assert_eq!(Settings::new().with_aggregation_status(true).aggregation_status, Some(true));
    /// ```
    #[must_use]
    pub fn with_aggregation_status(mut self, aggregable: bool) -> Settings {
        self.aggregation_status = Some(aggregable);
        self
    }

    /// The result type of an indicator's result.
    ///
    /// ```
    /// use impact_metrics::iati::{ResultType, Settings};
    /// use impact_metrics::Indicator;
    /// assert_eq!(Settings::new().result_type_of(Indicator::CASE_BACKLOG), ResultType::Output);
    /// ```
    #[must_use]
    pub fn result_type_of(&self, indicator: Indicator) -> ResultType {
        self.result_types
            .get(&indicator)
            .copied()
            .unwrap_or(self.result_type)
    }
}

/// The organisation that publishes the activity (`reporting-org`).
///
/// ```
/// use impact_metrics::iati::Organisation;
/// let org = Organisation::new("GB-CHC-1000000", "21", "An anti-trafficking charity");
/// assert_eq!(org.kind, "21"); // international NGO, in IATI's OrganisationType codelist
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Organisation {
    /// The IATI organisation identifier (`GB-CHC-1000000`).
    #[serde(rename = "ref")]
    pub reference: String,
    /// The OrganisationType code (`21` international NGO, `22` national NGO).
    #[serde(rename = "type")]
    pub kind: String,
    /// The organisation's name.
    pub name: String,
}

impl Organisation {
    /// An organisation by its identifier, type code and name.
    ///
    /// ```
    /// use impact_metrics::iati::Organisation;
    /// assert_eq!(Organisation::new("XM-1", "22", "Vihaan").name, "Vihaan");
    /// ```
    #[must_use]
    pub fn new(reference: &str, kind: &str, name: &str) -> Organisation {
        Organisation {
            reference: reference.to_string(),
            kind: kind.to_string(),
            name: name.to_string(),
        }
    }
}

/// An organisation taking part in the activity (`participating-org`).
///
/// ```
/// use impact_metrics::iati::ParticipatingOrg;
/// let funder = ParticipatingOrg::new("1", None, "A trust");
/// assert!(funder.reference.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ParticipatingOrg {
    /// The OrganisationRole code (`1` funding, `2` accountable, `3`
    /// extending, `4` implementing).
    pub role: String,
    /// The IATI organisation identifier, if it has one.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// The organisation's name.
    pub name: String,
}

impl ParticipatingOrg {
    /// An organisation by its role code, identifier (if any) and name.
    ///
    /// ```
    /// use impact_metrics::iati::ParticipatingOrg;
    /// assert_eq!(ParticipatingOrg::new("4", Some("XM-1"), "Vihaan").role, "4");
    /// ```
    #[must_use]
    pub fn new(role: &str, reference: Option<&str>, name: &str) -> ParticipatingOrg {
        ParticipatingOrg {
            role: role.to_string(),
            reference: reference.map(str::to_string),
            name: name.to_string(),
        }
    }
}

/// A date of the activity (`activity-date`).
///
/// ```
/// use impact_metrics::{iati::ActivityDate, NaiveDate};
/// let start = ActivityDate::new("2", NaiveDate::from_ymd_opt(2020, 9, 1).unwrap());
/// assert_eq!(start.kind, "2"); // actual start
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ActivityDate {
    /// The ActivityDateType code (`1` planned start, `2` actual start, `3`
    /// planned end, `4` actual end).
    #[serde(rename = "type")]
    pub kind: String,
    /// The date.
    pub iso_date: NaiveDate,
}

impl ActivityDate {
    /// A date of a kind.
    ///
    /// ```
    /// use impact_metrics::{iati::ActivityDate, NaiveDate};
    /// let end = ActivityDate::new("3", NaiveDate::from_ymd_opt(2021, 8, 31).unwrap());
    /// assert_eq!(end.iso_date.to_string(), "2021-08-31");
    /// ```
    #[must_use]
    pub fn new(kind: &str, iso_date: NaiveDate) -> ActivityDate {
        ActivityDate {
            kind: kind.to_string(),
            iso_date,
        }
    }
}

/// The activity the results belong to: what [`write()`] needs besides the
/// figures to make a document IATI accepts. See the [module docs](self)
/// for the file form.
///
/// ```
/// use impact_metrics::iati::{Activity, Organisation};
/// use impact_metrics::NaiveDate;
/// let activity = Activity::new(
///     "GB-CHC-1000000-H1",
///     Organisation::new("GB-CHC-1000000", "21", "An anti-trafficking charity"),
///     "Anti-trafficking programme",
///     "Rescue, aftercare and prosecutions.",
/// )
/// .with_participating_org("4", Some("GB-CHC-1000000"), "An anti-trafficking charity")
/// .with_date("2", NaiveDate::from_ymd_opt(2020, 9, 1).unwrap());
/// assert_eq!(activity.status, "2");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Activity {
    /// The `iati-identifier`: the reporting organisation's identifier, a
    /// hyphen, and the organisation's own activity identifier.
    pub identifier: String,
    /// The organisation that publishes the activity.
    pub reporting_org: Organisation,
    /// The activity's title.
    pub title: String,
    /// The activity's description.
    pub description: String,
    /// The organisations taking part; IATI requires at least one.
    #[serde(default)]
    pub participating_orgs: Vec<ParticipatingOrg>,
    /// The ActivityStatus code: `2`, implementation, unless set.
    #[serde(default = "implementation")]
    pub status: String,
    /// The activity's dates; IATI requires at least one.
    #[serde(default)]
    pub dates: Vec<ActivityDate>,
    /// The language of the text (an ISO 639-1 code): `en` unless set.
    #[serde(default = "english")]
    pub language: String,
}

fn implementation() -> String {
    "2".to_string()
}

fn english() -> String {
    "en".to_string()
}

impl Activity {
    /// An activity with its identifier, reporting organisation, title and
    /// description, in implementation (status `2`), in English. Add at
    /// least one participating organisation and one date before writing.
    ///
    /// ```
    /// use impact_metrics::iati::{Activity, Organisation};
    /// let activity = Activity::new("XM-1-A", Organisation::new("XM-1", "22", "Vihaan"), "Aftercare", "Care of survivors.");
    /// assert_eq!(activity.language, "en");
    /// ```
    #[must_use]
    pub fn new(
        identifier: &str,
        reporting_org: Organisation,
        title: &str,
        description: &str,
    ) -> Activity {
        Activity {
            identifier: identifier.to_string(),
            reporting_org,
            title: title.to_string(),
            description: description.to_string(),
            participating_orgs: Vec::new(),
            status: implementation(),
            dates: Vec::new(),
            language: english(),
        }
    }

    /// Adds a participating organisation: its role code, identifier (if
    /// any) and name.
    ///
    /// ```
    /// use impact_metrics::iati::{Activity, Organisation};
    /// let activity = Activity::new("XM-1-A", Organisation::new("XM-1", "22", "Vihaan"), "Aftercare", "Care.")
    ///     .with_participating_org("1", None, "A trust");
    /// assert_eq!(activity.participating_orgs.len(), 1);
    /// ```
    #[must_use]
    pub fn with_participating_org(
        mut self,
        role: &str,
        reference: Option<&str>,
        name: &str,
    ) -> Activity {
        self.participating_orgs
            .push(ParticipatingOrg::new(role, reference, name));
        self
    }

    /// Sets the ActivityStatus code.
    ///
    /// ```
    /// use impact_metrics::iati::{Activity, Organisation};
    /// let activity = Activity::new("XM-1-A", Organisation::new("XM-1", "22", "Vihaan"), "Aftercare", "Care.")
    ///     .with_status("3");
    /// assert_eq!(activity.status, "3");
    /// ```
    #[must_use]
    pub fn with_status(mut self, code: &str) -> Activity {
        self.status = code.to_string();
        self
    }

    /// Adds a date: its ActivityDateType code and the day.
    ///
    /// ```
    /// use impact_metrics::iati::{Activity, Organisation};
    /// use impact_metrics::NaiveDate;
    /// let activity = Activity::new("XM-1-A", Organisation::new("XM-1", "22", "Vihaan"), "Aftercare", "Care.")
    ///     .with_date("1", NaiveDate::from_ymd_opt(2020, 9, 1).unwrap());
    /// assert_eq!(activity.dates[0].kind, "1");
    /// ```
    #[must_use]
    pub fn with_date(mut self, kind: &str, day: NaiveDate) -> Activity {
        self.dates.push(ActivityDate::new(kind, day));
        self
    }

    /// Sets the language of the text.
    ///
    /// ```
    /// use impact_metrics::iati::{Activity, Organisation};
    /// let activity = Activity::new("XM-1-A", Organisation::new("XM-1", "22", "Vihaan"), "Aftercare", "Care.")
    ///     .with_language("fr");
    /// assert_eq!(activity.language, "fr");
    /// ```
    #[must_use]
    pub fn with_language(mut self, code: &str) -> Activity {
        self.language = code.to_string();
        self
    }

    /// What IATI requires that the activity lacks, if anything.
    fn missing(&self) -> Option<&'static str> {
        let blank = |s: &str| s.trim().is_empty();
        if blank(&self.identifier) {
            Some("IATI requires an activity identifier")
        } else if blank(&self.reporting_org.reference) || blank(&self.reporting_org.kind) {
            Some("IATI requires the reporting organisation's identifier and type")
        } else if blank(&self.reporting_org.name) {
            Some("IATI requires the reporting organisation's name")
        } else if blank(&self.title) || blank(&self.description) {
            Some("IATI requires a title and a description")
        } else if self.participating_orgs.is_empty() {
            Some("IATI requires at least one participating organisation")
        } else if self.participating_orgs.iter().any(|o| blank(&o.role)) {
            Some("IATI requires the role of each participating organisation")
        } else if blank(&self.status) {
            Some("IATI requires the activity's status")
        } else if self.dates.is_empty() {
            Some("IATI requires at least one activity date")
        } else if self.dates.iter().any(|d| blank(&d.kind)) {
            Some("IATI requires the type of each activity date")
        } else {
            None
        }
    }
}

/// Writes a whole IATI 2.03 `iati-activities` document: one activity,
/// described by `activity`, holding a `location` for each country the
/// written figures name and the results of `data` (see the
/// [module docs](self)).
///
/// Returns the findings: every figure left out, as an error located at
/// the figure's place, and any text written with characters replaced.
///
/// # Errors
///
/// - [`Error::Unpublishable`] when the activity lacks an element IATI
///   requires (an identifier, the reporting organisation's identifier,
///   type or name, a title, a description, a participating organisation
///   with its role, a status, a date with its type); nothing is written.
/// - [`Error::Io`] when `out` cannot be written.
///
/// ```
/// use impact_metrics::iati::{self, Activity, Organisation, Settings};
/// use impact_metrics::{Catalogue, Dataset, FiscalCalendar};
/// let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let bare = Activity::new("XM-1-A", Organisation::new("XM-1", "22", "Vihaan"), "Aftercare", "Care.");
/// assert_eq!(
///     iati::write(&data, &Settings::new(), &bare, Vec::new()).unwrap_err().to_string(),
///     r#"cannot publish the IATI activity "XM-1-A": IATI requires at least one participating organisation"#
/// );
/// ```
pub fn write<W: Write>(
    data: &Dataset,
    settings: &Settings,
    activity: &Activity,
    mut out: W,
) -> Result<Findings> {
    if let Some(reason) = activity.missing() {
        return Err(Error::Unpublishable {
            what: format!("the IATI activity {:?}", activity.identifier),
            reason: reason.to_string(),
        });
    }
    let mut xml = Xml::new();
    let results = plan(data, settings, &mut xml.findings);
    xml.text
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.open(0, "iati-activities", &[("version", "2.03")]);
    xml.open(1, "iati-activity", &[("xml:lang", &activity.language)]);
    xml.leaf_text(2, "iati-identifier", &activity.identifier);
    let org = &activity.reporting_org;
    xml.open(
        2,
        "reporting-org",
        &[("ref", &org.reference), ("type", &org.kind)],
    );
    xml.narrative(3, &org.name);
    xml.close(2, "reporting-org");
    xml.narrated(2, "title", &activity.title);
    xml.narrated(2, "description", &activity.description);
    for org in &activity.participating_orgs {
        let mut attributes = vec![("role", org.role.as_str())];
        if let Some(reference) = &org.reference {
            attributes.push(("ref", reference));
        }
        xml.open(2, "participating-org", &attributes);
        xml.narrative(3, &org.name);
        xml.close(2, "participating-org");
    }
    xml.empty(2, "activity-status", &[("code", &activity.status)]);
    for date in &activity.dates {
        let day = date.iso_date.to_string();
        xml.empty(
            2,
            "activity-date",
            &[("type", &date.kind), ("iso-date", &day)],
        );
    }
    if let Some(finding) =
        xml.warn_if_replaced(|| format!("the text of the activity {:?}", activity.identifier))
    {
        xml.findings.push(finding);
    }
    for country in countries(&results) {
        // A location for each country the figures name, for their
        // `location/@ref`: its name, and the country as an
        // administrative area of IATI's GeographicVocabulary A4 (ISO
        // 3166-1 alpha-2) at level 0.
        xml.open(2, "location", &[("ref", country.alpha2())]);
        xml.narrated(3, "name", country.name());
        xml.empty(
            3,
            "administrative",
            &[
                ("vocabulary", "A4"),
                ("level", "0"),
                ("code", country.alpha2()),
            ],
        );
        xml.close(2, "location");
    }
    for result in &results {
        xml.result(2, result, settings, data.calendar());
    }
    xml.close(1, "iati-activity");
    xml.close(0, "iati-activities");
    xml.finish(&mut out)
}

/// Writes only the `result` elements of `data` (see the
/// [module docs](self)), one after the other, for the caller to place in
/// an `iati-activity` where the schema puts them: after `conditions` and
/// before `crs-add`. The caller's activity must have a `location` whose
/// `ref` is each country code the results name, and an `xml:lang`.
///
/// Returns the findings: every figure left out, as an error located at
/// the figure's place, and any text written with characters replaced.
///
/// # Errors
///
/// [`Error::Io`] when `out` cannot be written.
///
/// ```
/// use impact_metrics::iati::{self, Settings};
/// use impact_metrics::{Bound, Catalogue, Dataset, FiscalCalendar, Indicator, Observation, Value};
/// let calendar = FiscalCalendar::SEPTEMBER;
/// let mut data = Dataset::new(calendar, Catalogue::builtin());
/// data.push(Observation::new(Indicator::INDIVIDUALS_SUPPLIED, calendar.half(2020, 1)?, Value::Count(2000)).with_bound(Bound::MoreThan))?;
/// let mut out = Vec::new();
/// let findings = iati::write_results(&data, &Settings::new(), &mut out)?;
/// assert!(out.is_empty()); // the only figure is refused
/// assert_eq!(
///     findings.findings()[0].message,
///     "individuals_supplied 20/21 H1 = more than 2000 is left out: IATI carries a value, not a bound; give the exact figure"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_results<W: Write>(
    data: &Dataset,
    settings: &Settings,
    mut out: W,
) -> Result<Findings> {
    let mut xml = Xml::new();
    let results = plan(data, settings, &mut xml.findings);
    for result in &results {
        xml.result(0, result, settings, data.calendar());
    }
    xml.finish(&mut out)
}

/// One indicator's figures, as they will be written.
struct Planned<'a> {
    def: &'a IndicatorDef,
    baselines: Vec<Carried>,
    /// The other figures, by period in the order of their first days.
    periods: BTreeMap<Period, Vec<Carried>>,
}

/// A figure IATI can carry, with its value as IATI writes it and where
/// it came from.
struct Carried {
    figure: Observation,
    value: String,
    location: Location,
}

/// Sorts the figures into results, in the catalogue's order, leaving out
/// (with a finding) those IATI cannot carry.
fn plan<'a>(data: &'a Dataset, settings: &Settings, findings: &mut Findings) -> Vec<Planned<'a>> {
    let mut by_indicator: BTreeMap<Indicator, Planned<'a>> = BTreeMap::new();
    for (figure, location) in data.located() {
        let value = match carried_value(&figure) {
            Ok(value) => value,
            Err((rule, why)) => {
                findings.push(refusal(data, &figure, location, rule, &why));
                continue;
            }
        };
        let Some(def) = data.catalogue().get(figure.indicator) else {
            // The dataset admits only figures of its catalogue.
            continue;
        };
        let planned = by_indicator.entry(figure.indicator).or_insert(Planned {
            def,
            baselines: Vec::new(),
            periods: BTreeMap::new(),
        });
        let period = figure.period;
        let carried = Carried {
            figure,
            value,
            location,
        };
        if settings.baseline == Some(period) {
            planned.baselines.push(carried);
        } else {
            planned.periods.entry(period).or_default().push(carried);
        }
    }
    let mut results: Vec<Planned<'a>> = by_indicator.into_values().collect();
    results.sort_by_key(|p| data.catalogue().position(p.def.code));
    results
}

/// The value as IATI writes it, or the rule and the reason it cannot be.
fn carried_value(figure: &Observation) -> std::result::Result<String, (RuleId, String)> {
    if figure.bound != Bound::Exact {
        return Err((
            RuleId::IATI_BOUND,
            "IATI carries a value, not a bound; give the exact figure".to_string(),
        ));
    }
    match figure.value {
        Value::Count(n) => Ok(n.to_string()),
        Value::Percent(p) => Ok(p.normalize().to_string()),
        Value::Ratio {
            numerator,
            denominator,
        } => match exact_percent(numerator, denominator) {
            Some(p) => Ok(p.to_string()),
            None if denominator == 0 => Err((
                RuleId::IATI_PERCENT,
                "a rate of 0 out of 0 has no percentage for IATI to carry; give its numerator and denominator as two count indicators".to_string(),
            )),
            None => Err((
                RuleId::IATI_PERCENT,
                format!(
                    "{numerator} of {denominator} has no exact percentage (its decimals never end), and IATI carries a rate as a percentage; give its numerator and denominator as two count indicators"
                ),
            )),
        },
    }
}

/// `100 * numerator / denominator` when it is a decimal with at most 28
/// places (its reduced denominator has no prime factor but 2 and 5), with
/// no trailing zeros; `None` otherwise.
fn exact_percent(numerator: u64, denominator: u64) -> Option<Decimal> {
    let top = u128::from(numerator).checked_mul(100)?;
    let bottom = u128::from(denominator);
    if bottom == 0 {
        return None;
    }
    let common = gcd(top, bottom);
    let mut rest = bottom.checked_div(common)?;
    let (mut twos, mut fives) = (0u32, 0u32);
    while rest % 2 == 0 {
        rest /= 2;
        twos += 1;
    }
    while rest % 5 == 0 {
        rest /= 5;
        fives += 1;
    }
    if rest != 1 {
        return None;
    }
    let places = twos.max(fives);
    if places > 28 {
        return None;
    }
    let scaled = top
        .checked_mul(10u128.checked_pow(places)?)?
        .checked_div(bottom)?;
    Decimal::try_from_i128_with_scale(i128::try_from(scaled).ok()?, places)
        .ok()
        .map(|d| d.normalize())
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The finding for a figure left out.
fn refusal(
    data: &Dataset,
    figure: &Observation,
    location: Location,
    rule: RuleId,
    why: &str,
) -> Finding {
    Finding::new(
        Severity::Error,
        rule,
        format!("{} is left out: {why}", figure.describe(data.calendar())),
    )
    .with_location(location)
    .with_series(figure.series(), Some(figure.period))
}

/// The countries the results name, in code order.
fn countries(results: &[Planned<'_>]) -> Vec<Country> {
    let mut seen: Vec<Country> = results
        .iter()
        .flat_map(|r| r.baselines.iter().chain(r.periods.values().flatten()))
        .filter_map(|c| c.figure.country)
        .collect();
    seen.sort_by_key(|c| c.alpha2());
    seen.dedup();
    seen
}

/// An XML document being written, indented one space a level, and the
/// findings of writing it.
struct Xml {
    text: String,
    findings: Findings,
    /// Whether text was written with characters replaced since the last
    /// [`Xml::replaced`].
    lossy: bool,
}

impl Xml {
    fn new() -> Xml {
        Xml {
            text: String::new(),
            findings: Findings::new(),
            lossy: false,
        }
    }

    /// Whether text was written with characters replaced since the last
    /// call; the next call starts afresh.
    fn replaced(&mut self) -> bool {
        std::mem::take(&mut self.lossy)
    }

    /// Warns, when text was written with characters replaced since the
    /// last check, naming what the text belongs to.
    fn warn_if_replaced(&mut self, whose: impl FnOnce() -> String) -> Option<Finding> {
        self.replaced().then(|| {
            Finding::new(
                Severity::Warning,
                RuleId::IATI_TEXT,
                format!(
                    "{} holds characters XML cannot carry (control characters); each is written as \u{FFFD}",
                    whose()
                ),
            )
        })
    }

    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.text.push(' ');
        }
    }

    fn start(&mut self, level: usize, name: &str, attributes: &[(&str, &str)]) {
        self.indent(level);
        self.text.push('<');
        self.text.push_str(name);
        for (key, value) in attributes {
            let escaped = self.escape(value, true);
            let _ = write!(self.text, " {key}=\"{escaped}\"");
        }
    }

    fn open(&mut self, level: usize, name: &str, attributes: &[(&str, &str)]) {
        self.start(level, name, attributes);
        self.text.push_str(">\n");
    }

    fn empty(&mut self, level: usize, name: &str, attributes: &[(&str, &str)]) {
        self.start(level, name, attributes);
        self.text.push_str("/>\n");
    }

    fn close(&mut self, level: usize, name: &str) {
        self.indent(level);
        let _ = writeln!(self.text, "</{name}>");
    }

    fn leaf_text(&mut self, level: usize, name: &str, text: &str) {
        self.start(level, name, &[]);
        let escaped = self.escape(text, false);
        let _ = writeln!(self.text, ">{escaped}</{name}>");
    }

    fn narrative(&mut self, level: usize, text: &str) {
        self.leaf_text(level, "narrative", text);
    }

    /// An element holding one narrative.
    fn narrated(&mut self, level: usize, name: &str, text: &str) {
        self.open(level, name, &[]);
        self.narrative(level + 1, text);
        self.close(level, name);
    }

    /// Escapes text for an attribute (`attribute`) or an element; a
    /// character XML 1.0 cannot hold becomes U+FFFD, and
    /// [`Xml::replaced`] says so.
    fn escape(&mut self, text: &str, attribute: bool) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' if attribute => out.push_str("&quot;"),
                '\t' | '\n' | '\r' if attribute => {
                    let _ = write!(out, "&#{};", u32::from(c));
                }
                '\r' => out.push_str("&#13;"),
                '\t' | '\n' => out.push(c),
                c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                    out.push('\u{FFFD}');
                    self.lossy = true;
                }
                c => out.push(c),
            }
        }
        out
    }

    /// One indicator's `result`.
    fn result(
        &mut self,
        level: usize,
        planned: &Planned<'_>,
        settings: &Settings,
        calendar: FiscalCalendar,
    ) {
        let def = planned.def;
        let kind = settings.result_type_of(def.code).code();
        let aggregation = settings
            .aggregation_status
            .map(|a| if a { "1" } else { "0" });
        let mut attributes = vec![("type", kind)];
        if let Some(a) = aggregation {
            attributes.push(("aggregation-status", a));
        }
        self.open(level, "result", &attributes);
        self.narrated(level + 1, "title", &def.name);
        let measure = match def.measure {
            Measure::Count => "1",
            Measure::Rate => "2",
        };
        let mut attributes = vec![("measure", measure)];
        match def.polarity {
            Polarity::HigherIsBetter => attributes.push(("ascending", "1")),
            Polarity::LowerIsBetter => attributes.push(("ascending", "0")),
            Polarity::Neutral => {}
        }
        let inner = level + 1;
        self.open(inner, "indicator", &attributes);
        self.narrated(inner + 1, "title", &def.name);
        if let Some(category) = def.tip_category {
            self.narrated(
                inner + 1,
                "description",
                &format!("Category in the US Trafficking in Persons report: {category}"),
            );
        }
        for reference in &def.references {
            let mut attributes = vec![
                ("vocabulary", reference.vocabulary.as_str()),
                ("code", reference.code.as_str()),
            ];
            if let Some(uri) = &reference.uri {
                attributes.push(("indicator-uri", uri));
            }
            self.empty(inner + 1, "reference", &attributes);
        }
        if let Some(finding) = self.warn_if_replaced(|| format!("the definition of {}", def.code)) {
            self.findings.push(finding);
        }
        for baseline in &planned.baselines {
            let last = baseline.figure.period.last_day();
            let year = last.year().to_string();
            let day = last.to_string();
            self.figure(
                inner + 1,
                "baseline",
                &[
                    ("year", &year),
                    ("iso-date", &day),
                    ("value", &baseline.value),
                ],
                baseline,
                calendar,
            );
        }
        for (period, figures) in &planned.periods {
            let start = period.first_day().to_string();
            let end = period.last_day().to_string();
            self.open(inner + 1, "period", &[]);
            self.empty(inner + 2, "period-start", &[("iso-date", &start)]);
            self.empty(inner + 2, "period-end", &[("iso-date", &end)]);
            for actual in figures {
                self.figure(
                    inner + 2,
                    "actual",
                    &[("value", &actual.value)],
                    actual,
                    calendar,
                );
            }
            self.close(inner + 1, "period");
        }
        self.close(inner, "indicator");
        self.close(level, "result");
    }

    /// A `baseline` or `actual`: its location, dimensions and comment,
    /// and a warning located at the figure if its text lost characters.
    fn figure(
        &mut self,
        level: usize,
        name: &str,
        attributes: &[(&str, &str)],
        carried: &Carried,
        calendar: FiscalCalendar,
    ) {
        let figure = &carried.figure;
        self.figure_elements(level, name, attributes, figure);
        if let Some(finding) = self
            .warn_if_replaced(|| format!("the note or partner of {}", figure.describe(calendar)))
        {
            self.findings.push(
                finding
                    .with_location(carried.location.clone())
                    .with_series(figure.series(), Some(figure.period)),
            );
        }
    }

    fn figure_elements(
        &mut self,
        level: usize,
        name: &str,
        attributes: &[(&str, &str)],
        figure: &Observation,
    ) {
        let mut comment = Vec::new();
        if let Value::Ratio {
            numerator,
            denominator,
        } = figure.value
        {
            comment.push(format!("{numerator} of {denominator}"));
        }
        if let Some(note) = &figure.note {
            comment.push(note.clone());
        }
        let has_children = figure.country.is_some()
            || figure.channel.is_some()
            || figure.partner.is_some()
            || !comment.is_empty();
        if !has_children {
            self.empty(level, name, attributes);
            return;
        }
        self.open(level, name, attributes);
        if let Some(country) = figure.country {
            self.empty(level + 1, "location", &[("ref", country.alpha2())]);
        }
        if let Some(channel) = figure.channel {
            self.empty(
                level + 1,
                "dimension",
                &[("name", "channel"), ("value", channel.code())],
            );
        }
        if let Some(partner) = &figure.partner {
            self.empty(
                level + 1,
                "dimension",
                &[("name", "partner"), ("value", partner.as_str())],
            );
        }
        if !comment.is_empty() {
            self.narrated(level + 1, "comment", &comment.join("; "));
        }
        self.close(level, name);
    }

    fn finish<W: Write>(self, out: &mut W) -> Result<Findings> {
        out.write_all(self.text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| Error::io("write IATI results", e))?;
        Ok(self.findings)
    }
}
