//! Each kind of error, produced by its real cause, with its exact message;
//! and I/O failures that keep their `std::io::Error`.

#[cfg(any(feature = "csv", feature = "json"))]
use std::error::Error as _;
use std::io;
#[cfg(any(feature = "csv", feature = "json"))]
use std::sync::Arc;

use impact_metrics::{
    Catalogue, Dataset, Dimension, Error, FiscalCalendar, Growth, Indicator, Observation, Query,
    Value, YearLabel, disclosure::CountTable, growth::BaselineRange, seed, validate::Operator,
    validate::UserRule,
};

const CAL: FiscalCalendar = FiscalCalendar::SEPTEMBER;

/// An output whose reader has gone away: every write fails.
#[cfg(any(feature = "csv", feature = "json"))]
struct ClosedPipe;

#[cfg(any(feature = "csv", feature = "json"))]
impl io::Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::new(
            io::ErrorKind::BrokenPipe,
            "the reader went away",
        ))
    }

    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::BrokenPipe,
            "the reader went away",
        ))
    }
}

/// The `io::Error` an error's `source()` reaches, if any.
#[cfg(any(feature = "csv", feature = "json"))]
fn io_source(err: &Error) -> Option<&io::Error> {
    err.source()?
        .downcast_ref::<Arc<io::Error>>()
        .map(|shared| &**shared)
}

#[cfg(any(feature = "csv", feature = "json"))]
fn assert_broken_pipe(err: &Error, action: &str) {
    assert_eq!(
        err.to_string(),
        format!("cannot {action}: the reader went away")
    );
    assert_eq!(
        err.io_error_kind(),
        Some(io::ErrorKind::BrokenPipe),
        "{err}"
    );
    let source = io_source(err).unwrap_or_else(|| panic!("no io::Error behind {err}"));
    assert_eq!(source.kind(), io::ErrorKind::BrokenPipe);
    assert_eq!(source.to_string(), "the reader went away");
    // Error::io_error reaches the same io::Error without a downcast.
    let direct = err
        .io_error()
        .unwrap_or_else(|| panic!("no io::Error in {err}"));
    assert!(std::ptr::eq(direct, source), "{err}");
}

#[cfg(feature = "csv")]
#[test]
fn a_failing_csv_output_keeps_its_io_error() {
    let figures = seed::h1_2020_21().unwrap().figures;
    let err = impact_metrics::csv::write(&figures, ClosedPipe).unwrap_err();
    assert_broken_pipe(&err, "write figures as csv");
    // The header alone is buffered: the failure comes when it is flushed.
    let err = impact_metrics::csv::Writer::new(ClosedPipe, CAL)
        .finish()
        .map(|_| ())
        .unwrap_err();
    assert_broken_pipe(&err, "write figures as csv");
}

#[cfg(feature = "json")]
#[test]
fn a_failing_json_output_keeps_its_io_error() {
    let figures = seed::h1_2020_21().unwrap().figures;
    let err = impact_metrics::json::write(&figures, ClosedPipe).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert_broken_pipe(&err, "write figures as json");
    let err = impact_metrics::json::write_findings(&impact_metrics::Findings::new(), ClosedPipe)
        .unwrap_err();
    assert_broken_pipe(&err, "write a report as json");
}

#[cfg(feature = "json")]
#[test]
fn a_report_that_is_not_json_is_a_json_error_saying_where() {
    let err = impact_metrics::json::read_findings("{\"findings\": [}").unwrap_err();
    assert!(matches!(err, Error::Json { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cannot read a report from json: expected value at line 1 column 15"
    );
    assert_eq!(err.io_error_kind(), None);
    let source = err.source().expect("the serde_json error is kept");
    assert_eq!(source.to_string(), "expected value at line 1 column 15");
}

#[test]
fn io_errors_compare_by_kind_and_message() {
    let closed = || io::Error::new(io::ErrorKind::BrokenPipe, "closed");
    assert_eq!(Error::io("write", closed()), Error::io("write", closed()));
    assert_ne!(
        Error::io("write", closed()),
        Error::io("write", io::Error::other("closed"))
    );
    assert_ne!(Error::io("write", closed()), Error::io("read", closed()));
    let err = Error::io("write", closed());
    assert_eq!(err.clone(), err);
}

fn dataset(figures: impl IntoIterator<Item = Observation>) -> Dataset {
    let mut data = Dataset::new(CAL, Catalogue::builtin());
    for figure in figures {
        data.push(figure).unwrap();
    }
    data
}

#[test]
fn a_total_of_two_indicators_is_mixed_indicators() {
    let h1 = CAL.half(2020, 1).unwrap();
    let data = dataset([
        Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20)),
        Observation::new(Indicator::EXPLOITERS_CONVICTED, h1, Value::Count(3)),
    ]);
    let err = data.aggregate(&Query::new()).unwrap_err();
    assert_eq!(
        err,
        Error::MixedIndicators {
            first: Indicator::EXPLOITERS_CONVICTED,
            second: Indicator::VICTIMS_REMOVED,
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot add figures of exploiters_convicted and victims_removed: a total adds figures \
         of one indicator; group by indicator or ask for one"
    );
}

#[test]
fn a_quarter_and_a_month_inside_it_are_overlapping_periods() {
    // Q1 of 2020/21 is September to November 2020; its second month is October.
    let q1 = CAL.quarter(2020, 1).unwrap();
    let october = CAL.month(2020, 2).unwrap();
    let data = dataset([
        Observation::new(Indicator::VICTIMS_REMOVED, q1, Value::Count(9)),
        Observation::new(Indicator::VICTIMS_REMOVED, october, Value::Count(4)),
    ]);
    let err = data.aggregate(&Query::new()).unwrap_err();
    assert!(matches!(err, Error::OverlappingPeriods { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "overlapping periods in victims_removed: the figure for FY2020-09-M02 overlaps figures \
         already added for 2020-09 to 2020-11, which would be counted twice"
    );
}

#[test]
fn a_count_and_a_rate_are_incompatible_values() {
    let rate = Value::Ratio {
        numerator: 11,
        denominator: 24,
    };
    assert_eq!(
        Value::Count(3).checked_add(rate).unwrap_err(),
        Error::IncompatibleValues {
            what: "3 and 11/24".to_string(),
            reason: "a count and a rate cannot be added".to_string(),
        }
    );
    let percent: Value = "82%".parse().unwrap();
    assert_eq!(
        percent.checked_add(percent).unwrap_err().to_string(),
        "cannot combine 82% and 82%: a percentage published without its numerator and \
         denominator cannot be added"
    );
}

#[test]
fn a_table_not_grouped_by_both_dimensions_is_not_a_count_table() {
    let report = seed::h1_2020_21().unwrap();
    let query = Query::new()
        .within(report.period)
        .with_indicator(Indicator::SURVIVORS_REPATRIATED)
        .by_country();
    let totals = report.figures.aggregate(&query).unwrap();
    let err =
        CountTable::from_table(&totals, Dimension::Country, Dimension::Channel, CAL).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a table of counts: the table: it is not grouped by Channel"
    );
}

#[test]
fn each_part_of_a_user_rule_has_its_own_error() {
    assert_eq!(
        UserRule::new("House Rule", "victims_removed <= 10").unwrap_err(),
        Error::InvalidRuleId {
            input: "House Rule".to_string()
        }
    );
    assert_eq!(
        UserRule::new("house.rule", "victims_removed")
            .unwrap_err()
            .to_string(),
        r#"invalid rule "victims_removed": a rule is left side, operator, right side, such as "a <= b""#
    );
    assert_eq!(
        "=<".parse::<Operator>().unwrap_err().to_string(),
        r#"unknown operator "=<" (expected ==, !=, <, <=, > or >=)"#
    );
    assert_eq!(
        UserRule::new("house.rule", "victims_removed survivors_cared_for <= 10")
            .unwrap_err()
            .to_string(),
        r#"invalid expression "victims_removed survivors_cared_for": expected + or - before "survivors_cared_for""#
    );
}

#[test]
fn text_of_the_value_types_is_refused_with_its_own_kind() {
    assert_eq!(
        "start_year".parse::<YearLabel>().unwrap_err().to_string(),
        r#"unknown year label "start_year" (expected span, start-year or end-year)"#
    );
    assert_eq!(
        "+1.5".parse::<Growth>().unwrap_err().to_string(),
        r#"invalid growth "+1.5": a growth is written 0, +n, -n, +n/d or -n/d, with digits 0-9"#
    );
    assert_eq!(
        "+3/0".parse::<Growth>().unwrap_err().to_string(),
        r#"invalid growth "+3/0": the denominator is zero"#
    );
    assert_eq!(
        "-3/2".parse::<Growth>().unwrap_err().to_string(),
        r#"invalid growth "-3/2": a growth is never below -1"#
    );
}

#[test]
fn a_baseline_range_whose_ends_cross_is_refused() {
    let err = serde_json::from_str::<BaselineRange>(
        r#"{"min": 659, "max": 655, "current_months": 6, "baseline_months": 12}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "invalid baseline range: the greatest total (655) is below the least (659)"
        ),
        "{err}"
    );
    let err = serde_json::from_str::<BaselineRange>(
        r#"{"min": 1, "current_months": 6, "baseline_months": 0}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("baseline period length out of range: 0 (expected at least 1)"),
        "{err}"
    );
}

#[test]
fn errors_are_send_sync_and_static() {
    fn check<T: Send + Sync + 'static + std::error::Error>() {}
    check::<Error>();
}

#[test]
fn a_misspelt_indicator_code_is_refused_with_the_nearest_one() {
    let data = Dataset::new(CAL, Catalogue::builtin());
    let h1 = CAL.half(2020, 1).unwrap();
    // One letter short of victims_removed.
    let typo = Observation::new(
        Indicator::new("victim_removed").unwrap(),
        h1,
        Value::Count(3),
    );
    assert_eq!(
        data.check(&typo).unwrap_err().to_string(),
        "invalid figure victim_removed 20/21 H1 = 3: the catalogue does not define \
         victim_removed (did you mean victims_removed?); define it, or correct the code"
    );
    // Nothing near: no question.
    let far = Observation::new(Indicator::new("xyz_thing").unwrap(), h1, Value::Count(3));
    assert_eq!(
        data.check(&far).unwrap_err().to_string(),
        "invalid figure xyz_thing 20/21 H1 = 3: the catalogue does not define xyz_thing; \
         define it, or correct the code"
    );
}
