//! The audit: each hidden number's least and greatest value over every
//! table of whole numbers a reader cannot tell from the true one.

use crate::error::{Error, Result};

use super::network::{Arc, Network, UNBOUNDED, is_unbounded};
use super::table::{CountTable, Entry};
use super::{PublishedCell, Suppression};

/// A number of a published table: a cell or one of its totals.
///
/// ```
/// use impact_metrics::disclosure::Place;
/// assert_ne!(Place::Cell { row: 0, column: 0 }, Place::RowTotal(0));
/// assert_eq!(Place::GrandTotal, Place::GrandTotal);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Place {
    /// The cell in this row and column.
    Cell {
        /// The row.
        row: usize,
        /// The column.
        column: usize,
    },
    /// The total of a row.
    RowTotal(usize),
    /// The total of a column.
    ColumnTotal(usize),
    /// The total of the table.
    GrandTotal,
}

/// How a reader sees one number of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Published: the reader knows it.
    Value,
    /// Suppressed: at least 1, since zeros are published.
    Hidden,
    /// Published as a band: between these, both included.
    Band(u64, u64),
}

/// The table with a total column and a total row, row by row: place
/// `(r, c)` is a cell for `r < rows` and `c < columns`, a row total for
/// `c == columns`, a column total for `r == rows`.
#[derive(Clone, Debug)]
pub(crate) struct Grid {
    pub rows: usize,
    pub columns: usize,
    /// The true numbers (0 where there is no figure).
    pub truth: Vec<u64>,
    /// What each place holds: a total has a count when any of its parts
    /// has one; it is "no partner" when all of its parts are.
    pub kind: Vec<Entry>,
    /// How many non-zero cells each place sums: the least a reader knows
    /// it holds when all of them are hidden.
    pub parts: Vec<u64>,
}

impl Grid {
    pub fn extend(table: &CountTable) -> Result<Grid> {
        let (rows, columns) = (table.rows().len(), table.columns().len());
        let width = columns + 1;
        let size = (rows + 1) * width;
        let mut grid = Grid {
            rows,
            columns,
            truth: vec![0; size],
            kind: vec![Entry::NoPartner; size],
            parts: vec![0; size],
        };
        if rows == 0 || columns == 0 {
            grid.kind = vec![Entry::NoFigure; size];
        }
        let overflow = || Error::overflow("the totals of a table of counts");
        for r in 0..rows {
            for c in 0..columns {
                let entry = table.entry(r, c).unwrap_or(Entry::NoFigure);
                let inner = r * width + c;
                let margins = [
                    r * width + columns,
                    rows * width + c,
                    rows * width + columns,
                ];
                if let Some(kind) = grid.kind.get_mut(inner) {
                    *kind = entry;
                }
                for &m in &margins {
                    let Some(kind) = grid.kind.get_mut(m) else {
                        continue;
                    };
                    *kind = match (*kind, entry) {
                        (Entry::Count(_), _) | (_, Entry::Count(_)) => Entry::Count(0),
                        (Entry::NoFigure, _) | (_, Entry::NoFigure) => Entry::NoFigure,
                        _ => Entry::NoPartner,
                    };
                }
                let Entry::Count(v) = entry else { continue };
                for index in std::iter::once(inner).chain(margins) {
                    if let Some(cell) = grid.truth.get_mut(index) {
                        *cell = cell.checked_add(v).ok_or_else(overflow)?;
                    }
                    if v > 0 {
                        if let Some(n) = grid.parts.get_mut(index) {
                            *n += 1;
                        }
                    }
                }
            }
        }
        Ok(grid)
    }

    pub fn width(&self) -> usize {
        self.columns + 1
    }

    pub fn size(&self) -> usize {
        (self.rows + 1) * self.width()
    }

    pub fn index(&self, place: Place) -> Option<usize> {
        let (r, c) = match place {
            Place::Cell { row, column } if row < self.rows && column < self.columns => {
                (row, column)
            }
            Place::RowTotal(row) if row < self.rows => (row, self.columns),
            Place::ColumnTotal(column) if column < self.columns => (self.rows, column),
            Place::GrandTotal => (self.rows, self.columns),
            _ => return None,
        };
        Some(r * self.width() + c)
    }

    pub fn place(&self, index: usize) -> Place {
        let (r, c) = (index / self.width(), index % self.width());
        match (r == self.rows, c == self.columns) {
            (false, false) => Place::Cell { row: r, column: c },
            (false, true) => Place::RowTotal(r),
            (true, false) => Place::ColumnTotal(c),
            (true, true) => Place::GrandTotal,
        }
    }

    /// Whether the place holds a count (which may be hidden).
    pub fn has_count(&self, index: usize) -> bool {
        matches!(self.kind.get(index), Some(Entry::Count(_)))
    }

    pub fn value(&self, index: usize) -> u64 {
        self.truth.get(index).copied().unwrap_or(0)
    }

    /// The places as arcs, and for each place its arc.
    pub fn network(&self, shown: &[Shown]) -> (Network, Vec<Option<usize>>) {
        let (rows, columns) = (self.rows, self.columns);
        let (source, sink) = (0, rows + columns + 1);
        let mut arcs = Vec::new();
        let mut arc_of = vec![None; self.size()];
        for index in 0..self.size() {
            if !self.has_count(index) {
                continue;
            }
            let (from, to) = match self.place(index) {
                Place::Cell { row, column } => (1 + row, 1 + rows + column),
                Place::RowTotal(row) => (source, 1 + row),
                Place::ColumnTotal(column) => (1 + rows + column, sink),
                Place::GrandTotal => (sink, source),
            };
            let v = u128::from(self.value(index));
            let (least, most) = match shown.get(index).copied().unwrap_or(Shown::Value) {
                Shown::Value => (v, v),
                Shown::Hidden => (1.min(v), UNBOUNDED),
                Shown::Band(lo, hi) => (u128::from(lo), u128::from(hi)),
            };
            if let Some(slot) = arc_of.get_mut(index) {
                *slot = Some(arcs.len());
            }
            arcs.push(Arc {
                from,
                to,
                least,
                most,
                flow: v,
            });
        }
        (
            Network {
                nodes: rows + columns + 2,
                arcs,
            },
            arc_of,
        )
    }

    /// The table whose inner cells carry these flows.
    fn table(&self, like: &CountTable, flows: &[u128], arc_of: &[Option<usize>]) -> CountTable {
        let mut out = like.clone();
        for r in 0..self.rows {
            for c in 0..self.columns {
                let index = r * self.width() + c;
                let Some(arc) = arc_of.get(index).copied().flatten() else {
                    continue;
                };
                let v = flows.get(arc).copied().unwrap_or(0);
                // A witness's cells are at most the unbounded mark, which
                // is below u64::MAX only when capped: `witness` caps it.
                let _ = out.set(r, c, u64::try_from(v).unwrap_or(u64::MAX));
            }
        }
        out
    }
}

/// What a reader can work out about one hidden number: the least and the
/// greatest value it can take in a table of whole numbers that agrees with
/// everything published (every published cell and total, every band, and
/// the rule that zeros are published, so a hidden number is at least 1).
///
/// The two tables are witnesses: real tables, consistent with the
/// publication, in which the number takes its least value and (when it has
/// a greatest) its greatest value; when it has none, one where it is more
/// than the whole true table.
///
/// ```
/// use impact_metrics::disclosure::{CountTable, Disclosure, Place, PublishedCell};
/// // [c] [c] 60 | 62: both hidden cells are exactly 1.
/// let mut table = CountTable::new(["r"], ["a", "b", "c"]);
/// for (c, n) in [1, 1, 60].into_iter().enumerate() {
///     table.set(0, c, n)?;
/// }
/// let hidden = [
///     (Place::Cell { row: 0, column: 0 }, PublishedCell::Suppressed),
///     (Place::Cell { row: 0, column: 1 }, PublishedCell::Suppressed),
///     (Place::ColumnTotal(0), PublishedCell::Suppressed),
///     (Place::ColumnTotal(1), PublishedCell::Suppressed),
/// ];
/// let audit = Disclosure::new(11).audit(&table, &hidden)?;
/// let first = &audit.cells()[0];
/// assert_eq!((first.interval.least, first.interval.greatest), (1, Some(1)));
/// assert!(!audit.is_protected());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Interval {
    /// The least value.
    pub least: u64,
    /// The greatest value; `None` when there is no limit.
    pub greatest: Option<u64>,
    /// A table consistent with the publication where the number is `least`.
    pub least_table: CountTable,
    /// A table consistent with the publication where the number is
    /// `greatest` (or, with no limit, more than the true grand total).
    pub greatest_table: CountTable,
}

/// One hidden number, audited.
///
/// ```
/// use impact_metrics::disclosure::{CountTable, Disclosure, Suppression};
/// let mut table = CountTable::new(["GB", "BD"], ["Q1", "Q2"]);
/// for (r, c, n) in [(0, 0, 3), (0, 1, 40), (1, 0, 50), (1, 1, 60)] {
///     table.set(r, c, n)?;
/// }
/// let published = Disclosure::default().protect(&table)?;
/// let first = &published.audit().cells()[0];
/// assert_eq!(first.suppression, Some(Suppression::Primary));
/// assert!(first.protected);
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CellAudit {
    /// Where it is.
    pub place: Place,
    /// Its true value: confidential.
    pub value: u64,
    /// Primary when its count is from 1 to `k - 1`; `None` for any other
    /// hidden number.
    pub suppression: Option<Suppression>,
    /// What a reader can work out about it.
    pub interval: Interval,
    /// For a primary cell: the interval must reach down to this (its value
    /// less the lower protection level, but no lower than the number of
    /// non-zero cells it sums, 1 for a cell: a reader knows that much).
    pub required_least: u64,
    /// For a primary cell: the interval must reach up to this (its value
    /// plus the upper protection level).
    pub required_greatest: u64,
    /// Whether the interval reaches both; always true for a cell that is
    /// not primary, which needs no protection of its own.
    pub protected: bool,
}

/// Every hidden number of a publication, audited: made by
/// [`Disclosure::audit`](super::Disclosure::audit) and
/// [`Disclosure::protect`](super::Disclosure::protect).
///
/// ```
/// use impact_metrics::disclosure::{CountTable, Disclosure};
/// let mut table = CountTable::new(["GB"], ["Q1"]);
/// table.set(0, 0, 40)?;
/// let audit = Disclosure::default().audit(&table, &[])?;
/// assert!(audit.is_protected());
/// assert!(audit.cells().is_empty() && audit.exposed().is_empty());
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audit {
    pub(crate) cells: Vec<CellAudit>,
    pub(crate) exposed: Vec<Place>,
}

impl Audit {
    /// Each hidden number, row by row, totals last.
    ///
    /// ```
    /// use impact_metrics::disclosure::{CountTable, Disclosure};
    /// assert!(Disclosure::default().audit(&CountTable::new(["GB"], ["Q1"]), &[])?.cells().is_empty());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn cells(&self) -> &[CellAudit] {
        &self.cells
    }

    /// The counts from 1 to `k - 1` that are published as they are.
    ///
    /// ```
    /// use impact_metrics::disclosure::{CountTable, Disclosure, Place};
    /// let mut table = CountTable::new(["GB"], ["Q1"]);
    /// table.set(0, 0, 3)?;
    /// let audit = Disclosure::default().audit(&table, &[])?;
    /// assert_eq!(audit.exposed()[0], Place::Cell { row: 0, column: 0 });
    /// assert!(!audit.is_protected());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn exposed(&self) -> &[Place] {
        &self.exposed
    }

    /// Whether every count from 1 to `k - 1` is hidden and its interval
    /// reaches the protection levels.
    ///
    /// ```
    /// use impact_metrics::disclosure::{CountTable, Disclosure};
    /// assert!(Disclosure::default().audit(&CountTable::new(["GB"], ["Q1"]), &[])?.is_protected());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn is_protected(&self) -> bool {
        self.exposed.is_empty() && self.cells.iter().all(|c| c.protected)
    }

    /// The primary cells whose interval falls short.
    ///
    /// ```
    /// use impact_metrics::disclosure::{CountTable, Disclosure};
    /// assert_eq!(Disclosure::default().audit(&CountTable::new(["GB"], ["Q1"]), &[])?.shortfalls().count(), 0);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn shortfalls(&self) -> impl Iterator<Item = &CellAudit> {
        self.cells.iter().filter(|c| !c.protected)
    }
}

/// What the rules ask of a primary cell's interval.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Requirement {
    pub least: u64,
    pub greatest: u64,
}

impl Requirement {
    /// How far an interval falls short of it, up and down together.
    pub fn shortfall(self, least: u128, greatest: Option<u128>) -> u128 {
        let up = greatest.map_or(0, |g| u128::from(self.greatest).saturating_sub(g));
        let down = least.saturating_sub(u128::from(self.least));
        up + down
    }
}

/// The interval of one place, with its witnesses.
pub(crate) fn interval(
    grid: &Grid,
    like: &CountTable,
    network: &Network,
    arc_of: &[Option<usize>],
    index: usize,
) -> Option<Interval> {
    let arc = arc_of.get(index).copied().flatten()?;
    let flow = network.arcs.get(arc)?.flow;
    let (down, least_flows) = network.shift(arc, false, UNBOUNDED);
    let (up, greatest_flows) = network.shift(arc, true, UNBOUNDED);
    let unbounded = is_unbounded(up);
    let greatest_flows = if unbounded {
        // A finite witness: more than the whole true table.
        let total = u128::from(grid.value(grid.size().saturating_sub(1)));
        network.shift(arc, true, total + 1).1
    } else {
        greatest_flows
    };
    let to_u64 = |v: u128| u64::try_from(v).unwrap_or(u64::MAX);
    Some(Interval {
        least: to_u64(flow.saturating_sub(down)),
        greatest: (!unbounded).then(|| to_u64(flow + up)),
        least_table: grid.table(like, &least_flows, arc_of),
        greatest_table: grid.table(like, &greatest_flows, arc_of),
    })
}

/// How a reader sees each place, from what the caller publishes other
/// than as its value.
pub(crate) fn shown_from(
    grid: &Grid,
    table: &CountTable,
    hidden: &[(Place, PublishedCell)],
) -> Result<Vec<Shown>> {
    let mut shown = vec![Shown::Value; grid.size()];
    for &(place, cell) in hidden {
        let what = || super::label(table, place);
        let index = grid.index(place).ok_or_else(|| Error::Unpublishable {
            what: format!("{place:?}"),
            reason: "it is not in the table".to_string(),
        })?;
        if !grid.has_count(index) {
            return Err(Error::Unpublishable {
                what: what(),
                reason: "it has no figure, so there is nothing to hide".to_string(),
            });
        }
        let v = grid.value(index);
        let how = match cell {
            PublishedCell::Suppressed if v == 0 => {
                return Err(Error::Unpublishable {
                    what: what(),
                    reason: "it is 0, and zeros are published: a reader takes a suppressed cell to be at least 1"
                        .to_string(),
                });
            }
            PublishedCell::Suppressed => Shown::Hidden,
            PublishedCell::Below(k) if v == 0 || v >= k => {
                return Err(Error::Unpublishable {
                    what: what(),
                    reason: format!(
                        "the band <{k} (1 to {}) does not hold its count",
                        k.saturating_sub(1)
                    ),
                });
            }
            PublishedCell::Below(k) => Shown::Band(1, k.saturating_sub(1)),
            PublishedCell::Range(lo, hi) if v < lo || v > hi => {
                return Err(Error::Unpublishable {
                    what: what(),
                    reason: format!("the range {lo}–{hi} does not hold its count"),
                });
            }
            PublishedCell::Range(lo, hi) => Shown::Band(lo, hi),
            other => {
                return Err(Error::Unpublishable {
                    what: what(),
                    reason: format!(
                        "{other} is not a way to hide a number (use a suppression, a band or a range)"
                    ),
                });
            }
        };
        if let Some(slot) = shown.get_mut(index) {
            *slot = how;
        }
    }
    Ok(shown)
}
