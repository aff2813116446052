//! Files in other encodings than UTF-8: read when the encoding is set,
//! named in one finding when it is not. Expected figures are those of the
//! same text in UTF-8, read off the files by hand.
#![cfg(all(feature = "csv", feature = "json"))]

mod common;
use common::brief;

use impact_metrics::{
    Catalogue, Channel, Country, Dataset, Findings, FiscalCalendar, Partner, csv, format::Encoding,
    format::Parsed, format::ReadOptions, json,
};
use proptest::prelude::*;

fn options() -> ReadOptions {
    ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin())
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

/// The 27 characters Windows-1252 puts at 0x80 to 0x9F, by byte; the five
/// bytes it leaves undefined are not here. From the code page's table.
const CP1252_HIGH: [(u8, char); 27] = [
    (0x80, '€'),
    (0x82, '‚'),
    (0x83, 'ƒ'),
    (0x84, '„'),
    (0x85, '…'),
    (0x86, '†'),
    (0x87, '‡'),
    (0x88, 'ˆ'),
    (0x89, '‰'),
    (0x8A, 'Š'),
    (0x8B, '‹'),
    (0x8C, 'Œ'),
    (0x8E, 'Ž'),
    (0x91, '‘'),
    (0x92, '’'),
    (0x93, '“'),
    (0x94, '”'),
    (0x95, '•'),
    (0x96, '–'),
    (0x97, '—'),
    (0x98, '˜'),
    (0x99, '™'),
    (0x9A, 'š'),
    (0x9B, '›'),
    (0x9C, 'œ'),
    (0x9E, 'ž'),
    (0x9F, 'Ÿ'),
];

/// The text in Windows-1252, if every character has a byte there.
fn cp1252(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| match CP1252_HIGH.iter().find(|(_, h)| *h == c) {
            Some((b, _)) => Some(*b),
            None => u8::try_from(u32::from(c))
                .ok()
                .filter(|b| !(0x80..=0x9F).contains(b)),
        })
        .collect()
}

const FILE: &str = "indicator,country,partner,channel,period,value,note\n\
    victims_removed,Côte d'Ivoire,,direct,20/21 H1,4,“approx.” – 4 €\n\
    victims_removed,CI,Café Solidaire,joint,20/21 H1,5,\n\
    victims_removed,GB,,direct,20/21 H1,Q,\n";

fn located(data: &Dataset) -> Vec<String> {
    data.located().map(|(f, at)| format!("{at}: {f}")).collect()
}

#[test]
fn utf16_and_windows_1252_are_read_when_the_encoding_is_set() {
    let (expected, expected_report) = csv::read(FILE.as_bytes(), &options());
    // Line 2 is Côte d'Ivoire (CI) with its note; line 3 a joint operation
    // of Café Solidaire; line 4 has no number.
    let countries: Vec<Option<Country>> = expected.iter().map(|f| f.country).collect();
    assert_eq!(countries, [Some(Country::CI), Some(Country::CI)]);
    assert_eq!(
        expected.observations()[0].note.as_deref(),
        Some("“approx.” – 4 €")
    );
    assert_eq!(expected.observations()[1].channel, Some(Channel::Joint));
    assert_eq!(
        expected.observations()[1].partner,
        Some(Partner::new("Café Solidaire").unwrap())
    );
    assert_eq!(brief(&expected_report), ["error parse.value 4 value"]);

    let cases = [
        (utf16(FILE, false, true), Encoding::Utf16Le),
        (utf16(FILE, false, false), Encoding::Utf16Le),
        (utf16(FILE, true, true), Encoding::Utf16Be),
        (utf16(FILE, true, false), Encoding::Utf16Be),
        // A mark says which way round, whatever was set.
        (utf16(FILE, true, true), Encoding::Utf16Le),
        (cp1252(FILE).unwrap(), Encoding::Windows1252),
    ];
    for (bytes, encoding) in cases {
        let options = options().with_encoding(encoding);
        let (data, report) = csv::read(bytes.as_slice(), &options);
        assert_eq!(located(&data), located(&expected), "{encoding}");
        assert_eq!(report, expected_report, "{encoding}");
    }
}

#[test]
fn utf16_read_as_utf8_is_named_in_one_finding() {
    for (bytes, message) in [
        (
            utf16(FILE, false, true),
            "the file is UTF-16 text, so nothing is read: set the encoding to utf-16 (or save the file as UTF-8)",
        ),
        (
            utf16(FILE, false, false),
            "the file is UTF-16 text, so nothing is read: set the encoding to utf-16 (or save the file as UTF-8)",
        ),
        (
            utf16(FILE, true, false),
            "the file is UTF-16 text, so nothing is read: set the encoding to utf-16be (or save the file as UTF-8)",
        ),
    ] {
        let (data, report) = csv::read(bytes.as_slice(), &options());
        assert!(data.is_empty());
        assert_eq!(brief(&report), ["error parse.encoding - -"]);
        assert_eq!(report.findings()[0].message, message);

        let (data, report) = json::read_from(bytes.as_slice(), &options());
        assert!(data.is_empty());
        assert_eq!(brief(&report), ["error parse.encoding - -"]);
        assert_eq!(report.findings()[0].message, message);
    }
}

#[test]
fn broken_utf16_ends_reading_where_it_breaks() {
    let mut bytes = utf16(
        "indicator,period,value\nvictims_removed,20/21 H1,20\n",
        false,
        false,
    );
    // A lone high surrogate after the second line, at byte 102: the 23 +
    // 28 characters before it are 51 units of two bytes.
    bytes.extend([0x00, 0xD8]);
    bytes.extend(utf16("victims_removed,20/21 H2,21\n", false, false));
    let (data, report) = csv::read(
        bytes.as_slice(),
        &options().with_encoding(Encoding::Utf16Le),
    );
    assert_eq!(data.len(), 1);
    assert_eq!(brief(&report), ["error read.io 3 -"]);
    assert_eq!(
        report.findings()[0].message,
        "the file could not be read any further: the text is not well-formed UTF-16 at byte 102"
    );
}

#[test]
fn json_in_utf16_is_read_when_the_encoding_is_set() {
    let json = "{\"figures\": [\n{\"indicator\": \"victims_removed\", \"country\": \"Côte d'Ivoire\", \"period\": \"20/21 H1\", \"value\": 4}\n]}";
    for encoding in [Encoding::Utf16Le, Encoding::Utf16Be] {
        let big_endian = encoding == Encoding::Utf16Be;
        let bytes = utf16(json, big_endian, true);
        let mut seen = Vec::new();
        json::read_each(
            bytes.as_slice(),
            &options().with_encoding(encoding),
            |parsed| {
                if let Parsed::Figure(figure, at) = parsed {
                    seen.push(format!("{at}: {figure}"));
                } else {
                    seen.push(format!("{parsed:?}"));
                }
            },
        );
        assert_eq!(seen, ["line 2: victims_removed CI FY2020-09-H1 = 4"]);
    }
}

#[test]
fn a_workbook_given_as_json_is_named_in_one_error() {
    let (data, report) = json::read_from(&b"PK\x03\x04\x14\x00\x06\x00rest"[..], &options());
    assert!(data.is_empty());
    assert_eq!(brief(&report), ["error parse.workbook - -"]);
    assert_eq!(
        report.findings()[0].message,
        "this is a spreadsheet workbook (.xlsx or .ods), not a JSON file, so nothing is read: read it as a workbook, or save the sheet as \"CSV UTF-8\" and read that"
    );
}

/// Cells for the rows of a generated file: good and bad, ASCII and not,
/// some that Windows-1252 cannot write.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("victims_removed".to_string()),
        Just("Côte d'Ivoire".to_string()),
        Just("CI".to_string()),
        Just("GB".to_string()),
        Just("20/21 H1".to_string()),
        Just("20/21 Q2".to_string()),
        Just("17".to_string()),
        Just("N/A".to_string()),
        Just("\"a note, with a comma\"".to_string()),
        Just("\"two\nlines\"".to_string()),
        Just("“approx.” – 4 €".to_string()),
        Just("Ελλάδα".to_string()),
        Just("𝄞".to_string()),
        Just(String::new()),
        "[a-zé ]{0,6}",
    ]
}

fn file() -> impl Strategy<Value = String> {
    let row = prop::collection::vec(cell(), 1..6).prop_map(|cells| cells.join(","));
    (
        prop::bool::ANY,
        prop::collection::vec(row, 0..8),
        prop::bool::ANY,
    )
        .prop_map(|(crlf, rows, mark)| {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = String::new();
            if mark {
                text.push('\u{feff}');
            }
            text.push_str("indicator,country,period,value,note");
            for row in rows {
                text.push_str(end);
                text.push_str(&row);
            }
            text
        })
}

fn read_all(bytes: &[u8], options: &ReadOptions) -> (Vec<String>, Findings) {
    let (data, report) = csv::read(bytes, options);
    (located(&data), report)
}

proptest! {
    /// Any UTF-8 CSV text, written in UTF-16 (either way round, with or
    /// without a mark) or, where it can be, in Windows-1252, and read in
    /// that encoding, gives the same figures and findings as in UTF-8.
    #[test]
    fn every_encoding_reads_as_utf8_does(text in file(), bom in prop::bool::ANY) {
        let utf8 = read_all(text.as_bytes(), &options());
        // A UTF-8 mark is text in the other encodings: leave it out there.
        let plain = text.strip_prefix('\u{feff}').unwrap_or(&text);
        for (encoding, big_endian) in [(Encoding::Utf16Le, false), (Encoding::Utf16Be, true)] {
            let bytes = utf16(plain, big_endian, bom);
            let read = read_all(&bytes, &options().with_encoding(encoding));
            prop_assert_eq!(&read, &utf8, "{}", encoding);
        }
        if let Some(bytes) = cp1252(plain) {
            let read = read_all(&bytes, &options().with_encoding(Encoding::Windows1252));
            prop_assert_eq!(&read, &utf8, "windows-1252");
        }
    }
}

#[test]
fn json_in_windows_1252_is_read_when_the_encoding_is_set_and_named_when_not() {
    let json = "[\n{\"indicator\": \"victims_removed\", \"country\": \"Côte d'Ivoire\", \"period\": \"20/21 H1\", \"value\": 4}\n]";
    let bytes = cp1252(json).unwrap();
    let told = options().with_encoding(Encoding::Windows1252);
    let (data, report) = json::read_from(bytes.as_slice(), &told);
    assert!(report.is_empty(), "{report}");
    assert_eq!(data.observations()[0].country, Some(Country::CI));
    let (data, report) = json::read_from(bytes.as_slice(), &options());
    assert!(data.is_empty());
    assert_eq!(brief(&report), ["error parse.json 2 -"]);
    assert!(
        report.findings()[0]
            .message
            .contains("the text is not UTF-8; if the file is in Windows-1252, set the encoding to windows-1252"),
        "{}",
        report.findings()[0].message
    );
}
