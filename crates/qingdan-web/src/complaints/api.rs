//! Complaints (投诉举报) over the API: the public submits (`POST /api/v1/complaints`, limited per
//! address) and follows the matter by its code (`GET /api/v1/complaints/track?code=`); the
//! office's officers and the leaders list, read and handle them. The complainant's name and
//! contact are shown only to the complaint's handlers (the policy's `ViewComplaintIdentity`);
//! every other view gets the masked form, and no event or log holds them.
//!
//! Where a complaint goes: the routing rules (§二) name the department; another department's
//! matter is referred on intake and the complainant told which and why; the bureau's own goes to
//! the office whose work it names (散装水泥 → 县散装水泥办公室 …), else to 法制安全股, which
//! takes complaints about enforcement (§三(一)三.(五)).

use crate::framework::access::Caller;
use crate::framework::error::{ApiError, ErrorBody};
use crate::framework::extract::ApiPath;
use crate::framework::extract::{IdempotentJson, created, stepped};
use crate::framework::history::{HistoryEntry, history};
use crate::framework::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use qingdan_app::complaints;
use qingdan_complaints::{Command, Complaint, Intake};
use qingdan_store::ComplaintRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Adds the complaints' API routes to `router`.
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(create, list_api))
        .routes(routes!(track_api))
        .routes(routes!(get_api))
        .routes(routes!(step_api))
}

/// What the submitter is told.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceivedDto {
    /// 查询码（凭此查询办理结果）。
    pub code: String,
    /// 状态代码。
    pub status: String,
    /// 状态。
    pub status_label: String,
    /// 承办股室（本局办理时）。
    pub office: Option<String>,
    /// 已转交的主管部门。
    pub referred_to: Option<String>,
    /// 去向的依据。
    pub basis: String,
    /// 已有的答复（转交时说明主管部门）。
    pub result: Option<String>,
}

/// What anyone with the code sees: no text, no identity.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackDto {
    /// 查询码。
    pub code: String,
    /// 状态代码。
    pub status: String,
    /// 状态。
    pub status_label: String,
    /// 登记日期。
    pub received_on: String,
    /// 承办股室。
    pub office: Option<String>,
    /// 转交的主管部门。
    pub referred_to: Option<String>,
    /// 办理结果。
    pub result: Option<String>,
    /// 答复日期。
    pub answered_on: Option<String>,
}

/// The complainant as the viewer may see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplainantDto {
    /// 姓名（非承办人见脱敏形式）。
    pub name: Option<String>,
    /// 联系方式（非承办人见脱敏形式）。
    pub contact: Option<String>,
    /// 是否已脱敏。
    pub masked: bool,
    /// 是否匿名。
    pub anonymous: bool,
}

/// A complaint as its office sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintDto {
    /// 编号。
    pub id: i64,
    /// 查询码。
    pub code: String,
    /// 状态代码。
    pub status: String,
    /// 状态。
    pub status_label: String,
    /// 登记日期。
    pub received_on: String,
    /// 反映事项。
    pub text: String,
    /// 地点。
    pub place: Option<String>,
    /// 涉及单位或项目。
    pub about: Option<String>,
    /// 承办股室。
    pub office: Option<String>,
    /// 去向依据。
    pub basis: String,
    /// 承办人。
    pub handler: Option<String>,
    /// 转交的主管部门。
    pub referred_to: Option<String>,
    /// 办理结果。
    pub result: Option<String>,
    /// 关联的监管对象。
    pub target: Option<String>,
    /// 投诉人。
    pub complainant: ComplainantDto,
    /// 可办理的步骤：accept、answer、refer。
    pub next: Vec<String>,
    /// 记录（审计日志）。
    pub history: Vec<HistoryEntry>,
}

fn track_dto(c: &Complaint) -> TrackDto {
    TrackDto {
        code: c.code.display(),
        status: c.status.as_str().into(),
        status_label: c.status.label().into(),
        received_on: c.received_on.to_string(),
        office: c.office.clone(),
        referred_to: c.referred_to.clone(),
        result: c.result.clone(),
        answered_on: c.answered_on.map(|d| d.to_string()),
    }
}

/// Registers a complaint (the API and the public page share it): what the submitter is told.
pub async fn submit(
    state: &AppState,
    intake: Intake,
    key: Option<qingdan_store::Idempotency<'_>>,
) -> Result<(ReceivedDto, bool), ApiError> {
    let (c, replayed) = complaints::submit(state, intake, key).await?;
    Ok((received(c), replayed))
}

fn received(c: Complaint) -> ReceivedDto {
    ReceivedDto {
        code: c.code.display(),
        status: c.status.as_str().into(),
        status_label: c.status.label().into(),
        office: c.office,
        referred_to: c.referred_to,
        basis: c.basis,
        result: c.result,
    }
}

/// Looks a complaint up by its code: what anyone holding the code may know.
pub async fn track(state: &AppState, code: &str) -> Result<TrackDto, ApiError> {
    Ok(track_dto(&complaints::track(state, code).await?))
}

/// Reads a complaint the caller may handle, or refuses (403, recorded) / 404.
pub(crate) async fn visible(
    state: &AppState,
    caller: &Caller,
    id: i64,
    target: &str,
) -> Result<(ComplaintRow, Complaint), ApiError> {
    Ok(complaints::visible(state, caller, id, target).await?)
}

/// The complaint as the caller may see it: the identity in full only for its handlers.
pub async fn complaint_view(
    state: &AppState,
    caller: &Caller,
    row: &ComplaintRow,
    c: &Complaint,
) -> Result<ComplaintDto, ApiError> {
    let (shown, full, identity) = complaints::identity_for(state, caller, row, c).await?;
    let history = history(state, "complaint", &row.id.to_string()).await?;
    let next = match c.status {
        qingdan_complaints::Status::Received => vec!["accept".into(), "refer".into()],
        qingdan_complaints::Status::Handling => {
            vec!["answer".into(), "link".into(), "refer".into()]
        }
        _ => Vec::new(),
    };
    Ok(ComplaintDto {
        id: row.id,
        code: c.code.display(),
        status: c.status.as_str().into(),
        status_label: c.status.label().into(),
        received_on: c.received_on.to_string(),
        text: c.text.clone(),
        place: c.place.clone(),
        about: c.about.clone(),
        office: c.office.clone(),
        basis: c.basis.clone(),
        handler: c.handler.clone(),
        referred_to: c.referred_to.clone(),
        result: c.result.clone(),
        target: c.target.clone(),
        complainant: ComplainantDto {
            name: shown.name,
            contact: shown.contact,
            masked: !full && !identity.is_anonymous(),
            anonymous: identity.is_anonymous(),
        },
        next,
        history,
    })
}

/// The complaints the caller handles: an officer's office's, or every office's for a leader.
pub async fn list(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<(ComplaintRow, Complaint)>, ApiError> {
    Ok(complaints::list(state, caller).await?)
}

/// Takes a step (the API and the page share it). Refusals are recorded.
pub async fn step(
    state: &AppState,
    caller: &Caller,
    id: i64,
    command: Command,
    key: Option<qingdan_store::Idempotency<'_>>,
) -> Result<(ComplaintRow, Complaint, bool), ApiError> {
    Ok(complaints::step(state, caller, id, command, key).await?)
}

/// Registers a complaint from the public (anonymous allowed). At most a few per address per
/// hour; the answer carries the tracking code.
#[utoipa::path(post, path = "/api/v1/complaints", tag = "complaints", request_body = IntakeDto,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "重试时原样重发同一请求并带同一键（至少 16 位随机值，如 UUID），只登记一件投诉，应答为第一次登记的结果（带 Idempotent-Replayed: true）")),
    responses((status = 201, body = ReceivedDto), (status = 400, body = ErrorBody),
        (status = 409, description = "该键已用于另一请求", body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    body: IdempotentJson<IntakeDto>,
) -> Result<Response, ApiError> {
    let IdempotentJson { request: d, key } = body;
    let intake = Intake {
        text: d.text,
        place: d.place,
        about: d.about,
        name: d.name,
        contact: d.contact,
    };
    let (dto, replayed) = submit(&state, intake, key.get()).await?;
    Ok(created(dto, replayed))
}

/// A complaint as the public submits it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakeDto {
    /// 反映事项（时间、地点、单位或项目、情况），10–2000 字。
    pub text: String,
    /// 地点。
    #[serde(default)]
    pub place: Option<String>,
    /// 涉及单位或项目。
    #[serde(default)]
    pub about: Option<String>,
    /// 姓名（可匿名）。仅承办人可见。
    #[serde(default)]
    pub name: Option<String>,
    /// 联系方式：手机、带区号的固定电话或电子邮箱。仅承办人可见。
    #[serde(default)]
    pub contact: Option<String>,
}

/// A handling step.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct StepDto {
    /// accept（受理）、answer（答复）、refer（转交）。
    pub action: String,
    /// accept：承办人用户名（分管领导指定时）。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    /// answer：办理结果。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// refer：主管部门。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// refer：理由。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// link：被投诉企业的统一社会信用代码或建设项目编号（须已登记）。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

impl StepDto {
    /// The engine's command, or a Chinese 400.
    pub fn command(&self) -> Result<Command, ApiError> {
        let v = serde_json::to_value(self).map_err(|e| ApiError::internal(&e))?;
        serde_json::from_value(v).map_err(|e| {
            ApiError::invalid(
                "invalid_step",
                "action",
                format!("无法识别的办理步骤或缺少字段：{e}"),
            )
        })
    }
}

/// The query of a lookup.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TrackQuery {
    /// 查询码，如 ABCD-EFGH-JK23。
    pub code: String,
}

/// Where a complaint is, by its tracking code (no identity, no text).
#[utoipa::path(get, path = "/api/v1/complaints/track", tag = "complaints", params(TrackQuery),
    responses((status = 200, body = TrackDto), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn track_api(
    State(state): State<AppState>,
    query: Result<Query<TrackQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<TrackDto>, ApiError> {
    let Query(q) =
        query.map_err(|e| ApiError::invalid("bad_code", "code", format!("缺少查询码：{e}")))?;
    Ok(Json(track(&state, &q.code).await?))
}

/// A complaint in a list (identity never shown here).
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintListItem {
    /// 编号。
    pub id: i64,
    /// 查询码。
    pub code: String,
    /// 状态。
    pub status: String,
    /// 状态名称。
    pub status_label: String,
    /// 登记日期。
    pub received_on: String,
    /// 承办股室。
    pub office: Option<String>,
    /// 承办人。
    pub handler: Option<String>,
    /// 反映事项（前 40 字）。
    pub summary: String,
}

/// Complaints for the caller: an officer's office's, every office's for a leader.
#[utoipa::path(get, path = "/api/v1/complaints", tag = "complaints",
    responses((status = 200, body = [ComplaintListItem]), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub(crate) async fn list_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
) -> Result<Json<Vec<ComplaintListItem>>, ApiError> {
    Ok(Json(
        list(&state, &caller.0)
            .await?
            .into_iter()
            .map(|(r, c)| list_item(&r, &c))
            .collect(),
    ))
}

/// A list row.
pub fn list_item(r: &ComplaintRow, c: &Complaint) -> ComplaintListItem {
    ComplaintListItem {
        id: r.id,
        code: c.code.display(),
        status: c.status.as_str().into(),
        status_label: c.status.label().into(),
        received_on: c.received_on.to_string(),
        office: c.office.clone(),
        handler: c.handler.clone(),
        summary: c.text.chars().take(40).collect(),
    }
}

/// One complaint with its history; the complainant in full only for its handlers.
#[utoipa::path(get, path = "/api/v1/complaints/{id}", tag = "complaints",
    params(("id" = i64, Path, description = "投诉编号")),
    responses((status = 200, body = ComplaintDto), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn get_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ComplaintDto>, ApiError> {
    let (row, c) = visible(
        &state,
        &caller.0,
        id,
        &format!("GET /api/v1/complaints/{id}"),
    )
    .await?;
    Ok(Json(complaint_view(&state, &caller.0, &row, &c).await?))
}

/// A handling step: `{"action": "accept"}` (or `{"action": "accept", "handler": NAME}` by a
/// leader), `{"action": "answer", "result": …}`, `{"action": "refer", "department", "reason"}`.
#[utoipa::path(post, path = "/api/v1/complaints/{id}/steps", tag = "complaints", request_body = StepDto,
    params(("id" = i64, Path, description = "投诉编号"),
        ("Idempotency-Key" = Option<String>, Header,
            description = "重试时原样重发同一请求并带同一键：步骤只办理一次，应答为记录的现状（带 Idempotent-Replayed: true）")),
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn step_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    ApiPath(id): ApiPath<i64>,
    body: IdempotentJson<StepDto>,
) -> Result<Response, ApiError> {
    let IdempotentJson { request: dto, key } = body;
    let command = dto.command()?;
    let (row, c, replayed) = step(&state, &caller.0, id, command, key.get()).await?;
    Ok(stepped(
        complaint_view(&state, &caller.0, &row, &c).await?,
        replayed,
    ))
}
