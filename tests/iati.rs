//! IATI results: the exact XML of a small dataset, the refusals, the seed
//! report's results, validity against the IATI 2.03 schema, and a round
//! trip through an XML parser.
#![cfg(feature = "iati")]

mod common;

use std::path::PathBuf;
use std::process::Command;

use impact_metrics::iati::{self, Activity, Organisation, ResultType, Settings};
use impact_metrics::validate::RuleId;
use impact_metrics::{
    Bound, Catalogue, Channel, Country, Dataset, Decimal, FiscalCalendar, Indicator, Location,
    Observation, Partner, Severity, Value, seed,
};
use proptest::prelude::*;
use quick_xml::events::Event;

/// An element of a parsed document: its name, attributes, text and children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn one(&self, name: &str) -> &Element {
        let mut found = self.children.iter().filter(|c| c.name == name);
        let first = found
            .next()
            .unwrap_or_else(|| panic!("no {name} in {}", self.name));
        assert!(found.next().is_none(), "two {name} in {}", self.name);
        first
    }

    fn names(&self) -> Vec<&str> {
        self.children.iter().map(|c| c.name.as_str()).collect()
    }
}

/// Parses XML with a real parser: every element, attribute and text,
/// entities resolved. The top is a made-up `root` holding the document's
/// elements (several `result`s have no single root).
fn parse(xml: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Element {
        name: "root".into(),
        ..Element::default()
    }];
    // With quick-xml's encoding feature on (another crate of the build may
    // turn it on), attributes are decoded before they are unescaped.
    let decoder = reader.decoder();
    let element = |e: &quick_xml::events::BytesStart<'_>| Element {
        name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
        attributes: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.decode_and_unescape_value(decoder).unwrap().into_owned(),
                )
            })
            .collect(),
        ..Element::default()
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(element(&e)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Text(t) => {
                let text = t.decode().unwrap();
                let text = quick_xml::escape::unescape(&text).unwrap();
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                let text = match name.as_ref() {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => {
                        let code = other.strip_prefix('#').unwrap();
                        let code = u32::from_str_radix(
                            code.trim_start_matches('x'),
                            if code.starts_with('x') { 16 } else { 10 },
                        )
                        .unwrap();
                        char::from_u32(code).unwrap().to_string()
                    }
                };
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().unwrap()
}

fn activity() -> Activity {
    Activity::new(
        "XM-EXAMPLE-1-A1",
        Organisation::new("XM-EXAMPLE-1", "21", "An anti-trafficking charity"),
        "Anti-trafficking programme",
        "Rescue & aftercare.",
    )
    .with_participating_org("4", Some("XM-EXAMPLE-1"), "An anti-trafficking charity")
    .with_date(
        "2",
        FiscalCalendar::SEPTEMBER.year(2020).unwrap().first_day(),
    )
}

fn results(data: &Dataset, settings: &Settings) -> (String, impact_metrics::Findings) {
    let mut out = Vec::new();
    let findings = iati::write_results(data, settings, &mut out).unwrap();
    (String::from_utf8(out).unwrap(), findings)
}

fn document(data: &Dataset, settings: &Settings) -> (String, impact_metrics::Findings) {
    let mut out = Vec::new();
    let findings = iati::write(data, settings, &activity(), &mut out).unwrap();
    (String::from_utf8(out).unwrap(), findings)
}

/// Five figures: a baseline year and two actuals of one indicator, a rate
/// as parts with a note, a published percentage.
fn small() -> (Dataset, Settings) {
    let calendar = FiscalCalendar::SEPTEMBER;
    let h1 = calendar.half(2020, 1).unwrap();
    let year = calendar.year(2019).unwrap();
    let mut data = Dataset::new(calendar, Catalogue::builtin());
    let direct = |country, indicator, period, value| {
        Observation::new(indicator, period, value)
            .with_country(country)
            .with_channel(Channel::Direct)
    };
    for figure in [
        direct(
            Country::GB,
            Indicator::VICTIMS_REMOVED,
            year,
            Value::Count(41),
        ),
        direct(
            Country::GB,
            Indicator::VICTIMS_REMOVED,
            h1,
            Value::Count(20),
        ),
        Observation::new(Indicator::VICTIMS_REMOVED, h1, Value::Count(37))
            .with_country(Country::TH)
            .with_channel(Channel::Joint)
            .with_partner(Partner::new("LIFT International").unwrap()),
        direct(
            Country::BD,
            Indicator::INCOME_RISE_RATE,
            h1,
            Value::Ratio {
                numerator: 3,
                denominator: 8,
            },
        )
        .with_note("income & savings <30 days"),
        direct(
            Country::BD,
            Indicator::RE_TRAFFICKING_RATE,
            h1,
            Value::Percent(Decimal::ZERO),
        ),
    ] {
        data.push(figure).unwrap();
    }
    let settings = Settings::new()
        .with_baseline(year)
        .with_result_type(Indicator::RE_TRAFFICKING_RATE, ResultType::Impact)
        .with_aggregation_status(false);
    (data, settings)
}

/// Checked by hand against the IATI 2.03 activity standard: the result's
/// title before its indicator; the indicator's title, description,
/// reference, baseline and period in that order; a baseline's year and
/// date the last day of the 2019/20 fiscal year (1 Sep 2019 - 31 Aug
/// 2020); 20/21 H1 from 1 Sep 2020 to 28 Feb 2021; 3 of 8 is 37.5%;
/// measure 1 for counts and 2 for rates; ascending 0 for the
/// re-trafficking rate, where lower is better.
const SMALL: &str = r#"<result type="1" aggregation-status="0">
 <title>
  <narrative>Victims removed from exploitation</narrative>
 </title>
 <indicator measure="1" ascending="1">
  <title>
   <narrative>Victims removed from exploitation</narrative>
  </title>
  <description>
   <narrative>Category in the US Trafficking in Persons report: protection</narrative>
  </description>
  <reference vocabulary="9" code="16.2.2"/>
  <baseline year="2020" iso-date="2020-08-31" value="41">
   <location ref="GB"/>
   <dimension name="channel" value="direct"/>
  </baseline>
  <period>
   <period-start iso-date="2020-09-01"/>
   <period-end iso-date="2021-02-28"/>
   <actual value="20">
    <location ref="GB"/>
    <dimension name="channel" value="direct"/>
   </actual>
   <actual value="37">
    <location ref="TH"/>
    <dimension name="channel" value="joint"/>
    <dimension name="partner" value="LIFT International"/>
   </actual>
  </period>
 </indicator>
</result>
<result type="1" aggregation-status="0">
 <title>
  <narrative>Survivors in livelihood support with household income up more than 30%</narrative>
 </title>
 <indicator measure="2" ascending="1">
  <title>
   <narrative>Survivors in livelihood support with household income up more than 30%</narrative>
  </title>
  <description>
   <narrative>Category in the US Trafficking in Persons report: protection</narrative>
  </description>
  <period>
   <period-start iso-date="2020-09-01"/>
   <period-end iso-date="2021-02-28"/>
   <actual value="37.5">
    <location ref="BD"/>
    <dimension name="channel" value="direct"/>
    <comment>
     <narrative>3 of 8; income &amp; savings &lt;30 days</narrative>
    </comment>
   </actual>
  </period>
 </indicator>
</result>
<result type="3" aggregation-status="0">
 <title>
  <narrative>Re-trafficking rate</narrative>
 </title>
 <indicator measure="2" ascending="0">
  <title>
   <narrative>Re-trafficking rate</narrative>
  </title>
  <description>
   <narrative>Category in the US Trafficking in Persons report: protection</narrative>
  </description>
  <period>
   <period-start iso-date="2020-09-01"/>
   <period-end iso-date="2021-02-28"/>
   <actual value="0">
    <location ref="BD"/>
    <dimension name="channel" value="direct"/>
   </actual>
  </period>
 </indicator>
</result>
"#;

#[test]
fn a_small_dataset_gives_the_exact_results() {
    let (data, settings) = small();
    let (xml, findings) = results(&data, &settings);
    assert!(findings.is_empty(), "{findings}");
    assert_eq!(xml, SMALL);
}

#[test]
fn the_whole_document_holds_the_activity_then_its_locations_then_the_results() {
    let (data, settings) = small();
    let (xml, findings) = document(&data, &settings);
    assert!(findings.is_empty(), "{findings}");
    let head = r#"<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="en">
  <iati-identifier>XM-EXAMPLE-1-A1</iati-identifier>
  <reporting-org ref="XM-EXAMPLE-1" type="21">
   <narrative>An anti-trafficking charity</narrative>
  </reporting-org>
  <title>
   <narrative>Anti-trafficking programme</narrative>
  </title>
  <description>
   <narrative>Rescue &amp; aftercare.</narrative>
  </description>
  <participating-org role="4" ref="XM-EXAMPLE-1">
   <narrative>An anti-trafficking charity</narrative>
  </participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2020-09-01"/>
  <location ref="BD">
   <name>
    <narrative>Bangladesh</narrative>
   </name>
   <administrative vocabulary="A4" level="0" code="BD"/>
  </location>
  <location ref="GB">
   <name>
    <narrative>United Kingdom</narrative>
   </name>
   <administrative vocabulary="A4" level="0" code="GB"/>
  </location>
  <location ref="TH">
   <name>
    <narrative>Thailand</narrative>
   </name>
   <administrative vocabulary="A4" level="0" code="TH"/>
  </location>
"#;
    let indented: String = SMALL.lines().map(|l| format!("  {l}\n")).collect();
    let expected = format!("{head}{indented} </iati-activity>\n</iati-activities>\n");
    assert_eq!(xml, expected);
    schema_check("small", &xml);
}

#[test]
fn figures_iati_cannot_carry_are_left_out_with_located_findings() {
    let calendar = FiscalCalendar::SEPTEMBER;
    let h1 = calendar.half(2020, 1).unwrap();
    let mut data = Dataset::new(calendar, Catalogue::builtin());
    let at = |line| Location::in_file("partner.csv").with_line(line);
    let figures = [
        (
            Observation::new(Indicator::INDIVIDUALS_SUPPLIED, h1, Value::Count(2000))
                .with_bound(Bound::MoreThan),
            2,
        ),
        (
            Observation::new(Indicator::ACCUSED_ARRESTED, h1, Value::Count(10))
                .with_country(Country::BD)
                .with_bound(Bound::AtLeast),
            3,
        ),
        (
            Observation::new(
                Indicator::INCOME_RISE_RATE,
                h1,
                Value::Ratio {
                    numerator: 11,
                    denominator: 24,
                },
            )
            .with_country(Country::BD),
            4,
        ),
        (
            Observation::new(
                Indicator::RE_TRAFFICKING_RATE,
                h1,
                Value::Ratio {
                    numerator: 0,
                    denominator: 0,
                },
            ),
            5,
        ),
        (
            Observation::new(Indicator::EXPLOITERS_CONVICTED, h1, Value::Count(26)),
            6,
        ),
    ];
    for (figure, line) in figures {
        data.push_at(figure, at(line)).unwrap();
    }
    let (xml, findings) = results(&data, &Settings::new());
    // Only the exact count is written.
    let root = parse(&xml);
    assert_eq!(root.names(), ["result"]);
    assert_eq!(
        root.one("result")
            .one("indicator")
            .one("period")
            .one("actual")
            .attribute("value"),
        Some("26")
    );
    type Seen<'a> = (Severity, &'a str, Option<u64>, String, Option<String>);
    let got: Vec<Seen<'_>> = findings
        .findings()
        .iter()
        .map(|f| {
            (
                f.severity,
                f.rule.as_str(),
                f.location.line,
                f.message.clone(),
                f.period.map(|p| calendar.label(p).to_string()),
            )
        })
        .collect();
    let h1_label = Some("20/21 H1".to_string());
    assert_eq!(
        got,
        [
            (
                Severity::Error,
                "iati.bound",
                Some(2),
                "individuals_supplied 20/21 H1 = more than 2000 is left out: IATI carries a value, not a bound; give the exact figure".to_string(),
                h1_label.clone()
            ),
            (
                Severity::Error,
                "iati.bound",
                Some(3),
                "accused_arrested BD 20/21 H1 = at least 10 is left out: IATI carries a value, not a bound; give the exact figure".to_string(),
                h1_label.clone()
            ),
            (
                Severity::Error,
                "iati.percent",
                Some(4),
                "income_rise_rate BD 20/21 H1 = 11/24 is left out: 11 of 24 has no exact percentage (its decimals never end), and IATI carries a rate as a percentage; give its numerator and denominator as two count indicators".to_string(),
                h1_label.clone()
            ),
            (
                Severity::Error,
                "iati.percent",
                Some(5),
                "re_trafficking_rate 20/21 H1 = 0/0 is left out: a rate of 0 out of 0 has no percentage for IATI to carry; give its numerator and denominator as two count indicators".to_string(),
                h1_label
            ),
        ]
    );
    assert_eq!(
        findings.findings()[1]
            .series
            .as_ref()
            .map(|s| s.to_string())
            .as_deref(),
        Some("accused_arrested BD")
    );
    assert_eq!(
        findings.findings()[0].location.source.as_deref(),
        Some("partner.csv")
    );
    for rule in ["iati.bound", "iati.percent", "iati.text"] {
        assert!(RuleId::from(rule).is_registered(), "{rule}");
    }
}

#[test]
fn exact_percentages_are_written_and_others_refused() {
    // 100 n / d by hand.
    let calendar = FiscalCalendar::SEPTEMBER;
    let h1 = calendar.half(2020, 1).unwrap();
    for (numerator, denominator, written) in [
        (0, 40, Some("0")),
        (11, 20, Some("55")),
        (1, 3, None),
        (1, 8, Some("12.5")),
        (1, 64, Some("1.5625")),
        (7, 7, Some("100")),
        (1, 7, None),
        (3, 1_048_576, Some("0.000286102294921875")), // 3 / 2^20 * 100
    ] {
        let mut data = Dataset::new(calendar, Catalogue::builtin());
        let value = Value::Ratio {
            numerator,
            denominator,
        };
        data.push(Observation::new(Indicator::RE_TRAFFICKING_RATE, h1, value))
            .unwrap();
        let (xml, findings) = results(&data, &Settings::new());
        let root = parse(&xml);
        let value = root
            .all("result")
            .next()
            .map(|r| r.one("indicator").one("period").one("actual"))
            .and_then(|a| a.attribute("value").map(str::to_string));
        assert_eq!(value.as_deref(), written, "{numerator}/{denominator}");
        assert_eq!(findings.len(), usize::from(written.is_none()));
    }
}

#[test]
fn an_incomplete_activity_is_refused_before_anything_is_written() {
    let (data, settings) = small();
    let mut out = Vec::new();
    let mut no_dates = activity();
    no_dates.dates.clear();
    let err = iati::write(&data, &settings, &no_dates, &mut out).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"cannot publish the IATI activity "XM-EXAMPLE-1-A1": IATI requires at least one activity date"#
    );
    assert!(out.is_empty());
}

#[test]
fn a_write_failure_is_an_error_that_keeps_its_cause() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let (data, settings) = small();
    let err = iati::write_results(&data, &settings, Full).unwrap_err();
    assert_eq!(err.io_error_kind(), Some(std::io::ErrorKind::StorageFull));
}

#[test]
fn text_xml_cannot_hold_is_replaced_with_a_warning() {
    let calendar = FiscalCalendar::SEPTEMBER;
    let mut data = Dataset::new(calendar, Catalogue::builtin());
    data.push_at(
        Observation::new(
            Indicator::EXPLOITERS_CONVICTED,
            calendar.half(2020, 1).unwrap(),
            Value::Count(1),
        )
        .with_note("bell\u{7} \"quoted\"\ttab"),
        Location::in_file("notes.csv").with_line(7),
    )
    .unwrap();
    let (xml, findings) = results(&data, &Settings::new());
    assert!(
        xml.contains("<narrative>bell\u{FFFD} \"quoted\"\ttab</narrative>"),
        "{xml}"
    );
    assert_eq!(findings.len(), 1);
    let finding = &findings.findings()[0];
    assert_eq!(finding.rule, "iati.text");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(
        finding.message,
        "the note or partner of exploiters_convicted 20/21 H1 = 1 holds characters XML cannot carry (control characters); each is written as \u{FFFD}"
    );
    assert_eq!(finding.location.line, Some(7));
    assert_eq!(finding.period, Some(calendar.half(2020, 1).unwrap()));
}

#[test]
fn the_seed_reports_results_add_up_to_its_headline() {
    let report = seed::h1_2020_21().unwrap();
    let settings = Settings::new().with_baseline(report.baseline_year);
    let (xml, findings) = document(&report.figures, &settings);
    assert!(findings.is_empty(), "{findings}");
    schema_check("seed", &xml);
    let root = parse(&xml);
    let activity = root.one("iati-activities").one("iati-activity");
    let locations: Vec<&str> = activity
        .all("location")
        .filter_map(|l| l.attribute("ref"))
        .collect();
    // FIGURES.md, by country: UK, Bangladesh, Romania, Thailand, India.
    assert_eq!(locations, ["BD", "GB", "IN", "RO", "TH"]);
    // FIGURES.md, the table by country and channel, each row added by
    // hand (India's Q1 figures included, as the headline includes them).
    let expected = [
        ("Victims removed from exploitation", 20 + 17 + 37),
        ("Survivors cared for", 99 + 224 + 21 + 93),
        ("Survivors repatriated", 15 + 86 + 2),
        (
            "Vulnerable people receiving prevention education",
            280 + 203,
        ),
        ("Accused traffickers arrested", 37 + 16 + 32),
        ("Prosecutions of exploiters supported", 23 + 73 + 24 + 129),
        ("Exploiters convicted", 1 + 24),
        ("Frontline professionals trained", 367 + 448 + 126),
    ];
    let got: Vec<(String, u64)> = activity
        .all("result")
        .map(|r| {
            let indicator = r.one("indicator");
            assert!(
                indicator.all("baseline").next().is_none(),
                "no 2019/20 figures"
            );
            let total = indicator
                .all("period")
                .flat_map(|p| p.all("actual"))
                .map(|a| a.attribute("value").unwrap().parse::<u64>().unwrap())
                .sum();
            (indicator.one("title").one("narrative").text.clone(), total)
        })
        .collect();
    let expected: Vec<(String, u64)> = expected.iter().map(|(n, t)| (n.to_string(), *t)).collect();
    assert_eq!(got, expected);
    // India's joint figures are a period of their own, 20/21 Q1, after
    // the half that starts on the same day.
    let cared = activity.all("result").nth(1).unwrap().one("indicator");
    let periods: Vec<(&str, &str, usize)> = cared
        .all("period")
        .map(|p| {
            (
                p.one("period-start").attribute("iso-date").unwrap(),
                p.one("period-end").attribute("iso-date").unwrap(),
                p.all("actual").count(),
            )
        })
        .collect();
    assert_eq!(
        periods,
        [
            ("2020-09-01", "2021-02-28", 3),
            ("2020-09-01", "2020-11-30", 1)
        ]
    );
}

#[test]
fn the_seed_reports_text_figures_iati_cannot_carry_are_named() {
    let report = seed::h1_2020_21().unwrap();
    let (_, findings) = results(&report.highlights, &Settings::new());
    // FIGURES.md, "Other figures in the text": "11 of them" of 24 (no
    // exact percentage), and every "over", "more than" and lockdown
    // "at least" figure.
    let mut refused: Vec<String> = findings
        .findings()
        .iter()
        .map(|f| format!("{} {}", f.rule, f.series.as_ref().unwrap().indicator))
        .collect();
    refused.sort();
    refused.dedup();
    assert!(
        refused.contains(&"iati.percent income_rise_rate".to_string()),
        "{refused:?}"
    );
    assert!(
        refused.contains(&"iati.bound individuals_supplied".to_string()),
        "{refused:?}"
    );
    assert!(
        refused.contains(&"iati.bound people_reached_indirect".to_string()),
        "{refused:?}"
    );
    assert!(
        findings
            .findings()
            .iter()
            .all(|f| f.severity == Severity::Error)
    );
}

/// Where the IATI 2.03 schema files are: `IATI_SCHEMA_DIR`, or
/// `target/iati-schemas/2.03`, where `.ci/run` puts them.
fn schema_dir() -> PathBuf {
    std::env::var_os("IATI_SCHEMA_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/iati-schemas/2.03"),
        PathBuf::from,
    )
}

/// Validates a document with `xmllint --schema`; skipped, saying why, when
/// xmllint or the schema is missing (`.ci/run` installs both).
fn schema_check(name: &str, xml: &str) {
    let schema = schema_dir().join("iati-activities-schema.xsd");
    if !schema.exists() {
        eprintln!(
            "skipping the IATI schema check of {name}: no {} (bash .ci/run installs it)",
            schema.display()
        );
        return;
    }
    let file = std::env::temp_dir().join(format!(
        "impact-metrics-iati-{name}-{}.xml",
        std::process::id()
    ));
    std::fs::write(&file, xml).unwrap();
    let output = match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
    {
        Ok(output) => output,
        Err(e) => {
            eprintln!("skipping the IATI schema check of {name}: xmllint cannot run ({e})");
            return;
        }
    };
    let _ = std::fs::remove_file(&file);
    assert!(
        output.status.success(),
        "{name} is not valid IATI 2.03: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The value IATI should carry for a figure, worked out apart from the
/// writer: a count's number; a rate's percentage when some
/// `100 n 10^k` (k up to 28) is a multiple of `d`, read as that quotient
/// over `10^k`; `None` for a bound or any other rate.
fn expected_value(figure: &Observation) -> Option<String> {
    if figure.bound != Bound::Exact {
        return None;
    }
    match figure.value {
        Value::Count(n) => Some(n.to_string()),
        Value::Percent(p) => Some(p.normalize().to_string()),
        Value::Ratio {
            numerator,
            denominator,
        } => {
            let top = u128::from(numerator) * 100;
            let d = u128::from(denominator);
            if d == 0 {
                return None;
            }
            (0u32..=28).find_map(|k| {
                let scaled = top.checked_mul(10u128.checked_pow(k)?)?;
                (scaled % d == 0).then(|| {
                    let q = i128::try_from(scaled / d).ok()?;
                    Decimal::try_from_i128_with_scale(q, k)
                        .ok()
                        .map(|p| p.normalize().to_string())
                })?
            })
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every figure IATI can carry comes back from the XML with its
    /// indicator, dates, value, country, channel and partner, once; every
    /// other is a finding; and the document is well formed whatever the
    /// names and notes hold.
    #[test]
    fn carried_figures_come_back_and_the_rest_are_findings(data in common::strategies::datasets()) {
        // The first figure's period is the baseline: its figures come back
        // as baselines, dated by the period's last day.
        let baseline = data.iter().next().map(|f| f.period);
        let mut settings = Settings::new();
        settings.baseline = baseline;
        let (xml, findings) = results(&data, &settings);
        let root = parse(&xml);
        let catalogue = data.catalogue();
        let mut back = Vec::new();
        for result in root.all("result") {
            let indicator = result.one("indicator");
            let code = catalogue.resolve(&indicator.one("title").one("narrative").text).unwrap();
            prop_assert_eq!(result.names()[0], "title");
            for b in indicator.all("baseline") {
                let day = b.attribute("iso-date").unwrap().to_string();
                prop_assert_eq!(b.attribute("year"), Some(&day[..day.len() - 6]).map(|y| y.trim_start_matches('0')));
                let dimension = |name: &str| b.all("dimension")
                    .find(|d| d.attribute("name") == Some(name))
                    .and_then(|d| d.attribute("value").map(str::to_string));
                back.push((
                    code,
                    "baseline".to_string(),
                    day,
                    b.attribute("value").unwrap().to_string(),
                    b.all("location").next().and_then(|l| l.attribute("ref").map(str::to_string)),
                    dimension("channel"),
                    dimension("partner"),
                ));
            }
            for period in indicator.all("period") {
                let start = period.one("period-start").attribute("iso-date").unwrap().to_string();
                let end = period.one("period-end").attribute("iso-date").unwrap().to_string();
                for actual in period.all("actual") {
                    let dimension = |name: &str| actual.all("dimension")
                        .find(|d| d.attribute("name") == Some(name))
                        .and_then(|d| d.attribute("value").map(str::to_string));
                    back.push((
                        code,
                        start.clone(),
                        end.clone(),
                        actual.attribute("value").unwrap().to_string(),
                        actual.all("location").next().and_then(|l| l.attribute("ref").map(str::to_string)),
                        dimension("channel"),
                        dimension("partner"),
                    ));
                }
            }
        }
        let mut expected = Vec::new();
        let mut refused = 0;
        for figure in data.iter() {
            match expected_value(&figure) {
                Some(value) => expected.push((
                    figure.indicator,
                    if Some(figure.period) == baseline {
                        "baseline".to_string()
                    } else {
                        figure.period.first_day().to_string()
                    },
                    figure.period.last_day().to_string(),
                    value,
                    figure.country.map(|c| c.alpha2().to_string()),
                    figure.channel.map(|c| c.code().to_string()),
                    figure.partner.as_ref().map(|p| p.as_str().to_string()),
                )),
                None => refused += 1,
            }
        }
        back.sort();
        expected.sort();
        prop_assert_eq!(back, expected);
        let errors: Vec<_> = findings.by_severity(Severity::Error).collect();
        prop_assert_eq!(errors.len(), refused);
        prop_assert!(errors.iter().all(|f| f.series.is_some() && f.period.is_some()));
        // The whole document, with these names and notes, is valid.
        let (document, _) = document(&data, &settings);
        schema_check("generated", &document);
    }
}

/// The path of a compiled example, next to the test binaries' folder.
fn example(name: &str) -> PathBuf {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    dir.join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn the_example_writes_the_seed_activity_and_names_what_iati_cannot_carry() {
    let output = Command::new(example("iati_export")).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let (document, rest) = text.split_at(text.find("</iati-activities>\n").unwrap() + 19);
    schema_check("example", document);
    let root = parse(document);
    let activity = root.one("iati-activities").one("iati-activity");
    // The eight indicators of FIGURES.md's table, in its order; the
    // example sets the seventh, exploiters convicted, as an outcome.
    let types: Vec<&str> = activity
        .all("result")
        .filter_map(|r| r.attribute("type"))
        .collect();
    assert_eq!(types, ["1", "1", "1", "1", "1", "1", "2", "1"]);
    assert!(
        rest.contains("Figures left out of the activity: 0\n"),
        "{rest}"
    );
    // FIGURES.md, the text's figures: "11 of them" of 24, "over 1.3
    // million", "more than 2,000 individuals".
    for refused in [
        "income_rise_rate BD direct 20/21 H1 = 11/24 is left out",
        "people_reached_indirect BD direct 20/21 H1 = more than 1300000 is left out",
        "individuals_supplied 20/21 H1 = more than 2000 is left out",
    ] {
        assert!(rest.contains(refused), "{refused} in {rest}");
    }
}
