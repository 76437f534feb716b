//! Penalty cases over HTTP: `POST /api/v1/cases` opens one, `GET /api/v1/cases/{id}` shows it
//! with its next steps, deadlines and history, `POST /api/v1/cases/{id}/steps` moves it.
//!
//! The handlers only load, ask and save: who may act is `qingdan_identity::authorize` (per
//! step: an officer's act, a leader's approval, the legal section's review), what may happen
//! is `qingdan_cases::apply`. A refused step is answered with the engine's Chinese reason and
//! recorded in the audit log.

use crate::cases::documents::{DocumentDto, Sources, listing};
use crate::framework::access::Caller;
use crate::framework::error::{ApiError, ErrorBody};
use crate::framework::extract::ApiPath;
use crate::framework::extract::{IdempotentJson, created, stepped};
use crate::framework::history::{HistoryEntry, history};
use crate::framework::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use qingdan_app::cases::public_name;
use qingdan_app::rules::{AssessRequest, FactsDto, assess_input};
use qingdan_cases::{By, CaseFile, Charge, Command, NewCase, Party, Stage};
use qingdan_rules::{PartyKind, Procedure};
use qingdan_store::CaseRow;
use qingdan_store::Idempotency;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Adds the cases' API routes to `router` (with the documents and the case file).
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(create_case, list_cases))
        .routes(routes!(get_case))
        .routes(routes!(case_step))
        .routes(routes!(list_published))
        .routes(routes!(crate::cases::documents::case_document))
        .routes(routes!(crate::cases::documents::case_file))
}

/// The party of a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyDto {
    /// 当事人名称或姓名。
    pub name: String,
    /// 统一社会信用代码（单位必填，按 GB 32100 校验）。
    pub uscc: Option<String>,
    /// citizen 或 organization；省略时有信用代码即为单位。
    pub kind: Option<String>,
}

/// A request to open a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCaseRequest {
    /// 违法行为代码（同 /api/v1/rules/assess）。
    pub violation: String,
    /// 当事人。
    pub party: PartyDto,
    /// 数量（十进制字符串）。
    #[schema(value_type = Option<String>, example = "12.5")]
    pub quantity: Option<Value>,
    /// 违法行为发生日期 YYYY-MM-DD，默认今天。
    pub on: Option<String>,
    /// 情节与事实（同 /api/v1/rules/assess）。
    pub facts: Option<FactsDto>,
    /// general（普通程序，默认）或 simple（简易程序，当场处罚）。
    pub procedure: Option<String>,
    /// 简易程序：在场的两名执法人员的用户名。
    pub officers: Option<Vec<String>>,
}

/// The answer to opening a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedCase {
    /// 案件编号（内部）。
    pub id: i64,
    /// 案号，如 安工信罚〔2026〕3号。
    pub number: String,
    /// 所处环节（filing、on_the_spot ...）。
    pub state: String,
}

/// A step that may come next.
#[derive(Debug, Serialize, ToSchema)]
pub struct NextStep {
    /// 步骤代码（POST …/steps 的 action）。
    pub action: String,
    /// 步骤名称。
    pub label: String,
    /// 由谁办理：officer、leader、legal。
    pub by: String,
    /// 是否须两名执法人员。
    pub two_officers: bool,
    /// 依据。
    pub basis: String,
}

/// A statutory deadline.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineDto {
    /// 代码。
    pub key: String,
    /// 事项。
    pub what: String,
    /// 最后期限 YYYY-MM-DD；节假日数据未覆盖时为 null（见 error）。
    pub due: Option<String>,
    /// 已于何日完成。
    pub met_on: Option<String>,
    /// 依据。
    pub basis: String,
    /// 计算过程。
    pub computation: String,
    /// 无法计算的原因。
    pub error: Option<String>,
}

/// A case as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// 编号。
    pub id: i64,
    /// 案号。
    pub number: String,
    /// 所处环节代码。
    pub state: String,
    /// 所处环节名称。
    pub state_label: String,
    /// 电力案件按 §三(七) 六步骤的名称。
    pub power_step: Option<String>,
    /// 程序：general、simple。
    pub procedure: String,
    /// 承办股室。
    pub office: String,
    /// 当事人。
    pub party: String,
    /// 违法行为代码。
    pub violation: String,
    /// 版本（每办理一步加一）。
    pub version: i64,
    /// 可办理的下一步。
    pub next: Vec<NextStep>,
    /// 法定期限。
    pub deadlines: Vec<DeadlineDto>,
    /// 文书。
    pub documents: Vec<DocumentDto>,
    /// 办理记录（来自审计日志）。
    pub history: Vec<HistoryEntry>,
    /// 案件全部数据。
    #[schema(value_type = Object)]
    pub case: Value,
}

/// A row of the case list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseListItem {
    /// 编号。
    pub id: i64,
    /// 案号。
    pub number: String,
    /// 所处环节代码。
    pub state: String,
    /// 所处环节名称。
    pub state_label: String,
    /// 当事人。
    pub party: String,
    /// 违法行为代码。
    pub violation: String,
    /// 承办股室。
    pub office: String,
    /// 最近办理时间（UTC）。
    pub updated_at: String,
}

/// Builds the full view of a case.
pub async fn view(state: &AppState, row: &CaseRow, case: &CaseFile) -> Result<CaseView, ApiError> {
    let today = state.clock().today();
    let history = history(state, "case", &row.id.to_string()).await?;
    let deadlines = qingdan_cases::deadlines(case, state.calendar(), today)
        .into_iter()
        .map(|d| DeadlineDto {
            key: d.key.to_string(),
            what: d.what.to_string(),
            due: d.due.map(|x| x.to_string()),
            met_on: d.met_on.map(|x| x.to_string()),
            basis: d.basis.to_string(),
            computation: d.computation,
            error: d.error,
        })
        .collect();
    let next = qingdan_cases::next(case)
        .into_iter()
        .map(|s| NextStep {
            action: serde_json::to_value(s.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            label: s.label.to_string(),
            by: match s.by {
                By::Officer => "officer",
                By::Leader => "leader",
                By::Legal => "legal",
            }
            .to_string(),
            two_officers: s.two_officers,
            basis: s.basis.to_string(),
        })
        .collect();
    Ok(CaseView {
        id: row.id,
        number: row.number.clone(),
        state: case.stage.as_str().to_string(),
        state_label: case.stage.label().to_string(),
        power_step: case
            .charge
            .violation
            .is_power_case()
            .then(|| case.stage.power_label().to_string()),
        procedure: row.procedure.clone(),
        office: row.office.clone(),
        party: case.party.name.clone(),
        violation: row.violation.clone(),
        version: row.version,
        next,
        deadlines,
        documents: {
            let bureau = state
                .current()
                .map(|l| l.catalog.bureau.clone())
                .unwrap_or_default();
            listing(
                row.id,
                case,
                &Sources {
                    bureau: &bureau,
                    number: &row.number,
                    engine: state.engine(),
                    calendar: state.calendar(),
                },
            )
        },
        history,
        case: serde_json::to_value(case).unwrap_or(Value::Null),
    })
}

/// Turns the request into the engine's new case (field errors in Chinese).
fn new_case(r: CreateCaseRequest, today: jiff::civil::Date) -> Result<NewCase, ApiError> {
    let kind = match r.party.kind.as_deref().map(str::trim) {
        Some("citizen") => PartyKind::Citizen,
        Some("organization") => PartyKind::Organization,
        Some(other) => {
            return Err(ApiError::invalid(
                "invalid_input",
                "party.kind",
                format!("当事人类型应为 citizen 或 organization，实为“{other}”"),
            ));
        }
        None if r
            .party
            .uscc
            .as_deref()
            .is_some_and(|u| !u.trim().is_empty()) =>
        {
            PartyKind::Organization
        }
        None => PartyKind::Citizen,
    };
    let uscc = match r.party.uscc.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(u) => Some(
            qingdan_registry::Uscc::parse(u)
                .map_err(|e| ApiError::invalid("invalid_input", "party.uscc", e.to_string()))?
                .to_string(),
        ),
    };
    let procedure = match r.procedure.as_deref().map(str::trim) {
        None | Some("general") => Procedure::General,
        Some("simple") => Procedure::Simple,
        Some(other) => {
            return Err(ApiError::invalid(
                "invalid_input",
                "procedure",
                format!("程序应为 general（普通程序）或 simple（简易程序），实为“{other}”"),
            ));
        }
    };
    let input = assess_input(
        AssessRequest {
            violation: r.violation,
            quantity: r.quantity,
            party: match kind {
                PartyKind::Citizen => "citizen".into(),
                PartyKind::Organization => "organization".into(),
            },
            on: r.on.unwrap_or_else(|| today.to_string()),
            decided_on: None,
            facts: r.facts,
        },
        today,
    )?;
    Ok(NewCase {
        party: Party {
            name: r.party.name,
            uscc,
            kind,
        },
        charge: Charge::from_input(&input),
        procedure,
        officers: r.officers.unwrap_or_default(),
    })
}

/// Opens a case (立案申请; 简易程序 for an on-the-spot decision). Officers only, with a
/// certificate valid today; the case belongs to the officer's office.
///
/// With an `Idempotency-Key` header, sending the same request again (a retry after a timeout)
/// answers the case the first one opened, with `Idempotent-Replayed: true`, and never opens a
/// second; the same key with a different request is 409.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = CreateCaseRequest,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "重试时原样重发同一请求和同一键，只会立案一次（1 至 100 个可见 ASCII 字符）")),
    responses((status = 201, body = CreatedCase), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn create_case(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    body: IdempotentJson<CreateCaseRequest>,
) -> Result<Response, ApiError> {
    let IdempotentJson { request, key } = body;
    let (row, replayed) = open_case(&state, &caller.0, request, key.get()).await?;
    let answer = CreatedCase {
        id: row.id,
        number: row.number,
        state: row.stage,
    };
    Ok(created(answer, replayed))
}

/// Opens a case for the caller (the API and the page share it): the request is turned into the
/// engine's new case here, the use case is `qingdan_app::cases::open_case`.
pub async fn open_case(
    state: &AppState,
    caller: &Caller,
    request: CreateCaseRequest,
    key: Option<Idempotency<'_>>,
) -> Result<(CaseRow, bool), ApiError> {
    let new = new_case(request, state.clock().today())?;
    Ok(qingdan_app::cases::open_case(state.app(), caller, new, key).await?)
}

/// The cases the caller may see, newest first: an officer's own office's; everyone's for
/// leaders, the legal section and administrators.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases",
    responses((status = 200, body = Vec<CaseListItem>), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_cases(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
) -> Result<Json<Vec<CaseListItem>>, ApiError> {
    let rows = qingdan_app::cases::list(state.app(), &caller.0).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| CaseListItem {
                state_label: Stage::parse(&r.stage)
                    .map(|s| s.label().to_string())
                    .unwrap_or_default(),
                id: r.id,
                number: r.number,
                state: r.stage,
                party: r.party_name,
                violation: r.violation,
                office: r.office,
                updated_at: r.updated_at,
            })
            .collect(),
    ))
}

/// One case: state, next steps, statutory deadlines, documents and history.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    params(("id" = i64, Path, description = "案件编号")),
    responses((status = 200, body = CaseView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn get_case(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CaseView>, ApiError> {
    let (row, case) =
        visible_case(&state, &caller.0, id, &format!("GET /api/v1/cases/{id}")).await?;
    Ok(Json(view(&state, &row, &case).await?))
}

/// Takes the case's next step: `{"action": "approve_filing"}`, `{"action": "record_evidence",
/// "officers": [..], "kind", "description"}`, `{"action": "notify", "officers": [..]}`,
/// `{"action": "decide"}` … (the list is in `next` of the case). A step outside the procedure
/// is refused with 409 and the reason, and recorded.
#[utoipa::path(post, path = "/api/v1/cases/{id}/steps", tag = "cases",
    params(("id" = i64, Path, description = "案件编号"),
        ("Idempotency-Key" = Option<String>, Header,
            description = "重试时原样重发同一请求并带同一键：步骤只办理一次，应答为记录的现状（带 Idempotent-Replayed: true）")),
    request_body(content = Object, description = "步骤：{\"action\": …} 及其字段"),
    responses((status = 200, body = CaseView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub(crate) async fn case_step(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    ApiPath(id): ApiPath<i64>,
    body: IdempotentJson<Value>,
) -> Result<Response, ApiError> {
    let IdempotentJson { request, key } = body;
    let (row, case, replayed) = take_step(&state, &caller.0, id, request, key.get()).await?;
    Ok(stepped(view(&state, &row, &case).await?, replayed))
}

/// Reads a case the caller may see, or refuses (403, recorded) / 404.
pub async fn visible_case(
    state: &AppState,
    caller: &Caller,
    id: i64,
    target: &str,
) -> Result<(CaseRow, CaseFile), ApiError> {
    Ok(qingdan_app::cases::visible(state.app(), caller, id, target).await?)
}

/// Takes one step for the caller (the API and the page share it): the body is parsed into the
/// engine's command here; `qingdan_app::cases::take_step` judges and saves it.
pub async fn take_step(
    state: &AppState,
    caller: &Caller,
    id: i64,
    body: Value,
    key: Option<qingdan_store::Idempotency<'_>>,
) -> Result<(CaseRow, CaseFile, bool), ApiError> {
    let command: Command = serde_json::from_value(body.clone()).map_err(|e| {
        ApiError::invalid(
            "invalid_step",
            "action",
            format!("无法识别的办案步骤或字段：{e}"),
        )
    })?;
    Ok(
        qingdan_app::cases::take_step(state.app(), caller, id, command, body.to_string(), key)
            .await?,
    )
}

/// A published penalty decision (行政处罚法 art. 48).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedDecision {
    /// 案号。
    pub number: String,
    /// 当事人（公民只显示姓氏，如“张某”）。
    pub party: String,
    /// 统一社会信用代码（单位）。
    pub uscc: Option<String>,
    /// 违法行为代码。
    pub violation: String,
    /// 处罚内容。
    pub penalty: String,
    /// 依据。
    pub basis: Vec<String>,
    /// 决定日期。
    pub decided_on: String,
    /// 公开日期。
    pub published_on: String,
    /// 作出决定的机关及承办股室。
    pub office: String,
}

/// The published decisions, newest first.
pub async fn published(state: &AppState) -> Result<Vec<PublishedDecision>, ApiError> {
    let rows = qingdan_app::cases::published(state.app()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (row, case) in rows {
        let (Some(d), Some(p)) = (case.decision.as_ref(), case.published_on) else {
            continue;
        };
        out.push(PublishedDecision {
            number: row.number.clone(),
            party: public_name(&case),
            uscc: match case.party.kind {
                PartyKind::Organization => case.party.uscc.clone(),
                PartyKind::Citizen => None,
            },
            violation: row.violation.clone(),
            penalty: d
                .fine
                .map(|f| format!("罚款人民币 {f} 元"))
                .unwrap_or_default(),
            basis: d.basis.clone(),
            decided_on: d.decided_on.to_string(),
            published_on: p.to_string(),
            office: row.office.clone(),
        });
    }
    Ok(out)
}

/// Published penalty decisions (行政处罚法 art. 48): open to everyone; a citizen's name is
/// shown as surname and 某.
#[utoipa::path(get, path = "/api/v1/decisions", tag = "cases",
    responses((status = 200, body = Vec<PublishedDecision>)))]
pub(crate) async fn list_published(
    State(state): State<AppState>,
) -> Result<Json<Vec<PublishedDecision>>, ApiError> {
    Ok(Json(published(&state).await?))
}
