//! Settings: the command line over the config file over the defaults.
//!
//! Every option that has a flag has a key of the same name in the config
//! file (`--number-format` is `number_format`); the file also declares a
//! partner's own indicators (`[[indicator]]`) and rules (`[[rule]]`).
//! This is the one place the command line builds its reading options
//! ([`Settings::read_options`]) and its validator ([`Settings::validator`]).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use impact_metrics::format::{Encoding, NumberFormat, ReadOptions};
use impact_metrics::validate::{Outliers, UserRule};
use impact_metrics::{
    Catalogue, FiscalCalendar, IndicatorDef, Period, Severity, Validator, YearLabel,
};
use impact_metrics::{dhis2, iati, workbook};

use crate::Failure;
use crate::advice;
use crate::args::{
    self, Format, Global, YearLabelArg, parse_delimiter, parse_encoding, parse_number_format,
    parse_outliers, parse_severity,
};

/// What every command works with.
#[derive(Debug)]
pub struct Settings {
    /// The organisation's fiscal calendar.
    pub calendar: FiscalCalendar,
    /// The date the data is as of.
    pub as_of: NaiveDate,
    /// How to write results.
    pub format: Format,
    /// How files are read, beside the calendar and the catalogue.
    reading: Reading,
    /// The built-in indicators and those the config file declares.
    catalogue: Catalogue,
    /// The rule settings of the config file and the command line.
    rules: Rules,
    /// The config file's `[sdmx]`: the structure of SDMX-CSV files.
    pub sdmx: impact_metrics::sdmx::Settings,
    /// The config file's `[iati]`: IATI output's settings and activity.
    pub iati: Iati,
    /// The DHIS2 mapping of `--mapping` or the config file, when given.
    pub dhis2: Option<dhis2::Mapping>,
    /// The sheet of a workbook to read.
    pub sheet: workbook::Sheet,
}

/// The rule settings, as the config file and the command line give them.
#[derive(Debug, Default)]
struct Rules {
    /// The config file's name, for messages.
    file: String,
    /// The file's `[rules]`.
    settings: RuleSettings,
    /// The file's `[[rule]]`s.
    own: Vec<OwnRule>,
    /// `--disable`.
    disable: Vec<String>,
    /// `--severity`.
    severity: Vec<(String, Severity)>,
    /// `--outliers`, or the file's `outliers`.
    outliers: Option<Outliers>,
}

/// The reading options of the command line and the config file.
#[derive(Debug, Default)]
struct Reading {
    delimiter: Option<u8>,
    number_format: Option<NumberFormat>,
    skip_rows: Option<usize>,
    threads: Option<usize>,
    not_available: Vec<String>,
    skip_not_available: bool,
    encoding: Option<Encoding>,
}

/// The config file's keys, all optional.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    start_month: Option<Month>,
    year_label: Option<YearLabelArg>,
    as_of: Option<String>,
    delimiter: Option<String>,
    number_format: Option<String>,
    skip_rows: Option<usize>,
    threads: Option<usize>,
    #[serde(default)]
    not_available: Vec<String>,
    #[serde(default)]
    skip_not_available: bool,
    encoding: Option<String>,
    sheet: Option<String>,
    #[serde(default)]
    rules: RuleSettings,
    #[serde(default)]
    indicator: Vec<IndicatorDef>,
    #[serde(default)]
    rule: Vec<OwnRule>,
    /// `[sdmx]`: the structure SDMX-CSV files are written for and read as.
    #[serde(default)]
    sdmx: impact_metrics::sdmx::Settings,
    /// `[iati]`: how results are written as IATI, and the activity.
    #[serde(default)]
    iati: IatiSection,
    /// `[dhis2]`: the mapping file.
    #[serde(default)]
    dhis2: Dhis2Section,
}

/// The file's `[dhis2]` table.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Dhis2Section {
    /// The mapping file, from the config file's folder.
    mapping: Option<PathBuf>,
}

/// The file's `[iati]` table: how figures are written as IATI results,
/// and (`[iati.activity]`) the activity they belong to.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IatiSection {
    /// The comparison period written as each result's baseline, as people
    /// write it ("2019/20").
    baseline: Option<String>,
    /// The result type of every indicator (output, outcome, impact, other).
    result_type: Option<iati::ResultType>,
    /// The result type of some indicators, by code.
    #[serde(default)]
    result_types: std::collections::BTreeMap<impact_metrics::Indicator, iati::ResultType>,
    /// Whether the results may be added up across activities.
    aggregation_status: Option<bool>,
    /// The activity: identifier, reporting organisation, title, ...
    activity: Option<iati::Activity>,
}

/// What the config file and the command line say of IATI output.
#[derive(Debug, Default)]
pub struct Iati {
    /// The writer's settings.
    pub settings: iati::Settings,
    /// The activity the results belong to, when the config file gives it.
    pub activity: Option<iati::Activity>,
}

/// A month in the config file: its number or its name, as `--start-month`
/// reads them.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum Month {
    Number(u32),
    Name(String),
}

/// The file's `[rules]` table.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSettings {
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: std::collections::BTreeMap<String, String>,
    outliers: Option<String>,
}

/// One `[[rule]]` of the file: a rule of the partner's own.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnRule {
    id: String,
    text: String,
    severity: Option<String>,
    description: Option<String>,
}

impl Settings {
    /// Reads the config file (the one named, else `impact.toml` in the
    /// working folder if there is one) and lays the command line over it.
    pub fn load(global: &Global) -> Result<Settings, Failure> {
        let (file, name) = match &global.config {
            Some(path) => (read(path)?, path.display().to_string()),
            None if Path::new("impact.toml").is_file() => (
                read(&PathBuf::from("impact.toml"))?,
                "impact.toml".to_string(),
            ),
            None => (File::default(), "impact.toml".to_string()),
        };
        // A key's value refused: the file and the key, and why.
        let key = |key: &str, why: String| {
            Failure::Usage(format!("invalid config file {name}: `{key}`: {why}"))
        };
        let start_month = match (global.start_month, &file.start_month) {
            (Some(month), _) => month,
            (None, Some(Month::Number(month))) => {
                args::parse_month(&month.to_string()).map_err(|e| key("start_month", e))?
            }
            (None, Some(Month::Name(text))) => {
                args::parse_month(text).map_err(|e| key("start_month", e))?
            }
            (None, None) => 9,
        };
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
        let as_of = match (&global.as_of, &file.as_of) {
            (Some(text), _) => parse_date(text)
                .map_err(|e| Failure::Usage(format!("invalid date {text:?} for --as-of: {e}")))?,
            (None, Some(text)) => parse_date(text).map_err(|e| key("as_of", e))?,
            (None, None) => chrono::Local::now().date_naive(),
        };
        let reading = Reading {
            delimiter: match global.delimiter {
                Some(delimiter) => Some(delimiter),
                None => file
                    .delimiter
                    .as_deref()
                    .map(parse_delimiter)
                    .transpose()
                    .map_err(|e| key("delimiter", e))?,
            },
            number_format: match global.number_format {
                Some(format) => Some(format),
                None => file
                    .number_format
                    .as_deref()
                    .map(parse_number_format)
                    .transpose()
                    .map_err(|e| key("number_format", e))?,
            },
            skip_rows: global.skip_rows.or(file.skip_rows),
            threads: global.threads.or(file.threads),
            not_available: file
                .not_available
                .iter()
                .chain(&global.not_available)
                .map(|marker| marker.trim().to_string())
                .collect(),
            skip_not_available: global.skip_not_available || file.skip_not_available,
            encoding: match global.encoding {
                Some(encoding) => Some(encoding),
                None => file
                    .encoding
                    .as_deref()
                    .map(parse_encoding)
                    .transpose()
                    .map_err(|e| key("encoding", e))?,
            },
        };
        if let Some(marker) = reading.not_available.iter().find(|m| m.is_empty()) {
            return Err(Failure::Usage(format!(
                "invalid not-available marker {marker:?} (--not-available or `not_available` in \
                 {name}): an empty cell already means no figure"
            )));
        }
        let mut catalogue = Catalogue::builtin();
        for def in file.indicator {
            let code = def.code;
            catalogue
                .define(def)
                .map_err(|e| key(&format!("[[indicator]] {code}"), e.to_string()))?;
        }
        let outliers = match global.outliers {
            Some(outliers) => Some(outliers),
            None => file
                .rules
                .outliers
                .as_deref()
                .map(parse_outliers)
                .transpose()
                .map_err(|e| key("outliers", e))?,
        };
        let iati = {
            let section = file.iati;
            let mut settings = iati::Settings::new();
            if let Some(label) = &section.baseline {
                settings = settings.with_baseline(
                    calendar
                        .parse(label)
                        .map_err(|e| key("baseline under [iati]", e.to_string()))?,
                );
            }
            if let Some(kind) = section.result_type {
                settings = settings.with_default_result_type(kind);
            }
            for (indicator, kind) in section.result_types {
                settings = settings.with_result_type(indicator, kind);
            }
            if let Some(aggregable) = section.aggregation_status {
                settings = settings.with_aggregation_status(aggregable);
            }
            Iati {
                settings,
                activity: section.activity,
            }
        };
        let dhis2 = match (&global.mapping, &file.dhis2.mapping) {
            (Some(path), _) => Some(mapping(path)?),
            // A relative path is from the config file's folder.
            (None, Some(path)) => Some(mapping(
                &Path::new(&name)
                    .parent()
                    .map_or_else(|| path.clone(), |folder| folder.join(path)),
            )?),
            (None, None) => None,
        };
        let settings = Settings {
            calendar,
            as_of,
            format: global.format,
            reading,
            catalogue,
            rules: Rules {
                file: name,
                settings: file.rules,
                own: file.rule,
                disable: global.disable.clone(),
                severity: global.severity.clone(),
                outliers,
            },
            sdmx: file.sdmx,
            iati,
            dhis2,
            sheet: global
                .sheet
                .as_deref()
                .or(file.sheet.as_deref())
                .map_or_else(workbook::Sheet::any, workbook::Sheet::named),
        };
        // A misspelt rule id stops every command before it reads anything.
        settings.validator()?;
        Ok(settings)
    }

    /// Whether the command line or the config file sets the delimiter.
    pub fn delimiter_given(&self) -> bool {
        self.reading.delimiter.is_some()
    }

    /// How to read the file called `name`: the calendar, the catalogue and
    /// every reading option of the command line and the config file.
    pub fn read_options(&self, name: &str) -> ReadOptions {
        let reading = &self.reading;
        let mut options = ReadOptions::new(self.calendar, self.catalogue.clone())
            .with_source(name)
            .with_not_available(reading.not_available.iter().cloned());
        if let Some(delimiter) = reading.delimiter {
            options = options.with_delimiter(delimiter);
        }
        if let Some(format) = reading.number_format {
            options = options.with_number_format(format);
        }
        if let Some(rows) = reading.skip_rows {
            options = options.with_skip_rows(rows);
        }
        if let Some(threads) = reading.threads {
            options = options.with_threads(threads);
        }
        if let Some(encoding) = reading.encoding {
            options = options.with_encoding(encoding);
        }
        if reading.skip_not_available {
            options = options.skip_not_available();
        }
        options
    }

    /// The validator of the command line and the config file: the date the
    /// data is as of, the user's own rules, and the rules disabled or given
    /// another severity.
    pub fn validator(&self) -> Result<Validator, Failure> {
        validator(&self.rules, self.as_of)
    }

    /// The indicators files are read with: the built-in ones and those the
    /// config file declares.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Reads a period label given on the command line (`--period`,
    /// `--current-period`), on the settings' calendar; a refusal names
    /// the setting that would read it.
    pub fn period(&self, label: &str) -> Result<Period, Failure> {
        self.calendar
            .parse(label)
            .map_err(|e| Failure::Usage(advice::advise_text("parse.period", &e.to_string())))
    }
}

/// The validator: the user's own rules first, so that the settings can
/// name them; then the rules disabled, then the severities, the file's
/// before the command line's.
fn validator(rules: &Rules, as_of: NaiveDate) -> Result<Validator, Failure> {
    let name = &rules.file;
    let mut validator = Validator::new().with_as_of(as_of);
    if let Some(outliers) = rules.outliers {
        validator = validator.with_outliers(outliers);
    }
    for rule in &rules.own {
        let refuse = |why: String| {
            Failure::Usage(format!(
                "invalid config file {name}: [[rule]] {:?}: {why}",
                rule.id
            ))
        };
        let mut user = UserRule::new(&rule.id, &rule.text).map_err(|e| refuse(e.to_string()))?;
        if let Some(level) = &rule.severity {
            user = user.with_severity(parse_severity(level).map_err(refuse)?);
        }
        if let Some(description) = &rule.description {
            user = user.with_description(description);
        }
        validator = validator.with_user_rule(user);
    }
    for rule in &rules.settings.disable {
        validator = validator
            .disable(rule)
            .map_err(|e| refused(&e, &format!("`disable` under [rules] in {name}")))?;
    }
    for rule in &rules.disable {
        validator = validator
            .disable(rule)
            .map_err(|e| refused(&e, "--disable"))?;
    }
    let file_severities = rules.settings.severity.iter().map(|(rule, level)| {
        parse_severity(level)
            .map(|severity| (rule.clone(), severity, true))
            .map_err(|e| {
                Failure::Usage(format!(
                    "invalid config file {name}: [rules.severity] {rule:?}: {e}"
                ))
            })
    });
    let given = rules
        .severity
        .iter()
        .map(|(rule, severity)| Ok((rule.clone(), *severity, false)));
    for setting in file_severities.chain(given) {
        let (rule, severity, from_file): (String, Severity, bool) = setting?;
        validator = validator.with_severity(&rule, severity).map_err(|e| {
            let whence = if from_file {
                format!("[rules.severity] in {name}")
            } else {
                "--severity".to_string()
            };
            refused(&e, &whence)
        })?;
    }
    Ok(validator)
}

/// A rule setting refused, with where it was given: `invalid rule
/// "outlier.zscor" in --disable: ...; did you mean "outlier.zscore"?`.
fn refused(error: &impact_metrics::Error, whence: &str) -> Failure {
    match error {
        impact_metrics::Error::InvalidRule { input, reason } => {
            Failure::Usage(format!("invalid rule {input:?} in {whence}: {reason}"))
        }
        other => Failure::Usage(format!("{other} (in {whence})")),
    }
}

/// Reads a date, YYYY-MM-DD.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|e| format!("{e} (expected YYYY-MM-DD)"))
}

fn read(path: &Path) -> Result<File, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read config file {}: {e}", path.display())))?;
    toml::from_str(&text)
        .map_err(|e| Failure::Usage(format!("invalid config file {}: {e}", path.display())))
}

/// Reads a DHIS2 mapping file: JSON when its name ends in `.json`, TOML
/// otherwise.
fn mapping(path: &Path) -> Result<dhis2::Mapping, Failure> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read the DHIS2 mapping {name}: {e}")))?;
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = if is_json {
        dhis2::Mapping::from_json(&text)
    } else {
        dhis2::Mapping::from_toml(&text)
    };
    parsed.map_err(|e| Failure::Usage(format!("the DHIS2 mapping {name}: {e}")))
}

#[cfg(test)]
mod tests {
    use clap::Parser;
    use impact_metrics::format::{Encoding, NumberFormat};
    use impact_metrics::{Indicator, Severity};

    use super::Settings;
    use crate::Failure;
    use crate::args::Cli;

    /// The settings of a command line, `impact` and a `period` command
    /// added around the arguments.
    fn settings(arguments: &[&str]) -> Result<Settings, Failure> {
        let mut line = vec!["impact"];
        line.extend_from_slice(arguments);
        line.extend(["period", "20/21 H1"]);
        let cli = Cli::try_parse_from(line).map_err(|e| Failure::Usage(e.to_string()))?;
        Settings::load(&cli.global)
    }

    fn usage(result: Result<Settings, Failure>) -> String {
        match result {
            Err(Failure::Usage(message)) => message,
            other => panic!("expected a usage failure, got {other:?}"),
        }
    }

    const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/impact.toml");

    #[test]
    fn defaults_read_plain_comma_separated_utf8() {
        let options = settings(&[]).unwrap().read_options("a.csv");
        assert_eq!(options.source(), Some("a.csv"));
        assert_eq!(options.delimiter(), b',');
        assert_eq!(options.number_format(), NumberFormat::Plain);
        assert_eq!(options.skip_rows(), 0);
        assert!(options.not_available().is_empty());
        assert!(!options.skips_not_available());
        assert_eq!(options.encoding(), Encoding::Utf8);
    }

    #[test]
    fn every_reading_flag_reaches_the_reading_options() {
        let options = settings(&[
            "--delimiter",
            "tab",
            "--number-format",
            "dot-decimal-comma",
            "--skip-rows",
            "2",
            "--not-available",
            "nil",
            "--not-available",
            " awaiting ",
            "--skip-not-available",
            "--encoding",
            "windows-1252",
        ])
        .unwrap()
        .read_options("a.csv");
        assert_eq!(options.delimiter(), b'\t');
        assert_eq!(
            options.number_format(),
            NumberFormat::DotGroupedDecimalComma
        );
        assert_eq!(options.skip_rows(), 2);
        assert_eq!(options.not_available(), ["nil", "awaiting"]);
        assert!(options.skips_not_available());
        assert_eq!(options.encoding(), Encoding::Windows1252);
    }

    #[test]
    fn every_key_of_the_example_config_is_read() {
        let settings = settings(&["--config", EXAMPLE]).unwrap();
        assert_eq!(settings.calendar.start_month(), 9);
        let options = settings.read_options("a.csv");
        assert_eq!(options.delimiter(), b',');
        assert_eq!(options.number_format(), NumberFormat::Plain);
        assert_eq!(options.not_available(), ["nil", "awaiting"]);
        assert_eq!(options.encoding(), Encoding::Utf8);
        let nights = Indicator::new("lift.safehouse_nights").unwrap();
        assert_eq!(
            options.catalogue().resolve("Nights in safe houses").ok(),
            Some(nights)
        );
        assert!(settings.catalogue().contains(Indicator::VICTIMS_REMOVED));
        let validator = settings.validator().unwrap();
        assert!(!validator.is_enabled("outlier.skipped"));
        assert!(validator.is_enabled("outlier.zscore"));
        assert!(validator.is_enabled("house.convicted_within_prosecuted"));
    }

    #[test]
    fn every_reading_key_reaches_the_reading_options() {
        let path = std::env::temp_dir().join(format!("impact-keys-{}.toml", std::process::id()));
        std::fs::write(
            &path,
            "start_month = 4\nyear_label = \"end-year\"\nas_of = \"2022-06-30\"\n\
             delimiter = \"|\"\nnumber_format = \"space-decimal-comma\"\nskip_rows = 3\n\
             not_available = [\"tbc\"]\nskip_not_available = true\nencoding = \"utf-16\"\n",
        )
        .unwrap();
        let loaded = settings(&["--config", &path.display().to_string()]);
        std::fs::remove_file(&path).unwrap();
        let settings = loaded.unwrap();
        assert_eq!(settings.calendar.start_month(), 4);
        assert_eq!(
            settings.calendar.year_label(),
            impact_metrics::YearLabel::EndYear
        );
        assert_eq!(settings.as_of.to_string(), "2022-06-30");
        let options = settings.read_options("a.csv");
        assert_eq!(options.delimiter(), b'|');
        assert_eq!(
            options.number_format(),
            NumberFormat::SpaceGroupedDecimalComma
        );
        assert_eq!(options.skip_rows(), 3);
        assert_eq!(options.not_available(), ["tbc"]);
        assert!(options.skips_not_available());
        assert_eq!(options.encoding(), Encoding::Utf16Le);
    }

    #[test]
    fn the_command_line_wins_over_the_file_and_lists_add_up() {
        let options = settings(&[
            "--config",
            EXAMPLE,
            "--delimiter",
            ";",
            "--number-format",
            "comma",
            "--not-available",
            "tbc",
            "--encoding",
            "utf-16be",
            "--skip-rows",
            "1",
        ])
        .unwrap()
        .read_options("a.csv");
        assert_eq!(options.delimiter(), b';');
        assert_eq!(options.number_format(), NumberFormat::CommaGrouped);
        assert_eq!(options.not_available(), ["nil", "awaiting", "tbc"]);
        assert_eq!(options.encoding(), Encoding::Utf16Be);
        assert_eq!(options.skip_rows(), 1);
    }

    #[test]
    fn rule_settings_of_the_command_line_apply_after_the_file() {
        let validator = settings(&[
            "--config",
            EXAMPLE,
            "--disable",
            "duplicate",
            "--severity",
            "house.convicted_within_prosecuted=error",
        ])
        .unwrap()
        .validator()
        .unwrap();
        assert!(!validator.is_enabled("duplicate.identical"));
        assert!(!validator.is_enabled("outlier.skipped"));
        let finding = impact_metrics::Finding::new(
            Severity::Warning,
            "house.convicted_within_prosecuted",
            "x",
        );
        let applied = validator.apply(std::iter::once(finding).collect());
        assert_eq!(applied.findings()[0].severity, Severity::Error);
    }

    #[test]
    fn a_misspelt_rule_is_refused_with_the_nearest() {
        assert_eq!(
            usage(settings(&["--disable", "outlier.zscor"])),
            "invalid rule \"outlier.zscor\" in --disable: no rule or family has this id; did you \
             mean \"outlier.zscore\"?"
        );
        assert_eq!(
            usage(settings(&["--severity", "coverage.partal=error"])),
            "invalid rule \"coverage.partal\" in --severity: no rule or family has this id; did \
             you mean \"coverage.partial\"?"
        );
    }

    #[test]
    fn an_empty_marker_is_refused() {
        assert_eq!(
            usage(settings(&["--not-available", " "])),
            "invalid not-available marker \"\" (--not-available or `not_available` in \
             impact.toml): an empty cell already means no figure"
        );
    }
}
