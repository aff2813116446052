//! Typed indicators, fiscal reporting periods, exact aggregation and growth,
//! validation and disclosure control for the impact reporting of
//! anti-trafficking work.
//!
//! Charities that fight human trafficking publish figures such as "74
//! victims removed from exploitation, +32% on last year's half-year
//! average", broken down by country and by how the work was done. This
//! crate gives those figures types and rules, so that tools can compute and
//! check them instead of a spreadsheet.
//!
//! # A short tour
//!
//! - **What is counted**: an [`Indicator`] is a stable code
//!   (`victims_removed`); its [`IndicatorDef`] in a [`Catalogue`] says what
//!   it means: printed name, [`Theme`], [`Unit`], [`Measure`] (a count, or a
//!   rate held as numerator and denominator) and [`Polarity`].
//!   [`Catalogue::builtin`] covers every figure of the seed report; a
//!   partner defines its own with [`Catalogue::define`].
//! - **Where and how**: a [`Country`] is any ISO 3166-1 country ("UK" reads
//!   as GB); a [`Channel`] is direct work, joint operations (with a
//!   [`Partner`]) or systemic change.
//! - **When**: a [`FiscalCalendar`] starts its year in any month (the
//!   report's on 1 September) and makes [`Period`]s: years, halves,
//!   quarters, months, with labels as people write them ("20/21 H1") and an
//!   unambiguous machine form (`FY2020-09-H1`).
//! - **Figures**: an [`Observation`] is indicator × country × channel ×
//!   partner × period → [`Value`]; a [`Dataset`] holds many, checked
//!   against its calendar and catalogue.
//! - **Totals**: a [`Query`] groups and filters; [`Dataset::aggregate`]
//!   gives a [`Table`] of exact totals that says when a figure covers only
//!   part of the period ([`Coverage`](aggregate::Coverage)). [`Aggregator`] does the same one
//!   figure at a time.
//! - **Growth**: [`Growth`] is exact (a fraction); it becomes a percent only
//!   through an explicit [`Rounding`] rule. [`baselines_for`] goes
//!   backwards, from a published rounded percent to every baseline total
//!   consistent with it. [`Dataset::compare`] sets totals beside a baseline.
//! - **Validation**: a [`Validator`] checks a dataset and the totals
//!   published from it, and returns its [`Findings`]: every [`Finding`], each
//!   with a [`Severity`], a stable rule id and a [`Location`]: rates,
//!   duplicates, periods, coverage, reconciliation of published totals with
//!   their parts, outliers, double counting, growth claims. Rules of your
//!   own are a [`UserRule`](validate::UserRule) ("survivors_repatriated <= survivors_cared_for")
//!   or a [`Rule`](validate::Rule) written in Rust.
//! - **Disclosure control**: [`Disclosure::protect`](disclosure::Disclosure::protect) suppresses
//!   small counts of a [`CountTable`](disclosure::CountTable) before publication, with secondary
//!   suppression until its audit shows every hidden small count could be, for all a reader can
//!   tell from the totals, well above or below its true value.
//! - **Files**: partners' CSV and JSON files are read with every bad row
//!   located and every good row kept (`csv::read`, the streaming `csv::Reader`,
//!   `csv::aggregate`, `json::read`) and written back (`csv::write`,
//!   `json::write`), in the format documented in [`format`](mod@format) (features `csv`
//!   and `json`, on by default).
//! - **The command line**: the `impact` binary (feature `cli`) computes
//!   growth, explains period labels, validates files and prints reports
//!   from the shell.
//! - **The seed report**: [`seed::h1_2020_21`] is the report the crate was
//!   built from, every figure typed.
//!
//! Every fallible function returns [`Result`], whose [`Error`] says what
//! was refused and why; nothing in the crate panics on a caller's data, and
//! counts add with checked arithmetic.
//!
//! # Example
//!
//! The report's headline "victims removed from exploitation: 74, +32% on
//! 19/20 half-year average", recomputed from its country figures, and the
//! 2019/20 totals its growth figure allows:
//!
//! ```
//! use impact_metrics::{baselines_for, seed, Indicator, Query, Rounding, Value};
//!
//! let report = seed::h1_2020_21()?;
//! let totals = report
//!     .figures
//!     .aggregate(&Query::new().within(report.period).by_indicator())?;
//! let victims = totals.row(Indicator::VICTIMS_REMOVED).unwrap();
//! assert_eq!(victims.value, Value::Count(74)); // UK 20 + Bangladesh 17 + Thailand 37
//!
//! // +32% on half of 2019/20's total: which 2019/20 totals give that?
//! let h1_months = report.period.months();
//! let year_months = report.baseline_year.months();
//! let totals_2019_20 = baselines_for("32".parse().unwrap(), 74, h1_months, year_months, Rounding::HalfUp)?;
//! assert_eq!(totals_2019_20.to_string(), "112");
//! # Ok::<(), impact_metrics::Error>(())
//! ```
//!
//! The whole report, recomputed and checked, is the `h1_report` example:
//!
//! ```text
//! cargo run --example h1_report
//! ```
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

/// The doc text naming an item of the `csv` feature: a link when the
/// feature is on, plain code when it is off (so that the docs build with
/// any features). The link goes to `crate::<path>`, or to `target`.
#[cfg(feature = "csv")]
macro_rules! csv_item {
    ($path:literal) => {
        concat!("[`", $path, "`](crate::", $path, ")")
    };
    ($path:literal, $target:literal) => {
        concat!("[`", $path, "`](", $target, ")")
    };
}
#[cfg(not(feature = "csv"))]
macro_rules! csv_item {
    ($path:literal) => {
        concat!("`", $path, "`")
    };
    ($path:literal, $target:literal) => {
        concat!("`", $path, "`")
    };
}

/// The doc text naming an item of the `json` feature: a link when the
/// feature is on, plain code when it is off (so that the docs build with
/// any features). The link goes to `crate::<path>`, or to `target`.
#[cfg(feature = "json")]
macro_rules! json_item {
    ($path:literal) => {
        concat!("[`", $path, "`](crate::", $path, ")")
    };
    ($path:literal, $target:literal) => {
        concat!("[`", $path, "`](", $target, ")")
    };
}
#[cfg(not(feature = "json"))]
macro_rules! json_item {
    ($path:literal) => {
        concat!("`", $path, "`")
    };
    ($path:literal, $target:literal) => {
        concat!("`", $path, "`")
    };
}

pub mod aggregate;
mod channel;
mod country;
#[cfg(feature = "csv")]
pub mod csv;
#[cfg(feature = "dhis2")]
pub mod dhis2;
pub mod disclosure;
mod error;
pub mod figure;
mod findings;
pub mod growth;
mod hash;
#[cfg(feature = "iati")]
pub mod iati;
mod indicator;
mod io;
#[cfg(feature = "json")]
pub mod json;
pub mod period;
mod rules;
#[cfg(feature = "sdmx")]
pub mod sdmx;
pub mod seed;
mod severity;
pub mod validate;
#[cfg(feature = "workbook")]
pub mod workbook;

pub use crate::io::format;

pub use crate::aggregate::{Aggregator, Dimension, Query, Table};
pub use crate::channel::{Channel, Partner};
pub use crate::country::Country;
pub use crate::error::{Error, Result};
pub use crate::figure::{Basis, Bound, Dataset, Observation, Series, Value};
pub use crate::growth::{Growth, Rounding, baselines_for};
pub use crate::indicator::{
    Catalogue, Indicator, IndicatorDef, Measure, Polarity, Reference, Theme, TipCategory, Unit,
};
pub use crate::period::{FiscalCalendar, Period, PeriodKind, PeriodLabel, YearLabel};
pub use crate::validate::{Finding, Findings, Location, Severity, Validator};
pub use chrono::NaiveDate;
pub use rust_decimal::Decimal;

/// The README's code, compiled and run as a doctest so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
