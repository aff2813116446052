//! Reading a file on several threads gives what reading it on one gives:
//! the same figures, totals and findings, in the same order, with the
//! same lines, wherever the pieces are cut (inside quoted cells too).
#![cfg(feature = "csv")]

use impact_metrics::format::{NumberFormat, Parsed, ReadOptions};
use impact_metrics::{Catalogue, FiscalCalendar, PeriodKind, Query, csv};
use proptest::prelude::*;

fn options() -> ReadOptions {
    ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source("p.csv")
}

/// Everything a reader gives, as text.
fn items(file: &str, options: &ReadOptions) -> Vec<String> {
    let mut seen = Vec::new();
    csv::read_each(file.as_bytes(), options, |parsed| match parsed {
        Parsed::Figure(figure, at) => seen.push(format!("{at}: {figure}")),
        Parsed::Finding(finding) => seen.push(finding.to_string()),
    });
    seen
}

/// A row of a generated file: a series, a month, a value, and a note that
/// may hold a quoted line break.
fn row() -> impl Strategy<Value = String> {
    (
        0usize..3,
        0usize..3,
        1u8..=12,
        prop_oneof![Just("5"), Just("12"), Just("\"1,234\""), Just("x")],
        prop_oneof![
            Just(""),
            Just("\"two\nlines\""),
            Just("\"a \"\"quoted\"\" word\""),
            Just("\"x,\r\ny\"")
        ],
        prop_oneof![Just(""), Just(""), Just("extra")],
    )
        .prop_map(|(i, c, m, value, note, extra)| {
            let indicator = ["victims_removed", "Survivors cared for", "accused_arrested"][i];
            let country = ["GB", "Bangladesh", "IN"][c];
            format!("{indicator},{country},FY2020-09-M{m:02},{value},{note},{extra}\n")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn every_thread_count_reads_and_totals_the_same(
        rows in proptest::collection::vec(row(), 0..200),
        chunk in 1usize..64,
        grouped in any::<bool>(),
    ) {
        // The last column has no name: the note that it holds something
        // is given once a file. With thousands separators allowed, the
        // count of numbers that needed them is one finding at the end.
        let file = format!("indicator,country,period,value,note,\n{}", rows.concat());
        let options = || {
            let options = options();
            if grouped { options.with_number_format(NumberFormat::CommaGrouped) } else { options }
        };
        let query = Query::new().by_indicator().by_country().by_period(PeriodKind::Half);
        let one = options().with_threads(1);
        let want = items(&file, &one);
        let (want_table, want_findings) = csv::aggregate(file.as_bytes(), &one, &query).unwrap();
        for threads in 1..=4 {
            let many = options().with_threads(threads).with_chunk_bytes(chunk);
            prop_assert_eq!(&items(&file, &many), &want, "{} threads", threads);
            let (table, findings) = csv::aggregate(file.as_bytes(), &many, &query).unwrap();
            prop_assert_eq!(&table, &want_table);
            prop_assert_eq!(findings.findings(), want_findings.findings());
        }
    }
}

#[test]
fn a_quoted_line_break_at_the_edge_of_a_piece_stays_in_its_cell() {
    // 240 rows of about 60 bytes: the first piece is at least 4,096
    // bytes, the later ones are cut after 1 to 39 bytes, so that edges
    // fall inside the quoted notes, each of which holds a line break.
    let mut file = String::from("indicator,period,value,note\n");
    for year in 2000..2020 {
        for m in 1..=12 {
            file.push_str(&format!(
                "victims_removed,FY{year}-09-M{m:02},{m},\"line one\nline two\"\n"
            ));
        }
    }
    let one = items(&file, &options().with_threads(1));
    assert_eq!(one.len(), 240);
    // Each row takes two lines: row k (from 0) starts on line 2 + 2k.
    assert_eq!(one[1], "p.csv:4: victims_removed FY2000-09-M02 = 2");
    assert_eq!(one[239], "p.csv:480: victims_removed FY2019-09-M12 = 12");
    let query = Query::new().by_period(PeriodKind::Year);
    let (table, findings) = csv::aggregate(file.as_bytes(), &options(), &query).unwrap();
    // 1 + 2 + ... + 12 a year, 20 years.
    assert_eq!(table.rows().len(), 20);
    assert!(
        table
            .rows()
            .iter()
            .all(|r| r.value == impact_metrics::Value::Count(78))
    );
    assert!(findings.is_empty());
    for chunk in 1..40 {
        let many = options().with_threads(2).with_chunk_bytes(chunk);
        assert_eq!(items(&file, &many), one, "{chunk}");
        let (many_table, many_findings) = csv::aggregate(file.as_bytes(), &many, &query).unwrap();
        assert_eq!(many_table, table, "{chunk}");
        assert!(many_findings.is_empty(), "{chunk}");
    }
}

#[test]
fn a_quote_that_never_closes_is_found_whatever_the_pieces() {
    // The last row opens a quote that runs to the end of the file, over
    // lines that look like rows: one error at its line, and the rows
    // before it read, whatever the pieces.
    // 132 rows of about 40 bytes: past the first piece (4,096 bytes).
    let mut file = String::from("indicator,period,value,note\n");
    for year in 2000..2011 {
        for m in 1..=12 {
            file.push_str(&format!("victims_removed,FY{year}-09-M{m:02},{m},ok\n"));
        }
    }
    assert!(file.len() > 4096);
    file.push_str("victims_removed,FY2011-09-M01,1,\"open\n");
    for m in 2..=5 {
        file.push_str(&format!("victims_removed,FY2011-09-M{m:02},{m},\n"));
    }
    let one = items(&file, &options().with_threads(1));
    assert_eq!(one.len(), 133, "{one:?}");
    assert!(
        one[132]
            .starts_with("error[parse.quote] p.csv:134: a quote opened at line 134 never closes"),
        "{}",
        one[132]
    );
    let query = Query::new().by_period(PeriodKind::Year);
    let (table, findings) = csv::aggregate(file.as_bytes(), &options(), &query).unwrap();
    assert_eq!(table.rows().len(), 11);
    assert_eq!(table.rows()[10].value, impact_metrics::Value::Count(78));
    for chunk in [1, 7, 30, 64, 200, 700] {
        for threads in [2, 3] {
            let many = options().with_threads(threads).with_chunk_bytes(chunk);
            assert_eq!(items(&file, &many), one, "{chunk}");
            let (many_table, many_findings) =
                csv::aggregate(file.as_bytes(), &many, &query).unwrap();
            assert_eq!(many_table, table, "{chunk}");
            assert_eq!(many_findings.findings(), findings.findings(), "{chunk}");
        }
    }
}

/// A row of a file of joint operations: a partner, a month that may be
/// given twice, as a month or as its quarter, and a value that may not
/// read.
fn joint_row() -> impl Strategy<Value = String> {
    (
        0usize..2,
        0usize..3,
        1u8..=6,
        any::<bool>(),
        prop_oneof![Just("5"), Just("7"), Just("x")],
    )
        .prop_map(|(i, p, m, quarter, value)| {
            let indicator = ["victims_removed", "accused_arrested"][i];
            let partner = ["\"Vihaan, Ltd\"", "LIFT", "\"Ma\nlaika\""][p];
            let period = if quarter {
                format!("FY2020-09-Q{}", (m - 1) / 3 + 1)
            } else {
                format!("FY2020-09-M{m:02}")
            };
            format!("{indicator},joint,{partner},{period},{value}\n")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Whichever piece a figure is read in, it is refused exactly when it
    /// is read in one go: a month counted twice (as a month, or inside a
    /// quarter, maybe many pieces before), and a total that would mix
    /// indicators (when the query does not group by indicator: the first
    /// indicator of a group in the file's order is the one it keeps).
    #[test]
    fn refusals_that_depend_on_rows_in_other_pieces_are_those_of_one_go(
        rows in proptest::collection::vec(joint_row(), 0..120),
        chunk in 1usize..48,
        query in 0usize..4,
    ) {
        let file = format!("indicator,channel,partner,period,value\n{}", rows.concat());
        let query = match query {
            0 => Query::new().by_indicator().by_partner().by_period(PeriodKind::Quarter),
            1 => Query::new().by_partner(),
            2 => Query::new().by_channel().by_period(PeriodKind::Half),
            _ => Query::new(),
        };
        let one = options().with_threads(1);
        let (want_table, want_findings) = csv::aggregate(file.as_bytes(), &one, &query).unwrap();
        // Figures are totalled in one shard of the groups for up to three
        // threads, two for four to six, three for seven.
        for threads in [1, 2, 4, 7] {
            let many = options().with_threads(threads).with_chunk_bytes(chunk);
            let (table, findings) = csv::aggregate(file.as_bytes(), &many, &query).unwrap();
            prop_assert_eq!(&table, &want_table, "{} threads", threads);
            prop_assert_eq!(findings.findings(), want_findings.findings(), "{} threads", threads);
        }
    }
}

#[test]
fn a_month_given_again_pieces_later_is_refused_there() {
    // The same series and month on line 2 and line 42, with other series
    // between, in pieces of about 16 bytes: the refusal is on line 42,
    // whatever the number of threads.
    let mut file = String::from("indicator,country,period,value\n");
    file.push_str("victims_removed,GB,FY2020-09-M01,4\n");
    for m in 1..=39 {
        file.push_str(&format!(
            "victims_removed,BD,FY2020-09-M{:02},1\n",
            m % 12 + 1
        ));
    }
    file.push_str("victims_removed,GB,FY2020-09-M01,9\n");
    let query = Query::new().by_indicator().by_country();
    for threads in [1, 2, 4, 7] {
        let options = options().with_threads(threads).with_chunk_bytes(16);
        let (table, findings) = csv::aggregate(file.as_bytes(), &options, &query).unwrap();
        let lines: Vec<String> = findings
            .findings()
            .iter()
            .map(|f| format!("{} {}", f.rule, f.location))
            .collect();
        // BD's months 2..=12 and 1 come round three times (39 rows): every
        // row after the first twelve counts a month again.
        assert_eq!(lines.len(), 1 + 27, "{threads} threads: {lines:?}");
        assert_eq!(
            lines.last().map(String::as_str),
            Some("aggregate.refused p.csv:42")
        );
        let gb = table
            .rows()
            .iter()
            .find(|r| r.key.country.value().map(|c| c.alpha2()) == Some("GB"));
        // The first figure (4) is kept; the second (9) is refused.
        assert_eq!(
            gb.map(|r| r.value),
            Some(impact_metrics::Value::Count(4)),
            "{threads} threads"
        );
    }
}

/// A row of a file that mixes what is read the common way (a count of a
/// known series, no bound) with everything that is not: unknown texts, a
/// bound, a rate, a value that needs the number format, a period outside
/// the query, a month counted twice, a partner where none belongs.
fn mixed_row() -> impl Strategy<Value = String> {
    (
        0usize..4,
        0usize..4,
        0usize..4,
        0usize..5,
        prop_oneof![
            4 => Just("FY2020-09-M01"),
            4 => Just("Oct 2020"),
            2 => Just("FY2020-09-M03"),
            2 => Just("FY2021-09-M01"),
            1 => Just("FY2020-09-Q1"),
            1 => Just("FY2019-09-M12"),
            1 => Just("2020/13"),
        ],
        prop_oneof![
            6 => Just("5"),
            3 => Just("12"),
            1 => Just("12.0"),
            1 => Just("\"1,234\""),
            1 => Just("3/4"),
            1 => Just("x"),
        ],
        prop_oneof![6 => Just(""), 1 => Just("at least")],
        prop_oneof![3 => Just(""), 1 => Just("\"a, b\""), 1 => Just("\"two\nlines\"")],
        // White space around a cell: none, ASCII, or beyond ASCII (a
        // no-break space, an em space), which only a full read trims.
        (
            0usize..5,
            prop_oneof![
                6 => Just(""),
                1 => Just(" "),
                1 => Just("\t"),
                1 => Just("\u{a0}"),
                1 => Just("\u{2003}"),
            ],
            any::<bool>(),
        ),
    )
        .prop_map(
            |(i, c, ch, p, period, value, bound, note, (padded, pad, before))| {
                let indicator = [
                    "victims_removed",
                    "Survivors cared for",
                    "re_trafficking_rate",
                    "Nonsense",
                ][i];
                let country = ["GB", "United Kingdom", "", "Narnia"][c];
                let channel = ["direct", "joint", "", "Systemic change"][ch];
                let partner = ["", "Vihaan", "\"LIFT, International\"", "Vihaan ", ""][p];
                let mut cells = [indicator, country, partner, period, value].map(str::to_string);
                if let Some(cell) = cells.get_mut(padded) {
                    *cell = if before {
                        format!("{pad}{cell}")
                    } else {
                        format!("{cell}{pad}")
                    };
                }
                let [indicator, country, partner, period, value] = cells;
                format!(
                    "{indicator},{country},{channel},{partner},{period},{value},{bound},{note}\n"
                )
            },
        )
}

/// What `csv::aggregate` gives, worked out the long way: every item of
/// the reader, each figure given to an `Aggregator` by its public API, and
/// a refusal a finding at the figure's place.
fn totals_the_long_way(
    file: &str,
    options: &ReadOptions,
    query: &Query,
) -> (impact_metrics::Table, Vec<impact_metrics::Finding>) {
    use impact_metrics::{Aggregator, Finding, Severity};
    let mut totals = Aggregator::new(query);
    let mut findings = Vec::new();
    csv::read_each(
        file.as_bytes(),
        &options.clone().with_threads(1),
        |parsed| match parsed {
            Parsed::Figure(figure, at) => {
                if let Err(e) = totals.add(&figure) {
                    findings.push(
                        Finding::new(Severity::Error, "aggregate.refused", e.to_string())
                            .with_location(at)
                            .with_series(figure.series(), Some(figure.period)),
                    );
                }
            }
            Parsed::Finding(finding) => findings.push(finding),
        },
    );
    (totals.finish().unwrap(), findings)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    /// Totalling a file reads most rows without making a figure of them;
    /// the rows read that way, and the texts remembered from earlier rows,
    /// give exactly the totals and findings (in the same order) of
    /// reading every row as a figure and adding it, on any number of
    /// threads and wherever the pieces are cut.
    #[test]
    fn totals_of_a_file_are_those_of_its_figures_added_one_by_one(
        rows in proptest::collection::vec(mixed_row(), 0..160),
        chunk in 1usize..96,
        query in 0usize..4,
        grouped in any::<bool>(),
        marked in any::<bool>(),
    ) {
        let file = format!("indicator,country,channel,partner,period,value,bound,note\n{}", rows.concat());
        let query = match query {
            0 => Query::new().by_indicator().by_country().by_channel().by_period(PeriodKind::Half),
            1 => Query::new().by_indicator().by_partner().within(FiscalCalendar::SEPTEMBER.year(2020).unwrap()),
            2 => Query::new().by_indicator().by_period(PeriodKind::Month),
            _ => Query::new().with_indicator(impact_metrics::Indicator::VICTIMS_REMOVED).by_period(PeriodKind::Quarter),
        };
        let options = if grouped { options().with_number_format(NumberFormat::CommaGrouped) } else { options() };
        // A marker of "no figure" that is a plain count, as some systems
        // write one.
        let options = if marked { options.skip_not_available().with_not_available(["12"]) } else { options };
        let (want_table, want_findings) = totals_the_long_way(&file, &options, &query);
        for threads in [1, 2, 3] {
            let many = options.clone().with_threads(threads).with_chunk_bytes(chunk);
            let (table, findings) = csv::aggregate(file.as_bytes(), &many, &query).unwrap();
            prop_assert_eq!(&table, &want_table, "{} threads", threads);
            prop_assert_eq!(findings.findings(), &want_findings[..], "{} threads", threads);
        }
    }
}

/// Everything a reader gives of a file's bytes, every field of it.
fn items_of_bytes(file: &[u8], options: &ReadOptions) -> Vec<String> {
    let mut seen = Vec::new();
    csv::read_each(file, options, |parsed| seen.push(format!("{parsed:?}")));
    seen
}

/// A line of a messy file: good rows, and rows with quotes, line breaks,
/// `\r`, delimiters and bytes that are not UTF-8 wherever they fall.
fn messy_line() -> impl Strategy<Value = Vec<u8>> {
    let good = (0usize..3, 1u8..=12, 0u32..50, any::<bool>()).prop_map(|(i, m, v, crlf)| {
        let indicator = [
            "victims_removed",
            "\"Survivors cared for\"",
            "accused_arrested",
        ][i];
        let end = if crlf { "\r\n" } else { "\n" };
        format!("{indicator},GB,\"Kiran, Ltd\",FY2020-09-M{m:02},{v}{end}").into_bytes()
    });
    let token = prop_oneof![
        Just(&b"victims_removed"[..]),
        Just(&b"GB"[..]),
        Just(&b"FY2020-09-M03"[..]),
        Just(&b"7"[..]),
        Just(&b","[..]),
        Just(&b"\""[..]),
        Just(&b"\"\""[..]),
        Just(&b"\n"[..]),
        Just(&b"\r"[..]),
        Just(&b" "[..]),
        Just(&b"\xE9"[..]),
        Just(&b"caf\xC3\xA9"[..]),
    ];
    // Five cells (what the header names) of a few such tokens each.
    let messy =
        proptest::collection::vec(proptest::collection::vec(token, 0..4), 5).prop_map(|cells| {
            let cells: Vec<Vec<u8>> = cells.iter().map(|tokens| tokens.concat()).collect();
            let mut line = cells.join(&b","[..]);
            line.push(b'\n');
            line
        });
    prop_oneof![4 => good, 1 => messy]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// However a file's bytes fall, reading it in pieces (whose plain rows
    /// are read straight from their bytes) gives what reading it in one go
    /// with the CSV parser gives: the same figures, findings, lines and
    /// totals, in the same order.
    #[test]
    fn a_messy_file_reads_the_same_in_pieces_as_in_one_go(
        // The first piece is at least 4,096 bytes: past it, pieces.
        lines in proptest::collection::vec(messy_line(), 60..260),
        chunk in 1usize..80,
    ) {
        let mut file = b"indicator,country,partner,period,value\n".to_vec();
        file.extend(lines.concat());
        let one = options().with_threads(1);
        let want = items_of_bytes(&file, &one);
        let query = Query::new().by_indicator().by_partner().by_period(PeriodKind::Quarter);
        let (want_table, want_findings) = csv::aggregate(&file[..], &one, &query).unwrap();
        for threads in [1, 2, 3] {
            let many = options().with_threads(threads).with_chunk_bytes(chunk);
            prop_assert_eq!(&items_of_bytes(&file, &many), &want, "{} threads", threads);
            let (table, findings) = csv::aggregate(&file[..], &many, &query).unwrap();
            prop_assert_eq!(&table, &want_table, "{} threads", threads);
            prop_assert_eq!(findings.findings(), want_findings.findings(), "{} threads", threads);
        }
    }
}
