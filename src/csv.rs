//! Reading and writing figures as CSV (feature `csv`), in the format
//! documented in [`format`](crate::format).
//!
//! [`read`] reads a whole file into a dataset, keeping every good row and
//! locating every bad one in the [`Findings`](crate::Findings); [`Reader`]
//! does the same a row at a time; [`aggregate`] totals a file as it is
//! read, without holding its figures. [`write()`] writes a dataset back,
//! [`Writer`] a figure at a time, and [`write_table`] a table of totals.
//!
//! ```
//! use impact_metrics::format::ReadOptions;
//! use impact_metrics::{Catalogue, FiscalCalendar, csv};
//!
//! let file = "indicator,country,period,value\nvictims_removed,UK,20/21 H1,20\nvictims_removed,BD,20/21 H1,-3\n";
//! let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
//! let (figures, findings) = csv::read(file.as_bytes(), &options);
//! assert_eq!(figures.len(), 1); // the UK row
//! assert_eq!(findings.len(), 1); // the negative count, at line 3
//! ```

pub use crate::io::csv::{Reader, aggregate, read, read_each};
pub use crate::io::csv_write::{Writer, write, write_table};
pub use crate::io::published::read_published;
