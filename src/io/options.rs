//! How to read a partner's file: its calendar, catalogue, name, delimiter
//! and the interpretations the reader opts in to.

use crate::indicator::Catalogue;
use crate::io::number::NumberFormat;
use crate::period::calendar::FiscalCalendar;

/// How to read a file of figures.
///
/// The calendar and the catalogue say how to read periods and indicators,
/// and which figures a dataset accepts (see
/// [`Dataset::check`](crate::Dataset::check)); the rest has defaults that
/// refuse anything ambiguous. See the [format](crate::format) for what is
/// read.
///
/// ```
/// use impact_metrics::{Catalogue, FiscalCalendar, format::NumberFormat, format::ReadOptions};
///
/// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin())
///     .with_source("thailand.csv")
///     .with_number_format(NumberFormat::CommaGrouped)
///     .skip_not_available();
/// assert_eq!(options.source(), Some("thailand.csv"));
/// assert_eq!(options.calendar(), FiscalCalendar::SEPTEMBER);
/// ```
#[derive(Clone, Debug)]
pub struct ReadOptions {
    calendar: FiscalCalendar,
    catalogue: Catalogue,
    source: Option<String>,
    delimiter: u8,
    numbers: NumberFormat,
    skip_not_available: bool,
    encoding: Encoding,
    skip_rows: usize,
    not_available: Vec<String>,
    threads: Option<usize>,
    chunk_bytes: usize,
}

/// How many bytes of a file one thread reads at a time, unless the reader
/// is told otherwise.
const CHUNK_BYTES: usize = 1 << 18;

/// The character encoding of a text file.
///
/// Files are UTF-8 unless the reader is told otherwise; a byte-order mark
/// at the start of a file is skipped.
///
/// ```
/// use impact_metrics::format::Encoding;
/// assert_eq!("utf-16".parse::<Encoding>(), Ok(Encoding::Utf16Le));
/// assert_eq!("Windows-1252".parse::<Encoding>(), Ok(Encoding::Windows1252));
/// assert_eq!(Encoding::Utf16Be.to_string(), "utf-16be");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[default]
    Utf8,
    /// UTF-16, little-endian unless a byte-order mark says otherwise (as
    /// Excel's "Unicode text" saves).
    Utf16Le,
    /// UTF-16, big-endian unless a byte-order mark says otherwise.
    Utf16Be,
    /// Windows-1252 (Western European), as older Excel versions save CSV.
    Windows1252,
}

impl Encoding {
    /// Every encoding, in the order they are documented.
    pub const ALL: [Encoding; 4] = [
        Encoding::Utf8,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1252,
    ];

    /// The encoding's name, as [`FromStr`](std::str::FromStr) reads it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Encoding {
    type Err = String;

    /// Reads `utf-8`, `utf-16` (little-endian), `utf-16le`, `utf-16be` and
    /// `windows-1252` (also `cp1252`), in any case, with or without the
    /// hyphen.
    fn from_str(text: &str) -> Result<Encoding, String> {
        let key: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect::<String>()
            .to_ascii_lowercase();
        match key.as_str() {
            "utf8" => Ok(Encoding::Utf8),
            "utf16" | "utf16le" | "unicode" => Ok(Encoding::Utf16Le),
            "utf16be" => Ok(Encoding::Utf16Be),
            "windows1252" | "cp1252" => Ok(Encoding::Windows1252),
            _ => Err(format!(
                "unknown encoding {text:?}: expected utf-8, utf-16, utf-16le, utf-16be or windows-1252"
            )),
        }
    }
}

impl ReadOptions {
    /// Options for files on `calendar` whose indicators are in
    /// `catalogue`: comma-separated, plain numbers, no row skipped.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::NumberFormat, format::ReadOptions};
    /// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// assert_eq!(options.number_format(), NumberFormat::Plain);
    /// assert_eq!(options.delimiter(), b',');
    /// ```
    #[must_use]
    pub fn new(calendar: FiscalCalendar, catalogue: Catalogue) -> ReadOptions {
        ReadOptions {
            calendar,
            catalogue,
            source: None,
            delimiter: b',',
            numbers: NumberFormat::Plain,
            skip_not_available: false,
            encoding: Encoding::Utf8,
            skip_rows: 0,
            not_available: Vec::new(),
            threads: None,
            chunk_bytes: CHUNK_BYTES,
        }
    }

    /// Names the file or stream, for the locations of findings.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions, csv};
    /// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_source("bd.csv");
    /// let (_, findings) = csv::read("indicator,period,value\nvictims_removed,20/21 H1,N/A\n".as_bytes(), &options);
    /// assert!(findings.findings()[0].to_string().starts_with("error[parse.value] bd.csv:2: column \"value\""));
    /// # }
    /// ```
    #[must_use]
    pub fn with_source(mut self, name: &str) -> ReadOptions {
        self.source = Some(name.to_string());
        self
    }

    /// The byte between cells of a CSV file: `b','` by default; `b';'` for
    /// files saved by a spreadsheet in a locale whose decimal mark is a
    /// comma, `b'\t'` for tab-separated files.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions, csv};
    /// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).with_delimiter(b';');
    /// let (data, findings) = csv::read("indicator;period;value\nvictims_removed;20/21 H1;20\n".as_bytes(), &options);
    /// assert_eq!((data.len(), findings.len()), (1, 0));
    /// # }
    /// ```
    #[must_use]
    pub fn with_delimiter(mut self, delimiter: u8) -> ReadOptions {
        self.delimiter = delimiter;
        self
    }

    /// Reads numbers in this format as well as plain digits; the report
    /// says in one note how many numbers needed it. See [`NumberFormat`].
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::NumberFormat, format::ReadOptions};
    /// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin())
    ///     .with_number_format(NumberFormat::DotGroupedDecimalComma);
    /// assert_eq!(options.number_format(), NumberFormat::DotGroupedDecimalComma);
    /// ```
    #[must_use]
    pub fn with_number_format(mut self, format: NumberFormat) -> ReadOptions {
        self.numbers = format;
        self
    }

    /// Skips rows that say they have no figure, instead of refusing them:
    /// rows whose value (and numerator and denominator) are empty or one of
    /// `N/A`, `NA`, `n.a.`, `-`, `–`, `—` (any case), or one of the
    /// markers given to [`ReadOptions::with_not_available`]. Each skipped row is a
    /// note in the report, since a missing figure is not a zero.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions, Severity, csv};
    /// let file = "indicator,period,value\nvictims_removed,20/21 H1,N/A\n";
    /// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin()).skip_not_available();
    /// let (data, findings) = csv::read(file.as_bytes(), &options);
    /// assert!(data.is_empty());
    /// assert_eq!(findings.worst(), Some(Severity::Note));
    /// # }
    /// ```
    #[must_use]
    pub fn skip_not_available(mut self) -> ReadOptions {
        self.skip_not_available = true;
        self
    }

    /// The fiscal calendar periods are read in.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// assert_eq!(ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin()).calendar(), FiscalCalendar::APRIL);
    /// ```
    #[must_use]
    pub fn calendar(&self) -> FiscalCalendar {
        self.calendar
    }

    /// The catalogue indicators are looked up in.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// assert!(ReadOptions::new(FiscalCalendar::APRIL, Catalogue::empty()).catalogue().is_empty());
    /// ```
    #[must_use]
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The name given to [`ReadOptions::with_source`].
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// assert_eq!(ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin()).source(), None);
    /// ```
    #[must_use]
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The CSV delimiter.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// assert_eq!(ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin()).with_delimiter(b'\t').delimiter(), b'\t');
    /// ```
    #[must_use]
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The number format.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::NumberFormat, format::ReadOptions};
    /// assert_eq!(ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin()).number_format(), NumberFormat::Plain);
    /// ```
    #[must_use]
    pub fn number_format(&self) -> NumberFormat {
        self.numbers
    }

    /// Whether rows without a figure are skipped.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// assert!(!ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin()).skips_not_available());
    /// ```
    #[must_use]
    pub fn skips_not_available(&self) -> bool {
        self.skip_not_available
    }

    /// Reads the file in this encoding instead of UTF-8, decoding it a
    /// buffer at a time (the file is never held whole). A byte-order mark
    /// at the start is skipped; in UTF-16 it also says which way round the
    /// bytes are, whichever of [`Encoding::Utf16Le`] and
    /// [`Encoding::Utf16Be`] was set. Text that is not well-formed UTF-16
    /// ends the reading with an error (`read.io`) at its byte, after the
    /// rows before it.
    ///
    /// Read as UTF-8 (the default), a UTF-16 file is one error
    /// (`parse.encoding`) that names the encoding to set, and a cell that
    /// is not UTF-8 but reads as Windows-1252 is an error that says so.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use impact_metrics::{Catalogue, FiscalCalendar, csv, format::Encoding, format::ReadOptions};
    /// let file = b"indicator,country,period,value\nvictims_removed,C\xf4te d'Ivoire,20/21 H1,4\n";
    /// let utf8 = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let (data, findings) = csv::read(&file[..], &utf8);
    /// assert!(data.is_empty());
    /// assert!(findings.findings()[0].message.contains("set the encoding to windows-1252"));
    /// let (data, findings) = csv::read(&file[..], &utf8.with_encoding(Encoding::Windows1252));
    /// assert_eq!((data.len(), findings.len()), (1, 0));
    /// # }
    /// ```
    #[must_use]
    pub fn with_encoding(mut self, encoding: Encoding) -> ReadOptions {
        self.encoding = encoding;
        self
    }

    /// The encoding files are read in.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::Encoding, format::ReadOptions};
    /// assert_eq!(ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin()).encoding(), Encoding::Utf8);
    /// ```
    #[must_use]
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Skips this many lines above the header row (title rows), with one
    /// note (`parse.rows_skipped`) that says so. Lines are counted as in
    /// findings, blank lines included.
    ///
    /// Without it, lines above a header in the first ten lines (a title,
    /// a date of printing) are not read either, but named in a note
    /// (`parse.title_rows`), as a workbook's title rows are.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use impact_metrics::{Catalogue, FiscalCalendar, csv, format::ReadOptions};
    /// let file = "Figures for 2020/21\n\nindicator,period,value\nvictims_removed,20/21 H1,20\n";
    /// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let (data, findings) = csv::read(file.as_bytes(), &options);
    /// assert_eq!(data.location(0).and_then(|at| at.line), Some(4));
    /// assert_eq!(findings.findings()[0].rule, "parse.title_rows");
    /// let (data, findings) = csv::read(file.as_bytes(), &options.with_skip_rows(2));
    /// assert_eq!(data.location(0).and_then(|at| at.line), Some(4));
    /// assert_eq!(findings.findings()[0].rule, "parse.rows_skipped");
    /// # }
    /// ```
    #[must_use]
    pub fn with_skip_rows(mut self, rows: usize) -> ReadOptions {
        self.skip_rows = rows;
        self
    }

    /// The lines skipped above the header row.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// assert_eq!(ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin()).with_skip_rows(2).skip_rows(), 2);
    /// ```
    #[must_use]
    pub fn skip_rows(&self) -> usize {
        self.skip_rows
    }

    /// Cell texts that mean "no figure" (beside the built-in ones), in any
    /// case; implies nothing about skipping, see
    /// [`ReadOptions::skip_not_available`]. Not skipped, such a value is
    /// an error that says it means no figure.
    ///
    /// ```
    /// # #[cfg(feature = "csv")] {
    /// use impact_metrics::{Catalogue, FiscalCalendar, Severity, csv, format::ReadOptions};
    /// let file = "indicator,period,value\nvictims_removed,20/21 H1,Awaited\n";
    /// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin())
    ///     .with_not_available(["awaited"])
    ///     .skip_not_available();
    /// let (data, findings) = csv::read(file.as_bytes(), &options);
    /// assert!(data.is_empty());
    /// assert_eq!(findings.findings()[0].rule, "parse.not_available");
    /// assert_eq!(findings.worst(), Some(Severity::Note));
    /// # }
    /// ```
    #[must_use]
    pub fn with_not_available<I, S>(mut self, markers: I) -> ReadOptions
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.not_available = markers.into_iter().map(Into::into).collect();
        self
    }

    /// The markers given to [`ReadOptions::with_not_available`].
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// let options = ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin()).with_not_available(["nil"]);
    /// assert_eq!(options.not_available(), ["nil"]);
    /// ```
    #[must_use]
    pub fn not_available(&self) -> &[String] {
        &self.not_available
    }

    /// Reads a CSV file on this many threads (at least one): the file is
    /// cut into pieces at the ends of its rows (never inside a quoted
    /// cell, which may hold a line break), the pieces are read on this many
    /// threads, the calling thread one of them (it cuts the pieces and,
    /// between reading them, puts the findings together in the file's
    /// order). When the figures are totalled
    #[doc = concat!("(", csv_item!("csv::aggregate"), "), each goes to one of a")]
    /// few shards of the groups (one for every three reading threads) by
    /// its group; between pieces, the reading threads add each shard's
    /// figures in the file's order, one thread a shard at a time, and the
    /// shards' totals are merged once, at the end. The figures, totals and
    /// findings (their order and their lines included) are the same for
    /// every number of threads. Unless told otherwise, a reader uses every core
    /// ([`std::thread::available_parallelism`]): on a file larger than a
    /// piece ([`ReadOptions::with_chunk_bytes`]), the pieces are read on
    /// as many threads, and hold more memory (the pieces and figures on
    /// their way; see benches/README.md); a smaller file is read on the
    /// calling thread.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    /// let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    /// assert_eq!(options.threads(), cores);
    /// assert_eq!(options.clone().with_threads(4).threads(), 4);
    /// assert_eq!(options.with_threads(0).threads(), 1);
    /// ```
    #[must_use]
    pub fn with_threads(mut self, threads: usize) -> ReadOptions {
        self.threads = Some(threads.max(1));
        self
    }

    /// The threads a CSV file is read on: as set by
    /// [`ReadOptions::with_threads`], else one a core.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// assert_eq!(ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin()).with_threads(3).threads(), 3);
    /// ```
    #[must_use]
    pub fn threads(&self) -> usize {
        self.threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        })
    }

    /// How many bytes of a file a thread reads at a time, at least (a
    /// piece ends at the end of a row); 256 KiB unless told otherwise.
    /// Memory grows with it and with the threads, never with the file. A
    /// file no larger is read in one go, on the calling thread.
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// let options = ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin());
    /// assert_eq!(options.chunk_bytes(), 256 * 1024);
    /// assert_eq!(options.with_chunk_bytes(0).chunk_bytes(), 1);
    /// ```
    #[must_use]
    pub fn with_chunk_bytes(mut self, bytes: usize) -> ReadOptions {
        self.chunk_bytes = bytes.max(1);
        self
    }

    /// The bytes a thread reads at a time: see
    /// [`ReadOptions::with_chunk_bytes`].
    ///
    /// ```
    /// use impact_metrics::{Catalogue, FiscalCalendar, format::ReadOptions};
    /// assert_eq!(ReadOptions::new(FiscalCalendar::APRIL, Catalogue::builtin()).with_chunk_bytes(4096).chunk_bytes(), 4096);
    /// ```
    #[must_use]
    pub fn chunk_bytes(&self) -> usize {
        self.chunk_bytes
    }
}
