//! From the bytes of a file to UTF-8 text, a buffer at a time: the
//! encoding the reader was told, byte-order marks, and the files that are
//! not text at all (a workbook, UTF-16 read as UTF-8).

use std::io::{self, Read};

use crate::io::format;
use crate::io::options::Encoding;

/// What the first bytes of a file say it is, when that is not what the
/// reader was told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotText {
    /// A zip archive: an Excel (.xlsx) or OpenDocument (.ods) workbook.
    Workbook,
    /// An OLE compound file: an Excel 97-2003 (.xls) workbook.
    OldWorkbook,
    /// UTF-16 text, little-endian or big-endian, read as UTF-8.
    Utf16 {
        /// Whether the text is big-endian.
        big_endian: bool,
    },
}

impl NotText {
    /// The one message that says what the file is and what to do.
    pub(crate) fn message(self, kind: &str) -> String {
        match self {
            NotText::Workbook => format!(
                "this is a spreadsheet workbook (.xlsx or .ods), not a {kind} file, so nothing is read: read it as a workbook, or save the sheet as \"CSV UTF-8\" and read that"
            ),
            NotText::OldWorkbook => format!(
                "this is an Excel 97-2003 workbook (.xls), not a {kind} file, so nothing is read: read it as a workbook, or save the sheet as \"CSV UTF-8\" and read that"
            ),
            NotText::Utf16 { big_endian } => format!(
                "the file is UTF-16 text, so nothing is read: set the encoding to {} (or save the file as UTF-8)",
                if big_endian { "utf-16be" } else { "utf-16" }
            ),
        }
    }
}

/// How many bytes are looked at to recognise a file.
const SNIFF: usize = 512;

/// Recognises the files that are not text in the encoding asked for:
/// workbooks by their magic bytes, and UTF-16 read as UTF-8 by its
/// byte-order mark or by a NUL in every other byte of the first line.
fn sniff(start: &[u8], encoding: Encoding) -> Option<NotText> {
    if start.starts_with(format::ZIP) {
        return Some(NotText::Workbook);
    }
    if start.starts_with(format::OLE) {
        return Some(NotText::OldWorkbook);
    }
    if encoding != Encoding::Utf8 {
        return None;
    }
    match start {
        [0xFF, 0xFE, ..] => return Some(NotText::Utf16 { big_endian: false }),
        [0xFE, 0xFF, ..] => return Some(NotText::Utf16 { big_endian: true }),
        _ => {}
    }
    // Text without a mark: ASCII in UTF-16 is a NUL beside every byte.
    let pairs = start.len() / 2;
    if pairs < 2 {
        return None;
    }
    let even = start.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = start.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 >= pairs * 9 && even == 0 {
        Some(NotText::Utf16 { big_endian: false })
    } else if even * 10 >= pairs * 9 && odd == 0 {
        Some(NotText::Utf16 { big_endian: true })
    } else {
        None
    }
}

/// The characters 0x80 to 0x9F of Windows-1252; the five it leaves
/// undefined are read as the control characters of the same number, as
/// web browsers read them.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

/// The character a Windows-1252 byte stands for.
pub(crate) fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WINDOWS_1252_HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from(byte),
    }
}

/// The Windows-1252 byte of a character, if it has one.
#[cfg(test)]
pub(crate) fn to_windows_1252(c: char) -> Option<u8> {
    if let Some(i) = WINDOWS_1252_HIGH.iter().position(|&h| h == c) {
        return u8::try_from(0x80 + i).ok();
    }
    u8::try_from(u32::from(c))
        .ok()
        .filter(|b| !(0x80..=0x9F).contains(b))
}

/// Whether bytes that are not UTF-8 read as plausible Windows-1252 text:
/// letters and punctuation, no control characters.
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) fn looks_like_windows_1252(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_err()
        && bytes.iter().all(|&b| {
            let c = windows_1252(b);
            !c.is_control() || matches!(c, '\t' | '\n' | '\r')
        })
}

/// A reader that gives the text of `inner`, in `encoding`, as UTF-8,
/// without its byte-order mark. A file that is not text in that encoding
/// (see [`NotText`]) gives no bytes, and [`Decoder::not_text`] says what
/// it is.
///
/// UTF-16 that is not well formed (a lone surrogate, an odd byte at the
/// end) is an I/O error of kind `InvalidData` at its byte offset: the
/// reader reports where reading stopped.
#[derive(Debug)]
pub(crate) struct Decoder<R> {
    inner: R,
    encoding: Encoding,
    big_endian: bool,
    started: bool,
    not_text: Option<NotText>,
    /// Bytes read from `inner` and not yet decoded.
    raw: Vec<u8>,
    raw_pos: usize,
    raw_end: bool,
    /// Decoded bytes not yet handed on.
    out: Vec<u8>,
    out_pos: usize,
    /// Bytes of `inner` decoded so far, for the offset of an error.
    consumed: u64,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
    /// An error met while looking at the start, given once the bytes
    /// before it have been.
    deferred: Option<io::Error>,
    /// Text that cannot be decoded, given once the text before it has
    /// been.
    invalid: Option<io::Error>,
}

impl<R: Read> Decoder<R> {
    pub(crate) fn new(inner: R, encoding: Encoding) -> Decoder<R> {
        Decoder {
            inner,
            encoding,
            big_endian: encoding == Encoding::Utf16Be,
            started: false,
            not_text: None,
            raw: Vec::new(),
            raw_pos: 0,
            raw_end: false,
            out: Vec::new(),
            out_pos: 0,
            consumed: 0,
            high: None,
            deferred: None,
            invalid: None,
        }
    }

    /// A decoder of a piece of a file that starts after its beginning:
    /// the start of the file was looked at already, and its mark skipped.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn continuing(inner: R, encoding: Encoding) -> Decoder<R> {
        let mut decoder = Decoder::new(inner, encoding);
        decoder.started = true;
        decoder
    }

    /// Looks at the start of the file now, rather than at the first
    /// read: what the file is, when it is not text in the encoding asked
    /// for.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub(crate) fn not_text_at_start(&mut self) -> io::Result<Option<NotText>> {
        if !self.started {
            self.start()?;
        }
        Ok(self.not_text)
    }

    /// What the file is, when it is not text in the encoding asked for.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn not_text(&self) -> Option<NotText> {
        self.not_text
    }

    /// Reads more of `inner` into `raw`; `false` at its end.
    fn fill(&mut self) -> io::Result<bool> {
        if let Some(e) = self.deferred.take() {
            return Err(e);
        }
        if self.raw_end {
            return Ok(false);
        }
        if self.raw_pos > 0 {
            self.raw.drain(..self.raw_pos);
            self.raw_pos = 0;
        }
        let len = self.raw.len();
        self.raw.resize(len + 8192, 0);
        let n = loop {
            match self.inner.read(self.raw.get_mut(len..).unwrap_or(&mut [])) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.raw.truncate(len);
                    return Err(e);
                }
            }
        };
        self.raw.truncate(len + n);
        if n == 0 {
            self.raw_end = true;
        }
        Ok(n > 0)
    }

    fn pending(&self) -> &[u8] {
        self.raw.get(self.raw_pos..).unwrap_or(&[])
    }

    /// Looks at the start of the file: its mark, and what it is.
    fn start(&mut self) -> io::Result<()> {
        self.started = true;
        while self.pending().len() < SNIFF {
            match self.fill() {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) if self.pending().is_empty() => return Err(e),
                Err(e) => {
                    self.deferred = Some(e);
                    break;
                }
            }
        }
        self.not_text = sniff(self.pending(), self.encoding);
        if self.not_text.is_some() {
            return Ok(());
        }
        let skip = match (self.encoding, self.pending()) {
            (Encoding::Utf8, [0xEF, 0xBB, 0xBF, ..]) => 3,
            (Encoding::Utf16Le | Encoding::Utf16Be, [0xFF, 0xFE, ..]) => {
                self.big_endian = false;
                2
            }
            (Encoding::Utf16Le | Encoding::Utf16Be, [0xFE, 0xFF, ..]) => {
                self.big_endian = true;
                2
            }
            _ => 0,
        };
        self.raw_pos += skip;
        self.consumed += skip as u64;
        Ok(())
    }

    /// Decodes what is pending into `out`.
    fn decode(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        match self.encoding {
            Encoding::Windows1252 => {
                let pending = self.raw.get(self.raw_pos..).unwrap_or(&[]);
                let mut buf = [0; 4];
                for &b in pending {
                    self.out
                        .extend_from_slice(windows_1252(b).encode_utf8(&mut buf).as_bytes());
                }
                self.consumed += pending.len() as u64;
                self.raw_pos = self.raw.len();
            }
            Encoding::Utf16Le | Encoding::Utf16Be => self.decode_utf16(),
            _ => {
                let pending = self.raw.get(self.raw_pos..).unwrap_or(&[]);
                self.out.extend_from_slice(pending);
                self.consumed += pending.len() as u64;
                self.raw_pos = self.raw.len();
            }
        }
        Ok(())
    }

    fn decode_utf16(&mut self) {
        let mut buf = [0; 4];
        loop {
            let pending = self.raw.get(self.raw_pos..).unwrap_or(&[]);
            let [a, b, ..] = *pending else {
                break;
            };
            let unit = if self.big_endian {
                u16::from_be_bytes([a, b])
            } else {
                u16::from_le_bytes([a, b])
            };
            let at = self.consumed;
            self.raw_pos += 2;
            self.consumed += 2;
            // A high surrogate stands two bytes before the unit after it.
            let (c, bad_at) = match (self.high.take(), unit) {
                (None, 0xD800..=0xDBFF) => {
                    self.high = Some(unit);
                    continue;
                }
                (Some(high), 0xDC00..=0xDFFF) => (char::decode_utf16([high, unit]).next(), at),
                (None, _) => (char::decode_utf16([unit]).next(), at),
                (Some(_), _) => (None, at.saturating_sub(2)),
            };
            match c.and_then(Result::ok) {
                Some(c) => self
                    .out
                    .extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
                None => {
                    self.stop(invalid_utf16(bad_at));
                    return;
                }
            }
        }
        if self.raw_end {
            if self.high.is_some() {
                self.stop(invalid_utf16(self.consumed.saturating_sub(2)));
            } else if !self.pending().is_empty() {
                self.stop(invalid_utf16(self.consumed));
            }
        }
    }

    /// Stops decoding at text that cannot be decoded: what was decoded
    /// before it is still given, then the error.
    fn stop(&mut self, error: io::Error) {
        self.invalid = Some(error);
        self.raw_pos = self.raw.len();
        self.raw_end = true;
        self.high = None;
    }
}

fn invalid_utf16(at: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the text is not well-formed UTF-16 at byte {at}"),
    )
}

impl<R: Read> Read for Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            self.start()?;
        }
        if self.not_text.is_some() {
            return Ok(0);
        }
        let unit = match self.encoding {
            Encoding::Utf16Le | Encoding::Utf16Be => 2,
            _ => 1,
        };
        // UTF-8, once the start is passed on: straight through.
        let drained = self.out.get(self.out_pos..).is_none_or(<[u8]>::is_empty);
        if self.encoding == Encoding::Utf8
            && drained
            && self.pending().is_empty()
            && self.deferred.is_none()
            && !self.raw_end
        {
            return self.inner.read(buf);
        }
        loop {
            let ready = self.out.get(self.out_pos..).unwrap_or(&[]);
            if !ready.is_empty() {
                let n = ready.len().min(buf.len());
                if let (Some(to), Some(from)) = (buf.get_mut(..n), ready.get(..n)) {
                    to.copy_from_slice(from);
                }
                self.out_pos += n;
                return Ok(n);
            }
            if let Some(e) = self.invalid.take() {
                return Err(e);
            }
            if self.pending().len() >= unit {
                self.decode()?;
                continue;
            }
            if !self.fill()? {
                // The end: what is left over is an error, or nothing.
                self.decode()?;
                if self.out.get(self.out_pos..).is_none_or(<[u8]>::is_empty) {
                    return Ok(0);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], encoding: Encoding) -> io::Result<String> {
        let mut out = Vec::new();
        Decoder::new(bytes, encoding).read_to_end(&mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend(if big_endian {
                [0xFE, 0xFF]
            } else {
                [0xFF, 0xFE]
            });
        }
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    }

    #[test]
    fn utf8_passes_through_without_its_mark() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc", Encoding::Utf8).unwrap(), "abc");
        assert_eq!(decode(b"ab", Encoding::Utf8).unwrap(), "ab");
        assert_eq!(decode(b"", Encoding::Utf8).unwrap(), "");
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xEF\xBB\xBFx", Encoding::Utf8).unwrap(),
            "\u{feff}x"
        );
    }

    #[test]
    fn utf16_is_decoded_either_way_round_with_or_without_a_mark() {
        let text = "indicator,country\nCôte d'Ivoire,€ 𝄞\n";
        for big_endian in [false, true] {
            for bom in [false, true] {
                let told = if big_endian {
                    Encoding::Utf16Be
                } else {
                    Encoding::Utf16Le
                };
                let bytes = utf16(text, big_endian, bom);
                assert_eq!(decode(&bytes, told).unwrap(), text);
                if bom {
                    // The mark says which way round, whatever was told.
                    let other = if big_endian {
                        Encoding::Utf16Le
                    } else {
                        Encoding::Utf16Be
                    };
                    assert_eq!(decode(&bytes, other).unwrap(), text);
                }
            }
        }
    }

    #[test]
    fn broken_utf16_is_an_error_at_its_byte() {
        let lone = [b'a', 0, 0x00, 0xD8, b'b', 0];
        let e = decode(&lone, Encoding::Utf16Le).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert_eq!(
            e.to_string(),
            "the text is not well-formed UTF-16 at byte 2"
        );
        // A high surrogate at the very end.
        let end = [b'a', 0, 0x3D, 0xD8];
        assert_eq!(
            decode(&end, Encoding::Utf16Le).unwrap_err().to_string(),
            "the text is not well-formed UTF-16 at byte 2"
        );
        let odd = [b'a', 0, b'b'];
        assert_eq!(
            decode(&odd, Encoding::Utf16Le).unwrap_err().to_string(),
            "the text is not well-formed UTF-16 at byte 2"
        );
    }

    #[test]
    fn windows_1252_is_decoded_with_its_32_special_characters() {
        assert_eq!(
            decode(b"C\xf4te \x80 \x93x\x94 \x96", Encoding::Windows1252).unwrap(),
            "Côte € “x” –"
        );
        for b in 0..=255u8 {
            let c = windows_1252(b);
            if !matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) {
                assert_eq!(to_windows_1252(c), Some(b), "{b:#x}");
            }
        }
    }

    #[test]
    fn files_that_are_not_text_are_recognised() {
        let not_text = |bytes: &[u8]| {
            let mut d = Decoder::new(bytes, Encoding::Utf8);
            let mut out = Vec::new();
            d.read_to_end(&mut out).unwrap();
            assert!(out.is_empty() || d.not_text().is_none());
            d.not_text()
        };
        assert_eq!(not_text(b"PK\x03\x04rest"), Some(NotText::Workbook));
        assert_eq!(
            not_text(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1]),
            Some(NotText::OldWorkbook)
        );
        let text = "indicator,period,value\n";
        assert_eq!(
            not_text(&utf16(text, false, true)),
            Some(NotText::Utf16 { big_endian: false })
        );
        assert_eq!(
            not_text(&utf16(text, true, false)),
            Some(NotText::Utf16 { big_endian: true })
        );
        assert_eq!(
            not_text(&utf16(text, false, false)),
            Some(NotText::Utf16 { big_endian: false })
        );
        assert_eq!(not_text(text.as_bytes()), None);
        assert_eq!(not_text(b"a\0"), None);
    }

    #[test]
    fn short_reads_are_decoded_whole() {
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match (self.0.split_first(), buf.first_mut()) {
                    (Some((b, rest)), Some(slot)) => {
                        *slot = *b;
                        self.0 = rest;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let bytes = utf16("a,€\n𝄞", true, true);
        let mut out = Vec::new();
        Decoder::new(OneByte(&bytes), Encoding::Utf16Le)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a,€\n𝄞");
        let mut out = Vec::new();
        Decoder::new(OneByte(b"\xEF\xBB\xBFok"), Encoding::Utf8)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"ok");
    }
}
