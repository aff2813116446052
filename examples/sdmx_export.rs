//! Prints the seed report's figures, 20/21 H1, as an SDMX-CSV 2.0 data
//! message of the crate's structure, `IMPACT:ANTI_TRAFFICKING(1.0)`.
//!
//! Run it with `cargo run --example sdmx_export --features sdmx`.
//!
//! The half-year 1 September 2020 to 28 February 2021 goes out as the
//! reporting period `2020-S1` with `REPORTING_YEAR_START_DAY` `--09-01`;
//! India's figures, which cover 20/21 Q1 only, as `2020-Q1`; Romania's
//! "a survivor and her daughter", read as 2, with `OBS_STATUS` `E`. The
//! figures the file cannot carry, if any, are listed after it.

use std::error::Error;
use std::io::Write;

use impact_metrics::{sdmx, seed};

fn main() -> Result<(), Box<dyn Error>> {
    let report = seed::h1_2020_21()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let findings = sdmx::write(&report.figures, &sdmx::Settings::new(), &mut out)?;
    out.flush()?;
    for finding in findings.findings() {
        eprintln!("{finding}");
    }
    Ok(())
}
