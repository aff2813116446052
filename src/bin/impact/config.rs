//! Settings: the command line over the config file over the defaults.

use std::path::Path;

use chrono::NaiveDate;
use impact_metrics::{Catalogue, FiscalCalendar, Validator, YearLabel, format::ReadOptions};

use crate::Failure;
use crate::args::{Format, Global, YearLabelArg};

/// What every command works with.
#[derive(Debug)]
pub struct Settings {
    /// The organisation's fiscal calendar.
    pub calendar: FiscalCalendar,
    /// The date the data is as of.
    pub as_of: NaiveDate,
    /// How to write results.
    pub format: Format,
}

/// The config file's keys, all optional.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    start_month: Option<u32>,
    year_label: Option<YearLabelArg>,
    as_of: Option<String>,
}

impl Settings {
    /// Reads the config file (the one named, else `impact.toml` in the
    /// working folder if there is one) and lays the command line over it.
    pub fn load(global: &Global) -> Result<Settings, Failure> {
        let file = match &global.config {
            Some(path) => read(path)?,
            None if Path::new("impact.toml").is_file() => read(Path::new("impact.toml"))?,
            None => File::default(),
        };
        let start_month = global.start_month.or(file.start_month).unwrap_or(9);
        let year_label = match global
            .year_label
            .or(file.year_label)
            .unwrap_or(YearLabelArg::Span)
        {
            YearLabelArg::Span => YearLabel::Span,
            YearLabelArg::StartYear => YearLabel::StartYear,
            YearLabelArg::EndYear => YearLabel::EndYear,
        };
        let calendar = FiscalCalendar::new(start_month, year_label)?;
        let as_of = match global.as_of.as_deref().or(file.as_of.as_deref()) {
            Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|e| {
                Failure::Usage(format!(
                    "invalid date {text:?} for --as-of: {e} (expected YYYY-MM-DD)"
                ))
            })?,
            None => chrono::Local::now().date_naive(),
        };
        Ok(Settings {
            calendar,
            as_of,
            format: global.format,
        })
    }
}

impl Settings {
    /// How to read the file called `name`: the calendar, the catalogue and
    /// every reading option of the command line and the config file.
    pub fn read_options(&self, name: &str) -> ReadOptions {
        ReadOptions::new(self.calendar, Catalogue::builtin()).with_source(name)
    }

    /// The validator of the command line and the config file: the date the
    /// data is as of, the rules disabled or given another severity, and the
    /// user's own rules.
    pub fn validator(&self) -> Result<Validator, Failure> {
        Ok(Validator::new().with_as_of(self.as_of))
    }
}

fn read(path: &Path) -> Result<File, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read config file {}: {e}", path.display())))?;
    toml::from_str(&text)
        .map_err(|e| Failure::Usage(format!("invalid config file {}: {e}", path.display())))
}
