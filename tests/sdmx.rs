//! SDMX-CSV 2.0: an exact file checked by hand against the specification,
//! round trips, and the refusals.
#![cfg(feature = "sdmx")]

mod common;

use chrono::{Datelike, Months, NaiveDate};
use common::brief;
use common::strategies::{self, any_figure, calendars, periods};
use impact_metrics::format::ReadOptions;
use impact_metrics::{
    Bound, Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Observation, Partner,
    Severity, Value, sdmx, seed,
};
use proptest::prelude::*;

const HEADER: &str = "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,INDICATOR,REF_AREA,CHANNEL,PARTNER,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,BOUND,REPORTING_YEAR_START_DAY,COMMENT_OBS";

fn write(data: &Dataset) -> String {
    let mut out = Vec::new();
    let findings = sdmx::write(data, &sdmx::Settings::new(), &mut out).unwrap();
    assert!(findings.is_empty(), "{findings:?}");
    String::from_utf8(out).unwrap()
}

fn read(text: &str, calendar: FiscalCalendar) -> (Dataset, impact_metrics::Findings) {
    let options = ReadOptions::new(calendar, strategies::catalogue()).with_source("tip.csv");
    sdmx::read(text.as_bytes(), &options, &sdmx::Settings::new())
}

/// A few figures of the seed report's kinds, on its September calendar.
fn september_figures() -> Dataset {
    let c = FiscalCalendar::SEPTEMBER;
    let h1 = c.half(2020, 1).unwrap();
    let vihaan = Partner::new("Vihaan").unwrap();
    let lift = Partner::new("LIFT International").unwrap();
    let mut data = Dataset::new(c, Catalogue::builtin());
    let figures = [
        Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20))
            .with_country(Country::GB)
            .with_channel(Channel::Direct),
        Observation::new(
            Indicator::SURVIVORS_CARED_FOR,
            c.quarter(2020, 1).unwrap(),
            Value::Count(93),
        )
        .with_country(Country::IN)
        .with_channel(Channel::Joint)
        .with_partner(vihaan)
        .with_note("Q2 data awaited"),
        Observation::new(
            Indicator::INCOME_RISE_RATE,
            h1,
            Value::Ratio {
                numerator: 11,
                denominator: 24,
            },
        )
        .with_country(Country::BD)
        .with_channel(Channel::Direct),
        Observation::new(
            Indicator::PEOPLE_REACHED_INDIRECT,
            h1,
            Value::Count(1_300_000),
        )
        .with_country(Country::BD)
        .with_channel(Channel::Direct)
        .with_bound(Bound::MoreThan)
        .with_note("by a TV commercial"),
        Observation::new(Indicator::SURVIVORS_REPATRIATED, h1, Value::Count(2))
            .with_country(Country::RO)
            .with_channel(Channel::Direct)
            .with_interpretation("a survivor and her daughter, read as 2"),
        Observation::new(
            Indicator::POLICE_ENGAGEMENT_RATE,
            h1,
            Value::Percent(82.into()),
        )
        .with_country(Country::GB)
        .with_channel(Channel::Direct),
        // January 2021: the fifth month of the year that starts in September 2020.
        Observation::new(
            Indicator::VICTIMS_REMOVED,
            c.month(2020, 5).unwrap(),
            Value::Count(4),
        )
        .with_country(Country::GB)
        .with_channel(Channel::Direct),
        // September 2019 to August 2020.
        Observation::new(
            Indicator::ACCUSED_ARRESTED,
            c.year(2019).unwrap(),
            Value::Count(51),
        )
        .with_country(Country::TH)
        .with_channel(Channel::Joint)
        .with_partner(lift),
        // March to May 2021, across countries.
        Observation::new(
            Indicator::PROFESSIONALS_TRAINED,
            c.quarter(2020, 3).unwrap(),
            Value::Count(300),
        ),
    ];
    for figure in figures {
        data.push(figure).unwrap();
    }
    data
}

/// Each row by hand from the SDMX-CSV field guide (STRUCTURE, STRUCTURE_ID
/// `AGENCY:ID(VERSION)`, ACTION `I`, then the components) and the SDMX
/// reporting periods: the year is the one the reporting year starts in,
/// and `--09-01` starts it on 1 September.
#[test]
fn a_few_figures_make_this_exact_file() {
    let expected = [
        HEADER,
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,20,people,A,,--09-01,",
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,Q,survivors_cared_for,IN,joint,Vihaan,2020-Q1,93,people,A,,--09-01,Q2 data awaited",
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,income_rise_rate_NUM,BD,direct,_Z,2020-S1,11,people,A,,--09-01,",
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,income_rise_rate_DEN,BD,direct,_Z,2020-S1,24,people,A,,--09-01,",
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,people_reached_indirect,BD,direct,_Z,2020-S1,1300000,people,A,GT,--09-01,by a TV commercial",
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,survivors_repatriated,RO,direct,_Z,2020-S1,2,people,E,,--09-01,\"a survivor and her daughter, read as 2\"",
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,police_engagement_rate,GB,direct,_Z,2020-S1,82,percent,A,,--09-01,",
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,M,victims_removed,GB,direct,_Z,2020-M05,4,people,A,,--09-01,",
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,A,accused_arrested,TH,joint,LIFT International,2019-A1,51,people,A,,--09-01,",
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,Q,professionals_trained,_Z,_Z,_Z,2020-Q3,300,people,A,,--09-01,",
    ];
    let data = september_figures();
    let text = write(&data);
    assert_eq!(text.lines().collect::<Vec<_>>(), expected);

    let (back, findings) = read(&text, FiscalCalendar::SEPTEMBER);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(back.observations(), data.observations());
    // The rate is one figure, at its numerator's line.
    assert_eq!(back.location(2).unwrap().to_string(), "tip.csv:4");
    assert_eq!(back.location(3).unwrap().to_string(), "tip.csv:6");
}

/// SDMX 2.1 Section 6, 4.2.5: "2010-Q2, REPORTING_YEAR_START_DAY = --07-01"
/// covers 2010-10-01 to 2010-12-31. A January calendar writes `--01-01`.
#[test]
fn the_standards_example_and_a_calendar_year() {
    let july = FiscalCalendar::JULY;
    let q2 = july.quarter(2010, 2).unwrap();
    let mut data = Dataset::new(july, Catalogue::builtin());
    data.push(Observation::new(
        Indicator::VICTIMS_REMOVED,
        q2,
        Value::Count(5),
    ))
    .unwrap();
    let text = write(&data);
    assert!(
        text.ends_with(",Q,victims_removed,_Z,_Z,_Z,2010-Q2,5,people,A,,--07-01,\n"),
        "{text}"
    );
    assert_eq!(
        q2.first_day(),
        NaiveDate::from_ymd_opt(2010, 10, 1).unwrap()
    );
    assert_eq!(
        q2.last_day(),
        NaiveDate::from_ymd_opt(2010, 12, 31).unwrap()
    );

    let january = FiscalCalendar::JANUARY;
    let mut data = Dataset::new(january, Catalogue::builtin());
    data.push(Observation::new(
        Indicator::VICTIMS_REMOVED,
        january.quarter(2021, 1).unwrap(),
        Value::Count(5),
    ))
    .unwrap();
    let text = write(&data);
    assert!(text.ends_with(",2021-Q1,5,people,A,,--01-01,\n"), "{text}");
}

/// The parts of a period's SDMX form, by the standard's definition, worked
/// out here without the crate: `YYYY-Xn` with start day `--MM-01` starts
/// (n - 1) durations after YYYY-MM-01 and ends the day before n durations.
fn sdmx_months(time_period: &str, start_day: &str) -> (NaiveDate, NaiveDate) {
    let (year, rest) = time_period.split_once('-').unwrap();
    let year: i32 = year.parse().unwrap();
    let (letter, n) = rest.split_at(1);
    let n: u32 = n.parse().unwrap();
    let duration = match letter {
        "A" => 12,
        "S" => 6,
        "Q" => 3,
        "M" => 1,
        other => panic!("{other}"),
    };
    let month: u32 = start_day
        .strip_prefix("--")
        .unwrap()
        .strip_suffix("-01")
        .unwrap()
        .parse()
        .unwrap();
    let base = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
    let first = base + Months::new((n - 1) * duration);
    let last = base + Months::new(n * duration) - chrono::Days::new(1);
    (first, last)
}

proptest! {
    #[test]
    fn every_period_round_trips_through_its_sdmx_form_with_its_months(
        (calendar, period) in calendars().prop_flat_map(|c| (Just(c), periods(c)))
    ) {
        let text = sdmx::time_period(period);
        let start_day = sdmx::reporting_year_start_day(calendar);
        prop_assert_eq!(sdmx::parse_time_period(&text, calendar).unwrap(), period);
        let (first, last) = sdmx_months(&text, &start_day);
        prop_assert_eq!(first, period.first_day());
        prop_assert_eq!(last, period.last_day());
        // The year named is the one in which the reporting year starts.
        prop_assert_eq!(first.year() - i32::from(first.month() < calendar.start_month()), period.fiscal_year());
    }

    #[test]
    fn figures_round_trip(
        (calendar, figures) in calendars().prop_flat_map(|c| {
            (Just(c), proptest::collection::vec(
                any_figure(c).prop_filter("an SDMX code has no '.'", |f| !f.indicator.as_str().contains('.')),
                0..12,
            ))
        })
    ) {
        let data = strategies::dataset(calendar, &figures);
        let text = write(&data);
        let (back, findings) = read(&text, calendar);
        prop_assert!(findings.is_empty(), "{:?}\n{}", findings, text);
        prop_assert_eq!(back.observations(), data.observations());
    }

    #[test]
    fn what_sdmx_cannot_carry_is_left_out_and_the_rest_round_trips(data in strategies::datasets()) {
        let mut out = Vec::new();
        let findings = sdmx::write(&data, &sdmx::Settings::new(), &mut out).unwrap();
        let carried: Vec<Observation> = data
            .iter()
            .filter(|f| !f.indicator.as_str().contains('.'))
            .collect();
        prop_assert_eq!(findings.len(), data.len() - carried.len());
        prop_assert!(findings.findings().iter().all(|f| f.rule == "sdmx.code" && f.severity == Severity::Error));
        let (back, read_findings) = read(&String::from_utf8(out).unwrap(), data.calendar());
        prop_assert!(read_findings.is_empty(), "{:?}", read_findings);
        prop_assert_eq!(back.observations(), &carried[..]);
    }

    #[test]
    fn a_file_read_on_another_calendar_is_refused_row_by_row_never_re_based(
        data in strategies::datasets(),
        other in calendars(),
    ) {
        prop_assume!(other.start_month() != data.calendar().start_month());
        let mut out = Vec::new();
        sdmx::write(&data, &sdmx::Settings::new(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        // A row per figure written, two for a rate (a note may hold line breaks).
        let rows: usize = data
            .iter()
            .filter(|f| !f.indicator.as_str().contains('.'))
            .map(|f| if matches!(f.value, Value::Ratio { .. }) { 2 } else { 1 })
            .sum();
        let (back, findings) = read(&text, other);
        prop_assert!(back.is_empty());
        prop_assert_eq!(findings.len(), rows);
        prop_assert!(findings.findings().iter().all(|f| f.rule == "sdmx.start_day"));
    }

    #[test]
    fn a_calendar_month_reads_on_any_calendar(
        (calendar, period) in calendars().prop_flat_map(|c| (Just(c), periods(c)))
    ) {
        let day = period.first_day();
        let month = sdmx::parse_time_period(&format!("{:04}-{:02}", day.year(), day.month()), calendar).unwrap();
        prop_assert_eq!(month.first_day(), day);
        prop_assert_eq!(month.months(), 1);
    }
}

#[test]
fn a_figure_sdmx_cannot_carry_is_left_out_with_a_finding() {
    let c = FiscalCalendar::SEPTEMBER;
    let h1 = c.half(2020, 1).unwrap();
    let figures = [
        Observation::new(strategies::partner_indicator(), h1, Value::Count(40)),
        Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(20)),
        Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(3))
            .with_channel(Channel::Joint)
            .with_partner(Partner::new("_Z").unwrap()),
    ];
    let data = strategies::dataset(c, &figures);
    let mut out = Vec::new();
    let findings = sdmx::write(&data, &sdmx::Settings::new(), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains(",victims_removed,_Z,_Z,_Z,2020-S1,20,"));
    let messages: Vec<String> = findings
        .findings()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        messages,
        [
            "error[sdmx.code] figure #0: lift.safehouse_nights 20/21 H1 = 40 is left out: its indicator code \"lift.safehouse_nights\" has a '.', which an SDMX code cannot have; define the indicator under a code without one, such as \"lift_safehouse_nights\"",
            "error[sdmx.code] figure #2: victims_removed joint _Z 20/21 H1 = 3 is left out: its partner is named \"_Z\", which SDMX reads as no partner; give the partner its name",
        ]
    );
    assert_eq!(
        findings.findings()[0].series.as_ref().unwrap().indicator,
        strategies::partner_indicator()
    );
}

/// One row of each kind a reader refuses, and two good ones.
#[test]
fn every_refusal_is_located() {
    let rows = [
        "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,INDICATOR,REF_AREA,CHANNEL,PARTNER,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,CONF_STATUS,BOUND,REPORTING_YEAR_START_DAY,COMMENT_OBS,UPDATED",
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,20,people,A,F,,--09-01,,2021-03-01", // 2: good
        "dataflow,UNODC:GLOTIP(1.0),I,A,DETECTED,GB,_Z,_Z,2020,40,,,,,,,", // 3: another structure
        "dataflow,UNODC:GLOTIP(1.0),I,A,DETECTED,BD,_Z,_Z,2020,41,,,,,,,", // 4: the same
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),D,S,victims_removed,BD,direct,_Z,2020-S1,-,,,,,--09-01,,", // 5: delete
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,BD,direct,_Z,2020-S1,17,,,,,--01-01,,", // 6: January start day
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,TH,direct,_Z,2020-S1,37,,,,,,,", // 7: no start day
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,W,victims_removed,GB,direct,_Z,2020-W01,1,,,,,--09-01,,", // 8: a week
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,Q,victims_removed,GB,direct,_Z,2020-S1,1,,,,,--09-01,,", // 9: FREQ disagrees
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,1,,P,,,--09-01,,", // 10: provisional
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,1,,,C,,--09-01,,", // 11: confidential
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,,_Z,2020-S1,1,,,,,--09-01,,", // 12: empty dimension
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,income_rise_rate_NUM,BD,direct,_Z,2020-S1,11,,,,,--09-01,,", // 13: a numerator alone
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,1,cases,,,,--09-01,,", // 14: another unit
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,IN,direct,_Z,2020-S1,NaN,,,,,--09-01,,", // 15: missing
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,12.5,,,,,--09-01,,", // 16: not a count
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,XX,direct,_Z,2020-S1,1,,,,,--09-01,,", // 17: no country
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,M,victims_removed,GB,direct,_Z,2021-01,4,,,,,,,", // 18: good, a calendar month
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed_NUM,GB,direct,_Z,2020-S1,1,,,,,--09-01,,", // 19: a count has no parts
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),X,S,victims_removed,GB,direct,_Z,2020-S1,1,,,,,--09-01,,", // 20: unknown action
        "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,direct,_Z,2020-S1,1,,,,,--04-06,,", // 21: the UK tax year
    ];
    let text = rows.join("\n") + "\n";
    let c = FiscalCalendar::SEPTEMBER;
    let (data, findings) = read(&text, c);

    let expected = [
        "note parse.column_ignored 1 UPDATED",
        "error sdmx.action 5 ACTION",
        "error sdmx.start_day 6 REPORTING_YEAR_START_DAY",
        "error sdmx.start_day 7 REPORTING_YEAR_START_DAY",
        "error sdmx.period 8 TIME_PERIOD",
        "error sdmx.period 9 FREQ",
        "error sdmx.status 10 OBS_STATUS",
        "error sdmx.status 11 CONF_STATUS",
        "error sdmx.dimension 12 CHANNEL",
        "error sdmx.unit 14 UNIT_MEASURE",
        "note sdmx.missing 15 OBS_VALUE",
        "error parse.value 16 OBS_VALUE",
        "error parse.country 17 REF_AREA",
        "error sdmx.rate 19 INDICATOR",
        "error sdmx.action 20 ACTION",
        "error sdmx.start_day 21 REPORTING_YEAR_START_DAY",
        "error sdmx.structure 3 STRUCTURE_ID",
        "error sdmx.rate 13 -",
    ];
    assert_eq!(brief(&findings), expected);
    let message = |rule: &str, line: u64| {
        findings
            .findings()
            .iter()
            .find(|f| f.rule == rule && f.location.line == Some(line))
            .unwrap()
            .message
            .clone()
    };
    assert_eq!(
        message("sdmx.structure", 3),
        "2 rows of the structure \"UNODC:GLOTIP(1.0)\", the first here, are not read: the file is read as \"IMPACT:ANTI_TRAFFICKING(1.0)\"; read it with that structure if its columns mean the same"
    );
    assert_eq!(
        message("sdmx.start_day", 6),
        "the reporting year starts on \"--01-01\", but the file is read on a calendar whose years start on --09-01, so the row is not read rather than moved to other months: read the file with a calendar that starts in January, or ask for the figures on years that start on --09-01"
    );
    assert!(message("sdmx.start_day", 7).starts_with("no REPORTING_YEAR_START_DAY is given, so \"2020-S1\" is a period of a year that starts on 1 January"));
    assert_eq!(
        message("sdmx.period", 8),
        "invalid period \"2020-W01\": a week is not a period figures are read for (years, halves, quarters and months): send the figures by month; the row is not read"
    );
    assert_eq!(
        message("sdmx.rate", 13),
        "the numerator of income_rise_rate BD direct 20/21 H1 has no denominator row, so the rate is not read"
    );
    assert!(message("sdmx.start_day", 21).contains("starts on day 6 of April"));
    assert!(message("sdmx.missing", 15).contains("a missing figure is not a zero"));

    // The two good rows: 20 in 20/21 H1, 4 in January 2021.
    let got: Vec<String> = data.iter().map(|f| f.describe(c)).collect();
    assert_eq!(
        got,
        [
            "victims_removed GB direct 20/21 H1 = 20",
            "victims_removed GB direct Jan 2021 = 4"
        ]
    );
    assert_eq!(
        data.iter().nth(1).unwrap().period,
        c.month(2020, 5).unwrap()
    );
}

#[test]
fn a_header_without_what_a_figure_needs_reads_nothing() {
    let (data, findings) = read(
        "STRUCTURE,STRUCTURE_ID,INDICATOR,OBS_VALUE\ndataflow,IMPACT:ANTI_TRAFFICKING(1.0),victims_removed,20\n",
        FiscalCalendar::SEPTEMBER,
    );
    assert!(data.is_empty());
    assert_eq!(brief(&findings), ["error sdmx.header 1 -"]);
    assert_eq!(
        findings.findings()[0].message,
        "the header has no TIME_PERIOD column, so no row is read"
    );

    let (data, findings) = read(
        "indicator,period,value\nvictims_removed,20/21 H1,20\n",
        FiscalCalendar::SEPTEMBER,
    );
    assert!(data.is_empty());
    assert_eq!(brief(&findings), ["error sdmx.header 1 -"]);
    assert!(
        findings.findings()[0]
            .message
            .contains("\"indicator,period,value\"")
    );

    let (data, findings) = read(
        "STRUCTURE,STRUCTURE_ID,INDICATOR,TIME_PERIOD,OBS_VALUE,OBS_VALUE\n",
        FiscalCalendar::SEPTEMBER,
    );
    assert!(data.is_empty());
    assert_eq!(brief(&findings), ["error sdmx.header 1 OBS_VALUE"]);
}

/// The field guide's example 4: a semicolon after `STRUCTURE[|]`, and
/// `labels=both` (`ID: name` in the header and in coded cells).
#[test]
fn semicolons_and_labels_are_read() {
    let text = "STRUCTURE[|];STRUCTURE_ID;ACTION;INDICATOR: Indicator;REF_AREA: Reference area;TIME_PERIOD: Time period;OBS_VALUE: Observation value;REPORTING_YEAR_START_DAY\n\
                dataflow;IMPACT:ANTI_TRAFFICKING(1.0): Anti-trafficking impact;I;victims_removed: Victims removed from exploitation;GB: United Kingdom;2020-S1: 2020-S1;20;--09-01\n";
    let (data, findings) = read(text, FiscalCalendar::SEPTEMBER);
    assert!(findings.is_empty(), "{findings:?}");
    let got: Vec<String> = data
        .iter()
        .map(|f| f.describe(FiscalCalendar::SEPTEMBER))
        .collect();
    assert_eq!(got, ["victims_removed GB 20/21 H1 = 20"]);
}

#[test]
fn rate_parts_pair_by_their_key_and_refuse_when_they_do_not() {
    let c = FiscalCalendar::SEPTEMBER;
    let row = |code: &str, value: u32, note: &str| {
        format!(
            "dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,{code},BD,direct,_Z,2020-S1,{value},,A,,--09-01,{note}"
        )
    };
    // Parts apart from each other, the denominator first: one rate.
    let text = [
        HEADER.to_string(),
        row("income_rise_rate_DEN", 24, ""),
        row("victims_removed", 17, ""),
        row("income_rise_rate_NUM", 11, ""),
    ]
    .join("\n");
    let (data, findings) = read(&text, c);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        data.iter().map(|f| f.describe(c)).collect::<Vec<_>>(),
        [
            "victims_removed BD direct 20/21 H1 = 17",
            "income_rise_rate BD direct 20/21 H1 = 11/24"
        ]
    );
    // At its numerator's line.
    assert_eq!(data.location(1).unwrap().to_string(), "tip.csv:4");

    // Parts whose comments disagree; a numerator given twice.
    let text = [
        HEADER.to_string(),
        row("income_rise_rate_NUM", 11, "a"),
        row("income_rise_rate_DEN", 24, "b"),
        row("re_trafficking_rate_NUM", 0, ""),
        row("re_trafficking_rate_NUM", 1, ""),
        row("re_trafficking_rate_DEN", 40, ""),
    ]
    .join("\n");
    let (data, findings) = read(&text, c);
    assert!(data.is_empty());
    assert_eq!(
        brief(&findings),
        [
            "error sdmx.rate 2 -",
            "error sdmx.rate 4 -",
            "error sdmx.rate 5 -",
            "error sdmx.rate 6 -"
        ]
    );
    assert_eq!(
        findings.findings()[0].message,
        "the numerator (line 2) and denominator (line 3) of income_rise_rate BD direct 20/21 H1 disagree in COMMENT_OBS, so the rate is not read"
    );
    assert_eq!(
        findings.findings()[3].message,
        "the numerator of re_trafficking_rate BD direct 20/21 H1 is given 2 times, so the rate is not read"
    );
}

#[test]
fn another_structure_id_is_read_when_the_settings_name_it() {
    let data = september_figures();
    let settings = sdmx::Settings::new()
        .with_structure("NGO:IMPACT(2.0)".parse().unwrap())
        .with_artefact(sdmx::Artefact::DataStructure);
    let mut out = Vec::new();
    sdmx::write(&data, &settings, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("datastructure,NGO:IMPACT(2.0),I,")
    );
    let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    let (back, findings) = sdmx::read(text.as_bytes(), &options, &settings);
    assert!(findings.is_empty());
    assert_eq!(back.observations(), data.observations());
    // Read as the crate's own structure, every row is of another.
    let (back, findings) = sdmx::read(text.as_bytes(), &options, &sdmx::Settings::new());
    assert!(back.is_empty());
    assert_eq!(brief(&findings), ["error sdmx.structure 2 STRUCTURE_ID"]);
    assert_eq!(findings.findings()[0].severity, Severity::Error);
}

#[test]
fn the_seed_report_round_trips_figures_and_highlights() {
    let report = seed::h1_2020_21().unwrap();
    for data in [&report.figures, &report.highlights] {
        let text = write(data);
        let options = ReadOptions::new(report.calendar, Catalogue::builtin());
        let (back, findings) = sdmx::read(text.as_bytes(), &options, &sdmx::Settings::new());
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(back.observations(), data.observations());
    }
}

/// The example prints the seed report's 24 figures by country and channel
/// (tests/data/FIGURES.md, second table: the cells that are not "–").
#[test]
fn the_example_prints_the_seed_figures() {
    let mut exe = std::env::current_exe().unwrap();
    exe.pop();
    if exe.ends_with("deps") {
        exe.pop();
    }
    let exe = exe
        .join("examples")
        .join(format!("sdmx_export{}", std::env::consts::EXE_SUFFIX));
    let output = std::process::Command::new(exe).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.first().copied(), Some(HEADER));
    assert_eq!(lines.len(), 1 + 24);
    for row in [
        "victims_removed,GB,direct,_Z,2020-S1,20,",
        "victims_removed,BD,direct,_Z,2020-S1,17,",
        "victims_removed,TH,joint,LIFT International,2020-S1,37,",
        "survivors_cared_for,IN,joint,Vihaan,2020-Q1,93,",
        "prevention_education,IN,joint,Vihaan,2020-Q1,203,",
        "prosecutions_supported,IN,joint,Vihaan,2020-Q1,129,",
        "professionals_trained,BD,direct,_Z,2020-S1,448,",
        "exploiters_convicted,TH,joint,LIFT International,2020-S1,24,",
        "survivors_repatriated,RO,direct,_Z,2020-S1,2,people,E,",
    ] {
        assert!(text.contains(row), "{row} not in\n{text}");
    }
    // Every row is of the H1 or, for India, of Q1 only.
    assert_eq!(text.matches(",2020-S1,").count(), 21);
    assert_eq!(text.matches(",2020-Q1,").count(), 3);
}

#[test]
fn a_figure_of_another_start_day_is_never_re_based() {
    // The same half read on an April calendar: refused, not moved.
    let text = write(&september_figures());
    let (data, findings) = read(&text, FiscalCalendar::APRIL);
    assert!(data.is_empty());
    assert_eq!(findings.len(), 10);
    assert!(
        findings
            .findings()
            .iter()
            .all(|f| f.rule == "sdmx.start_day")
    );
}
