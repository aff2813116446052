//! Replays inputs for the fuzz targets of `fuzz/`: every input the fuzzer
//! ever found failing, and inputs picked by hand for the corners they
//! reach, each kept as a file under `tests/fuzz_inputs/<target>/`. The
//! checks are the fuzz targets' own (`tests/fuzz/checks.rs`).
#![cfg(all(feature = "csv", feature = "json"))]

use std::fs;
use std::path::PathBuf;

#[path = "fuzz/checks.rs"]
mod checks;

/// The inputs kept for a target; at least one, so that the test cannot
/// pass by finding none.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_inputs")
        .join(target);
    let mut inputs: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    inputs
}

fn replay_bytes(target: &str, check: fn(&[u8])) {
    for (path, bytes) in inputs(target) {
        eprintln!("{}", path.display());
        check(&bytes);
    }
}

fn replay_text(target: &str, check: fn(&str)) {
    for (path, bytes) in inputs(target) {
        eprintln!("{}", path.display());
        check(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn csv_reader() {
    replay_bytes("csv_reader", checks::csv_reader);
}

#[test]
fn json() {
    replay_bytes("json", checks::json);
}

#[test]
fn period() {
    replay_text("period", checks::period);
}

#[test]
fn country() {
    replay_text("country", checks::country);
}

#[test]
fn indicator() {
    replay_text("indicator", checks::indicator);
}
