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

mod error;

pub use crate::error::{Error, Result};

mod calendar;
mod period;
mod period_label;

pub use crate::calendar::{FiscalCalendar, YearLabel};
pub use crate::period::{Period, PeriodKind};
pub use crate::period_label::PeriodLabel;
