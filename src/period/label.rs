//! The human labels of a [`FiscalCalendar`]'s periods (`20/21 H1`,
//! `Sep 2020`): reading them ([`FiscalCalendar::parse`]) and writing them
//! ([`PeriodLabel`]). The machine form (`FY2020-09-H1`) that `Display`,
//! `FromStr` and serde use lives with [`Period`].

use std::fmt;

use chrono::Datelike;

use crate::error::{Error, Result};
use crate::period::calendar::{FiscalCalendar, YearLabel};
use crate::period::months::{month_abbreviation, month_name};
use crate::period::{Period, PeriodKind, parse_machine, take_digits};

/// The calendar month (1..=12) a lowercase English name or abbreviation
/// stands for.
fn month_from_name(name: &str) -> Option<u32> {
    if name == "sept" {
        return Some(9);
    }
    (1..=12).find(|&month| {
        let full = month_name(month);
        full.eq_ignore_ascii_case(name) || month_abbreviation(month).eq_ignore_ascii_case(name)
    })
}

/// The human label of a period in a calendar's conventions, made by
/// [`FiscalCalendar::label`]; write it with `Display` (`to_string()`,
/// `format!`).
///
/// ```
/// use impact_metrics::{FiscalCalendar, YearLabel};
///
/// let cal = FiscalCalendar::new(10, YearLabel::EndYear)?;
/// let q1 = cal.quarter(2020, 1)?;
/// let label = cal.label(q1);
/// assert_eq!(label.period(), q1);
/// assert_eq!(label.to_string(), "FY21 Q1");
/// assert_eq!(cal.parse(&label.to_string())?, q1);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PeriodLabel {
    calendar: FiscalCalendar,
    period: Period,
}

impl PeriodLabel {
    pub(crate) fn new(calendar: FiscalCalendar, period: Period) -> PeriodLabel {
        PeriodLabel { calendar, period }
    }

    /// The period labelled.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// assert_eq!(FiscalCalendar::SEPTEMBER.label(h1).period(), h1);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn period(self) -> Period {
        self.period
    }

    /// The calendar whose conventions the label follows.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let h1 = FiscalCalendar::SEPTEMBER.half(2020, 1)?;
    /// assert_eq!(FiscalCalendar::SEPTEMBER.label(h1).calendar(), FiscalCalendar::SEPTEMBER);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn calendar(self) -> FiscalCalendar {
        self.calendar
    }
}

/// Writes the name of the fiscal year that starts in `year`; `short` asks
/// for two-digit years where they read back unchanged (2000..=2099).
fn write_year(
    f: &mut fmt::Formatter<'_>,
    calendar: FiscalCalendar,
    year: i32,
    short: bool,
) -> fmt::Result {
    let short_enough = |y: i32| short && (2000..=2099).contains(&y);
    if calendar.start_month() == 1 {
        return write!(f, "{year:04}");
    }
    match calendar.year_label() {
        YearLabel::Span => {
            let end = (year + 1) % 100;
            if short_enough(year) {
                write!(f, "{:02}/{end:02}", year % 100)
            } else {
                write!(f, "{year:04}/{end:02}")
            }
        }
        YearLabel::StartYear | YearLabel::EndYear => {
            let named = match calendar.year_label() {
                YearLabel::EndYear => year + 1,
                _ => year,
            };
            if short_enough(named) {
                write!(f, "FY{:02}", named % 100)
            } else {
                write!(f, "FY{named:04}")
            }
        }
    }
}

impl fmt::Display for PeriodLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let PeriodLabel { calendar, period } = *self;
        if period.start_month() != calendar.start_month() {
            return write!(f, "{period}");
        }
        let year = period.fiscal_year();
        match period.kind() {
            PeriodKind::Year => write_year(f, calendar, year, false),
            PeriodKind::Half => {
                write_year(f, calendar, year, true)?;
                write!(f, " H{}", period.index())
            }
            PeriodKind::Quarter => {
                write_year(f, calendar, year, true)?;
                write!(f, " Q{}", period.index())
            }
            PeriodKind::Month => {
                let first = period.first_day();
                write!(
                    f,
                    "{} {:04}",
                    month_abbreviation(first.month()),
                    first.year()
                )
            }
        }
    }
}

/// Whether a lowercase token looks like the machine form: `fy`, four
/// digits, `-`, two digits, then the end or `-`. A two-digit part that is
/// no month, with nothing after it, is left to the span reading
/// (`fy2020-21`).
fn is_machine_form(token: &str) -> bool {
    let Some((_, rest)) = token.strip_prefix("fy").and_then(|r| take_digits(r, 4)) else {
        return false;
    };
    let Some((month, rest)) = rest.strip_prefix('-').and_then(|r| take_digits(r, 2)) else {
        return false;
    };
    rest.starts_with('-') || (rest.is_empty() && (1..=12).contains(&month))
}

/// Reads a year written with two digits (20xx) or four.
fn year_digits(text: &str) -> std::result::Result<i32, String> {
    let value: Option<i32> = if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    };
    match (value, text.len()) {
        (Some(y), 2) => Ok(2000 + y),
        (Some(y), 4) => Ok(y),
        _ => Err(format!("year {text:?} must have two or four digits")),
    }
}

/// The year that two digits name as the start of a span (`12` in
/// `12/13` is 2012); `None` for any other number of digits.
fn month_digits_as_year(text: &str) -> Option<i32> {
    (text.len() == 2).then(|| year_digits(text).ok()).flatten()
}

/// Reads human labels for one calendar; every error is the reason.
struct LabelParser {
    calendar: FiscalCalendar,
}

type Reason<T> = std::result::Result<T, String>;

impl LabelParser {
    /// The calendar's start month, lowercase, for messages.
    fn start_month_name(&self) -> String {
        month_name(self.calendar.start_month()).to_ascii_lowercase()
    }

    /// Labels of this calendar to show as examples.
    fn examples(&self) -> String {
        let cal = self.calendar;
        let labels: Vec<String> = [cal.year(2020), cal.half(2020, 1), cal.quarter(2020, 3)]
            .into_iter()
            .chain([cal.month(2020, 1)])
            .filter_map(|p| p.ok())
            .map(|p| format!("{:?}", cal.label(p).to_string()))
            .collect();
        format!("expected a label such as {}", labels.join(", "))
    }

    fn parse(&self, input: &str) -> Reason<Period> {
        let lower = input.to_ascii_lowercase();
        let mut tokens: Vec<String> = Vec::new();
        let mut words = lower.split_whitespace();
        while let Some(word) = words.next() {
            if word == "fy" {
                match words.next() {
                    Some(next) => tokens.push(format!("fy{next}")),
                    None => tokens.push(word.to_string()),
                }
            } else {
                tokens.push(word.to_string());
            }
        }
        match tokens.as_slice() {
            [] => Err("the label is empty".to_string()),
            [one] => self.single(one),
            [first, second] => self.pair(first, second),
            _ => Err(self.examples()),
        }
    }

    /// A label of one word: a machine form, a `2020-09` month or a year.
    fn single(&self, token: &str) -> Reason<Period> {
        if is_machine_form(token) {
            let period = parse_machine(token)?;
            if period.start_month() != self.calendar.start_month() {
                return Err(format!(
                    "the period's fiscal year starts in {}, but this calendar's starts in {}",
                    month_name(period.start_month()).to_ascii_lowercase(),
                    self.start_month_name()
                ));
            }
            return Ok(period);
        }
        let iso_month = take_digits(token, 4).and_then(|(year, rest)| {
            match rest.strip_prefix('-').and_then(|r| take_digits(r, 2)) {
                Some((month, "")) if (1..=12).contains(&month) => Some((year, month)),
                _ => None,
            }
        });
        if let Some((year, month)) = iso_month {
            let year = i32::try_from(year).map_err(|_| self.examples())?;
            let also_span = u32::try_from((year + 1) % 100) == Ok(month);
            if also_span && self.calendar.start_month() != 1 {
                return Err(format!(
                    "reads as both the fiscal year {year}/{month:02} and {} {year}; write \"{year}/{month:02}\" or \"{} {year}\"",
                    month_name(month).to_ascii_lowercase(),
                    month_abbreviation(month)
                ));
            }
            return self.calendar_month(year, month);
        }
        if let Some(read) = self.numeric_month(token) {
            return read;
        }
        if let Some((name, year)) = token.split_once(['-', '.']) {
            if month_from_name(name).is_some() {
                return self.pair(name, year);
            }
        }
        let year = self.year(token)?;
        self.calendar.year(year).map_err(|e| e.to_string())
    }

    /// A month written with digits that are not the `2020-09` form: a
    /// month and a year (`09/2020`, `9-2020`), or a date. `None` when the
    /// token is neither, for the year forms to read.
    ///
    /// A date on the first of a month (`2020-09-01`, as a spreadsheet
    /// writes a month) is that month; any other day is refused, since a
    /// figure of one day is not a figure of its month, and so is a date
    /// that ends with its year (`01/09/2020`), whose day and month are
    /// read the other way round in other countries. `12/2013` reads as
    /// both December 2013 and the fiscal year 2012/13, and is refused as
    /// `2011-12` is.
    fn numeric_month(&self, token: &str) -> Option<Reason<Period>> {
        let parts: Vec<&str> = token.split(['/', '-', '.']).collect();
        if parts.len() < 2
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let number = |text: &str| text.parse::<u32>().ok();
        match parts.as_slice() {
            [year, month, day] if year.len() == 4 && month.len() <= 2 && day.len() <= 2 => {
                let (year, month, day) = (number(year)?, number(month)?, number(day)?);
                let date = i32::try_from(year)
                    .ok()
                    .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, month, day));
                Some(match date {
                    None => Err(format!("{token:?} is not a date")),
                    Some(date) if day == 1 => self.calendar_month(date.year(), month),
                    Some(date) => Err(format!(
                        "a day, not a month; for the month it falls in, write \"{}\" or \"{} {}\"",
                        date.format("%Y-%m"),
                        month_abbreviation(month),
                        date.year()
                    )),
                })
            }
            [_, _, year] if year.len() == 4 => Some(Err(
                "a date whose day and month read the other way round in other countries \
                 (01/09/2020 is 1 September in the United Kingdom and 9 January in the United States); \
                 write the month as a name and a year, as in \"Sep 2020\", or as \"2020-09\""
                    .to_string(),
            )),
            [month, year] if month.len() <= 2 && year.len() == 4 => {
                let (month, year) = (number(month)?, i32::try_from(number(year)?).ok()?);
                if !(1..=12).contains(&month) {
                    // `19/2020`: the fiscal year 2019/20, for the span reading.
                    return None;
                }
                let also_span = month_digits_as_year(parts.first()?)
                    .is_some_and(|start| start + 1 == year)
                    && self.calendar.start_month() != 1;
                Some(if also_span {
                    Err(format!(
                        "reads as both {} {year} and the fiscal year {}/{:02}; write \"{} {year}\" or \"{}/{:02}\"",
                        month_name(month).to_ascii_lowercase(),
                        year - 1,
                        year % 100,
                        month_abbreviation(month),
                        year - 1,
                        year % 100
                    ))
                } else {
                    self.calendar_month(year, month)
                })
            }
            _ => None,
        }
    }

    /// A label of two words: a month name and a year, or a year and an
    /// `H1`, `Q3` or `M07` in either order.
    fn pair(&self, first: &str, second: &str) -> Reason<Period> {
        if let Some(month) = month_from_name(first) {
            let year = match take_digits(second, 4) {
                Some((year, "")) => i32::try_from(year).map_err(|_| self.examples())?,
                _ => {
                    return Err(format!(
                        "the year {second:?} of a month label must have four digits"
                    ));
                }
            };
            return self.calendar_month(year, month);
        }
        let (part, year) = match (Self::part(first), Self::part(second)) {
            (Some(part), None) => (part, second),
            (None, Some(part)) => (part, first),
            _ => return Err(self.examples()),
        };
        let year = self.year(year)?;
        let (kind, index) = part;
        let index = u8::try_from(index).unwrap_or(u8::MAX);
        let period = match kind {
            PeriodKind::Half => self.calendar.half(year, index),
            PeriodKind::Quarter => self.calendar.quarter(year, index),
            _ => self.calendar.month(year, index),
        };
        period.map_err(|e| e.to_string())
    }

    /// Reads `h1`, `q3`, `m07` (one or two digits).
    fn part(token: &str) -> Option<(PeriodKind, u32)> {
        let kind = match token.get(..1)? {
            "h" => PeriodKind::Half,
            "q" => PeriodKind::Quarter,
            "m" => PeriodKind::Month,
            _ => return None,
        };
        let digits = token.get(1..)?;
        if (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Some((kind, digits.parse().ok()?))
        } else {
            None
        }
    }

    /// The month period of calendar month `month` of `year`.
    fn calendar_month(&self, year: i32, month: u32) -> Reason<Period> {
        Period::containing_month(self.calendar.start_month(), year, month, PeriodKind::Month)
            .map_err(|e| e.to_string())
    }

    /// Reads a year label and returns the calendar year the fiscal year
    /// starts in.
    fn year(&self, token: &str) -> Reason<i32> {
        let (fy, body) = match token.strip_prefix("fy") {
            Some(body) => (true, body),
            None => (false, token),
        };
        if !body.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(self.examples());
        }
        if let Some((start, end)) = body.split_once(['/', '-']) {
            return self.span(start, end);
        }
        let year = year_digits(body)?;
        let calendar = self.calendar;
        if calendar.start_month() == 1 {
            return if fy || body.len() == 4 {
                Ok(year)
            } else {
                Err(format!("write the year with four digits, as in \"{year}\""))
            };
        }
        if !fy {
            return Err(format!(
                "a fiscal year starting in {} spans two calendar years; write {year}/{:02} for the one starting in {year}, or {}/{:02} for the one ending in it",
                self.start_month_name(),
                (year + 1) % 100,
                year - 1,
                year % 100
            ));
        }
        match calendar.year_label() {
            YearLabel::StartYear => Ok(year),
            YearLabel::EndYear => Ok(year - 1),
            YearLabel::Span => Err(format!(
                "a single fiscal year is ambiguous on a calendar that writes years as spans: {}/{:02} ends in {year} and {year}/{:02} starts in it; write the span, or set the year label to start-year or end-year",
                year - 1,
                year % 100,
                (year + 1) % 100
            )),
        }
    }

    /// Reads a span, `2020/21`, `2020/2021`, `2020-21` or `20/21`.
    fn span(&self, start: &str, end: &str) -> Reason<i32> {
        let start_year = year_digits(start)?;
        let end_digits = year_digits(end)?;
        if self.calendar.start_month() == 1 {
            return Err(format!(
                "a fiscal year starting in january lies within one calendar year; write it as \"{start_year}\""
            ));
        }
        let (consecutive, end_year) = if end.len() == 2 {
            let end_year = end_digits - 2000;
            (
                (start_year + 1) % 100 == end_year,
                start_year - start_year % 100 + end_year,
            )
        } else {
            (start_year + 1 == end_digits, end_digits)
        };
        if consecutive {
            Ok(start_year)
        } else {
            Err(format!(
                "years {start_year} and {end_year} are not consecutive"
            ))
        }
    }
}

/// Reads a human label (or a machine form of the calendar's start month).
pub(crate) fn parse_label(calendar: FiscalCalendar, input: &str) -> Result<Period> {
    LabelParser { calendar }
        .parse(input)
        .map_err(|reason| Error::InvalidPeriod {
            input: input.to_string(),
            reason,
        })
}

/// The human labels of a calendar: reading them and writing them.
impl FiscalCalendar {
    /// Reads a period label in this calendar's conventions.
    ///
    /// Accepted, ignoring case and extra spaces (examples for a September
    /// calendar; `20/21` is the fiscal year 1 Sep 2020 – 31 Aug 2021):
    ///
    /// | kind | forms |
    /// |---|---|
    /// | year | `2020/21`, `2020/2021`, `2020-21`, `20/21`; `FY2020`/`FY20` on a `StartYear` calendar, `FY2021`/`FY21` on an `EndYear` one; on a January calendar `2021` or `FY2021` |
    /// | half, quarter | the year then `H1`/`Q3`, or the other way round: `20/21 H1`, `H1 2020/21`, `FY21 Q3` |
    /// | month | `Sep 2020`, `September 2020`, `Sep-2020`, `2020-09`, `09/2020`, `9-2020`, the first day of the month as a date (`2020-09-01`), or the fiscal month after the year: `20/21 M01` |
    /// | any | the machine form, `FY2020-09-H1`, if its start month is this calendar's |
    ///
    /// Span forms are accepted whatever the calendar's [`YearLabel`] (they
    /// cannot be misread), except on a January calendar whose years lie in
    /// one calendar year. Two-digit years mean 2000..=2099: `20/21` is
    /// 2020/21, `FY21` is 2021. `FY` may also prefix a span: `FY2020/21`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPeriod`], saying why, if the label has none of these
    /// forms or does not fit the calendar:
    /// - a span whose years are not consecutive (`2020/22`);
    /// - a span on a January calendar, or a bare year (`2020`) on any other;
    /// - `FY2021` on a `Span` calendar, where it could mean 2020/21 or
    ///   2021/22 (choose [`YearLabel::StartYear`] or [`YearLabel::EndYear`]);
    /// - `2011-12`, which reads as both the year 2011/12 and December 2011,
    ///   and `12/2013`, which reads as both December 2013 and 2012/13;
    /// - a date on another day than the first (`2020-09-15`: a day's
    ///   figure is not its month's), or one written with its year last
    ///   (`01/09/2020`), whose day and month are read either way round;
    /// - a machine form with another start month;
    /// - an index out of range (`H3`) or a fiscal year outside 1..=9998.
    ///
    /// ```
    /// use impact_metrics::{Error, FiscalCalendar, YearLabel};
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// assert_eq!(cal.parse("20/21 Q1")?, cal.quarter(2020, 1)?);
    /// assert_eq!(cal.parse("h1 2020/21")?, cal.half(2020, 1)?);
    /// assert_eq!(cal.parse("March 2021")?, cal.month(2020, 7)?);
    /// assert_eq!(cal.parse("FY2020-09-M07")?, cal.month(2020, 7)?);
    ///
    /// let err = cal.parse("2020/22").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     r#"invalid period "2020/22": years 2020 and 2022 are not consecutive"#
    /// );
    /// assert!(matches!(cal.parse("FY2021"), Err(Error::InvalidPeriod { .. })));
    ///
    /// let us_federal = FiscalCalendar::new(10, YearLabel::EndYear)?;
    /// assert_eq!(us_federal.parse("FY2021")?, us_federal.year(2020)?);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn parse(self, label: &str) -> Result<Period> {
        parse_label(self, label)
    }

    /// The human label of `period` in this calendar's conventions:
    ///
    /// | kind | `Span` | `StartYear` | `EndYear` | January calendar |
    /// |---|---|---|---|---|
    /// | year | `2020/21` | `FY2020` | `FY2021` | `2021` |
    /// | half, quarter | `20/21 H1` | `FY20 H1` | `FY21 Q3` | `2021 Q3` |
    /// | month | `Sep 2020` | `Sep 2020` | `Sep 2020` | `Jan 2021` |
    ///
    /// Halves and quarters use two-digit years, as the seed report prints
    /// them, when the years written are in 2000..=2099, and four digits
    /// otherwise, so that [`parse`](FiscalCalendar::parse) always reads the
    /// label back to the same period. A period of a calendar with another
    /// start month is written in its machine form (`FY2020-04-Q1`), since
    /// this calendar's labels would name other dates.
    ///
    /// ```
    /// use impact_metrics::FiscalCalendar;
    ///
    /// let cal = FiscalCalendar::SEPTEMBER;
    /// assert_eq!(cal.label(cal.year(2020)?).to_string(), "2020/21");
    /// assert_eq!(cal.label(cal.half(2020, 1)?).to_string(), "20/21 H1");
    /// assert_eq!(cal.label(cal.month(2020, 7)?).to_string(), "Mar 2021");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn label(self, period: Period) -> PeriodLabel {
        PeriodLabel::new(self, period)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::MACHINE_FORM;
    use crate::period::tests::arb_period;
    use proptest::prelude::*;

    const SEP: FiscalCalendar = FiscalCalendar::SEPTEMBER;

    fn cal(start: u32, label: YearLabel) -> FiscalCalendar {
        FiscalCalendar::new(start, label).unwrap()
    }

    #[test]
    fn machine_forms() {
        let cases = [
            (SEP.year(2020), "FY2020-09"),
            (SEP.half(2020, 1), "FY2020-09-H1"),
            (SEP.quarter(2020, 3), "FY2020-09-Q3"),
            (SEP.month(2020, 7), "FY2020-09-M07"),
            (FiscalCalendar::JANUARY.year(5), "FY0005-01"),
            (cal(12, YearLabel::Span).month(9998, 12), "FY9998-12-M12"),
        ];
        for (period, text) in cases {
            let period = period.unwrap();
            assert_eq!(period.to_string(), text);
            assert_eq!(text.parse::<Period>(), Ok(period), "{text}");
            assert_eq!(text.to_lowercase().parse::<Period>(), Ok(period), "{text}");
        }
    }

    #[test]
    fn machine_form_errors() {
        let reason = |text: &str| match text.parse::<Period>() {
            Err(Error::InvalidPeriod { input, reason }) => {
                assert_eq!(input, text);
                reason
            }
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(
            reason("FY0000-09"),
            "fiscal year out of range: 0 (expected 1 to 9998)"
        );
        assert_eq!(
            reason("FY9999-09"),
            "fiscal year out of range: 9999 (expected 1 to 9998)"
        );
        assert_eq!(
            reason("FY2020-13"),
            "fiscal year start month out of range: 13 (expected 1 to 12)"
        );
        assert_eq!(
            reason("FY2020-09-H3"),
            "half out of range: 3 (expected 1 to 2)"
        );
        assert_eq!(
            reason("FY2020-09-Q0"),
            "quarter out of range: 0 (expected 1 to 4)"
        );
        assert_eq!(
            reason("FY2020-09-M13"),
            "fiscal month out of range: 13 (expected 1 to 12)"
        );
        for bad in [
            "",
            "FY2020",
            "FY20-09",
            "FY2020-9",
            "FY2020-09-",
            "FY2020-09-M7",
            "FY2020-09-H01",
            "FY2020-09-Y1",
            "FY2020-09-H1 ",
            " FY2020-09",
            "2020/21",
            "FY02020-09",
            "FY2020-009",
            "FY2020-09-H1-Q1",
            "FY2020-09-Ｈ1",
            "FY２020-09",
        ] {
            assert_eq!(reason(bad), MACHINE_FORM, "{bad}");
        }
    }

    #[test]
    fn serde_uses_the_machine_form() {
        let h1 = SEP.half(2020, 1).unwrap();
        assert_eq!(serde_json::to_string(&h1).unwrap(), "\"FY2020-09-H1\"");
        assert_eq!(
            serde_json::from_str::<Period>("\"FY2020-09-H1\"").unwrap(),
            h1
        );
        let err = serde_json::from_str::<Period>("\"20/21 H1\"").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid period \"20/21 H1\": expected the form"),
            "{err}"
        );
        assert!(serde_json::from_str::<Period>("2020").is_err());
    }

    #[test]
    fn labels_in_each_convention() {
        let start = cal(9, YearLabel::StartYear);
        let end = cal(9, YearLabel::EndYear);
        let jan = FiscalCalendar::JANUARY;
        let cases = [
            (SEP, SEP.year(2020), "2020/21"),
            (SEP, SEP.half(2020, 1), "20/21 H1"),
            (SEP, SEP.quarter(2020, 1), "20/21 Q1"),
            (SEP, SEP.quarter(2020, 3), "20/21 Q3"),
            (SEP, SEP.month(2020, 1), "Sep 2020"),
            (SEP, SEP.month(2020, 7), "Mar 2021"),
            (SEP, SEP.month(2020, 12), "Aug 2021"),
            (SEP, SEP.year(1999), "1999/00"),
            (SEP, SEP.half(1999, 2), "1999/00 H2"),
            (SEP, SEP.half(2099, 2), "99/00 H2"),
            (SEP, SEP.quarter(2100, 1), "2100/01 Q1"),
            (SEP, SEP.year(5), "0005/06"),
            (start, SEP.year(2020), "FY2020"),
            (start, SEP.half(2020, 1), "FY20 H1"),
            (start, SEP.quarter(1999, 4), "FY1999 Q4"),
            (end, SEP.year(2020), "FY2021"),
            (end, SEP.half(2020, 1), "FY21 H1"),
            (end, SEP.quarter(1999, 4), "FY00 Q4"),
            (end, SEP.quarter(2099, 4), "FY2100 Q4"),
            (end, SEP.month(2020, 2), "Oct 2020"),
            (jan, jan.year(2021), "2021"),
            (jan, jan.half(2021, 2), "2021 H2"),
            (jan, jan.quarter(2021, 3), "2021 Q3"),
            (jan, jan.month(2021, 1), "Jan 2021"),
            (
                jan.with_year_label(YearLabel::EndYear),
                jan.year(2021),
                "2021",
            ),
            // A period of another calendar keeps its dates: the machine form.
            (SEP, FiscalCalendar::APRIL.quarter(2020, 1), "FY2020-04-Q1"),
        ];
        for (calendar, period, text) in cases {
            assert_eq!(calendar.label(period.unwrap()).to_string(), text);
        }
    }

    #[test]
    fn accepted_human_forms() {
        let start = cal(9, YearLabel::StartYear);
        let end = cal(9, YearLabel::EndYear);
        let jan = FiscalCalendar::JANUARY;
        let year = SEP.year(2020).unwrap();
        let h1 = SEP.half(2020, 1).unwrap();
        let cases = [
            (SEP, "2020/21", year),
            (SEP, "2020/2021", year),
            (SEP, "2020-21", year),
            (SEP, "20/21", year),
            (SEP, "FY2020/21", year),
            (SEP, "fy 20/21", year),
            (SEP, "FY2020-21", year),
            (SEP, "20/21 H1", h1),
            (SEP, "H1 20/21", h1),
            (SEP, "H1 2020/21", h1),
            (SEP, "  h1 \t 2020/21 ", h1),
            (SEP, "20/21 h2", SEP.half(2020, 2).unwrap()),
            (SEP, "20/21 Q1", SEP.quarter(2020, 1).unwrap()),
            (SEP, "Q4 2020-21", SEP.quarter(2020, 4).unwrap()),
            (SEP, "Sep 2020", SEP.month(2020, 1).unwrap()),
            (SEP, "september 2020", SEP.month(2020, 1).unwrap()),
            (SEP, "SEPT 2020", SEP.month(2020, 1).unwrap()),
            (SEP, "2020-09", SEP.month(2020, 1).unwrap()),
            (SEP, "20/21 M01", SEP.month(2020, 1).unwrap()),
            (SEP, "20/21 M7", SEP.month(2020, 7).unwrap()),
            (SEP, "Mar 2021", SEP.month(2020, 7).unwrap()),
            (SEP, "Aug 2021", SEP.month(2020, 12).unwrap()),
            (SEP, "Aug 2020", SEP.month(2019, 12).unwrap()),
            (SEP, "99/00", SEP.year(2099).unwrap()),
            (SEP, "FY2020-09-M07", SEP.month(2020, 7).unwrap()),
            (SEP, "fy2020-09-h1", h1),
            (start, "FY2020", year),
            (start, "FY20", year),
            (start, "FY20 H1", h1),
            (start, "2020/21 H1", h1),
            (end, "FY2021", year),
            (end, "FY21 H1", h1),
            (end, "H1 fy21", h1),
            (end, "20/21", year),
            (jan, "2021", jan.year(2021).unwrap()),
            (jan, "FY2021", jan.year(2021).unwrap()),
            (jan, "FY21", jan.year(2021).unwrap()),
            (jan, "2021 H1", jan.half(2021, 1).unwrap()),
            (jan, "Q3 2021", jan.quarter(2021, 3).unwrap()),
            (jan, "2021 M12", jan.month(2021, 12).unwrap()),
            (jan, "Jan 2021", jan.month(2021, 1).unwrap()),
            (jan, "2011-12", jan.month(2011, 12).unwrap()),
            (SEP, "09/2020", SEP.month(2020, 1).unwrap()),
            (SEP, "9/2020", SEP.month(2020, 1).unwrap()),
            (SEP, "03-2021", SEP.month(2020, 7).unwrap()),
            (SEP, "11/2013", SEP.month(2013, 3).unwrap()),
            (SEP, "19/2020", SEP.year(2019).unwrap()),
            (jan, "12/2013", jan.month(2013, 12).unwrap()),
            (SEP, "2020-09-01", SEP.month(2020, 1).unwrap()),
            (SEP, "2021/03/01", SEP.month(2020, 7).unwrap()),
            (SEP, "Sep-2020", SEP.month(2020, 1).unwrap()),
            (SEP, "september.2020", SEP.month(2020, 1).unwrap()),
        ];
        for (calendar, text, period) in cases {
            assert_eq!(calendar.parse(text), Ok(period), "{text}");
        }
    }

    #[test]
    fn refused_human_forms_say_why() {
        let reason = |calendar: FiscalCalendar, text: &str| match calendar.parse(text) {
            Err(Error::InvalidPeriod { input, reason }) => {
                assert_eq!(input, text);
                reason
            }
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(
            reason(SEP, "2020/22"),
            "years 2020 and 2022 are not consecutive"
        );
        assert_eq!(
            reason(SEP, "20/22 H1"),
            "years 2020 and 2022 are not consecutive"
        );
        assert_eq!(
            reason(SEP, "2020/2019"),
            "years 2020 and 2019 are not consecutive"
        );
        assert_eq!(
            reason(SEP, "FY2021"),
            "a single fiscal year is ambiguous on a calendar that writes years as spans: \
             2020/21 ends in 2021 and 2021/22 starts in it; write the span, or set the \
             year label to start-year or end-year"
        );
        assert_eq!(
            reason(SEP, "2020"),
            "a fiscal year starting in september spans two calendar years; write 2020/21 \
             for the one starting in 2020, or 2019/20 for the one ending in it"
        );
        assert_eq!(
            reason(FiscalCalendar::JANUARY, "2020/21"),
            "a fiscal year starting in january lies within one calendar year; write it as \"2020\""
        );
        assert_eq!(
            reason(FiscalCalendar::JANUARY, "21 H1"),
            "write the year with four digits, as in \"2021\""
        );
        assert_eq!(
            reason(SEP, "2011-12"),
            "reads as both the fiscal year 2011/12 and december 2011; write \"2011/12\" or \"Dec 2011\""
        );
        assert_eq!(
            reason(SEP, "FY2020-04-Q1"),
            "the period's fiscal year starts in april, but this calendar's starts in september"
        );
        assert_eq!(
            reason(SEP, "20/21 H3"),
            "half out of range: 3 (expected 1 to 2)"
        );
        assert_eq!(
            reason(SEP, "Q5 20/21"),
            "quarter out of range: 5 (expected 1 to 4)"
        );
        assert_eq!(
            reason(SEP, "20/21 M13"),
            "fiscal month out of range: 13 (expected 1 to 12)"
        );
        assert_eq!(
            reason(SEP, "0000/01"),
            "fiscal year out of range: 0 (expected 1 to 9998)"
        );
        assert_eq!(
            reason(SEP, "Jan 0001"),
            "fiscal year out of range: 0 (expected 1 to 9998)"
        );
        assert_eq!(
            reason(SEP, "Sep 20"),
            "the year \"20\" of a month label must have four digits"
        );
        assert_eq!(
            reason(SEP, "2020/021"),
            "year \"021\" must have two or four digits"
        );
        assert_eq!(
            reason(SEP, "12/2013"),
            "reads as both december 2013 and the fiscal year 2012/13; write \"Dec 2013\" or \"2012/13\""
        );
        assert_eq!(
            reason(SEP, "2020-09-15"),
            "a day, not a month; for the month it falls in, write \"2020-09\" or \"Sep 2020\""
        );
        assert_eq!(reason(SEP, "2021-02-30"), "\"2021-02-30\" is not a date");
        for date in ["01/09/2020", "1.9.2020", "09-01-2020"] {
            assert_eq!(
                reason(SEP, date),
                "a date whose day and month read the other way round in other countries \
                 (01/09/2020 is 1 September in the United Kingdom and 9 January in the United States); \
                 write the month as a name and a year, as in \"Sep 2020\", or as \"2020-09\"",
                "{date}"
            );
        }
        assert_eq!(
            reason(SEP, "Sep-20"),
            "the year \"20\" of a month label must have four digits"
        );
        assert_eq!(
            reason(SEP, "13/2020"),
            "years 2013 and 2020 are not consecutive"
        );
        assert_eq!(reason(SEP, ""), "the label is empty");
        assert_eq!(reason(SEP, "   "), "the label is empty");
        let examples =
            "expected a label such as \"2020/21\", \"20/21 H1\", \"20/21 Q3\", \"Sep 2020\"";
        for bad in [
            "H1",
            "20/21 H1 Q1",
            "20/21 X1",
            "H1 Q1",
            "Smarch 2020",
            "2020 Sep",
            "20/21 H1 extra",
        ] {
            assert_eq!(reason(SEP, bad), examples, "{bad}");
        }
        let end_examples =
            "expected a label such as \"FY2021\", \"FY21 H1\", \"FY21 Q3\", \"Sep 2020\"";
        assert_eq!(reason(cal(9, YearLabel::EndYear), "H1"), end_examples);
        assert_eq!(
            SEP.parse("2020/22").unwrap_err().to_string(),
            "invalid period \"2020/22\": years 2020 and 2022 are not consecutive"
        );
    }

    #[test]
    fn non_ascii_input_is_refused_not_mangled() {
        for bad in [
            "Sép 2020",
            "２０２０/21",
            "20/21 Ｈ1",
            "ＦＹ2020",
            "\u{0}",
            "fy\u{e9}",
        ] {
            assert!(
                matches!(SEP.parse(bad), Err(Error::InvalidPeriod { .. })),
                "{bad}"
            );
        }
    }

    fn arb_year_label() -> impl Strategy<Value = YearLabel> {
        prop::sample::select(vec![
            YearLabel::Span,
            YearLabel::StartYear,
            YearLabel::EndYear,
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn machine_form_round_trips(p in arb_period()) {
            let text = p.to_string();
            prop_assert_eq!(text.parse::<Period>(), Ok(p));
            let json = serde_json::to_string(&p).unwrap();
            prop_assert_eq!(json, format!("\"{text}\""));
            prop_assert_eq!(serde_json::from_str::<Period>(&format!("\"{text}\"")).unwrap(), p);
        }

        #[test]
        fn labels_round_trip(p in arb_period(), year_label in arb_year_label()) {
            let calendar = cal(p.start_month(), year_label);
            let label = calendar.label(p).to_string();
            prop_assert_eq!(calendar.parse(&label), Ok(p), "{}", label);
            prop_assert_eq!(calendar.parse(&label.to_lowercase()), Ok(p), "{}", label);
            // The machine form is accepted by the period's own calendar.
            prop_assert_eq!(calendar.parse(&p.to_string()), Ok(p));
        }

        #[test]
        fn labels_on_other_calendars_keep_their_dates(
            p in arb_period(),
            start in 1u32..=12,
            year_label in arb_year_label(),
        ) {
            let calendar = cal(start, year_label);
            let label = calendar.label(p).to_string();
            if start == p.start_month() {
                prop_assert_ne!(label, p.to_string());
            } else {
                prop_assert_eq!(label, p.to_string());
                let refused = matches!(calendar.parse(&p.to_string()), Err(Error::InvalidPeriod { .. }));
                prop_assert!(refused);
            }
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,16}", start in 1u32..=12, year_label in arb_year_label()) {
            let calendar = cal(start, year_label);
            if let Ok(p) = calendar.parse(&text) {
                prop_assert_eq!(p.start_month(), start);
            }
            let _ = text.parse::<Period>();
        }
    }
}
