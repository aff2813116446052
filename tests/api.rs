//! Properties of the public API as a whole.

use impact_metrics::*;

#[test]
fn public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Error>();
    assert_send_sync::<Country>();
    assert_send_sync::<Channel>();
    assert_send_sync::<Partner>();
    assert_send_sync::<Indicator>();
    assert_send_sync::<IndicatorDef>();
    assert_send_sync::<Catalogue>();
    assert_send_sync::<FiscalCalendar>();
    assert_send_sync::<Period>();
    assert_send_sync::<Value>();
    assert_send_sync::<Observation>();
    assert_send_sync::<Dataset>();
    assert_send_sync::<Query>();
    assert_send_sync::<Aggregator>();
    assert_send_sync::<Table>();
    assert_send_sync::<Growth>();
    assert_send_sync::<BaselineRange>();
    assert_send_sync::<Report>();
    assert_send_sync::<Finding>();
    assert_send_sync::<seed::SeedReport>();
}

#[test]
fn error_is_a_std_error() {
    fn assert_error<T: std::error::Error + 'static>() {}
    assert_error::<Error>();
}

#[test]
fn observations_round_trip_through_json() {
    let report = seed::h1_2020_21().unwrap();
    for figure in report.figures.iter().chain(report.highlights.iter()) {
        let json = serde_json::to_string(figure).unwrap();
        let back: Observation = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, figure, "{json}");
    }
}
