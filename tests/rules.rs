//! Rule ids: every finding the crate raises is registered, and one reason
//! for refusing a figure has one id and one message wherever the figure
//! comes from.
//!
//! The figures come from CSV and JSON files: the tests need both readers.
#![cfg(all(feature = "csv", feature = "json"))]

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use impact_metrics::{
    Catalogue, Channel, Country, Dataset, Error, Finding, Findings, FiscalCalendar, Indicator,
    Location, Observation, Partner, Query, Severity, Validator, Value, YearLabel, csv,
    disclosure::CountTable, disclosure::Disclosure, format::NumberFormat, format::ReadOptions,
    json, seed, validate::Grouping, validate::MinMax, validate::Outliers, validate::Refusal,
    validate::RuleId, validate::UserRule,
};

fn data_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join("data")
        .join(name)
}

fn september() -> ReadOptions {
    ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin())
}

fn h1() -> impact_metrics::Period {
    FiscalCalendar::SEPTEMBER.half(2020, 1).unwrap()
}

/// Every finding the crate can be made to raise here: readers on messy
/// CSV and JSON, running totals, admission, the validator on the seed and
/// on broken data, and disclosure control.
fn everything_emitted() -> Vec<Finding> {
    let mut all = Vec::new();
    let mut add = |report: &Findings| all.extend(report.findings().iter().cloned());

    // The partner file with planted problems.
    let file = fs::File::open(data_file("partner_with_problems.csv")).unwrap();
    add(&csv::read(file, &september()).1);

    // Hand-made CSV: no header, a missing column, ragged rows, bad
    // encoding, N/A skipped, a number format, refused figures.
    let csvs: [(&[u8], ReadOptions); 7] = [
        (b"", september()),
        (b"indicator,country\nvictims_removed,GB\n", september()),
        (
            b"indicator,period,value,extra\nvictims_removed,20/21 H1,1,2,3\nvictims_removed\n",
            september(),
        ),
        (
            b"indicator,period,value\nvictims_removed,20/21 H1,\xff\n",
            september(),
        ),
        (
            b"indicator,period,value\nvictims_removed,20/21 H1,N/A\n",
            september().skip_not_available(),
        ),
        (
            b"indicator,period,value\nvictims_removed,20/21 H1,\"1,234\"\n",
            september().with_number_format(NumberFormat::CommaGrouped),
        ),
        (
            b"indicator,channel,partner,period,value,bound,basis\n\
              x.unknown,,,20/21 H1,1,,\n\
              re_trafficking_rate,,,20/21 H1,0,,\n\
              victims_removed,joint,,20/21 H1,37,,\n\
              victims_removed,direct,Vihaan,20/21 H1,2,,\n\
              victims_removed,,,20/21 H1,2,maybe,guessed\n",
            september(),
        ),
    ];
    #[cfg(feature = "workbook")]
    add(&impact_metrics::workbook::read(&b"no workbook"[..], &september(), &Default::default()).1);
    for (text, options) in csvs {
        add(&csv::read(text, &options).1);
    }

    // A file that fails part way through.
    add(&csv::read(
        Failing(b"indicator,period,value\nvictims_removed,20/21 H1,1\n"),
        &september(),
    )
    .1);

    // Running totals that refuse to add two indicators in one row.
    let two =
        b"indicator,period,value\nvictims_removed,20/21 H1,20\nsurvivors_cared_for,20/21 H1,99\n";
    let query = Query::new().within(h1());
    add(&csv::aggregate(&two[..], &september(), &query).unwrap().1);

    // Hand-made JSON: not JSON, not the format, a bad figure, an ignored
    // field, a refused figure.
    let documents = [
        "{not json",
        r#"{"format": "something-else", "version": 1, "figures": []}"#,
        r#"{"format": "impact-metrics/figures", "version": 1, "figures": [
            7,
            {"indicator": "victims_removed", "period": "20/21 H1", "value": 20, "colour": "red"},
            {"indicator": "victims_removed", "period": "20/21 H1", "value": [1]},
            {"indicator": "victims_removed", "channel": "joint", "period": "20/21 H1", "value": 37}
        ]}"#,
    ];
    for text in documents {
        add(&json::read(text, &september()).1);
    }

    // The validator on the seed, with every declaration.
    let report = seed::h1_2020_21().unwrap();
    let strict = Validator::new()
        .with_reporting_period(report.period)
        .with_as_of(chrono::NaiveDate::from_ymd_opt(2021, 1, 31).unwrap())
        .with_band(MinMax::new(Indicator::PROFESSIONALS_TRAINED, 0, 400))
        .with_exclusive(
            Indicator::SURVIVORS_CARED_FOR,
            [Channel::Direct, Channel::Joint],
        );
    add(&strict.validate_published(&report.figures, &report.headline));
    add(&Validator::new()
        .with_growth_rounding(impact_metrics::Rounding::TowardZero)
        .with_outliers(Outliers::modified_z_score(3.5))
        .validate_published(&report.figures, &report.headline));

    // The validator on broken records: refusals, rates, duplicates.
    let april = FiscalCalendar::new(4, YearLabel::Span).unwrap();
    let rate = |n, d| Value::Ratio {
        numerator: n,
        denominator: d,
    };
    let records = [
        Observation::new(Indicator::new("x.unknown").unwrap(), h1(), Value::Count(1)),
        Observation::new(Indicator::RE_TRAFFICKING_RATE, h1(), Value::Count(0)),
        Observation::new(
            Indicator::VICTIMS_REMOVED,
            april.half(2020, 1).unwrap(),
            Value::Count(3),
        ),
        Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(37))
            .with_channel(Channel::Joint),
        Observation::new(Indicator::RE_TRAFFICKING_RATE, h1(), rate(5, 3)),
        Observation::new(Indicator::INCOME_RISE_RATE, h1(), rate(0, 0)),
        Observation::new(
            Indicator::POLICE_ENGAGEMENT_RATE,
            h1(),
            Value::Percent(120.into()),
        ),
        Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(20)),
        Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(20)),
        Observation::new(Indicator::SURVIVORS_CARED_FOR, h1(), Value::Count(20)),
        Observation::new(Indicator::SURVIVORS_CARED_FOR, h1(), Value::Count(21)),
        Observation::new(
            Indicator::SURVIVORS_CARED_FOR,
            FiscalCalendar::SEPTEMBER.quarter(2020, 1).unwrap(),
            Value::Count(9),
        ),
    ];
    let located = records.into_iter().map(|r| (r, Location::none()));
    let (_, found) =
        Validator::new().admit(FiscalCalendar::SEPTEMBER, Catalogue::builtin(), located);
    add(&found);

    // An indicator where its catalogue does not put it, and two channels
    // declared never to count the same people.
    let mut catalogue = Catalogue::builtin();
    let code = Indicator::new("lift.safehouse_nights").unwrap();
    catalogue
        .define(
            impact_metrics::IndicatorDef::count(
                code,
                "Safe-house nights",
                impact_metrics::Theme::SavingLives,
                impact_metrics::Unit::Other("nights".into()),
            )
            .with_channels(&[Channel::Joint])
            .with_countries(&[Country::TH]),
        )
        .unwrap();
    let lift = Partner::new("LIFT International").unwrap();
    let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, catalogue);
    for figure in [
        Observation::new(code, h1(), Value::Count(40))
            .with_country(Country::GB)
            .with_channel(Channel::Direct),
        Observation::new(Indicator::SURVIVORS_CARED_FOR, h1(), Value::Count(21))
            .with_country(Country::TH)
            .with_channel(Channel::Direct),
        Observation::new(Indicator::SURVIVORS_CARED_FOR, h1(), Value::Count(21))
            .with_country(Country::TH)
            .with_channel(Channel::Joint)
            .with_partner(lift),
    ] {
        data.push(figure).unwrap();
    }
    add(&Validator::new()
        .with_exclusive(
            Indicator::SURVIVORS_CARED_FOR,
            [Channel::Direct, Channel::Joint],
        )
        .validate(&data));

    // User rules: one naming a code the catalogue does not define, and one
    // whose half-year totals leave out a month overlapping a quarter.
    let cal = FiscalCalendar::SEPTEMBER;
    let gb =
        |i: Indicator, p, n: u64| Observation::new(i, p, Value::Count(n)).with_country(Country::GB);
    let mut overlapping = Dataset::new(cal, Catalogue::builtin());
    for figure in [
        gb(
            Indicator::SURVIVORS_REPATRIATED,
            cal.quarter(2020, 1).unwrap(),
            8,
        ),
        gb(
            Indicator::SURVIVORS_REPATRIATED,
            cal.month(2020, 1).unwrap(),
            3,
        ),
        gb(
            Indicator::SURVIVORS_CARED_FOR,
            cal.half(2020, 1).unwrap(),
            10,
        ),
    ] {
        overlapping.push(figure).unwrap();
    }
    add(&Validator::new()
        .with_user_rule(
            UserRule::new(
                "house.misspelt",
                "survivors_repatriatd <= survivors_cared_for",
            )
            .unwrap(),
        )
        .with_user_rule(
            UserRule::new(
                "house.within",
                "survivors_repatriated <= survivors_cared_for",
            )
            .unwrap()
            .with_grouping(Grouping::default().by_period(impact_metrics::PeriodKind::Half)),
        )
        .validate(&overlapping));

    // A hidden refusal is counted.
    let hidden = Validator::new().disable("figure").unwrap().admit(
        FiscalCalendar::SEPTEMBER,
        Catalogue::builtin(),
        [(
            Observation::new(Indicator::RE_TRAFFICKING_RATE, h1(), Value::Count(0)),
            Location::none(),
        )],
    );
    add(&hidden.1);

    // Disclosure control on a breakdown with small counts.
    let mut table = CountTable::new(["GB", "BD", "TH"], ["repatriated", "convicted"]);
    for (row, column, value) in [
        (0, 0, 15),
        (1, 0, 86),
        (2, 0, 2),
        (0, 1, 1),
        (1, 1, 40),
        (2, 1, 24),
    ] {
        table.set(row, column, value).unwrap();
    }
    add(Disclosure::default().protect(&table).unwrap().findings());

    // SDMX-CSV: a file that is not SDMX-CSV, one row of each kind the
    // reader refuses, and a figure the writer leaves out.
    #[cfg(feature = "sdmx")]
    {
        use impact_metrics::sdmx;
        let settings = sdmx::Settings::new();
        add(&sdmx::read(&b"indicator,period,value\n"[..], &september(), &settings).1);
        let file = "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,INDICATOR,REF_AREA,CHANNEL,PARTNER,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,REPORTING_YEAR_START_DAY\n\
            dataflow,OTHER:DF(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,1,,,--09-01\n\
            dataflow,IMPACT:ANTI_TRAFFICKING(1.0),D,S,victims_removed,GB,direct,_Z,2020-S1,-,,,--09-01\n\
            dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,,_Z,2020-S1,1,,,--09-01\n\
            dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,W,victims_removed,GB,direct,_Z,2020-W01,1,,,--09-01\n\
            dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,1,,,--01-01\n\
            dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,1,,P,--09-01\n\
            dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,1,cases,,--09-01\n\
            dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,income_rise_rate_NUM,GB,direct,_Z,2020-S1,1,,,--09-01\n\
            dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,NaN,,,--09-01\n";
        add(&sdmx::read(file.as_bytes(), &september(), &settings).1);
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        data.push(
            Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(3))
                .with_channel(Channel::Joint)
                .with_partner(Partner::new("_Z").unwrap()),
        )
        .unwrap();
        add(&sdmx::write(&data, &settings, Vec::new()).unwrap());
    }

    // IATI results: a bound, a rate with no exact percentage, and a note
    // with a control character.
    #[cfg(feature = "iati")]
    {
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        for figure in [
            Observation::new(Indicator::INDIVIDUALS_SUPPLIED, h1(), Value::Count(2000))
                .with_bound(impact_metrics::Bound::MoreThan),
            Observation::new(
                Indicator::INCOME_RISE_RATE,
                h1(),
                Value::Ratio {
                    numerator: 11,
                    denominator: 24,
                },
            ),
            Observation::new(Indicator::EXPLOITERS_CONVICTED, h1(), Value::Count(1))
                .with_note("bell\u{7}"),
        ] {
            data.push(figure).unwrap();
        }
        let settings = impact_metrics::iati::Settings::new();
        add(&impact_metrics::iati::write_results(&data, &settings, std::io::sink()).unwrap());
    }

    // DHIS2: what cannot be written, and what cannot be read back.
    #[cfg(feature = "dhis2")]
    all.extend(dhis2_findings());

    all
}

/// A reader that gives its bytes, then fails.
struct Failing(&'static [u8]);

impl std::io::Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0.is_empty() {
            return Err(std::io::Error::other("the disk went away"));
        }
        let n = self.0.len().min(buf.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn every_emitted_rule_id_is_registered_with_the_severity_it_is_raised_with() {
    let all = everything_emitted();
    assert!(all.len() > 50, "only {} findings", all.len());
    for finding in &all {
        let info = finding
            .rule
            .info()
            .unwrap_or_else(|| panic!("{} is not registered: {finding}", finding.rule));
        assert_eq!(finding.severity, info.severity, "{finding}");
    }
}

/// One finding of each DHIS2 rule: a half DHIS2 has no period for, a
/// bound, an unmapped country, a figure read into its source, a second
/// figure for the same value; a rate without its denominator and a deleted
/// value in an export.
#[cfg(feature = "dhis2")]
fn dhis2_findings() -> Vec<Finding> {
    use impact_metrics::Bound;
    use impact_metrics::dhis2::{self, Element, Mapping, Payload};
    let cal = FiscalCalendar::SEPTEMBER;
    let month = cal.month(2020, 1).unwrap();
    let mapping = Mapping::new()
        .with_country(Country::GB, "GBorgUnit01")
        .unwrap()
        .with_count(
            Indicator::VICTIMS_REMOVED,
            None,
            Element::new("victimsRem1").unwrap(),
        )
        .unwrap()
        .with_rate(
            Indicator::RE_TRAFFICKING_RATE,
            None,
            Element::new("reTrafNum01").unwrap(),
            Element::new("reTrafDen01").unwrap(),
        )
        .unwrap();
    let gb = |period, n| {
        Observation::new(Indicator::VICTIMS_REMOVED, period, Value::Count(n))
            .with_country(Country::GB)
    };
    let mut data = Dataset::new(cal, Catalogue::builtin());
    for figure in [
        gb(h1(), 1),
        gb(month, 2).with_bound(Bound::AtLeast),
        gb(month, 3).with_country(Country::BD),
        gb(month, 4).with_interpretation("read as 4"),
        gb(month, 5),
    ] {
        data.push(figure).unwrap();
    }
    let mut all = dhis2::write(&data, &mapping, Payload::Csv, std::io::sink())
        .unwrap()
        .into_findings();
    let export = "dataelement,period,orgunit,value,deleted\n\
                  reTrafNum01,202009,GBorgUnit01,1,false\n\
                  victimsRem1,202010,GBorgUnit01,1,true\n";
    let (_, read) = dhis2::read(export.as_bytes(), &september(), &mapping, Payload::Csv);
    all.extend(read.into_findings());
    all
}

#[test]
fn the_messy_inputs_reach_every_family() {
    let families: BTreeSet<String> = everything_emitted()
        .iter()
        .map(|f| f.rule.family().to_string())
        .collect();
    let mut registered: BTreeSet<String> = RuleId::registry()
        .iter()
        .map(|r| r.family().to_string())
        .collect();
    // The exchange formats' readers and writers exist only with their
    // features.
    if cfg!(not(feature = "dhis2")) {
        registered.remove("dhis2");
    }
    if cfg!(not(feature = "sdmx")) {
        registered.remove("sdmx");
    }
    if cfg!(not(feature = "iati")) {
        registered.remove("iati");
    }
    if cfg!(not(feature = "workbook")) {
        registered.remove("workbook");
    }
    assert_eq!(families, registered);
}

#[test]
fn the_registry_has_no_duplicate_id() {
    let mut seen = BTreeSet::new();
    for rule in RuleId::registry() {
        assert!(seen.insert(rule.id), "{} is registered twice", rule.id);
    }
    assert_eq!(Validator::builtin_rules(), RuleId::registry());
}

/// Each reason a figure is refused: the figure, the rule id and the
/// message, written by hand.
fn refusals() -> Vec<(Observation, &'static str, &'static str, &'static str)> {
    let april = FiscalCalendar::new(4, YearLabel::Span).unwrap();
    vec![
        (
            Observation::new(Indicator::new("x.unknown").unwrap(), h1(), Value::Count(1)),
            "x.unknown,,,20/21 H1,1",
            "figure.unknown_indicator",
            "invalid figure x.unknown 20/21 H1 = 1: \
             the catalogue does not define x.unknown; define it, or correct the code",
        ),
        (
            Observation::new(Indicator::RE_TRAFFICKING_RATE, h1(), Value::Count(0)),
            "re_trafficking_rate,,,20/21 H1,0",
            "figure.wrong_measure",
            "invalid figure re_trafficking_rate 20/21 H1 = 0: \
             re_trafficking_rate is a rate, but the value is a count",
        ),
        (
            Observation::new(
                Indicator::VICTIMS_REMOVED,
                april.half(2020, 1).unwrap(),
                Value::Count(3),
            ),
            "victims_removed,,,FY2020-04-H1,3",
            "period.calendar",
            "invalid figure victims_removed FY2020-04-H1 = 3: \
             the period is on a calendar whose years start in month 4, the dataset's start in month 9",
        ),
        (
            Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(37))
                .with_channel(Channel::Joint),
            "victims_removed,joint,,20/21 H1,37",
            "figure.partner",
            "invalid figure victims_removed joint 20/21 H1 = 37: \
             a joint operation names its partner, and this figure names none",
        ),
        (
            Observation::new(Indicator::VICTIMS_REMOVED, h1(), Value::Count(2))
                .with_channel(Channel::Direct)
                .with_partner(Partner::new("Vihaan").unwrap()),
            "victims_removed,direct,Vihaan,20/21 H1,2",
            "figure.partner",
            "invalid figure victims_removed direct Vihaan 20/21 H1 = 2: \
             only joint operations have a partner, not direct work (partner \"Vihaan\")",
        ),
    ]
}

#[test]
fn a_reason_has_one_id_and_one_message_from_push_the_reader_and_the_validator() {
    for (figure, row, rule, message) in refusals() {
        // Dataset::push
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        let err = data.push(figure.clone()).unwrap_err();
        assert_eq!(err.to_string(), message, "{row}");
        let Error::Refused { refusal, .. } = &err else {
            panic!("{row}: {err:?}");
        };
        assert_eq!(refusal.rule(), rule, "{row}");
        assert!(data.is_empty());

        // The CSV reader
        let file = format!("indicator,channel,partner,period,value\n{row}\n");
        let (read, report) = csv::read(file.as_bytes(), &september().with_source("in.csv"));
        assert!(read.is_empty(), "{row}");
        let found: Vec<String> = report.findings().iter().map(|f| f.to_string()).collect();
        assert_eq!(
            found,
            [format!("error[{rule}] in.csv:2: {message}")],
            "{row}"
        );

        // The validator
        let (admitted, report) = Validator::new().admit(
            FiscalCalendar::SEPTEMBER,
            Catalogue::builtin(),
            [(figure, Location::in_file("in.csv").with_line(2))],
        );
        assert!(admitted.is_empty(), "{row}");
        let found: Vec<String> = report.findings().iter().map(|f| f.to_string()).collect();
        assert_eq!(
            found,
            [format!("error[{rule}] in.csv:2 (figure #0): {message}")],
            "{row}"
        );
    }
}

#[test]
fn a_figure_refused_for_two_reasons_reports_both() {
    let figure = Observation::new(Indicator::RE_TRAFFICKING_RATE, h1(), Value::Count(0))
        .with_channel(Channel::Joint);
    let data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    assert_eq!(
        data.refusals(&figure),
        [
            Refusal::WrongMeasure {
                indicator: Indicator::RE_TRAFFICKING_RATE,
                expected: impact_metrics::Measure::Rate,
                found: impact_metrics::Measure::Count,
            },
            Refusal::PartnerMissing {
                channel: Channel::Joint
            },
        ]
    );
    let (_, report) = csv::read(
        &b"indicator,channel,period,value\nre_trafficking_rate,joint,20/21 H1,0\n"[..],
        &september(),
    );
    let rules: Vec<&str> = report.findings().iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["figure.wrong_measure", "figure.partner"]);
}

#[test]
fn settings_on_a_family_reach_the_findings_of_reading() {
    let file = fs::File::open(data_file("partner_with_problems.csv")).unwrap();
    let (_, read) = csv::read(file, &september());
    // By hand from the planted problems (listed line by line in
    // tests/seed_files.rs): one note (an ignored column), 15 parse errors
    // (8 values, 2 periods, a row, a country, an indicator, a denominator,
    // a channel) and 3 refused figures (two partners, one measure).
    let parse_errors = read
        .findings()
        .iter()
        .filter(|f| f.rule.family() == "parse" && f.severity == Severity::Error)
        .count();
    assert_eq!(parse_errors, 15, "{read}");

    let quieter = Validator::new()
        .with_severity("parse", Severity::Warning)
        .unwrap()
        .apply(read.clone());
    assert_eq!(quieter.count(Severity::Error), 3, "{quieter}"); // lines 9, 15 and 18
    assert_eq!(quieter.count(Severity::Warning), 16); // the 15 and the note
    assert_eq!(
        quieter
            .by_rule("parse.column_ignored")
            .next()
            .unwrap()
            .severity,
        Severity::Warning
    );

    let without_parse = Validator::new()
        .disable("parse")
        .unwrap()
        .apply(read.clone());
    let rules: Vec<&str> = without_parse
        .findings()
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(
        rules,
        [
            "figure.partner",
            "figure.wrong_measure",
            "figure.partner",
            "config.hidden"
        ]
    );
    assert_eq!(
        without_parse.findings()[3].message,
        "15 errors about figures left out of the dataset not shown, because the settings \
         disable their rules: parse.channel (1), parse.country (1), parse.denominator (1), \
         parse.indicator (1), parse.period (2), parse.row (1), parse.value (8)"
    );

    // An id's setting wins over its family's.
    let only_values = Validator::new()
        .disable("parse")
        .and_then(|v| v.enable("parse.value"))
        .unwrap()
        .apply(read);
    assert_eq!(only_values.by_rule("parse.value").count(), 8);
    assert_eq!(only_values.by_rule("parse.period").count(), 0);
}

#[test]
fn a_misspelt_id_is_refused_with_a_suggestion() {
    assert_eq!(
        Validator::new()
            .disable("duplicate.identicle")
            .unwrap_err()
            .to_string(),
        "invalid rule \"duplicate.identicle\": no rule or family has this id; \
         did you mean \"duplicate.identical\"?"
    );
    assert_eq!(
        Validator::new()
            .with_severity("pars", Severity::Note)
            .unwrap_err()
            .to_string(),
        "invalid rule \"pars\": no rule or family has this id; did you mean \"parse\"?"
    );
    // Three suggestions at most, nearest first: "outlier.zscore" is one
    // edit away, "outlier.modified_zscore" more than a third of the id.
    assert_eq!(
        Validator::new()
            .enable("outlier.zcore")
            .unwrap_err()
            .to_string(),
        "invalid rule \"outlier.zcore\": no rule or family has this id; \
         did you mean \"outlier.zscore\"?"
    );
    assert!(Validator::new().disable("parse").is_ok());
}

#[test]
fn a_user_id_and_a_registered_id_are_told_apart() {
    let own = RuleId::from("house.needs_note");
    assert!(!own.is_registered());
    assert_eq!(own.family(), "house");
    assert_eq!(RuleId::from("parse.value"), RuleId::PARSE_VALUE);
    assert_eq!(
        RuleId::PARSE_VALUE.default_severity(),
        Some(Severity::Error)
    );
}

mod laws {
    use proptest::prelude::*;

    use super::*;

    fn figure() -> impl Strategy<Value = Observation> {
        let indicators = prop::sample::select(vec![
            Indicator::VICTIMS_REMOVED,
            Indicator::RE_TRAFFICKING_RATE,
            Indicator::new("x.unknown").unwrap(),
        ]);
        let channels = prop::option::of(prop::sample::select(vec![
            Channel::Direct,
            Channel::Joint,
            Channel::Systemic,
        ]));
        (
            indicators,
            any::<bool>(),
            1u32..=12,
            channels,
            any::<bool>(),
        )
            .prop_map(|(indicator, count, month, channel, partner)| {
                let calendar = FiscalCalendar::new(month, YearLabel::Span).unwrap();
                let value = if count {
                    Value::Count(3)
                } else {
                    Value::Ratio {
                        numerator: 1,
                        denominator: 4,
                    }
                };
                let mut figure =
                    Observation::new(indicator, calendar.half(2020, 1).unwrap(), value);
                figure.channel = channel;
                if partner {
                    figure.partner = Some(Partner::new("Vihaan").unwrap());
                }
                figure
            })
    }

    proptest! {
        /// `check`, `push` and `Validator::admit` decide by the same
        /// reasons: a figure is admitted exactly when it has none, and
        /// `admit` reports one finding per reason, under the reason's id.
        #[test]
        fn every_path_decides_by_the_same_reasons(figure in figure()) {
            let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
            let reasons = data.refusals(&figure);
            prop_assert_eq!(data.check(&figure).is_ok(), reasons.is_empty());
            prop_assert_eq!(data.push(figure.clone()).is_ok(), reasons.is_empty());
            let (admitted, report) = Validator::new().admit(
                FiscalCalendar::SEPTEMBER,
                Catalogue::builtin(),
                [(figure, Location::none())],
            );
            prop_assert_eq!(admitted.len(), usize::from(reasons.is_empty()));
            let mut refused: Vec<RuleId> = report
                .findings()
                .iter()
                .filter(|f| f.rule.info().is_some_and(|r| r.leaves_out))
                .map(|f| f.rule.clone())
                .collect();
            let mut expected: Vec<RuleId> = reasons.iter().map(Refusal::rule).collect();
            refused.sort();
            expected.sort();
            prop_assert_eq!(refused, expected);
        }
    }
}
