//! DHIS2's period identifiers (`202009`, `2020Q4`, `2020AprilS1`,
//! `2020Sep`, ...) and the one rule that turns a period of the crate into
//! the DHIS2 period with exactly the same months, and back.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::period::calendar::FiscalCalendar;
use crate::period::{Period, PeriodKind, months};

/// A DHIS2 period type that covers whole calendar months: what a figure of
/// the crate can be written as. (DHIS2's daily, weekly, bi-weekly and
/// bi-monthly types have no period of the crate with the same days, and
/// two-yearly periods are longer than a fiscal year, so they are not here.)
///
/// Each type tiles the calendar with periods of [`months`](Self::months)
/// months, the first of its year starting in [`first_month`](Self::first_month).
/// The year an identifier names is the calendar year in which that first
/// period starts, except for the November types (`QuarterlyNov`,
/// `SixMonthlyNov`, `FinancialNov`), whose identifiers name the year in
/// which their year *ends*: `2021Nov` is November 2020 to October 2021, and
/// `2021NovS1` is November 2020 to April 2021, as DHIS2 itself reads and
/// writes them.
///
/// | type | identifier | example | months |
/// |---|---|---|---|
/// | `Monthly` | `yyyyMM` | `202009` | September 2020 |
/// | `Quarterly` | `yyyyQn` | `2020Q4` | October to December 2020 |
/// | `QuarterlyNov` | `yyyyNovQn` | `2021NovQ1` | November 2020 to January 2021 |
/// | `SixMonthly` | `yyyySn` | `2020S1` | January to June 2020 |
/// | `SixMonthlyApril` | `yyyyAprilSn` | `2020AprilS2` | October 2020 to March 2021 |
/// | `SixMonthlyNov` | `yyyyNovSn` | `2021NovS1` | November 2020 to April 2021 |
/// | `Yearly` | `yyyy` | `2020` | January to December 2020 |
/// | `FinancialFeb` | `yyyyFeb` | `2020Feb` | February 2020 to January 2021 |
/// | `FinancialApril` | `yyyyApril` | `2020April` | April 2020 to March 2021 |
/// | `FinancialJuly` | `yyyyJuly` | `2020July` | July 2020 to June 2021 |
/// | `FinancialAug` | `yyyyAug` | `2020Aug` | August 2020 to July 2021 |
/// | `FinancialSep` | `yyyySep` | `2020Sep` | September 2020 to August 2021 |
/// | `FinancialOct` | `yyyyOct` | `2020Oct` | October 2020 to September 2021 |
/// | `FinancialNov` | `yyyyNov` | `2021Nov` | November 2020 to October 2021 |
///
/// `FinancialSep`, `FinancialFeb` and `FinancialAug` are recent additions to
/// DHIS2; an older server refuses them.
///
/// ```
/// use impact_metrics::dhis2::PeriodType;
/// assert_eq!(PeriodType::SixMonthlyApril.name(), "SixMonthlyApril");
/// assert_eq!(PeriodType::SixMonthlyApril.months(), 6);
/// assert_eq!(PeriodType::SixMonthlyApril.first_month(), 4);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PeriodType {
    /// `yyyyMM`: a calendar month.
    Monthly,
    /// `yyyyQn`: January to March, April to June, July to September,
    /// October to December.
    Quarterly,
    /// `yyyyNovQn`: November to January, February to April, May to July,
    /// August to October; the year is the one in which Q2 to Q4 fall.
    QuarterlyNov,
    /// `yyyySn`: January to June, July to December.
    SixMonthly,
    /// `yyyyAprilSn`: April to September, October to March.
    SixMonthlyApril,
    /// `yyyyNovSn`: November to April, May to October; the year is the one
    /// in which the April of S1 and all of S2 fall.
    SixMonthlyNov,
    /// `yyyy`: a calendar year.
    Yearly,
    /// `yyyyFeb`: February to January.
    FinancialFeb,
    /// `yyyyApril`: April to March.
    FinancialApril,
    /// `yyyyJuly`: July to June.
    FinancialJuly,
    /// `yyyyAug`: August to July.
    FinancialAug,
    /// `yyyySep`: September to August.
    FinancialSep,
    /// `yyyyOct`: October to September.
    FinancialOct,
    /// `yyyyNov`: November to October, named for the year it ends in.
    FinancialNov,
}

impl PeriodType {
    /// Every type, shortest first.
    ///
    /// ```
    /// use impact_metrics::dhis2::PeriodType;
    /// assert_eq!(PeriodType::ALL.len(), 14);
    /// ```
    pub const ALL: [PeriodType; 14] = [
        PeriodType::Monthly,
        PeriodType::Quarterly,
        PeriodType::QuarterlyNov,
        PeriodType::SixMonthly,
        PeriodType::SixMonthlyApril,
        PeriodType::SixMonthlyNov,
        PeriodType::Yearly,
        PeriodType::FinancialFeb,
        PeriodType::FinancialApril,
        PeriodType::FinancialJuly,
        PeriodType::FinancialAug,
        PeriodType::FinancialSep,
        PeriodType::FinancialOct,
        PeriodType::FinancialNov,
    ];

    /// The type's name in DHIS2 (a data set's `periodType`).
    ///
    /// ```
    /// use impact_metrics::dhis2::PeriodType;
    /// assert_eq!(PeriodType::FinancialSep.name(), "FinancialSep");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            PeriodType::Monthly => "Monthly",
            PeriodType::Quarterly => "Quarterly",
            PeriodType::QuarterlyNov => "QuarterlyNov",
            PeriodType::SixMonthly => "SixMonthly",
            PeriodType::SixMonthlyApril => "SixMonthlyApril",
            PeriodType::SixMonthlyNov => "SixMonthlyNov",
            PeriodType::Yearly => "Yearly",
            PeriodType::FinancialFeb => "FinancialFeb",
            PeriodType::FinancialApril => "FinancialApril",
            PeriodType::FinancialJuly => "FinancialJuly",
            PeriodType::FinancialAug => "FinancialAug",
            PeriodType::FinancialSep => "FinancialSep",
            PeriodType::FinancialOct => "FinancialOct",
            PeriodType::FinancialNov => "FinancialNov",
        }
    }

    /// How many months each period of the type covers: 1, 3, 6 or 12.
    ///
    /// ```
    /// use impact_metrics::dhis2::PeriodType;
    /// assert_eq!(PeriodType::QuarterlyNov.months(), 3);
    /// ```
    #[must_use]
    pub fn months(self) -> u32 {
        match self {
            PeriodType::Monthly => 1,
            PeriodType::Quarterly | PeriodType::QuarterlyNov => 3,
            PeriodType::SixMonthly | PeriodType::SixMonthlyApril | PeriodType::SixMonthlyNov => 6,
            _ => 12,
        }
    }

    /// The calendar month (1..=12) in which the type's first period of a
    /// year starts.
    ///
    /// ```
    /// use impact_metrics::dhis2::PeriodType;
    /// assert_eq!(PeriodType::SixMonthlyNov.first_month(), 11);
    /// assert_eq!(PeriodType::Quarterly.first_month(), 1);
    /// ```
    #[must_use]
    pub fn first_month(self) -> u32 {
        match self {
            PeriodType::Monthly
            | PeriodType::Quarterly
            | PeriodType::SixMonthly
            | PeriodType::Yearly => 1,
            PeriodType::FinancialFeb => 2,
            PeriodType::SixMonthlyApril | PeriodType::FinancialApril => 4,
            PeriodType::FinancialJuly => 7,
            PeriodType::FinancialAug => 8,
            PeriodType::FinancialSep => 9,
            PeriodType::FinancialOct => 10,
            PeriodType::QuarterlyNov | PeriodType::SixMonthlyNov | PeriodType::FinancialNov => 11,
        }
    }

    /// Whether the identifier's year is the one in which the type's year
    /// ends rather than starts (the November types).
    fn names_end_year(self) -> bool {
        matches!(
            self,
            PeriodType::QuarterlyNov | PeriodType::SixMonthlyNov | PeriodType::FinancialNov
        )
    }

    /// What the identifier has after the year and before the number, or
    /// after the year for a financial year.
    fn infix(self) -> &'static str {
        match self {
            PeriodType::Monthly | PeriodType::Yearly => "",
            PeriodType::Quarterly => "Q",
            PeriodType::QuarterlyNov => "NovQ",
            PeriodType::SixMonthly => "S",
            PeriodType::SixMonthlyApril => "AprilS",
            PeriodType::SixMonthlyNov => "NovS",
            PeriodType::FinancialFeb => "Feb",
            PeriodType::FinancialApril => "April",
            PeriodType::FinancialJuly => "July",
            PeriodType::FinancialAug => "Aug",
            PeriodType::FinancialSep => "Sep",
            PeriodType::FinancialOct => "Oct",
            PeriodType::FinancialNov => "Nov",
        }
    }

    /// The types whose periods are `months` long.
    fn of_length(months: u32) -> impl Iterator<Item = PeriodType> {
        PeriodType::ALL
            .into_iter()
            .filter(move |t| t.months() == months)
    }

    /// The start months of the type's periods, as people write them
    /// ("January and July").
    fn starts(self) -> String {
        let per_year = 12 / self.months();
        let names: Vec<&str> = (0..per_year)
            .map(|i| month_name((self.first_month() - 1 + i * self.months()) % 12 + 1))
            .collect();
        join_and(&names)
    }
}

impl fmt::Display for PeriodType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for PeriodType {
    type Err = Error;

    /// Reads a type by its DHIS2 name (`Monthly`, `FinancialSep`), in any
    /// case.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMapping`] naming the types there are.
    fn from_str(text: &str) -> Result<PeriodType> {
        PeriodType::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = PeriodType::ALL.iter().map(|t| t.name()).collect();
                Error::InvalidMapping {
                    reason: format!(
                        "unknown DHIS2 period type {text:?} (expected one of {})",
                        names.join(", ")
                    ),
                }
            })
    }
}

impl serde::Serialize for PeriodType {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for PeriodType {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A DHIS2 period: its type, the year its identifier names and its number
/// within that year (the month for `Monthly`, the quarter or half, 1 for a
/// year).
///
/// `Display` writes DHIS2's identifier and `FromStr` reads it; the two
/// round-trip. [`PeriodId::of`] finds the DHIS2 period with exactly the
/// months of a period of the crate, and [`PeriodId::to_period`] goes back,
/// on a given fiscal calendar.
///
/// ```
/// use impact_metrics::{FiscalCalendar, dhis2::PeriodId};
///
/// let april = FiscalCalendar::APRIL;
/// let h2 = april.half(2020, 2)?; // October 2020 to March 2021
/// let id = PeriodId::of(h2).unwrap();
/// assert_eq!(id.to_string(), "2020AprilS2");
/// assert_eq!("2020AprilS2".parse::<PeriodId>()?.to_period(april)?, h2);
///
/// // A September-calendar half has no DHIS2 period.
/// assert!(PeriodId::of(FiscalCalendar::SEPTEMBER.half(2020, 1)?).is_none());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PeriodId {
    kind: PeriodType,
    year: i32,
    index: u32,
}

impl PeriodId {
    /// The DHIS2 period with exactly the months of `period`, if DHIS2 has
    /// one: always for a month; for a quarter, a half or a year only when a
    /// DHIS2 type's periods start in the same month. Never a near period.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, dhis2::PeriodId};
    /// let sep = FiscalCalendar::SEPTEMBER;
    /// assert_eq!(PeriodId::of(sep.month(2020, 1)?).unwrap().to_string(), "202009");
    /// assert_eq!(PeriodId::of(sep.year(2020)?).unwrap().to_string(), "2020Sep");
    /// assert!(PeriodId::of(sep.quarter(2020, 1)?).is_none()); // September to November
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn of(period: Period) -> Option<PeriodId> {
        let start = months::span(period).start;
        PeriodType::of_length(period.months()).find_map(|kind| {
            // Months since the first period of the type's year 0.
            let offset = start - (kind.first_month() as i32 - 1);
            let length = kind.months() as i32;
            if offset.rem_euclid(length) != 0 {
                return None;
            }
            let first_year = offset.div_euclid(12);
            let index = offset.rem_euclid(12) / length + 1;
            Some(PeriodId {
                kind,
                year: first_year + i32::from(kind.names_end_year()),
                index: index.unsigned_abs(),
            })
        })
    }

    /// The DHIS2 period type.
    ///
    /// ```
    /// use impact_metrics::dhis2::{PeriodId, PeriodType};
    /// assert_eq!("2020NovS1".parse::<PeriodId>()?.kind(), PeriodType::SixMonthlyNov);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn kind(self) -> PeriodType {
        self.kind
    }

    /// The first day of the period.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::dhis2::PeriodId;
    /// // DHIS2 names a November year by the year it ends in.
    /// let id: PeriodId = "2021Nov".parse()?;
    /// assert_eq!(id.first_day(), NaiveDate::from_ymd_opt(2020, 11, 1).unwrap());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        let (year, month) = months::year_month(self.start());
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the period (inclusive).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::dhis2::PeriodId;
    /// let id: PeriodId = "2020AprilS2".parse()?;
    /// assert_eq!(id.last_day(), NaiveDate::from_ymd_opt(2021, 3, 31).unwrap());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn last_day(self) -> NaiveDate {
        let (year, month) = months::year_month(self.start() + self.kind.months() as i32);
        NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// The period's first month as a month number of [`months`].
    fn start(self) -> i32 {
        let first_year = self.year - i32::from(self.kind.names_end_year());
        first_year * 12
            + (self.kind.first_month() as i32 - 1)
            + (self.index as i32 - 1) * self.kind.months() as i32
    }

    /// The period of `calendar` with exactly these months.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPeriod`] quoting the identifier when no year, half,
    /// quarter or month of `calendar` covers exactly its months (a
    /// calendar-year quarter on a September calendar), or its year lies
    /// outside the calendar's fiscal years 1..=9998.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, dhis2::PeriodId};
    /// let sep = FiscalCalendar::SEPTEMBER;
    /// let id: PeriodId = "2020Sep".parse()?;
    /// assert_eq!(id.to_period(sep)?, sep.year(2020)?);
    /// let err = "2020Q4".parse::<PeriodId>()?.to_period(sep).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid period \"2020Q4\": October to December 2020 is not a year, half, quarter or month of a fiscal year that starts in September"
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn to_period(self, calendar: FiscalCalendar) -> Result<Period> {
        calendar
            .period_spanning(self.first_day(), self.last_day())
            .map_err(|_| Error::InvalidPeriod {
                input: self.to_string(),
                reason: format!(
                    "{} is not a year, half, quarter or month of a fiscal year that starts in {}",
                    self.months_text(),
                    month_name(calendar.start_month())
                ),
            })
    }

    /// The months the period covers, as people write them ("October to
    /// December 2020", "September 2020").
    fn months_text(self) -> String {
        months_text(self.start(), self.kind.months())
    }
}

impl fmt::Display for PeriodId {
    /// DHIS2's identifier: `202009`, `2020Q4`, `2021NovS1`, `2020Sep`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodType::Monthly => write!(f, "{:04}{:02}", self.year, self.index),
            PeriodType::Quarterly
            | PeriodType::QuarterlyNov
            | PeriodType::SixMonthly
            | PeriodType::SixMonthlyApril
            | PeriodType::SixMonthlyNov => {
                write!(f, "{:04}{}{}", self.year, self.kind.infix(), self.index)
            }
            _ => write!(f, "{:04}{}", self.year, self.kind.infix()),
        }
    }
}

impl FromStr for PeriodId {
    type Err = Error;

    /// Reads a DHIS2 period identifier of a type in [`PeriodType`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPeriod`] quoting the text when it is not one (a
    /// week, a day, a bi-month, a month 13, a third half).
    fn from_str(text: &str) -> Result<PeriodId> {
        let invalid = |reason: &str| Error::InvalidPeriod {
            input: text.to_string(),
            reason: reason.to_string(),
        };
        let (year, rest) = match (text.get(..4), text.get(4..)) {
            (Some(year), Some(rest)) if year.bytes().all(|b| b.is_ascii_digit()) => (year, rest),
            _ => {
                return Err(invalid(
                    "a DHIS2 period starts with a four-digit year (202009, 2020Q4, 2020Sep)",
                ));
            }
        };
        let year: i32 = year
            .parse()
            .map_err(|_| invalid("the year is not a number"))?;
        let numbered = |kind: PeriodType, number: &str| -> Result<PeriodId> {
            let per_year = 12 / kind.months();
            match number.parse::<u32>() {
                Ok(index)
                    if (1..=per_year).contains(&index)
                        && number.len() == if kind.months() == 1 { 2 } else { 1 }
                        && number.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    Ok(PeriodId { kind, year, index })
                }
                _ => Err(invalid(&format!(
                    "a {} period is numbered 1 to {per_year}",
                    kind.name()
                ))),
            }
        };
        if rest.is_empty() {
            return Ok(PeriodId {
                kind: PeriodType::Yearly,
                year,
                index: 1,
            });
        }
        if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
            return numbered(PeriodType::Monthly, rest);
        }
        // Longest infix first, so that `NovS` is not read as `Nov`.
        let mut kinds: Vec<PeriodType> = PeriodType::ALL
            .into_iter()
            .filter(|k| !k.infix().is_empty())
            .collect();
        kinds.sort_by_key(|k| std::cmp::Reverse(k.infix().len()));
        for kind in kinds {
            if let Some(number) = rest.strip_prefix(kind.infix()) {
                if kind.months() == 12 {
                    if number.is_empty() {
                        return Ok(PeriodId {
                            kind,
                            year,
                            index: 1,
                        });
                    }
                    continue;
                }
                if number.is_empty() {
                    continue;
                }
                return numbered(kind, number);
            }
        }
        Err(invalid(
            "not a DHIS2 period of whole months (monthly 202009, quarterly 2020Q4, six-monthly 2020S1, 2020AprilS1 or 2020NovS1, yearly 2020, financial years such as 2020April or 2020Sep)",
        ))
    }
}

/// The DHIS2 period `period` is written as, given the period types a
/// mapping allows (`None`: all of them), or why there is none and what
/// would work instead: monthly figures, the financial year, when the
/// mapping allows their types.
pub(crate) fn written_as(
    period: Period,
    calendar: FiscalCalendar,
    allowed: Option<&[PeriodType]>,
) -> std::result::Result<PeriodId, String> {
    let allows = |id: &PeriodId| allowed.is_none_or(|types| types.contains(&id.kind));
    let id = PeriodId::of(period);
    if let Some(id) = id.filter(allows) {
        return Ok(id);
    }
    let kind = period.kind();
    let label = calendar.label(period);
    let mut instead = Vec::new();
    if kind != PeriodKind::Month && allowed.is_none_or(|types| types.contains(&PeriodType::Monthly))
    {
        instead.push("by month".to_string());
    }
    let year = period.fiscal_year_period();
    if let Some(year_id) = PeriodId::of(year).filter(allows) {
        if kind != PeriodKind::Year {
            instead.push(format!(
                "for the whole financial year {} ({year_id})",
                calendar.label(year)
            ));
        }
    }
    let instead = match instead.as_slice() {
        [] => String::new(),
        ways => format!("; send the figure {}", ways.join(", or ")),
    };
    let months = months_text(months::span(period).start, period.months());
    Err(match (id, allowed) {
        (Some(id), Some(types)) => {
            let names: Vec<String> = types.iter().map(|t| t.name().to_string()).collect();
            format!(
                "its months ({months}) are DHIS2's {id} ({}), but the mapping's period_types allow only {}{instead}",
                id.kind.name(),
                join_or(&names)
            )
        }
        _ => {
            let types: Vec<String> = PeriodType::of_length(period.months())
                .map(|t| format!("{} ({})", t.starts(), t.name()))
                .collect();
            let noun = match kind {
                PeriodKind::Half => "six-monthly periods",
                PeriodKind::Quarter => "quarters",
                _ => "financial years",
            };
            format!(
                "DHIS2 has no period for {label} ({months}): its {noun} start in {}{instead}",
                join_or(&types),
            )
        }
    })
}

/// The months from month number `start`, `length` long, as people write
/// them: "September 2020", "October to December 2020", "September 2020 to
/// February 2021".
fn months_text(start: i32, length: u32) -> String {
    let (first_year, first_month) = months::year_month(start);
    let (last_year, last_month) = months::year_month(start + length as i32 - 1);
    if length == 1 {
        format!("{} {first_year}", month_name(first_month))
    } else if first_year == last_year {
        format!(
            "{} to {} {last_year}",
            month_name(first_month),
            month_name(last_month)
        )
    } else {
        format!(
            "{} {first_year} to {} {last_year}",
            month_name(first_month),
            month_name(last_month)
        )
    }
}

/// The English name of a month (1..=12).
fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    join(items, " and ")
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[String]) -> String {
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    join(&items, " or ")
}

fn join(items: &[&str], last: &str) -> String {
    match items.split_last() {
        None => String::new(),
        Some((only, [])) => (*only).to_string(),
        Some((final_item, rest)) => format!("{}{last}{final_item}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_identifier_of_the_docs_table_reads_as_its_months() {
        let table = [
            ("202009", "2020-09-01", "2020-09-30"),
            ("2020Q4", "2020-10-01", "2020-12-31"),
            ("2021NovQ1", "2020-11-01", "2021-01-31"),
            ("2021NovQ2", "2021-02-01", "2021-04-30"),
            ("2020S1", "2020-01-01", "2020-06-30"),
            ("2020AprilS2", "2020-10-01", "2021-03-31"),
            ("2021NovS1", "2020-11-01", "2021-04-30"),
            ("2021NovS2", "2021-05-01", "2021-10-31"),
            ("2020", "2020-01-01", "2020-12-31"),
            ("2020Feb", "2020-02-01", "2021-01-31"),
            ("2020April", "2020-04-01", "2021-03-31"),
            ("2020July", "2020-07-01", "2021-06-30"),
            ("2020Aug", "2020-08-01", "2021-07-31"),
            ("2020Sep", "2020-09-01", "2021-08-31"),
            ("2020Oct", "2020-10-01", "2021-09-30"),
            ("2021Nov", "2020-11-01", "2021-10-31"),
        ];
        for (text, first, last) in table {
            let id: PeriodId = text.parse().unwrap();
            assert_eq!(id.to_string(), text);
            assert_eq!(id.first_day().to_string(), first, "{text}");
            assert_eq!(id.last_day().to_string(), last, "{text}");
        }
    }

    #[test]
    fn identifiers_that_are_not_whole_months_are_refused() {
        for text in [
            "2020W10",
            "20200315",
            "202001B",
            "202013",
            "202000",
            "2020Q5",
            "2020S3",
            "2020NovS",
            "2020Dec",
            "20Q1",
            "",
            "2020Q",
            "2020Q01",
            "2020AprilS0",
        ] {
            assert!(text.parse::<PeriodId>().is_err(), "{text}");
        }
    }
}
