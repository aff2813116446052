//! The value types read back what they write: through `Display` and
//! `FromStr`, and through serde (JSON and TOML), and serde refuses what
//! the constructors refuse.

use impact_metrics::{
    Bound, Catalogue, Channel, Country, FiscalCalendar, Growth, Indicator, IndicatorDef, Polarity,
    Rounding, Theme, Unit, Value, YearLabel, baselines_for, growth::BaselineRange,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A JSON round trip.
fn json<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    let text = serde_json::to_string(value).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A TOML round trip of a value under a key, since a TOML document is a
/// table.
fn toml_field<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Doc<T> {
        field: T,
    }
    let text = toml::to_string(&Doc { field: value }).unwrap();
    toml::from_str::<Doc<T>>(&text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .field
}

#[test]
fn a_partner_catalogue_loads_from_a_toml_file() {
    let text = std::fs::read_to_string("tests/data/partner_catalogue.toml").unwrap();
    let catalogue: Catalogue = toml::from_str(&text).unwrap();
    assert_eq!(catalogue.len(), 2);

    let nights = Indicator::new("lift.safehouse_nights").unwrap();
    assert_eq!(catalogue.resolve("NIGHTS in safe houses").unwrap(), nights);
    let expected = IndicatorDef::count(
        nights,
        "Safe-house nights provided",
        Theme::SavingLives,
        Unit::Other("nights".to_string()),
    )
    .with_alias("Nights in safe houses")
    .with_channels(&[Channel::Direct])
    .with_countries(&[Country::BD, Country::IN]);
    assert_eq!(catalogue.get(nights), Some(&expected));

    let dropout = Indicator::new("lift.dropout").unwrap();
    let expected = IndicatorDef::rate(
        dropout,
        "Dropout rate",
        Theme::Other("Aftercare".to_string()),
        Unit::People,
    )
    .with_polarity(Polarity::LowerIsBetter)
    .headline();
    assert_eq!(catalogue.get(dropout), Some(&expected));

    // Written back, it reads back the same.
    let written = toml::to_string(&catalogue).unwrap();
    assert_eq!(toml::from_str::<Catalogue>(&written).unwrap(), catalogue);
}

#[test]
fn a_catalogue_file_is_refused_where_define_would_refuse_it() {
    let twice = r#"
        [[indicators]]
        code = "lift.visits"
        name = "Visits"
        theme = "saving_lives"
        unit = "calls"
        measure = "count"

        [[indicators]]
        code = "lift.visits"
        name = "Home visits"
        theme = "saving_lives"
        unit = "calls"
        measure = "count"
    "#;
    let err = toml::from_str::<Catalogue>(twice).unwrap_err();
    assert!(
        err.message()
            .contains(r#"invalid indicator definition "lift.visits": the code is already defined"#),
        "{err}"
    );
    let empty_name = r#"{"indicators": [{"code": "lift.visits", "name": "  ", "theme": "saving_lives", "unit": "calls", "measure": "count"}]}"#;
    let err = serde_json::from_str::<Catalogue>(empty_name).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(r#"invalid indicator definition "lift.visits": a name or alias is empty"#),
        "{err}"
    );
    // A misspelt field is refused, not ignored.
    let misspelt = r#"{"indicators": [{"code": "lift.visits", "name": "Visits", "theme": "saving_lives", "unit": "calls", "measure": "count", "headlien": true}]}"#;
    assert!(serde_json::from_str::<Catalogue>(misspelt).is_err());
    // A bad code is refused by Indicator::new.
    let bad_code = r#"{"indicators": [{"code": "Lift Visits", "name": "Visits", "theme": "saving_lives", "unit": "calls", "measure": "count"}]}"#;
    assert!(serde_json::from_str::<Catalogue>(bad_code).is_err());
}

#[test]
fn the_builtin_catalogue_round_trips() {
    let builtin = Catalogue::builtin();
    assert_eq!(json(&builtin), builtin);
    let text = toml::to_string(&builtin).unwrap();
    assert_eq!(toml::from_str::<Catalogue>(&text).unwrap(), builtin);
}

#[test]
fn a_calendar_is_its_start_month_and_year_label() {
    let cal = FiscalCalendar::APRIL.with_year_label(YearLabel::StartYear);
    assert_eq!(
        serde_json::to_string(&cal).unwrap(),
        r#"{"start_month":4,"year_label":"start-year"}"#
    );
    assert!(serde_json::from_str::<FiscalCalendar>(r#"{"start_month":0}"#).is_err());
    // One spelling: the underscore form is not a year label.
    assert!(
        serde_json::from_str::<FiscalCalendar>(r#"{"start_month":4,"year_label":"start_year"}"#)
            .is_err()
    );
    assert!(serde_json::from_str::<FiscalCalendar>(r#"{"start_month":4,"start":"x"}"#).is_err());
}

#[test]
fn a_growth_is_its_exact_fraction() {
    // Victims removed: 74 against a 2019/20 half-year average of 112 / 2.
    let growth = Growth::on_average(74, 6, 112, 12).unwrap();
    assert_eq!(serde_json::to_string(&growth).unwrap(), r#""+9/28""#);
    assert_eq!("+9/28".parse::<Growth>().unwrap(), growth);
    assert_eq!("18/56".parse::<Growth>().unwrap(), growth);
    assert_eq!(
        "-1".parse::<Growth>().unwrap(),
        Growth::between(0, 5).unwrap()
    );
    assert_eq!(
        "0".parse::<Growth>().unwrap(),
        Growth::between(5, 5).unwrap()
    );
}

fn year_labels() -> impl Strategy<Value = YearLabel> {
    prop::sample::select(YearLabel::ALL.to_vec())
}

fn values() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u64>().prop_map(Value::Count),
        (any::<u64>(), any::<u64>()).prop_map(|(numerator, denominator)| Value::Ratio {
            numerator,
            denominator
        }),
        // Negative, fractional and very long percents.
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Value::Percent(Decimal::new(m, s))),
        (-1000i64..1000, 0u32..3).prop_map(|(m, s)| Value::Percent(Decimal::new(m, s))),
    ]
}

/// Some distinct, valid definitions: codes and names numbered so that none
/// clash, with random themes, units, measures and polarities.
fn definitions() -> impl Strategy<Value = Vec<IndicatorDef>> {
    let theme = prop_oneof![
        Just(Theme::SavingLives),
        Just(Theme::ProsecutingCriminals),
        Just(Theme::SystemicChange),
        "[A-Za-z][a-z ]{0,12}".prop_map(Theme::Other),
    ];
    let unit = prop_oneof![
        Just(Unit::People),
        Just(Unit::Households),
        "[a-z]{1,10}".prop_map(Unit::Other),
    ];
    let polarity = prop::sample::select(vec![
        Polarity::HigherIsBetter,
        Polarity::LowerIsBetter,
        Polarity::Neutral,
    ]);
    let def = (
        theme,
        unit,
        any::<bool>(),
        polarity,
        any::<bool>(),
        prop::option::of("[a-z]{1,8}"),
        prop::sample::subsequence(vec![Channel::Direct, Channel::Joint], 0..=2),
        prop::sample::subsequence(vec![Country::BD, Country::GB, Country::RO], 0..=3),
    );
    prop::collection::vec(def, 0..6).prop_map(|defs| {
        defs.into_iter()
            .enumerate()
            .map(
                |(i, (theme, unit, rate, polarity, headline, alias, channels, countries))| {
                    let code = Indicator::new(&format!("p.indicator_{i}")).unwrap();
                    let name = format!("Partner indicator {i}");
                    let make = if rate {
                        IndicatorDef::rate
                    } else {
                        IndicatorDef::count
                    };
                    let mut def = make(code, &name, theme, unit)
                        .with_polarity(polarity)
                        .with_channels(&channels)
                        .with_countries(&countries);
                    if let Some(alias) = alias {
                        def = def.with_alias(&format!("{alias} {i}"));
                    }
                    if headline {
                        def = def.headline();
                    }
                    def
                },
            )
            .collect()
    })
}

proptest! {
    #[test]
    fn values_round_trip(value in values()) {
        prop_assert_eq!(value.to_string().parse::<Value>(), Ok(value));
        prop_assert_eq!(json(&value), value);
        prop_assert_eq!(toml_field(&value.to_string()).parse::<Value>(), Ok(value));
        // The scale is kept, not only the number: "5.50%" stays "5.50%".
        prop_assert_eq!(json(&value).to_string(), value.to_string());
    }

    #[test]
    fn bounds_round_trip(bound in prop::sample::select(vec![Bound::Exact, Bound::AtLeast, Bound::MoreThan])) {
        prop_assert_eq!(bound.to_string().parse::<Bound>(), Ok(bound));
        prop_assert_eq!(json(&bound), bound);
        prop_assert_eq!(toml_field(&bound), bound);
    }

    #[test]
    fn year_labels_round_trip(label in year_labels()) {
        prop_assert_eq!(label.to_string().parse::<YearLabel>(), Ok(label));
        prop_assert_eq!(label.to_string().to_uppercase().parse::<YearLabel>(), Ok(label));
        prop_assert_eq!(json(&label), label);
        prop_assert_eq!(toml_field(&label), label);
    }

    #[test]
    fn calendars_round_trip(month in 1u32..=12, label in year_labels()) {
        let cal = FiscalCalendar::new(month, label).unwrap();
        prop_assert_eq!(json(&cal), cal);
        prop_assert_eq!(toml_field(&cal), cal);
    }

    #[test]
    fn calendars_out_of_range_are_refused(month in 13u32..) {
        let text = format!(r#"{{"start_month":{month}}}"#);
        prop_assert!(serde_json::from_str::<FiscalCalendar>(&text).is_err());
    }

    #[test]
    fn growths_round_trip(
        current in any::<u64>(),
        current_months in 1u32..=24,
        baseline in 1u64..,
        baseline_months in 1u32..=24,
    ) {
        let growth = Growth::on_average(current, current_months, baseline, baseline_months).unwrap();
        prop_assert_eq!(growth.to_string().parse::<Growth>(), Ok(growth));
        prop_assert_eq!(json(&growth), growth);
        prop_assert_eq!(toml_field(&growth), growth);
    }

    /// A fraction read from text is that fraction: n/d and the growth's
    /// reduced (p, q) satisfy n * q == p * d.
    #[test]
    fn growth_text_is_read_exactly(n in 0u64..1_000_000, d in 1u64..1_000_000, negative in any::<bool>()) {
        let text = format!("{}{n}/{d}", if negative { "-" } else { "+" });
        match text.parse::<Growth>() {
            Ok(growth) => {
                let (p, q) = growth.ratio();
                let signed_n = if negative { -i128::from(n) } else { i128::from(n) };
                prop_assert_eq!(signed_n * q as i128, p * i128::from(d));
            }
            // Only a growth below -1 is refused.
            Err(_) => prop_assert!(negative && n > d),
        }
    }

    #[test]
    fn baseline_ranges_round_trip(
        percent in -101i64..400,
        current in 0u64..100_000,
        rule in prop::sample::select(Rounding::ALL.to_vec()),
    ) {
        let range: BaselineRange = baselines_for(Decimal::from(percent), current, 6, 12, rule).unwrap();
        prop_assert_eq!(json(&range), range);
    }

    #[test]
    fn catalogues_round_trip(defs in definitions()) {
        let mut catalogue = Catalogue::empty();
        for def in defs {
            catalogue.define(def).unwrap();
        }
        prop_assert_eq!(json(&catalogue), catalogue.clone());
        let text = toml::to_string(&catalogue).unwrap();
        prop_assert_eq!(toml::from_str::<Catalogue>(&text).unwrap(), catalogue);
    }
}
