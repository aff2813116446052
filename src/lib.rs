//! Typed indicators, fiscal reporting periods, exact aggregation and growth
//! for the impact reporting of anti-trafficking work.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod aggregate;
mod calendar;
mod channel;
mod country;
mod dataset;
mod error;
mod growth;
mod indicator;
mod io;
mod observation;
mod period;
mod period_label;
mod published;
mod report;
mod rounding;
pub mod seed;
mod value;

pub use crate::aggregate::{Aggregator, Coverage, Dimension, Gap, GroupKey, Query, Row, Table};
pub use crate::calendar::{FiscalCalendar, YearLabel};
pub use crate::channel::{Channel, Partner};
pub use crate::country::Country;
pub use crate::dataset::Dataset;
pub use crate::error::{Error, Result};
pub use crate::growth::{BaselineRange, Growth, PercentDisplay, baselines_for};
pub use crate::indicator::{Catalogue, Indicator, IndicatorDef, Measure, Polarity, Theme, Unit};
pub use crate::io::format;
#[cfg(feature = "csv")]
pub use crate::io::{CsvReader, CsvWriter, aggregate_csv, read_csv, write_csv, write_table_csv};
pub use crate::io::{NumberFormat, Parsed, ReadOptions};
#[cfg(feature = "json")]
pub use crate::io::{read_json, read_report_json, write_json, write_report_json};
pub use crate::observation::{Basis, Observation, Series};
pub use crate::period::{Period, PeriodKind};
pub use crate::period_label::PeriodLabel;
pub use crate::published::{Baseline, GrowthClaim, KeyWin, PublishedTotal};
pub use crate::report::{Finding, Location, Report, Severity};
pub use crate::rounding::{Rounding, round_ratio};
pub use crate::value::{Bound, Value};
