//! `tests/data/FIGURES.md`, the seed report's figures laid out by hand, read
//! as data and compared with `impact_metrics::seed`: every figure of its
//! tables, and every number of its text table, comes from the file.

use std::fs;

use impact_metrics::{Basis, Bound, Catalogue, Channel, Country, Query, Value, seed};
use rust_decimal::Decimal;

fn figures_md() -> String {
    let path = format!("{}/tests/data/FIGURES.md", env!("CARGO_MANIFEST_DIR"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The section whose heading starts with `heading`: its heading line and
/// its lines up to the next heading.
fn section<'a>(text: &'a str, heading: &str) -> (&'a str, Vec<&'a str>) {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with(&format!("## {heading}")));
    let title = lines
        .next()
        .unwrap_or_else(|| panic!("no section {heading:?}"));
    (title, lines.take_while(|l| !l.starts_with("## ")).collect())
}

/// The first table of a section: its header and its rows, as trimmed cells.
fn table(lines: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let cells = |line: &str| -> Vec<String> {
        let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
        inner.split('|').map(|c| c.trim().to_string()).collect()
    };
    let mut rows = lines
        .iter()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| cells(l));
    let header = rows.next().expect("a table header");
    let rows: Vec<Vec<String>> = rows
        .filter(|r| !r.iter().all(|c| c.chars().all(|ch| "-:".contains(ch))))
        .collect();
    assert!(!rows.is_empty(), "an empty table under {header:?}");
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
    }
    (header, rows)
}

fn number(cell: &str) -> u64 {
    cell.replace(',', "")
        .parse()
        .unwrap_or_else(|e| panic!("{cell:?}: {e}"))
}

/// "H1 20/21", as the file writes a period, in the calendar's label order.
fn label(file_form: &str) -> String {
    let words: Vec<&str> = file_form.split_whitespace().collect();
    assert_eq!(words.len(), 2, "{file_form:?}");
    format!("{} {}", words[1], words[0])
}

#[test]
fn the_headline_table_is_the_seeds_headline() {
    let report = seed::h1_2020_21().unwrap();
    let catalogue = Catalogue::builtin();
    let text = figures_md();
    let (title, lines) = section(&text, "Headline table");
    let (header, rows) = table(&lines);
    assert_eq!(header[2], "H1 20/21 total");
    assert_eq!(header[3], "growth on 19/20 HY average");
    let period = report.calendar.parse(&label("H1 20/21")).unwrap();
    assert_eq!(period, report.period);
    assert!(title.contains("direct work and joint operations together"));

    assert_eq!(report.headline.len(), rows.len());
    for (total, row) in report.headline.iter().zip(&rows) {
        let indicator = catalogue.resolve(&row[1]).unwrap();
        assert_eq!(total.indicator, indicator, "{row:?}");
        let def = catalogue.get(indicator).unwrap();
        assert_eq!(def.theme.name(), row[0], "{row:?}");
        assert_eq!(total.value, Value::Count(number(&row[2])), "{row:?}");
        assert_eq!(total.period, period, "{row:?}");
        assert_eq!(total.channels, [Channel::Direct, Channel::Joint], "{row:?}");
        let percent: Decimal = row[3].trim_end_matches('%').parse().unwrap();
        assert_eq!(
            total.growth.as_ref().map(|g| g.percent),
            Some(percent),
            "{row:?}"
        );
    }
}

/// A column of the breakdown: "Thailand (joint, LIFT)".
struct Column {
    country: Country,
    channel: Channel,
    partner: Option<String>,
}

fn column(header: &str) -> Column {
    let (name, rest) = header
        .split_once(" (")
        .unwrap_or_else(|| panic!("{header:?}"));
    let inside = rest.trim_end_matches(')');
    let mut parts = inside.split(", ");
    Column {
        country: name.parse().unwrap(),
        channel: parts.next().unwrap().parse().unwrap(),
        partner: parts.next().map(str::to_string),
    }
}

#[test]
fn the_breakdown_by_country_and_channel_is_the_seeds_figures() {
    let report = seed::h1_2020_21().unwrap();
    let catalogue = Catalogue::builtin();
    let text = figures_md();
    let (title, lines) = section(&text, "By country and strategy channel");
    let (header, rows) = table(&lines);
    let columns: Vec<Column> = header.iter().skip(1).map(|h| column(h)).collect();

    // The period of the section, and of the country whose figures cover
    // less: "India's figures cover **20/21 Q1 only**".
    let (_, period) = title.rsplit_once(", ").unwrap();
    let period = report.calendar.parse(&label(period)).unwrap();
    assert_eq!(period, report.period);
    let shorter = lines
        .iter()
        .find_map(|l| l.strip_prefix("- India's figures cover **"))
        .and_then(|l| l.split_once(" only**"))
        .map(|(label, _)| report.calendar.parse(label).unwrap())
        .expect("the note on India's period");
    // The footnote: "(a) ... Reading that as 2 is an interpretation".
    let interpreted_note: Vec<&str> = lines
        .iter()
        .skip_while(|l| !l.starts_with("- (a)"))
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.starts_with("  "))
        .map(|(_, l)| l.trim())
        .collect();
    let interpreted_note = interpreted_note.join(" ");
    assert!(interpreted_note.contains("is an interpretation"));

    let mut cells = 0;
    for row in &rows {
        let indicator = catalogue.resolve(&row[0]).unwrap();
        let mut sum = 0;
        for (column, cell) in columns.iter().zip(row.iter().skip(1)) {
            let found: Vec<_> = report
                .figures
                .iter()
                .filter(|f| f.indicator == indicator && f.country == Some(column.country))
                .collect();
            let at = format!("{} {}", row[0], column.country);
            if cell == "–" {
                assert!(found.is_empty(), "{at}: the file gives no figure");
                continue;
            }
            cells += 1;
            let (n, interpreted) = match cell.strip_suffix(" (a)") {
                Some(n) => (number(n), true),
                None => (number(cell), false),
            };
            sum += n;
            assert_eq!(found.len(), 1, "{at}");
            let figure = &found[0];
            assert_eq!(figure.value, Value::Count(n), "{at}");
            assert_eq!(figure.channel, Some(column.channel), "{at}");
            assert_eq!(
                figure
                    .partner
                    .as_ref()
                    .map(|p| p.as_str().split(' ').next().unwrap()),
                column.partner.as_deref(),
                "{at}"
            );
            let expected_period = if column.country == Country::IN {
                shorter
            } else {
                period
            };
            assert_eq!(figure.period, expected_period, "{at}");
            let basis = if interpreted {
                Basis::Interpreted
            } else {
                Basis::Stated
            };
            assert_eq!(figure.basis, basis, "{at}");
        }
        // The crate's total of the row is the sum of the file's cells.
        let total = report
            .figures
            .aggregate(&Query::new().within(report.period).with_indicator(indicator))
            .unwrap();
        assert_eq!(total.rows()[0].value, Value::Count(sum), "{}", row[0]);
    }
    assert_eq!(
        report.figures.len(),
        cells,
        "figures the file does not list"
    );
}

/// Numbers in the text table that are not figures of their own, with why.
const NOT_FIGURES: [(&str, &str); 3] = [
    (
        "30% rise",
        "the threshold in the income-rise indicator's definition",
    ),
    ("483 above", "a reference to the headline table"),
    ("six months", "the length of time the follow-ups took"),
];

/// A number in running text: its value, whether it is a percent, and
/// whether the text puts "more than" or "over" before it.
#[derive(Debug)]
struct Stated {
    value: Decimal,
    percent: bool,
    more_than: bool,
    text: String,
}

/// Every number of a text: digits (with thousands commas, a decimal point,
/// `%` or "million" after them) and the number words the file uses.
fn numbers(text: &str) -> Vec<Stated> {
    const WORDS: [(&str, i64); 2] = [("six", 6), ("seven", 7)];
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let word = WORDS.iter().find(|(w, _)| {
            starts_word
                && text[i..].starts_with(w)
                && !text[i + w.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
        });
        let (value, mut end, digits) = if let Some((w, n)) = word {
            (Decimal::from(*n), i + w.len(), false)
        } else if bytes[i].is_ascii_digit() && starts_word {
            let mut end = i;
            while end < bytes.len()
                && (bytes[end].is_ascii_digit()
                    || (bytes[end] == b','
                        && bytes
                            .get(end + 1..end + 4)
                            .is_some_and(|d| d.iter().all(u8::is_ascii_digit)))
                    || (bytes[end] == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
            {
                end += 1;
            }
            (text[i..end].replace(',', "").parse().unwrap(), end, true)
        } else {
            i += 1;
            continue;
        };
        let mut value = value;
        let percent = digits && text[end..].starts_with('%');
        if percent {
            end += 1;
        } else if digits && text[end..].starts_with(" million") {
            value *= Decimal::from(1_000_000);
            end += " million".len();
        }
        let before = &text[..i];
        found.push(Stated {
            value,
            percent,
            more_than: before.ends_with("more than ") || before.ends_with("over "),
            text: text[i..].chars().take(end - i + 12).collect(),
        });
        i = end;
    }
    found
}

#[test]
fn every_number_of_the_text_table_is_a_figure_of_the_seed() {
    let report = seed::h1_2020_21().unwrap();
    let text = figures_md();
    let (_, lines) = section(&text, "Other figures in the text");
    let (header, rows) = table(&lines);
    assert_eq!(header, ["where", "figure"]);
    let mut checked = 0;
    let mut left_out = 0;
    for row in &rows {
        // A country's row names the country; the others are anywhere.
        let country: Option<Country> = row[0].parse().ok();
        let of_country = |c: Option<Country>| country.is_none() || c == country;
        for stated in numbers(&row[1]) {
            if NOT_FIGURES.iter().any(|(t, _)| stated.text.starts_with(t)) {
                left_out += 1;
                continue;
            }
            checked += 1;
            let matches: Vec<(Value, Bound)> = if stated.percent {
                let highlights = report
                    .highlights
                    .iter()
                    .filter(|f| of_country(f.country))
                    .filter(|f| f.value == Value::Percent(stated.value))
                    .map(|f| (f.value, f.bound));
                let claims = report
                    .growth_claims
                    .iter()
                    .filter(|g| of_country(g.country) && g.percent == stated.value)
                    .map(|g| (Value::Percent(g.percent), Bound::Exact));
                highlights.chain(claims).collect()
            } else {
                let n = u64::try_from(stated.value).unwrap();
                report
                    .highlights
                    .iter()
                    .filter(|f| of_country(f.country))
                    .filter(|f| match f.value {
                        Value::Count(c) => c == n,
                        Value::Ratio {
                            numerator,
                            denominator,
                        } => numerator == n || denominator == n,
                        Value::Percent(_) => false,
                    })
                    .map(|f| (f.value, f.bound))
                    .collect()
            };
            assert!(
                !matches.is_empty(),
                "{}: {:?} is no figure of the seed's highlights",
                row[0],
                stated.text
            );
            if stated.more_than {
                assert!(
                    matches.iter().any(|(_, b)| *b == Bound::MoreThan),
                    "{}: {:?} is not a \"more than\" figure",
                    row[0],
                    stated.text
                );
            }
        }
    }
    // Every exception was met, and the table has figures to check.
    assert_eq!(left_out, NOT_FIGURES.len());
    // Counted by hand: 2 + 3 + 1 + 1 + 2 + 1 + 2 + 2 + 1 + 4 + 3 + 5 + 3,
    // row by row.
    assert_eq!(checked, 30);
}
