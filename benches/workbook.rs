//! Reading a 100,000-row .xlsx sheet of figures, beside calamine alone
//! opening the same workbook and reading the same sheet's cells (the
//! floor: what any reader of the file pays before a cell is checked).
//!
//! Run it with `cargo bench --bench workbook --features workbook`.

use std::hint::black_box;
use std::io::Cursor;

use calamine::{Data, Reader as _};
use criterion::{Criterion, criterion_group, criterion_main};
use impact_metrics::format::{Parsed, ReadOptions};
use impact_metrics::workbook::{self, Sheet};
use impact_metrics::{Catalogue, FiscalCalendar};
use rust_xlsxwriter::Workbook;

const ROWS: u32 = 100_000;

/// A sheet "Figures" of 100,000 figures: indicator, country, channel,
/// period and a count as a number cell, over 50 countries and the months
/// of two years, written once into a temporary directory.
fn workbook_file() -> std::path::PathBuf {
    let countries = [
        "GB", "BD", "TH", "IN", "RO", "NP", "KH", "VN", "PH", "ID", "MY", "LK", "PK", "KE", "UG",
        "TZ", "NG", "GH", "ET", "ZA", "BR", "MX", "CO", "PE", "AR", "CL", "US", "CA", "FR", "DE",
        "IT", "ES", "PT", "PL", "UA", "MD", "AL", "RS", "BG", "GR", "TR", "EG", "MA", "JO", "LB",
        "IQ", "AF", "MM", "LA", "CN",
    ];
    let months = [
        "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
    ];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Figures").unwrap();
    for (col, name) in ["indicator", "country", "channel", "period", "value"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    for i in 0..ROWS {
        let row = i + 1;
        let country = countries[(i as usize) % countries.len()];
        let month = (i as usize / countries.len()) % 24;
        // Sep to Dec fall in the year a fiscal year starts, Jan to Aug in the next.
        let start = 2020 + (month / 12) as i32;
        let year = if month % 12 < 4 { start } else { start + 1 };
        let period = format!("{} {year}", months[month % 12]);
        sheet.write_string(row, 0, "victims_removed").unwrap();
        sheet.write_string(row, 1, country).unwrap();
        sheet
            .write_string(row, 2, if i % 2 == 0 { "direct" } else { "systemic" })
            .unwrap();
        sheet.write_string(row, 3, &period).unwrap();
        sheet.write_number(row, 4, f64::from(i % 500)).unwrap();
    }
    let dir = std::env::temp_dir().join("impact-metrics-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("figures-100000.xlsx");
    book.save(&path).unwrap();
    path
}

fn reading(c: &mut Criterion) {
    let path = workbook_file();
    let bytes = std::fs::read(&path).unwrap();
    let options = ReadOptions::new(FiscalCalendar::SEPTEMBER, Catalogue::builtin());
    let (data, findings) = workbook::read(bytes.as_slice(), &options, &Sheet::any());
    assert_eq!(data.len(), ROWS as usize, "{findings}");

    let mut group = c.benchmark_group("workbook_100000_rows");
    group.sample_size(10);
    group.bench_function("calamine_alone", |b| {
        b.iter(|| {
            let mut book =
                calamine::open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())).unwrap();
            let range = book.worksheet_range("Figures").unwrap();
            let filled = range
                .used_cells()
                .filter(|(_, _, cell)| !matches!(cell, Data::Empty))
                .count();
            black_box(filled)
        });
    });
    group.bench_function("workbook_read_each", |b| {
        b.iter(|| {
            let mut figures = 0_usize;
            workbook::read_each(bytes.as_slice(), &options, &Sheet::any(), |parsed| {
                if let Parsed::Figure(..) = parsed {
                    figures += 1;
                }
            });
            black_box(figures)
        });
    });
    group.bench_function("workbook_read", |b| {
        b.iter(|| {
            black_box(
                workbook::read(bytes.as_slice(), &options, &Sheet::any())
                    .0
                    .len(),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, reading);
criterion_main!(benches);
