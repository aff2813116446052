//! Fiscal calendars: the month an organisation starts its year in, and how
//! it names its years.

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};
use crate::period::months;
use crate::period::{Period, PeriodKind, check_start_month};

/// Which calendar year a single-year label such as `FY2021` names.
///
/// A fiscal year that does not start in January spans two calendar years.
/// Organisations name it in one of three ways:
///
/// - `Span`: both years, `2020/21` (`20/21` in a half or quarter label, as
///   the seed report prints it). This is the usual choice for any start
///   month except January.
/// - `StartYear`: `FY2020` is the year that starts in 2020.
/// - `EndYear`: `FY2021` is the year that ends in 2021 (the United States
///   federal government's convention).
///
/// On a calendar that starts in January the three agree: the year is
/// written `2021`.
///
/// ```
/// use impact_metrics::{FiscalCalendar, YearLabel};
///
/// let span = FiscalCalendar::new(10, YearLabel::Span)?;
/// let start = FiscalCalendar::new(10, YearLabel::StartYear)?;
/// let end = FiscalCalendar::new(10, YearLabel::EndYear)?;
/// let year = span.year(2020)?; // 1 October 2020 to 30 September 2021
/// assert_eq!(span.label(year).to_string(), "2020/21");
/// assert_eq!(start.label(year).to_string(), "FY2020");
/// assert_eq!(end.label(year).to_string(), "FY2021");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum YearLabel {
    /// Both calendar years: `2020/21`.
    Span,
    /// The calendar year the fiscal year starts in: `FY2020`.
    StartYear,
    /// The calendar year the fiscal year ends in: `FY2021`.
    EndYear,
}

impl YearLabel {
    /// Every convention.
    ///
    /// ```
    /// use impact_metrics::YearLabel;
    /// assert_eq!(YearLabel::ALL.len(), 3);
    /// ```
    pub const ALL: [YearLabel; 3] = [YearLabel::Span, YearLabel::StartYear, YearLabel::EndYear];

    /// The stable code: `span`, `start-year` or `end-year`.
    ///
    /// ```
    /// use impact_metrics::YearLabel;
    /// assert_eq!(YearLabel::EndYear.code(), "end-year");
    /// ```
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            YearLabel::Span => "span",
            YearLabel::StartYear => "start-year",
            YearLabel::EndYear => "end-year",
        }
    }
}

impl std::fmt::Display for YearLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.code())
    }
}

impl std::str::FromStr for YearLabel {
    type Err = Error;

    /// Reads a [code](YearLabel::code): `span`, `start-year` or `end-year`,
    /// in any case, surrounding spaces ignored. It is the one spelling of
    /// the library, of serde (so of the JSON format's `calendar`) and of the
    /// command line.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownYearLabel`] for any other text, `start_year` among
    /// them.
    ///
    /// ```
    /// use impact_metrics::{Error, YearLabel};
    /// assert_eq!("Start-Year".parse::<YearLabel>()?, YearLabel::StartYear);
    /// assert_eq!(
    ///     "start_year".parse::<YearLabel>(),
    ///     Err(Error::UnknownYearLabel { input: "start_year".to_string() })
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<YearLabel> {
        let folded = s.trim().to_ascii_lowercase();
        YearLabel::ALL
            .into_iter()
            .find(|y| y.code() == folded)
            .ok_or_else(|| Error::UnknownYearLabel {
                input: s.to_string(),
            })
    }
}

impl serde::Serialize for YearLabel {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for YearLabel {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A fiscal calendar: the month its years start in and how it names them.
///
/// Every fiscal year starts on the first day of the start month and lasts
/// twelve calendar months; it is divided into two halves (`H1`, `H2`), four
/// quarters (`Q1`..`Q4`) and twelve months (`M01`..`M12`, `M01` being the
/// start month). A fiscal year is identified by the calendar year it starts
/// in, from 1 to 9998, so that every first and last day is a real date and
/// every end year has four digits.
///
/// The calendar turns numbers and dates into [`Period`]s and reads and
/// writes the human labels of its convention ([`YearLabel`]).
///
/// ```
/// use chrono::NaiveDate;
/// use impact_metrics::FiscalCalendar;
///
/// // The seed report: "1 SEP 2020 - 28 FEB 2021", the first half of 2020/21.
/// let cal = FiscalCalendar::SEPTEMBER;
/// let h1 = cal.parse("20/21 H1")?;
/// assert_eq!(h1, cal.half(2020, 1)?);
/// assert_eq!(h1.first_day(), NaiveDate::from_ymd_opt(2020, 9, 1).unwrap());
/// assert_eq!(h1.last_day(), NaiveDate::from_ymd_opt(2021, 2, 28).unwrap());
/// assert_eq!(cal.label(h1).to_string(), "20/21 H1");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
///
/// Its serde form is the one the JSON format's `calendar` uses, a start
/// month and a year label; read, it goes through [`FiscalCalendar::new`],
/// and the year label may be left out for `span`:
///
/// ```
/// use impact_metrics::{FiscalCalendar, YearLabel};
///
/// let us_federal = FiscalCalendar::OCTOBER.with_year_label(YearLabel::EndYear);
/// let json = serde_json::to_string(&us_federal)?;
/// assert_eq!(json, r#"{"start_month":10,"year_label":"end-year"}"#);
/// assert_eq!(serde_json::from_str::<FiscalCalendar>(&json)?, us_federal);
/// assert_eq!(serde_json::from_str::<FiscalCalendar>(r#"{"start_month":9}"#)?, FiscalCalendar::SEPTEMBER);
/// assert!(serde_json::from_str::<FiscalCalendar>(r#"{"start_month":13}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "CalendarFields")]
pub struct FiscalCalendar {
    start_month: u8,
    year_label: YearLabel,
}

/// A [`FiscalCalendar`] as serde reads it, before [`FiscalCalendar::new`]
/// checks it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFields {
    start_month: u32,
    #[serde(default = "span")]
    year_label: YearLabel,
}

fn span() -> YearLabel {
    YearLabel::Span
}

impl TryFrom<CalendarFields> for FiscalCalendar {
    type Error = Error;

    fn try_from(fields: CalendarFields) -> Result<FiscalCalendar> {
        FiscalCalendar::new(fields.start_month, fields.year_label)
    }
}

impl FiscalCalendar {
    /// The seed report's calendar: years start on 1 September and are
    /// written as spans, `2020/21`.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, YearLabel};
    ///
    /// assert_eq!(FiscalCalendar::SEPTEMBER.start_month(), 9);
    /// assert_eq!(FiscalCalendar::SEPTEMBER.year_label(), YearLabel::Span);
    /// ```
    pub const SEPTEMBER: FiscalCalendar = FiscalCalendar::known(9);

    /// Years that are calendar years: they start on 1 January and are
    /// written `2021`.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::JANUARY;
    /// assert_eq!(cal.label(cal.year(2021)?).to_string(), "2021");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub const JANUARY: FiscalCalendar = FiscalCalendar::known(1);

    /// Years that start on 1 April (as in the United Kingdom's and India's
    /// public sectors), written as spans, `2021/22`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let year = FiscalCalendar::APRIL.parse("2021/22")?;
    /// assert_eq!(year.first_day(), NaiveDate::from_ymd_opt(2021, 4, 1).unwrap());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub const APRIL: FiscalCalendar = FiscalCalendar::known(4);

    /// Years that start on 1 July (as in Australia), written as spans,
    /// `2020/21`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let year = FiscalCalendar::JULY.parse("2020/21")?;
    /// assert_eq!(year.last_day(), NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub const JULY: FiscalCalendar = FiscalCalendar::known(7);

    /// Years that start on 1 October, written as spans, `2020/21`. For the
    /// United States federal convention (`FY2021` for the year that ends in
    /// 2021) use `FiscalCalendar::OCTOBER.with_year_label(YearLabel::EndYear)`.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// assert_eq!(FiscalCalendar::OCTOBER.start_month(), 10);
    /// ```
    pub const OCTOBER: FiscalCalendar = FiscalCalendar::known(10);

    /// A calendar with span labels for a start month known to be valid.
    const fn known(start_month: u8) -> FiscalCalendar {
        FiscalCalendar {
            start_month,
            year_label: YearLabel::Span,
        }
    }

    /// A calendar whose years start on the first day of `start_month`
    /// (1 = January .. 12 = December) and are named by `year_label`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] if `start_month` is not in 1..=12.
    ///
    /// ```
    /// use impact_metrics::{Error, FiscalCalendar, YearLabel};
    ///
    /// let us_federal = FiscalCalendar::new(10, YearLabel::EndYear)?;
    /// assert_eq!(us_federal.start_month(), 10);
    /// assert!(matches!(FiscalCalendar::new(13, YearLabel::Span), Err(Error::OutOfRange { .. })));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn new(start_month: u32, year_label: YearLabel) -> Result<FiscalCalendar> {
        Ok(FiscalCalendar {
            start_month: check_start_month(start_month)?,
            year_label,
        })
    }

    /// The same calendar with another year-label convention.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, YearLabel};
    ///
    /// let cal = FiscalCalendar::SEPTEMBER.with_year_label(YearLabel::EndYear);
    /// assert_eq!(cal.start_month(), 9);
    /// assert_eq!(cal.year_label(), YearLabel::EndYear);
    /// ```
    #[must_use]
    pub const fn with_year_label(self, year_label: YearLabel) -> FiscalCalendar {
        FiscalCalendar { year_label, ..self }
    }

    /// The month (1..=12) fiscal years start in.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// assert_eq!(FiscalCalendar::APRIL.start_month(), 4);
    /// ```
    #[must_use]
    pub const fn start_month(self) -> u32 {
        self.start_month as u32
    }

    /// How the calendar names its years.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, YearLabel};
    ///
    /// assert_eq!(FiscalCalendar::SEPTEMBER.year_label(), YearLabel::Span);
    /// ```
    #[must_use]
    pub const fn year_label(self) -> YearLabel {
        self.year_label
    }

    /// The fiscal year that starts in `start_year`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] if `start_year` is not in 1..=9998.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let year = FiscalCalendar::SEPTEMBER.year(2020)?;
    /// assert_eq!(year.first_day(), NaiveDate::from_ymd_opt(2020, 9, 1).unwrap());
    /// assert_eq!(year.last_day(), NaiveDate::from_ymd_opt(2021, 8, 31).unwrap());
    /// assert!(FiscalCalendar::SEPTEMBER.year(0).is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn year(self, start_year: i32) -> Result<Period> {
        Period::new(self.start_month(), start_year, PeriodKind::Year, 1)
    }

    /// Half `half` (1 or 2) of the fiscal year that starts in `start_year`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] if `start_year` is not in 1..=9998 or `half`
    /// is not 1 or 2.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let h2 = FiscalCalendar::SEPTEMBER.half(2020, 2)?;
    /// assert_eq!(h2.first_day(), NaiveDate::from_ymd_opt(2021, 3, 1).unwrap());
    /// assert!(FiscalCalendar::SEPTEMBER.half(2020, 3).is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn half(self, start_year: i32, half: u8) -> Result<Period> {
        Period::new(self.start_month(), start_year, PeriodKind::Half, half)
    }

    /// Quarter `quarter` (1..=4) of the fiscal year that starts in
    /// `start_year`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] if `start_year` is not in 1..=9998 or
    /// `quarter` is not in 1..=4.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::FiscalCalendar;
    ///
    /// // India's figures in the seed report cover 20/21 Q1 only.
    /// let q1 = FiscalCalendar::SEPTEMBER.quarter(2020, 1)?;
    /// assert_eq!(q1.last_day(), NaiveDate::from_ymd_opt(2020, 11, 30).unwrap());
    /// assert!(FiscalCalendar::SEPTEMBER.quarter(2020, 0).is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn quarter(self, start_year: i32, quarter: u8) -> Result<Period> {
        Period::new(self.start_month(), start_year, PeriodKind::Quarter, quarter)
    }

    /// Fiscal month `month` (1..=12, 1 being the start month) of the fiscal
    /// year that starts in `start_year`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] if `start_year` is not in 1..=9998 or `month`
    /// is not in 1..=12.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let m07 = FiscalCalendar::SEPTEMBER.month(2020, 7)?;
    /// assert_eq!(m07.first_day(), NaiveDate::from_ymd_opt(2021, 3, 1).unwrap());
    /// assert!(FiscalCalendar::SEPTEMBER.month(2020, 13).is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn month(self, start_year: i32, month: u8) -> Result<Period> {
        Period::new(self.start_month(), start_year, PeriodKind::Month, month)
    }

    /// The period of `kind` that contains `date`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] if the date's fiscal year does not start in
    /// 1..=9998 (dates before the calendar's first fiscal year or in year
    /// 9999 and later after its last).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::{FiscalCalendar, PeriodKind};
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// let date = NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
    /// assert_eq!(cal.period_containing(date, PeriodKind::Half)?, cal.half(2020, 1)?);
    /// assert_eq!(cal.period_containing(date, PeriodKind::Quarter)?, cal.quarter(2020, 2)?);
    /// let too_early = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
    /// assert!(cal.period_containing(too_early, PeriodKind::Year).is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn period_containing(self, date: NaiveDate, kind: PeriodKind) -> Result<Period> {
        Period::containing_month(self.start_month(), date.year(), date.month(), kind)
    }

    /// The period that runs exactly from `first` to `last` (both included),
    /// as a report's cover states it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPeriod`] if no year, half, quarter or month of this
    /// calendar has exactly these first and last days; [`Error::OutOfRange`]
    /// if `first` lies outside the calendar's fiscal years 1..=9998.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// let first = NaiveDate::from_ymd_opt(2020, 9, 1).unwrap();
    /// let last = NaiveDate::from_ymd_opt(2021, 2, 28).unwrap();
    /// assert_eq!(cal.period_spanning(first, last)?, cal.half(2020, 1)?);
    /// let not_a_period = NaiveDate::from_ymd_opt(2021, 1, 31).unwrap();
    /// assert!(cal.period_spanning(first, not_a_period).is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn period_spanning(self, first: NaiveDate, last: NaiveDate) -> Result<Period> {
        for kind in PeriodKind::ALL {
            let period = self.period_containing(first, kind)?;
            if period.first_day() == first && period.last_day() == last {
                return Ok(period);
            }
        }
        Err(Error::InvalidPeriod {
            input: format!("{first} - {last}"),
            reason: format!(
                "no year, half, quarter or month of a calendar starting in {} runs exactly between these days",
                months::month_name(self.start_month()).to_ascii_lowercase()
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn assert_runs(period: Period, first: NaiveDate, last: NaiveDate) {
        assert_eq!(
            (period.first_day(), period.last_day()),
            (first, last),
            "{period}"
        );
    }

    #[test]
    fn the_report_half_runs_from_september_to_february() {
        // "1 SEP 2020 - 28 FEB 2021" on the report's cover.
        let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1).unwrap();
        assert_runs(h1, day(2020, 9, 1), day(2021, 2, 28));
        let year = FiscalCalendar::SEPTEMBER.year(2020).unwrap();
        assert_runs(year, day(2020, 9, 1), day(2021, 8, 31));
        let h2 = FiscalCalendar::SEPTEMBER.half(2020, 2).unwrap();
        assert_runs(h2, day(2021, 3, 1), day(2021, 8, 31));
    }

    #[test]
    fn india_reports_the_first_quarter_of_the_charity_year() {
        // "In 20/21 Q1 (Q2 data awaited)": September to November 2020.
        let q1 = FiscalCalendar::SEPTEMBER.quarter(2020, 1).unwrap();
        assert_runs(q1, day(2020, 9, 1), day(2020, 11, 30));
        let q2 = FiscalCalendar::SEPTEMBER.quarter(2020, 2).unwrap();
        assert_runs(q2, day(2020, 12, 1), day(2021, 2, 28));
    }

    #[test]
    fn other_start_months() {
        let q4 = FiscalCalendar::APRIL.quarter(2021, 4).unwrap();
        assert_runs(q4, day(2022, 1, 1), day(2022, 3, 31));
        let year = FiscalCalendar::APRIL.year(2021).unwrap();
        assert_runs(year, day(2021, 4, 1), day(2022, 3, 31));
        let year = FiscalCalendar::JULY.year(2020).unwrap();
        assert_runs(year, day(2020, 7, 1), day(2021, 6, 30));
        // The United States federal FY2021 began on 1 October 2020.
        let us = FiscalCalendar::new(10, YearLabel::EndYear).unwrap();
        assert_runs(
            us.parse("FY2021").unwrap(),
            day(2020, 10, 1),
            day(2021, 9, 30),
        );
        let year = FiscalCalendar::JANUARY.year(2021).unwrap();
        assert_runs(year, day(2021, 1, 1), day(2021, 12, 31));
        let q3 = FiscalCalendar::JANUARY.quarter(2021, 3).unwrap();
        assert_runs(q3, day(2021, 7, 1), day(2021, 9, 30));
        let december = FiscalCalendar::new(12, YearLabel::Span).unwrap();
        assert_runs(
            december.half(2020, 2).unwrap(),
            day(2021, 6, 1),
            day(2021, 11, 30),
        );
        assert_runs(
            december.month(2020, 2).unwrap(),
            day(2021, 1, 1),
            day(2021, 1, 31),
        );
    }

    #[test]
    fn leap_days_end_february() {
        let sep = FiscalCalendar::SEPTEMBER;
        assert_eq!(sep.half(2023, 1).unwrap().last_day(), day(2024, 2, 29));
        assert_eq!(sep.half(2022, 1).unwrap().last_day(), day(2023, 2, 28));
        assert_eq!(sep.quarter(2023, 2).unwrap().last_day(), day(2024, 2, 29));
        assert_eq!(sep.month(2023, 6).unwrap().last_day(), day(2024, 2, 29));
        let march = FiscalCalendar::new(3, YearLabel::Span).unwrap();
        assert_runs(march.year(2023).unwrap(), day(2023, 3, 1), day(2024, 2, 29));
        // 1900 is not a leap year; 2000 is.
        assert_eq!(march.year(1899).unwrap().last_day(), day(1900, 2, 28));
        assert_eq!(march.year(1999).unwrap().last_day(), day(2000, 2, 29));
        assert_eq!(march.year(2099).unwrap().last_day(), day(2100, 2, 28));
    }

    #[test]
    fn the_first_and_last_fiscal_years() {
        let january = FiscalCalendar::JANUARY;
        assert_eq!(january.year(1).unwrap().first_day(), day(1, 1, 1));
        let december = FiscalCalendar::new(12, YearLabel::Span).unwrap();
        assert_runs(
            december.year(9998).unwrap(),
            day(9998, 12, 1),
            day(9999, 11, 30),
        );
        assert_eq!(
            december.month(9998, 12).unwrap().last_day(),
            day(9999, 11, 30)
        );
        let out = |value| Error::OutOfRange {
            what: "fiscal year",
            value,
            expected: "1 to 9998",
        };
        assert_eq!(january.year(0), Err(out(0)));
        assert_eq!(january.year(9999), Err(out(9999)));
        assert_eq!(january.half(-5, 1), Err(out(-5)));
        assert_eq!(
            january.year(0).unwrap_err().to_string(),
            "fiscal year out of range: 0 (expected 1 to 9998)"
        );
    }

    #[test]
    fn numbers_out_of_range_are_refused() {
        for month in [0, 13, 100] {
            assert_eq!(
                FiscalCalendar::new(month, YearLabel::Span),
                Err(Error::OutOfRange {
                    what: "fiscal year start month",
                    value: i64::from(month),
                    expected: "1 to 12",
                })
            );
        }
        let cal = FiscalCalendar::SEPTEMBER;
        assert_eq!(
            cal.half(2020, 3).unwrap_err().to_string(),
            "half out of range: 3 (expected 1 to 2)"
        );
        assert_eq!(
            cal.quarter(2020, 0).unwrap_err().to_string(),
            "quarter out of range: 0 (expected 1 to 4)"
        );
        assert_eq!(
            cal.month(2020, 13).unwrap_err().to_string(),
            "fiscal month out of range: 13 (expected 1 to 12)"
        );
    }

    #[test]
    fn new_keeps_what_it_is_given() {
        let cal = FiscalCalendar::new(4, YearLabel::StartYear).unwrap();
        assert_eq!(
            (cal.start_month(), cal.year_label()),
            (4, YearLabel::StartYear)
        );
        assert_eq!(
            FiscalCalendar::new(9, YearLabel::Span).unwrap(),
            FiscalCalendar::SEPTEMBER
        );
        assert_eq!(
            FiscalCalendar::APRIL.with_year_label(YearLabel::EndYear),
            FiscalCalendar::new(4, YearLabel::EndYear).unwrap()
        );
    }

    #[test]
    fn period_containing_finds_the_period_around_a_date() {
        let cal = FiscalCalendar::SEPTEMBER;
        let find = |d, kind| cal.period_containing(d, kind).unwrap();
        assert_eq!(
            find(day(2020, 8, 31), PeriodKind::Year),
            cal.year(2019).unwrap()
        );
        assert_eq!(
            find(day(2020, 9, 1), PeriodKind::Year),
            cal.year(2020).unwrap()
        );
        assert_eq!(
            find(day(2021, 2, 28), PeriodKind::Half),
            cal.half(2020, 1).unwrap()
        );
        assert_eq!(
            find(day(2021, 3, 1), PeriodKind::Half),
            cal.half(2020, 2).unwrap()
        );
        assert_eq!(
            find(day(2021, 3, 1), PeriodKind::Quarter),
            cal.quarter(2020, 3).unwrap()
        );
        assert_eq!(
            find(day(2021, 3, 31), PeriodKind::Month),
            cal.month(2020, 7).unwrap()
        );
        assert_eq!(
            find(day(2020, 12, 25), PeriodKind::Quarter),
            cal.quarter(2020, 2).unwrap()
        );
        assert_eq!(
            find(day(2024, 2, 29), PeriodKind::Half),
            cal.half(2023, 1).unwrap()
        );
    }

    #[test]
    fn period_containing_refuses_dates_outside_the_years() {
        let too_early =
            FiscalCalendar::SEPTEMBER.period_containing(day(1, 8, 31), PeriodKind::Year);
        assert!(matches!(too_early, Err(Error::OutOfRange { value: 0, .. })));
        let too_late =
            FiscalCalendar::JANUARY.period_containing(day(9999, 1, 1), PeriodKind::Month);
        assert!(matches!(
            too_late,
            Err(Error::OutOfRange { value: 9999, .. })
        ));
        let december = FiscalCalendar::new(12, YearLabel::Span).unwrap();
        let last = december
            .period_containing(day(9999, 11, 30), PeriodKind::Month)
            .unwrap();
        assert_eq!(last, december.month(9998, 12).unwrap());
    }

    #[test]
    fn period_spanning_matches_exact_days_only() {
        let cal = FiscalCalendar::SEPTEMBER;
        let spanning = |a, b| cal.period_spanning(a, b);
        assert_eq!(spanning(day(2020, 9, 1), day(2021, 8, 31)), cal.year(2020));
        assert_eq!(
            spanning(day(2020, 9, 1), day(2021, 2, 28)),
            cal.half(2020, 1)
        );
        assert_eq!(
            spanning(day(2020, 9, 1), day(2020, 11, 30)),
            cal.quarter(2020, 1)
        );
        assert_eq!(
            spanning(day(2020, 9, 1), day(2020, 9, 30)),
            cal.month(2020, 1)
        );
        assert_eq!(
            spanning(day(2020, 9, 2), day(2021, 2, 28))
                .unwrap_err()
                .to_string(),
            "invalid period \"2020-09-02 - 2021-02-28\": no year, half, quarter or month of a calendar starting in september runs exactly between these days"
        );
        // Right length, wrong calendar: April to September is no half of a September year.
        assert!(spanning(day(2021, 4, 1), day(2021, 9, 30)).is_err());
    }

    /// Dates from 2 January year 2 to 31 December 9998, all of whose
    /// fiscal years lie in 1..=9998 whatever the start month, with many
    /// around the leap days of 1900 (none), 2000 and 2024.
    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        let days = |d: NaiveDate| d.num_days_from_ce();
        prop_oneof![
            days(day(2, 1, 1))..=days(day(9998, 12, 31)),
            days(day(1899, 1, 1))..=days(day(1901, 12, 31)),
            days(day(1999, 1, 1))..=days(day(2025, 12, 31)),
        ]
        .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn every_date_lies_in_exactly_one_period_of_each_kind(
            date in arb_date(),
            start in 1u32..=12,
        ) {
            let cal = FiscalCalendar::new(start, YearLabel::Span).unwrap();
            let fiscal_year = if date.month() >= start { date.year() } else { date.year() - 1 };
            let year = cal.year(fiscal_year).unwrap();
            for kind in PeriodKind::ALL {
                let found = cal.period_containing(date, kind).unwrap();
                prop_assert_eq!(found.kind(), kind);
                prop_assert!(found.first_day() <= date && date <= found.last_day());
                prop_assert!(found.contains_date(date));
                let holders: Vec<Period> = year
                    .subdivide(kind)
                    .into_iter()
                    .filter(|p| p.contains_date(date))
                    .collect();
                prop_assert_eq!(holders, vec![found]);
                for neighbour in [found.previous(), found.next()].into_iter().flatten() {
                    prop_assert!(!neighbour.contains_date(date));
                }
            }
        }

        #[test]
        fn period_spanning_inverts_first_and_last_days(p in crate::period::tests::arb_period()) {
            let cal = FiscalCalendar::new(p.start_month(), YearLabel::Span).unwrap();
            prop_assert_eq!(cal.period_spanning(p.first_day(), p.last_day()), Ok(p));
        }
    }
}

#[cfg(test)]
mod year_label_tests {
    use super::*;

    #[test]
    fn year_labels_round_trip_through_text_and_serde() {
        for label in YearLabel::ALL {
            assert_eq!(label.to_string().parse::<YearLabel>().unwrap(), label);
            let json = serde_json::to_string(&label).unwrap();
            assert_eq!(serde_json::from_str::<YearLabel>(&json).unwrap(), label);
        }
        assert_eq!(
            "fiscal".parse::<YearLabel>().unwrap_err().to_string(),
            r#"unknown year label "fiscal" (expected span, start-year or end-year)"#
        );
        assert_eq!(
            serde_json::from_str::<YearLabel>(r#""start_year""#)
                .unwrap_err()
                .to_string(),
            r#"unknown year label "start_year" (expected span, start-year or end-year)"#
        );
    }
}
