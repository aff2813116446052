//! `impact report --chart`, run as a user runs it: what the chart says,
//! read back from the SVG file it writes.
#![cfg(feature = "cli")]

use std::path::PathBuf;

use assert_cmd::Command;

/// The exit status of a report whose every row was read but some of
/// whose totals are incomplete (a series covers only part of a period).
const INCOMPLETE: i32 = 1;

fn impact() -> Command {
    let mut cmd = Command::cargo_bin("impact").unwrap();
    // Keep the working folder's impact.toml, if any, out of the tests.
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A fresh file name in a folder of its own for one test.
fn out(test: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("impact-cli-chart-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

/// Runs `impact report FILES --period "20/21 H1" EXTRA --chart PATH` and
/// returns its exit status and the texts of the SVG it wrote, in order.
fn chart(files: &[&str], extra: &[&str], path: &PathBuf) -> (i32, Vec<String>) {
    let output = impact()
        .arg("report")
        .args(files)
        .args(["--period", "20/21 H1"])
        .args(extra)
        .arg("--chart")
        .arg(path)
        .output()
        .unwrap();
    let code = output.status.code().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("chart written to {}", path.display())),
        "{stderr}"
    );
    let svg = std::fs::read_to_string(path).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    (code, texts(&svg))
}

/// The contents of the SVG's `<text>` elements, unescaped.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|s| {
            let body = s.split_once('>')?.1;
            let text = body.split_once("</text>")?.0;
            Some(
                text.trim()
                    .replace("&apos;", "'")
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

fn count(texts: &[String], text: &str) -> usize {
    texts.iter().filter(|t| *t == text).count()
}

fn growths(texts: &[String]) -> Vec<&str> {
    texts
        .iter()
        .map(String::as_str)
        .filter(|t| {
            t.ends_with('%')
                && t.len() > 1
                && t[..t.len() - 1]
                    .trim_start_matches(['+', '-'])
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.')
        })
        .collect()
}

#[test]
fn the_axis_fits_the_largest_total_and_both_bars_are_labelled() {
    let path = out("complete", "h1.svg");
    let (code, texts) = chart(&["tests/data/cli/chart_complete.csv"], &[], &path);
    assert_eq!(code, 0);
    // The largest total is 941: the axis ends at 1,000, in steps of 200.
    for tick in ["0", "200", "400", "600", "800", "1,000"] {
        assert_eq!(count(&texts, tick), 1, "tick {tick}: {texts:?}");
    }
    assert_eq!(
        count(&texts, "1,200") + count(&texts, "1,500"),
        0,
        "{texts:?}"
    );
    // 20 + 17 + 37 = 74 against (40 + 30 + 42) / 2 = 56: 74/56 - 1 = +32.1%.
    // 367 + 448 + 126 = 941 against (600 + 500 + 305) / 2 = 702.5: +33.95%.
    for label in ["74", "56", "941", "702.5"] {
        assert_eq!(count(&texts, label), 1, "bar label {label}: {texts:?}");
    }
    assert_eq!(growths(&texts), ["+32%", "+34%"]);
    assert!(texts.contains(&"Victims removed from exploitation".to_string()));
    assert!(texts.contains(&"Frontline professionals trained".to_string()));
    assert_eq!(texts[0], "20/21 H1 against the 2019/20 average");
    // The legend names what is drawn, and nothing that is not.
    assert!(texts.contains(&"20/21 H1 total".to_string()), "{texts:?}");
    assert!(
        texts.contains(&"2019/20 average (its total \u{d7} 6/12 months)".to_string()),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("hatched")), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("incomplete")), "{texts:?}");
}

#[test]
fn partial_coverage_and_missing_baselines_are_marked_not_drawn() {
    let path = out("partial", "h1.svg");
    let (code, texts) = chart(
        &[
            "examples/data/seed_h1_2020_21.csv",
            "tests/data/cli/chart_baseline.csv",
        ],
        &[],
        &path,
    );
    assert_eq!(code, INCOMPLETE);
    // Only the complete comparisons have a growth figure:
    // 74 against 112 / 2 = 56 is +32.1%; 25 against 17 / 2 = 8.5 is
    // +194.1%; 941 against 1405 / 2 = 702.5 is +33.95%.
    assert_eq!(growths(&texts), ["+32%", "+194%", "+34%"]);
    // Survivors cared for (India's Q1 only), repatriated (nothing from
    // Romania in 2019/20), arrests (the UK's 19/20 H1 only).
    assert_eq!(count(&texts, "incomplete"), 3, "{texts:?}");
    // India's three totals of 20/21 Q1 only (FIGURES.md).
    assert_eq!(
        count(&texts, "India, Vihaan: 20/21 Q1 only, 20/21 Q2 missing"),
        3,
        "{texts:?}"
    );
    assert_eq!(count(&texts, "Romania: no 2019/20 figures"), 1, "{texts:?}");
    assert_eq!(
        count(&texts, "United Kingdom: 19/20 H1 only, 19/20 H2 missing"),
        1,
        "{texts:?}"
    );
    // Prevention education and prosecutions have no 2019/20 figures: said
    // where the bar would be, and no growth.
    assert_eq!(count(&texts, "no 2019/20 figures"), 2, "{texts:?}");
    assert_eq!(count(&texts, "no comparison"), 2, "{texts:?}");
    // Baseline labels: 657/2, 55/2, (50 + 30 + 37)/2.
    for label in ["328.5", "27.5", "58.5"] {
        assert_eq!(count(&texts, label), 1, "bar label {label}: {texts:?}");
    }
    assert!(
        texts.contains(
            &"hatched: some figures cover only part of the period (see the notes)".to_string()
        ),
        "{texts:?}"
    );
}

#[test]
fn by_country_draws_one_panel_per_country_with_its_own_axis() {
    let path = out("country", "h1.svg");
    let (code, texts) = chart(
        &[
            "examples/data/seed_h1_2020_21.csv",
            "tests/data/cli/chart_baseline.csv",
        ],
        &["--by", "country"],
        &path,
    );
    assert_eq!(code, INCOMPLETE);
    let panels = [
        "Bangladesh",
        "India",
        "Romania",
        "Thailand",
        "United Kingdom",
    ];
    let at: Vec<usize> = panels
        .iter()
        .map(|p| texts.iter().position(|t| t == p).unwrap_or(usize::MAX))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}: {texts:?}");
    // Each panel's axis ends just above its own largest value: Bangladesh
    // 448 (500), India 203 (250), Romania 2 (2), Thailand 152.5 (200),
    // the UK 367 (400).
    // A panel's tick labels are drawn right after its title.
    let axis_end = |title: usize| {
        texts[title + 1..]
            .iter()
            .take_while(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == ','))
            .last()
            .cloned()
    };
    let ends: Vec<Option<String>> = at.iter().map(|&title| axis_end(title)).collect();
    let expected = ["500", "250", "2", "200", "400"].map(|s| Some(s.to_string()));
    assert_eq!(ends, expected, "{texts:?}");
    // The UK's victims: 20 against 40 / 2 = 20, no growth; Thailand's:
    // 37 against 42 / 2 = 21, +76.2%.
    assert!(growths(&texts).contains(&"0%"), "{texts:?}");
    assert!(growths(&texts).contains(&"+76%"), "{texts:?}");
    // Within India's panel, the note names the partner only.
    assert_eq!(
        count(&texts, "Vihaan: 20/21 Q1 only, 20/21 Q2 missing"),
        3,
        "{texts:?}"
    );
}

#[test]
fn by_channel_and_partner_draws_one_panel_per_pair() {
    let path = out("channel", "h1.svg");
    let (code, texts) = chart(
        &["examples/data/seed_h1_2020_21.csv"],
        &["--by", "channel,partner"],
        &path,
    );
    assert_eq!(code, INCOMPLETE);
    for panel in [
        "Direct work, without a partner",
        "Joint operations, LIFT International",
        "Joint operations, Vihaan",
    ] {
        assert_eq!(count(&texts, panel), 1, "{panel}: {texts:?}");
    }
    // No 2019/20 figures at all: no growth column, no baseline legend.
    assert_eq!(texts[0], "20/21 H1 (no 2019/20 figures to compare with)");
    assert_eq!(count(&texts, "no comparison"), 0, "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("average")), "{texts:?}");
}

#[test]
fn a_rate_is_named_as_not_charted() {
    let path = out("rate", "h1.svg");
    let (code, texts) = chart(&["tests/data/cli/chart_rate.csv"], &[], &path);
    assert_eq!(code, 0);
    assert!(
        texts.contains(
            &"Not charted (rates and percentages, shown in the table): Re-trafficking rate."
                .to_string()
        ),
        "{texts:?}"
    );
    assert_eq!(count(&texts, "17"), 1, "{texts:?}");
}

#[test]
fn a_png_file_name_gives_a_png() {
    let path = out("png", "h1.png");
    impact()
        .args([
            "report",
            "tests/data/cli/chart_complete.csv",
            "--period",
            "20/21 H1",
            "--chart",
        ])
        .arg(&path)
        .assert()
        .code(0);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // The header: 1,960 pixels wide, twice the SVG's 980.
    assert_eq!(&bytes[12..16], b"IHDR");
    assert_eq!(u32::from_be_bytes(bytes[16..20].try_into().unwrap()), 1960);
}

#[test]
fn other_file_names_are_refused_before_any_file_is_read() {
    for name in ["h1.pdf", "h1.jpg", "h1"] {
        let path = out("refused", name);
        let output = impact()
            .args([
                "report",
                "tests/data/cli/no_such_file.csv",
                "--period",
                "20/21 H1",
                "--chart",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        let stem = path.with_extension("");
        assert!(
            stderr.contains(&format!(
                "a chart is written as SVG or PNG: name the file \"{0}.svg\" or \"{0}.png\", \
                 not \"{1}\"",
                stem.display(),
                path.display()
            )),
            "{stderr}"
        );
        // The missing input was never opened.
        assert!(!stderr.contains("no_such_file"), "{stderr}");
        assert!(!path.exists());
    }
}

#[test]
fn a_chart_is_not_drawn_beside_disclosure_control() {
    let path = out("suppress", "h1.svg");
    let output = impact()
        .args([
            "report",
            "examples/data/seed_h1_2020_21.csv",
            "--period",
            "20/21 H1",
            "--suppress",
            "11",
            "--chart",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--suppress"), "{stderr}");
    assert!(!path.exists());
}
