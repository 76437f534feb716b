//! Inspection tasks over HTTP (§三(三)–(七)): opening a task on a registered target with two
//! officers (named, or drawn verifiably from the office's roster with declared conflicts and
//! lapsed certificates excluded), taking its declared steps (`qingdan_inspections::task::apply`
//! judges order, roles, two officers, certificates, approvals and records), filing attachments
//! (type checked by content, SHA-256 in the record), and publishing results when a task closes
//! (双随机一公开).

use crate::framework::access::Caller;
use crate::framework::error::store_error;
use crate::framework::error::{ApiError, ErrorBody};
use crate::framework::extract::ApiPath;
use crate::framework::extract::{ApiJson, IdempotentJson, created, stepped};
use crate::framework::history::{HistoryEntry, history};
use crate::framework::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use qingdan_inspections::systems::{SystemCode, TargetKind};
use qingdan_inspections::task::{Command, Task};
use qingdan_store::Idempotency;
use qingdan_store::TaskRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use qingdan_app::tasks::{MAX_ATTACHMENT_BYTES, office_of, sniff, state_code};

/// Adds the inspection tasks' API routes to `router`.
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(open_api, list_api))
        .routes(routes!(get_api))
        .routes(routes!(step_api))
        .routes(routes!(attachment_api))
        .routes(routes!(results_api))
        .routes(routes!(conflict_api))
}

/// The upload route: its own router, because its body limit is
/// [`MAX_ATTACHMENT_BYTES`] where every other route has the default.
pub fn upload_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload_api))
}

/// A task to open.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenTaskRequest {
    /// 监管制度：wall-cert、fund-refund、no-site-mixing、bulk-cement、power。
    pub system: String,
    /// 检查对象：企业的统一社会信用代码或建设项目编号（须已登记）；居民电力用户为户号。
    pub target: String,
    /// 居民电力用户的姓名（仅 power 制度检查居民用户时）。
    #[serde(default)]
    pub household_name: Option<String>,
    /// 执法人员（用户名，至少两名）；不填则从本股室执法人员中随机抽取两名。
    #[serde(default)]
    pub officers: Option<Vec<String>>,
    /// 计划检查日期（YYYY-MM-DD）。
    #[serde(default)]
    pub planned_on: Option<String>,
    /// 所答复的投诉查询码。
    #[serde(default)]
    pub complaint: Option<String>,
}

/// A step as the task page shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NextStepDto {
    /// 步骤代码（step 命令的 step）；decide、follow_up 为处理和跟踪。
    pub code: String,
    /// 名称。
    pub name: String,
    /// 办理人。
    pub actor: String,
    /// 是否须两名执法人员。
    pub two_officers: bool,
    /// 须具备的记录（代码, 名称）。
    pub records: Vec<(String, String)>,
    /// 依据。
    pub basis: String,
}

/// An attachment as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentDto {
    /// 编号。
    pub id: i64,
    /// 文件名。
    pub name: String,
    /// 类型。
    pub content_type: String,
    /// 大小（字节）。
    pub size: i64,
    /// SHA-256。
    pub sha256: String,
    /// 下载地址。
    pub url: String,
}

/// A task with what is next.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskDto {
    /// 编号。
    pub id: i64,
    /// 监管制度代码。
    pub system: String,
    /// 监管制度。
    pub system_title: String,
    /// 检查对象。
    pub target: String,
    /// 检查对象名称。
    pub target_name: String,
    /// 股室。
    pub office: String,
    /// 状态代码：open、follow_up、closed。
    pub state: String,
    /// 状态。
    pub state_label: String,
    /// 下一步可办理的步骤。
    pub next: Vec<NextStepDto>,
    /// 跟踪复查期限。
    pub follow_up_due: Option<String>,
    /// 执法人员随机抽取记录（JSON，可用于核验）。
    #[schema(value_type = Option<Object>)]
    pub officer_draw: Option<serde_json::Value>,
    /// 附件。
    pub attachments: Vec<AttachmentDto>,
    /// 记录（审计日志）。
    pub history: Vec<HistoryEntry>,
    /// 任务全文。
    #[schema(value_type = Object)]
    pub task: serde_json::Value,
}

fn decode(row: &TaskRow) -> Result<Task, ApiError> {
    Ok(qingdan_app::tasks::decode(row)?)
}

/// Opens a task for the caller (the API and the page share it): the request is parsed here,
/// `qingdan_app::tasks::open_task` judges and saves it.
pub async fn open_task(
    state: &AppState,
    caller: &Caller,
    r: OpenTaskRequest,
    key: Option<Idempotency<'_>>,
) -> Result<(TaskRow, bool), ApiError> {
    let system = SystemCode::parse(&r.system).ok_or_else(|| {
        ApiError::invalid(
            "invalid_input",
            "system",
            format!("监管制度“{}”不存在", r.system),
        )
    })?;
    let planned_on = match r
        .planned_on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => Some(s.parse::<jiff::civil::Date>().map_err(|_| {
            ApiError::invalid(
                "invalid_input",
                "planned_on",
                format!("计划日期“{s}”应为 YYYY-MM-DD"),
            )
        })?),
        None => None,
    };
    let open = qingdan_app::tasks::OpenTask {
        system,
        target: r.target,
        household_name: r.household_name,
        officers: r.officers,
        planned_on,
        complaint: r.complaint,
    };
    Ok(qingdan_app::tasks::open_task(state.app(), caller, open, key).await?)
}

/// Reads a task the caller may see, or refuses (403, recorded) / 404.
pub async fn visible_task(
    state: &AppState,
    caller: &Caller,
    id: i64,
    target: &str,
) -> Result<(TaskRow, Task), ApiError> {
    Ok(qingdan_app::tasks::visible(state.app(), caller, id, target).await?)
}

/// Takes a step for the caller (the API and the page share it): the body is parsed into the
/// engine's command here.
pub async fn take_task_step(
    state: &AppState,
    caller: &Caller,
    id: i64,
    body: serde_json::Value,
    key: Option<qingdan_store::Idempotency<'_>>,
) -> Result<(TaskRow, Task, bool), ApiError> {
    let command: Command = serde_json::from_value(body.clone()).map_err(|e| {
        ApiError::invalid(
            "invalid_step",
            "action",
            format!("无法识别的检查步骤或字段：{e}"),
        )
    })?;
    Ok(
        qingdan_app::tasks::take_step(state.app(), caller, id, command, body.to_string(), key)
            .await?,
    )
}

/// The full view of a task.
pub async fn task_view(state: &AppState, row: &TaskRow, task: &Task) -> Result<TaskDto, ApiError> {
    let store = state.store();
    let history = history(state, "inspection_task", &row.id.to_string()).await?;
    let attachments = store
        .attachments("inspection_task", &row.id.to_string())
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|a| AttachmentDto {
            url: format!("/api/v1/attachments/{}", a.id),
            id: a.id,
            name: a.name,
            content_type: a.content_type,
            size: a.size,
            sha256: a.sha256,
        })
        .collect();
    let next = qingdan_inspections::task::next(task)
        .into_iter()
        .map(|s| NextStepDto {
            code: s.code.to_string(),
            name: s.name.to_string(),
            actor: s.actor.label().to_string(),
            two_officers: s.two_officers,
            records: s
                .records
                .iter()
                .map(|k| {
                    let code = serde_json::to_value(k)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    (code, k.label().to_string())
                })
                .collect(),
            basis: s.basis.to_string(),
        })
        .collect();
    Ok(TaskDto {
        id: row.id,
        system: task.system.as_str().to_string(),
        system_title: task.def().title.to_string(),
        target: task.target.id.clone(),
        target_name: task.target.name.clone(),
        office: task.office.clone(),
        state: state_code(task.state).to_string(),
        state_label: task.state.label().to_string(),
        next,
        follow_up_due: task.follow_up_due().map(|d| d.to_string()),
        officer_draw: row
            .officer_draw
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok()),
        attachments,
        history,
        task: serde_json::to_value(task).map_err(|e| ApiError::internal(&e))?,
    })
}

/// Opens an inspection task on a registered target (officers and leaders of the system's
/// office); without `officers`, two are drawn verifiably with the year's seed. With an
/// `Idempotency-Key`, a retry of the same request answers the first task
/// (`Idempotent-Replayed: true`) and never opens a second.
#[utoipa::path(post, path = "/api/v1/tasks", tag = "inspections", request_body = OpenTaskRequest,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "重试时原样重发同一请求和同一键，只会开展一次检查（1 至 100 个可见 ASCII 字符）")),
    responses((status = 201, body = TaskDto), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn open_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    body: IdempotentJson<OpenTaskRequest>,
) -> Result<Response, ApiError> {
    let IdempotentJson { request, key } = body;
    let (row, replayed) = open_task(&state, &caller.0, request, key.get()).await?;
    let task = decode(&row)?;
    Ok(created(task_view(&state, &row, &task).await?, replayed))
}

/// A task in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskListItem {
    /// 编号。
    pub id: i64,
    /// 监管制度。
    pub system: String,
    /// 检查对象。
    pub target: String,
    /// 名称。
    pub target_name: String,
    /// 股室。
    pub office: String,
    /// 状态。
    pub state: String,
}

/// Tasks: an officer's office's, every office's for a leader.
pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<TaskListItem>, ApiError> {
    let rows = qingdan_app::tasks::list(state.app(), caller).await?;
    Ok(rows
        .into_iter()
        .map(|r| TaskListItem {
            id: r.id,
            system: r.system,
            target: r.target_id,
            target_name: r.target_name,
            office: r.office,
            state: r.state,
        })
        .collect())
}

/// Tasks of the caller's office (leaders: all).
#[utoipa::path(get, path = "/api/v1/tasks", tag = "inspections",
    responses((status = 200, body = [TaskListItem]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
) -> Result<Json<Vec<TaskListItem>>, ApiError> {
    Ok(Json(list(&state, &caller.0).await?))
}

/// One task with its next steps, officer draw, attachments and history.
#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "inspections",
    params(("id" = i64, Path, description = "任务编号")),
    responses((status = 200, body = TaskDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<TaskDto>, ApiError> {
    let (row, task) =
        visible_task(&state, &caller.0, id, &format!("GET /api/v1/tasks/{id}")).await?;
    Ok(Json(task_view(&state, &row, &task).await?))
}

/// A step: `{"action": "step", "step": CODE, "officers": [..], "records": [{"kind", "reference"}]}`,
/// `{"action": "decide", "outcomes": [{"kind": "order_correct", "measure", "deadline"}, ..]}`,
/// `{"action": "follow_up", "corrected": true, "officers": [..], "records": [..]}`.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/steps", tag = "inspections",
    params(("id" = i64, Path, description = "任务编号"),
        ("Idempotency-Key" = Option<String>, Header,
            description = "重试时原样重发同一请求并带同一键：步骤只办理一次，应答为记录的现状（带 Idempotent-Replayed: true）")),
    request_body(content = Object, description = "检查步骤"),
    responses((status = 200, body = TaskDto), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn step_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    ApiPath(id): ApiPath<i64>,
    body: IdempotentJson<serde_json::Value>,
) -> Result<Response, ApiError> {
    let IdempotentJson { request, key } = body;
    let (row, task, replayed) = take_task_step(&state, &caller.0, id, request, key.get()).await?;
    Ok(stepped(task_view(&state, &row, &task).await?, replayed))
}

/// The query of an upload.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct UploadQuery {
    /// 文件名（如“现场照片1.jpg”）。
    pub name: String,
}

/// Files an attachment to a task: the request body is the file (JPEG, PNG or PDF, by content;
/// at most 10 MB); its SHA-256 goes into the record.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/attachments", tag = "inspections",
    params(("id" = i64, Path, description = "任务编号"), UploadQuery),
    request_body(content = Vec<u8>, description = "文件内容", content_type = "application/octet-stream"),
    responses((status = 201, body = AttachmentDto), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub(crate) async fn upload_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    ApiPath(id): ApiPath<i64>,
    query: Result<Query<UploadQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Result<(StatusCode, Json<AttachmentDto>), ApiError> {
    let Query(q) = query.map_err(|_| {
        ApiError::invalid(
            "invalid_input",
            "name",
            "请在地址中给出文件名：?name=现场照片.jpg",
        )
    })?;
    let bytes = axum::body::to_bytes(request.into_body(), MAX_ATTACHMENT_BYTES)
        .await
        .map_err(|_| {
            ApiError::too_large(format!(
                "附件超过 {} MB 上限",
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            ))
        })?;
    let a = qingdan_app::tasks::add_attachment(state.app(), &caller.0, id, &q.name, &bytes).await?;
    Ok((
        StatusCode::CREATED,
        Json(AttachmentDto {
            url: format!("/api/v1/attachments/{}", a.id),
            id: a.id,
            name: a.name,
            content_type: a.content_type,
            size: a.size,
            sha256: a.sha256,
        }),
    ))
}

/// An attachment's bytes (to those who may see its task).
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "inspections",
    params(("id" = i64, Path, description = "附件编号")),
    responses((status = 200, description = "文件"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn attachment_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let (a, bytes) = qingdan_app::tasks::attachment(state.app(), &caller.0, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, a.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                crate::framework::download::content_disposition(&a.name),
            ),
        ],
        Body::from(bytes),
    )
        .into_response())
}

/// A published result (双随机一公开).
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultDto {
    /// 任务编号。
    pub id: i64,
    /// 监管制度。
    pub system_title: String,
    /// 检查对象（居民用户只显示姓氏）。
    pub target_name: String,
    /// 检查日期。
    pub inspected_on: Option<String>,
    /// 处理结果。
    pub outcomes: Vec<String>,
    /// 公开日期。
    pub published_on: String,
}

/// Published results.
pub async fn results(state: &AppState) -> Result<Vec<ResultDto>, ApiError> {
    let rows = qingdan_app::tasks::published(state.app()).await?;
    let mut out = Vec::new();
    for (r, task) in rows {
        let target_name = match task.target.kind {
            TargetKind::Household => format!(
                "{}某（居民用户）",
                task.target.name.chars().next().unwrap_or('某')
            ),
            _ => task.target.name.clone(),
        };
        out.push(ResultDto {
            id: r.id,
            system_title: task.def().title.to_string(),
            target_name,
            inspected_on: task.steps.iter().map(|s| s.on).max().map(|d| d.to_string()),
            outcomes: task.outcomes().map(outcome_label).collect(),
            published_on: r.published_on.clone().unwrap_or_default(),
        });
    }
    Ok(out)
}

/// An outcome in words.
pub fn outcome_label(o: &qingdan_inspections::task::Outcome) -> String {
    use qingdan_inspections::task::Outcome as O;
    match o {
        O::NoProblem {} => "未发现问题".into(),
        O::OrderCorrect { measure, deadline } => {
            format!("责令限期改正：{measure}（{deadline} 前）")
        }
        O::RevokeCertificate { conditions } => {
            format!("收回认定证书（第 {:?} 项情形）", conditions)
        }
        O::RefundEligible {} => "符合返退规定".into(),
        O::RefundDenied { conditions } => format!("不予返退（第 {:?} 项情形）", conditions),
        O::PenaltyCase { violation } => format!("立案查处（{violation}）"),
        O::ReferDepartment { department, .. } => format!("移送{department}"),
        O::ReferPolice { .. } => "移送公安机关".into(),
    }
}

/// Published inspection results (public).
#[utoipa::path(get, path = "/api/v1/results", tag = "inspections",
    responses((status = 200, body = [ResultDto])))]
pub(crate) async fn results_api(
    State(state): State<AppState>,
) -> Result<Json<Vec<ResultDto>>, ApiError> {
    Ok(Json(results(&state).await?))
}

/// A conflict of interest to declare (回避).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictRequest {
    /// 有利害关系的执法人员（用户名；不填为本人；为他人申报须为分管领导）。
    #[serde(default)]
    pub officer: Option<String>,
    /// 检查对象（统一社会信用代码或项目编号）。
    pub target: String,
    /// 利害关系（近亲属任职、曾任职、持股……）。
    pub reason: String,
}

/// Declares an officer's conflict of interest with a target: from then on the officer is
/// excluded from draws for it and may not be named to inspect it.
#[utoipa::path(post, path = "/api/v1/conflicts", tag = "inspections", request_body = ConflictRequest,
    responses((status = 201, description = "已申报"), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn conflict_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    body: ApiJson<ConflictRequest>,
) -> Result<StatusCode, ApiError> {
    let ApiJson(r) = body;
    qingdan_app::tasks::declare_conflict(
        state.app(),
        &caller.0,
        qingdan_app::tasks::DeclareConflict {
            officer: r.officer,
            target: r.target,
            reason: r.reason,
        },
    )
    .await?;
    Ok(StatusCode::CREATED)
}
