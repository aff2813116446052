//! Reading the partner files named on the command line.

use std::fs::File;
use std::io::IsTerminal;
use std::path::Path;

use impact_metrics::{Dataset, Findings, csv, json};

use crate::Failure;
use crate::config::Settings;

/// Files smaller than this are read without a progress bar.
const PROGRESS_FROM_BYTES: u64 = 8 << 20;

/// Reads every file into one dataset, with the findings of reading them.
///
/// A file whose name ends in `.json` is read as JSON, any other as CSV. A
/// file that cannot be opened stops the command (exit status 2); problems
/// inside a file are findings.
pub fn read_all(
    paths: &[std::path::PathBuf],
    settings: &Settings,
) -> Result<(Dataset, Findings), Failure> {
    let mut data = Dataset::new(
        settings.calendar,
        settings.read_options("").catalogue().clone(),
    );
    let mut report = Findings::new();
    for path in paths {
        let (part, findings) = read_one(path, settings)?;
        report.merge(findings);
        for (figure, at) in part.located() {
            let refusals = data.refusals(figure);
            if refusals.is_empty() {
                data.push_at(figure.clone(), at.clone())?;
            }
            report.extend(refusals.iter().map(|r| r.finding(figure, at.clone())));
        }
    }
    Ok((data, report))
}

fn read_one(path: &Path, settings: &Settings) -> Result<(Dataset, Findings), Failure> {
    let name = path.display().to_string();
    let options = settings.read_options(&name);
    let file = File::open(path).map_err(|e| Failure::Usage(format!("cannot read {name}: {e}")))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let progress = progress_bar(size, &name);
    let reader = progress.wrap_read(file);
    let result = if is_json {
        json::read_from(reader, &options)
    } else {
        csv::read(reader, &options)
    };
    progress.finish_and_clear();
    Ok(result)
}

/// A progress bar on standard error for a large file read on a terminal;
/// a hidden one otherwise: small files, or output piped or redirected
/// (standard output or standard error not a terminal), as in scripts.
fn progress_bar(size: u64, name: &str) -> indicatif::ProgressBar {
    let on_terminal = std::io::stderr().is_terminal() && std::io::stdout().is_terminal();
    if size < PROGRESS_FROM_BYTES || !on_terminal {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(size);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(name.to_string());
    bar
}
