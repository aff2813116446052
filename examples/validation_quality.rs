//! Measures how well `impact validate`, with its defaults, finds known
//! faults in generated partner data, and how often it raises a warning or
//! an error on a clean figure.
//!
//! Generates 20 datasets on fixed seeds (5 countries, 2-3 partners, 8-12
//! indicators, 36-60 months of counts with season, trend and Poisson noise,
//! rare convictions, rates), injects 10 faults of each of 15 classes into
//! each at known rows, validates each as `impact validate --as-of DATE`
//! does, matches the findings to the faults, and prints the recall per
//! class and overall, the false alarms per 1,000 clean figures and the
//! findings of each rule.
//!
//! ```text
//! cargo run --release --example validation_quality
//! cargo run --release --example validation_quality -- --missed        # and every fault not found
//! cargo run --release --example validation_quality -- --write DIR      # and the files, to run `impact` on
//! ```
//!
//! With `--write DIR`, each dataset is written as `DIR/dataset-SEED.csv`
//! with its truth in `DIR/truth-SEED.csv` (class, lines, what was done),
//! and its as-of date in the first line of `DIR/as-of-SEED.txt`.

#[path = "../tests/common/quality.rs"]
mod quality;

use std::path::PathBuf;

use quality::{Generated, Measurement, SEEDS};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut write: Option<PathBuf> = None;
    let mut missed = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--write" => write = args.next().map(PathBuf::from),
            "--missed" => missed = true,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    if let Some(dir) = &write {
        std::fs::create_dir_all(dir)?;
        for &seed in &SEEDS {
            let generated = Generated::new(seed);
            std::fs::write(dir.join(format!("dataset-{seed}.csv")), generated.csv())?;
            std::fs::write(dir.join(format!("truth-{seed}.csv")), generated.truth_csv())?;
            std::fs::write(
                dir.join(format!("as-of-{seed}.txt")),
                format!("{}\n", quality::as_of(generated.months)),
            )?;
        }
    }
    let measured = Measurement::of_seeds(&SEEDS);
    print!("{}", measured.table());
    if missed {
        println!("\nFaults not found:");
        for (seed, class, what) in &measured.missed {
            println!("seed {seed}: {}: {what}", class.name());
        }
    }
    Ok(())
}
