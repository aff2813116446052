//! The measurement of validation: generated partner datasets with known
//! faults at known rows, the findings of `impact validate` matched to them,
//! and the recall and false alarms that follow.
//!
//! Used by `tests/validation_quality.rs` (which holds the figures to a
//! margin) and `examples/validation_quality.rs` (which prints the table).
//!
//! # The data
//!
//! A dataset is what a charity receives from its teams and partners over
//! 36 to 60 months: monthly counts, under the fiscal calendar that starts in
//! September, for five countries (GB, BD and RO by direct work, TH and IN by
//! joint operations with LIFT International and Vihaan; with a third
//! partner, Mukti Alliance, in BD as well in some datasets), 8 to 12
//! indicators. A series' monthly level is the seed report's half-year figure
//! for it (FIGURES.md) divided by six, times a factor of the dataset (0.6 to
//! 1.6); each month's value is a Poisson draw around that level with a yearly
//! season (up to ±35%) and a trend (-10% to +25% a year). Convictions are
//! rare (0 to 3 a month). Rates are a Binomial numerator over a Poisson
//! denominator with plausible shares (re-trafficking 1-3%, engagement with
//! police about 80%, income rise about 45%).
//!
//! # The faults
//!
//! Ten faults of each [`Class`] are injected into each dataset, at months 6
//! and later (so a value has some history), never two within a month of
//! each other in one series. The truth of each is its class, the CSV lines
//! it wrote, and the series and months it concerns.
//!
//! # The matching
//!
//! A fault is found when a warning or an error is on one of its rows (by
//! the finding's line, or else by its series and month), or names one of
//! its series with a period that contains one of its months (structural
//! faults: a month missing, a country code swapped). Notes find nothing.
//! The rows of a fault are those it wrote: both rows of a month reported
//! twice, the figure and its copy under the other channel, the first
//! [`SHIFT_WINDOW`] months of a level shift. A figure is clean when no
//! fault wrote it or changed its meaning (the months of a level shift
//! after its window are neither faults nor clean). A false alarm is a
//! clean figure with a warning or an error on it, or a warning or an error
//! on no figure that matches no fault.
#![allow(dead_code)]
// Test support: the data here is the generator's own, so indexing and
// unwrapping cannot fail on a caller's input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;

use impact_metrics::{
    Catalogue, Findings, FiscalCalendar, NaiveDate, Period, Severity, Validator, csv,
    format::ReadOptions, validate::Outliers,
};

/// The seeds of the published measurement: 20 datasets.
pub const SEEDS: [u64; 20] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
];

/// How many faults of each class a dataset receives (fewer when a dataset
/// has too few figures the fault can be put on).
pub const FAULTS_PER_CLASS: usize = 10;

/// The months of a level shift in which a finding counts as finding it:
/// its first and the two after, since a change of level can be told from
/// a single odd month only once it lasts.
pub const SHIFT_WINDOW: usize = 3;

/// The first month of every dataset: September 2016 (month 0).
const FIRST_YEAR: i32 = 2016;
const FIRST_MONTH: u32 = 9;

/// A small, fast, seeded generator (xorshift64*), so that a seed gives the
/// same dataset on every machine.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for this seed.
    pub fn new(seed: u64) -> Rng {
        // Mix the seed so that small seeds do not start alike.
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
        if state == 0 {
            state = 1;
        }
        let mut rng = Rng(state);
        for _ in 0..8 {
            rng.next_u64();
        }
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A uniform number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform number in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// A uniform whole number in 0..n (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability p.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A standard normal draw (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// A Poisson draw of mean `lambda`: Knuth's product of uniforms below
    /// 30, the normal approximation above.
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda < 30.0 {
            let limit = (-lambda).exp();
            let mut k = 0u64;
            let mut p = 1.0;
            loop {
                p *= self.unit();
                if p <= limit {
                    return k;
                }
                k += 1;
            }
        }
        let x = lambda + lambda.sqrt() * self.normal();
        x.round().max(0.0) as u64
    }

    /// A Binomial draw: `n` trials of probability `p`.
    pub fn binomial(&mut self, n: u64, p: f64) -> u64 {
        (0..n).filter(|_| self.chance(p)).count() as u64
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The 15 classes of injected faults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// A percentage typed where a count belongs ("37%").
    PercentForCount,
    /// A rate whose numerator is above its denominator.
    NumeratorAboveDenominator,
    /// A month reported twice with different values.
    MonthTwice,
    /// A row copied: the same figure twice.
    ExactDuplicate,
    /// A figure for a month after the as-of date.
    FuturePeriod,
    /// A count with a minus sign.
    NegativeValue,
    /// A digit typed twice: 37 becomes 377 (about ×10).
    ExtraDigit,
    /// The last digit lost: 448 becomes 44 (about ÷10).
    MissingDigit,
    /// Two neighbouring digits swapped: 37 becomes 73.
    TransposedDigits,
    /// The value of another indicator of the same team and month.
    WrongIndicator,
    /// A definition change: from one month on, the series is at another
    /// level (×1.8 to ×3, or ×0.3 to ×0.55).
    LevelShift,
    /// A zero in a series that is otherwise never zero.
    ZeroInPositive,
    /// A month missing inside a series.
    MissingMonth,
    /// A figure reported again under the other channel (direct and joint)
    /// for the same country and month.
    TwoChannels,
    /// BD typed as BG (Bulgaria).
    CountrySwap,
}

impl Class {
    /// Every class, in the order of the table.
    pub const ALL: [Class; 15] = [
        Class::PercentForCount,
        Class::NumeratorAboveDenominator,
        Class::MonthTwice,
        Class::ExactDuplicate,
        Class::FuturePeriod,
        Class::NegativeValue,
        Class::ExtraDigit,
        Class::MissingDigit,
        Class::TransposedDigits,
        Class::WrongIndicator,
        Class::LevelShift,
        Class::ZeroInPositive,
        Class::MissingMonth,
        Class::TwoChannels,
        Class::CountrySwap,
    ];

    /// The class as the table names it.
    pub fn name(self) -> &'static str {
        match self {
            Class::PercentForCount => "percent typed for a count",
            Class::NumeratorAboveDenominator => "numerator > denominator",
            Class::MonthTwice => "month twice",
            Class::ExactDuplicate => "exact duplicate",
            Class::FuturePeriod => "future period",
            Class::NegativeValue => "negative value",
            Class::ExtraDigit => "extra digit (x10)",
            Class::MissingDigit => "missing digit (/10)",
            Class::TransposedDigits => "transposed digits",
            Class::WrongIndicator => "wrong indicator's value",
            Class::LevelShift => "level shift (definition change)",
            Class::ZeroInPositive => "zero in an always-positive series",
            Class::MissingMonth => "missing month in a series",
            Class::TwoChannels => "same figure in direct and joint",
            Class::CountrySwap => "country code swapped (BD/BG)",
        }
    }
}

/// A series of the generator: what, where, how, with whom, and how its
/// values are drawn.
#[derive(Clone, Debug)]
pub struct SeriesSpec {
    /// The indicator code.
    pub indicator: &'static str,
    /// The country code.
    pub country: &'static str,
    /// `direct` or `joint`.
    pub channel: &'static str,
    /// The partner of a joint operation ("" for direct work).
    pub partner: &'static str,
    /// How its values are drawn.
    pub kind: Kind,
}

/// How a series' values are drawn.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A count: Poisson around `level * (1 + trend * years) * (1 + season)`.
    Count {
        /// The monthly level at month 0.
        level: f64,
        /// The growth a year, as a fraction.
        trend: f64,
        /// The seasonal amplitude, as a fraction.
        amplitude: f64,
        /// The month of the seasonal peak.
        phase: f64,
    },
    /// A rate: a Binomial numerator of share `share` over a Poisson
    /// denominator of mean `people`.
    Rate {
        /// The mean denominator.
        people: f64,
        /// The share.
        share: f64,
    },
}

/// The value cell(s) of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// A count (negative only when a fault made it so).
    Count(i64),
    /// A percentage typed in the value cell.
    Percent(u32),
    /// A rate's numerator and denominator.
    Rate(u64, u64),
}

/// A row of the generated CSV.
#[derive(Clone, Debug)]
pub struct Row {
    /// The index of its series in [`Generated::series`].
    pub series: usize,
    /// The month, counting from September 2016 as 0.
    pub month: i32,
    /// The value.
    pub cell: Cell,
    /// Where it goes in the file: rows are sorted by this, then by the
    /// order they were made.
    pub order: (i32, usize),
}

/// An injected fault: its class, the rows it wrote (indices into
/// [`Generated::rows`]) and the series and months it concerns.
#[derive(Clone, Debug)]
pub struct Fault {
    /// The class.
    pub class: Class,
    /// The rows it wrote or changed.
    pub rows: Vec<usize>,
    /// The (series, month) pairs it concerns.
    pub keys: Vec<(usize, i32)>,
    /// What was done, for a person ("victims_removed GB direct Mar 2019: 37 -> 377").
    pub what: String,
    /// For a fault that changes a count: whether the value written lies
    /// within the range (lowest to highest) of its series' clean values in
    /// the other months, where no method that looks at values alone can
    /// tell it from the noise.
    pub in_clean_range: Option<bool>,
    /// For a level shift: whether an oracle that knows the month of the
    /// change and the series' true level in every month from it can tell
    /// it from Poisson noise (see [`distinguishable_shift`]).
    pub distinguishable: Option<bool>,
    /// For a level shift: whether it can be told from Poisson noise by
    /// the months before it, knowing the month of the change and the
    /// shape (season and trend) of the series but not its level (see
    /// [`distinguishable_from_history`]).
    pub distinguishable_from_history: Option<bool>,
    /// For a level shift: the true level a month at its first month, and
    /// how many months it lasts in the file.
    pub shift_size: Option<(f64, usize)>,
}

/// A generated dataset with its truth.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The seed it was made from.
    pub seed: u64,
    /// The number of months of every series.
    pub months: i32,
    /// Its series.
    pub series: Vec<SeriesSpec>,
    /// Its rows, faults included, in no particular order (see
    /// [`Generated::csv`] for the file's order).
    pub rows: Vec<Row>,
    /// Rows removed by a fault (a missing month): not in the file.
    pub removed: BTreeSet<usize>,
    /// Rows whose meaning a fault changed without being the fault's row
    /// (the months after a level shift): neither clean nor faulty.
    pub affected: BTreeSet<usize>,
    /// The injected faults.
    pub faults: Vec<Fault>,
    /// The value of each row the generator drew, before any fault.
    pub clean: Vec<Cell>,
    /// The partners of the dataset.
    pub partners: Vec<&'static str>,
}

/// The as-of date of a dataset of `months` months: 20 days after its last
/// month ends, when the figures are sent in.
pub fn as_of(months: i32) -> NaiveDate {
    let (year, month) = calendar_month(months);
    NaiveDate::from_ymd_opt(year, month, 20).unwrap()
}

/// The calendar year and month of month `index`.
fn calendar_month(index: i32) -> (i32, u32) {
    let zero = FIRST_YEAR * 12 + FIRST_MONTH as i32 - 1 + index;
    (zero.div_euclid(12), (zero.rem_euclid(12) + 1) as u32)
}

/// The label of month `index`, as a partner writes it: `Mar 2019`.
pub fn month_label(index: i32) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month) = calendar_month(index);
    format!("{} {year}", NAMES[month as usize - 1])
}

/// An indicator of the generator, with its monthly levels by country
/// (the seed report's half-year figure divided by six; India's Q1 figure by
/// three).
struct Template {
    indicator: &'static str,
    levels: &'static [(&'static str, f64)],
    rate: Option<f64>,
}

const LIFT: &str = "LIFT International";
const VIHAAN: &str = "Vihaan";
const MUKTI: &str = "Mukti Alliance";

const TEMPLATES: &[Template] = &[
    Template {
        indicator: "victims_removed",
        levels: &[
            ("GB", 20.0 / 6.0),
            ("BD", 17.0 / 6.0),
            ("TH", 37.0 / 6.0),
            ("IN", 1.5),
        ],
        rate: None,
    },
    Template {
        indicator: "children_removed",
        levels: &[("BD", 1.0), ("TH", 1.6)],
        rate: None,
    },
    Template {
        indicator: "survivors_cared_for",
        levels: &[
            ("GB", 99.0 / 6.0),
            ("BD", 224.0 / 6.0),
            ("TH", 21.0 / 6.0),
            ("IN", 31.0),
            ("RO", 1.2),
        ],
        rate: None,
    },
    Template {
        indicator: "survivors_repatriated",
        levels: &[("GB", 15.0 / 6.0), ("BD", 86.0 / 6.0), ("RO", 0.4)],
        rate: None,
    },
    Template {
        indicator: "prevention_education",
        levels: &[("BD", 280.0 / 6.0), ("IN", 203.0 / 3.0)],
        rate: None,
    },
    Template {
        indicator: "accused_arrested",
        levels: &[("GB", 37.0 / 6.0), ("BD", 16.0 / 6.0), ("TH", 32.0 / 6.0)],
        rate: None,
    },
    Template {
        indicator: "prosecutions_supported",
        levels: &[
            ("GB", 23.0 / 6.0),
            ("BD", 73.0 / 6.0),
            ("TH", 24.0 / 6.0),
            ("IN", 129.0 / 3.0),
        ],
        rate: None,
    },
    Template {
        indicator: "exploiters_convicted",
        levels: &[("GB", 0.4), ("TH", 1.5), ("BD", 0.6)],
        rate: None,
    },
    Template {
        indicator: "professionals_trained",
        levels: &[
            ("GB", 367.0 / 6.0),
            ("BD", 448.0 / 6.0),
            ("TH", 126.0 / 6.0),
        ],
        rate: None,
    },
    Template {
        indicator: "survivors_reintegrated",
        levels: &[("BD", 32.0 / 6.0), ("IN", 7.0 / 3.0)],
        rate: None,
    },
    Template {
        indicator: "survivors_livelihood",
        levels: &[("BD", 24.0 / 6.0)],
        rate: None,
    },
    Template {
        indicator: "follow_up_calls",
        levels: &[("BD", 8262.0 / 6.0)],
        rate: None,
    },
    Template {
        indicator: "re_trafficking_rate",
        levels: &[("BD", 300.0), ("IN", 60.0)],
        rate: Some(0.02),
    },
    Template {
        indicator: "police_engagement_rate",
        levels: &[("GB", 25.0)],
        rate: Some(0.8),
    },
    Template {
        indicator: "income_rise_rate",
        levels: &[("BD", 8.0)],
        rate: Some(0.45),
    },
];

/// The channel and partner of a country's own series.
fn team(country: &str) -> (&'static str, &'static str) {
    match country {
        "TH" => ("joint", LIFT),
        "IN" => ("joint", VIHAAN),
        _ => ("direct", ""),
    }
}

impl Generated {
    /// The dataset of a seed, faults injected.
    pub fn new(seed: u64) -> Generated {
        Generated::build(seed, true)
    }

    /// The dataset of a seed as it was before the faults: the same figures
    /// as [`Generated::new`] gives, none changed, added or removed.
    pub fn clean(seed: u64) -> Generated {
        Generated::build(seed, false)
    }

    fn build(seed: u64, faults: bool) -> Generated {
        let mut rng = Rng::new(seed);
        let months = 36 + rng.below(25) as i32;
        let three_partners = rng.chance(0.5);
        let mut partners = vec![LIFT, VIHAAN];
        if three_partners {
            partners.push(MUKTI);
        }
        // 8 to 12 indicators: always victims removed, survivors cared for,
        // repatriations (the one figure of RO), arrests, convictions and a
        // rate; the rest drawn.
        let wanted = 8 + rng.below(5);
        let mut chosen: Vec<usize> = vec![0, 2, 3, 5, 7, 12];
        let mut others: Vec<usize> = (0..TEMPLATES.len())
            .filter(|i| !chosen.contains(i))
            .collect();
        while chosen.len() < wanted && !others.is_empty() {
            let at = rng.below(others.len());
            chosen.push(others.remove(at));
        }
        chosen.sort_unstable();
        let scale = rng.range(0.6, 1.6);
        let mut series = Vec::new();
        for &t in &chosen {
            let template = &TEMPLATES[t];
            for &(country, level) in template.levels {
                let (channel, partner) = team(country);
                let kind = match template.rate {
                    Some(share) => Kind::Rate {
                        people: level * rng.range(0.7, 1.3),
                        share: share * rng.range(0.7, 1.3),
                    },
                    None => Kind::Count {
                        level: level * scale * rng.range(0.8, 1.25),
                        trend: rng.range(-0.1, 0.25),
                        amplitude: rng.range(0.0, 0.35),
                        phase: rng.range(0.0, 12.0),
                    },
                };
                series.push(SeriesSpec {
                    indicator: template.indicator,
                    country,
                    channel,
                    partner,
                    kind,
                });
                if three_partners && country == "BD" && template.rate.is_none() && rng.chance(0.5) {
                    if let Kind::Count { level, .. } = kind {
                        series.push(SeriesSpec {
                            indicator: template.indicator,
                            country,
                            channel: "joint",
                            partner: MUKTI,
                            kind: Kind::Count {
                                level: level * rng.range(0.3, 0.6),
                                trend: rng.range(-0.1, 0.25),
                                amplitude: rng.range(0.0, 0.35),
                                phase: rng.range(0.0, 12.0),
                            },
                        });
                    }
                }
            }
        }
        let mut rows = Vec::new();
        for (s, spec) in series.iter().enumerate() {
            for month in 0..months {
                let cell = draw(&mut rng, spec.kind, month);
                let n = rows.len();
                rows.push(Row {
                    series: s,
                    month,
                    cell,
                    order: (month, n),
                });
            }
        }
        let mut generated = Generated {
            seed,
            months,
            series,
            rows,
            removed: BTreeSet::new(),
            affected: BTreeSet::new(),
            faults: Vec::new(),
            clean: Vec::new(),
            partners,
        };
        generated.clean = generated.rows.iter().map(|r| r.cell).collect();
        if faults {
            generated.inject(&mut rng);
            generated.mark_clean_range();
        }
        generated
    }

    /// The row of a series at a month, if there is one.
    fn row_at(&self, series: usize, month: i32) -> Option<usize> {
        let index = series * self.months as usize + month as usize;
        // Generated rows come first, series by series.
        self.rows
            .get(index)
            .filter(|r| r.series == series && r.month == month)
            .map(|_| index)
    }

    /// A row that is added by a fault, filed among the rows of `month`.
    fn add(&mut self, series: usize, month: i32, cell: Cell) -> usize {
        let n = self.rows.len();
        self.rows.push(Row {
            series,
            month,
            cell,
            order: (month, n),
        });
        n
    }

    /// A series of this description, added if new.
    fn series_of(&mut self, spec: SeriesSpec) -> usize {
        let found = self.series.iter().position(|s| {
            s.indicator == spec.indicator
                && s.country == spec.country
                && s.channel == spec.channel
                && s.partner == spec.partner
        });
        found.unwrap_or_else(|| {
            self.series.push(spec);
            self.series.len() - 1
        })
    }

    /// The mean of a series' clean values (counts; a rate's numerator
    /// over its denominator, in percent).
    pub fn clean_mean(&self, series: usize) -> f64 {
        let values: Vec<f64> = (0..self.months)
            .filter_map(|m| self.row_at(series, m))
            .filter_map(|r| self.clean.get(r))
            .map(|cell| match *cell {
                Cell::Count(v) => v as f64,
                Cell::Percent(p) => f64::from(p),
                Cell::Rate(n, d) => 100.0 * n as f64 / d.max(1) as f64,
            })
            .collect();
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    }

    /// The series and month of a row, for a person.
    pub fn describe(&self, row: usize) -> String {
        let r = &self.rows[row];
        let s = &self.series[r.series];
        let partner = if s.partner.is_empty() {
            String::new()
        } else {
            format!(" {}", s.partner)
        };
        format!(
            "{} {} {}{partner} {}",
            s.indicator,
            s.country,
            s.channel,
            month_label(r.month)
        )
    }

    /// Injects [`FAULTS_PER_CLASS`] faults of each class.
    fn inject(&mut self, rng: &mut Rng) {
        // The (series, month) pairs a fault has used, with a month either
        // side, so that faults do not mask each other.
        let mut used: BTreeSet<(usize, i32)> = BTreeSet::new();
        let original = self.rows.len();
        let clean_series = self.series.len();
        // Level shifts first: each needs a series free from its month to
        // the end.
        let order = std::iter::once(Class::LevelShift)
            .chain(Class::ALL.into_iter().filter(|&c| c != Class::LevelShift));
        for class in order {
            let mut placed = 0;
            let mut tries = 0;
            while placed < FAULTS_PER_CLASS && tries < 20_000 {
                tries += 1;
                let row = rng.below(original);
                let (series, month) = (self.rows[row].series, self.rows[row].month);
                if series >= clean_series || month < 6 {
                    continue;
                }
                let free = |used: &BTreeSet<(usize, i32)>, s: usize, m: i32| {
                    (m - 1..=m + 1).all(|k| !used.contains(&(s, k)))
                };
                if !free(&used, series, month) || self.removed.contains(&row) {
                    continue;
                }
                if let Some(fault) = self.try_fault(rng, class, row, &used) {
                    for &(s, m) in &fault.keys {
                        used.insert((s, m));
                    }
                    if class == Class::LevelShift {
                        for m in month..self.months {
                            used.insert((series, m));
                        }
                    }
                    self.faults.push(fault);
                    placed += 1;
                }
            }
        }
    }

    /// Marks each fault on a count whether its value lies within its
    /// series' clean range.
    fn mark_clean_range(&mut self) {
        for f in 0..self.faults.len() {
            let fault = &self.faults[f];
            let value_fault = is_value_fault(fault.class);
            let Some(&row) = fault.rows.first() else {
                continue;
            };
            let (series, month) = (self.rows[row].series, self.rows[row].month);
            let (true, Cell::Count(value)) = (value_fault, self.rows[row].cell) else {
                continue;
            };
            let others: Vec<i64> = (0..self.months)
                .filter(|&m| m != month)
                .filter_map(|m| self.row_at(series, m))
                .filter_map(|r| match self.clean.get(r)? {
                    Cell::Count(v) => Some(*v),
                    _ => None,
                })
                .collect();
            let (Some(&low), Some(&high)) = (others.iter().min(), others.iter().max()) else {
                continue;
            };
            self.faults[f].in_clean_range = Some((low..=high).contains(&value));
        }
    }

    /// One fault of `class` at `row`, if it can be put there.
    fn try_fault(
        &mut self,
        rng: &mut Rng,
        class: Class,
        row: usize,
        used: &BTreeSet<(usize, i32)>,
    ) -> Option<Fault> {
        let Row {
            series,
            month,
            cell,
            ..
        } = self.rows[row].clone();
        let count = match cell {
            Cell::Count(v) => Some(v),
            _ => None,
        };
        let place = self.describe(row);
        let fault = |class, rows: Vec<usize>, keys: Vec<(usize, i32)>, what: String| Fault {
            class,
            rows,
            keys,
            what,
            in_clean_range: None,
            distinguishable: None,
            distinguishable_from_history: None,
            shift_size: None,
        };
        let keys = vec![(series, month)];
        match class {
            Class::PercentForCount => {
                let v = count?;
                let percent = if (1..=100).contains(&v) {
                    v as u32
                } else {
                    1 + rng.below(100) as u32
                };
                self.rows[row].cell = Cell::Percent(percent);
                Some(fault(
                    class,
                    vec![row],
                    keys,
                    format!("{place}: {v} -> {percent}%"),
                ))
            }
            Class::NumeratorAboveDenominator => {
                let Cell::Rate(n, d) = cell else { return None };
                let above = d + 1 + rng.below((d / 4).max(1) as usize) as u64;
                self.rows[row].cell = Cell::Rate(above, d);
                Some(fault(
                    class,
                    vec![row],
                    keys,
                    format!("{place}: {n}/{d} -> {above}/{d}"),
                ))
            }
            Class::MonthTwice | Class::ExactDuplicate => {
                let v = count?;
                let again = if class == Class::ExactDuplicate {
                    v
                } else {
                    let mut other = (v as f64 * rng.range(0.5, 1.5)).round() as i64;
                    if other == v {
                        other = v + 1;
                    }
                    other
                };
                let added = self.add(series, month, Cell::Count(again));
                // Sent with a later month's figures, as a correction is.
                self.rows[added].order.0 = month + rng.below(3) as i32;
                Some(fault(
                    class,
                    vec![row, added],
                    keys,
                    format!("{place}: {v} and again {again}"),
                ))
            }
            Class::FuturePeriod => {
                let v = count?;
                let future = self.months + 1 + rng.below(12) as i32;
                let added = self.add(series, future, Cell::Count(v));
                self.rows[added].order.0 = self.months - 1;
                Some(fault(
                    class,
                    vec![added],
                    vec![(series, future)],
                    format!("{place}: {v} also for {}", month_label(future)),
                ))
            }
            Class::NegativeValue => {
                let v = count.filter(|&v| v >= 1)?;
                self.rows[row].cell = Cell::Count(-v);
                Some(fault(
                    class,
                    vec![row],
                    keys,
                    format!("{place}: {v} -> -{v}"),
                ))
            }
            Class::ExtraDigit => {
                let v = count.filter(|&v| v >= 1)?;
                let typed = extra_digit(v);
                self.rows[row].cell = Cell::Count(typed);
                Some(fault(
                    class,
                    vec![row],
                    keys,
                    format!("{place}: {v} -> {typed}"),
                ))
            }
            Class::MissingDigit => {
                let v = count.filter(|&v| v >= 10)?;
                let typed = missing_digit(v);
                self.rows[row].cell = Cell::Count(typed);
                Some(fault(
                    class,
                    vec![row],
                    keys,
                    format!("{place}: {v} -> {typed}"),
                ))
            }
            Class::TransposedDigits => {
                let v = count.filter(|&v| v >= 10)?;
                let pairs = transpositions(v);
                if pairs.is_empty() {
                    return None;
                }
                let typed = *rng.pick(&pairs);
                self.rows[row].cell = Cell::Count(typed);
                Some(fault(
                    class,
                    vec![row],
                    keys,
                    format!("{place}: {v} -> {typed}"),
                ))
            }
            Class::WrongIndicator => {
                let v = count?;
                let spec = &self.series[series];
                let siblings: Vec<usize> = (0..self.series.len())
                    .filter(|&s| {
                        let o = &self.series[s];
                        s != series
                            && o.country == spec.country
                            && o.channel == spec.channel
                            && o.partner == spec.partner
                            && matches!(o.kind, Kind::Count { .. })
                    })
                    .filter(|&s| !used.contains(&(s, month)))
                    .filter_map(|s| self.row_at(s, month))
                    .filter(|&r| matches!(self.rows[r].cell, Cell::Count(o) if o != v))
                    .collect();
                if siblings.is_empty() {
                    return None;
                }
                let from = *rng.pick(&siblings);
                let Cell::Count(other) = self.rows[from].cell else {
                    return None;
                };
                self.rows[row].cell = Cell::Count(other);
                let source = self.series[self.rows[from].series].indicator;
                Some(fault(
                    class,
                    vec![row],
                    keys,
                    format!("{place}: {v} -> {other} ({source}'s value)"),
                ))
            }
            Class::LevelShift => {
                count?;
                // From a month in the last 18 to the end: a definition
                // change stays.
                if month < self.months - 18 || month > self.months - 3 {
                    return None;
                }
                if (month..self.months).any(|m| used.contains(&(series, m))) {
                    return None;
                }
                let factor = if rng.chance(0.5) {
                    rng.range(1.8, 3.0)
                } else {
                    rng.range(0.3, 0.55)
                };
                let mut rows = Vec::new();
                for m in month..self.months {
                    let r = self.row_at(series, m)?;
                    rows.push(r);
                }
                for &r in &rows {
                    if let Cell::Count(v) = self.rows[r].cell {
                        self.rows[r].cell = Cell::Count((v as f64 * factor).round() as i64);
                    }
                }
                let window = rows.len().min(SHIFT_WINDOW);
                for &r in &rows[window..] {
                    self.affected.insert(r);
                }
                let keys = (month..month + window as i32)
                    .map(|m| (series, m))
                    .collect();
                let kind = self.series[series].kind;
                let shifted: i64 = rows
                    .iter()
                    .map(|&r| match self.rows[r].cell {
                        Cell::Count(v) => v,
                        _ => 0,
                    })
                    .sum();
                let level: f64 = (month..self.months).map(|m| mean_at(kind, m)).sum();
                let mut found = fault(
                    class,
                    rows[..window].to_vec(),
                    keys,
                    format!(
                        "{place}: x{factor:.2} from this month on ({} months, about {:.1} a \
                         month before)",
                        rows.len(),
                        mean_at(kind, month)
                    ),
                );
                found.distinguishable = Some(distinguishable_shift(shifted, level));
                // The months before, as they were before any fault (level
                // shifts are injected first).
                let before: i64 = (0..month)
                    .filter_map(|m| self.row_at(series, m))
                    .map(|r| match self.clean[r] {
                        Cell::Count(v) => v,
                        _ => 0,
                    })
                    .sum();
                let shape: f64 = (0..month).map(|m| mean_at(kind, m)).sum();
                found.distinguishable_from_history =
                    Some(distinguishable_from_history(shifted, level, before, shape));
                found.shift_size = Some((mean_at(kind, month), rows.len()));
                Some(found)
            }
            Class::ZeroInPositive => {
                let v = count.filter(|&v| v >= 1)?;
                // Never below 3 in the clean data: a zero is then unlikely
                // to be noise (a Poisson count of mean 3 is 0 one time in
                // 20; these series are far above that).
                let positive = (0..self.months).all(|m| {
                    self.row_at(series, m)
                        .is_some_and(|r| matches!(self.clean[r], Cell::Count(x) if x >= 3))
                });
                if !positive {
                    return None;
                }
                self.rows[row].cell = Cell::Count(0);
                Some(fault(class, vec![row], keys, format!("{place}: {v} -> 0")))
            }
            Class::MissingMonth => {
                if month >= self.months - 1 {
                    return None;
                }
                self.removed.insert(row);
                Some(fault(class, vec![row], keys, format!("{place}: not sent")))
            }
            Class::TwoChannels => {
                let v = count?;
                let spec = self.series[series].clone();
                let (channel, partner) = if spec.channel == "direct" {
                    let partner = self
                        .partners
                        .iter()
                        .copied()
                        .find(|&p| {
                            p == MUKTI && spec.country == "BD"
                                || p == LIFT && spec.country == "TH"
                                || p == VIHAAN && spec.country == "IN"
                        })
                        .unwrap_or(self.partners[rng.below(self.partners.len())]);
                    ("joint", partner)
                } else {
                    ("direct", "")
                };
                let before = self.series.len();
                let other = self.series_of(SeriesSpec {
                    channel,
                    partner,
                    ..spec
                });
                if other < before && self.row_at(other, month).is_some() {
                    // That series already reports the month: not this
                    // fault, a month twice.
                    return None;
                }
                let added = self.add(other, month, Cell::Count(v));
                Some(fault(
                    class,
                    vec![row, added],
                    vec![(series, month), (other, month)],
                    format!("{place}: {v} also under {channel} {partner}"),
                ))
            }
            Class::CountrySwap => {
                let spec = self.series[series].clone();
                if spec.country != "BD" {
                    return None;
                }
                let swapped = self.series_of(SeriesSpec {
                    country: "BG",
                    ..spec
                });
                // The row now belongs to the BG series.
                self.rows[row].series = swapped;
                Some(fault(
                    class,
                    vec![row],
                    vec![(series, month), (swapped, month)],
                    format!("{place}: filed under BG"),
                ))
            }
        }
    }

    /// The rows in the file's order, with their line (the header is
    /// line 1).
    pub fn lines(&self) -> Vec<(u64, usize)> {
        let mut order: Vec<usize> = (0..self.rows.len())
            .filter(|r| !self.removed.contains(r))
            .collect();
        order.sort_by_key(|&r| self.rows[r].order);
        order
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i as u64 + 2, r))
            .collect()
    }

    /// The dataset as the crate's CSV.
    pub fn csv(&self) -> String {
        let mut out =
            String::from("indicator,country,channel,partner,period,value,numerator,denominator\n");
        for (_, r) in self.lines() {
            let row = &self.rows[r];
            let s = &self.series[row.series];
            let (value, parts) = match row.cell {
                Cell::Count(v) => (v.to_string(), ",".to_string()),
                Cell::Percent(p) => (format!("{p}%"), ",".to_string()),
                Cell::Rate(n, d) => (String::new(), format!("{n},{d}")),
            };
            let _ = writeln!(
                out,
                "{},{},{},{},{},{value},{parts}",
                s.indicator,
                s.country,
                s.channel,
                s.partner,
                month_label(row.month)
            );
        }
        out
    }

    /// The truth as CSV: one line per fault, with its class and lines.
    pub fn truth_csv(&self) -> String {
        let line_of: HashMap<usize, u64> = self.lines().into_iter().map(|(l, r)| (r, l)).collect();
        let mut out = String::from("class,lines,what\n");
        for fault in &self.faults {
            let lines: Vec<String> = fault
                .rows
                .iter()
                .map(|r| line_of.get(r).map_or("removed".to_string(), u64::to_string))
                .collect();
            let _ = writeln!(
                out,
                "{},{},\"{}\"",
                fault.class.name(),
                lines.join(" "),
                fault.what
            );
        }
        out
    }
}

/// Whether a class changes a count's value (and nothing else), so that
/// only its value can give it away.
pub fn is_value_fault(class: Class) -> bool {
    matches!(
        class,
        Class::ExtraDigit
            | Class::MissingDigit
            | Class::TransposedDigits
            | Class::WrongIndicator
            | Class::LevelShift
            | Class::ZeroInPositive
    )
}

/// A digit typed twice: the last digit again (37 becomes 377, 5 becomes
/// 55), about ten times the value.
pub fn extra_digit(value: i64) -> i64 {
    value * 10 + value % 10
}

/// The last digit lost (448 becomes 44), about a tenth of the value.
pub fn missing_digit(value: i64) -> i64 {
    value / 10
}

/// Every value that swapping two neighbouring, different digits of `value`
/// gives, leaving out those that would start with a 0 (3415 gives 4315,
/// 3145 and 3451).
pub fn transpositions(value: i64) -> Vec<i64> {
    let digits: Vec<u8> = value.to_string().into_bytes();
    (0..digits.len().saturating_sub(1))
        .filter(|&i| digits[i] != digits[i + 1] && !(i == 0 && digits[1] == b'0'))
        .map(|i| {
            let mut swapped = digits.clone();
            swapped.swap(i, i + 1);
            String::from_utf8(swapped).unwrap().parse().unwrap()
        })
        .collect()
}

/// The true mean of a count series at a month (its season and trend
/// included), before the Poisson draw; 0 for a rate.
pub fn mean_at(kind: Kind, month: i32) -> f64 {
    match kind {
        Kind::Count {
            level,
            trend,
            amplitude,
            phase,
        } => {
            let years = f64::from(month) / 12.0;
            let season = 1.0
                + amplitude
                    * (2.0 * std::f64::consts::PI * (f64::from(month) - phase) / 12.0).cos();
            (level * (1.0 + trend * years) * season).max(0.05)
        }
        Kind::Rate { .. } => 0.0,
    }
}

/// The two-sided level of the test that makes a level shift
/// distinguishable: one chance in 1,000 that Poisson noise alone moves
/// the months after it so far.
pub const SHIFT_TEST_LEVEL: f64 = 0.001;

/// Whether a level shift could be told from Poisson noise by any method:
/// an oracle that knows the month of the change and the series' true level
/// in every month from it (season and trend included), and so expects
/// `level` in all of the shifted months the file holds, sees `shifted`
/// there, and tests that with a two-sided exact Poisson test at
/// [`SHIFT_TEST_LEVEL`]. A detector that knows neither the month nor the
/// level can do no better; a shift this test cannot tell from noise can be
/// found only by chance.
pub fn distinguishable_shift(shifted: i64, level: f64) -> bool {
    let shifted = shifted.max(0) as u64;
    let below = poisson_cdf(shifted, level);
    let above =
        1.0 - poisson_cdf(shifted.saturating_sub(1), level) * f64::from(u8::from(shifted > 0));
    2.0 * below.min(above) < SHIFT_TEST_LEVEL
}

/// Whether a level shift could be told from Poisson noise by what the
/// data can show: an oracle that knows the month of the change and the
/// shape of the series' level (its season and trend, `shifted_shape` summed
/// over the shifted months, `before_shape` over the months before), but
/// not the level itself, which it must take from the months before. If
/// nothing changed, the `shifted + before` counted split between the two
/// as a binomial with the share `shifted_shape / (shifted_shape +
/// before_shape)`; the shift is distinguishable when an exact two-sided
/// binomial test of `shifted` rejects that at [`SHIFT_TEST_LEVEL`]. This
/// is the most powerful test of a change at a known month between two
/// Poisson counts (it conditions on their total), and the oracle knows
/// more than any method does (the month and the shape); a shift it cannot
/// tell from noise can be found only by chance.
pub fn distinguishable_from_history(
    shifted: i64,
    shifted_shape: f64,
    before: i64,
    before_shape: f64,
) -> bool {
    if shifted_shape <= 0.0 || before_shape <= 0.0 {
        return false;
    }
    let (shifted, total) = (
        shifted.max(0) as u64,
        (shifted.max(0) + before.max(0)) as u64,
    );
    let share = shifted_shape / (shifted_shape + before_shape);
    let (below, above) = binomial_tails(shifted, total, share);
    2.0 * below.min(above) < SHIFT_TEST_LEVEL
}

/// The chances that a binomial count of `n` trials at `p` is at most `x`
/// and at least `x`, each term built from the last in logarithms so that
/// large counts do not underflow.
pub fn binomial_tails(x: u64, n: u64, p: f64) -> (f64, f64) {
    let (mut below, mut above) = (0.0, 0.0);
    let mut log_term = n as f64 * (1.0 - p).ln();
    for k in 0..=n {
        let term = log_term.exp();
        if k <= x {
            below += term;
        }
        if k >= x {
            above += term;
        }
        log_term += ((n - k) as f64).ln() - ((k + 1) as f64).ln() + p.ln() - (1.0 - p).ln();
    }
    (below.min(1.0), above.min(1.0))
}

/// The chance that a Poisson count of mean `mean` is at most `x`, summed
/// in logarithms so that large means do not underflow.
pub fn poisson_cdf(x: u64, mean: f64) -> f64 {
    if mean <= 0.0 {
        return 1.0;
    }
    let mut log_term = -mean;
    let mut total = log_term.exp();
    for k in 1..=x {
        log_term += mean.ln() - (k as f64).ln();
        total += log_term.exp();
    }
    total.min(1.0)
}

/// One draw of a series at a month.
fn draw(rng: &mut Rng, kind: Kind, month: i32) -> Cell {
    match kind {
        Kind::Count { .. } => Cell::Count(rng.poisson(mean_at(kind, month)) as i64),
        Kind::Rate { people, share } => {
            let d = rng.poisson(people).max(1);
            Cell::Rate(rng.binomial(d, share), d)
        }
    }
}

/// The validator of `impact validate` with its defaults: every built-in
/// rule at its default severity, the as-of date given (`--as-of`), no
/// reporting period, no published totals. This is what
/// `Settings::validator` builds when no config file or option changes it.
pub fn default_validator(as_of: NaiveDate) -> Validator {
    Validator::new().with_as_of(as_of)
}

/// The findings of a dataset, as `impact validate --as-of DATE FILE` gives
/// them: the reading's findings with the settings applied, then the rules'.
pub fn validate(generated: &Generated, validator: &Validator) -> Findings {
    let text = generated.csv();
    let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin())
        .with_source(&format!("generated-{}.csv", generated.seed));
    let (data, read) = csv::read(text.as_bytes(), &options);
    let mut found = validator.apply(read);
    found.merge(validator.validate(&data));
    found
}

/// What one rule's findings were.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleTally {
    /// Warnings and errors that matched a fault.
    pub on_faults: usize,
    /// Warnings and errors on clean figures.
    pub false_alarms: usize,
    /// Notes (on any figure or none).
    pub notes: usize,
    /// Warnings and errors with no line that match no fault.
    pub unplaced: usize,
    /// Warnings and errors on the months after a level shift.
    pub on_affected: usize,
}

/// The measurement over some datasets.
#[derive(Clone, Debug, Default)]
pub struct Measurement {
    /// Per class: (injected, found).
    pub classes: BTreeMap<Class, (usize, usize)>,
    /// Per class: the faults whose value lies within their series' clean
    /// range, and how many of those were found.
    pub in_clean_range: BTreeMap<Class, (usize, usize)>,
    /// The level shifts distinguishable by any method (see
    /// [`distinguishable_shift`]), and how many of those were found.
    pub distinguishable: (usize, usize),
    /// The level shifts distinguishable from the months before them (see
    /// [`distinguishable_from_history`]), and how many of those were
    /// found.
    pub distinguishable_from_history: (usize, usize),
    /// The level shifts that one criterion or the other cannot tell from
    /// noise: their level a month before, their length in months, and
    /// whether each criterion (the true level, the months before) can.
    pub indistinguishable: Vec<(f64, usize, bool, bool)>,
    /// Per class: the rules that found its faults, with how many.
    pub found_by: BTreeMap<Class, BTreeMap<String, usize>>,
    /// Per rule.
    pub rules: BTreeMap<String, RuleTally>,
    /// Clean figures in all the files.
    pub clean: usize,
    /// Clean figures with at least one warning or error.
    pub clean_flagged: usize,
    /// Notes in all.
    pub notes: usize,
    /// Warnings and errors on no figure that match no fault.
    pub unplaced: usize,
    /// The faults not found, for a person: (seed, description).
    pub missed: Vec<(u64, Class, String)>,
    /// The warnings and errors on clean figures, for a person: (seed,
    /// rule, message).
    pub false_alarms: Vec<(u64, String, String)>,
    /// The datasets measured.
    pub datasets: usize,
    /// Figures in all the files.
    pub figures: usize,
    /// Clean figures and those of them flagged, by history and size.
    pub by_breakdown: BTreeMap<Breakdown, (usize, usize)>,
}

/// Where a clean figure stands: how many months of its series come before
/// it, and the mean of its series' clean values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Breakdown {
    /// 0: fewer than 3 earlier months, 1: 3 to 11, 2: 12 to 23, 3: 24 or more.
    pub history: u8,
    /// 0: a mean below 5 a month, 1: 5 to 50, 2: above 50.
    pub size: u8,
}

impl Breakdown {
    /// The breakdown of a figure `month` months into a series of mean
    /// `level`.
    pub fn of(month: i32, level: f64) -> Breakdown {
        let history = match month {
            ..3 => 0,
            3..12 => 1,
            12..24 => 2,
            _ => 3,
        };
        let size = if level < 5.0 {
            0
        } else if level <= 50.0 {
            1
        } else {
            2
        };
        Breakdown { history, size }
    }

    const HISTORY: [&'static str; 4] = ["0-2", "3-11", "12-23", "24+"];
    const SIZE: [&'static str; 3] = ["below 5", "5 to 50", "above 50"];
}

impl Measurement {
    /// Measures the default validator on the datasets of `seeds`.
    pub fn of_seeds(seeds: &[u64]) -> Measurement {
        Measurement::of_seeds_with(seeds, default_validator)
    }

    /// Measures another validator on the datasets of `seeds`: `validator`
    /// makes it from a dataset's as-of date (start from
    /// [`default_validator`] to keep the command line's defaults).
    pub fn of_seeds_with(seeds: &[u64], validator: impl Fn(NaiveDate) -> Validator) -> Measurement {
        let mut total = Measurement::default();
        for &seed in seeds {
            let generated = Generated::new(seed);
            let found = validate(&generated, &validator(as_of(generated.months)));
            total.add(&generated, &found);
        }
        total
    }

    /// Adds one dataset's findings.
    pub fn add(&mut self, generated: &Generated, found: &Findings) {
        self.datasets += 1;
        let lines = generated.lines();
        self.figures += lines.len();
        let row_of_line: HashMap<u64, usize> = lines.iter().copied().collect();
        let row_of_month: HashMap<(usize, i32), usize> = lines
            .iter()
            .map(|&(_, r)| ((generated.rows[r].series, generated.rows[r].month), r))
            .collect();
        // Which faults wrote each row.
        let mut faults_of_row: HashMap<usize, Vec<usize>> = HashMap::new();
        for (f, fault) in generated.faults.iter().enumerate() {
            for &r in &fault.rows {
                faults_of_row.entry(r).or_default().push(f);
            }
        }
        // The generator's series of each series the crate read, by its
        // text, and the month of each period.
        let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
        let (data, _) = csv::read(generated.csv().as_bytes(), &options);
        let mut series_of_text: HashMap<String, usize> = HashMap::new();
        for (figure, location) in data.located() {
            if let Some(row) = location.line.and_then(|l| row_of_line.get(&l)) {
                series_of_text.insert(figure.series().to_string(), generated.rows[*row].series);
            }
        }
        let calendar = FiscalCalendar::SEPTEMBER;
        let period_of = |month: i32| -> Period { calendar.parse(&month_label(month)).unwrap() };
        let month_of: HashMap<Period, i32> = (-1..generated.months + 24)
            .map(|m| (period_of(m), m))
            .collect();
        let mut found_faults: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        let mut flagged: BTreeSet<usize> = BTreeSet::new();
        // The months at which a level shift is reported, by series.
        let mut shifts_found: BTreeMap<usize, Vec<i32>> = BTreeMap::new();
        for finding in found.findings() {
            let series = finding
                .series
                .as_ref()
                .and_then(|s| series_of_text.get(&s.to_string()))
                .copied();
            // The row: the finding's line, or else the row of its series
            // and month.
            let row = finding
                .location
                .line
                .and_then(|l| row_of_line.get(&l))
                .copied()
                .or_else(|| {
                    let month = finding.period.and_then(|p| month_of.get(&p))?;
                    row_of_month.get(&(series?, *month)).copied()
                });
            if finding.rule.as_str() == "outlier.level_shift" {
                let month = finding.period.and_then(|p| month_of.get(&p)).copied();
                if let (Some(s), Some(m)) = (series, month) {
                    shifts_found.entry(s).or_default().push(m);
                }
            }
            let tally = self.rules.entry(finding.rule.to_string()).or_default();
            if finding.severity < Severity::Warning {
                tally.notes += 1;
                self.notes += 1;
                continue;
            }
            let mut matched: Vec<usize> = row
                .and_then(|r| faults_of_row.get(&r))
                .cloned()
                .unwrap_or_default();
            if let (true, Some(s), Some(period)) = (matched.is_empty(), series, finding.period) {
                for (f, fault) in generated.faults.iter().enumerate() {
                    if fault
                        .keys
                        .iter()
                        .any(|&(fs, m)| fs == s && period.contains(period_of(m)))
                    {
                        matched.push(f);
                    }
                }
            }
            if !matched.is_empty() {
                tally.on_faults += 1;
                for f in matched {
                    found_faults
                        .entry(f)
                        .or_default()
                        .insert(finding.rule.to_string());
                }
            } else if let Some(r) = row {
                if generated.affected.contains(&r) {
                    tally.on_affected += 1;
                } else {
                    tally.false_alarms += 1;
                    flagged.insert(r);
                    self.false_alarms.push((
                        generated.seed,
                        finding.rule.to_string(),
                        finding.message.clone(),
                    ));
                }
            } else {
                tally.unplaced += 1;
                self.unplaced += 1;
            }
        }
        // The clean figures, and those flagged, by their history and size.
        let level: Vec<f64> = (0..generated.series.len())
            .map(|s| generated.clean_mean(s))
            .collect();
        for &(_, r) in &lines {
            if faults_of_row.contains_key(&r) || generated.affected.contains(&r) {
                continue;
            }
            let row = &generated.rows[r];
            let by = Breakdown::of(row.month, level[row.series]);
            let count = self.by_breakdown.entry(by).or_default();
            count.0 += 1;
            count.1 += usize::from(flagged.contains(&r));
        }
        self.clean += lines
            .iter()
            .filter(|(_, r)| !faults_of_row.contains_key(r) && !generated.affected.contains(r))
            .count();
        self.clean_flagged += flagged.len();
        for (f, fault) in generated.faults.iter().enumerate() {
            let entry = self.classes.entry(fault.class).or_default();
            entry.0 += 1;
            if fault.distinguishable == Some(true) {
                self.distinguishable.0 += 1;
                self.distinguishable.1 += usize::from(found_faults.contains_key(&f));
            }
            if let (Some(by_level), Some(by_history), Some((level, months))) = (
                fault.distinguishable,
                fault.distinguishable_from_history,
                fault.shift_size,
            ) {
                if !(by_level && by_history) {
                    self.indistinguishable
                        .push((level, months, by_level, by_history));
                }
            }
            if fault.distinguishable_from_history == Some(true) {
                self.distinguishable_from_history.0 += 1;
                self.distinguishable_from_history.1 += usize::from(found_faults.contains_key(&f));
            }
            if fault.in_clean_range == Some(true) {
                let hidden = self.in_clean_range.entry(fault.class).or_default();
                hidden.0 += 1;
                hidden.1 += usize::from(found_faults.contains_key(&f));
            }
            match found_faults.get(&f) {
                Some(rules) => {
                    entry.1 += 1;
                    let by = self.found_by.entry(fault.class).or_default();
                    for rule in rules {
                        *by.entry(rule.clone()).or_default() += 1;
                    }
                }
                None => {
                    let verdict = |d: Option<bool>| match d {
                        Some(true) => "distinguishable",
                        Some(false) => "not distinguishable",
                        None => "",
                    };
                    let mut what = match fault.distinguishable {
                        Some(_) => format!(
                            "{} ({} with the true level, {} from the months before)",
                            fault.what,
                            verdict(fault.distinguishable),
                            verdict(fault.distinguishable_from_history)
                        ),
                        None => fault.what.clone(),
                    };
                    if let (Class::LevelShift, Some(&(s, m))) = (fault.class, fault.keys.first()) {
                        for at in shifts_found.get(&s).into_iter().flatten() {
                            let _ = write!(what, " (a shift reported {:+} months from it)", at - m);
                        }
                    }
                    self.missed.push((generated.seed, fault.class, what));
                }
            }
        }
    }

    /// Faults injected in all.
    pub fn injected(&self) -> usize {
        self.classes.values().map(|c| c.0).sum()
    }

    /// Faults found in all.
    pub fn found(&self) -> usize {
        self.classes.values().map(|c| c.1).sum()
    }

    /// The share of injected faults found, in percent.
    pub fn recall(&self) -> f64 {
        percent(self.found(), self.injected())
    }

    /// The share of the faults on a count's value alone (see
    /// [`is_value_fault`]) found, in percent: the outlier-type faults.
    pub fn value_fault_recall(&self) -> f64 {
        let (injected, found) = self
            .classes
            .iter()
            .filter(|(class, _)| is_value_fault(**class))
            .fold((0, 0), |(i, f), (_, &(ci, cf))| (i + ci, f + cf));
        percent(found, injected)
    }

    /// The share of the distinguishable level shifts found, in percent.
    pub fn distinguishable_recall(&self) -> f64 {
        percent(self.distinguishable.1, self.distinguishable.0)
    }

    /// The share of the level shifts distinguishable from the months
    /// before them that were found, in percent.
    pub fn history_recall(&self) -> f64 {
        percent(
            self.distinguishable_from_history.1,
            self.distinguishable_from_history.0,
        )
    }

    /// The share of one class's faults found, in percent.
    pub fn class_recall(&self, class: Class) -> f64 {
        self.classes
            .get(&class)
            .map_or(0.0, |&(injected, found)| percent(found, injected))
    }

    /// False alarms, per 1,000 clean figures: the clean figures with a
    /// warning or an error, and the warnings and errors on no figure that
    /// match no fault.
    pub fn false_alarms_per_1000(&self) -> f64 {
        per_1000(self.clean_flagged + self.unplaced, self.clean)
    }

    /// Warnings and errors on no figure that match no fault, per 1,000
    /// clean figures (a part of the false alarms).
    pub fn unplaced_per_1000(&self) -> f64 {
        per_1000(self.unplaced, self.clean)
    }

    /// Notes, per 1,000 clean figures.
    pub fn notes_per_1000(&self) -> f64 {
        per_1000(self.notes, self.clean)
    }

    /// The table, as Markdown.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} datasets, {} figures ({} clean), {} faults injected\n",
            self.datasets,
            self.figures,
            self.clean,
            self.injected()
        );
        let _ = writeln!(
            out,
            "| fault | injected | found | recall | in the clean range (found) | found by |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---|");
        for class in Class::ALL {
            let (injected, found) = self.classes.get(&class).copied().unwrap_or_default();
            let by: Vec<String> = self
                .found_by
                .get(&class)
                .map(|m| {
                    let mut v: Vec<(&String, &usize)> = m.iter().collect();
                    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                    v.into_iter().map(|(r, n)| format!("{r} {n}")).collect()
                })
                .unwrap_or_default();
            let hidden = match self.in_clean_range.get(&class) {
                Some((n, found)) => format!("{n} ({found})"),
                None if is_value_fault(class) => "0".to_string(),
                None => "-".to_string(),
            };
            let _ = writeln!(
                out,
                "| {} | {injected} | {found} | {:.0}% | {hidden} | {} |",
                class.name(),
                percent(found, injected),
                by.join(", ")
            );
        }
        let _ = writeln!(
            out,
            "| **overall** | **{}** | **{}** | **{:.1}%** | | |\n",
            self.injected(),
            self.found(),
            self.recall()
        );
        let (shifts, _) = self
            .classes
            .get(&Class::LevelShift)
            .copied()
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "Level shifts distinguishable with the true level (an exact two-sided Poisson test at \
             the {} level, knowing the month of the change and the true level, on all the \
             shifted months): {} of {shifts}, {} of them found in their first {SHIFT_WINDOW} \
             months ({:.1}%).\n",
            SHIFT_TEST_LEVEL,
            self.distinguishable.0,
            self.distinguishable.1,
            self.distinguishable_recall()
        );
        let _ = writeln!(
            out,
            "Level shifts distinguishable from the months before (an exact two-sided binomial \
             test at the {} level of the shifted months against the months before, knowing the \
             month of the change and the shape of season and trend, not the level): {} of \
             {shifts}, {} of them found in their first {SHIFT_WINDOW} months ({:.1}%).\n",
            SHIFT_TEST_LEVEL,
            self.distinguishable_from_history.0,
            self.distinguishable_from_history.1,
            self.history_recall()
        );
        for (name, of) in [
            ("with the true level", 2usize),
            ("from the months before", 3usize),
        ] {
            let not: Vec<&(f64, usize, bool, bool)> = self
                .indistinguishable
                .iter()
                .filter(|d| if of == 2 { !d.2 } else { !d.3 })
                .collect();
            let levels = not.iter().map(|d| d.0);
            let months = not.iter().map(|d| d.1);
            let _ = writeln!(
                out,
                "Not distinguishable {name}: {} shifts, in series of {:.1} to {:.1} a month before \
                 the change ({} of them 5 or less), lasting {} to {} months.\n",
                not.len(),
                levels.clone().fold(f64::INFINITY, f64::min),
                levels.fold(0.0, f64::max),
                not.iter().filter(|d| d.0 <= 5.0).count(),
                months.clone().min().unwrap_or(0),
                months.max().unwrap_or(0),
            );
        }
        let _ = writeln!(
            out,
            "Faults that only their value gives away (extra and missing digits, transpositions, \
             another indicator's value, level shifts, zeros): {:.1}% found.\n",
            self.value_fault_recall()
        );
        let _ = writeln!(
            out,
            "False alarms: {:.1} per 1,000 clean figures ({} of {} clean figures with a warning or an error, \
             and {} warnings or errors on no figure that match no fault). \
             Notes: {:.1} per 1,000 ({} in all, {:.1} a dataset).\n",
            self.false_alarms_per_1000(),
            self.clean_flagged,
            self.clean,
            self.unplaced,
            self.notes_per_1000(),
            self.notes,
            self.notes as f64 / self.datasets.max(1) as f64
        );
        let _ = writeln!(
            out,
            "Clean figures flagged, per 1,000, by the months before them in their series \
             (rows) and their series' mean a month (columns):\n"
        );
        let _ = writeln!(out, "| earlier months | below 5 | 5 to 50 | above 50 |");
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for history in 0..4u8 {
            let cells: Vec<String> = (0..3u8)
                .map(
                    |size| match self.by_breakdown.get(&Breakdown { history, size }) {
                        Some(&(clean, flagged)) => {
                            format!("{:.1} ({flagged} of {clean})", per_1000(flagged, clean))
                        }
                        None => "-".to_string(),
                    },
                )
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} |",
                Breakdown::HISTORY[usize::from(history)],
                cells.join(" | ")
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "| rule | on faults | on clean figures | per 1,000 clean | after a level shift | on no figure | notes |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
        for (rule, t) in &self.rules {
            let _ = writeln!(
                out,
                "| {rule} | {} | {} | {:.1} | {} | {} | {} |",
                t.on_faults,
                t.false_alarms,
                per_1000(t.false_alarms, self.clean),
                t.on_affected,
                t.unplaced,
                t.notes
            );
        }
        out
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

fn per_1000(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        1000.0 * part as f64 / whole as f64
    }
}

/// What `cargo run --example validation_quality -- ARGS` prints, writing
/// the datasets first with `--write DIR` (see the example for the
/// arguments).
pub fn run(args: impl IntoIterator<Item = String>) -> Result<String, Box<dyn std::error::Error>> {
    let mut args = args.into_iter();
    let mut write: Option<PathBuf> = None;
    let mut missed = false;
    let mut outliers: Option<Outliers> = None;
    let mut min_history: Option<usize> = None;
    let mut disable: Vec<String> = Vec::new();
    let mut seeds: Vec<u64> = SEEDS.to_vec();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--write" => write = Some(PathBuf::from(value()?)),
            "--missed" => missed = true,
            "--z-score" => outliers = Some(Outliers::z_score(value()?.parse()?)),
            "--modified-z-score" => outliers = Some(Outliers::modified_z_score(value()?.parse()?)),
            "--min-history" => min_history = Some(value()?.parse()?),
            "--disable" => disable.push(value()?),
            "--seeds" => {
                let range = value()?;
                let (from, to) = range
                    .split_once('-')
                    .ok_or_else(|| format!("--seeds needs FROM-TO, not {range:?}"))?;
                seeds = (from.parse()?..=to.parse()?).collect();
            }
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    // Checked once here, so that a misspelt rule stops the run.
    for rule in &disable {
        Validator::new().disable(rule)?;
    }
    let validator = |as_of| {
        let mut validator = default_validator(as_of);
        if outliers.is_some() || min_history.is_some() {
            let mut settings = outliers.unwrap_or_default();
            if let Some(periods) = min_history {
                settings = settings.with_min_history(periods);
            }
            validator = validator.with_outliers(settings);
        }
        for rule in &disable {
            validator = validator.disable(rule).unwrap_or_else(|_| unreachable!());
        }
        validator
    };
    if let Some(dir) = &write {
        std::fs::create_dir_all(dir)?;
        for &seed in &seeds {
            let generated = Generated::new(seed);
            std::fs::write(dir.join(format!("dataset-{seed}.csv")), generated.csv())?;
            std::fs::write(dir.join(format!("truth-{seed}.csv")), generated.truth_csv())?;
            std::fs::write(
                dir.join(format!("as-of-{seed}.txt")),
                format!("{}\n", as_of(generated.months)),
            )?;
        }
    }
    let measured = Measurement::of_seeds_with(&seeds, validator);
    let mut out = measured.table();
    if missed {
        out.push_str("\nFaults not found:\n");
        for (seed, class, what) in &measured.missed {
            let _ = writeln!(out, "seed {seed}: {}: {what}", class.name());
        }
        out.push_str("\nWarnings and errors on clean figures:\n");
        for (seed, rule, message) in &measured.false_alarms {
            let _ = writeln!(out, "seed {seed}: {rule}: {message}");
        }
    }
    Ok(out)
}
