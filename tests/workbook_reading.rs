//! Reading figures from workbooks the tests write: .xlsx with
//! rust_xlsxwriter, .ods by hand as a zip archive. Each figure, each
//! finding's rule and its `Sheet!Cell` are checked; expected values are
//! worked out by hand or taken from the seed report (FIGURES.md).

mod common;

use std::io::Write as _;

use impact_metrics::format::ReadOptions;
use impact_metrics::workbook::{self, Sheet};
use impact_metrics::{
    Catalogue, Channel, Country, Dataset, Findings, FiscalCalendar, Indicator, Observation,
    Partner, Value, csv,
};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

use common::strategies::datasets;

fn options(source: &str) -> ReadOptions {
    ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source(source)
}

/// Each finding as `severity rule place`, the place as `Display` writes it.
fn places(findings: &Findings) -> Vec<String> {
    findings
        .findings()
        .iter()
        .map(|f| format!("{} {} {}", f.severity, f.rule, f.location))
        .collect()
}

fn h1() -> impact_metrics::Period {
    FiscalCalendar::SEPTEMBER.half(2020, 1).unwrap()
}

fn xlsx(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut book = Workbook::new();
    build(&mut book);
    book.save_to_buffer().unwrap()
}

fn strings(sheet: &mut Worksheet, row: u32, cells: &[&str]) {
    for (col, text) in cells.iter().enumerate() {
        if !text.is_empty() {
            sheet.write_string(row, col as u16, *text).unwrap();
        }
    }
}

/// The seed report's H1 figures for victims removed (FIGURES.md: UK 20,
/// Bangladesh 17, Thailand with LIFT 37), under a title, with a formula
/// and a totals row, as a partner would send them.
#[test]
fn a_partner_sheet_reads_as_its_csv_would() {
    let bytes = xlsx(|book| {
        let sheet = book.add_worksheet().set_name("Figures").unwrap();
        strings(sheet, 0, &["Victims removed, 2020/21 H1"]);
        strings(
            sheet,
            2,
            &[
                "Indicator",
                "Country",
                "Strategy channel",
                "Partner",
                "Period",
                "Value",
            ],
        );
        strings(
            sheet,
            3,
            &[
                "Victims removed from exploitation",
                "UK",
                "Direct work",
                "",
                "20/21 H1",
            ],
        );
        sheet.write_number(3, 5, 20).unwrap();
        strings(
            sheet,
            4,
            &[
                "Victims removed from exploitation",
                "Bangladesh",
                "direct",
                "",
                "20/21 H1",
            ],
        );
        sheet.write_number(4, 5, 17.0).unwrap();
        // Row 6 is empty; row 7 is a row of blank text, also empty.
        sheet.write_string(6, 2, "  ").unwrap();
        strings(
            sheet,
            7,
            &[
                "victims_removed",
                "TH",
                "joint",
                "LIFT International",
                "20/21 H1",
            ],
        );
        sheet
            .write_formula(7, 5, Formula::new("=F4+F5").set_result("37"))
            .unwrap();
        strings(sheet, 8, &["Total"]);
        sheet
            .write_formula(8, 5, Formula::new("=SUM(F4:F8)").set_result("74"))
            .unwrap();
    });
    let (data, findings) =
        workbook::read(bytes.as_slice(), &options("partner.xlsx"), &Sheet::any());
    let expected = [
        Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(20))
            .with_country(Country::GB)
            .with_channel(Channel::Direct),
        Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(17))
            .with_country(Country::BD)
            .with_channel(Channel::Direct),
        Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(37))
            .with_country(Country::TH)
            .with_channel(Channel::Joint)
            .with_partner(Partner::new("LIFT International").unwrap()),
    ];
    assert_eq!(data.observations(), expected);
    let at: Vec<String> = (0..3)
        .map(|i| data.location(i).unwrap().to_string())
        .collect();
    assert_eq!(
        at,
        [
            "partner.xlsx:4: Figures!A4",
            "partner.xlsx:5: Figures!A5",
            "partner.xlsx:8: Figures!A8"
        ]
    );
    assert_eq!(
        places(&findings),
        [
            "note parse.title_rows partner.xlsx:1: Figures!A1",
            "warning parse.totals_row partner.xlsx:9: Figures!A9",
        ]
    );
    assert_eq!(
        findings.findings()[0].message,
        "row 1, above the header, is a title, not figures, so it is not read: \"Victims removed, 2020/21 H1\""
    );
    assert_eq!(
        findings.findings()[1].values,
        [("value".to_string(), "74".to_string())]
    );
}

/// Every bad cell of a sheet is one finding at its cell; the good rows
/// are figures.
#[test]
fn each_bad_cell_is_a_finding_at_its_cell() {
    let bytes = xlsx(|book| {
        let sheet = book.add_worksheet().set_name("Q1 figures").unwrap();
        strings(
            sheet,
            0,
            &[
                "indicator",
                "country",
                "period",
                "numerator",
                "denominator",
                "value",
            ],
        );
        strings(sheet, 1, &["victims_removed", "GB", "20/21 H1"]);
        sheet.write_number(1, 5, 36.5).unwrap();
        strings(sheet, 2, &["victims_removed", "GB", "20/21 Q1"]);
        sheet
            .write_formula(2, 5, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        strings(sheet, 3, &["victims_removed", "GB", "20/21 Q2"]);
        sheet.write_boolean(3, 5, true).unwrap();
        strings(sheet, 4, &["income_rise_rate", "IN", "20/21 H1"]);
        sheet.write_number(4, 3, 0.1 + 0.2).unwrap();
        sheet.write_number(4, 4, 24).unwrap();
        strings(sheet, 5, &["victims_removed", "England", "20/21 H2"]);
        sheet.write_number(5, 5, 5).unwrap();
        strings(sheet, 6, &["income_rise_rate", "IN", "20/21 H2"]);
        sheet.write_number(6, 3, 11).unwrap();
        sheet.write_number(6, 4, 24).unwrap();
        strings(sheet, 7, &["victims_removed", "GB"]);
        sheet
            .write_formula(7, 2, Formula::new("=NA()").set_result("#N/A"))
            .unwrap();
        sheet.write_number(7, 5, 3).unwrap();
        strings(sheet, 8, &["victims_removed", "GB", "2020/21"]);
        sheet.write_number(8, 5, 37.0).unwrap();
    });
    let (data, findings) = workbook::read(
        bytes.as_slice(),
        &options("q1.xlsx"),
        &Sheet::named("q1 FIGURES"),
    );
    let h2 = FiscalCalendar::SEPTEMBER.half(2020, 2).unwrap();
    let year = FiscalCalendar::SEPTEMBER.year(2020).unwrap();
    assert_eq!(
        data.observations(),
        [
            Observation::new(
                Indicator::INCOME_RISE_RATE,
                h2,
                Value::Ratio {
                    numerator: 11,
                    denominator: 24
                }
            )
            .with_country(Country::IN),
            Observation::new(Indicator::VICTIMS_REMOVED, year, Value::Count(37))
                .with_country(Country::GB),
        ]
    );
    assert_eq!(
        data.location(0).unwrap().to_string(),
        "q1.xlsx:7: 'Q1 figures'!A7"
    );
    assert_eq!(
        places(&findings),
        [
            "error parse.value q1.xlsx:2: 'Q1 figures'!F2: column \"value\"",
            "error workbook.cell_error q1.xlsx:3: 'Q1 figures'!F3: column \"value\"",
            "error parse.value q1.xlsx:4: 'Q1 figures'!F4: column \"value\"",
            "error parse.numerator q1.xlsx:5: 'Q1 figures'!D5: column \"numerator\"",
            "error parse.country q1.xlsx:6: 'Q1 figures'!B6: column \"country\"",
            "error workbook.cell_error q1.xlsx:8: 'Q1 figures'!C8: column \"period\"",
        ]
    );
    let messages: Vec<&str> = findings
        .findings()
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "the cell holds the number 36.5, which is not a whole number, where a count is due: a count is never rounded; a rate is written as text (82% or 11/24), or as its numerator and denominator",
            "the cell holds the error #DIV/0!, not a value, so the row is not read: correct the formula that gives it, or type the value",
            "the cell holds TRUE, a yes/no value, where a number is due",
            "the cell holds the number 0.30000000000000004, which is not a whole number, where a count is due: a count is never rounded",
            "unknown country \"England\"; did you mean GB (United Kingdom)?",
            "the cell holds the error #N/A, not a period, so the row is not read: correct the formula that gives it, or type the period",
        ]
    );
}

/// A date in the period column is the month it falls in, with one note
/// for the sheet; a date where a count is due is an error.
#[test]
fn dates_in_the_period_column_are_their_months() {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let bytes = xlsx(|book| {
        let sheet = book.add_worksheet();
        strings(sheet, 0, &["indicator", "period", "value"]);
        for (row, day, value) in [(1, 15, 4), (2, 30, 5)] {
            sheet.write_string(row, 0, "victims_removed").unwrap();
            let when = ExcelDateTime::from_ymd(2020, if row == 1 { 9 } else { 11 }, day).unwrap();
            sheet
                .write_datetime_with_format(row, 1, &when, &date)
                .unwrap();
            sheet.write_number(row, 2, value).unwrap();
        }
        strings(sheet, 3, &["victims_removed", "Dec 2020"]);
        let when = ExcelDateTime::from_ymd(2020, 12, 1).unwrap();
        sheet
            .write_datetime_with_format(3, 2, &when, &date)
            .unwrap();
    });
    let (data, findings) = workbook::read(bytes.as_slice(), &options("dates.xlsx"), &Sheet::any());
    let cal = FiscalCalendar::SEPTEMBER;
    assert_eq!(
        data.observations(),
        [
            Observation::new(
                Indicator::VICTIMS_REMOVED,
                cal.month(2020, 1).unwrap(),
                Value::Count(4)
            ),
            Observation::new(
                Indicator::VICTIMS_REMOVED,
                cal.month(2020, 3).unwrap(),
                Value::Count(5)
            ),
        ]
    );
    assert_eq!(
        places(&findings),
        [
            "error parse.value dates.xlsx:4: Sheet1!C4: column \"value\"",
            "note workbook.date dates.xlsx:2: Sheet1!B2",
        ]
    );
    assert_eq!(
        findings.findings()[1].message,
        "2 periods are dates, each read as the month it falls in (15 Sep 2020 as Sep 2020), the first here"
    );
}

/// A last row with no indicator and no period whose value is the sum of
/// those above (10 + 20 + 7 = 37) is a totals row; one that is not the
/// sum is a row like any other.
#[test]
fn a_sum_at_the_bottom_is_a_totals_row() {
    let sheet_with = |last: u32| {
        xlsx(|book| {
            let sheet = book.add_worksheet();
            strings(sheet, 0, &["indicator", "country", "period", "value"]);
            for (row, country, value) in [(1, "GB", 10), (2, "BD", 20), (3, "TH", 7)] {
                strings(sheet, row, &["victims_removed", country, "20/21 H1"]);
                sheet.write_number(row, 3, value).unwrap();
            }
            sheet.write_number(4, 3, last).unwrap();
        })
    };
    let (data, findings) = workbook::read(
        sheet_with(37).as_slice(),
        &options("sum.xlsx"),
        &Sheet::any(),
    );
    assert_eq!(data.len(), 3);
    assert_eq!(
        places(&findings),
        ["warning parse.totals_row sum.xlsx:5: Sheet1!D5"]
    );
    assert_eq!(
        findings.findings()[0].message,
        "the last row has no indicator and no period, and its value 37 is the sum of the 3 values above: it is a totals row, not a figure, so it is not read"
    );
    let (data, findings) = workbook::read(
        sheet_with(36).as_slice(),
        &options("sum.xlsx"),
        &Sheet::any(),
    );
    assert_eq!(data.len(), 3);
    assert_eq!(
        places(&findings),
        [
            "error parse.indicator sum.xlsx:5: Sheet1!A5: column \"indicator\"",
            "error parse.period sum.xlsx:5: Sheet1!C5: column \"period\"",
        ]
    );
}

fn three_sheets(headers: [bool; 3]) -> Vec<u8> {
    xlsx(|book| {
        for (i, name) in ["Notes", "Figures", "Chart data"].iter().enumerate() {
            let sheet = book.add_worksheet().set_name(*name).unwrap();
            if headers[i] {
                strings(sheet, 1, &["indicator", "period", "value"]);
                strings(sheet, 2, &["victims_removed", "20/21 H1"]);
                sheet.write_number(2, 2, i as f64 + 1.0).unwrap();
            } else {
                strings(sheet, 0, &["read me first"]);
            }
        }
    })
}

#[test]
fn the_sheet_is_the_one_named_or_the_only_one_with_a_header() {
    let read = |bytes: &[u8], sheet: &Sheet| workbook::read(bytes, &options("book.xlsx"), sheet);

    let (data, findings) = read(&three_sheets([false, true, false]), &Sheet::any());
    assert_eq!(data.observations()[0].value, Value::Count(2));
    assert_eq!(
        data.location(0).unwrap().to_string(),
        "book.xlsx:3: Figures!A3"
    );
    assert!(findings.is_empty(), "{findings}");

    let (data, findings) = read(&three_sheets([false, true, true]), &Sheet::any());
    assert!(data.is_empty());
    assert_eq!(places(&findings), ["error workbook.sheet book.xlsx"]);
    assert_eq!(
        findings.findings()[0].message,
        "the sheets \"Figures\" and \"Chart data\" each have a header row, so nothing is read: choose the sheet to read by its name"
    );

    let (data, _) = read(
        &three_sheets([false, true, true]),
        &Sheet::named("Chart data"),
    );
    assert_eq!(data.observations()[0].value, Value::Count(3));

    let (data, findings) = read(&three_sheets([false; 3]), &Sheet::any());
    assert!(data.is_empty());
    assert_eq!(
        findings.findings()[0].message,
        "no sheet has a header row (a row naming the indicator and period columns) in its first 10 rows, so nothing is read; the sheets are \"Notes\", \"Figures\", \"Chart data\""
    );

    let (_, findings) = read(
        &three_sheets([false, true, false]),
        &Sheet::named("Figures 2021"),
    );
    assert_eq!(
        findings.findings()[0].to_string(),
        "error[workbook.sheet] book.xlsx: the workbook has no sheet named \"Figures 2021\", so nothing is read; its sheets are \"Notes\", \"Figures\", \"Chart data\""
    );

    let (_, findings) = read(&three_sheets([false, true, false]), &Sheet::named("Notes"));
    assert_eq!(
        places(&findings),
        ["error parse.header book.xlsx: sheet \"Notes\""]
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_one_error() {
    let (data, findings) = workbook::read(
        &b"indicator,period,value\nvictims_removed,20/21 H1,3\n"[..],
        &options("figures.csv"),
        &Sheet::any(),
    );
    assert!(data.is_empty());
    assert_eq!(places(&findings), ["error workbook.open figures.csv"]);
}

#[test]
fn a_sheet_without_a_required_column_says_which() {
    let bytes = xlsx(|book| {
        let sheet = book.add_worksheet();
        strings(sheet, 0, &["indicator", "Period", "Amount", ""]);
        strings(sheet, 1, &["victims_removed", "20/21 H1", "3", "x"]);
    });
    let (data, findings) = workbook::read(bytes.as_slice(), &options("a.xlsx"), &Sheet::any());
    assert!(data.is_empty());
    assert_eq!(
        places(&findings),
        [
            "note parse.column_ignored a.xlsx:1: Sheet1!C1: column \"Amount\"",
            "error parse.header a.xlsx:1: Sheet1!A1",
            "note parse.column_ignored a.xlsx:2: Sheet1!D2",
        ]
    );
}

/// A place in a workbook keeps its sheet and cell in JSON, and a place in
/// a CSV file writes no more than it did.
#[test]
fn sheet_and_cell_are_written_only_when_set() {
    let (_, findings) = csv::read(
        &b"indicator,period,value\nvictims_removed,20/21 H1,x\n"[..],
        &options("a.csv"),
    );
    let json = serde_json::to_value(&findings.findings()[0].location).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"source": "a.csv", "line": 2, "column": "value"})
    );
    let at = impact_metrics::Location::in_file("a.xlsx")
        .with_line(2)
        .with_sheet("Figures")
        .with_cell("C2");
    let json = serde_json::to_value(&at).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"source": "a.xlsx", "line": 2, "sheet": "Figures", "cell": "C2"})
    );
    let back: impact_metrics::Location = serde_json::from_value(json).unwrap();
    assert_eq!(back, at);
}

/// An OpenDocument spreadsheet, written by hand: the smallest archive
/// LibreOffice would write (its mimetype, manifest and content).
fn ods(rows: &str) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    out.start_file("META-INF/manifest.xml", stored).unwrap();
    out.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
    )
    .unwrap();
    out.start_file("content.xml", stored).unwrap();
    write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Figures">{rows}</table:table></office:spreadsheet></office:body>
</office:document-content>"#
    )
    .unwrap();
    out.finish().unwrap().into_inner()
}

fn text_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

#[test]
fn an_opendocument_sheet_reads_as_a_workbook_does() {
    let row = |cells: &[String]| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let number =
        |n: &str| format!(r#"<table:table-cell office:value-type="float" office:value="{n}"/>"#);
    let rows = [
        row(&[text_cell("Indicator"), text_cell("Country"), text_cell("Period"), text_cell("Value")]),
        row(&[
            text_cell("Victims removed from exploitation"),
            text_cell("UK"),
            r#"<table:table-cell office:value-type="date" office:date-value="2020-09-15"/>"#.to_string(),
            number("20"),
        ]),
        row(&[text_cell("victims_removed"), text_cell("BD"), text_cell("20/21 H1"), number("17.5")]),
        row(&[
            text_cell("victims_removed"),
            text_cell("BD"),
            text_cell("20/21 H1"),
            r#"<table:table-cell office:value-type="string" table:formula="of:=[.Z1]"><text:p>#REF!</text:p></table:table-cell>"#.to_string(),
        ]),
    ]
    .concat();
    let (data, findings) = workbook::read(
        ods(&rows).as_slice(),
        &options("partner.ods"),
        &Sheet::named("Figures"),
    );
    let september = FiscalCalendar::SEPTEMBER.month(2020, 1).unwrap();
    assert_eq!(
        data.observations(),
        [
            Observation::new(Indicator::VICTIMS_REMOVED, september, Value::Count(20))
                .with_country(Country::GB)
        ]
    );
    assert_eq!(
        places(&findings),
        [
            "error parse.value partner.ods:3: Figures!D3: column \"Value\"",
            "error workbook.cell_error partner.ods:4: Figures!D4: column \"Value\"",
            "note workbook.date partner.ods:2: Figures!C2",
        ]
    );
    // An .ods keeps a formula's error as its text: the same error as a
    // cached error value.
    assert_eq!(
        findings.findings()[1].message,
        "the cell holds the error #REF!, not a value, so the row is not read: correct the formula that gives it, or type the value"
    );
}

/// The figures a dataset holds, written to a sheet in the crate's columns
/// (counts as number cells, the rest as text), under a title.
fn sheet_of(data: &Dataset) -> Vec<u8> {
    let mut text = Vec::new();
    csv::write(data, &mut text).unwrap();
    let mut rows = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_slice());
    let records: Vec<::csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let header: Vec<String> = records[0].iter().map(str::to_string).collect();
    xlsx(|book| {
        let sheet = book.add_worksheet().set_name("Figures").unwrap();
        sheet.write_string(0, 0, "Figures as written").unwrap();
        for (r, record) in records.iter().enumerate() {
            let row = r as u32 + 1;
            for (c, field) in record.iter().enumerate() {
                let numeric = matches!(header[c].as_str(), "value" | "numerator" | "denominator");
                let small = field.len() < 16
                    && !field.is_empty()
                    && field.bytes().all(|b| b.is_ascii_digit());
                if r > 0 && numeric && small {
                    sheet
                        .write_number(row, c as u16, field.parse::<f64>().unwrap())
                        .unwrap();
                } else if !field.is_empty() {
                    sheet.write_string(row, c as u16, field).unwrap();
                }
            }
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Figures → a workbook in the crate's columns → read: the same
    /// figures, and no finding but the note about the title row.
    #[test]
    fn a_workbook_written_reads_back_the_same(data in datasets()) {
        let bytes = sheet_of(&data);
        let options = ReadOptions::new(data.calendar(), common::strategies::catalogue());
        let (back, findings) = workbook::read(bytes.as_slice(), &options, &Sheet::any());
        prop_assert_eq!(back.observations(), data.observations());
        let rules: Vec<&str> = findings.findings().iter().map(|f| f.rule.as_str()).collect();
        prop_assert_eq!(rules, ["parse.title_rows"], "{}", findings);
    }
}

/// The example writes the seed report's 24 figures (FIGURES.md, as
/// `validate_seed` counts them) to a sheet with a title, a formula error
/// and a totals row, and reads them all back, with those three findings.
#[test]
fn the_example_reads_the_seed_figures_back() {
    let mut exe = std::env::current_exe().unwrap();
    exe.pop();
    if exe.ends_with("deps") {
        exe.pop();
    }
    let exe = exe
        .join("examples")
        .join(format!("workbook_read{}", std::env::consts::EXE_SUFFIX));
    let output = std::process::Command::new(exe).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "24 figures read",
            "note[parse.title_rows] seed.xlsx:1: Figures!A1: row 1, above the header, is a title, not figures, so it is not read: \"Seed report, 20/21 H1\"",
            "error[workbook.cell_error] seed.xlsx:27: Figures!F27: column \"value\": the cell holds the error #DIV/0!, not a value, so the row is not read: correct the formula that gives it, or type the value",
            "warning[parse.totals_row] seed.xlsx:28: Figures!A28: the row is a totals row (\"Total\"), not a figure, so it is not read: totals are worked out from the figures",
        ]
    );
}

/// A sheet that cannot be read (its part is missing from the archive) is
/// an error even when another sheet is read: its figures would be lost.
#[test]
fn a_sheet_that_cannot_be_read_is_not_passed_over_in_silence() {
    let whole = three_sheets([false, true, false]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(whole)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        if file.name() != "xl/worksheets/sheet3.xml" {
            out.raw_copy_file(file).unwrap();
        }
    }
    let bytes = out.finish().unwrap().into_inner();
    let (data, findings) = workbook::read(bytes.as_slice(), &options("book.xlsx"), &Sheet::any());
    assert_eq!(data.len(), 1);
    assert_eq!(places(&findings), ["error workbook.open book.xlsx"]);
    assert!(
        findings.findings()[0]
            .message
            .starts_with("the sheet \"Figures\" is read, the only one with a header row, but other sheets could not be read, so any figures they hold are not: \"Chart data\" ("),
        "{}",
        findings.findings()[0].message
    );
}
