//! The seed report's validation, checked against the numbers of
//! `tests/data/FIGURES.md` and arithmetic done by hand.

use impact_metrics::{
    Country, Dimension, Finding, Findings, Indicator, Query, Rounding, Severity, Validator,
    disclosure::CountTable, disclosure::Disclosure, disclosure::PublishedCell, seed,
};

fn validate(rule: Rounding) -> Findings {
    let report = seed::h1_2020_21().unwrap();
    Validator::new()
        .with_reporting_period(report.period)
        .with_growth_rounding(rule)
        .validate_published(&report.figures, &report.headline)
}

fn values<'a>(finding: &'a Finding, name: &str) -> Vec<&'a str> {
    let mut found: Vec<&str> = finding
        .values
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect();
    found.sort();
    found
}

fn indicator(finding: &Finding) -> Option<Indicator> {
    finding.series.as_ref().map(|s| s.indicator)
}

fn about(report: &Findings, rule: &str, of: Indicator) -> Finding {
    report
        .by_rule(rule)
        .find(|f| indicator(f) == Some(of))
        .cloned()
        .unwrap_or_else(|| panic!("no {rule} about {of}:\n{report}"))
}

#[test]
fn convictions_26_against_uk_1_and_thailand_24() {
    let found = validate(Rounding::HalfUp);
    assert_eq!(found.by_rule("reconcile.total").count(), 1, "{found}");
    let gap = about(&found, "reconcile.total", Indicator::EXPLOITERS_CONVICTED);
    assert_eq!(gap.severity, Severity::Error);
    assert_eq!(values(&gap, "published"), ["26"]);
    assert_eq!(values(&gap, "sum of parts"), ["25"]); // 1 + 24
    assert_eq!(values(&gap, "difference"), ["+1"]);
    assert_eq!(
        values(&gap, "part"),
        ["GB direct 1", "TH joint LIFT International 24"]
    );
}

#[test]
fn repatriations_103_need_romanias_interpreted_2() {
    let found = validate(Rounding::HalfUp);
    let reading = about(
        &found,
        "reconcile.interpreted",
        Indicator::SURVIVORS_REPATRIATED,
    );
    assert_eq!(reading.severity, Severity::Warning);
    assert_eq!(values(&reading, "published"), ["103"]);
    assert_eq!(values(&reading, "sum of stated parts"), ["101"]); // 15 + 86
    assert_eq!(values(&reading, "sum of parts"), ["103"]); // 15 + 86 + 2
    assert_eq!(values(&reading, "difference"), ["+2"]);
    assert_eq!(values(&reading, "part"), ["BD direct 86", "GB direct 15"]);
    assert_eq!(values(&reading, "interpreted part"), ["RO direct 2"]);
    assert!(
        reading.message.contains("interpreted"),
        "{}",
        reading.message
    );
    // Counted as stated, the repatriations would not reconcile at all.
    assert!(
        found
            .by_rule("reconcile.total")
            .all(|f| indicator(f) != Some(Indicator::SURVIVORS_REPATRIATED))
    );
}

#[test]
fn india_q1_only_is_partial_coverage_of_h1() {
    let found = validate(Rounding::HalfUp);
    let partial: Vec<&Finding> = found.by_rule("coverage.partial").collect();
    assert_eq!(partial.len(), 3, "{found}");
    let mut seen: Vec<(Indicator, &str)> = Vec::new();
    for finding in partial {
        let series = finding.series.as_ref().unwrap();
        assert_eq!(series.country, Some(Country::IN));
        assert_eq!(values(finding, "covered"), ["20/21 Q1"]);
        assert_eq!(values(finding, "missing"), ["20/21 Q2"]);
        assert_eq!(values(finding, "period"), ["20/21 H1"]);
        seen.push((series.indicator, values(finding, "value")[0]));
    }
    seen.sort();
    let mut expected = vec![
        (Indicator::SURVIVORS_CARED_FOR, "93"),
        (Indicator::PREVENTION_EDUCATION, "203"),
        (Indicator::PROSECUTIONS_SUPPORTED, "129"),
    ];
    expected.sort();
    assert_eq!(seen, expected);
}

#[test]
fn growth_274_and_205_are_unreachable_under_any_round_to_nearest() {
    // 103 against half of b: b = 55 gives 206/55 - 1 = +274.5...%, b = 56
    // gives +267.9...%; no b gives [273.5, 274.5]. 26 against half of b:
    // b = 17 gives +205.9...%, b = 18 gives +188.9...%.
    for rule in [Rounding::HalfUp, Rounding::HalfDown, Rounding::HalfEven] {
        let found = validate(rule);
        let mut unreachable: Vec<Indicator> = found
            .by_rule("growth.claim_unreachable")
            .filter_map(indicator)
            .collect();
        unreachable.sort();
        let mut expected = vec![
            Indicator::SURVIVORS_REPATRIATED,
            Indicator::EXPLOITERS_CONVICTED,
        ];
        expected.sort();
        assert_eq!(unreachable, expected, "{rule}");
        assert_eq!(
            found.by_rule("growth.claim_consistent").count(),
            6,
            "{rule}"
        );
    }
}

#[test]
fn the_six_other_claims_have_the_baselines_worked_out_by_hand() {
    // Each: current c at +p% on the half-year average means c / (b / 2) - 1
    // rounds to p / 100, half-up. For 74 at +32%: 148 / b in [1.315, 1.325),
    // so b in (111.70, 112.55]: 112.
    let found = validate(Rounding::HalfUp);
    for (of, baselines) in [
        (Indicator::VICTIMS_REMOVED, "112"),
        (Indicator::SURVIVORS_CARED_FOR, "655 to 659"), // 874 / b in [1.325, 1.335)
        (Indicator::PREVENTION_EDUCATION, "741 to 745"), // 966 / b in [1.295, 1.305)
        (Indicator::ACCUSED_ARRESTED, "117"),           // 170 / b in [1.445, 1.455)
        (Indicator::PROSECUTIONS_SUPPORTED, "242"),     // 498 / b in [2.055, 2.065)
        (Indicator::PROFESSIONALS_TRAINED, "1400 to 1409"), // 1882 / b in [1.335, 1.345)
    ] {
        let claim = about(&found, "growth.claim_consistent", of);
        assert_eq!(values(&claim, "baselines"), [baselines], "{of}");
        assert_eq!(values(&claim, "rounding"), ["half-up"]);
    }
}

#[test]
fn under_toward_zero_all_eight_claims_are_consistent() {
    let found = validate(Rounding::TowardZero);
    assert_eq!(
        found.by_rule("growth.claim_unreachable").count(),
        0,
        "{found}"
    );
    assert_eq!(found.by_rule("growth.claim_consistent").count(), 8);
    // 206 / b in [3.74, 3.75): b in (54.93, 55.08]; 52 / b in [3.05, 3.06): b in (16.99, 17.05].
    let repatriated = about(
        &found,
        "growth.claim_consistent",
        Indicator::SURVIVORS_REPATRIATED,
    );
    assert_eq!(values(&repatriated, "baselines"), ["55"]);
    let convicted = about(
        &found,
        "growth.claim_consistent",
        Indicator::EXPLOITERS_CONVICTED,
    );
    assert_eq!(values(&convicted, "baselines"), ["17"]);
}

#[test]
fn the_whole_report_in_numbers() {
    let half_up = validate(Rounding::HalfUp);
    // Errors: the convictions gap and two unreachable claims. Warnings: the
    // repatriations' reading and India's three series. Notes: six
    // consistent claims and one for the 24 figures with no history.
    assert_eq!(half_up.count(Severity::Error), 3, "{half_up}");
    assert_eq!(half_up.count(Severity::Warning), 4, "{half_up}");
    assert_eq!(half_up.count(Severity::Note), 6 + 1, "{half_up}");
    let toward_zero = validate(Rounding::TowardZero);
    assert_eq!(toward_zero.count(Severity::Error), 1, "{toward_zero}");
}

#[test]
fn publishing_small_counts_by_country_hides_them() {
    let report = seed::h1_2020_21().unwrap();
    // One table per indicator: counts of different indicators do not add up.
    let query = |indicator| {
        Query::new()
            .within(report.period)
            .with_indicator(indicator)
            .by_country()
            .by_channel()
    };
    let convictions = report
        .figures
        .aggregate(&query(Indicator::EXPLOITERS_CONVICTED))
        .unwrap();
    let table = CountTable::from_table(
        &convictions,
        Dimension::Country,
        Dimension::Channel,
        report.calendar,
    )
    .unwrap();
    // tests/data/FIGURES.md: the UK's 1 conviction (direct), Thailand's 24 (joint).
    assert_eq!(table.rows(), ["GB", "TH"]);
    assert_eq!(table.columns(), ["direct", "joint"]);
    let published = Disclosure::default().protect(&table).unwrap();
    assert_eq!(published.cell(0, 0), Some(PublishedCell::Suppressed));
    // No published number below 11 other than 0, cell or total.
    let mut numbers: Vec<Option<PublishedCell>> = Vec::new();
    for r in 0..2 {
        numbers.push(published.row_total(r));
        for c in 0..2 {
            numbers.push(published.cell(r, c));
        }
    }
    numbers.push(published.column_total(0));
    numbers.push(published.column_total(1));
    numbers.push(Some(published.grand_total()));
    for number in numbers.into_iter().flatten() {
        if let PublishedCell::Value(n) = number {
            assert!(n == 0 || n >= 11, "{n} published");
        }
    }
    // The grand total 1 + 24 = 25 would give back the UK's 1 from
    // Thailand's 24: it is hidden too.
    assert_eq!(published.grand_total(), PublishedCell::Suppressed);

    // Repatriations: 86 + 15 + 2 = 103, all direct; Romania's 2 is below 11.
    let repatriations = report
        .figures
        .aggregate(&query(Indicator::SURVIVORS_REPATRIATED))
        .unwrap();
    let table = CountTable::from_table(
        &repatriations,
        Dimension::Country,
        Dimension::Channel,
        report.calendar,
    )
    .unwrap();
    assert_eq!(table.rows(), ["BD", "GB", "RO"]);
    let published = Disclosure::default().protect(&table).unwrap();
    assert_eq!(published.cell(2, 0), Some(PublishedCell::Suppressed));
    assert_eq!(published.grand_total(), PublishedCell::Value(103));

    // A table across indicators is refused.
    let both = report
        .figures
        .aggregate(
            &Query::new()
                .within(report.period)
                .with_indicator(Indicator::SURVIVORS_REPATRIATED)
                .with_indicator(Indicator::EXPLOITERS_CONVICTED)
                .by_country()
                .by_indicator(),
        )
        .unwrap();
    assert!(
        CountTable::from_table(
            &both,
            Dimension::Country,
            Dimension::Indicator,
            report.calendar
        )
        .is_err()
    );
}

/// The seed report has one figure a series: nothing to compare a figure
/// with, so none of the rules on a series' shape or level raise anything
/// but the one note that says so.
#[test]
fn the_seed_raises_no_level_or_shape_warning() {
    let found = validate(Rounding::HalfUp);
    let shape: Vec<&Finding> = found
        .findings()
        .iter()
        .filter(|f| f.rule.starts_with("outlier.") || f.rule == "double_count.same_value")
        .collect();
    assert_eq!(shape.len(), 1, "{found}");
    assert_eq!(shape[0].rule, "outlier.skipped");
    assert_eq!(shape[0].severity, Severity::Note);
}

mod partner_file {
    //! A partner's monthly file, built here with one fault of each kind the
    //! rules on a series look for, each at a known line.

    use impact_metrics::{
        Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Location, Observation,
        Partner, Period, Severity, Validator, Value,
    };

    /// The cycle every clean series follows, month by month.
    const CYCLE: [u64; 6] = [40, 44, 38, 42, 46, 36];

    fn month(i: usize) -> Period {
        FiscalCalendar::SEPTEMBER
            .month(2018, 1)
            .unwrap()
            .offset(i as i64)
            .unwrap()
    }

    struct File {
        data: Dataset,
        line: u64,
    }

    impl File {
        fn new() -> File {
            File {
                data: Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()),
                line: 1,
            }
        }

        /// Adds a figure; its line.
        fn add(&mut self, figure: Observation) -> u64 {
            self.line += 1;
            self.data
                .push_at(
                    figure,
                    Location::in_file("partner.csv").with_line(self.line),
                )
                .unwrap();
            self.line
        }
    }

    fn figure(indicator: Indicator, country: Country, i: usize, n: u64) -> Observation {
        Observation::new(indicator, month(i), Value::Count(n))
            .with_country(country)
            .with_channel(Channel::Direct)
    }

    /// (rule, line) of every warning and error.
    fn flagged(data: &Dataset) -> Vec<(String, Option<u64>)> {
        let found = Validator::new().validate(data);
        let mut out: Vec<(String, Option<u64>)> = found
            .at_least(Severity::Warning)
            .findings()
            .iter()
            .map(|f| (f.rule.to_string(), f.location.line))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn each_fault_is_found_at_its_line_and_nothing_else_is_flagged() {
        let mut file = File::new();
        let mut expected: Vec<(String, Option<u64>)> = Vec::new();
        // Victims removed in BD: 24 months of the cycle, month 8 typed with
        // an extra digit (44 -> 444), month 16 as BG, month 20 missing.
        for i in 0..24 {
            let n = CYCLE[i % 6];
            match i {
                8 => {
                    let line = file.add(figure(Indicator::VICTIMS_REMOVED, Country::BD, i, 444));
                    expected.push(("outlier.digit".into(), Some(line)));
                }
                16 => {
                    let line = file.add(figure(Indicator::VICTIMS_REMOVED, Country::BG, i, n));
                    expected.push(("outlier.stray_country".into(), Some(line)));
                    // The hole it leaves in BD, at BD's next month.
                    expected.push(("coverage.series_gap".into(), Some(line + 1)));
                }
                20 => {}
                _ => {
                    let line = file.add(figure(Indicator::VICTIMS_REMOVED, Country::BD, i, n));
                    if i == 21 {
                        expected.push(("coverage.series_gap".into(), Some(line)));
                    }
                }
            }
        }
        // Survivors cared for in GB: the cycle, with a 0 in month 10.
        for i in 0..24 {
            let n = if i == 10 { 0 } else { CYCLE[i % 6] };
            let line = file.add(figure(Indicator::SURVIVORS_CARED_FOR, Country::GB, i, n));
            if i == 10 {
                expected.push(("outlier.unexpected_zero".into(), Some(line)));
            }
        }
        // Accused arrested in TH, jointly with LIFT, at 10 a month, and the
        // direct team's 40 a month for TH copied once under joint in
        // month 12.
        let lift = Partner::new("LIFT International").unwrap();
        for i in 0..24 {
            let joint = figure(
                Indicator::ACCUSED_ARRESTED,
                Country::TH,
                i,
                if i == 12 { 40 } else { 10 },
            )
            .with_channel(Channel::Joint)
            .with_partner(lift.clone());
            let line = file.add(joint);
            if i == 12 {
                expected.push(("double_count.same_value".into(), Some(line)));
            }
            file.add(figure(
                Indicator::ACCUSED_ARRESTED,
                Country::TH,
                i,
                CYCLE[i % 6],
            ));
        }
        expected.sort();
        assert_eq!(flagged(&file.data), expected);
    }
}
