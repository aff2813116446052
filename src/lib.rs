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

mod channel;
mod country;
mod error;
mod indicator;
mod value;

pub use crate::channel::{Channel, Partner};
pub use crate::country::Country;
pub use crate::error::{Error, Result};
pub use crate::indicator::{Catalogue, Indicator, IndicatorDef, Measure, Polarity, Theme, Unit};
pub use crate::value::{Bound, Value};
