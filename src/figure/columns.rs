//! How a [`Dataset`](crate::Dataset) holds its figures: each one a
//! [`Record`] of 32 bytes, numbers only, beside tables that hold each
//! series, period, source name and note once.
//!
//! A figure's series (indicator, country, channel and partner) is numbered
//! the first time the dataset meets it, and so are its period, its note
//! and its file's name; a count is held in the record itself, a rate's
//! parts and a bare percentage in side tables. A figure is built again,
//! whole, each time it is asked for ([`Store::get`]): its partner is shared
//! ([`Partner`](crate::Partner) clones a pointer), its note copied.

use std::collections::BTreeMap;
use std::hash::Hash;

use rust_decimal::Decimal;

use crate::channel::Partner;
use crate::figure::observation::{Basis, Observation, Series};
use crate::figure::value::{Bound, Value};
use crate::findings::Location;
use crate::hash::FastMap;
use crate::indicator::Indicator;
use crate::period::Period;

/// One figure, as numbers: 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    /// A count, or the index of the value in its side table.
    pub(crate) value: u64,
    /// The series' number in [`Store::series`].
    pub(crate) series: u32,
    /// The period's number in [`Store::periods`].
    pub(crate) period: u32,
    /// The note's number in [`Store::notes`], plus one; 0 for none.
    note: u32,
    /// The source name's number, or [`Record::NO_SOURCE`].
    source: u32,
    /// The line, 0 for none.
    line: u32,
    /// The kind of value, the bound and the basis: see the `*_BITS`
    /// constants.
    pub(crate) flags: u8,
}

impl Record {
    const NO_SOURCE: u32 = u32::MAX;
    /// The series of a figure kept whole, in [`Store::whole_figures`].
    pub(crate) const WHOLE: u32 = u32::MAX;
    const KIND_MASK: u8 = 0b11;
    const COUNT: u8 = 0;
    const RATIO: u8 = 1;
    const PERCENT: u8 = 2;
    const BOUND_SHIFT: u8 = 2;
    const BOUND_MASK: u8 = 0b11 << Record::BOUND_SHIFT;
    const INTERPRETED: u8 = 1 << 4;

    /// The figure's bound.
    pub(crate) fn bound(self) -> Bound {
        match (self.flags & Record::BOUND_MASK) >> Record::BOUND_SHIFT {
            0 => Bound::Exact,
            1 => Bound::AtLeast,
            _ => Bound::MoreThan,
        }
    }

    /// The figure's basis.
    pub(crate) fn basis(self) -> Basis {
        if self.flags & Record::INTERPRETED == 0 {
            Basis::Stated
        } else {
            Basis::Interpreted
        }
    }

    /// The count, when the value is one: the common case, read without a
    /// side table.
    pub(crate) fn count(self) -> Option<u64> {
        (self.flags & Record::KIND_MASK == Record::COUNT).then_some(self.value)
    }
}

fn bound_bits(bound: Bound) -> u8 {
    let n = match bound {
        Bound::Exact => 0,
        Bound::AtLeast => 1,
        Bound::MoreThan => 2,
    };
    n << Record::BOUND_SHIFT
}

/// A series' key in [`Store::series_index`]: the numbers of its
/// indicator, country, partner and channel (0 for none, else one more than
/// the part's number), so that finding a series hashes a few integers and
/// compares none of its texts.
type SeriesKey = (u32, u32, u32, u8);

/// The number of a part of a series (its indicator, country or partner)
/// in `index`, plus one, numbering it if it is new; `None` past
/// `u32::MAX - 1` of them.
fn part<K: Hash + Eq + Clone>(index: &mut FastMap<K, u32>, key: &K) -> Option<u32> {
    if let Some(&n) = index.get(key) {
        return Some(n);
    }
    let next = u32::try_from(index.len()).ok()?.checked_add(1)?;
    index.insert(key.clone(), next);
    Some(next)
}

/// The figures of a dataset, held as [`Record`]s.
#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    records: Vec<Record>,
    series: Vec<Series>,
    series_index: FastMap<SeriesKey, u32>,
    indicators: FastMap<Indicator, u32>,
    countries: FastMap<&'static str, u32>,
    partners: FastMap<Partner, u32>,
    periods: Vec<Period>,
    period_index: FastMap<Period, u32>,
    ratios: Vec<(u64, u64)>,
    percents: Vec<Decimal>,
    notes: Vec<String>,
    note_index: FastMap<String, u32>,
    sources: Vec<String>,
    last_source: Option<u32>,
    /// The locations that are more than a source and a line (a column, a
    /// record, a sheet, line 0, a line past `u32::MAX`), kept whole by the
    /// figure's index.
    whole: BTreeMap<usize, Location>,
    /// The figures that could not be numbered (past `u32::MAX` series,
    /// periods, notes, rates or percentages), kept whole by index.
    whole_figures: BTreeMap<usize, Observation>,
}

/// The number of `key` in `index`, numbering it as the next entry of
/// `table` when it is new; `None` past `u32::MAX` entries.
fn number<K: Hash + Eq + Clone>(
    index: &mut FastMap<K, u32>,
    table: &mut Vec<K>,
    key: &K,
) -> Option<u32> {
    if let Some(&n) = index.get(key) {
        return Some(n);
    }
    let n = u32::try_from(table.len()).ok().filter(|&n| n < u32::MAX)?;
    index.insert(key.clone(), n);
    table.push(key.clone());
    Some(n)
}

impl Store {
    /// Adds a figure and where it came from.
    pub(crate) fn push(&mut self, figure: Observation, location: Location) {
        let index = self.records.len();
        let (source, line) = self.place(&location);
        if source.is_none() {
            self.whole.insert(index, location);
        }
        let source = source.unwrap_or(Record::NO_SOURCE);
        let record = match self.numbered(&figure) {
            Some(record) => record,
            None => {
                // Past `u32::MAX` series, periods, notes or values: kept
                // whole, as a location is that is more than a line.
                self.whole_figures.insert(index, figure);
                Record {
                    value: 0,
                    series: Record::WHOLE,
                    period: 0,
                    note: 0,
                    source: 0,
                    line: 0,
                    flags: 0,
                }
            }
        };
        self.records.push(Record {
            source,
            line,
            ..record
        });
    }

    /// The figure as numbers (without its location), numbering its parts
    /// that are new; `None` when a table is full.
    fn numbered(&mut self, figure: &Observation) -> Option<Record> {
        let key: SeriesKey = (
            part(&mut self.indicators, &figure.indicator)?,
            match figure.country {
                None => 0,
                Some(country) => part(&mut self.countries, &country.alpha2())?,
            },
            match &figure.partner {
                None => 0,
                Some(partner) => part(&mut self.partners, partner)?,
            },
            figure.channel.map_or(0, |channel| channel as u8 + 1),
        );
        let series = match self.series_index.get(&key) {
            Some(&n) => n,
            None => {
                let n = u32::try_from(self.series.len())
                    .ok()
                    .filter(|&n| n < Record::WHOLE)?;
                self.series.push(figure.series());
                self.series_index.insert(key, n);
                n
            }
        };
        // Figures often come in runs of one period.
        let last = self
            .records
            .last()
            .map(|r| r.period)
            .filter(|&n| self.periods.get(n as usize) == Some(&figure.period));
        let period = match last {
            Some(n) => n,
            None => number(&mut self.period_index, &mut self.periods, &figure.period)?,
        };
        // Numbered from 1: 0 is no note.
        let note = match &figure.note {
            None => 0,
            Some(text) => number(&mut self.note_index, &mut self.notes, text)?.checked_add(1)?,
        };
        let (kind, value) = match figure.value {
            Value::Count(n) => (Record::COUNT, n),
            Value::Ratio {
                numerator,
                denominator,
            } => {
                let side = u32::try_from(self.ratios.len()).ok()?;
                self.ratios.push((numerator, denominator));
                (Record::RATIO, u64::from(side))
            }
            Value::Percent(p) => {
                let side = u32::try_from(self.percents.len()).ok()?;
                self.percents.push(p);
                (Record::PERCENT, u64::from(side))
            }
        };
        let interpreted = if figure.basis == Basis::Interpreted {
            Record::INTERPRETED
        } else {
            0
        };
        Some(Record {
            value,
            series,
            period,
            note,
            source: Record::NO_SOURCE,
            line: 0,
            flags: kind | bound_bits(figure.bound) | interpreted,
        })
    }

    /// A location as a source number and a line, or `None` (and line 0)
    /// when it must be kept whole.
    fn place(&mut self, location: &Location) -> (Option<u32>, u32) {
        let simple = location.column.is_none()
            && location.record.is_none()
            && location.sheet.is_none()
            && location.cell.is_none()
            && location.line != Some(0);
        let line = match location.line {
            None => Some(0),
            Some(line) => u32::try_from(line).ok(),
        };
        let (true, Some(line)) = (simple, line) else {
            return (None, 0);
        };
        match &location.source {
            None => (Some(Record::NO_SOURCE), line),
            Some(name) => match self.source(name) {
                Some(source) => (Some(source), line),
                None => (None, 0),
            },
        }
    }

    /// The number of a source name, added if new; `None` past
    /// `u32::MAX - 1` names, when the location is kept whole instead.
    fn source(&mut self, name: &str) -> Option<u32> {
        let last = self
            .last_source
            .filter(|&i| self.sources.get(i as usize).is_some_and(|s| s == name));
        let found = last.or_else(|| {
            self.sources
                .iter()
                .position(|s| s == name)
                .and_then(|i| u32::try_from(i).ok())
        });
        let index = match found {
            Some(index) => index,
            None => {
                let index = u32::try_from(self.sources.len())
                    .ok()
                    .filter(|&i| i < Record::NO_SOURCE)?;
                self.sources.push(name.to_string());
                index
            }
        };
        self.last_source = Some(index);
        Some(index)
    }

    /// How many figures there are.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether every figure is held as numbers: none is kept whole
    /// ([`Record::WHOLE`]).
    pub(crate) fn all_numbered(&self) -> bool {
        self.whole_figures.is_empty()
    }

    /// The records, in the order the figures were added.
    pub(crate) fn records(&self) -> &[Record] {
        &self.records
    }

    /// The series, by number.
    pub(crate) fn series(&self) -> &[Series] {
        &self.series
    }

    /// The periods, by number.
    pub(crate) fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// The value of a record.
    pub(crate) fn value(&self, record: Record) -> Option<Value> {
        let side = usize::try_from(record.value).ok();
        match record.flags & Record::KIND_MASK {
            Record::COUNT => Some(Value::Count(record.value)),
            Record::RATIO => {
                let &(numerator, denominator) = self.ratios.get(side?)?;
                Some(Value::Ratio {
                    numerator,
                    denominator,
                })
            }
            _ => self.percents.get(side?).copied().map(Value::Percent),
        }
    }

    /// The figure at `index`, built whole.
    pub(crate) fn get(&self, index: usize) -> Option<Observation> {
        let record = *self.records.get(index)?;
        if record.series == Record::WHOLE {
            return self.whole_figures.get(&index).cloned();
        }
        let series = self.series.get(record.series as usize)?;
        let note = match record.note.checked_sub(1) {
            None => None,
            Some(n) => Some(self.notes.get(n as usize)?.clone()),
        };
        Some(Observation {
            indicator: series.indicator,
            country: series.country,
            channel: series.channel,
            partner: series.partner.clone(),
            period: *self.periods.get(record.period as usize)?,
            value: self.value(record)?,
            bound: record.bound(),
            basis: record.basis(),
            note,
        })
    }

    /// Where the figure at `index` came from.
    pub(crate) fn location(&self, index: usize) -> Option<Location> {
        let record = self.records.get(index)?;
        if let Some(whole) = self.whole.get(&index) {
            return Some(whole.clone());
        }
        let mut location = match self.sources.get(record.source as usize) {
            Some(name) => Location::in_file(name),
            None => Location::none(),
        };
        if record.line > 0 {
            location = location.with_line(u64::from(record.line));
        }
        Some(location)
    }
}

/// Figures and locations for property tests of datasets and their
/// totals.
#[cfg(test)]
pub(crate) mod strategies {
    use crate::channel::{Channel, Partner};
    use crate::country::Country;
    use crate::figure::observation::Observation;
    use crate::figure::value::{Bound, Value};
    use crate::findings::Location;
    use crate::indicator::Indicator;
    use crate::period::Period;
    use crate::period::calendar::FiscalCalendar;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    pub(crate) const CAL: FiscalCalendar = FiscalCalendar::SEPTEMBER;

    /// A period of 2019/20 or 2020/21: a month, quarter, half or year, so
    /// that some figures of one series overlap (and are refused).
    pub(crate) fn period() -> impl Strategy<Value = Period> {
        (0i32..2, 0u8..4, 1u8..=12).prop_map(|(year, kind, n)| {
            let year = 2019 + year;
            let period = match kind {
                0 => CAL.month(year, n),
                1 => CAL.quarter(year, n % 4 + 1),
                2 => CAL.half(year, n % 2 + 1),
                _ => CAL.year(year),
            };
            period.unwrap_or_else(|e| panic!("{e}"))
        })
    }

    /// Figures of a few series (counts and rates, with bounds, notes and
    /// interpretations), some refused by the dataset, some by the totals.
    pub(crate) fn figure() -> impl Strategy<Value = Observation> {
        let indicators = [
            Indicator::VICTIMS_REMOVED,
            Indicator::ACCUSED_ARRESTED,
            Indicator::RE_TRAFFICKING_RATE,
        ];
        let countries = [None, Some(Country::GB), Some(Country::BD)];
        let partners = ["LIFT International", "Vihaan"];
        (
            (0usize..3, 0usize..3, 0usize..4, 0usize..3),
            period(),
            (0u8..4, any::<u64>(), 0u64..50, 0u64..50),
            (0u8..3, any::<bool>(), 0u8..3),
        )
            .prop_map(
                move |((i, c, ch, p), period, (kind, big, a, b), (bound, interpreted, note))| {
                    let value = match kind {
                        0 => Value::Count(a),
                        1 => Value::Count(big),
                        2 => Value::Ratio {
                            numerator: a.min(b),
                            denominator: a.max(b),
                        },
                        _ => Value::Percent(Decimal::new(i64::try_from(a).unwrap_or(0), 1)),
                    };
                    let mut figure = Observation::new(indicators[i], period, value).with_bound(
                        [Bound::Exact, Bound::AtLeast, Bound::MoreThan][bound as usize],
                    );
                    figure.country = countries[c];
                    figure.channel = [
                        None,
                        Some(Channel::Direct),
                        Some(Channel::Joint),
                        Some(Channel::Systemic),
                    ][ch];
                    if ch == 2 || (ch == 0 && p == 2) {
                        figure.partner = Partner::new(partners[p % 2]).ok();
                    }
                    if interpreted {
                        figure = figure.with_interpretation("read from the text");
                    }
                    match note {
                        1 => figure.note = Some("checked".to_string()),
                        2 => figure.note = Some("checked, twice".to_string()),
                        _ => {}
                    }
                    figure
                },
            )
    }

    /// Locations of every shape: none, a file and line, a line alone,
    /// line 0, a line past `u32::MAX`, a column, a record.
    pub(crate) fn location() -> impl Strategy<Value = Location> {
        (0u8..7, 0usize..3, 1u64..100).prop_map(|(shape, file, line)| {
            let file = ["uk.csv", "bd.csv", "th.csv"][file];
            match shape {
                0 => Location::none(),
                1 | 2 => Location::in_file(file).with_line(line),
                3 => Location::none().with_line(line),
                4 => Location::in_file(file).with_line(0),
                5 => Location::in_file(file).with_line(u64::from(u32::MAX) + line),
                _ if line % 2 == 0 => Location::in_file(file).with_line(line).with_column("value"),
                _ => Location::record(usize::try_from(line).unwrap_or(0)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::strategies::{CAL, figure, location};
    use crate::figure::dataset::Dataset;
    use crate::indicator::Catalogue;
    use proptest::prelude::*;

    #[test]
    fn a_figure_costs_32_bytes() {
        assert_eq!(std::mem::size_of::<Record>(), 32);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn a_dataset_hands_back_the_figures_pushed(
            given in proptest::collection::vec((figure(), location()), 0..60),
        ) {
            let mut data = Dataset::new(CAL, Catalogue::builtin());
            let mut admitted = Vec::new();
            for (figure, at) in given {
                if data.push_at(figure.clone(), at.clone()).is_ok() {
                    admitted.push((figure, at));
                }
            }
            prop_assert_eq!(data.len(), admitted.len());
            let back: Vec<(Observation, Location)> = data.located().collect();
            prop_assert_eq!(&back, &admitted);
            let figures: Vec<Observation> = admitted.iter().map(|(f, _)| f.clone()).collect();
            prop_assert_eq!(&data.observations(), &figures);
            prop_assert_eq!(data.iter().len(), figures.len());
            let reversed: Vec<Observation> = data.iter().rev().collect();
            prop_assert!(reversed.iter().eq(figures.iter().rev()));
            for (i, (figure, at)) in admitted.iter().enumerate() {
                prop_assert_eq!(data.get(i), Some(figure.clone()));
                prop_assert_eq!(data.location(i), Some(at.clone()));
            }
            prop_assert!(data.get(admitted.len()).is_none());
            prop_assert!(data.location(admitted.len()).is_none());
        }
    }
}
