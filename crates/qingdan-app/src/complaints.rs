//! Complaints (投诉举报): the public submits and follows a matter by its code; the office's
//! officers and the leaders list, read and handle them. Where a complaint goes: the routing
//! rules (§二) name the department; another department's matter is referred on intake and the
//! complainant told which and why; the bureau's own goes to the office whose work it names
//! (散装水泥 → 县散装水泥办公室 …), else to 法制安全股, which takes complaints about enforcement
//! (§三(一)三.(五)). The complainant's name and contact are shown only to the complaint's
//! handlers ([`identity_for`]); no event or log holds them.

use crate::record::deny;
use crate::{App, AppError, Caller, stored};
use qingdan_complaints::{
    Command, Complaint, Destination, Identity, Intake, Officer, TrackingCode, Viewer, ViewerRole,
};
use qingdan_identity::{Action, Record, authorize};
use qingdan_store::{ComplaintRow, ComplaintStep, NewComplaintRow, StoreError};

/// The stored complaint's engine value.
pub fn decode(row: &ComplaintRow) -> Result<Complaint, AppError> {
    stored::decode(&stored::COMPLAINT, &format!("投诉 {}", row.code), &row.data)
}

/// The office that takes complaints no other office's work names (§三(一)三.(五)).
pub const DEFAULT_OFFICE: &str = "法制安全股";

/// Words that name an office's work.
const OFFICE_CUES: &[(&[&str], &str)] = &[
    (
        &[
            "散装水泥",
            "袋装水泥",
            "预拌混凝土",
            "预拌砂浆",
            "搅拌",
            "水泥",
        ],
        "县散装水泥办公室",
    ),
    (
        &["墙体", "墙材", "粘土", "黏土", "实心砖", "砖"],
        "县墙体材料改革办公室",
    ),
    (
        &["无线电", "电台", "干扰", "频率", "对讲机", "基站"],
        "县无线电管理办公室",
    ),
];

/// Where a complaint goes, from the routing rules and the office cues.
pub fn destination(app: &App, text: &str) -> Result<Destination, AppError> {
    let loaded = app.current().ok_or(AppError::NoCatalog)?;
    let routed = loaded.router.resolve(text).ok();
    if let Some(r) = &routed
        && let Some(d) = &r.department
        && !d.contains("工信")
    {
        return Ok(Destination::Elsewhere {
            department: d.clone(),
            basis: format!(
                "责任清单二 职责边界第 {} 项“{}”",
                r.boundary_no.unwrap_or_default(),
                r.matter.clone().unwrap_or_default()
            ),
        });
    }
    let offices = loaded.catalog.offices();
    let cue = OFFICE_CUES.iter().find(|(words, office)| {
        words.iter().any(|w| text.contains(w)) && offices.iter().any(|o| o == office)
    });
    Ok(match cue {
        Some((_, office)) => Destination::Office {
            office: (*office).to_string(),
            basis: match routed.and_then(|r| r.matter) {
                Some(m) => format!("责任清单：{m}，由{office}承办"),
                None => format!("反映事项属{office}的职责"),
            },
        },
        None => Destination::Office {
            office: DEFAULT_OFFICE.to_string(),
            basis: "责任清单三（一）三（五）：对公民、法人或者其他组织的检举、控告组织调查".into(),
        },
    })
}

/// The shortest `Idempotency-Key` the public may send: their keys share one scope (a
/// complainant is never named in the record), so a key must be a random value nobody guesses
/// (a UUID has 36 characters).
pub const MIN_PUBLIC_KEY_CHARS: usize = 16;

/// Registers a complaint (the API and the public page share it). Who submits is not asked:
/// the record names every intake `public`, so a signed-in complainant is not named in it.
/// Under an `Idempotency-Key` a retry answers the first complaint (`true`: replayed).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn submit(
    app: &App,
    intake: Intake,
    key: Option<qingdan_store::Idempotency<'_>>,
) -> Result<(Complaint, bool), AppError> {
    if let Some(k) = &key
        && k.key.chars().count() < MIN_PUBLIC_KEY_CHARS
    {
        return Err(AppError::invalid(
            "invalid_input",
            "Idempotency-Key",
            format!(
                "提交投诉时 Idempotency-Key 须为至少 {MIN_PUBLIC_KEY_CHARS} 位的随机值（如 UUID）"
            ),
        ));
    }
    // Checked before anything else reads the text (the routing rules run on it).
    intake
        .validate()
        .map_err(|e| AppError::invalid(e.code, e.field.unwrap_or("text"), e.message))?;
    let to = destination(app, &intake.text)?;
    let today = app.clock().today();
    let at = app.stamp();
    // Always `public`: a signed-in complainant's user name would name them in the record.
    let actor = "public".to_string();
    // A taken code (one in 2^55) is drawn again.
    for _ in 0..3 {
        let bytes = qingdan_identity::random_bytes::<11>().map_err(|e| AppError::internal(&e))?;
        let code = TrackingCode::from_random(&bytes);
        let (complaint, identity) =
            qingdan_complaints::receive(&intake, code, today, to.clone())
                .map_err(|e| AppError::invalid(e.code, e.field.unwrap_or("text"), e.message))?;
        let data = stored::encode(&stored::COMPLAINT, &complaint)?;
        let summary = match (&complaint.office, &complaint.referred_to) {
            (Some(o), _) => format!("登记投诉 {}，由{o}承办", complaint.code.display()),
            (None, Some(d)) => format!("登记投诉 {}，属{d}职责，转交", complaint.code.display()),
            _ => format!("登记投诉 {}", complaint.code.display()),
        };
        let row = NewComplaintRow {
            code: complaint.code.as_str(),
            office: complaint.office.as_deref(),
            status: complaint.status.as_str(),
            data: &data,
            name: identity.name.as_deref(),
            contact: identity.contact.as_deref(),
            actor: &actor,
            at: &at,
            summary: &summary,
        };
        let stored = match key {
            Some(k) => app.store().create_complaint_once(row, k).await,
            None => app.store().create_complaint(row).await.map(|r| (r, false)),
        };
        match stored {
            Ok((_, false)) => return Ok((complaint, false)),
            // A retry: the first complaint, as registered.
            Ok((first, true)) => return Ok((decode(&first)?, true)),
            Err(StoreError::Conflict(m)) if m.contains("Idempotency-Key") => {
                return Err(AppError::conflict("Idempotency-Key", m));
            }
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal(&StoreError::Conflict(
        "查询码连续重复，无法登记".into(),
    )))
}

/// Looks a complaint up by its code: what anyone holding the code may know.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn track(app: &App, code: &str) -> Result<Complaint, AppError> {
    let code = TrackingCode::parse(code)
        .map_err(|e| AppError::invalid("bad_code", "code", e.to_string()))?;
    let row = app
        .store()
        .complaint_by_code(code.as_str())
        .await?
        .ok_or_else(|| AppError::not_found(format!("没有查询码为 {} 的投诉", code.display())))?;
    decode(&row)
}

/// The policy's action for seeing a complaint and taking any of its steps; the engine then
/// decides who takes which (`qingdan_complaints::apply`: the office's officers accept, the
/// handler or a leader answers, refers and links).
pub const STEP_GATE: Action = Action::HandleComplaint;

/// How the complaints engine sees a stored role (the one mapping).
pub fn viewer_role(role: &str) -> ViewerRole {
    match role {
        "officer" => ViewerRole::Officer,
        "leader" => ViewerRole::Leader,
        _ => ViewerRole::Other,
    }
}

fn viewer(caller: &Caller) -> Result<Viewer, AppError> {
    let u = caller.user_record()?;
    Ok(Viewer {
        username: u.username.clone(),
        role: viewer_role(&u.role),
        office: u.office.clone(),
    })
}

/// Reads a complaint the caller may handle, or refuses (403, recorded) / 404.
pub async fn visible(
    app: &App,
    caller: &Caller,
    id: i64,
    target: &str,
) -> Result<(ComplaintRow, Complaint), AppError> {
    let row = app
        .store()
        .complaint(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("投诉 {id} 不存在")))?;
    // A complaint referred elsewhere on intake has no office: no officer's, leaders only.
    let record = Record::in_office(
        row.office
            .clone()
            .unwrap_or_else(|| "（已转交其他部门）".into()),
    );
    if let Err(d) = authorize(
        &caller.subject,
        STEP_GATE,
        Some(&record),
        app.clock().today(),
    ) {
        return Err(deny(app, caller, STEP_GATE, target, d).await);
    }
    let c = decode(&row)?;
    Ok((row, c))
}

/// The complaints the caller handles: an officer's office's, or every office's for a leader.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<(ComplaintRow, Complaint)>, AppError> {
    let me = caller.user_record()?;
    let office = (me.role == "officer").then(|| me.office.clone().unwrap_or_default());
    let rows = app.store().complaints(office.as_deref(), 500).await?;
    rows.into_iter()
        .map(|r| decode(&r).map(|c| (r, c)))
        .collect()
}

/// Takes a step (the API and the page share it). Refusals are recorded.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn step(
    app: &App,
    caller: &Caller,
    id: i64,
    command: Command,
    key: Option<qingdan_store::Idempotency<'_>>,
) -> Result<(ComplaintRow, Complaint, bool), AppError> {
    let target = format!("POST /api/v1/complaints/{id}/steps");
    let (row, c) = visible(app, caller, id, &target).await?;
    let actor = viewer(caller)?;
    if crate::record::step_taken(app, &actor.username, key.as_ref(), STEP_KEY, id).await? {
        return Ok((row, c, true));
    }
    let named = match &command {
        Command::Accept { handler: Some(h) } if !h.trim().is_empty() => app
            .store()
            .user_by_name(h.trim())
            .await?
            .filter(|u| !u.disabled)
            .map(|u| Officer {
                username: u.username,
                office: u.office,
                is_officer: u.role == "officer",
            }),
        _ => None,
    };
    let today = app.clock().today();
    let at = app.stamp();
    let next = match qingdan_complaints::apply(&c, &command, &actor, named.as_ref(), today) {
        Ok(n) => n,
        Err(e) => {
            let event = qingdan_core::audit::NewEvent::new(
                &at,
                &actor.username,
                "complaint.refused",
                "complaint",
                &id.to_string(),
                &format!("{}：{}", e.code, e.message),
            );
            if let Err(err) = app.store().record(event).await {
                tracing::error!(error = %err, "could not record a refused complaint step");
            }
            return Err(AppError::refused(e.code, e.field, e.message));
        }
    };
    let data = stored::encode(&stored::COMPLAINT, &next)?;
    // Linking a registered party flags it for the plan's priorities, in the step's transaction.
    let link = match &command {
        Command::Link { target } => Some(target.trim().to_string()),
        _ => None,
    };
    let flag = match &link {
        Some(t) => {
            let project = app.store().project(t).await?;
            Some(match project {
                Some(_) if next.office.as_deref() == Some("县墙体材料改革办公室") => {
                    qingdan_store::RegistryFlag::ProjectWallComplaint(t.as_str())
                }
                Some(_) => qingdan_store::RegistryFlag::ProjectCementComplaint(t.as_str()),
                None => qingdan_store::RegistryFlag::EnterpriseComplained(t.as_str()),
            })
        }
        None => None,
    };
    let summary = match &command {
        Command::Accept { .. } => {
            format!("受理，承办人 {}", next.handler.clone().unwrap_or_default())
        }
        Command::Answer { .. } => "答复投诉人（办理结果见记录）".to_string(),
        Command::Refer { department, .. } => format!("转交{department}"),
        Command::Link { target } => format!(
            "关联监管对象 {}，列为优先检查（责任清单三（三）三、三（四）三、三（五）三）",
            target.trim()
        ),
    };
    let saved = app
        .store()
        .save_complaint_step(
            id,
            ComplaintStep {
                step: command.action(),
                status: next.status.as_str(),
                office: next.office.as_deref(),
                data: &data,
                expected_version: row.version,
                actor: &actor.username,
                at: &at,
                summary: &summary,
                flag,
                key,
            },
        )
        .await;
    match saved {
        Ok(row) => Ok((row, next, false)),
        Err(StoreError::NotFound(m)) if link.is_some() => {
            Err(AppError::invalid("unknown_target", "target", m))
        }
        Err(e) => {
            crate::record::step_raced(app, &actor.username, key.as_ref(), STEP_KEY, id, e).await?;
            let (row, c) = visible(app, caller, id, &target).await?;
            Ok((row, c, true))
        }
    }
}

/// What an `Idempotency-Key` sent with a complaint step is remembered as.
const STEP_KEY: &str = "complaint.step";

/// The complainant as `caller` may see them: in full for the complaint's handlers (the
/// policy's `ViewComplaintIdentity`), masked for everyone else. Answers what is shown and
/// whether it is the full identity.
pub async fn identity_for(
    app: &App,
    caller: &Caller,
    row: &ComplaintRow,
    c: &Complaint,
) -> Result<(Identity, bool, Identity), AppError> {
    let (name, contact) = app.store().complaint_identity(row.id).await?;
    let identity = Identity { name, contact };
    let me = caller.user_record()?;
    let handlers: Vec<i64> = if qingdan_complaints::handlers(c).contains(&me.username.as_str()) {
        vec![me.id]
    } else {
        Vec::new()
    };
    let record = Record {
        office: row.office.clone(),
        handlers,
        ..Record::default()
    };
    let full = authorize(
        &caller.subject,
        Action::ViewComplaintIdentity,
        Some(&record),
        app.clock().today(),
    )
    .is_ok();
    let shown = if full {
        identity.clone()
    } else {
        identity.masked()
    };
    Ok((shown, full, identity))
}
