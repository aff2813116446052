//! Outliers: a value far from the level its own series leads one to
//! expect, a digit-like slip (an extra digit, a missing one, two digits
//! swapped), a zero in a series that is never zero, a series that moves to
//! a new level, or a value outside a declared band.

use std::collections::{BTreeMap, BTreeSet};

use crate::country::Country;
use crate::figure::observation::{Observation, Series};
use crate::figure::value::Value;
use crate::findings::{Finding, Location};
use crate::indicator::Indicator;
use crate::period::{Period, PeriodKind};
use crate::rules::RuleId;

use super::baseline::{Baselines, Expected, median, number, sorted};
use super::{Context, about, general};

/// How a value is compared with the other figures of its series.
///
/// The default, [`OutlierMethod::Expected`], compares each figure with the
/// level its series leads one to expect (the figures within a year either
/// side of it, the same month in other years, and the noise of a count).
/// The two others are DHIS2's outlier methods, kept for data teams used to
/// them; they compare a figure with the earlier periods only.
///
/// ```
/// use impact_metrics::{validate::OutlierMethod, validate::Outliers};
/// assert_eq!(Outliers::default().method, OutlierMethod::Expected);
/// assert_eq!(Outliers::z_score(3.0).method, OutlierMethod::ZScore);
/// assert_eq!(Outliers::modified_z_score(3.5).method, OutlierMethod::ModifiedZScore);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OutlierMethod {
    /// How many spreads the value is from its expected level: the median
    /// of the other figures of its series within a year either side of it,
    /// times the median of how the same month (quarter, half) stood in the
    /// other years; the spread is the median absolute deviation of those
    /// figures from their own expected levels (× 1.4826), never below the
    /// noise of a count (the square root of its level) or of a rate (its
    /// binomial spread). The rule is `outlier.level`.
    Expected,
    /// DHIS2's z-score: how many standard deviations the value is from the
    /// mean of its earlier periods, `|x - mean| / sd`, with the sample
    /// standard deviation (DHIS2's default threshold is 3). The rule is
    /// `outlier.zscore`.
    ZScore,
    /// DHIS2's modified z-score, after Iglewicz and Hoaglin, which a few
    /// wild values in the history do not sway:
    /// `0.6745 * |x - median| / MAD`, where MAD is the median of the
    /// earlier periods' absolute deviations from their median (when that is
    /// zero, `1.253314 *` the mean absolute deviation stands in for
    /// `MAD / 0.6745`); the usual threshold is 3.5. The rule is
    /// `outlier.modified_zscore`.
    ModifiedZScore,
}

/// The outlier settings: method, threshold and the history needed.
///
/// A figure's series is its indicator, country, channel and partner, with
/// periods of the same length: a month is compared with months, a quarter
/// with quarters. A value whose score is above the threshold is flagged. A
/// figure with fewer other periods than `min_history` to compare with (in a
/// year either side for [`OutlierMethod::Expected`], earlier for DHIS2's
/// methods) is not checked; one note (`outlier.skipped`) says how many
/// figures, in how many series, were not checked, rather than a note for
/// each.
///
/// The defaults, [`Outliers::expected`] above 4.5 with 6 other periods,
/// were chosen on generated partner data (counts with seasonality, trend
/// and Poisson noise, rare indicators at 0 to 3 a month): they flag few
/// clean figures while finding most wrong ones (the measured figures are
/// in the [`validate`](crate::validate) module's docs). Counts are
/// compared as numbers, rates as percentages.
///
/// ```
/// use impact_metrics::validate::Outliers;
/// let settings = Outliers::z_score(2.5).with_min_history(4);
/// assert_eq!((settings.threshold, settings.min_history), (2.5, 4));
/// assert_eq!(Outliers::default(), Outliers::expected(4.5));
/// assert_eq!(Outliers::default().min_history, 6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct Outliers {
    /// The method.
    pub method: OutlierMethod,
    /// The score above which a value is flagged.
    pub threshold: f64,
    /// The fewest other periods the check needs.
    pub min_history: usize,
}

impl Default for Outliers {
    /// The expected-level method, above 4.5 spreads, with at least 6 other
    /// periods.
    fn default() -> Outliers {
        Outliers::expected(4.5)
    }
}

impl Outliers {
    /// The expected-level method with this threshold, needing 6 other
    /// periods within a year of the figure.
    ///
    /// ```
    /// use impact_metrics::{validate::OutlierMethod, validate::Outliers};
    /// let settings = Outliers::expected(5.0);
    /// assert_eq!((settings.method, settings.min_history), (OutlierMethod::Expected, 6));
    /// ```
    #[must_use]
    pub fn expected(threshold: f64) -> Outliers {
        Outliers {
            method: OutlierMethod::Expected,
            threshold,
            min_history: 6,
        }
    }

    /// DHIS2's z-score method with this threshold (DHIS2 uses 3), needing
    /// 3 earlier periods.
    ///
    /// ```
    /// use impact_metrics::{validate::OutlierMethod, validate::Outliers};
    /// assert_eq!(Outliers::z_score(3.0).min_history, 3);
    /// ```
    #[must_use]
    pub fn z_score(threshold: f64) -> Outliers {
        Outliers {
            method: OutlierMethod::ZScore,
            threshold,
            min_history: 3,
        }
    }

    /// DHIS2's modified (median-based) z-score with this threshold
    /// (Iglewicz and Hoaglin suggest 3.5), needing 3 earlier periods.
    ///
    /// ```
    /// use impact_metrics::{validate::OutlierMethod, validate::Outliers};
    /// assert_eq!(Outliers::modified_z_score(3.5).threshold, 3.5);
    /// ```
    #[must_use]
    pub fn modified_z_score(threshold: f64) -> Outliers {
        Outliers {
            method: OutlierMethod::ModifiedZScore,
            ..Outliers::z_score(threshold)
        }
    }

    /// Sets the fewest other periods the check needs (at least 2 are
    /// used, whatever is asked).
    ///
    /// ```
    /// use impact_metrics::validate::Outliers;
    /// assert_eq!(Outliers::default().with_min_history(8).min_history, 8);
    /// ```
    #[must_use]
    pub fn with_min_history(mut self, periods: usize) -> Outliers {
        self.min_history = periods;
        self
    }

    /// The fewest other periods used.
    pub(super) fn needed(&self) -> usize {
        self.min_history.max(2)
    }
}

/// A band a count is expected to stay inside, as DHIS2's min-max values:
/// for one indicator, and for one country or all.
///
/// ```
/// use impact_metrics::{Country, Indicator, validate::MinMax};
/// let band = MinMax::new(Indicator::SURVIVORS_REPATRIATED, 0, 40).with_country(Country::GB);
/// assert!(band.contains(15));
/// assert!(!band.contains(86));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct MinMax {
    /// The indicator.
    pub indicator: Indicator,
    /// The country, or `None` for every country.
    pub country: Option<Country>,
    /// The least expected count.
    pub min: u64,
    /// The greatest expected count.
    pub max: u64,
}

impl MinMax {
    /// A band for an indicator in every country.
    ///
    /// ```
    /// use impact_metrics::{Indicator, validate::MinMax};
    /// assert_eq!(MinMax::new(Indicator::VICTIMS_REMOVED, 5, 50).country, None);
    /// ```
    #[must_use]
    pub fn new(indicator: Indicator, min: u64, max: u64) -> MinMax {
        MinMax {
            indicator,
            country: None,
            min,
            max,
        }
    }

    /// Narrows the band to one country; for that country's figures it
    /// replaces any band for every country.
    ///
    /// ```
    /// use impact_metrics::{Country, Indicator, validate::MinMax};
    /// assert_eq!(MinMax::new(Indicator::VICTIMS_REMOVED, 5, 50).with_country(Country::BD).country, Some(Country::BD));
    /// ```
    #[must_use]
    pub fn with_country(mut self, country: Country) -> MinMax {
        self.country = Some(country);
        self
    }

    /// Whether a count lies inside the band, ends included.
    ///
    /// ```
    /// use impact_metrics::{Indicator, validate::MinMax};
    /// let band = MinMax::new(Indicator::VICTIMS_REMOVED, 5, 50);
    /// assert!(band.contains(5) && band.contains(50) && !band.contains(51));
    /// ```
    #[must_use]
    pub fn contains(&self, count: u64) -> bool {
        self.min <= count && count <= self.max
    }
}

fn kind_plural(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Year => "years",
        PeriodKind::Half => "half-years",
        PeriodKind::Quarter => "quarters",
        PeriodKind::Month => "months",
    }
}

/// The score of `x` against `history`, and the centre and spread used,
/// with their names.
fn score(method: OutlierMethod, x: f64, history: &[f64]) -> (f64, [(&'static str, f64); 2]) {
    let n = history.len() as f64;
    match method {
        OutlierMethod::ZScore | OutlierMethod::Expected => {
            let mean = history.iter().sum::<f64>() / n;
            let squares: f64 = history.iter().map(|v| (v - mean) * (v - mean)).sum();
            let sd = (squares / (n - 1.0).max(1.0)).sqrt();
            let z = if sd > 0.0 {
                (x - mean).abs() / sd
            } else if x == mean {
                0.0
            } else {
                f64::INFINITY
            };
            (z, [("mean", mean), ("standard deviation", sd)])
        }
        OutlierMethod::ModifiedZScore => {
            let history = sorted(history.to_vec());
            let centre = median(&history);
            let deviations = sorted(history.iter().map(|v| (v - centre).abs()).collect());
            let mad = median(&deviations);
            let mean_ad = deviations.iter().sum::<f64>() / n;
            let distance = (x - centre).abs();
            let z = if mad > 0.0 {
                0.6745 * distance / mad
            } else if mean_ad > 0.0 {
                distance / (1.253314 * mean_ad)
            } else if distance == 0.0 {
                0.0
            } else {
                f64::INFINITY
            };
            (z, [("median", centre), ("median absolute deviation", mad)])
        }
    }
}

fn round2(x: f64) -> String {
    if x.is_infinite() {
        "infinite".to_string()
    } else {
        let text = format!("{x:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "-0" {
            "0".to_string()
        } else {
            text.to_string()
        }
    }
}

/// The outlier rules: level shifts, digit-like slips and zeros (from the
/// expected levels), then values far from their series by the chosen
/// method, then the declared bands. Figures in `explained` (found by
/// another rule that names the cause) are not reported as bare outliers.
pub(super) fn check(
    cx: &Context<'_>,
    settings: &Outliers,
    bands: &[MinMax],
    baselines: &Baselines,
    mut explained: BTreeSet<usize>,
    out: &mut Vec<Finding>,
) {
    let data = cx.figures();
    for shift in &baselines.shifts {
        if let Some(figure) = data.get(shift.index) {
            out.push(shift_finding(cx, shift.index, figure, shift));
        }
    }
    // One finding a figure: a slip explains a value that is also far from
    // its level.
    for (index, figure) in data.iter().enumerate() {
        if explained.contains(&index) {
            continue;
        }
        let (Some(expected), Value::Count(x)) = (baselines.of(index), figure.value) else {
            continue;
        };
        if let Some(finding) = slip(cx, index, figure, x, &expected) {
            explained.insert(index);
            out.push(finding);
        }
    }
    match settings.method {
        OutlierMethod::Expected => {
            for (index, figure) in data.iter().enumerate() {
                let (Some(expected), Some(x)) = (baselines.of(index), number(&figure.value)) else {
                    continue;
                };
                if !explained.contains(&index) {
                    level_check(cx, settings, index, figure, x, &expected, out);
                }
            }
            let mut unchecked: Vec<usize> = baselines.unchecked(cx).collect();
            if !unchecked.is_empty() {
                cx.ordered(&mut unchecked);
                let first = unchecked
                    .iter()
                    .map(|&i| cx.location(i))
                    .min()
                    .unwrap_or_default();
                out.push(not_enough_history(
                    unchecked.len(),
                    baselines.unchecked_series,
                    baselines.needed,
                    "other periods of the same length within a year of them",
                    first,
                ));
            }
        }
        OutlierMethod::ZScore | OutlierMethod::ModifiedZScore => {
            dhis2(cx, settings, &explained, out);
        }
    }
    if !bands.is_empty() {
        for (index, figure) in data.iter().enumerate() {
            band_check(cx, bands, index, figure, out);
        }
    }
}

/// The least score at which a digit-like slip is reported: a slip has a
/// cause to name, so it needs less distance than a bare outlier.
const SLIP_SCORE: f64 = 3.0;

/// The least expected level at which a 0 is reported in a series that is
/// (all but once) never 0 around it: a Poisson count at this level is 0
/// about twice in 1,000.
const ZERO_LEVEL: f64 = 6.2;

/// The greatest Poisson chance of a count so small that it is taken for a
/// missing digit.
const MISSING_DIGIT_CHANCE: f64 = 0.005;

/// The greatest score of the value with its digits put back.
const SWAP_FIT: f64 = 2.5;

/// How much likelier the value with its digits put back must be than the
/// value as written, as the difference of their squared scores (5.5: the
/// swapped value's density, on a normal curve around the level, at least
/// e^2.75, about 16 times the written one's). So a value is taken for a
/// transposition only from √5.5 ≈ 2.35 spreads away, and then only when
/// the swap lands right at the level; one 3 spreads away when the swap
/// puts it within 1.9. Set on the generated datasets of seeds 21 to 60,
/// as the level shift's thresholds.
const SWAP_ODDS: f64 = 5.5;

/// Whether `score`, a value's distance from its level in spreads, and
/// `swapped`, the distance of the value with two digits swapped, say that
/// the digits were swapped: the swap is plausible ([`SWAP_FIT`]) and much
/// likelier than what was written ([`SWAP_ODDS`]).
fn swap_explains(score: f64, swapped: f64) -> bool {
    swapped <= SWAP_FIT && score * score - swapped * swapped >= SWAP_ODDS
}

/// The chance that a Poisson count of mean `level` is at most `x`.
fn poisson_at_most(x: u64, level: f64) -> f64 {
    let mut term = (-level).exp();
    let mut total = term;
    for k in 1..=x.min(1000) {
        term *= level / k as f64;
        total += term;
    }
    total
}

/// The period length's name, in the plural, for messages.
fn kind_words(figure: &Observation) -> &'static str {
    kind_plural(figure.period.kind())
}

/// A level or band for a person: a count as a whole number, a rate as a
/// percentage with up to 2 decimals.
fn shown(figure: &Observation, x: f64) -> String {
    match figure.value {
        Value::Count(_) => format!("{:.0}", x.max(0.0)),
        _ => format!("{}%", round2(x)),
    }
}

/// "expected about 30 to 60 from the 23 other months within a year of it".
fn expectation(figure: &Observation, expected: &Expected) -> String {
    let (low, high) = expected.band(2.0);
    format!(
        "expected about {} to {} from the {} other {} within a year of it",
        shown(figure, low),
        shown(figure, high),
        expected.others,
        kind_words(figure)
    )
}

/// The counts made by swapping two neighbouring digits of `x`, without a
/// leading zero.
fn transpositions(x: u64) -> Vec<u64> {
    let digits: Vec<u8> = x.to_string().into_bytes();
    let mut out = Vec::new();
    for i in 0..digits.len().saturating_sub(1) {
        let mut swapped = digits.clone();
        swapped.swap(i, i + 1);
        if swapped == digits || swapped.first() == Some(&b'0') {
            continue;
        }
        if let Some(y) = std::str::from_utf8(&swapped)
            .ok()
            .and_then(|t| t.parse::<u64>().ok())
        {
            out.push(y);
        }
    }
    out
}

/// A digit-like slip or a zero: an extra digit (about ten times the
/// level), a missing one (about a tenth), two digits swapped (a swap gives
/// a plausible value), or a 0 where the series is never 0.
fn slip(
    cx: &Context<'_>,
    index: usize,
    figure: &Observation,
    x: u64,
    expected: &Expected,
) -> Option<Finding> {
    let value = x as f64;
    let level = expected.level;
    let score = expected.score(value);
    let head = format!("{}: {}", cx.describe(figure), expectation(figure, expected));
    let plausible = |y: f64| shown(figure, y);
    let (rule, message) = if level <= 0.0 {
        return None;
    } else if score >= SLIP_SCORE && x >= 10 && (6.0..=16.0).contains(&(value / level)) {
        (
            RuleId::OUTLIER_DIGIT,
            format!(
                "{head}; {x} looks like an extra digit ({} would be plausible); check the figure \
                 with the partner",
                plausible(value / 10.0)
            ),
        )
    } else if x > 0
        && (0.04..=0.2).contains(&(value / level))
        && poisson_at_most(x, level) < MISSING_DIGIT_CHANCE
    {
        (
            RuleId::OUTLIER_DIGIT,
            format!(
                "{head}; {x} looks like a missing digit (a value near {} would be plausible); \
                 check the figure with the partner",
                plausible(value * 10.0)
            ),
        )
    } else if let Some(y) = transpositions(x)
        .into_iter()
        .find(|&y| swap_explains(score, expected.score(y as f64)))
    {
        (
            RuleId::OUTLIER_DIGIT,
            format!(
                "{head}; {x} looks like {y} with two digits swapped; check the figure with the \
                 partner"
            ),
        )
    } else if x == 0 && level >= ZERO_LEVEL && expected.zeros <= 1 {
        (
            RuleId::OUTLIER_UNEXPECTED_ZERO,
            format!(
                "{head}, and at most one of them is 0; a 0 often stands for a figure not yet counted: \
                 leave the row out until it is, or confirm the 0 with the partner"
            ),
        )
    } else {
        return None;
    };
    Some(
        about(cx, index, rule, message)
            .with_value("expected", shown(figure, level))
            .with_value("score", round2(score)),
    )
}

/// A value far from its expected level (`outlier.level`). A value that
/// equals another indicator's figure for the same place and period is
/// reported from a lower score, with the other indicator named: a value
/// typed in the wrong row.
fn level_check(
    cx: &Context<'_>,
    settings: &Outliers,
    index: usize,
    figure: &Observation,
    x: f64,
    expected: &Expected,
    out: &mut Vec<Finding>,
) {
    let score = expected.score(x);
    if score <= SLIP_SCORE.min(settings.threshold) {
        return;
    }
    let twin = if matches!(figure.value, Value::Count(_)) {
        cx.figures()
            .iter()
            .filter(|other| {
                other.indicator != figure.indicator
                    && other.country == figure.country
                    && other.channel == figure.channel
                    && other.partner == figure.partner
                    && other.period == figure.period
                    && other.value == figure.value
            })
            .min_by_key(|other| other.indicator)
    } else {
        None
    };
    if score <= settings.threshold && twin.is_none() {
        return;
    }
    let because = match twin {
        Some(other) => format!(
            "; it equals the {} figure for the same {}, so it may be that indicator's value typed \
             in the wrong row",
            other.indicator,
            kind_words(figure).trim_end_matches('s')
        ),
        None => String::new(),
    };
    out.push(
        about(
            cx,
            index,
            RuleId::OUTLIER_LEVEL,
            format!(
                "{}: {}; {} is {} spreads from the expected {}{because}; check the figure with the \
                 partner",
                cx.describe(figure),
                expectation(figure, expected),
                shown(figure, x),
                round2(score),
                shown(figure, expected.level)
            ),
        )
        .with_value("expected", shown(figure, expected.level))
        .with_value("spread", round2(expected.spread))
        .with_value("score", round2(score)),
    );
}

/// The one finding of a level shift, at its first period.
fn shift_finding(
    cx: &Context<'_>,
    index: usize,
    figure: &Observation,
    shift: &super::baseline::Shift,
) -> Finding {
    let kind = kind_words(figure);
    let one = match figure.period.kind() {
        PeriodKind::Year => "year",
        PeriodKind::Half => "half-year",
        PeriodKind::Quarter => "quarter",
        PeriodKind::Month => "month",
    };
    let many = |n: i32| match n {
        1 => format!("a {one}"),
        n => format!("up to {n} {kind}"),
    };
    let earlier = match (shift.sooner, shift.later) {
        (0, 0) => String::new(),
        (n, 0) => format!("; the change may have come {} earlier", many(n)),
        (0, m) => format!("; the change may have come {} later", many(m)),
        (n, m) => format!(
            "; the change may have come {} earlier or {} later",
            many(n),
            many(m)
        ),
    };
    let roughly = if earlier.is_empty() { "" } else { "about " };
    about(
        cx,
        index,
        RuleId::OUTLIER_LEVEL_SHIFT,
        format!(
            "{}: from {roughly}this period on, about {} times the level the {kind} before predict for \
             these {kind}, trend and season included (about {} a {one} in the {} {kind} before, \
             {} in the {} from it{earlier}); a change of definition or of reporting would do \
             this: confirm it with the partner, and say so beside any total or growth that spans \
             it",
            cx.describe(figure),
            round_factor(shift.factor),
            shown(figure, shift.before),
            shift.before_count,
            shown(figure, shift.after),
            shift.after_count
        ),
    )
    .with_value("before", shown(figure, shift.before))
    .with_value("after", shown(figure, shift.after))
    .with_value("factor", round_factor(shift.factor))
}

/// A ratio for a person: one decimal ("2.1"), two below 1 ("0.45").
fn round_factor(x: f64) -> String {
    if x < 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.1}")
    }
}

/// DHIS2's methods: each figure against its earlier periods.
fn dhis2(
    cx: &Context<'_>,
    settings: &Outliers,
    explained: &BTreeSet<usize>,
    out: &mut Vec<Finding>,
) {
    let data = cx.figures();
    let rule = match settings.method {
        OutlierMethod::ModifiedZScore => RuleId::OUTLIER_MODIFIED_ZSCORE,
        _ => RuleId::OUTLIER_ZSCORE,
    };
    let mut series: BTreeMap<(Series, PeriodKind), Vec<(Period, f64)>> = BTreeMap::new();
    for figure in data {
        if let Some(x) = number(&figure.value) {
            series
                .entry((figure.series(), figure.period.kind()))
                .or_default()
                .push((figure.period, x));
        }
    }
    for points in series.values_mut() {
        points.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    }
    let needed = settings.needed();
    let mut skipped: usize = 0;
    let mut skipped_series: BTreeSet<&(Series, PeriodKind)> = BTreeSet::new();
    let mut first: Option<Location> = None;
    for (index, figure) in data.iter().enumerate() {
        let Some(x) = number(&figure.value) else {
            continue;
        };
        let key = (figure.series(), figure.period.kind());
        let Some((key, points)) = series.get_key_value(&key) else {
            continue;
        };
        let history: Vec<f64> = points
            .iter()
            .filter(|(p, _)| *p < figure.period)
            .map(|&(_, v)| v)
            .collect();
        if history.len() < needed {
            skipped = skipped.saturating_add(1);
            skipped_series.insert(key);
            let at = cx.location(index);
            if first.as_ref().is_none_or(|f| at < *f) {
                first = Some(at);
            }
            continue;
        }
        if !explained.contains(&index) {
            history_check(cx, settings, &rule, index, figure, x, &history, out);
        }
    }
    if skipped > 0 {
        out.push(not_enough_history(
            skipped,
            skipped_series.len(),
            needed,
            "earlier periods of the same length",
            first.unwrap_or_default(),
        ));
    }
}

/// The one note (`outlier.skipped`) for every figure with too little
/// history to be checked: how many figures, in how many series, and the
/// earlier periods needed; it is located at the first of them (by file
/// and line). One note and not one per figure, because a
/// series' first periods never have history, and a note for each would
/// bury the findings that matter.
fn not_enough_history(
    figures: usize,
    series: usize,
    needed: usize,
    compared: &str,
    first: Location,
) -> Finding {
    let figures_words = if figures == 1 {
        "1 figure".to_string()
    } else {
        format!("{figures} figures")
    };
    let series_words = if series == 1 {
        "1 series".to_string()
    } else {
        format!("{series} series")
    };
    let has = if figures == 1 { "has" } else { "have" };
    let here = if first.source.is_none() && first.line.is_none() {
        ""
    } else if figures == 1 {
        "; it is here"
    } else {
        "; the first is here"
    };
    general(
        RuleId::OUTLIER_SKIPPED,
        format!(
            "not enough history for outlier checks: {figures_words} in {series_words} {has} fewer \
             than {needed} {compared} (months are compared with months, quarters with quarters), so \
             they are not checked for outliers{here}"
        ),
    )
    .with_location(first)
    .with_value("figures", figures)
    .with_value("series", series)
    .with_value("needed", needed)
}

#[allow(clippy::too_many_arguments)]
fn history_check(
    cx: &Context<'_>,
    settings: &Outliers,
    rule: &str,
    index: usize,
    figure: &Observation,
    x: f64,
    history: &[f64],
    out: &mut Vec<Finding>,
) {
    let kind = kind_plural(figure.period.kind());
    let (z, [(centre_name, centre), (spread_name, spread)]) = score(settings.method, x, history);
    if z <= settings.threshold {
        return;
    }
    let shown: Vec<String> = history.iter().map(|v| round2(*v)).collect();
    let distance = match settings.method {
        OutlierMethod::ZScore | OutlierMethod::Expected => "standard deviations",
        OutlierMethod::ModifiedZScore => "in modified z-score",
    };
    out.push(
        about(
            cx,
            index,
            rule,
            format!(
                "{}: {} {distance} from its {} earlier {kind} ({}: {centre_name} {}, {spread_name} {}), \
                 above the threshold {}; check the figure with the partner",
                cx.describe(figure),
                round2(z),
                history.len(),
                shown.join(", "),
                round2(centre),
                round2(spread),
                settings.threshold
            ),
        )
        .with_value("score", round2(z))
        .with_value(centre_name, round2(centre))
        .with_value(spread_name, round2(spread))
        .with_value("history", shown.join(", ")),
    );
}

fn band_check(
    cx: &Context<'_>,
    bands: &[MinMax],
    index: usize,
    figure: &Observation,
    out: &mut Vec<Finding>,
) {
    let Value::Count(count) = figure.value else {
        return;
    };
    let mine = |country: Option<Country>| {
        bands
            .iter()
            .filter(move |b| b.indicator == figure.indicator && b.country == country)
    };
    let own: Vec<&MinMax> = match figure.country {
        Some(country) if mine(Some(country)).next().is_some() => mine(Some(country)).collect(),
        _ => mine(None).collect(),
    };
    for band in own {
        if band.contains(count) {
            continue;
        }
        let side = if count < band.min { "below" } else { "above" };
        let whom = match band.country {
            Some(country) => format!("{} in {country}", band.indicator),
            None => band.indicator.to_string(),
        };
        out.push(
            about(
                cx,
                index,
                RuleId::OUTLIER_MIN_MAX,
                format!(
                    "{}: {count} is {side} the band {} to {} expected for {whom}; check the figure",
                    cx.describe(figure),
                    band.min,
                    band.max
                ),
            )
            .with_value("min", band.min)
            .with_value("max", band.max),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        Catalogue, Channel, Dataset, Findings, FiscalCalendar, Location, Severity, Validator, seed,
    };

    /// DHIS2's z-score above 3, on earlier periods.
    fn zscore() -> Validator {
        Validator::new().with_outliers(Outliers::z_score(3.0))
    }

    fn quarters(values: &[u64]) -> Dataset {
        series(FiscalCalendar::SEPTEMBER.quarter(2018, 1).unwrap(), values)
    }

    /// One series of GB's direct victims removed, a figure a period from
    /// `first`, in `uk.csv` from line 2.
    fn series(first: Period, values: &[u64]) -> Dataset {
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        for (i, &n) in values.iter().enumerate() {
            let period = first.offset(i as i64).unwrap();
            data.push_at(
                Observation::new(Indicator::VICTIMS_REMOVED, period, Value::Count(n))
                    .with_country(Country::GB)
                    .with_channel(Channel::Direct),
                Location::in_file("uk.csv").with_line(i as u64 + 2),
            )
            .unwrap();
        }
        data
    }

    #[test]
    fn a_jump_far_from_history_is_a_zscore_outlier() {
        // History 18, 20, 22: mean 20, sample sd 2; 90 is 35 sds away.
        let found = zscore().validate(&quarters(&[18, 20, 22, 90]));
        let flagged: Vec<_> = found.by_rule("outlier.zscore").collect();
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].location.line, Some(5));
        assert_eq!(flagged[0].severity, Severity::Warning);
        assert!(flagged[0].values.contains(&("score".into(), "35".into())));
        assert!(flagged[0].values.contains(&("mean".into(), "20".into())));
        assert!(
            flagged[0]
                .values
                .contains(&("standard deviation".into(), "2".into()))
        );
    }

    #[test]
    fn a_value_within_the_threshold_is_quiet() {
        // 25 is 2.5 sds from 18, 20, 22: under 3.
        let found = zscore().validate(&quarters(&[18, 20, 22, 25]));
        assert_eq!(found.by_rule("outlier.zscore").count(), 0);
        // The first three quarters have 0, 1 and 2 earlier quarters: not
        // checked, and said so in one note for the three.
        let skipped: Vec<_> = found.by_rule("outlier.skipped").collect();
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].severity, Severity::Note);
        assert!(
            skipped[0].message.starts_with(
                "not enough history for outlier checks: 3 figures in 1 series have fewer than 3 \
                 earlier periods"
            ),
            "{}",
            skipped[0].message
        );
        assert!(skipped[0].values.contains(&("figures".into(), "3".into())));
        assert!(skipped[0].values.contains(&("series".into(), "1".into())));
        // Located at the first of the three, the file's line 2.
        assert_eq!(skipped[0].location.line, Some(2));
    }

    #[test]
    fn the_modified_zscore_resists_a_wild_value_in_the_history() {
        // History 20, 21, 22, 500: a mean-based rule is dragged up by 500, a
        // median-based one is not. 60: median 21.5, MAD 1 (deviations 0.5,
        // 0.5, 1.5, 478.5 → median 1), so 0.6745 * 38.5 / 1 = 25.97.
        let data = quarters(&[20, 21, 22, 500, 60]);
        let median_based = Validator::new()
            .with_outliers(Outliers::modified_z_score(3.5))
            .validate(&data);
        let flagged: Vec<_> = median_based
            .by_rule("outlier.modified_zscore")
            .filter(|f| f.location.line == Some(6))
            .collect();
        assert_eq!(flagged.len(), 1, "{median_based}");
        assert!(
            flagged[0]
                .values
                .contains(&("score".into(), "25.97".into()))
        );
        let mean_based = zscore().validate(&data);
        assert_eq!(
            mean_based
                .by_rule("outlier.zscore")
                .filter(|f| f.location.line == Some(6))
                .count(),
            0
        );
    }

    #[test]
    fn a_constant_history_flags_any_change() {
        let found = zscore().validate(&quarters(&[5, 5, 5, 6]));
        let flagged: Vec<_> = found.by_rule("outlier.zscore").collect();
        assert_eq!(flagged.len(), 1);
        assert!(
            flagged[0]
                .values
                .contains(&("score".into(), "infinite".into()))
        );
        assert_eq!(
            zscore()
                .validate(&quarters(&[5, 5, 5, 5]))
                .by_rule("outlier.zscore")
                .count(),
            0
        );
    }

    #[test]
    fn the_seed_has_no_history_so_every_figure_is_skipped_in_one_note() {
        let report = seed::h1_2020_21().unwrap();
        let found = Validator::new().validate(&report.figures);
        // FIGURES.md: 24 figures, each its own series (indicator, country,
        // channel), none with an earlier period.
        let skipped: Vec<_> = found.by_rule("outlier.skipped").collect();
        assert_eq!(skipped.len(), 1);
        assert!(
            skipped[0].message.contains("24 figures in 24 series"),
            "{}",
            skipped[0].message
        );
        assert_eq!(found.by_rule("outlier.zscore").count(), 0);
    }

    #[test]
    fn min_max_bands_fire_outside_and_stay_quiet_inside() {
        let report = seed::h1_2020_21().unwrap();
        // Repatriations: UK 15, Bangladesh 86, Romania 2.
        let found = Validator::new()
            .with_band(MinMax::new(Indicator::SURVIVORS_REPATRIATED, 3, 100))
            .with_band(
                MinMax::new(Indicator::SURVIVORS_REPATRIATED, 0, 10).with_country(Country::GB),
            )
            .validate(&report.figures);
        let flagged: Vec<String> = found
            .by_rule("outlier.min_max")
            .map(|f| f.message.clone())
            .collect();
        assert_eq!(flagged.len(), 2, "{flagged:?}");
        assert!(
            flagged
                .iter()
                .any(|m| m.contains("15 is above the band 0 to 10"))
        );
        assert!(
            flagged
                .iter()
                .any(|m| m.contains("2 is below the band 3 to 100"))
        );
        let quiet = Validator::new()
            .with_band(MinMax::new(Indicator::SURVIVORS_REPATRIATED, 0, 100))
            .validate(&report.figures);
        assert_eq!(quiet.by_rule("outlier.min_max").count(), 0);
    }

    /// Monthly figures of one series from Sep 2018, in `uk.csv` from line 2.
    fn months(values: &[u64]) -> Dataset {
        series(FiscalCalendar::SEPTEMBER.month(2018, 1).unwrap(), values)
    }

    /// 24 months cycling 40, 44, 38, 42, 46, 36, with month 12 (the 13th,
    /// line 14) replaced. Its 23 others: 36 ×4, 38 ×4, 40 ×3, 42 ×4, 44 ×4,
    /// 46 ×4, whose 12th is 42; one other September only, so no seasonal
    /// factor: expected 42, spread the count floor √42 ≈ 6.48 (the
    /// residuals, -6 to +4, have a smaller MAD).
    fn with_month_12(value: u64) -> Findings {
        let mut values: Vec<u64> = [40, 44, 38, 42, 46, 36].repeat(4);
        values[12] = value;
        Validator::new().validate(&months(&values))
    }

    fn warnings(found: &Findings) -> Vec<(String, Option<u64>)> {
        found
            .at_least(Severity::Warning)
            .findings()
            .iter()
            .map(|f| (f.rule.to_string(), f.location.line))
            .collect()
    }

    #[test]
    fn an_extra_digit_is_named_with_the_plausible_value() {
        let found = with_month_12(420);
        assert_eq!(warnings(&found), [("outlier.digit".to_string(), Some(14))]);
        let finding = found.by_rule("outlier.digit").next().unwrap();
        assert!(
            finding.message.contains(
                "victims_removed GB direct Sep 2019 = 420: expected about 29 to 55 from the 23 \
                 other months within a year of it; 420 looks like an extra digit (42 would be \
                 plausible)"
            ),
            "{}",
            finding.message
        );
        assert!(finding.values.contains(&("expected".into(), "42".into())));
    }

    #[test]
    fn a_missing_digit_and_swapped_digits_and_a_zero_are_named() {
        let missing = with_month_12(4);
        let finding = missing.by_rule("outlier.digit").next().unwrap();
        assert!(
            finding
                .message
                .contains("4 looks like a missing digit (a value near 40 would be plausible)"),
            "{}",
            finding.message
        );
        // 24 is 18 / 6.48 = 2.78 spreads out, under the 4.5 of a bare
        // outlier; 42, its digits swapped, is the expected level.
        let swapped = with_month_12(24);
        assert_eq!(
            warnings(&swapped),
            [("outlier.digit".to_string(), Some(14))]
        );
        assert!(
            swapped
                .by_rule("outlier.digit")
                .next()
                .unwrap()
                .message
                .contains("24 looks like 42 with two digits swapped")
        );
        let zero = with_month_12(0);
        assert_eq!(
            warnings(&zero),
            [("outlier.unexpected_zero".to_string(), Some(14))]
        );
    }

    #[test]
    fn counts_of_zero_to_three_a_month_are_not_outliers() {
        let values: Vec<u64> = [0, 1, 2, 3, 1, 0, 2, 1, 3, 0, 1, 2].repeat(3);
        let found = Validator::new().validate(&months(&values));
        assert!(found.at_least(Severity::Warning).is_empty(), "{found}");
        // Every figure has at least 12 others within a year: no note either.
        assert!(found.is_empty(), "{found}");
    }

    #[test]
    fn a_level_shift_is_reported_once_at_its_first_month() {
        // 12 months of the cycle, then 12 at twice it. Before: median of
        // 36, 36, 38, 38, 40, 40, 42, 42, 44, 44, 46, 46 = 41; the 12 from
        // the shift, twice those: median 82. Each month from the shift is
        // twice the same month a year before: 2.0 times.
        let cycle = [40, 44, 38, 42, 46, 36];
        let mut values: Vec<u64> = cycle.repeat(2);
        values.extend(cycle.repeat(2).iter().map(|v| v * 2));
        let found = Validator::new().validate(&months(&values));
        assert_eq!(
            warnings(&found),
            [("outlier.level_shift".to_string(), Some(14))],
            "{found}"
        );
        let shift = found.by_rule("outlier.level_shift").next().unwrap();
        // The step is fitted with a trend and a season: about twice, as
        // each month from it is twice the same month a year before.
        assert!(
            shift
                .message
                .contains("times the level the months before predict for these months")
                && shift
                    .message
                    .contains("(about 41 a month in the 12 months before, 82 in the 12 from it)"),
            "{}",
            shift.message
        );
        let factor: f64 = shift
            .values
            .iter()
            .find(|(k, _)| k == "factor")
            .unwrap()
            .1
            .parse()
            .unwrap();
        assert!((1.9..=2.2).contains(&factor), "{factor}");
    }

    #[test]
    fn a_value_far_from_its_level_is_an_outlier_with_its_expected_range() {
        // 90 against the expected 42: 48 / 6.48 = 7.4 spreads, no digit slip.
        let found = with_month_12(90);
        assert_eq!(warnings(&found), [("outlier.level".to_string(), Some(14))]);
        let finding = found.by_rule("outlier.level").next().unwrap();
        assert!(
            finding.message.contains("expected about 29 to 55")
                && finding
                    .message
                    .contains("90 is 7.41 spreads from the expected 42"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn a_swap_explains_a_value_only_when_it_is_much_likelier() {
        // 3 spreads away, the swap at 1.5: 9 - 2.25 = 6.75 >= 5.5.
        assert!(swap_explains(3.0, 1.5));
        // 3 spreads away, the swap at 2: 9 - 4 = 5 < 5.5.
        assert!(!swap_explains(3.0, 2.0));
        // 2.3 spreads away: 5.29 < 5.5 even with the swap at the level.
        assert!(!swap_explains(2.3, 0.0));
        assert!(swap_explains(2.4, 0.0));
        // Far away, but the swap no nearer than 2.5 spreads: not a swap.
        assert!(!swap_explains(6.0, 2.6));
        assert!(swap_explains(6.0, 2.5));
    }

    #[test]
    fn transpositions_swap_neighbours_without_a_leading_zero() {
        assert_eq!(transpositions(3415), [4315, 3145, 3451]);
        assert_eq!(transpositions(105), [150]);
        assert!(transpositions(7).is_empty());
        assert!(transpositions(44).is_empty());
    }

    #[test]
    fn poisson_tails() {
        // P(X <= 1 | 10) = e^-10 (1 + 10) = 0.000499.
        assert!((poisson_at_most(1, 10.0) - 11.0 * (-10.0f64).exp()).abs() < 1e-15);
        assert!((poisson_at_most(0, 2.0) - (-2.0f64).exp()).abs() < 1e-15);
    }

    #[test]
    fn medians_of_odd_and_even_lengths() {
        assert_eq!(median(&[1.0, 2.0, 9.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0, 4.0, 9.0]), 3.0);
        assert_eq!(median(&[]), 0.0);
    }
}
