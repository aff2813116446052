//! Property-test generators shared by the tests: figures of every shape the
//! crate must handle, built through the public API only.
//!
//! Two families:
//!
//! - **Any figure** ([`any_figure`], [`datasets`]): every indicator, country,
//!   channel and partner, periods of any kind in any year on any calendar,
//!   counts of any size, rates, bare percents, bounds, basis and notes with
//!   awkward text. For reading and writing, where nothing is added up.
//! - **Series that tile** ([`tiled`]): a few series (indicator × country ×
//!   channel × partner), each covering fiscal years 2020 and 2021 of a
//!   random calendar with periods that do not overlap (years, halves,
//!   quarters and months mixed, or months only) and with gaps. Counts and
//!   rates are small enough that no total overflows, so every total is
//!   defined; [`with_percents`] turns some rates into bare percents and
//!   [`with_overlaps`] adds figures that overlap a figure of their series,
//!   which the crate must refuse.
#![allow(dead_code)]

use impact_metrics::{
    Basis, Bound, Catalogue, Channel, Country, Dataset, Error, FiscalCalendar, Indicator,
    IndicatorDef, Measure, Observation, Partner, Period, PeriodKind, Theme, Unit, Value, YearLabel,
};
use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;

/// An indicator a partner defines for itself: not in the built-in catalogue.
pub fn partner_indicator() -> Indicator {
    Indicator::new("lift.safehouse_nights").unwrap()
}

/// The built-in catalogue, extended by a partner's own indicator.
pub fn catalogue() -> Catalogue {
    let mut catalogue = Catalogue::builtin();
    catalogue
        .define(IndicatorDef::count(
            partner_indicator(),
            "Safe-house nights",
            Theme::SavingLives,
            Unit::Other("nights".into()),
        ))
        .unwrap();
    catalogue
}

/// A dataset of `figures` on `calendar` with [`catalogue`]; every figure
/// must be accepted.
pub fn dataset(calendar: FiscalCalendar, figures: &[Observation]) -> Dataset {
    let mut data = Dataset::new(calendar, catalogue());
    for figure in figures {
        data.push(figure.clone()).unwrap();
    }
    data
}

/// Whether an error is the refusal to add figures that cannot be added
/// (periods of one series that overlap, a bare percent).
pub fn is_refusal(error: &Error) -> bool {
    matches!(
        error,
        Error::OverlappingPeriods { .. } | Error::IncompatibleValues { .. }
    )
}

/// Any fiscal calendar: years starting in any month, labelled any way.
pub fn calendars() -> impl Strategy<Value = FiscalCalendar> {
    (1u32..=12, proptest::sample::select(YearLabel::ALL.to_vec()))
        .prop_map(|(start, label)| FiscalCalendar::new(start, label).unwrap())
}

/// Any period kind.
pub fn kinds() -> impl Strategy<Value = PeriodKind> {
    proptest::sample::select(PeriodKind::ALL.to_vec())
}

/// The period of `kind`, numbered `index` (taken modulo the periods of
/// that kind in a year), of fiscal year `year`.
pub fn period(calendar: FiscalCalendar, year: i32, kind: PeriodKind, index: u8) -> Period {
    let index = index % kind.per_year() + 1;
    match kind {
        PeriodKind::Year => calendar.year(year),
        PeriodKind::Half => calendar.half(year, index),
        PeriodKind::Quarter => calendar.quarter(year, index),
        _ => calendar.month(year, index),
    }
    .unwrap()
}

/// Any period of `calendar`: any kind, in any year the crate allows.
pub fn periods(calendar: FiscalCalendar) -> impl Strategy<Value = Period> {
    (1i32..=9998, kinds(), any::<u8>())
        .prop_map(move |(year, kind, index)| period(calendar, year, kind, index))
}

/// Counts of any size.
pub fn counts() -> impl Strategy<Value = Value> {
    any::<u64>().prop_map(Value::Count)
}

/// A rate's parts, numerator at most the denominator (both at most `max`).
pub fn rates(max: u64) -> impl Strategy<Value = Value> {
    (0..=max, any::<u64>()).prop_map(|(denominator, n)| Value::Ratio {
        numerator: n % (denominator + 1),
        denominator,
    })
}

/// Percents published without their parts: whole percents from 0 to 100,
/// and decimals of any size as printed.
pub fn percents() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0i64..=100).prop_map(Decimal::from),
        (0i64..10_000_000, 0u32..6).prop_map(|(m, scale)| Decimal::new(m, scale)),
    ]
    .prop_map(Value::Percent)
}

/// A value of any size for an indicator of `measure`: a count, or for a
/// rate its parts (lawful, or with the numerator above the denominator as
/// partners sometimes send them) or a bare percent.
pub fn values(measure: Measure) -> BoxedStrategy<Value> {
    match measure {
        Measure::Count => counts().boxed(),
        _ => prop_oneof![
            rates(u64::MAX),
            (any::<u64>(), any::<u64>()).prop_map(|(numerator, denominator)| Value::Ratio {
                numerator,
                denominator
            }),
            percents(),
        ]
        .boxed(),
    }
}

/// Any bound.
pub fn bounds() -> impl Strategy<Value = Bound> {
    proptest::sample::select(vec![Bound::Exact, Bound::AtLeast, Bound::MoreThan])
}

/// Text a cell keeps as it is: no surrounding white space, not empty.
fn kept_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("\\PC{0,12}[,\"\n;' ]{0,3}\\PC{0,12}")
        .prop_map(|text| text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()))
}

/// Any figure `Dataset::push` accepts on `calendar`: every indicator of
/// [`catalogue`], any country or none, any channel or none, partners with
/// awkward names (always with a joint operation, sometimes with no
/// channel), any period, bound and basis, and notes with awkward text.
pub fn any_figure(calendar: FiscalCalendar) -> impl Strategy<Value = Observation> {
    let defs: Vec<_> = catalogue().iter().map(|d| (d.code, d.measure)).collect();
    let countries: Vec<Country> = Country::all().collect();
    (
        proptest::sample::select(defs),
        proptest::option::of(proptest::sample::select(countries)),
        0usize..4,
        "[A-Za-z][A-Za-z0-9 ,.'\"&-]{0,30}",
        periods(calendar),
        bounds(),
        any::<bool>(),
        any::<bool>(),
        kept_text(),
    )
        .prop_flat_map(
            |(
                (indicator, measure),
                country,
                channel,
                partner,
                period,
                bound,
                with_partner,
                interpreted,
                note,
            )| {
                values(measure).prop_map(move |value| {
                    let mut figure = Observation::new(indicator, period, value);
                    figure.country = country;
                    let partner = Partner::new(&partner).ok();
                    match channel {
                        0 => figure.partner = partner.filter(|_| with_partner),
                        1 => figure.channel = Some(Channel::Direct),
                        2 => figure.channel = Some(Channel::Systemic),
                        _ => {
                            figure.channel = Some(Channel::Joint);
                            figure.partner = partner;
                        }
                    }
                    figure.bound = bound;
                    if interpreted {
                        figure.basis = Basis::Interpreted;
                    }
                    figure.note = note.clone();
                    figure
                })
            },
        )
        .prop_filter("a joint operation names its partner", |f| {
            f.channel != Some(Channel::Joint) || f.partner.is_some()
        })
}

/// Datasets of up to a dozen figures of any shape, on any calendar.
pub fn datasets() -> impl Strategy<Value = Dataset> {
    calendars().prop_flat_map(|calendar| {
        proptest::collection::vec(any_figure(calendar), 0..12)
            .prop_map(move |figures| dataset(calendar, &figures))
    })
}

/// Figures on one calendar, in the order they were generated.
#[derive(Clone, Debug)]
pub struct Figures {
    /// The calendar every period is on.
    pub calendar: FiscalCalendar,
    /// The figures.
    pub figures: Vec<Observation>,
}

impl Figures {
    /// The figures as a dataset.
    pub fn dataset(&self) -> Dataset {
        dataset(self.calendar, &self.figures)
    }
}

/// The fiscal years that [`tiled`] covers.
pub const YEARS: [i32; 2] = [2020, 2021];

/// The largest count, and the largest denominator, of a tiled figure: a
/// total of fewer than a million of them fits in a `u64`.
pub const MAX_VALUE: u64 = 1_000_000_000;

/// The indicators of tiled series: two counts, a rate and a partner's own.
fn tiled_indicators() -> [(Indicator, Measure); 4] {
    [
        (Indicator::VICTIMS_REMOVED, Measure::Count),
        (Indicator::ACCUSED_ARRESTED, Measure::Count),
        (Indicator::RE_TRAFFICKING_RATE, Measure::Rate),
        (partner_indicator(), Measure::Count),
    ]
}

const TILED_COUNTRIES: [Option<Country>; 4] = [
    None,
    Some(Country::GB),
    Some(Country::BD),
    Some(Country::TH),
];

/// Channel and partner of a tiled series: joint operations with either
/// partner, a partner with no channel, and the other channels.
fn channel_and_partner(i: usize) -> (Option<Channel>, Option<Partner>) {
    let lift = || Some(Partner::new("LIFT International").unwrap());
    match i {
        0 => (None, None),
        1 => (None, lift()),
        2 => (Some(Channel::Direct), None),
        3 => (Some(Channel::Joint), lift()),
        4 => (Some(Channel::Joint), Some(Partner::new("Vihaan").unwrap())),
        _ => (Some(Channel::Systemic), None),
    }
}

/// Cuts `whole` into periods that do not overlap, following `choices`:
/// each period is kept whole, left out (a gap), or cut into its children;
/// with `mixed` false, everything is cut down to months.
fn tile(whole: Period, choices: &mut impl Iterator<Item = u8>, mixed: bool, out: &mut Vec<Period>) {
    let choice = choices.next().unwrap_or(0);
    if whole.kind() == PeriodKind::Month {
        if choice % 6 != 0 {
            out.push(whole);
        }
        return;
    }
    if mixed {
        match choice % 8 {
            0 | 1 => return out.push(whole),
            2 => return,
            _ => {}
        }
    }
    for child in whole.children() {
        tile(child, choices, mixed, out);
    }
}

/// One figure's value, bound and basis, from random draws.
fn tiled_value(measure: Measure, (a, b, flags): (u64, u64, u8)) -> (Value, Bound, Basis) {
    let value = match measure {
        Measure::Count => Value::Count(a % (MAX_VALUE + 1)),
        _ => {
            let denominator = a % (MAX_VALUE + 1);
            Value::Ratio {
                numerator: b % (denominator + 1),
                denominator,
            }
        }
    };
    // Mostly exact, as most figures are.
    let bound = match flags % 8 {
        0 => Bound::AtLeast,
        1 => Bound::MoreThan,
        _ => Bound::Exact,
    };
    let basis = if flags & 0x80 != 0 {
        Basis::Interpreted
    } else {
        Basis::Stated
    };
    (value, bound, basis)
}

/// One to five distinct series on a random calendar, each covering fiscal
/// years [`YEARS`] with figures whose periods do not overlap and may leave
/// gaps: periods of every length mixed when `mixed`, months only
/// otherwise. Figures come series by series, in period order.
pub fn tiled(mixed: bool) -> impl Strategy<Value = Figures> {
    let draws = || {
        (
            proptest::collection::vec(any::<u8>(), 40),
            proptest::collection::vec((any::<u64>(), any::<u64>(), any::<u8>()), 24),
        )
    };
    (
        calendars(),
        proptest::collection::btree_map((0usize..4, 0usize..4, 0usize..6), draws(), 1..6),
    )
        .prop_map(move |(calendar, series)| {
            let mut figures = Vec::new();
            for ((indicator, country, channel), (choices, values)) in series {
                let (indicator, measure) = tiled_indicators()[indicator];
                let (channel, partner) = channel_and_partner(channel);
                let mut periods = Vec::new();
                let mut choices = choices.into_iter().cycle();
                for year in YEARS {
                    tile(
                        calendar.year(year).unwrap(),
                        &mut choices,
                        mixed,
                        &mut periods,
                    );
                }
                for (period, draw) in periods.into_iter().zip(values) {
                    let (value, bound, basis) = tiled_value(measure, draw);
                    let mut figure = Observation::new(indicator, period, value).with_bound(bound);
                    figure.country = TILED_COUNTRIES[country];
                    figure.channel = channel;
                    figure.partner = partner.clone();
                    figure.basis = basis;
                    figures.push(figure);
                }
            }
            Figures { calendar, figures }
        })
}

/// [`tiled`] figures (mixed lengths) where some rates are bare percents
/// instead of parts.
pub fn with_percents() -> impl Strategy<Value = Figures> {
    (
        tiled(true),
        proptest::collection::vec((any::<bool>(), percents()), 24 * 5),
    )
        .prop_map(|(mut tiled, draws)| {
            for (figure, (make_percent, percent)) in tiled.figures.iter_mut().zip(draws) {
                if make_percent && figure.value.measure() == Measure::Rate {
                    figure.value = percent;
                }
            }
            tiled
        })
}

/// [`tiled`] figures (mixed lengths) with one to four more figures, each
/// overlapping a figure of its series: the same period again (the same
/// value, or another), the year around it, its first month, or its parent.
pub fn with_overlaps() -> impl Strategy<Value = Figures> {
    (
        tiled(true),
        proptest::collection::vec(
            (
                any::<Index>(),
                0u8..5,
                (any::<u64>(), any::<u64>(), any::<u8>()),
            ),
            1..5,
        ),
    )
        .prop_map(|(mut tiled, extra)| {
            let mut added = Vec::new();
            for (at, how, draw) in extra {
                if tiled.figures.is_empty() {
                    break;
                }
                let base = &tiled.figures[at.index(tiled.figures.len())];
                let mut figure = base.clone();
                match how {
                    0 => {}
                    1 => figure.value = tiled_value(base.value.measure(), draw).0,
                    2 => figure.period = base.period.fiscal_year_period(),
                    3 => figure.period = base.period.subdivide(PeriodKind::Month)[0],
                    _ => figure.period = base.period.parent().unwrap_or(base.period),
                }
                if how >= 2 {
                    figure.value = tiled_value(base.value.measure(), draw).0;
                }
                added.push(figure);
            }
            tiled.figures.extend(added);
            tiled
        })
}

/// Whether two periods share a day, by their first and last days.
pub fn overlap(a: Period, b: Period) -> bool {
    a.first_day() <= b.last_day() && b.first_day() <= a.last_day()
}

/// Whether `inner` lies inside `outer`, by their first and last days.
pub fn inside(inner: Period, outer: Period) -> bool {
    outer.first_day() <= inner.first_day() && inner.last_day() <= outer.last_day()
}

/// Whether two figures are of one series: indicator, country, channel
/// and partner, compared field by field.
pub fn same_series(a: &Observation, b: &Observation) -> bool {
    a.indicator == b.indicator
        && a.country == b.country
        && a.channel == b.channel
        && a.partner == b.partner
}

/// The same items in a random order.
pub fn shuffled<T: Clone + std::fmt::Debug>(items: Vec<T>) -> impl Strategy<Value = Vec<T>> {
    Just(items).prop_shuffle()
}
