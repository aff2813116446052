//! Outliers: a value far from its own series' earlier periods, or outside
//! a declared band.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::prelude::ToPrimitive;

use crate::country::Country;
use crate::figure::observation::{Observation, Series};
use crate::figure::value::Value;
use crate::findings::{Finding, Location};
use crate::indicator::Indicator;
use crate::period::{Period, PeriodKind};
use crate::rules::RuleId;

use super::{Context, about, general};

/// How a value is compared with its history.
///
/// ```
/// use impact_metrics::{validate::OutlierMethod, validate::Outliers};
/// assert_eq!(Outliers::default().method, OutlierMethod::ZScore);
/// assert_eq!(Outliers::modified_z_score(3.5).method, OutlierMethod::ModifiedZScore);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OutlierMethod {
    /// How many standard deviations the value is from the mean of its
    /// history: `|x - mean| / sd`, with the sample standard deviation. The
    /// rule is `outlier.zscore`.
    ZScore,
    /// The median-based score of Iglewicz and Hoaglin, which a few wild
    /// values in the history do not sway: `0.6745 * |x - median| / MAD`,
    /// where MAD is the median of the history's absolute deviations from
    /// its median (when that is zero, `1.253314 *` the mean absolute
    /// deviation stands in for `MAD / 0.6745`). The rule is
    /// `outlier.modified_zscore`.
    ModifiedZScore,
}

/// The outlier settings: method, threshold and the history needed.
///
/// A figure's history is the figures of its own series (indicator,
/// country, channel, partner) for earlier periods of the same kind: a
/// quarter is compared with earlier quarters. A value whose score is above
/// the threshold is flagged. A figure with fewer earlier periods than
/// `min_history` is not checked; one note (`outlier.skipped`) says how
/// many figures, in how many series, were not checked, rather than a note
/// for each. When every value of the history is the same, any
/// other value is flagged, as infinitely far from it.
///
/// Counts are compared as numbers, rates as percentages.
///
/// ```
/// use impact_metrics::validate::Outliers;
/// let settings = Outliers::z_score(2.5).with_min_history(4);
/// assert_eq!((settings.threshold, settings.min_history), (2.5, 4));
/// assert_eq!(Outliers::default(), Outliers::z_score(3.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct Outliers {
    /// The method.
    pub method: OutlierMethod,
    /// The score above which a value is flagged.
    pub threshold: f64,
    /// The fewest earlier periods the check needs.
    pub min_history: usize,
}

impl Default for Outliers {
    /// A z-score above 3, with at least 3 earlier periods.
    fn default() -> Outliers {
        Outliers::z_score(3.0)
    }
}

impl Outliers {
    /// The z-score method with this threshold (3 is usual), needing 3
    /// earlier periods.
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

    /// The modified (median-based) z-score with this threshold (Iglewicz
    /// and Hoaglin suggest 3.5), needing 3 earlier periods.
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

    /// Sets the fewest earlier periods the check needs (at least 2 are
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

/// A figure's value as a number to compare: a count, or a rate as a
/// percentage; `None` for a rate of 0 out of 0.
fn number(value: &Value) -> Option<f64> {
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

fn kind_plural(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Year => "years",
        PeriodKind::Half => "half-years",
        PeriodKind::Quarter => "quarters",
        PeriodKind::Month => "months",
    }
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    match (
        sorted.get(n / 2),
        n.checked_sub(1).and_then(|m| sorted.get(m / 2)),
    ) {
        (Some(&upper), Some(&lower)) => (upper + lower) / 2.0,
        _ => 0.0,
    }
}

fn sorted(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    values
}

/// The score of `x` against `history`, and the centre and spread used,
/// with their names.
fn score(method: OutlierMethod, x: f64, history: &[f64]) -> (f64, [(&'static str, f64); 2]) {
    let n = history.len() as f64;
    match method {
        OutlierMethod::ZScore => {
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

/// The outlier rules.
pub(super) fn check(
    cx: &Context<'_>,
    settings: &Outliers,
    bands: &[MinMax],
    out: &mut Vec<Finding>,
) {
    let data = cx.data().observations();
    let validator = cx.validator();
    let rule = match settings.method {
        OutlierMethod::ZScore => RuleId::OUTLIER_ZSCORE,
        OutlierMethod::ModifiedZScore => RuleId::OUTLIER_MODIFIED_ZSCORE,
    };
    if validator.is_enabled(&rule) || validator.is_enabled(&RuleId::OUTLIER_SKIPPED) {
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
        let needed = settings.min_history.max(2);
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
            history_check(cx, settings, &rule, index, figure, x, &history, out);
        }
        if skipped > 0 {
            out.push(not_enough_history(
                skipped,
                skipped_series.len(),
                needed,
                first.unwrap_or_default(),
            ));
        }
    }
    if !bands.is_empty() {
        for (index, figure) in data.iter().enumerate() {
            band_check(cx, bands, index, figure, out);
        }
    }
}

/// The one note (`outlier.skipped`) for every figure with too little
/// history to be checked: how many figures, in how many series, and the
/// earlier periods needed; it is located at the first of them (by file
/// and line). One note and not one per figure, because a
/// series' first periods never have history, and a note for each would
/// bury the findings that matter.
fn not_enough_history(figures: usize, series: usize, needed: usize, first: Location) -> Finding {
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
             than {needed} earlier periods of the same length (quarters are compared with earlier \
             quarters, half-years with half-years), so they are not checked for outliers{here}"
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
        OutlierMethod::ZScore => "standard deviations",
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
    use crate::{Catalogue, Channel, Dataset, FiscalCalendar, Location, Severity, Validator, seed};

    fn quarters(values: &[u64]) -> Dataset {
        let cal = FiscalCalendar::SEPTEMBER;
        let mut data = Dataset::new(cal, Catalogue::builtin());
        for (i, &n) in values.iter().enumerate() {
            let period = cal.quarter(2018, 1).unwrap().offset(i as i64).unwrap();
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
        let found = Validator::new().validate(&quarters(&[18, 20, 22, 90]));
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
        let found = Validator::new().validate(&quarters(&[18, 20, 22, 25]));
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
        let mean_based = Validator::new().validate(&data);
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
        let found = Validator::new().validate(&quarters(&[5, 5, 5, 6]));
        let flagged: Vec<_> = found.by_rule("outlier.zscore").collect();
        assert_eq!(flagged.len(), 1);
        assert!(
            flagged[0]
                .values
                .contains(&("score".into(), "infinite".into()))
        );
        assert_eq!(
            Validator::new()
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

    #[test]
    fn medians_of_odd_and_even_lengths() {
        assert_eq!(median(&[1.0, 2.0, 9.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0, 4.0, 9.0]), 3.0);
        assert_eq!(median(&[]), 0.0);
    }
}
