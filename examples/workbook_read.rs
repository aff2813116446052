//! Validates a workbook of figures and prints what was read and every
//! finding, located by sheet and cell.
//!
//! Run it with `cargo run --example workbook_read --features workbook,csv -- partner.xlsx [sheet]`
//! for a workbook of your own (on the September calendar of the seed
//! report), or with no argument for one it writes: the seed report's
//! figures (20/21 H1) on a sheet "Figures" under a title, with a totals row
//! and a formula whose cached value is an error, as partners send them.

use std::error::Error;

use impact_metrics::format::ReadOptions;
use impact_metrics::workbook::{self, Sheet};
use impact_metrics::{Catalogue, Dataset, FiscalCalendar, Validator, csv, seed};
use rust_xlsxwriter::{Formula, Workbook};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    let (data, mut findings) = match args.next() {
        Some(path) => {
            let sheet = args
                .next()
                .map_or_else(Sheet::any, |name| Sheet::named(&name));
            workbook::read_path(&path, &options, &sheet)
        }
        None => {
            let bytes = seed_workbook(&seed::h1_2020_21()?.figures)?;
            workbook::read(
                bytes.as_slice(),
                &options.with_source("seed.xlsx"),
                &Sheet::any(),
            )
        }
    };
    findings.merge(Validator::new().validate(&data));
    println!("{} figures read", data.len());
    for finding in findings.findings() {
        println!("{finding}");
    }
    Ok(())
}

/// The figures in the crate's columns on a sheet "Figures", counts as
/// number cells, with a title above, a formula error and a totals row below.
fn seed_workbook(figures: &Dataset) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut text = Vec::new();
    csv::write(figures, &mut text)?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Figures")?;
    sheet.write_string(0, 0, "Seed report, 20/21 H1")?;
    let mut row = 2;
    let mut value_column = 0;
    for record in ::csv::Reader::from_reader(text.as_slice()).records() {
        let record = record?;
        for (column, field) in record.iter().enumerate() {
            let column = u16::try_from(column)?;
            match field.parse::<u32>() {
                Ok(n) if field.bytes().all(|b| b.is_ascii_digit()) => {
                    sheet.write_number(row, column, n)?;
                }
                _ if field.is_empty() => {}
                _ => {
                    sheet.write_string(row, column, field)?;
                }
            }
        }
        row += 1;
    }
    let header = ::csv::Reader::from_reader(text.as_slice())
        .headers()?
        .clone();
    for (column, name) in header.iter().enumerate() {
        sheet.write_string(1, u16::try_from(column)?, name)?;
        if name == "value" {
            value_column = u16::try_from(column)?;
        }
    }
    sheet.write_string(row, 0, "victims_removed")?;
    sheet.write_string(row, 4, "20/21 H2")?;
    sheet.write_formula(
        row,
        value_column,
        Formula::new("=1/0").set_result("#DIV/0!"),
    )?;
    sheet.write_string(row + 1, 0, "Total")?;
    Ok(book.save_to_buffer()?)
}
