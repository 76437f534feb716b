//! Qingdan's export formats: the responsibility list (责任清单) in the files officials work with.
//!
//! This crate owns the file formats a [`qingdan_core::Catalog`] is exported to. It does no I/O:
//! each export takes a catalog and returns the file's bytes, and the caller (the web server, a
//! command-line tool) decides where they go. It reads no clock, so the same catalog always gives
//! the same bytes.
//!
//! Formats: the list as an Excel workbook ([`catalog_xlsx`]; see that function for the sheets and
//! why they are laid out as they are), and a penalty case's file (案卷) as a ZIP whose manifest
//! hashes every document and event ([`case_file`]).
#![deny(missing_docs)]

pub mod case_file;
mod xlsx;

pub use xlsx::{SHEET_NAMES, XLSX_CONTENT_TYPE, catalog_xlsx};

/// Why an export failed. Messages are in Chinese, for the official who asked for the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// A text is longer than an Excel cell can hold (32,767 UTF-16 code units).
    #[error(
        "工作表「{sheet}」第 {row} 行「{column}」的内容有 {len} 个字符，超过 Excel 单元格上限 32767 个字符，无法导出"
    )]
    CellTooLong {
        /// The sheet, e.g. `职责边界`.
        sheet: &'static str,
        /// The row as Excel numbers it (the header is row 1).
        row: u32,
        /// The column header, e.g. `相关依据`.
        column: &'static str,
        /// The text's length in UTF-16 code units, as Excel counts.
        len: usize,
    },
    /// A sheet would have more rows than Excel allows (1,048,576).
    #[error("工作表「{sheet}」超过 Excel 的行数上限 1048576 行，无法导出")]
    TooManyRows {
        /// The sheet.
        sheet: &'static str,
    },
    /// The workbook writer reported an error; the detail is its own (English) message.
    #[error("生成 Excel 工作簿失败：{0}")]
    Workbook(String),
}
