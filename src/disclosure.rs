//! Disclosure control: small counts in a published table, suppressed so
//! that no survivor can be picked out.
//!
//! A [`Disclosure`] rule (a threshold and a [`Treatment`]) protects a
//! [`CountTable`] and gives a [`Protected`] table: each [`PublishedCell`]
//! as it can be published, every [`SuppressedCell`] with its
//! [`Suppression`] (primary, or secondary so that no hidden cell can be
//! worked out from the totals), and the findings that say so.
//!
//! ```
//! use impact_metrics::disclosure::{CountTable, Disclosure, PublishedCell};
//!
//! let mut table = CountTable::new(["GB", "BD"], ["Q1", "Q2"]);
//! for (r, c, n) in [(0, 0, 3), (0, 1, 40), (1, 0, 50), (1, 1, 60)] {
//!     table.set(r, c, n)?;
//! }
//! let published = Disclosure::new(5).protect(&table)?;
//! assert_eq!(published.cell(0, 0), Some(PublishedCell::Suppressed));
//! assert_eq!(published.cell(1, 1), Some(PublishedCell::Suppressed)); // so that 3 cannot be worked out
//! # Ok::<(), impact_metrics::Error>(())
//! ```

use std::collections::BTreeSet;
use std::fmt;

use crate::aggregate::{Dimension, Row, Table};
use crate::channel::{Channel, Partner};
use crate::country::Country;
use crate::error::{Error, Result};
use crate::figure::value::Value;
use crate::findings::{Finding, Findings, Severity};
use crate::indicator::Indicator;
use crate::period::Period;
use crate::period::calendar::FiscalCalendar;
use crate::rules::RuleId;

/// A table of counts with labelled rows and columns, to publish.
///
/// A cell holds a count, or no figure at all: "no figure" is not zero (a
/// report's "–"), and it is published as `-`, never as `0`.
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
    cells: Vec<Option<u64>>,
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
        let cells = vec![None; rows.len().saturating_mul(columns.len())];
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
            *cell = Some(value);
        }
        Ok(())
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
        self.index(row, column)
            .ok()
            .and_then(|i| self.cells.get(i).copied().flatten())
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
    /// [`Error::NotCountTable`] when the table is not grouped by both
    /// dimensions, when two of its rows fall in one cell (it is grouped by
    /// more), or when a row is not a count.
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

/// How a small count is published.
///
/// ```
/// use impact_metrics::{disclosure::Disclosure, disclosure::Treatment};
/// assert_eq!(Disclosure::default().treatment, Treatment::Suppress);
/// assert_eq!(Disclosure::default().coarsen().treatment, Treatment::Coarsen);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Treatment {
    /// Left out: the cell is published as suppressed.
    Suppress,
    /// Published as a band, `<k` ("fewer than 11"): readers learn the
    /// count is between 1 and `k - 1`, by design. Cells suppressed to
    /// protect it are left out as with [`Treatment::Suppress`].
    Coarsen,
}

/// Disclosure control: the threshold `k` and how small counts are
/// published.
///
/// A table of counts (countries by quarters, countries by indicators, ...)
/// is published with its row, column and grand totals. A cell with a small
/// count (one survivor repatriated to one country in one quarter) can
/// identify a person, so [`protect`](Disclosure::protect):
///
/// 1. suppresses every count from 1 to `k - 1` (*primary suppression*;
///    `k` is 11 by default, as CTDC publishes), totals included;
/// 2. suppresses more cells (*secondary suppression*) so that no
///    suppressed cell can be worked out from the published cells and
///    totals;
/// 3. reports each suppressed cell and why.
///
/// Zeros are published: a zero identifies no one.
///
/// # The guarantee, and why it holds
///
/// Treat the totals as one more row and one more column, so that the table
/// has `(rows + 1) × (columns + 1)` cells. Every suppressed cell ends up in
/// a *rectangle* of four suppressed cells — two rows and two columns of
/// that extended table — each holding at least 1 (zeros are never
/// suppressed). Adding 1 to two opposite corners of the rectangle and
/// taking 1 from the other two (with the sign flipped for a row or column
/// total, which counts its cells rather than being counted) changes no
/// published number and no row or column sum, and leaves every cell at 0 or
/// more. So for each suppressed cell there are two tables of non-negative
/// whole numbers that agree on everything published and differ in that
/// cell: it cannot be recovered from the totals. In particular every row
/// and column with a suppressed cell has at least two.
///
/// Secondary cells are chosen to lose as little as possible: already
/// suppressed cells first, then the smallest counts, and totals only when
/// no rectangle of inner cells will do.
///
/// ```
/// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure, disclosure::PublishedCell};
///
/// let mut table = CountTable::new(["GB", "BD", "TH"], ["Q1", "Q2", "Q3"]);
/// for (row, counts) in [[20, 3, 25], [40, 50, 60], [30, 35, 12]].iter().enumerate() {
///     for (column, &count) in counts.iter().enumerate() {
///         table.set(row, column, count)?;
///     }
/// }
/// let published = Disclosure::default().protect(&table)?;
/// assert_eq!(published.cell(0, 1), Some(PublishedCell::Suppressed)); // the 3
/// assert_eq!(published.suppressed().len(), 4); // and a rectangle around it
/// assert_eq!(published.row_total(0), Some(PublishedCell::Value(48)));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
///
/// The settings:
///
/// ```
/// use impact_metrics::disclosure::Disclosure;
/// assert_eq!(Disclosure::default().k, 11);
/// assert_eq!(Disclosure::new(5).k, 5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Disclosure {
    /// Counts from 1 to `k - 1` are suppressed or coarsened.
    pub k: u64,
    /// How.
    pub treatment: Treatment,
}

impl Default for Disclosure {
    /// `k` = 11, as the Counter Trafficking Data Collaborative (CTDC)
    /// publishes, and suppression.
    fn default() -> Disclosure {
        Disclosure::new(Disclosure::CTDC_K)
    }
}

impl Disclosure {
    /// The threshold CTDC publishes with: counts below 11 are not shown.
    ///
    /// ```
    /// use impact_metrics::disclosure::Disclosure;
    /// assert_eq!(Disclosure::CTDC_K, 11);
    /// ```
    pub const CTDC_K: u64 = 11;

    /// Suppression of counts from 1 to `k - 1` (a `k` of 0 or 1 suppresses
    /// nothing).
    ///
    /// ```
    /// use impact_metrics::{disclosure::Disclosure, disclosure::Treatment};
    /// assert_eq!(Disclosure::new(3).treatment, Treatment::Suppress);
    /// ```
    #[must_use]
    pub fn new(k: u64) -> Disclosure {
        Disclosure {
            k,
            treatment: Treatment::Suppress,
        }
    }

    /// Publishes small counts as `<k` instead of leaving them out.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure, disclosure::PublishedCell};
    /// let mut table = CountTable::new(["GB", "BD"], ["Q1", "Q2"]);
    /// for (r, c, n) in [(0, 0, 3), (0, 1, 40), (1, 0, 50), (1, 1, 60)] {
    ///     table.set(r, c, n)?;
    /// }
    /// let published = Disclosure::default().coarsen().protect(&table)?;
    /// assert_eq!(published.cell(0, 0), Some(PublishedCell::Below(11)));
    /// assert_eq!(published.cell(1, 1), Some(PublishedCell::Suppressed)); // to protect it
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn coarsen(mut self) -> Disclosure {
        self.treatment = Treatment::Coarsen;
        self
    }

    /// The table as it can be published, with what was suppressed and why.
    /// See [`Disclosure`] for the method and its guarantee.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when a row, column or grand total does not fit a
    /// `u64`.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure, disclosure::PublishedCell};
    /// // One survivor repatriated to Romania: with one row, the column totals
    /// // would give the cells away, so they are suppressed too.
    /// let mut table = CountTable::new(["repatriated"], ["RO", "BD"]);
    /// table.set(0, 0, 1)?;
    /// table.set(0, 1, 86)?;
    /// let published = Disclosure::default().protect(&table)?;
    /// assert_eq!(published.cell(0, 0), Some(PublishedCell::Suppressed));
    /// assert_eq!(published.column_total(0), Some(PublishedCell::Suppressed));
    /// assert_eq!(published.row_total(0), Some(PublishedCell::Value(87)));
    /// assert_eq!(published.findings().len(), published.suppressed().len());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn protect(&self, table: &CountTable) -> Result<Protected> {
        let grid = Grid::extend(table)?;
        let height = grid.height;
        let width = grid.width;
        let mut suppressed = vec![None; height.saturating_mul(width)];
        let small = |v: u64| v > 0 && v < self.k;
        let mut primaries = Vec::new();
        for r in 0..height {
            for c in 0..width {
                if grid.get(r, c).is_some_and(small) {
                    primaries.push((r, c));
                    if let Some(slot) = suppressed.get_mut(r * width + c) {
                        *slot = Some(Suppression::Primary);
                    }
                }
            }
        }
        let mut reasons: Vec<(usize, usize, (usize, usize))> = Vec::new();
        for &(r, c) in &primaries {
            let is = |r: usize, c: usize, s: &[Option<Suppression>]| {
                s.get(r * width + c).is_some_and(Option::is_some)
            };
            if rectangle_through(r, c, height, width, |a, b| is(a, b, &suppressed)).is_some() {
                continue;
            }
            // The cheapest rectangle through (r, c) whose cells are all 1 or more.
            let mut best: Option<(u128, usize, usize)> = None;
            for r2 in (0..height).filter(|&x| x != r) {
                for c2 in (0..width).filter(|&x| x != c) {
                    let mut cost: u128 = 0;
                    let mut usable = true;
                    for (a, b) in [(r, c2), (r2, c), (r2, c2)] {
                        if is(a, b, &suppressed) {
                            continue;
                        }
                        match grid.get(a, b) {
                            Some(v) if v > 0 => {
                                let margin = a + 1 == height || b + 1 == width;
                                cost += u128::from(v) + if margin { 1 << 64 } else { 0 };
                            }
                            _ => usable = false,
                        }
                    }
                    if usable && best.is_none_or(|(least, _, _)| cost < least) {
                        best = Some((cost, r2, c2));
                    }
                }
            }
            // A rectangle always exists: the cell's row and column totals
            // and the grand total are at least as large as the cell.
            let Some((_, r2, c2)) = best else { continue };
            for (a, b) in [(r, c2), (r2, c), (r2, c2)] {
                if let Some(slot) = suppressed.get_mut(a * width + b) {
                    if slot.is_none() {
                        *slot = Some(Suppression::Secondary);
                        reasons.push((a, b, (r, c)));
                    }
                }
            }
        }
        Ok(self.publish(table, &grid, &suppressed, &reasons))
    }

    fn publish(
        &self,
        table: &CountTable,
        grid: &Grid,
        suppressed: &[Option<Suppression>],
        reasons: &[(usize, usize, (usize, usize))],
    ) -> Protected {
        let (height, width) = (grid.height, grid.width);
        let label = |r: usize, c: usize| -> String {
            let row = table.rows.get(r).map_or("Total", String::as_str);
            let column = table.columns.get(c).map_or("Total", String::as_str);
            format!("{row} × {column}")
        };
        let line = |i: usize, last: usize| (i + 1 < last).then_some(i);
        let mut cells = Vec::with_capacity(height * width);
        let mut list = Vec::new();
        let mut report = Findings::new();
        for r in 0..height {
            for c in 0..width {
                let value = grid.get(r, c).unwrap_or(0);
                let how = suppressed.get(r * width + c).copied().flatten();
                cells.push(match (how, self.treatment) {
                    (None, _) if !grid.has_figure(r, c) => PublishedCell::NoFigure,
                    (None, _) => PublishedCell::Value(value),
                    (Some(Suppression::Primary), Treatment::Coarsen) => {
                        PublishedCell::Below(self.k)
                    }
                    (Some(_), _) => PublishedCell::Suppressed,
                });
                let Some(how) = how else { continue };
                list.push(SuppressedCell {
                    row: line(r, height),
                    column: line(c, width),
                    value,
                    suppression: how,
                });
                let shown = match self.treatment {
                    Treatment::Coarsen => format!("published as <{}", self.k),
                    Treatment::Suppress => "suppressed".to_string(),
                };
                let finding = match how {
                    Suppression::Primary => Finding::new(
                        Severity::Note,
                        RuleId::DISCLOSURE_PRIMARY,
                        format!(
                            "{}: {value} is below k = {}, so it could identify a person; {shown}",
                            label(r, c),
                            self.k
                        ),
                    ),
                    Suppression::Secondary => {
                        let protects = reasons
                            .iter()
                            .find(|(a, b, _)| (*a, *b) == (r, c))
                            .map(|&(_, _, (pr, pc))| label(pr, pc))
                            .unwrap_or_default();
                        Finding::new(
                            Severity::Note,
                            RuleId::DISCLOSURE_SECONDARY,
                            format!(
                                "{}: {value} suppressed as well, so that {protects} cannot be worked out \
                                 from the published cells and totals",
                                label(r, c)
                            ),
                        )
                    }
                };
                report.push(
                    finding
                        .with_value("row", table.rows.get(r).map_or("Total", String::as_str))
                        .with_value(
                            "column",
                            table.columns.get(c).map_or("Total", String::as_str),
                        )
                        .with_value("value", value),
                );
            }
        }
        Protected {
            rows: table.rows.clone(),
            columns: table.columns.clone(),
            cells,
            suppressed: list,
            report,
            k: self.k,
        }
    }
}

/// The table with a total column and a total row, row by row.
struct Grid {
    height: usize,
    width: usize,
    cells: Vec<u64>,
    /// Whether a cell has a figure: a total has one when any of its parts
    /// has. A cell with none counts as 0 in the totals.
    present: Vec<bool>,
}

impl Grid {
    fn extend(table: &CountTable) -> Result<Grid> {
        let (rows, columns) = (table.rows.len(), table.columns.len());
        let (height, width) = (rows + 1, columns + 1);
        let mut cells = vec![0_u64; height * width];
        let mut present = vec![false; height * width];
        let overflow = || Error::overflow("the totals of a table of counts");
        for r in 0..rows {
            for c in 0..columns {
                let Some(v) = table.get(r, c) else { continue };
                for index in [
                    r * width + c,
                    r * width + columns,
                    rows * width + c,
                    rows * width + columns,
                ] {
                    if let Some(flag) = present.get_mut(index) {
                        *flag = true;
                    }
                    let Some(cell) = cells.get_mut(index) else {
                        continue;
                    };
                    if index == r * width + c {
                        *cell = v;
                    } else {
                        *cell = cell.checked_add(v).ok_or_else(overflow)?;
                    }
                }
            }
        }
        Ok(Grid {
            height,
            width,
            cells,
            present,
        })
    }

    fn get(&self, r: usize, c: usize) -> Option<u64> {
        if r >= self.height || c >= self.width {
            return None;
        }
        self.cells.get(r * self.width + c).copied()
    }

    fn has_figure(&self, r: usize, c: usize) -> bool {
        r < self.height
            && c < self.width
            && self
                .present
                .get(r * self.width + c)
                .copied()
                .unwrap_or(false)
    }
}

/// Another row and column that make a rectangle of suppressed cells with
/// `(r, c)`, if there is one.
fn rectangle_through(
    r: usize,
    c: usize,
    height: usize,
    width: usize,
    suppressed: impl Fn(usize, usize) -> bool,
) -> Option<(usize, usize)> {
    (0..height)
        .filter(|&r2| r2 != r && suppressed(r2, c))
        .find_map(|r2| {
            (0..width)
                .filter(|&c2| c2 != c)
                .find(|&c2| suppressed(r, c2) && suppressed(r2, c2))
                .map(|c2| (r2, c2))
        })
}

/// Why a cell was suppressed.
///
/// ```
/// use impact_metrics::disclosure::Suppression;
/// assert_ne!(Suppression::Primary, Suppression::Secondary);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Suppression {
    /// Its count is from 1 to `k - 1`.
    Primary,
    /// It protects a primary cell from being worked out.
    Secondary,
}

/// A cell as published.
///
/// `Display` writes the count, `[c]` (confidential) for a suppressed cell,
/// `<11` for a coarsened one, or `-` for a cell with no figure.
///
/// ```
/// use impact_metrics::disclosure::PublishedCell;
/// assert_eq!(PublishedCell::Value(86).to_string(), "86");
/// assert_eq!(PublishedCell::NoFigure.to_string(), "-");
/// assert_eq!(PublishedCell::Suppressed.to_string(), "[c]");
/// assert_eq!(PublishedCell::Below(11).to_string(), "<11");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PublishedCell {
    /// The count.
    Value(u64),
    /// Left out.
    Suppressed,
    /// Fewer than this (a coarsened small count).
    Below(u64),
    /// The source gives no figure (which is not zero).
    NoFigure,
}

impl fmt::Display for PublishedCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            PublishedCell::Value(n) => n.to_string(),
            PublishedCell::Suppressed => "[c]".to_string(),
            PublishedCell::Below(k) => format!("<{k}"),
            PublishedCell::NoFigure => "-".to_string(),
        };
        f.pad(&text)
    }
}

/// A suppressed cell: where it is, its true value, and why.
///
/// ```
/// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure, disclosure::Suppression};
/// let mut table = CountTable::new(["RO", "BD"], ["repatriated"]);
/// table.set(0, 0, 2)?;
/// table.set(1, 0, 86)?;
/// let published = Disclosure::default().protect(&table)?;
/// let first = &published.suppressed()[0];
/// assert_eq!((first.row, first.column, first.value, first.suppression), (Some(0), Some(0), 2, Suppression::Primary));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SuppressedCell {
    /// The row, or `None` for the total row.
    pub row: Option<usize>,
    /// The column, or `None` for the total column.
    pub column: Option<usize>,
    /// The count that is not published.
    pub value: u64,
    /// Why.
    pub suppression: Suppression,
}

/// A table ready to publish: made by [`Disclosure::protect`].
///
/// `Display` writes it as aligned text, totals last.
///
/// ```
/// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure};
/// let mut table = CountTable::new(["GB", "BD"], ["Q1", "Q2"]);
/// for (r, c, n) in [(0, 0, 3), (0, 1, 40), (1, 0, 50), (1, 1, 60)] {
///     table.set(r, c, n)?;
/// }
/// let published = Disclosure::default().protect(&table)?;
/// assert_eq!(
///     published.to_string(),
///     "        Q1   Q2  Total\n\
///      GB     [c]  [c]     43\n\
///      BD     [c]  [c]    110\n\
///      Total   53  100    153\n"
/// );
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Protected {
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<PublishedCell>,
    suppressed: Vec<SuppressedCell>,
    report: Findings,
    k: u64,
}

impl Protected {
    fn at(&self, r: usize, c: usize) -> Option<PublishedCell> {
        let width = self.columns.len() + 1;
        if r > self.rows.len() || c >= width {
            return None;
        }
        self.cells.get(r * width + c).copied()
    }

    /// A cell as published; `None` past the end.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure, disclosure::PublishedCell};
    /// let published = Disclosure::default().protect(&CountTable::new(["GB"], ["Q1"]))?;
    /// assert_eq!(published.cell(0, 0), Some(PublishedCell::NoFigure));
    /// assert_eq!(published.cell(0, 1), None);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn cell(&self, row: usize, column: usize) -> Option<PublishedCell> {
        if row >= self.rows.len() || column >= self.columns.len() {
            return None;
        }
        self.at(row, column)
    }

    /// A row's total as published.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure, disclosure::PublishedCell};
    /// let mut table = CountTable::new(["BD"], ["Q1", "Q2"]);
    /// table.set(0, 0, 40)?;
    /// table.set(0, 1, 46)?;
    /// assert_eq!(Disclosure::default().protect(&table)?.row_total(0), Some(PublishedCell::Value(86)));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn row_total(&self, row: usize) -> Option<PublishedCell> {
        if row >= self.rows.len() {
            return None;
        }
        self.at(row, self.columns.len())
    }

    /// A column's total as published.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure, disclosure::PublishedCell};
    /// let mut table = CountTable::new(["GB", "BD"], ["Q1"]);
    /// table.set(0, 0, 20)?;
    /// table.set(1, 0, 17)?;
    /// assert_eq!(Disclosure::default().protect(&table)?.column_total(0), Some(PublishedCell::Value(37)));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn column_total(&self, column: usize) -> Option<PublishedCell> {
        if column >= self.columns.len() {
            return None;
        }
        self.at(self.rows.len(), column)
    }

    /// The grand total as published.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure, disclosure::PublishedCell};
    /// let mut table = CountTable::new(["GB", "BD"], ["Q1"]);
    /// table.set(0, 0, 20)?;
    /// table.set(1, 0, 17)?;
    /// assert_eq!(Disclosure::default().protect(&table)?.grand_total(), PublishedCell::Value(37));
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn grand_total(&self) -> PublishedCell {
        self.at(self.rows.len(), self.columns.len())
            .unwrap_or(PublishedCell::Suppressed)
    }

    /// Every suppressed (or coarsened) cell, row by row, totals last.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure};
    /// let published = Disclosure::default().protect(&CountTable::new(["GB"], ["Q1"]))?;
    /// assert!(published.suppressed().is_empty());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn suppressed(&self) -> &[SuppressedCell] {
        &self.suppressed
    }

    /// What was suppressed and why, as notes (`disclosure.primary`,
    /// `disclosure.secondary`) with the true values: for the team, not for
    /// publication.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure};
    /// let mut table = CountTable::new(["RO", "BD"], ["repatriated"]);
    /// table.set(0, 0, 2)?;
    /// table.set(1, 0, 86)?;
    /// let published = Disclosure::default().protect(&table)?;
    /// let first = &published.findings().findings()[0];
    /// assert_eq!(first.rule, "disclosure.primary");
    /// assert_eq!(first.message, "RO × repatriated: 2 is below k = 11, so it could identify a person; suppressed");
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn findings(&self) -> &Findings {
        &self.report
    }

    /// The threshold used.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure};
    /// assert_eq!(Disclosure::new(5).protect(&CountTable::new(["GB"], ["Q1"]))?.k(), 5);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn k(&self) -> u64 {
        self.k
    }

    /// The row labels.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure};
    /// assert_eq!(Disclosure::default().protect(&CountTable::new(["GB"], ["Q1"]))?.rows(), ["GB"]);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn rows(&self) -> &[String] {
        &self.rows
    }

    /// The column labels.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure};
    /// assert_eq!(Disclosure::default().protect(&CountTable::new(["GB"], ["Q1"]))?.columns(), ["Q1"]);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
}

impl fmt::Display for Protected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self.columns.len() + 1;
        let mut header: Vec<String> = vec![String::new()];
        header.extend(self.columns.iter().cloned());
        header.push("Total".to_string());
        let mut lines = vec![header];
        for r in 0..=self.rows.len() {
            let mut line = vec![
                self.rows
                    .get(r)
                    .cloned()
                    .unwrap_or_else(|| "Total".to_string()),
            ];
            for c in 0..width {
                line.push(
                    self.at(r, c)
                        .map(|cell| cell.to_string())
                        .unwrap_or_default(),
                );
            }
            lines.push(line);
        }
        let columns = width + 1;
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                lines
                    .iter()
                    .filter_map(|l| l.get(c))
                    .map(|t| t.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for line in &lines {
            let mut text = String::new();
            for (c, (cell, w)) in line.iter().zip(&widths).enumerate() {
                if c == 0 {
                    text.push_str(&format!("{cell:<w$}"));
                } else {
                    text.push_str(&format!("  {cell:>w$}"));
                }
            }
            writeln!(f, "{}", text.trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn table(rows: &[&[u64]]) -> CountTable {
        let width = rows.first().map_or(0, |r| r.len());
        let mut t = CountTable::new(
            (0..rows.len()).map(|i| format!("r{i}")),
            (0..width).map(|i| format!("c{i}")),
        );
        for (r, counts) in rows.iter().enumerate() {
            for (c, &n) in counts.iter().enumerate() {
                t.set(r, c, n).unwrap();
            }
        }
        t
    }

    fn cells(published: &Protected) -> Vec<(Option<usize>, Option<usize>, Suppression)> {
        published
            .suppressed()
            .iter()
            .map(|s| (s.row, s.column, s.suppression))
            .collect()
    }

    #[test]
    fn one_small_cell_gets_the_cheapest_rectangle() {
        // Rectangles through (0, 1) = 3, by the cost of the three new cells:
        // rows 1 or 2 with columns 0 or 2: 20+50+40 = 110, 25+50+60 = 135,
        // 20+35+30 = 85, 25+35+12 = 72. The cheapest: row 2, column 2.
        let published = Disclosure::default()
            .protect(&table(&[&[20, 3, 25], &[40, 50, 60], &[30, 35, 12]]))
            .unwrap();
        use Suppression::{Primary, Secondary};
        assert_eq!(
            cells(&published),
            [
                (Some(0), Some(1), Primary),
                (Some(0), Some(2), Secondary),
                (Some(2), Some(1), Secondary),
                (Some(2), Some(2), Secondary),
            ]
        );
        // Every total is still published.
        for i in 0..3 {
            assert!(matches!(
                published.row_total(i),
                Some(PublishedCell::Value(_))
            ));
            assert!(matches!(
                published.column_total(i),
                Some(PublishedCell::Value(_))
            ));
        }
        assert_eq!(
            published.findings().by_rule("disclosure.secondary").count(),
            3
        );
        assert!(
            published.findings().findings()[1]
                .message
                .contains("so that r0 × c1 cannot be worked out"),
            "{}",
            published.findings()
        );
    }

    #[test]
    fn nothing_small_nothing_suppressed() {
        let t = table(&[&[20, 0, 25], &[40, 50, 0]]);
        let published = Disclosure::default().protect(&t).unwrap();
        assert!(published.suppressed().is_empty());
        assert!(published.findings().is_empty());
        assert_eq!(published.cell(0, 1), Some(PublishedCell::Value(0)));
        assert_eq!(published.grand_total(), PublishedCell::Value(135));
        // A k of 0 or 1 suppresses nothing either.
        let tiny = table(&[&[1, 2]]);
        assert!(
            Disclosure::new(1)
                .protect(&tiny)
                .unwrap()
                .suppressed()
                .is_empty()
        );
        assert!(
            Disclosure::new(0)
                .protect(&tiny)
                .unwrap()
                .suppressed()
                .is_empty()
        );
    }

    #[test]
    fn a_single_row_needs_its_column_totals_suppressed() {
        // [5, 30]: the column totals equal the cells, so the 5 is also a
        // small total; the only rectangles use the total row.
        let published = Disclosure::default().protect(&table(&[&[5, 30]])).unwrap();
        use Suppression::{Primary, Secondary};
        assert_eq!(
            cells(&published),
            [
                (Some(0), Some(0), Primary),
                (Some(0), Some(1), Secondary),
                (None, Some(0), Primary),
                (None, Some(1), Secondary),
            ]
        );
        assert_eq!(published.row_total(0), Some(PublishedCell::Value(35)));
        assert_eq!(published.grand_total(), PublishedCell::Value(35));
    }

    #[test]
    fn totals_overflow_is_an_error() {
        let err = Disclosure::default()
            .protect(&table(&[&[u64::MAX, 1]]))
            .unwrap_err();
        assert!(matches!(err, Error::Overflow { .. }), "{err}");
    }

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
        let table = CountTable::from_table(
            &grouped,
            Dimension::Country,
            Dimension::Indicator,
            report.calendar,
        )
        .unwrap();
        // FIGURES.md: five countries, eight indicators.
        assert_eq!(table.rows(), ["BD", "GB", "IN", "RO", "TH"]);
        assert_eq!(table.columns().len(), 8);
    }

    /// The published numbers: every cell and total, `None` where suppressed.
    fn visible(t: &[Vec<u64>], suppressed: &[Vec<bool>]) -> Vec<Vec<Option<u64>>> {
        t.iter()
            .zip(suppressed)
            .map(|(row, s)| {
                row.iter()
                    .zip(s)
                    .map(|(&v, &s)| (!s).then_some(v))
                    .collect()
            })
            .collect()
    }

    /// The table with its totals, as rows of numbers, computed here.
    fn extended(cells: &[Vec<u64>]) -> Vec<Vec<u64>> {
        let columns = cells.first().map_or(0, Vec::len);
        let mut out: Vec<Vec<u64>> = cells
            .iter()
            .map(|row| {
                let mut row = row.clone();
                row.push(row.iter().sum());
                row
            })
            .collect();
        let totals: Vec<u64> = (0..=columns)
            .map(|c| out.iter().map(|r| r[c]).sum())
            .collect();
        out.push(totals);
        out
    }

    #[test]
    fn a_cell_with_no_figure_is_published_as_none_not_zero() {
        // FIGURES.md: "–" means the report gives no figure, not zero.
        let mut t = CountTable::new(["BD", "TH"], ["convicted", "repatriated"]);
        t.set(0, 1, 86).unwrap();
        t.set(1, 0, 24).unwrap();
        let published = Disclosure::default().protect(&t).unwrap();
        assert_eq!(published.cell(0, 0), Some(PublishedCell::NoFigure));
        assert_eq!(published.cell(1, 1), Some(PublishedCell::NoFigure));
        assert_eq!(published.row_total(0), Some(PublishedCell::Value(86)));
        assert_eq!(published.column_total(0), Some(PublishedCell::Value(24)));
        assert_eq!(published.grand_total(), PublishedCell::Value(110));
        assert!(published.suppressed().is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// For every suppressed cell, a second table of non-negative counts
        /// that publishes exactly the same numbers and differs in that cell:
        /// so the cell cannot be recovered from what is published.
        #[test]
        fn no_suppressed_cell_can_be_recovered(
            cells in (1usize..6, 1usize..6).prop_flat_map(|(r, c)| {
                proptest::collection::vec(
                    proptest::collection::vec(prop_oneof![0u64..4, 0u64..15, 0u64..60], c),
                    r,
                )
            }),
            k in 0u64..15,
            coarsen in any::<bool>(),
        ) {
            let rows: Vec<&[u64]> = cells.iter().map(Vec::as_slice).collect();
            let mut disclosure = Disclosure::new(k);
            if coarsen {
                disclosure = disclosure.coarsen();
            }
            let published = disclosure.protect(&table(&rows)).unwrap();
            let full = extended(&cells);
            let (height, width) = (full.len(), full[0].len());
            let mut hidden = vec![vec![false; width]; height];
            for s in published.suppressed() {
                hidden[s.row.unwrap_or(height - 1)][s.column.unwrap_or(width - 1)] = true;
            }

            // What is published is true, and every small count is hidden.
            for r in 0..height {
                for c in 0..width {
                    let v = full[r][c];
                    let shown = if r + 1 == height && c + 1 == width {
                        Some(published.grand_total())
                    } else if r + 1 == height {
                        published.column_total(c)
                    } else if c + 1 == width {
                        published.row_total(r)
                    } else {
                        published.cell(r, c)
                    };
                    match shown.unwrap() {
                        PublishedCell::Value(n) => {
                            prop_assert!(!hidden[r][c]);
                            prop_assert_eq!(n, v);
                            prop_assert!(v == 0 || v >= k, "{} < k = {} published", v, k);
                        }
                        PublishedCell::Below(bound) => {
                            prop_assert!(coarsen && hidden[r][c] && v > 0 && v < bound);
                        }
                        PublishedCell::Suppressed => prop_assert!(hidden[r][c]),
                        PublishedCell::NoFigure => prop_assert!(false, "every cell of this table has a figure"),
                    }
                    if hidden[r][c] {
                        prop_assert!(v >= 1, "a zero was suppressed");
                    }
                }
            }

            // Each row and column of the extended table with a hidden cell has two.
            for (r, row) in hidden.iter().enumerate() {
                let n = row.iter().filter(|&&h| h).count();
                prop_assert!(n == 0 || n >= 2, "row {} hides {}", r, n);
            }
            for c in 0..width {
                let n = hidden.iter().filter(|row| row[c]).count();
                prop_assert!(n == 0 || n >= 2, "column {} hides {}", c, n);
            }

            // The witness, found here without trusting the implementation.
            let before = visible(&full, &hidden);
            for r in 0..height {
                for c in 0..width {
                    if !hidden[r][c] {
                        continue;
                    }
                    let corner = (0..height)
                        .filter(|&r2| r2 != r && hidden[r2][c])
                        .find_map(|r2| {
                            (0..width)
                                .filter(|&c2| c2 != c)
                                .find(|&c2| hidden[r][c2] && hidden[r2][c2])
                                .map(|c2| (r2, c2))
                        });
                    prop_assert!(corner.is_some(), "({}, {}) is in no rectangle", r, c);
                    let (r2, c2) = corner.unwrap();
                    // +1 on (r, c) and (r2, c2), -1 on the others, flipped on a
                    // row or column total (not the grand total).
                    let mut other = full.clone();
                    for (a, b, step) in [(r, c, 1i64), (r2, c2, 1), (r, c2, -1), (r2, c, -1)] {
                        let is_row_total = b + 1 == width && a + 1 != height;
                        let is_column_total = a + 1 == height && b + 1 != width;
                        let step = if is_row_total || is_column_total { -step } else { step };
                        let value = other[a][b] as i64 + step;
                        prop_assert!(value >= 0);
                        other[a][b] = value as u64;
                    }
                    // The other table is a table: its totals are its cells' sums.
                    let inner: Vec<Vec<u64>> = other[..height - 1]
                        .iter()
                        .map(|row| row[..width - 1].to_vec())
                        .collect();
                    prop_assert_eq!(extended(&inner), other.clone());
                    prop_assert_eq!(visible(&other, &hidden), before.clone());
                    prop_assert_ne!(other[r][c], full[r][c]);
                }
            }
        }
    }
}
