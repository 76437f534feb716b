//! Qingdan's registry of regulated parties — enterprises, construction projects and the
//! certificates enterprises hold — as validated data, and their import from the spreadsheets
//! the bureau already keeps (capability D).
//!
//! Design:
//! * **Parse, don't validate.** A [`Uscc`] (统一社会信用代码) cannot exist unless it passes
//!   GB 32100: alphabet, registration authority and category, region digits, the GB 11714
//!   check of its 组织机构代码 and the final check character (rules in [`uscc`]). Records hold
//!   a `Uscc`, never a string.
//! * **Nothing is rejected silently.** An import returns an [`ImportReport`]: the rows that
//!   passed, and for every other row at least one [`RowError`] naming the row as Excel shows it,
//!   the column, the value and the reason in Chinese. A file that cannot be read as a table
//!   yields one clear error (per missing column) instead of a flood.
//! * **Files as people have them.** CSV with or without BOM, in UTF-8 or in GBK/GB18030 (what
//!   Chinese Excel writes by default), RFC 4180 quoting, CRLF; .xlsx through calamine, streamed
//!   row by row. Header names in Chinese with aliases, in any order, under an optional title
//!   row. Mistakes Excel invites get their own message (an 18-digit code typed as a number,
//!   full-width characters, an error value such as `#N/A`).
//! * **Never a panic from a file.** Property tests feed arbitrary bytes, damaged CSV and
//!   workbooks with damaged XML to every importer. calamine is not hardened against hostile
//!   workbooks (in a debug build a cell reference with too many column letters overflows), so
//!   the workbook reader runs under `catch_unwind` and a panic there is reported as a damaged
//!   file; with `panic = "abort"` that net would be gone.
//! * **Pure.** No files, no clock, no database: callers pass bytes and a progress callback and
//!   store what comes back. 1,000,000 CSV rows import in a few seconds
//!   (`cargo bench -p qingdan-registry`; figures in `docs/benchmarks.md`).
#![deny(missing_docs)]

mod cell;
mod csv;
mod decode;
pub mod import;
pub mod party;
pub mod uscc;
mod xlsx;

pub use import::{
    Format, ImportReport, PROGRESS_EVERY, RowError, import_certificates, import_enterprises,
    import_projects,
};
pub use party::{Certificate, Enterprise, PartyKind, Project, UnknownKind};
pub use uscc::{Uscc, UsccError, generate};
