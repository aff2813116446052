//! The seed report's figures, checked against `tests/data/FIGURES.md` (the report's
//! figures laid out by hand) and against arithmetic done by hand.

use impact_metrics::{
    Basis, Channel, Country, Indicator, Query, Rounding, Value, baselines_for, seed,
};

use Indicator as I;

/// tests/data/FIGURES.md, "By country and strategy channel, H1 20/21": every cell
/// that has a figure, as (indicator, country, value).
const CELLS: [(Indicator, Country, u64); 24] = [
    (I::VICTIMS_REMOVED, Country::GB, 20),
    (I::VICTIMS_REMOVED, Country::BD, 17),
    (I::VICTIMS_REMOVED, Country::TH, 37),
    (I::SURVIVORS_CARED_FOR, Country::GB, 99),
    (I::SURVIVORS_CARED_FOR, Country::BD, 224),
    (I::SURVIVORS_CARED_FOR, Country::TH, 21),
    (I::SURVIVORS_CARED_FOR, Country::IN, 93),
    (I::SURVIVORS_REPATRIATED, Country::GB, 15),
    (I::SURVIVORS_REPATRIATED, Country::BD, 86),
    (I::SURVIVORS_REPATRIATED, Country::RO, 2),
    (I::PREVENTION_EDUCATION, Country::BD, 280),
    (I::PREVENTION_EDUCATION, Country::IN, 203),
    (I::ACCUSED_ARRESTED, Country::GB, 37),
    (I::ACCUSED_ARRESTED, Country::BD, 16),
    (I::ACCUSED_ARRESTED, Country::TH, 32),
    (I::PROSECUTIONS_SUPPORTED, Country::GB, 23),
    (I::PROSECUTIONS_SUPPORTED, Country::BD, 73),
    (I::PROSECUTIONS_SUPPORTED, Country::TH, 24),
    (I::PROSECUTIONS_SUPPORTED, Country::IN, 129),
    (I::EXPLOITERS_CONVICTED, Country::GB, 1),
    (I::EXPLOITERS_CONVICTED, Country::TH, 24),
    (I::PROFESSIONALS_TRAINED, Country::GB, 367),
    (I::PROFESSIONALS_TRAINED, Country::BD, 448),
    (I::PROFESSIONALS_TRAINED, Country::TH, 126),
];

/// tests/data/FIGURES.md, headline table: (indicator, H1 total, growth on 19/20 HY average).
const HEADLINE: [(Indicator, u64, i64); 8] = [
    (I::VICTIMS_REMOVED, 74, 32),
    (I::SURVIVORS_CARED_FOR, 437, 33),
    (I::SURVIVORS_REPATRIATED, 103, 274),
    (I::PREVENTION_EDUCATION, 483, 30),
    (I::ACCUSED_ARRESTED, 85, 45),
    (I::PROSECUTIONS_SUPPORTED, 249, 106),
    (I::EXPLOITERS_CONVICTED, 26, 205),
    (I::PROFESSIONALS_TRAINED, 941, 34),
];

#[test]
fn every_cell_of_the_breakdown_is_there_once() {
    let report = seed::h1_2020_21().unwrap();
    assert_eq!(report.figures.len(), CELLS.len());
    for (indicator, country, n) in CELLS {
        let found: Vec<_> = report
            .figures
            .iter()
            .filter(|f| f.indicator == indicator && f.country == Some(country))
            .collect();
        assert_eq!(found.len(), 1, "{indicator} {country}");
        assert_eq!(found[0].value, Value::Count(n), "{indicator} {country}");
        let channel = match country {
            Country::TH | Country::IN => Channel::Joint,
            _ => Channel::Direct,
        };
        assert_eq!(found[0].channel, Some(channel), "{indicator} {country}");
    }
}

#[test]
fn the_report_period_is_1_sep_2020_to_28_feb_2021() {
    let report = seed::h1_2020_21().unwrap();
    assert_eq!(report.period.first_day().to_string(), "2020-09-01");
    assert_eq!(report.period.last_day().to_string(), "2021-02-28");
    assert_eq!(report.calendar.label(report.period).to_string(), "20/21 H1");
    assert_eq!(
        report.calendar.label(report.baseline_year).to_string(),
        "2019/20"
    );
}

#[test]
fn india_covers_q1_only() {
    let report = seed::h1_2020_21().unwrap();
    let india: Vec<_> = report
        .figures
        .iter()
        .filter(|f| f.country == Some(Country::IN))
        .collect();
    assert_eq!(india.len(), 3);
    for figure in india {
        assert_eq!(report.calendar.label(figure.period).to_string(), "20/21 Q1");
        assert_eq!(figure.partner.as_ref().map(|p| p.as_str()), Some("Vihaan"));
    }
}

#[test]
fn headline_totals_are_as_published() {
    let report = seed::h1_2020_21().unwrap();
    assert_eq!(report.headline.len(), HEADLINE.len());
    for (total, (indicator, n, growth)) in report.headline.iter().zip(HEADLINE) {
        assert_eq!(total.indicator, indicator);
        assert_eq!(total.value, Value::Count(n), "{indicator}");
        assert_eq!(
            total.growth.as_ref().map(|g| g.percent),
            Some(growth.into()),
            "{indicator}"
        );
        assert_eq!(total.channels, [Channel::Direct, Channel::Joint]);
    }
}

#[test]
fn recomputed_headline_differs_where_the_report_does() {
    let report = seed::h1_2020_21().unwrap();
    let all = report
        .figures
        .aggregate(&Query::new().within(report.period).by_indicator())
        .unwrap();
    let stated = report
        .figures
        .aggregate(
            &Query::new()
                .within(report.period)
                .by_indicator()
                .stated_only(),
        )
        .unwrap();
    // Sums of the CELLS by hand: 20+17+37, 99+224+21+93, 15+86(+2), 280+203,
    // 37+16+32, 23+73+24+129, 1+24, 367+448+126.
    let by_hand = [74, 437, 103, 483, 85, 249, 25, 941];
    let stated_by_hand = [74, 437, 101, 483, 85, 249, 25, 941];
    for (i, (indicator, published, _)) in HEADLINE.iter().enumerate() {
        let row = all.row(*indicator).unwrap();
        assert_eq!(row.value, Value::Count(by_hand[i]), "{indicator}");
        assert_eq!(
            stated.row(*indicator).unwrap().value,
            Value::Count(stated_by_hand[i]),
            "{indicator}"
        );
        let matches = by_hand[i] == *published;
        assert_eq!(
            matches,
            *indicator != I::EXPLOITERS_CONVICTED,
            "{indicator}"
        );
    }
    assert_eq!(all.row(I::SURVIVORS_REPATRIATED).unwrap().interpreted, 1);
}

#[test]
fn coverage_flags_exactly_the_totals_with_an_india_figure() {
    let report = seed::h1_2020_21().unwrap();
    let table = report
        .figures
        .aggregate(&Query::new().within(report.period).by_indicator())
        .unwrap();
    let q2 = report.calendar.parse("20/21 Q2").unwrap();
    for row in table.rows() {
        let has_india = CELLS
            .iter()
            .any(|(i, c, _)| *i == row.indicator && *c == Country::IN);
        assert_eq!(!row.coverage.is_complete(), has_india, "{}", row.indicator);
        for gap in row.coverage.gaps() {
            assert_eq!(gap.series.country, Some(Country::IN));
            assert_eq!(gap.missing, [q2]);
        }
    }
}

#[test]
fn published_growth_implies_these_2019_20_totals() {
    // Growth on the 19/20 half-year average: current / (B / 2) - 1, with
    // B the 2019/20 total. By hand, half-up to whole percents:
    // 74 at 32%: 148/B in [1.315, 1.325) gives B in (111.70, 112.55]: 112.
    // 85 at 45%: 170/B in [1.445, 1.455) gives B in (116.84, 117.65]: 117.
    // 437 at 33%: 874/B in [1.325, 1.335) gives B in (654.68, 659.62]: 655..=659.
    // 103 at 274%: 206/B in [3.735, 3.745) gives B in (55.01, 55.15]: none.
    // 26 at 205%: 52/B in [3.045, 3.055) gives B in (17.02, 17.08]: none.
    let half_up = |current, percent: i64| {
        baselines_for(percent.into(), current, 6, 12, Rounding::HalfUp).unwrap()
    };
    assert_eq!(half_up(74, 32).to_string(), "112");
    assert_eq!(half_up(85, 45).to_string(), "117");
    assert_eq!(half_up(437, 33).to_string(), "655 to 659");
    assert!(half_up(103, 274).is_empty());
    assert!(half_up(26, 205).is_empty());
    // Truncated instead: 206/B in [3.74, 3.75) gives B in (54.93, 55.08]: 55;
    // 52/B in [3.05, 3.06) gives B in (16.99, 17.05]: 17.
    let truncated = |current, percent: i64| {
        baselines_for(percent.into(), current, 6, 12, Rounding::TowardZero).unwrap()
    };
    assert_eq!(truncated(103, 274).to_string(), "55");
    assert_eq!(truncated(26, 205).to_string(), "17");
    for (_, current, percent) in HEADLINE {
        assert!(
            !truncated(current, percent).is_empty(),
            "{current} at {percent}%"
        );
    }
}

#[test]
fn the_text_figures_are_kept_apart_and_marked() {
    let report = seed::h1_2020_21().unwrap();
    // tests/data/FIGURES.md "Other figures in the text" and the COVID-19 response.
    let value_of = |indicator: Indicator, country: Option<Country>| {
        report
            .highlights
            .iter()
            .filter(|f| f.indicator == indicator && f.country == country)
            .map(|f| f.value)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        value_of(I::POLICE_ENGAGEMENT_RATE, Some(Country::GB)),
        [Value::Percent(82.into()), Value::Percent(33.into())]
    );
    assert_eq!(
        value_of(I::ACCUSED_CHARGED, Some(Country::GB)),
        [Value::Count(22)]
    );
    assert_eq!(
        value_of(I::RE_TRAFFICKING_RATE, Some(Country::BD)),
        [Value::Percent(0.into())]
    );
    assert_eq!(
        value_of(I::INCOME_RISE_RATE, Some(Country::BD)),
        [Value::Ratio {
            numerator: 11,
            denominator: 24
        }]
    );
    assert_eq!(
        value_of(I::PEOPLE_REACHED_INDIRECT, Some(Country::BD)),
        [Value::Count(1_300_000)]
    );
    assert_eq!(
        value_of(I::CHILDREN_REMOVED, Some(Country::BD)),
        [Value::Count(6)]
    );
    assert_eq!(
        value_of(I::SURVIVORS_REINTEGRATED, Some(Country::IN)),
        [Value::Count(7)]
    );
    assert_eq!(
        value_of(I::CASE_BACKLOG, Some(Country::BD)),
        [Value::Count(4_500)]
    );
    assert_eq!(
        value_of(I::SURVIVOR_HOUSEHOLDS_SUPPLIED, None),
        [Value::Count(308)]
    );
    assert_eq!(
        value_of(I::AT_RISK_HOUSEHOLDS_SUPPLIED, None),
        [Value::Count(120)]
    );
    assert_eq!(
        value_of(I::FOLLOW_UP_CALLS, Some(Country::BD)),
        [Value::Count(8_262)]
    );
    assert_eq!(
        value_of(I::HOMES_REBUILT, Some(Country::BD)),
        [Value::Count(21)]
    );
    // Lockdown arrests: 10 in Bangladesh, 28 in the UK, 23 in Thailand.
    let lockdown = report.calendar.parse("19/20 H2").unwrap();
    let arrests: u64 = report
        .highlights
        .iter()
        .filter(|f| f.indicator == I::ACCUSED_ARRESTED && f.period == lockdown)
        .map(|f| f.value.as_count().unwrap())
        .sum();
    assert_eq!(arrests, 10 + 28 + 23);
    assert!(
        report
            .highlights
            .iter()
            .filter(|f| f.period == lockdown)
            .all(|f| f.basis == Basis::Interpreted)
    );
    assert_eq!(report.growth_claims.len(), 2);
    assert_eq!(
        report
            .key_wins
            .iter()
            .filter(|w| w.channel == Some(Channel::Systemic))
            .count(),
        6
    );
}
