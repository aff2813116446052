//! Growth as an exact fraction, and growth backwards: from a published,
//! rounded percent to every baseline consistent with it.
//!
//! The seed report prints, beside each H1 2020/21 total, its "growth on 19/20
//! HY average": the six-month figure against half of the whole 2019/20 year's
//! figure, as a whole percent ("74, +32%"). The 2019/20 figures themselves
//! are not published. [`Growth::on_average`] computes such a figure exactly;
//! [`Growth::percent`] shows it through an explicit [`Rounding`] rule; and
//! [`baselines_for`] goes back from the published percent to the 2019/20
//! totals that could have produced it. A [`BaselineRange`] is such a set
//! of totals, a [`PercentDisplay`] a percent as printed, and
//! [`round_ratio`] the one rounding of a fraction that every percent goes
//! through.
//!
//! ```
//! use impact_metrics::growth::{Growth, Rounding};
//!
//! // 74 in six months against half of a year's 112: +32% (32.14…%).
//! let growth = Growth::on_average(74, 6, 112, 12)?;
//! assert_eq!(growth.percent(0, Rounding::HalfUp)?.to_string(), "32");
//! # Ok::<(), impact_metrics::Error>(())
//! ```

pub(crate) mod rounding;

pub use self::rounding::{Rounding, round_ratio};

use std::cmp::Ordering;
use std::fmt;
use std::num::NonZeroU32;
use std::ops::RangeInclusive;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::growth::rounding::{DECIMAL_MAX_MANTISSA, Fraction, check_places, rounded_mantissa};

/// A relative change, held exactly: `(current / current length) /
/// (baseline / baseline length) - 1`, as a reduced fraction of integers.
///
/// Nothing is rounded until a percent is asked for, and then only by the
/// [`Rounding`] rule given. Two growths are equal when their exact values
/// are.
///
/// A growth is never below -1 (-100%), since the figures it compares are
/// counts or rates, and its magnitude always fits a [`Decimal`].
///
/// ```
/// use impact_metrics::{Growth, Rounding};
///
/// // Victims removed from exploitation: 74 in H1 20/21, against a 2019/20
/// // total of 112, whose half-year average is 56.
/// let growth = Growth::on_average(74, 6, 112, 12)?;
/// assert_eq!(growth.ratio(), (9, 28)); // 74/56 - 1
/// assert_eq!(growth.percent(0, Rounding::HalfUp)?.to_string(), "32");
/// assert_eq!(growth.percent(2, Rounding::HalfUp)?.to_string(), "32.14");
/// assert_eq!(growth.display(0, Rounding::HalfUp)?.to_string(), "+32%");
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Growth {
    /// In lowest terms, at least -1, and always with a nearest [`Decimal`].
    fraction: Fraction,
}

impl Growth {
    /// Plain period-over-period growth: `current` against `baseline`,
    /// periods of the same length.
    ///
    /// # Errors
    ///
    /// [`Error::UndefinedGrowth`] if `baseline` is zero. No `u64` inputs
    /// overflow.
    ///
    /// ```
    /// use impact_metrics::{Error, Growth};
    ///
    /// assert_eq!(Growth::between(132, 100)?.ratio(), (8, 25)); // +32%
    /// assert_eq!(Growth::between(0, 100)?.ratio(), (-1, 1)); // -100%
    /// assert_eq!(
    ///     Growth::between(5, 0).unwrap_err().to_string(),
    ///     "growth is undefined: baseline is zero",
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    pub fn between(current: u64, baseline: u64) -> Result<Growth> {
        Growth::on_average(current, 1, baseline, 1)
    }

    /// The report's "growth on 19/20 HY average": `current`, counted over
    /// `current_months`, against the per-period average of `baseline_total`,
    /// counted over `baseline_months`. The baseline is scaled to the current
    /// period's length: `on_average(74, 6, b, 12)` compares 74 with `b * 6 /
    /// 12`.
    ///
    /// Any unit of length works, as long as both periods use the same one.
    ///
    /// # Errors
    ///
    /// - [`Error::OutOfRange`] if either length is zero.
    /// - [`Error::UndefinedGrowth`] if `baseline_total` is zero.
    ///
    /// No `u64` and `u32` inputs overflow: the products are held in 128 bits.
    ///
    /// ```
    /// use impact_metrics::{Error, Growth, Rounding};
    ///
    /// // Exploiters convicted: 26 in H1 20/21 against a 2019/20 total of 17
    /// // (average 8.5 a half-year): 26/8.5 - 1 = 35/17.
    /// let growth = Growth::on_average(26, 6, 17, 12)?;
    /// assert_eq!(growth.ratio(), (35, 17));
    /// assert_eq!(growth.percent(1, Rounding::HalfUp)?.to_string(), "205.9");
    ///
    /// assert_eq!(
    ///     Growth::on_average(26, 0, 17, 12).unwrap_err().to_string(),
    ///     "current period length out of range: 0 (expected at least 1)",
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    pub fn on_average(
        current: u64,
        current_months: u32,
        baseline_total: u64,
        baseline_months: u32,
    ) -> Result<Growth> {
        check_lengths(current_months, baseline_months)?;
        if baseline_total == 0 {
            return Err(zero_baseline());
        }
        // Each product is below 2^96.
        let current_scaled = u128::from(current) * u128::from(baseline_months);
        let baseline_scaled = u128::from(baseline_total) * u128::from(current_months);
        Growth::from_quotient(current_scaled, baseline_scaled, || {
            format!(
                "growth of {current} over {current_months} against {baseline_total} over {baseline_months}"
            )
        })
    }

    /// Growth of a rate: `current_part / current_whole` against
    /// `baseline_part / baseline_whole` (a re-trafficking rate, a share of
    /// survivors in work, ...).
    ///
    /// # Errors
    ///
    /// - [`Error::UndefinedGrowth`] if either rate has a zero whole, or the
    ///   baseline rate is zero.
    /// - [`Error::Overflow`] if the exact growth needs more than 127 bits of
    ///   numerator, or is too large for a [`Decimal`]; this takes wholes or
    ///   parts beyond 2^63.
    ///
    /// ```
    /// use impact_metrics::{Error, Growth};
    ///
    /// // 6 in 40 (15%) against 3 in 30 (10%): +50%.
    /// assert_eq!(Growth::of_rates(6, 40, 3, 30)?.ratio(), (1, 2));
    /// assert_eq!(
    ///     Growth::of_rates(1, 10, 0, 10).unwrap_err().to_string(),
    ///     "growth is undefined: baseline is zero",
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    pub fn of_rates(
        current_part: u64,
        current_whole: u64,
        baseline_part: u64,
        baseline_whole: u64,
    ) -> Result<Growth> {
        if current_whole == 0 {
            return Err(Error::UndefinedGrowth {
                reason: "current rate has a zero denominator".to_string(),
            });
        }
        if baseline_whole == 0 {
            return Err(Error::UndefinedGrowth {
                reason: "baseline rate has a zero denominator".to_string(),
            });
        }
        if baseline_part == 0 {
            return Err(zero_baseline());
        }
        // (a/b) / (c/d) = (a*d) / (c*b); each product is below 2^128.
        let current_scaled = u128::from(current_part) * u128::from(baseline_whole);
        let baseline_scaled = u128::from(baseline_part) * u128::from(current_whole);
        Growth::from_quotient(current_scaled, baseline_scaled, || {
            format!(
                "growth of {current_part}/{current_whole} against {baseline_part}/{baseline_whole}"
            )
        })
    }

    /// The growth `current / baseline - 1`, with `baseline > 0`, reduced.
    fn from_quotient(
        current: u128,
        baseline: u128,
        context: impl Fn() -> String,
    ) -> Result<Growth> {
        let (negative, magnitude) = if current >= baseline {
            (false, current - baseline)
        } else {
            (true, baseline - current)
        };
        let common = gcd(magnitude, baseline).max(1);
        let (magnitude, den) = (magnitude / common, baseline / common);
        let whole = magnitude / den;
        if whole > DECIMAL_MAX_MANTISSA || (whole == DECIMAL_MAX_MANTISSA && magnitude % den != 0) {
            return Err(Error::overflow(format!(
                "{} is too large for a decimal",
                context()
            )));
        }
        let num = if negative {
            0_i128.checked_sub_unsigned(magnitude)
        } else {
            i128::try_from(magnitude).ok()
        };
        match num.and_then(|num| Fraction::new(num, den)) {
            Some(fraction) => Ok(Growth { fraction }),
            None => Err(Error::overflow(format!(
                "{} needs more than 127 bits",
                context()
            ))),
        }
    }

    /// The exact relative change as a reduced fraction `(numerator,
    /// denominator)`, the denominator at least 1: +32% is `(8, 25)`.
    ///
    /// ```
    /// use impact_metrics::Growth;
    ///
    /// assert_eq!(Growth::between(50, 100)?.ratio(), (-1, 2));
    /// assert_eq!(Growth::between(100, 100)?.ratio(), (0, 1));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn ratio(self) -> (i128, u128) {
        (self.num(), self.den())
    }

    /// The relative change as a [`Decimal`] fraction (0.32 for +32%).
    ///
    /// This rounds, unless the fraction has a short decimal form: the result
    /// is the nearest [`Decimal`] with as many decimal places as fit (28 for
    /// growths below 10, fewer for larger ones), ties to even, with trailing
    /// zeros removed. Use [`percent`](Growth::percent) for a figure to show,
    /// and [`ratio`](Growth::ratio) for the exact value.
    ///
    /// ```
    /// use impact_metrics::Growth;
    ///
    /// assert_eq!(Growth::between(132, 100)?.to_decimal().to_string(), "0.32");
    /// assert_eq!(
    ///     Growth::on_average(74, 6, 112, 12)?.to_decimal().to_string(),
    ///     "0.3214285714285714285714285714", // 9/28, rounded at 28 places
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn to_decimal(self) -> Decimal {
        self.fraction.to_decimal()
    }

    fn num(self) -> i128 {
        self.fraction.num()
    }

    fn den(self) -> u128 {
        self.fraction.den()
    }

    /// The growth as a percent (`100 * fraction`), rounded exactly by `rule`
    /// to `places` decimal places. The result has scale `places`, so it
    /// prints with exactly that many decimals, and it is never negative
    /// zero.
    ///
    /// # Errors
    ///
    /// - [`Error::OutOfRange`] if `places` is more than 28.
    /// - [`Error::Overflow`] if the percent does not fit a [`Decimal`] at
    ///   that scale (about 7.9 × 10^28 / 10^places).
    ///
    /// ```
    /// use impact_metrics::{Growth, Rounding};
    ///
    /// // 1005 against 1000 is exactly +0.5%: the rules differ on it.
    /// let growth = Growth::between(1005, 1000)?;
    /// assert_eq!(growth.percent(0, Rounding::HalfUp)?.to_string(), "1");
    /// assert_eq!(growth.percent(0, Rounding::HalfEven)?.to_string(), "0");
    /// assert_eq!(growth.percent(2, Rounding::HalfEven)?.to_string(), "0.50");
    ///
    /// assert_eq!(
    ///     growth.percent(29, Rounding::HalfUp).unwrap_err().to_string(),
    ///     "decimal places out of range: 29 (expected 0 to 28)",
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn percent(self, places: u32, rule: Rounding) -> Result<Decimal> {
        check_places(places)?;
        let overflow = || {
            Error::overflow(format!(
                "growth {self} as a percent to {places} decimal places does not fit a decimal"
            ))
        };
        let mantissa = self
            .percent_mantissa(places, rule)
            .map_err(|_| overflow())?;
        Decimal::try_from_i128_with_scale(mantissa, places).map_err(|_| overflow())
    }

    /// The percent rounded at `places`, as a whole number of `10^-places`:
    /// rounding the fraction at `places + 2` is rounding the percent at
    /// `places`.
    fn percent_mantissa(self, places: u32, rule: Rounding) -> Result<i128> {
        rounded_mantissa(self.num(), self.den(), places.saturating_add(2), rule)
    }

    /// The growth as a signed percent to show, rounded like
    /// [`percent`](Growth::percent): `+32%`, `-5.5%`, `0%`.
    ///
    /// # Errors
    ///
    /// As [`percent`](Growth::percent).
    ///
    /// ```
    /// use impact_metrics::{Growth, Rounding};
    ///
    /// let growth = Growth::on_average(103, 6, 55, 12)?; // 206/55 - 1
    /// assert_eq!(growth.display(0, Rounding::TowardZero)?.to_string(), "+274%");
    /// assert_eq!(growth.display(0, Rounding::HalfUp)?.to_string(), "+275%");
    /// assert_eq!(format!("{:>7}", growth.display(1, Rounding::HalfUp)?), "+274.5%");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn display(self, places: u32, rule: Rounding) -> Result<PercentDisplay> {
        Ok(PercentDisplay {
            percent: self.percent(places, rule)?,
        })
    }

    /// Whether the growth is above zero (before any rounding).
    ///
    /// ```
    /// use impact_metrics::Growth;
    ///
    /// assert!(Growth::between(101, 100)?.is_increase());
    /// assert!(!Growth::between(100, 100)?.is_increase());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn is_increase(self) -> bool {
        self.num() > 0
    }

    /// Whether the growth is below zero (before any rounding).
    ///
    /// ```
    /// use impact_metrics::Growth;
    ///
    /// assert!(Growth::between(99, 100)?.is_decrease());
    /// assert!(!Growth::between(100, 100)?.is_decrease());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn is_decrease(self) -> bool {
        self.num() < 0
    }

    /// Whether the growth is exactly zero.
    ///
    /// ```
    /// use impact_metrics::Growth;
    ///
    /// assert!(Growth::on_average(50, 6, 100, 12)?.is_unchanged());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn is_unchanged(self) -> bool {
        self.num() == 0
    }
}

impl fmt::Display for Growth {
    /// Writes the exact fraction, signed, with no rounding: `+9/28`, `-1/2`,
    /// `0`, `+2`, `-1`. For a percent, use [`Growth::display`], which names
    /// its rounding rule.
    ///
    /// ```
    /// use impact_metrics::Growth;
    ///
    /// assert_eq!(Growth::on_average(74, 6, 112, 12)?.to_string(), "+9/28");
    /// assert_eq!(Growth::between(0, 7)?.to_string(), "-1");
    /// assert_eq!(Growth::between(7, 7)?.to_string(), "0");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let num = self.num();
        let text = match (num.cmp(&0), self.den()) {
            (Ordering::Equal, _) => "0".to_string(),
            (Ordering::Greater, 1) => format!("+{num}"),
            (Ordering::Greater, den) => format!("+{num}/{den}"),
            (Ordering::Less, 1) => num.to_string(),
            (Ordering::Less, den) => format!("{num}/{den}"),
        };
        f.pad(&text)
    }
}

impl FromStr for Growth {
    type Err = Error;

    /// Reads what [`Display`](fmt::Display) writes: `0`, a signed whole
    /// number (`+2`, `-1`) or a signed fraction (`+9/28`, `-1/2`); the `+`
    /// may be left out, and a fraction need not be in lowest terms. The
    /// growth is checked as the constructors check it.
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidGrowth`] for any other text, or a growth below -1
    ///   (-100%), or a zero denominator.
    /// - [`Error::Overflow`] for a growth too large for a [`Decimal`].
    ///
    /// ```
    /// use impact_metrics::{Error, Growth};
    ///
    /// let growth: Growth = "+9/28".parse()?;
    /// assert_eq!(growth, Growth::on_average(74, 6, 112, 12)?);
    /// assert_eq!("-2/4".parse::<Growth>()?.to_string(), "-1/2");
    /// assert_eq!(
    ///     "-3/2".parse::<Growth>(),
    ///     Err(Error::InvalidGrowth {
    ///         input: "-3/2".to_string(),
    ///         reason: "a growth is never below -1".to_string(),
    ///     })
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Growth> {
        let refuse = |reason: &str| Error::InvalidGrowth {
            input: s.to_string(),
            reason: reason.to_string(),
        };
        let text = s.trim();
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (num, den) = unsigned.split_once('/').unwrap_or((unsigned, "1"));
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(num) || !digits(den) {
            return Err(refuse(
                "a growth is written 0, +n, -n, +n/d or -n/d, with digits 0-9",
            ));
        }
        let too_large = || Error::overflow(format!("growth {s:?} is too large"));
        let num: u128 = num.parse().map_err(|_| too_large())?;
        let den: u128 = den.parse().map_err(|_| too_large())?;
        if den == 0 {
            return Err(refuse("the denominator is zero"));
        }
        // growth = num / den, so current / baseline = (den ± num) / den.
        let current = if negative {
            den.checked_sub(num)
                .ok_or_else(|| refuse("a growth is never below -1"))?
        } else {
            den.checked_add(num).ok_or_else(too_large)?
        };
        Growth::from_quotient(current, den, || format!("growth {s:?}"))
    }
}

/// A growth's serde form is its exact fraction as [`Display`](fmt::Display)
/// writes it, read back through [`FromStr`].
///
/// ```
/// use impact_metrics::Growth;
///
/// let growth = Growth::on_average(26, 6, 17, 12)?;
/// let json = serde_json::to_string(&growth)?;
/// assert_eq!(json, r#""+35/17""#);
/// assert_eq!(serde_json::from_str::<Growth>(&json)?, growth);
/// assert!(serde_json::from_str::<Growth>(r#""-2""#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl serde::Serialize for Growth {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Growth {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A growth rounded to a percent, ready to show: made by [`Growth::display`].
///
/// It writes a sign (`+` above zero, `-` below, none for zero, judged on the
/// *rounded* value), the percent with exactly the decimal places asked for,
/// and `%`. Width and alignment flags apply to the whole.
///
/// ```
/// use impact_metrics::{Growth, Rounding};
///
/// let shown = Growth::between(100_003, 100_000)?.display(0, Rounding::HalfUp)?;
/// assert_eq!(shown.to_string(), "0%"); // +0.003% rounds to zero: no sign
/// assert!(shown.percent().is_zero());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PercentDisplay {
    percent: Decimal,
}

impl PercentDisplay {
    /// The rounded percent (32 for "+32%").
    ///
    /// ```
    /// use impact_metrics::{Growth, Rounding};
    ///
    /// let shown = Growth::between(50, 100)?.display(1, Rounding::HalfUp)?;
    /// assert_eq!(shown.percent().to_string(), "-50.0");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn percent(self) -> Decimal {
        self.percent
    }
}

impl fmt::Display for PercentDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.percent > Decimal::ZERO {
            "+"
        } else {
            ""
        };
        f.pad(&format!("{sign}{}%", self.percent))
    }
}

/// Every whole-number baseline total consistent with a published percent:
/// made by [`baselines_for`].
///
/// The set is contiguous, so it is held as its two ends. It may be empty (no
/// baseline rounds to the percent) or have no upper end (every baseline from
/// some total upwards does, as with -100% for a current figure of zero).
///
/// It also remembers the two period lengths it was computed for, to give the
/// baseline *average* each total implies ([`average_of`](Self::average_of)).
///
/// It writes itself as `none`, `112`, `111 to 113` or `1000 or more`.
///
/// ```
/// use impact_metrics::{baselines_for, Rounding};
///
/// // Survivors cared for: 437 in H1 20/21, +33% on the 19/20 half-year average.
/// let range = baselines_for("33".parse()?, 437, 6, 12, Rounding::HalfUp)?;
/// assert_eq!(range.to_string(), "655 to 659");
/// assert_eq!(range.len(), Some(5));
/// assert_eq!(range.min_average().map(|a| a.to_string()), Some("327.5".to_string()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Its serde form names the ends and the two lengths: `min` and `max` are
/// left out when the range is empty, and `max` alone when it is unbounded.
/// Read, it is checked as [`baselines_for`] makes it: lengths of at least
/// 1, `min` at least 1 and at most `max`.
///
/// ```
/// use impact_metrics::{growth::BaselineRange, Rounding, baselines_for};
///
/// let range = baselines_for("33".parse()?, 437, 6, 12, Rounding::HalfUp)?;
/// let json = serde_json::to_string(&range)?;
/// assert_eq!(json, r#"{"min":655,"max":659,"current_months":6,"baseline_months":12}"#);
/// assert_eq!(serde_json::from_str::<BaselineRange>(&json)?, range);
/// assert!(serde_json::from_str::<BaselineRange>(
///     r#"{"min":659,"max":655,"current_months":6,"baseline_months":12}"#
/// ).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(into = "RangeFields", try_from = "RangeFields")]
pub struct BaselineRange {
    /// `None` when empty; otherwise the least total and the greatest, `None`
    /// when there is no greatest.
    bounds: Option<(u64, Option<u64>)>,
    current_months: NonZeroU32,
    baseline_months: NonZeroU32,
}

impl BaselineRange {
    /// Whether no baseline is consistent.
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// // No 2019/20 total makes 103 a +274% growth when rounding half-up.
    /// assert!(baselines_for("274".parse()?, 103, 6, 12, Rounding::HalfUp)?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bounds.is_none()
    }

    /// Whether the range has no upper end: it is not empty and every total
    /// from [`min`](Self::min) upwards is consistent.
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// assert!(baselines_for("-100".parse()?, 0, 6, 12, Rounding::HalfUp)?.is_unbounded());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_unbounded(&self) -> bool {
        matches!(self.bounds, Some((_, None)))
    }

    /// The least consistent total, `None` when empty.
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let range = baselines_for("32".parse()?, 74, 6, 12, Rounding::HalfUp)?;
    /// assert_eq!(range.min(), Some(112));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn min(&self) -> Option<u64> {
        self.bounds.map(|(min, _)| min)
    }

    /// The greatest consistent total; `None` when empty or
    /// [unbounded](Self::is_unbounded).
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let range = baselines_for("32".parse()?, 74, 6, 12, Rounding::HalfUp)?;
    /// assert_eq!(range.max(), Some(112));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn max(&self) -> Option<u64> {
        self.bounds.and_then(|(_, max)| max)
    }

    /// Whether `total` is consistent.
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let range = baselines_for("33".parse()?, 437, 6, 12, Rounding::HalfUp)?;
    /// assert!(range.contains(657));
    /// assert!(!range.contains(660));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn contains(&self, total: u64) -> bool {
        match self.bounds {
            None => false,
            Some((min, max)) => min <= total && max.is_none_or(|max| total <= max),
        }
    }

    /// How many totals are consistent: `Some(0)` when empty, `None` when
    /// unbounded.
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let range = baselines_for("34".parse()?, 941, 6, 12, Rounding::HalfUp)?;
    /// assert_eq!(range.len(), Some(10)); // 1400 to 1409
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> Option<u64> {
        match self.bounds {
            None => Some(0),
            // `min >= 1`, so the count fits a u64.
            Some((min, Some(max))) => Some(max - min + 1),
            Some((_, None)) => None,
        }
    }

    /// The consistent totals in increasing order; `None` when unbounded.
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let range = baselines_for("30".parse()?, 483, 6, 12, Rounding::HalfUp)?;
    /// let totals: Vec<u64> = range.iter().into_iter().flatten().collect();
    /// assert_eq!(totals, [741, 742, 743, 744, 745]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn iter(&self) -> Option<RangeInclusive<u64>> {
        match self.bounds {
            // An empty range of the same type.
            None => Some(RangeInclusive::new(1, 0)),
            Some((min, Some(max))) => Some(min..=max),
            Some((_, None)) => None,
        }
    }

    /// The length of the current period, as given to [`baselines_for`].
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let range = baselines_for("32".parse()?, 74, 6, 12, Rounding::HalfUp)?;
    /// assert_eq!((range.current_months(), range.baseline_months()), (6, 12));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn current_months(&self) -> u32 {
        self.current_months.get()
    }

    /// The length of the baseline period, as given to [`baselines_for`].
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let range = baselines_for("32".parse()?, 74, 6, 12, Rounding::HalfUp)?;
    /// assert_eq!(range.baseline_months(), 12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn baseline_months(&self) -> u32 {
        self.baseline_months.get()
    }

    /// The baseline average a total implies, scaled to the current period:
    /// `total * current_months / baseline_months`. Exact when that has a
    /// short decimal form (always, for 6 months against 12); otherwise the
    /// nearest [`Decimal`] with up to 28 places, ties to even.
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let range = baselines_for("32".parse()?, 74, 6, 12, Rounding::HalfUp)?;
    /// assert_eq!(range.average_of(112).to_string(), "56");
    /// assert_eq!(range.average_of(113).to_string(), "56.5");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn average_of(&self, total: u64) -> Decimal {
        Fraction::scaled(total, self.current_months.get(), self.baseline_months).to_decimal()
    }

    /// The baseline average the least consistent total implies; `None`
    /// when empty.
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let range = baselines_for("32".parse()?, 74, 6, 12, Rounding::HalfUp)?;
    /// assert_eq!(range.min_average().map(|a| a.to_string()), Some("56".to_string()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn min_average(&self) -> Option<Decimal> {
        self.min().map(|total| self.average_of(total))
    }

    /// The baseline average the greatest consistent total implies; `None`
    /// when empty or unbounded.
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let range = baselines_for("33".parse()?, 437, 6, 12, Rounding::HalfUp)?;
    /// assert_eq!(range.max_average().map(|a| a.to_string()), Some("329.5".to_string()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn max_average(&self) -> Option<Decimal> {
        self.max().map(|total| self.average_of(total))
    }
}

/// A [`BaselineRange`] as serde writes and reads it.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<u64>,
    current_months: u32,
    baseline_months: u32,
}

impl From<BaselineRange> for RangeFields {
    fn from(range: BaselineRange) -> RangeFields {
        RangeFields {
            min: range.min(),
            max: range.max(),
            current_months: range.current_months(),
            baseline_months: range.baseline_months(),
        }
    }
}

impl TryFrom<RangeFields> for BaselineRange {
    type Error = Error;

    fn try_from(fields: RangeFields) -> Result<BaselineRange> {
        let (current_months, baseline_months) =
            check_lengths(fields.current_months, fields.baseline_months)?;
        let refuse = |reason: String| Error::InvalidBaselineRange { reason };
        let bounds = match (fields.min, fields.max) {
            (None, None) => None,
            (None, Some(max)) => {
                return Err(refuse(format!("a greatest total ({max}) without a least")));
            }
            (Some(0), _) => return Err(refuse("the least total is 0, not at least 1".to_string())),
            (Some(min), Some(max)) if max < min => {
                return Err(refuse(format!(
                    "the greatest total ({max}) is below the least ({min})"
                )));
            }
            (Some(min), max) => Some((min, max)),
        };
        Ok(BaselineRange {
            bounds,
            current_months,
            baseline_months,
        })
    }
}

impl fmt::Display for BaselineRange {
    /// `none` when empty, `112` for one total, `111 to 113` for several
    /// (both included), `1000 or more` when unbounded.
    ///
    /// ```
    /// use impact_metrics::{baselines_for, Rounding};
    ///
    /// let none = baselines_for("-101".parse()?, 5, 6, 12, Rounding::HalfUp)?;
    /// assert_eq!(none.to_string(), "none");
    /// let all = baselines_for("-100".parse()?, 0, 6, 12, Rounding::HalfUp)?;
    /// assert_eq!(all.to_string(), "1 or more");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.bounds {
            None => "none".to_string(),
            Some((min, Some(max))) if min == max => min.to_string(),
            Some((min, Some(max))) => format!("{min} to {max}"),
            Some((min, None)) => format!("{min} or more"),
        };
        f.pad(&text)
    }
}

/// Growth backwards: every whole-number baseline total `b >= 1` for which
/// [`Growth::on_average`]`(current, current_months, b, baseline_months)`,
/// as a percent rounded by `rule` to as many decimal places as
/// `published_percent` has, is exactly `published_percent`.
///
/// The number of decimal places is the [`Decimal`]'s scale, so `"32.5"`
/// means one place and `"32.50"` two. Totals are `u64`: a range that
/// would start beyond `u64::MAX` is returned empty, and one whose end lies
/// beyond it ends at `u64::MAX` unless it has no end at all.
///
/// Growth falls as the baseline rises and every rule is monotone, so the
/// consistent totals form one contiguous range; its ends are found by binary
/// search with exact comparisons, in about 128 steps whatever the totals.
///
/// # Errors
///
/// [`Error::OutOfRange`] if either period length is zero. Every other input
/// gives a range, possibly empty (a percent below -100, or one that no whole
/// total rounds to).
///
/// ```
/// use impact_metrics::{baselines_for, Rounding};
/// use rust_decimal::Decimal;
///
/// // Victims removed: 74 at +32%. The half-year average a must satisfy
/// // 74/a in [1.315, 1.325), so the year's total b = 2a is in
/// // (111.70, 112.55]: 112 only.
/// let range = baselines_for(Decimal::from(32), 74, 6, 12, Rounding::HalfUp)?;
/// assert_eq!(range.to_string(), "112");
///
/// // Rules can disagree: exploiters convicted, 26 at +205%.
/// let half_up = baselines_for(Decimal::from(205), 26, 6, 12, Rounding::HalfUp)?;
/// let truncated = baselines_for(Decimal::from(205), 26, 6, 12, Rounding::TowardZero)?;
/// assert_eq!((half_up.to_string(), truncated.to_string()), ("none".into(), "17".into()));
///
/// assert_eq!(
///     baselines_for(Decimal::from(32), 74, 6, 0, Rounding::HalfUp).unwrap_err().to_string(),
///     "baseline period length out of range: 0 (expected at least 1)",
/// );
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn baselines_for(
    published_percent: Decimal,
    current: u64,
    current_months: u32,
    baseline_months: u32,
    rule: Rounding,
) -> Result<BaselineRange> {
    let (current_length, baseline_length) = check_lengths(current_months, baseline_months)?;
    let places = published_percent.scale();
    let target = published_percent.mantissa();
    let range = |bounds| BaselineRange {
        bounds,
        current_months: current_length,
        baseline_months: baseline_length,
    };
    // How the rounded percent for `total` compares with the published one.
    // It never rises as `total` grows.
    let compare = |total: u64| -> Result<Ordering> {
        let growth = Growth::on_average(current, current_months, total, baseline_months)?;
        match growth.percent_mantissa(places, rule) {
            Ok(mantissa) => Ok(mantissa.cmp(&target)),
            // Only a growth far above any Decimal percent overflows an i128
            // mantissa (growth is at least -1, and the published mantissa
            // is below 2^96), so it is above the published percent.
            Err(Error::Overflow { .. }) => Ok(Ordering::Greater),
            Err(other) => Err(other),
        }
    };

    if current == 0 {
        // Every baseline gives exactly -100%.
        return Ok(range(match compare(1)? {
            Ordering::Equal => Some((1, None)),
            _ => None,
        }));
    }
    if compare(u64::MAX)? == Ordering::Greater {
        return Ok(range(None));
    }
    // The least total whose rounded percent is at most the published one.
    let (mut low, mut high) = (1_u64, u64::MAX);
    while low < high {
        let middle = low + (high - low) / 2;
        if compare(middle)? == Ordering::Greater {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    let min = low;
    if compare(min)? != Ordering::Equal {
        return Ok(range(None));
    }
    // The greatest total whose rounded percent is at least the published one.
    let (mut low, mut high) = (min, u64::MAX);
    while low < high {
        let middle = low + (high - low).div_ceil(2);
        if compare(middle)? == Ordering::Less {
            high = middle - 1;
        } else {
            low = middle;
        }
    }
    let max = low;
    let unbounded = max == u64::MAX && target == limit_near_minus_100(places, rule);
    Ok(range(Some((min, if unbounded { None } else { Some(max) }))))
}

/// What a percent just above -100 rounds to at `places`, as a whole number of
/// `10^-places`: the rounded percent of every large enough baseline when the
/// current figure is not zero. Rules that round -99.99...% up give
/// `-100 + 10^-places`; the others give -100.
fn limit_near_minus_100(places: u32, rule: Rounding) -> i128 {
    // places <= 28, so this is at most 10^30 in magnitude.
    let minus_100 = -100 * 10_i128.pow(places.min(28));
    match rule {
        Rounding::TowardZero | Rounding::Ceiling => minus_100 + 1,
        _ => minus_100,
    }
}

/// The two period lengths, refused when either is zero.
fn check_lengths(current_months: u32, baseline_months: u32) -> Result<(NonZeroU32, NonZeroU32)> {
    let check = |what, value| {
        NonZeroU32::new(value).ok_or(Error::OutOfRange {
            what,
            value: 0,
            expected: "at least 1",
        })
    };
    Ok((
        check("current period length", current_months)?,
        check("baseline period length", baseline_months)?,
    ))
}

fn zero_baseline() -> Error {
    Error::UndefinedGrowth {
        reason: "baseline is zero".to_string(),
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn range_text(percent: &str, current: u64, cm: u32, bm: u32, rule: Rounding) -> String {
        baselines_for(dec(percent), current, cm, bm, rule)
            .unwrap()
            .to_string()
    }

    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Growth>();
        check::<BaselineRange>();
        check::<PercentDisplay>();
    }

    #[test]
    fn plain_growth_by_hand() {
        // 132/100 - 1 = 32/100 = 8/25
        let growth = Growth::between(132, 100).unwrap();
        assert_eq!(growth.ratio(), (8, 25));
        for rule in Rounding::ALL {
            assert_eq!(growth.percent(0, rule).unwrap(), dec("32"), "{rule}");
            assert_eq!(growth.percent(2, rule).unwrap().to_string(), "32.00");
        }
        assert_eq!(growth.to_decimal(), dec("0.32"));
        assert!(growth.is_increase() && !growth.is_decrease() && !growth.is_unchanged());
        // 50/100 - 1 = -1/2
        assert_eq!(Growth::between(50, 100).unwrap().ratio(), (-1, 2));
        // 3/9 - 1 = -2/3
        assert_eq!(Growth::between(3, 9).unwrap().ratio(), (-2, 3));
    }

    #[test]
    fn growth_on_average_by_hand() {
        // 74 against 112 * 6 / 12 = 56: 74/56 - 1 = 18/56 = 9/28
        // = 0.32142857142857...
        let growth = Growth::on_average(74, 6, 112, 12).unwrap();
        assert_eq!(growth.ratio(), (9, 28));
        assert_eq!(growth.percent(0, Rounding::HalfUp).unwrap(), dec("32"));
        assert_eq!(
            growth.percent(6, Rounding::HalfUp).unwrap().to_string(),
            "32.142857"
        );
        // the seventh digit is 1, so away-from-zero and ceiling go up
        assert_eq!(
            growth.percent(6, Rounding::Ceiling).unwrap().to_string(),
            "32.142858"
        );
        assert_eq!(
            growth.percent(6, Rounding::Floor).unwrap().to_string(),
            "32.142857"
        );
        assert_eq!(growth.to_string(), "+9/28");
        // 103 against 55 * 6 / 12 = 27.5: 103/27.5 - 1 = 206/55 - 1 = 151/55
        // = 2.745454...: 274.5454...%
        let repatriated = Growth::on_average(103, 6, 55, 12).unwrap();
        assert_eq!(repatriated.ratio(), (151, 55));
        assert_eq!(
            repatriated.percent(0, Rounding::HalfUp).unwrap(),
            dec("275")
        );
        assert_eq!(
            repatriated.percent(0, Rounding::TowardZero).unwrap(),
            dec("274")
        );
        assert_eq!(
            repatriated.percent(2, Rounding::HalfUp).unwrap(),
            dec("274.55")
        );
        // quarter against a year: 30 in 3 months against 100 in 12, whose
        // quarter average is 25: 30/25 - 1 = 1/5
        assert_eq!(Growth::on_average(30, 3, 100, 12).unwrap().ratio(), (1, 5));
    }

    #[test]
    fn zero_current_is_minus_100_percent() {
        let growth = Growth::on_average(0, 6, 40, 12).unwrap();
        assert_eq!(growth.ratio(), (-1, 1));
        assert_eq!(growth.to_string(), "-1");
        for rule in Rounding::ALL {
            assert_eq!(growth.percent(0, rule).unwrap(), dec("-100"), "{rule}");
        }
        assert_eq!(
            growth.display(1, Rounding::HalfUp).unwrap().to_string(),
            "-100.0%"
        );
    }

    #[test]
    fn rate_growth_by_hand() {
        // 6/40 = 0.15 against 3/30 = 0.10: 0.15/0.10 - 1 = 1/2
        assert_eq!(Growth::of_rates(6, 40, 3, 30).unwrap().ratio(), (1, 2));
        // 0 re-trafficked of 50 against 2 of 40: -100%
        assert_eq!(Growth::of_rates(0, 50, 2, 40).unwrap().ratio(), (-1, 1));
        // 1/3 against 1/4: 4/3 - 1 = 1/3
        assert_eq!(Growth::of_rates(1, 3, 1, 4).unwrap().ratio(), (1, 3));
    }

    #[test]
    fn undefined_growth_has_exact_messages() {
        let cases = [
            (Growth::between(1, 0), "baseline is zero"),
            (Growth::between(0, 0), "baseline is zero"),
            (Growth::on_average(74, 6, 0, 12), "baseline is zero"),
            (Growth::of_rates(1, 2, 0, 5), "baseline is zero"),
            (
                Growth::of_rates(1, 0, 1, 5),
                "current rate has a zero denominator",
            ),
            (
                Growth::of_rates(1, 2, 1, 0),
                "baseline rate has a zero denominator",
            ),
        ];
        for (result, reason) in cases {
            let err = result.unwrap_err();
            assert_eq!(
                err,
                Error::UndefinedGrowth {
                    reason: reason.to_string()
                }
            );
            assert_eq!(err.to_string(), format!("growth is undefined: {reason}"));
        }
    }

    #[test]
    fn zero_lengths_are_refused() {
        assert_eq!(
            Growth::on_average(1, 0, 1, 12).unwrap_err().to_string(),
            "current period length out of range: 0 (expected at least 1)"
        );
        assert_eq!(
            Growth::on_average(1, 6, 1, 0),
            Err(Error::OutOfRange {
                what: "baseline period length",
                value: 0,
                expected: "at least 1",
            })
        );
        assert_eq!(
            baselines_for(dec("32"), 74, 0, 12, Rounding::HalfUp)
                .unwrap_err()
                .to_string(),
            "current period length out of range: 0 (expected at least 1)"
        );
    }

    #[test]
    fn extreme_inputs_do_not_overflow() {
        let max = u64::MAX;
        // (2^64 - 1)(2^32 - 1) / 1 - 1 = 2^96 - 2^64 - 2^32
        let growth = Growth::on_average(max, 1, 1, u32::MAX).unwrap();
        let expected = (1_i128 << 96) - (1 << 64) - (1 << 32);
        assert_eq!(growth.ratio(), (expected, 1));
        assert_eq!(
            growth.to_decimal(),
            Decimal::from_i128_with_scale(expected, 0)
        );
        // as a percent it is about 7.9e30, beyond any Decimal
        assert_eq!(
            growth.percent(0, Rounding::HalfUp).unwrap_err().to_string(),
            format!(
                "arithmetic overflow: growth +{expected} as a percent to 0 decimal places \
                 does not fit a decimal"
            )
        );
        // 1 against (2^64 - 1)(2^32 - 1) / 1: just above -1
        let tiny = Growth::on_average(1, u32::MAX, max, 1).unwrap();
        assert!(tiny.is_decrease());
        assert_eq!(tiny.percent(0, Rounding::HalfUp).unwrap(), dec("-100"));
        assert_eq!(tiny.percent(0, Rounding::TowardZero).unwrap(), dec("-99"));
        assert_eq!(Growth::between(max, max).unwrap().ratio(), (0, 1));
        assert_eq!(
            Growth::between(max, 1).unwrap().ratio(),
            (i128::from(max) - 1, 1)
        );
    }

    #[test]
    fn rate_growth_beyond_the_representation_is_an_overflow() {
        let max = u64::MAX;
        // (1/max) / (max/1) - 1 = 1/max^2 - 1 = -(max^2 - 1)/max^2, whose
        // numerator is above 2^127.
        assert_eq!(
            Growth::of_rates(1, max, max, 1).unwrap_err().to_string(),
            "arithmetic overflow: growth of 1/18446744073709551615 against \
             18446744073709551615/1 needs more than 127 bits"
        );
        // (max/1) / (1/max) - 1 = max^2 - 1, above a Decimal
        assert_eq!(
            Growth::of_rates(max, 1, 1, max).unwrap_err().to_string(),
            "arithmetic overflow: growth of 18446744073709551615/1 against \
             1/18446744073709551615 is too large for a decimal"
        );
    }

    #[test]
    fn display_of_growth_is_the_exact_fraction() {
        assert_eq!(Growth::between(3, 1).unwrap().to_string(), "+2");
        assert_eq!(Growth::between(1, 3).unwrap().to_string(), "-2/3");
        assert_eq!(Growth::between(3, 3).unwrap().to_string(), "0");
        assert_eq!(format!("{:>6}", Growth::between(1, 2).unwrap()), "  -1/2");
    }

    #[test]
    fn percent_display_signs_the_rounded_value() {
        let up = Growth::between(132, 100).unwrap();
        assert_eq!(up.display(0, Rounding::HalfUp).unwrap().to_string(), "+32%");
        assert_eq!(
            up.display(1, Rounding::HalfUp).unwrap().to_string(),
            "+32.0%"
        );
        let down = Growth::between(945, 1000).unwrap(); // -5.5%
        assert_eq!(
            down.display(1, Rounding::HalfUp).unwrap().to_string(),
            "-5.5%"
        );
        assert_eq!(
            down.display(0, Rounding::HalfUp).unwrap().to_string(),
            "-6%"
        );
        assert_eq!(
            down.display(0, Rounding::HalfEven).unwrap().to_string(),
            "-6%"
        );
        assert_eq!(
            down.display(0, Rounding::HalfDown).unwrap().to_string(),
            "-5%"
        );
        // -0.3% toward zero is 0: no sign, and no negative zero
        let small = Growth::between(997, 1000).unwrap();
        assert_eq!(
            small.display(0, Rounding::TowardZero).unwrap().to_string(),
            "0%"
        );
        assert_eq!(
            small.display(0, Rounding::HalfUp).unwrap().percent(),
            Decimal::ZERO
        );
        assert!(up.display(29, Rounding::HalfUp).is_err());
    }

    /// The report's headline table (FIGURES.md): H1 20/21 totals against
    /// half the 2019/20 year (6 months against 12), whole percents.
    ///
    /// By hand, writing b for the 2019/20 total, the growth is 2c/b - 1:
    ///
    /// - Victims removed, 74 at 32%. Half-up: 148/b in [1.315, 1.325), so
    ///   b in (111.70, 112.55]: 112. Toward zero: 148/b in [1.32, 1.33),
    ///   b in (111.28, 112.12]: 112. Away from zero: 148/b in (1.31, 1.32],
    ///   b in [112.12, 112.98): none.
    /// - Survivors cared for, 437 at 33%. Half-up: 874/b in [1.325, 1.335),
    ///   b in (654.68, 659.62]: 655 to 659. Toward zero: 874/b in
    ///   [1.33, 1.34), b in (652.24, 657.14]: 653 to 657. Away from zero:
    ///   874/b in (1.32, 1.33], b in [657.14, 662.12): 658 to 662.
    /// - Survivors repatriated, 103 at 274%. Half-up: 206/b in
    ///   [3.735, 3.745), b in (55.007, 55.154]: none (b = 55 gives
    ///   274.55%, b = 56 gives 267.9%). Toward zero: 206/b in [3.74, 3.75),
    ///   b in (54.93, 55.08]: 55.
    /// - Exploiters convicted, 26 at 205%. Half-up: 52/b in [3.045, 3.055),
    ///   b in (17.021, 17.077]: none (b = 17 gives 205.88%). Toward zero:
    ///   52/b in [3.05, 3.06), b in (16.993, 17.049]: 17.
    ///
    /// The remaining rows were checked by brute force over b in 1..20000
    /// with exact rational arithmetic. Every row is consistent with
    /// truncation (toward zero), two are not with any half rule.
    #[test]
    fn headline_table_anchors() {
        // (current, percent, [half-up, half-down, half-even, toward-zero,
        //  away-from-zero, floor, ceiling])
        let table: [(u64, &str, [&str; 7]); 8] = [
            (
                74,
                "32",
                ["112", "112", "112", "112", "none", "112", "none"],
            ),
            (
                437,
                "33",
                [
                    "655 to 659",
                    "655 to 659",
                    "655 to 659",
                    "653 to 657",
                    "658 to 662",
                    "653 to 657",
                    "658 to 662",
                ],
            ),
            (
                103,
                "274",
                ["none", "none", "none", "55", "none", "55", "none"],
            ),
            (
                483,
                "30",
                [
                    "741 to 745",
                    "741 to 745",
                    "741 to 745",
                    "738 to 743",
                    "744 to 748",
                    "738 to 743",
                    "744 to 748",
                ],
            ),
            (85, "45", ["117", "117", "117", "117", "118", "117", "118"]),
            (
                249,
                "106",
                ["242", "242", "242", "241", "242", "241", "242"],
            ),
            (
                26,
                "205",
                ["none", "none", "none", "17", "none", "17", "none"],
            ),
            (
                941,
                "34",
                [
                    "1400 to 1409",
                    "1400 to 1409",
                    "1400 to 1409",
                    "1395 to 1404",
                    "1405 to 1415",
                    "1395 to 1404",
                    "1405 to 1415",
                ],
            ),
        ];
        for (current, percent, expected) in table {
            for (rule, want) in Rounding::ALL.into_iter().zip(expected) {
                assert_eq!(
                    range_text(percent, current, 6, 12, rule),
                    want,
                    "{current} at {percent}% under {rule}"
                );
            }
        }
        let victims = baselines_for(dec("32"), 74, 6, 12, Rounding::HalfUp).unwrap();
        assert_eq!(victims.min_average(), Some(dec("56")));
        assert_eq!(victims.len(), Some(1));
    }

    /// 201 against b, same length: the rounded percent is 1 when
    /// - half-up: g in [0.5%, 1.5%), 201/b in [1.005, 1.015), b in
    ///   (198.03, 200]: 199, 200 (b = 200 is exactly 0.5%);
    /// - half-even and half-down: the tie 0.5% goes to 0, so 199 only;
    /// - toward zero: 201/b in [1.01, 1.02), b in (197.06, 199.01]: 198, 199.
    #[test]
    fn rules_disagree_on_an_exact_half() {
        assert_eq!(range_text("1", 201, 1, 1, Rounding::HalfUp), "199 to 200");
        assert_eq!(range_text("1", 201, 1, 1, Rounding::HalfEven), "199");
        assert_eq!(range_text("1", 201, 1, 1, Rounding::HalfDown), "199");
        assert_eq!(
            range_text("1", 201, 1, 1, Rounding::TowardZero),
            "198 to 199"
        );
        assert_eq!(range_text("1", 201, 1, 1, Rounding::AwayFromZero), "200");
    }

    /// 900 against b at -10%:
    /// - half-up: g in (-10.5%, -9.5%], 900/b in (0.895, 0.905], b in
    ///   [994.48, 1005.59): 995 to 1005;
    /// - toward zero: g in (-11%, -10%], 900/b in (0.89, 0.90], b in
    ///   [1000, 1011.24): 1000 to 1011;
    /// - floor: g in [-10%, -9%), 900/b in [0.90, 0.91), b in
    ///   (989.01, 1000]: 990 to 1000.
    #[test]
    fn negative_percents() {
        assert_eq!(
            range_text("-10", 900, 1, 1, Rounding::HalfUp),
            "995 to 1005"
        );
        assert_eq!(
            range_text("-10", 900, 1, 1, Rounding::TowardZero),
            "1000 to 1011"
        );
        assert_eq!(range_text("-10", 900, 1, 1, Rounding::Floor), "990 to 1000");
        for rule in Rounding::ALL {
            assert_eq!(range_text("-100.5", 900, 1, 1, rule), "none", "{rule}");
            assert_eq!(range_text("-101", 0, 1, 1, rule), "none", "{rule}");
        }
    }

    /// 265 against b at 32.5% (one place): 265/b in [1.3245, 1.3255) under
    /// half-up, b in (199.92, 200.08]: 200, exactly 32.5%. 74 against half of
    /// b: 148/b in [1.3245, 1.3255), b in (111.66, 111.74]: none.
    #[test]
    fn percents_with_decimals() {
        for rule in Rounding::ALL {
            assert_eq!(range_text("32.5", 265, 1, 1, rule), "200", "{rule}");
            assert_eq!(range_text("32.50", 265, 1, 1, rule), "200", "{rule}");
            assert_eq!(range_text("32.5", 74, 6, 12, rule), "none", "{rule}");
        }
        // More places narrow the range: 437 at 33.4% half-up needs 874/b in
        // [1.3335, 1.3345), b in (654.93, 655.42]: 655.
        assert_eq!(range_text("33.4", 437, 6, 12, Rounding::HalfUp), "655");
    }

    /// A current figure of 0 is -100% against any baseline. A current figure
    /// of 1 against b (same length) is (1/b - 1):
    /// - half-up: -100% when g <= -99.5%, 1/b <= 0.005, b >= 200;
    /// - half-down: the tie -99.5% goes to -99, so b >= 201;
    /// - floor: -100% when g < -99%, b > 100;
    /// - toward zero: never -100%; -99% when g <= -99%, b >= 100.
    #[test]
    fn unbounded_ranges() {
        for rule in Rounding::ALL {
            let all = baselines_for(dec("-100"), 0, 6, 12, rule).unwrap();
            assert_eq!(all.to_string(), "1 or more", "{rule}");
            assert!(all.is_unbounded() && all.contains(u64::MAX));
            assert_eq!((all.len(), all.iter(), all.max()), (None, None, None));
            assert_eq!(range_text("-100.00", 0, 6, 12, rule), "1 or more");
            assert_eq!(range_text("-99", 0, 6, 12, rule), "none");
            assert_eq!(range_text("0", 0, 6, 12, rule), "none");
        }
        assert_eq!(range_text("-100", 1, 1, 1, Rounding::HalfUp), "200 or more");
        assert_eq!(
            range_text("-100", 1, 1, 1, Rounding::HalfEven),
            "200 or more"
        );
        assert_eq!(
            range_text("-100", 1, 1, 1, Rounding::HalfDown),
            "201 or more"
        );
        assert_eq!(range_text("-100", 1, 1, 1, Rounding::Floor), "101 or more");
        assert_eq!(range_text("-100", 1, 1, 1, Rounding::TowardZero), "none");
        assert_eq!(
            range_text("-99", 1, 1, 1, Rounding::TowardZero),
            "100 or more"
        );
        assert_eq!(range_text("-99", 1, 1, 1, Rounding::Ceiling), "100 or more");
        // half-up at -99%: g in (-99.5%, -98.5%], 1/b in (0.005, 0.015],
        // b in [66.67, 200): 67 to 199
        assert_eq!(range_text("-99", 1, 1, 1, Rounding::HalfUp), "67 to 199");
    }

    /// A range that reaches u64::MAX without being unbounded: 2^64 - 1
    /// against b is 0% (half-up) while (2^64 - 1)/b < 1.005, that is
    /// b > 200 (2^64 - 1) / 201, up to some b beyond u64::MAX.
    #[test]
    fn range_clipped_at_u64_max() {
        let max = u64::MAX;
        let range = baselines_for(dec("0"), max, 1, 1, Rounding::HalfUp).unwrap();
        let least = u64::try_from(u128::from(max) * 200 / 201 + 1).unwrap();
        assert_eq!(range.min(), Some(least));
        assert_eq!(range.max(), Some(max));
        assert!(!range.is_unbounded());
        assert_eq!(range.to_string(), format!("{least} to {max}"));
        // a range that would start beyond u64::MAX is empty: -100% at 26
        // places (the most a Decimal holds for -100) needs 1/b - 1 to be at
        // most -(1 - 0.5e-28), that is b >= 2e28
        let far = dec("-100.00000000000000000000000000");
        assert_eq!(far.scale(), 26);
        assert!(
            baselines_for(far, 1, 1, 1, Rounding::HalfUp)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn empty_range_accessors() {
        let none = baselines_for(dec("274"), 103, 6, 12, Rounding::HalfUp).unwrap();
        assert!(none.is_empty() && !none.is_unbounded());
        assert_eq!((none.min(), none.max(), none.len()), (None, None, Some(0)));
        assert_eq!(none.iter().map(|r| r.count()), Some(0));
        assert!(!none.contains(55));
        assert_eq!((none.min_average(), none.max_average()), (None, None));
    }

    #[test]
    fn averages_of_totals() {
        let range = baselines_for(dec("33"), 437, 6, 12, Rounding::HalfUp).unwrap();
        assert_eq!(range.average_of(655), dec("327.5"));
        assert_eq!(range.max_average(), Some(dec("329.5")));
        // 7 months against 3: 1 * 7 / 3 = 2.333...
        let odd = baselines_for(dec("0"), 7, 7, 3, Rounding::HalfUp).unwrap();
        assert_eq!(
            odd.average_of(1).to_string(),
            "2.3333333333333333333333333333"
        );
        assert_eq!(odd.average_of(3), dec("7"));
        let huge = odd.average_of(u64::MAX);
        assert_eq!(
            huge.trunc(),
            Decimal::from(u64::MAX) * Decimal::from(7) / Decimal::from(3)
        );
    }

    fn any_rule() -> impl Strategy<Value = Rounding> {
        prop::sample::select(Rounding::ALL.to_vec())
    }

    /// The published percent's digits: mantissa and scale of a Decimal.
    fn any_percent() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (-20_000_i64..100_000, 0_u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
            (-(1_i128 << 95)..(1_i128 << 95), 0_u32..=28)
                .prop_map(|(m, s)| Decimal::from_i128_with_scale(m, s)),
        ]
    }

    fn gcd_i(a: i128, b: u128) -> u128 {
        gcd(a.unsigned_abs(), b)
    }

    proptest! {
        /// Any u64 and u32 inputs give a reduced fraction no lower than -1,
        /// and the same value as a cross-multiplication.
        #[test]
        fn on_average_is_total_and_exact(
            current in any::<u64>(),
            cm in 1_u32..=u32::MAX,
            baseline in 1_u64..=u64::MAX,
            bm in 1_u32..=u32::MAX,
        ) {
            let growth = Growth::on_average(current, cm, baseline, bm).unwrap();
            let (num, den) = growth.ratio();
            prop_assert!(den >= 1);
            prop_assert_eq!(gcd_i(num, den), 1);
            prop_assert!(num >= -(den as i128));
            // (num/den + 1) = (current*bm) / (baseline*cm), compared with
            // both sides reduced: num + den over den equals the quotient.
            let p = u128::from(current) * u128::from(bm);
            let q = u128::from(baseline) * u128::from(cm);
            let g = gcd(p, q);
            prop_assert_eq!(((num + den as i128) as u128, den), (p / g, q / g));
            let _ = growth.to_decimal();
            for rule in Rounding::ALL {
                let _ = growth.percent(2, rule);
            }
        }

        /// A growth's percent, taken back, contains the true baseline.
        #[test]
        fn percent_then_baselines_contains_the_baseline(
            current in 0_u64..100_000,
            baseline in 1_u64..100_000,
            (cm, bm) in prop::sample::select(vec![(6_u32, 12_u32), (1, 1), (3, 12), (12, 12), (7, 5)]),
            places in 0_u32..5,
            rule in any_rule(),
        ) {
            let growth = Growth::on_average(current, cm, baseline, bm).unwrap();
            let percent = growth.percent(places, rule).unwrap();
            let range = baselines_for(percent, current, cm, bm, rule).unwrap();
            prop_assert!(range.contains(baseline), "{} at {}% under {}: {}", current, percent, rule, range);
        }

        /// Totals inside the range round to the published percent; the
        /// totals just outside do not.
        #[test]
        fn range_ends_are_exact(
            percent in any_percent(),
            current in prop_oneof![0_u64..2000, any::<u64>()],
            (cm, bm) in prop::sample::select(vec![(6_u32, 12_u32), (1, 1), (3, 12), (7, 5)]),
            rule in any_rule(),
        ) {
            let range = baselines_for(percent, current, cm, bm, rule).unwrap();
            let rounds_to = |total: u64| {
                Growth::on_average(current, cm, total, bm)
                    .unwrap()
                    .percent(percent.scale(), rule)
                    .is_ok_and(|p| p == percent)
            };
            if let Some(min) = range.min() {
                let max = range.max().unwrap_or(u64::MAX);
                prop_assert!(rounds_to(min) && rounds_to(max) && rounds_to(min + (max - min) / 2));
                if min > 1 {
                    prop_assert!(!rounds_to(min - 1), "{} below {}", min - 1, range);
                }
                if let Some(max) = range.max().filter(|&m| m < u64::MAX) {
                    prop_assert!(!rounds_to(max + 1), "{} above {}", max + 1, range);
                }
                if range.is_unbounded() {
                    prop_assert!(rounds_to(u64::MAX));
                }
            }
        }

        /// Small cases against a scan of every total.
        #[test]
        fn range_matches_a_scan(
            current in 0_u64..300,
            lead in -105_i64..400,
            places in 0_u32..2,
            (cm, bm) in prop::sample::select(vec![(6_u32, 12_u32), (1, 1), (3, 12)]),
            rule in any_rule(),
        ) {
            const SCAN: u64 = 3000;
            let percent = Decimal::new(lead * 10_i64.pow(places) / 3, places);
            let range = baselines_for(percent, current, cm, bm, rule).unwrap();
            for total in 1..=SCAN {
                let rounded = Growth::on_average(current, cm, total, bm)
                    .unwrap()
                    .percent(places, rule)
                    .unwrap();
                prop_assert_eq!(range.contains(total), rounded == percent, "{} in {}", total, range);
            }
        }

        /// Any inputs at all give a range or a length error, never a panic.
        #[test]
        fn baselines_for_never_panics(
            mantissa in any::<i128>(),
            scale in 0_u32..=28,
            current in any::<u64>(),
            cm in any::<u32>(),
            bm in any::<u32>(),
            rule in any_rule(),
        ) {
            let mantissa = mantissa % (1_i128 << 96);
            let percent = Decimal::from_i128_with_scale(mantissa, scale);
            match baselines_for(percent, current, cm, bm, rule) {
                Ok(range) => {
                    let _ = range.to_string();
                    let _ = (range.len(), range.min_average(), range.max_average());
                }
                Err(err) => prop_assert!(cm == 0 || bm == 0, "{}", err),
            }
        }

        /// to_decimal is the exact fraction rounded half-even at its own
        /// scale, and at 28 places whenever that fits a Decimal.
        #[test]
        fn to_decimal_is_nearest(
            current in 0_u64..1_000_000,
            baseline in 1_u64..1_000_000,
            cm in 1_u32..13,
            bm in 1_u32..13,
        ) {
            let growth = Growth::on_average(current, cm, baseline, bm).unwrap();
            let (num, den) = growth.ratio();
            let approx = growth.to_decimal();
            let at_own_scale = rounded_mantissa(num, den, approx.scale(), Rounding::HalfEven).unwrap();
            prop_assert_eq!(approx.mantissa(), at_own_scale);
            if let Ok(full) = crate::growth::rounding::round_ratio(num, den, 28, Rounding::HalfEven) {
                prop_assert_eq!(approx, full);
            }
        }

        /// of_rates never panics, and agrees with on_average when the wholes
        /// play the part of period lengths.
        #[test]
        fn of_rates_is_total(
            a in any::<u64>(), b in any::<u64>(), c in any::<u64>(), d in any::<u64>(),
            small in (0_u64..1000, 1_u32..100, 1_u64..1000, 1_u32..100),
        ) {
            let _ = Growth::of_rates(a, b, c, d);
            let (current, cm, baseline, bm) = small;
            prop_assert_eq!(
                Growth::of_rates(current, u64::from(cm), baseline, u64::from(bm)),
                Growth::on_average(current, cm, baseline, bm)
            );
        }
    }
}
