//! The table to publish: counts with labelled rows and columns.

use std::collections::BTreeSet;

use crate::aggregate::{Dimension, Row, Table};
use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::error::{Error, Result};
use crate::figure::value::Value;
use crate::indicator::Indicator;
use crate::period::Period;
use crate::period::calendar::FiscalCalendar;

/// What a cell of a [`CountTable`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Entry {
    Count(u64),
    NoFigure,
    NoPartner,
}

/// A table of counts with labelled rows and columns, to publish.
///
/// A cell holds a count, or no figure at all: "no figure" is not zero (a
/// report's "–"), and it is published as `-`, never as `0`. A cell where
/// no partner works at all (no partner in that country on that channel)
/// is marked so with [`CountTable::set_no_partner`], and published as
/// `..`. Neither is counted in any total, and neither is a hidden number.
///
/// ```
/// use impact_metrics::disclosure::CountTable;
/// let mut table = CountTable::new(["GB", "BD"], ["repatriated"]);
/// table.set(1, 0, 86)?;
/// assert_eq!(table.get(1, 0), Some(86));
/// assert_eq!(table.get(0, 0), None); // no figure
/// assert_eq!(table.get(2, 0), None); // past the end
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountTable {
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<Entry>,
}

impl CountTable {
    /// A table with these row and column labels and no figure in any cell.
    ///
    /// ```
    /// use impact_metrics::disclosure::CountTable;
    /// let table = CountTable::new(["GB"], ["Q1", "Q2"]);
    /// assert_eq!((table.rows().len(), table.columns().len()), (1, 2));
    /// ```
    pub fn new<R, C>(rows: R, columns: C) -> CountTable
    where
        R: IntoIterator,
        R::Item: Into<String>,
        C: IntoIterator,
        C::Item: Into<String>,
    {
        let rows: Vec<String> = rows.into_iter().map(Into::into).collect();
        let columns: Vec<String> = columns.into_iter().map(Into::into).collect();
        let cells = vec![Entry::NoFigure; rows.len().saturating_mul(columns.len())];
        CountTable {
            rows,
            columns,
            cells,
        }
    }

    /// Sets a cell.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] when `row` or `column` is past the end.
    ///
    /// ```
    /// use impact_metrics::disclosure::CountTable;
    /// let mut table = CountTable::new(["GB"], ["Q1"]);
    /// assert!(table.set(0, 0, 5).is_ok());
    /// assert_eq!(
    ///     table.set(0, 1, 5).unwrap_err().to_string(),
    ///     "table column out of range: 1 (expected less than the number of columns)"
    /// );
    /// ```
    pub fn set(&mut self, row: usize, column: usize, value: u64) -> Result<()> {
        let index = self.index(row, column)?;
        if let Some(cell) = self.cells.get_mut(index) {
            *cell = Entry::Count(value);
        }
        Ok(())
    }

    /// Marks a cell as one where no partner works: published as `..`,
    /// which says more than "no figure" (`-`).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] when `row` or `column` is past the end.
    ///
    /// ```
    /// use impact_metrics::disclosure::CountTable;
    /// let mut table = CountTable::new(["GB", "TH"], ["direct", "joint"]);
    /// table.set_no_partner(0, 1)?;
    /// assert!(table.is_no_partner(0, 1));
    /// assert!(!table.is_no_partner(1, 1));
    /// assert!(table.set_no_partner(2, 0).is_err());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn set_no_partner(&mut self, row: usize, column: usize) -> Result<()> {
        let index = self.index(row, column)?;
        if let Some(cell) = self.cells.get_mut(index) {
            *cell = Entry::NoPartner;
        }
        Ok(())
    }

    /// Whether no partner works in this cell (see
    /// [`CountTable::set_no_partner`]); `false` past the end.
    ///
    /// ```
    /// use impact_metrics::disclosure::CountTable;
    /// assert!(!CountTable::new(["GB"], ["direct"]).is_no_partner(0, 0));
    /// ```
    #[must_use]
    pub fn is_no_partner(&self, row: usize, column: usize) -> bool {
        self.entry(row, column) == Some(Entry::NoPartner)
    }

    pub(crate) fn entry(&self, row: usize, column: usize) -> Option<Entry> {
        self.index(row, column)
            .ok()
            .and_then(|i| self.cells.get(i).copied())
    }

    /// A cell's count; `None` when the cell has no figure or is past the
    /// end.
    ///
    /// ```
    /// use impact_metrics::disclosure::CountTable;
    /// let mut table = CountTable::new(["GB"], ["Q1", "Q2"]);
    /// table.set(0, 1, 0)?;
    /// assert_eq!(table.get(0, 0), None);
    /// assert_eq!(table.get(0, 1), Some(0));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn get(&self, row: usize, column: usize) -> Option<u64> {
        match self.entry(row, column) {
            Some(Entry::Count(n)) => Some(n),
            _ => None,
        }
    }

    /// The row labels.
    ///
    /// ```
    /// use impact_metrics::disclosure::CountTable;
    /// assert_eq!(CountTable::new(["GB", "BD"], ["Q1"]).rows(), ["GB", "BD"]);
    /// ```
    #[must_use]
    pub fn rows(&self) -> &[String] {
        &self.rows
    }

    /// The column labels.
    ///
    /// ```
    /// use impact_metrics::disclosure::CountTable;
    /// assert_eq!(CountTable::new(["GB"], ["Q1", "Q2"]).columns(), ["Q1", "Q2"]);
    /// ```
    #[must_use]
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    fn index(&self, row: usize, column: usize) -> Result<usize> {
        let out = |what: &'static str, value: usize, expected: &'static str| Error::OutOfRange {
            what,
            value: i64::try_from(value).unwrap_or(i64::MAX),
            expected,
        };
        if row >= self.rows.len() {
            return Err(out("table row", row, "less than the number of rows"));
        }
        if column >= self.columns.len() {
            return Err(out(
                "table column",
                column,
                "less than the number of columns",
            ));
        }
        Ok(row * self.columns.len() + column)
    }

    /// A table of counts from an aggregated [`Table`] grouped by two
    /// dimensions: one gives the rows, the other the columns. Labels are
    /// codes (`GB`, `direct`, `survivors_repatriated`), partner names, and
    /// period labels on `calendar`; a group of figures without a country
    /// (channel, partner) is labelled `(none)`. Combinations with no
    /// figure have none in the table either: they are not zero.
    ///
    /// # Errors
    ///
    /// [`Error::NotCountTable`] when either dimension is the indicator
    /// (totals add the cells of one indicator only: make one table per
    /// indicator), when the table is not grouped by both dimensions, when
    /// two of its rows fall in one cell (it is grouped by more), or when a
    /// row is not a count.
    ///
    /// ```
    /// use impact_metrics::{seed, disclosure::CountTable, Dimension, Indicator, Query};
    /// let report = seed::h1_2020_21()?;
    /// let query = Query::new()
    ///     .within(report.period)
    ///     .with_indicator(Indicator::SURVIVORS_REPATRIATED)
    ///     .by_country()
    ///     .by_channel();
    /// let totals = report.figures.aggregate(&query)?;
    /// let table = CountTable::from_table(&totals, Dimension::Country, Dimension::Channel, report.calendar)?;
    /// assert_eq!(table.rows(), ["BD", "GB", "RO"]);
    /// assert_eq!(table.columns(), ["direct"]);
    /// assert_eq!(table.get(2, 0), Some(2));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn from_table(
        table: &Table,
        rows: Dimension,
        columns: Dimension,
        calendar: FiscalCalendar,
    ) -> Result<CountTable> {
        if rows == Dimension::Indicator || columns == Dimension::Indicator {
            // The totals of a table add its cells: counts of different
            // indicators add up to nothing a reader can use, and a total
            // over them forces needless suppressions.
            return Err(Error::NotCountTable {
                what: "indicator".to_string(),
                reason: "a table's totals add its cells, and counts of different indicators do \
                         not add up: make one table per indicator"
                    .to_string(),
            });
        }
        let mut row_keys = BTreeSet::new();
        let mut column_keys = BTreeSet::new();
        let mut entries = Vec::new();
        for row in table.rows() {
            let r = key(row, rows)?;
            let c = key(row, columns)?;
            let Value::Count(n) = row.value else {
                return Err(Error::NotCountTable {
                    what: row.indicator.to_string(),
                    reason: format!("{} is not a count", row.value),
                });
            };
            row_keys.insert(r.clone());
            column_keys.insert(c.clone());
            entries.push((r, c, n));
        }
        let row_keys: Vec<Key> = row_keys.into_iter().collect();
        let column_keys: Vec<Key> = column_keys.into_iter().collect();
        let mut out = CountTable::new(
            row_keys.iter().map(|k| k.label(calendar)),
            column_keys.iter().map(|k| k.label(calendar)),
        );
        let mut filled = BTreeSet::new();
        for (r, c, n) in entries {
            let (Ok(i), Ok(j)) = (row_keys.binary_search(&r), column_keys.binary_search(&c)) else {
                continue;
            };
            if !filled.insert((i, j)) {
                return Err(Error::NotCountTable {
                    what: format!(
                        "{} × {}",
                        r.label(calendar),
                        c.label(calendar)
                    ),
                    reason: "two rows of the table fall in this cell; group by these two dimensions only"
                        .to_string(),
                });
            }
            out.set(i, j, n)?;
        }
        Ok(out)
    }
}

/// A row's value for one dimension, in an order that means something.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Indicator(Indicator),
    Country(Option<Country>),
    Channel(Option<Channel>),
    Partner(Option<Partner>),
    Period(Period),
}

impl Key {
    fn label(&self, calendar: FiscalCalendar) -> String {
        let none = || "(none)".to_string();
        match self {
            Key::Indicator(i) => i.to_string(),
            Key::Country(c) => c.map_or_else(none, |c| c.to_string()),
            Key::Channel(c) => c.map_or_else(none, |c| c.to_string()),
            Key::Partner(p) => p.as_ref().map_or_else(none, |p| p.to_string()),
            Key::Period(p) => calendar.label(*p).to_string(),
        }
    }
}

fn key(row: &Row, dimension: Dimension) -> Result<Key> {
    let found =
        match dimension {
            Dimension::Indicator => row.key.indicator.map(Key::Indicator),
            Dimension::Country => (row.key.country.is_grouped())
                .then(|| Key::Country(row.key.country.value().copied())),
            Dimension::Channel => (row.key.channel.is_grouped())
                .then(|| Key::Channel(row.key.channel.value().copied())),
            Dimension::Partner => (row.key.partner.is_grouped())
                .then(|| Key::Partner(row.key.partner.value().cloned())),
            Dimension::Period(_) => row.key.period.map(Key::Period),
        };
    found.ok_or_else(|| Error::NotCountTable {
        what: "the table".to_string(),
        reason: format!("it is not grouped by {dimension:?}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_table_refuses_what_it_cannot_place() {
        let report = crate::seed::h1_2020_21().unwrap();
        let grouped = report
            .figures
            .aggregate(
                &crate::Query::new()
                    .within(report.period)
                    .by_country()
                    .by_indicator(),
            )
            .unwrap();
        assert!(
            CountTable::from_table(
                &grouped,
                Dimension::Country,
                Dimension::Channel,
                report.calendar
            )
            .is_err()
        );
        let by_three = report
            .figures
            .aggregate(
                &crate::Query::new()
                    .within(report.period)
                    .by_country()
                    .by_indicator()
                    .by_channel(),
            )
            .unwrap();
        let err = CountTable::from_table(
            &by_three,
            Dimension::Country,
            Dimension::Channel,
            report.calendar,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("two rows of the table fall in this cell"),
            "{err}"
        );
        // Indicators do not add up: no table has them as a dimension.
        let err = CountTable::from_table(
            &grouped,
            Dimension::Country,
            Dimension::Indicator,
            report.calendar,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("make one table per indicator"),
            "{err}"
        );
    }
}
