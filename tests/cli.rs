//! The `impact` command line, run as a user runs it.
#![cfg(feature = "cli")]

use assert_cmd::Command;

fn impact() -> Command {
    let mut cmd = Command::cargo_bin("impact").unwrap();
    // Keep the working folder's impact.toml, if any, out of the tests.
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn help_documents_the_exit_status() {
    let out = stdout_of(impact().arg("--help"));
    assert!(
        out.contains("1 when it ran and found errors in the data; 2 when it could not run"),
        "{out}"
    );
    let out = stdout_of(impact().args(["validate", "--help"]));
    assert!(
        out.contains("Exit status: 0 when no finding is an error, 1 when some are, 2"),
        "{out}"
    );
}

#[test]
fn growth_on_the_half_year_average() {
    // 74 against half of 112 = 56: 74/56 - 1 = 9/28 = 32.14%.
    let out = stdout_of(impact().args([
        "growth",
        "--current",
        "74",
        "--baseline",
        "112",
        "--on-average",
        "--current-period",
        "20/21 H1",
        "--baseline-period",
        "2019/20",
        "--places",
        "2",
        "--format",
        "csv",
    ]));
    assert_eq!(
        out,
        "rounding,current,baseline,current_months,baseline_months,growth,exact\n\
         half-up,74,112,6,12,+32.14%,9/28\n"
    );
}

#[test]
fn periods_given_are_lengths_applied_forwards_as_backwards() {
    // Without --on-average, the periods still say 6 months against 12:
    // 74 against 112/2 = 56 is +9/28, not 74/112 - 1 = -19/56 (-34%).
    let forwards = stdout_of(impact().args([
        "growth",
        "--current",
        "74",
        "--baseline",
        "112",
        "--current-period",
        "20/21 H1",
        "--baseline-period",
        "2019/20",
        "--format",
        "csv",
    ]));
    assert_eq!(
        forwards,
        "rounding,current,baseline,current_months,baseline_months,growth,exact\n\
         half-up,74,112,6,12,+32%,9/28\n"
    );
    // And backwards with the same periods, +32% on 74 gives back 112.
    let backwards = stdout_of(impact().args([
        "growth",
        "--backwards",
        "--published",
        "32",
        "--current",
        "74",
        "--current-period",
        "20/21 H1",
        "--baseline-period",
        "2019/20",
        "--format",
        "csv",
    ]));
    assert!(backwards.contains(",112,112,112,"), "{backwards}");
}

#[test]
fn one_length_alone_is_refused_with_exit_2() {
    impact()
        .args([
            "growth",
            "--current",
            "74",
            "--baseline",
            "112",
            "--current-months",
            "6",
        ])
        .assert()
        .code(2)
        .stderr(
            "impact: comparing on the average needs both lengths: --current-months and \
             --baseline-months, or --current-period and --baseline-period\n",
        );
}

#[test]
fn plain_growth_is_period_over_period() {
    let out = stdout_of(impact().args([
        "growth",
        "--current",
        "132",
        "--baseline",
        "100",
        "--format",
        "csv",
    ]));
    assert!(out.ends_with("half-up,132,100,1,1,+32%,8/25\n"), "{out}");
}

#[test]
fn growth_backwards_under_every_rule() {
    // 103 at +274% on the 2019/20 half-year average: 206/B - 1 rounds to
    // 2.74 only when truncated (B = 55 gives 274.5%).
    let out = stdout_of(impact().args([
        "growth",
        "--backwards",
        "--published",
        "274%",
        "--current",
        "103",
        "--current-months",
        "6",
        "--baseline-months",
        "12",
        "--rounding",
        "all",
        "--format",
        "csv",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 8, "{out}");
    assert!(lines.contains(&"half-up,274%,103,6,12,none,,,,"), "{out}");
    assert!(
        lines.contains(&"toward-zero,274%,103,6,12,55,55,55,27.5,27.5"),
        "{out}"
    );
}

#[test]
fn a_zero_baseline_is_a_message_and_status_2() {
    impact()
        .args(["growth", "--current", "5", "--baseline", "0"])
        .assert()
        .code(2)
        .stderr("impact: growth is undefined: baseline is zero\n");
}

#[test]
fn period_explains_a_label() {
    let out = stdout_of(impact().args(["period", "20/21 Q1", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json[0]["first_day"], "2020-09-01");
    assert_eq!(json[0]["last_day"], "2020-11-30");
    assert_eq!(json[0]["parent"], "20/21 H1");
    assert_eq!(json[0]["months"], 3);
}

#[test]
fn the_calendar_comes_from_a_config_file() {
    // April start, end-year labels: FY22 Q4 is January to March 2022.
    let out = stdout_of(impact().args([
        "--config",
        "tests/data/cli/april.toml",
        "period",
        "FY22 Q4",
        "--format",
        "csv",
    ]));
    assert_eq!(
        out,
        "label,machine,kind,first_day,last_day,months,parent,children\n\
         FY22 Q4,FY2021-04-Q4,quarter,2022-01-01,2022-03-31,3,FY22 H2,\"Jan 2022, Feb 2022, Mar 2022\"\n"
    );
}

#[test]
fn a_bad_label_is_status_2() {
    impact()
        .args(["period", "2020/22"])
        .assert()
        .code(2)
        .stderr("impact: invalid period \"2020/22\": years 2020 and 2022 are not consecutive\n");
}

#[test]
fn validate_a_clean_file_exits_0() {
    impact()
        .args([
            "validate",
            "examples/data/seed_h1_2020_21.csv",
            "--as-of",
            "2021-03-31",
            "--min-severity",
            "error",
        ])
        .assert()
        .code(0)
        // Hidden notes are counted, on standard output and in the summary.
        .stdout("no findings of severity error or above (1 below it not shown)\n")
        .stderr(
            "24 figures read from 1 file(s); 0 error(s), 0 warning(s), 1 note(s); \
             1 below --min-severity error not shown\n",
        );
}

#[test]
fn validate_a_file_with_problems_exits_1_and_locates_each() {
    let output = impact()
        .args([
            "validate",
            "examples/data/partner_with_problems.csv",
            "--as-of",
            "2021-03-31",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(
        out.contains(
            "error,parse.value,examples/data/partner_with_problems.csv,4,Value,\"invalid number \"\"1,234\"\""
        ),
        "{out}"
    );
    assert!(out.contains("error,parse.country,examples/data/partner_with_problems.csv,13,Country,\"unknown country \"\"England\"\"; did you mean GB (United Kingdom)?\""), "{out}");
    let errors = out.lines().filter(|l| l.starts_with("error,")).count();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(&format!("{errors} error(s)")), "{stderr}");
}

#[test]
fn validate_json_is_a_report() {
    let output = impact()
        .args([
            "validate",
            "examples/data/partner_with_problems.csv",
            "--as-of",
            "2021-03-31",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let report: impact_metrics::Findings = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report.has_errors());
    assert!(
        report.findings().iter().all(
            |f| f.location.source.as_deref() == Some("examples/data/partner_with_problems.csv")
        )
    );
}

#[test]
fn an_unreadable_file_is_status_2() {
    let output = impact()
        .args(["validate", "tests/data/cli/no_such_file.csv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("impact: cannot read tests/data/cli/no_such_file.csv: "),
        "{stderr}"
    );
}

#[test]
fn bad_arguments_are_status_2() {
    impact().args(["report", "x.csv"]).assert().code(2);
    impact()
        .args(["growth", "--current", "many"])
        .assert()
        .code(2);
    impact().args(["no-such-command"]).assert().code(2);
}

#[test]
fn report_shows_growth_where_there_is_history() {
    let out = stdout_of(impact().args([
        "report",
        "tests/data/cli/history.csv",
        "--period",
        "20/21 H1",
        "--format",
        "csv",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "indicator,period,value,numerator,denominator,bound,baseline_period,baseline_total,baseline_numerator,baseline_denominator,months,baseline_months,baseline_average,growth,growth_exact,growth_note,complete,lacks"
    );
    // Catalogue order: victims, repatriated, convicted. 74 on 56: +32%
    // (9/28); 103 on 27.5: +274.5%, half-up +275% (206/55 - 1 = 151/55);
    // no 2019/20 convictions.
    assert_eq!(
        lines[1],
        "victims_removed,20/21 H1,74,,,exact,2019/20,112,,,6,12,56,+32%,+9/28,,true,"
    );
    assert_eq!(
        lines[2],
        "survivors_repatriated,20/21 H1,103,,,exact,2019/20,55,,,6,12,27.5,+275%,+151/55,,true,"
    );
    assert_eq!(
        lines[3],
        "exploiters_convicted,20/21 H1,1,,,exact,2019/20,,,,6,12,,,,no figures to compare for the baseline period 2019/20,true,"
    );
}

#[test]
fn report_breaks_down_and_notes_coverage() {
    let out = stdout_of(impact().args([
        "report",
        "examples/data/seed_h1_2020_21.csv",
        "--period",
        "20/21 H1",
        "--by",
        "country",
        "--format",
        "csv",
    ]));
    assert!(
        out.contains(
            "survivors_cared_for,IN,20/21 H1,93,,,exact,2019/20,,,,6,12,,,,\
            no figures to compare for the baseline period 2019/20,false,\
            survivors_cared_for IN joint Vihaan: 20/21 H1 lacks 20/21 Q2\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "exploiters_convicted,TH,20/21 H1,24,,,exact,2019/20,,,,6,12,,,,\
            no figures to compare for the baseline period 2019/20,true,\n"
        ),
        "{out}"
    );
}

#[test]
fn report_suppresses_small_counts_on_request() {
    let out = stdout_of(impact().args([
        "report",
        "examples/data/seed_h1_2020_21.csv",
        "--period",
        "20/21 H1",
        "--by",
        "country",
        "--suppress",
        "11",
        "--format",
        "csv",
    ]));
    // One line per indicator and country; GB's 1 conviction is below 11
    // and hidden, its value left empty and its status said in words.
    let gb = out
        .lines()
        .find(|l| l.starts_with("exploiters_convicted,GB,"))
        .unwrap();
    assert_eq!(gb, "exploiters_convicted,GB,,suppressed,true");
}

#[test]
fn report_draws_a_chart() {
    let dir = std::env::temp_dir().join(format!("impact-chart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("h1.svg");
    impact()
        .args([
            "report",
            "tests/data/cli/history.csv",
            "--period",
            "20/21 H1",
            "--chart",
        ])
        .arg(&svg)
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"), "{text}");
    assert!(text.contains("Victims removed from exploitation"), "{text}");
    assert!(text.contains("2019/20 average"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_reads_json_and_locates_its_problems() {
    let output = impact()
        .args([
            "validate",
            "tests/data/cli/partner.json",
            "--as-of",
            "2021-03-31",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    // The second figure, on line 5, names a country ISO 3166-1 does not know.
    assert!(
        out.contains("error,parse.country,tests/data/cli/partner.json,5,country,\"unknown country \"\"England\"\"; did you mean GB (United Kingdom)?\""),
        "{out}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("1 figure read from 1 file(s); 1 error(s)"),
        "{stderr}"
    );
}

#[test]
fn the_start_month_may_be_named() {
    // A year starting in April: its first half is April to September 2020.
    let out = stdout_of(impact().args(["period", "20/21 H1", "--start-month", "April"]));
    assert!(out.contains("machine:    FY2020-04-H1"), "{out}");
    assert!(out.contains("first_day:  2020-04-01"), "{out}");
    assert!(out.contains("last_day:   2020-09-30"), "{out}");
}

#[test]
fn every_label_in_the_period_help_reads() {
    let help = stdout_of(impact().args(["period", "--help"]));
    for label in [
        "20/21 H1",
        "2020/21",
        "H1 2020/21",
        "Sep 2020",
        "FY2020-09-H1",
    ] {
        assert!(help.contains(&format!("\"{label}\"")), "{help}");
        impact().args(["period", label]).assert().success();
    }
}

#[test]
fn the_rounding_help_lists_every_rule() {
    for command in ["growth", "report", "validate"] {
        let help = stdout_of(impact().args([command, "--help"]));
        for rule in impact_metrics::Rounding::ALL {
            assert!(help.contains(rule.code()), "{command}: {rule:?}\n{help}");
        }
    }
}

#[test]
fn a_cell_longer_than_the_formatters_width_is_printed_not_a_crash() {
    // A 70,000-character country and a bad number: two findings, so the
    // text table pads its columns; the formatter's own width stops at
    // 65,535.
    let path = std::env::temp_dir().join(format!("impact-long-cell-{}.csv", std::process::id()));
    let file = format!(
        "indicator,country,period,value\nvictims_removed,{},20/21 H1,5\nvictims_removed,GB,20/21 H1,abc\n",
        "X".repeat(70_000)
    );
    std::fs::write(&path, file).unwrap();
    let out = impact().args(["validate"]).arg(&path).output().unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "a header and two findings");
    assert!(lines[1].contains("parse.country"), "{}", &lines[1][..200]);
    assert!(lines[2].contains("invalid number \"abc\""), "{}", lines[2]);
}

#[test]
fn a_formula_in_a_cell_is_written_to_csv_as_text() {
    // A partner named like a spreadsheet formula: in CSV output it gets a
    // leading ', as spreadsheet-safety guides recommend; no partner is an
    // empty cell, and numbers stay as they are.
    let out = stdout_of(impact().args([
        "report",
        "tests/data/cli/formula_partner.csv",
        "--period",
        "20/21 H1",
        "--by",
        "partner",
        "--format",
        "csv",
    ]));
    assert_eq!(
        out,
        "indicator,partner,period,value,numerator,denominator,bound,baseline_period,baseline_total,baseline_numerator,baseline_denominator,months,baseline_months,baseline_average,growth,growth_exact,growth_note,complete,lacks\n\
         victims_removed,,20/21 H1,7,,,exact,2019/20,,,,6,12,,,,no figures to compare for the baseline period 2019/20,true,\n\
         victims_removed,'=cmd|' /C calc'!A0,20/21 H1,5,,,exact,2019/20,,,,6,12,,,,no figures to compare for the baseline period 2019/20,true,\n"
    );
}
