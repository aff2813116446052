//! The floor every reading benchmark is set beside: the same file split
//! into records by the `csv` crate alone, and nothing else.

use std::fs::File;
use std::path::Path;

/// Splits the file's records with the `csv` crate, and counts their
/// fields (so that the work is not optimised away).
pub fn csv_records(path: &Path) -> u64 {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(File::open(path).unwrap());
    let mut record = ::csv::ByteRecord::new();
    let mut fields = 0u64;
    while reader.read_byte_record(&mut record).unwrap() {
        fields += record.len() as u64;
    }
    fields
}
