//! `impact convert FILE... OUT`: partner files from one format into
//! another, with every problem found as `impact validate` finds it.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use impact_metrics::{Dataset, Findings, Severity, csv, dhis2, iati, json, sdmx};

use crate::Failure;
use crate::args::{ConvertArgs, ToArg};
use crate::config::Settings;
use crate::input;
use crate::validate::{Shown, print};

/// Reads the input files as `validate` does, runs the same rules, writes
/// the figures in the output format, and prints every finding. Fails with
/// [`Failure::DataErrors`] when a figure was refused or left out, or a
/// finding is an error; the output is written all the same, with what
/// could be carried.
pub fn run(args: &ConvertArgs, settings: &Settings) -> Result<(), Failure> {
    let (inputs, output) = match args.files.split_last() {
        Some((output, inputs)) if !inputs.is_empty() => (inputs, output),
        _ => {
            return Err(Failure::Usage(
                "convert needs the files to read and then the file to write".to_string(),
            ));
        }
    };
    let to = target(output, args.to)?;
    let to_stdout = output.as_os_str() == "-";
    let iati = match (&args.baseline, to) {
        (Some(label), ToArg::Iati | ToArg::IatiResults) => settings
            .iati
            .settings
            .clone()
            .with_baseline(settings.period(label)?),
        (Some(_), _) => {
            return Err(Failure::Usage(
                "--baseline is the baseline of IATI results: it applies only with --to iati \
                 or iati-results"
                    .to_string(),
            ));
        }
        (None, _) => settings.iati.settings.clone(),
    };
    if let Some(input) = inputs.iter().find(|input| *input == output) {
        return Err(Failure::Usage(format!(
            "{} is both read and written: give another name for the output",
            input.display()
        )));
    }
    let progress = input::Progress::over(inputs);
    let (data, read) = input::read_all(inputs, settings, &progress)?;
    let validator = settings.validator()?;
    let mut report = crate::advice::advised(validator.apply(read));
    progress.phase(&format!("checking {} figures", data.len()));
    report.merge(validator.validate(&data));
    progress.phase(&format!("writing {}", output.display()));
    let written = write(&data, to, settings, &iati, output)?;
    progress.finish();
    let left_out = left_out(&written);
    report.merge(validator.apply(written));
    report.sort();
    let least: Severity = args.min_severity.into();
    let shown = report.at_least(least);
    let summary = Summary {
        figures: data.len(),
        written: data.len().saturating_sub(left_out),
        left_out,
        files: inputs.len(),
        output: if to_stdout {
            "standard output".to_string()
        } else {
            output.display().to_string()
        },
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        notes: report.count(Severity::Note),
        shown: shown.len(),
        hidden: report.len().saturating_sub(shown.len()),
    };
    let below = Shown {
        hidden: summary.hidden,
        min_severity: least,
    };
    // The findings go where the figures do not: on standard output when
    // the figures went to a file, on standard error when they went to
    // standard output.
    let printed = if to_stdout {
        print(
            &mut std::io::stderr().lock(),
            &shown,
            settings,
            &summary,
            &below,
        )
    } else {
        print(
            &mut std::io::stdout().lock(),
            &shown,
            settings,
            &summary,
            &below,
        )
    };
    match printed {
        Ok(()) | Err(Failure::Closed) => {}
        Err(other) => return Err(other),
    }
    eprintln!("{}", summary.line());
    if report.has_errors() || left_out > 0 {
        Err(Failure::DataErrors)
    } else {
        Ok(())
    }
}

/// How many figures a writer left out: its errors, one or more a figure
/// (each names the figure's place, series and period). Its warnings are
/// about figures it wrote.
fn left_out(written: &Findings) -> usize {
    let figures: std::collections::BTreeSet<String> = written
        .findings()
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{}|{:?}|{:?}", f.location, f.series, f.period))
        .collect();
    figures.len()
}

/// The format to write: `--to`, or else the output file's name.
fn target(output: &Path, to: Option<ToArg>) -> Result<ToArg, Failure> {
    if let Some(to) = to {
        return Ok(to);
    }
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let known: Vec<String> = ToArg::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect();
    let known = known.join(", ");
    if name.ends_with(".sdmx.csv") {
        Ok(ToArg::Sdmx)
    } else if name.ends_with(".dhis2.json") {
        Ok(ToArg::Dhis2)
    } else if name.ends_with(".dhis2.csv") {
        Ok(ToArg::Dhis2Csv)
    } else if name.ends_with(".csv") {
        Ok(ToArg::Csv)
    } else if name.ends_with(".json") {
        Ok(ToArg::Json)
    } else if name.ends_with(".xml") {
        Ok(ToArg::Iati)
    } else if output.as_os_str() == "-" {
        Err(Failure::Usage(format!(
            "say which format to write on standard output with --to ({known})"
        )))
    } else {
        Err(Failure::Usage(format!(
            "cannot tell which format to write from the name {}: give --to ({known}), \
             or a name ending in .csv, .json, .sdmx.csv, .dhis2.json, .dhis2.csv or .xml",
            output.display()
        )))
    }
}

/// Writes the figures to `output` (`-`: standard output) and gives the
/// findings of the figures the format could not carry. A file is written
/// under a temporary name and renamed when complete, so a failed write
/// never leaves half a file under the output's name.
fn write(
    data: &Dataset,
    to: ToArg,
    settings: &Settings,
    iati: &iati::Settings,
    output: &Path,
) -> Result<Findings, Failure> {
    if output.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        let findings = write_to(data, to, settings, iati, &mut out)?;
        out.flush()?;
        return Ok(findings);
    }
    let partial = partial_name(output);
    let cannot =
        |e: std::io::Error| Failure::Usage(format!("cannot write {}: {e}", output.display()));
    let file = File::create(&partial).map_err(cannot)?;
    let mut out = BufWriter::new(file);
    let written = write_to(data, to, settings, iati, &mut out).and_then(|findings| {
        out.flush().map_err(cannot)?;
        Ok(findings)
    });
    match written {
        Ok(findings) => {
            std::fs::rename(&partial, output).map_err(cannot)?;
            Ok(findings)
        }
        Err(e) => {
            // Best effort: the partial file is of no use to anyone.
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// The name a file is written under until it is complete: beside it, so
/// that the rename stays on one file system.
fn partial_name(output: &Path) -> PathBuf {
    let mut name = output.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    output.with_file_name(name)
}

/// Writes the figures in the format, giving the findings of those left out.
fn write_to(
    data: &Dataset,
    to: ToArg,
    settings: &Settings,
    iati: &iati::Settings,
    out: &mut impl Write,
) -> Result<Findings, Failure> {
    match to {
        ToArg::Csv => csv::write(data, out)?,
        ToArg::Json => json::write(data, out)?,
        ToArg::Sdmx => return Ok(sdmx::write(data, &settings.sdmx, out)?),
        ToArg::Iati => {
            let activity = settings.iati.activity.as_ref().ok_or_else(|| {
                Failure::Usage(
                    "an IATI document needs its activity: give it under [iati.activity] in \
                     impact.toml (identifier, title, description, reporting_org, \
                     participating_orgs, dates; see examples/impact.toml), or write only the \
                     results with --to iati-results"
                        .to_string(),
                )
            })?;
            return Ok(iati::write(data, iati, activity, out)?);
        }
        ToArg::IatiResults => return Ok(iati::write_results(data, iati, out)?),
        ToArg::Dhis2 | ToArg::Dhis2Csv => {
            let mapping = settings.dhis2.as_ref().ok_or_else(|| {
                Failure::Usage(
                    "DHIS2 output needs the DHIS2 mapping: --mapping FILE on the command line, \
                     or mapping = \"FILE\" under [dhis2] in impact.toml"
                        .to_string(),
                )
            })?;
            let payload = if to == ToArg::Dhis2 {
                dhis2::Payload::Json
            } else {
                dhis2::Payload::Csv
            };
            return Ok(dhis2::write(data, mapping, payload, out)?);
        }
    }
    Ok(Findings::new())
}

/// The counts of a run: on standard error after the findings, and in the
/// JSON output beside them.
#[derive(Debug, serde::Serialize)]
struct Summary {
    /// The figures read from the files.
    figures: usize,
    /// The figures written.
    written: usize,
    /// The figures the output format could not carry, each with a finding.
    left_out: usize,
    /// The files read.
    files: usize,
    /// Where the figures were written.
    output: String,
    /// Every error found, shown or not.
    errors: usize,
    /// Every warning found, shown or not.
    warnings: usize,
    /// Every note found, shown or not.
    notes: usize,
    /// The findings shown.
    shown: usize,
    /// The findings below the least severity shown.
    hidden: usize,
}

impl Summary {
    /// The one line for standard error.
    fn line(&self) -> String {
        let left_out = if self.left_out > 0 {
            format!(" ({} left out, each with a finding)", self.left_out)
        } else {
            String::new()
        };
        format!(
            "{} read from {} file(s), {} written to {}{left_out}; {} error(s), {} warning(s), {} note(s)",
            crate::output::plural(
                u64::try_from(self.figures).unwrap_or(u64::MAX),
                "figure",
                "figures"
            ),
            self.files,
            self.written,
            self.output,
            self.errors,
            self.warnings,
            self.notes
        )
    }
}
