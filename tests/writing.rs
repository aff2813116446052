//! Writing figures where the output fails.
#![cfg(all(feature = "csv", feature = "json"))]

use impact_metrics::{Error, Findings, csv, json, seed};

/// An output that refuses every byte, as a full disk does.
struct Full;

impl std::io::Write for Full {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("no space left on device"))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_output_is_an_io_error_saying_what_was_written() {
    let figures = seed::h1_2020_21().unwrap().figures;
    let err = csv::write(&figures, Full).unwrap_err();
    assert!(matches!(&err, Error::Io { action, .. } if action == "write figures as csv"));
    assert!(
        err.to_string().starts_with("cannot write figures as csv: "),
        "{err}"
    );
    assert!(err.to_string().contains("no space left on device"), "{err}");
    let err = json::write(&figures, Full).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot write figures as json: no space left on device"
    );
    let err = json::write_findings(&Findings::new(), Full).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot write a report as json: no space left on device"
    );
}
