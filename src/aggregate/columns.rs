//! Totals of a dataset's figures read from its records
//! ([`Store`]): each series and period is looked at once, so that a
//! figure costs a few array lookups and the one admission check of
//! [`Aggregator::add`], never a hash of its series.

use super::{Aggregator, Entry, Query, Result, SeriesId, SeriesOf, Slot, Table};
use crate::figure::columns::Store;
use crate::figure::observation::{Basis, Observation};
use crate::figure::value::Value;
use crate::period::Period;
use crate::period::months::{self, Span};

/// Where the query puts a selected figure of one period: what
/// [`Aggregator::slot`] says, kept by the period's number.
#[derive(Clone, Copy)]
enum PeriodSlot {
    Unknown,
    Skipped,
    Outside,
    Group(Option<Period>, Span),
}

/// Whether the query selects a series' stated figures, its interpreted
/// ones, both or none.
const STATED: u8 = 1;
const INTERPRETED: u8 = 2;

/// A series not numbered by the aggregator yet.
const UNSEEN: SeriesId = SeriesId::MAX;

/// The totals of a dataset's figures as `query` asks: what adding each
/// figure in turn with [`Aggregator::add`] gives, tables and errors.
pub(crate) fn run_columns(store: &Store, query: &Query) -> Result<Table> {
    let mut aggregator = Aggregator::new(query);
    aggregator.add_columns(store)?;
    aggregator.finish()
}

impl Aggregator {
    /// Adds every figure of `store`, in order, as [`Aggregator::add`]
    /// would add each one: the same slot, series, group and admission,
    /// found once per series and once per period instead of once per
    /// figure. Stops at the first figure refused, with its error.
    pub(crate) fn add_columns(&mut self, store: &Store) -> Result<()> {
        let series = store.series();
        let periods = store.periods();
        let selected: Vec<u8> = series
            .iter()
            .map(|s| {
                let Some(&period) = periods.first() else {
                    return 0;
                };
                let mut figure = Observation::new(s.indicator, period, Value::Count(0));
                figure.country = s.country;
                figure.channel = s.channel;
                figure.partner = s.partner.clone();
                let stated = self.query.selects(&figure);
                figure.basis = Basis::Interpreted;
                let interpreted = self.query.selects(&figure);
                u8::from(stated) * STATED | u8::from(interpreted) * INTERPRETED
            })
            .collect();
        let mut ids = vec![UNSEEN; series.len()];
        let mut slots = vec![PeriodSlot::Unknown; periods.len()];
        for (index, record) in store.records().iter().enumerate() {
            let number = record.series as usize;
            let (Some(&chosen), Some(name), Some(&period)) = (
                selected.get(number),
                series.get(number),
                periods.get(record.period as usize),
            ) else {
                // A figure kept whole: added as it is.
                if let Some(figure) = store.get(index) {
                    self.count(&figure)?;
                }
                continue;
            };
            let interpreted = record.basis() == Basis::Interpreted;
            if chosen & if interpreted { INTERPRETED } else { STATED } == 0 {
                continue;
            }
            let slot = match slots.get(record.period as usize) {
                Some(PeriodSlot::Unknown) | None => {
                    let slot = self.period_slot(store, index, period);
                    if let Some(known) = slots.get_mut(record.period as usize) {
                        *known = slot;
                    }
                    slot
                }
                Some(&slot) => slot,
            };
            match slot {
                PeriodSlot::Unknown | PeriodSlot::Skipped => {}
                PeriodSlot::Outside => {
                    if let Some(figure) = store.get(index) {
                        self.outside.push(figure);
                    }
                }
                PeriodSlot::Group(group_period, span) => {
                    let id = match ids.get(number) {
                        Some(&id) if id != UNSEEN => id,
                        _ => {
                            let id = self.intern(SeriesOf::series(name))?;
                            if let Some(slot) = ids.get_mut(number) {
                                *slot = id;
                            }
                            id
                        }
                    };
                    let group = self.group_of(id, group_period);
                    let value = match record.count() {
                        Some(n) => Value::Count(n),
                        None => match store.value(*record) {
                            Some(value) => value,
                            None => {
                                // Not met: a record's value is always in
                                // its table. Added as the figure it is.
                                if let Some(figure) = store.get(index) {
                                    self.count(&figure)?;
                                }
                                continue;
                            }
                        },
                    };
                    let span = [span];
                    let entry = Entry {
                        indicator: name.indicator,
                        series: id,
                        months: &span,
                        period: Some(period),
                        value,
                        bound: record.bound(),
                        figures: 1,
                        interpreted: usize::from(interpreted),
                    };
                    self.add_at(group, group_period, &entry)?;
                }
            }
        }
        Ok(())
    }

    /// Where the query puts the selected figures of `period`, as
    /// [`Aggregator::slot`] puts the figure at `index` of the store (one of
    /// them).
    fn period_slot(&self, store: &Store, index: usize, period: Period) -> PeriodSlot {
        match store.get(index).map(|figure| self.slot(&figure)) {
            Some(Slot::Group(group_period)) => {
                PeriodSlot::Group(group_period, months::span(period))
            }
            Some(Slot::Outside) => PeriodSlot::Outside,
            Some(Slot::Skipped) | None => PeriodSlot::Skipped,
        }
    }
}
