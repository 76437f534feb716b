//! Inspection tasks over HTTP (§三(三)–(七)): opening a task on a registered target with two
//! officers (named, or drawn verifiably from the office's roster with declared conflicts and
//! lapsed certificates excluded), taking its declared steps (`qingdan_inspections::task::apply`
//! judges order, roles, two officers, certificates, approvals and records), filing attachments
//! (type checked by content, SHA-256 in the record), and publishing results when a task closes
//! (双随机一公开).

use crate::auth::{Caller, stamp};
use crate::cases_api::{HistoryEntry, caller_user, deny, history, people, person, store_error};
use crate::error::{ApiError, ErrorBody};
use crate::rules_api::json_rejection;
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use qingdan_cases::Person;
use qingdan_identity::{Action, Record, authorize};
use qingdan_inspections::officers::{DrawTask, Relation, draw_officers};
use qingdan_inspections::systems::{SystemCode, TargetKind};
use qingdan_inspections::task::{Command, Context, NewTask, Target, Task, TaskState};
use qingdan_registry::PartyKind;
use qingdan_store::{NewAttachment, NewTaskRow, StoreError, TaskRow, TaskStep};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The largest attachment accepted (a scanned form or a phone photo).
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

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
    #[schema(value_type = Object)]
    pub officer_draw: Option<serde_json::Value>,
    /// 附件。
    pub attachments: Vec<AttachmentDto>,
    /// 记录（审计日志）。
    pub history: Vec<HistoryEntry>,
    /// 任务全文。
    #[schema(value_type = Object)]
    pub task: serde_json::Value,
}

/// The office that runs a system.
pub fn office_of(system: SystemCode) -> &'static str {
    qingdan_inspections::systems::responsible_office(system)
}

fn decode(row: &TaskRow) -> Result<Task, ApiError> {
    serde_json::from_str(&row.data).map_err(|e| {
        ApiError::internal(&StoreError::Corrupt(format!(
            "检查任务 {} 无法读取：{e}",
            row.id
        )))
    })
}

fn gate(state: &AppState, caller: &Caller, office: &str) -> Result<(), qingdan_identity::Denied> {
    authorize(
        &caller.subject,
        Action::ConductInspection,
        Some(&Record::in_office(office)),
        state.clock().today(),
    )
}

/// The target as registered.
async fn target(
    state: &AppState,
    system: SystemCode,
    r: &OpenTaskRequest,
) -> Result<Target, ApiError> {
    let id = r.target.trim();
    let def = system.def();
    let wants_project = def.targets.contains(&TargetKind::Project);
    if wants_project {
        let project = state.store().project(id).await.map_err(store_error)?;
        if let Some(p) = project {
            return Ok(Target {
                id: p.code,
                name: p.name,
                kind: TargetKind::Project,
            });
        }
    }
    if let Some(e) = state
        .store()
        .enterprises(id, 2)
        .await
        .map_err(store_error)?
        .into_iter()
        .find(|e| e.uscc == id)
    {
        let kind = PartyKind::parse(&e.kind)
            .map_err(|err| ApiError::internal(&StoreError::Corrupt(err.to_string())))?;
        return Ok(Target {
            id: e.uscc,
            name: e.name,
            kind: TargetKind::Enterprise(kind),
        });
    }
    if def.targets.contains(&TargetKind::Household)
        && let Some(name) = r
            .household_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
    {
        return Ok(Target {
            id: id.to_string(),
            name: name.to_string(),
            kind: TargetKind::Household,
        });
    }
    Err(ApiError::invalid(
        "unknown_target",
        "target",
        format!("“{id}”不是已登记的企业统一社会信用代码或建设项目编号：请先在监管对象中登记"),
    ))
}

/// Opens a task for the caller (the API and the page share it).
pub async fn open_task(
    state: &AppState,
    caller: &Caller,
    r: OpenTaskRequest,
) -> Result<TaskRow, ApiError> {
    let system = SystemCode::parse(&r.system).ok_or_else(|| {
        ApiError::invalid(
            "invalid_input",
            "system",
            format!("监管制度“{}”不存在", r.system),
        )
    })?;
    let office = office_of(system);
    if let Err(d) = gate(state, caller, office) {
        return Err(deny(
            state,
            caller,
            Action::ConductInspection,
            "POST /api/v1/tasks",
            d,
        )
        .await);
    }
    let user = caller_user(caller)?;
    let actor = person(user);
    let today = state.clock().today();
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
    let target = target(state, system, &r).await?;
    let store = state.store();
    let (officers, draw_record) = match r.officers.clone().filter(|o| !o.is_empty()) {
        Some(list) => (list, None),
        None => {
            let date = planned_on.unwrap_or(today);
            let seed = store
                .seed(i64::from(date.year()))
                .await
                .map_err(store_error)?
                .ok_or_else(|| {
                    ApiError::refused(
                        "no_seed",
                        Some("officers"),
                        format!("{} 年度的随机种子尚未公布，无法随机抽取执法人员：请分管领导先公布种子，或指定两名执法人员", date.year()),
                    )
                })?;
            let roster: Vec<Person> = store
                .users()
                .await
                .map_err(store_error)?
                .iter()
                .filter(|u| !u.disabled && u.office.as_deref() == Some(office))
                .map(person)
                .collect();
            let relations: Vec<Relation> = store
                .conflicts()
                .await
                .map_err(store_error)?
                .into_iter()
                .map(|c| Relation {
                    officer: c.officer,
                    target: c.target,
                    nature: c.reason,
                })
                .collect();
            let task_key = format!("{}:{}:{date}", system.as_str(), target.id);
            let record = draw_officers(
                &DrawTask {
                    task: task_key,
                    target: target.id.clone(),
                    office: office.to_string(),
                    date,
                },
                &roster,
                &relations,
                &seed.seed,
            )
            .map_err(|e| ApiError::refused("officer_draw", Some("officers"), e.to_string()))?;
            let json = serde_json::to_string(&record).map_err(|e| ApiError::internal(&e))?;
            (record.selected.clone(), Some(json))
        }
    };
    let named = people(state, &officers).await?;
    let ctx = Context {
        today,
        actor: &actor,
        people: &named,
    };
    // 回避: a named officer with a declared relation to the target may not inspect it.
    let conflicts = store.conflicts().await.map_err(store_error)?;
    if let Some(c) = conflicts
        .iter()
        .find(|c| c.target == target.id && officers.iter().any(|o| o.trim() == c.officer))
    {
        let message = format!(
            "{} 与检查对象 {} 有利害关系（{}），应当回避，请另行指定或随机抽取执法人员",
            c.officer, target.name, c.reason
        );
        record_refusal(
            state,
            &user.username,
            "new",
            "conflict_of_interest",
            &message,
        )
        .await;
        return Err(ApiError::refused(
            "conflict_of_interest",
            Some("officers"),
            message,
        ));
    }
    let new = NewTask {
        system,
        target,
        officers,
        planned_on,
        complaint: r.complaint.clone(),
        office: Some(office.to_string()),
    };
    let task = match qingdan_inspections::task::open(new, &ctx) {
        Ok(t) => t,
        Err(e) => {
            record_refusal(state, &user.username, "new", e.code, &e.message).await;
            return Err(ApiError::refused(e.code, e.field, e.message));
        }
    };
    let data = serde_json::to_string(&task).map_err(|e| ApiError::internal(&e))?;
    let summary = format!(
        "开展{}：{}（{}），执法人员 {}{}",
        task.def().title,
        task.target.name,
        task.target.id,
        task.officers.join("、"),
        if draw_record.is_some() {
            "（随机抽取）"
        } else {
            ""
        }
    );
    store
        .create_task(NewTaskRow {
            system: system.as_str(),
            target_id: &task.target.id,
            target_name: &task.target.name,
            office: &task.office,
            state: state_code(task.state),
            data: &data,
            officer_draw: draw_record.as_deref(),
            actor: &user.username,
            at: &stamp(state.clock().now()),
            summary: &summary,
        })
        .await
        .map_err(store_error)
}

async fn record_refusal(state: &AppState, actor: &str, id: &str, code: &str, message: &str) {
    let event = qingdan_core::audit::NewEvent::new(
        &stamp(state.clock().now()),
        actor,
        "task.refused",
        "inspection_task",
        id,
        &format!("{code}：{message}"),
    );
    if let Err(e) = state.store().record(event).await {
        tracing::error!(error = %e, "could not record a refused task step");
    }
}

/// `open`, `follow_up`, `closed`.
pub fn state_code(s: TaskState) -> &'static str {
    match s {
        TaskState::Open => "open",
        TaskState::FollowUp => "follow_up",
        TaskState::Closed => "closed",
    }
}

/// Reads a task the caller may see, or refuses (403, recorded) / 404.
pub async fn visible_task(
    state: &AppState,
    caller: &Caller,
    id: i64,
    target: &str,
) -> Result<(TaskRow, Task), ApiError> {
    let row = state
        .store()
        .task(id)
        .await
        .map_err(store_error)?
        .ok_or_else(|| ApiError::not_found(format!("检查任务 {id} 不存在")))?;
    if let Err(d) = gate(state, caller, &row.office) {
        return Err(deny(state, caller, Action::ConductInspection, target, d).await);
    }
    let task = decode(&row)?;
    Ok((row, task))
}

/// Takes a step for the caller (the API and the page share it).
pub async fn take_task_step(
    state: &AppState,
    caller: &Caller,
    id: i64,
    body: serde_json::Value,
) -> Result<(TaskRow, Task), ApiError> {
    let command: Command = serde_json::from_value(body.clone()).map_err(|e| {
        ApiError::invalid(
            "invalid_step",
            "action",
            format!("无法识别的检查步骤或字段：{e}"),
        )
    })?;
    let (row, task) =
        visible_task(state, caller, id, &format!("POST /api/v1/tasks/{id}/steps")).await?;
    let user = caller_user(caller)?;
    let actor = person(user);
    let names: Vec<String> = match &command {
        Command::Step { officers, .. } | Command::FollowUp { officers, .. } => officers.clone(),
        Command::Decide { .. } => Vec::new(),
    };
    let named = people(state, &names).await?;
    let ctx = Context {
        today: state.clock().today(),
        actor: &actor,
        people: &named,
    };
    let next = match qingdan_inspections::task::apply(&task, &command, &ctx) {
        Ok(t) => t,
        Err(e) => {
            record_refusal(state, &user.username, &id.to_string(), e.code, &e.message).await;
            return Err(ApiError::refused(e.code, e.field, e.message));
        }
    };
    let (step, summary) = match &command {
        Command::Step { step, .. } => (
            "step",
            task.def()
                .step(step)
                .map(|s| s.name.to_string())
                .unwrap_or_else(|| step.clone()),
        ),
        Command::Decide { outcomes, .. } => (
            "decide",
            format!("作出检查处理：{} 项处理结果", outcomes.len()),
        ),
        Command::FollowUp { corrected, .. } => (
            "follow_up",
            if *corrected {
                "跟踪复查：已按期改正".to_string()
            } else {
                "跟踪复查：逾期未改正".to_string()
            },
        ),
    };
    let data = serde_json::to_string(&next).map_err(|e| ApiError::internal(&e))?;
    let today = state.clock().today().to_string();
    let publish =
        (next.state == TaskState::Closed && row.published_on.is_none()).then_some(today.as_str());
    let row = state
        .store()
        .save_task_step(
            id,
            TaskStep {
                step,
                state: state_code(next.state),
                data: &data,
                expected_version: row.version,
                published_on: publish,
                actor: &user.username,
                at: &stamp(state.clock().now()),
                summary: &summary,
                detail: &body.to_string(),
            },
        )
        .await
        .map_err(store_error)?;
    Ok((row, next))
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
/// office); without `officers`, two are drawn verifiably with the year's seed.
#[utoipa::path(post, path = "/api/v1/tasks", tag = "inspections", request_body = OpenTaskRequest,
    responses((status = 201, body = TaskDto), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn open_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    body: Result<Json<OpenTaskRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<TaskDto>), ApiError> {
    let Json(r) = body.map_err(json_rejection)?;
    let row = open_task(&state, &caller.0, r).await?;
    let task = decode(&row)?;
    Ok((
        StatusCode::CREATED,
        Json(task_view(&state, &row, &task).await?),
    ))
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
    let me = caller_user(caller)?;
    let office = (me.role == "officer").then(|| me.office.clone().unwrap_or_default());
    let rows = state
        .store()
        .tasks(office.as_deref(), 500)
        .await
        .map_err(store_error)?;
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
    Path(id): Path<i64>,
) -> Result<Json<TaskDto>, ApiError> {
    let (row, task) =
        visible_task(&state, &caller.0, id, &format!("GET /api/v1/tasks/{id}")).await?;
    Ok(Json(task_view(&state, &row, &task).await?))
}

/// A step: `{"action": "step", "step": CODE, "officers": [..], "records": [{"kind", "reference"}]}`,
/// `{"action": "decide", "outcomes": [{"kind": "order_correct", "measure", "deadline"}, ..]}`,
/// `{"action": "follow_up", "corrected": true, "officers": [..], "records": [..]}`.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/steps", tag = "inspections",
    params(("id" = i64, Path, description = "任务编号")),
    request_body(content = Object, description = "检查步骤"),
    responses((status = 200, body = TaskDto), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn step_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    Path(id): Path<i64>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<TaskDto>, ApiError> {
    let Json(body) = body.map_err(json_rejection)?;
    let (row, task) = take_task_step(&state, &caller.0, id, body).await?;
    Ok(Json(task_view(&state, &row, &task).await?))
}

/// The type of an attachment, by its first bytes (never by its name).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
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
    Path(id): Path<i64>,
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
    let (row, _) = visible_task(
        &state,
        &caller.0,
        id,
        &format!("POST /api/v1/tasks/{id}/attachments"),
    )
    .await?;
    let bytes = axum::body::to_bytes(request.into_body(), MAX_ATTACHMENT_BYTES)
        .await
        .map_err(|_| {
            ApiError::too_large(format!(
                "附件超过 {} MB 上限",
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            ))
        })?;
    let name = q.name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.contains(['/', '\\']) {
        return Err(ApiError::invalid(
            "invalid_input",
            "name",
            "文件名不能为空、不超过 200 字、不含斜杠",
        ));
    }
    if bytes.is_empty() {
        return Err(ApiError::invalid("empty_file", "file", "文件是空的"));
    }
    let Some(kind) = sniff(&bytes) else {
        return Err(ApiError::invalid(
            "unsupported_type",
            "file",
            "只接受 JPEG、PNG 照片和 PDF 文件（按文件内容判断，不看扩展名）",
        ));
    };
    let user = caller_user(&caller.0)?;
    let sha = qingdan_store::sha256_hex(&bytes);
    let a = state
        .store()
        .add_attachment(NewAttachment {
            entity: "inspection_task",
            entity_id: &row.id.to_string(),
            name,
            content_type: kind,
            sha256: &sha,
            content: &bytes,
            actor: &user.username,
            at: &stamp(state.clock().now()),
        })
        .await
        .map_err(store_error)?;
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
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (a, bytes) = state
        .store()
        .attachment(id)
        .await
        .map_err(store_error)?
        .ok_or_else(|| ApiError::not_found(format!("附件 {id} 不存在")))?;
    let task_id: i64 = a.entity_id.parse().unwrap_or_default();
    visible_task(
        &state,
        &caller.0,
        task_id,
        &format!("GET /api/v1/attachments/{id}"),
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, a.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                crate::api::content_disposition(&a.name),
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
    let rows = state
        .store()
        .published_tasks(200)
        .await
        .map_err(store_error)?;
    let mut out = Vec::new();
    for r in rows {
        let task = decode(&r)?;
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
    body: Result<Json<ConflictRequest>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(r) = body.map_err(json_rejection)?;
    let user = caller_user(&caller.0)?;
    let officer = r
        .officer
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .unwrap_or(&user.username)
        .to_string();
    if officer != user.username && user.role != "leader" {
        return Err(ApiError::forbidden(
            "forbidden",
            "只能申报本人的利害关系；为他人申报须由分管领导办理",
        ));
    }
    let target = r.target.trim();
    let reason = r.reason.trim();
    if target.is_empty() || target.chars().count() > 64 {
        return Err(ApiError::invalid(
            "invalid_input",
            "target",
            "请填写检查对象的统一社会信用代码或项目编号",
        ));
    }
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(ApiError::invalid(
            "invalid_input",
            "reason",
            "请写明利害关系（200 字以内）",
        ));
    }
    if state
        .store()
        .user_by_name(&officer)
        .await
        .map_err(store_error)?
        .is_none()
    {
        return Err(ApiError::invalid(
            "invalid_input",
            "officer",
            format!("用户“{officer}”不存在"),
        ));
    }
    state
        .store()
        .declare_conflict(
            &qingdan_store::ConflictRow {
                officer,
                target: target.to_string(),
                reason: reason.to_string(),
            },
            &user.username,
            &stamp(state.clock().now()),
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(m) => ApiError::refused("declared", Some("target"), m),
            other => store_error(other),
        })?;
    Ok(StatusCode::CREATED)
}
