//! Reading the partner files named on the command line, with a progress
//! line on standard error.

use std::cell::Cell;
use std::fs::File;
use std::io::IsTerminal;
use std::path::PathBuf;

use impact_metrics::{Dataset, Findings, csv, format::Parsed, json};

use crate::Failure;
use crate::config::Settings;

/// How many figures are read between two updates of the progress line.
const UPDATE_EVERY: u64 = 4096;

/// A progress line on standard error, over the whole of a command's work
/// (reading, then checking or totalling): the bytes read of all the
/// files, and the figures and findings so far. It is drawn only when
/// standard error is a terminal, whatever standard output is (it is often
/// a file: `impact report ... --format csv > out.csv`); in scripts and
/// pipes it is hidden.
pub struct Progress {
    bar: indicatif::ProgressBar,
    phase: std::cell::RefCell<String>,
    figures: Cell<u64>,
    findings: Cell<u64>,
}

impl Progress {
    /// A progress line over reading `paths` (the sum of their sizes).
    pub fn over(paths: &[PathBuf]) -> Progress {
        let bytes = paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .fold(0u64, |sum, m| sum.saturating_add(m.len()));
        let bar = if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(bytes),
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} [{bar:20}] {bytes}/{total_bytes} {wide_msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            // Ticking, so that a long phase without figures (checking)
            // still shows it is at work.
            bar.enable_steady_tick(std::time::Duration::from_millis(250));
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        Progress {
            bar,
            phase: std::cell::RefCell::new(String::new()),
            figures: Cell::new(0),
            findings: Cell::new(0),
        }
    }

    /// Says what the command is doing now: "reading FILE", "totalling".
    pub fn phase(&self, what: &str) {
        if let Ok(mut phase) = self.phase.try_borrow_mut() {
            what.clone_into(&mut phase);
        }
        self.update();
    }

    /// Counts one figure read.
    pub fn figure(&self) {
        let n = self.figures.get().saturating_add(1);
        self.figures.set(n);
        if n % UPDATE_EVERY == 0 {
            self.update();
        }
    }

    /// Counts one finding.
    pub fn finding(&self) {
        self.findings.set(self.findings.get().saturating_add(1));
    }

    /// Prints a line on standard error, above the progress line.
    pub fn println(&self, text: &str) {
        self.bar.suspend(|| eprintln!("{text}"));
    }

    /// Removes the progress line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn update(&self) {
        if self.bar.is_hidden() {
            return;
        }
        let phase = self
            .phase
            .try_borrow()
            .map(|p| p.clone())
            .unwrap_or_default();
        let (figures, findings) = (self.figures.get(), self.findings.get());
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        self.bar.set_message(format!(
            "{phase}: {figures} figure{}, {findings} finding{}",
            plural(figures),
            plural(findings)
        ));
    }
}

/// Reads every file, handing each figure and each finding to `each` as
/// soon as it is read: memory holds one row at a time.
///
/// A file whose name ends in `.json` is read as JSON, any other as CSV,
/// with the reading options of the command line and the config file. A
/// file that cannot be opened stops the command (exit status 2); problems
/// inside a file are findings.
pub fn read_each(
    paths: &[PathBuf],
    settings: &Settings,
    progress: &Progress,
    mut each: impl FnMut(Parsed),
) -> Result<(), Failure> {
    for path in paths {
        let name = path.display().to_string();
        let options = settings.read_options(&name);
        let file =
            File::open(path).map_err(|e| Failure::Usage(format!("cannot read {name}: {e}")))?;
        let is_json = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        progress.phase(&format!("reading {name}"));
        let hand_on = |parsed: Parsed| {
            match &parsed {
                Parsed::Figure(..) => progress.figure(),
                Parsed::Finding(_) => progress.finding(),
            }
            each(parsed);
        };
        let reader = progress.bar.wrap_read(file);
        if is_json {
            json::read_each(reader, &options, hand_on);
        } else {
            csv::read_each(reader, &options, hand_on);
        }
    }
    Ok(())
}

/// Reads every file into one dataset, with the findings of reading them:
/// each figure goes straight into the dataset, or is a finding for each
/// reason the dataset refuses it.
///
/// The progress line goes on after reading (the caller finishes it).
pub fn read_all(
    paths: &[PathBuf],
    settings: &Settings,
    progress: &Progress,
) -> Result<(Dataset, Findings), Failure> {
    let mut data = Dataset::new(settings.calendar, settings.catalogue().clone());
    let mut findings = Findings::new();
    let mut failed = None;
    read_each(paths, settings, progress, |parsed| match parsed {
        Parsed::Figure(figure, at) => {
            let refusals = data.refusals(&figure);
            if refusals.is_empty() {
                if let Err(e) = data.push_at(figure, at) {
                    failed.get_or_insert(e);
                }
            } else {
                for refusal in &refusals {
                    progress.finding();
                    findings.push(refusal.finding(&figure, data.calendar(), at.clone()));
                }
            }
        }
        Parsed::Finding(finding) => {
            progress.finding();
            findings.push(finding);
        }
    })?;
    match failed {
        Some(e) => Err(Failure::from(e)),
        None => Ok((data, findings)),
    }
}
