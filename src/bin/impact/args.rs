//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use impact_metrics::Severity;
use impact_metrics::format::{Encoding, NumberFormat};
use impact_metrics::validate::Outliers;

/// Growth figures, period labels, validation and reports of
/// anti-trafficking impact data.
///
/// Exit status: 0 when the command ran and found no error in the data; 1
/// when it ran and found errors in the data; 2 when it could not run (bad
/// arguments, an unreadable file).
#[derive(Debug, Parser)]
#[command(
    name = "impact",
    version,
    about,
    long_about,
    after_help = "Examples:\n  \
    impact growth --current 74 --baseline 112 --current-period '20/21 H1' --baseline-period 2019/20\n  \
    impact period '20/21 Q1'\n  \
    impact validate examples/data/partner_with_problems.csv --as-of 2021-03-31\n  \
    impact report examples/data/seed_h1_2020_21.csv --period '20/21 H1' --by channel\n  \
    impact validate examples/data/seed_h1_2020_21.csv --config examples/impact.toml\n  \
    impact convert examples/data/seed_h1_2020_21.csv - --to sdmx"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The month the fiscal year starts in: 1-12, or its name ("september",
    /// "Sep") [default: 9, or the config file's `start_month`]
    #[arg(long, global = true, value_name = "MONTH", value_parser = parse_month)]
    pub start_month: Option<u32>,

    /// Which year a single-year label names [default: span, or the config file's `year_label`]
    #[arg(long, global = true, value_enum, value_name = "CONVENTION")]
    pub year_label: Option<YearLabelArg>,

    /// The date the data is as of, YYYY-MM-DD [default: today, or the config file's `as_of`]
    #[arg(long, global = true, value_name = "DATE")]
    pub as_of: Option<String>,

    /// A TOML file with defaults for these options, the partner's own
    /// indicators and rules [default: ./impact.toml if present]
    #[arg(long, global = true, value_name = "FILE", long_help = CONFIG_HELP)]
    pub config: Option<PathBuf>,

    /// Output for people (aligned text) or for scripts
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// The character between cells of a CSV file: ',' ';' tab or '|'
    /// [default: ',', or the config file's `delimiter`]
    #[arg(long, global = true, value_name = "CHAR", value_parser = parse_delimiter, help_heading = READING)]
    pub delimiter: Option<u8>,

    /// How numbers are written beyond plain digits: plain, comma (1,234),
    /// indian (1,02,345), dot-decimal-comma (1.234 and 12,5%) or
    /// space-decimal-comma (1 234 and 12,5%) [default: plain, or the config
    /// file's `number_format`]
    #[arg(long, global = true, value_name = "FORMAT", value_parser = parse_number_format, help_heading = READING)]
    pub number_format: Option<NumberFormat>,

    /// Lines above the header row to skip, such as a title
    /// [default: 0, or the config file's `skip_rows`]
    #[arg(long, global = true, value_name = "N", help_heading = READING)]
    pub skip_rows: Option<usize>,

    /// Threads a CSV file is read on; the results are the same for any
    /// number [default: one a core, or the config file's `threads`]
    #[arg(long, global = true, value_name = "N", help_heading = READING)]
    pub threads: Option<usize>,

    /// A cell text that means "no figure", beside N/A, NA, n.a. and dashes;
    /// repeat for more (added to the config file's `not_available`)
    #[arg(long, global = true, value_name = "MARKER", help_heading = READING)]
    pub not_available: Vec<String>,

    /// Skip rows that say they have no figure, each with a note, instead of
    /// refusing them [or the config file's `skip_not_available = true`]
    #[arg(long, global = true, help_heading = READING)]
    pub skip_not_available: bool,

    /// The files' text encoding: utf-8, utf-16 (little-endian), utf-16le,
    /// utf-16be or windows-1252 [default: utf-8, or the config file's
    /// `encoding`]
    #[arg(long, global = true, value_name = "ENCODING", value_parser = parse_encoding, help_heading = READING)]
    pub encoding: Option<Encoding>,

    /// The sheet of a workbook (.xlsx, .xls, .ods) to read [default: the
    /// one sheet whose first rows hold the header, or the config file's
    /// `sheet`]
    #[arg(long, global = true, value_name = "NAME", help_heading = READING)]
    pub sheet: Option<String>,

    /// The DHIS2 mapping (TOML or JSON): which data element, category
    /// option combo and org unit each indicator, channel and country is;
    /// needed to read or write DHIS2 files [or the config file's
    /// `mapping` under `[dhis2]`]
    #[arg(long, global = true, value_name = "FILE", help_heading = READING)]
    pub mapping: Option<PathBuf>,

    /// Leave out the findings of a rule (`outlier.level`) or a family of
    /// rules (`outlier`); repeat for more (added to the config file's
    /// `[rules] disable`)
    #[arg(long, global = true, value_name = "RULE", help_heading = RULES)]
    pub disable: Vec<String>,

    /// Give a rule's findings another severity: RULE=LEVEL, with LEVEL
    /// note, warning or error (`coverage.partial=error`); repeat for more
    /// (after the config file's `[rules.severity]`)
    #[arg(long, global = true, value_name = "RULE=LEVEL", value_parser = parse_severity_setting, help_heading = RULES)]
    pub severity: Vec<(String, Severity)>,

    /// How outliers are found: expected (each figure against the seasonal
    /// median of its series, above 4.5 spreads: the default), z-score
    /// (DHIS2's, above 3 over the earlier periods) or modified-z-score
    /// (DHIS2's, above 3.5); another threshold after a colon
    /// (`z-score:2.5`) [or the config file's `outliers` under `[rules]`]
    #[arg(long, global = true, value_name = "METHOD", value_parser = parse_outliers, help_heading = RULES)]
    pub outliers: Option<Outliers>,
}

/// The help heading of the options on reading files.
const READING: &str = "Reading files";

/// The help heading of the options on the validation rules.
const RULES: &str = "Rules";

/// The long help of `--config`: every key of the file.
const CONFIG_HELP: &str = r#"A TOML file with defaults for the options, the partner's own indicators
and rules [default: ./impact.toml if present]. An option given on the
command line wins over the file's key; markers, disabled rules and
severities given in both are added together, the command line's last.
Every key may be left out; examples/impact.toml has them all:

  start_month = 9                # or "September"               --start-month
  year_label = "span"            # or "start-year", "end-year"  --year-label
  as_of = "2021-03-31"           #                              --as-of
  delimiter = ","                # or ";", "tab", "|"           --delimiter
  number_format = "plain"        # or "comma", "indian",        --number-format
                                 # "dot-decimal-comma", "space-decimal-comma"
  skip_rows = 0                  #                              --skip-rows
  threads = 2                    # default: one a core          --threads
  not_available = ["nil"]        #                              --not-available
  skip_not_available = false     #                              --skip-not-available
  encoding = "utf-8"             # or "utf-16", "utf-16le",     --encoding
                                 # "utf-16be", "windows-1252"
  sheet = "Figures"              # a workbook's sheet           --sheet

  [rules]
  outliers = "expected"          # or "z-score", "modified-z-score", --outliers
                                 # with a threshold: "z-score:2.5"
  disable = ["outlier.level"]    #                              --disable
  [rules.severity]
  "coverage.partial" = "error"   #                              --severity

  [[indicator]]                  # a partner's own indicator, one table each
  code = "lift.safehouse_nights"
  name = "Safe-house nights provided"
  theme = "saving_lives"         # or "prosecuting_criminals", "systemic_change",
                                 # { other = "Aftercare" }
  unit = { other = "nights" }    # or "people", "cases", "households", "calls",
                                 # "recommendations"
  measure = "count"              # or "rate"
  polarity = "higher_is_better"  # or "lower_is_better", "neutral"; may be left out
  aliases = ["Nights in safe houses"]  # may be left out
  channels = ["direct"]          # where it may be reported; may be left out
  countries = ["BD", "IN"]       # where it may be reported; may be left out
  headline = false               # may be left out
  tip_category = "protection"    # or "prevention", "prosecution"; may be left out
  references = [{ vocabulary = "9", code = "16.2.2" }]  # IATI vocabularies; may be left out

  [[rule]]                       # a rule of the partner's own, one table each
  id = "house.convicted_within_arrested"
  text = "exploiters_convicted <= accused_arrested + 10"
  severity = "warning"           # or "note", "error" [default: error]
  description = "more convictions than arrests"  # may be left out

  [sdmx]                         # SDMX-CSV (impact convert --to sdmx)
  structure = "IMPACT:ANTI_TRAFFICKING(1.0)"
  artefact = "dataflow"          # or "datastructure", "dataprovision"

  [dhis2]                        # DHIS2 (--to dhis2, dhis2-csv; reading)
  # mapping = "dhis2_mapping.toml"  # from the config file's folder --mapping

  [iati]                         # IATI (--to iati, iati-results)
  baseline = "2019/20"           #                              --baseline
  result_type = "output"         # or "outcome", "impact", "other"
  # [iati.activity]              # identifier, title, description, reporting_org,
                                 # participating_orgs, dates: see examples/impact.toml"#;

/// How results are written on standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables for people.
    Text,
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON document.
    Json,
}

/// Which year a single-year label ("FY2021") names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum YearLabelArg {
    /// Both years: "2020/21".
    Span,
    /// The year the fiscal year starts in: "FY2020".
    StartYear,
    /// The year the fiscal year ends in: "FY2021".
    EndYear,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Growth of a current value against a baseline, or backwards: the
    /// baselines a published percent allows
    Growth(GrowthArgs),
    /// What a period label means on the calendar: first and last day,
    /// parent, children
    Period(PeriodArgs),
    /// Every problem in partner files (CSV, JSON, workbooks, DHIS2, SDMX),
    /// with file, line and column; exit status 1 when there are errors
    Validate(ValidateArgs),
    /// The totals of a period, with growth on the previous fiscal year's
    /// average, coverage notes and, on request, disclosure control and a chart
    Report(ReportArgs),
    /// Partner files from one format into another (CSV, JSON, SDMX-CSV,
    /// DHIS2, IATI), with every problem found as validate finds it
    Convert(ConvertArgs),
}

/// A format `impact convert` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ToArg {
    /// The crate's CSV format (a `.csv` file).
    Csv,
    /// The crate's JSON format (a `.json` file).
    Json,
    /// An SDMX-CSV 2.0 data message, of the structure of the config file's
    /// `[sdmx]` (by default IMPACT:ANTI_TRAFFICKING(1.0)).
    Sdmx,
    /// An IATI 2.03 activity document (a `.xml` file) with the figures as
    /// its results; the activity comes from the config file's
    /// `[iati.activity]`.
    Iati,
    /// Only the IATI `result` elements, for an activity kept elsewhere.
    IatiResults,
    /// A DHIS2 dataValueSets payload in JSON, through the DHIS2 mapping
    /// (--mapping).
    Dhis2,
    /// A DHIS2 dataValueSets payload in DHIS2's CSV.
    Dhis2Csv,
}

/// `impact convert`.
#[derive(Debug, Args)]
#[command(
    after_help = "The output's format is --to, or else the output's name: .csv, .json, \
    .sdmx.csv, .dhis2.json, .dhis2.csv or .xml (IATI). The input files are read as validate \
    reads them (CSV, JSON, workbooks, DHIS2 exports and SDMX-CSV, each told by its first \
    bytes), and every rule of validate is run on them: the findings are printed as validate \
    prints them (on standard error when the output goes to standard output), and a figure the \
    output format cannot carry exactly is left out with a finding, never changed to fit.\n\n\
    Exit status: 0 when every figure was read and written and no finding is an error; 1 when \
    the output was written but some figures were refused or left out, or a finding is an \
    error; 2 when nothing could be written (bad arguments, an unreadable file, an output that \
    cannot be written). The output file appears only once it is whole.\n\n\
    Examples:\n  \
    impact convert examples/data/seed_h1_2020_21.csv - --to json\n  \
    impact convert examples/data/seed_h1_2020_21.csv - --to sdmx\n  \
    impact convert tests/data/cli/monthly.csv - --to dhis2 --mapping examples/dhis2_mapping.toml\n  \
    impact convert examples/data/seed_h1_2020_21.csv - --to iati --config examples/impact.toml\n\n\
    With a file name for the output (figures.json, figures.sdmx.csv, figures.dhis2.json, \
    results.xml), --to may be left out."
)]
pub struct ConvertArgs {
    /// The partner files to read, then the file to write (`-` for standard
    /// output, with --to)
    #[arg(required = true, num_args = 2.., value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The format to write [default: from the output file's name]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: Option<ToArg>,

    /// With IATI output: the comparison period written as each result's
    /// baseline ("2019/20") [or `baseline` under the config file's `[iati]`]
    #[arg(long, value_name = "PERIOD")]
    pub baseline: Option<String>,

    /// Show findings of this severity and above (the exit status counts all errors)
    #[arg(long, value_enum, default_value_t = SeverityArg::Note)]
    pub min_severity: SeverityArg,
}

/// The least severity shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    /// Everything.
    Note,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
}

impl From<SeverityArg> for impact_metrics::Severity {
    fn from(s: SeverityArg) -> impact_metrics::Severity {
        match s {
            SeverityArg::Note => impact_metrics::Severity::Note,
            SeverityArg::Warning => impact_metrics::Severity::Warning,
            SeverityArg::Error => impact_metrics::Severity::Error,
        }
    }
}

/// `impact validate`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when no finding is an error, 1 when some are, 2 when the \
    command could not run (bad arguments, an unreadable file).\n\n\
    Examples:\n  \
    impact validate examples/data/seed_h1_2020_21.csv --period '20/21 H1' --as-of 2021-03-31\n  \
    impact validate examples/data/partner_with_problems.csv --as-of 2021-03-31 --min-severity error\n  \
    impact validate examples/data/partner_with_problems.csv --as-of 2021-03-31 --skip-not-available --number-format comma --disable outlier\n  \
    impact validate examples/data/seed_h1_2020_21.csv --config examples/impact.toml --severity coverage.partial=error --format json\n  \
    impact validate examples/data/seed_h1_2020_21.csv --published examples/data/seed_h1_2020_21_published.csv --rounding toward-zero\n\n\
    The published totals file (--published) is CSV with a header row: indicator, period, \
    value (required); country, channels (\"direct + joint\"), bound, growth (\"+32%\"), \
    baseline (\"2019/20\"), baseline_kind (average or total; average by default) and \
    note (optional)."
)]
pub struct ValidateArgs {
    /// Partner files: CSV, JSON, workbooks (.xlsx, .xls, .ods), DHIS2
    /// exports or SDMX-CSV, each told by its first bytes
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// The totals as published (a small CSV: indicator, period, value and
    /// optionally country, channels, growth, baseline, baseline_kind):
    /// each is reconciled with the sum of its parts in the files, and its
    /// growth claim checked under --rounding
    #[arg(long, value_name = "FILE.csv")]
    pub published: Option<PathBuf>,

    /// The reporting period, whose coverage is checked ("20/21 H1")
    #[arg(long)]
    pub period: Option<String>,

    /// The rounding rule published growth claims are checked under: half-up, half-down, half-even, toward-zero, away-from-zero, floor or ceiling
    /// [default: half-up]
    #[arg(long)]
    pub rounding: Option<String>,

    /// Show findings of this severity and above (the exit status counts all errors)
    #[arg(long, value_enum, default_value_t = SeverityArg::Note)]
    pub min_severity: SeverityArg,
}

/// What a report can be broken down by, beside the indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// One row per country.
    Country,
    /// One row per strategy channel.
    Channel,
    /// One row per partner organisation.
    Partner,
}

/// What the extra suppressions of disclosure control keep small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CostArg {
    /// As few hidden cells as possible.
    Cells,
    /// As little hidden count as possible.
    Value,
}

/// `impact report`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    impact report examples/data/seed_h1_2020_21.csv --period '20/21 H1'\n  \
    impact report examples/data/seed_h1_2020_21.csv --period '20/21 H1' --by country,channel --format csv\n  \
    impact report examples/data/seed_h1_2020_21.csv --period '20/21 H1' --suppress 11\n  \
    impact report examples/data/seed_h1_2020_21.csv --period '20/21 H1' --by channel --suppress 11 --protection 50%\n  \
    impact report examples/data/seed_h1_2020_21.csv --period '20/21 H1' --config examples/impact.toml\n  \
    impact report examples/data/seed_h1_2020_21.csv --period '20/21 Q1' --like-for-like\n\n\
    Exit status: 0 when every row was read and every total is complete; 1 when the report was \
    produced, but rows were refused (they are left out of the totals, each with a finding on \
    standard error) or some totals are incomplete (a series covers only part of the period, or the \
    two periods do not hold the same series), or it has no total at all (no figure falls in the \
    period or its baseline): a summary line on standard error says how many, and \
    in CSV and JSON each row says whether it is complete and what it lacks; 2 when the report \
    could not be produced (bad arguments, an unreadable file).\n\n\
    Disclosure control (--suppress K): for each indicator, the table of --cube (country by \
    channel) with all its totals is protected as one, and the --by view and the indicator's \
    total are printed from it; give the same --cube to every release. [c] marks a suppressed \
    number, - a number no one reported (not zero), [p] a number that adds figures lacking part \
    of the period; in CSV and JSON the status and complete columns say so. Standard error never gives a suppressed value, unless --show-confidential.")]
pub struct ReportArgs {
    /// Partner files: CSV, JSON, workbooks (.xlsx, .xls, .ods), DHIS2
    /// exports or SDMX-CSV, each told by its first bytes
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// The period to total ("20/21 H1")
    #[arg(long)]
    pub period: String,

    /// Break the totals down by these, beside the indicator (comma-separated)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub by: Vec<ByArg>,

    /// The rounding rule for the growth percent shown: half-up, half-down, half-even, toward-zero, away-from-zero, floor or ceiling
    #[arg(long, default_value = "half-up")]
    pub rounding: String,

    /// Decimal places of the growth percent shown
    #[arg(long, default_value_t = 0)]
    pub places: u32,

    /// Disclosure control: hide every count below K, and enough other
    /// numbers that a reader cannot narrow a hidden count down to within
    /// the protection level of its value, from anything printed (totals
    /// only within an indicator)
    #[arg(long, value_name = "K")]
    pub suppress: Option<u64>,

    /// With --suppress: how far above and below its value each hidden
    /// small count must be able to lie, for all a reader can tell: a
    /// number ("5") or a percentage of the count ("50%") [default: K/2,
    /// at least 1]
    #[arg(long, value_name = "LEVEL", requires = "suppress")]
    pub protection: Option<String>,

    /// With --suppress: what the extra suppressions keep small, the number
    /// of hidden cells or the hidden count
    #[arg(long, value_enum, value_name = "COST", default_value_t = CostArg::Cells, requires = "suppress")]
    pub suppress_cost: CostArg,

    /// With --suppress: the breakdown protected as one table per
    /// indicator, with all its totals; every --by view is cut from it, so
    /// releases that give the same --cube are consistent with each other
    /// (at most two of country, channel, partner) [default: country,channel]
    #[arg(long, value_enum, value_delimiter = ',', requires = "suppress")]
    pub cube: Vec<ByArg>,

    /// With --suppress: also write on standard error, each line marked
    /// CONFIDENTIAL, the true value of every hidden count and what a reader
    /// can work out about it; not for publication
    #[arg(long, requires = "suppress")]
    pub show_confidential: bool,

    /// Also draw a bar chart of the period's totals against the baseline
    /// average, one panel per group of --by: an SVG file, or PNG when the
    /// name ends in .png (not with --suppress: a chart shows every count)
    #[arg(long, value_name = "FILE.svg", value_parser = crate::chart::target, conflicts_with = "suppress")]
    pub chart: Option<PathBuf>,

    /// Compare like with like: total only the series (indicator, country,
    /// channel, partner) that have figures for the whole of both periods,
    /// and say in each row which series were left out
    #[arg(long)]
    pub like_for_like: bool,
}

/// `impact growth`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    impact growth --current 74 --baseline 112 --current-period '20/21 H1' --baseline-period 2019/20\n  \
    impact growth --current 132 --baseline 100\n  \
    impact growth --backwards --published 32 --current 74 --current-months 6 --baseline-months 12 --rounding all")]
pub struct GrowthArgs {
    /// The current period's value
    #[arg(long)]
    pub current: u64,

    /// The baseline total (not with --backwards)
    #[arg(
        long,
        required_unless_present = "backwards",
        conflicts_with = "backwards"
    )]
    pub baseline: Option<u64>,

    /// Insist on scaling the baseline total to the current period's length,
    /// as in "growth on 19/20 HY average": refused unless both lengths are
    /// given. Whenever both lengths are given (--current-months and
    /// --baseline-months, or --current-period and --baseline-period), they
    /// are applied, forwards as backwards
    #[arg(long)]
    pub on_average: bool,

    /// The current period's length in months
    #[arg(long, conflicts_with = "current_period")]
    pub current_months: Option<u32>,

    /// The baseline period's length in months
    #[arg(long, conflicts_with = "baseline_period")]
    pub baseline_months: Option<u32>,

    /// The current period, as a label ("20/21 H1")
    #[arg(long)]
    pub current_period: Option<String>,

    /// The baseline period, as a label ("2019/20")
    #[arg(long)]
    pub baseline_period: Option<String>,

    /// Go backwards: from a published percent to the baselines consistent with it
    #[arg(long)]
    pub backwards: bool,

    /// The published percent, for --backwards ("32", "32%", "-5.5")
    #[arg(long, required_if_eq("backwards", "true"), allow_hyphen_values = true)]
    pub published: Option<String>,

    /// The rounding rule: half-up, half-down, half-even, toward-zero, away-from-zero, floor or ceiling, or "all" for every rule
    #[arg(long, default_value = "half-up")]
    pub rounding: String,

    /// Decimal places of the percent shown (growth forwards)
    #[arg(long, default_value_t = 0)]
    pub places: u32,
}

/// `impact period`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    impact period '20/21 H1'\n  \
    impact period 'Sep 2020'\n  \
    impact period FY2020-09-H1\n  \
    impact period 'FY21 Q3' --year-label end-year\n  \
    impact period '2020/21 H1' --start-month april")]
pub struct PeriodArgs {
    /// The label: "20/21 H1", "2020/21", "H1 2020/21", "Sep 2020", "FY2020-09-H1"
    /// ("FY21 Q3" with --year-label end-year)
    pub label: String,
}

/// The English month names, for `--start-month`.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Reads a month as its number (1-12) or its English name, whole or cut
/// to at least three letters ("Sep", "sept", "September").
pub fn parse_month(text: &str) -> Result<u32, String> {
    let text = text.trim();
    if let Ok(number) = text.parse::<u32>() {
        return if (1..=12).contains(&number) {
            Ok(number)
        } else {
            Err(format!(
                "{number} is not a month: give 1-12 or a month's name"
            ))
        };
    }
    let lower = text.to_lowercase();
    let found = (lower.chars().count() >= 3)
        .then(|| MONTHS.iter().position(|name| name.starts_with(&lower)))
        .flatten();
    match found.and_then(|index| u32::try_from(index).ok()) {
        Some(index) => Ok(index + 1),
        None => Err(format!(
            "{text:?} is not a month: give 1-12 or a month's name, such as 9 or September"
        )),
    }
}

/// Reads a delimiter: `,` `;` `|` or a tab, as the character or its name
/// (`comma`, `semicolon`, `pipe`, `tab`, `\t`).
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    let name = text.trim().to_lowercase();
    match (text, name.as_str()) {
        ("\t", _) | (_, "tab" | "\\t") => Ok(b'\t'),
        (_, "," | "comma") => Ok(b','),
        (_, ";" | "semicolon") => Ok(b';'),
        (_, "|" | "pipe") => Ok(b'|'),
        _ => Err(format!(
            "{text:?} is not a delimiter: give ',', ';', tab or '|'"
        )),
    }
}

/// The delimiter as the user writes it back: `,` `;` `|` or `tab`.
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_string(),
        other => char::from(other).to_string(),
    }
}

/// The number formats by name, in the order the help lists them, with
/// the example each name stands for.
pub const NUMBER_FORMATS: [(&str, &str); 5] = [
    ("plain", "1234"),
    ("comma", "1,234"),
    ("indian", "1,02,345"),
    ("dot-decimal-comma", "1.234 and 12,5%"),
    ("space-decimal-comma", "1 234 and 12,5%"),
];

/// Reads a number format by its name (see [`NUMBER_FORMATS`]), in any case.
pub fn parse_number_format(text: &str) -> Result<NumberFormat, String> {
    text.parse::<NumberFormat>().map_err(|_| {
        let names: Vec<String> = NUMBER_FORMATS
            .iter()
            .map(|(name, example)| format!("{name} ({example})"))
            .collect();
        format!("{text:?} is not a number format: give {}", names.join(", "))
    })
}

/// Reads an outlier method: `expected`, `z-score` or `modified-z-score`,
/// each with its default threshold, or another after a colon
/// (`z-score:2.5`).
pub fn parse_outliers(text: &str) -> Result<Outliers, String> {
    let (name, threshold) = match text.split_once(':') {
        Some((name, threshold)) => (name, Some(threshold)),
        None => (text, None),
    };
    let threshold = match threshold.map(|t| t.trim().parse::<f64>()) {
        None => None,
        Some(Ok(t)) if t.is_finite() && t > 0.0 => Some(t),
        Some(_) => {
            return Err(format!(
                "{text:?}: the threshold after the colon is a positive number, such as z-score:2.5"
            ));
        }
    };
    let method = name.trim().to_ascii_lowercase().replace('_', "-");
    let (make, default): (fn(f64) -> Outliers, f64) = match method.as_str() {
        "expected" => (Outliers::expected, 4.5),
        "z-score" | "zscore" => (Outliers::z_score, 3.0),
        "modified-z-score" | "modified-zscore" => (Outliers::modified_z_score, 3.5),
        _ => {
            return Err(format!(
                "{text:?} is not an outlier method: give expected, z-score or modified-z-score"
            ));
        }
    };
    Ok(make(threshold.unwrap_or(default)))
}

/// Reads an encoding: utf-8, utf-16, utf-16le, utf-16be or windows-1252.
pub fn parse_encoding(text: &str) -> Result<Encoding, String> {
    text.parse::<Encoding>()
}

/// Reads a severity: note, warning or error.
pub fn parse_severity(text: &str) -> Result<Severity, String> {
    text.parse::<Severity>()
        .map_err(|_| format!("{text:?} is not a severity: give note, warning or error"))
}

/// Reads `RULE=LEVEL`, as in `coverage.partial=error`.
fn parse_severity_setting(text: &str) -> Result<(String, Severity), String> {
    let Some((rule, level)) = text.split_once('=') else {
        return Err(format!(
            "{text:?} is not RULE=LEVEL: give a rule id and a severity, such as outlier.level=note"
        ));
    };
    Ok((rule.trim().to_string(), parse_severity(level)?))
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn months_are_read_by_number_or_name() {
        for (text, month) in [
            ("9", 9),
            ("September", 9),
            ("sep", 9),
            ("Sept", 9),
            ("APRIL", 4),
            ("jan", 1),
            ("12", 12),
        ] {
            assert_eq!(super::parse_month(text), Ok(month), "{text}");
        }
        for text in ["0", "13", "ju", "Septembre", "", "autumn"] {
            assert!(super::parse_month(text).is_err(), "{text}");
        }
    }

    #[test]
    fn the_command_line_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
