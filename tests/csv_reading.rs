//! Reading the small files under `tests/data/`, one for each way partners'
//! files differ from the plain format. Expected figures and lines are read
//! off the files by hand.
#![cfg(feature = "csv")]

mod common;
use common::brief;

use std::fs::File;

use impact_metrics::{
    Catalogue, Channel, Country, Dataset, Findings, FiscalCalendar, Indicator, Observation,
    Partner, Query, Severity, Value, csv, format::NumberFormat, format::ReadOptions,
};

fn options() -> ReadOptions {
    ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin())
}

fn read(name: &str, options: ReadOptions) -> (Dataset, Findings) {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let file = File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    csv::read(file, &options.with_source(name))
}

/// The line of each figure.
fn lines(data: &Dataset) -> Vec<u64> {
    data.located().map(|(_, at)| at.line.unwrap_or(0)).collect()
}

fn h1() -> impact_metrics::Period {
    FiscalCalendar::SEPTEMBER.half(2020, 1).unwrap()
}

fn q1() -> impact_metrics::Period {
    FiscalCalendar::SEPTEMBER.quarter(2020, 1).unwrap()
}

#[test]
fn excel_utf8_files_are_read_with_their_mark_line_ends_quotes_and_blank_rows() {
    let (data, report) = read("excel_utf8.csv", options());
    assert!(report.is_empty(), "{report}");
    assert_eq!(lines(&data), [2, 3, 4]);
    let expected = [
        Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(20))
            .with_country(Country::GB)
            .with_channel(Channel::Direct),
        Observation::new(Indicator::SURVIVORS_CARED_FOR, q1(), Value::Count(93))
            .with_country(Country::IN)
            .with_channel(Channel::Joint)
            .with_partner(Partner::new("Vihaan").unwrap())
            .with_note("Q2 data awaited, as the partner said"),
        Observation::new(Indicator::SURVIVORS_REPATRIATED, h1(), Value::Count(2))
            .with_country(Country::RO)
            .with_channel(Channel::Direct)
            .with_note("the text says \"a survivor and her daughter\"; read as 2"),
    ];
    assert_eq!(data.observations(), expected);
    assert_eq!(
        data.location(0).map(|l| l.to_string()).as_deref(),
        Some("excel_utf8.csv:2")
    );
}

#[test]
fn a_quoted_line_break_stays_in_its_cell_and_lines_count_on() {
    let (data, report) = read("multiline_note.csv", options());
    assert_eq!(lines(&data), [2, 4]);
    assert_eq!(
        data.observations()[0].note.as_deref(),
        Some("first line\nsecond line")
    );
    assert_eq!(brief(&report), ["error parse.value 5 value"]);
    assert_eq!(
        report.findings()[0].to_string(),
        "error[parse.value] multiline_note.csv:5: column \"value\": invalid number \"x21\": a count is written with the digits 0-9 only"
    );
}

#[test]
fn surrounding_spaces_and_tabs_do_not_matter() {
    let (data, report) = read("spaces.csv", options());
    assert!(report.is_empty(), "{report}");
    let values: Vec<(Option<Country>, Value)> = data.iter().map(|f| (f.country, f.value)).collect();
    assert_eq!(
        values,
        [
            (Some(Country::GB), Value::Count(20)),
            (Some(Country::BD), Value::Count(17))
        ]
    );
}

#[test]
fn columns_are_found_by_name_and_unknown_ones_noted_once() {
    let (data, report) = read("column_order.csv", options());
    // "Comments" is another name of the note column.
    assert_eq!(brief(&report), ["note parse.column_ignored 1 ID"]);
    let notes: Vec<Option<String>> = data.iter().map(|f| f.note).collect();
    assert_eq!(notes, [Some("checked by LIFT".to_string()), None]);
    let values: Vec<(Indicator, Option<Country>, Value)> = data
        .iter()
        .map(|f| (f.indicator, f.country, f.value))
        .collect();
    assert_eq!(
        values,
        [
            (
                Indicator::ACCUSED_ARRESTED,
                Some(Country::TH),
                Value::Count(37)
            ),
            (
                Indicator::ACCUSED_ARRESTED,
                Some(Country::BD),
                Value::Count(16)
            )
        ]
    );
}

#[test]
fn a_missing_column_is_reported_once_and_the_other_cells_still_checked() {
    let (data, report) = read("missing_column.csv", options());
    assert!(data.is_empty());
    assert_eq!(
        brief(&report),
        [
            "error parse.header 1 -",
            "error parse.country 3 country",
            "error parse.value 4 value"
        ]
    );
    assert_eq!(
        report.findings()[0].message,
        "the header has no \"period\" column, so no figure can be read; the columns are \"indicator\", \"country\", \"value\""
    );
}

#[test]
fn numbers_are_exact_and_every_spreadsheet_form_is_refused_by_default() {
    let (data, report) = read("numbers.csv", options());
    assert_eq!(lines(&data), [2, 10]);
    assert_eq!(data.observations()[1].value, Value::Count(u64::MAX));
    assert_eq!(
        brief(&report),
        (3..=9)
            .map(|line| format!("error parse.value {line} value"))
            .collect::<Vec<_>>()
    );
    let texts: Vec<&str> = report
        .findings()
        .iter()
        .map(|f| f.values.first().map_or("", |(_, text)| text.as_str()))
        .collect::<Vec<_>>();
    assert_eq!(
        texts,
        [
            "1,234",
            "12,50",
            "N/A",
            "-3",
            "",
            "1e3",
            "18446744073709551616"
        ],
        "each finding keeps the raw text"
    );
    let messages: Vec<&str> = report
        .findings()
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "invalid number \"1,234\": a count is written with the digits 0-9 only; if the separators group thousands, set the number format to comma (1,234) or indian (1,02,345)",
            "invalid number \"12,50\": a count is written with the digits 0-9 only; a count is a whole number",
            "invalid number \"N/A\": a count is written with the digits 0-9 only; the value says there is no figure: leave the row out, or set the rows without a figure to be skipped",
            "invalid number \"-3\": a count is written with the digits 0-9 only; a count is never negative",
            "no value: the cell is empty or missing",
            "invalid number \"1e3\": a count is written with the digits 0-9 only; scientific notation, as a spreadsheet shows a number when its column is too narrow, has lost digits: format the cells as whole numbers and save again",
            "invalid number \"18446744073709551616\": the number is larger than 18446744073709551615",
        ]
    );
}

#[test]
fn opted_in_interpretations_are_stated_in_the_report() {
    let options = options()
        .with_number_format(NumberFormat::CommaGrouped)
        .skip_not_available();
    let (data, report) = read("numbers.csv", options);
    assert_eq!(lines(&data), [2, 3, 10]);
    assert_eq!(data.observations()[1].value, Value::Count(1234));
    assert_eq!(
        brief(&report),
        [
            "error parse.value 4 value",
            "note parse.not_available 5 value",
            "error parse.value 6 value",
            "note parse.not_available 7 value",
            "error parse.value 8 value",
            "error parse.value 9 value",
            "note parse.number_format 3 value",
        ]
    );
    assert_eq!(
        report.findings()[6].message,
        "1 number read as written with thousands grouped with commas (1,234), the first here"
    );
}

#[test]
fn rows_with_too_many_or_too_few_cells_are_refused_whole() {
    let (data, report) = read("ragged.csv", options());
    assert_eq!(lines(&data), [2, 5]);
    assert_eq!(
        brief(&report),
        ["error parse.row 3 -", "error parse.row 4 -"]
    );
    assert_eq!(
        report.findings()[0].message,
        "the row has 5 cells but the header names 4 columns, so the row is not read; an unquoted comma (as in 1,234) splits a cell in two: put such cells in quotes"
    );
    assert_eq!(
        report.findings()[0].values,
        [(
            "row".to_string(),
            "professionals_trained,BD,20/21 H1,1,234".to_string()
        )]
    );
}

#[test]
fn text_that_is_not_utf8_is_located_and_explained() {
    let (data, report) = read("windows_1252.csv", options());
    assert_eq!(lines(&data), [4]);
    assert_eq!(
        brief(&report),
        [
            "error parse.encoding 2 country",
            "error parse.value 3 value",
            "error parse.encoding 3 partner"
        ]
    );
    // The bytes read as Windows-1252, which the message names.
    assert_eq!(
        report.findings()[0].values,
        [("text".to_string(), "Côte d'Ivoire".to_string())]
    );
    assert_eq!(
        report.findings()[0].message,
        "the text is not valid UTF-8, but reads as Windows-1252 (\"Côte d'Ivoire\"): set the encoding to windows-1252, or save the file as UTF-8 (in a spreadsheet, \"CSV UTF-8\")"
    );
}

#[test]
fn semicolon_files_need_their_delimiter_and_the_report_says_so() {
    let (data, report) = read("semicolons.csv", options());
    assert!(data.is_empty());
    assert_eq!(
        brief(&report),
        [
            "note parse.column_ignored 1 Indicator;Country;Period;Value;Numerator;Denominator",
            "error parse.header 1 -",
            // "45,8%" holds the only comma, which splits its row in two.
            "error parse.row 3 -"
        ]
    );
    assert!(
        report.findings()[1]
            .message
            .ends_with("the header is one cell holding ';': is the file separated by ';'? then set the delimiter to ';'"),
        "{}",
        report.findings()[1].message
    );

    let german = options()
        .with_delimiter(b';')
        .with_number_format(NumberFormat::DotGroupedDecimalComma);
    let (data, report) = read("semicolons.csv", german);
    let values: Vec<Value> = data.iter().map(|f| f.value).collect();
    assert_eq!(
        values,
        [
            Value::Count(1_300_000),
            Value::Ratio {
                numerator: 11,
                denominator: 24
            },
            Value::Count(367)
        ]
    );
    assert_eq!(brief(&report), ["note parse.number_format 2 Value"]);
    assert_eq!(report.findings()[0].values[0].1, "2");
}

#[test]
fn rows_without_a_figure_are_errors_unless_skipping_is_asked_for() {
    let (data, report) = read("not_available.csv", options());
    assert_eq!(lines(&data), [2]);
    assert_eq!(report.count(Severity::Error), 3);

    let (data, report) = read("not_available.csv", options().skip_not_available());
    assert_eq!(lines(&data), [2]);
    assert_eq!(
        brief(&report),
        [
            "note parse.not_available 3 value",
            "note parse.not_available 4 value",
            "note parse.not_available 5 value"
        ]
    );
}

#[test]
fn an_empty_file_is_one_error_and_a_header_alone_is_no_figure() {
    let (data, report) = read("empty.csv", options());
    assert!(data.is_empty());
    assert_eq!(brief(&report), ["error parse.header - -"]);
    assert_eq!(
        report.findings()[0].to_string(),
        "error[parse.header] empty.csv: the file is empty: its first row must name the columns (indicator, period, value, ...)"
    );

    let (data, report) = read("header_only.csv", options());
    assert!(data.is_empty() && report.is_empty());
}

#[test]
fn aggregating_a_file_streams_its_good_rows_and_reports_the_rest() {
    let path = format!("{}/tests/data/numbers.csv", env!("CARGO_MANIFEST_DIR"));
    let file = File::open(path).unwrap();
    let (table, report) = csv::aggregate(
        file,
        &options().with_number_format(NumberFormat::CommaGrouped),
        &Query::new().by_indicator(),
    )
    .unwrap();
    // 367 + 1234, and u64::MAX would overflow the total: refused at its line.
    assert_eq!(
        table.row(Indicator::PROFESSIONALS_TRAINED).map(|r| r.value),
        Some(Value::Count(1601))
    );
    let refused: Vec<String> = brief(&report)
        .into_iter()
        .filter(|b| b.contains("aggregate"))
        .collect();
    assert_eq!(refused, ["error aggregate.refused 10 -"]);
}

#[test]
fn a_quoted_header_after_a_byte_order_mark_is_read() {
    let file =
        "\u{feff}\"indicator\",\"period\",\"value\"\r\n\"victims_removed\",\"20/21 H1\",\"20\"\r\n";
    let (data, report) = csv::read(file.as_bytes(), &options());
    assert!(report.is_empty(), "{report}");
    assert_eq!(data.observations()[0].value, Value::Count(20));
}

/// A source that fails after its first rows, as a network stream can.
struct FailsAfter(&'static [u8]);

impl std::io::Read for FailsAfter {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0.is_empty() {
            return Err(std::io::Error::other("connection reset"));
        }
        let n = self.0.len().min(buf.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn a_stream_that_fails_keeps_what_was_read_and_ends_with_an_error() {
    let input = FailsAfter(
        b"indicator,period,value\nvictims_removed,20/21 H1,20\nvictims_removed,20/21 H2,",
    );
    let (data, report) = csv::read(input, &options().with_source("stream"));
    assert_eq!(lines(&data), [2]);
    assert_eq!(brief(&report), ["error read.io 3 -"]);
    assert_eq!(
        report.findings()[0].message,
        "the file could not be read any further: connection reset"
    );
}

// Files under `tests/data/reading/`: each expected line and count is read
// off the file by hand.

fn read_sample(name: &str, options: ReadOptions) -> (Dataset, Findings) {
    read(&format!("reading/{name}"), options)
}

#[test]
fn a_quote_that_never_closes_is_reported_where_it_opened() {
    // Line 5 opens a quote; lines 6, 7 and 8 follow it to the end.
    let (data, report) = read_sample("unclosed_quote.csv", options());
    assert_eq!(lines(&data), [2, 3, 4]);
    assert_eq!(brief(&report), ["error parse.quote 5 -"]);
    assert_eq!(
        report.findings()[0].message,
        "a quote opened at line 5 never closes: the 3 lines after it were read as one cell, \
         so neither the row nor those lines are read; close the quote (a quote inside a quoted \
         cell is written twice: \"\")"
    );
    assert_eq!(
        report.findings()[0].values,
        [("lines".to_string(), "3".to_string())]
    );
    // Through the totals too: the rows are not counted, and the report says so.
    let path = format!(
        "{}/tests/data/reading/unclosed_quote.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let (table, report) = csv::aggregate(
        File::open(path).unwrap(),
        &options(),
        &Query::new().by_indicator(),
    )
    .unwrap();
    assert_eq!(
        table.row(Indicator::VICTIMS_REMOVED).map(|r| r.value),
        Some(Value::Count(37))
    );
    assert_eq!(brief(&report), ["error parse.quote 5 -"]);
}

#[test]
fn a_quote_that_closes_on_the_last_line_or_the_line_after() {
    let one = "indicator,period,value,note\nvictims_removed,20/21 H1,20,\"approx.\nvictims_removed,20/21 H2,3,\n";
    let (data, report) = csv::read(one.as_bytes(), &options());
    assert!(data.is_empty());
    assert_eq!(brief(&report), ["error parse.quote 2 -"]);
    assert!(report.findings()[0].message.starts_with(
        "a quote opened at line 2 never closes: the line after it was read as part of one cell, so neither the row nor that line is read"
    ));
    let none = "indicator,period,value,note\nvictims_removed,20/21 H1,20,\nvictims_removed,20/21 H2,3,\"approx.";
    let (data, report) = csv::read(none.as_bytes(), &options());
    assert_eq!(lines(&data), [2]);
    assert_eq!(brief(&report), ["error parse.quote 3 -"]);
    assert!(report.findings()[0].message.starts_with(
        "a quote opened at line 3 never closes: it runs to the end of the file, so the row is not read"
    ));
}

#[test]
fn a_quoted_cell_whose_lines_look_like_rows_is_refused() {
    // Line 3 opens a quote that closes on line 5; lines 4 and 5 hold four
    // commas each, as a row of this five-column file does.
    let (data, report) = read_sample("swallowed_rows.csv", options());
    assert_eq!(lines(&data), [2, 6]);
    assert_eq!(brief(&report), ["error parse.quote 3 -"]);
    assert_eq!(
        report.findings()[0].message,
        "a quoted cell opened at line 3 runs over 3 lines, and 2 of its lines, from line 4 to \
         line 5, look like rows of their own (with 4 or more commas), so a closing quote is \
         probably missing: neither the row nor those lines are read; check the quotes on line 3"
    );
}

#[test]
fn a_note_written_over_lines_stays_one_cell() {
    // Excel's Alt+Enter: two lines, one comma, in a five-column file.
    let (data, report) = read_sample("multiline_note_crlf.csv", options());
    assert!(report.is_empty(), "{report}");
    assert_eq!(lines(&data), [2, 4]);
    assert_eq!(
        data.observations()[0].note.as_deref(),
        Some("Q2 data awaited\r\nsaid the partner, by phone")
    );
}

#[test]
fn duplicate_columns_are_read_only_where_they_agree() {
    let (data, report) = read_sample("duplicate_columns.csv", options());
    // Line 2: 20 and 20 agree; line 3: 17 and 18 do not; line 4: 37 and
    // an empty cell do not.
    assert_eq!(lines(&data), [2]);
    assert_eq!(data.observations()[0].value, Value::Count(20));
    assert_eq!(
        brief(&report),
        [
            "warning parse.duplicate_column 1 Value",
            "error parse.column_conflict 3 Value",
            "error parse.column_conflict 4 Value",
        ]
    );
    assert_eq!(
        report.findings()[0].message,
        "columns 4 (\"value\") and 5 (\"Value\") both name the value column: a row is read only where the two agree"
    );
    assert_eq!(
        report.findings()[1].message,
        "columns 4 (\"value\") and 5 (\"Value\") name the same column but disagree: \"17\" and \"18\", so the row is not read"
    );
}

#[test]
fn title_rows_above_the_header_are_named_and_can_be_skipped() {
    // Two title lines, then the header on line 3: the titles are named in
    // a note, as a workbook's are, and the rows below the header are read.
    let (data, report) = read_sample("title_rows.csv", options());
    assert_eq!(lines(&data), [4]);
    assert_eq!(
        brief(&report),
        ["note parse.title_rows 1 -", "error parse.value 5 value"]
    );
    assert_eq!(
        report.findings()[0].message,
        "the 2 lines above the header (lines 1 to 2) are titles, not figures, so they are not read: \
         \"Impact report: partner figures\", ..."
    );

    let skipping = options()
        .with_skip_rows(2)
        .with_number_format(NumberFormat::IndianGrouped);
    let (data, report) = read_sample("title_rows.csv", skipping);
    assert_eq!(lines(&data), [4, 5]);
    // "1,02,345" in Indian grouping is 102345.
    assert_eq!(data.observations()[1].value, Value::Count(102_345));
    assert_eq!(
        brief(&report),
        [
            "note parse.rows_skipped 1 -",
            "note parse.number_format 5 value"
        ]
    );
    assert_eq!(
        report.findings()[0].message,
        "the 2 lines above the header were skipped, as the rows to skip say"
    );
    assert_eq!(
        report.findings()[1].message,
        "1 number read as written with Indian digit grouping (1,02,345), the first here"
    );
}

#[test]
fn a_file_whose_first_row_and_next_lines_hold_no_header_reads_its_rows() {
    // No header anywhere: the first row is taken as one, reported, and the
    // rows read ahead are still checked.
    let file = "a,b\n1,2\n3,4,5\n";
    let (data, report) = csv::read(file.as_bytes(), &options());
    assert!(data.is_empty());
    assert_eq!(
        brief(&report),
        [
            "note parse.column_ignored 1 a",
            "note parse.column_ignored 1 b",
            "error parse.header 1 -",
            "error parse.row 3 -"
        ]
    );
}

#[test]
fn markers_of_no_figure_can_be_added() {
    let markers = options().with_not_available(["nil", "awaited"]);
    let (data, report) = read_sample("markers.csv", markers.clone());
    assert_eq!(lines(&data), [5]);
    assert_eq!(
        brief(&report),
        [
            "error parse.value 2 value",
            "error parse.value 3 value",
            "error parse.value 4 value"
        ]
    );
    assert_eq!(
        report.findings()[0].message,
        "no figure: the value is \"nil\", which the not-available markers say means no figure; \
         leave the row out, or set the rows without a figure to be skipped"
    );
    let (data, report) = read_sample("markers.csv", markers.skip_not_available());
    assert_eq!(lines(&data), [5]);
    assert_eq!(
        brief(&report),
        [
            "note parse.not_available 2 value",
            "note parse.not_available 3 value",
            "note parse.not_available 4 value"
        ]
    );
    // Without the markers, "nil" is a number that cannot be read.
    let (_, report) = read_sample("markers.csv", options().skip_not_available());
    assert_eq!(
        brief(&report),
        [
            "error parse.value 2 value",
            "error parse.value 3 value",
            "note parse.not_available 4 value"
        ]
    );
}

#[test]
fn number_formats_have_short_names_and_read_their_numbers() {
    let file = "indicator,period,value\npeople_reached_indirect,20/21 H1,\"13,00,000\"\n\
                people_reached_indirect,20/21 H2,\"1,300,000\"\n";
    let indian = options().with_number_format("indian".parse().unwrap());
    let (data, report) = csv::read(file.as_bytes(), &indian);
    // 13,00,000 is thirteen lakh; 1,300,000 is not Indian grouping.
    assert_eq!(lines(&data), [2]);
    assert_eq!(data.observations()[0].value, Value::Count(1_300_000));
    assert_eq!(
        brief(&report),
        [
            "error parse.value 3 value",
            "note parse.number_format 2 value"
        ]
    );
    let comma = options().with_number_format("comma".parse().unwrap());
    let (data, _) = csv::read(file.as_bytes(), &comma);
    assert_eq!(lines(&data), [3]);
}

#[test]
fn a_long_cell_is_cut_in_messages() {
    let long = "x".repeat(5_000_000);
    let file = format!("indicator,period,value\nvictims_removed,20/21 H1,{long}\n");
    let (_, report) = csv::read(file.as_bytes(), &options());
    let finding = &report.findings()[0];
    let cut = format!("{}… (5,000,000 characters)", "x".repeat(60));
    assert_eq!(
        finding.message,
        format!("invalid number \"{cut}\": a count is written with the digits 0-9 only")
    );
    assert_eq!(finding.values, [("text".to_string(), cut)]);
}

#[test]
fn a_workbook_given_as_csv_is_named_in_one_error() {
    for (name, message) in [
        (
            "workbook.xlsx.csv",
            "this is a spreadsheet workbook (.xlsx or .ods), not a CSV file, so nothing is read: read it as a workbook, or save the sheet as \"CSV UTF-8\" and read that",
        ),
        (
            "workbook.xls.csv",
            "this is an Excel 97-2003 workbook (.xls), not a CSV file, so nothing is read: read it as a workbook, or save the sheet as \"CSV UTF-8\" and read that",
        ),
    ] {
        let (data, report) = read_sample(name, options());
        assert!(data.is_empty());
        assert_eq!(brief(&report), ["error parse.workbook - -"], "{name}");
        assert_eq!(report.findings()[0].message, message);
    }
}

#[test]
fn a_totals_row_is_a_warning_not_a_figure_as_in_a_workbook() {
    // A spreadsheet's totals row, exported with the figures: "Total" in
    // the indicator column, "Grand total:" in the country column, and a
    // total across countries for one month. None is a figure; the
    // partner's and the note's free text never make a row a total.
    let file = "indicator,country,partner,period,value,note\n\
                victims_removed,GB,,Sep 2020,3,\n\
                victims_removed,GB,,Oct 2020,4,Total\n\
                Total,,,,7,\n\
                ,Grand total:,,,7,\n\
                victims_removed,Total,,Oct 2020,4,\n\
                victims_removed,TH,Total,Oct 2020,2,\n";
    let (data, report) = csv::read(file.as_bytes(), &options().with_source("t.csv"));
    assert_eq!(lines(&data), [2, 3, 7]);
    assert_eq!(
        brief(&report),
        [
            "warning parse.totals_row 4 indicator",
            "warning parse.totals_row 5 country",
            "warning parse.totals_row 6 country",
        ]
    );
    assert_eq!(
        report.findings()[0].to_string(),
        "warning[parse.totals_row] t.csv:4: column \"indicator\": the row is a totals row (\"Total\"), \
         not a figure, so it is not read: totals are worked out from the figures"
    );
    assert_eq!(
        report.findings()[0].values,
        [("value".to_string(), "7".to_string())]
    );
}
