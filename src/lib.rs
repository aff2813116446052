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
mod growth;
mod rounding;

pub use crate::error::{Error, Result};
pub use crate::growth::{BaselineRange, Growth, PercentDisplay, baselines_for};
pub use crate::rounding::{Rounding, round_ratio};
