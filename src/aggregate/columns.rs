//! Totals of a dataset's figures read from its records
//! ([`Store`]): each series and period is looked at once, so that a
//! figure costs a few array lookups and the one admission check of
//! [`Aggregator::add`], never a hash of its series.

use super::{Aggregator, Entry, Query, Result, SeriesId, SeriesOf, Slot, Table};
use crate::figure::columns::Store;
use crate::figure::observation::{Basis, Observation};
use crate::figure::value::Value;
use crate::hash::FastMap;
use crate::indicator::Indicator;
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

/// How many figures a dataset has at least before its totals are worked
/// out on more than one thread: below, starting threads costs more than
/// it saves.
const PARALLEL_FROM: usize = 1 << 17;

/// How many figures a series has at least, on average, before the totals
/// are worked out on more than one thread.
const FIGURES_A_SERIES: usize = 32;

/// The totals of a dataset's figures as `query` asks, on up to `threads`
/// threads: what adding each figure in turn with [`Aggregator::add`]
/// gives, tables and errors, for every number of threads.
///
/// On several threads, each adds the figures of its own groups (every
/// figure of a group without its period, and so of a series, goes to one
/// thread: [`super::shard`]), in the dataset's order, and the totals are
/// merged ([`Aggregator::merge`]). The parts never share a group or a
/// series, so each part's checks are those of the whole; should any part
/// refuse a figure, the figures are added again on one thread, so that
/// the error is the one of the first figure refused in the dataset's
/// order.
pub(crate) fn run_columns(store: &Store, query: &Query, threads: usize) -> Result<Table> {
    // Merging costs about what adding a series' figures does, so the
    // threads pay only when series have many figures each.
    let many = store.len() >= PARALLEL_FROM
        && store.len() / store.series().len().max(1) >= FIGURES_A_SERIES;
    let threads = if many { threads.clamp(1, 64) } else { 1 };
    in_parts(store, query, threads)
}

/// [`run_columns`] on exactly `threads` threads (at least one), however
/// few figures there are.
fn in_parts(store: &Store, query: &Query, threads: usize) -> Result<Table> {
    let threads = threads.max(1);
    let plan = Plan::new(store, query, threads);
    if threads > 1 {
        let parts: Vec<Option<Aggregator>> = std::thread::scope(|scope| {
            let running: Vec<_> = (0..threads)
                .map(|part| {
                    let plan = &plan;
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || {
                            let mut aggregator = Aggregator::new(query);
                            aggregator.add_columns(store, plan, Some(part)).ok()?;
                            Some(aggregator)
                        })
                        .ok()
                })
                .collect();
            // A thread that could not start, or did not finish, leaves
            // its part empty, and the figures are added on one thread.
            running
                .into_iter()
                .map(|thread| thread.and_then(|t| t.join().ok().flatten()))
                .collect()
        });
        let mut parts = parts.into_iter();
        if let Some(Some(mut whole)) = parts.next() {
            let merged = parts.try_for_each(|part| match part {
                Some(part) => whole.merge(part).ok(),
                None => None,
            });
            if merged.is_some() {
                return whole.finish();
            }
        }
    }
    let mut aggregator = Aggregator::new(query);
    aggregator.add_columns(store, &plan, None)?;
    aggregator.finish()
}

/// What the query makes of each series of a dataset, found once: whether
/// it selects the series' stated and interpreted figures, and the part
/// (thread) that adds its figures.
struct Plan {
    /// By the dataset's series number: 8 bytes a series, so that a figure
    /// reads few bytes besides its record.
    series: Vec<SeriesPlan>,
    /// The series' indicators, each once.
    indicators: Vec<Indicator>,
    /// How many parts there are.
    parts: usize,
}

/// What the query makes of one series.
#[derive(Clone, Copy)]
struct SeriesPlan {
    /// The part that adds its figures.
    part: u32,
    /// Its indicator's index in [`Plan::indicators`].
    indicator: u16,
    /// [`STATED`] and [`INTERPRETED`] bits.
    chosen: u8,
}

impl Plan {
    fn new(store: &Store, query: &Query, parts: usize) -> Plan {
        let periods = store.periods();
        let mut indicators = Vec::new();
        let mut numbers: FastMap<Indicator, u16> = FastMap::default();
        let series = store
            .series()
            .iter()
            .map(|s| {
                let none = SeriesPlan {
                    part: 0,
                    indicator: u16::MAX,
                    chosen: 0,
                };
                let Some(&period) = periods.first() else {
                    return none;
                };
                let indicator = match numbers.get(&s.indicator) {
                    Some(&n) => n,
                    None => {
                        // Past u16::MAX indicators, the rest are read from
                        // the series.
                        let n = u16::try_from(indicators.len()).unwrap_or(u16::MAX);
                        if n < u16::MAX {
                            numbers.insert(s.indicator, n);
                            indicators.push(s.indicator);
                        }
                        n
                    }
                };
                let mut figure = Observation::new(s.indicator, period, Value::Count(0));
                figure.country = s.country;
                figure.channel = s.channel;
                figure.partner = s.partner.clone();
                let stated = query.selects(&figure);
                figure.basis = Basis::Interpreted;
                let interpreted = query.selects(&figure);
                let chosen = (u8::from(stated) * STATED) | (u8::from(interpreted) * INTERPRETED);
                SeriesPlan {
                    part: u32::try_from(super::shard(query, &figure, parts)).unwrap_or(0),
                    indicator,
                    chosen,
                }
            })
            .collect();
        Plan {
            series,
            indicators,
            parts,
        }
    }
}

impl Aggregator {
    /// Adds every figure of `store` (of the plan's `part` only, when
    /// given), in order, as [`Aggregator::add`] would add each one: the
    /// same slot, series, group and admission, found once per series and
    /// once per period instead of once per figure. Stops at the first
    /// figure refused, with its error.
    fn add_columns(&mut self, store: &Store, plan: &Plan, part: Option<usize>) -> Result<()> {
        let series = store.series();
        let periods = store.periods();
        let mut ids = vec![UNSEEN; series.len()];
        let mut slots = vec![PeriodSlot::Unknown; periods.len()];
        for (index, record) in store.records().iter().enumerate() {
            let number = record.series as usize;
            // `plan.series` has an entry for every series of the store.
            let (Some(&plan_of), Some(&period)) =
                (plan.series.get(number), periods.get(record.period as usize))
            else {
                // A figure kept whole: added as it is, by the part its
                // group is in.
                if let Some(figure) = store.get(index) {
                    if part
                        .is_none_or(|part| super::shard(&self.query, &figure, plan.parts) == part)
                    {
                        self.count(&figure)?;
                    }
                }
                continue;
            };
            if part.is_some_and(|part| part != plan_of.part as usize) {
                continue;
            }
            let interpreted = record.basis() == Basis::Interpreted;
            if plan_of.chosen & if interpreted { INTERPRETED } else { STATED } == 0 {
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
                            let Some(name) = series.get(number) else {
                                continue;
                            };
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
                    let indicator = match plan.indicators.get(usize::from(plan_of.indicator)) {
                        Some(&indicator) => indicator,
                        None => match series.get(number) {
                            Some(name) => name.indicator,
                            None => continue,
                        },
                    };
                    let entry = Entry {
                        indicator,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;
    use crate::figure::columns::strategies::{CAL, figure, period};
    use crate::figure::dataset::Dataset;
    use crate::indicator::{Catalogue, Indicator};
    use crate::period::PeriodKind;
    use proptest::prelude::*;

    fn query() -> impl Strategy<Value = Query> {
        (
            (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
            proptest::option::of(0usize..4),
            proptest::option::of(period()),
            (any::<bool>(), 0u8..4),
        )
            .prop_map(|((ind, cty, chan, part), kind, within, (stated, only))| {
                let mut q = Query::new();
                if ind {
                    q = q.by_indicator();
                }
                if cty {
                    q = q.by_country();
                }
                if chan {
                    q = q.by_channel();
                }
                if part {
                    q = q.by_partner();
                }
                if let Some(k) = kind {
                    q = q.by_period(PeriodKind::ALL[k]);
                }
                if let Some(p) = within {
                    q = q.within(p);
                }
                if stated {
                    q = q.stated_only();
                }
                match only {
                    1 => q.with_indicator(Indicator::VICTIMS_REMOVED),
                    2 => q.with_country(Country::GB),
                    _ => q,
                }
            })
    }

    /// The totals of the figures added one at a time, stopping at the
    /// first refused.
    fn one_by_one(figures: &[Observation], query: &Query) -> Result<Table> {
        let mut totals = Aggregator::new(query);
        for figure in figures {
            totals.add(figure)?;
        }
        totals.finish()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn a_dataset_totals_its_records_as_the_figures_added_one_by_one(
            figures in proptest::collection::vec(figure(), 0..40),
            query in query(),
        ) {
            let mut data = Dataset::new(CAL, Catalogue::builtin());
            let admitted: Vec<Observation> = figures
                .into_iter()
                .filter(|f| data.push(f.clone()).is_ok())
                .collect();
            let expected = one_by_one(&admitted, &query);
            prop_assert_eq!(&data.aggregate(&query), &expected);
            for threads in 1..=3 {
                prop_assert_eq!(&in_parts(data.store(), &query, threads), &expected, "{} threads", threads);
            }
        }
    }
}
