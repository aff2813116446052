//! How close secondary suppression comes to the least that meets the same
//! protection levels, on generated tables: the optimum is found by trying
//! every pattern of extra suppressions, smallest first, with the crate's
//! own audit as the judge.
//!
//! `cargo run --release --example disclosure_optimum`

use impact_metrics::disclosure::{Cost, CountTable, Disclosure, Place, PublishedCell};

/// A small deterministic generator (a 64-bit linear congruential one), so
/// that every run prints the same figures.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

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

fn value(t: &CountTable, place: Place) -> u64 {
    let (rows, columns) = (t.rows().len(), t.columns().len());
    let mut sum = 0;
    for r in 0..rows {
        for c in 0..columns {
            let inside = match place {
                Place::Cell { row, column } => (r, c) == (row, column),
                Place::RowTotal(row) => r == row,
                Place::ColumnTotal(column) => c == column,
                _ => true,
            };
            if inside {
                sum += t.get(r, c).unwrap_or(0);
            }
        }
    }
    sum
}

/// The least cost of extra suppressions that passes the audit.
fn optimum(
    rule: &Disclosure,
    t: &CountTable,
    by_value: bool,
) -> Result<u64, impact_metrics::Error> {
    let all = places(t.rows().len(), t.columns().len());
    let primary: Vec<Place> = all
        .iter()
        .copied()
        .filter(|&p| (1..rule.k).contains(&value(t, p)))
        .collect();
    let candidates: Vec<Place> = all
        .iter()
        .copied()
        .filter(|&p| value(t, p) >= rule.k)
        .collect();
    let mut best: Option<u64> = None;
    for mask in 0u32..(1 << candidates.len()) {
        let chosen: Vec<Place> = candidates
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, p)| *p)
            .collect();
        let cost: u64 = if by_value {
            chosen.iter().map(|&p| value(t, p)).sum()
        } else {
            chosen.len() as u64
        };
        if best.is_some_and(|b| cost >= b) {
            continue;
        }
        let hidden: Vec<(Place, PublishedCell)> = primary
            .iter()
            .chain(&chosen)
            .map(|&p| (p, PublishedCell::Suppressed))
            .collect();
        if rule.audit(t, &hidden)?.is_protected() {
            best = Some(cost);
        }
    }
    Ok(best.unwrap_or(0))
}

fn main() -> Result<(), impact_metrics::Error> {
    let mut random = Lcg(2026);
    let tables = 300;
    let mut totals = [[0u64; 2]; 2]; // [cells, value] × [heuristic, optimum]
    let mut at_optimum = [0u32; 2];
    let mut worst = [0u64; 2];
    let mut with_small = 0;
    for _ in 0..tables {
        let rows = 2 + random.next(2) as usize;
        let columns = 2 + random.next(2) as usize;
        let k = [3, 5, 11][random.next(3) as usize];
        let mut t = CountTable::new(
            (0..rows).map(|i| format!("r{i}")),
            (0..columns).map(|i| format!("c{i}")),
        );
        for r in 0..rows {
            for c in 0..columns {
                let n = match random.next(8) {
                    0 => 0,
                    1 | 2 => 1 + random.next(k - 1),
                    _ => k + random.next(60),
                };
                t.set(r, c, n)?;
            }
        }
        for (slot, cost) in [Cost::Cells, Cost::Value].into_iter().enumerate() {
            let rule = Disclosure::new(k).with_cost(cost);
            let protected = rule.protect(&t)?;
            let extra: Vec<Place> = protected
                .suppressed()
                .iter()
                .filter(|s| s.value >= k)
                .map(|s| s.place)
                .collect();
            let found = if cost == Cost::Value {
                extra.iter().map(|&p| value(&t, p)).sum()
            } else {
                extra.len() as u64
            };
            let best = optimum(&rule, &t, cost == Cost::Value)?;
            totals[slot][0] += found;
            totals[slot][1] += best;
            if found == best {
                at_optimum[slot] += 1;
            }
            worst[slot] = worst[slot].max(found - best);
        }
        if places(rows, columns)
            .iter()
            .any(|&p| (1..k).contains(&value(&t, p)))
        {
            with_small += 1;
        }
    }
    println!(
        "{tables} generated tables (2 x 2 to 3 x 3, k of 3, 5 or 11, levels k / 2), {with_small} with a count below k"
    );
    for (slot, name, unit) in [
        (0, "fewest cells", "cells"),
        (1, "least value", "hidden count"),
    ] {
        let [found, best] = totals[slot];
        println!(
            "{name}: secondary suppression {found} {unit}, least possible {best} ({:+.1}%); \
             at the least on {} of {tables} tables; at most {} more on one table",
            if best == 0 {
                0.0
            } else {
                (found as f64 - best as f64) * 100.0 / best as f64
            },
            at_optimum[slot],
            worst[slot]
        );
    }
    Ok(())
}
