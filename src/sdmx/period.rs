//! Periods as SDMX reporting periods (`2020-S1` with
//! `REPORTING_YEAR_START_DAY` `--09-01`), and back.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::io::cells::quote;
use crate::period::{FiscalCalendar, Period, PeriodKind};

/// A period's SDMX reporting period: `YYYY-A1`, `YYYY-Sn`, `YYYY-Qn` or
/// `YYYY-Mnn`, where `YYYY` is the year in which its fiscal year starts
/// and `n` its place in that year. With the
/// [`reporting_year_start_day`] of its calendar, it names the period's
/// months exactly.
///
/// ```
/// use impact_metrics::{FiscalCalendar, sdmx};
///
/// let calendar = FiscalCalendar::SEPTEMBER;
/// assert_eq!(sdmx::time_period(calendar.half(2020, 1)?), "2020-S1");
/// assert_eq!(sdmx::time_period(calendar.month(2020, 5)?), "2020-M05"); // January 2021
/// assert_eq!(sdmx::time_period(calendar.year(2020)?), "2020-A1");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[must_use]
pub fn time_period(period: Period) -> String {
    let year = period.fiscal_year();
    let index = period.index();
    match period.kind() {
        PeriodKind::Year => format!("{year:04}-A1"),
        PeriodKind::Half => format!("{year:04}-S{index}"),
        PeriodKind::Quarter => format!("{year:04}-Q{index}"),
        PeriodKind::Month => format!("{year:04}-M{index:02}"),
    }
}

/// The `REPORTING_YEAR_START_DAY` of a calendar: `--MM-01`, the first day
/// of its start month.
///
/// ```
/// use impact_metrics::{FiscalCalendar, sdmx};
///
/// assert_eq!(sdmx::reporting_year_start_day(FiscalCalendar::SEPTEMBER), "--09-01");
/// assert_eq!(sdmx::reporting_year_start_day(FiscalCalendar::JANUARY), "--01-01");
/// ```
#[must_use]
pub fn reporting_year_start_day(calendar: FiscalCalendar) -> String {
    format!("--{:02}-01", calendar.start_month())
}

/// Reads an SDMX `TIME_PERIOD` as a period of `calendar`: a reporting
/// period (`2020-A1`, `2020-S1`, `2020-Q1`, `2020-M01`) of a reporting
/// year that starts as the calendar's does, or a calendar month
/// (`2020-01`), or on a January calendar a calendar year (`2020`).
///
/// The reporting year's start day is not read here: a reader checks the
/// file's `REPORTING_YEAR_START_DAY` against the calendar first.
///
/// # Errors
///
/// [`Error::InvalidPeriod`] for text that is not a period the crate holds
/// (weeks, days, trimesters, time ranges, a calendar year on a calendar
/// that does not start in January), and [`Error::OutOfRange`] for a year
/// outside 1 to 9998.
///
/// ```
/// use impact_metrics::{FiscalCalendar, sdmx};
///
/// let calendar = FiscalCalendar::SEPTEMBER;
/// assert_eq!(sdmx::parse_time_period("2020-S1", calendar)?, calendar.half(2020, 1)?);
/// assert_eq!(sdmx::parse_time_period("2021-01", calendar)?, calendar.month(2020, 5)?);
/// assert_eq!(
///     sdmx::parse_time_period("2020-W01", calendar).unwrap_err().to_string(),
///     "invalid period \"2020-W01\": a week is not a period figures are read for (years, halves, quarters and months): send the figures by month"
/// );
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn parse_time_period(text: &str, calendar: FiscalCalendar) -> Result<Period> {
    let text = text.trim();
    let invalid = |reason: &str| Error::InvalidPeriod {
        input: crate::io::cells::excerpt(text).into_owned(),
        reason: reason.to_string(),
    };
    if text.contains('/') {
        return Err(invalid(
            "a time range is not read: write the period as a reporting period such as 2020-S1, with its REPORTING_YEAR_START_DAY",
        ));
    }
    let (year_text, rest) = match text.split_once('-') {
        Some((year, rest)) => (year, Some(rest)),
        None => (text, None),
    };
    if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            "not an SDMX period (such as 2020-S1, 2020-Q1, 2020-M01, 2020-A1 or 2020-01)",
        ));
    }
    let year = year_text
        .parse::<i32>()
        .map_err(|_| invalid("the year is not a number"))?;
    let Some(rest) = rest else {
        if calendar.start_month() == 1 {
            return calendar.year(year);
        }
        return Err(invalid(&format!(
            "{year} is the calendar year January to December, which is not a year of a calendar starting in {}: write the year as {year}-A1 with REPORTING_YEAR_START_DAY {}",
            crate::period::months::month_name(calendar.start_month()),
            reporting_year_start_day(calendar)
        )));
    };
    let mut chars = rest.chars();
    let letter = chars.next().map(|c| c.to_ascii_uppercase());
    let digits = chars.as_str();
    let number = |width: std::ops::RangeInclusive<usize>| -> Result<u8> {
        if !width.contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(
                "not an SDMX period (such as 2020-S1, 2020-Q1, 2020-M01, 2020-A1 or 2020-01)",
            ));
        }
        digits
            .parse::<u8>()
            .map_err(|_| invalid("the number after the letter is too large"))
    };
    match letter {
        Some('A') => match number(1..=1)? {
            1 => calendar.year(year),
            _ => Err(invalid("a year is 2020-A1: there is one year in a year")),
        },
        Some('S') => calendar.half(year, number(1..=1)?),
        Some('Q') => calendar.quarter(year, number(1..=1)?),
        Some('M') => calendar.month(year, number(2..=2)?),
        Some('W') => Err(invalid(
            "a week is not a period figures are read for (years, halves, quarters and months): send the figures by month",
        )),
        Some('D') => Err(invalid(
            "a day is not a period figures are read for (years, halves, quarters and months): send the figures by month",
        )),
        Some('T') => Err(invalid(
            "a trimester (four months) is not a period figures are read for (years, halves, quarters and months): send the figures by month",
        )),
        Some(c) if c.is_ascii_digit() => gregorian(text, year, rest, calendar),
        _ => Err(invalid(
            "not an SDMX period (such as 2020-S1, 2020-Q1, 2020-M01, 2020-A1 or 2020-01)",
        )),
    }
}

/// A calendar month (`2020-01`), or the refusal of a date.
fn gregorian(text: &str, year: i32, rest: &str, calendar: FiscalCalendar) -> Result<Period> {
    let invalid = |reason: &str| Error::InvalidPeriod {
        input: crate::io::cells::excerpt(text).into_owned(),
        reason: reason.to_string(),
    };
    if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
        let month = rest
            .parse::<u32>()
            .map_err(|_| invalid("the month is not a number"))?;
        let date = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
            invalid(&format!(
                "there is no month {}: a month is 01 to 12",
                quote(rest)
            ))
        })?;
        return calendar.period_containing(date, PeriodKind::Month);
    }
    if rest.len() > 2 && rest.contains('-') {
        return Err(invalid(
            "a day is not a period figures are read for (years, halves, quarters and months): send the figures by month",
        ));
    }
    Err(invalid(
        "not an SDMX period (such as 2020-S1, 2020-Q1, 2020-M01, 2020-A1 or 2020-01)",
    ))
}

/// Reads a `REPORTING_YEAR_START_DAY` (`--09-01`): the month its reporting
/// year starts in.
///
/// # Errors
///
/// [`Error::InvalidPeriod`] for text that is not `--MM-DD`, and for a
/// start day that is not the first of a month (the crate's years start
/// on the first day of a month).
pub(crate) fn parse_start_day(text: &str) -> Result<u32> {
    let text = text.trim();
    let invalid = |reason: String| Error::InvalidPeriod {
        input: crate::io::cells::excerpt(text).into_owned(),
        reason,
    };
    let parts = text
        .strip_prefix("--")
        .and_then(|rest| rest.split_once('-'))
        .filter(|(m, d)| {
            m.len() == 2 && d.len() == 2 && m.bytes().chain(d.bytes()).all(|b| b.is_ascii_digit())
        });
    let Some((month, day)) = parts else {
        return Err(invalid(
            "a reporting year's start day is written --MM-DD, such as --09-01 for 1 September"
                .to_string(),
        ));
    };
    let month: u32 = month.parse().unwrap_or(0);
    let day: u32 = day.parse().unwrap_or(0);
    // 2000 is a leap year, so 29 February is a day.
    if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
        return Err(invalid("there is no such day in a year".to_string()));
    }
    if day != 1 {
        return Err(invalid(format!(
            "a reporting year that starts on day {day} of {} is not a fiscal year figures are read for: fiscal years start on the first day of a month",
            crate::period::months::month_name(month)
        )));
    }
    Ok(month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standards_example_is_october_to_december() {
        // SDMX 2.1 Section 6, 4.2: 2010-Q2 with --07-01 is 2010-10-01 to 2010-12-31.
        let calendar = FiscalCalendar::JULY;
        let q2 = parse_time_period("2010-Q2", calendar).unwrap();
        assert_eq!(parse_start_day("--07-01").unwrap(), 7);
        assert_eq!(
            q2.first_day(),
            NaiveDate::from_ymd_opt(2010, 10, 1).unwrap()
        );
        assert_eq!(
            q2.last_day(),
            NaiveDate::from_ymd_opt(2010, 12, 31).unwrap()
        );
    }

    #[test]
    fn start_days_that_are_not_a_first_of_a_month_are_refused() {
        for (text, reason) in [
            ("--04-06", "starts on day 6 of April"),
            ("--02-30", "no such day"),
            ("09-01", "--MM-DD"),
            ("--9-01", "--MM-DD"),
            ("", "--MM-DD"),
        ] {
            let message = parse_start_day(text).unwrap_err().to_string();
            assert!(message.contains(reason), "{text:?}: {message}");
        }
    }

    #[test]
    fn unheld_periods_are_refused_with_what_would_work() {
        let calendar = FiscalCalendar::SEPTEMBER;
        for (text, reason) in [
            ("2020-D001", "a day"),
            ("2020-01-15", "a day"),
            ("2020-T1", "trimester"),
            ("2020-09-01/P6M", "time range"),
            (
                "2020",
                "write the year as 2020-A1 with REPORTING_YEAR_START_DAY --09-01",
            ),
            ("2020-A2", "one year"),
            ("2020-S3", "half"),
            ("2020-M13", "month"),
            ("2020-M1", "not an SDMX period"),
            ("2020-13", "no month"),
            ("20-S1", "not an SDMX period"),
            ("0000-S1", "out of range"),
        ] {
            let message = parse_time_period(text, calendar).unwrap_err().to_string();
            assert!(message.contains(reason), "{text:?}: {message}");
        }
        assert_eq!(
            parse_time_period("2020", FiscalCalendar::JANUARY).unwrap(),
            FiscalCalendar::JANUARY.year(2020).unwrap()
        );
    }
}
