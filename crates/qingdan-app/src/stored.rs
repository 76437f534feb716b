//! The stored formats of the aggregates the application saves (see `qingdan_core::stored`):
//! every case, complaint, inspection task and plan is written in its format's envelope and read
//! from any format up to it. A change to an engine type's serialized shape is a new format
//! here, with its upgrade step and a test on data in the old format.

use crate::AppError;
use qingdan_core::stored::{self, Format, FormatError, unchanged};
use qingdan_store::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A penalty case (`qingdan_cases::CaseFile`). 1: the envelope around format 0's value.
pub const CASE: Format = Format {
    name: "案件",
    current: 1,
    upgrade: unchanged,
};

/// A complaint (`qingdan_complaints::Complaint`). 1: the envelope around format 0's value.
pub const COMPLAINT: Format = Format {
    name: "投诉举报",
    current: 1,
    upgrade: unchanged,
};

/// An inspection task (`qingdan_inspections::task::Task`). 1: the envelope around format 0's
/// value.
pub const TASK: Format = Format {
    name: "检查任务",
    current: 1,
    upgrade: unchanged,
};

/// A year's inspection plan (`qingdan_inspections::plan::Plan`). 1: the envelope around
/// format 0's value.
pub const PLAN: Format = Format {
    name: "检查计划",
    current: 1,
    upgrade: unchanged,
};

/// The text to store for `value`.
pub fn encode<T: Serialize>(format: &Format, value: &T) -> Result<String, AppError> {
    stored::encode(format, value).map_err(|e| AppError::internal(&e))
}

/// Reads a stored `data` of the record named `which` (e.g. `案件 安工信罚〔2026〕1号`).
pub fn decode<T: DeserializeOwned>(
    format: &Format,
    which: &str,
    data: &str,
) -> Result<T, AppError> {
    stored::decode(format, data).map_err(|e| corrupt(which, &e))
}

fn corrupt(which: &str, e: &FormatError) -> AppError {
    AppError::internal(&StoreError::Corrupt(format!("{which}：{e}")))
}
