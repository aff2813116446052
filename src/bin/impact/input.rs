//! Reading the partner files named on the command line, with a progress
//! line on standard error.

use std::cell::Cell;
use std::fs::File;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use impact_metrics::format::{self, Parsed};
use impact_metrics::{Dataset, Findings, csv, dhis2, json, sdmx, workbook};

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

/// The formats partner files come in, as told from a file's name and its
/// first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The crate's CSV format.
    Csv,
    /// The crate's JSON format.
    Json,
    /// An SDMX-CSV data message.
    Sdmx,
    /// A DHIS2 dataValueSets payload in JSON (`{"dataValues": [...]}`).
    Dhis2Json,
    /// A DHIS2 dataValueSets payload in DHIS2's CSV.
    Dhis2Csv,
    /// An Excel or OpenDocument workbook.
    Workbook,
}

/// How much of a file's beginning is looked at to tell its format.
const SNIFF: usize = 8192;

impl Kind {
    /// The format of the file at `path`: by its first bytes where they
    /// tell, else by its name. A file that cannot be opened stops the
    /// command.
    pub fn of(path: &Path) -> Result<Kind, Failure> {
        let name = path.display().to_string();
        let mut start = Vec::with_capacity(SNIFF);
        File::open(path)
            .and_then(|f| f.take(SNIFF as u64).read_to_end(&mut start))
            .map_err(|e| Failure::Usage(format!("cannot read {name}: {e}")))?;
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        Ok(Kind::from_start(extension.as_deref(), &start))
    }

    /// The format of a file with this name ending and these first bytes.
    fn from_start(extension: Option<&str>, start: &[u8]) -> Kind {
        // A zip archive (.xlsx, .xlsm, .xlsb, .ods) or an OLE compound
        // file (.xls), whatever the name says.
        if format::is_workbook(start) {
            return Kind::Workbook;
        }
        let text = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
        // A JSON document starts with an object, or a list of objects; a
        // CSV's title row may start with a bracket ("[draft]").
        let mut marks = text.iter().filter(|b| !b.is_ascii_whitespace());
        let json = match (marks.next(), marks.next()) {
            (Some(b'{'), _) | (Some(b'['), Some(b'{' | b']')) => true,
            _ => extension == Some("json"),
        };
        if json {
            // DHIS2's payload names its list; the crate's document has
            // "figures".
            let dhis2 = text.windows(12).any(|w| w == b"\"dataValues\"");
            return if dhis2 { Kind::Dhis2Json } else { Kind::Json };
        }
        // An SDMX-CSV message's header starts with its STRUCTURE column
        // (DATAFLOW in the older SDMX-CSV 1.0, which the reader names).
        let header = text.get(..text.len().min(16)).unwrap_or_default();
        let header = header.to_ascii_uppercase();
        if header.starts_with(b"STRUCTURE") || header.starts_with(b"DATAFLOW") {
            return Kind::Sdmx;
        }
        // DHIS2's CSV names its data element and org unit columns.
        let line = text.split(|&b| b == b'\n').next().unwrap_or_default();
        let line: Vec<u8> = line
            .iter()
            .filter(|b| b.is_ascii_alphanumeric() || **b == b',')
            .map(u8::to_ascii_lowercase)
            .collect();
        let cells: Vec<&[u8]> = line.split(|&b| b == b',').collect();
        let has = |name: &[u8]| cells.contains(&name);
        if has(b"dataelement") && has(b"orgunit") {
            return Kind::Dhis2Csv;
        }
        Kind::Csv
    }
}

/// Reads every file, handing each figure and each finding to `each` as
/// soon as it is read: memory holds one row at a time.
///
/// A file is read in the format its first bytes show, or else its name
/// ([`Kind::of`]): JSON, or the crate's CSV, with the reading options of the command line and the config file. A
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
        let kind = Kind::of(path)?;
        progress.phase(&format!("reading {name}"));
        let hand_on = |parsed: Parsed| {
            match &parsed {
                Parsed::Figure(..) => progress.figure(),
                Parsed::Finding(_) => progress.finding(),
            }
            each(parsed);
        };
        let reader = progress.bar.wrap_read(file);
        match kind {
            Kind::Json => json::read_each(reader, &options, hand_on),
            Kind::Sdmx => {
                let (data, findings) = sdmx::read(reader, &options, &settings.sdmx);
                hand_over(data, findings, hand_on);
            }
            Kind::Workbook => workbook::read_each(reader, &options, &settings.sheet, hand_on),
            Kind::Dhis2Json | Kind::Dhis2Csv => {
                let mapping = settings.dhis2.as_ref().ok_or_else(|| {
                    Failure::Usage(format!(
                        "{name} is a DHIS2 export: reading it needs the DHIS2 mapping \
                         (--mapping FILE on the command line, or mapping = \"FILE\" under \
                         [dhis2] in impact.toml)"
                    ))
                })?;
                let payload = if kind == Kind::Dhis2Json {
                    dhis2::Payload::Json
                } else {
                    dhis2::Payload::Csv
                };
                let (data, findings) = dhis2::read(reader, &options, mapping, payload);
                hand_over(data, findings, hand_on);
            }
            Kind::Csv => {
                let mut hand_on = hand_on;
                let options = match sniffed_delimiter(path, settings) {
                    Some(delimiter) => {
                        hand_on(Parsed::Finding(format::delimiter_note(&name, delimiter)));
                        options.with_delimiter(delimiter)
                    }
                    None => options,
                };
                csv::read_each(reader, &options, hand_on);
            }
        }
    }
    Ok(())
}

/// The delimiter the header of the CSV file at `path` shows, when it is
/// not a comma and none is set (`--delimiter`, or `delimiter` in the
/// config file): a spreadsheet saved as CSV where decimals are written
/// with a comma separates its cells with semicolons.
fn sniffed_delimiter(path: &Path, settings: &Settings) -> Option<u8> {
    if settings.delimiter_given() {
        return None;
    }
    let mut head = Vec::new();
    File::open(path)
        .ok()?
        .take(HEAD_BYTES)
        .read_to_end(&mut head)
        .ok()?;
    format::header_delimiter(&head).filter(|&d| d != b',')
}

/// How much of a file the delimiter is looked for in.
const HEAD_BYTES: u64 = 64 * 1024;

/// Hands on what a reader that reads a whole file at once gave: its
/// figures, each with its place, then its findings.
fn hand_over(data: Dataset, findings: Findings, mut hand_on: impl FnMut(Parsed)) {
    for (figure, at) in data.located() {
        hand_on(Parsed::Figure(figure.clone(), at));
    }
    for finding in findings.into_findings() {
        hand_on(Parsed::Finding(finding));
    }
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

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn a_format_is_told_by_the_first_bytes_then_the_name() {
        assert_eq!(
            Kind::from_start(Some("json"), b"indicator,period"),
            Kind::Json
        );
        assert_eq!(
            Kind::from_start(Some("txt"), b"\xEF\xBB\xBF  [{\"indicator\""),
            Kind::Json
        );
        assert_eq!(
            Kind::from_start(Some("csv"), b"indicator,period,value\n"),
            Kind::Csv
        );
        assert_eq!(Kind::from_start(None, b""), Kind::Csv);
        assert_eq!(
            Kind::from_start(Some("csv"), b"PK\x03\x04\x14\x00"),
            Kind::Workbook
        );
        assert_eq!(
            Kind::from_start(Some("xls"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
            Kind::Workbook
        );
        assert_eq!(
            Kind::from_start(Some("csv"), b"STRUCTURE,STRUCTURE_ID,ACTION,FREQ"),
            Kind::Sdmx
        );
        assert_eq!(
            Kind::from_start(Some("csv"), b"structure;structure_id"),
            Kind::Sdmx
        );
        assert_eq!(
            Kind::from_start(Some("csv"), b"[draft] figures\nindicator"),
            Kind::Csv
        );
    }
}
