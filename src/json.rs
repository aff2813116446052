//! Reading and writing figures and findings as JSON (feature `json`), in
//! the format documented in [`format`](crate::format).
//!
//! [`read`] reads a document held in memory, [`read_from`] one from a
//! reader, and [`read_each`] streams its figures one at a time; each keeps
//! every good figure and locates every bad one in the
//! [`Findings`](crate::Findings). [`aggregate`] totals a document as it is
//! read. [`write()`] writes a dataset; [`write_findings`] and
//! [`read_findings`] write and read back the findings of a validation.
//!
//! ```
//! use impact_metrics::format::ReadOptions;
//! use impact_metrics::{Catalogue, FiscalCalendar, json};
//!
//! let text = r#"[{"indicator": "victims_removed", "country": "GB", "period": "20/21 H1", "value": 20},
//!               {"indicator": "victims_removed", "country": "BD", "period": "20/21 H1", "value": "many"}]"#;
//! let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
//! let (figures, findings) = json::read(text, &options);
//! assert_eq!(figures.len(), 1); // the GB figure
//! assert_eq!(findings.len(), 1); // the value that is not a number
//! ```

pub use crate::io::json::{
    aggregate, read, read_each, read_findings, read_from, write, write_findings,
};
