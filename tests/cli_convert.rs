//! `impact convert`, run as a user runs it: the figures go from one format
//! to another unchanged, the findings are validate's, and the exit status
//! says whether anything was refused or left out.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const SEED: &str = "examples/data/seed_h1_2020_21.csv";
const PROBLEMS: &str = "examples/data/partner_with_problems.csv";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn impact(args: &[&str]) -> Run {
    let output = Command::cargo_bin("impact")
        .unwrap()
        // Keep the working folder's impact.toml, if any, out of the tests.
        .current_dir(env!("CARGO_MANIFEST_DIR"))
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

/// A fresh folder for one test's files.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("impact-convert-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn csv_to_json_and_back_gives_the_same_figures_exit_0() {
    let dir = folder("round-trip");
    let json = dir.join("seed.json");
    let back = dir.join("back.csv");
    let direct = dir.join("direct.csv");
    let to_json = impact(&["convert", SEED, path(&json)]);
    assert_eq!(
        to_json.code,
        Some(0),
        "{}{}",
        to_json.stdout,
        to_json.stderr
    );
    assert!(
        to_json
            .stderr
            .contains("24 figures read from 1 file(s), 24 written to"),
        "{}",
        to_json.stderr
    );
    let to_csv = impact(&["convert", path(&json), path(&back)]);
    assert_eq!(to_csv.code, Some(0), "{}{}", to_csv.stdout, to_csv.stderr);
    let straight = impact(&["convert", SEED, path(&direct)]);
    assert_eq!(straight.code, Some(0), "{}", straight.stderr);
    let back = std::fs::read_to_string(back).unwrap();
    assert_eq!(back, std::fs::read_to_string(direct).unwrap());
    // FIGURES.md: UK 20 victims removed in 20/21 H1, by direct work.
    assert!(
        back.lines()
            .any(|l| l == "victims_removed,GB,direct,,20/21 H1,20,,,,,"),
        "{back}"
    );
    assert_eq!(back.lines().count(), 25, "a header and 24 figures");
}

/// The seed's figures through each format that carries them all and back
/// give the same CSV as the seed written directly.
#[test]
fn every_format_that_reads_back_gives_the_same_figures() {
    let dir = folder("every-format");
    let direct = dir.join("direct.csv");
    assert_eq!(impact(&["convert", SEED, path(&direct)]).code, Some(0));
    let direct = std::fs::read_to_string(direct).unwrap();
    for (name, to) in [
        ("seed.json", None),
        ("seed.sdmx.csv", None),
        ("seed.sdmx", Some("sdmx")),
    ] {
        let there = dir.join(name);
        let back = dir.join(format!("{name}.back.csv"));
        let mut args = vec!["convert", SEED, path(&there)];
        args.extend(to.map(|to| ["--to", to]).into_iter().flatten());
        let out = impact(&args);
        assert_eq!(out.code, Some(0), "{name}: {}", out.stderr);
        let out = impact(&["convert", path(&there), path(&back)]);
        assert_eq!(out.code, Some(0), "{name}: {}", out.stderr);
        assert_eq!(std::fs::read_to_string(back).unwrap(), direct, "{name}");
    }
    // The SDMX message names its structure and the September year.
    let sdmx = std::fs::read_to_string(dir.join("seed.sdmx.csv")).unwrap();
    assert!(sdmx.starts_with("STRUCTURE,STRUCTURE_ID,ACTION,"), "{sdmx}");
    // FIGURES.md: UK 20 victims removed in 20/21 H1, which SDMX writes as
    // the first half of the reporting year starting on 1 September 2020.
    assert!(
        sdmx.lines()
            .any(|l| l.contains(",victims_removed,GB,direct,_Z,2020-S1,20,")
                && l.ends_with(",--09-01,")),
        "{sdmx}"
    );
}

#[test]
fn the_findings_are_validates_and_errors_exit_1() {
    let dir = folder("problems");
    let out = dir.join("kept.csv");
    let convert = impact(&["convert", PROBLEMS, path(&out), "--format", "csv"]);
    let validate = impact(&["validate", PROBLEMS, "--format", "csv"]);
    assert_eq!(convert.code, Some(1), "{}", convert.stderr);
    assert_eq!(validate.code, Some(1));
    assert_eq!(convert.stdout, validate.stdout);
    assert!(
        convert
            .stderr
            .contains("5 figures read from 1 file(s), 5 written to"),
        "{}",
        convert.stderr
    );
    assert!(
        convert.stderr.contains("; 18 error(s)"),
        "{}",
        convert.stderr
    );
    // The 5 good figures are written, the refused rows are not.
    let kept = std::fs::read_to_string(out).unwrap();
    assert_eq!(kept.lines().count(), 6, "{kept}");
}

#[test]
fn to_standard_output_the_findings_go_to_standard_error() {
    let out = impact(&["convert", PROBLEMS, "-", "--to", "csv"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .starts_with("indicator,country,channel,partner,period,value")
    );
    assert_eq!(out.stdout.lines().count(), 6, "{}", out.stdout);
    assert!(
        out.stderr.contains("error     parse.period"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("5 written to standard output"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_output_format_that_cannot_be_told_exits_2_and_writes_nothing() {
    let dir = folder("unknown");
    let out = dir.join("figures.txt");
    let run = impact(&["convert", SEED, path(&out)]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("cannot tell which format to write from the name"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    let run = impact(&["convert", SEED, "-"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--to"), "{}", run.stderr);
}

#[test]
fn a_file_is_never_written_over_itself() {
    let dir = folder("itself");
    let file = dir.join("seed.csv");
    std::fs::copy(SEED, &file).unwrap();
    let before = std::fs::read(&file).unwrap();
    let run = impact(&["convert", path(&file), path(&file)]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("is both read and written"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn an_output_that_cannot_be_written_exits_2_and_leaves_no_partial_file() {
    let dir = folder("unwritable");
    let out = dir.join("no-such-folder").join("figures.csv");
    let run = impact(&["convert", SEED, path(&out)]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(!dir.join("no-such-folder").exists());
}

/// Validates a document with `xmllint --schema` against the IATI 2.03
/// schema where `.ci/run` puts it; skipped, saying why, when either is
/// missing.
fn iati_schema_check(file: &Path) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/iati-schemas/2.03/iati-activities-schema.xsd");
    if !schema.exists() {
        eprintln!(
            "skipping the IATI schema check: no {} (bash .ci/run installs it)",
            schema.display()
        );
        return;
    }
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", path(&schema), path(file)])
        .output();
    match out {
        Ok(out) => assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => eprintln!("skipping the IATI schema check: xmllint: {e}"),
    }
}

#[test]
fn iati_takes_its_activity_from_the_config_file_and_is_valid() {
    let dir = folder("iati");
    let xml = dir.join("seed.xml");
    let run = impact(&[
        "convert",
        SEED,
        path(&xml),
        "--config",
        "examples/impact.toml",
    ]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(&xml).unwrap();
    assert!(
        text.contains("<iati-identifier>XM-EXAMPLE-1-H1-2020-21</iati-identifier>"),
        "{text}"
    );
    // FIGURES.md: the UK's 20 victims removed in 20/21 H1, 1 September
    // 2020 to 28 February 2021.
    assert!(
        text.contains("<period-start iso-date=\"2020-09-01\"/>"),
        "{text}"
    );
    assert!(
        text.contains("<period-end iso-date=\"2021-02-28\"/>"),
        "{text}"
    );
    assert!(text.contains("<actual value=\"20\">"), "{text}");
    // examples/impact.toml makes convictions an outcome (type 2), and
    // every result may be added up across activities.
    assert!(
        text.contains(
            "<result type=\"2\" aggregation-status=\"1\">\n   <title>\n    <narrative>Exploiters convicted</narrative>"
        ),
        "{text}"
    );
    assert_eq!(
        text.matches("<result ").count(),
        8,
        "one result per indicator of the seed"
    );
    iati_schema_check(&xml);
}

#[test]
fn iati_without_an_activity_or_a_baseline_elsewhere_exits_2() {
    let dir = folder("iati-refused");
    let xml = dir.join("seed.xml");
    let run = impact(&["convert", SEED, path(&xml)]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("an IATI document needs its activity: give it under [iati.activity]"),
        "{}",
        run.stderr
    );
    assert!(!xml.exists());
    // Only the results: no activity needed.
    let run = impact(&[
        "convert",
        SEED,
        "-",
        "--to",
        "iati-results",
        "--baseline",
        "2019/20",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("<result type=\"1\">"),
        "{}",
        run.stdout
    );
    // A baseline means nothing to other formats: said, not ignored.
    let run = impact(&[
        "convert",
        SEED,
        path(&dir.join("x.csv")),
        "--baseline",
        "2019/20",
    ]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("--baseline is the baseline of IATI results"),
        "{}",
        run.stderr
    );
}

const MONTHLY: &str = "tests/data/cli/monthly.csv";
const MAPPING: &str = "examples/dhis2_mapping.toml";

#[test]
fn dhis2_takes_months_refuses_a_september_half_and_reads_back() {
    let dir = folder("dhis2");
    let json = dir.join("out.dhis2.json");
    let run = impact(&["convert", MONTHLY, path(&json), "--mapping", MAPPING]);
    // Line 6, RO's 20/21 H1 (September to February), has no DHIS2 period.
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let refusal = run
        .stdout
        .lines()
        .find(|l| l.starts_with("error     dhis2.period"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(refusal.contains("monthly.csv     6"), "{refusal}");
    assert!(
        refusal.contains(
            "send the figure by month, or for the whole financial year 2020/21 (2020Sep)"
        ),
        "{refusal}"
    );
    assert!(
        run.stderr
            .contains("5 figures read from 1 file(s), 4 written to")
            && run.stderr.contains("(1 left out, each with a finding)"),
        "{}",
        run.stderr
    );
    // DHIS2 names a month yyyyMM; a rate goes as its two data elements.
    let text = std::fs::read_to_string(&json).unwrap();
    let payload: serde_json::Value = serde_json::from_str(&text).unwrap();
    let values = payload["dataValues"].as_array().unwrap();
    let cells: Vec<(&str, &str, &str, &str)> = values
        .iter()
        .map(|v| {
            (
                v["dataElement"].as_str().unwrap(),
                v["period"].as_str().unwrap(),
                v["orgUnit"].as_str().unwrap(),
                v["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("victimsRem1", "202009", "GBorgUnit01", "4"),
            ("victimsRem1", "202010", "GBorgUnit01", "3"),
            ("victimsRem1", "202009", "BDorgUnit01", "5"),
            ("reTrafNum01", "202009", "BDorgUnit01", "2"),
            ("reTrafDen01", "202009", "BDorgUnit01", "40"),
        ]
    );
    assert_eq!(values[1]["comment"], "two in one raid");

    // Back, through the same mapping: the four figures that went.
    let back = dir.join("back.csv");
    let run = impact(&["convert", path(&json), path(&back), "--mapping", MAPPING]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let kept = dir.join("kept.csv");
    let original = std::fs::read_to_string(MONTHLY).unwrap();
    let without_ro: Vec<&str> = original.lines().filter(|l| !l.contains(",RO,")).collect();
    std::fs::write(&kept, without_ro.join("\n") + "\n").unwrap();
    let direct = dir.join("direct.csv");
    assert_eq!(
        impact(&["convert", path(&kept), path(&direct)]).code,
        Some(0)
    );
    assert_eq!(
        std::fs::read_to_string(back).unwrap(),
        std::fs::read_to_string(direct).unwrap()
    );

    // DHIS2's CSV has its own header, lower-case.
    let run = impact(&[
        "convert",
        MONTHLY,
        "-",
        "--to",
        "dhis2-csv",
        "--mapping",
        MAPPING,
    ]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout.starts_with(
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_dhis2_file_without_its_mapping_exits_2_saying_how_to_give_it() {
    let dir = folder("dhis2-no-mapping");
    let json = dir.join("out.dhis2.json");
    assert_eq!(
        impact(&["convert", MONTHLY, path(&json), "--mapping", MAPPING]).code,
        Some(1)
    );
    let run = impact(&["validate", path(&json)]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("is a DHIS2 export: reading it needs the DHIS2 mapping (--mapping FILE on the command line, or mapping = \"FILE\" under [dhis2] in impact.toml)"),
        "{}",
        run.stderr
    );
    let run = impact(&["convert", MONTHLY, "-", "--to", "dhis2"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("DHIS2 output needs the DHIS2 mapping"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_config_file_names_the_mapping_from_its_own_folder() {
    // examples/impact.toml says mapping = "dhis2_mapping.toml": the file
    // beside it, whatever the working folder.
    let dir = folder("dhis2-config");
    let json = dir.join("out.dhis2.json");
    let run = impact(&[
        "convert",
        MONTHLY,
        path(&json),
        "--config",
        "examples/impact.toml",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("4 written to"), "{}", run.stderr);
}

/// A partner's workbook as people make them: a title row, the header, the
/// seed's three victims-removed figures of 20/21 H1 (FIGURES.md: UK 20,
/// Bangladesh 17, Thailand with LIFT International 37), one as a formula
/// with its cached value, a cell with a cached #REF! error, and a totals
/// row.
fn partner_workbook(file: &Path) {
    use rust_xlsxwriter::{Formula, Workbook};
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Notes").unwrap();
    let sheet = book.add_worksheet().set_name("Figures").unwrap();
    sheet
        .write_string(0, 0, "Victims removed, 2020/21 H1")
        .unwrap();
    for (col, head) in [
        "Indicator",
        "Country",
        "Strategy channel",
        "Partner",
        "Period",
        "Value",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, col as u16, *head).unwrap();
    }
    let rows: [(&str, &str, &str, &str); 4] = [
        ("victims_removed", "UK", "direct", ""),
        ("victims_removed", "Bangladesh", "direct", ""),
        ("victims_removed", "TH", "joint", "LIFT International"),
        ("victims_removed", "RO", "direct", ""),
    ];
    for (i, (indicator, country, channel, partner)) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_string(row, 0, *indicator).unwrap();
        sheet.write_string(row, 1, *country).unwrap();
        sheet.write_string(row, 2, *channel).unwrap();
        if !partner.is_empty() {
            sheet.write_string(row, 3, *partner).unwrap();
        }
        sheet.write_string(row, 4, "20/21 H1").unwrap();
    }
    sheet.write_number(3, 5, 20).unwrap();
    sheet
        .write_formula(4, 5, Formula::new("=10+7").set_result("17"))
        .unwrap();
    sheet.write_number(5, 5, 37).unwrap();
    sheet
        .write_formula(6, 5, Formula::new("=#REF!").set_result("#REF!"))
        .unwrap();
    sheet.write_string(7, 0, "Total").unwrap();
    sheet
        .write_formula(7, 5, Formula::new("=SUM(F4:F7)").set_result("74"))
        .unwrap();
    book.save(file).unwrap();
}

#[test]
fn a_workbook_is_read_by_every_command_and_converted() {
    let dir = folder("workbook");
    // A workbook saved under a .csv name is still a workbook.
    for name in ["partner.xlsx", "partner-saved-as.csv"] {
        let book = dir.join(name);
        partner_workbook(&book);
        let run = impact(&["validate", path(&book), "--format", "csv"]);
        assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
        // The #REF! in F7, named by sheet and cell; the totals row warned
        // of and not read as a figure.
        assert!(run.stdout.contains("workbook.cell_error"), "{}", run.stdout);
        assert!(run.stdout.contains("Figures!F7"), "{}", run.stdout);
        assert!(run.stdout.contains("#REF!"), "{}", run.stdout);
        assert!(run.stdout.contains("parse.totals_row"), "{}", run.stdout);
        assert!(
            run.stderr.starts_with("3 figures read from 1 file(s)"),
            "{}",
            run.stderr
        );
    }
    let out = dir.join("figures.csv");
    let run = impact(&[
        "convert",
        path(&dir.join("partner.xlsx")),
        path(&out),
        "--sheet",
        "Figures",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    let values: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(5).unwrap())
        .collect();
    assert_eq!(values, ["20", "17", "37"], "{text}");
    // 20 + 17 + 37 = 74, the published total, from the file written.
    let run = impact(&[
        "report",
        path(&out),
        "--period",
        "20/21 H1",
        "--format",
        "csv",
    ]);
    assert!(
        run.stdout.contains("victims_removed,20/21 H1,74,"),
        "{}",
        run.stdout
    );
    // A sheet that is not there is said, with the sheets that are.
    let run = impact(&["validate", path(&dir.join("partner.xlsx")), "--sheet", "Q1"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.contains("workbook.sheet"), "{}", run.stdout);
    assert!(run.stdout.contains("Figures"), "{}", run.stdout);
}

#[test]
fn a_figure_refused_for_several_reasons_is_counted_once() {
    // The seed's 24 figures are September-calendar halves and quarters:
    // DHIS2 has no period for any of them, and the example mapping lacks
    // most of their indicators and countries too, so most are refused for
    // two or three reasons at once; each is one figure left out.
    let dir = folder("dhis2-count");
    let run = impact(&[
        "convert",
        SEED,
        path(&dir.join("seed.dhis2.json")),
        "--mapping",
        MAPPING,
    ]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("24 figures read from 1 file(s), 0 written to")
            && run.stderr.contains("(24 left out, each with a finding)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.matches("dhis2.mapping").count() > 0,
        "{}",
        run.stdout
    );
}
