//! A case's official documents, generated from its data (never retyped): 行政处罚告知书 and its
//! 送达回证 once the notice is served, 行政处罚决定书 and its 送达回证 once decided, 责令改正通知书
//! when the decision orders a correction. Numbers follow the case's: 安工信罚〔2026〕3号 gives
//! 安工信罚告〔2026〕3号 (notice) and 安工信罚决〔2026〕3号 (decision).
//!
//! `GET /api/v1/cases/{id}/documents/{kind}` renders one as PDF (`qingdan-documents`, typst).

use crate::framework::access::Caller;
use crate::framework::clock::stamp;
use crate::framework::download::content_disposition;
use crate::framework::error::{ApiError, ErrorBody, store_error};
use crate::framework::extract::ApiPath;
use crate::framework::state::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use qingdan_cases::{CaseFile, CaseNumber, HolidayCalendar, TERMS};
use qingdan_documents::{
    CorrectionOrder, Document, Party, PenaltyDecision, PenaltyNotice, ServiceReceipt,
};
use qingdan_rules::Engine;
use serde::Serialize;
use utoipa::ToSchema;

/// `2026年3月9日`.
pub fn cn_date(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The number of a document of the case: the case prefix with `mark` inserted.
fn doc_number(case_number: &str, mark: &str) -> String {
    match CaseNumber::parse(case_number) {
        Some(n) => format!("{}{mark}〔{}〕{}号", n.prefix, n.year, n.seq),
        None => format!("{case_number}（{mark}）"),
    }
}

/// The county government and court the decision names for review and litigation: the
/// bureau's county (安化县工业和信息化局 → 安化县人民政府, 安化县人民法院).
fn county(bureau: &str) -> String {
    match bureau.find('县') {
        Some(i) => bureau[..i + '县'.len_utf8()].to_string(),
        None => bureau.to_string(),
    }
}

fn party(case: &CaseFile) -> Party {
    Party {
        name: case.party.name.clone(),
        uscc: case.party.uscc.clone(),
        address: None,
        representative: None,
    }
}

fn evidence(case: &CaseFile) -> Vec<String> {
    case.evidence
        .iter()
        .map(|e| {
            format!(
                "{}：{}（{}，{}）",
                e.kind,
                e.description,
                cn_date(e.on),
                e.officers.join("、")
            )
        })
        .collect()
}

/// Everything needed besides the case.
pub struct Sources<'a> {
    /// The bureau's name.
    pub bureau: &'a str,
    /// The case number.
    pub number: &'a str,
    /// The rules (for the violation's name and the provisions at notice time).
    pub engine: &'a Engine,
    /// The holiday calendar (for the deadlines printed).
    pub calendar: &'a HolidayCalendar,
}

/// The documents the case has so far, by URL kind.
pub fn documents(case: &CaseFile, s: &Sources<'_>) -> Vec<(&'static str, Document)> {
    let mut out = Vec::new();
    let bureau = s.bureau.to_string();
    let violation = s
        .engine
        .book
        .rule(case.charge.violation)
        .and_then(|d| d.periods.last())
        .map(|p| p.value.name.to_string())
        .unwrap_or_else(|| case.charge.violation.as_str().to_string());
    let facts = case.findings.clone().unwrap_or_else(|| {
        format!(
            "{} {}，{}",
            cn_date(case.charge.act_on),
            case.party.name,
            violation
        )
    });
    if let Some(n) = &case.notice {
        let notice_number = doc_number(s.number, "告");
        let assessment = s
            .engine
            .assess(&case.charge.input(case.party.kind, n.served_on))
            .ok();
        let window = if n.hearing_right {
            TERMS.hearing_request
        } else {
            TERMS.statement
        };
        let deadline = window
            .period
            .end(s.calendar, n.served_on, 0)
            .map(|(d, _)| cn_date(d))
            .unwrap_or_else(|e| e.to_string());
        out.push((
            "penalty_notice",
            Document::PenaltyNotice(PenaltyNotice {
                bureau: bureau.clone(),
                number: notice_number.clone(),
                issued_on: cn_date(n.served_on),
                party: party(case),
                facts: facts.clone(),
                evidence: evidence(case),
                violated: vec![violation.clone()],
                basis: assessment.map(|a| a.basis).unwrap_or_default(),
                proposed_penalty: n
                    .proposed_fine
                    .map(|f| format!("罚款人民币 {f} 元"))
                    .unwrap_or_else(|| "不予罚款".into()),
                amount: n.proposed_fine.map(|f| f.to_string()),
                statement_deadline: deadline.clone(),
                hearing_right: n.hearing_right,
                hearing_deadline: n.hearing_right.then_some(deadline),
                contact: format!("{}（{}）", case.office, s.bureau),
            }),
        ));
        out.push((
            "notice_receipt",
            Document::ServiceReceipt(ServiceReceipt {
                bureau: bureau.clone(),
                number: doc_number(s.number, "告送"),
                issued_on: cn_date(n.served_on),
                party: party(case),
                served_document: format!("行政处罚告知书（{notice_number}）"),
                recipient: case.party.name.clone(),
                place: String::new(),
                method: "直接送达".into(),
                served_on: Some(cn_date(n.served_on)),
                servers: n.officers.clone(),
                note: None,
            }),
        ));
    }
    if let Some(d) = &case.decision
        && let Some(fine) = d.fine
    {
        let decision_number = doc_number(s.number, "决");
        let mut summary = Vec::new();
        if !case.statements.is_empty() {
            summary.push(format!("当事人陈述、申辩：{}", case.statements.join("；")));
        }
        if case.waived {
            summary.push("当事人书面放弃陈述、申辩和听证权利".into());
        }
        if let Some(h) = case.hearing.as_ref().and_then(|h| h.record.clone()) {
            summary.push(format!("听证情况：{h}"));
        }
        let place = county(s.bureau);
        out.push((
            "penalty_decision",
            Document::PenaltyDecision(PenaltyDecision {
                bureau: bureau.clone(),
                number: decision_number.clone(),
                issued_on: cn_date(d.decided_on),
                party: party(case),
                facts: facts.clone(),
                evidence: evidence(case),
                statement_summary: (!summary.is_empty()).then(|| summary.join("。")),
                reasons: d.reasons.clone(),
                basis: d.basis.clone(),
                penalty: format!("罚款人民币 {fine} 元"),
                amount: Some(fine.to_string()),
                measures: d.measures.clone(),
                pay_within: "收到本决定书之日起十五日内".into(),
                pay_to: format!("{}指定的罚款代收机构", s.bureau),
                surcharge_notice: true,
                review_body: format!("{place}人民政府"),
                court: format!("{place}人民法院"),
            }),
        ));
        out.push((
            "decision_receipt",
            Document::ServiceReceipt(ServiceReceipt {
                bureau: bureau.clone(),
                number: doc_number(s.number, "决送"),
                issued_on: cn_date(d.decided_on),
                party: party(case),
                served_document: format!("行政处罚决定书（{decision_number}）"),
                recipient: case.party.name.clone(),
                place: String::new(),
                method: "直接送达".into(),
                served_on: case.served_on.map(cn_date),
                servers: case.officers.clone(),
                note: None,
            }),
        ));
        let orders: Vec<String> = d
            .measures
            .iter()
            .filter(|m| m.contains("责令"))
            .cloned()
            .collect();
        if !orders.is_empty() {
            out.push((
                "correction_order",
                Document::CorrectionOrder(CorrectionOrder {
                    bureau,
                    number: doc_number(s.number, "改"),
                    issued_on: cn_date(d.decided_on),
                    party: party(case),
                    facts,
                    basis: d.basis.clone(),
                    order: orders.join("；"),
                    deadline: "收到本通知书之日起立即改正".into(),
                }),
            ));
        }
    }
    out
}

/// A document of the case.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDto {
    /// 文书种类。
    pub kind: String,
    /// 文书名称。
    pub title: String,
    /// 下载地址。
    pub url: String,
}

/// The case view's document list.
pub fn listing(id: i64, case: &CaseFile, s: &Sources<'_>) -> Vec<DocumentDto> {
    documents(case, s)
        .into_iter()
        .map(|(kind, doc)| DocumentDto {
            kind: kind.to_string(),
            title: doc.title().to_string(),
            url: format!("/api/v1/cases/{id}/documents/{kind}"),
        })
        .collect()
}

/// One document of a case as PDF.
#[utoipa::path(get, path = "/api/v1/cases/{id}/documents/{kind}", tag = "cases",
    params(("id" = i64, Path, description = "案件编号"),
        ("kind" = String, Path, description = "penalty_notice、notice_receipt、penalty_decision、decision_receipt、correction_order")),
    responses((status = 200, description = "PDF", content_type = "application/pdf"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub(crate) async fn case_document(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    ApiPath((id, kind)): ApiPath<(i64, String)>,
) -> Result<Response, ApiError> {
    let (row, case) = qingdan_app::cases::visible(
        state.app(),
        &caller.0,
        id,
        &format!("GET /api/v1/cases/{id}/documents/{kind}"),
    )
    .await?;
    let bureau = state
        .current()
        .map(|l| l.catalog.bureau.clone())
        .unwrap_or_default();
    let sources = Sources {
        bureau: &bureau,
        number: &row.number,
        engine: state.engine(),
        calendar: state.calendar(),
    };
    let Some((_, doc)) = documents(&case, &sources)
        .into_iter()
        .find(|(k, _)| *k == kind)
    else {
        return Err(ApiError::not_found(format!(
            "案件 {} 尚无“{kind}”文书",
            row.number
        )));
    };
    let Some(renderer) = state.documents() else {
        return Err(ApiError::unavailable(
            "服务器未安装中文字体，无法生成文书：请安装 fonts-noto-cjk 后重启",
        ));
    };
    let title = doc.title();
    let pdf = tokio::task::spawn_blocking(move || renderer.render(&doc))
        .await
        .map_err(|e| ApiError::internal(&e))?
        .map_err(|e| ApiError::internal(&e))?;
    let name = format!("{}-{title}.pdf", row.number);
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(&name).replacen("attachment", "inline", 1),
            ),
        ],
        pdf,
    )
        .into_response())
}

/// The date a document bears (`YYYY-MM-DD`).
fn document_date(case: &CaseFile, kind: &str) -> Option<String> {
    let date = match kind {
        "penalty_notice" | "notice_receipt" => case.notice.as_ref().map(|n| n.served_on),
        "decision_receipt" => case
            .served_on
            .or_else(|| case.decision.as_ref().map(|d| d.decided_on)),
        _ => case.decision.as_ref().map(|d| d.decided_on),
    };
    date.map(|d| d.to_string())
}

/// The whole case file (案卷) as a ZIP: a table of contents, the case's data, its events from
/// the record and every document, with a manifest of SHA-256 hashes
/// (`qingdan_export::case_file`). The manifest's own hash is recorded as a `case.file_exported`
/// event, so `qingdan case verify-file` can later show the file is the one the bureau issued.
#[utoipa::path(get, path = "/api/v1/cases/{id}/file", tag = "cases",
    params(("id" = i64, Path, description = "案件编号")),
    responses((status = 200, description = "案卷（ZIP：manifest.json、卷内目录.txt、case.json、events.json、documents/*.pdf）", content_type = "application/zip"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "案件数据与审计记录不符，不予导出", body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub(crate) async fn case_file(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    use qingdan_export::case_file::{CaseFileInput, CaseRef, DocumentFile, build_case_file};
    let (row, case) = qingdan_app::cases::visible(
        state.app(),
        &caller.0,
        id,
        &format!("GET /api/v1/cases/{id}/file"),
    )
    .await?;
    // A row edited behind the application's back would put a forged case into a file that
    // verifies: refuse while the row and its record disagree.
    if let Some(problem) = state
        .store()
        .row_problem("case", id)
        .await
        .map_err(store_error)?
    {
        tracing::error!(case = id, %problem, "case row disagrees with its record: case file refused");
        return Err(ApiError::refused(
            "record_mismatch",
            None,
            format!("{problem}。案卷不予导出，请审计管理员运行 qingdan audit verify 核查"),
        ));
    }
    let Some(renderer) = state.documents() else {
        return Err(ApiError::unavailable(
            "服务器未安装中文字体，无法生成案卷中的文书：请安装 fonts-noto-cjk 后重启",
        ));
    };
    let bureau = state
        .current()
        .map(|l| l.catalog.bureau.clone())
        .unwrap_or_default();
    let docs = documents(
        &case,
        &Sources {
            bureau: &bureau,
            number: &row.number,
            engine: state.engine(),
            calendar: state.calendar(),
        },
    );
    let dated: Vec<(Option<String>, Document)> = docs
        .into_iter()
        .map(|(kind, doc)| (document_date(&case, kind), doc))
        .collect();
    let rendered = tokio::task::spawn_blocking(move || {
        dated
            .into_iter()
            .map(|(date, doc)| {
                renderer.render(&doc).map(|pdf| DocumentFile {
                    title: doc.title().to_string(),
                    date,
                    pdf,
                })
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| ApiError::internal(&e))?
    .map_err(|e| ApiError::internal(&e))?;
    let store = state.store();
    let events = store
        .events_for("case", &id.to_string())
        .await
        .map_err(store_error)?;
    let (head_seq, head_hash) = store.audit_head().await.map_err(store_error)?;
    let now = stamp(state.clock().now());
    let actor = caller.0.actor_name();
    let built = build_case_file(CaseFileInput {
        bureau: &bureau,
        case: CaseRef {
            id,
            number: row.number.clone(),
            party: row.party_name.clone(),
            state: row.stage.clone(),
        },
        case_json: &row.data,
        documents: rendered,
        events: &events,
        chain_head: (head_seq, &head_hash),
        chain_hash: store.chain_hash(),
        generated_at: &now,
        generated_by: &actor,
    })
    .map_err(|e| ApiError::internal(&e))?;
    let summary = serde_json::json!({
        "manifest_sha256": built.manifest_sha256,
        "files": built.manifest.files.len(),
        "events": built.manifest.events.len(),
        "chain_head_seq": head_seq,
    });
    store
        .record(
            qingdan_core::audit::NewEvent::new(
                &now,
                &actor,
                "case.file_exported",
                "case",
                &id.to_string(),
                &format!(
                    "导出案卷：{} 个文件、{} 条记录，清单 SHA-256 {}",
                    built.manifest.files.len(),
                    built.manifest.events.len(),
                    built.manifest_sha256
                ),
            )
            .with_after(summary.to_string()),
        )
        .await
        .map_err(store_error)?;
    let name = format!("{}-案卷.zip", row.number);
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                qingdan_export::case_file::ZIP_CONTENT_TYPE.to_string(),
            ),
            (header::CONTENT_DISPOSITION, content_disposition(&name)),
        ],
        built.zip,
    )
        .into_response())
}
