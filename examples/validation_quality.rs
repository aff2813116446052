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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    print!("{}", quality::run(std::env::args().skip(1))?);
    Ok(())
}
