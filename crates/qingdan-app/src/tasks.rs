//! Inspection tasks (§三(三)–(七)): open on a registered target with two officers (named, or
//! drawn verifiably with the year's seed), take the declared steps, file attachments, publish
//! results, declare conflicts of interest.

use crate::record::{Attempt, authorize_in_office, refused};
use crate::staff::{people, person, relations};
use crate::{App, AppError, Caller, stored};
use jiff::civil::Date;
use qingdan_identity::Action;
use qingdan_inspections::officers::{DrawTask, draw_officers};
use qingdan_inspections::systems::{SystemCode, TargetKind};
use qingdan_inspections::task::{Command, Context, NewTask, Target, Task, TaskState};
use qingdan_personnel::Person;
use qingdan_registry::PartyKind;
use qingdan_store::{
    AttachmentRow, Idempotency, NewAttachment, NewTaskRow, StoreError, TaskRow, TaskStep,
};

/// The largest attachment accepted (a scanned form or a phone photo).
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// A task to open, as the edge parsed it.
#[derive(Debug, Clone)]
pub struct OpenTask {
    /// The supervision system.
    pub system: SystemCode,
    /// The target's id: 统一社会信用代码, project code, or a household's account number.
    pub target: String,
    /// A household's name (power checks of residents only).
    pub household_name: Option<String>,
    /// The officers named; `None` draws two from the office's roster.
    pub officers: Option<Vec<String>>,
    /// The planned day.
    pub planned_on: Option<Date>,
    /// The complaint's tracking code it answers.
    pub complaint: Option<String>,
}

/// The office that runs a system.
pub fn office_of(system: SystemCode) -> &'static str {
    qingdan_inspections::systems::responsible_office(system)
}

/// `open`, `follow_up`, `closed`.
pub fn state_code(s: TaskState) -> &'static str {
    match s {
        TaskState::Open => "open",
        TaskState::FollowUp => "follow_up",
        TaskState::Closed => "closed",
    }
}

/// The stored task's engine value.
pub fn decode(row: &TaskRow) -> Result<Task, AppError> {
    stored::decode(&stored::TASK, &format!("检查任务 {}", row.id), &row.data)
}

/// The target as registered.
async fn target(app: &App, system: SystemCode, r: &OpenTask) -> Result<Target, AppError> {
    let id = r.target.trim();
    let def = system.def();
    if def.targets.contains(&TargetKind::Project)
        && let Some(p) = app.store().project(id).await?
    {
        return Ok(Target {
            id: p.code,
            name: p.name,
            kind: TargetKind::Project,
        });
    }
    if let Some(e) = app
        .store()
        .enterprises(id, 2)
        .await?
        .into_iter()
        .find(|e| e.uscc == id)
    {
        let kind = PartyKind::parse(&e.kind)
            .map_err(|err| AppError::internal(&StoreError::Corrupt(err.to_string())))?;
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
    Err(AppError::invalid(
        "unknown_target",
        "target",
        format!("“{id}”不是已登记的企业统一社会信用代码或建设项目编号：请先在监管对象中登记"),
    ))
}

fn attempt(id: &str) -> Attempt<'_> {
    Attempt {
        action: "task.refused",
        entity: "inspection_task",
        id,
        detail: None,
    }
}

/// Opens a task for the caller: the policy (officers and leaders of the system's office), the
/// registered target, two officers named or drawn with the year's seed (conflicts and officers
/// who may not act that day excluded), then the task engine; saved with its event.
///
/// With an `Idempotency-Key` (`key`), a retry of the same request answers the task the first
/// one opened (`true`: replayed) instead of opening a second (issue 15).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn open_task(
    app: &App,
    caller: &Caller,
    r: OpenTask,
    key: Option<Idempotency<'_>>,
) -> Result<(TaskRow, bool), AppError> {
    let system = r.system;
    let office = office_of(system);
    authorize_in_office(
        app,
        caller,
        Action::ConductInspection,
        office,
        "POST /api/v1/tasks",
    )
    .await?;
    let user = caller.user_record()?;
    let actor = person(user);
    let today = app.clock().today();
    let target = target(app, system, &r).await?;
    let store = app.store();
    let relations = relations(app).await?;
    let (officers, draw_record) = match r.officers.clone().filter(|o| !o.is_empty()) {
        Some(list) => (list, None),
        None => {
            let date = r.planned_on.unwrap_or(today);
            let seed = store.seed(i64::from(date.year())).await?.ok_or_else(|| {
                AppError::refused(
                    "no_seed",
                    Some("officers"),
                    format!("{} 年度的随机种子尚未公布，无法随机抽取执法人员：请分管领导先公布种子，或指定两名执法人员", date.year()),
                )
            })?;
            let roster: Vec<Person> = store
                .users()
                .await?
                .iter()
                .filter(|u| !u.disabled && u.office.as_deref() == Some(office))
                .map(person)
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
            .map_err(|e| AppError::refused("officer_draw", Some("officers"), e.to_string()))?;
            let json = serde_json::to_string(&record).map_err(|e| AppError::internal(&e))?;
            (record.selected.clone(), Some(json))
        }
    };
    let named = people(app, &officers).await?;
    let ctx = Context {
        today,
        actor: &actor,
        people: &named,
        relations: &relations,
    };
    let new = NewTask {
        system,
        target,
        officers,
        planned_on: r.planned_on,
        complaint: r.complaint.clone(),
        office: Some(office.to_string()),
    };
    let task = match qingdan_inspections::task::open(new, &ctx) {
        Ok(t) => t,
        Err(e) => {
            return Err(refused(app, caller, attempt("new"), e.code, e.field, e.message).await);
        }
    };
    let data = stored::encode(&stored::TASK, &task)?;
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
    let at = app.stamp();
    let row = NewTaskRow {
        system: system.as_str(),
        target_id: &task.target.id,
        target_name: &task.target.name,
        office: &task.office,
        state: state_code(task.state),
        data: &data,
        officer_draw: draw_record.as_deref(),
        actor: &user.username,
        at: &at,
        summary: &summary,
    };
    Ok(match key {
        None => (store.create_task(row).await?, false),
        Some(key) => store.create_task_once(row, key).await?,
    })
}

/// The policy's action for seeing a task and taking any of its steps; the engine then decides
/// who takes which step (`qingdan_inspections::task::taken_by`).
pub const STEP_GATE: Action = Action::ConductInspection;

/// Reads a task the caller may see, or refuses (403, recorded) / 404.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn visible(
    app: &App,
    caller: &Caller,
    id: i64,
    target: &str,
) -> Result<(TaskRow, Task), AppError> {
    let row = app
        .store()
        .task(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("检查任务 {id} 不存在")))?;
    authorize_in_office(app, caller, STEP_GATE, &row.office, target).await?;
    let task = decode(&row)?;
    Ok((row, task))
}

/// Takes a step for the caller; `detail` is the request as received (recorded with the step).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn take_step(
    app: &App,
    caller: &Caller,
    id: i64,
    command: Command,
    detail: String,
    key: Option<Idempotency<'_>>,
) -> Result<(TaskRow, Task, bool), AppError> {
    let (row, task) = visible(app, caller, id, &format!("POST /api/v1/tasks/{id}/steps")).await?;
    let user = caller.user_record()?;
    if crate::record::step_taken(app, &user.username, key.as_ref(), STEP_KEY, id).await? {
        return Ok((row, task, true));
    }
    let actor = person(user);
    let names: Vec<String> = match &command {
        Command::Step { officers, .. } | Command::FollowUp { officers, .. } => officers.clone(),
        Command::Decide { .. } => Vec::new(),
    };
    let named = people(app, &names).await?;
    let relations = relations(app).await?;
    let ctx = Context {
        today: app.clock().today(),
        actor: &actor,
        people: &named,
        relations: &relations,
    };
    let next = match qingdan_inspections::task::apply(&task, &command, &ctx) {
        Ok(t) => t,
        Err(e) => {
            let id = id.to_string();
            return Err(refused(app, caller, attempt(&id), e.code, e.field, e.message).await);
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
    let data = stored::encode(&stored::TASK, &next)?;
    let today = app.clock().today().to_string();
    let publish =
        (next.state == TaskState::Closed && row.published_on.is_none()).then_some(today.as_str());
    let saved = app
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
                at: &app.stamp(),
                summary: &summary,
                detail: &detail,
                key,
            },
        )
        .await;
    match saved {
        Ok(row) => Ok((row, next, false)),
        Err(e) => {
            crate::record::step_raced(app, &user.username, key.as_ref(), STEP_KEY, id, e).await?;
            let (row, task) =
                visible(app, caller, id, &format!("POST /api/v1/tasks/{id}/steps")).await?;
            Ok((row, task, true))
        }
    }
}

/// What an `Idempotency-Key` sent with a task step is remembered as.
const STEP_KEY: &str = "task.step";

/// Tasks: an officer's office's, every office's for a leader.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<TaskRow>, AppError> {
    let me = caller.user_record()?;
    let office = (me.role == "officer").then(|| me.office.clone().unwrap_or_default());
    Ok(app.store().tasks(office.as_deref(), 500).await?)
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

/// Files an attachment to a task the caller may see: a name without slashes, content that is
/// a JPEG, PNG or PDF; its SHA-256 goes into the record.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn add_attachment(
    app: &App,
    caller: &Caller,
    id: i64,
    name: &str,
    bytes: &[u8],
) -> Result<AttachmentRow, AppError> {
    let (row, _) = visible(
        app,
        caller,
        id,
        &format!("POST /api/v1/tasks/{id}/attachments"),
    )
    .await?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.contains(['/', '\\']) {
        return Err(AppError::invalid(
            "invalid_input",
            "name",
            "文件名不能为空、不超过 200 字、不含斜杠",
        ));
    }
    if bytes.is_empty() {
        return Err(AppError::invalid("empty_file", "file", "文件是空的"));
    }
    let Some(kind) = sniff(bytes) else {
        return Err(AppError::invalid(
            "unsupported_type",
            "file",
            "只接受 JPEG、PNG 照片和 PDF 文件（按文件内容判断，不看扩展名）",
        ));
    };
    let user = caller.user_record()?;
    let sha = qingdan_store::sha256_hex(bytes);
    Ok(app
        .store()
        .add_attachment(NewAttachment {
            entity: "inspection_task",
            entity_id: &row.id.to_string(),
            name,
            content_type: kind,
            sha256: &sha,
            content: bytes,
            actor: &user.username,
            at: &app.stamp(),
        })
        .await?)
}

/// An attachment and its bytes, to those who may see its task.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn attachment(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(AttachmentRow, Vec<u8>), AppError> {
    let (a, bytes) = app
        .store()
        .attachment(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("附件 {id} 不存在")))?;
    let task_id: i64 = a.entity_id.parse().unwrap_or_default();
    visible(
        app,
        caller,
        task_id,
        &format!("GET /api/v1/attachments/{id}"),
    )
    .await?;
    Ok((a, bytes))
}

/// Published results, newest first (双随机一公开).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn published(app: &App) -> Result<Vec<(TaskRow, Task)>, AppError> {
    let rows = app.store().published_tasks(200).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let task = decode(&r)?;
        out.push((r, task));
    }
    Ok(out)
}

/// A declared conflict of interest, as the edge parsed it.
#[derive(Debug, Clone)]
pub struct DeclareConflict {
    /// The officer (`None`: the caller).
    pub officer: Option<String>,
    /// The target's id.
    pub target: String,
    /// The relation.
    pub reason: String,
}

/// Declares an officer's conflict of interest with a target (回避, 《行政处罚法》第四十三条):
/// from then on the officer is excluded from draws for it and may not be named to act on it.
/// One's own, or anyone's by a leader.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn declare_conflict(
    app: &App,
    caller: &Caller,
    r: DeclareConflict,
) -> Result<(), AppError> {
    let user = caller.user_record()?;
    let officer = r
        .officer
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .unwrap_or(&user.username)
        .to_string();
    if officer != user.username && user.role != "leader" {
        return Err(AppError::forbidden(
            "forbidden",
            "只能申报本人的利害关系；为他人申报须由分管领导办理",
        ));
    }
    let target = r.target.trim();
    let reason = r.reason.trim();
    if target.is_empty() || target.chars().count() > 64 {
        return Err(AppError::invalid(
            "invalid_input",
            "target",
            "请填写检查对象的统一社会信用代码或项目编号",
        ));
    }
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(AppError::invalid(
            "invalid_input",
            "reason",
            "请写明利害关系（200 字以内）",
        ));
    }
    if app.store().user_by_name(&officer).await?.is_none() {
        return Err(AppError::invalid(
            "invalid_input",
            "officer",
            format!("用户“{officer}”不存在"),
        ));
    }
    app.store()
        .declare_conflict(
            &qingdan_store::ConflictRow {
                officer,
                target: target.to_string(),
                reason: reason.to_string(),
            },
            &user.username,
            &app.stamp(),
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(m) => AppError::refused("declared", Some("target"), m),
            other => other.into(),
        })
}
