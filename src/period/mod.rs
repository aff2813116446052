//! Reporting periods: fiscal years, halves, quarters and months, and how they
//! nest and follow one another.
//!
//! A [`FiscalCalendar`] starts its year in any month and writes its years
//! as a [`YearLabel`] says; it makes each [`Period`] (of a [`PeriodKind`]:
//! year, half, quarter or month) and reads and writes a [`PeriodLabel`] as
//! people write it ("20/21 H1").
//!
//! ```
//! use impact_metrics::period::{FiscalCalendar, PeriodKind};
//!
//! let h1 = FiscalCalendar::SEPTEMBER.parse("20/21 H1")?;
//! assert_eq!(h1.kind(), PeriodKind::Half);
//! assert_eq!(h1.months(), 6);
//! assert_eq!(h1.to_string(), "FY2020-09-H1");
//! # Ok::<(), impact_metrics::Error>(())
//! ```

pub(crate) mod calendar;
pub(crate) mod label;
pub(crate) mod months;

pub use self::calendar::{FiscalCalendar, YearLabel};
pub use self::label::PeriodLabel;

use std::cmp::Ordering;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// The first fiscal start year a [`Period`] can have.
pub(crate) const FIRST_YEAR: i32 = 1;
/// The last fiscal start year a [`Period`] can have. Its end year, 9999, is
/// the last that four digits can write.
pub(crate) const LAST_YEAR: i32 = 9998;
/// [`FIRST_YEAR`] and [`LAST_YEAR`] in words, for error messages.
pub(crate) const YEAR_RANGE: &str = "1 to 9998";

/// The length of a reporting [`Period`].
///
/// The order is from longest to shortest: `Year < Half < Quarter < Month`.
/// `Display` and `FromStr` use the lowercase names `year`, `half`,
/// `quarter` and `month` (parsing ignores case), and so does serde.
///
/// ```
/// use impact_metrics::PeriodKind;
///
/// assert_eq!(PeriodKind::Quarter.months(), 3);
/// assert_eq!("Half".parse::<PeriodKind>().unwrap(), PeriodKind::Half);
/// assert_eq!(PeriodKind::Month.to_string(), "month");
/// assert!(PeriodKind::Year < PeriodKind::Month);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodKind {
    /// A whole fiscal year: twelve months.
    Year,
    /// Half a fiscal year: six months. `H1` is the first half.
    Half,
    /// A quarter of a fiscal year: three months. `Q1` is the first quarter.
    Quarter,
    /// One calendar month. `M01` is the fiscal year's first month.
    Month,
}

impl PeriodKind {
    /// Every kind, from longest to shortest.
    ///
    /// ```
    /// use impact_metrics::PeriodKind;
    ///
    /// let months: Vec<u32> = PeriodKind::ALL.iter().map(|k| k.months()).collect();
    /// assert_eq!(months, [12, 6, 3, 1]);
    /// ```
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Year,
        PeriodKind::Half,
        PeriodKind::Quarter,
        PeriodKind::Month,
    ];

    /// The number of calendar months a period of this kind covers: 12, 6, 3
    /// or 1.
    ///
    /// ```
    /// use impact_metrics::PeriodKind;
    ///
    /// assert_eq!(PeriodKind::Half.months(), 6);
    /// ```
    #[must_use]
    pub const fn months(self) -> u32 {
        match self {
            PeriodKind::Year => 12,
            PeriodKind::Half => 6,
            PeriodKind::Quarter => 3,
            PeriodKind::Month => 1,
        }
    }

    /// How many periods of this kind make a fiscal year: 1, 2, 4 or 12.
    ///
    /// ```
    /// use impact_metrics::PeriodKind;
    ///
    /// assert_eq!(PeriodKind::Quarter.per_year(), 4);
    /// ```
    #[must_use]
    pub const fn per_year(self) -> u8 {
        match self {
            PeriodKind::Year => 1,
            PeriodKind::Half => 2,
            PeriodKind::Quarter => 4,
            PeriodKind::Month => 12,
        }
    }

    /// The next longer kind (a quarter's is the half), or `None` for a year.
    ///
    /// ```
    /// use impact_metrics::PeriodKind;
    ///
    /// assert_eq!(PeriodKind::Quarter.parent(), Some(PeriodKind::Half));
    /// assert_eq!(PeriodKind::Year.parent(), None);
    /// ```
    #[must_use]
    pub const fn parent(self) -> Option<PeriodKind> {
        match self {
            PeriodKind::Year => None,
            PeriodKind::Half => Some(PeriodKind::Year),
            PeriodKind::Quarter => Some(PeriodKind::Half),
            PeriodKind::Month => Some(PeriodKind::Quarter),
        }
    }

    /// The next shorter kind (a half's is the quarter), or `None` for a
    /// month.
    ///
    /// ```
    /// use impact_metrics::PeriodKind;
    ///
    /// assert_eq!(PeriodKind::Half.child(), Some(PeriodKind::Quarter));
    /// assert_eq!(PeriodKind::Month.child(), None);
    /// ```
    #[must_use]
    pub const fn child(self) -> Option<PeriodKind> {
        match self {
            PeriodKind::Year => Some(PeriodKind::Half),
            PeriodKind::Half => Some(PeriodKind::Quarter),
            PeriodKind::Quarter => Some(PeriodKind::Month),
            PeriodKind::Month => None,
        }
    }

    /// The lowercase name: `"year"`, `"half"`, `"quarter"` or `"month"`.
    ///
    /// ```
    /// use impact_metrics::PeriodKind;
    ///
    /// assert_eq!(PeriodKind::Quarter.name(), "quarter");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            PeriodKind::Year => "year",
            PeriodKind::Half => "half",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Month => "month",
        }
    }

    /// What an index of this kind is called in error messages.
    pub(crate) const fn index_name(self) -> &'static str {
        match self {
            PeriodKind::Year => "year index",
            PeriodKind::Half => "half",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Month => "fiscal month",
        }
    }

    /// The allowed indexes of this kind, in words.
    pub(crate) const fn index_range(self) -> &'static str {
        match self {
            PeriodKind::Year => "1",
            PeriodKind::Half => "1 to 2",
            PeriodKind::Quarter => "1 to 4",
            PeriodKind::Month => "1 to 12",
        }
    }
}

impl fmt::Display for PeriodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for PeriodKind {
    type Err = Error;

    /// Reads `year`, `half`, `quarter` or `month`, in any case.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPeriod`] for any other text.
    fn from_str(s: &str) -> Result<PeriodKind> {
        PeriodKind::ALL
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::InvalidPeriod {
                input: s.to_string(),
                reason: "expected a period kind: year, half, quarter or month".to_string(),
            })
    }
}

impl serde::Serialize for PeriodKind {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for PeriodKind {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<PeriodKind, D::Error> {
        deserializer.deserialize_str(FromStrVisitor::new("a period kind"))
    }
}

/// One reporting period of a fiscal calendar: a fiscal year, a half, a
/// quarter or a month.
///
/// A period knows the month its calendar starts the year in, the calendar
/// year its fiscal year starts in (1..=9998), its [`PeriodKind`] and its
/// 1-based index within the fiscal year. It does not know how its calendar
/// names years; [`FiscalCalendar::label`](crate::FiscalCalendar::label)
/// writes the human label.
///
/// Periods are made by a [`FiscalCalendar`] or read
/// from their machine form with [`FromStr`]. The machine form carries the
/// calendar's start month, so it means the same dates on every calendar:
/// `FY2020-09` (the fiscal year that starts in September 2020),
/// `FY2020-09-H1`, `FY2020-09-Q3` and `FY2020-09-M07` (the seventh fiscal
/// month, March 2021). `Display` writes it, and serde goes through it too.
///
/// # Order
///
/// Periods are ordered chronologically by their first day; of two periods
/// that start on the same day the longer comes first (a year before its
/// first half, the half before its first quarter). Periods of calendars with
/// different start months that start on the same day and have the same
/// length are ordered by start month, so that the order agrees with `==`.
///
/// ```
/// use chrono::NaiveDate;
/// use impact_metrics::{FiscalCalendar, Period, PeriodKind};
///
/// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
/// assert_eq!(h1.first_day(), NaiveDate::from_ymd_opt(2020, 9, 1).unwrap());
/// assert_eq!(h1.last_day(), NaiveDate::from_ymd_opt(2021, 2, 28).unwrap());
/// assert_eq!(h1.to_string(), "FY2020-09-H1");
/// assert_eq!("FY2020-09-H1".parse::<Period>()?, h1);
/// assert_eq!(h1.children().len(), 2);
/// assert!(h1.fiscal_year_period() < h1);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    start_month: u8,
    year: i32,
    kind: PeriodKind,
    index: u8,
}

/// The error for a fiscal start year outside 1..=9998.
pub(crate) fn year_out_of_range(year: i64) -> Error {
    Error::OutOfRange {
        what: "fiscal year",
        value: year,
        expected: YEAR_RANGE,
    }
}

/// Checks a fiscal start year against 1..=9998.
pub(crate) fn check_year(year: i64) -> Result<i32> {
    match i32::try_from(year) {
        Ok(y) if (FIRST_YEAR..=LAST_YEAR).contains(&y) => Ok(y),
        _ => Err(year_out_of_range(year)),
    }
}

/// Checks a calendar start month against 1..=12.
pub(crate) fn check_start_month(month: u32) -> Result<u8> {
    match u8::try_from(month) {
        Ok(m) if (1..=12).contains(&m) => Ok(m),
        _ => Err(Error::OutOfRange {
            what: "fiscal year start month",
            value: i64::from(month),
            expected: "1 to 12",
        }),
    }
}

/// Every month a [`Period`] can reach, from January of [`FIRST_YEAR`] to the
/// month after the last of fiscal year [`LAST_YEAR`] (January of
/// `LAST_YEAR + 2` at the latest), has a first day in chrono's range.
/// Checked when the crate is compiled: raising [`LAST_YEAR`] past chrono's
/// range stops the build instead of giving made-up dates.
const _: () = assert!(
    NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).is_some()
        && NaiveDate::from_ymd_opt(LAST_YEAR + 2, 1, 1).is_some()
);

/// The first day of a calendar month given as a month number
/// ([`months`]).
///
/// Every month a [`Period`] can reach has one (see the compile-time check
/// above), so the `None` arm is unreachable: it gives chrono's own first
/// date rather than panicking.
fn first_of_month(month: i32) -> NaiveDate {
    let (year, month) = months::year_month(month);
    match NaiveDate::from_ymd_opt(year, month, 1) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

impl Period {
    /// Builds a period after checking every part.
    pub(crate) fn new(start_month: u32, year: i32, kind: PeriodKind, index: u8) -> Result<Period> {
        let start_month = check_start_month(start_month)?;
        let year = check_year(i64::from(year))?;
        if index == 0 || index > kind.per_year() {
            return Err(Error::OutOfRange {
                what: kind.index_name(),
                value: i64::from(index),
                expected: kind.index_range(),
            });
        }
        Ok(Period {
            start_month,
            year,
            kind,
            index,
        })
    }

    /// The period of `kind` that contains the given calendar month
    /// (`month` 1..=12) on a calendar that starts in `start_month`.
    pub(crate) fn containing_month(
        start_month: u32,
        year: i32,
        month: u32,
        kind: PeriodKind,
    ) -> Result<Period> {
        let start = check_start_month(start_month)?;
        if !(1..=12).contains(&month) {
            return Err(Error::OutOfRange {
                what: "month",
                value: i64::from(month),
                expected: "1 to 12",
            });
        }
        let start = u32::from(start);
        let fiscal_year = if month >= start {
            i64::from(year)
        } else {
            i64::from(year) - 1
        };
        let fiscal_year = check_year(fiscal_year)?;
        // 0..=11 months into the fiscal year.
        let offset = (month + 12 - start) % 12;
        let index = offset / kind.months() + 1;
        let index = u8::try_from(index).unwrap_or(u8::MAX);
        Period::new(start_month, fiscal_year, kind, index)
    }

    /// The kind of period: year, half, quarter or month.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, PeriodKind};
    ///
    /// let q3 = FiscalCalendar::SEPTEMBER.quarter(2020, 3)?;
    /// assert_eq!(q3.kind(), PeriodKind::Quarter);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn kind(self) -> PeriodKind {
        self.kind
    }

    /// The calendar year in which the period's fiscal year starts.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// // March 2021 is the seventh month of the year that starts in September 2020.
    /// let march = FiscalCalendar::SEPTEMBER.month(2020, 7)?;
    /// assert_eq!(march.fiscal_year(), 2020);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn fiscal_year(self) -> i32 {
        self.year
    }

    /// The 1-based position of the period within its fiscal year: 1 for a
    /// year, 1..=2 for a half, 1..=4 for a quarter, 1..=12 for a month.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// assert_eq!(FiscalCalendar::SEPTEMBER.quarter(2020, 3)?.index(), 3);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn index(self) -> u8 {
        self.index
    }

    /// The month (1..=12) in which the period's calendar starts its fiscal
    /// years.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// assert_eq!(FiscalCalendar::SEPTEMBER.year(2020)?.start_month(), 9);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn start_month(self) -> u32 {
        u32::from(self.start_month)
    }

    /// The number of calendar months the period covers: 12, 6, 3 or 1.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// assert_eq!(FiscalCalendar::SEPTEMBER.half(2020, 1)?.months(), 6);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn months(self) -> u32 {
        self.kind.months()
    }

    /// The first day of the period.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let q3 = FiscalCalendar::SEPTEMBER.quarter(2020, 3)?;
    /// assert_eq!(q3.first_day(), NaiveDate::from_ymd_opt(2021, 3, 1).unwrap());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        first_of_month(months::span(self).start)
    }

    /// The last day of the period (inclusive), leap days included.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::FiscalCalendar;
    ///
    /// // 2024 is a leap year.
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2023, 1)?;
    /// assert_eq!(h1.last_day(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn last_day(self) -> NaiveDate {
        // The first day of the next month is never chrono's first date, so
        // it has a day before it.
        let next = first_of_month(months::span(self).end);
        next.pred_opt().unwrap_or(next)
    }

    /// Whether `date` lies in the period (first and last day included).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// assert!(h1.contains_date(NaiveDate::from_ymd_opt(2021, 2, 28).unwrap()));
    /// assert!(!h1.contains_date(NaiveDate::from_ymd_opt(2021, 3, 1).unwrap()));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn contains_date(self, date: NaiveDate) -> bool {
        let month = months::of_date(date);
        let span = months::span(self);
        (span.start..span.end).contains(&month)
    }

    /// Whether `other` belongs to the same calendar (the same start month)
    /// and lies inside this period. A period contains itself.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// let h1 = cal.half(2020, 1)?;
    /// assert!(h1.contains(cal.quarter(2020, 2)?));
    /// assert!(!h1.contains(cal.quarter(2020, 3)?));
    /// assert!(!h1.contains(cal.year(2020)?));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn contains(self, other: Period) -> bool {
        self.start_month == other.start_month && months::span(self).holds(months::span(other))
    }

    /// The period of the next longer kind that contains this one: a
    /// month's quarter, a quarter's half, a half's year; `None` for a year.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// assert_eq!(cal.quarter(2020, 3)?.parent(), Some(cal.half(2020, 2)?));
    /// assert_eq!(cal.year(2020)?.parent(), None);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn parent(self) -> Option<Period> {
        self.kind.parent().and_then(|kind| self.ancestor(kind))
    }

    /// The periods of the next shorter kind that make up this one, in
    /// order: a year's two halves, a half's two quarters, a quarter's three
    /// months. A month has none.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// let q1 = cal.quarter(2020, 1)?;
    /// let months: Vec<String> = q1.children().iter().map(|m| cal.label(*m).to_string()).collect();
    /// assert_eq!(months, ["Sep 2020", "Oct 2020", "Nov 2020"]);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn children(self) -> Vec<Period> {
        match self.kind.child() {
            Some(kind) => self.subdivide(kind),
            None => Vec::new(),
        }
    }

    /// Every period of `kind` inside this one, in order: `[self]` if `kind`
    /// is this period's kind, nothing if `kind` is longer.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, PeriodKind};
    ///
    /// let year = FiscalCalendar::SEPTEMBER.year(2020)?;
    /// assert_eq!(year.subdivide(PeriodKind::Month).len(), 12);
    /// assert_eq!(year.subdivide(PeriodKind::Year), vec![year]);
    /// assert!(year.children()[0].subdivide(PeriodKind::Year).is_empty());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn subdivide(self, kind: PeriodKind) -> Vec<Period> {
        if kind < self.kind {
            return Vec::new();
        }
        let ratio = self.kind.months() / kind.months();
        let first = (u32::from(self.index) - 1) * ratio + 1;
        (first..first + ratio)
            .filter_map(|index| u8::try_from(index).ok())
            .map(|index| Period {
                kind,
                index,
                ..self
            })
            .collect()
    }

    /// The period of `kind` that contains this one: the period itself if
    /// `kind` is its own kind, `None` if `kind` is shorter.
    ///
    /// ```
    /// use impact_metrics::{FiscalCalendar, PeriodKind};
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// let march = cal.month(2020, 7)?;
    /// assert_eq!(march.ancestor(PeriodKind::Half), Some(cal.half(2020, 2)?));
    /// assert_eq!(march.ancestor(PeriodKind::Month), Some(march));
    /// assert_eq!(cal.year(2020)?.ancestor(PeriodKind::Quarter), None);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn ancestor(self, kind: PeriodKind) -> Option<Period> {
        if kind > self.kind {
            return None;
        }
        let offset = (u32::from(self.index) - 1) * self.kind.months();
        let index = u8::try_from(offset / kind.months() + 1).ok()?;
        Some(Period {
            kind,
            index,
            ..self
        })
    }

    /// The period of the same kind `n` periods later (earlier if `n` is
    /// negative), crossing fiscal years as needed.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] if the result would start its fiscal year
    /// outside 1..=9998; [`Error::Overflow`] if `n` is so near `i64::MIN`
    /// or `i64::MAX` that the position cannot even be computed.
    ///
    /// ```
    /// use impact_metrics::{Error, FiscalCalendar};
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// assert_eq!(cal.quarter(2020, 3)?.offset(3)?, cal.quarter(2021, 2)?);
    /// assert_eq!(cal.quarter(2020, 3)?.offset(-3)?, cal.quarter(2019, 4)?);
    /// assert!(matches!(cal.year(9998)?.offset(1), Err(Error::OutOfRange { .. })));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn offset(self, n: i64) -> Result<Period> {
        let per_year = i64::from(self.kind.per_year());
        let position = (i64::from(self.year) * per_year + i64::from(self.index) - 1)
            .checked_add(n)
            .ok_or_else(|| Error::overflow(format!("moving {self} by {n} periods")))?;
        let year = check_year(position.div_euclid(per_year))?;
        let index = u8::try_from(position.rem_euclid(per_year) + 1).unwrap_or(u8::MAX);
        Period::new(u32::from(self.start_month), year, self.kind, index)
    }

    /// The period of the same kind just before this one.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for a period of fiscal year 1 that has no
    /// predecessor.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// assert_eq!(cal.half(2020, 1)?.previous()?, cal.half(2019, 2)?);
    /// assert!(cal.year(1)?.previous().is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn previous(self) -> Result<Period> {
        self.offset(-1)
    }

    /// The period of the same kind just after this one.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for a period of fiscal year 9998 that has no
    /// successor.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// assert_eq!(cal.month(2020, 12)?.next()?, cal.month(2021, 1)?);
    /// assert!(cal.year(9998)?.next().is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn next(self) -> Result<Period> {
        self.offset(1)
    }

    /// The same period (same kind and index) one fiscal year earlier: what
    /// a year-on-year comparison compares with.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for a period of fiscal year 1.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// assert_eq!(cal.half(2020, 1)?.year_earlier()?, cal.half(2019, 1)?);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn year_earlier(self) -> Result<Period> {
        self.offset(-i64::from(self.kind.per_year()))
    }

    /// The same period (same kind and index) one fiscal year later.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for a period of fiscal year 9998.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// assert_eq!(cal.quarter(2020, 1)?.year_later()?, cal.quarter(2021, 1)?);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn year_later(self) -> Result<Period> {
        self.offset(i64::from(self.kind.per_year()))
    }

    /// The fiscal year the period belongs to (the period itself for a year).
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// assert_eq!(cal.month(2020, 7)?.fiscal_year_period(), cal.year(2020)?);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn fiscal_year_period(self) -> Period {
        Period {
            kind: PeriodKind::Year,
            index: 1,
            ..self
        }
    }

    /// The key that orders periods: first month, then longest first, then
    /// calendar start month.
    fn order_key(self) -> (i32, PeriodKind, u8) {
        (months::span(self).start, self.kind, self.start_month)
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Period) -> Ordering {
        self.order_key().cmp(&other.order_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    /// Writes the machine form: `FY2020-09`, `FY2020-09-H1`,
    /// `FY2020-09-Q3` or `FY2020-09-M07`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FY{:04}-{:02}", self.fiscal_year(), self.start_month())?;
        match self.kind() {
            PeriodKind::Year => Ok(()),
            PeriodKind::Half => write!(f, "-H{}", self.index()),
            PeriodKind::Quarter => write!(f, "-Q{}", self.index()),
            PeriodKind::Month => write!(f, "-M{:02}", self.index()),
        }
    }
}

/// Why a machine form was refused, in general terms.
pub(crate) const MACHINE_FORM: &str = "expected the form FY<start year>-<start month>, optionally followed by -H<half>, -Q<quarter> or -M<fiscal month>, as in FY2020-09-H1";

/// Splits `n` leading ASCII digits off `s` and returns their value and the
/// rest; `None` if `s` does not start with exactly that many digits.
pub(crate) fn take_digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let digits = s.get(..n)?;
    let rest = s.get(n..)?;
    if digits.bytes().all(|b| b.is_ascii_digit()) && !rest.starts_with(|c: char| c.is_ascii_digit())
    {
        Some((digits.parse().ok()?, rest))
    } else {
        None
    }
}

/// Reads the machine form, ignoring ASCII case; the error is the reason.
pub(crate) fn parse_machine(s: &str) -> std::result::Result<Period, String> {
    let upper = s.to_ascii_uppercase();
    let syntax = || MACHINE_FORM.to_string();
    let rest = upper.strip_prefix("FY").ok_or_else(syntax)?;
    let (year, rest) = take_digits(rest, 4).ok_or_else(syntax)?;
    let rest = rest.strip_prefix('-').ok_or_else(syntax)?;
    let (start_month, rest) = take_digits(rest, 2).ok_or_else(syntax)?;
    let year = i32::try_from(year).map_err(|_| syntax())?;
    let (kind, index) = if rest.is_empty() {
        (PeriodKind::Year, 1)
    } else {
        let rest = rest.strip_prefix('-').ok_or_else(syntax)?;
        let (kind, width) = match rest.get(..1) {
            Some("H") => (PeriodKind::Half, 1),
            Some("Q") => (PeriodKind::Quarter, 1),
            Some("M") => (PeriodKind::Month, 2),
            _ => return Err(syntax()),
        };
        let (index, rest) = rest
            .get(1..)
            .and_then(|digits| take_digits(digits, width))
            .ok_or_else(syntax)?;
        if !rest.is_empty() {
            return Err(syntax());
        }
        (kind, index)
    };
    let index = u8::try_from(index).map_err(|_| syntax())?;
    Period::new(start_month, year, kind, index).map_err(|e| e.to_string())
}

impl FromStr for Period {
    type Err = Error;

    /// Reads the machine form that `Display` writes: `FY2020-09`,
    /// `FY2020-09-H1`, `FY2020-09-Q3`, `FY2020-09-M07` (ASCII case is
    /// ignored; nothing else is accepted). For human labels use
    /// [`FiscalCalendar::parse`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPeriod`] if the text has another form, or its start
    /// year is outside 1..=9998, its start month outside 1..=12, or its
    /// index outside the kind's range.
    fn from_str(s: &str) -> Result<Period> {
        parse_machine(s).map_err(|reason| Error::InvalidPeriod {
            input: s.to_string(),
            reason,
        })
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Period, D::Error> {
        deserializer.deserialize_str(FromStrVisitor::new("a period in the form FY2020-09-H1"))
    }
}

/// A serde visitor that reads a string through a type's `FromStr`.
#[derive(Debug)]
pub(crate) struct FromStrVisitor<T> {
    expecting: &'static str,
    target: PhantomData<T>,
}

impl<T> FromStrVisitor<T> {
    pub(crate) fn new(expecting: &'static str) -> FromStrVisitor<T> {
        FromStrVisitor {
            expecting,
            target: PhantomData,
        }
    }
}

impl<T: FromStr<Err = Error>> serde::de::Visitor<'_> for FromStrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::period::calendar::FiscalCalendar;
    use chrono::Datelike;
    use proptest::prelude::*;

    /// Fiscal start years: anywhere in range, or near the turn of 1900 and
    /// 2100 (not leap years) and 2000 (a leap year).
    pub(crate) fn arb_year() -> impl Strategy<Value = i32> {
        prop_oneof![1i32..=9998, 1890i32..=2110, Just(1), Just(9998)]
    }

    pub(crate) fn arb_kind() -> impl Strategy<Value = PeriodKind> {
        prop::sample::select(PeriodKind::ALL.to_vec())
    }

    /// Any period of any calendar.
    pub(crate) fn arb_period() -> impl Strategy<Value = Period> {
        (1u32..=12, arb_year(), arb_kind(), 0u8..12).prop_map(|(start, year, kind, i)| {
            Period::new(start, year, kind, i % kind.per_year() + 1).unwrap()
        })
    }

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    /// Calendar months from the first day's month to the last day's, both
    /// counted.
    fn months_spanned(first: NaiveDate, last: NaiveDate) -> i32 {
        (last.year() - first.year()) * 12 + last.month() as i32 - first.month() as i32 + 1
    }

    /// Checks that `parts` follow one another without gap or overlap and
    /// exactly cover `whole`.
    fn assert_partition(whole: Period, parts: &[Period]) {
        assert_eq!(
            parts.first().unwrap().first_day(),
            whole.first_day(),
            "{whole}"
        );
        assert_eq!(
            parts.last().unwrap().last_day(),
            whole.last_day(),
            "{whole}"
        );
        for pair in parts.windows(2) {
            assert_eq!(
                pair[0].last_day().succ_opt().unwrap(),
                pair[1].first_day(),
                "{whole}"
            );
        }
    }

    #[test]
    fn public_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Period>();
        assert_send_sync::<PeriodKind>();
        assert_send_sync::<crate::FiscalCalendar>();
        assert_send_sync::<crate::YearLabel>();
        assert_send_sync::<crate::PeriodLabel>();
    }

    #[test]
    fn order_is_by_first_day_then_longest_first() {
        let cal = FiscalCalendar::SEPTEMBER;
        let mut periods = [
            cal.month(2020, 7).unwrap(),
            cal.quarter(2020, 3).unwrap(),
            cal.half(2020, 2).unwrap(),
            cal.month(2020, 1).unwrap(),
            cal.quarter(2020, 1).unwrap(),
            cal.half(2020, 1).unwrap(),
            cal.year(2020).unwrap(),
            cal.year(2019).unwrap(),
        ];
        periods.sort();
        let sorted: Vec<String> = periods.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            sorted,
            [
                "FY2019-09",
                "FY2020-09",
                "FY2020-09-H1",
                "FY2020-09-Q1",
                "FY2020-09-M01",
                "FY2020-09-H2",
                "FY2020-09-Q3",
                "FY2020-09-M07",
            ]
        );
        // Same first day and length, other calendars: by start month.
        let october = FiscalCalendar::OCTOBER.month(2020, 1).unwrap();
        let september = cal.month(2020, 2).unwrap();
        assert_eq!(october.first_day(), september.first_day());
        assert!(september < october);
    }

    #[test]
    fn nesting_of_the_report_year() {
        let cal = FiscalCalendar::SEPTEMBER;
        let year = cal.year(2020).unwrap();
        assert_eq!(
            year.children(),
            vec![cal.half(2020, 1).unwrap(), cal.half(2020, 2).unwrap()]
        );
        assert_eq!(
            cal.half(2020, 2).unwrap().children(),
            vec![cal.quarter(2020, 3).unwrap(), cal.quarter(2020, 4).unwrap()]
        );
        let q4: Vec<u8> = cal
            .quarter(2020, 4)
            .unwrap()
            .children()
            .iter()
            .map(|m| m.index())
            .collect();
        assert_eq!(q4, [10, 11, 12]);
        assert!(cal.month(2020, 12).unwrap().children().is_empty());
        assert_eq!(
            cal.month(2020, 12).unwrap().parent(),
            cal.quarter(2020, 4).ok()
        );
        assert_eq!(
            cal.quarter(2020, 2).unwrap().parent(),
            cal.half(2020, 1).ok()
        );
        assert_eq!(cal.half(2020, 2).unwrap().parent(), cal.year(2020).ok());
        let h2 = cal.half(2020, 2).unwrap();
        let months: Vec<u8> = h2
            .subdivide(PeriodKind::Month)
            .iter()
            .map(|m| m.index())
            .collect();
        assert_eq!(months, [7, 8, 9, 10, 11, 12]);
        assert!(h2.contains(cal.month(2020, 7).unwrap()));
        assert!(!h2.contains(cal.month(2020, 6).unwrap()));
        // March 2021 on an October calendar lies inside the dates, but on another calendar.
        let other = FiscalCalendar::OCTOBER.month(2020, 6).unwrap();
        assert!(!h2.contains(other));
    }

    #[test]
    fn stepping_crosses_fiscal_years() {
        let cal = FiscalCalendar::SEPTEMBER;
        assert_eq!(cal.month(2020, 12).unwrap().next(), cal.month(2021, 1));
        assert_eq!(
            cal.quarter(2020, 1).unwrap().previous(),
            cal.quarter(2019, 4)
        );
        assert_eq!(cal.half(2020, 1).unwrap().offset(-5), cal.half(2017, 2));
        assert_eq!(cal.month(2020, 7).unwrap().offset(30), cal.month(2023, 1));
        assert_eq!(
            cal.month(2020, 7).unwrap().year_earlier(),
            cal.month(2019, 7)
        );
        let first = cal.year(1).unwrap();
        assert!(matches!(
            first.previous(),
            Err(Error::OutOfRange { value: 0, .. })
        ));
        assert!(matches!(
            cal.month(9998, 12).unwrap().next(),
            Err(Error::OutOfRange { value: 9999, .. })
        ));
        assert!(matches!(
            first.offset(i64::MAX),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            first.offset(i64::MIN),
            Err(Error::OutOfRange { .. })
        ));
    }

    #[test]
    fn kinds_read_and_write_their_names() {
        for (kind, name) in PeriodKind::ALL
            .into_iter()
            .zip(["year", "half", "quarter", "month"])
        {
            assert_eq!(kind.to_string(), name);
            assert_eq!(name.parse::<PeriodKind>(), Ok(kind));
            assert_eq!(name.to_uppercase().parse::<PeriodKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<PeriodKind>(&json).unwrap(), kind);
        }
        assert_eq!(
            "fortnight".parse::<PeriodKind>().unwrap_err().to_string(),
            "invalid period \"fortnight\": expected a period kind: year, half, quarter or month"
        );
        assert!(serde_json::from_str::<PeriodKind>("\"week\"").is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn children_partition_their_parent(p in arb_period()) {
            for kind in PeriodKind::ALL {
                let parts = p.subdivide(kind);
                if kind < p.kind() {
                    prop_assert!(parts.is_empty());
                    continue;
                }
                prop_assert_eq!(parts.len() as u32, p.months() / kind.months());
                assert_partition(p, &parts);
                for part in &parts {
                    prop_assert_eq!(part.kind(), kind);
                    prop_assert!(p.contains(*part));
                    prop_assert_eq!(part.ancestor(p.kind()), Some(p));
                }
            }
            let children = p.children();
            prop_assert_eq!(children.is_empty(), p.kind() == PeriodKind::Month);
            if !children.is_empty() {
                assert_partition(p, &children);
            }
            for child in children {
                prop_assert_eq!(child.parent(), Some(p));
            }
        }

        #[test]
        fn months_counts_the_calendar_months(p in arb_period()) {
            let (first, last) = (p.first_day(), p.last_day());
            prop_assert_eq!(months_spanned(first, last), p.months() as i32);
            prop_assert_eq!(first.day(), 1);
            prop_assert_eq!(last.succ_opt().unwrap().day(), 1);
            // The fiscal year starts in its start month and start year.
            let year = p.fiscal_year_period();
            prop_assert_eq!(year.first_day(), day(p.fiscal_year(), p.start_month(), 1));
            prop_assert!(year.contains(p));
        }

        #[test]
        fn parents_and_ancestors_agree(p in arb_period()) {
            match p.parent() {
                None => prop_assert_eq!(p.kind(), PeriodKind::Year),
                Some(parent) => {
                    prop_assert!(parent.children().contains(&p));
                    prop_assert_eq!(Some(parent.kind()), p.kind().parent());
                }
            }
            for kind in PeriodKind::ALL {
                match p.ancestor(kind) {
                    None => prop_assert!(kind > p.kind()),
                    Some(a) => {
                        prop_assert!(a.contains(p));
                        prop_assert_eq!(a.kind(), kind);
                        prop_assert!(a <= p);
                    }
                }
            }
            prop_assert_eq!(p.ancestor(PeriodKind::Year), Some(p.fiscal_year_period()));
            prop_assert_eq!(p.ancestor(p.kind()), Some(p));
        }

        #[test]
        fn neighbours_are_adjacent(p in arb_period()) {
            if let Ok(prev) = p.previous() {
                prop_assert_eq!(prev.next(), Ok(p));
                prop_assert_eq!(prev.kind(), p.kind());
                prop_assert_eq!(prev.last_day().succ_opt().unwrap(), p.first_day());
                prop_assert!(prev < p);
            } else {
                prop_assert_eq!(p.fiscal_year(), 1);
                prop_assert_eq!(p.index(), 1);
            }
            if let Ok(next) = p.next() {
                prop_assert_eq!(next.previous(), Ok(p));
                prop_assert_eq!(p.last_day().succ_opt().unwrap(), next.first_day());
                prop_assert!(p < next);
            } else {
                prop_assert_eq!(p.fiscal_year(), 9998);
                prop_assert_eq!(p.index(), p.kind().per_year());
            }
        }

        #[test]
        fn a_year_earlier_is_the_same_period(p in arb_period()) {
            match p.year_earlier() {
                Ok(earlier) => {
                    prop_assert_eq!(earlier.kind(), p.kind());
                    prop_assert_eq!(earlier.index(), p.index());
                    prop_assert_eq!(earlier.fiscal_year(), p.fiscal_year() - 1);
                    let first = p.first_day();
                    prop_assert_eq!(earlier.first_day(), day(first.year() - 1, first.month(), 1));
                    prop_assert_eq!(earlier.year_later(), Ok(p));
                    prop_assert_eq!(p.offset(-i64::from(p.kind().per_year())), Ok(earlier));
                }
                Err(_) => prop_assert_eq!(p.fiscal_year(), 1),
            }
        }

        #[test]
        fn order_follows_first_days(p in arb_period(), q in arb_period()) {
            prop_assert_eq!(p.cmp(&q) == Ordering::Equal, p == q);
            prop_assert_eq!(p.cmp(&q), q.cmp(&p).reverse());
            if p.first_day() != q.first_day() {
                prop_assert_eq!(p.cmp(&q), p.first_day().cmp(&q.first_day()));
            } else if p.months() != q.months() {
                prop_assert_eq!(p < q, p.months() > q.months());
            }
        }
    }
}
