//! Months as plain numbers: the one place that turns periods into month
//! spans, keeps the months a series covers, finds overlaps, and names the
//! largest whole periods that are covered or missing.
//!
//! A month is counted from January of year 0 (`year * 12 + month - 1`),
//! so that comparing periods never builds a date. Every other part of the
//! crate that asks "does this overlap?", "is this covered?" or "what is
//! missing?" calls this module.

use chrono::{Datelike, NaiveDate};

use super::{Period, PeriodKind};

/// The months a period covers, as a half-open span of month numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Span {
    /// The first month.
    pub(crate) start: i32,
    /// The month after the last.
    pub(crate) end: i32,
}

impl Span {
    /// Whether the two spans share a month.
    pub(crate) fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies inside this span.
    pub(crate) fn holds(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The span's months as `YYYY-MM to YYYY-MM`.
    pub(crate) fn label(self) -> String {
        format!(
            "{} to {}",
            month_label(self.start),
            month_label(self.end - 1)
        )
    }
}

/// The months of a period. Every period's fiscal year lies in 1..=9998, so
/// the numbers stay far from `i32`'s limits.
pub(crate) fn span(p: Period) -> Span {
    let length = 12 / i32::from(p.kind.per_year());
    let start = p.year * 12 + i32::from(p.start_month) - 1 + (i32::from(p.index) - 1) * length;
    Span {
        start,
        end: start + length,
    }
}

/// The month number of a date.
pub(crate) fn of_date(date: NaiveDate) -> i32 {
    // `month0` is 0..=11.
    date.year() * 12 + i32::try_from(date.month0()).unwrap_or(0)
}

/// The calendar year and month (1..=12) of a month number.
pub(crate) fn year_month(month: i32) -> (i32, u32) {
    (
        month.div_euclid(12),
        month.rem_euclid(12).unsigned_abs() + 1,
    )
}

/// A month number as `YYYY-MM`.
pub(crate) fn month_label(month: i32) -> String {
    let (year, month) = year_month(month);
    format!("{year:04}-{month:02}")
}

/// Whether two periods, of any calendars, share a month.
pub(crate) fn overlaps(a: Period, b: Period) -> bool {
    span(a).overlaps(span(b))
}

/// A set of months, kept as sorted, disjoint, non-adjacent spans: what a
/// series covers, in memory that grows with its gaps, not its figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MonthSet {
    spans: Vec<Span>,
}

impl MonthSet {
    /// The span already held that overlaps `span`, if any.
    pub(crate) fn overlap(&self, span: Span) -> Option<Span> {
        // Most figures come after the months already held: no search.
        match self.spans.last() {
            None => return None,
            Some(last) if last.end <= span.start => return None,
            _ => {}
        }
        let after = self.spans.partition_point(|s| s.end <= span.start);
        self.spans
            .get(after)
            .copied()
            .filter(|s| s.start < span.end)
    }

    /// Whether the set holds a month of `span`: [`MonthSet::overlap`] is
    /// some, found at once when the last span held decides it.
    #[inline]
    pub(crate) fn overlaps(&self, span: Span) -> bool {
        match self.spans.last() {
            None => false,
            Some(last) if last.end <= span.start => false,
            Some(last) if last.start < span.end => true,
            _ => self.overlap(span).is_some(),
        }
    }

    /// Whether every month held comes before `span` (so that none
    /// overlaps it).
    #[inline]
    pub(crate) fn all_before(&self, span: Span) -> bool {
        self.spans.last().is_none_or(|last| last.end <= span.start)
    }

    /// Adds the months of `span`, merging it with the spans it overlaps or
    /// touches.
    #[inline]
    pub(crate) fn insert(&mut self, span: Span) {
        // Most figures come after the months already held, most often the
        // month right after: the last span grows, or one is added.
        match self.spans.last_mut() {
            None => return self.spans.push(span),
            Some(last) if last.end == span.start => {
                last.end = last.end.max(span.end);
                return;
            }
            Some(last) if last.end < span.start => return self.spans.push(span),
            _ => {}
        }
        let at = self.spans.partition_point(|s| s.end < span.start);
        let mut merged = span;
        let mut last = at;
        while let Some(&s) = self.spans.get(last) {
            if s.start > merged.end {
                break;
            }
            merged = Span {
                start: merged.start.min(s.start),
                end: merged.end.max(s.end),
            };
            last += 1;
        }
        self.spans.splice(at..last, std::iter::once(merged));
    }

    /// The set's spans, in order.
    pub(crate) fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// Whether the set holds `month`.
    #[cfg(test)]
    pub(crate) fn contains(&self, month: i32) -> bool {
        self.overlap(Span {
            start: month,
            end: month + 1,
        })
        .is_some()
    }

    /// The months of `whole` the set holds, as bits: bit `i` is the `i`-th
    /// month of `whole`.
    fn mask(&self, whole: Period) -> u16 {
        let whole = span(whole);
        let mut mask = 0;
        for s in &self.spans {
            let (start, end) = (s.start.max(whole.start), s.end.min(whole.end));
            for month in start..end {
                mask |= 1 << (month - whole.start);
            }
        }
        mask
    }
}

/// What a set of months covers of a period that it does not cover whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Shortfall {
    /// The periods covered, as the largest whole periods, in order.
    pub(crate) covered: Vec<Period>,
    /// The periods not covered, as the largest whole periods, in order.
    pub(crate) missing: Vec<Period>,
}

/// How much of `whole` the set covers: `None` when it covers all of it.
pub(crate) fn shortfall(whole: Period, months: &MonthSet) -> Option<Shortfall> {
    let all = full_mask(whole);
    let covered = months.mask(whole) & all;
    if covered == all {
        return None;
    }
    Some(Shortfall {
        covered: largest_parts(whole, covered),
        missing: largest_parts(whole, all & !covered),
    })
}

/// Every month of `whole`, as bits.
fn full_mask(whole: Period) -> u16 {
    (1u16 << whole.months()) - 1
}

/// The months of `whole` whose bits are set, as the largest whole periods
/// of its calendar, in order.
fn largest_parts(whole: Period, mut left: u16) -> Vec<Period> {
    let start = span(whole).start;
    let mut parts = Vec::new();
    for kind in PeriodKind::ALL {
        if left == 0 {
            break;
        }
        for part in whole.subdivide(kind) {
            let s = span(part);
            let bits = ((1u16 << (s.end - s.start)) - 1) << (s.start - start);
            if left & bits == bits {
                left &= !bits;
                parts.push(part);
            }
        }
    }
    parts.sort();
    parts
}

/// The English name of calendar month `month` (1..=12), capitalised.
pub(crate) fn month_name(month: u32) -> &'static str {
    match month {
        1 => "January",
        2 => "February",
        3 => "March",
        4 => "April",
        5 => "May",
        6 => "June",
        7 => "July",
        8 => "August",
        9 => "September",
        10 => "October",
        11 => "November",
        _ => "December",
    }
}

/// The three-letter abbreviation of calendar month `month` (1..=12).
pub(crate) fn month_abbreviation(month: u32) -> &'static str {
    month_name(month).get(..3).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::calendar::{FiscalCalendar, YearLabel};
    use proptest::prelude::*;

    const CAL: FiscalCalendar = FiscalCalendar::SEPTEMBER;

    fn month(m: u8) -> Period {
        CAL.month(2020, m).unwrap()
    }

    fn set(periods: &[Period]) -> MonthSet {
        let mut months = MonthSet::default();
        for &p in periods {
            months.insert(span(p));
        }
        months
    }

    fn s(start: i32, end: i32) -> Span {
        Span { start, end }
    }

    #[test]
    fn sep_to_nov_of_h1_misses_exactly_q2() {
        // September calendar: H1 2020/21 is Sep 2020 - Feb 2021; figures for
        // Sep, Oct and Nov 2020 (fiscal months 1-3) leave Dec 2020 - Feb 2021,
        // which is Q2.
        let h1 = CAL.half(2020, 1).unwrap();
        let found = shortfall(h1, &set(&[month(1), month(2), month(3)])).unwrap();
        assert_eq!(found.covered, [CAL.quarter(2020, 1).unwrap()]);
        assert_eq!(found.missing, [CAL.quarter(2020, 2).unwrap()]);
        let q2 = found.missing[0];
        assert_eq!(
            q2.first_day(),
            NaiveDate::from_ymd_opt(2020, 12, 1).unwrap()
        );
        assert_eq!(q2.last_day(), NaiveDate::from_ymd_opt(2021, 2, 28).unwrap());
    }

    #[test]
    fn missing_parts_are_named_as_the_largest_whole_periods() {
        // Sep (M01) and Dec-Feb (Q2) of H1: Oct and Nov are missing, as months.
        let h1 = CAL.half(2020, 1).unwrap();
        let q2 = CAL.quarter(2020, 2).unwrap();
        let found = shortfall(h1, &set(&[month(1), q2])).unwrap();
        assert_eq!(found.missing, [month(2), month(3)]);
        assert_eq!(found.covered, [month(1), q2]);
        // Only the year's last month (Aug 2021): H1, Q3 (Mar-May), Jun and Jul missing.
        let year = CAL.year(2020).unwrap();
        let found = shortfall(year, &set(&[month(12)])).unwrap();
        assert_eq!(
            found.missing,
            [h1, CAL.quarter(2020, 3).unwrap(), month(10), month(11)]
        );
        // Whole coverage, even from nested figures, is no shortfall.
        assert_eq!(shortfall(h1, &set(&[h1, month(2)])), None);
        // Nothing at all: the whole period is missing.
        let found = shortfall(h1, &MonthSet::default()).unwrap();
        assert!(found.covered.is_empty());
        assert_eq!(found.missing, [h1]);
    }

    #[test]
    fn months_are_counted_from_january_of_year_0() {
        // September 2020 is 2020 * 12 + 8; H1 runs six months to Feb 2021.
        let h1 = CAL.half(2020, 1).unwrap();
        assert_eq!(span(h1), s(2020 * 12 + 8, 2020 * 12 + 14));
        assert_eq!(span(h1).label(), "2020-09 to 2021-02");
        assert_eq!(
            of_date(NaiveDate::from_ymd_opt(2021, 2, 28).unwrap()),
            2021 * 12 + 1
        );
        // An October calendar's first month is September's second.
        assert!(overlaps(
            FiscalCalendar::OCTOBER.month(2020, 1).unwrap(),
            month(2)
        ));
        assert!(!overlaps(
            FiscalCalendar::OCTOBER.month(2020, 1).unwrap(),
            month(1)
        ));
    }

    #[test]
    fn sets_merge_and_find_overlaps() {
        let mut months = MonthSet::default();
        months.insert(s(10, 12));
        months.insert(s(14, 15));
        assert_eq!(months.overlap(s(12, 14)), None);
        assert_eq!(months.overlap(s(11, 13)), Some(s(10, 12)));
        months.insert(s(12, 14));
        assert_eq!(months.spans, [s(10, 15)]);
        months.insert(s(0, 3));
        months.insert(s(20, 21));
        months.insert(s(2, 4));
        assert_eq!(months.spans, [s(0, 4), s(10, 15), s(20, 21)]);
        assert!(months.contains(14) && !months.contains(15) && months.contains(0));
    }

    proptest! {
        #[test]
        fn spans_agree_with_the_calendar(
            start in 1u32..=12,
            year in 1i32..=9998,
            kind in 0usize..4,
            index in 1u8..=12,
        ) {
            let calendar = FiscalCalendar::new(start, YearLabel::Span).unwrap();
            let kind = PeriodKind::ALL[kind];
            let index = (index - 1) % kind.per_year() + 1;
            let p = match kind {
                PeriodKind::Year => calendar.year(year),
                PeriodKind::Half => calendar.half(year, index),
                PeriodKind::Quarter => calendar.quarter(year, index),
                PeriodKind::Month => calendar.month(year, index),
            }
            .unwrap();
            prop_assert_eq!(span(p), s(of_date(p.first_day()), of_date(p.last_day()) + 1));
        }

        #[test]
        fn sets_hold_exactly_what_was_inserted(
            mut spans in proptest::collection::vec((0i32..60, 1i32..6), 0..12),
            in_order in any::<bool>(),
        ) {
            // In the order of their starts, as most files give them, or
            // in any order.
            if in_order {
                spans.sort_unstable();
            }
            let mut months = MonthSet::default();
            let mut by_hand = std::collections::BTreeSet::new();
            for (start, len) in spans {
                let span = s(start, start + len);
                let overlapping = (span.start..span.end).any(|m| by_hand.contains(&m));
                prop_assert_eq!(months.overlap(span).is_some(), overlapping);
                prop_assert_eq!(months.overlaps(span), overlapping);
                prop_assert_eq!(months.all_before(span), by_hand.iter().all(|&m| m < span.start));
                months.insert(span);
                by_hand.extend(span.start..span.end);
            }
            for m in -1..70 {
                prop_assert_eq!(months.contains(m), by_hand.contains(&m));
            }
            for pair in months.spans.windows(2) {
                prop_assert!(pair[0].end < pair[1].start, "{:?} not merged", pair);
            }
        }

        /// The shortfall agrees with a naive count of the months of the
        /// whole period, one at a time: covered and missing parts lie
        /// inside it, hold exactly the covered and uncovered months, and
        /// follow one another in order.
        #[test]
        fn shortfall_agrees_with_a_month_by_month_count(
            kind in 0usize..4,
            index in 1u8..=12,
            figures in proptest::collection::vec((0usize..4, 1u8..=12, 2019i32..=2021), 0..8),
        ) {
            let kind = PeriodKind::ALL[kind];
            let whole = CAL.quarter(2020, 1).unwrap().fiscal_year_period()
                .subdivide(kind)
                .get(usize::from((index - 1) % kind.per_year()))
                .copied()
                .unwrap();
            let periods: Vec<Period> = figures
                .iter()
                .map(|&(k, i, y)| {
                    let k = PeriodKind::ALL[k];
                    CAL.year(y).unwrap().subdivide(k)[usize::from((i - 1) % k.per_year())]
                })
                .collect();
            let months = set(&periods);
            // The naive count: each month of the whole, is it in some figure's period?
            let first = span(whole).start;
            let naive: Vec<bool> = (first..span(whole).end)
                .map(|m| periods.iter().any(|p| span(*p).holds(s(m, m + 1))))
                .collect();
            let in_parts = |parts: &[Period]| -> Vec<bool> {
                (first..span(whole).end)
                    .map(|m| parts.iter().any(|p| span(*p).holds(s(m, m + 1))))
                    .collect()
            };
            match shortfall(whole, &months) {
                None => prop_assert!(naive.iter().all(|&c| c)),
                Some(found) => {
                    prop_assert!(!naive.iter().all(|&c| c));
                    prop_assert_eq!(in_parts(&found.covered), naive.clone());
                    let uncovered: Vec<bool> = naive.iter().map(|c| !c).collect();
                    prop_assert_eq!(in_parts(&found.missing), uncovered);
                    for parts in [&found.covered, &found.missing] {
                        for p in parts.iter() {
                            prop_assert!(whole.contains(*p));
                        }
                        for pair in parts.windows(2) {
                            prop_assert!(pair[0].last_day() < pair[1].first_day());
                        }
                    }
                }
            }
        }
    }
}
