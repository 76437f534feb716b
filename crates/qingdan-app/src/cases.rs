//! Penalty cases (行政处罚): open, read, step, publish. Each use case loads, asks the access
//! policy, runs the case engine, and saves with its audit event in one transaction; a refusal is
//! recorded.

use crate::record::{Attempt, authorize_in_office, refused};
use crate::staff::{people, person, relations};
use crate::{App, AppError, Caller, stored};
use qingdan_cases::{By, CaseError, CaseFile, CaseNumber, Command, Context, NewCase};
use qingdan_identity::Action;
use qingdan_rules::{PartyKind, Procedure};
use qingdan_store::{CaseRow, CaseStep, Idempotency, NewCaseRow};

impl From<CaseError> for AppError {
    fn from(e: CaseError) -> Self {
        AppError::refused(e.code, e.field, e.message)
    }
}

/// The stored case's engine value.
pub fn decode(row: &CaseRow) -> Result<CaseFile, AppError> {
    stored::decode(&stored::CASE, &format!("案件 {}", row.number), &row.data)
}

async fn load(app: &App, id: i64) -> Result<(CaseRow, CaseFile), AppError> {
    let row = app
        .store()
        .case(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("案件 {id} 不存在")))?;
    let case = decode(&row)?;
    Ok((row, case))
}

/// The office the list makes responsible for a violation (bagged cement: 县散装水泥办公室).
pub fn responsible_office(violation: qingdan_rules::violation::Code) -> &'static str {
    qingdan_inspections::systems::office_for_violation(violation)
}

/// Opens a case for the caller (立案申请; 简易程序 for an on-the-spot decision): officers
/// only, with a certificate valid today, of the office the list makes responsible for the
/// violation. The number is taken in the insert's transaction.
///
/// With an `Idempotency-Key` (`key`), a retry of the same request answers the case the first
/// one opened (`true`: replayed) instead of opening a second (issue 15).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn open_case(
    app: &App,
    caller: &Caller,
    new: NewCase,
    key: Option<Idempotency<'_>>,
) -> Result<(CaseRow, bool), AppError> {
    let today = app.clock().today();
    let user = caller.user_record()?;
    let actor = person(user);
    let named = people(app, &new.officers).await?;
    let relations = relations(app).await?;
    let office = responsible_office(new.charge.violation);
    let ctx = Context {
        today,
        actor: &actor,
        people: &named,
        calendar: app.calendar(),
        engine: app.engine(),
        relations: &relations,
        responsible_office: Some(office),
    };
    let case = qingdan_cases::open(new, &ctx)?;
    let data = stored::encode(&stored::CASE, &case)?;
    let prefix = app.case_prefix().to_string();
    let year = today.year();
    let at = app.stamp();
    let row = NewCaseRow {
        prefix: &prefix,
        year: i64::from(year),
        office: &case.office,
        violation: case.charge.violation.as_str(),
        procedure: match case.procedure {
            Procedure::Simple => "simple",
            Procedure::General => "general",
        },
        stage: case.stage.as_str(),
        party_name: &case.party.name,
        party_uscc: case.party.uscc.as_deref(),
        data: &data,
        actor: &user.username,
        at: &at,
    };
    let number = |seq| {
        CaseNumber {
            prefix: prefix.clone(),
            year,
            seq,
        }
        .to_string()
    };
    let store = app.store();
    Ok(match key {
        None => (store.create_case(row, number).await?, false),
        Some(key) => store.create_case_once(row, number, key).await?,
    })
}

/// The cases the caller may see, newest first: an officer's own office's; everyone's for
/// leaders, the legal section and administrators.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<CaseRow>, AppError> {
    let user = caller.user_record()?;
    let office = (user.role == "officer").then(|| user.office.clone().unwrap_or_default());
    Ok(app.store().cases(office.as_deref(), 500).await?)
}

/// Reads a case the caller may see, or refuses (403, recorded) / 404. `target` names the
/// request in the record.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn visible(
    app: &App,
    caller: &Caller,
    id: i64,
    target: &str,
) -> Result<(CaseRow, CaseFile), AppError> {
    let (row, case) = load(app, id).await?;
    authorize_in_office(app, caller, Action::ViewCase, &row.office, target).await?;
    Ok((row, case))
}

/// The policy's action for a case step taken by `by` (the one mapping; the step-access table
/// in `tests/step_access.rs` holds it against the engine's steps and every role).
pub fn step_action(by: By) -> Action {
    match by {
        By::Officer => Action::ActOnCase,
        By::Leader => Action::ApproveCase,
        By::Legal => Action::LegalReview,
    }
}

/// Takes one step for the caller: the policy judges the step's own action on this case, the
/// engine judges the step, the store saves it with its event. Refusals are recorded with the
/// request (`detail`, as received).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn take_step(
    app: &App,
    caller: &Caller,
    id: i64,
    command: Command,
    detail: String,
    key: Option<Idempotency<'_>>,
) -> Result<(CaseRow, CaseFile, bool), AppError> {
    let (row, case) = load(app, id).await?;
    let step = qingdan_cases::procedure::step(command.kind());
    let action = step_action(step.by);
    authorize_in_office(
        app,
        caller,
        action,
        &row.office,
        &format!("POST /api/v1/cases/{id}/steps"),
    )
    .await?;
    let user = caller.user_record()?;
    if crate::record::step_taken(app, &user.username, key.as_ref(), STEP_KEY, id).await? {
        return Ok((row, case, true));
    }
    let today = app.clock().today();
    let actor = person(user);
    let named = people(app, &command.named_people()).await?;
    let relations = relations(app).await?;
    let ctx = Context {
        today,
        actor: &actor,
        people: &named,
        calendar: app.calendar(),
        engine: app.engine(),
        relations: &relations,
        responsible_office: None,
    };
    let applied = match qingdan_cases::apply(&case, &command, &ctx) {
        Ok(a) => a,
        Err(e) => {
            return Err(refused(
                app,
                caller,
                Attempt {
                    action: "case.refused",
                    entity: "case",
                    id: &id.to_string(),
                    detail: Some(detail),
                },
                e.code,
                e.field,
                e.message,
            )
            .await);
        }
    };
    let mut summary = applied.summary;
    for w in &applied.warnings {
        summary.push_str("；注意：");
        summary.push_str(w);
    }
    let data = stored::encode(&stored::CASE, &applied.case)?;
    let published = match (case.published_on, applied.case.published_on) {
        (None, Some(d)) => Some(d.to_string()),
        _ => None,
    };
    let kind = serde_json::to_value(command.kind())
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let saved = app
        .store()
        .save_case_step(
            id,
            CaseStep {
                expected_version: row.version,
                stage: applied.case.stage.as_str(),
                data: &data,
                step: &kind,
                summary: &summary,
                detail: &detail,
                actor: &user.username,
                at: &app.stamp(),
                published_on: published.as_deref(),
                key,
            },
        )
        .await;
    match saved {
        Ok(row) => Ok((row, applied.case, false)),
        Err(e) => {
            crate::record::step_raced(app, &user.username, key.as_ref(), STEP_KEY, id, e).await?;
            let (row, case) = load(app, id).await?;
            Ok((row, case, true))
        }
    }
}

/// What an `Idempotency-Key` sent with a case step is remembered as.
const STEP_KEY: &str = "case.step";

/// A citizen's name as published: the surname and 某 (张三 → 张某); an organisation's in full
/// (行政处罚法 art. 48; personal information is not published).
pub fn public_name(case: &CaseFile) -> String {
    match case.party.kind {
        PartyKind::Organization => case.party.name.clone(),
        PartyKind::Citizen => {
            let first: String = case.party.name.chars().take(1).collect();
            format!("{first}某")
        }
    }
}

/// The published decisions, newest publication first (行政处罚法 art. 48).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn published(app: &App) -> Result<Vec<(CaseRow, CaseFile)>, AppError> {
    let rows = app.store().published_cases(200).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let case = decode(&row)?;
        if case.decision.is_some() && case.published_on.is_some() {
            out.push((row, case));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    #[test]
    fn a_citizen_is_published_by_surname_only() {
        let json = r#"{"office":"x","procedure":"general","party":{"name":"张三丰","uscc":null,"kind":"citizen"},
            "charge":{"violation":"clay-brick","quantity":"1","act_on":"2026-03-01","corrected_by_deadline":null,
            "first_offence":null,"harm":null,"circumstances":[],"facts_clear":null,"no_objection":null,"proposed_fine":null},
            "stage":"filing","opened_on":"2026-03-02","opened_by":"li","filed_on":null,"officers":[],"evidence":[],
            "findings":null,"legal_review_required":false,"reviews":[],"notice":null,"statements":[],"waived":false,
            "hearing":null,"suspensions":[],"extension_days":0,"decision":null,"served_on":null,"payments":[],
            "court_applied_on":null,"reported_on":null,"transfer":null,"archived_on":null,"last_act_on":"2026-03-02"}"#;
        let mut case: CaseFile = serde_json::from_str(json).unwrap();
        assert_eq!(public_name(&case), "张某");
        case.party.kind = PartyKind::Organization;
        assert_eq!(public_name(&case), "张三丰");
    }
}
