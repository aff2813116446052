//! Reading and writing figures and reports as JSON.
#![cfg(feature = "json")]

mod common;
use common::brief;

use impact_metrics::{
    Catalogue, Country, FiscalCalendar, Severity, Value, YearLabel, format::NumberFormat,
    format::ReadOptions, json, seed,
};

fn options() -> ReadOptions {
    ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source("partner.json")
}

#[test]
fn the_seed_figures_and_highlights_survive_a_round_trip() {
    let report = seed::h1_2020_21().unwrap();
    for data in [&report.figures, &report.highlights] {
        let mut out = Vec::new();
        json::write(data, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let (back, findings) = json::read(&text, &options());
        assert!(findings.is_empty(), "{findings}");
        assert_eq!(back.observations(), data.observations());
    }
}

#[test]
fn locations_travel_with_the_figures() {
    let json = r#"{"figures": [
        {"indicator": "victims_removed", "period": "20/21 H1", "value": 20,
         "location": {"source": "uk.csv", "line": 7}},
        {"indicator": "victims_removed", "country": "BD", "period": "20/21 H1", "value": 17}
    ]}"#;
    let (data, report) = json::read(json, &options());
    assert!(report.is_empty(), "{report}");
    let at: Vec<String> = data.located().map(|(_, at)| at.to_string()).collect();
    assert_eq!(at, ["uk.csv:7", "partner.json:4"]);

    let mut out = Vec::new();
    json::write(&data, &mut out).unwrap();
    let (back, _) = json::read(std::str::from_utf8(&out).unwrap(), &options());
    let again: Vec<String> = back.located().map(|(_, at)| at.to_string()).collect();
    assert_eq!(again, at);
}

#[test]
fn numbers_are_read_from_their_digits() {
    let json = r#"[
{"indicator": "audience_reached", "period": "20/21 H1", "value": 18446744073709551615},
{"indicator": "audience_reached", "country": "GB", "period": "20/21 H1", "value": 18446744073709551616},
{"indicator": "audience_reached", "country": "BD", "period": "20/21 H1", "value": 1.5},
{"indicator": "audience_reached", "country": "TH", "period": "20/21 H1", "value": 1e3},
{"indicator": "audience_reached", "country": "IN", "period": "20/21 H1", "value": -3},
{"indicator": "audience_reached", "country": "RO", "period": "20/21 H1", "value": "1,234"},
{"indicator": "income_rise_rate", "country": "BD", "period": "20/21 H1", "numerator": 11, "denominator": 24},
{"indicator": "police_engagement_rate", "country": "GB", "period": "20/21 H1", "value": "82%"}
]"#;
    let (data, report) = json::read(json, &options());
    let values: Vec<Value> = data.iter().map(|f| f.value).collect();
    assert_eq!(
        values,
        [
            Value::Count(u64::MAX),
            Value::Ratio {
                numerator: 11,
                denominator: 24
            },
            Value::Percent(82.into())
        ]
    );
    assert_eq!(
        brief(&report),
        (3..=7)
            .map(|line| format!("error parse.value {line} value"))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        report.findings()[0].message,
        "invalid number \"18446744073709551616\": the number is larger than 18446744073709551615"
    );

    let (data, report) = json::read(
        json,
        &options().with_number_format(NumberFormat::CommaGrouped),
    );
    assert_eq!(data.len(), 4);
    assert_eq!(report.count(Severity::Error), 4);
    assert_eq!(report.count(Severity::Note), 1);
}

#[test]
fn bad_figures_are_located_and_good_ones_kept() {
    let json = r#"{
  "format": "impact-metrics/figures",
  "version": 1,
  "generated_by": "partner system 2.1",
  "figures": [
    {"indicator": "victims_removed", "country": "UK", "period": "20/21 H1", "value": 20, "id": 1},
    {"indicator": "victims_removed", "country": "England", "period": "2020/22", "value": 17, "id": 2},
    "victims_removed,BD,20/21 H1,17",
    {"indicator": "victims_removed", "country": 50, "period": "20/21 H1", "value": 17, "value": 18},
    {"indicator": "victims_removed", "country": ["TH"], "period": "20/21 H1", "value": 37},
    {"indicator": "survivors_cared_for", "country": "IN", "channel": "joint", "partner": "Vihaan",
     "period": "20/21 Q1", "value": 93, "note": null}
  ]
}"#;
    let (data, report) = json::read(json, &options());
    let countries: Vec<Option<Country>> = data.iter().map(|f| f.country).collect();
    assert_eq!(countries, [Some(Country::GB), Some(Country::IN)]);
    let lines: Vec<u64> = data.located().filter_map(|(_, at)| at.line).collect();
    assert_eq!(lines, [6, 11]);
    assert_eq!(
        brief(&report),
        [
            "note parse.column_ignored 4 generated_by",
            "note parse.column_ignored 6 id",
            "error parse.period 7 period",
            "error parse.country 7 country",
            "error parse.figure 8 -",
            "error parse.duplicate_key 9 value",
            "error parse.figure 10 country",
        ]
    );
    // 50 is Bangladesh's numeric code: the figure is refused for its
    // repeated value alone.
    assert_eq!(
        report.findings()[5].message,
        "the figure gives its value twice, so it is not read"
    );
}

#[test]
fn a_document_on_another_calendar_is_refused_once() {
    let json = r#"{"calendar": {"start_month": 4, "year_label": "span"},
        "figures": [{"indicator": "victims_removed", "period": "2020/21", "value": 20}]}"#;
    let (data, report) = json::read(json, &options());
    assert!(data.is_empty());
    assert_eq!(brief(&report), ["error parse.json 1 -"]);
    assert_eq!(
        report.findings()[0].message,
        "the document's calendar starts in month 4 with span year labels, the reader's in month 9 with span year labels, so no figure is read; set the start month to 4 and the year label to span to read it"
    );

    let april = ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin());
    let (data, report) = json::read(json, &april);
    assert!(report.is_empty(), "{report}");
    assert_eq!(
        data.observations()[0].period,
        FiscalCalendar::APRIL.year(2020).unwrap()
    );

    let end_year = FiscalCalendar::APRIL.with_year_label(YearLabel::EndYear);
    let (_, report) = json::read(json, &ReadOptions::new(end_year, Catalogue::builtin()));
    assert_eq!(report.count(Severity::Error), 1);
}

#[test]
fn text_that_is_not_a_figures_document_is_one_finding() {
    for (json, message) in [
        (
            "",
            "the file is empty: a figures document is an array of figures, or an object with a \"figures\" array",
        ),
        (
            "{\"figures\": [\n{\"indicator\": }]}",
            "the text is not JSON at line 2, column 15 (expected value), so no figure is read",
        ),
        (
            "42",
            "a figures document is an array of figures, or an object with a \"figures\" array",
        ),
        ("{}", "the document has no \"figures\" array"),
        ("{\"figures\": {}}", "\"figures\" is an array of figures"),
        (
            "{\"format\": \"csv\", \"figures\": []}",
            "the document's format is \"csv\", not \"impact-metrics/figures\"",
        ),
        (
            "{\"version\": 2, \"figures\": []}",
            "the document's version is 2; this reader reads version 1",
        ),
    ] {
        let (data, report) = json::read(json, &options());
        assert!(data.is_empty());
        let messages: Vec<&str> = report
            .findings()
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(messages, [message], "{json:?}");
    }
}

#[test]
fn reports_of_reading_go_to_json_and_back() {
    let (_, report) = json::read(
        r#"[{"indicator": "victims_removed", "period": "20/21 H1", "value": 18446744073709551616}]"#,
        &options(),
    );
    let mut out = Vec::new();
    json::write_findings(&report, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(r#""18446744073709551616""#), "{text}");
    assert_eq!(json::read_findings(&text).unwrap(), report);
    assert!(json::read_findings("[]").is_err());
}

#[test]
fn counts_are_written_as_json_integers_and_periods_in_machine_form() {
    let report = seed::h1_2020_21().unwrap();
    let mut out = Vec::new();
    json::write(&report.highlights, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\"value\": 8000000,"), "{text}");
    assert!(text.contains("\"period\": \"FY2020-09-H1\","));
    assert!(text.contains("\"value\": \"82%\","));
    assert!(text.contains("\"bound\": \"more than\","));
    assert!(text.contains("\"basis\": \"interpreted\","));
    assert!(
        text.contains(
            "\"calendar\": {\n    \"start_month\": 9,\n    \"year_label\": \"span\"\n  }"
        )
    );
}

#[test]
fn a_misspelt_location_is_refused_and_an_empty_one_ignored() {
    let json = r#"[
{"indicator": "victims_removed", "period": "20/21 H1", "value": 20, "location": {"qource": "uk.csv", "line": 7}},
{"indicator": "victims_removed", "country": "BD", "period": "20/21 H1", "value": 17, "location": {}}
]"#;
    let (data, report) = json::read(json, &options());
    assert_eq!(brief(&report), ["error parse.figure 2 location"]);
    assert!(
        report.findings()[0]
            .message
            .starts_with("invalid location: unknown field `qource`"),
        "{}",
        report.findings()[0].message
    );
    let at: Vec<String> = data.located().map(|(_, at)| at.to_string()).collect();
    assert_eq!(at, ["partner.json:3"]);
}

/// What a stream read gives: the figures' lines, and the findings.
fn stream(json: &str) -> (Vec<u64>, impact_metrics::Findings) {
    let (data, report) = json::read_from(json.as_bytes(), &options());
    let lines = data.located().filter_map(|(_, at)| at.line).collect();
    (lines, report)
}

#[test]
fn a_syntax_error_says_where_reading_stopped_and_what_was_not_read() {
    // Line 4 has two commas; the second, at column 70, is where a key
    // should start.
    let json = concat!(
        "{\"figures\": [\n",
        "  {\"indicator\": \"victims_removed\", \"period\": \"20/21 H1\", \"value\": 20},\n",
        "  {\"indicator\": \"victims_removed\", \"period\": \"20/21 H2\", \"value\": 21},\n",
        "  {\"indicator\": \"victims_removed\", \"period\": \"20/21 H1\", \"value\": 22,,\n",
        "  {\"indicator\": \"victims_removed\", \"period\": \"20/21 H2\", \"value\": 23}\n",
        "]}\n"
    );
    let (lines, report) = stream(json);
    assert_eq!(lines, [2, 3]);
    assert_eq!(brief(&report), ["error parse.json 4 -"]);
    assert_eq!(
        report.findings()[0].message,
        "the text is not JSON at line 4, column 70 (key must be a string): reading stopped there, \
         and no figure from line 4 on was read (the 2 before it were)"
    );
    // Read whole, the document is checked first: nothing is read.
    let (data, report) = json::read(json, &options());
    assert!(data.is_empty());
    assert_eq!(
        report.findings()[0].message,
        "the text is not JSON at line 4, column 70 (key must be a string), so no figure is read"
    );
}

#[test]
fn a_document_cut_short_says_so() {
    let json =
        "[\n{\"indicator\": \"victims_removed\", \"period\": \"20/21 H1\", \"value\": 20},\n";
    let (lines, report) = stream(json);
    assert_eq!(lines, [2]);
    assert_eq!(brief(&report), ["error parse.json 3 -"]);
    assert_eq!(
        report.findings()[0].message,
        "the document ends before it is complete, at line 3 (EOF while parsing a value): \
         reading stopped there, and no figure from line 3 on was read (the one before it was)"
    );
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let json =
        "\u{feff}[{\"indicator\": \"victims_removed\", \"period\": \"20/21 H1\", \"value\": 20}]";
    let (data, report) = json::read(json, &options());
    assert!(report.is_empty(), "{report}");
    assert_eq!(data.len(), 1);
    let (lines, report) = stream(json);
    assert!(report.is_empty(), "{report}");
    assert_eq!(lines, [1]);
}

#[test]
fn a_second_figures_array_is_an_error_and_not_read() {
    let json = concat!(
        "{\"figures\": [{\"indicator\": \"victims_removed\", \"country\": \"GB\", \"period\": \"20/21 H1\", \"value\": 20}],\n",
        " \"figures\": [{\"indicator\": \"victims_removed\", \"country\": \"BD\", \"period\": \"20/21 H1\", \"value\": 17}]}"
    );
    let message = "the document gives a second \"figures\" array, whose figures are not read (a document has one)";
    let (data, report) = json::read(json, &options());
    assert_eq!(
        data.iter().map(|f| f.country).collect::<Vec<_>>(),
        [Some(Country::GB)]
    );
    assert_eq!(brief(&report), ["error parse.duplicate_key 2 figures"]);
    assert_eq!(report.findings()[0].message, message);
    let (lines, report) = stream(json);
    assert_eq!(lines, [1]);
    assert_eq!(brief(&report), ["error parse.duplicate_key 2 figures"]);
    assert_eq!(report.findings()[0].message, message);
}

#[test]
fn fields_at_the_wrong_level_are_named_as_such() {
    let json = concat!(
        "{\"period\": \"20/21 H1\",\n",
        " \"figures\": [{\"indicator\": \"victims_removed\", \"value\": 20, \"calendar\": {\"start_month\": 9}}]}"
    );
    let expected = [
        "warning parse.misplaced_field 1 period",
        "warning parse.misplaced_field 2 calendar",
        "error parse.period 2 period",
    ];
    let (data, report) = json::read(json, &options());
    assert!(data.is_empty());
    assert_eq!(brief(&report), expected);
    assert_eq!(
        report.findings()[0].message,
        "the field \"period\" belongs in each figure, not at the top level of the document, so it is ignored (noted once)"
    );
    assert_eq!(
        report.findings()[1].message,
        "the field \"calendar\" belongs at the top level of the document, not in a figure, so it is ignored (noted once)"
    );
    let (_, report) = stream(json);
    assert_eq!(brief(&report), expected);
}
