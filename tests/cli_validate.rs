//! `impact validate`, run as a user runs it: published totals from a CSV,
//! the one note for figures with too little history, and the JSON and CSV
//! output.
#![cfg(feature = "cli")]

use assert_cmd::Command;

fn impact() -> Command {
    let mut cmd = Command::cargo_bin("impact").unwrap();
    // Keep the working folder's impact.toml, if any, out of the tests.
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const SEED: &str = "examples/data/seed_h1_2020_21.csv";
/// 2019/20 victims removed: GB 30 + BD 30 + TH 52 = 112, whose half-year
/// average is 56.
const BASELINE: &str = "tests/data/cli/baseline_2019_20.csv";
/// The seed's published 74 victims removed, +32% on the 19/20 HY average.
const PUBLISHED: &str = "tests/data/cli/published_seed.csv";
/// 75 and +40% instead.
const WRONG: &str = "tests/data/cli/published_wrong.csv";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = impact()
        .arg("validate")
        .args(args)
        .args(["--as-of", "2021-03-31"])
        .output()
        .unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// The CSV output's rows, each as its cells.
fn rows(csv_text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_seeds_published_74_and_32_percent_reconcile_exit_0() {
    // FIGURES.md: UK 20 + Bangladesh 17 + Thailand 37 = 74, the published
    // total. +32% on 74 against the half-year average: 148 / b in
    // [1.315, 1.325), so b in (111.70, 112.55]: a 2019/20 total of 112.
    let out = run(&[SEED, "--published", PUBLISHED, "--format", "csv"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    let rows = rows(&out.stdout);
    assert!(
        !rows.iter().any(|r| r[1].starts_with("reconcile.")),
        "{rows:?}"
    );
    let claim = rows
        .iter()
        .find(|r| r[1] == "growth.claim_consistent")
        .unwrap();
    assert_eq!(claim[2], PUBLISHED);
    assert_eq!(claim[3], "2");
    assert!(
        claim[5].contains("+32% on 74 is consistent with a 2019/20 total of 112 (average 56)"),
        "{}",
        claim[5]
    );
    assert_eq!(
        out.stderr,
        format!(
            "24 figures read from 1 file(s) and 1 published total(s) from {PUBLISHED}; \
             0 error(s), 0 warning(s), 2 note(s)\n"
        )
    );
}

#[test]
fn with_the_baseline_figures_the_claim_is_checked_against_them() {
    // 74 against 112 / 2 = 56: 74 / 56 - 1 = 32.14...%, +32% half-up.
    let out = run(&[SEED, BASELINE, "--published", PUBLISHED, "--format", "csv"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    let rows = rows(&out.stdout);
    let claim = rows
        .iter()
        .find(|r| r[1] == "growth.claim_consistent")
        .unwrap();
    assert!(
        claim[5].contains("+32% on 74 matches the 2019/20 figures, which add to 112"),
        "{}",
        claim[5]
    );
}

#[test]
fn a_wrong_total_and_growth_exit_1_and_name_the_line() {
    let out = run(&[SEED, BASELINE, "--published", WRONG, "--format", "csv"]);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    let rows = rows(&out.stdout);
    let errors: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r[0] == "error")
        .map(|r| (r[1].as_str(), r[2].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            ("growth.claim_mismatch", WRONG, "2"),
            ("reconcile.total", WRONG, "2")
        ]
    );
    // 75 against the parts 20 + 17 + 37 = 74.
    let gap = rows.iter().find(|r| r[1] == "reconcile.total").unwrap();
    assert!(
        gap[5].contains("the published total 75 is 1 more than the sum of its parts, 74"),
        "{}",
        gap[5]
    );
    assert_eq!(gap[6], "victims_removed");
    assert_eq!(gap[10], "20/21 H1");
    // 75 against 56: 75 / 56 - 1 = 33.93...%, +34% half-up, not +40%;
    // +40% on 75 needs 150 / b in [1.395, 1.405): b = 107.
    let claim = rows
        .iter()
        .find(|r| r[1] == "growth.claim_mismatch")
        .unwrap();
    assert!(
        claim[5].contains(
            "+40% is published, but the 2019/20 figures add to 112, which gives +34% under \
             half-up rounding; +40% needs a 2019/20 total of 107"
        ),
        "{}",
        claim[5]
    );
    assert!(out.stderr.contains("2 error(s)"), "{}", out.stderr);
}

#[test]
fn a_wrong_total_fails_even_without_baseline_figures() {
    let out = run(&[SEED, "--published", WRONG, "--format", "csv"]);
    assert_eq!(out.code, Some(1));
    let errors: Vec<Vec<String>> = rows(&out.stdout)
        .into_iter()
        .filter(|r| r[0] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0][1..4], ["reconcile.total", WRONG, "2"]);
}

#[test]
fn bad_rows_of_the_published_file_are_located_and_the_others_checked() {
    let dir = std::env::temp_dir().join(format!("impact-published-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("totals.csv");
    std::fs::write(
        &path,
        "indicator,period,value,channels,growth,baseline\n\
         victims_removed,20/21 H1,74,direct + joint,+32%,2019/20\n\
         survivors_cared_for,20/21 H1,437,direct + joint,about a third,2019/20\n\
         exploiters_convicted,20/21 H7,26,,,\n\
         accused_arrested,20/21 H1,85,direct + joint + partner,,\n",
    )
    .unwrap();
    let name = path.display().to_string();
    let out = run(&[SEED, "--published", &name, "--format", "csv"]);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    let rows = rows(&out.stdout);
    let errors: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r[0] == "error")
        .map(|r| (r[1].as_str(), r[3].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            ("parse.growth", "3", "growth"),
            ("parse.period", "4", "period"),
            ("parse.channel", "5", "channels"),
        ]
    );
    // The good row is still checked.
    assert!(
        rows.iter()
            .any(|r| r[1] == "growth.claim_consistent" && r[3] == "2"),
        "{rows:?}"
    );
    assert!(
        out.stderr.contains("and 1 published total(s) from"),
        "{}",
        out.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unreadable_published_file_is_status_2() {
    let out = run(&[SEED, "--published", "tests/data/cli/no_such_totals.csv"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.starts_with(
            "impact: cannot read the published totals tests/data/cli/no_such_totals.csv: "
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn too_little_history_is_one_note_not_one_per_figure() {
    // The seed's 24 figures are each their own series, with no earlier
    // period: one note for all of them.
    let out = run(&[SEED, "--format", "csv"]);
    assert_eq!(out.code, Some(0));
    let rows = rows(&out.stdout);
    assert_eq!(rows.len(), 1, "{rows:?}");
    // Located at the first of them, the file's first figure.
    assert_eq!(rows[0][..5], ["note", "outlier.skipped", SEED, "2", ""]);
    assert_eq!(
        rows[0][5],
        "not enough history for outlier checks: 24 figures in 24 series have fewer than 6 \
         other periods of the same length within a year of them (months are compared with \
         months, quarters with quarters), so they are not checked for outliers; the first is here"
    );
    assert_eq!(
        out.stderr,
        "24 figures read from 1 file(s); 0 error(s), 0 warning(s), 1 note(s)\n"
    );
}

#[test]
fn json_output_has_the_summary_counts_and_the_findings() {
    let out = run(&[
        SEED,
        "--published",
        WRONG,
        "--format",
        "json",
        "--min-severity",
        "warning",
    ]);
    assert_eq!(out.code, Some(1));
    let document: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    // One error (75 against 74); two notes (the history note, the claim
    // consistent with a 2019/20 total of 107) hidden below warning.
    assert_eq!(
        document["summary"],
        serde_json::json!({
            "errors": 1,
            "warnings": 0,
            "notes": 2,
            "shown": 1,
            "hidden": 2,
            "min_severity": "warning",
            "figures": 24,
            "files": 1,
            "published_totals": 1,
        })
    );
    let findings = document["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "reconcile.total");
    assert_eq!(findings[0]["location"]["line"], 2);
    assert_eq!(findings[0]["location"]["source"], WRONG);
    // And the findings read back as the crate's own findings.
    let back: impact_metrics::Findings = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(back.len(), 1);
    assert!(!out.stdout.contains("..="), "{}", out.stdout);
}

#[test]
fn json_without_published_totals_says_null() {
    let out = run(&[SEED, "--format", "json"]);
    assert_eq!(out.code, Some(0));
    let document: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        document["summary"]["published_totals"],
        serde_json::Value::Null
    );
    assert_eq!(document["summary"]["figures"], 24);
    assert_eq!(document["summary"]["notes"], 1);
    assert_eq!(document["summary"]["hidden"], 0);
}

#[test]
fn csv_columns_are_the_same_whatever_is_found() {
    let header =
        "severity,rule,file,line,column,message,indicator,country,channel,partner,period,cell";
    for args in [&[SEED][..], &[SEED, "--published", WRONG][..]] {
        let mut all = args.to_vec();
        all.extend(["--format", "csv"]);
        let out = run(&all);
        assert_eq!(out.stdout.lines().next(), Some(header), "{args:?}");
    }
    // With nothing to show, the header alone.
    let out = run(&[SEED, "--format", "csv", "--min-severity", "error"]);
    assert_eq!(out.stdout, format!("{header}\n"));
}

#[test]
fn help_has_a_working_example_and_the_published_columns() {
    let out = impact().args(["validate", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("impact validate examples/data/seed_h1_2020_21.csv --period '20/21 H1'"),
        "{help}"
    );
    assert!(help.contains("baseline_kind"), "{help}");
    // The examples run: the first finds no error; the second finds the
    // convictions' gap (26 published, 1 + 24 in the parts).
    let out = run(&[SEED, "--period", "20/21 H1"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        help.contains(
            "impact validate examples/data/seed_h1_2020_21.csv --published \
             examples/data/seed_h1_2020_21_published.csv --rounding toward-zero"
        ),
        "{help}"
    );
    let out = run(&[
        SEED,
        "--published",
        "examples/data/seed_h1_2020_21_published.csv",
        "--rounding",
        "toward-zero",
    ]);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("1 error(s)"), "{}", out.stderr);
}

#[test]
fn the_seeds_whole_headline_from_the_shell_matches_the_library() {
    // The example file is the seed's headline as FIGURES.md lays it out;
    // from the shell, it must find what the library finds on the seed.
    let published = "examples/data/seed_h1_2020_21_published.csv";
    for rounding in [
        impact_metrics::Rounding::HalfUp,
        impact_metrics::Rounding::TowardZero,
    ] {
        let rule = rounding.to_string();
        let out = run(&[
            SEED,
            "--published",
            published,
            "--rounding",
            &rule,
            "--format",
            "json",
        ]);
        // The convictions: 26 published, 1 + 24 in the parts.
        assert_eq!(out.code, Some(1), "{}", out.stderr);
        let shell: impact_metrics::Findings = serde_json::from_str(&out.stdout).unwrap();
        let report = impact_metrics::seed::h1_2020_21().unwrap();
        let library = impact_metrics::Validator::new()
            .with_growth_rounding(rounding)
            .validate_published(&report.figures, &report.headline);
        let key = |found: &impact_metrics::Findings| {
            let mut keys: Vec<(String, String)> = found
                .findings()
                .iter()
                .filter(|f| f.rule != "outlier.skipped")
                .map(|f| (f.rule.to_string(), f.message.clone()))
                .collect();
            keys.sort();
            keys
        };
        assert_eq!(key(&shell), key(&library), "{rule}");
        // And each finding about a total names its line: convictions are
        // the seventh total, on line 8.
        let gap = shell.by_rule("reconcile.total").next().unwrap();
        assert_eq!(gap.location.source.as_deref(), Some(published));
        assert_eq!(gap.location.line, Some(8));
    }
}
