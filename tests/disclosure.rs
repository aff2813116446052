//! Disclosure control: the guarantee, checked against witnesses found
//! here and against brute force, on the goal's tables and on generated
//! ones.

use impact_metrics::disclosure::{
    Audit, Cost, CountTable, Disclosure, Level, Place, Protected, Protection, PublishedCell,
    Suppression,
};
use proptest::prelude::*;

/// A table from rows of counts (`None`: no figure).
fn table(rows: &[Vec<Option<u64>>]) -> CountTable {
    let width = rows.first().map_or(0, Vec::len);
    let mut t = CountTable::new(
        (0..rows.len()).map(|i| format!("r{i}")),
        (0..width).map(|i| format!("c{i}")),
    );
    for (r, row) in rows.iter().enumerate() {
        for (c, n) in row.iter().enumerate() {
            if let Some(n) = n {
                t.set(r, c, *n).unwrap();
            }
        }
    }
    t
}

fn counts(rows: &[&[u64]]) -> CountTable {
    table(
        &rows
            .iter()
            .map(|r| r.iter().map(|&n| Some(n)).collect())
            .collect::<Vec<_>>(),
    )
}

/// Every place of a table with its totals, row by row, totals last.
fn places(rows: usize, columns: usize) -> Vec<Place> {
    let mut out = Vec::new();
    for r in 0..=rows {
        for c in 0..=columns {
            out.push(match (r == rows, c == columns) {
                (false, false) => Place::Cell { row: r, column: c },
                (false, true) => Place::RowTotal(r),
                (true, false) => Place::ColumnTotal(c),
                (true, true) => Place::GrandTotal,
            });
        }
    }
    out
}

/// A place's true number, summed here (`None`: no figure in it).
fn truth(t: &CountTable, place: Place) -> Option<u64> {
    let (rows, columns) = (t.rows().len(), t.columns().len());
    let parts: Vec<(usize, usize)> = match place {
        Place::Cell { row, column } => vec![(row, column)],
        Place::RowTotal(r) => (0..columns).map(|c| (r, c)).collect(),
        Place::ColumnTotal(c) => (0..rows).map(|r| (r, c)).collect(),
        _ => (0..rows)
            .flat_map(|r| (0..columns).map(move |c| (r, c)))
            .collect(),
    };
    let values: Vec<u64> = parts.iter().filter_map(|&(r, c)| t.get(r, c)).collect();
    (!values.is_empty()).then(|| values.iter().sum())
}

/// The number of non-zero cells a place sums: what a reader knows it is
/// at least, when all of them are hidden.
fn nonzero_parts(t: &CountTable, place: Place) -> u64 {
    let (rows, columns) = (t.rows().len(), t.columns().len());
    let all: Vec<(usize, usize)> = (0..rows)
        .flat_map(|r| (0..columns).map(move |c| (r, c)))
        .filter(|&(r, c)| match place {
            Place::Cell { row, column } => (r, c) == (row, column),
            Place::RowTotal(row) => r == row,
            Place::ColumnTotal(column) => c == column,
            _ => true,
        })
        .collect();
    all.iter()
        .filter(|&&(r, c)| t.get(r, c).unwrap_or(0) > 0)
        .count() as u64
}

/// Whether `witness` agrees with everything `published` shows, by the
/// rules a reader knows: published numbers exact, suppressed ones at least
/// 1, bands and ranges held, cells with no figure still without one.
fn consistent(witness: &CountTable, shown: &[(Place, PublishedCell)]) -> bool {
    shown.iter().all(|&(place, cell)| {
        let v = truth(witness, place);
        match cell {
            PublishedCell::Value(n) => v == Some(n),
            PublishedCell::Suppressed => v.is_some_and(|v| v >= 1),
            PublishedCell::Below(k) => v.is_some_and(|v| v >= 1 && v < k),
            PublishedCell::Range(lo, hi) => v.is_some_and(|v| v >= lo && v <= hi),
            PublishedCell::NoFigure | PublishedCell::NoPartner => v.is_none(),
            _ => false,
        }
    })
}

/// What a protected table shows, place by place.
fn shown(p: &Protected, rows: usize, columns: usize) -> Vec<(Place, PublishedCell)> {
    places(rows, columns)
        .into_iter()
        .map(|place| (place, p.place(place).unwrap()))
        .collect()
}

/// What a pattern shows of a table: the pattern's marks, values elsewhere.
fn shown_by(t: &CountTable, hidden: &[(Place, PublishedCell)]) -> Vec<(Place, PublishedCell)> {
    places(t.rows().len(), t.columns().len())
        .into_iter()
        .map(|place| {
            let cell = hidden
                .iter()
                .find(|(p, _)| *p == place)
                .map(|(_, c)| *c)
                .unwrap_or_else(|| {
                    truth(t, place).map_or(PublishedCell::NoFigure, PublishedCell::Value)
                });
            (place, cell)
        })
        .collect()
}

/// Checks each interval of an audit with its witnesses: each is a table
/// consistent with what is shown, where the number is the interval's end.
fn check_witnesses(audit: &Audit, shown: &[(Place, PublishedCell)]) -> Result<(), TestCaseError> {
    for cell in audit.cells() {
        let i = &cell.interval;
        prop_assert!(
            consistent(&i.least_table, shown),
            "least witness of {:?}",
            cell.place
        );
        prop_assert!(
            consistent(&i.greatest_table, shown),
            "greatest witness of {:?}",
            cell.place
        );
        prop_assert_eq!(truth(&i.least_table, cell.place), Some(i.least));
        let high = truth(&i.greatest_table, cell.place).unwrap();
        match i.greatest {
            Some(g) => prop_assert_eq!(high, g),
            None => prop_assert!(high > cell.value, "no limit, yet the witness is not above"),
        }
        prop_assert!(i.least <= cell.value);
        prop_assert!(i.greatest.is_none_or(|g| g >= cell.value));
    }
    Ok(())
}

fn hide(places: &[Place]) -> Vec<(Place, PublishedCell)> {
    places
        .iter()
        .map(|&p| (p, PublishedCell::Suppressed))
        .collect()
}

fn cell(row: usize, column: usize) -> Place {
    Place::Cell { row, column }
}

#[test]
fn two_hidden_ones_in_a_row_of_62_are_pinned_by_the_published_zeros_rule() {
    // The goal's [c] [c] 60 | 62, as the crate used to publish it: the row
    // total 62 less 60 leaves 2 for two cells each at least 1.
    let t = counts(&[&[1, 1, 60]]);
    let pattern = hide(&[
        cell(0, 0),
        cell(0, 1),
        Place::ColumnTotal(0),
        Place::ColumnTotal(1),
    ]);
    let audit = Disclosure::new(11).audit(&t, &pattern).unwrap();
    for c in audit.cells() {
        assert_eq!(
            (c.interval.least, c.interval.greatest),
            (1, Some(1)),
            "{:?}",
            c.place
        );
        assert!(!c.protected);
    }
    assert!(!audit.is_protected());
    check_witnesses(&audit, &shown_by(&t, &pattern)).unwrap();

    // Protected now: each 1 could be, for all a reader can tell, 1 + 5 = 6
    // or more.
    let p = Disclosure::new(11).protect(&t).unwrap();
    assert!(p.audit().is_protected());
    for c in p
        .audit()
        .cells()
        .iter()
        .filter(|c| c.suppression == Some(Suppression::Primary))
    {
        assert_eq!(c.interval.least, 1);
        assert!(c.interval.greatest.is_none_or(|g| g >= 6), "{c:?}");
    }
    check_witnesses(p.audit(), &shown(&p, 1, 3)).unwrap();
}

#[test]
fn bands_below_eleven_pin_both_cells_too() {
    // <11 <11 60 | 62: a band is at least 1 (zeros are published), so the
    // two share 2.
    let t = counts(&[&[1, 1, 60]]);
    let band = PublishedCell::Below(11);
    let pattern = [
        (cell(0, 0), band),
        (cell(0, 1), band),
        (Place::ColumnTotal(0), band),
        (Place::ColumnTotal(1), band),
    ];
    let audit = Disclosure::new(11).audit(&t, &pattern).unwrap();
    assert_eq!(audit.cells().len(), 4);
    for c in audit.cells() {
        assert_eq!((c.interval.least, c.interval.greatest), (1, Some(1)));
    }
    check_witnesses(&audit, &shown_by(&t, &pattern)).unwrap();
    // A band can never meet an upper level of 5 for a count of 6 to 10:
    // its top is 10.
    let t = counts(&[&[7, 8, 60], &[30, 30, 30]]);
    let pattern: Vec<_> = [cell(0, 0), cell(0, 1)]
        .iter()
        .map(|&p| (p, band))
        .collect();
    let audit = Disclosure::new(11).audit(&t, &pattern).unwrap();
    assert!(
        audit
            .cells()
            .iter()
            .all(|c| c.interval.greatest.is_some_and(|g| g <= 10))
    );
    assert!(!audit.is_protected());
}

#[test]
fn narrow_intervals_of_the_old_pattern_are_caught_and_widened() {
    // k = 11, [c] [c] 50 | 55 over a second row: the hidden 2 and 3 share
    // 5, so each lies in [1, 4]; "at most 4" is not protection.
    let t = counts(&[&[2, 3, 50], &[40, 40, 40]]);
    let pattern = hide(&[cell(0, 0), cell(0, 1), cell(1, 0), cell(1, 1)]);
    let audit = Disclosure::new(11).audit(&t, &pattern).unwrap();
    let first = &audit.cells()[0];
    assert_eq!(
        (first.interval.least, first.interval.greatest),
        (1, Some(4))
    );
    // 2 + 5 = 7 is asked above; 1 below (2 - 5, floored at 1).
    assert_eq!((first.required_least, first.required_greatest), (1, 7));
    assert!(!first.protected);

    let p = Disclosure::new(11).protect(&t).unwrap();
    assert!(p.audit().is_protected());
    let two = p
        .audit()
        .cells()
        .iter()
        .find(|c| c.place == cell(0, 0))
        .unwrap();
    assert!(two.interval.greatest.is_none_or(|g| g >= 7), "{two:?}");
    let three = p
        .audit()
        .cells()
        .iter()
        .find(|c| c.place == cell(0, 1))
        .unwrap();
    assert!(three.interval.greatest.is_none_or(|g| g >= 8), "{three:?}");
    check_witnesses(p.audit(), &shown(&p, 2, 3)).unwrap();
}

#[test]
fn a_single_small_cell_gets_a_rectangle_that_reaches_the_levels() {
    // The old unit test's table: the 3 at (0, 1) was hidden with the
    // cheapest rectangle by value, 25 + 35 + 12, which left the 3 in
    // [1, 15]: protected to 5. Fewest cells gives a rectangle as well.
    let t = counts(&[&[20, 3, 25], &[40, 50, 60], &[30, 35, 12]]);
    let p = Disclosure::default().protect(&t).unwrap();
    assert_eq!(p.suppressed().len(), 4);
    assert!(p.audit().is_protected());
    // Every total is still published.
    for i in 0..3 {
        assert!(matches!(p.row_total(i), Some(PublishedCell::Value(_))));
        assert!(matches!(p.column_total(i), Some(PublishedCell::Value(_))));
    }
    // By value: the cheapest such rectangle, 25 + 35 + 12 = 72 hidden.
    let p = Disclosure::default()
        .with_cost(Cost::Value)
        .protect(&t)
        .unwrap();
    let hidden: Vec<Place> = p.suppressed().iter().map(|s| s.place).collect();
    assert_eq!(hidden, [cell(0, 1), cell(0, 2), cell(2, 1), cell(2, 2)]);
}

#[test]
fn a_single_row_hides_its_column_totals() {
    // [5, 30]: each column total is its cell, so hiding the 5 hides its
    // total, and the 30 and its total go with them.
    let p = Disclosure::default().protect(&counts(&[&[5, 30]])).unwrap();
    assert_eq!(p.cell(0, 0), Some(PublishedCell::Suppressed));
    assert_eq!(p.column_total(0), Some(PublishedCell::Suppressed));
    assert_eq!(p.row_total(0), Some(PublishedCell::Value(35)));
    assert!(p.audit().is_protected());
    // The 5 lies anywhere in [1, 34]: 5 - 5 = 0 floored at 1, 5 + 5 = 10.
    let five = &p.audit().cells()[0];
    assert_eq!((five.interval.least, five.interval.greatest), (1, Some(34)));
}

#[test]
fn nothing_small_nothing_suppressed_and_zeros_stay() {
    let t = counts(&[&[20, 0, 25], &[40, 50, 0]]);
    let p = Disclosure::default().protect(&t).unwrap();
    assert!(p.suppressed().is_empty() && p.findings().is_empty());
    assert_eq!(p.cell(0, 1), Some(PublishedCell::Value(0)));
    assert_eq!(p.grand_total(), PublishedCell::Value(135));
    for k in [0, 1] {
        assert!(
            Disclosure::new(k)
                .protect(&counts(&[&[1, 2]]))
                .unwrap()
                .suppressed()
                .is_empty()
        );
    }
}

#[test]
fn no_figure_and_no_partner_are_marked_apart_and_never_hidden() {
    let mut t = CountTable::new(["BD", "TH"], ["direct", "joint"]);
    t.set(0, 0, 86).unwrap();
    t.set(1, 1, 24).unwrap();
    t.set_no_partner(0, 1).unwrap();
    let p = Disclosure::default().protect(&t).unwrap();
    assert_eq!(p.cell(0, 1), Some(PublishedCell::NoPartner));
    assert_eq!(p.cell(1, 0), Some(PublishedCell::NoFigure));
    assert_eq!(p.row_total(0), Some(PublishedCell::Value(86)));
    assert_eq!(p.grand_total(), PublishedCell::Value(110));
    let text = p.to_string();
    assert!(text.contains(".."), "{text}");
    for (mark, _) in PublishedCell::LEGEND.iter().skip(1) {
        assert!(text.lines().any(|l| l.starts_with(mark)), "{text}");
    }
    // Hiding a cell with no figure hides nothing: refused.
    let err = Disclosure::default()
        .audit(&t, &hide(&[cell(1, 0)]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot publish TH × direct: it has no figure, so there is nothing to hide"
    );
}

#[test]
fn no_suppressed_value_in_the_text_or_the_findings() {
    let t = counts(&[&[7, 30], &[40, 9]]);
    let p = Disclosure::default().protect(&t).unwrap();
    assert!(p.audit().is_protected());
    let text = p.to_string();
    for s in p.suppressed() {
        assert!(
            !text.split_whitespace().any(|w| w == s.value.to_string()),
            "{text}"
        );
    }
    for f in p.findings().findings() {
        assert!(
            !f.message.contains('7') && !f.message.contains('9'),
            "{}",
            f.message
        );
    }
}

#[test]
fn percent_levels_and_bad_levels() {
    assert_eq!("40%".parse::<Level>().unwrap().amount(9), 4); // 3.6 rounded up
    assert_eq!("12".parse::<Level>().unwrap(), Level::Absolute(12));
    assert_eq!(
        "-3".parse::<Level>().unwrap_err().to_string(),
        "invalid number \"-3\": a protection level is a whole number (5) or a percentage (50%)"
    );
    // 100% of 4 above: the hidden 4 must be able to reach 8.
    let t = counts(&[&[4, 30, 40], &[20, 25, 50]]);
    let rule = Disclosure::new(5).with_protection(Protection::both(Level::Percent(100)));
    let p = rule.protect(&t).unwrap();
    let four = &p.audit().cells()[0];
    assert_eq!(four.required_greatest, 8);
    assert!(four.interval.greatest.is_none_or(|g| g >= 8));
}

#[test]
fn an_audit_refuses_what_a_reader_would_know_is_false() {
    let t = counts(&[&[0, 3], &[5, 9]]);
    assert!(
        Disclosure::default()
            .audit(&t, &hide(&[cell(0, 0)]))
            .is_err()
    );
    let err = Disclosure::default()
        .audit(&t, &[(cell(0, 1), PublishedCell::Range(4, 6))])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot publish r0 × c1: the range 4–6 does not hold its count"
    );
    let err = Disclosure::default()
        .audit(&t, &[(Place::RowTotal(7), PublishedCell::Suppressed)])
        .unwrap_err();
    assert!(err.to_string().contains("not in the table"), "{err}");
}

/// Generated tables: mostly large counts, some small, some zeros, some
/// without a figure.
fn tables(max: usize) -> impl Strategy<Value = Vec<Vec<Option<u64>>>> {
    (1..=max, 1..=max).prop_flat_map(|(r, c)| {
        proptest::collection::vec(
            proptest::collection::vec(
                prop_oneof![
                    3 => (11u64..80).prop_map(Some),
                    2 => (1u64..11).prop_map(Some),
                    1 => Just(Some(0)),
                    1 => Just(None),
                ],
                c,
            ),
            r,
        )
    })
}

fn levels() -> impl Strategy<Value = Level> {
    prop_oneof![
        (0u64..9).prop_map(Level::Absolute),
        (0u64..120).prop_map(Level::Percent)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The guarantee, with witnesses checked here: every small count is
    /// hidden, nothing published is false, and each small count's interval
    /// reaches its levels (worked out here from the rule) by tables that
    /// agree with everything published.
    #[test]
    fn every_small_count_is_protected_to_its_levels(
        cells in tables(5),
        k in 0u64..15,
        upper in levels(),
        lower in levels(),
        by_value in any::<bool>(),
    ) {
        let t = table(&cells);
        let cost = if by_value { Cost::Value } else { Cost::Cells };
        let rule = Disclosure::new(k).with_protection(Protection::new(upper, lower)).with_cost(cost);
        let p = rule.protect(&t).unwrap();
        let (rows, columns) = (t.rows().len(), t.columns().len());
        let shown = shown(&p, rows, columns);
        for &(place, published) in &shown {
            let v = truth(&t, place);
            match published {
                PublishedCell::Value(n) => {
                    prop_assert_eq!(Some(n), v);
                    prop_assert!(n == 0 || n >= k, "{} below k = {} published at {:?}", n, k, place);
                }
                PublishedCell::Suppressed => prop_assert!(v.is_some_and(|v| v >= 1), "a zero hidden"),
                PublishedCell::NoFigure => prop_assert!(v.is_none()),
                other => prop_assert!(false, "{} at {:?}", other, place),
            }
        }
        check_witnesses(p.audit(), &shown)?;
        prop_assert!(p.audit().is_protected());
        for c in p.audit().cells() {
            if c.value == 0 || c.value >= k {
                continue;
            }
            let want_high = c.value + upper.amount(c.value);
            let floor = nonzero_parts(&t, c.place).max(1);
            let want_low = c.value.saturating_sub(lower.amount(c.value)).max(floor).min(c.value);
            prop_assert!(c.interval.greatest.is_none_or(|g| g >= want_high), "{:?}", c);
            prop_assert!(c.interval.least <= want_low, "{:?}", c);
        }
        // The pattern, audited again from outside, passes.
        prop_assert!(rule.audit(&t, &p.pattern()).unwrap().is_protected());
    }

    /// The audit is exact: on small tables, the least and greatest value of
    /// each hidden number over every whole-number table consistent with the
    /// publication, found by trying them all, are the audit's.
    #[test]
    fn the_audit_is_the_brute_force_answer(
        cells in proptest::collection::vec(proptest::collection::vec(0u64..7, 1..4), 1..3)
            .prop_filter("rectangular", |rows| rows.iter().all(|r| r.len() == rows[0].len())),
        mask in proptest::collection::vec(any::<bool>(), 12),
    ) {
        let rows: Vec<&[u64]> = cells.iter().map(Vec::as_slice).collect();
        let t = counts(&rows);
        let (height, width) = (t.rows().len(), t.columns().len());
        let hidden: Vec<(Place, PublishedCell)> = places(height, width)
            .into_iter()
            .zip(mask)
            .filter(|(p, m)| *m && truth(&t, *p).unwrap_or(0) > 0)
            .map(|(p, _)| (p, PublishedCell::Suppressed))
            .collect();
        let audit = Disclosure::new(4).audit(&t, &hidden).unwrap();
        let shown = shown_by(&t, &hidden);
        let total = truth(&t, Place::GrandTotal).unwrap_or(0);
        let cap = total + 3;
        // Every table of inner cells from 0 to cap that agrees.
        let inner: Vec<(usize, usize)> = (0..height).flat_map(|r| (0..width).map(move |c| (r, c))).collect();
        let mut least = vec![u64::MAX; audit.cells().len()];
        let mut most = vec![0u64; audit.cells().len()];
        let mut values = vec![0u64; inner.len()];
        let ranges: Vec<Vec<u64>> = inner
            .iter()
            .map(|&(r, c)| {
                let place = cell(r, c);
                match shown.iter().find(|(p, _)| *p == place).map(|(_, s)| *s) {
                    Some(PublishedCell::Value(n)) => vec![n],
                    _ => (1..=cap).collect(),
                }
            })
            .collect();
        let combos: u64 = ranges.iter().map(|r| r.len() as u64).product();
        prop_assume!(combos <= 200_000);
        let mut index = vec![0usize; inner.len()];
        'all: loop {
            for (i, r) in index.iter().enumerate() {
                values[i] = ranges[i][*r];
            }
            let mut w = t.clone();
            for (i, &(r, c)) in inner.iter().enumerate() {
                w.set(r, c, values[i]).unwrap();
            }
            if consistent(&w, &shown) {
                for (j, c) in audit.cells().iter().enumerate() {
                    let v = truth(&w, c.place).unwrap();
                    least[j] = least[j].min(v);
                    most[j] = most[j].max(v);
                }
            }
            for i in 0..index.len() {
                index[i] += 1;
                if index[i] < ranges[i].len() {
                    continue 'all;
                }
                index[i] = 0;
            }
            break;
        }
        for (j, c) in audit.cells().iter().enumerate() {
            prop_assert_eq!(c.interval.least, least[j], "{:?}", c.place);
            match c.interval.greatest {
                Some(g) => prop_assert_eq!(g, most[j], "{:?}", c.place),
                // No limit: the search reaches its own cap.
                None => prop_assert!(most[j] >= cap, "{:?}: {}", c.place, most[j]),
            }
        }
    }
}
