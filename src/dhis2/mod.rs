//! DHIS2 `dataValueSets` in and out (feature `dhis2`): figures written as
//! the data values a DHIS2 server imports, and a DHIS2 export read back
//! into figures, through one [`Mapping`].
//!
//! DHIS2 holds aggregate data as *data values*: a number for a data
//! element and category option combo (a cell of a data entry form), a
//! period, an org unit and an attribute option combo. The [`Mapping`] says
//! which of those each of the crate's indicators (under each channel),
//! countries and partners is; its file form is documented field by field
//! on [`Mapping`].
//!
//! # The payloads
//!
//! [`write()`] writes, and [`read()`] reads, the two forms of DHIS2's
//! `dataValueSets` resource ([`Payload`]):
//!
//! - **JSON**: `{"dataSet": ..., "completeDate": ..., "dataValues": [...]}`,
//!   each data value with `dataElement`, `period`, `orgUnit`,
//!   `categoryOptionCombo`, `attributeOptionCombo`, `value` (a string, as
//!   DHIS2 writes it) and `comment` (the figure's note). `dataSet` and
//!   `completeDate` are written only when the mapping gives them, and a
//!   combo only when the mapping names one (DHIS2 uses its default
//!   otherwise). Reading also takes the `period`, `orgUnit` and
//!   `attributeOptionCombo` a data value set may give once for all its
//!   values, and a number written bare.
//! - **CSV**: a header row, then one data value a row, in DHIS2's column
//!   order: `dataelement`, `period`, `orgunit`, `categoryoptioncombo`,
//!   `attributeoptioncombo`, `value`, `storedby`, `lastupdated`,
//!   `comment`, `followup`. DHIS2 skips the header row on import; the
//!   reader finds the columns by the header's names (any case, so DHIS2's
//!   own export and a `dataElement,...` header both read) and reads a
//!   `deleted` column when there is one.
//!
//! A rate goes out as two data values, its numerator's and its
//! denominator's, so that DHIS2 adds the parts; the reader rebuilds the
//! rate from the two.
//!
//! # Periods
//!
//! A figure's period is written as the DHIS2 period with exactly the same
//! months ([`PeriodId::of`]), or the figure is not written: a month always
//! has one (`202009`); a quarter, a half or a year only when one of DHIS2's
//! types starts its periods in the same month ([`PeriodType`] lists them
//! with their months). On a September calendar the fiscal year is
//! `2020Sep`, but the halves (September to February, March to August) and
//! quarters (September to November, ...) have no DHIS2 period, so such a
//! figure is refused with a `dhis2.period` finding that says so and names
//! what would work: monthly figures, or the financial year. It is never
//! moved to a near period. An April calendar's halves are DHIS2's
//! `SixMonthlyApril` (`2020AprilS1`, `2020AprilS2`), a July calendar's
//! halves are calendar halves (`2020S2`, `2021S1`), and so on.
//!
//! A mapping's `period_types` ([`Mapping::with_period_types`]) restricts the
//! types written, to the period type of the DHIS2 data set, or to the types
//! an older server knows (`FinancialSep`, `FinancialFeb` and `FinancialAug`
//! are recent); a figure whose months are a period of another type is then
//! refused in the same way.
//!
//! DHIS2 names its November types by the year they *end* in: `2021Nov` is
//! November 2020 to October 2021 and `2021NovS1` November 2020 to April
//! 2021. Every other financial year is named by the year it starts in
//! (`2020April` is April 2020 to March 2021).
//!
//! # What DHIS2 cannot carry
//!
//! Besides periods: a bound ("more than 10") is refused (`dhis2.value`),
//! since DHIS2 has no way to say "at least" and would add it up as exactly
//! 10 (a comment does not travel into DHIS2's totals); so is a percentage
//! published without its parts, and a count above 2,147,483,647, the most
//! DHIS2's whole-number value types hold. A figure whose indicator, country or
//! partner the mapping lacks is refused (`dhis2.mapping`) with what to add.
//! A figure read into its source (interpreted) is written with its note as
//! the comment and a warning (`dhis2.basis`).
//!
//! DHIS2 stores a zero only for data elements marked "zero is
//! significant": mark the data elements this crate writes so, or DHIS2
//! drops the zeros it is sent.
//!
//! # Example
//!
//! ```
//! use impact_metrics::{Catalogue, Channel, Country, Dataset, FiscalCalendar, Indicator, Observation, Value};
//! use impact_metrics::dhis2::{self, Mapping, Payload};
//! use impact_metrics::format::ReadOptions;
//!
//! let mapping = Mapping::from_toml(r#"
//!     data_set = "pBOMPrpg1QX"
//!     [countries]
//!     GB = "GBorgUnit01"
//!     [[indicators]]
//!     indicator = "victims_removed"
//!     channel = "direct"
//!     data_element = "victimsRem1"
//!     [[indicators]]
//!     indicator = "re_trafficking_rate"
//!     channel = "direct"
//!     numerator = { data_element = "reTrafNum01" }
//!     denominator = { data_element = "reTrafDen01" }
//! "#)?;
//!
//! let calendar = FiscalCalendar::SEPTEMBER;
//! let mut data = Dataset::new(calendar, Catalogue::builtin());
//! let gb = |figure: Observation| figure.with_country(Country::GB).with_channel(Channel::Direct);
//! data.push(gb(Observation::new(Indicator::VICTIMS_REMOVED, calendar.year(2020)?, Value::Count(41))))?;
//! data.push(gb(Observation::new(Indicator::RE_TRAFFICKING_RATE, calendar.month(2020, 1)?, "0/12".parse()?)))?;
//! data.push(gb(Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2021, 1)?, Value::Count(20))))?;
//!
//! let mut out = Vec::new();
//! let findings = dhis2::write(&data, &mapping, Payload::Json, &mut out)?;
//! let json = String::from_utf8(out).unwrap();
//! assert_eq!(json, r#"{
//!   "dataSet": "pBOMPrpg1QX",
//!   "dataValues": [
//!     {
//!       "dataElement": "victimsRem1",
//!       "period": "2020Sep",
//!       "orgUnit": "GBorgUnit01",
//!       "value": "41"
//!     },
//!     {
//!       "dataElement": "reTrafNum01",
//!       "period": "202009",
//!       "orgUnit": "GBorgUnit01",
//!       "value": "0"
//!     },
//!     {
//!       "dataElement": "reTrafDen01",
//!       "period": "202009",
//!       "orgUnit": "GBorgUnit01",
//!       "value": "12"
//!     }
//!   ]
//! }
//! "#);
//! // The September-calendar half is not written, and the finding says why.
//! assert_eq!(findings.len(), 1);
//! assert_eq!(
//!     findings.findings()[0].to_string(),
//!     "error[dhis2.period] figure #2: victims_removed GB direct 21/22 H1 = 20 is not written: \
//!      DHIS2 has no period for 21/22 H1 (September 2021 to February 2022): its six-monthly periods \
//!      start in January and July (SixMonthly), April and October (SixMonthlyApril) or November and May \
//!      (SixMonthlyNov); send the figure by month, or for the whole financial year 2021/22 (2021Sep)"
//! );
//!
//! // And back: the same figures, but the one DHIS2 could not take.
//! let options = ReadOptions::new(calendar, Catalogue::builtin());
//! let (back, findings) = dhis2::read(json.as_bytes(), &options, &mapping, Payload::Json);
//! assert!(findings.is_empty());
//! assert_eq!(back.observations(), &data.observations()[..2]);
//! # Ok::<(), impact_metrics::Error>(())
//! ```
//!
//! The seed report's figures, exported, with the refusals shown:
//!
//! ```text
//! cargo run --example dhis2_export --features dhis2
//! ```

mod mapping;
mod period;
mod read;
mod write;

pub use self::mapping::{Element, Mapping, Target};
pub use self::period::{PeriodId, PeriodType};
pub use self::read::read;
pub use self::write::{DataValue, data_values, write};

/// Which of DHIS2's two `dataValueSets` forms to write or read.
///
/// ```
/// use impact_metrics::dhis2::Payload;
/// assert_eq!(Payload::from_extension("json"), Some(Payload::Json));
/// assert_eq!(Payload::from_extension("CSV"), Some(Payload::Csv));
/// assert_eq!(Payload::from_extension("xml"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Payload {
    /// `{"dataValues": [...]}`.
    Json,
    /// DHIS2's CSV, with its header row.
    Csv,
}

impl Payload {
    /// The payload a file name's extension (`json`, `csv`, any case) says.
    #[must_use]
    pub fn from_extension(extension: &str) -> Option<Payload> {
        if extension.eq_ignore_ascii_case("json") {
            Some(Payload::Json)
        } else if extension.eq_ignore_ascii_case("csv") {
            Some(Payload::Csv)
        } else {
            None
        }
    }
}
