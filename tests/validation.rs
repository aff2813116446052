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

mod generated {
    //! A small seeded generator of partner files with known faults, and the
    //! recall and false alarms of the defaults on it, held to a margin.
    //! Expected values are the rules' measured figures on these seeds; the
    //! test fails when a change finds fewer faults or flags more clean
    //! figures than the margins allow.

    use std::collections::BTreeSet;

    use impact_metrics::{
        Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Location, Observation,
        Partner, Severity, Validator, Value,
    };

    /// xorshift64*: the same numbers on every machine.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.0 = x;
            x.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn poisson(&mut self, mean: f64) -> u64 {
            if mean < 30.0 {
                let limit = (-mean).exp();
                let (mut k, mut p) = (0, 1.0);
                loop {
                    p *= self.unit();
                    if p <= limit {
                        return k;
                    }
                    k += 1;
                }
            }
            let (u, v) = (self.unit().max(1e-12), self.unit());
            let normal = (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos();
            (mean + mean.sqrt() * normal).round().max(0.0) as u64
        }
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
    enum Fault {
        ExtraDigit,
        MissingDigit,
        Zero,
        MissingMonth,
        CountrySwap,
        TwoChannels,
    }

    /// One row: the figure, and the fault it carries (if any).
    struct Row {
        figure: Observation,
        fault: Option<Fault>,
    }

    const MONTHS: i64 = 48;

    /// Series: (indicator, country, joint?, level).
    const SERIES: [(Indicator, Country, bool, f64); 7] = [
        (Indicator::VICTIMS_REMOVED, Country::BD, false, 40.0),
        (Indicator::SURVIVORS_CARED_FOR, Country::BD, false, 120.0),
        (Indicator::ACCUSED_ARRESTED, Country::BD, false, 12.0),
        (Indicator::EXPLOITERS_CONVICTED, Country::BD, false, 1.5),
        (Indicator::VICTIMS_REMOVED, Country::TH, true, 25.0),
        (Indicator::SURVIVORS_CARED_FOR, Country::TH, true, 60.0),
        (Indicator::VICTIMS_REMOVED, Country::TH, false, 8.0),
    ];

    fn generate(seed: u64) -> Vec<Row> {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let start = FiscalCalendar::SEPTEMBER.month(2016, 1).unwrap();
        let lift = Partner::new("LIFT International").unwrap();
        let mut rows = Vec::new();
        for &(indicator, country, joint, level) in &SERIES {
            let phase = rng.unit() * 12.0;
            let trend = rng.unit() * 0.3 - 0.1;
            let amplitude = rng.unit() * 0.3;
            for m in 0..MONTHS {
                let season = 1.0
                    + amplitude * (2.0 * std::f64::consts::PI * (m as f64 - phase) / 12.0).cos();
                let mean = level * (1.0 + trend * m as f64 / 12.0) * season;
                let mut figure = Observation::new(
                    indicator,
                    start.offset(m).unwrap(),
                    Value::Count(rng.poisson(mean)),
                )
                .with_country(country)
                .with_channel(if joint {
                    Channel::Joint
                } else {
                    Channel::Direct
                });
                if joint {
                    figure = figure.with_partner(lift.clone());
                }
                rows.push(Row {
                    figure,
                    fault: None,
                });
            }
        }
        // Three faults of each kind, at months 6 and later, at most one a
        // series and month either side.
        let mut used: BTreeSet<(usize, i64)> = BTreeSet::new();
        let kinds = [
            Fault::ExtraDigit,
            Fault::MissingDigit,
            Fault::Zero,
            Fault::MissingMonth,
            Fault::CountrySwap,
            Fault::TwoChannels,
        ];
        for kind in kinds {
            let mut placed = 0;
            while placed < 3 {
                let s = rng.below(SERIES.len());
                let m = 6 + rng.below((MONTHS - 7) as usize) as i64;
                if (m - 1..=m + 1).any(|k| used.contains(&(s, k))) {
                    continue;
                }
                let (_, country, joint, level) = SERIES[s];
                let row = &mut rows[s * MONTHS as usize + m as usize];
                let Value::Count(v) = row.figure.value else {
                    continue;
                };
                let fits = match kind {
                    Fault::ExtraDigit => v >= 1,
                    Fault::MissingDigit => v >= 10,
                    Fault::Zero => level >= 12.0,
                    Fault::MissingMonth => true,
                    Fault::CountrySwap => country == Country::BD,
                    // Survivors cared for in TH: joint only, so the copy
                    // under direct is a series of its own.
                    Fault::TwoChannels => joint && s == 5,
                };
                if !fits {
                    continue;
                }
                match kind {
                    Fault::ExtraDigit => row.figure.value = Value::Count(v * 10 + v % 10),
                    Fault::MissingDigit => row.figure.value = Value::Count(v / 10),
                    Fault::Zero => row.figure.value = Value::Count(0),
                    Fault::MissingMonth | Fault::TwoChannels => {}
                    Fault::CountrySwap => row.figure.country = Some(Country::BG),
                }
                row.fault = Some(kind);
                if kind == Fault::TwoChannels {
                    let mut copy = row.figure.clone();
                    copy.channel = Some(Channel::Direct);
                    copy.partner = None;
                    rows.push(Row {
                        figure: copy,
                        fault: Some(kind),
                    });
                }
                used.insert((s, m));
                placed += 1;
            }
        }
        rows
    }

    /// (faults injected, found) by kind, clean figures, and clean figures
    /// with a warning or an error.
    fn measure(seed: u64) -> (Vec<(Fault, bool)>, usize, usize) {
        let rows = generate(seed);
        let mut data = Dataset::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        // Line of each row that is in the file (a missing month is not).
        let mut lines: Vec<Option<u64>> = Vec::new();
        let mut line = 1;
        for row in &rows {
            if row.fault == Some(Fault::MissingMonth) {
                lines.push(None);
                continue;
            }
            line += 1;
            data.push_at(
                row.figure.clone(),
                Location::in_file("generated.csv").with_line(line),
            )
            .unwrap();
            lines.push(Some(line));
        }
        let found = Validator::new().validate(&data);
        let serious = found.at_least(Severity::Warning);
        // Where each fault is: the series and month it concerns (for a
        // swapped country, the BD series it left).
        let home = |row: &Row| {
            let mut figure = row.figure.clone();
            if row.fault == Some(Fault::CountrySwap) {
                figure.country = Some(Country::BD);
            }
            (figure.series().to_string(), figure.period)
        };
        let homes: BTreeSet<(String, impact_metrics::Period)> = rows
            .iter()
            .filter(|r| r.fault.is_some())
            .map(home)
            .collect();
        // Lines with a warning that names no fault's series and month.
        let mut on_line: BTreeSet<u64> = BTreeSet::new();
        let mut named: BTreeSet<(String, impact_metrics::Period)> = BTreeSet::new();
        let mut unexplained: BTreeSet<u64> = BTreeSet::new();
        for f in serious.findings() {
            let names = f
                .series
                .as_ref()
                .zip(f.period)
                .map(|(s, p)| (s.to_string(), p));
            if let Some(key) = names.clone().filter(|k| homes.contains(k)) {
                named.insert(key);
            }
            if let Some(l) = f.location.line {
                on_line.insert(l);
                if !names.is_some_and(|k| homes.contains(&k)) {
                    unexplained.insert(l);
                }
            }
        }
        let mut faults = Vec::new();
        let (mut clean, mut alarms) = (0, 0);
        for (i, (row, line)) in rows.iter().zip(&lines).enumerate() {
            let at_line = |l: &Option<u64>| l.is_some_and(|l| on_line.contains(&l));
            match row.fault {
                // The joint original of a copy is counted with its copy.
                Some(Fault::TwoChannels) if row.figure.channel == Some(Channel::Joint) => {}
                Some(Fault::TwoChannels) => {
                    let original = rows
                        .iter()
                        .zip(&lines)
                        .take(i)
                        .find(|(r, _)| {
                            r.fault == Some(Fault::TwoChannels)
                                && r.figure.period == row.figure.period
                        })
                        .map(|(_, l)| *l);
                    faults.push((
                        Fault::TwoChannels,
                        at_line(line) || original.is_some_and(|l| at_line(&l)),
                    ));
                }
                Some(kind) => faults.push((kind, at_line(line) || named.contains(&home(row)))),
                None => {
                    clean += 1;
                    if line.is_some_and(|l| unexplained.contains(&l)) {
                        alarms += 1;
                    }
                }
            }
        }
        (faults, clean, alarms)
    }

    #[test]
    fn recall_and_false_alarms_hold_their_margins() {
        let mut faults: Vec<(Fault, bool)> = Vec::new();
        let (mut clean, mut alarms) = (0, 0);
        for seed in 1..=8 {
            let (f, c, a) = measure(seed);
            faults.extend(f);
            clean += c;
            alarms += a;
        }
        let mut report = String::new();
        let mut total_found = 0;
        for kind in [
            Fault::ExtraDigit,
            Fault::MissingDigit,
            Fault::Zero,
            Fault::MissingMonth,
            Fault::CountrySwap,
            Fault::TwoChannels,
        ] {
            let of: Vec<bool> = faults
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, f)| *f)
                .collect();
            let found = of.iter().filter(|f| **f).count();
            total_found += found;
            report.push_str(&format!("{kind:?}: {found} of {}\n", of.len()));
        }
        let per_1000 = 1000.0 * alarms as f64 / clean as f64;
        report.push_str(&format!(
            "false alarms: {alarms} of {clean} clean figures ({per_1000:.1} per 1,000)\n"
        ));
        println!("{report}");
        // Measured on seeds 1 to 8: every one of the 24 faults of each kind
        // found (144 of 144), and 12 of 2,544 clean figures flagged (4.7 per
        // 1,000). The margins: 22 of 24 in each kind, 140 in all, and at
        // most 15 clean figures flagged.
        for kind in [
            Fault::ExtraDigit,
            Fault::MissingDigit,
            Fault::Zero,
            Fault::MissingMonth,
            Fault::CountrySwap,
            Fault::TwoChannels,
        ] {
            let found = faults.iter().filter(|(k, f)| *k == kind && *f).count();
            assert!(found >= 22, "{kind:?} below its margin:\n{report}");
        }
        assert!(total_found >= 140, "{report}");
        assert!(alarms <= 15, "{report}");
    }
}
