//! Helpers shared by the integration tests: workbooks built in memory and imports that record
//! their progress calls.
#![allow(dead_code, reason = "each test file uses a different part")]

use qingdan_registry::{Format, ImportReport, RowError};
use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};

/// A cell to write into a test workbook.
pub enum X {
    /// Text.
    S(&'static str),
    /// Owned text.
    T(String),
    /// A number.
    N(f64),
    /// TRUE/FALSE.
    B(bool),
    /// A date-formatted cell.
    D(u16, u8, u8),
    /// Nothing.
    E,
}

/// An .xlsx with one sheet holding `rows` from A1.
pub fn xlsx(rows: &[Vec<X>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let date = XFormat::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                X::S(s) => sheet.write_string(r, c, *s).map(|_| ()),
                X::T(s) => sheet.write_string(r, c, s).map(|_| ()),
                X::N(n) => sheet.write_number(r, c, *n).map(|_| ()),
                X::B(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                X::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &dt, &date)
                        .map(|_| ())
                }
                X::E => Ok(()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// One of the three import functions.
pub type Importer<T> = fn(&[u8], Format, &mut dyn FnMut(usize, Option<usize>)) -> ImportReport<T>;

/// Runs an importer, returning its report and every progress call.
pub fn run<T>(
    import: Importer<T>,
    bytes: &[u8],
    format: Format,
) -> (ImportReport<T>, Vec<(usize, Option<usize>)>) {
    let mut calls = Vec::new();
    let report = import(bytes, format, &mut |done, total| calls.push((done, total)));
    (report, calls)
}

/// The invariant every report keeps: each data row is accepted or has an error.
pub fn check_invariant<T>(report: &ImportReport<T>) {
    if report.file_rejected() {
        assert!(report.accepted.is_empty());
    } else {
        assert_eq!(
            report.accepted.len() + report.rejected_rows(),
            report.total_rows,
            "{:#?}",
            report.rejected
        );
    }
}

/// The errors as `(row, field, reason)` for compact assertions.
pub fn errors(rejected: &[RowError]) -> Vec<(usize, &str, &str)> {
    rejected
        .iter()
        .map(|e| (e.row, e.field.as_str(), e.reason.as_str()))
        .collect()
}

/// `n` valid codes as strings.
pub fn codes(seed: u64, n: usize) -> Vec<String> {
    qingdan_registry::generate(seed, n)
        .map(|u| u.to_string())
        .collect()
}
