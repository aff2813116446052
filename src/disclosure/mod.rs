//! Disclosure control: small counts in a published table, suppressed so
//! that no survivor can be picked out, and an audit that proves it.
//!
//! A [`Disclosure`] rule (a threshold `k`, [`Protection`] levels and a
//! [`Cost`]) protects a [`CountTable`] and gives a [`Protected`] table:
//! each [`PublishedCell`] as it can be published, every [`SuppressedCell`]
//! with its [`Suppression`], and the [`Audit`] that shows the pattern
//! holds. [`Disclosure::audit`] audits any pattern a user is about to
//! publish.
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
//! assert!(published.audit().is_protected());
//! # Ok::<(), impact_metrics::Error>(())
//! ```
//!
//! # The method
//!
//! The cell-suppression practice of statistical offices, as tau-Argus and
//! sdcTable apply it (Hundepool et al., *Statistical Disclosure Control*,
//! Wiley, 2012, chapter 4):
//!
//! 1. *Primary suppression*: every count from 1 to `k - 1`, cell or total,
//!    is hidden (`k` = 11 by default, as CTDC publishes). Zeros are
//!    published: a zero identifies no one, and so a reader knows that a
//!    hidden number is at least 1.
//! 2. *Protection levels*: for each primary number `v`, the values a reader
//!    cannot rule out must reach up to `v + upper` and down to
//!    `v - lower`. A hidden number is known to be at least the number of
//!    non-zero cells it sums (1 for a cell), so the lower reach is
//!    asked only down to that floor: a hidden 2 with a lower level of 5 is
//!    protected below when a reader cannot rule out 1. By default both
//!    levels are `k / 2` rounded down, at least 1 (5 for `k` = 11); an
//!    absolute number or a percentage of the count can be set instead
//!    ([`Level`]).
//! 3. *The audit*: for each hidden number, its least and greatest value
//!    over every table of non-negative whole numbers that agrees with all
//!    that is published (every cell, every total, every band, and the
//!    rules above). A table with its margins is a network (a flow from the
//!    row totals through the cells to the column totals), so each of these
//!    is a maximum-flow problem; its optimum is whole because every bound
//!    is, so it is the integer answer and equals the linear program's. The
//!    audit also returns, for each end of each interval, a table that
//!    reaches it: anyone can check that table against the publication.
//! 4. *Secondary suppression*: while a primary number falls short, the
//!    published number that best closes its gap for its cost is hidden too
//!    (inner cells before totals); then every secondary number whose
//!    suppression is not needed is published again, totals and costly
//!    ones first. [`Cost::Cells`] hides as few numbers as it can,
//!    [`Cost::Value`] as little of the total count. [`protect`](Disclosure::protect)
//!    returns a pattern only once its own audit passes.
//!
//! # How close to the least suppression
//!
//! Measured on 300 generated tables (2 × 2 to 3 × 3 with their totals, k
//! of 3, 5 or 11, the default levels; 242 of them with a count below k),
//! against the least extra suppression that passes the same audit, found
//! by trying every pattern:
//!
//! | cost | this method | least possible | at the least |
//! |---|---:|---:|---:|
//! | fewest cells ([`Cost::Cells`]) | 772 cells | 750 (+2.9%) | 281 of 300 tables |
//! | least value ([`Cost::Value`]) | 28,585 | 27,116 (+5.4%) | 243 of 300 tables |
//!
//! Reproduce with `cargo run --release --example disclosure_optimum`.
//!
//! Time to protect a table with a quarter of its counts below 11
//! (`cargo bench --bench disclosure`, 2026-12-01, median, on a machine
//! shared with other builds): 5 × 2 in 0.33 ms, 10 × 5 in 7.8 ms,
//! 20 × 10 in 136 ms. Each step of secondary suppression audits every
//! candidate, so the time grows faster than the table: a few hundred
//! cells is the scale it is made for.
//!
//! # What it does not protect against
//!
//! - A reader who knows some of the counts already (a survivor's own
//!   row, a partner's own figures): the audit assumes only what is
//!   published is known.
//! - Tables published separately whose numbers add up across them:
//!   publish linked tables from one protected table (as `impact report
//!   --suppress` does with the cube of each indicator), or audit them
//!   together.
//! - Relations between indicators (survivors repatriated are survivors
//!   cared for): indicators are protected one table each.
//! - Differencing over time (this half-year and the year to date).
//!
//! # Marks
//!
//! `[c]` suppressed, `-` no figure (the partners gave none, which is not
//! zero), `..` no partner works there; [`PublishedCell::LEGEND`] says so
//! in words, for every output.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::findings::{Finding, Findings, Severity};
use crate::rules::RuleId;

mod audit;
mod network;
mod table;

pub use audit::{Audit, CellAudit, Interval, Place};
pub use table::CountTable;

use audit::{Grid, Requirement, Shown};
use table::Entry;

/// How far a primary cell's interval must reach beyond its count, on one
/// side: an absolute number, or a percentage of the count (rounded up).
///
/// `Display` and `FromStr` share one form: `5` or `50%`.
///
/// ```
/// use impact_metrics::disclosure::Level;
/// assert_eq!(Level::Absolute(5).amount(2), 5);
/// assert_eq!(Level::Percent(50).amount(3), 2); // 1.5, rounded up
/// assert_eq!("50%".parse::<Level>()?, Level::Percent(50));
/// assert_eq!(Level::Absolute(5).to_string(), "5");
/// assert_eq!(
///     "five".parse::<Level>().unwrap_err().to_string(),
///     "invalid number \"five\": a protection level is a whole number (5) or a percentage (50%)"
/// );
/// # Ok::<(), impact_metrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Level {
    /// This many above (or below) the count.
    Absolute(u64),
    /// This percentage of the count, rounded up.
    Percent(u64),
}

impl Level {
    /// The reach this level asks of a count of `value`.
    ///
    /// ```
    /// use impact_metrics::disclosure::Level;
    /// assert_eq!(Level::Percent(10).amount(1), 1);
    /// assert_eq!(Level::Percent(0).amount(9), 0);
    /// ```
    #[must_use]
    pub fn amount(self, value: u64) -> u64 {
        match self {
            Level::Absolute(n) => n,
            Level::Percent(p) => {
                let scaled = u128::from(value) * u128::from(p);
                u64::try_from(scaled.div_ceil(100)).unwrap_or(u64::MAX)
            }
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Absolute(n) => write!(f, "{n}"),
            Level::Percent(p) => write!(f, "{p}%"),
        }
    }
}

impl FromStr for Level {
    type Err = Error;

    fn from_str(input: &str) -> Result<Level> {
        let text = input.trim();
        let bad = || Error::InvalidNumber {
            input: input.to_string(),
            reason: "a protection level is a whole number (5) or a percentage (50%)".to_string(),
        };
        match text.strip_suffix('%') {
            Some(p) => p.trim().parse().map(Level::Percent).map_err(|_| bad()),
            None => text.parse().map(Level::Absolute).map_err(|_| bad()),
        }
    }
}

/// The upper and lower protection levels a primary cell's interval must
/// reach.
///
/// ```
/// use impact_metrics::disclosure::{Level, Protection};
/// assert_eq!(Protection::for_k(11), Protection::both(Level::Absolute(5)));
/// assert_eq!(Protection::for_k(1).upper, Level::Absolute(1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Protection {
    /// How far above the count.
    pub upper: Level,
    /// How far below the count (down to the floor a reader knows).
    pub lower: Level,
}

impl Protection {
    /// The default for a threshold: `k / 2` rounded down, at least 1, on
    /// both sides.
    ///
    /// ```
    /// use impact_metrics::disclosure::{Level, Protection};
    /// assert_eq!(Protection::for_k(5).lower, Level::Absolute(2));
    /// ```
    #[must_use]
    pub fn for_k(k: u64) -> Protection {
        Protection::both(Level::Absolute((k / 2).max(1)))
    }

    /// The same level on both sides.
    ///
    /// ```
    /// use impact_metrics::disclosure::{Level, Protection};
    /// assert_eq!(Protection::both(Level::Percent(30)).upper, Level::Percent(30));
    /// ```
    #[must_use]
    pub fn both(level: Level) -> Protection {
        Protection {
            upper: level,
            lower: level,
        }
    }

    /// Different levels above and below.
    ///
    /// ```
    /// use impact_metrics::disclosure::{Level, Protection};
    /// let p = Protection::new(Level::Absolute(5), Level::Absolute(2));
    /// assert_eq!((p.upper, p.lower), (Level::Absolute(5), Level::Absolute(2)));
    /// ```
    #[must_use]
    pub fn new(upper: Level, lower: Level) -> Protection {
        Protection { upper, lower }
    }
}

/// What secondary suppression keeps small.
///
/// ```
/// use impact_metrics::disclosure::{Cost, Disclosure};
/// assert_eq!(Disclosure::default().cost, Cost::Cells);
/// assert_eq!(Disclosure::default().with_cost(Cost::Value).cost, Cost::Value);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cost {
    /// As few hidden numbers as it can.
    Cells,
    /// As little hidden count as it can (the sum of the hidden values).
    Value,
}

/// Disclosure control: the threshold `k`, the protection levels and what
/// secondary suppression keeps small. See the [module docs](self) for the
/// method, its guarantee and its limits.
///
/// A table of counts (countries by channels, ...) is published with its
/// row, column and grand totals. [`protect`](Disclosure::protect) hides
/// every count from 1 to `k - 1` and enough other numbers that each hidden
/// small count could be, for all a reader can tell, at least the upper
/// protection level more and the lower level less (down to 1).
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
/// let three = &published.audit().cells()[0];
/// assert_eq!(three.interval.least, 1); // as low as a reader can think
/// assert!(three.interval.greatest.is_some_and(|g| g >= 3 + 5));
/// # Ok::<(), impact_metrics::Error>(())
/// ```
///
/// The settings:
///
/// ```
/// use impact_metrics::disclosure::{Disclosure, Level, Protection};
/// assert_eq!(Disclosure::default().k, 11);
/// assert_eq!(Disclosure::new(5).k, 5);
/// assert_eq!(Disclosure::new(11).protection, Protection::both(Level::Absolute(5)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Disclosure {
    /// Counts from 1 to `k - 1` are suppressed.
    pub k: u64,
    /// How far each suppressed small count's interval must reach.
    pub protection: Protection,
    /// What secondary suppression keeps small.
    pub cost: Cost,
}

impl Default for Disclosure {
    /// `k` = 11, as the Counter Trafficking Data Collaborative (CTDC)
    /// publishes, protection levels of 5, fewest cells.
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
    /// nothing), with [`Protection::for_k`] and [`Cost::Cells`].
    ///
    /// ```
    /// use impact_metrics::disclosure::{Cost, Disclosure};
    /// assert_eq!(Disclosure::new(3).cost, Cost::Cells);
    /// ```
    #[must_use]
    pub fn new(k: u64) -> Disclosure {
        Disclosure {
            k,
            protection: Protection::for_k(k),
            cost: Cost::Cells,
        }
    }

    /// With other protection levels.
    ///
    /// ```
    /// use impact_metrics::disclosure::{Disclosure, Level, Protection};
    /// let d = Disclosure::new(11).with_protection(Protection::both(Level::Percent(50)));
    /// assert_eq!(d.protection.upper, Level::Percent(50));
    /// ```
    #[must_use]
    pub fn with_protection(mut self, protection: Protection) -> Disclosure {
        self.protection = protection;
        self
    }

    /// With another cost for secondary suppression.
    ///
    /// ```
    /// use impact_metrics::disclosure::{Cost, Disclosure};
    /// assert_eq!(Disclosure::new(11).with_cost(Cost::Value).cost, Cost::Value);
    /// ```
    #[must_use]
    pub fn with_cost(mut self, cost: Cost) -> Disclosure {
        self.cost = cost;
        self
    }

    fn is_small(&self, value: u64) -> bool {
        value > 0 && value < self.k
    }

    fn requirement(&self, grid: &Grid, index: usize) -> Requirement {
        let v = grid.value(index);
        let floor = grid.parts.get(index).copied().unwrap_or(1).max(1);
        Requirement {
            least: v
                .saturating_sub(self.protection.lower.amount(v))
                .max(floor)
                .min(v),
            greatest: v.saturating_add(self.protection.upper.amount(v)),
        }
    }

    /// The table as it can be published, with what was suppressed, why,
    /// and the audit that shows every small count protected. See the
    /// [module docs](self) for the method and its guarantee.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when a row, column or grand total does not fit a
    /// `u64`; [`Error::Unpublishable`] if no pattern passes the audit
    /// (suppressing every non-zero number always does, so this would be a
    /// fault of the method, refused rather than published).
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
    /// assert!(published.audit().is_protected());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn protect(&self, table: &CountTable) -> Result<Protected> {
        let grid = Grid::extend(table)?;
        let size = grid.size();
        let mut shown = vec![Shown::Value; size];
        let primaries: Vec<usize> = (0..size)
            .filter(|&i| grid.has_count(i) && self.is_small(grid.value(i)))
            .collect();
        for &p in &primaries {
            set(&mut shown, p, Shown::Hidden);
        }
        let needs: Vec<(usize, Requirement)> = primaries
            .iter()
            .map(|&p| (p, self.requirement(&grid, p)))
            .collect();
        let mut secondary = vec![false; size];
        while let Some((p, need, short)) = first_short(&grid, &shown, &needs) {
            let candidates: Vec<usize> = (0..size)
                .filter(|&i| {
                    grid.has_count(i) && grid.value(i) > 0 && shown.get(i) == Some(&Shown::Value)
                })
                .collect();
            if candidates.is_empty() {
                return Err(Error::Unpublishable {
                    what: label(table, grid.place(p)),
                    reason: "no pattern of suppressed cells protects it".to_string(),
                });
            }
            let mut best: Option<Choice> = None;
            for &q in &candidates {
                set(&mut shown, q, Shown::Hidden);
                let after = shortfall(&grid, &shown, p, need);
                set(&mut shown, q, Shown::Value);
                if after >= short {
                    continue;
                }
                let choice = Choice {
                    index: q,
                    margin: is_margin(&grid, q),
                    after,
                    gain: short - after,
                    cost: self.cost_of(&grid, q),
                    value: grid.value(q),
                };
                if best.as_ref().is_none_or(|b| choice.better_than(b)) {
                    best = Some(choice);
                }
            }
            // No single number closes any of the gap: hide the cheapest
            // one in the primary's row or column (or anywhere), so that the
            // next step can; the pattern only grows, towards hiding all.
            let chosen = best.map(|b| b.index).or_else(|| {
                let key = |&q: &usize| {
                    (
                        is_margin(&grid, q),
                        self.cost_of(&grid, q),
                        grid.value(q),
                        q,
                    )
                };
                let (pr, pc) = (p / grid.width(), p % grid.width());
                candidates
                    .iter()
                    .copied()
                    .filter(|&q| q / grid.width() == pr || q % grid.width() == pc)
                    .min_by_key(key)
                    .or_else(|| candidates.iter().copied().min_by_key(key))
            });
            let Some(q) = chosen else { break };
            set(&mut shown, q, Shown::Hidden);
            if let Some(s) = secondary.get_mut(q) {
                *s = true;
            }
        }
        // Publish again every secondary number that is not needed: totals
        // first, then the costliest.
        let mut added: Vec<usize> = (0..size)
            .filter(|&i| secondary.get(i).copied().unwrap_or(false))
            .collect();
        added.sort_by_key(|&q| {
            std::cmp::Reverse((is_margin(&grid, q), self.cost_of(&grid, q), grid.value(q)))
        });
        for q in added {
            set(&mut shown, q, Shown::Value);
            if first_short(&grid, &shown, &needs).is_some() {
                set(&mut shown, q, Shown::Hidden);
            } else if let Some(s) = secondary.get_mut(q) {
                *s = false;
            }
        }
        let audit = self.audit_shown(&grid, table, &shown, |i| {
            if secondary.get(i).copied().unwrap_or(false) {
                Some(Suppression::Secondary)
            } else {
                Some(Suppression::Primary)
            }
        });
        if let Some(failing) = audit.shortfalls().next() {
            return Err(Error::Unpublishable {
                what: label(table, failing.place),
                reason: "no pattern of suppressed cells protects it".to_string(),
            });
        }
        Ok(self.publish(table, &grid, &shown, audit))
    }

    fn cost_of(&self, grid: &Grid, index: usize) -> u128 {
        match self.cost {
            Cost::Cells => 1,
            Cost::Value => u128::from(grid.value(index)),
        }
    }

    /// Audits a publication of `table`: every number is published as it is
    /// except those in `hidden`, each published as
    /// [`PublishedCell::Suppressed`], a band [`PublishedCell::Below`]
    /// (read as 1 to `k - 1`, since zeros are published) or a
    /// [`PublishedCell::Range`]. Returns each hidden number's interval,
    /// with witness tables, and whether every count from 1 to `k - 1` is
    /// hidden and protected to this rule's levels.
    ///
    /// # Errors
    ///
    /// [`Error::Unpublishable`] when a place is not in the table or has no
    /// figure, when a zero is suppressed (zeros are published, so a reader
    /// would rule out the truth), when a band or range does not hold the
    /// true count, or when a place is "hidden" as a value or a mark that
    /// hides nothing; [`Error::Overflow`] when a total does not fit a
    /// `u64`.
    ///
    /// ```
    /// use impact_metrics::disclosure::{CountTable, Disclosure, Place, PublishedCell};
    /// // <11 <11 60 | 62: the bands pin both cells to 1.
    /// let mut table = CountTable::new(["r"], ["a", "b", "c"]);
    /// for (c, n) in [1, 1, 60].into_iter().enumerate() {
    ///     table.set(0, c, n)?;
    /// }
    /// let band = PublishedCell::Below(11);
    /// let hidden = [
    ///     (Place::Cell { row: 0, column: 0 }, band),
    ///     (Place::Cell { row: 0, column: 1 }, band),
    ///     (Place::ColumnTotal(0), band),
    ///     (Place::ColumnTotal(1), band),
    /// ];
    /// let audit = Disclosure::new(11).audit(&table, &hidden)?;
    /// assert_eq!(audit.cells()[1].interval.greatest, Some(1));
    /// assert!(!audit.is_protected());
    ///
    /// let zero = [(Place::Cell { row: 0, column: 0 }, PublishedCell::Suppressed)];
    /// table.set(0, 0, 0)?;
    /// assert_eq!(
    ///     Disclosure::new(11).audit(&table, &zero).unwrap_err().to_string(),
    ///     "cannot publish r × a: it is 0, and zeros are published: a reader takes a suppressed cell to be at least 1"
    /// );
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    pub fn audit(&self, table: &CountTable, hidden: &[(Place, PublishedCell)]) -> Result<Audit> {
        let grid = Grid::extend(table)?;
        let shown = audit::shown_from(&grid, table, hidden)?;
        Ok(self.audit_shown(&grid, table, &shown, |i| {
            self.is_small(grid.value(i)).then_some(Suppression::Primary)
        }))
    }

    fn audit_shown(
        &self,
        grid: &Grid,
        table: &CountTable,
        shown: &[Shown],
        suppression: impl Fn(usize) -> Option<Suppression>,
    ) -> Audit {
        let (network, arc_of) = grid.network(shown);
        let mut cells = Vec::new();
        let mut exposed = Vec::new();
        for index in 0..grid.size() {
            if !grid.has_count(index) {
                continue;
            }
            let v = grid.value(index);
            let how = shown.get(index).copied().unwrap_or(Shown::Value);
            if how == Shown::Value {
                if self.is_small(v) {
                    exposed.push(grid.place(index));
                }
                continue;
            }
            let Some(interval) = audit::interval(grid, table, &network, &arc_of, index) else {
                continue;
            };
            let primary = self.is_small(v);
            let need = self.requirement(grid, index);
            let protected = !primary
                || need.shortfall(
                    u128::from(interval.least),
                    interval.greatest.map(u128::from),
                ) == 0;
            cells.push(CellAudit {
                place: grid.place(index),
                value: v,
                suppression: if primary {
                    Some(Suppression::Primary)
                } else {
                    suppression(index).filter(|s| *s != Suppression::Primary)
                },
                interval,
                required_least: need.least,
                required_greatest: need.greatest,
                protected,
            });
        }
        Audit { cells, exposed }
    }

    fn publish(&self, table: &CountTable, grid: &Grid, shown: &[Shown], audit: Audit) -> Protected {
        let mut cells = Vec::with_capacity(grid.size());
        let mut list = Vec::new();
        let mut report = Findings::new();
        for index in 0..grid.size() {
            let place = grid.place(index);
            let how = shown.get(index).copied().unwrap_or(Shown::Value);
            let value = grid.value(index);
            cells.push(match (grid.kind.get(index), how) {
                (Some(Entry::NoPartner), _) => PublishedCell::NoPartner,
                (Some(Entry::NoFigure) | None, _) => PublishedCell::NoFigure,
                (Some(Entry::Count(_)), Shown::Value) => PublishedCell::Value(value),
                (Some(Entry::Count(_)), Shown::Hidden) => PublishedCell::Suppressed,
                (Some(Entry::Count(_)), Shown::Band(lo, hi)) => PublishedCell::Range(lo, hi),
            });
            if how == Shown::Value || !grid.has_count(index) {
                continue;
            }
            let suppression = if self.is_small(value) {
                Suppression::Primary
            } else {
                Suppression::Secondary
            };
            let (row, column) = match place {
                Place::Cell { row, column } => (Some(row), Some(column)),
                Place::RowTotal(row) => (Some(row), None),
                Place::ColumnTotal(column) => (None, Some(column)),
                Place::GrandTotal => (None, None),
            };
            list.push(SuppressedCell {
                row,
                column,
                place,
                value,
                suppression,
            });
            let name = label(table, place);
            let finding = match suppression {
                Suppression::Primary => Finding::new(
                    Severity::Note,
                    RuleId::DISCLOSURE_PRIMARY,
                    format!(
                        "{name}: suppressed, as a count below k = {} could identify a person",
                        self.k
                    ),
                ),
                Suppression::Secondary => Finding::new(
                    Severity::Note,
                    RuleId::DISCLOSURE_SECONDARY,
                    format!(
                        "{name}: suppressed as well, so that no count below k = {} can be narrowed \
                         down from the published cells and totals",
                        self.k
                    ),
                ),
            };
            let (row_name, column_name) = names(table, place);
            report.push(
                finding
                    .with_value("row", row_name)
                    .with_value("column", column_name),
            );
        }
        Protected {
            rows: table.rows().to_vec(),
            columns: table.columns().to_vec(),
            cells,
            suppressed: list,
            report,
            k: self.k,
            audit,
        }
    }
}

/// Sets one place's treatment.
fn set(shown: &mut [Shown], index: usize, how: Shown) {
    if let Some(slot) = shown.get_mut(index) {
        *slot = how;
    }
}

fn is_margin(grid: &Grid, index: usize) -> bool {
    !matches!(grid.place(index), Place::Cell { .. })
}

/// The first primary number that falls short, with its requirement and
/// by how much.
fn first_short(
    grid: &Grid,
    shown: &[Shown],
    needs: &[(usize, Requirement)],
) -> Option<(usize, Requirement, u128)> {
    let (network, arc_of) = grid.network(shown);
    needs.iter().find_map(|&(p, need)| {
        let arc = arc_of.get(p).copied().flatten()?;
        let (least, greatest) = network.range(arc);
        let short = need.shortfall(least, greatest);
        (short > 0).then_some((p, need, short))
    })
}

/// How far one primary number falls short under this pattern.
fn shortfall(grid: &Grid, shown: &[Shown], p: usize, need: Requirement) -> u128 {
    let (network, arc_of) = grid.network(shown);
    let Some(arc) = arc_of.get(p).copied().flatten() else {
        return 0;
    };
    let (least, greatest) = network.range(arc);
    need.shortfall(least, greatest)
}

/// A number that could be hidden next, and what hiding it would do.
struct Choice {
    index: usize,
    margin: bool,
    after: u128,
    gain: u128,
    cost: u128,
    value: u64,
}

impl Choice {
    /// Inner cells before totals; one that closes the gap, the cheapest;
    /// otherwise the least cost for each unit of the gap it closes.
    fn better_than(&self, other: &Choice) -> bool {
        use std::cmp::Ordering;
        let order = self
            .margin
            .cmp(&other.margin)
            .then((self.after > 0).cmp(&(other.after > 0)))
            .then_with(|| {
                if self.after == 0 {
                    self.cost.cmp(&other.cost)
                } else {
                    (self.cost.saturating_mul(other.gain))
                        .cmp(&other.cost.saturating_mul(self.gain))
                }
            })
            .then(self.value.cmp(&other.value))
            .then(self.index.cmp(&other.index));
        order == Ordering::Less
    }
}

/// The row's and the column's name of a place ("Total" for a total).
fn names(table: &CountTable, place: Place) -> (&str, &str) {
    let row = |r: usize| table.rows().get(r).map_or("Total", String::as_str);
    let column = |c: usize| table.columns().get(c).map_or("Total", String::as_str);
    match place {
        Place::Cell { row: r, column: c } => (row(r), column(c)),
        Place::RowTotal(r) => (row(r), "Total"),
        Place::ColumnTotal(c) => ("Total", column(c)),
        Place::GrandTotal => ("Total", "Total"),
    }
}

/// A place as people name it: "GB × direct", "Total × direct".
fn label(table: &CountTable, place: Place) -> String {
    let (row, column) = names(table, place);
    format!("{row} × {column}")
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
    /// It protects the small counts from being worked out.
    Secondary,
}

/// A cell as published.
///
/// `Display` writes the count, `[c]` for a suppressed cell, `-` for a cell
/// with no figure, `..` where no partner works, and a band or range as
/// `<11` or `1–10` (the audit reads both; [`Disclosure::protect`] makes
/// neither).
///
/// ```
/// use impact_metrics::disclosure::PublishedCell;
/// assert_eq!(PublishedCell::Value(86).to_string(), "86");
/// assert_eq!(PublishedCell::NoFigure.to_string(), "-");
/// assert_eq!(PublishedCell::NoPartner.to_string(), "..");
/// assert_eq!(PublishedCell::Suppressed.to_string(), "[c]");
/// assert_eq!(PublishedCell::Below(11).to_string(), "<11");
/// assert_eq!(PublishedCell::Range(1, 10).to_string(), "1–10");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PublishedCell {
    /// The count.
    Value(u64),
    /// Left out.
    Suppressed,
    /// Fewer than this, and more than zero (zeros are published).
    Below(u64),
    /// Between these two, both included.
    Range(u64, u64),
    /// The source gives no figure (which is not zero).
    NoFigure,
    /// No partner works here.
    NoPartner,
}

impl PublishedCell {
    /// The marks and what they mean, for the legend of every output.
    ///
    /// ```
    /// use impact_metrics::disclosure::PublishedCell;
    /// assert_eq!(PublishedCell::LEGEND[0].0, "[c]");
    /// assert_eq!(PublishedCell::LEGEND.len(), 3);
    /// ```
    pub const LEGEND: [(&'static str, &'static str); 3] = [
        (
            "[c]",
            "suppressed: not published, so that no small count can be worked out",
        ),
        ("-", "no figure: none was reported, which is not zero"),
        ("..", "no partner works here"),
    ];

    /// The mark of a cell that is not a number, as in [`PublishedCell::LEGEND`].
    ///
    /// ```
    /// use impact_metrics::disclosure::PublishedCell;
    /// assert_eq!(PublishedCell::Suppressed.mark(), Some("[c]"));
    /// assert_eq!(PublishedCell::Value(3).mark(), None);
    /// ```
    #[must_use]
    pub fn mark(self) -> Option<&'static str> {
        match self {
            PublishedCell::Suppressed => Some("[c]"),
            PublishedCell::NoFigure => Some("-"),
            PublishedCell::NoPartner => Some(".."),
            _ => None,
        }
    }
}

impl fmt::Display for PublishedCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            PublishedCell::Value(n) => n.to_string(),
            PublishedCell::Below(k) => format!("<{k}"),
            PublishedCell::Range(lo, hi) => format!("{lo}–{hi}"),
            other => other.mark().unwrap_or_default().to_string(),
        };
        f.pad(&text)
    }
}

/// A suppressed cell: where it is, its true value, and why. Confidential:
/// for the team that protects the table, never for publication.
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
    /// Where it is.
    pub place: Place,
    /// The count that is not published: confidential.
    pub value: u64,
    /// Why.
    pub suppression: Suppression,
}

/// A table ready to publish: made by [`Disclosure::protect`].
///
/// `Display` writes it as aligned text, totals last, with a legend of the
/// marks it uses; never a suppressed count.
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
///      Total   53  100    153\n\
///      [c]  suppressed: not published, so that no small count can be worked out\n"
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
    audit: Audit,
}

impl Protected {
    fn at(&self, r: usize, c: usize) -> Option<PublishedCell> {
        let width = self.columns.len() + 1;
        if r > self.rows.len() || c >= width {
            return None;
        }
        self.cells.get(r * width + c).copied()
    }

    /// A number of the table as published: a cell or a total; `None` past
    /// the end.
    ///
    /// ```
    /// use impact_metrics::disclosure::{CountTable, Disclosure, Place, PublishedCell};
    /// let mut table = CountTable::new(["GB"], ["Q1"]);
    /// table.set(0, 0, 40)?;
    /// let published = Disclosure::default().protect(&table)?;
    /// assert_eq!(published.place(Place::GrandTotal), Some(PublishedCell::Value(40)));
    /// assert_eq!(published.place(Place::RowTotal(1)), None);
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn place(&self, place: Place) -> Option<PublishedCell> {
        let (rows, columns) = (self.rows.len(), self.columns.len());
        match place {
            Place::Cell { row, column } if row < rows && column < columns => self.at(row, column),
            Place::RowTotal(row) if row < rows => self.at(row, columns),
            Place::ColumnTotal(column) if column < columns => self.at(rows, column),
            Place::GrandTotal => self.at(rows, columns),
            _ => None,
        }
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
        self.place(Place::Cell { row, column })
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
        self.place(Place::RowTotal(row))
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
        self.place(Place::ColumnTotal(column))
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
        self.place(Place::GrandTotal)
            .unwrap_or(PublishedCell::Suppressed)
    }

    /// Every suppressed cell, row by row, totals last, with its true
    /// value: confidential.
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

    /// The places [`Protected::suppressed`] lists, for
    /// [`Disclosure::audit`]: the pattern, with no value.
    ///
    /// ```
    /// use impact_metrics::disclosure::{CountTable, Disclosure, PublishedCell};
    /// let mut table = CountTable::new(["GB", "BD"], ["Q1", "Q2"]);
    /// for (r, c, n) in [(0, 0, 3), (0, 1, 40), (1, 0, 50), (1, 1, 60)] {
    ///     table.set(r, c, n)?;
    /// }
    /// let rule = Disclosure::default();
    /// let pattern = rule.protect(&table)?.pattern();
    /// assert!(pattern.iter().all(|(_, cell)| *cell == PublishedCell::Suppressed));
    /// assert!(rule.audit(&table, &pattern)?.is_protected());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn pattern(&self) -> Vec<(Place, PublishedCell)> {
        self.suppressed
            .iter()
            .map(|s| (s.place, PublishedCell::Suppressed))
            .collect()
    }

    /// The audit of this table as published: each hidden number's interval,
    /// with witness tables. Confidential: it holds the true values.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure};
    /// let mut table = CountTable::new(["RO", "BD"], ["repatriated"]);
    /// table.set(0, 0, 2)?;
    /// table.set(1, 0, 86)?;
    /// assert!(Disclosure::default().protect(&table)?.audit().is_protected());
    /// # Ok::<(), impact_metrics::Error>(())
    /// ```
    #[must_use]
    pub fn audit(&self) -> &Audit {
        &self.audit
    }

    /// What was suppressed and why, as notes (`disclosure.primary`,
    /// `disclosure.secondary`), with no value. They say which cells are
    /// small, so they are for the team, not for publication.
    ///
    /// ```
    /// use impact_metrics::{disclosure::CountTable, disclosure::Disclosure};
    /// let mut table = CountTable::new(["RO", "BD"], ["repatriated"]);
    /// table.set(0, 0, 2)?;
    /// table.set(1, 0, 86)?;
    /// let published = Disclosure::default().protect(&table)?;
    /// let first = &published.findings().findings()[0];
    /// assert_eq!(first.rule, "disclosure.primary");
    /// assert_eq!(first.message, "RO × repatriated: suppressed, as a count below k = 11 could identify a person");
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
        for (mark, meaning) in PublishedCell::LEGEND {
            if self.cells.iter().any(|c| c.mark() == Some(mark)) {
                writeln!(f, "{mark:<3}  {meaning}")?;
            }
        }
        Ok(())
    }
}
