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
//! every period around it. A shift is found in a count series as a change
//! point: from a candidate period to the end of the series, the figures
//! are set beside the same months one and two years before (so that a
//! season is not taken for it; a count of 8 a month or less, whose season
//! is lost in its noise, may be set beside all of the two years before),
//! and a likelihood-ratio test on their Poisson counts says whether the
//! run has moved, beyond a trend, by half again or more (or to two thirds
//! or less); of the candidates that pass, the shift is placed where a
//! change of level is most likely on the year either side (see
//! `level_shift`). Figures far from their expected level in the whole
//! series (slips, wrong values) are not compared with.
//!
//! Measured on the 20 generated datasets of `tests/common/quality.rs`
//! (`cargo run --release --example validation_quality`, with `--missed`
//! for the faults not found and the false alarms): level shifts 83 of 200
//! found in their first three months, 81 of the 144 distinguishable from
//! Poisson noise by any method (56%; the rule against the year before
//! found 72 and 69); overall 88.7% of 3,000 faults, with 4.2 warnings or
//! errors per 1,000 clean figures (102 of 24,275; before, 88.5% and 3.5).

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
    /// The ratio of the figures from the shift on to the same months
    /// before it.
    pub(super) factor: f64,
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
    /// Whether the figure may stand for its series' level (not far from
    /// its expected level): only such figures are compared with.
    tame: bool,
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
                tame: true,
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
        // A shift is looked for in counts: a rate's level moves with its
        // denominators as much as with what is counted.
        let counted: Vec<Point> = points
            .iter()
            .filter(|p| {
                data.get(p.index)
                    .is_some_and(|f| matches!(f.value, Value::Count(_)))
            })
            .copied()
            .collect();
        let shift = if counted.len() == points.len() {
            // A wild figure (a slip, a wrong value) is no measure of the
            // level a shift is compared with.
            let wild: Vec<bool> = counted
                .iter()
                .zip(expect(cx, &counted, per_year, needed))
                .map(|(p, e)| e.is_some_and(|e| e.score(p.value) > SHIFT_WILD))
                .collect();
            let tame: Vec<Point> = counted
                .iter()
                .zip(&wild)
                .map(|(p, &wild)| Point { tame: !wild, ..*p })
                .collect();
            level_shift(&tame, per_year, needed)
        } else {
            None
        };
        let segments: Vec<&[Point]> = match shift {
            Some((_, found)) => {
                out.shifts.push(found);
                let at = points
                    .iter()
                    .position(|p| p.index == found.index)
                    .unwrap_or(points.len());
                let (before, after) = points.split_at(at);
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
/// point, found by a likelihood-ratio test on Poisson counts.
///
/// At each candidate figure, every figure from it to the end of the series
/// is set beside the same month (quarter, half) one and two years before
/// (those before the candidate, and tame: not far from their expected
/// level), so that a season is not taken for a shift; a figure with
/// neither is left out, and the candidate needs one. For a count of at
/// most [`SHIFT_SMALL`] a month, whose season is lost in its noise, the
/// figures may instead be set beside all the tame figures of the two years
/// before, whichever tells more. With `after` the sum of the figures from
/// the candidate and `before` the sum of their comparisons, a series that
/// has not moved splits `after + before` between the two as a binomial
/// does, in proportion to how many figures each side has (weighted by
/// their level). It is a shift when
/// - the figures from the candidate are at least [`SHIFT_RATIO`] times
///   their comparisons' level (or at most its inverse), beyond what a
///   year's trend does (the year before the candidate set beside the
///   same months before it, within [`SHIFT_TREND`]);
/// - the signed root of the likelihood ratio of that split (the split
///   seen against the one a steady series gives) is at least [`SHIFT_Z`]
///   standard deviations, and still is with the figure that weighs most
///   toward the shift left out, so that one wild figure is not a shift;
/// - the candidate itself is nearer the new level than the old one
///   (beyond the logarithmic mean of the two), so that the shift is not
///   reported a period early;
/// - on the year either side of the candidate, the level moves the same
///   way by [`SHIFT_LOCAL`] or more, with a likelihood ratio of at least
///   [`SHIFT_LOCAL_G`].
///
/// Of the candidates that pass, the one with the largest likelihood ratio
/// of a change on the year either side is reported (the earliest of
/// equals): the most likely period of the change, since a run from a few
/// periods early also takes in the shift. At least `needed` figures (and
/// 6) before it, and 3 from it. The position in `points`, and the shift.
fn level_shift(points: &[Point], per_year: i32, needed: usize) -> Option<(usize, Shift)> {
    if per_year < 2 {
        return None;
    }
    let mut best: Option<(usize, f64, Shift)> = None;
    for m in needed.max(6)..points.len().saturating_sub(2) {
        if let Some((_, found)) = shift_at(points, per_year, m) {
            let (local, ratio) = local_change(points, m, per_year);
            let up = found.factor > 1.0;
            let near = if up {
                ratio >= SHIFT_LOCAL
            } else {
                ratio * SHIFT_LOCAL <= 1.0
            };
            if !near || local < SHIFT_LOCAL_G {
                continue;
            }
            if best.as_ref().is_none_or(|b| local > b.1) {
                best = Some((m, local, found));
            }
        }
    }
    best.map(|(m, _, found)| (m, found))
}

/// The likelihood ratio of a change of a Poisson level at position `m`,
/// against none, on the year on either side of it: where, near a shift,
/// it most likely happened (a run compared with earlier years takes in a
/// shift a few periods later as well).
fn local_change(points: &[Point], m: usize, per_year: i32) -> (f64, f64) {
    let year = usize::try_from(per_year).unwrap_or(12);
    let side = |from: usize, to: usize| -> (f64, f64) {
        points
            .get(from..to.min(points.len()))
            .unwrap_or_default()
            .iter()
            .fold((0.0, 0.0), |(sum, n), p| (sum + p.value.max(0.0), n + 1.0))
    };
    let (a, na) = side(m.saturating_sub(year), m);
    let (b, nb) = side(m, m.saturating_add(year));
    let part = |sum: f64, n: f64| {
        if sum > 0.0 && n > 0.0 {
            sum * (sum / n).ln()
        } else {
            0.0
        }
    };
    let ratio = if a > 0.0 && na > 0.0 && nb > 0.0 {
        (b / nb) / (a / na)
    } else {
        f64::INFINITY
    };
    (
        2.0 * (part(a, na) + part(b, nb) - part(a + b, na + nb)),
        ratio,
    )
}

/// One figure from a candidate level shift with what it is compared
/// with: its value, the sum and number of its comparisons.
#[derive(Clone, Copy, Debug)]
struct Compared {
    /// Its place among the figures from the candidate.
    at: usize,
    value: f64,
    sum: f64,
    n: f64,
}

impl Compared {
    /// The comparisons' level: their mean.
    fn base(&self) -> f64 {
        self.sum / self.n.max(1.0)
    }
}

/// The signed root of the likelihood ratio of `compared` splitting its
/// total between the figures and their comparisons as it does, against
/// the split of a steady series; and the ratio of the figures to their
/// comparisons' level. `None` when there is nothing to compare.
fn split_test(compared: &[Compared]) -> Option<(f64, f64)> {
    let after: f64 = compared.iter().map(|c| c.value.max(0.0)).sum();
    let before: f64 = compared.iter().map(|c| c.sum.max(0.0)).sum();
    // The share of the total the figures would have in a steady series:
    // each weighs its comparisons' level, once for itself and n times for
    // its n comparisons.
    let own: f64 = compared.iter().map(Compared::base).sum();
    let all: f64 = compared.iter().map(|c| c.base() * (1.0 + c.n)).sum();
    let total = after + before;
    if own <= 0.0 || all <= own || total <= 0.0 {
        return None;
    }
    let expected = own / all;
    let seen = after / total;
    let term = |count: f64, share: f64, steady: f64| {
        if count > 0.0 {
            count * (share / steady).ln()
        } else {
            0.0
        }
    };
    let g = 2.0 * (term(after, seen, expected) + term(before, 1.0 - seen, 1.0 - expected));
    let z = g.max(0.0).sqrt().copysign(seen - expected);
    Some((z, after / own))
}

/// The sum and number of the tame figures of `earlier` (in the order of
/// their positions) at the same month (quarter, half) as `position`, one
/// to [`SHIFT_YEARS`] years before it.
fn same_months(earlier: &[Point], position: i32, per_year: i32) -> (f64, f64) {
    (1..=SHIFT_YEARS)
        .map(|years| position - years * per_year)
        .flat_map(|at| {
            let from = earlier.partition_point(|p| p.position < at);
            let to = earlier.partition_point(|p| p.position <= at);
            earlier.get(from..to).unwrap_or_default()
        })
        .filter(|p| p.tame)
        .fold((0.0, 0.0), |(sum, n), p| (sum + p.value.max(0.0), n + 1.0))
}

/// The figures of the year before position `m`, each with the same month
/// one and two years before it.
fn year_before(points: &[Point], per_year: i32, m: usize) -> Vec<Compared> {
    let Some(me) = points.get(m) else {
        return Vec::new();
    };
    let from = me.position - per_year;
    let earlier = points.get(..m).unwrap_or_default();
    earlier
        .iter()
        .enumerate()
        .filter(|(_, p)| p.position >= from)
        .filter_map(|(at, p)| {
            let (sum, n) = same_months(earlier, p.position, per_year);
            (n > 0.0).then_some(Compared {
                at,
                value: p.value,
                sum,
                n,
            })
        })
        .collect()
}

/// The level shift at position `m` of `points`, if the tests of
/// [`level_shift`] pass there: the strength of the likelihood ratio (its
/// signed root, as a number of standard deviations), and the shift.
fn shift_at(points: &[Point], per_year: i32, m: usize) -> Option<(f64, Shift)> {
    let earlier = points.get(..m)?;
    let later = points.get(m..)?;
    let compared: Vec<Compared> = later
        .iter()
        .enumerate()
        .filter_map(|(at, me)| {
            let (sum, n) = same_months(earlier, me.position, per_year);
            (n > 0.0).then_some(Compared {
                at,
                value: me.value,
                sum,
                n,
            })
        })
        .collect();
    let first = later.first()?;
    if compared.len() < 3 || compared.first().is_none_or(|c| c.at != 0) {
        return None;
    }
    let by_month = split_test(&compared)?;
    // A small count's season is lost in its noise: its figures from the
    // candidate can be set beside all of the two years before it.
    let from = first.position - 2 * per_year;
    let (sum, n) = earlier
        .iter()
        .filter(|p| p.tame && p.position >= from)
        .fold((0.0, 0.0), |(sum, n), p| (sum + p.value.max(0.0), n + 1.0));
    let k = later.len() as f64;
    let pooled: Vec<Compared> = later
        .iter()
        .enumerate()
        .map(|(at, p)| Compared {
            at,
            value: p.value,
            sum: sum / k,
            n: n / k,
        })
        .collect();
    let small = n >= 12.0 && sum / n <= SHIFT_SMALL;
    let (compared, (z, factor)) = match split_test(&pooled) {
        Some(test) if small && test.0.abs() > by_month.0.abs() => (pooled, test),
        _ => (compared, by_month),
    };
    // What a trend does: the year before the candidate against the same
    // months earlier, within what a trend can be.
    let trend = split_test(&year_before(points, per_year, m)).map_or(1.0, |(_, ratio)| {
        ratio.clamp(1.0 / SHIFT_TREND, SHIFT_TREND)
    });
    let beyond = factor / trend;
    let up = beyond >= SHIFT_RATIO;
    if !up && beyond * SHIFT_RATIO > 1.0 {
        return None;
    }
    if z.abs() < SHIFT_Z || up != (z > 0.0) {
        return None;
    }
    // Not one wild figure: the test still passes without the figure that
    // weighs most toward the shift.
    let toward = |c: &Compared| {
        let gap = c.value - c.base();
        if up { gap } else { -gap }
    };
    let heaviest = (0..compared.len()).max_by(|&a, &b| {
        let at = |k: usize| compared.get(k).map_or(0.0, toward);
        at(a).total_cmp(&at(b))
    })?;
    let rest: Vec<Compared> = compared
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != heaviest)
        .map(|(_, c)| *c)
        .collect();
    let (z_rest, _) = split_test(&rest)?;
    if z_rest.abs() < SHIFT_Z || up != (z_rest > 0.0) {
        return None;
    }
    // The candidate is at the new level, not the figure before a shift.
    let candidate = compared.first()?;
    let base = candidate.base().max(0.5);
    let new_level = factor * base;
    let middle = (new_level - base) / (new_level / base).ln();
    if up != (candidate.value > middle) {
        return None;
    }
    let values = |from: &[Point]| median_of(from.iter().map(|p| p.value));
    let before = earlier.get(m.saturating_sub(12)..)?;
    let after = later.get(..later.len().min(12))?;
    Some((
        z.abs(),
        Shift {
            index: first.index,
            before: values(before),
            after: values(after),
            factor,
            before_count: before.len(),
            after_count: after.len(),
        },
    ))
}

/// How many years back the figures from a candidate level shift are
/// compared with the same month.
const SHIFT_YEARS: i32 = 2;

/// The least ratio of the figures from a level shift to the same months
/// before (a trend of +25% a year gives 1.25).
const SHIFT_RATIO: f64 = 1.5;

/// The greatest level a month (over the two years before a candidate
/// shift) at which a season is taken to be lost in a count's noise: a
/// season of ±35% moves a month by less than the square root of its level.
const SHIFT_SMALL: f64 = 8.0;

/// How many spreads from its expected level (in its whole series) a
/// figure is too wild to be compared with at a level shift.
const SHIFT_WILD: f64 = 4.5;

/// The least ratio of the year from a level shift to the year before it.
const SHIFT_LOCAL: f64 = 1.3;

/// The least likelihood ratio of a change at a level shift on the year
/// either side of it (9: three standard deviations).
const SHIFT_LOCAL_G: f64 = 9.0;

/// The greatest year-on-year growth (and its inverse, the greatest fall)
/// taken for a trend rather than a shift.
const SHIFT_TREND: f64 = 1.3;

/// How many standard deviations the likelihood ratio of a level shift
/// needs (its signed root): a series is scanned at every period, so this
/// is far beyond the 2 or 3 of a single test.
const SHIFT_Z: f64 = 4.5;

#[cfg(test)]
mod tests {
    use super::*;

    fn points(values: &[f64]) -> Vec<Point> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Point {
                position: i as i32,
                value,
                index: i,
                tame: true,
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
        let (at, shift) = level_shift(&points(&values), 12, 6).unwrap();
        assert_eq!(at, 12);
        assert_eq!(shift.before, 40.0);
        assert_eq!(shift.after, 80.0);
    }

    #[test]
    fn a_small_count_that_doubles_for_long_is_a_level_shift() {
        // 24 months cycling 3, 4, 5, 4 (4 a month), then 18 cycling 7, 8,
        // 9, 8 (8 a month). Against the two years before: 144 of the 240
        // counted are from the shift, where a steady series gives 18 of 42
        // months' worth, 3/7: the likelihood ratio 2 (144 ln(0.6 / (3/7)) +
        // 96 ln(0.4 / (4/7))) = 28.4, 5.3 standard deviations (5.1 without
        // the largest month); the year either side, 48 against 96, is
        // twice the level. Month by month the change (4) is within a
        // count's noise: only the whole run tells it.
        let mut values: Vec<f64> = [3.0, 4.0, 5.0, 4.0].repeat(6);
        values.extend([7.0, 8.0, 9.0, 8.0].repeat(5).iter().take(18));
        let (at, shift) = level_shift(&points(&values), 12, 6).unwrap();
        assert_eq!(at, 24);
        assert_eq!((shift.before, shift.after), (4.0, 8.0));
        // About twice (the months set beside one year or two weigh a
        // little differently), as the message rounds it.
        assert_eq!(format!("{:.1}", shift.factor), "2.0");
    }

    #[test]
    fn one_wild_month_is_not_a_level_shift() {
        let mut values = vec![40.0; 12];
        values.extend([400.0, 41.0, 39.0, 40.0, 42.0, 38.0]);
        assert!(level_shift(&points(&values), 12, 6).is_none());
    }

    #[test]
    fn a_small_count_series_has_no_shift_from_noise() {
        // Counts of 0 to 3: a move from 1 to 3 is within 3 × √1 of noise.
        let values = [
            0.0, 1.0, 2.0, 0.0, 1.0, 3.0, 1.0, 0.0, 2.0, 2.0, 3.0, 2.0, 1.0, 3.0,
        ];
        assert!(level_shift(&points(&values), 12, 6).is_none());
    }

    #[test]
    fn mad_of_a_constant_is_zero() {
        assert_eq!(mad_sd(&[5.0, 5.0, 5.0]), 0.0);
        // Deviations from 3: 2, 1, 0, 1, 2 → median 1 → 1.4826.
        assert!((mad_sd(&[1.0, 2.0, 3.0, 4.0, 5.0]) - 1.4826).abs() < 1e-12);
    }
}
