//! Advice the user can follow from the shell: to a finding whose message
//! names a setting in plain words ("set the delimiter to ';'"), the
//! command line adds the flag and the config key that set it.
//!
//! The library's findings say what to change in words that fit every
//! caller; only the command line knows its flags. [`ADVICE`] is the one
//! table from rule ids to the settings their findings may name.

use impact_metrics::{Finding, Findings};

use crate::args::{
    NUMBER_FORMATS, delimiter_name, parse_delimiter, parse_encoding, parse_number_format,
};

/// A setting of the command line and the config file that a finding's
/// advice may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Setting {
    /// `--delimiter`, `delimiter`.
    Delimiter,
    /// `--number-format`, `number_format`.
    NumberFormat,
    /// `--skip-not-available`, `skip_not_available`.
    SkipNotAvailable,
    /// `--not-available`, `not_available`.
    NotAvailable,
    /// `--skip-rows`, `skip_rows`.
    SkipRows,
    /// `--encoding`, `encoding`.
    Encoding,
    /// `--year-label`, `year_label`.
    YearLabel,
    /// `--start-month`, `start_month`.
    StartMonth,
    /// `[[indicator]]` in the config file.
    Indicator,
}

use Setting::*;

/// The settings the findings of a rule may name, by rule id or, for ids
/// not listed, by family. A setting is advised only when the message
/// names it (see [`names`]).
const ADVICE: &[(&str, &[Setting])] = &[
    ("parse.header", &[Delimiter, SkipRows, Encoding]),
    ("parse.row", &[Delimiter, SkipRows]),
    ("parse.encoding", &[Encoding]),
    ("parse.json", &[Encoding]),
    (
        "parse.value",
        &[NumberFormat, SkipNotAvailable, NotAvailable],
    ),
    (
        "parse.numerator",
        &[NumberFormat, SkipNotAvailable, NotAvailable],
    ),
    (
        "parse.denominator",
        &[NumberFormat, SkipNotAvailable, NotAvailable],
    ),
    ("parse.indicator", &[Indicator]),
    ("parse.period", &[YearLabel, StartMonth]),
    ("figure.unknown_indicator", &[Indicator]),
    ("period.calendar", &[StartMonth]),
    // Rules of reading not listed above.
    (
        "parse",
        &[
            Delimiter,
            NumberFormat,
            SkipNotAvailable,
            NotAvailable,
            SkipRows,
            Encoding,
            YearLabel,
        ],
    ),
    ("read", &[Encoding]),
];

/// The finding's message, with the flag and config key of each setting it
/// names added at the end: "... then read it with that delimiter
/// (--delimiter ';' on the command line, or delimiter = ";" in
/// impact.toml)". A message that names no setting comes back unchanged.
pub fn advise(finding: &Finding) -> String {
    advise_text(&finding.rule, &finding.message)
}

/// The findings, each message with its advice (see [`advise`]).
pub fn advised(findings: Findings) -> Findings {
    findings
        .into_findings()
        .into_iter()
        .map(|mut finding| {
            finding.message = advise(&finding);
            finding
        })
        .collect()
}

/// A message of the rule `rule` with its advice (see [`advise`]); for
/// refusals that are not findings, such as a period label on the command
/// line (`parse.period`).
pub fn advise_text(rule: &str, message: &str) -> String {
    let message = message.to_string();
    let family = rule.split_once('.').map_or(rule, |(family, _)| family);
    let settings = ADVICE
        .iter()
        .find(|(id, _)| *id == rule)
        .or_else(|| ADVICE.iter().find(|(id, _)| *id == family))
        .map_or(&[][..], |(_, settings)| *settings);
    // Cell text quoted in the message ("delimiter", "N/A") is the data,
    // not the advice.
    let words = outside_quotes(&message).to_lowercase();
    let advice: Vec<String> = settings
        .iter()
        .filter(|setting| names(**setting, &words) && !message.contains(flag(**setting)))
        .map(|setting| how(*setting, &message))
        .collect();
    if advice.is_empty() {
        message
    } else {
        format!("{message} ({})", advice.join("; "))
    }
}

/// The flag of a setting, as the command line spells it.
fn flag(setting: Setting) -> &'static str {
    match setting {
        Delimiter => "--delimiter",
        NumberFormat => "--number-format",
        SkipNotAvailable => "--skip-not-available",
        NotAvailable => "--not-available",
        SkipRows => "--skip-rows",
        Encoding => "--encoding",
        YearLabel => "--year-label",
        StartMonth => "--start-month",
        Indicator => "[[indicator]]",
    }
}

/// Whether a message (its words outside quotes, lowercase) names the
/// setting.
fn names(setting: Setting, words: &str) -> bool {
    let has = |needles: &[&str]| needles.iter().any(|n| words.contains(n));
    match setting {
        Delimiter => has(&["delimiter", "separated by"]),
        NumberFormat => has(&["number format"]),
        SkipNotAvailable => {
            has(&[
                "no figure",
                "without a figure",
                "have none",
                "not available",
            ]) && has(&["skip"])
        }
        NotAvailable => has(&[
            "to the not-available markers",
            "set the not-available markers",
            "as a not-available marker",
        ]),
        SkipRows => {
            has(&["rows above the header", "title row", "header is on line"])
                || skip_count(words).is_some()
        }
        Encoding => has(&["encoding", "utf-16"]),
        YearLabel => has(&["year label", "start-year or end-year"]),
        StartMonth => has(&["start in month", "starts in month"]),
        Indicator => has(&["unknown indicator", "does not define"]),
    }
}

/// How to set the setting, from the shell and in the config file, with
/// the value the message names when it names one.
fn how(setting: Setting, message: &str) -> String {
    let both =
        |flag: String, key: String| format!("{flag} on the command line, or {key} in impact.toml");
    match setting {
        Delimiter => match value_after(message, &["delimiter to ", "separated by "])
            .and_then(|text| parse_delimiter(&text).ok())
        {
            Some(delimiter) => {
                let name = delimiter_name(delimiter);
                both(
                    format!("--delimiter {}", shell(&name)),
                    format!("delimiter = {}", toml_string(&name)),
                )
            }
            None => both(
                "--delimiter with ',', ';', tab or '|'".to_string(),
                "delimiter".to_string(),
            ),
        },
        NumberFormat => match word_after(&message.to_lowercase(), "number format to ")
            .filter(|name| parse_number_format(name).is_ok())
        {
            Some(name) => both(
                format!("--number-format {name}"),
                format!("number_format = {}", toml_string(&name)),
            ),
            None => {
                let names: Vec<&str> = NUMBER_FORMATS
                    .iter()
                    .map(|(name, _)| *name)
                    .filter(|name| *name != "plain")
                    .collect();
                both(
                    format!("--number-format with {}", or_list(&names)),
                    "number_format".to_string(),
                )
            }
        },
        SkipNotAvailable => both(
            "--skip-not-available".to_string(),
            "skip_not_available = true".to_string(),
        ),
        NotAvailable => match first_quoted(message).filter(|m| !m.is_empty() && m.len() <= 40) {
            Some(marker) => both(
                format!("--not-available {}", shell(&marker)),
                format!("not_available = [{}]", toml_string(&marker)),
            ),
            None => both(
                "--not-available MARKER".to_string(),
                "not_available = [\"MARKER\"]".to_string(),
            ),
        },
        SkipRows => match skip_count(&message.to_lowercase()) {
            Some(rows) => both(format!("--skip-rows {rows}"), format!("skip_rows = {rows}")),
            None => both("--skip-rows N".to_string(), "skip_rows = N".to_string()),
        },
        Encoding => {
            let lower = message.to_lowercase();
            let named = value_after(&lower, &["encoding to ", "the encoding "])
                .and_then(|name| parse_encoding(&name).ok())
                .map(|encoding| encoding.to_string());
            match named {
                Some(name) => both(
                    format!("--encoding {name}"),
                    format!("encoding = {}", toml_string(&name)),
                ),
                None => both(
                    "--encoding with utf-16 or windows-1252".to_string(),
                    "encoding".to_string(),
                ),
            }
        }
        YearLabel => both(
            "--year-label start-year or --year-label end-year".to_string(),
            "year_label = \"start-year\" or \"end-year\"".to_string(),
        ),
        StartMonth => {
            match word_after(message, "start in month ").and_then(|m| m.parse::<u32>().ok()) {
                Some(month) => both(
                    format!("--start-month {month}"),
                    format!("start_month = {month}"),
                ),
                None => both("--start-month MONTH".to_string(), "start_month".to_string()),
            }
        }
        Indicator => "declare an indicator of your own under [[indicator]] in impact.toml; \
                      impact --help lists its keys under --config"
            .to_string(),
    }
}

/// The rows to skip the message names: "skip 2 rows", or "the header is on
/// line 3" (2 rows above it).
fn skip_count(lower: &str) -> Option<usize> {
    if let Some(rows) = word_after(lower, "skip ").and_then(|n| n.parse::<usize>().ok()) {
        let rest = lower.split_once("skip ").map_or("", |(_, rest)| rest);
        let unit = rest.split_whitespace().nth(1).unwrap_or_default();
        if unit.starts_with("row") || unit.starts_with("line") {
            return Some(rows);
        }
    }
    if let Some(rows) = word_after(lower, "rows to skip to ").and_then(|n| n.parse().ok()) {
        return Some(rows);
    }
    word_after(lower, "header is on line ")
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|line| line.checked_sub(1))
}

/// The word after the first `marker`: letters, digits and hyphens.
fn word_after(text: &str, marker: &str) -> Option<String> {
    let (_, rest) = text.split_once(marker)?;
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    (!word.is_empty()).then_some(word)
}

/// The value right after the first of the markers found: the text between
/// quotes (`'` or `"`), or the word up to a space, without a closing
/// `.`, `,` or `?`.
fn value_after(text: &str, markers: &[&str]) -> Option<String> {
    markers.iter().find_map(|marker| {
        let (_, rest) = text.split_once(marker)?;
        match rest.chars().next()? {
            quote @ ('\'' | '"') => {
                let inner = rest.get(quote.len_utf8()..)?;
                let end = inner.find(quote)?;
                inner.get(..end).map(str::to_string)
            }
            _ => {
                let word = rest.split_whitespace().next()?;
                let trimmed = match word.strip_suffix(['.', ',', '?', ')']) {
                    Some(trimmed) if !trimmed.is_empty() => trimmed,
                    _ => word,
                };
                Some(trimmed.to_string())
            }
        }
    })
}

/// The text of the first double-quoted part of a message.
fn first_quoted(text: &str) -> Option<String> {
    let (_, rest) = text.split_once('"')?;
    let (inner, _) = rest.split_once('"')?;
    Some(inner.to_string())
}

/// The message without its double-quoted parts (cell text, as the library
/// quotes it).
fn outside_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        match (quoted, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, _, '"') => quoted = !quoted,
            (false, _, c) => out.push(c),
            (true, false, _) => {}
        }
    }
    out
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[&str]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// A word as a shell reads it back: bare when it is plain, else in single
/// quotes.
fn shell(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.,/".contains(c));
    if plain && text != "," {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', r"\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::advise_text;

    #[test]
    fn a_delimiter_named_gets_its_flag_and_key() {
        let message = "the header has no \"indicator\" column; the header is one cell \
                       holding ';': is the file separated by ';'? then read it with that delimiter";
        assert_eq!(
            advise_text("parse.header", message),
            format!(
                "{message} (--delimiter ';' on the command line, or delimiter = \";\" in impact.toml)"
            )
        );
        assert_eq!(
            advise_text("parse.header", "set the delimiter to '\\t'"),
            "set the delimiter to '\\t' (--delimiter tab on the command line, or \
             delimiter = \"tab\" in impact.toml)"
        );
    }

    #[test]
    fn the_number_format_named_or_the_choices() {
        assert_eq!(
            advise_text(
                "parse.value",
                "invalid number \"1,234\": set the number format to comma (1,234)"
            ),
            "invalid number \"1,234\": set the number format to comma (1,234) \
             (--number-format comma on the command line, or number_format = \"comma\" in impact.toml)"
        );
        assert_eq!(
            advise_text(
                "parse.value",
                "invalid number \"1,234\": if the separators group thousands, choose the file's \
                 number format when reading"
            ),
            "invalid number \"1,234\": if the separators group thousands, choose the file's \
             number format when reading (--number-format with comma, indian, dot-decimal-comma \
             or space-decimal-comma on the command line, or number_format in impact.toml)"
        );
    }

    #[test]
    fn rows_without_a_figure_and_title_rows() {
        assert!(
            advise_text(
                "parse.value",
                "invalid number \"N/A\": the value says there is no figure: leave the row out, \
                 or opt in to skipping such rows"
            )
            .ends_with(
                " (--skip-not-available on the command line, or skip_not_available = true in \
                 impact.toml)"
            )
        );
        assert!(
            advise_text("parse.header", "the header is on line 3: skip 2 rows")
                .ends_with(" (--skip-rows 2 on the command line, or skip_rows = 2 in impact.toml)")
        );
        assert!(
            advise_text("parse.header", "the header is on line 4")
                .ends_with(" (--skip-rows 3 on the command line, or skip_rows = 3 in impact.toml)")
        );
    }

    #[test]
    fn quoted_cell_text_and_other_rules_get_no_advice() {
        let message = "invalid number \"delimiter skip 2 rows\": a count is a whole number";
        assert_eq!(advise_text("parse.value", message), message);
        let message = "the same figure reported twice; set the delimiter";
        assert_eq!(advise_text("duplicate.identical", message), message);
    }

    #[test]
    fn the_wording_of_settings_in_plain_words() {
        let cases = [
            (
                "parse.header",
                "then set the delimiter to ;",
                "--delimiter ';' on the command line, or delimiter = \";\" in impact.toml",
            ),
            (
                "parse.header",
                "then set the delimiter to semicolon",
                "--delimiter ';' on the command line, or delimiter = \";\" in impact.toml",
            ),
            (
                "parse.header",
                "line 1 is not the header row, but line 3 is: set the rows to skip to 2, so that reading starts at the header",
                "--skip-rows 2 on the command line, or skip_rows = 2 in impact.toml",
            ),
            (
                "parse.encoding",
                "the text is not valid UTF-8, but reads as Windows-1252 (\"café\"): set the encoding to windows-1252, or save the file as UTF-8",
                "--encoding windows-1252 on the command line, or encoding = \"windows-1252\" in impact.toml",
            ),
            (
                "parse.encoding",
                "the file is UTF-16 text, so nothing is read: set the encoding to utf-16le (or save the file as UTF-8)",
                "--encoding utf-16le on the command line, or encoding = \"utf-16le\" in impact.toml",
            ),
            (
                "parse.value",
                "no figure: the value is \"nil\", which the not-available markers say means no figure; leave the row out, or set the rows without a figure to be skipped",
                "--skip-not-available on the command line, or skip_not_available = true in impact.toml",
            ),
            (
                "parse.period",
                "write the span, or set the year label to start-year or end-year",
                "--year-label start-year or --year-label end-year on the command line, or year_label = \"start-year\" or \"end-year\" in impact.toml",
            ),
        ];
        for (rule, message, advice) in cases {
            assert_eq!(
                advise_text(rule, message),
                format!("{message} ({advice})"),
                "{message}"
            );
        }
    }

    #[test]
    fn a_workbook_is_not_an_encoding() {
        let message = "this is a spreadsheet workbook (.xlsx or .ods), not a CSV file, so nothing \
                       is read: save the sheet as \"CSV UTF-8\" and read that";
        assert_eq!(advise_text("parse.workbook", message), message);
    }

    #[test]
    fn advice_is_given_once() {
        let once = advise_text("parse.header", "is the file separated by ';'?");
        assert_eq!(advise_text("parse.header", &once), once);
    }

    #[test]
    fn a_calendar_of_another_start_month() {
        assert!(
            advise_text(
                "period.calendar",
                "invalid figure: the period is on a calendar whose years start in month 4, \
                 the dataset's start in month 9"
            )
            .ends_with(" (--start-month 4 on the command line, or start_month = 4 in impact.toml)")
        );
    }
}
