//! The level each figure is expected at, from the other figures of its
//! own series: the one place the outlier, digit, zero, level-shift and
//! same-value rules get "what would be plausible here" from.
//!
//! A figure's expected level is the median of the other figures of its
//! series (same indicator, country, channel, partner and period length)
//! within a year either side of it, times a seasonal factor: the median,
//! over the same month (or quarter) in the other years, of how far that
//! figure stood from its own window's median, with a factor of 1 among
//! them so that one odd year cannot move it. Its spread is the median
//! absolute deviation of the window's figures from their own expected
//! levels, scaled to a standard deviation, and never below the noise of a
//! count (the square root of the level, as for a Poisson count) or of a
//! rate (the binomial spread of its denominator). Both sides of a figure
//! are used: validation looks at a file after the fact, and a series' first
//! months deserve a check as much as its last.
//!
//! A series that moves to a new level from one period on (a level shift)
//! is split there: each side is compared only with itself, so that the
//! shift is reported once, at its first period, and not as an outlier in
//! every period around it. A shift is found as a change point in a count
//! series: the figures from a month on, set beside the same months a year
//! before (so that a season is not taken for it), move by half again or
//! more (or to two thirds or less), far beyond a count's Poisson noise,
//! and stay there (see `level_shift`).
//!
//! Measured on the 20 generated datasets of `tests/common/quality.rs`
//! (`cargo run --release --example validation_quality`, with `--missed`
//! for the faults not found): level shifts 72 of 200 found in their first
//! three months, 53 of the 77 whose first shifted month lies outside the
//! series' clean range (69%; the previous rule found 58 and 43);
//! transposed digits 106 of 200, 99 of the 120 outside the clean range
//! (83%; before, 92 and 86); overall 88.5% of 3,000 faults, with 3.5
//! warnings or errors per 1,000 clean figures (84 of 24,275; before,
//! 87.5% and 4.0).

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;

use crate::figure::observation::Series;
use crate::figure::value::Value;
use crate::period::PeriodKind;
use crate::period::months;

use super::Context;

/// The least seasonal factor believed (and the greatest, its inverse).
const SEASON_LEAST: f64 = 0.4;

/// The years on either side whose same month (quarter, half) gives a
/// figure's seasonal factor: a season is a pattern of recent years, and
/// looking no further keeps the work for a figure bounded however long its
/// series.
const SEASON_YEARS: i32 = 10;

/// The least spread of a rate, in percentage points.
const RATE_FLOOR: f64 = 1.0;

/// What a figure is expected to be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Expected {
    /// The expected value.
    pub(super) level: f64,
    /// The spread around it, as a standard deviation.
    pub(super) spread: f64,
    /// How many other figures it comes from.
    pub(super) others: usize,
    /// How many of those figures are 0.
    pub(super) zeros: usize,
}

impl Expected {
    /// How many spreads `x` is from the level.
    pub(super) fn score(&self, x: f64) -> f64 {
        if self.spread > 0.0 {
            (x - self.level).abs() / self.spread
        } else if x == self.level {
            0.0
        } else {
            f64::INFINITY
        }
    }

    /// The values within `score` spreads of the level, not below 0.
    pub(super) fn band(&self, score: f64) -> (f64, f64) {
        let low = (self.level - score * self.spread).max(0.0);
        (low, self.level + score * self.spread)
    }
}

/// A series that moves to a new level from one of its figures on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Shift {
    /// The dataset index of the first figure at the new level.
    pub(super) index: usize,
    /// The median level before.
    pub(super) before: f64,
    /// The median level from the shift on.
    pub(super) after: f64,
    /// How many figures before it the old level comes from.
    pub(super) before_count: usize,
    /// How many figures from it the new level comes from.
    pub(super) after_count: usize,
}

/// The expected level of every figure, and the level shifts found.
#[derive(Clone, Debug, Default)]
pub(super) struct Baselines {
    /// By dataset index: `None` for a figure with too few others in its
    /// window (or no number: a rate of 0 out of 0).
    pub(super) expected: Vec<Option<Expected>>,
    /// The level shifts, one a series at most.
    pub(super) shifts: Vec<Shift>,
    /// The fewest other figures a window needs.
    pub(super) needed: usize,
    /// The series (with their period length) of the figures with a number
    /// but no expected level.
    pub(super) unchecked_series: usize,
}

impl Baselines {
    /// The expected level of the figure at `index`.
    pub(super) fn of(&self, index: usize) -> Option<Expected> {
        self.expected.get(index).copied().flatten()
    }

    /// The dataset indices of figures with a number but no expected level.
    pub(super) fn unchecked<'a>(&'a self, cx: &'a Context<'_>) -> impl Iterator<Item = usize> + 'a {
        let data = cx.data().observations();
        self.expected
            .iter()
            .enumerate()
            .filter(move |(i, e)| {
                e.is_none() && data.get(*i).and_then(|f| number(&f.value)).is_some()
            })
            .map(|(i, _)| i)
    }
}

/// A figure's value as a number to compare: a count, or a rate as a
/// percentage; `None` for a rate of 0 out of 0.
pub(super) fn number(value: &Value) -> Option<f64> {
    match *value {
        Value::Count(n) => n.to_f64(),
        Value::Ratio {
            numerator,
            denominator,
        } if denominator > 0 => Some(100.0 * numerator.to_f64()? / denominator.to_f64()?),
        Value::Ratio { .. } => None,
        Value::Percent(p) => p.to_f64(),
    }
}

/// The noise a figure has whatever its series does: a count's square root
/// of its level, a rate's binomial spread on its denominator.
fn noise_floor(value: &Value, level: f64) -> f64 {
    match *value {
        Value::Count(_) => level.max(1.0).sqrt(),
        Value::Ratio { denominator, .. } => {
            let p = (level / 100.0).clamp(0.05, 0.95);
            let n = denominator.to_f64().unwrap_or(1.0).max(1.0);
            (100.0 * (p * (1.0 - p) / n).sqrt()).max(RATE_FLOOR)
        }
        Value::Percent(_) => RATE_FLOOR,
    }
}

pub(super) fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    match (
        sorted.get(n / 2),
        n.checked_sub(1).and_then(|m| sorted.get(m / 2)),
    ) {
        (Some(&upper), Some(&lower)) => (upper + lower) / 2.0,
        _ => 0.0,
    }
}

pub(super) fn sorted(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    values
}

/// The median of some values, in any order.
fn median_of(values: impl Iterator<Item = f64>) -> f64 {
    median(&sorted(values.collect()))
}

/// The median absolute deviation from the median, scaled to a standard
/// deviation of normal data (× 1.4826).
fn mad_sd(values: &[f64]) -> f64 {
    let centre = median_of(values.iter().copied());
    1.4826 * median_of(values.iter().map(|v| (v - centre).abs()))
}

/// One figure of a series: its position (periods since year 0), value and
/// dataset index.
#[derive(Clone, Copy, Debug)]
struct Point {
    position: i32,
    value: f64,
    index: usize,
}

/// The expected levels of every figure of a dataset.
pub(super) fn compute(cx: &Context<'_>, needed: usize) -> Baselines {
    let data = cx.data().observations();
    let mut series: BTreeMap<(Series, PeriodKind), Vec<Point>> = BTreeMap::new();
    for (index, figure) in data.iter().enumerate() {
        let Some(value) = number(&figure.value) else {
            continue;
        };
        let kind = figure.period.kind();
        let length = 12 / i32::from(kind.per_year());
        let position = months::span(figure.period).start.div_euclid(length);
        series
            .entry((figure.series(), kind))
            .or_default()
            .push(Point {
                position,
                value,
                index,
            });
    }
    let mut out = Baselines {
        expected: vec![None; data.len()],
        shifts: Vec::new(),
        needed,
        unchecked_series: 0,
    };
    for ((_, kind), points) in &mut series {
        // Ties (the same period twice) in the order of where the figures
        // came from, so that nothing depends on the order of the records.
        points.sort_by(|a, b| {
            a.position
                .cmp(&b.position)
                .then(a.value.total_cmp(&b.value))
                .then_with(|| {
                    let at = |i: usize| {
                        let mut location = cx.location(i);
                        location.record = None;
                        location
                    };
                    at(a.index).cmp(&at(b.index))
                })
        });
        let per_year = i32::from(kind.per_year());
        let noise = |k: usize, level: f64| {
            points
                .get(k)
                .and_then(|p| data.get(p.index))
                .map_or(1.0, |f| noise_floor(&f.value, level))
        };
        // A shift is looked for in counts: a rate's level moves with its
        // denominators as much as with what is counted.
        let counts = points.iter().all(|p| {
            data.get(p.index)
                .is_some_and(|f| matches!(f.value, Value::Count(_)))
        });
        let shift = if counts {
            level_shift(points, per_year, needed, &noise)
        } else {
            None
        };
        let segments: Vec<&[Point]> = match shift {
            Some((at, found)) => {
                out.shifts.push(found);
                let (before, after) = points.split_at(at.min(points.len()));
                vec![before, after]
            }
            None => vec![points.as_slice()],
        };
        let mut unchecked = false;
        for segment in segments {
            for (point, expected) in segment.iter().zip(expect(cx, segment, per_year, needed)) {
                if expected.is_none() {
                    unchecked = true;
                }
                if let Some(slot) = out.expected.get_mut(point.index) {
                    *slot = expected;
                }
            }
        }
        if unchecked {
            out.unchecked_series = out.unchecked_series.saturating_add(1);
        }
    }
    out
}

/// The expected level of each point of one segment of a series.
fn expect(
    cx: &Context<'_>,
    points: &[Point],
    per_year: i32,
    needed: usize,
) -> Vec<Option<Expected>> {
    // The points are in the order of their positions: a window is the run
    // of points within a year on either side, found by binary search, less
    // the point itself.
    let span = |from: i32, to: i32| -> std::ops::Range<usize> {
        points.partition_point(|p| p.position < from)..points.partition_point(|p| p.position <= to)
    };
    let windows: Vec<std::ops::Range<usize>> = points
        .iter()
        .map(|me| span(me.position - per_year, me.position + per_year))
        .collect();
    let window = |j: usize| {
        windows
            .get(j)
            .cloned()
            .unwrap_or(0..0)
            .filter(move |&k| k != j)
    };
    let others_of = |j: usize| windows.get(j).map_or(0, |w| w.len().saturating_sub(1));
    let value = |k: usize| points.get(k).map_or(0.0, |p| p.value);
    let levels: Vec<f64> = (0..points.len())
        .map(|j| median_of(window(j).map(value)))
        .collect();
    // Seasonal factors: how far each figure stands from its window, for the
    // same month (quarter, half) in the years around it, up to
    // SEASON_YEARS on either side.
    let seasonal = |j: usize| -> f64 {
        let Some(me) = points.get(j) else {
            return 1.0;
        };
        if per_year < 2 {
            return 1.0;
        }
        let mut factors: Vec<f64> = (1..=SEASON_YEARS)
            .flat_map(|years| [-years, years])
            .flat_map(|years| {
                let at = me.position.saturating_add(years.saturating_mul(per_year));
                span(at, at)
            })
            .filter_map(|k| {
                let p = points.get(k)?;
                let level = levels.get(k).copied().unwrap_or(0.0);
                (level > 0.0 && others_of(k) >= needed).then(|| p.value / level)
            })
            // A factor beyond these is a wrong figure in another year, not
            // a season.
            .filter(|f| (SEASON_LEAST..=1.0 / SEASON_LEAST).contains(f))
            .collect();
        if factors.len() < 2 {
            return 1.0;
        }
        factors.push(1.0);
        median_of(factors.into_iter())
    };
    let expected: Vec<f64> = (0..points.len())
        .map(|j| levels.get(j).copied().unwrap_or(0.0) * seasonal(j))
        .collect();
    let residuals: Vec<f64> = (0..points.len())
        .map(|j| value(j) - expected.get(j).copied().unwrap_or(0.0))
        .collect();
    let data = cx.data().observations();
    (0..points.len())
        .map(|j| {
            let others = others_of(j);
            if others < needed {
                return None;
            }
            let level = expected.get(j).copied().unwrap_or(0.0);
            let spread_of: Vec<f64> = window(j)
                .filter_map(|k| residuals.get(k).copied())
                .collect();
            let floor = points
                .get(j)
                .and_then(|p| data.get(p.index))
                .map_or(1.0, |f| noise_floor(&f.value, level));
            let zeros = window(j).filter(|&k| value(k) == 0.0).count();
            Some(Expected {
                level,
                spread: mad_sd(&spread_of).max(floor),
                others,
                zeros,
            })
        })
        .collect()
}

/// The first period from which a series stays at a new level: a change
/// point. At each candidate figure, the figures from it (up to
/// [`SHIFT_AFTER`], at least 3) are set beside what the series was a year
/// before them (the median of the same month and its two neighbours, those
/// before the candidate; a figure without them is left out, and the first
/// needs them), so that a season is not taken for a shift. It is a shift
/// when
/// - the median of those ratios is at least [`SHIFT_RATIO`] (or at most
///   its inverse), beyond what a year's trend does;
/// - the median gap between the figures and what they are set beside is
///   [`SHIFT_Z`] times its noise (a count's Poisson noise at the old and
///   the new level, that of the comparison's median included);
/// - it lasts: the candidate, the figure after it and at least
///   [`SHIFT_HOLD`] of the figures from it are nearer the new level than
///   the old one (beyond the logarithmic mean of the two), so that one
///   wild figure is not a shift.
///
/// Of the candidates from the first that passes to three after it, the
/// one with the largest share of figures at the new level is reported (the
/// earliest of equals): a figure just before a shift may look like the new
/// level by chance, and the shift is reported at its first period.
///
/// At least `needed` figures (and 6) before it. `noise(k, level)` is the
/// noise of the figure at `k` at that level. The position in `points`, and
/// the shift.
fn level_shift(
    points: &[Point],
    per_year: i32,
    needed: usize,
    noise: &dyn Fn(usize, f64) -> f64,
) -> Option<(usize, Shift)> {
    let test = |m: usize| shift_at(points, per_year, m, noise);
    let first =
        (needed.max(6)..points.len().saturating_sub(2)).find_map(|m| Some((m, test(m)?)))?;
    // A figure just before the new level may look like it by chance: of the
    // candidates from the first that passes to three after it, the one whose
    // figures hold the new level best (the earliest of equals).
    let (mut best, (mut held, mut shift)) = first;
    for m in first.0.saturating_add(1)..=first.0.saturating_add(3) {
        if let Some((share, found)) = test(m) {
            if share > held {
                (best, held, shift) = (m, share, found);
            }
        }
    }
    Some((best, shift))
}

/// The level shift at position `m` of `points`, if the tests of
/// [`level_shift`] pass there: the share of the figures from it nearer the
/// new level than the old one, and the shift.
fn shift_at(
    points: &[Point],
    per_year: i32,
    m: usize,
    noise: &dyn Fn(usize, f64) -> f64,
) -> Option<(f64, Shift)> {
    let values: Vec<f64> = points.iter().map(|p| p.value).collect();
    let before = values.get(m.saturating_sub(12)..m)?;
    let old = median_of(before.iter().copied());
    let end = (m + SHIFT_AFTER).min(values.len());
    let earlier = points.get(..m)?;
    // Each figure from the candidate with its comparison: the same
    // month a year before and its neighbours.
    let comparisons: Vec<(usize, f64, f64, usize)> = (m..end)
        .filter_map(|j| {
            let me = points.get(j)?;
            let year_before: Vec<f64> = earlier
                .iter()
                .filter(|p| {
                    per_year >= 2 && {
                        let lag = me.position - p.position - per_year;
                        lag == 0 || (per_year >= 12 && lag.abs() == 1)
                    }
                })
                .map(|p| p.value)
                .collect();
            let n = year_before.len();
            (n > 0).then(|| (j, me.value, median_of(year_before.into_iter()), n))
        })
        .collect();
    if comparisons.len() < 3 || comparisons.first().is_none_or(|c| c.0 != m) {
        return None;
    }
    let ratios = comparisons
        .iter()
        .map(|&(_, v, base, _)| v.max(0.0) / base.max(0.5));
    let factor = median_of(ratios);
    let up = factor >= SHIFT_RATIO;
    if !up && factor * SHIFT_RATIO > 1.0 {
        return None;
    }
    // Taken together, far beyond the noise of the figures and of
    // their comparisons (a median of n has about π/2n of a figure's
    // variance).
    // (The median gap, so that one wild comparison does not count; a
    // median of k has about π/2k of the variance of one.)
    let gap = median_of(comparisons.iter().map(|&(_, v, base, _)| v - base));
    let variance: f64 = comparisons
        .iter()
        .map(|&(j, _, base, n)| {
            let spread_new = noise(j, (factor * base).max(0.0));
            let spread_old = noise(j, base);
            spread_new * spread_new
                + spread_old * spread_old * std::f64::consts::FRAC_PI_2 / n.max(1) as f64
        })
        .sum::<f64>()
        / comparisons.len() as f64;
    let k = comparisons.len() as f64;
    if gap.abs() < SHIFT_Z * (variance * std::f64::consts::FRAC_PI_2 / k).sqrt() {
        return None;
    }
    // It lasts, from the candidate on.
    let nearer_new = |&(_, v, base, _): &(usize, f64, f64, usize)| {
        let base = base.max(0.5);
        let new_level = factor * base;
        let middle = (new_level - base) / (new_level / base).ln();
        if up { v > middle } else { v < middle }
    };
    let first_new = comparisons.iter().take(2).all(nearer_new);
    let held = comparisons.iter().filter(|c| nearer_new(c)).count();
    if !first_new || (held as f64) < SHIFT_HOLD * comparisons.len() as f64 {
        return None;
    }
    let after = values.get(m..end)?;
    let new = median_of(after.iter().copied());
    let index = points.get(m)?.index;
    let share = held as f64 / comparisons.len() as f64;
    Some((
        share,
        Shift {
            index,
            before: old,
            after: new,
            before_count: before.len(),
            after_count: after.len(),
        },
    ))
}

/// The most figures from a candidate level shift that are compared.
const SHIFT_AFTER: usize = 12;

/// The least median ratio of a level shift to what the series was a year
/// before (a trend of +25% a year gives 1.25).
const SHIFT_RATIO: f64 = 1.5;

/// How many times their noise the figures of a level shift, taken
/// together, stand from what they are compared with.
const SHIFT_Z: f64 = 5.0;

/// The least share of the figures from a level shift nearer the new level
/// than the old one.
const SHIFT_HOLD: f64 = 0.75;

#[cfg(test)]
mod tests {
    use super::*;

    /// A count's noise, whatever the figure.
    fn poisson(_: usize, level: f64) -> f64 {
        level.max(1.0).sqrt()
    }

    fn points(values: &[f64]) -> Vec<Point> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Point {
                position: i as i32,
                value,
                index: i,
            })
            .collect()
    }

    #[test]
    fn a_level_shift_is_found_at_its_first_period() {
        // 12 months near 40, then 8 near 80: the first month at 80 is the
        // 13th (position 12). Old median 40; each month twice the same
        // month a year before.
        let mut values = vec![
            38.0, 42.0, 40.0, 41.0, 39.0, 40.0, 43.0, 37.0, 40.0, 41.0, 39.0, 40.0,
        ];
        values.extend([80.0, 78.0, 83.0, 79.0, 81.0, 80.0, 77.0, 82.0]);
        let (at, shift) = level_shift(&points(&values), 12, 6, &poisson).unwrap();
        assert_eq!(at, 12);
        assert_eq!(shift.before, 40.0);
        assert_eq!(shift.after, 80.0);
    }

    #[test]
    fn one_wild_month_is_not_a_level_shift() {
        let mut values = vec![40.0; 12];
        values.extend([400.0, 41.0, 39.0, 40.0, 42.0, 38.0]);
        assert!(level_shift(&points(&values), 12, 6, &poisson).is_none());
    }

    #[test]
    fn a_small_count_series_has_no_shift_from_noise() {
        // Counts of 0 to 3: a move from 1 to 3 is within 3 × √1 of noise.
        let values = [
            0.0, 1.0, 2.0, 0.0, 1.0, 3.0, 1.0, 0.0, 2.0, 2.0, 3.0, 2.0, 1.0, 3.0,
        ];
        assert!(level_shift(&points(&values), 12, 6, &poisson).is_none());
    }

    #[test]
    fn mad_of_a_constant_is_zero() {
        assert_eq!(mad_sd(&[5.0, 5.0, 5.0]), 0.0);
        // Deviations from 3: 2, 1, 0, 1, 2 → median 1 → 1.4826.
        assert!((mad_sd(&[1.0, 2.0, 3.0, 4.0, 5.0]) - 1.4826).abs() < 1e-12);
    }
}
