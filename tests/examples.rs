//! Runs the example programs, as a user would, and checks what they print.

use std::path::PathBuf;
use std::process::Command;

/// The path of a compiled example: `cargo test` builds the examples next to
/// the test binaries' folder.
fn example(name: &str) -> PathBuf {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    dir.join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

fn run(name: &str) -> String {
    let output = Command::new(example(name)).output().unwrap();
    assert!(
        output.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn line_with<'a>(text: &'a str, start: &str) -> Vec<&'a str> {
    text.lines()
        .find(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?} in:\n{text}"))
        .split_whitespace()
        .collect()
}

#[test]
fn h1_report_prints_the_headline_with_its_differences() {
    let out = run("h1_report");
    assert!(
        out.contains("Period: 20/21 H1 (2020-09-01 to 2021-02-28)"),
        "{out}"
    );
    // Published 26, the parts add to 25 (UK 1 + Thailand 24): tests/data/FIGURES.md.
    let convicted = line_with(&out, "Exploiters convicted");
    assert_eq!(convicted[2..], ["26", "25", "-1", "+205%"]);
    let victims = line_with(&out, "Victims removed from exploitation");
    assert_eq!(victims[4..], ["74", "74", "0", "+32%"]);
    assert!(
        out.contains("India (Vihaan) covers 20/21 Q1 only; no figure for 20/21 Q2"),
        "{out}"
    );
    assert!(
        out.contains("the stated parts add to 101; 103 with Romania 2"),
        "{out}"
    );
}

#[test]
fn h1_report_prints_the_breakdown_and_the_implied_baselines() {
    let out = run("h1_report");
    let trained = out
        .lines()
        .find(|l| l.starts_with("Frontline professionals trained"))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>();
    // UK 367, Bangladesh 448, Romania -, Thailand 126, India -; direct 815, joint 126.
    assert_eq!(trained[3..], ["367", "448", "-", "126", "-", "815", "126"]);
    assert!(
        out.contains(
            "rules under which every published growth figure is possible: toward-zero, floor"
        ),
        "{out}"
    );
    let repatriated = out
        .lines()
        .find(|l| l.starts_with("Survivors repatriated ") && l.contains("+274%"))
        .unwrap();
    assert!(
        repatriated.contains("none") && repatriated.contains(" 55 "),
        "{repatriated}"
    );
}

#[test]
fn validate_seed_prints_the_gaps_coverage_and_growth_claims() {
    let out = run("validate_seed");
    // Messages are wrapped for the terminal: compare with spaces folded.
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    // tests/data/FIGURES.md: convictions published 26, parts 1 (GB) + 24 (TH) = 25.
    assert!(
        flat.contains("the published total 26 is 1 more than the sum of its parts, 25"),
        "{out}"
    );
    // Repatriations: 15 + 86 = 101 stated, 103 only with Romania's 2.
    assert!(flat.contains("the stated parts add to 101"), "{out}");
    assert_eq!(
        flat.matches("IN joint Vihaan covers 20/21 Q1").count(),
        3,
        "{out}"
    );
    assert!(
        flat.contains("6 of 8 claims can be produced by a whole-number 2019/20 total."),
        "{out}"
    );
    assert!(
        flat.contains("8 of 8 claims can be produced by a whole-number 2019/20 total."),
        "{out}"
    );
    // Romania's 2 repatriations are below k = 11: never printed in the
    // table of repatriations (all direct), whose total 103 is published.
    let table = out
        .split("Survivors repatriated by country and channel")
        .nth(1)
        .unwrap();
    let line = |name: &str| {
        table
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(line("RO "), ["RO", "[c]", "[c]"]);
    assert_eq!(line("Total "), ["Total", "103", "103"]);
    // The UK's 1 conviction, in a table of convictions alone: no total
    // adds convictions to repatriations.
    let table = out
        .split("Exploiters convicted by country and channel")
        .nth(1)
        .unwrap();
    let gb = table
        .lines()
        .find(|l| l.trim_start().starts_with("GB "))
        .unwrap();
    assert_eq!(
        gb.split_whitespace().collect::<Vec<_>>(),
        ["GB", "[c]", "-", "[c]"]
    );
    assert!(!out.contains("128"), "{out}");
}

// The seed's 24 figures (FIGURES.md: UK 7, Bangladesh 7, Romania 1,
// Thailand 6, India 3) are September-calendar halves and quarters, which
// DHIS2 has no period for.
#[cfg(feature = "dhis2")]
#[test]
fn dhis2_export_refuses_every_seed_figure_for_its_period() {
    let out = run("dhis2_export");
    assert!(out.contains("\"dataValues\": []"), "{out}");
    assert!(
        out.contains("Not written: 24 of 24 figures, 24 of them because DHIS2 has no period with their months:"),
        "{out}"
    );
    assert_eq!(
        out.matches("DHIS2 has no period for 20/21 H1 (September 2020 to February 2021)")
            .count(),
        21
    );
    assert_eq!(
        out.matches("DHIS2 has no period for 20/21 Q1 (September to November 2020)")
            .count(),
        3
    );
    assert!(
        out.contains("by month (202009 to 202102), or send the whole year 2020/21 as 2020Sep"),
        "{out}"
    );
}
