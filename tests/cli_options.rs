//! The options of the `impact` command line and their keys in
//! impact.toml: each set from the shell and from a config file, with the
//! exit status and the finding reported.
#![cfg(feature = "cli")]

use assert_cmd::Command;

fn impact() -> Command {
    let mut cmd = Command::cargo_bin("impact").unwrap();
    // Keep the working folder's impact.toml, if any, out of the tests.
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Runs `impact` with these arguments: its exit status, standard output
/// and standard error.
fn run(args: &[&str]) -> (i32, String, String) {
    let output = impact().args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The CSV rows of `impact validate --format csv` whose rule is `rule`.
fn findings_of<'a>(csv: &'a str, rule: &str) -> Vec<&'a str> {
    csv.lines()
        .filter(|line| line.split(',').nth(1) == Some(rule))
        .collect()
}

const DATA: &str = "tests/data/options";

fn data(name: &str) -> String {
    format!("{DATA}/{name}")
}

// --- Delimiter -------------------------------------------------------------

#[test]
fn a_semicolon_file_without_the_delimiter_is_read_with_a_note() {
    let file = data("semicolons.csv");
    let (code, out, err) = run(&["report", &file, "--period", "20/21 H1", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    // The two figures of the file, as written.
    assert!(out.contains("\nvictims_removed,20/21 H1,20,"), "{out}");
    assert!(out.contains("\nsurvivors_cared_for,20/21 H1,99,"), "{out}");
    assert!(
        err.contains(&format!(
            "note[parse.delimiter] {file}: the header's columns are separated by semicolons, \
             so the file is read with ';' as its delimiter (set --delimiter to read it with \
             another)"
        )),
        "{err}"
    );
}

#[test]
fn a_semicolon_file_read_with_commas_names_the_flag_and_the_key() {
    let file = data("semicolons.csv");
    let (code, out, _) = run(&[
        "validate",
        &file,
        "--as-of",
        "2021-03-31",
        "--format",
        "csv",
        "--delimiter",
        ",",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(findings_of(&out, "parse.delimiter").is_empty(), "{out}");
    let header = findings_of(&out, "parse.header");
    assert_eq!(header.len(), 1, "{out}");
    assert!(
        header[0].starts_with(&format!("error,parse.header,{file},1,")),
        "{out}"
    );
    // The advice ends with the flag and the key (the cell is CSV-quoted).
    assert!(
        header[0].contains(
            "(--delimiter ';' on the command line, or delimiter = \"\";\"\" in impact.toml)\","
        ),
        "{out}"
    );
}

#[test]
fn a_semicolon_file_reads_with_the_delimiter_flag_or_key() {
    let file = data("semicolons.csv");
    for setting in [
        vec!["--delimiter", ";"],
        vec!["--delimiter", "semicolon"],
        vec!["--config", "tests/data/options/semicolons.toml"],
    ] {
        let mut args = vec!["report", &file, "--period", "20/21 H1", "--format", "csv"];
        args.extend(&setting);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{setting:?}: {err}");
        // The two figures of the file, as written.
        assert!(out.contains("\nvictims_removed,20/21 H1,20,"), "{out}");
        assert!(out.contains("\nsurvivors_cared_for,20/21 H1,99,"), "{out}");
    }
}

#[test]
fn a_tab_separated_file_reads_with_tab() {
    let file = data("tabs.tsv");
    for setting in [
        vec!["--delimiter", "tab"],
        vec!["--config", "tests/data/options/tabs.toml"],
    ] {
        let mut args = vec!["validate", &file, "--as-of", "2021-03-31"];
        args.extend(&setting);
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{setting:?}: {err}");
        assert!(
            err.starts_with("1 figure read from 1 file(s); 0 error(s)"),
            "{err}"
        );
    }
}

#[test]
fn an_unknown_delimiter_is_a_usage_error() {
    let (code, _, err) = run(&["validate", "x.csv", "--delimiter", "colon"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("\"colon\" is not a delimiter: give ',', ';', tab or '|'"),
        "{err}"
    );
}

// --- Number format ---------------------------------------------------------

#[test]
fn thousands_separators_are_refused_with_the_flag_named() {
    let file = data("thousands.csv");
    let (code, out, _) = run(&[
        "validate",
        &file,
        "--as-of",
        "2021-03-31",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 1, "{out}");
    let values = findings_of(&out, "parse.value");
    assert_eq!(values.len(), 1, "{out}");
    assert!(
        values[0].starts_with(&format!("error,parse.value,{file},2,value,")),
        "{out}"
    );
    // The flag with the format the message names, or with the formats to
    // choose from; and the key.
    let advice = values[0]
        .split_once("(--number-format ")
        .map(|(_, advice)| advice)
        .unwrap_or_default();
    assert!(
        advice.starts_with(
            "comma on the command line, or number_format = \"\"comma\"\" in impact.toml)"
        ) || advice.starts_with(
            "with comma, indian, dot-decimal-comma or space-decimal-comma on the command \
                 line, or number_format in impact.toml)"
        ),
        "{out}"
    );
}

#[test]
fn each_number_format_reads_its_numbers() {
    // "1,234", "1.234" and "1 234" are each 1234 in their format; the
    // second row of thousands.csv is a plain 567, read in every format.
    for (file, format, country) in [
        ("thousands.csv", "comma", "GB"),
        ("dot_grouped.csv", "dot-decimal-comma", "DE"),
        ("space_grouped.csv", "space-decimal-comma", "FR"),
    ] {
        let file = data(file);
        let (code, out, err) = run(&[
            "report",
            &file,
            "--period",
            "20/21 H1",
            "--by",
            "country",
            "--number-format",
            format,
            "--format",
            "csv",
        ]);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(
            out.contains(&format!("\nprofessionals_trained,{country},20/21 H1,1234,")),
            "{format}: {out}"
        );
    }
    let (code, out, _) = run(&[
        "report",
        &data("thousands.csv"),
        "--period",
        "20/21 H1",
        "--config",
        "tests/data/options/numbers.toml",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    // 1,234 + 567 = 1801.
    assert!(
        out.contains("\nprofessionals_trained,20/21 H1,1801,"),
        "{out}"
    );
}

#[test]
fn an_unknown_number_format_lists_the_names() {
    let (code, _, err) = run(&["validate", "x.csv", "--number-format", "german"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "\"german\" is not a number format: give plain (1234), comma (1,234), indian \
             (1,02,345), dot-decimal-comma (1.234 and 12,5%), space-decimal-comma (1 234 and 12,5%)"
        ),
        "{err}"
    );
    let (code, _, err) = run(&[
        "validate",
        "examples/data/seed_h1_2020_21.csv",
        "--config",
        "tests/data/options/bad_number_format.toml",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "impact: invalid config file tests/data/options/bad_number_format.toml: `number_format`: \
         \"german\" is not a number format: give plain (1234), comma (1,234), indian (1,02,345), \
         dot-decimal-comma (1.234 and 12,5%), space-decimal-comma (1 234 and 12,5%)\n"
    );
}

// --- Rows without a figure -------------------------------------------------

#[test]
fn a_row_without_a_figure_names_the_skip_flag_and_is_skipped_with_it() {
    let file = data("not_available.csv");
    let (code, out, _) = run(&[
        "validate",
        &file,
        "--as-of",
        "2021-03-31",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 1);
    let values = findings_of(&out, "parse.value");
    assert_eq!(values.len(), 1, "{out}");
    assert!(
        values[0].starts_with(&format!("error,parse.value,{file},3,value,")),
        "{out}"
    );
    assert!(
        values[0].contains(
            "(--skip-not-available on the command line, or skip_not_available = true in impact.toml)"
        ),
        "{out}"
    );
    for setting in [
        vec!["--skip-not-available"],
        vec!["--config", "tests/data/options/numbers.toml"],
    ] {
        let mut args = vec![
            "validate",
            &file,
            "--as-of",
            "2021-03-31",
            "--format",
            "csv",
        ];
        args.extend(&setting);
        let (code, out, _) = run(&args);
        assert_eq!(code, 0, "{setting:?}: {out}");
        let skipped = findings_of(&out, "parse.not_available");
        assert_eq!(skipped.len(), 1, "{out}");
        assert!(
            skipped[0].starts_with(&format!("note,parse.not_available,{file},3,")),
            "{out}"
        );
    }
}

// --- Encoding, rows to skip, markers: the options parse -------------------

#[test]
fn encodings_are_named_or_refused() {
    for name in [
        "utf-8",
        "utf-16",
        "UTF-16LE",
        "utf-16be",
        "windows-1252",
        "cp1252",
    ] {
        let (code, _, err) = run(&[
            "validate",
            "examples/data/seed_h1_2020_21.csv",
            "--as-of",
            "2021-03-31",
            "--encoding",
            name,
        ]);
        assert_ne!(code, 2, "{name}: {err}");
    }
    let (code, _, err) = run(&["validate", "x.csv", "--encoding", "latin-9"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "unknown encoding \"latin-9\": expected utf-8, utf-16, utf-16le, utf-16be or windows-1252"
        ),
        "{err}"
    );
}

#[test]
fn rows_to_skip_are_a_count() {
    let (code, _, err) = run(&["validate", "x.csv", "--skip-rows", "two"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid value 'two' for '--skip-rows <N>'"),
        "{err}"
    );
}

#[test]
fn an_empty_not_available_marker_is_refused() {
    let (code, _, err) = run(&[
        "validate",
        "examples/data/seed_h1_2020_21.csv",
        "--not-available",
        "",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "impact: invalid not-available marker \"\" (--not-available or `not_available` in \
         impact.toml): an empty cell already means no figure\n"
    );
}

// --- Rules ----------------------------------------------------------------

#[test]
fn a_misspelt_rule_is_exit_2_with_the_nearest_ids() {
    let (code, out, err) = run(&[
        "validate",
        "examples/data/seed_h1_2020_21.csv",
        "--disable",
        "outlier.zscor",
    ]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "impact: invalid rule \"outlier.zscor\" in --disable: no rule or family has this id; \
         did you mean \"outlier.zscore\"?\n"
    );
    let (code, _, err) = run(&[
        "validate",
        "examples/data/seed_h1_2020_21.csv",
        "--config",
        "tests/data/options/misspelt_rule.toml",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "impact: invalid rule \"coverage.partal\" in `disable` under [rules] in \
         tests/data/options/misspelt_rule.toml: no rule or family has this id; did you mean \
         \"coverage.partial\"?\n"
    );
    let (code, _, err) = run(&[
        "report",
        "examples/data/seed_h1_2020_21.csv",
        "--period",
        "20/21 H1",
        "--severity",
        "coverage.partal=error",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "impact: invalid rule \"coverage.partal\" in --severity: no rule or family has this id; \
         did you mean \"coverage.partial\"?\n"
    );
}

/// The seed's three India figures cover only 20/21 Q1 of 20/21 H1: three
/// `coverage.partial` warnings, at lines 23, 24 and 25 of the file.
const SEED: &str = "examples/data/seed_h1_2020_21.csv";

fn seed_coverage(setting: &[&str]) -> (i32, Vec<String>) {
    let mut args = vec![
        "validate",
        SEED,
        "--period",
        "20/21 H1",
        "--as-of",
        "2021-03-31",
        "--format",
        "csv",
    ];
    args.extend(setting);
    let (code, out, _) = run(&args);
    let found = findings_of(&out, "coverage.partial")
        .into_iter()
        .map(|line| line.split(',').take(4).collect::<Vec<_>>().join(","))
        .collect();
    (code, found)
}

#[test]
fn a_severity_set_from_the_shell_or_the_file_changes_the_exit_status() {
    let lines = |severity: &str| -> Vec<String> {
        [23, 24, 25]
            .iter()
            .map(|line| format!("{severity},coverage.partial,{SEED},{line}"))
            .collect()
    };
    assert_eq!(seed_coverage(&[]), (0, lines("warning")));
    assert_eq!(
        seed_coverage(&["--severity", "coverage.partial=error"]),
        (1, lines("error"))
    );
    assert_eq!(
        seed_coverage(&["--config", "tests/data/options/severity.toml"]),
        (1, lines("error"))
    );
    // The command line's setting comes after the file's.
    assert_eq!(
        seed_coverage(&[
            "--config",
            "tests/data/options/severity.toml",
            "--severity",
            "coverage.partial=note"
        ]),
        (0, lines("note"))
    );
    let (code, _, err) = run(&["validate", SEED, "--severity", "coverage.partial"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "\"coverage.partial\" is not RULE=LEVEL: give a rule id and a severity, such as \
             outlier.level=note"
        ),
        "{err}"
    );
}

#[test]
fn a_disabled_rule_leaves_out_its_findings() {
    assert_eq!(
        seed_coverage(&["--disable", "coverage.partial"]),
        (0, Vec::new())
    );
    assert_eq!(seed_coverage(&["--disable", "coverage"]), (0, Vec::new()));
}

// --- A partner's own indicators and rules ---------------------------------

#[test]
fn an_indicator_declared_in_the_config_is_validated_and_reported() {
    let file = data("own_indicator.csv");
    let (code, out, _) = run(&[
        "validate",
        &file,
        "--as-of",
        "2021-03-31",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 1, "{out}");
    let unknown = findings_of(&out, "parse.indicator");
    assert_eq!(unknown.len(), 1, "{out}");
    assert!(
        unknown[0].starts_with(&format!("error,parse.indicator,{file},3,indicator,")),
        "{out}"
    );
    assert!(
        unknown[0].contains("declare an indicator of your own under [[indicator]] in impact.toml"),
        "{out}"
    );

    let config = "tests/data/options/partner.toml";
    let (code, out, err) = run(&[
        "validate",
        &file,
        "--as-of",
        "2021-03-31",
        "--config",
        config,
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.starts_with("3 figures read from 1 file(s); 0 error(s)"),
        "{err}"
    );

    let (code, out, err) = run(&[
        "report", &file, "--period", "20/21 H1", "--config", config, "--format", "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    // Q1 120 (by code) + Q2 45 (by alias) = 165.
    assert!(
        out.contains("\nlift.safehouse_nights,20/21 H1,165,"),
        "{out}"
    );
}

#[test]
fn a_rule_declared_in_the_config_fails_with_exit_1() {
    // GB: 20 victims removed > 5 accused arrested fails; BD: 3 <= 4 holds.
    let file = data("removed_and_arrested.csv");
    let (code, out, _) = run(&[
        "validate",
        &file,
        "--as-of",
        "2021-03-31",
        "--config",
        "tests/data/options/partner.toml",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 1, "{out}");
    let failed = findings_of(&out, "house.removed_within_arrested");
    assert_eq!(failed.len(), 1, "{out}");
    assert!(
        failed[0].starts_with(&format!("error,house.removed_within_arrested,{file},2,")),
        "{out}"
    );
    assert!(
        failed[0].contains("GB 20/21 H1: more victims removed than accused arrested"),
        "{out}"
    );
    assert!(
        failed[0].contains("victims_removed = 20, accused_arrested = 5"),
        "{out}"
    );
    // Its severity can be set like a built-in rule's.
    let (code, _, _) = run(&[
        "validate",
        &file,
        "--as-of",
        "2021-03-31",
        "--config",
        "tests/data/options/partner.toml",
        "--severity",
        "house.removed_within_arrested=warning",
    ]);
    assert_eq!(code, 0);
}

// --- The calendar keys ----------------------------------------------------

#[test]
fn the_start_month_key_takes_a_month_name() {
    let (code, out, _) = run(&[
        "period",
        "20/21 H1",
        "--config",
        "tests/data/options/april.toml",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains(",FY2020-04-H1,half,2020-04-01,2020-09-30,6,"),
        "{out}"
    );
}

#[test]
fn an_ambiguous_year_names_the_year_label_flag_not_a_rust_item() {
    let (code, _, err) = run(&["period", "FY2021"]);
    assert_eq!(code, 2);
    assert!(!err.contains("::"), "{err}");
    assert!(
        err.ends_with(
            "(--year-label start-year or --year-label end-year on the command line, or \
             year_label = \"start-year\" or \"end-year\" in impact.toml)\n"
        ),
        "{err}"
    );
    let (code, out, _) = run(&[
        "period",
        "FY2021",
        "--year-label",
        "end-year",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\nFY2021,FY2020-09,year,2020-09-01,2021-08-31,12,"),
        "{out}"
    );
}

#[test]
fn an_unknown_key_is_named() {
    let (code, _, err) = run(&[
        "period",
        "20/21 H1",
        "--config",
        "tests/data/options/unknown_key.toml",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("impact: invalid config file tests/data/options/unknown_key.toml: "),
        "{err}"
    );
    assert!(
        err.contains("unknown field `delimitr`, expected one of"),
        "{err}"
    );
}

// --- Help -----------------------------------------------------------------

#[test]
fn the_config_help_documents_every_key() {
    let (_, help, _) = run(&["--help"]);
    for key in [
        "start_month",
        "year_label",
        "as_of",
        "delimiter",
        "number_format",
        "skip_rows",
        "not_available",
        "skip_not_available",
        "encoding",
        "[rules]",
        "disable",
        "[rules.severity]",
        "[[indicator]]",
        "code",
        "name",
        "theme",
        "unit",
        "measure",
        "polarity",
        "aliases",
        "channels",
        "countries",
        "headline",
        "[[rule]]",
        "id",
        "text",
        "severity",
        "description",
    ] {
        assert!(
            help.contains(&format!("  {key} ")) || help.contains(&format!("  {key}\n")),
            "{key}\n{help}"
        );
    }
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/impact.toml"))
            .unwrap();
    for key in [
        "start_month =",
        "delimiter =",
        "[[indicator]]",
        "[[rule]]",
        "[rules.severity]",
    ] {
        assert!(example.contains(key), "{key}");
    }
}

#[test]
fn the_config_help_is_a_config_file_that_reads() {
    let (_, help, _) = run(&["--help"]);
    // The indented lines after "examples/impact.toml has them all:", up to
    // the next option.
    let (_, rest) = help.split_once("has them all:\n").unwrap();
    let block: Vec<&str> = rest
        .lines()
        .take_while(|line| !line.trim_start().starts_with("--"))
        .map(str::trim_start)
        .collect();
    let path = std::env::temp_dir().join(format!("impact-config-help-{}.toml", std::process::id()));
    std::fs::write(&path, block.join("\n")).unwrap();
    let config = path.display().to_string();
    let (code, out, err) = run(&[
        "validate",
        &data("own_indicator.csv"),
        "--config",
        &config,
        "--format",
        "csv",
    ]);
    std::fs::remove_file(&path).unwrap();
    // Its indicator is read (by code and by alias), its rule and settings
    // taken: no error.
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.starts_with("3 figures read from 1 file(s); 0 error(s)"),
        "{err}"
    );
}

/// The words of a shell line: split on spaces, with '...' and "..."
/// quoting.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, ' ') => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (None, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn shell_words_reads_quotes() {
    assert_eq!(
        shell_words("impact period '20/21 H1' --x \"a b\" ''"),
        ["impact", "period", "20/21 H1", "--x", "a b", ""]
    );
}

#[test]
fn every_example_in_every_help_runs() {
    for command in [
        vec![],
        vec!["growth"],
        vec!["period"],
        vec!["validate"],
        vec!["report"],
        vec!["convert"],
    ] {
        let mut args = command.clone();
        args.push("--help");
        let (code, help, _) = run(&args);
        assert_eq!(code, 0);
        let examples: Vec<&str> = help
            .split_once("Examples:\n")
            .map(|(_, rest)| rest)
            .unwrap_or_default()
            .lines()
            .take_while(|line| line.starts_with("  "))
            .map(str::trim)
            .filter(|line| line.starts_with("impact "))
            .collect();
        assert!(examples.len() >= 2, "{command:?}: {help}");
        for example in examples {
            let words = shell_words(example);
            let args: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
            let (code, _, err) = run(&args);
            assert!(code == 0 || code == 1, "{example}: exit {code}: {err}");
        }
    }
}

// --- Growth ---------------------------------------------------------------

#[test]
fn the_baselines_of_a_published_percent_are_written_in_words() {
    // 740 / b - 1 rounds half-up to 3% when 740 / b is in [1.025, 1.035):
    // b in (714.98, 721.95], so 715 to 721.
    let (code, out, _) = run(&[
        "growth",
        "--backwards",
        "--published",
        "3",
        "--current",
        "740",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "rounding,published,current,current_months,baseline_months,baselines,min,max,min_average,max_average\n\
         half-up,3%,740,1,1,715 to 721,715,721,715,721\n"
    );
    // -100% on 0: every baseline of 1 or more.
    let (_, out, _) = run(&[
        "growth",
        "--backwards",
        "--published",
        "-100",
        "--current",
        "0",
        "--format",
        "csv",
    ]);
    assert!(
        out.ends_with("\nhalf-up,-100%,0,1,1,1 or more,1,,1,\n"),
        "{out}"
    );
}

#[test]
fn a_published_percent_that_is_not_a_number_says_what_to_give() {
    let (code, _, err) = run(&[
        "growth",
        "--backwards",
        "--published",
        "abc",
        "--current",
        "74",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "impact: invalid percent \"abc\" for --published: give a number such as 32, 32% or -5.5\n"
    );
    // Without --backwards, --published would be ignored: it is refused.
    let (code, _, err) = run(&[
        "growth",
        "--current",
        "74",
        "--baseline",
        "56",
        "--published",
        "32",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "impact: --published is the percent to go back from: give it with --backwards\n"
    );
}

#[test]
fn a_period_out_of_range_is_written_without_rust_syntax() {
    let (code, _, err) = run(&["period", "20/21 H3"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "impact: invalid period \"20/21 H3\": half out of range: 3 (expected 1 to 2)\n"
    );
}

/// Four quarters of GB's victims removed: 18, 20, 22, then 90. DHIS2's
/// z-score over the three earlier quarters (mean 20, sample spread 2) puts
/// 90 at 35 spreads, far above 3; the default method wants 6 other periods
/// within a year and checks none of them.
#[test]
fn the_outlier_method_is_chosen_by_flag_or_key() {
    let dir = std::env::temp_dir().join(format!("impact-cli-outliers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("quarters.csv");
    std::fs::write(
        &file,
        "indicator,country,channel,period,value\n\
         victims_removed,GB,direct,20/21 Q1,18\n\
         victims_removed,GB,direct,20/21 Q2,20\n\
         victims_removed,GB,direct,20/21 Q3,22\n\
         victims_removed,GB,direct,20/21 Q4,90\n",
    )
    .unwrap();
    let config = dir.join("impact.toml");
    std::fs::write(&config, "[rules]\noutliers = \"z-score\"\n").unwrap();
    let path = file.display().to_string();
    let base = [
        "validate",
        &path,
        "--as-of",
        "2021-12-31",
        "--format",
        "csv",
    ];
    let (code, out, _) = run(&base);
    assert_eq!(code, 0, "{out}");
    assert!(findings_of(&out, "outlier.zscore").is_empty(), "{out}");
    for extra in [
        vec!["--outliers", "z-score"],
        vec!["--config", config.to_str().unwrap()],
    ] {
        let mut args = base.to_vec();
        args.extend(extra);
        let (code, out, _) = run(&args);
        assert_eq!(code, 0, "{out}");
        let z = findings_of(&out, "outlier.zscore");
        assert_eq!(z.len(), 1, "{out}");
        assert!(
            z[0].starts_with(&format!("warning,outlier.zscore,{path},5,")),
            "{}",
            z[0]
        );
    }
    // A threshold above 35 spreads flags nothing.
    let mut args = base.to_vec();
    args.extend(["--outliers", "z-score:40"]);
    let (_, out, _) = run(&args);
    assert!(findings_of(&out, "outlier.zscore").is_empty(), "{out}");
    let (code, _, err) = run(&["validate", &path, "--outliers", "dhis2"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "\"dhis2\" is not an outlier method: give expected, z-score or modified-z-score"
        ),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
