//! Growth between two periods, which cannot be had without its coverage.
//!
//! Every expected growth here is worked out by hand in the comment above
//! it: `AverageOf` a fiscal year against a half compares the half's total
//! with half of the year's.

use impact_metrics::{
    Catalogue, Channel, Country, Dataset, FiscalCalendar, Growth, Indicator, Observation, Partner,
    Period, Query, Rounding, Series, Value, aggregate::Comparison, aggregate::ComparisonSide,
    aggregate::GrowthOutcome, aggregate::Matching, aggregate::Shortfall, figure::Baseline, seed,
};

const CAL: FiscalCalendar = FiscalCalendar::SEPTEMBER;

fn half(year: i32, index: u8) -> Period {
    CAL.half(year, index).unwrap()
}

fn year(year: i32) -> Period {
    CAL.year(year).unwrap()
}

fn figure(indicator: Indicator, period: Period, n: u64, country: Country) -> Observation {
    let channel = if country == Country::TH || country == Country::IN {
        Channel::Joint
    } else {
        Channel::Direct
    };
    let figure = Observation::new(indicator, period, Value::Count(n))
        .with_country(country)
        .with_channel(channel);
    match country {
        Country::TH => figure.with_partner(Partner::new("LIFT International").unwrap()),
        Country::IN => figure.with_partner(Partner::new("Vihaan").unwrap()),
        _ => figure,
    }
}

fn series(indicator: Indicator, country: Country) -> Series {
    figure(indicator, half(2020, 1), 0, country).series()
}

fn dataset(figures: impl IntoIterator<Item = Observation>) -> Dataset {
    let mut data = Dataset::new(CAL, Catalogue::builtin());
    for f in figures {
        data.push(f).unwrap();
    }
    data
}

fn compare(data: &Dataset, query: &Query, matching: Matching) -> Vec<Comparison> {
    data.compare(
        query,
        half(2020, 1),
        Baseline::AverageOf(year(2019)),
        matching,
    )
    .unwrap()
}

fn by_indicator(data: &Dataset, matching: Matching) -> Comparison {
    let mut rows = compare(data, &Query::new().by_indicator(), matching);
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows.remove(0)
}

#[test]
fn a_baseline_for_half_its_year_gives_no_complete_growth() {
    // 2019/20 figures for H1 only: 56 in 19/20 H1, nothing for 19/20 H2.
    // Taken as the year's total, its half-year average is 28, and 74/28 - 1
    // = 46/28 = 23/14 = +164%: a growth that is not true.
    let data = dataset([
        figure(Indicator::VICTIMS_REMOVED, half(2019, 1), 56, Country::GB),
        figure(Indicator::VICTIMS_REMOVED, half(2020, 1), 74, Country::GB),
    ]);
    let row = by_indicator(&data, Matching::AsReported);
    assert_eq!(row.growth.complete(), None);
    let growth = row.growth.growth_even_if_incomplete().unwrap();
    assert_eq!(growth.ratio(), (23, 14));
    assert_eq!(
        growth.display(0, Rounding::TowardZero).unwrap().to_string(),
        "+164%"
    );
    let lacks: Vec<(ComparisonSide, &Series, &[Period])> = row
        .growth
        .shortfalls()
        .iter()
        .map(|s: &Shortfall| (s.side, &s.series, s.missing.as_slice()))
        .collect();
    assert_eq!(
        lacks,
        [(
            ComparisonSide::Baseline,
            &series(Indicator::VICTIMS_REMOVED, Country::GB),
            [half(2019, 2)].as_slice()
        )]
    );
}

#[test]
fn a_quarter_against_a_full_year_is_incomplete() {
    // India (Vihaan) reports 20/21 Q1 only: 93 cared for, against 100 over
    // 2019/20 (average 50 a half): 93/50 - 1 = 43/50, but Q2 is missing.
    let q1 = CAL.quarter(2020, 1).unwrap();
    let data = dataset([
        figure(Indicator::SURVIVORS_CARED_FOR, year(2019), 100, Country::IN),
        figure(Indicator::SURVIVORS_CARED_FOR, q1, 93, Country::IN),
    ]);
    let row = by_indicator(&data, Matching::AsReported);
    match &row.growth {
        GrowthOutcome::Incomplete { growth, shortfalls } => {
            assert_eq!(growth.ratio(), (43, 50));
            assert_eq!(shortfalls.len(), 1);
            assert_eq!(shortfalls[0].side, ComparisonSide::Current);
            assert_eq!(shortfalls[0].missing, [CAL.quarter(2020, 2).unwrap()]);
        }
        other => panic!("expected an incomplete growth, got {other:?}"),
    }
}

/// GB and BD in both years; TH only in 20/21, RO only in 2019/20; IN's
/// 20/21 figure covers Q1 only.
fn uneven() -> Dataset {
    let q1 = CAL.quarter(2020, 1).unwrap();
    dataset([
        figure(Indicator::VICTIMS_REMOVED, year(2019), 40, Country::GB),
        figure(Indicator::VICTIMS_REMOVED, half(2020, 1), 20, Country::GB),
        figure(Indicator::VICTIMS_REMOVED, year(2019), 30, Country::BD),
        figure(Indicator::VICTIMS_REMOVED, half(2020, 1), 17, Country::BD),
        figure(Indicator::VICTIMS_REMOVED, half(2020, 1), 37, Country::TH),
        figure(Indicator::VICTIMS_REMOVED, year(2019), 10, Country::RO),
        figure(Indicator::VICTIMS_REMOVED, year(2019), 8, Country::IN),
        figure(Indicator::VICTIMS_REMOVED, q1, 5, Country::IN),
    ])
}

#[test]
fn different_series_on_the_two_sides_are_named() {
    // As reported: 20 + 17 + 37 + 5 = 79 against 40 + 30 + 10 + 8 = 88,
    // average 44: 79/44 - 1 = 35/44.
    let row = by_indicator(&uneven(), Matching::AsReported);
    assert_eq!(row.current.as_ref().unwrap().value, Value::Count(79));
    assert_eq!(row.baseline.as_ref().unwrap().value, Value::Count(88));
    assert_eq!(
        row.growth.growth_even_if_incomplete().unwrap().ratio(),
        (35, 44)
    );
    assert!(row.left_out.is_empty());
    let mut lacks: Vec<(ComparisonSide, Country, Vec<Period>)> = row
        .growth
        .shortfalls()
        .iter()
        .map(|s| (s.side, s.series.country.unwrap(), s.missing.clone()))
        .collect();
    lacks.sort_by_key(|(side, country, _)| (*side, country.to_string()));
    assert_eq!(
        lacks,
        [
            (
                ComparisonSide::Current,
                Country::IN,
                vec![CAL.quarter(2020, 2).unwrap()]
            ),
            (ComparisonSide::Current, Country::RO, vec![half(2020, 1)]),
            (ComparisonSide::Baseline, Country::TH, vec![year(2019)]),
        ]
    );
}

#[test]
fn like_for_like_compares_the_series_both_sides_hold_in_full() {
    // Only GB and BD are in both years in full: 20 + 17 = 37 against
    // 40 + 30 = 70, average 35: 37/35 - 1 = 2/35 = +5.7%.
    let row = by_indicator(&uneven(), Matching::LikeForLike);
    assert_eq!(row.current.as_ref().unwrap().value, Value::Count(37));
    assert_eq!(row.baseline.as_ref().unwrap().value, Value::Count(70));
    assert_eq!(row.growth.complete().unwrap().ratio(), (2, 35));
    let mut left: Vec<(ComparisonSide, Country)> = row
        .left_out
        .iter()
        .map(|s| (s.side, s.series.country.unwrap()))
        .collect();
    left.sort_by_key(|(side, country)| (*side, country.to_string()));
    assert_eq!(
        left,
        [
            (ComparisonSide::Current, Country::IN),
            (ComparisonSide::Current, Country::RO),
            (ComparisonSide::Baseline, Country::TH),
        ]
    );
}

#[test]
fn like_for_like_with_nothing_in_common_has_no_growth() {
    let data = dataset([
        figure(Indicator::VICTIMS_REMOVED, year(2019), 10, Country::RO),
        figure(Indicator::VICTIMS_REMOVED, half(2020, 1), 37, Country::TH),
    ]);
    let row = by_indicator(&data, Matching::LikeForLike);
    assert_eq!(row.current, None);
    assert_eq!(row.growth.growth_even_if_incomplete(), None);
    assert_eq!(
        row.growth.reason(),
        Some("no series has figures for the whole of both 20/21 H1 and 2019/20")
    );
    assert_eq!(row.left_out.len(), 2);
}

#[test]
fn the_seed_growth_on_victims_removed_is_complete() {
    // The seed's UK 20, Bangladesh 17 and Thailand 37 (74), each beside a
    // 2019/20 figure of its own series: 40 + 30 + 42 = 112, average 56:
    // 74/56 - 1 = 9/28 = +32%, as published.
    let report = seed::h1_2020_21().unwrap();
    let mut data = report.figures.clone();
    let victims: Vec<Observation> = report
        .figures
        .iter()
        .filter(|f| f.indicator == Indicator::VICTIMS_REMOVED)
        .collect();
    assert_eq!(victims.len(), 3);
    for f in victims {
        let before = match f.country {
            Some(Country::GB) => 40,
            Some(Country::BD) => 30,
            _ => 42,
        };
        let mut last_year = f.clone();
        last_year.period = report.baseline_year;
        last_year.value = Value::Count(before);
        data.push(last_year).unwrap();
    }
    let rows = data
        .compare(
            &Query::new().by_indicator(),
            report.period,
            Baseline::AverageOf(report.baseline_year),
            Matching::AsReported,
        )
        .unwrap();
    let victims = rows
        .iter()
        .find(|r| r.indicator == Indicator::VICTIMS_REMOVED)
        .unwrap();
    assert_eq!(
        victims.growth,
        GrowthOutcome::Complete(Growth::on_average(74, 6, 112, 12).unwrap())
    );
    let growth = victims.growth.complete().unwrap();
    assert_eq!(growth.ratio(), (9, 28));
    assert_eq!(
        growth.display(0, Rounding::HalfUp).unwrap().to_string(),
        "+32%"
    );
    // Like for like gives the same: every series is in both years, in full.
    let same = data
        .compare(
            &Query::new().by_indicator(),
            report.period,
            Baseline::AverageOf(report.baseline_year),
            Matching::LikeForLike,
        )
        .unwrap();
    let victims_lfl = same
        .iter()
        .find(|r| r.indicator == Indicator::VICTIMS_REMOVED)
        .unwrap();
    assert_eq!(victims_lfl.growth.complete(), Some(growth));
    assert!(victims_lfl.left_out.is_empty());
}

#[test]
fn a_group_on_one_side_only_is_listed_with_the_reason() {
    // Convictions only in 2019/20, trained only in 20/21; arrests 0 in 2019/20.
    let data = dataset([
        figure(Indicator::EXPLOITERS_CONVICTED, year(2019), 4, Country::GB),
        figure(
            Indicator::PROFESSIONALS_TRAINED,
            half(2020, 1),
            367,
            Country::GB,
        ),
        figure(Indicator::ACCUSED_ARRESTED, year(2019), 0, Country::GB),
        figure(Indicator::ACCUSED_ARRESTED, half(2020, 1), 37, Country::GB),
    ]);
    let rows = compare(&data, &Query::new().by_indicator(), Matching::AsReported);
    let reason = |i: Indicator| {
        rows.iter()
            .find(|r| r.indicator == i)
            .and_then(|r| r.growth.reason().map(str::to_string))
    };
    assert_eq!(rows.len(), 3);
    assert_eq!(
        reason(Indicator::EXPLOITERS_CONVICTED).as_deref(),
        Some("no figures to compare for the current period 20/21 H1")
    );
    assert_eq!(
        reason(Indicator::PROFESSIONALS_TRAINED).as_deref(),
        Some("no figures to compare for the baseline period 2019/20")
    );
    assert_eq!(
        reason(Indicator::ACCUSED_ARRESTED).as_deref(),
        Some("baseline is zero")
    );
}

#[test]
fn rates_are_compared_part_by_part() {
    // 6 in 40 (15%) against 3 in 30 (10%), as totals of the same period
    // length: +50%, exactly 1/2.
    let rate = |p: Period, n, d| {
        Observation::new(
            Indicator::RE_TRAFFICKING_RATE,
            p,
            Value::Ratio {
                numerator: n,
                denominator: d,
            },
        )
        .with_country(Country::BD)
    };
    let data = dataset([rate(half(2019, 1), 3, 30), rate(half(2020, 1), 6, 40)]);
    let rows = data
        .compare(
            &Query::new().by_indicator(),
            half(2020, 1),
            Baseline::Total(half(2019, 1)),
            Matching::AsReported,
        )
        .unwrap();
    assert_eq!(rows[0].growth.complete().unwrap().ratio(), (1, 2));
}

#[test]
fn comparisons_serialise_in_machine_form_and_come_back() {
    // Grouped by country, with a group of figures that have no country.
    let mut data = uneven();
    data.push(Observation::new(
        Indicator::VICTIMS_REMOVED,
        year(2019),
        Value::Count(6),
    ))
    .unwrap();
    data.push(Observation::new(
        Indicator::VICTIMS_REMOVED,
        half(2020, 1),
        Value::Count(4),
    ))
    .unwrap();
    let rows = compare(
        &data,
        &Query::new().by_indicator().by_country(),
        Matching::AsReported,
    );
    let json = serde_json::to_string(&rows).unwrap();
    assert!(json.contains(r#""period":"FY2020-09-H1""#), "{json}");
    assert!(json.contains(r#""indicator":"victims_removed""#), "{json}");
    assert!(json.contains(r#""country":null"#), "{json}");
    assert!(json.contains(r#""side":"current""#), "{json}");
    // GB: 20 against 40 over a year, average 20: unchanged, "0".
    assert!(json.contains(r#""complete":"0""#), "{json}");
    // IN: 5 in Q1 against 8, average 4: 5/4 - 1 = +1/4, incomplete.
    assert!(json.contains(r#""incomplete":{"growth":"+1/4""#), "{json}");
    let back: Vec<Comparison> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rows);
}

#[test]
fn growth_reads_back_its_exact_fraction() {
    for (text, ratio) in [
        ("+9/28", (9, 28)),
        ("-1/2", (-1, 2)),
        ("0", (0, 1)),
        ("+18/56", (9, 28)),
        ("-1", (-1, 1)),
    ] {
        let growth: Growth = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        assert_eq!(growth.ratio(), ratio, "{text}");
    }
    for bad in ["\"-3/2\"", "\"1/0\"", "\"abc\"", "\"+/2\"", "12"] {
        assert!(serde_json::from_str::<Growth>(bad).is_err(), "{bad}");
    }
    let growth = Growth::on_average(74, 6, 112, 12).unwrap();
    assert_eq!(serde_json::to_string(&growth).unwrap(), r#""+9/28""#);
}

#[cfg(feature = "cli")]
#[test]
fn the_command_line_prints_no_bare_growth_for_an_incomplete_row() {
    // The +164% case: 74 against 2019/20 figures for 19/20 H1 only.
    let dir = std::env::temp_dir().join(format!("impact-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("h1_only.csv");
    std::fs::write(
        &file,
        "indicator,country,channel,partner,period,value\n\
         victims_removed,UK,direct,,19/20 H1,56\n\
         victims_removed,UK,direct,,20/21 H1,74\n",
    )
    .unwrap();
    let output = assert_cmd::Command::cargo_bin("impact")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("report")
        .arg(&file)
        .args(["--period", "20/21 H1", "--format", "csv"])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(!out.contains("164"), "{out}");
    let row = out.lines().nth(1).unwrap();
    assert_eq!(
        row,
        "victims_removed,20/21 H1,74,,,exact,2019/20,56,,,6,12,28,,,\
         the two periods do not hold the same series in full; see lacks,false,\
         victims_removed GB direct: 2019/20 lacks 19/20 H2"
    );
}

mod laws {
    use super::*;
    use proptest::prelude::*;

    const COUNTRIES: [Country; 3] = [Country::GB, Country::BD, Country::RO];

    /// Victims removed for up to three countries, each side either absent,
    /// a whole-period figure, or (for 20/21) a Q1-only figure.
    fn data() -> impl Strategy<Value = Dataset> {
        proptest::collection::vec((0u8..3, 0u8..3, 1u64..500, 1u64..500), 3).prop_map(|sides| {
            let mut figures = Vec::new();
            for (country, (before, now, a, b)) in COUNTRIES.into_iter().zip(sides) {
                if before > 0 {
                    figures.push(figure(Indicator::VICTIMS_REMOVED, year(2019), a, country));
                }
                match now {
                    1 => figures.push(figure(
                        Indicator::VICTIMS_REMOVED,
                        half(2020, 1),
                        b,
                        country,
                    )),
                    2 => figures.push(figure(
                        Indicator::VICTIMS_REMOVED,
                        CAL.quarter(2020, 1).unwrap(),
                        b,
                        country,
                    )),
                    _ => {}
                }
            }
            dataset(figures)
        })
    }

    proptest! {
        #[test]
        fn like_for_like_is_never_incomplete_and_agrees_when_nothing_is_lacking(data in data()) {
            let query = Query::new().by_indicator();
            let reported = compare(&data, &query, Matching::AsReported);
            let like = compare(&data, &query, Matching::LikeForLike);
            prop_assert_eq!(reported.len(), like.len());
            for (r, l) in reported.iter().zip(&like) {
                let incomplete = matches!(l.growth, GrowthOutcome::Incomplete { .. });
                prop_assert!(!incomplete, "{:?}", l);
                // Like for like leaves out exactly what a reported growth lacks.
                if r.growth.growth_even_if_incomplete().is_some() {
                    prop_assert_eq!(&l.left_out, &r.growth.shortfalls().to_vec());
                }
                if let Some(growth) = r.growth.complete() {
                    prop_assert_eq!(l.growth.complete(), Some(growth));
                    prop_assert!(l.left_out.is_empty());
                }
                // A complete growth comes only with nothing lacking.
                prop_assert_eq!(r.growth.is_complete(), r.growth.growth_even_if_incomplete().is_some() && r.growth.shortfalls().is_empty());
            }
        }

        #[test]
        fn growth_serialises_to_its_exact_fraction_and_back(current in 0u64..u64::MAX, baseline in 1u64..u64::MAX, months in 1u32..24) {
            let growth = Growth::on_average(current, months, baseline, 12).unwrap();
            let json = serde_json::to_string(&growth).unwrap();
            prop_assert_eq!(serde_json::from_str::<Growth>(&json).unwrap(), growth);
        }
    }
}
