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
//! cargo run --release --example validation_quality -- --z-score 3.5 --min-history 12
//! cargo run --release --example validation_quality -- --modified-z-score 3.5 --disable outlier.zscore
//! ```
//!
//! The options after `--` other than `--missed` and `--write` change the
//! validator from the command line's defaults, to measure another setting:
//! `--z-score T` and `--modified-z-score T` the outlier method and its
//! threshold, `--min-history N` the history it needs, `--disable RULE`
//! (repeatable) a rule or a family.
//!
//! With `--write DIR`, each dataset is written as `DIR/dataset-SEED.csv`
//! with its truth in `DIR/truth-SEED.csv` (class, lines, what was done),
//! and its as-of date in the first line of `DIR/as-of-SEED.txt`.

#[path = "../tests/common/quality.rs"]
mod quality;

use std::path::PathBuf;

use impact_metrics::validate::Outliers;
use quality::{Generated, Measurement, SEEDS};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut write: Option<PathBuf> = None;
    let mut missed = false;
    let mut outliers: Option<Outliers> = None;
    let mut min_history: Option<usize> = None;
    let mut disable: Vec<String> = Vec::new();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--write" => write = Some(PathBuf::from(value()?)),
            "--missed" => missed = true,
            "--z-score" => outliers = Some(Outliers::z_score(value()?.parse()?)),
            "--modified-z-score" => outliers = Some(Outliers::modified_z_score(value()?.parse()?)),
            "--min-history" => min_history = Some(value()?.parse()?),
            "--disable" => disable.push(value()?),
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    // Checked once here, so that a misspelt rule stops the run.
    for rule in &disable {
        impact_metrics::Validator::new().disable(rule)?;
    }
    let validator = |as_of| {
        let mut validator = quality::default_validator(as_of);
        if outliers.is_some() || min_history.is_some() {
            let mut settings = outliers.unwrap_or_default();
            if let Some(periods) = min_history {
                settings = settings.with_min_history(periods);
            }
            validator = validator.with_outliers(settings);
        }
        for rule in &disable {
            validator = validator.disable(rule).unwrap_or_else(|_| unreachable!());
        }
        validator
    };
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
    let measured = Measurement::of_seeds_with(&SEEDS, validator);
    print!("{}", measured.table());
    if missed {
        println!("\nFaults not found:");
        for (seed, class, what) in &measured.missed {
            println!("seed {seed}: {}: {what}", class.name());
        }
    }
    Ok(())
}
