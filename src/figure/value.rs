//! The value of a figure: a count, a rate's parts, or a bare percentage.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::indicator::Measure;

/// The value of one figure.
///
/// Counts add. A rate is held as its numerator and denominator, which add
/// separately, so the rate of a total is exact and never an average of
/// percentages. Reports sometimes publish a percentage without its parts
/// ("82% of survivors ..."); [`Value::Percent`] records such a figure as
/// printed, and refuses to be added to anything.
///
/// `Display` and `FromStr` share one grammar: `74`, `11/24`, `82%`. In serde
/// a count is a JSON number and the other two are strings in that grammar.
///
/// ```
/// use impact_metrics::Value;
///
/// let uk: Value = "20".parse()?;
/// let bd = Value::Count(17);
/// assert_eq!(uk.checked_add(bd)?, Value::Count(37));
///
/// let rate: Value = "11/24".parse()?;
/// assert_eq!(rate, Value::Ratio { numerator: 11, denominator: 24 });
/// assert!("82%".parse::<Value>()?.checked_add(Value::Count(1)).is_err());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// A whole-number count.
    Count(u64),
    /// A rate's parts: so many (`numerator`) out of so many (`denominator`).
    Ratio {
        /// How many had the property (survivors trafficked again).
        numerator: u64,
        /// How many there were in all (survivors supported).
        denominator: u64,
    },
    /// A percentage published without its parts, as printed (`82` for 82%).
    Percent(Decimal),
}

impl Value {
    /// Whether the value is a count or a rate.
    ///
    /// ```
    /// use impact_metrics::{Measure, Value};
    /// assert_eq!(Value::Count(3).measure(), Measure::Count);
    /// assert_eq!(Value::Ratio { numerator: 0, denominator: 40 }.measure(), Measure::Rate);
    /// ```
    #[must_use]
    pub fn measure(&self) -> Measure {
        match self {
            Value::Count(_) => Measure::Count,
            Value::Ratio { .. } | Value::Percent(_) => Measure::Rate,
        }
    }

    /// The count, if the value is one.
    ///
    /// ```
    /// use impact_metrics::Value;
    /// assert_eq!(Value::Count(74).as_count(), Some(74));
    /// assert_eq!(Value::Ratio { numerator: 1, denominator: 2 }.as_count(), None);
    /// ```
    #[must_use]
    pub fn as_count(&self) -> Option<u64> {
        match self {
            Value::Count(n) => Some(*n),
            _ => None,
        }
    }

    /// The value as a percentage, for rates: `100 * numerator / denominator`
    /// (rounded to `Decimal`'s 28 significant digits), or the published
    /// percentage. `None` for a count and for a rate whose denominator is 0.
    ///
    /// ```
    /// use impact_metrics::Value;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Value::Ratio { numerator: 11, denominator: 20 }.percent(), Some(Decimal::from(55)));
    /// assert_eq!(Value::Ratio { numerator: 0, denominator: 0 }.percent(), None);
    /// ```
    #[must_use]
    pub fn percent(&self) -> Option<Decimal> {
        match *self {
            Value::Count(_) => None,
            Value::Percent(p) => Some(p),
            Value::Ratio {
                numerator,
                denominator,
            } => Decimal::from(numerator)
                .checked_mul(Decimal::ONE_HUNDRED)?
                .checked_div(Decimal::from(denominator)),
        }
    }

    /// Adds two values of the same kind: counts to counts, rates part by
    /// part.
    ///
    /// # Errors
    ///
    /// - [`Error::Overflow`] when a sum does not fit in a `u64`.
    /// - [`Error::IncompatibleValues`] when the kinds differ, or either value is a
    ///   bare [`Value::Percent`], whose parts are unknown.
    ///
    /// ```
    /// use impact_metrics::Value;
    /// let a = Value::Ratio { numerator: 0, denominator: 120 };
    /// let b = Value::Ratio { numerator: 3, denominator: 80 };
    /// assert_eq!(a.checked_add(b)?, Value::Ratio { numerator: 3, denominator: 200 });
    /// assert!(Value::Count(u64::MAX).checked_add(Value::Count(1)).is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn checked_add(self, other: Value) -> Result<Value> {
        let overflow = || Error::overflow(format!("{self} + {other}"));
        match (self, other) {
            (Value::Count(a), Value::Count(b)) => {
                a.checked_add(b).map(Value::Count).ok_or_else(overflow)
            }
            (
                Value::Ratio {
                    numerator: n1,
                    denominator: d1,
                },
                Value::Ratio {
                    numerator: n2,
                    denominator: d2,
                },
            ) => Ok(Value::Ratio {
                numerator: n1.checked_add(n2).ok_or_else(overflow)?,
                denominator: d1.checked_add(d2).ok_or_else(overflow)?,
            }),
            (Value::Percent(_), _) | (_, Value::Percent(_)) => Err(Error::IncompatibleValues {
                what: format!("{self} and {other}"),
                reason:
                    "a percentage published without its numerator and denominator cannot be added"
                        .to_string(),
            }),
            _ => Err(Error::IncompatibleValues {
                what: format!("{self} and {other}"),
                reason: "a count and a rate cannot be added".to_string(),
            }),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Formatted first, so that width and alignment apply to the whole.
        let text = match self {
            Value::Count(n) => n.to_string(),
            Value::Ratio {
                numerator,
                denominator,
            } => format!("{numerator}/{denominator}"),
            Value::Percent(p) => format!("{p}%"),
        };
        f.pad(&text)
    }
}

impl FromStr for Value {
    type Err = Error;

    /// Reads `74`, `11/24` or `82%` (`82.5%` and `-5%` too): what
    /// [`Display`](fmt::Display) writes. Digits only, no thousands
    /// separators, no exponents, and no sign except a `-` before a
    /// percentage (a published change can be negative; a count cannot);
    /// spaces around the parts are allowed.
    ///
    /// ```
    /// use impact_metrics::Value;
    /// use rust_decimal::Decimal;
    ///
    /// let fall: Value = "-5.5%".parse()?;
    /// assert_eq!(fall, Value::Percent(Decimal::new(-55, 1)));
    /// assert_eq!(fall.to_string(), "-5.5%");
    /// assert!("-5".parse::<Value>().is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidNumber`] saying what is wrong, quoting the text.
    fn from_str(s: &str) -> Result<Value> {
        let text = s.trim();
        if let Some(pct) = text.strip_suffix('%') {
            return parse_percent(pct.trim())
                .map(Value::Percent)
                .map_err(|reason| Error::InvalidNumber {
                    input: s.to_string(),
                    reason,
                });
        }
        if let Some((num, den)) = text.split_once('/') {
            let numerator = parse_count(num.trim(), s)?;
            let denominator = parse_count(den.trim(), s)?;
            return Ok(Value::Ratio {
                numerator,
                denominator,
            });
        }
        parse_count(text, s).map(Value::Count)
    }
}

/// Reads a whole number of digits into a `u64`, refusing everything else.
pub(crate) fn parse_count(digits: &str, input: &str) -> Result<u64> {
    let refuse = |reason: &str| Error::InvalidNumber {
        input: input.to_string(),
        reason: reason.to_string(),
    };
    if digits.is_empty() {
        return Err(refuse("no digits"));
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refuse("a count is written with the digits 0-9 only"));
    }
    digits
        .parse::<u64>()
        .map_err(|_| refuse("the number is larger than 18446744073709551615"))
}

fn parse_percent(text: &str) -> std::result::Result<Decimal, String> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits_only(whole)
        || !digits_only(frac)
        || (unsigned.contains('.') && frac.is_empty())
    {
        return Err(
            "a percentage is written as digits, with an optional minus sign and decimal point"
                .to_string(),
        );
    }
    Decimal::from_str_exact(text).map_err(|e| format!("the percentage does not fit: {e}"))
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Value::Count(n) => serializer.serialize_u64(*n),
            other => serializer.collect_str(other),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct ValueVisitor;

        impl serde::de::Visitor<'_> for ValueVisitor {
            type Value = Value;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a count, or a string such as \"74\", \"11/24\" or \"82%\"")
            }

            fn visit_u64<E: serde::de::Error>(self, n: u64) -> std::result::Result<Value, E> {
                Ok(Value::Count(n))
            }

            fn visit_i64<E: serde::de::Error>(self, n: i64) -> std::result::Result<Value, E> {
                u64::try_from(n).map(Value::Count).map_err(|_| {
                    E::custom(format!("invalid number \"{n}\": a count is not negative"))
                })
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> std::result::Result<Value, E> {
                s.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_any(ValueVisitor)
    }
}

/// Whether a value is exact or a lower bound ("over 1.3 million").
///
/// A sum is as exact as its least exact part: adding a lower bound to an
/// exact count gives a lower bound. The order goes from most to least exact.
///
/// ```
/// use impact_metrics::Bound;
/// assert_eq!(Bound::Exact.combine(Bound::MoreThan), Bound::MoreThan);
/// assert_eq!(Bound::AtLeast.to_string(), "at least");
/// assert_eq!("more than".parse::<Bound>()?, Bound::MoreThan);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bound {
    /// The value is exact.
    #[default]
    Exact,
    /// The true value is the value or more.
    AtLeast,
    /// The true value is more than the value ("over", "more than").
    MoreThan,
}

impl Bound {
    /// The bound of a sum of a value with this bound and one with `other`.
    ///
    /// ```
    /// use impact_metrics::Bound;
    /// assert_eq!(Bound::AtLeast.combine(Bound::Exact), Bound::AtLeast);
    /// ```
    #[must_use]
    pub fn combine(self, other: Bound) -> Bound {
        self.max(other)
    }

    /// The words a report puts before the number: `""`, `"at least"` or
    /// `"more than"`.
    ///
    /// ```
    /// use impact_metrics::Bound;
    /// assert_eq!(Bound::Exact.words(), "");
    /// ```
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Bound::Exact => "",
            Bound::AtLeast => "at least",
            Bound::MoreThan => "more than",
        }
    }

    /// A number as a report writes it, with the bound's words before it:
    /// `5`, `at least 5`, `more than 5`.
    ///
    /// ```
    /// use impact_metrics::{Bound, Value};
    /// assert_eq!(Bound::Exact.before(5), "5");
    /// assert_eq!(Bound::AtLeast.before(Value::Count(5)), "at least 5");
    /// ```
    #[must_use]
    pub fn before(self, number: impl fmt::Display) -> String {
        match self {
            Bound::Exact => number.to_string(),
            other => format!("{} {number}", other.words()),
        }
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Bound::Exact => "exact",
            other => other.words(),
        })
    }
}

impl FromStr for Bound {
    type Err = Error;

    /// Reads `exact` (or nothing), `at least`, `more than` (or `over`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidNumber`] for any other text.
    fn from_str(s: &str) -> Result<Bound> {
        let folded = s
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        match folded.replace('_', " ").as_str() {
            "" | "exact" | "=" => Ok(Bound::Exact),
            "at least" | ">=" => Ok(Bound::AtLeast),
            "more than" | "over" | ">" => Ok(Bound::MoreThan),
            _ => Err(Error::InvalidNumber {
                input: s.to_string(),
                reason: "a bound is one of \"exact\", \"at least\", \"more than\"".to_string(),
            }),
        }
    }
}

impl Serialize for Bound {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Bound {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn values_parse_from_their_printed_forms() {
        assert_eq!("74".parse::<Value>(), Ok(Value::Count(74)));
        assert_eq!(
            " 11 / 24 ".parse::<Value>(),
            Ok(Value::Ratio {
                numerator: 11,
                denominator: 24
            })
        );
        assert_eq!(
            "82%".parse::<Value>(),
            Ok(Value::Percent(Decimal::from(82)))
        );
        assert_eq!(
            "0.5%".parse::<Value>(),
            Ok(Value::Percent(Decimal::new(5, 1)))
        );
    }

    #[test]
    fn bad_values_are_refused_with_their_text() {
        for (input, reason) in [
            ("", "no digits"),
            ("1,234", "a count is written with the digits 0-9 only"),
            ("-3", "a count is written with the digits 0-9 only"),
            ("1e3", "a count is written with the digits 0-9 only"),
            ("N/A", "a count is written with the digits 0-9 only"),
            (
                "18446744073709551616",
                "the number is larger than 18446744073709551615",
            ),
            (
                "12,5%",
                "a percentage is written as digits, with an optional minus sign and decimal point",
            ),
            (
                "5.%",
                "a percentage is written as digits, with an optional minus sign and decimal point",
            ),
            (
                "+5%",
                "a percentage is written as digits, with an optional minus sign and decimal point",
            ),
            (
                "--5%",
                "a percentage is written as digits, with an optional minus sign and decimal point",
            ),
        ] {
            assert_eq!(
                input.parse::<Value>(),
                Err(Error::InvalidNumber {
                    input: input.to_string(),
                    reason: reason.to_string()
                }),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn adding_mixed_kinds_is_refused() {
        let err = Value::Count(1)
            .checked_add(Value::Ratio {
                numerator: 1,
                denominator: 2,
            })
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot combine 1 and 1/2: a count and a rate cannot be added"
        );
        let err = Value::Percent(Decimal::from(82))
            .checked_add(Value::Percent(Decimal::from(33)))
            .unwrap_err();
        assert!(matches!(err, Error::IncompatibleValues { .. }));
        let err = Value::Ratio {
            numerator: 1,
            denominator: u64::MAX,
        }
        .checked_add(Value::Ratio {
            numerator: 1,
            denominator: 1,
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "arithmetic overflow: 1/18446744073709551615 + 1/1"
        );
    }

    #[test]
    fn serde_counts_are_numbers_and_the_rest_strings() {
        assert_eq!(serde_json::to_string(&Value::Count(941)).unwrap(), "941");
        assert_eq!(
            serde_json::to_string(&Value::Ratio {
                numerator: 11,
                denominator: 24
            })
            .unwrap(),
            r#""11/24""#
        );
        assert_eq!(
            serde_json::from_str::<Value>("941").unwrap(),
            Value::Count(941)
        );
        assert_eq!(
            serde_json::from_str::<Value>(r#""82%""#).unwrap(),
            Value::Percent(Decimal::from(82))
        );
        assert!(serde_json::from_str::<Value>("-1").is_err());
        assert!(serde_json::from_str::<Value>("1.5").is_err());
    }

    fn any_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<u64>().prop_map(Value::Count),
            (any::<u64>(), any::<u64>()).prop_map(|(numerator, denominator)| Value::Ratio {
                numerator,
                denominator
            }),
            // Negative and fractional percents too: a published change.
            (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Value::Percent(Decimal::new(m, s))),
        ]
    }

    proptest! {
        #[test]
        fn display_round_trips(value in any_value()) {
            let padded = format!("{value:>40}");
            prop_assert_eq!(padded.trim_start(), value.to_string());
            prop_assert_eq!(value.to_string().parse::<Value>(), Ok(value));
            let json = serde_json::to_string(&value).unwrap();
            prop_assert_eq!(serde_json::from_str::<Value>(&json).unwrap(), value);
        }

        #[test]
        fn counts_add_like_integers(a in any::<u64>(), b in any::<u64>()) {
            let sum = Value::Count(a).checked_add(Value::Count(b));
            match a.checked_add(b) {
                Some(s) => prop_assert_eq!(sum, Ok(Value::Count(s))),
                None => {
                    let is_overflow = matches!(sum, Err(Error::Overflow { .. }));
                    prop_assert!(is_overflow);
                }
            }
        }

        #[test]
        fn any_text_parses_or_errors(text in "\\PC{0,30}") {
            let _ = text.parse::<Value>();
            let _ = text.parse::<Bound>();
        }
    }
}
