//! What the readers say, seen from the command line: a file that is not
//! what it seems (a quote left open, a workbook, UTF-16 or Windows-1252
//! text, a title above the header, two columns for one, a second JSON
//! array, a JSON syntax error) is a located finding with the exit status
//! that says so, never a report that silently leaves rows out.
//!
//! Line numbers are counted by hand from the file texts below (the header
//! is line 1).
#![cfg(feature = "cli")]

use assert_cmd::Command;

/// What a run gave: its exit status, standard output and standard error.
struct Run {
    code: i32,
    out: String,
    err: String,
}

/// Runs `impact ARGS` on `file` (written to a folder of its own), in the
/// repository's root, so that no impact.toml of the working folder counts.
fn impact(name: &str, bytes: &[u8], args: &[&str]) -> Run {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "impact-cli-readers-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let output = Command::cargo_bin("impact")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let file = path.display().to_string();
    Run {
        code: output.status.code().unwrap_or(-1),
        out: String::from_utf8(output.stdout)
            .unwrap()
            .replace(&file, "FILE"),
        err: String::from_utf8(output.stderr)
            .unwrap()
            .replace(&file, "FILE"),
    }
}

fn validate(name: &str, bytes: &[u8], extra: &[&str]) -> Run {
    let mut args = vec!["validate", "--as-of", "2021-03-31", "--format", "csv"];
    args.extend_from_slice(extra);
    impact(name, bytes, &args)
}

fn report(name: &str, bytes: &[u8], extra: &[&str]) -> Run {
    let mut args = vec!["report", "--period", "20/21 H1", "--format", "csv"];
    args.extend_from_slice(extra);
    impact(name, bytes, &args)
}

/// The CSV finding rows of `rule` in a validate run: `severity,rule,file,line,...`.
fn findings<'a>(run: &'a Run, rule: &str) -> Vec<&'a str> {
    run.out
        .lines()
        .filter(|l| l.split(',').nth(1) == Some(rule))
        .collect()
}

/// The report's CSV rows after the header.
fn rows(run: &Run) -> Vec<&str> {
    run.out.lines().skip(1).collect()
}

/// Line 2 opens a quote in the note that nothing closes: lines 3 and 4
/// are swallowed into that one cell.
const UNCLOSED: &str = "indicator,country,period,value,note\n\
victims_removed,GB,20/21 H1,20,\"partner says \"\"approx.\n\
victims_removed,BD,20/21 H1,17,\n\
victims_removed,TH,20/21 H1,37,\n";

#[test]
fn a_quote_left_open_is_reported_where_it_opened_with_the_lines_it_took() {
    let r = validate("open_quote.csv", UNCLOSED.as_bytes(), &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    let quote = findings(&r, "parse.quote");
    assert_eq!(quote.len(), 1, "{}", r.out);
    assert!(
        quote[0].starts_with("error,parse.quote,FILE,2,"),
        "{}",
        quote[0]
    );
    assert!(
        quote[0].contains(
            "a quote opened at line 2 never closes: the 2 lines after it were read as one cell"
        ),
        "{}",
        quote[0]
    );
    assert!(
        r.err
            .starts_with("0 figures read from 1 file(s); 1 error(s)"),
        "{}",
        r.err
    );

    // The report says so too: exit status 1, no total of the three rows.
    let r = report("open_quote.csv", UNCLOSED.as_bytes(), &[]);
    assert_eq!(r.code, 1);
    assert!(rows(&r).is_empty(), "{}", r.out);
    assert!(r.err.contains("error[parse.quote] FILE:2: "), "{}", r.err);
    assert!(
        r.err.ends_with(
            "1 row refused: the totals leave out what the findings above name\n\
                        no total: no figure was read\n"
        ),
        "{}",
        r.err
    );
}

#[test]
fn a_workbook_saved_under_a_csv_name_is_read_as_a_workbook() {
    // The first bytes of every .xlsx file: a zip archive's local header,
    // here followed by no archive at all.
    let r = validate(
        "figures.csv",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00rest of a zip",
        &[],
    );
    assert_eq!(r.code, 1);
    let workbook = findings(&r, "workbook.open");
    assert_eq!(workbook.len(), 1, "{}", r.out);
    assert!(
        workbook[0].contains("the file is not a workbook that can be read"),
        "{}",
        workbook[0]
    );
    // One finding, not a flood of garbage rows.
    assert_eq!(r.out.lines().count(), 2, "{}", r.out);
}

#[test]
fn utf16_text_is_named_and_read_with_the_encoding_given() {
    // What Excel's "Unicode text" writes: UTF-16LE with a byte-order mark.
    let text = "\u{feff}indicator,country,period,value\nvictims_removed,GB,20/21 H1,20\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let r = report("unicode.csv", &bytes, &[]);
    assert_eq!(r.code, 1);
    assert!(rows(&r).is_empty());
    assert!(
        r.err.contains(
            "error[parse.encoding] FILE: the file is UTF-16 text, so nothing is read: set the encoding \
             to utf-16 (or save the file as UTF-8) (--encoding utf-16le on the command line, or \
             encoding = \"utf-16le\" in impact.toml)"
        ),
        "{}",
        r.err
    );
    let r = report("unicode.csv", &bytes, &["--encoding", "utf-16"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(rows(&r).len(), 1);
    assert!(
        rows(&r)[0].starts_with("victims_removed,20/21 H1,20,"),
        "{}",
        r.out
    );
}

#[test]
fn windows_1252_text_is_named_and_read_with_the_encoding_given() {
    // "Côte d'Ivoire" with ô as the one byte 0xF4 of Windows-1252.
    let bytes = b"indicator,country,period,value\nvictims_removed,C\xf4te d'Ivoire,20/21 H1,20\n";
    let r = report("ivoire.csv", bytes, &["--by", "country"]);
    assert_eq!(r.code, 1);
    assert!(
        r.err.contains(
            "error[parse.encoding] FILE:2: column \"country\": the text is not valid UTF-8, but reads \
             as Windows-1252 (\"Côte d'Ivoire\"): set the encoding to windows-1252"
        ),
        "{}",
        r.err
    );
    assert!(
        r.err
            .contains("(--encoding windows-1252 on the command line"),
        "{}",
        r.err
    );
    let r = report(
        "ivoire.csv",
        bytes,
        &["--by", "country", "--encoding", "windows-1252"],
    );
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        rows(&r)[0].starts_with("victims_removed,CI,20/21 H1,20,"),
        "{}",
        r.out
    );
}

#[test]
fn a_title_above_the_header_is_named_and_not_read() {
    // The header is on line 3, under a title and an empty line: the title
    // is a note, and the figure below the header is read.
    let text = b"Partner figures, 2020/21\n\nindicator,country,period,value\nvictims_removed,GB,20/21 H1,20\n";
    let r = validate("titled.csv", text, &[]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert_eq!(
        findings(&r, "parse.title_rows"),
        [
            "note,parse.title_rows,FILE,1,,\"line 1, above the header, is a title, not figures, so it is not read: \"\"Partner figures, 2020/21\"\"\",,,,,,"
        ]
    );
    assert!(
        r.err
            .starts_with("1 figure read from 1 file(s); 0 error(s)"),
        "{}",
        r.err
    );
    // Skipping the lines says so instead.
    let r = validate("titled.csv", text, &["--skip-rows", "2"]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert_eq!(findings(&r, "parse.rows_skipped").len(), 1, "{}", r.out);
    assert!(findings(&r, "parse.title_rows").is_empty(), "{}", r.out);
}

#[test]
fn two_columns_for_the_value_are_read_only_where_they_agree() {
    // Line 2 agrees (20 and 20); line 3 does not (17 and 71).
    let text = b"indicator,country,period,value,Value\nvictims_removed,GB,20/21 H1,20,20\nvictims_removed,BD,20/21 H1,17,71\n";
    let r = report("two_values.csv", text, &[]);
    assert_eq!(r.code, 1);
    assert!(
        rows(&r)[0].starts_with("victims_removed,20/21 H1,20,"),
        "{}",
        r.out
    );
    assert!(
        r.err.contains("warning[parse.duplicate_column] FILE:1: "),
        "{}",
        r.err
    );
    assert!(
        r.err.contains(
            "error[parse.column_conflict] FILE:3: column \"Value\": columns 4 (\"value\") and 5 \
             (\"Value\") name the same column but disagree: \"17\" and \"71\", so the row is not read"
        ),
        "{}",
        r.err
    );
}

#[test]
fn a_long_cell_is_quoted_cut_to_a_readable_length() {
    let text = format!(
        "indicator,country,period,value\nvictims_removed,GB,20/21 H1,{}\nvictims_removed,BD,20/21 H1,17\n",
        "x".repeat(70_000)
    );
    let r = validate("long.csv", text.as_bytes(), &[]);
    assert_eq!(r.code, 1);
    let value = findings(&r, "parse.value");
    assert_eq!(value.len(), 1);
    assert!(
        value[0].starts_with("error,parse.value,FILE,2,value,"),
        "{}",
        value[0]
    );
    assert!(
        value[0].contains(&format!(
            "invalid number \"\"{}… (70,000 characters)\"\"",
            "x".repeat(60)
        )),
        "{}",
        value[0]
    );
    // The whole output is short: the cell is not echoed.
    assert!(r.out.len() < 1_000, "{} bytes", r.out.len());
    // And the text layout prints it without failing.
    let r = impact(
        "long.csv",
        text.as_bytes(),
        &["validate", "--as-of", "2021-03-31"],
    );
    assert_eq!(r.code, 1);
}

#[test]
fn indian_digit_grouping_is_read_when_asked_for() {
    // 1,02,345 is one lakh two thousand three hundred and forty-five.
    let text = b"indicator,country,period,value\nprofessionals_trained,IN,20/21 H1,\"1,02,345\"\n";
    let r = report("lakh.csv", text, &[]);
    assert_eq!(r.code, 1);
    assert!(rows(&r).is_empty(), "{}", r.out);
    assert!(r.err.contains("error[parse.value] FILE:2: "), "{}", r.err);
    let r = report("lakh.csv", text, &["--number-format", "indian"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        rows(&r)[0].starts_with("professionals_trained,20/21 H1,102345,"),
        "{}",
        r.out
    );
}

#[test]
fn json_with_a_byte_order_mark_reads() {
    let text = "\u{feff}{\"figures\": [{\"indicator\": \"victims_removed\", \"period\": \"20/21 H1\", \"value\": 5}]}";
    let r = report("bom.json", text.as_bytes(), &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        rows(&r)[0].starts_with("victims_removed,20/21 H1,5,"),
        "{}",
        r.out
    );
}

#[test]
fn a_second_figures_array_is_refused_not_merged() {
    let text = "{\"figures\": [{\"indicator\": \"victims_removed\", \"period\": \"20/21 H1\", \"value\": 5}],\n \
                \"figures\": [{\"indicator\": \"victims_removed\", \"period\": \"20/21 H1\", \"value\": 6}]}";
    let r = report("twice.json", text.as_bytes(), &[]);
    assert_eq!(r.code, 1);
    // The first array's 5 only: 5 + 6 would be a silent merge.
    assert!(
        rows(&r)[0].starts_with("victims_removed,20/21 H1,5,"),
        "{}",
        r.out
    );
    assert!(
        r.err.contains("error[parse.duplicate_key] FILE:2: column \"figures\": the document gives a second \"figures\" array, whose figures are not read"),
        "{}",
        r.err
    );
}

#[test]
fn a_json_syntax_error_says_where_reading_stopped() {
    // Line 2 column 15 is the `o` of `oops`, where a value should be.
    let text = "{\"figures\": [{\"indicator\": \"victims_removed\", \"period\": \"20/21 H1\", \"value\": 5},\n{\"indicator\": oops}]}";
    let r = report("broken.json", text.as_bytes(), &[]);
    assert_eq!(r.code, 1);
    assert!(
        rows(&r)[0].starts_with("victims_removed,20/21 H1,5,"),
        "{}",
        r.out
    );
    assert!(
        r.err.contains(
            "error[parse.json] FILE:2: the text is not JSON at line 2, column 15 (expected value): \
             reading stopped there, and no figure from line 2 on was read (the one before it was)"
        ),
        "{}",
        r.err
    );
    assert!(
        r.err.ends_with(
            "1 file not read in full: the totals leave out what the findings above name\n"
        ),
        "{}",
        r.err
    );
}

#[test]
fn a_field_at_the_wrong_level_is_named_as_such() {
    let text = "{\"period\": \"20/21 H1\", \"figures\": [{\"indicator\": \"victims_removed\", \"value\": 5}]}";
    let r = validate("misplaced.json", text.as_bytes(), &[]);
    assert_eq!(r.code, 1);
    let misplaced = findings(&r, "parse.misplaced_field");
    assert_eq!(misplaced.len(), 1, "{}", r.out);
    assert!(
        misplaced[0].contains(
            "the field \"\"period\"\" belongs in each figure, not at the top level of the document"
        ),
        "{}",
        misplaced[0]
    );
    // The figure without its period is refused, at its line.
    assert_eq!(findings(&r, "parse.period").len(), 1, "{}", r.out);
}

#[test]
fn a_ragged_row_is_refused_at_its_line_and_the_others_are_totalled() {
    // Line 3 has an unquoted 1,234: five cells under a four-column header.
    let text = b"indicator,country,period,value\nvictims_removed,GB,20/21 H1,20\nvictims_removed,BD,20/21 H1,1,234\nvictims_removed,TH,20/21 H1,37\n";
    let r = report("ragged.csv", text, &[]);
    assert_eq!(r.code, 1);
    // 20 + 37 = 57: the ragged row is left out, and says so.
    assert!(
        rows(&r)[0].starts_with("victims_removed,20/21 H1,57,"),
        "{}",
        r.out
    );
    assert!(
        r.err.contains("error[parse.row] FILE:3: the row has 5 cells but the header names 4 columns, so the row is not read"),
        "{}",
        r.err
    );
}
