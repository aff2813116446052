//! The example data files: the seed report's figures as the CSV writer
//! writes them, and a partner file with problems.
#![cfg(feature = "csv")]

use std::fs;

use impact_metrics::{Catalogue, Severity, csv, format::ReadOptions, seed};

fn path(name: &str) -> String {
    format!("{}/examples/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `examples/data/seed_h1_2020_21.csv` is what `csv::write` writes for the
/// seed report's figures. Run with `IMPACT_METRICS_BLESS=1` to write it
/// again after a deliberate change of format.
#[test]
fn the_seed_file_is_the_writers_output_and_reads_back_to_the_seed() {
    let report = seed::h1_2020_21().unwrap();
    let mut written = Vec::new();
    csv::write(&report.figures, &mut written).unwrap();
    let file = path("seed_h1_2020_21.csv");
    if std::env::var_os("IMPACT_METRICS_BLESS").is_some() {
        fs::write(&file, &written).unwrap();
    }
    let on_disk = fs::read(&file).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&on_disk),
        String::from_utf8_lossy(&written)
    );

    let options =
        ReadOptions::new(report.calendar, Catalogue::builtin()).with_source("seed_h1_2020_21.csv");
    let (back, findings) = csv::read(on_disk.as_slice(), &options);
    assert!(findings.is_empty(), "{findings}");
    assert_eq!(back.calendar(), report.figures.calendar());
    assert_eq!(back.observations(), report.figures.observations());
    // One figure a line, after the header.
    let lines: Vec<u64> = back.located().filter_map(|(_, at)| at.line).collect();
    assert_eq!(lines, (2..=25).collect::<Vec<u64>>());
}

#[test]
fn the_seed_file_reads_as_the_report_prints_it() {
    let text = fs::read_to_string(path("seed_h1_2020_21.csv")).unwrap();
    // tests/data/FIGURES.md: India's figures cover 20/21 Q1 only, with Vihaan.
    assert!(
        text.contains("\nsurvivors_cared_for,IN,joint,Vihaan,20/21 Q1,93,,,,,Q2 data awaited\n")
    );
    assert!(text.contains("\nvictims_removed,GB,direct,,20/21 H1,20,,,,,\n"));
}

/// The problems planted in `partner_with_problems.csv`, by line, as its
/// rows were written.
const PLANTED: [(&str, u64); 19] = [
    ("parse.column_ignored", 1),  // "Entered by"
    ("parse.value", 4),           // "1,234"
    ("parse.row", 5),             // 12,50 unquoted
    ("parse.value", 6),           // "12,50"
    ("parse.value", 7),           // N/A
    ("parse.value", 8),           // -3
    ("figure.partner", 9),        // joint, no partner
    ("parse.value", 10),          // empty
    ("parse.value", 11),          // 1.3E+06
    ("parse.period", 12),         // 2020/22
    ("parse.country", 13),        // England
    ("parse.indicator", 14),      // Traffickers freed
    ("figure.wrong_measure", 15), // a rate given as a count
    ("parse.value", 16),          // 45% beside 11 of 24
    ("parse.denominator", 17),    // numerator alone
    ("figure.partner", 18),       // direct work with a partner
    ("parse.period", 19),         // FY2021 on a span calendar
    ("parse.value", 21),          // too large
    ("parse.channel", 22),        // Joint ops
];

#[test]
fn the_partner_file_has_every_planted_problem_and_keeps_its_good_rows() {
    let options = ReadOptions::new(seed::h1_2020_21().unwrap().calendar, Catalogue::builtin());
    let file = fs::File::open(path("partner_with_problems.csv")).unwrap();
    let (data, report) = csv::read(file, &options);
    let found: Vec<(&str, u64)> = report
        .findings()
        .iter()
        .map(|f| (f.rule.as_str(), f.location.line.unwrap_or(0)))
        .collect();
    assert_eq!(found, PLANTED);
    assert_eq!(report.count(Severity::Error), 18);
    let lines: Vec<u64> = data.located().filter_map(|(_, at)| at.line).collect();
    assert_eq!(lines, [2, 3, 20, 23, 24]);
}

/// The example program, run on its default file, prints every problem
/// and the totals of the good rows. `cargo test` builds the examples next
/// to the test binaries.
#[test]
fn the_check_partner_file_example_prints_the_report_and_totals() {
    let exe = std::env::current_exe().unwrap();
    let examples = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|dir| dir.join("examples").join("check_partner_file"))
        .unwrap();
    assert!(
        examples.exists(),
        "{} is missing: run the whole `cargo test`, which builds the examples",
        examples.display()
    );
    let output = std::process::Command::new(&examples).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    for (rule, line) in PLANTED {
        let prefix = format!("[{rule}] partner_with_problems.csv:{line}");
        assert!(
            lines.iter().any(|l| l.contains(&prefix)),
            "no {prefix} in:\n{stdout}"
        );
    }
    assert!(lines.contains(&"18 errors, 0 warnings, 1 note"), "{stdout}");
    // Victims removed: 19 in Q1 and 18 in Q2; survivors cared for: 4 in
    // September and 6 in December; the income rise rate: 11 of 24.
    let totals: Vec<Vec<&str>> = lines
        .iter()
        .skip_while(|l| !l.starts_with("5 good figures"))
        .skip(1)
        .map(|l| l.split_whitespace().take(3).collect())
        .collect();
    assert_eq!(
        totals,
        // Rows come in the order of their keys: indicator codes alphabetically.
        [
            ["income_rise_rate", "20/21", "H1"],
            ["survivors_cared_for", "20/21", "H1"],
            ["victims_removed", "20/21", "H1"],
        ]
    );
    assert!(stdout.contains(" 37  (2 figures, complete)"), "{stdout}");
    assert!(stdout.contains(" 11/24  (1 figure, complete)"), "{stdout}");
    assert!(
        stdout.contains(
            " 10  (2 figures, partial: no figure for Oct 2020, Nov 2020, Jan 2021, Feb 2021)"
        ),
        "{stdout}"
    );
}
