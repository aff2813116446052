//! Figures and the datasets that hold them: an [`Observation`] is one
//! figure (indicator, country, channel, partner and period, with a
//! [`Value`], its [`Bound`] and its [`Basis`]), a [`Series`] the figure
//! without its period, and a [`Dataset`] many figures checked against a
//! calendar and a catalogue. [`PublishedTotal`], [`GrowthClaim`],
//! [`Baseline`] and [`KeyWin`] are figures as a report printed them, for
//! the validator to check.
//!
//! ```
//! use impact_metrics::figure::{Dataset, Observation, Value};
//! use impact_metrics::{Catalogue, Country, FiscalCalendar, Indicator};
//!
//! let calendar = FiscalCalendar::SEPTEMBER;
//! let mut data = Dataset::new(calendar, Catalogue::builtin());
//! data.push(Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2020, 1)?, Value::Count(20)).with_country(Country::GB))?;
//! assert_eq!(data.len(), 1);
//! # Ok::<(), impact_metrics::Error>(())
//! ```

pub(crate) mod columns;
pub(crate) mod dataset;
pub(crate) mod observation;
pub(crate) mod published;
pub(crate) mod value;

pub use self::dataset::{Dataset, Figures, Refusal};
pub use self::observation::{Basis, Observation, Series};
pub use self::published::{Baseline, GrowthClaim, KeyWin, PublishedTotal};
pub use self::value::{Bound, Value};
