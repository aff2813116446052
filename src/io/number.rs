//! Numbers as partners write them: the plain grammar of [`Value`], and the
//! grouped and decimal-comma forms a reader can opt in to.

// Without a reader (neither the `csv` nor the `json` feature), only the
// public `NumberFormat` is used.
#![cfg_attr(not(any(feature = "csv", feature = "json")), allow(dead_code))]

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::figure::value::{Value, parse_count};

/// How the numbers of a file are written, beyond the plain digits that
/// are always read.
///
/// A spreadsheet shows numbers as its locale says: `1,234` in English,
/// `1.234` in German, `1 234` in French. By default a reader refuses all of
/// these, since `1,234` could be a thousand and more or a misplaced decimal
/// comma. Choose the format the file is in to read them; the report then
/// states, in one note, how many numbers were read that way.
///
/// With a grouping separator, a number's digits must be grouped in threes
/// from the right (`1,234,567`; not `12,34`), and a count must still be a
/// whole number. Plain digits (`1234`) are read in every format.
///
/// ```
/// # #[cfg(feature = "csv")] {
/// use impact_metrics::{Catalogue, FiscalCalendar, format::NumberFormat, format::ReadOptions, csv};
///
/// let file = "indicator,period,value\nprofessionals_trained,20/21 H1,\"1,234\"\n";
/// let plain = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
/// let (data, findings) = csv::read(file.as_bytes(), &plain);
/// assert!(data.is_empty() && findings.has_errors());
///
/// let english = plain.with_number_format(NumberFormat::CommaGrouped);
/// let (data, findings) = csv::read(file.as_bytes(), &english);
/// assert_eq!(data.observations()[0].value.as_count(), Some(1234));
/// assert!(!findings.has_errors());
/// assert_eq!(findings.findings()[0].rule, "parse.number_format");
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NumberFormat {
    /// Digits only; a percentage may have a decimal point: `1234`, `12.5%`.
    #[default]
    Plain,
    /// Thousands grouped with commas, decimal point: `1,234`, `12.5%`.
    CommaGrouped,
    /// Thousands grouped with dots, decimal comma: `1.234`, `12,5%`.
    DotGroupedDecimalComma,
    /// Thousands grouped with spaces (or no-break spaces), decimal comma:
    /// `1 234`, `12,5%`.
    SpaceGroupedDecimalComma,
    /// Indian digit grouping with commas, decimal point: the last three
    /// digits, then twos (lakhs, crores): `1,02,345`, `12,34,56,789`,
    /// `12.5%`.
    IndianGrouped,
}

impl NumberFormat {
    /// Every format, in the order they are documented.
    pub const ALL: [NumberFormat; 5] = [
        NumberFormat::Plain,
        NumberFormat::CommaGrouped,
        NumberFormat::DotGroupedDecimalComma,
        NumberFormat::SpaceGroupedDecimalComma,
        NumberFormat::IndianGrouped,
    ];

    /// The format's short name, as [`FromStr`](std::str::FromStr) reads it
    /// and a setting names it: `plain`, `comma`, `dot-decimal-comma`,
    /// `space-decimal-comma` or `indian`.
    ///
    /// ```
    /// use impact_metrics::format::NumberFormat;
    /// assert_eq!(NumberFormat::IndianGrouped.name(), "indian");
    /// assert_eq!("comma".parse::<NumberFormat>(), Ok(NumberFormat::CommaGrouped));
    /// for format in NumberFormat::ALL {
    ///     assert_eq!(format.to_string().parse::<NumberFormat>(), Ok(format));
    /// }
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            NumberFormat::Plain => "plain",
            NumberFormat::CommaGrouped => "comma",
            NumberFormat::DotGroupedDecimalComma => "dot-decimal-comma",
            NumberFormat::SpaceGroupedDecimalComma => "space-decimal-comma",
            NumberFormat::IndianGrouped => "indian",
        }
    }

    /// An example of a number in this format, for messages.
    fn example(self) -> &'static str {
        match self {
            NumberFormat::Plain => "1234",
            NumberFormat::CommaGrouped => "1,234",
            NumberFormat::DotGroupedDecimalComma => "1.234 and 12,5%",
            NumberFormat::SpaceGroupedDecimalComma => "1 234 and 12,5%",
            NumberFormat::IndianGrouped => "1,02,345",
        }
    }

    /// The advice that names this format as a setting:
    /// `set the number format to comma (1,234)`.
    pub(crate) fn advice(self) -> String {
        format!(
            "set the number format to {} ({})",
            self.name(),
            self.example()
        )
    }
}

impl std::fmt::Display for NumberFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for NumberFormat {
    type Err = String;

    /// Reads a format's [name](NumberFormat::name), in any case; also
    /// `thousands` for `comma`, `lakh` for `indian`, `dot` and `space` for
    /// the decimal-comma formats.
    fn from_str(text: &str) -> Result<NumberFormat, String> {
        let key = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        match key.as_str() {
            "plain" => Ok(NumberFormat::Plain),
            "comma" | "thousands" | "comma-grouped" => Ok(NumberFormat::CommaGrouped),
            "dot-decimal-comma" | "dot" | "dot-grouped-decimal-comma" => {
                Ok(NumberFormat::DotGroupedDecimalComma)
            }
            "space-decimal-comma" | "space" | "space-grouped-decimal-comma" => {
                Ok(NumberFormat::SpaceGroupedDecimalComma)
            }
            "indian" | "lakh" | "indian-grouped" => Ok(NumberFormat::IndianGrouped),
            _ => Err(format!(
                "unknown number format {text:?}: expected plain, comma (1,234), indian (1,02,345), dot-decimal-comma (1.234) or space-decimal-comma (1 234)"
            )),
        }
    }
}

impl NumberFormat {
    /// The separator between groups of three digits, if any.
    fn grouping(self) -> Option<fn(char) -> bool> {
        match self {
            NumberFormat::Plain => None,
            NumberFormat::CommaGrouped | NumberFormat::IndianGrouped => Some(|c| c == ','),
            NumberFormat::DotGroupedDecimalComma => Some(|c| c == '.'),
            NumberFormat::SpaceGroupedDecimalComma => {
                Some(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            }
        }
    }

    fn decimal_comma(self) -> bool {
        matches!(
            self,
            NumberFormat::DotGroupedDecimalComma | NumberFormat::SpaceGroupedDecimalComma
        )
    }

    /// The format in words, for notes.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            NumberFormat::Plain => "plain digits",
            NumberFormat::CommaGrouped => "thousands grouped with commas (1,234)",
            NumberFormat::DotGroupedDecimalComma => {
                "thousands grouped with dots and a decimal comma (1.234, 12,5%)"
            }
            NumberFormat::SpaceGroupedDecimalComma => {
                "thousands grouped with spaces and a decimal comma (1 234, 12,5%)"
            }
            NumberFormat::IndianGrouped => "Indian digit grouping (1,02,345)",
        }
    }

    /// The text in the plain grammar, and whether it had to be changed to
    /// get there. Text that does not follow this format comes back as it
    /// is, for the plain grammar to refuse.
    fn normalise(self, text: &str) -> (Cow<'_, str>, bool) {
        if self == NumberFormat::Plain || text.bytes().all(|b| b.is_ascii_digit()) {
            return (Cow::Borrowed(text), false);
        }
        let mut out = String::with_capacity(text.len());
        let mut changed = false;
        for (i, part) in text.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            match self.normalise_part(part.trim()) {
                Some((plain, part_changed)) => {
                    out.push_str(&plain);
                    changed |= part_changed;
                }
                None => return (Cow::Borrowed(text), false),
            }
        }
        (Cow::Owned(out), changed)
    }

    /// One number, with an optional `%`: its grouping removed and its
    /// decimal comma made a point, and whether either was there; `None` if
    /// it does not follow the format.
    fn normalise_part(self, part: &str) -> Option<(String, bool)> {
        let (number, percent) = match part.strip_suffix('%') {
            Some(number) => (number.trim_end(), "%"),
            None => (part, ""),
        };
        let mark = if self.decimal_comma() { ',' } else { '.' };
        let (whole, fraction) = match number.split_once(mark) {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (number, None),
        };
        let digits = self.ungroup(whole)?;
        let changed = digits.len() != whole.len() || (mark == ',' && fraction.is_some());
        let plain = match fraction {
            Some(fraction) => format!("{digits}.{fraction}{percent}"),
            None => format!("{digits}{percent}"),
        };
        Some((plain, changed))
    }

    /// The digits of a grouped whole number, or `None` if the groups are
    /// not threes after a first group of one to three digits.
    fn ungroup(self, whole: &str) -> Option<String> {
        let Some(is_separator) = self.grouping() else {
            return Some(whole.to_string());
        };
        if !whole.chars().any(is_separator) {
            return Some(whole.to_string());
        }
        let mut digits = String::with_capacity(whole.len());
        let groups = whole.split(is_separator).count();
        for (i, group) in whole.split(is_separator).enumerate() {
            let all_digits = !group.is_empty() && group.bytes().all(|b| b.is_ascii_digit());
            // Indian grouping: the last group is three digits, the others
            // two, after a first group of one or two.
            let (first, inner) = match self {
                NumberFormat::IndianGrouped if i + 1 < groups => (2, 2),
                _ => (3, 3),
            };
            let right_length = if i == 0 {
                group.len() <= first
            } else {
                group.len() == inner
            };
            if !all_digits || !right_length {
                return None;
            }
            digits.push_str(group);
        }
        Some(digits)
    }
}

/// Whether a cell says there is no figure: empty, `N/A`, `NA`, `n.a.`,
/// `-`, `–` or `—`, in any case.
pub(crate) fn is_not_available(text: &str) -> bool {
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        // No marker starts with a digit; most values do.
        return false;
    }
    let text = text.trim();
    text.is_empty()
        || ["n/a", "na", "n.a.", "n.a", "-", "\u{2013}", "\u{2014}"]
            .iter()
            .any(|marker| marker.eq_ignore_ascii_case(text))
}

/// Reads a value cell: the plain grammar of [`Value`], after the opted-in
/// format. The `bool` says whether the format was needed.
///
/// # Errors
///
/// [`Error::InvalidNumber`] quoting the text as written, with a hint for
/// the usual spreadsheet forms.
pub(crate) fn parse_value(text: &str, format: NumberFormat) -> Result<(Value, bool)> {
    if let Some(n) = plain_count(text.as_bytes()) {
        return Ok((Value::Count(n), false));
    }
    if let Some((n, changed)) = whole_with_zero_decimals(text, format) {
        return Ok((Value::Count(n), changed));
    }
    let (plain, changed) = format.normalise(text);
    plain
        .parse::<Value>()
        .map(|v| (v, changed))
        .map_err(|e| explain(e, text, format))
}

/// Reads a numerator or denominator cell: a count.
///
/// # Errors
///
/// As [`parse_value`].
pub(crate) fn parse_count_cell(text: &str, format: NumberFormat) -> Result<(u64, bool)> {
    if let Some(n) = plain_count(text.as_bytes()) {
        return Ok((n, false));
    }
    if let Some(count) = whole_with_zero_decimals(text, format) {
        return Ok(count);
    }
    let (plain, changed) = format.normalise(text);
    parse_count(plain.trim(), text)
        .map(|n| (n, changed))
        .map_err(|e| explain(e, text, format))
}

/// A whole number with one or two zero decimals, as a spreadsheet writes
/// a number cell formatted `0.0` (`12.0`; `12,00` with a decimal comma):
/// the count itself, and whether its grouping was read. Three zeros
/// (`1.000`) may be a group of thousands, so they are never taken for
/// decimals.
fn whole_with_zero_decimals(text: &str, format: NumberFormat) -> Option<(u64, bool)> {
    let mark = if format.decimal_comma() { ',' } else { '.' };
    let (whole, decimals) = text.trim().rsplit_once(mark)?;
    let zeros = (1..=2).contains(&decimals.len()) && decimals.bytes().all(|b| b == b'0');
    if !zeros || whole.is_empty() || whole.contains(mark) {
        return None;
    }
    parse_count_cell(whole, format).ok()
}

/// A count of one to 19 plain digits, which always fits a `u64`
/// (`9999999999999999999 < u64::MAX`), so the arithmetic cannot overflow.
pub(crate) fn plain_count(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 19 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0u64, |n, &b| n * 10 + u64::from(b - b'0')),
    )
}

/// The error for `text`, quoting it as written and adding a hint.
fn explain(error: Error, text: &str, format: NumberFormat) -> Error {
    match error {
        Error::InvalidNumber { reason, .. } => Error::InvalidNumber {
            input: text.to_string(),
            reason: match hint(text, format) {
                Some(hint) => format!("{reason}; {hint}"),
                None => reason,
            },
        },
        other => other,
    }
}

/// What a person probably meant by a number the plain grammar refused.
pub(crate) fn hint(text: &str, format: NumberFormat) -> Option<String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let number = lower.trim_end_matches('%').trim_end();
    if number.is_empty() {
        return Some(
            "the value is empty: give the figure, or set the rows without a figure to be skipped"
                .to_string(),
        );
    }
    if is_not_available(number) {
        return Some(
            "the value says there is no figure: leave the row out, or set the rows without a figure to be skipped"
                .to_string(),
        );
    }
    if number.starts_with('-') && number.len() > 1 {
        return Some("a count is never negative".to_string());
    }
    if number.starts_with('+') {
        return Some("write the number without a sign".to_string());
    }
    let digits_and = |extra: &[u8]| {
        number
            .bytes()
            .all(|b| b.is_ascii_digit() || extra.contains(&b))
    };
    if number.contains('e') && digits_and(b"e.,+-") {
        return Some(
            "scientific notation, as a spreadsheet shows a number when its column is too narrow, has lost digits: format the cells as whole numbers and save again"
                .to_string(),
        );
    }
    if format == NumberFormat::Plain && digits_and(b", .\xc2\xa0") {
        let fits: Vec<String> = NumberFormat::ALL
            .into_iter()
            .filter(|f| {
                f.grouping().is_some_and(|sep| number.contains(sep)) && f.ungroup(number).is_some()
            })
            .map(|f| format!("{} ({})", f.name(), f.example()))
            .collect();
        if !fits.is_empty() {
            return Some(format!(
                "if the separators group thousands, set the number format to {}",
                fits.join(" or ")
            ));
        }
    }
    if lower.ends_with('%') {
        return (format == NumberFormat::Plain && number.contains(',')).then(|| {
            format!(
                "if the comma is a decimal comma, {}",
                NumberFormat::DotGroupedDecimalComma.advice()
            )
        });
    }
    if number.contains(',') || number.contains('.') {
        return Some("a count is a whole number".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn reason(text: &str, format: NumberFormat) -> String {
        match parse_value(text, format) {
            Err(Error::InvalidNumber { input, reason }) => {
                assert_eq!(input, text);
                reason
            }
            other => panic!("{text:?} read as {other:?}"),
        }
    }

    #[test]
    fn markers_of_no_figure() {
        for text in [
            "", " ", "N/A", "n/a", "NA", "n.a.", "-", "\u{2013}", "\u{2014}",
        ] {
            assert!(is_not_available(text), "{text:?}");
        }
        for text in ["0", "none", "nan", "--"] {
            assert!(!is_not_available(text), "{text:?}");
        }
    }

    #[test]
    fn plain_digits_are_read_in_every_format() {
        for format in [
            NumberFormat::Plain,
            NumberFormat::CommaGrouped,
            NumberFormat::DotGroupedDecimalComma,
            NumberFormat::SpaceGroupedDecimalComma,
        ] {
            assert_eq!(parse_value("1234", format), Ok((Value::Count(1234), false)));
            assert_eq!(
                parse_value("18446744073709551615", format),
                Ok((Value::Count(u64::MAX), false))
            );
            assert_eq!(
                parse_value("11/24", format),
                Ok((
                    Value::Ratio {
                        numerator: 11,
                        denominator: 24
                    },
                    false
                ))
            );
        }
    }

    #[test]
    fn grouped_numbers_are_read_only_in_their_format() {
        let cases = [
            ("1,234", NumberFormat::CommaGrouped, Value::Count(1234)),
            (
                "1,234,567",
                NumberFormat::CommaGrouped,
                Value::Count(1_234_567),
            ),
            (
                "1.234",
                NumberFormat::DotGroupedDecimalComma,
                Value::Count(1234),
            ),
            (
                "1 234",
                NumberFormat::SpaceGroupedDecimalComma,
                Value::Count(1234),
            ),
            (
                "1\u{a0}234",
                NumberFormat::SpaceGroupedDecimalComma,
                Value::Count(1234),
            ),
            (
                "12,5%",
                NumberFormat::DotGroupedDecimalComma,
                Value::Percent(Decimal::new(125, 1)),
            ),
            (
                "1,234 / 2,000",
                NumberFormat::CommaGrouped,
                Value::Ratio {
                    numerator: 1234,
                    denominator: 2000,
                },
            ),
        ];
        for (text, format, value) in cases {
            assert_eq!(parse_value(text, format), Ok((value, true)), "{text:?}");
            assert!(parse_value(text, NumberFormat::Plain).is_err(), "{text:?}");
        }
    }

    #[test]
    fn indian_grouping_is_twos_before_the_last_three() {
        let indian = NumberFormat::IndianGrouped;
        for (text, n) in [
            ("1,02,345", 102_345),
            ("12,34,56,789", 123_456_789),
            ("1,234", 1234),
            ("999", 999),
            ("10,00,000", 1_000_000),
        ] {
            assert_eq!(
                parse_count_cell(text, indian).map(|r| r.0),
                Ok(n),
                "{text:?}"
            );
        }
        for text in ["1,234,567", "123,45,678", "1,2,345", "12,345,6"] {
            assert!(parse_value(text, indian).is_err(), "{text:?}");
        }
        assert_eq!(
            reason("1,02,345", NumberFormat::Plain),
            "a count is written with the digits 0-9 only; if the separators group thousands, set the number format to indian (1,02,345)"
        );
        assert_eq!(
            reason("1.234", NumberFormat::Plain),
            "a count is written with the digits 0-9 only; if the separators group thousands, set the number format to dot-decimal-comma (1.234 and 12,5%)"
        );
    }

    #[test]
    fn names_read_back() {
        for format in NumberFormat::ALL {
            assert_eq!(format.name().parse::<NumberFormat>(), Ok(format));
            assert_eq!(
                format.name().to_uppercase().parse::<NumberFormat>(),
                Ok(format)
            );
        }
        assert_eq!(
            "commas".parse::<NumberFormat>().unwrap_err(),
            "unknown number format \"commas\": expected plain, comma (1,234), indian (1,02,345), dot-decimal-comma (1.234) or space-decimal-comma (1 234)"
        );
    }

    #[test]
    fn badly_grouped_numbers_are_refused() {
        for (text, format) in [
            ("12,34", NumberFormat::CommaGrouped),
            ("1,2345", NumberFormat::CommaGrouped),
            (",234", NumberFormat::CommaGrouped),
            ("1234,567", NumberFormat::CommaGrouped),
            ("12,50", NumberFormat::DotGroupedDecimalComma),
            ("1.5", NumberFormat::CommaGrouped),
        ] {
            assert!(parse_value(text, format).is_err(), "{text:?}");
        }
    }

    #[test]
    fn refusals_say_what_was_probably_meant() {
        let plain = NumberFormat::Plain;
        assert_eq!(
            reason("1,234", plain),
            "a count is written with the digits 0-9 only; if the separators group thousands, set the number format to comma (1,234) or indian (1,02,345)"
        );
        assert_eq!(
            reason("12,50", plain),
            "a count is written with the digits 0-9 only; a count is a whole number"
        );
        assert_eq!(
            reason("-3", plain),
            "a count is written with the digits 0-9 only; a count is never negative"
        );
        assert!(reason("1e3", plain).ends_with("format the cells as whole numbers and save again"));
        assert!(reason("1.23E+06", plain).contains("scientific notation"));
        assert!(reason("N/A", plain).contains("no figure"));
        assert!(reason("", plain).starts_with("no digits; the value is empty"));
        assert_eq!(
            reason("18446744073709551616", plain),
            "the number is larger than 18446744073709551615"
        );
    }

    #[test]
    fn zero_decimals_of_a_whole_number_are_its_count() {
        assert_eq!(
            parse_value("12.0", NumberFormat::Plain),
            Ok((Value::Count(12), false))
        );
        assert!(
            parse_value("12.0%", NumberFormat::Plain).is_ok_and(|(v, _)| v != Value::Count(12))
        );
        for (text, format, count) in [
            ("12.0", NumberFormat::Plain, (12, false)),
            (" 12.00 ", NumberFormat::Plain, (12, false)),
            ("0.0", NumberFormat::Plain, (0, false)),
            ("1,234.0", NumberFormat::CommaGrouped, (1234, true)),
            ("12,0", NumberFormat::DotGroupedDecimalComma, (12, false)),
            (
                "1.234,00",
                NumberFormat::DotGroupedDecimalComma,
                (1234, true),
            ),
        ] {
            assert_eq!(parse_count_cell(text, format), Ok(count), "{text:?}");
        }
        // Three zeros may group thousands, a non-zero decimal is no count,
        // and a decimal comma is no decimal point.
        for (text, format) in [
            ("1.000", NumberFormat::Plain),
            ("12.5", NumberFormat::Plain),
            ("12.01", NumberFormat::Plain),
            ("1.0.0", NumberFormat::Plain),
            (".0", NumberFormat::Plain),
            ("12,0", NumberFormat::Plain),
            ("12.0", NumberFormat::DotGroupedDecimalComma),
            ("-3.0", NumberFormat::Plain),
        ] {
            assert!(parse_count_cell(text, format).is_err(), "{text:?}");
        }
    }

    #[test]
    fn count_cells_refuse_rates() {
        assert_eq!(
            parse_count_cell("1,234", NumberFormat::CommaGrouped),
            Ok((1234, true))
        );
        assert!(parse_count_cell("11/24", NumberFormat::Plain).is_err());
        assert!(parse_count_cell("82%", NumberFormat::Plain).is_err());
    }
}
