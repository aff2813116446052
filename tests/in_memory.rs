//! Totals of a dataset large enough to be worked out on several threads,
//! its figures given as a partner's file gives them (every series' month,
//! then the next month): the same table, or the same error, as the
//! figures added one by one, whatever the number of threads.

use impact_metrics::{
    Aggregator, Bound, Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator,
    Observation, Partner, PeriodKind, Query, Result, Table, Value,
};

const CALENDAR: FiscalCalendar = FiscalCalendar::SEPTEMBER;

/// How many series, and months of each: 147,456 figures, more than the
/// totals add on one thread, across the edge of a window of 64 months.
const SERIES: usize = 2048;
const MONTHS: u8 = 72;

/// The figure of series `s` in fiscal month `m` (from September 2018).
fn figure(s: usize, m: u8) -> Observation {
    let indicators = [Indicator::VICTIMS_REMOVED, Indicator::ACCUSED_ARRESTED];
    let countries = [Country::GB, Country::BD, Country::IN, Country::NP];
    let period = CALENDAR
        .month(2018 + i32::from(m / 12), m % 12 + 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let value = (s * 7919 + usize::from(m) * 104_729) % 1000;
    let mut figure = Observation::new(
        indicators[s % 2],
        period,
        Value::Count(u64::try_from(value).unwrap_or(0)),
    )
    .with_country(countries[(s / 2) % 4]);
    figure = match s / 8 {
        0 => figure.with_channel(Channel::Direct),
        1 => figure.with_channel(Channel::Systemic),
        n => figure.with_channel(Channel::Joint).with_partner(
            Partner::new(&format!("Partner {n:04}")).unwrap_or_else(|e| panic!("{e}")),
        ),
    };
    if s % 5 == 0 && m % 7 == 0 {
        figure = figure.with_bound(Bound::AtLeast);
    }
    if s % 3 == 0 && m % 11 == 0 {
        figure = figure.with_interpretation("read from the text");
    }
    figure
}

/// Every series' figure of a month, month after month, with `extra`
/// figures after them.
fn figures(extra: &[Observation]) -> Vec<Observation> {
    let mut figures = Vec::with_capacity(SERIES * usize::from(MONTHS) + extra.len());
    for m in 0..MONTHS {
        for s in 0..SERIES {
            figures.push(figure(s, m));
        }
    }
    figures.extend_from_slice(extra);
    figures
}

fn dataset(figures: &[Observation]) -> Dataset {
    let mut data = Dataset::new(CALENDAR, Catalogue::builtin());
    for figure in figures {
        data.push(figure.clone()).unwrap_or_else(|e| panic!("{e}"));
    }
    data
}

fn one_by_one(figures: &[Observation], query: &Query) -> Result<Table> {
    let mut totals = Aggregator::new(query);
    for figure in figures {
        totals.add(figure)?;
    }
    totals.finish()
}

fn queries() -> Vec<Query> {
    let by = Query::new().by_indicator();
    vec![
        by.clone()
            .by_country()
            .by_channel()
            .by_period(PeriodKind::Half),
        by.clone().by_period(PeriodKind::Year),
        by.clone().by_partner().by_period(PeriodKind::Quarter),
        by.clone(),
        // Two indicators in one total: refused.
        Query::new().by_country().by_period(PeriodKind::Half),
    ]
}

fn same_for_every_thread_count(figures: &[Observation], query: &Query) {
    let data = dataset(figures);
    let expected = one_by_one(figures, query);
    for threads in 1..=4 {
        assert_eq!(
            data.aggregate_on(query, threads),
            expected,
            "{threads} threads, {query:?}"
        );
    }
}

#[test]
fn a_large_dataset_totals_as_its_figures_added_one_by_one() {
    let figures = figures(&[]);
    for query in queries() {
        same_for_every_thread_count(&figures, &query);
    }
}

#[test]
fn a_month_given_twice_late_is_the_error_of_the_figures_added_one_by_one() {
    let again = figure(SERIES - 1, 3);
    let figures = figures(&[again]);
    let query = &queries()[0];
    assert!(one_by_one(&figures, query).is_err());
    same_for_every_thread_count(&figures, query);
}

#[test]
fn an_overflow_is_the_error_of_the_figures_added_one_by_one() {
    // A series' month after its last: no month twice, but a total past
    // `u64::MAX` in its year and its half.
    let mut big = figure(17, MONTHS - 1);
    big.period = CALENDAR
        .month(2018 + i32::from(MONTHS / 12), 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut bigger = big.clone();
    big.value = Value::Count(u64::MAX / 2 + 1);
    bigger.period = CALENDAR
        .month(2018 + i32::from(MONTHS / 12), 2)
        .unwrap_or_else(|e| panic!("{e}"));
    bigger.value = Value::Count(u64::MAX / 2 + 1);
    let figures = figures(&[big, bigger]);
    for query in &queries()[..3] {
        assert!(one_by_one(&figures, query).is_err());
        same_for_every_thread_count(&figures, query);
    }
}
