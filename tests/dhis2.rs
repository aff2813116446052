//! DHIS2 `dataValueSets` in and out: exact payloads checked by hand
//! against DHIS2's documentation, periods with exactly the same months on
//! every calendar, round trips, and every refusal located.
#![cfg(feature = "dhis2")]

mod common;

use std::collections::HashSet;

use common::strategies::{self, any_figure, calendars, catalogue};
use impact_metrics::dhis2::{self, Element, Mapping, Payload, PeriodId};
use impact_metrics::format::ReadOptions;
use impact_metrics::{
    Basis, Bound, Catalogue, Channel, Country, Dataset, Error, FiscalCalendar, Indicator,
    Observation, Partner, Period, PeriodKind, Value, YearLabel, seed,
};
use proptest::prelude::*;

fn september() -> FiscalCalendar {
    FiscalCalendar::SEPTEMBER
}

fn calendar(start: u32) -> FiscalCalendar {
    FiscalCalendar::new(start, YearLabel::Span).unwrap()
}

/// The mapping of the payload tests: identifiers shaped like DHIS2's
/// (eleven characters), made up.
fn mapping() -> Mapping {
    Mapping::new()
        .with_country(Country::GB, "GBorgUnit01")
        .unwrap()
        .with_country(Country::TH, "THorgUnit01")
        .unwrap()
        .with_partner(Partner::new("LIFT International").unwrap(), "LIFTaoc0001")
        .unwrap()
        .with_count(
            Indicator::VICTIMS_REMOVED,
            Some(Channel::Direct),
            Element::new("victimsRem1")
                .unwrap()
                .with_combo("directCoc01")
                .unwrap(),
        )
        .unwrap()
        .with_count(
            Indicator::VICTIMS_REMOVED,
            Some(Channel::Joint),
            Element::new("victimsRem1")
                .unwrap()
                .with_combo("jointCoc001")
                .unwrap(),
        )
        .unwrap()
        .with_rate(
            Indicator::RE_TRAFFICKING_RATE,
            Some(Channel::Direct),
            Element::new("reTrafNum01").unwrap(),
            Element::new("reTrafDen01").unwrap(),
        )
        .unwrap()
}

fn options(calendar: FiscalCalendar) -> ReadOptions {
    ReadOptions::new(calendar, Catalogue::builtin())
}

/// Three figures DHIS2 can take, on a September calendar: the UK's
/// September 2020 victims (a month), Thailand's 2020/21 victims with LIFT
/// (the financial year) and the UK's re-trafficking rate in October 2020.
fn three_figures() -> Dataset {
    let cal = september();
    let mut data = Dataset::new(cal, Catalogue::builtin());
    data.push(
        Observation::new(
            Indicator::VICTIMS_REMOVED,
            cal.month(2020, 1).unwrap(),
            Value::Count(4),
        )
        .with_country(Country::GB)
        .with_channel(Channel::Direct)
        .with_note("from the monthly return, \"provisional\""),
    )
    .unwrap();
    data.push(
        Observation::new(
            Indicator::VICTIMS_REMOVED,
            cal.year(2020).unwrap(),
            Value::Count(37),
        )
        .with_country(Country::TH)
        .with_channel(Channel::Joint)
        .with_partner(Partner::new("LIFT International").unwrap()),
    )
    .unwrap();
    data.push(
        Observation::new(
            Indicator::RE_TRAFFICKING_RATE,
            cal.month(2020, 2).unwrap(),
            Value::Ratio {
                numerator: 0,
                denominator: 24,
            },
        )
        .with_country(Country::GB)
        .with_channel(Channel::Direct),
    )
    .unwrap();
    data
}

fn written(data: &Dataset, mapping: &Mapping, payload: Payload) -> (String, Vec<String>) {
    let mut out = Vec::new();
    let findings = dhis2::write(data, mapping, payload, &mut out).unwrap();
    (
        String::from_utf8(out).unwrap(),
        findings
            .findings()
            .iter()
            .map(ToString::to_string)
            .collect(),
    )
}

// The JSON of DHIS2's "sending data values" docs: an object with
// "dataValues", each value with "dataElement", "period", "orgUnit",
// "categoryOptionCombo", "attributeOptionCombo", "value" as a string and
// "comment". 2020Sep is FinancialSep (September 2020 - August 2021), 202009
// and 202010 are Monthly.
#[test]
fn json_payload_of_three_figures_is_as_dhis2_documents_it() {
    let mapping = mapping()
        .with_data_set("pBOMPrpg1QX")
        .unwrap()
        .with_complete_date(impact_metrics::NaiveDate::from_ymd_opt(2021, 9, 30).unwrap());
    let (json, findings) = written(&three_figures(), &mapping, Payload::Json);
    assert!(findings.is_empty(), "{findings:?}");
    let expected = r#"{
  "dataSet": "pBOMPrpg1QX",
  "completeDate": "2021-09-30",
  "dataValues": [
    {
      "dataElement": "victimsRem1",
      "period": "202009",
      "orgUnit": "GBorgUnit01",
      "categoryOptionCombo": "directCoc01",
      "value": "4",
      "comment": "from the monthly return, \"provisional\""
    },
    {
      "dataElement": "victimsRem1",
      "period": "2020Sep",
      "orgUnit": "THorgUnit01",
      "categoryOptionCombo": "jointCoc001",
      "attributeOptionCombo": "LIFTaoc0001",
      "value": "37"
    },
    {
      "dataElement": "reTrafNum01",
      "period": "202010",
      "orgUnit": "GBorgUnit01",
      "value": "0"
    },
    {
      "dataElement": "reTrafDen01",
      "period": "202010",
      "orgUnit": "GBorgUnit01",
      "value": "24"
    }
  ]
}
"#;
    assert_eq!(json, expected);
}

// DHIS2's CSV columns, in its order: data element, period, org unit,
// category option combo, attribute option combo, value, stored by, last
// updated, comment, follow up; the header row first.
#[test]
fn csv_payload_of_three_figures_has_dhis2s_columns_in_its_order() {
    let mapping = mapping().with_default_combo("HllvX50cXC0").unwrap();
    let (csv, findings) = written(&three_figures(), &mapping, Payload::Csv);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        csv,
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n\
         victimsRem1,202009,GBorgUnit01,directCoc01,,4,,,\"from the monthly return, \"\"provisional\"\"\",\n\
         victimsRem1,2020Sep,THorgUnit01,jointCoc001,LIFTaoc0001,37,,,,\n\
         reTrafNum01,202010,GBorgUnit01,HllvX50cXC0,,0,,,,\n\
         reTrafDen01,202010,GBorgUnit01,HllvX50cXC0,,24,,,,\n"
    );
}

#[test]
fn both_payloads_read_back_to_the_same_figures() {
    let data = three_figures();
    for payload in [Payload::Json, Payload::Csv] {
        for mapping in [
            mapping(),
            mapping().with_default_combo("HllvX50cXC0").unwrap(),
        ] {
            let (text, _) = written(&data, &mapping, payload);
            let (back, findings) =
                dhis2::read(text.as_bytes(), &options(september()), &mapping, payload);
            assert!(findings.is_empty(), "{payload:?}: {findings:?}");
            assert_eq!(back.observations(), data.observations(), "{payload:?}");
        }
    }
}

/// Each calendar, period and the DHIS2 identifier worked out by hand from
/// DHIS2's period table (`None`: DHIS2 has no period with those months).
#[test]
fn periods_go_out_as_the_dhis2_period_with_the_same_months() {
    use PeriodKind::{Half, Month, Quarter, Year};
    let table: &[(u32, PeriodKind, u8, Option<&str>)] = &[
        // January: calendar years, halves and quarters.
        (1, Year, 1, Some("2020")),
        (1, Half, 2, Some("2020S2")),
        (1, Quarter, 3, Some("2020Q3")),
        (1, Month, 5, Some("202005")),
        // April: FinancialApril and SixMonthlyApril; its Q1 is April-June.
        (4, Year, 1, Some("2020April")),
        (4, Half, 1, Some("2020AprilS1")),
        (4, Half, 2, Some("2020AprilS2")),
        (4, Quarter, 1, Some("2020Q2")),
        (4, Quarter, 4, Some("2021Q1")),
        // July: its halves are calendar halves.
        (7, Year, 1, Some("2020July")),
        (7, Half, 1, Some("2020S2")),
        (7, Half, 2, Some("2021S1")),
        (7, Quarter, 1, Some("2020Q3")),
        // October: halves October-March and April-September.
        (10, Year, 1, Some("2020Oct")),
        (10, Half, 1, Some("2020AprilS2")),
        (10, Half, 2, Some("2021AprilS1")),
        (10, Quarter, 1, Some("2020Q4")),
        // November, named by the year it ends in.
        (11, Year, 1, Some("2021Nov")),
        (11, Half, 1, Some("2021NovS1")),
        (11, Half, 2, Some("2021NovS2")),
        (11, Quarter, 1, Some("2021NovQ1")),
        (11, Quarter, 2, Some("2021NovQ2")),
        // May: no financial year, but its halves and quarters are November
        // types (May-October 2020 is 2020NovS2).
        (5, Year, 1, None),
        (5, Half, 1, Some("2020NovS2")),
        (5, Half, 2, Some("2021NovS1")),
        (5, Quarter, 1, Some("2020NovQ3")),
        // February and August: financial years; quarters of the November type.
        (2, Year, 1, Some("2020Feb")),
        (2, Half, 1, None),
        (2, Quarter, 1, Some("2020NovQ2")),
        (8, Year, 1, Some("2020Aug")),
        (8, Half, 1, None),
        (8, Quarter, 1, Some("2020NovQ4")),
        // September: the year, and months only.
        (9, Year, 1, Some("2020Sep")),
        (9, Half, 1, None),
        (9, Half, 2, None),
        (9, Quarter, 1, None),
        (9, Quarter, 3, None),
        (9, Month, 1, Some("202009")),
        (9, Month, 12, Some("202108")),
        // March, June and December: months only.
        (3, Year, 1, None),
        (3, Half, 1, None),
        (3, Quarter, 1, None),
        (6, Year, 1, None),
        (12, Quarter, 1, None),
        (12, Month, 1, Some("202012")),
    ];
    for &(start, kind, index, expected) in table {
        let cal = calendar(start);
        let period = strategies::period(cal, 2020, kind, index - 1);
        let id = PeriodId::of(period).map(|id| id.to_string());
        assert_eq!(id.as_deref(), expected, "{start} {kind:?} {index}");
        if let Some(text) = expected {
            let back: PeriodId = text.parse().unwrap();
            assert_eq!(back.to_period(cal).unwrap(), period, "{text}");
        }
    }
}

/// DHIS2's month-based period types as the test reads them, independently
/// of the crate: the text after the year, the months of each period, the
/// month its first period of a year starts in, and whether the year named
/// is the one the type's year ends in.
const TYPES: [(&str, u32, u32, bool); 13] = [
    ("Q", 3, 1, false),
    ("NovQ", 3, 11, true),
    ("S", 6, 1, false),
    ("AprilS", 6, 4, false),
    ("NovS", 6, 11, true),
    ("Feb", 12, 2, false),
    ("April", 12, 4, false),
    ("July", 12, 7, false),
    ("Aug", 12, 8, false),
    ("Sep", 12, 9, false),
    ("Oct", 12, 10, false),
    ("Nov", 12, 11, true),
    ("", 12, 1, false),
];

/// The first month (as year * 12 + month - 1) and the length of a DHIS2
/// period identifier, worked out by the test's own arithmetic.
fn months_of_identifier(text: &str) -> (i64, u32) {
    let year: i64 = text[..4].parse().unwrap();
    let rest = &text[4..];
    if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
        let month: i64 = rest.parse().unwrap();
        return (year * 12 + month - 1, 1);
    }
    for (infix, length, first, end_year) in TYPES {
        let Some(number) = rest.strip_prefix(infix) else {
            continue;
        };
        let number: i64 = if length == 12 {
            if !number.is_empty() {
                continue;
            }
            1
        } else {
            match number.parse() {
                Ok(n) => n,
                Err(_) => continue,
            }
        };
        let start_year = if end_year { year - 1 } else { year };
        let start = start_year * 12 + i64::from(first) - 1 + (number - 1) * i64::from(length);
        return (start, length);
    }
    panic!("not an identifier the test knows: {text}");
}

proptest! {
    /// For every calendar and period the crate can hold, the DHIS2 period
    /// written covers exactly the same months, or the figure is refused,
    /// and then no DHIS2 type has a period with those months.
    #[test]
    fn a_dhis2_period_has_exactly_the_months_or_there_is_none(
        start in 1u32..=12,
        year in 1i32..=9998,
        kind in strategies::kinds(),
        index in any::<u8>(),
    ) {
        let cal = calendar(start);
        let period = strategies::period(cal, year, kind, index);
        let length = period.months();
        // The period's first month, from its parts.
        let first = i64::from(period.fiscal_year()) * 12
            + i64::from(period.start_month()) - 1
            + (i64::from(period.index()) - 1) * i64::from(length);
        let month_of_year = (first.rem_euclid(12) + 1) as u32;
        match PeriodId::of(period) {
            Some(id) => {
                let text = id.to_string();
                prop_assert_eq!(months_of_identifier(&text), (first, length), "{}", text);
                let back: PeriodId = text.parse().unwrap();
                prop_assert_eq!(back, id);
                prop_assert_eq!(back.to_period(cal).unwrap(), period);
            }
            None => {
                prop_assert!(length > 1);
                let starts = TYPES.iter().filter(|t| t.1 == length).any(|&(_, l, f, _)| {
                    (i64::from(month_of_year) - i64::from(f)).rem_euclid(i64::from(l)) == 0
                });
                prop_assert!(!starts, "{} of length {} starts in month {}", period, length, month_of_year);
                prop_assert!(dhis2_refusal(cal, period).starts_with("error[dhis2.period]"));
            }
        }
    }
}

/// The finding for a figure on `period` that cannot go.
fn dhis2_refusal(cal: FiscalCalendar, period: Period) -> String {
    let mut data = Dataset::new(cal, Catalogue::builtin());
    data.push(Observation::new(
        Indicator::VICTIMS_REMOVED,
        period,
        Value::Count(1),
    ))
    .unwrap();
    let mapping = Mapping::new()
        .with_default_org_unit("orgUnitAll1")
        .unwrap()
        .with_count(
            Indicator::VICTIMS_REMOVED,
            None,
            Element::new("victimsRem1").unwrap(),
        )
        .unwrap();
    let (_, findings) = written(&data, &mapping, Payload::Json);
    findings.join("\n")
}

/// A mapping for every indicator, channel, country and partner of `data`,
/// with made-up identifiers; the default combo when `default_combo`.
fn mapping_for(data: &Dataset, default_combo: bool) -> Mapping {
    let mut mapping = Mapping::new().with_default_org_unit("orgUnitAll1").unwrap();
    if default_combo {
        mapping = mapping.with_default_combo("HllvX50cXC0").unwrap();
    }
    let mut entries = HashSet::new();
    let mut countries = HashSet::new();
    let mut partners = HashSet::new();
    for (k, figure) in data.iter().enumerate() {
        if entries.insert((figure.indicator, figure.channel)) {
            mapping = match figure.value {
                Value::Ratio { .. } => mapping.with_rate(
                    figure.indicator,
                    figure.channel,
                    Element::new(&format!("num{k}")).unwrap(),
                    Element::new(&format!("den{k}"))
                        .unwrap()
                        .with_combo(&format!("coc{k}"))
                        .unwrap(),
                ),
                _ => {
                    let element = Element::new(&format!("de{k}")).unwrap();
                    let element = if k % 2 == 0 {
                        element.with_combo(&format!("coc{k}")).unwrap()
                    } else {
                        element
                    };
                    mapping.with_count(figure.indicator, figure.channel, element)
                }
            }
            .unwrap();
        }
        if let Some(country) = figure.country {
            if countries.insert(country) {
                mapping = mapping
                    .with_country(country, &format!("ou{country}"))
                    .unwrap();
            }
        }
        if let Some(partner) = &figure.partner {
            if partners.insert(partner.clone()) {
                mapping = mapping
                    .with_partner(partner.clone(), &format!("aoc{k}"))
                    .unwrap();
            }
        }
    }
    mapping
}

/// Figures DHIS2 carries, made from any figure: exact, stated, a bare
/// percent replaced by a rate's parts, a period without a DHIS2 period
/// replaced by its first month; one figure per series and period. (The
/// refusals of the rest are tested below.)
fn carried() -> impl Strategy<Value = Dataset> {
    calendars().prop_flat_map(|cal| {
        proptest::collection::vec(any_figure(cal), 0..12).prop_map(move |figures| {
            let mut seen = HashSet::new();
            let kept: Vec<Observation> = figures
                .into_iter()
                .map(|mut f| {
                    // DHIS2's whole-number types hold up to 2,147,483,647.
                    let small = |n: u64| n % 2_147_483_648;
                    f.value = match f.value {
                        Value::Count(n) => Value::Count(small(n)),
                        Value::Ratio {
                            numerator,
                            denominator,
                        } => Value::Ratio {
                            numerator: small(numerator),
                            denominator: small(denominator),
                        },
                        other => other,
                    };
                    f.bound = Bound::Exact;
                    f.basis = Basis::Stated;
                    if let Value::Percent(p) = f.value {
                        let n = u64::try_from(p.trunc().mantissa().unsigned_abs() % 1000).unwrap();
                        f.value = Value::Ratio {
                            numerator: n,
                            denominator: n + 7,
                        };
                    }
                    if PeriodId::of(f.period).is_none() {
                        f.period = f.period.subdivide(PeriodKind::Month)[0];
                    }
                    f
                })
                .filter(|f| seen.insert((f.series(), f.period)))
                .collect();
            strategies::dataset(cal, &kept)
        })
    })
}

proptest! {
    /// The crate's figures, written as DHIS2 data values and read back,
    /// are the same figures, in JSON and in CSV.
    #[test]
    fn figures_to_dhis2_and_back_are_the_same_figures(data in carried(), default_combo in any::<bool>()) {
        let mapping = mapping_for(&data, default_combo);
        let read_options = ReadOptions::new(data.calendar(), catalogue());
        for payload in [Payload::Json, Payload::Csv] {
            let mut out = Vec::new();
            let findings = dhis2::write(&data, &mapping, payload, &mut out).unwrap();
            prop_assert!(findings.is_empty(), "{:?}", findings);
            let (back, findings) = dhis2::read(&out[..], &read_options, &mapping, payload);
            prop_assert!(findings.is_empty(), "{:?}: {:?}", payload, findings);
            prop_assert_eq!(back.observations(), data.observations());
        }
    }

    /// A mapping written as JSON reads back the same.
    #[test]
    fn a_mapping_survives_its_file_form(data in carried(), default_combo in any::<bool>()) {
        let mapping = mapping_for(&data, default_combo);
        let text = serde_json::to_string(&mapping).unwrap();
        prop_assert_eq!(Mapping::from_json(&text).unwrap(), mapping);
    }
}

// The seed report: every figure is a September-calendar half (20/21 H1)
// or quarter (India's 20/21 Q1), which DHIS2 has no period for.
#[test]
fn the_seed_reports_halves_and_quarters_are_refused_and_say_what_would_work() {
    let report = seed::h1_2020_21().unwrap();
    let mapping = Mapping::new()
        .with_country(Country::GB, "GBorgUnit01")
        .unwrap()
        .with_count(
            Indicator::VICTIMS_REMOVED,
            Some(Channel::Direct),
            Element::new("victimsRem1").unwrap(),
        )
        .unwrap();
    let (json, findings) = written(&report.figures, &mapping, Payload::Json);
    assert_eq!(json, "{\n  \"dataValues\": []\n}\n");
    assert_eq!(
        findings.len(),
        report.figures.len() + count_unmapped(&report.figures, &mapping)
    );
    assert_eq!(
        findings[0],
        "error[dhis2.period] figure #0: victims_removed GB direct 20/21 H1 = 20 is not written: \
         DHIS2 has no period for 20/21 H1 (September 2020 to February 2021): its six-monthly periods \
         start in January and July (SixMonthly), April and October (SixMonthlyApril) or November and May \
         (SixMonthlyNov); send the figure by month, or for the whole financial year 2020/21 (2020Sep)"
    );
    let india = findings
        .iter()
        .find(|f| f.contains(" IN joint Vihaan 20/21 Q1") && f.contains("dhis2.period"))
        .unwrap();
    assert!(
        india.contains(
            "DHIS2 has no period for 20/21 Q1 (September to November 2020): its quarters start in \
             January, April, July and October (Quarterly) or November, February, May and August (QuarterlyNov); \
             send the figure by month, or for the whole financial year 2020/21 (2020Sep)"
        ),
        "{india}"
    );
}

/// How many mapping findings the seed's figures raise besides their
/// periods: one per missing indicator entry, country and partner.
fn count_unmapped(data: &Dataset, mapping: &Mapping) -> usize {
    data.iter()
        .map(|f| {
            usize::from(mapping.target(f.indicator, f.channel).is_none())
                + usize::from(f.country.is_some_and(|c| mapping.org_unit(c).is_none()))
                + usize::from(f.country.is_none() && mapping.default_org_unit().is_none())
                + usize::from(
                    f.partner
                        .as_ref()
                        .is_some_and(|p| mapping.attribute(p).is_none()),
                )
        })
        .sum()
}

#[test]
fn values_dhis2_cannot_hold_exactly_and_unmapped_figures_are_refused_at_their_place() {
    let cal = september();
    let month = cal.month(2020, 1).unwrap();
    let gb = |value: Value| {
        Observation::new(Indicator::VICTIMS_REMOVED, month, value)
            .with_country(Country::GB)
            .with_channel(Channel::Direct)
    };
    let mut data = Dataset::new(cal, Catalogue::builtin());
    let figures = [
        gb(Value::Count(10)).with_bound(Bound::MoreThan),
        Observation::new(
            Indicator::RE_TRAFFICKING_RATE,
            month,
            Value::Percent(12.into()),
        )
        .with_country(Country::GB)
        .with_channel(Channel::Direct),
        gb(Value::Count(3)).with_country(Country::BD),
        Observation::new(Indicator::ACCUSED_ARRESTED, month, Value::Count(5))
            .with_country(Country::GB)
            .with_channel(Channel::Direct),
        gb(Value::Count(7))
            .with_channel(Channel::Joint)
            .with_partner(Partner::new("Vihaan").unwrap()),
        gb(Value::Count(2)).with_interpretation("\"a survivor and her daughter\" read as 2"),
        gb(Value::Count(9)),
        Observation::new(Indicator::VICTIMS_REMOVED, month, Value::Count(1)),
        gb(Value::Count(2_147_483_648))
            .with_country(Country::TH)
            .with_channel(Channel::Joint)
            .with_partner(Partner::new("LIFT International").unwrap()),
    ];
    for figure in figures {
        data.push(figure).unwrap();
    }
    let (json, findings) = written(&data, &mapping(), Payload::Json);
    assert_eq!(
        findings,
        [
            "error[dhis2.value] figure #0: victims_removed GB direct Sep 2020 = more than 10 is not written: \
             DHIS2 holds a value as exact, so \"more than\" would be added up as exactly 10; send the exact figure",
            "error[dhis2.value] figure #1: re_trafficking_rate GB direct Sep 2020 = 12% is not written: \
             DHIS2 takes a rate as its numerator and denominator, and this percentage has no parts; \
             send the counts it was worked out from",
            "error[dhis2.mapping] figure #2: victims_removed BD direct Sep 2020 = 3 is not written: \
             the mapping has no org unit for country BD; add it to the mapping's countries",
            "error[dhis2.mapping] figure #3: accused_arrested GB direct Sep 2020 = 5 is not written: \
             the mapping has no data element for indicator accused_arrested under channel direct; \
             add it to the mapping's indicators",
            "error[dhis2.mapping] figure #4: victims_removed GB joint Vihaan Sep 2020 = 7 is not written: \
             the mapping has no attribute option combo for partner Vihaan; add it to the mapping's partners",
            "warning[dhis2.basis] figure #5: victims_removed GB direct Sep 2020 = 2 is written as a plain value: \
             it was read into its source, and DHIS2 has no place to mark that; its note goes as the comment",
            "error[dhis2.duplicate] figure #6: victims_removed GB direct Sep 2020 = 9 is not written: \
             figure #5 already fills the same DHIS2 value (data element victimsRem1, period 202009, org unit GBorgUnit01), \
             and DHIS2 keeps one value there; give the dataset one figure per series and period",
            "error[dhis2.mapping] figure #7: victims_removed Sep 2020 = 1 is not written: \
             the mapping has no data element for indicator victims_removed without a channel; add it to the mapping's indicators",
            "error[dhis2.mapping] figure #7: victims_removed Sep 2020 = 1 is not written: \
             the figure has no country and the mapping no org unit for such figures; set the mapping's org_unit",
            "error[dhis2.value] figure #8: victims_removed TH joint LIFT International Sep 2020 = 2147483648 is not written: \
             DHIS2's whole-number value types hold at most 2,147,483,647, and 2,147,483,648 is larger",
        ]
    );
    // Only the interpreted figure went, with its note.
    assert_eq!(json.matches("\"dataElement\"").count(), 1);
    assert!(json.contains("\"comment\": \"\\\"a survivor and her daughter\\\" read as 2\""));
}

fn read_brief(text: &str, cal: FiscalCalendar, payload: Payload) -> (Vec<String>, Vec<String>) {
    let options = options(cal).with_source("export");
    let (data, findings) = dhis2::read(text.as_bytes(), &options, &mapping(), payload);
    (
        data.iter().map(|f| f.to_string()).collect(),
        findings
            .findings()
            .iter()
            .map(ToString::to_string)
            .collect(),
    )
}

#[test]
fn a_dhis2_export_with_problems_is_read_with_each_located() {
    let export = "\
dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted
victimsRem1,2020Sep,GBorgUnit01,directCoc01,,20,admin,2021-09-30T10:00:00.000,,false,false
victimsRem1,2020Q4,GBorgUnit01,directCoc01,,7,admin,,,false,false
arrests0001,202009,GBorgUnit01,,,3,admin,,,false,false
victimsRem1,202009,XXorgUnit01,directCoc01,,3,admin,,,false,false
victimsRem1,202010,THorgUnit01,jointCoc001,OTHERaoc001,3,admin,,,false,false
victimsRem1,202011,GBorgUnit01,directCoc01,,12.5,admin,,,false,false
reTrafNum01,202009,GBorgUnit01,,,1,admin,,,false,false
reTrafNum01,202010,GBorgUnit01,,,0,admin,,,false,false
reTrafDen01,202010,GBorgUnit01,,,24,admin,,,false,false
victimsRem1,202012,GBorgUnit01,directCoc01,,5,admin,,,false,true
victimsRem1,202101,GBorgUnit01,HllvX50cXC0,,5,admin,,,false,false
victimsRem1,2020W10,GBorgUnit01,directCoc01,,5,admin,,,false,false
";
    let (figures, findings) = read_brief(export, september(), Payload::Csv);
    assert_eq!(
        figures,
        [
            "victims_removed GB direct FY2020-09 = 20",
            "re_trafficking_rate GB direct FY2020-09-M02 = 0/24",
        ]
    );
    assert_eq!(
        findings,
        [
            "error[dhis2.period] export:3: invalid period \"2020Q4\": October to December 2020 is not a year, half, \
             quarter or month of a fiscal year that starts in September; the figures' fiscal year starts in month 9",
            "error[dhis2.mapping] export:4: data element \"arrests0001\" with the default category option combo \
             is not in the mapping; add it to the mapping's indicators",
            "error[dhis2.mapping] export:5: org unit \"XXorgUnit01\" is not in the mapping; add it to the mapping's \
             countries (or as its org_unit, for figures without a country)",
            "error[dhis2.mapping] export:6: attribute option combo \"OTHERaoc001\" is not in the mapping; add it to \
             the mapping's partners (or as its attribute_option_combo, for figures without a partner)",
            "error[parse.value] export:7: invalid number \"12.5\": a count is written with the digits 0-9 only; a count is a whole number",
            "note[dhis2.deleted] export:11: data value victimsRem1 202012 GBorgUnit01 is marked as deleted in DHIS2, so it is not read",
            "error[dhis2.mapping] export:12: data element \"victimsRem1\" is in the mapping, but not with category \
             option combo \"HllvX50cXC0\"; add that combo to the mapping's indicators, or, if it is the server's default, \
             set it as the mapping's category_option_combo",
            "error[dhis2.period] export:13: invalid period \"2020W10\": not a DHIS2 period of whole months (monthly 202009, \
             quarterly 2020Q4, six-monthly 2020S1, 2020AprilS1 or 2020NovS1, yearly 2020, financial years such as \
             2020April or 2020Sep); the figures' fiscal year starts in month 9",
            "error[dhis2.rate] export:8: re_trafficking_rate GB direct Sep 2020 is not read: the export has its \
             numerator but not its denominator; a rate needs both",
        ]
    );
}

#[test]
fn a_json_export_is_located_by_the_line_each_value_starts_on() {
    let export = r#"{
  "dataSet": "pBOMPrpg1QX",
  "period": "202009",
  "orgUnit": "GBorgUnit01",
  "dataValues": [
    { "dataElement": "victimsRem1", "categoryOptionCombo": "directCoc01", "value": "4" },
    { "dataElement": "reTrafDen01", "value": 24 },
    { "dataElement": "victimsRem1", "categoryOptionCombo": "directCoc01", "period": "202010", "value": "x" },
    { "period": "202010", "value": "1" }
  ]
}"#;
    let (figures, findings) = read_brief(export, september(), Payload::Json);
    assert_eq!(figures, ["victims_removed GB direct FY2020-09-M01 = 4"]);
    assert_eq!(findings.len(), 3, "{findings:?}");
    assert!(findings[0].starts_with("error[parse.figure] export:9: a data value that cannot be read: missing field `dataElement`"), "{}", findings[0]);
    assert!(
        findings[1].starts_with("error[parse.value] export:8: invalid number \"x\""),
        "{}",
        findings[1]
    );
    assert_eq!(
        findings[2],
        "error[dhis2.rate] export:7: re_trafficking_rate GB direct Sep 2020 is not read: the export has its \
         denominator but not its numerator; a rate needs both"
    );
}

#[test]
fn payloads_that_are_not_dhis2_say_so() {
    let (_, findings) = read_brief("{\"figures\": []}", september(), Payload::Json);
    assert_eq!(
        findings,
        ["error[parse.json] export: not a DHIS2 data value set: there is no \"dataValues\" array"]
    );
    let (_, findings) = read_brief(
        "indicator,period,value\nvictims_removed,20/21 H1,20\n",
        september(),
        Payload::Csv,
    );
    assert_eq!(
        findings,
        [
            "error[parse.header] export:1: the header row \"indicator,period,value\" lacks DHIS2's columns: it needs \
          dataelement, period, orgunit and value (dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,\
          value,storedby,lastupdated,comment,followup)"
        ]
    );
    let (_, findings) = read_brief("", september(), Payload::Csv);
    assert_eq!(findings.len(), 1);
    assert!(findings[0].starts_with("error[parse.header]"));
}

#[test]
fn a_rate_with_two_numerators_keeps_the_first_and_says_so() {
    let export = "dataElement,period,orgUnit,value\n\
                  reTrafNum01,202010,GBorgUnit01,1\n\
                  reTrafNum01,202010,GBorgUnit01,2\n\
                  reTrafDen01,202010,GBorgUnit01,24\n";
    let (figures, findings) = read_brief(export, september(), Payload::Csv);
    assert_eq!(
        figures,
        ["re_trafficking_rate GB direct FY2020-09-M02 = 1/24"]
    );
    assert_eq!(
        findings,
        [
            "error[dhis2.rate] export:3: a second numerator of re_trafficking_rate GB direct Oct 2020 is not read: \
          a rate has one numerator and one denominator"
        ]
    );
}

#[test]
fn a_mapping_reads_from_toml_and_json_alike() {
    let toml = r#"
data_set = "pBOMPrpg1QX"
complete_date = "2021-03-31"
category_option_combo = "HllvX50cXC0"
org_unit = "orgUnitAll1"

[countries]
GB = "GBorgUnit01"
Thailand = "THorgUnit01"

[partners]
"LIFT International" = "LIFTaoc0001"

[[indicators]]
indicator = "victims_removed"
channel = "direct"
data_element = "victimsRem1"
category_option_combo = "directCoc01"

[[indicators]]
indicator = "re_trafficking_rate"
channel = "direct"
numerator = { data_element = "reTrafNum01" }
denominator = { data_element = "reTrafDen01", category_option_combo = "denCoc00001" }
"#;
    let json = r#"{
  "data_set": "pBOMPrpg1QX",
  "complete_date": "2021-03-31",
  "category_option_combo": "HllvX50cXC0",
  "org_unit": "orgUnitAll1",
  "countries": {"GB": "GBorgUnit01", "TH": "THorgUnit01"},
  "partners": {"LIFT International": "LIFTaoc0001"},
  "indicators": [
    {"indicator": "victims_removed", "channel": "direct", "data_element": "victimsRem1", "category_option_combo": "directCoc01"},
    {"indicator": "re_trafficking_rate", "channel": "direct",
     "numerator": {"data_element": "reTrafNum01"},
     "denominator": {"data_element": "reTrafDen01", "category_option_combo": "denCoc00001"}}
  ]
}"#;
    let from_toml = Mapping::from_toml(toml).unwrap();
    assert_eq!(from_toml, Mapping::from_json(json).unwrap());
    assert_eq!(from_toml.org_unit(Country::TH), Some("THorgUnit01"));
    assert_eq!(from_toml.default_combo(), Some("HllvX50cXC0"));
}

#[test]
fn a_mapping_that_gives_one_identifier_two_meanings_is_refused() {
    let invalid = |reason: &str| Error::InvalidMapping {
        reason: reason.to_string(),
    };
    let element = |id: &str| Element::new(id).unwrap();
    assert_eq!(
        Mapping::new()
            .with_count(Indicator::VICTIMS_REMOVED, None, element("victimsRem1"))
            .unwrap()
            .with_count(Indicator::ACCUSED_ARRESTED, None, element("victimsRem1"))
            .unwrap_err(),
        invalid(
            "indicator victims_removed without a channel and indicator accused_arrested without a channel \
             have the same data element and category option combo (\"victimsRem1\")"
        )
    );
    // An element without a combo is the default combo's cell.
    assert_eq!(
        Mapping::new()
            .with_count(Indicator::VICTIMS_REMOVED, None, element("victimsRem1"))
            .unwrap()
            .with_count(
                Indicator::ACCUSED_ARRESTED,
                None,
                element("victimsRem1").with_combo("HllvX50cXC0").unwrap()
            )
            .unwrap()
            .with_default_combo("HllvX50cXC0")
            .unwrap_err(),
        invalid(
            "indicator victims_removed without a channel and indicator accused_arrested without a channel \
             have the same data element and category option combo (\"victimsRem1\")"
        )
    );
    assert_eq!(
        Mapping::new()
            .with_rate(
                Indicator::RE_TRAFFICKING_RATE,
                None,
                element("reTraf00001"),
                element("reTraf00001")
            )
            .unwrap_err(),
        invalid(
            "indicator re_trafficking_rate without a channel has the same data element for its numerator and \
             denominator (\"reTraf00001\")"
        )
    );
    assert_eq!(
        Mapping::new()
            .with_count(Indicator::VICTIMS_REMOVED, None, element("a"))
            .unwrap()
            .with_count(Indicator::VICTIMS_REMOVED, None, element("b"))
            .unwrap_err(),
        invalid("indicator victims_removed without a channel is mapped twice")
    );
    assert_eq!(
        Mapping::new()
            .with_country(Country::GB, "orgUnit0001")
            .unwrap()
            .with_default_org_unit("orgUnit0001")
            .unwrap_err(),
        invalid("org unit \"orgUnit0001\" is country GB's; figures without a country need another")
    );
    let err = Mapping::from_toml("[[indicators]]\nindicator = \"victims_removed\"\n").unwrap_err();
    assert!(
        err.to_string().contains(
            "indicator victims_removed without a channel: give a data_element (for a count) or a numerator and a denominator (for a rate)"
        ),
        "{err}"
    );
    let err = Mapping::from_toml("org_unit = \"orgUnitAll1\"\norg_units = 1\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid mapping: line 2: unknown field `org_units`"),
        "{err}"
    );
    let err = Mapping::from_toml("[countries]\nAtlantis = \"x\"\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("countries: unknown country \"Atlantis\""),
        "{err}"
    );
}

// A data set collects one period type; a server before FinancialSep knows
// no September year. Restricted to Monthly, the September 2020 figure goes
// as 202009 and the 2020/21 year (DHIS2's 2020Sep) is refused.
#[test]
fn a_mapping_can_restrict_the_period_types_written() {
    let mapping = Mapping::from_toml(
        "period_types = [\"Monthly\"]\n\
         [countries]\nGB = \"GBorgUnit01\"\nTH = \"THorgUnit01\"\n\
         [partners]\n\"LIFT International\" = \"LIFTaoc0001\"\n\
         [[indicators]]\nindicator = \"victims_removed\"\nchannel = \"direct\"\ndata_element = \"victimsRem1\"\n\
         [[indicators]]\nindicator = \"victims_removed\"\nchannel = \"joint\"\ndata_element = \"victimsRem2\"\n\
         [[indicators]]\nindicator = \"re_trafficking_rate\"\nchannel = \"direct\"\n\
         numerator = { data_element = \"reTrafNum01\" }\ndenominator = { data_element = \"reTrafDen01\" }\n",
    )
    .unwrap();
    let (json, findings) = written(&three_figures(), &mapping, Payload::Json);
    assert_eq!(json.matches("\"dataElement\"").count(), 3);
    assert_eq!(
        findings,
        [
            "error[dhis2.period] figure #1: victims_removed TH joint LIFT International 2020/21 = 37 is not written: \
          its months (September 2020 to August 2021) are DHIS2's 2020Sep (FinancialSep), but the mapping's \
          period_types allow only Monthly; send the figure by month"
        ]
    );
    let err = Mapping::from_toml("period_types = [\"Weekly\"]").unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown DHIS2 period type \"Weekly\""),
        "{err}"
    );
}
