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

#[cfg(test)]
mod tests {
    use super::*;
    use qingdan_cases::CaseFile;

    /// A case as Qingdan stored it before formats were recorded (format 0: the bare value).
    const CASE_V0: &str = r#"{"office":"县散装水泥办公室","procedure":"general","party":{"name":"张三丰","uscc":null,"kind":"citizen"},
        "charge":{"violation":"clay-brick","quantity":"1","act_on":"2026-03-01","corrected_by_deadline":null,
        "first_offence":null,"harm":null,"circumstances":[],"facts_clear":null,"no_objection":null,"proposed_fine":null},
        "stage":"filing","opened_on":"2026-03-02","opened_by":"li","filed_on":null,"officers":[],"evidence":[],
        "findings":null,"legal_review_required":false,"reviews":[],"notice":null,"statements":[],"waived":false,
        "hearing":null,"suspensions":[],"extension_days":0,"decision":null,"served_on":null,"payments":[],
        "court_applied_on":null,"reported_on":null,"transfer":null,"archived_on":null,"last_act_on":"2026-03-02"}"#;

    #[test]
    fn a_case_of_format_zero_reads_and_is_written_back_in_format_one() {
        let case: CaseFile = decode(&CASE, "案件 1", CASE_V0).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(case.party.name, "张三丰");
        let text = encode(&CASE, &case).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(stored::open(&CASE, &text).map(|(f, _)| f), Ok(1));
        let again: CaseFile = decode(&CASE, "案件 1", &text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            serde_json::to_value(&again).ok(),
            serde_json::to_value(&case).ok()
        );
    }

    #[test]
    fn a_case_written_by_a_newer_build_is_refused_with_a_message() {
        let newer = r#"{"format":2,"body":{}}"#;
        match decode::<CaseFile>(&CASE, "案件 7", newer) {
            Err(AppError::Internal(message)) => {
                assert!(message.contains("案件 7"), "{message}");
                assert!(
                    message.contains("存储格式 2 比本程序支持的 1 新"),
                    "{message}"
                );
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
