//! The properties the fuzz targets check, shared with the regression tests
//! that replay the inputs the fuzzer found (`tests/fuzz_regressions.rs`).
//! Each check panics when a property fails, which is how a fuzzer notices.

// Each fuzz target, and each regression test, uses some of the checks.
#![allow(dead_code)]

use std::sync::OnceLock;

use impact_metrics::{
    Catalogue, Country, FiscalCalendar, Indicator, Period, YearLabel, csv, format::Parsed,
    format::ReadOptions, json,
};

/// The reader's options, made once: building the catalogue for every
/// input would slow the fuzzer down many times over.
fn options() -> &'static ReadOptions {
    static OPTIONS: OnceLock<ReadOptions> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source("fuzz.csv")
    })
}

/// Any bytes: the CSV reader ends, every figure it accepts has a line
/// after the header, and the figures it accepts write and read back the
/// same.
pub fn csv_reader(bytes: &[u8]) {
    let (data, _report) = csv::read(bytes, options());
    for (_, at) in data.located() {
        assert!(at.line.is_some_and(|line| line >= 2), "{at:?}");
    }
    let streamed = csv::Reader::new(bytes, options())
        .filter(|p| matches!(p, Parsed::Figure(..)))
        .count();
    assert_eq!(streamed, data.len());
    let mut out = Vec::new();
    csv::write(&data, &mut out).unwrap();
    let (back, report) = csv::read(out.as_slice(), options());
    assert!(
        report.is_empty(),
        "{report}\n{}",
        String::from_utf8_lossy(&out)
    );
    assert_eq!(back.observations(), data.observations());
}

/// Any text: a period label, in several calendars, reads back from the
/// calendar's label and from the machine form.
pub fn period(text: &str) {
    let calendars = [
        FiscalCalendar::SEPTEMBER,
        FiscalCalendar::JANUARY,
        FiscalCalendar::APRIL.with_year_label(YearLabel::EndYear),
        FiscalCalendar::OCTOBER.with_year_label(YearLabel::StartYear),
    ];
    for calendar in calendars {
        if let Ok(period) = calendar.parse(text) {
            let label = calendar.label(period).to_string();
            assert_eq!(calendar.parse(&label), Ok(period), "{text:?} -> {label:?}");
            assert_eq!(period.to_string().parse::<Period>(), Ok(period));
        }
    }
    if let Ok(period) = text.parse::<Period>() {
        assert_eq!(period.to_string().parse::<Period>(), Ok(period), "{text:?}");
    }
}

/// Any text: a country reads back from its codes.
pub fn country(text: &str) {
    if let Ok(country) = text.parse::<Country>() {
        assert_eq!(
            country.to_string().parse::<Country>(),
            Ok(country),
            "{text:?}"
        );
        assert_eq!(Country::from_alpha3(country.alpha3()), Ok(country));
        assert_eq!(Country::from_numeric(country.numeric()), Ok(country));
    }
}

/// Any text: an indicator found in the catalogue is found again by its
/// code, and a code reads back as itself.
pub fn indicator(text: &str) {
    let catalogue = options().catalogue();
    if let Ok(indicator) = catalogue.resolve(text) {
        assert_eq!(
            catalogue.resolve(indicator.as_str()),
            Ok(indicator),
            "{text:?}"
        );
        assert!(catalogue.contains(indicator));
    }
    if let Ok(code) = Indicator::new(text) {
        assert_eq!(code.as_str(), text);
        assert_eq!(code.to_string().parse::<Indicator>(), Ok(code));
    }
}

/// Any bytes: the JSON reader ends, and the figures it accepts write and
/// read back the same, with their locations; a report reader ends too.
pub fn json(bytes: &[u8]) {
    static OPTIONS: OnceLock<ReadOptions> = OnceLock::new();
    let options = OPTIONS.get_or_init(|| options().clone().with_source("fuzz.json"));
    // Any bytes, streamed: a result or findings, never a panic.
    let _ = json::read_from(bytes, options);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let _ = json::read_findings(text);
    let (data, _report) = json::read(text, options);
    let mut out = Vec::new();
    json::write(&data, &mut out).unwrap();
    let written = String::from_utf8(out).unwrap();
    let (back, report) = json::read(&written, options);
    assert!(report.is_empty(), "{report}\n{written}");
    assert_eq!(back.observations(), data.observations());
    let at: Vec<_> = data.located().map(|(_, at)| at.clone()).collect();
    let back_at: Vec<_> = back.located().map(|(_, at)| at.clone()).collect();
    assert_eq!(back_at, at);
}
