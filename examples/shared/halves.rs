//! The growth of each half on the previous fiscal year's half-year
//! average, from a table totalled by fiscal half: the last step of the
//! partner-file job that `partner_totals` and `dataset_totals` time.

use std::collections::HashMap;

use impact_metrics::aggregate::{GroupKey, Table};
use impact_metrics::{Growth, Value};

/// How many halves have a growth on both complete halves of the fiscal
/// year before them.
pub fn growths(table: &Table) -> usize {
    // Each fiscal year's total of a series, to set each half against.
    let mut years: HashMap<(GroupKey, i32), (u64, u32)> = HashMap::new();
    for row in table.rows() {
        let (Some(period), Value::Count(n)) = (row.period, row.value) else {
            continue;
        };
        let mut key = row.key.clone();
        key.period = None;
        let year = years.entry((key, period.fiscal_year())).or_default();
        year.0 += n;
        year.1 += u32::from(row.coverage.is_complete());
    }
    let mut growths = 0usize;
    for row in table.rows() {
        let (Some(period), Value::Count(n)) = (row.period, row.value) else {
            continue;
        };
        let mut key = row.key.clone();
        key.period = None;
        // Both halves of the year before, complete.
        if let Some(&(baseline, 2)) = years.get(&(key, period.fiscal_year() - 1)) {
            if Growth::on_average(n, 6, baseline, 12).is_ok() {
                growths += 1;
            }
        }
    }
    growths
}
