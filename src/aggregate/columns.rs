//! Totals of a dataset's figures read from its records
//! ([`Store`]): each series and period is looked at once, so that a
//! figure costs a few array lookups and the one admission check of
//! [`Aggregator::add`], never a hash of its series.

use super::{Aggregator, Entry, Query, Result, SeriesId, SeriesOf, Slot, Table};
use crate::figure::columns::Store;
use crate::figure::observation::{Basis, Observation};
use crate::figure::value::{Bound, Value};
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

/// How many months a run's bitmap holds ([`Run`]).
const WINDOW: i32 = 64;

/// The bits of `length` months from the `offset`-th month of a window,
/// or `None` when they do not all fall in it.
fn mask(offset: i32, length: i32) -> Option<u64> {
    let offset = u32::try_from(offset).ok()?;
    let length = u32::try_from(length).ok().filter(|&n| n >= 1)?;
    if offset.checked_add(length)? > WINDOW.unsigned_abs() {
        return None;
    }
    Some(u64::MAX >> (64 - length) << offset)
}

/// Where the query puts the selected figures of one period, for
/// [`Aggregator::add_runs`]: a group's period given by its number.
#[derive(Clone, Copy)]
enum RunSlot {
    Unknown,
    Skipped,
    Outside,
    Group { at: u32, span: Span },
}

/// The figures of one series added up since it last changed group, or
/// window of months: what [`Aggregator::add_runs`] keeps of each series.
#[derive(Clone, Copy)]
struct Run {
    /// The series' number in the totals, or [`UNSEEN`].
    id: SeriesId,
    /// Its group without the period, in the totals.
    base: u32,
    /// The number of the group's period, `u32::MAX` for no run.
    at: u32,
    /// Its indicator's index in [`Plan::indicators`].
    indicator: u16,
    /// The window's first month.
    window: i32,
    /// How many figures, and how many of them interpreted: at most 64,
    /// one a month of the window at least.
    figures: u8,
    interpreted: u8,
    bound: Bound,
    /// The group, in the totals.
    group: usize,
    /// The months of the window the series covered before the run.
    before: u64,
    /// The months of the run's figures.
    months: u64,
    /// Their total.
    total: u64,
}

impl Run {
    const NONE: Run = Run {
        id: UNSEEN,
        base: u32::MAX,
        at: u32::MAX,
        indicator: u16::MAX,
        window: 0,
        figures: 0,
        interpreted: 0,
        bound: Bound::Exact,
        group: usize::MAX,
        before: 0,
        months: 0,
        total: 0,
    };

    /// The bits of `span` in the run's window, if it lies there.
    fn mask(self, span: Span) -> Option<u64> {
        mask(
            span.start.checked_sub(self.window)?,
            span.end.checked_sub(span.start)?,
        )
    }
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
    // Runs of figures are added up apart only when every figure is held
    // as numbers: a figure kept whole is added as it is, and could be of
    // a series whose run is not added yet.
    let mut quick = store.all_numbered();
    if threads > 1 {
        let parts: Vec<Option<Aggregator>> = std::thread::scope(|scope| {
            let running: Vec<_> = (0..threads)
                .map(|part| {
                    let plan = &plan;
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || {
                            let mut aggregator = Aggregator::new(query);
                            if quick {
                                aggregator.add_runs(store, plan, Some(part))?;
                            } else {
                                aggregator.add_columns(store, plan, Some(part)).ok()?;
                            }
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
        // A part refused a figure, and so would the runs on one thread.
        quick = false;
    }
    if quick {
        let mut aggregator = Aggregator::new(query);
        if aggregator.add_runs(store, &plan, None).is_some() {
            return aggregator.finish();
        }
    }
    // Some figure is refused: added again one by one, for the error of the
    // first refused.
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

impl SeriesPlan {
    /// Whether part `part` (every part, when `None`) adds the series'
    /// figure, interpreted or stated.
    fn adds(self, part: Option<usize>, interpreted: bool) -> bool {
        let chosen = if interpreted { INTERPRETED } else { STATED };
        part.is_none_or(|part| part == self.part as usize) && self.chosen & chosen != 0
    }
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
            let interpreted = record.basis() == Basis::Interpreted;
            if !plan_of.adds(part, interpreted) {
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

    /// [`Aggregator::add_columns`], in runs: the figures a series gives in
    /// a row to one group, all counts in one window of 64 months, are
    /// added up on their own (a sum, a bitmap of their months) and put in
    /// the group's total, with their months, once the run ends. The same
    /// totals, for the totals of a group are the same in any order; but
    /// not the same error, so this gives up (`None`) at the first sign of
    /// one (a month given twice, an overflow, a refusal of the group), and
    /// the caller adds the figures one by one instead. A figure that is
    /// not a count, or whose months cross a window's edge, is added as
    /// [`Aggregator::add_columns`] adds it, once its series' run is in.
    ///
    /// Every figure of the store must be held as numbers
    /// ([`Store::all_numbered`]).
    fn add_runs(&mut self, store: &Store, plan: &Plan, part: Option<usize>) -> Option<()> {
        let series = store.series();
        let periods = store.periods();
        let mut runs = vec![Run::NONE; series.len()];
        let mut slots = vec![RunSlot::Unknown; periods.len()];
        // The periods of the groups, numbered as met.
        let mut group_periods: Vec<Option<Period>> = Vec::new();
        let mut period_numbers: FastMap<Option<Period>, u32> = FastMap::default();
        // The groups, by the number of their period and their base.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        // By group: the index of its indicator, once a run was added to
        // it (`u16::MAX` before).
        let mut known: Vec<u16> = Vec::new();
        for (index, record) in store.records().iter().enumerate() {
            let number = record.series as usize;
            let plan_of = *plan.series.get(number)?;
            let interpreted = record.basis() == Basis::Interpreted;
            if !plan_of.adds(part, interpreted) {
                continue;
            }
            let slot = match slots.get(record.period as usize) {
                Some(&RunSlot::Unknown) | None => {
                    let period = *periods.get(record.period as usize)?;
                    let slot = match self.period_slot(store, index, period) {
                        PeriodSlot::Group(group_period, span) => {
                            let at = match period_numbers.get(&group_period) {
                                Some(&at) => at,
                                None => {
                                    let at = u32::try_from(group_periods.len()).ok()?;
                                    period_numbers.insert(group_period, at);
                                    group_periods.push(group_period);
                                    at
                                }
                            };
                            RunSlot::Group { at, span }
                        }
                        PeriodSlot::Outside => RunSlot::Outside,
                        PeriodSlot::Unknown | PeriodSlot::Skipped => RunSlot::Skipped,
                    };
                    if let Some(known) = slots.get_mut(record.period as usize) {
                        *known = slot;
                    }
                    slot
                }
                Some(&slot) => slot,
            };
            let (at, span) = match slot {
                RunSlot::Unknown | RunSlot::Skipped => continue,
                RunSlot::Outside => {
                    self.outside.push(store.get(index)?);
                    continue;
                }
                RunSlot::Group { at, span } => (at, span),
            };
            let run = runs.get_mut(number)?;
            if let Some(count) = record.count() {
                if run.at == at {
                    if let Some(months) = run.mask(span) {
                        if (run.before | run.months) & months != 0 {
                            // A month given twice.
                            return None;
                        }
                        run.total = run.total.checked_add(count)?;
                        run.months |= months;
                        run.figures = run.figures.saturating_add(1);
                        run.interpreted = run.interpreted.saturating_add(u8::from(interpreted));
                        run.bound = run.bound.combine(record.bound());
                        continue;
                    }
                }
            }
            // A new run, or a figure added on its own.
            let name = series.get(number)?;
            let group_period = *group_periods.get(at as usize)?;
            self.end_run(run, &name.indicator, &group_periods, &mut known)?;
            if run.id == UNSEEN {
                run.id = self.intern(SeriesOf::series(name)).ok()?;
                run.base = self.base_of.get(run.id as usize)?.0;
                run.indicator = plan_of.indicator;
            }
            let by_base = match groups.get_mut(at as usize) {
                Some(by_base) => by_base,
                None => {
                    groups.resize_with(at as usize + 1, Vec::new);
                    groups.get_mut(at as usize)?
                }
            };
            let group = match by_base.get(run.base as usize) {
                Some(&group) if group != usize::MAX => group,
                _ => {
                    let group = self.group_of(run.id, group_period);
                    if by_base.len() <= run.base as usize {
                        by_base.resize(run.base as usize + 1, usize::MAX);
                    }
                    *by_base.get_mut(run.base as usize)? = group;
                    group
                }
            };
            let window = span.start.div_euclid(WINDOW) * WINDOW;
            let fits = span.end <= window.checked_add(WINDOW)?;
            match record.count() {
                Some(count) if fits => {
                    *run = Run {
                        at,
                        window,
                        group,
                        before: self.covered_in(run.id, window),
                        ..*run
                    };
                    let months = run.mask(span)?;
                    if run.before & months != 0 {
                        return None;
                    }
                    run.total = count;
                    run.months = months;
                    run.figures = 1;
                    run.interpreted = u8::from(interpreted);
                    run.bound = record.bound();
                }
                _ => {
                    let value = store.value(*record)?;
                    let period = periods.get(record.period as usize).copied();
                    let span = [span];
                    let entry = Entry {
                        indicator: name.indicator,
                        series: run.id,
                        months: &span,
                        period,
                        value,
                        bound: record.bound(),
                        figures: 1,
                        interpreted: usize::from(interpreted),
                    };
                    self.add_at(group, group_period, &entry).ok()?;
                }
            }
        }
        for (number, run) in runs.iter_mut().enumerate() {
            if run.figures > 0 {
                let indicator = &series.get(number)?.indicator;
                self.end_run(run, indicator, &group_periods, &mut known)?;
            }
        }
        Some(())
    }

    /// Puts a series' run in its group's total, with its months, as if
    /// its figures were added one by one; the run is then empty. A run of
    /// the indicator `known` says the group has is added to a count
    /// without the checks of [`Aggregator::add_at`]: its months are not
    /// among those the series covered when it began ([`Run::before`]),
    /// nor are any added since.
    fn end_run(
        &mut self,
        run: &mut Run,
        indicator: &Indicator,
        group_periods: &[Option<Period>],
        known: &mut Vec<u16>,
    ) -> Option<()> {
        if run.figures == 0 {
            return Some(());
        }
        let group_period = *group_periods.get(run.at as usize)?;
        // At most 32 spans fit in 64 months, with a gap after each.
        let mut spans = [Span { start: 0, end: 0 }; 32];
        let mut held = 0;
        let mut left = run.months;
        while left != 0 {
            let first = left.trailing_zeros();
            let length = (left >> first).trailing_ones();
            let start = run.window.checked_add(i32::try_from(first).ok()?)?;
            *spans.get_mut(held)? = Span {
                start,
                end: start.checked_add(i32::try_from(length).ok()?)?,
            };
            held += 1;
            left &= !(u64::MAX >> (64 - length) << first);
        }
        let spans = spans.get(..held)?;
        let same = run.indicator != u16::MAX && known.get(run.group) == Some(&run.indicator);
        let total = match self.groups.get(run.group) {
            Some((_, acc)) if same => match acc.value {
                Some(Value::Count(total)) => Some(total.checked_add(run.total)?),
                _ => None,
            },
            _ => None,
        };
        if let Some(total) = total {
            self.list(run.group, group_period, run.id);
            let (_, acc) = self.groups.get_mut(run.group)?;
            acc.value = Some(Value::Count(total));
            acc.bound = acc.bound.combine(run.bound);
            acc.figures = acc.figures.saturating_add(usize::from(run.figures));
            acc.interpreted = acc.interpreted.saturating_add(usize::from(run.interpreted));
            let covered = self.covered.get_mut(run.id as usize)?;
            for span in spans {
                covered.insert(*span);
            }
        } else {
            let entry = Entry {
                indicator: *indicator,
                series: run.id,
                months: spans,
                period: group_period,
                value: Value::Count(run.total),
                bound: run.bound,
                figures: usize::from(run.figures),
                interpreted: usize::from(run.interpreted),
            };
            self.add_at(run.group, group_period, &entry).ok()?;
            if run.indicator != u16::MAX {
                if known.len() <= run.group {
                    known.resize(run.group.checked_add(1)?, u16::MAX);
                }
                *known.get_mut(run.group)? = run.indicator;
            }
        }
        *run = Run {
            id: run.id,
            base: run.base,
            indicator: run.indicator,
            ..Run::NONE
        };
        Some(())
    }

    /// The months of `window` (the 64 from its first) that a series
    /// covers, as bits.
    fn covered_in(&self, id: SeriesId, window: i32) -> u64 {
        let Some(months) = self.covered.get(id as usize) else {
            return 0;
        };
        let spans = months.spans();
        let end = window.saturating_add(WINDOW);
        let from = spans.partition_point(|s| s.end <= window);
        let mut bits = 0;
        for s in spans.get(from..).unwrap_or_default() {
            if s.start >= end {
                break;
            }
            let (start, stop) = (s.start.max(window), s.end.min(end));
            if let Some(mask) = mask(start - window, stop - start) {
                bits |= mask;
            }
        }
        bits
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
    use crate::figure::value::Bound;
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

    /// Four series: two of one indicator, one of another, one of a rate.
    fn run_series(n: usize) -> Observation {
        use crate::channel::{Channel, Partner};
        let (indicator, country, channel) = match n {
            0 => (Indicator::VICTIMS_REMOVED, Country::GB, Channel::Direct),
            1 => (Indicator::VICTIMS_REMOVED, Country::BD, Channel::Joint),
            2 => (Indicator::ACCUSED_ARRESTED, Country::GB, Channel::Direct),
            _ => (
                Indicator::RE_TRAFFICKING_RATE,
                Country::BD,
                Channel::Systemic,
            ),
        };
        let mut figure = Observation::new(
            indicator,
            CAL.year(2019).unwrap_or_else(|e| panic!("{e}")),
            Value::Count(0),
        )
        .with_country(country)
        .with_channel(channel);
        if n == 1 {
            figure.partner = Partner::new("Vihaan").ok();
        }
        figure
    }

    /// Figures of four series over 40 months from September 2019 (across
    /// the edge of a window of 64 months, May 2021): most of them months
    /// given in order, series after series, as a partner's file gives
    /// them; some quarters, halves and years; some months given twice;
    /// counts near `u64::MAX`; rates and percentages; bounds and
    /// interpretations. What adding runs of a series' figures
    /// ([`Aggregator::add_runs`]) could get wrong.
    fn runs() -> impl Strategy<Value = Vec<Observation>> {
        let figure = (
            0usize..4,
            0u8..40,
            0u8..24,
            0u8..40,
            (0u8..3, 0u8..4),
            0u64..1000,
        );
        (
            proptest::collection::vec(figure, 0..100),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(mut raw, ordered, once)| {
                if ordered {
                    raw.sort_by_key(|f| f.1);
                }
                if once {
                    let mut seen = std::collections::HashSet::new();
                    raw.retain(|f| seen.insert((f.0, f.1)));
                }
                raw.into_iter()
                    .map(|(series, month, kind, value, (bound, interpreted), a)| {
                        let year = 2019 + i32::from(month / 12);
                        let m = month % 12 + 1;
                        let period = match kind {
                            0..=19 => CAL.month(year, m),
                            20 | 21 => CAL.quarter(year, (m - 1) / 3 + 1),
                            22 => CAL.half(year, (m - 1) / 6 + 1),
                            _ => CAL.year(year),
                        }
                        .unwrap_or_else(|e| panic!("{e}"));
                        let value = match (series, value) {
                            (3, 0..=35) => Value::Ratio {
                                numerator: a / 2,
                                denominator: a,
                            },
                            (3, 36 | 37) => Value::Ratio {
                                numerator: u64::MAX - a,
                                denominator: u64::MAX - a,
                            },
                            (3, _) => Value::Percent(rust_decimal::Decimal::new(
                                i64::try_from(a).unwrap_or(0),
                                1,
                            )),
                            (_, 0..=35) => Value::Count(a),
                            (_, 36..=38) => Value::Count(u64::MAX - a),
                            _ => Value::Ratio {
                                numerator: a / 2,
                                denominator: a,
                            },
                        };
                        let mut figure = Observation {
                            period,
                            value,
                            ..run_series(series)
                        }
                        .with_bound(
                            [Bound::Exact, Bound::AtLeast, Bound::MoreThan][bound as usize],
                        );
                        if interpreted == 0 {
                            figure = figure.with_interpretation("read from the text");
                        }
                        figure
                    })
                    .collect()
            })
    }

    /// The figures the dataset takes, with the dataset.
    fn dataset_of(figures: Vec<Observation>) -> (Dataset, Vec<Observation>) {
        let mut data = Dataset::new(CAL, Catalogue::builtin());
        let admitted = figures
            .into_iter()
            .filter(|f| data.push(f.clone()).is_ok())
            .collect();
        (data, admitted)
    }

    #[test]
    fn a_series_months_in_order_are_added_in_runs() {
        // A count a month for each series, series after series, month
        // after month, as a partner's file gives them.
        let mut figures = Vec::new();
        for month in 0..40u8 {
            for series in 0..3 {
                let year = 2019 + i32::from(month / 12);
                let period = CAL
                    .month(year, month % 12 + 1)
                    .unwrap_or_else(|e| panic!("{e}"));
                figures.push(Observation {
                    period,
                    value: Value::Count(u64::from(month) + 1),
                    ..run_series(series)
                });
            }
        }
        let (data, admitted) = dataset_of(figures);
        assert_eq!(admitted.len(), 120);
        for kind in [
            None,
            Some(PeriodKind::Year),
            Some(PeriodKind::Half),
            Some(PeriodKind::Month),
        ] {
            let mut query = Query::new().by_indicator().by_country();
            if let Some(kind) = kind {
                query = query.by_period(kind);
            }
            let plan = Plan::new(data.store(), &query, 1);
            let mut runs = Aggregator::new(&query);
            assert!(
                runs.add_runs(data.store(), &plan, None).is_some(),
                "{kind:?}"
            );
            assert_eq!(runs.finish(), one_by_one(&admitted, &query), "{kind:?}");
        }
    }

    #[test]
    fn a_month_given_twice_or_an_overflow_stops_the_runs() {
        let month = |m| CAL.month(2020, m).unwrap_or_else(|e| panic!("{e}"));
        let query = Query::new().by_indicator().by_period(PeriodKind::Half);
        for (second, value) in [(1, 1), (2, u64::MAX)] {
            let figures = vec![
                Observation {
                    period: month(1),
                    value: Value::Count(2),
                    ..run_series(0)
                },
                Observation {
                    period: month(second),
                    value: Value::Count(value),
                    ..run_series(0)
                },
            ];
            let (data, admitted) = dataset_of(figures);
            let plan = Plan::new(data.store(), &query, 1);
            assert!(
                Aggregator::new(&query)
                    .add_runs(data.store(), &plan, None)
                    .is_none()
            );
            let expected = one_by_one(&admitted, &query);
            assert!(expected.is_err());
            assert_eq!(in_parts(data.store(), &query, 1), expected);
        }
    }

    #[test]
    fn a_month_covered_before_a_run_is_refused_in_it() {
        let month = |m: u8| {
            let (year, m) = (2019 + i32::from(m / 12), m % 12 + 1);
            CAL.month(year, m).unwrap_or_else(|e| panic!("{e}"))
        };
        let of = |m| Observation {
            period: month(m),
            value: Value::Count(1),
            ..run_series(0)
        };
        // Back in the first half (a new run that begins with a month not
        // seen), then a month of that half's first run again; and the
        // same across windows of 64 months, when grouped by no period.
        let cases = [
            (vec![of(0), of(6), of(1), of(0)], Some(PeriodKind::Half)),
            (vec![of(0), of(30), of(1), of(0)], None),
        ];
        for (figures, kind) in cases {
            let mut query = Query::new().by_indicator();
            if let Some(kind) = kind {
                query = query.by_period(kind);
            }
            let (data, admitted) = dataset_of(figures);
            let expected = one_by_one(&admitted, &query);
            assert!(expected.is_err());
            for threads in 1..=2 {
                assert_eq!(in_parts(data.store(), &query, threads), expected);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn one_series_months_in_any_order_total_as_added_one_by_one(
            given in proptest::collection::vec((0u8..40, 0u8..8, 0u64..1000), 0..24),
            kind in proptest::option::of(0usize..4),
        ) {
            let figures = given.into_iter().map(|(m, k, n)| {
                let year = 2019 + i32::from(m / 12);
                let m = m % 12 + 1;
                let period = if k == 0 {
                    CAL.quarter(year, (m - 1) / 3 + 1)
                } else {
                    CAL.month(year, m)
                };
                Observation {
                    period: period.unwrap_or_else(|e| panic!("{e}")),
                    value: Value::Count(n),
                    ..run_series(0)
                }
            });
            let (data, admitted) = dataset_of(figures.collect());
            let mut query = Query::new().by_indicator();
            if let Some(k) = kind {
                query = query.by_period(PeriodKind::ALL[k]);
            }
            let expected = one_by_one(&admitted, &query);
            for threads in 1..=2 {
                prop_assert_eq!(&in_parts(data.store(), &query, threads), &expected, "{} threads", threads);
            }
        }

        #[test]
        fn runs_of_a_series_total_as_its_figures_added_one_by_one(
            figures in runs(),
            query in query(),
        ) {
            let (data, admitted) = dataset_of(figures);
            let expected = one_by_one(&admitted, &query);
            prop_assert_eq!(&data.aggregate(&query), &expected);
            for threads in 1..=4 {
                prop_assert_eq!(&in_parts(data.store(), &query, threads), &expected, "{} threads", threads);
            }
        }
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
