//! Figures as SDMX-CSV 2.0, the exchange format of official statistics
//! (feature `sdmx`).
//!
//! [`write()`] writes a dataset as an SDMX-CSV data message of the data
//! structure below; [`read`] reads such a message back into a dataset,
//! with every row it cannot take located in the
//! [`Findings`](crate::Findings). [`time_period`] and
//! [`parse_time_period`] turn a period into its SDMX reporting period and
//! back; [`Settings`] name the structure a file is written for.
//!
//! ```
//! use impact_metrics::format::ReadOptions;
//! use impact_metrics::{Catalogue, Country, Dataset, FiscalCalendar, Indicator, Observation, Value, sdmx};
//!
//! let calendar = FiscalCalendar::SEPTEMBER;
//! let mut data = Dataset::new(calendar, Catalogue::builtin());
//! data.push(
//!     Observation::new(Indicator::VICTIMS_REMOVED, calendar.half(2020, 1)?, Value::Count(20))
//!         .with_country(Country::GB),
//! )?;
//! let mut out = Vec::new();
//! let findings = sdmx::write(&data, &sdmx::Settings::new(), &mut out)?;
//! assert!(findings.is_empty());
//! let text = String::from_utf8(out).unwrap();
//! assert_eq!(
//!     text,
//!     "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,INDICATOR,REF_AREA,CHANNEL,PARTNER,TIME_PERIOD,\
//!      OBS_VALUE,UNIT_MEASURE,OBS_STATUS,BOUND,REPORTING_YEAR_START_DAY,COMMENT_OBS\n\
//!      dataflow,IMPACT:ANTI_TRAFFICKING(1.0),I,S,victims_removed,GB,_Z,_Z,2020-S1,\
//!      20,people,A,,--09-01,\n"
//! );
//!
//! let options = ReadOptions::new(calendar, Catalogue::builtin());
//! let (back, findings) = sdmx::read(text.as_bytes(), &options, &sdmx::Settings::new());
//! assert!(findings.is_empty());
//! assert_eq!(back.observations(), data.observations());
//! # Ok::<(), impact_metrics::Error>(())
//! ```
//!
//! `cargo run --example sdmx_export --features sdmx` prints the seed
//! report's figures in this format.
//!
//! # The message
//!
//! An SDMX-CSV data message is a CSV file whose first row names its
//! columns. Its first three columns say what each row is:
//!
//! | column | written as | read |
//! |---|---|---|
//! | `STRUCTURE` | `dataflow` | `dataflow`, `datastructure` or `dataprovision`; the character after the header's `STRUCTURE` (or after its `[…]` term) is the file's delimiter, a comma or, as some locales write, a semicolon |
//! | `STRUCTURE_ID` | `IMPACT:ANTI_TRAFFICKING(1.0)`, the [`Structure`] of the [`Settings`] | a row of another structure is not read (`sdmx.structure`, one error per structure, with its number of rows and its first line) |
//! | `ACTION` | `I` (information) | `I`, `A` (append), `M` (merge) and `R` (replace) give figures, and so does a file without the column; `D` (delete) is refused (`sdmx.action`): the crate keeps figures, it does not apply deletions to figures held elsewhere |
//!
//! Columns a file may have and that give nothing to a figure are read
//! without a word: `STRUCTURE_NAME`, `SERIES_KEY`, `OBS_KEY` (the key is
//! in the dimension columns). Any other column the structure does not
//! have is ignored with a note (`parse.column_ignored`), so are the name
//! columns that the labels option `labels=name` adds. With the labels
//! option `labels=both` a header is `INDICATOR: Indicator` and a coded
//! cell `GB: United Kingdom`: the id before the `: ` is read.
//!
//! # The data structure
//!
//! The structure `IMPACT:ANTI_TRAFFICKING(1.0)` has these components, in
//! this order, and a file is written with every column:
//!
//! | component | kind | what it holds | for example |
//! |---|---|---|---|
//! | `FREQ` | dimension | the length of the period: `A` year, `S` half, `Q` quarter, `M` month | `S` |
//! | `INDICATOR` | dimension | the indicator's code in the catalogue; a rate's parts are two indicators, `<code>_NUM` and `<code>_DEN` (below) | `victims_removed` |
//! | `REF_AREA` | dimension | the country, ISO 3166-1 alpha-2, as SDMX's cross-domain area codes write countries (alpha-3, `GBR`, is read too); `_Z` (not applicable) for a figure with no country | `GB` |
//! | `CHANNEL` | dimension | the strategy channel: `direct`, `joint` or `systemic`; `_Z` for none | `joint` |
//! | `PARTNER` | dimension | the partner organisation's name, as text (this dimension is not coded); `_Z` for none | `LIFT International` |
//! | `TIME_PERIOD` | dimension | the period, as an SDMX reporting period (below) | `2020-S1` |
//! | `OBS_VALUE` | measure | the count, or a published percentage, exactly as a number | `74`, `82` |
//! | `UNIT_MEASURE` | attribute | the indicator's unit in the catalogue, or `percent` for a percentage published without its parts | `people` |
//! | `OBS_STATUS` | attribute | SDMX's observation status (code list CL_OBS_STATUS): `A` (normal value) for a figure as the source states it, `E` (estimated value) for a figure read into the source ([`Basis::Interpreted`](crate::Basis::Interpreted)) | `A` |
//! | `BOUND` | attribute | empty for an exact figure, `GE` for "at least" and `GT` for "more than" | `GT` |
//! | `REPORTING_YEAR_START_DAY` | attribute | the day the reporting year starts, `--MM-DD`, from the dataset's calendar | `--09-01` |
//! | `COMMENT_OBS` | attribute | the figure's note (SDMX's observation comment) | `Q2 data awaited` |
//!
//! `UNIT_MULT` is not written: every value is the number itself, never
//! in thousands or millions. `CONF_STATUS` is not written either: the
//! crate cannot say that a figure is free for publication (that is what
//! [`disclosure`](crate::disclosure) is for), and it does not claim it.
//!
//! **Rates.** A rate's numerator and denominator go out as two
//! observations of two indicators, `<code>_NUM` and `<code>_DEN`
//! (`income_rise_rate_NUM` 11 and `income_rise_rate_DEN` 24), with the
//! same other dimensions and attributes. Each is then an exact count that
//! any SDMX tool can total, as the crate totals rates (the rate of a total
//! is the total of the parts over the total of the wholes); a ratio in
//! `OBS_VALUE` (0.4583…) would not be exact, and parts held as attributes
//! would be left behind by tools that total `OBS_VALUE`. The suffixes are
//! upper case, which no catalogue code is, so `_NUM` never clashes with an
//! indicator's own code. A percentage published without its parts goes out
//! as one observation of the indicator itself, with `UNIT_MEASURE`
//! `percent`.
//!
//! **Bounds.** CL_OBS_STATUS has no code for "more than", so a bound is
//! its own attribute, `BOUND`; `OBS_VALUE` is the number the source gives
//! ("more than 1.3 million" is `1300000` with `BOUND` `GT`).
//!
//! # Periods
//!
//! A period goes out as an SDMX reporting period of the dataset's
//! calendar, with `REPORTING_YEAR_START_DAY` the first day of the
//! calendar's start month. The year of a reporting period is, as the
//! SDMX standard defines it, the year in which the reporting year starts,
//! whatever the calendar's year labels say:
//!
//! | period | September calendar | January calendar |
//! |---|---|---|
//! | a year | `2020-A1`: Sep 2020 – Aug 2021 ("2020/21") | `2020-A1`: 2020 |
//! | a half | `2020-S1`: Sep 2020 – Feb 2021 ("20/21 H1") | `2020-S1`: Jan – Jun 2020 |
//! | a quarter | `2020-Q3`: Mar – May 2021 | `2020-Q3`: Jul – Sep 2020 |
//! | a month | `2020-M05`: January 2021 | `2020-M01`: January 2020 |
//! | `REPORTING_YEAR_START_DAY` | `--09-01` | `--01-01` |
//!
//! A January calendar writes the same reporting periods with `--01-01`,
//! which is also what the standard assumes when no start day is given:
//! one form for every calendar, and the start day always said.
//!
//! Reading, a reporting period (`2020-A1`, `2020-S1`, `2020-Q1`,
//! `2020-M01`) is read on the calendar of the [`ReadOptions`], and its
//! `REPORTING_YEAR_START_DAY` must be that calendar's start: a start day
//! that is another (or none, which the standard reads as `--01-01`, on a
//! calendar that does not start in January) is an error
//! (`sdmx.start_day`), never re-based to the calendar. The plain
//! calendar forms are read too: `2020-01` is January 2020 on any
//! calendar, and `2020` the calendar year 2020 on a January calendar.
//! Weeks (`2020-W01`), days (`2020-D001`, `2020-01-15`), trimesters
//! (`2020-T1`) and time ranges are periods the crate does not hold, and
//! are refused (`sdmx.period`), as is a `FREQ` that disagrees with the
//! period.
//!
//! # Reading rows
//!
//! - `OBS_VALUE` holds a whole count (digits only), or for a percentage a
//!   number with an optional decimal point. An empty value, `NaN` or
//!   `#N/A` (SDMX's intentionally missing value) gives no figure: a note
//!   (`sdmx.missing`), never a zero.
//! - A dimension cell is never empty in a row of figures (an empty
//!   dimension is a wildcard in SDMX, which only a deletion may use): an
//!   error (`sdmx.dimension`); `_Z` says there is none. A file without
//!   the `REF_AREA`, `CHANNEL` or `PARTNER` column gives figures without
//!   that breakdown.
//! - `OBS_STATUS` `A` (or empty) reads as stated, `E` as read into the
//!   source; any other status (provisional, forecast, imputed, a missing
//!   value) is a kind of figure the crate does not hold, and is refused
//!   (`sdmx.status`). A `CONF_STATUS` other than `F` (free) marks a
//!   figure as confidential: refused (`sdmx.status`), so that it is not
//!   published by mistake.
//! - `UNIT_MEASURE`, when given, must be the indicator's unit in the
//!   catalogue, or for a rate's published percentage `percent` (or `PC`,
//!   the percent of SDMX's unit code list) (`sdmx.unit`).
//! - Surrounding spaces in a cell are ignored, as in the crate's own CSV
//!   format (a partner's name is read as [`Partner::new`](crate::Partner::new)
//!   reads it).
//! - The two parts of a rate are paired by their dimensions: a part
//!   without the other, a part given twice, or parts whose attributes
//!   disagree are errors (`sdmx.rate`).
//! - The numbers are read as the format defines them, so the number
//!   format, delimiter and encoding of the [`ReadOptions`] do not apply:
//!   a file is UTF-8 (a byte-order mark is skipped), and a cell that is
//!   not is an error (`parse.encoding`).
//!
//! Every figure then passes the dataset's admission check, as a figure of
//! a CSV file does. A message names its cell by the column's header. The
//! file is read whole before its rows are (to find its delimiter and pair
//! the parts of rates), so memory grows with the file.
//!
//! # Writing
//!
//! [`write()`] writes every figure it can carry exactly, and leaves out, with
//! an error (`sdmx.code`) at the figure's place, one whose indicator code
//! has a `.` (SDMX ids have none: `lift.safehouse_nights` cannot be an
//! SDMX code; define the indicator as `lift_safehouse_nights`) or whose
//! partner is named `_Z`.
//!
//! [`ReadOptions`]: crate::format::ReadOptions

mod period;
mod read;
mod settings;
mod write;

pub use self::period::{parse_time_period, reporting_year_start_day, time_period};
pub use self::read::read;
pub use self::settings::{Artefact, Settings, Structure};
pub use self::write::write;

/// The column names of the structure, as written and read.
pub(crate) mod column {
    pub(crate) const STRUCTURE: &str = "STRUCTURE";
    pub(crate) const STRUCTURE_ID: &str = "STRUCTURE_ID";
    pub(crate) const ACTION: &str = "ACTION";
    pub(crate) const FREQ: &str = "FREQ";
    pub(crate) const INDICATOR: &str = "INDICATOR";
    pub(crate) const REF_AREA: &str = "REF_AREA";
    pub(crate) const CHANNEL: &str = "CHANNEL";
    pub(crate) const PARTNER: &str = "PARTNER";
    pub(crate) const TIME_PERIOD: &str = "TIME_PERIOD";
    pub(crate) const OBS_VALUE: &str = "OBS_VALUE";
    pub(crate) const UNIT_MEASURE: &str = "UNIT_MEASURE";
    pub(crate) const OBS_STATUS: &str = "OBS_STATUS";
    pub(crate) const CONF_STATUS: &str = "CONF_STATUS";
    pub(crate) const BOUND: &str = "BOUND";
    pub(crate) const START_DAY: &str = "REPORTING_YEAR_START_DAY";
    pub(crate) const COMMENT: &str = "COMMENT_OBS";

    /// The columns a writer writes, in order.
    pub(crate) const WRITTEN: [&str; 15] = [
        STRUCTURE,
        STRUCTURE_ID,
        ACTION,
        FREQ,
        INDICATOR,
        REF_AREA,
        CHANNEL,
        PARTNER,
        TIME_PERIOD,
        OBS_VALUE,
        UNIT_MEASURE,
        OBS_STATUS,
        BOUND,
        START_DAY,
        COMMENT,
    ];
}

/// The code of "not applicable" (SDMX's `_Z`): a figure with no country,
/// channel or partner.
pub(crate) const NOT_APPLICABLE: &str = "_Z";
/// The unit of a percentage published without its parts.
pub(crate) const PERCENT_UNIT: &str = "percent";
/// The suffix of a rate's numerator indicator.
pub(crate) const NUMERATOR: &str = "_NUM";
/// The suffix of a rate's denominator indicator.
pub(crate) const DENOMINATOR: &str = "_DEN";
