//! Rounding rules, and exact rounding of a fraction of integers.
//!
//! A published percent such as "32%" is a rounded number, and which rule
//! rounded it matters: 0.5% is "1%" under [`Rounding::HalfUp`] and "0%" under
//! [`Rounding::HalfEven`]. This module names the rules and applies them to an
//! exact fraction `num / den` with integer arithmetic only, so that no binary
//! floating point or 28-digit decimal division rounds the value first.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{Error, Result};

/// How a number is rounded to a given number of decimal places.
///
/// Each rule, applied to whole numbers (0 decimal places):
///
/// | value | `half-up` | `half-down` | `half-even` | `toward-zero` | `away-from-zero` | `floor` | `ceiling` |
/// |------:|----:|----:|----:|----:|----:|----:|----:|
/// |   2.5 |   3 |   2 |   2 |   2 |   3 |   2 |   3 |
/// |  -2.5 |  -3 |  -2 |  -2 |  -2 |  -3 |  -3 |  -2 |
/// |   3.5 |   4 |   3 |   4 |   3 |   4 |   3 |   4 |
/// |   2.4 |   2 |   2 |   2 |   2 |   3 |   2 |   3 |
/// |  -2.4 |  -2 |  -2 |  -2 |  -2 |  -3 |  -3 |  -2 |
/// |   2.6 |   3 |   3 |   3 |   2 |   3 |   2 |   3 |
/// |  -2.6 |  -3 |  -3 |  -3 |  -2 |  -3 |  -3 |  -2 |
/// |   2.0 |   2 |   2 |   2 |   2 |   2 |   2 |   2 |
///
/// The half rules differ only on exact halves; the other four differ on
/// every value that is not already whole. "Half up" here means *half away
/// from zero* (-2.5 becomes -3), as in Java's `HALF_UP` and
/// [`RoundingStrategy::MidpointAwayFromZero`], not "half toward positive
/// infinity".
///
/// The code of each rule (`half-up`, ...) is what [`Display`](fmt::Display)
/// writes and [`FromStr`] reads; serde uses the same code.
///
/// ```
/// use impact_metrics::{growth::round_ratio, Rounding};
///
/// // The table above, checked: (value in tenths, then one result per rule).
/// let table: [(i128, [i32; 7]); 8] = [
///     (25, [3, 2, 2, 2, 3, 2, 3]),
///     (-25, [-3, -2, -2, -2, -3, -3, -2]),
///     (35, [4, 3, 4, 3, 4, 3, 4]),
///     (24, [2, 2, 2, 2, 3, 2, 3]),
///     (-24, [-2, -2, -2, -2, -3, -3, -2]),
///     (26, [3, 3, 3, 2, 3, 2, 3]),
///     (-26, [-3, -3, -3, -2, -3, -3, -2]),
///     (20, [2, 2, 2, 2, 2, 2, 2]),
/// ];
/// for (tenths, expected) in table {
///     for (rule, want) in Rounding::ALL.into_iter().zip(expected) {
///         let got = round_ratio(tenths, 10, 0, rule)?;
///         assert_eq!(got, want.into(), "{tenths}/10 under {rule}");
///     }
/// }
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rounding {
    /// To the nearest; an exact half goes away from zero.
    ///
    /// | 2.5 | -2.5 | 3.5 | 2.4 | 2.6 |
    /// |----:|-----:|----:|----:|----:|
    /// |   3 |   -3 |   4 |   2 |   3 |
    ///
    /// ```
    /// use impact_metrics::{growth::round_ratio, Rounding};
    ///
    /// assert_eq!(round_ratio(-5, 2, 0, Rounding::HalfUp)?.to_string(), "-3");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    HalfUp,
    /// To the nearest; an exact half goes toward zero.
    ///
    /// | 2.5 | -2.5 | 3.5 | 2.4 | 2.6 |
    /// |----:|-----:|----:|----:|----:|
    /// |   2 |   -2 |   3 |   2 |   3 |
    ///
    /// ```
    /// use impact_metrics::{growth::round_ratio, Rounding};
    ///
    /// assert_eq!(round_ratio(-5, 2, 0, Rounding::HalfDown)?.to_string(), "-2");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    HalfDown,
    /// To the nearest; an exact half goes to the even neighbour ("banker's
    /// rounding").
    ///
    /// | 2.5 | -2.5 | 3.5 | 2.4 | 2.6 |
    /// |----:|-----:|----:|----:|----:|
    /// |   2 |   -2 |   4 |   2 |   3 |
    ///
    /// ```
    /// use impact_metrics::{growth::round_ratio, Rounding};
    ///
    /// assert_eq!(round_ratio(7, 2, 0, Rounding::HalfEven)?.to_string(), "4");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    HalfEven,
    /// Drop the digits beyond the last place kept (truncation).
    ///
    /// | 2.5 | -2.5 | 3.5 | 2.4 | 2.6 |
    /// |----:|-----:|----:|----:|----:|
    /// |   2 |   -2 |   3 |   2 |   2 |
    ///
    /// ```
    /// use impact_metrics::{growth::round_ratio, Rounding};
    ///
    /// assert_eq!(round_ratio(-13, 5, 0, Rounding::TowardZero)?.to_string(), "-2");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    TowardZero,
    /// Any value that is not already whole at the last place kept grows in
    /// magnitude.
    ///
    /// | 2.5 | -2.5 | 3.5 | 2.4 | 2.6 |
    /// |----:|-----:|----:|----:|----:|
    /// |   3 |   -3 |   4 |   3 |   3 |
    ///
    /// ```
    /// use impact_metrics::{growth::round_ratio, Rounding};
    ///
    /// assert_eq!(round_ratio(-12, 5, 0, Rounding::AwayFromZero)?.to_string(), "-3");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    AwayFromZero,
    /// Toward negative infinity.
    ///
    /// | 2.5 | -2.5 | 3.5 | 2.4 | 2.6 |
    /// |----:|-----:|----:|----:|----:|
    /// |   2 |   -3 |   3 |   2 |   2 |
    ///
    /// ```
    /// use impact_metrics::{growth::round_ratio, Rounding};
    ///
    /// assert_eq!(round_ratio(-12, 5, 0, Rounding::Floor)?.to_string(), "-3");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    Floor,
    /// Toward positive infinity.
    ///
    /// | 2.5 | -2.5 | 3.5 | 2.4 | 2.6 |
    /// |----:|-----:|----:|----:|----:|
    /// |   3 |   -2 |   4 |   3 |   3 |
    ///
    /// ```
    /// use impact_metrics::{growth::round_ratio, Rounding};
    ///
    /// assert_eq!(round_ratio(-13, 5, 0, Rounding::Ceiling)?.to_string(), "-2");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    Ceiling,
}

impl Rounding {
    /// Every rule, in declaration order.
    ///
    /// ```
    /// use impact_metrics::Rounding;
    ///
    /// assert_eq!(Rounding::ALL.len(), 7);
    /// assert_eq!(Rounding::ALL[0], Rounding::HalfUp);
    /// ```
    pub const ALL: [Rounding; 7] = [
        Rounding::HalfUp,
        Rounding::HalfDown,
        Rounding::HalfEven,
        Rounding::TowardZero,
        Rounding::AwayFromZero,
        Rounding::Floor,
        Rounding::Ceiling,
    ];

    /// The rule's code: `half-up`, `half-down`, `half-even`, `toward-zero`,
    /// `away-from-zero`, `floor` or `ceiling`.
    ///
    /// ```
    /// use impact_metrics::Rounding;
    ///
    /// assert_eq!(Rounding::HalfEven.code(), "half-even");
    /// assert_eq!(Rounding::TowardZero.to_string(), "toward-zero");
    /// ```
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Rounding::HalfUp => "half-up",
            Rounding::HalfDown => "half-down",
            Rounding::HalfEven => "half-even",
            Rounding::TowardZero => "toward-zero",
            Rounding::AwayFromZero => "away-from-zero",
            Rounding::Floor => "floor",
            Rounding::Ceiling => "ceiling",
        }
    }

    /// Whether a value whose magnitude was cut to `truncated` (at the last
    /// place kept) must instead grow by one unit there.
    ///
    /// `rest` against `den` is the part that was cut, `0 <= rest < den`.
    fn rounds_away(self, negative: bool, truncated: u128, rest: u128, den: u128) -> bool {
        let inexact = rest != 0;
        // `rest < den`, so `den - rest` cannot underflow; comparing `rest`
        // with it compares the cut part with one half.
        let against_half = rest.cmp(&(den - rest));
        match self {
            Rounding::HalfUp => against_half != Ordering::Less,
            Rounding::HalfDown => against_half == Ordering::Greater,
            Rounding::HalfEven => {
                against_half == Ordering::Greater
                    || (against_half == Ordering::Equal && truncated % 2 == 1)
            }
            Rounding::TowardZero => false,
            Rounding::AwayFromZero => inexact,
            Rounding::Floor => inexact && negative,
            Rounding::Ceiling => inexact && !negative,
        }
    }
}

impl fmt::Display for Rounding {
    /// Writes the rule's [`code`](Rounding::code).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl FromStr for Rounding {
    type Err = Error;

    /// Reads a rule's [`code`](Rounding::code), ignoring ASCII case and
    /// accepting `_` for `-` (`HALF_EVEN` reads as `half-even`).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownRounding`] for any other text.
    ///
    /// ```
    /// use impact_metrics::{Error, Rounding};
    ///
    /// assert_eq!("Half_Up".parse::<Rounding>()?, Rounding::HalfUp);
    /// assert_eq!(
    ///     "bankers".parse::<Rounding>(),
    ///     Err(Error::UnknownRounding { input: "bankers".to_string() }),
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    fn from_str(input: &str) -> Result<Rounding> {
        let matches = |code: &str| {
            code.len() == input.len()
                && code.bytes().zip(input.bytes()).all(|(want, got)| {
                    want == got.to_ascii_lowercase() || (want == b'-' && got == b'_')
                })
        };
        Rounding::ALL
            .into_iter()
            .find(|rule| matches(rule.code()))
            .ok_or_else(|| Error::UnknownRounding {
                input: input.to_string(),
            })
    }
}

impl From<Rounding> for RoundingStrategy {
    /// The `rust_decimal` strategy that rounds the same way.
    ///
    /// ```
    /// use impact_metrics::Rounding;
    /// use rust_decimal::{Decimal, RoundingStrategy};
    ///
    /// let strategy = RoundingStrategy::from(Rounding::HalfUp);
    /// assert_eq!(strategy, RoundingStrategy::MidpointAwayFromZero);
    /// let x = Decimal::new(-25, 1); // -2.5
    /// assert_eq!(x.round_dp_with_strategy(0, strategy), Decimal::from(-3));
    /// ```
    fn from(rule: Rounding) -> RoundingStrategy {
        match rule {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfDown => RoundingStrategy::MidpointTowardZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::TowardZero => RoundingStrategy::ToZero,
            Rounding::AwayFromZero => RoundingStrategy::AwayFromZero,
            Rounding::Floor => RoundingStrategy::ToNegativeInfinity,
            Rounding::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }
}

impl From<RoundingStrategy> for Rounding {
    /// The rule that rounds as the `rust_decimal` strategy does; its
    /// deprecated names map to the rule they stand for.
    ///
    /// ```
    /// use impact_metrics::Rounding;
    /// use rust_decimal::RoundingStrategy;
    ///
    /// assert_eq!(Rounding::from(RoundingStrategy::MidpointNearestEven), Rounding::HalfEven);
    /// ```
    #[allow(deprecated)]
    fn from(strategy: RoundingStrategy) -> Rounding {
        match strategy {
            RoundingStrategy::MidpointNearestEven | RoundingStrategy::BankersRounding => {
                Rounding::HalfEven
            }
            RoundingStrategy::MidpointAwayFromZero | RoundingStrategy::RoundHalfUp => {
                Rounding::HalfUp
            }
            RoundingStrategy::MidpointTowardZero | RoundingStrategy::RoundHalfDown => {
                Rounding::HalfDown
            }
            RoundingStrategy::ToZero | RoundingStrategy::RoundDown => Rounding::TowardZero,
            RoundingStrategy::AwayFromZero | RoundingStrategy::RoundUp => Rounding::AwayFromZero,
            RoundingStrategy::ToNegativeInfinity => Rounding::Floor,
            RoundingStrategy::ToPositiveInfinity => Rounding::Ceiling,
        }
    }
}

impl serde::Serialize for Rounding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Rounding {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Rounding, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Rounds the exact fraction `num / den` to `places` decimal places by `rule`.
///
/// The work is done on integers alone: the quotient's digits come from long
/// division and the rule looks at the exact remainder, so a value is never
/// first rounded to a binary float or to a 28-digit decimal (either of which
/// could turn a value just under one half into exactly one half). The result
/// has scale `places` (`round_ratio(1, 4, 3, _)` is `0.250`) and is never
/// negative zero.
///
/// # Errors
///
/// - [`Error::OutOfRange`] if `den` is zero, or if `places` is more than
///   28, the most a [`Decimal`] holds.
/// - [`Error::Overflow`] if the rounded value does not fit a [`Decimal`] at
///   that scale (its 96-bit mantissa).
///
/// ```
/// use impact_metrics::{growth::round_ratio, Error, Rounding};
///
/// // 9/28 = 0.32142857...
/// assert_eq!(round_ratio(9, 28, 4, Rounding::HalfUp)?.to_string(), "0.3214");
/// // 1/8 = 0.125, an exact half at two places
/// assert_eq!(round_ratio(1, 8, 2, Rounding::HalfUp)?.to_string(), "0.13");
/// assert_eq!(round_ratio(1, 8, 2, Rounding::HalfEven)?.to_string(), "0.12");
///
/// assert_eq!(
///     round_ratio(1, 0, 2, Rounding::HalfUp).unwrap_err().to_string(),
///     "denominator out of range: 0 (expected at least 1)",
/// );
/// assert!(matches!(
///     round_ratio(i128::MAX, 1, 0, Rounding::HalfUp),
///     Err(Error::Overflow { .. }),
/// ));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
pub fn round_ratio(num: i128, den: u128, places: u32, rule: Rounding) -> Result<Decimal> {
    check_places(places)?;
    let mantissa = rounded_mantissa(num, den, places, rule)?;
    Decimal::try_from_i128_with_scale(mantissa, places)
        .map_err(|_| overflow_rounding(num, den, places))
}

/// Refuses more decimal places than a [`Decimal`] can hold.
pub(crate) fn check_places(places: u32) -> Result<()> {
    if places > Decimal::MAX_SCALE {
        return Err(Error::OutOfRange {
            what: "decimal places",
            value: i64::from(places),
            expected: "0 to 28",
        });
    }
    Ok(())
}

/// `num / den * 10^places`, rounded to a whole number by `rule`.
///
/// `places` is not limited to 28 here: callers that want a percent round the
/// fraction at `places + 2` and read the result at scale `places`.
pub(crate) fn rounded_mantissa(num: i128, den: u128, places: u32, rule: Rounding) -> Result<i128> {
    if den == 0 {
        return Err(Error::OutOfRange {
            what: "denominator",
            value: 0,
            expected: "at least 1",
        });
    }
    let negative = num < 0;
    let magnitude = num.unsigned_abs();
    let mut truncated = magnitude / den;
    let mut rest = magnitude % den;
    for _ in 0..places {
        let (digit, next) = next_digit(rest, den);
        truncated = truncated
            .checked_mul(10)
            .and_then(|t| t.checked_add(digit))
            .ok_or_else(|| overflow_rounding(num, den, places))?;
        rest = next;
    }
    if rule.rounds_away(negative, truncated, rest, den) {
        truncated = truncated
            .checked_add(1)
            .ok_or_else(|| overflow_rounding(num, den, places))?;
    }
    let signed = if negative {
        0_i128.checked_sub_unsigned(truncated)
    } else {
        i128::try_from(truncated).ok()
    };
    signed.ok_or_else(|| overflow_rounding(num, den, places))
}

/// One step of long division: with `rest < den`, returns
/// `(10 * rest / den, 10 * rest % den)` without overflowing, even when
/// `10 * rest` does not fit a `u128`.
fn next_digit(rest: u128, den: u128) -> (u128, u128) {
    if let Some(tenfold) = rest.checked_mul(10) {
        return (tenfold / den, tenfold % den);
    }
    // Add `rest` ten times modulo `den`, counting the wraps. `acc < den`
    // throughout, so `den - acc` is positive and neither branch overflows.
    let mut digit = 0;
    let mut acc: u128 = 0;
    for _ in 0..10 {
        let room = den - acc;
        if rest >= room {
            acc = rest - room;
            digit += 1;
        } else {
            acc += rest;
        }
    }
    (digit, acc)
}

/// The [`Decimal`] nearest to `num / den` (ties to even) with as many decimal
/// places as fit, at most 28, trailing zeros removed.
///
/// # Errors
///
/// [`Error::Overflow`] if even the whole part does not fit a [`Decimal`];
/// [`Error::OutOfRange`] if `den` is zero.
#[cfg(test)]
pub(crate) fn ratio_to_decimal(num: i128, den: u128) -> Result<Decimal> {
    if den == 0 {
        // Reuse the exact error of the rounding routine.
        rounded_mantissa(num, den, 0, Rounding::HalfEven)?;
    }
    Fraction::new(num, den)
        .map(Fraction::to_decimal)
        .ok_or_else(|| Error::overflow(format!("{num}/{den} does not fit a decimal")))
}

/// The largest mantissa a [`Decimal`] holds, `2^96 - 1`.
pub(crate) const DECIMAL_MAX_MANTISSA: u128 = (1 << 96) - 1;

/// A fraction `num / den` that always has a nearest [`Decimal`]: `den` is at
/// least 1 and `num / den` rounded to a whole number, ties to even, is at
/// most [`DECIMAL_MAX_MANTISSA`] in magnitude.
///
/// The fields are private to this module, so every `Fraction` went through
/// [`Fraction::new`] or [`Fraction::scaled`], and
/// [`to_decimal`](Fraction::to_decimal) needs no error and no fallback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Fraction {
    num: i128,
    den: u128,
}

impl Fraction {
    /// `num / den`, if `den` is at least 1 and its nearest whole number
    /// fits a [`Decimal`].
    pub(crate) fn new(num: i128, den: u128) -> Option<Fraction> {
        let fraction = Fraction { num, den };
        (den >= 1 && fraction.nearest_whole() <= DECIMAL_MAX_MANTISSA).then_some(fraction)
    }

    /// `a * b / c`: below `2^96 - 1` whatever the inputs, so it needs no
    /// check.
    pub(crate) fn scaled(a: u64, b: u32, c: std::num::NonZeroU32) -> Fraction {
        // (2^64 - 1) * (2^32 - 1) < 2^96 - 1: the product cannot overflow,
        // and neither can its quotient by `c >= 1` exceed the mantissa.
        let num = i128::from(a) * i128::from(b);
        Fraction {
            num,
            den: u128::from(c.get()),
        }
    }

    /// The numerator.
    pub(crate) fn num(self) -> i128 {
        self.num
    }

    /// The denominator, at least 1.
    pub(crate) fn den(self) -> u128 {
        self.den
    }

    /// `|num / den|` rounded to a whole number, ties to even.
    fn nearest_whole(self) -> u128 {
        let magnitude = self.num.unsigned_abs();
        let den = self.den.max(1);
        let (whole, rest) = (magnitude / den, magnitude % den);
        // rest < den, so den - rest does not overflow; compare rest with
        // den / 2 without doubling.
        let up = rest > den - rest || (rest == den - rest && whole % 2 == 1);
        whole.saturating_add(u128::from(up))
    }

    /// The [`Decimal`] nearest to the fraction (ties to even) with as many
    /// decimal places as fit, at most 28, trailing zeros removed.
    pub(crate) fn to_decimal(self) -> Decimal {
        // A Decimal's mantissa holds at most 29 digits, so a whole part of
        // `k` digits leaves room for at most `29 - k` decimal places.
        let whole = self.num.unsigned_abs() / self.den;
        let whole_digits = whole.checked_ilog10().map_or(0, |log| log + 1);
        let most = Decimal::MAX_SCALE.min(29_u32.saturating_sub(whole_digits));
        for places in (1..=most).rev() {
            if let Ok(value) = round_ratio(self.num, self.den, places, Rounding::HalfEven) {
                return value.normalize();
            }
        }
        // At no decimal places the value is the nearest whole number, which
        // `new` and `scaled` keep within the mantissa: the masks below drop
        // no bits.
        let mantissa = self.nearest_whole();
        let part = |shift: u32| ((mantissa >> shift) & u128::from(u32::MAX)) as u32;
        Decimal::from_parts(
            part(0),
            part(32),
            part(64),
            self.num < 0 && mantissa != 0,
            0,
        )
    }
}

fn overflow_rounding(num: i128, den: u128, places: u32) -> Error {
    Error::overflow(format!(
        "{num}/{den} rounded to {places} decimal places does not fit a decimal"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn codes_round_trip_and_are_distinct() {
        for rule in Rounding::ALL {
            assert_eq!(rule.code().parse::<Rounding>(), Ok(rule), "{rule}");
            assert_eq!(rule.to_string(), rule.code());
            assert_eq!(rule.code().to_uppercase().parse::<Rounding>(), Ok(rule));
            assert_eq!(rule.code().replace('-', "_").parse::<Rounding>(), Ok(rule));
        }
        let codes: std::collections::HashSet<_> = Rounding::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), 7);
    }

    #[test]
    fn parse_refuses_other_text_with_exact_message() {
        for input in [
            "", "half", "half up", "half-up ", "halfup", "half--up", "round",
        ] {
            let err = input.parse::<Rounding>().unwrap_err();
            assert_eq!(
                err,
                Error::UnknownRounding {
                    input: input.to_string()
                }
            );
        }
        assert_eq!(
            "bankers".parse::<Rounding>().unwrap_err().to_string(),
            "unknown rounding rule \"bankers\" (expected half-up, half-down, half-even, \
             toward-zero, away-from-zero, floor or ceiling)"
        );
    }

    #[test]
    fn serde_uses_the_code() {
        let json = serde_json::to_string(&Rounding::AwayFromZero).unwrap();
        assert_eq!(json, "\"away-from-zero\"");
        let back: Rounding = serde_json::from_str("\"HALF_EVEN\"").unwrap();
        assert_eq!(back, Rounding::HalfEven);
        let err = serde_json::from_str::<Rounding>("\"nearest\"").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("unknown rounding rule \"nearest\""),
            "{err}"
        );
    }

    #[test]
    fn strategy_conversion_round_trips() {
        for rule in Rounding::ALL {
            assert_eq!(Rounding::from(RoundingStrategy::from(rule)), rule);
        }
    }

    /// Exact halves, by hand: 1/2, 3/2, -1/2, -3/2 at 0 places and
    /// 1/8 = 0.125 at 2 places.
    #[test]
    fn exact_halves_per_rule() {
        // (num, den, places, [half-up, half-down, half-even, toward-zero,
        //  away-from-zero, floor, ceiling])
        let cases: [(i128, u128, u32, [&str; 7]); 6] = [
            (1, 2, 0, ["1", "0", "0", "0", "1", "0", "1"]),
            (3, 2, 0, ["2", "1", "2", "1", "2", "1", "2"]),
            (-1, 2, 0, ["-1", "0", "0", "0", "-1", "-1", "0"]),
            (-3, 2, 0, ["-2", "-1", "-2", "-1", "-2", "-2", "-1"]),
            (
                1,
                8,
                2,
                ["0.13", "0.12", "0.12", "0.12", "0.13", "0.12", "0.13"],
            ),
            (
                -3,
                8,
                2,
                [
                    "-0.38", "-0.37", "-0.38", "-0.37", "-0.38", "-0.38", "-0.37",
                ],
            ),
        ];
        for (num, den, places, expected) in cases {
            for (rule, want) in Rounding::ALL.into_iter().zip(expected) {
                let got = round_ratio(num, den, places, rule).unwrap();
                assert_eq!(
                    got.to_string(),
                    want,
                    "{num}/{den} at {places} under {rule}"
                );
            }
        }
    }

    /// A value a hair below one half must not be taken for a half:
    /// (10^30 - 1) / (2 * 10^30) = 0.4999...9 (30 nines), which a 28-digit
    /// decimal division would round to 0.5.
    #[test]
    fn a_hair_below_half_is_not_a_half() {
        let den: u128 = 2 * 10_u128.pow(30);
        let num: i128 = 10_i128.pow(30) - 1;
        assert_eq!(
            round_ratio(num, den, 0, Rounding::HalfUp).unwrap(),
            dec("0")
        );
        assert_eq!(
            round_ratio(num + 1, den, 0, Rounding::HalfUp).unwrap(),
            dec("1")
        );
        assert_eq!(
            round_ratio(-num, den, 0, Rounding::HalfUp).unwrap(),
            dec("0")
        );
        assert_eq!(
            round_ratio(num + 2, den, 0, Rounding::HalfDown).unwrap(),
            dec("1")
        );
    }

    #[test]
    fn scale_is_the_places_asked_for_and_zero_is_never_negative() {
        let quarter = round_ratio(1, 4, 3, Rounding::HalfUp).unwrap();
        assert_eq!(quarter.to_string(), "0.250");
        assert_eq!(quarter.scale(), 3);
        let tiny = round_ratio(-1, 1000, 2, Rounding::TowardZero).unwrap();
        assert!(tiny.is_zero());
        assert!(!tiny.is_sign_negative());
        assert_eq!(tiny.to_string(), "0.00");
    }

    #[test]
    fn errors_are_typed_with_exact_messages() {
        assert_eq!(
            round_ratio(1, 3, 29, Rounding::HalfUp),
            Err(Error::OutOfRange {
                what: "decimal places",
                value: 29,
                expected: "0 to 28",
            })
        );
        assert_eq!(
            round_ratio(1, 3, 29, Rounding::HalfUp)
                .unwrap_err()
                .to_string(),
            "decimal places out of range: 29 (expected 0 to 28)"
        );
        // 2^96 is one more than the largest Decimal mantissa.
        let too_big = 1_i128 << 96;
        assert_eq!(
            round_ratio(too_big, 1, 0, Rounding::HalfUp)
                .unwrap_err()
                .to_string(),
            "arithmetic overflow: 79228162514264337593543950336/1 rounded to 0 decimal \
             places does not fit a decimal"
        );
        assert!(round_ratio(too_big - 1, 1, 0, Rounding::HalfUp).is_ok());
        // 1/1 at 28 places is 10^28, which fits; 10/1 at 28 places does not.
        assert!(round_ratio(1, 1, 28, Rounding::HalfUp).is_ok());
        assert!(matches!(
            round_ratio(10, 1, 28, Rounding::HalfUp),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn extreme_operands_do_not_panic() {
        for rule in Rounding::ALL {
            for (num, den) in [
                (i128::MIN, 1),
                (i128::MIN, u128::MAX),
                (i128::MAX, u128::MAX),
                (-1, u128::MAX),
                (i128::MIN + 1, u128::MAX - 1),
            ] {
                for places in [0, 1, 28, 40] {
                    let _ = rounded_mantissa(num, den, places, rule);
                    let _ = round_ratio(num, den, places.min(28), rule);
                }
            }
        }
        // i128::MIN is exactly representable as a mantissa.
        assert_eq!(
            rounded_mantissa(i128::MIN, 1, 0, Rounding::HalfUp),
            Ok(i128::MIN)
        );
        // Half of u128::MAX (odd) over u128::MAX is a hair below one half.
        let half_den = (u128::MAX / 2) as i128;
        assert_eq!(
            rounded_mantissa(half_den, u128::MAX, 0, Rounding::HalfUp),
            Ok(0)
        );
        // and 2^127 over it is a hair above: i128::MIN has that magnitude.
        assert_eq!(
            rounded_mantissa(i128::MIN, u128::MAX, 0, Rounding::HalfDown),
            Ok(-1)
        );
        assert_eq!(
            rounded_mantissa(i128::MIN, u128::MAX, 0, Rounding::TowardZero),
            Ok(0)
        );
    }

    #[test]
    fn long_division_digit_without_overflow() {
        // rest = den - 1 with a den near u128::MAX: 10 * rest / den is 9.
        let den = u128::MAX - 6;
        let (digit, rest) = next_digit(den - 1, den);
        assert_eq!(digit, 9);
        // 10 * (den - 1) = 9 * den + (den - 10)
        assert_eq!(rest, den - 10);
    }

    #[test]
    fn ratio_to_decimal_keeps_as_many_places_as_fit() {
        assert_eq!(ratio_to_decimal(8, 25).unwrap().to_string(), "0.32");
        assert_eq!(
            ratio_to_decimal(1, 3).unwrap().to_string(),
            "0.3333333333333333333333333333"
        );
        // 2/3 with a 20-digit whole part leaves 8 or 9 places.
        let big: i128 = 3 * 10_i128.pow(20) + 2;
        assert_eq!(
            ratio_to_decimal(big, 3).unwrap().to_string(),
            "100000000000000000000.66666667"
        );
        assert!(ratio_to_decimal(1_i128 << 100, 1).is_err());
    }

    fn any_rule() -> impl Strategy<Value = Rounding> {
        prop::sample::select(Rounding::ALL.to_vec())
    }

    proptest! {
        /// On a Decimal (an exact fraction mantissa / 10^scale), every rule
        /// rounds as the matching rust_decimal strategy does.
        #[test]
        fn agrees_with_rust_decimal(
            mantissa in -(1_i128 << 95)..(1_i128 << 95),
            scale in 0_u32..=28,
            places in 0_u32..=28,
            rule in any_rule(),
        ) {
            let value = Decimal::from_i128_with_scale(mantissa, scale);
            let got = round_ratio(mantissa, 10_u128.pow(scale), places, rule);
            if places >= scale {
                // Nothing to round; rust_decimal keeps the value as it is,
                // while round_ratio gives it scale `places`, if that fits.
                if let Ok(got) = got {
                    prop_assert_eq!(got, value);
                    prop_assert_eq!(got.scale(), places);
                }
            } else {
                let expected = value.round_dp_with_strategy(places, rule.into());
                prop_assert_eq!(got.unwrap(), expected, "{} at {} places under {}", value, places, rule);
            }
        }

        /// Same, on short decimals whose digits after the kept place are
        /// often exactly 5 (ties).
        #[test]
        fn agrees_with_rust_decimal_on_ties(
            lead in -1000_i128..1000,
            tail in prop::sample::select(vec![0_i128, 1, 4, 5, 6, 9]),
            places in 0_u32..3,
            rule in any_rule(),
        ) {
            let mantissa = lead * 10 + if lead < 0 { -tail } else { tail };
            let value = Decimal::from_i128_with_scale(mantissa, places + 1);
            let expected = value.round_dp_with_strategy(places, rule.into());
            let got = round_ratio(mantissa, 10_u128.pow(places + 1), places, rule).unwrap();
            prop_assert_eq!(got, expected, "{} under {}", value, rule);
        }

        /// The rounded value is within one unit of the last place of the
        /// exact one, on the side the rule says.
        #[test]
        fn rounding_brackets_the_exact_value(
            num in -1_000_000_i128..1_000_000,
            den in 1_u128..10_000,
            places in 0_u32..4,
            rule in any_rule(),
        ) {
            let m = rounded_mantissa(num, den, places, rule).unwrap();
            let scale = 10_i128.pow(places);
            // exact value times 10^places is num * scale / den; compare
            // m * den with num * scale.
            let diff = m * den as i128 - num * scale; // (rounded - exact) * den
            prop_assert!(diff.abs() < den as i128, "{}/{} -> {}", num, den, m);
            match rule {
                Rounding::Floor => prop_assert!(diff <= 0),
                Rounding::Ceiling => prop_assert!(diff >= 0),
                Rounding::TowardZero => prop_assert!(m.abs() * den as i128 <= (num * scale).abs()),
                Rounding::AwayFromZero => prop_assert!(m.abs() * den as i128 >= (num * scale).abs()),
                _ => prop_assert!(2 * diff.abs() <= den as i128),
            }
        }

        /// Rounding is monotone: a larger fraction never rounds lower.
        #[test]
        fn rounding_is_monotone(
            a in -100_000_i128..100_000,
            b in -100_000_i128..100_000,
            den in 1_u128..1000,
            places in 0_u32..3,
            rule in any_rule(),
        ) {
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(
                rounded_mantissa(low, den, places, rule).unwrap()
                    <= rounded_mantissa(high, den, places, rule).unwrap()
            );
        }

        /// Parsing never panics, and whatever parses prints back to a code.
        #[test]
        fn parse_never_panics(text in ".{0,20}") {
            if let Ok(rule) = text.parse::<Rounding>() {
                prop_assert!(text.eq_ignore_ascii_case(rule.code())
                    || text.replace('_', "-").eq_ignore_ascii_case(rule.code()));
            }
        }
    }
}
