//! `impact report`, run as a user runs it: the exit status tells the truth,
//! every figure left out is a finding at its line, and every row says
//! whether it is complete and what it lacks.
//!
//! Every expected figure is worked out by hand in the comment above it;
//! the seed report's figures are those of FIGURES.md.
#![cfg(feature = "cli")]

use assert_cmd::Command;

fn impact() -> Command {
    let mut cmd = Command::cargo_bin("impact").unwrap();
    // Keep the working folder's impact.toml, if any, out of the tests.
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// What a run gave: its exit status, standard output and standard error.
struct Run {
    code: i32,
    out: String,
    err: String,
}

fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        out: String::from_utf8(output.stdout).unwrap(),
        err: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A file of this text in a folder of its own, removed when dropped.
struct TempFile {
    dir: std::path::PathBuf,
    path: std::path::PathBuf,
}

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "impact-cli-report-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        TempFile { dir, path }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn report(file: &TempFile, extra: &[&str]) -> Run {
    run(impact()
        .arg("report")
        .arg(&file.path)
        .args(["--period", "20/21 H1"])
        .args(extra))
}

const HEADER: &str = "indicator,country,channel,partner,period,value\n";

/// The CSV header of a report broken down by nothing.
const MACHINE: &str = "indicator,period,value,numerator,denominator,bound,baseline_period,\
baseline_total,baseline_numerator,baseline_denominator,months,baseline_months,baseline_average,\
growth,growth_exact,growth_note,complete,lacks";

#[test]
fn every_row_read_and_every_total_complete_is_status_0() {
    let r = run(impact().args([
        "report",
        "tests/data/cli/history.csv",
        "--period",
        "20/21 H1",
        "--format",
        "csv",
    ]));
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.starts_with(MACHINE), "{}", r.out);
    assert_eq!(r.err, "");
}

#[test]
fn a_total_lacking_part_of_the_period_is_status_1_with_a_summary() {
    // The seed file: India's three figures cover 20/21 Q1 only.
    let r = run(impact().args([
        "report",
        "examples/data/seed_h1_2020_21.csv",
        "--period",
        "20/21 H1",
    ]));
    assert_eq!(r.code, 1, "{}", r.err);
    let lines: Vec<&str> = r.out.lines().collect();
    assert_eq!(
        lines[0],
        "indicator               period    value  baseline_average  growth       lacks"
    );
    // 99 + 224 + 21 + 93 = 437 survivors cared for, India's Q1 inside.
    assert_eq!(
        lines[2],
        "survivors_cared_for     20/21 H1    437                    no baseline  \
         survivors_cared_for IN joint Vihaan: 20/21 H1 lacks 20/21 Q2"
    );
    assert_eq!(
        r.err,
        "24 figures; totals for 20/21 H1; growth on the 2019/20 average, rounded half-up\n\
         3 totals incomplete: the lacks column says what each lacks\n"
    );
}

#[test]
fn the_same_figure_twice_is_a_finding_and_counted_once() {
    let file = TempFile::new(
        "dup.csv",
        &format!(
            "{HEADER}victims_removed,GB,direct,,2019/20,112\n\
             victims_removed,GB,direct,,20/21 H1,74\n\
             victims_removed,GB,direct,,20/21 H1,74\n"
        ),
    );
    let r = report(&file, &["--format", "csv"]);
    assert_eq!(r.code, 1, "{}", r.err);
    // Counted once: 74 on half of 112 = 56 is 9/28, +32%.
    assert_eq!(
        r.out.lines().nth(1),
        Some("victims_removed,20/21 H1,74,,,exact,2019/20,112,,,6,12,56,+32%,+9/28,,true,")
    );
    let name = file.path.display();
    assert_eq!(
        r.err,
        format!(
            "error[aggregate.refused] {name}:4: victims_removed GB direct 20/21 H1 = 74 is the same \
             figure as line 3: it is counted once, and this row is left out\n\
             1 row refused: the totals leave out what the findings above name\n"
        )
    );
}

#[test]
fn a_second_value_for_a_figure_is_a_finding_naming_both() {
    let file = TempFile::new(
        "conflict.csv",
        &format!(
            "{HEADER}victims_removed,GB,direct,,20/21 H1,74\n\
             accused_arrested,GB,direct,,20/21 H1,37\n\
             victims_removed,GB,direct,,20/21 H1,80\n"
        ),
    );
    let r = report(&file, &["--format", "csv"]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(
        r.err.contains(&format!(
            "error[aggregate.refused] {}:4: a second value for victims_removed GB direct 20/21 H1: \
             80 here, 74 at line 2; only the first is counted",
            file.path.display()
        )),
        "{}",
        r.err
    );
    // The rest is produced: both indicators have their row.
    assert!(
        r.out.contains("\nvictims_removed,20/21 H1,74,"),
        "{}",
        r.out
    );
    assert!(
        r.out.contains("\naccused_arrested,20/21 H1,37,"),
        "{}",
        r.out
    );
}

#[test]
fn a_quarter_inside_a_half_already_counted_is_a_finding() {
    let file = TempFile::new(
        "overlap.csv",
        &format!(
            "{HEADER}victims_removed,GB,direct,,20/21 H1,74\n\
             victims_removed,GB,direct,,20/21 Q1,30\n"
        ),
    );
    let r = report(&file, &[]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(
        r.err.contains(&format!(
            "{}:3: victims_removed GB direct 20/21 Q1 = 30 lies inside 20/21 H1, already counted at \
             line 2: counting both would count 20/21 Q1 twice",
            file.path.display()
        )),
        "{}",
        r.err
    );
}

#[test]
fn one_bare_percentage_among_rates_names_its_row() {
    // Bangladesh gives 45% with no parts; Thailand 11 of 24: the rate of
    // the two cannot be worked out, so Thailand's is left out and the
    // finding points at the percentage.
    let file = TempFile::new(
        "rates.csv",
        "indicator,country,channel,partner,period,value,numerator,denominator\n\
         income_rise_rate,BD,direct,,20/21 H1,45%,,\n\
         income_rise_rate,TH,joint,LIFT,20/21 H1,,11,24\n",
    );
    let r = report(&file, &[]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(
        r.err.contains(&format!(
            "error[aggregate.refused] {}:3: income_rise_rate TH joint LIFT 20/21 H1 = 11/24 cannot be \
             added to income_rise_rate BD direct 20/21 H1 = 45% at line 2, a percentage given without \
             its numerator and denominator",
            file.path.display()
        )),
        "{}",
        r.err
    );
}

#[test]
fn a_sum_past_the_largest_count_is_a_finding_and_the_rest_is_produced() {
    let file = TempFile::new(
        "huge.csv",
        &format!(
            "{HEADER}survivors_cared_for,GB,direct,,20/21 H1,18446744073709551615\n\
             survivors_cared_for,BD,direct,,20/21 H1,1\n\
             victims_removed,GB,direct,,20/21 H1,20\n"
        ),
    );
    let r = report(&file, &["--format", "csv"]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(
        r.err.contains(&format!(
            "{}:3: survivors_cared_for BD direct 20/21 H1 = 1: with it, a total would be larger than \
             18446744073709551615",
            file.path.display()
        )),
        "{}",
        r.err
    );
    assert!(
        r.out
            .contains("\nsurvivors_cared_for,20/21 H1,18446744073709551615,"),
        "{}",
        r.out
    );
    assert!(
        r.out.contains("\nvictims_removed,20/21 H1,20,"),
        "{}",
        r.out
    );
}

#[test]
fn a_yearly_figure_asked_for_by_half_is_named_not_dropped() {
    let file = TempFile::new(
        "year.csv",
        &format!(
            "{HEADER}victims_removed,GB,direct,,20/21 H1,20\n\
             victims_removed,TH,joint,LIFT,2020/21,150\n"
        ),
    );
    let r = report(&file, &[]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(
        r.err.contains(&format!(
            "error[aggregate.refused] {}:3: victims_removed TH joint LIFT 2020/21 = 150 covers more than \
             20/21 H1, so no total of 20/21 H1 can include it: this row is left out (give figures for \
             20/21 H1 or its parts, or report on --period \"2020/21\")",
            file.path.display()
        )),
        "{}",
        r.err
    );
    assert!(
        r.err.ends_with(
            "1 figure outside 20/21 H1: the totals leave out what the findings above name\n"
        ),
        "{}",
        r.err
    );
}

#[test]
fn rows_a_reader_refuses_are_counted_in_the_summary_and_the_json() {
    // The partner file with problems: 18 rows refused (lines 4 to 19, 21
    // and 22), 5 figures read (lines 2, 3, 20, 23 and 24). Survivors cared
    // for: Sep 2020 (4) and Dec 2020 (6) only.
    let r = run(impact().args([
        "report",
        "examples/data/partner_with_problems.csv",
        "--period",
        "20/21 H1",
        "--format",
        "json",
    ]));
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(
        r.err.contains(
            "error[parse.value] examples/data/partner_with_problems.csv:4: column \"Value\": invalid number \"1,234\""
        ),
        "{}",
        r.err
    );
    assert!(
        r.err.ends_with(
            "18 rows refused, 1 total incomplete: the totals leave those rows out (see the findings above), \
             and the lacks column says what each incomplete total lacks\n"
        ),
        "{}",
        r.err
    );
    let json: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let summary = &json["summary"];
    assert_eq!(summary["complete"], false);
    assert_eq!(summary["figures_read"], 5);
    assert_eq!(summary["rows_refused"], 18);
    assert_eq!(summary["rows_read"], 23);
    assert_eq!(summary["totals_incomplete"], 1);
    let rows = json["rows"].as_array().unwrap();
    let cared_for = rows
        .iter()
        .find(|r| r["indicator"] == "survivors_cared_for")
        .unwrap();
    assert_eq!(cared_for["value"], 10);
    assert_eq!(cared_for["complete"], false);
    assert_eq!(
        cared_for["lacks"],
        "survivors_cared_for TH joint LIFT International: 20/21 H1 lacks Oct 2020, Nov 2020, Jan 2021, Feb 2021"
    );
    // A rate is its two parts, as numbers.
    let rate = rows
        .iter()
        .find(|r| r["indicator"] == "income_rise_rate")
        .unwrap();
    assert_eq!(
        (&rate["value"], &rate["numerator"], &rate["denominator"]),
        (
            &serde_json::Value::Null,
            &serde_json::json!(11),
            &serde_json::json!(24)
        )
    );
}

#[test]
fn an_empty_file_is_status_1_and_not_a_clean_report() {
    let file = TempFile::new("empty.csv", "");
    let r = report(&file, &["--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(
        r.err.ends_with(
            "1 file not read in full: the totals leave out what the findings above name\n\
             no total: no figure was read\n"
        ),
        "{}",
        r.err
    );
    let json: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(json["summary"]["complete"], false);
    assert_eq!(json["summary"]["files_not_read_in_full"], 1);
    assert_eq!(json["rows"], serde_json::json!([]));
}

#[test]
fn a_json_file_on_another_calendar_is_status_1() {
    // The file says its years start in April; the report's in September.
    let file = TempFile::new(
        "april.json",
        r#"{"format": "impact-metrics/figures", "version": 1,
 "calendar": {"start_month": 4},
 "figures": [
  {"indicator": "victims_removed", "country": "GB", "channel": "direct", "period": "FY2020-04-H1", "value": 20}
 ]}"#,
    );
    let r = report(&file, &[]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(
        r.err.contains(&format!(
            "error[parse.json] {}:2: the document's calendar starts in month 4",
            file.path.display()
        )),
        "{}",
        r.err
    );
    assert!(
        r.err.ends_with(
            "1 file not read in full: the totals leave out what the findings above name\n\
             no total: no figure was read\n"
        ),
        "{}",
        r.err
    );
}

/// The seed's Q1 figures (India's) with 2019/20 figures for all four
/// countries that care for survivors: 200 + 250 + 64 + 216 = 730.
fn q1_with_history() -> TempFile {
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/seed_h1_2020_21.csv"),
    )
    .unwrap();
    TempFile::new(
        "q1.csv",
        &format!(
            "{seed}survivors_cared_for,GB,direct,,2019/20,200,,,,,\n\
             survivors_cared_for,BD,direct,,2019/20,250,,,,,\n\
             survivors_cared_for,TH,joint,LIFT International,2019/20,64,,,,,\n\
             survivors_cared_for,IN,joint,Vihaan,2019/20,216,,,,,\n"
        ),
    )
}

#[test]
fn a_quarter_of_one_country_is_not_compared_with_all_four() {
    // As reported, 20/21 Q1 holds India's 93 alone (the other countries'
    // H1 figures straddle Q1), against a quarter of all four countries'
    // 730 = 182.5: 93/182.5 - 1 = -49%, which would not be true. No growth.
    let file = q1_with_history();
    let r = run(impact()
        .arg("report")
        .arg(&file.path)
        .args(["--period", "20/21 Q1", "--format", "csv"]));
    assert_eq!(r.code, 1, "{}", r.err);
    let row = r
        .out
        .lines()
        .find(|l| l.starts_with("survivors_cared_for,"))
        .unwrap();
    assert_eq!(
        row,
        "survivors_cared_for,20/21 Q1,93,,,exact,2019/20,730,,,3,12,182.5,,,\
         the two periods do not hold the same series in full; see lacks,false,\
         survivors_cared_for BD direct: no figures for 20/21 Q1; \
         survivors_cared_for GB direct: no figures for 20/21 Q1; \
         survivors_cared_for TH joint LIFT International: no figures for 20/21 Q1"
    );
    assert!(!r.out.contains("-49"), "{}", r.out);
    assert!(
        r.err
            .contains("21 figures outside 20/21 Q1, 1 total incomplete"),
        "{}",
        r.err
    );
}

#[test]
fn like_for_like_compares_india_with_india() {
    // India alone: 93 against a quarter of 216 = 54: 93/54 - 1 = 39/54 =
    // 13/18 = +72.2%, +72%.
    let file = q1_with_history();
    let r = run(impact().arg("report").arg(&file.path).args([
        "--period",
        "20/21 Q1",
        "--like-for-like",
        "--format",
        "csv",
    ]));
    assert_eq!(r.code, 1, "{}", r.err);
    let row = r
        .out
        .lines()
        .find(|l| l.starts_with("survivors_cared_for,"))
        .unwrap();
    assert_eq!(
        row,
        "survivors_cared_for,20/21 Q1,93,,,exact,2019/20,216,,,3,12,54,+72%,+13/18,,false,\
         left out: survivors_cared_for BD direct (no figures for 20/21 Q1); \
         left out: survivors_cared_for GB direct (no figures for 20/21 Q1); \
         left out: survivors_cared_for TH joint LIFT International (no figures for 20/21 Q1)"
    );
}

#[test]
fn a_half_covered_by_its_first_quarter_shows_no_bare_growth() {
    // 20/21 H1 with India's Q1 figure only, against a whole 2019/20: the
    // 93 of one quarter against half of 216 = 108 would read as -14%.
    let file = TempFile::new(
        "india.csv",
        &format!(
            "{HEADER}survivors_cared_for,IN,joint,Vihaan,2019/20,216\n\
             survivors_cared_for,IN,joint,Vihaan,20/21 Q1,93\n"
        ),
    );
    let r = report(&file, &[]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert_eq!(
        r.out,
        "indicator            period    value  baseline_average  growth      lacks\n\
         survivors_cared_for  20/21 H1     93               108  incomplete  \
         survivors_cared_for IN joint Vihaan: 20/21 H1 lacks 20/21 Q2\n"
    );
}

#[test]
fn json_is_typed_and_a_figure_without_a_partner_has_null() {
    let r = run(impact().args([
        "report",
        "tests/data/cli/formula_partner.csv",
        "--period",
        "20/21 H1",
        "--by",
        "partner",
        "--format",
        "json",
    ]));
    assert_eq!(r.code, 0, "{}", r.err);
    let json: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows[0]["partner"], serde_json::Value::Null);
    assert_eq!(rows[0]["value"], 7);
    assert_eq!(rows[0]["complete"], true);
    assert_eq!(rows[0]["growth"], serde_json::Value::Null);
    assert_eq!(rows[0]["baseline_total"], serde_json::Value::Null);
    assert_eq!(rows[1]["partner"], "=cmd|' /C calc'!A0");
    let summary = &json["summary"];
    assert_eq!(
        (
            &summary["rows_read"],
            &summary["rows_refused"],
            &summary["totals_incomplete"]
        ),
        (
            &serde_json::json!(2),
            &serde_json::json!(0),
            &serde_json::json!(0)
        )
    );
}

#[test]
fn growth_is_exact_and_printed_and_the_average_a_number() {
    let r = run(impact().args([
        "report",
        "tests/data/cli/history.csv",
        "--period",
        "20/21 H1",
        "--places",
        "1",
        "--format",
        "json",
    ]));
    assert_eq!(r.code, 0, "{}", r.err);
    let json: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let repatriated = &json["rows"][1];
    // 103 against half of 55 = 27.5: 206/55 - 1 = 151/55 = 274.5454...%.
    assert_eq!(repatriated["indicator"], "survivors_repatriated");
    assert_eq!(repatriated["baseline_average"], serde_json::json!(27.5));
    assert_eq!(repatriated["growth"], "+274.5%");
    assert_eq!(repatriated["growth_exact"], "+151/55");
    assert!(r.out.contains("\"baseline_average\": 27.5,"), "{}", r.out);
}

#[test]
fn one_row_is_a_table_like_many() {
    let file = TempFile::new(
        "one.csv",
        &format!("{HEADER}victims_removed,GB,direct,,20/21 H1,20\n"),
    );
    let r = report(&file, &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(
        r.out,
        "indicator        period    value  baseline_average  growth       lacks\n\
         victims_removed  20/21 H1     20                    no baseline\n"
    );
}

#[test]
fn no_progress_line_when_standard_error_is_not_a_terminal() {
    let r = run(impact().args([
        "report",
        "examples/data/seed_h1_2020_21.csv",
        "--period",
        "20/21 H1",
        "--format",
        "csv",
    ]));
    assert!(!r.err.contains("reading"), "{}", r.err);
    assert!(!r.err.contains('\r'), "{}", r.err);
}

#[test]
fn the_help_says_what_each_exit_status_means() {
    let r = run(impact().args(["report", "--help"]));
    assert_eq!(r.code, 0);
    let help = r.out.split_whitespace().collect::<Vec<_>>().join(" ");
    for text in [
        "Exit status: 0 when every row was read and every total is complete; 1 when the report was produced",
        "2 when the report could not be produced",
        "--like-for-like",
        "impact report examples/data/seed_h1_2020_21.csv --period '20/21 H1'",
    ] {
        assert!(help.contains(text), "{text}\n{help}");
    }
}

#[test]
fn an_unreadable_file_is_status_2() {
    let r = run(impact().args(["report", "no/such/file.csv", "--period", "20/21 H1"]));
    assert_eq!(r.code, 2);
    assert!(
        r.err.starts_with("impact: cannot read no/such/file.csv: "),
        "{}",
        r.err
    );
}

#[test]
fn a_report_with_no_total_is_status_1_and_says_why() {
    // The seed's 24 figures cover 20/21 H1, September 2020 to February
    // 2021: a period two years on holds none of them, nor does its
    // baseline year 2021/22.
    let r = run(impact().args([
        "report",
        "examples/data/seed_h1_2020_21.csv",
        "--period",
        "22/23 H1",
    ]));
    assert_eq!(r.code, 1, "{}", r.err);
    assert_eq!(
        r.out,
        "indicator  period  value  baseline_average  growth  lacks\n"
    );
    assert_eq!(
        r.err,
        "24 figures; totals for 22/23 H1; growth on the 2021/22 average, rounded half-up\n\
         no total: none of the 24 figures read is in 22/23 H1 or 2021/22 (they cover Sep 2020 \
         to Feb 2021); is the period right?\n"
    );
    // A file with a header and no row: nothing read, nothing to total.
    let file = TempFile::new("empty.csv", HEADER);
    let r = report(&file, &["--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(r.out.contains("\"complete\": false"), "{}", r.out);
    assert_eq!(r.err, "no total: no figure was read\n");
}
