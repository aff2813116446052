//! The laws of reading and writing: what is written reads back the same,
//! every row is either a figure or an error, and no input makes a reader
//! panic.
#![cfg(all(feature = "csv", feature = "json"))]

mod common;

use std::collections::BTreeSet;

use common::strategies::{catalogue, datasets, with_overlaps};
use impact_metrics::{Aggregator, FiscalCalendar, Query, Severity, csv, format::ReadOptions, json};
use proptest::prelude::*;

/// The rule id of the finding for a figure a total read from a file
/// refuses.
const AGGREGATE_REFUSED: &str = "aggregate.refused";

/// The reader's options: the calendar, and the catalogue the generated
/// figures are drawn from (the built-in one, extended by a partner).
fn options(calendar: FiscalCalendar) -> ReadOptions {
    ReadOptions::new(calendar, catalogue())
}

/// Good and bad texts for the cells of a row, and whether each is good.
const INDICATORS: [(&str, bool); 5] = [
    ("victims_removed", true),
    ("Victims rescued", true),
    ("Survivors cared for", true),
    ("Traffickers freed", false),
    ("", false),
];
const COUNTRIES: [(&str, bool); 6] = [
    ("GB", true),
    ("UK", true),
    ("Bangladesh", true),
    ("", true),
    ("England", false),
    ("XX", false),
];
const PERIODS: [(&str, bool); 6] = [
    ("20/21 H1", true),
    ("Sep 2020", true),
    ("FY2020-09-Q2", true),
    ("2020/22", false),
    ("FY2021", false),
    ("", false),
];
const VALUES: [(&str, bool); 10] = [
    ("0", true),
    ("20", true),
    ("18446744073709551615", true),
    ("\"1,234\"", false),
    ("12.5", false),
    ("N/A", false),
    ("-3", false),
    ("", false),
    ("1e3", false),
    ("18446744073709551616", false),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn csv_written_reads_back_the_same(data in datasets(), machine in any::<bool>()) {
        let mut writer = csv::Writer::new(Vec::new(), data.calendar());
        if machine {
            writer = writer.machine_periods();
        }
        for figure in &data {
            writer.write(&figure).unwrap();
        }
        let out = writer.finish().unwrap();
        let (back, report) = csv::read(out.as_slice(), &options(data.calendar()));
        prop_assert!(report.is_empty(), "{}", report);
        prop_assert_eq!(back.observations(), data.observations());

        let mut plain = Vec::new();
        csv::write(&data, &mut plain).unwrap();
        prop_assert_eq!(plain == out, !machine || data.is_empty());
    }

    /// A file totalled as it is read refuses what an aggregator refuses,
    /// figure by figure in the file's order, and says so at the line of
    /// each refused figure: the totals are those of the figures kept, and
    /// no figure is dropped without a word.
    #[test]
    fn a_file_totalled_as_read_refuses_overlaps_at_their_lines(
        figures in with_overlaps(),
        by_country in any::<bool>(),
    ) {
        let data = figures.dataset();
        let mut query = Query::new().by_indicator();
        if by_country {
            query = query.by_country();
        }
        let mut file = Vec::new();
        csv::write(&data, &mut file).unwrap();
        let mut totals = Aggregator::new(&query);
        let mut refused = BTreeSet::new();
        for (i, figure) in data.iter().enumerate() {
            if totals.add(&figure).is_err() {
                refused.insert(i as u64 + 2);
            }
        }
        let (table, report) = csv::aggregate(file.as_slice(), &options(data.calendar()), &query).unwrap();
        prop_assert_eq!(&table, &totals.finish().unwrap());
        let lines: BTreeSet<u64> = report.by_rule(AGGREGATE_REFUSED).filter_map(|f| f.location.line).collect();
        prop_assert_eq!(report.by_rule(AGGREGATE_REFUSED).count(), refused.len());
        prop_assert_eq!(lines, refused);
        prop_assert_eq!(report.len(), report.by_rule(AGGREGATE_REFUSED).count(), "{}", report);
    }

    #[test]
    fn json_written_reads_back_the_same(data in datasets()) {
        let mut out = Vec::new();
        json::write(&data, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let (back, report) = json::read(&text, &options(data.calendar()));
        prop_assert!(report.is_empty(), "{}", report);
        prop_assert_eq!(back.observations(), data.observations());
    }

    /// A row of good cells is a figure at its line; a row with any bad
    /// cell is at least one error at its line and no figure: one bad row
    /// never hides another or a good one.
    #[test]
    fn every_row_is_a_figure_or_an_error(
        rows in proptest::collection::vec(
            (
                proptest::sample::select(INDICATORS.to_vec()),
                proptest::sample::select(COUNTRIES.to_vec()),
                proptest::sample::select(PERIODS.to_vec()),
                proptest::sample::select(VALUES.to_vec()),
                any::<bool>(),
            ),
            0..30,
        )
    ) {
        let mut text = String::from("indicator,country,period,value\n");
        for (i, c, p, v, crlf) in &rows {
            text.push_str(&format!("{},{},{},{}{}", i.0, c.0, p.0, v.0, if *crlf { "\r\n" } else { "\n" }));
        }
        let (data, report) = csv::read(text.as_bytes(), &options(FiscalCalendar::SEPTEMBER));
        let good: Vec<u64> = rows
            .iter()
            .enumerate()
            .filter(|(_, (i, c, p, v, _))| i.1 && c.1 && p.1 && v.1)
            .map(|(n, _)| n as u64 + 2)
            .collect();
        // A row of empty cells is a blank row, as a spreadsheet writes it:
        // neither a figure nor a problem.
        let bad: BTreeSet<u64> = rows
            .iter()
            .enumerate()
            .filter(|(_, (i, c, p, v, _))| !(i.1 && c.1 && p.1 && v.1))
            .filter(|(_, (i, c, p, v, _))| [i.0, c.0, p.0, v.0].iter().any(|t| !t.is_empty()))
            .map(|(n, _)| n as u64 + 2)
            .collect();
        let figure_lines: Vec<u64> = data.located().filter_map(|(_, at)| at.line).collect();
        prop_assert_eq!(figure_lines, good);
        let error_lines: BTreeSet<u64> = report
            .by_severity(Severity::Error)
            .filter_map(|f| f.location.line)
            .collect();
        prop_assert_eq!(error_lines, bad);
        prop_assert_eq!(report.len(), report.count(Severity::Error));
    }

    #[test]
    fn any_bytes_read_as_csv_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let (data, report) = csv::read(bytes.as_slice(), &options(FiscalCalendar::SEPTEMBER));
        let lines = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64 + 1;
        for (_, at) in data.located() {
            prop_assert!(at.line.is_some_and(|l| (2..=lines).contains(&l)));
        }
        for finding in report.findings() {
            prop_assert!(finding.location.line.is_none_or(|l| (1..=lines).contains(&l)));
        }
    }

    #[test]
    fn csv_like_text_reads_without_panic(
        text in "(indicator|period|value|country|numerator|denominator|victims_removed|income_rise_rate|20/21 H1|FY2020-09-M01|1,234|11/24|82%|[0-9]{1,21}|[,\"\r\n;% ./-]){0,40}"
    ) {
        let (data, report) = csv::read(text.as_bytes(), &options(FiscalCalendar::SEPTEMBER));
        prop_assert!(data.len() <= text.lines().count());
        let _ = report;
    }

    #[test]
    fn any_text_reads_as_json_without_panic(text in "\\PC{0,200}") {
        let _ = json::read(&text, &options(FiscalCalendar::SEPTEMBER));
        let _ = json::read_from(text.as_bytes(), &options(FiscalCalendar::SEPTEMBER));
    }

    /// Reading a document from a stream, one figure at a time, gives what
    /// reading it whole gives: the same figures at the same places, and
    /// the same findings at the same lines.
    #[test]
    fn a_streamed_json_read_is_the_whole_read(
        data in datasets(),
        rows in proptest::collection::vec(
            (
                proptest::sample::select(INDICATORS.to_vec()),
                proptest::sample::select(COUNTRIES.to_vec()),
                proptest::sample::select(PERIODS.to_vec()),
                proptest::sample::select(VALUES.to_vec()),
            ),
            0..12,
        ),
        wrapped in any::<bool>(),
    ) {
        let mut out = Vec::new();
        json::write(&data, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let (whole, whole_report) = json::read(&text, &options(data.calendar()));
        let (streamed, streamed_report) = json::read_from(text.as_bytes(), &options(data.calendar()));
        prop_assert_eq!(streamed.observations(), whole.observations());
        prop_assert_eq!(streamed.located().map(|(_, at)| at.clone()).collect::<Vec<_>>(),
                        whole.located().map(|(_, at)| at.clone()).collect::<Vec<_>>());
        prop_assert_eq!(&streamed_report, &whole_report);

        // Figures written by hand, good and bad, one a line.
        let figures: Vec<String> = rows
            .iter()
            .map(|((indicator, _), (country, _), (period, _), (value, _))| {
                // Empty is null; quoted texts and numbers stand as they are; the rest
                // become JSON strings.
                let value = if value.is_empty() {
                    "null".to_string()
                } else if value.starts_with('"') || value.parse::<f64>().is_ok() {
                    value.to_string()
                } else {
                    format!("{value:?}")
                };
                format!(
                    "  {{\"indicator\": {indicator:?}, \"country\": {country:?}, \"period\": {period:?}, \"value\": {value}}}"
                )
            })
            .collect();
        let body = format!("[\n{}\n]", figures.join(",\n"));
        let text = if wrapped {
            format!("{{\"format\": \"impact-metrics/figures\",\n \"version\": 1,\n \"figures\": {body}}}")
        } else {
            body
        };
        let (whole, whole_report) = json::read(&text, &options(FiscalCalendar::SEPTEMBER));
        let (streamed, streamed_report) = json::read_from(text.as_bytes(), &options(FiscalCalendar::SEPTEMBER));
        prop_assert_eq!(streamed.observations(), whole.observations());
        prop_assert_eq!(&streamed_report, &whole_report, "{}", text);
    }

    #[test]
    fn json_like_text_reads_without_panic(
        text in "(\\[|\\]|\\{|\\}|,|:|\"indicator\"|\"period\"|\"value\"|\"figures\"|\"calendar\"|\"location\"|\"victims_removed\"|\"20/21 H1\"|null|true|-?[0-9]{1,22}(\\.[0-9])?(e[0-9])?|\\s){0,60}"
    ) {
        let _ = json::read(&text, &options(FiscalCalendar::SEPTEMBER));
        let _ = json::read_from(text.as_bytes(), &options(FiscalCalendar::SEPTEMBER));
    }
}
