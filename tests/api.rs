//! Properties of the public API as a whole: the names at the root, the
//! modules of each family, and the auto traits of the public types.

// The root holds the core types, and only these would make this list
// fail to compile if one were missing.
use impact_metrics::{
    Aggregator, Basis, Bound, Catalogue, Channel, Country, Dataset, Decimal, Dimension, Error,
    Finding, Findings, FiscalCalendar, Growth, Indicator, IndicatorDef, Location, Measure,
    NaiveDate, Observation, Partner, Period, PeriodKind, PeriodLabel, Polarity, Query, Result,
    Rounding, Series, Severity, Table, Theme, Unit, Validator, Value, YearLabel, baselines_for,
};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn root_types_are_send_and_sync() {
    assert_send_sync::<Aggregator>();
    assert_send_sync::<Basis>();
    assert_send_sync::<Bound>();
    assert_send_sync::<Catalogue>();
    assert_send_sync::<Channel>();
    assert_send_sync::<Country>();
    assert_send_sync::<Dataset>();
    assert_send_sync::<Dimension>();
    assert_send_sync::<Error>();
    assert_send_sync::<Finding>();
    assert_send_sync::<Findings>();
    assert_send_sync::<FiscalCalendar>();
    assert_send_sync::<Growth>();
    assert_send_sync::<Indicator>();
    assert_send_sync::<IndicatorDef>();
    assert_send_sync::<Location>();
    assert_send_sync::<Measure>();
    assert_send_sync::<Observation>();
    assert_send_sync::<Partner>();
    assert_send_sync::<Period>();
    assert_send_sync::<PeriodKind>();
    assert_send_sync::<PeriodLabel>();
    assert_send_sync::<Polarity>();
    assert_send_sync::<Query>();
    assert_send_sync::<Result<()>>();
    assert_send_sync::<Rounding>();
    assert_send_sync::<Series>();
    assert_send_sync::<Severity>();
    assert_send_sync::<Table>();
    assert_send_sync::<Theme>();
    assert_send_sync::<Unit>();
    assert_send_sync::<Validator>();
    assert_send_sync::<Value>();
    assert_send_sync::<YearLabel>();
    assert_send_sync::<Decimal>();
    assert_send_sync::<NaiveDate>();
    let _: fn(_, _, _, _, _) -> _ = baselines_for;
}

#[test]
fn module_types_are_send_and_sync() {
    use impact_metrics::{aggregate, disclosure, figure, format, growth, seed, validate};
    assert_send_sync::<aggregate::Row>();
    assert_send_sync::<aggregate::GroupKey>();
    assert_send_sync::<aggregate::Coverage>();
    assert_send_sync::<aggregate::Gap>();
    assert_send_sync::<aggregate::Group<Country>>();
    assert_send_sync::<aggregate::Comparison>();
    assert_send_sync::<aggregate::ComparisonSide>();
    assert_send_sync::<aggregate::GrowthOutcome>();
    assert_send_sync::<aggregate::Matching>();
    assert_send_sync::<aggregate::Shortfall>();
    assert_send_sync::<aggregate::Query>();
    assert_send_sync::<figure::PublishedTotal>();
    assert_send_sync::<figure::GrowthClaim>();
    assert_send_sync::<figure::Baseline>();
    assert_send_sync::<figure::KeyWin>();
    assert_send_sync::<figure::Dataset>();
    assert_send_sync::<growth::BaselineRange>();
    assert_send_sync::<growth::PercentDisplay>();
    assert_send_sync::<growth::Rounding>();
    let _: fn(_, _, _, _) -> _ = growth::round_ratio;
    assert_send_sync::<impact_metrics::period::FiscalCalendar>();
    assert_send_sync::<validate::RuleId>();
    assert_send_sync::<validate::RuleInfo>();
    assert_send_sync::<validate::Refusal>();
    assert_send_sync::<validate::UserRule>();
    assert_send_sync::<validate::Expression>();
    assert_send_sync::<validate::Grouping>();
    assert_send_sync::<validate::MinMax>();
    assert_send_sync::<validate::MissingValues>();
    assert_send_sync::<validate::Operator>();
    assert_send_sync::<validate::OutlierMethod>();
    assert_send_sync::<validate::Outliers>();
    assert_send_sync::<validate::Side>();
    assert_send_sync::<validate::Findings>();
    assert_send_sync::<Box<dyn validate::Rule>>();
    assert_send_sync::<validate::Context<'static>>();
    assert_send_sync::<disclosure::CountTable>();
    assert_send_sync::<disclosure::Disclosure>();
    assert_send_sync::<disclosure::Protected>();
    assert_send_sync::<disclosure::PublishedCell>();
    assert_send_sync::<disclosure::SuppressedCell>();
    assert_send_sync::<disclosure::Suppression>();
    assert_send_sync::<disclosure::Audit>();
    assert_send_sync::<disclosure::Place>();
    assert_send_sync::<disclosure::Protection>();
    assert_send_sync::<format::ReadOptions>();
    assert_send_sync::<format::NumberFormat>();
    assert_send_sync::<format::Parsed>();
    assert_send_sync::<seed::SeedReport>();
}

#[cfg(feature = "csv")]
#[test]
fn csv_types_are_send_and_sync() {
    use impact_metrics::csv;
    assert_send_sync::<csv::Reader<&[u8]>>();
    assert_send_sync::<csv::Writer<Vec<u8>>>();
}

#[test]
fn error_is_a_std_error() {
    fn assert_error<T: std::error::Error + 'static>() {}
    assert_error::<Error>();
}

#[test]
fn observations_round_trip_through_json() {
    let report = impact_metrics::seed::h1_2020_21().unwrap();
    for figure in report.figures.iter().chain(report.highlights.iter()) {
        let json = serde_json::to_string(&figure).unwrap();
        let back: Observation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, figure, "{json}");
    }
}
