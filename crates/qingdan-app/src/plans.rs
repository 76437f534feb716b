//! The registry and yearly inspection plans (§三(三)–(六)): conversions between the registry's
//! validated parties and the store's rows (imports and the demo use them), the county as the
//! planner sees it ([`snapshot`]), draw seeds announced before a plan is drawn, plans made,
//! independently checked and stored only if every rule is met, priority flags.

use crate::{App, AppError, Caller};
use jiff::civil::Date;
use qingdan_inspections::check::{RuleCheck, Status, all_met, check};
use qingdan_inspections::plan::Plan;
use qingdan_inspections::snapshot::{EnterpriseEntry, ProjectEntry, Snapshot, Validity};
use qingdan_registry::{Certificate, Enterprise, PartyKind, Project, Uscc};
use qingdan_store::{
    CertificateRow, EnterpriseRow, PlanRow, ProjectRow, SeedRow, Store, StoreError,
};
use std::collections::BTreeMap;

/// An imported enterprise as stored. The priority flags start clear for a new enterprise; a
/// re-import leaves stored flags as they are (`qingdan-store`'s upsert does not touch them).
pub fn enterprise_row(e: &Enterprise) -> EnterpriseRow {
    EnterpriseRow {
        uscc: e.uscc.as_str().to_string(),
        name: e.name.clone(),
        kind: e.kind.code().to_string(),
        address: e.address.clone(),
        contact: e.contact.clone(),
        phone: e.phone.clone(),
        complained: false,
        incident: false,
        failed_spot_check: false,
    }
}

/// An imported project as stored.
pub fn project_row(p: &Project) -> ProjectRow {
    ProjectRow {
        code: p.code.clone(),
        name: p.name.clone(),
        builder_uscc: p.builder_uscc.as_str().to_string(),
        location: p.location.clone(),
        no_site_mixing_zone: p.no_site_mixing_zone,
        started_on: p.started_on.map(|d| d.to_string()),
        refund_applied: p.applies_for_fund_refund,
        uses_cement: true,
        wall_complaint: false,
        cement_complaint: false,
    }
}

/// An imported certificate as stored.
pub fn certificate_row(c: &Certificate) -> CertificateRow {
    CertificateRow {
        number: c.number.clone(),
        enterprise_uscc: c.enterprise_uscc.as_str().to_string(),
        product: c.product.clone(),
        valid_from: c.valid_from.to_string(),
        valid_until: c.valid_until.to_string(),
    }
}

/// The stored plan's value.
pub fn decode(row: &PlanRow) -> Result<Plan, AppError> {
    crate::stored::decode(
        &crate::stored::PLAN,
        &format!("{} 年度检查计划", row.year),
        &row.data,
    )
}

/// A stored value that does not decode.
pub fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

/// The county as of `as_of`, read from the database: every enterprise with its wall-material
/// certificate (the one valid that day, else the latest), every project. Inspections already
/// made are not yet recorded in the database, so `prior` is empty.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn snapshot(store: &Store, as_of: Date) -> Result<Snapshot, StoreError> {
    let mut certificates: BTreeMap<String, Validity> = BTreeMap::new();
    for c in store.all_certificates().await? {
        let (Ok(from), Ok(until)) = (c.valid_from.parse::<Date>(), c.valid_until.parse::<Date>())
        else {
            return Err(corrupt(format!("证书 {} 的有效期无法读取", c.number)));
        };
        let v = Validity { from, until };
        let keep = match certificates.get(&c.enterprise_uscc) {
            None => true,
            Some(old) => {
                (v.contains(as_of) && !old.contains(as_of))
                    || (v.contains(as_of) == old.contains(as_of) && v.until > old.until)
            }
        };
        if keep {
            certificates.insert(c.enterprise_uscc.clone(), v);
        }
    }
    let mut enterprises = Vec::new();
    for e in store.enterprises("", i64::MAX).await? {
        let uscc = Uscc::parse(&e.uscc)
            .map_err(|err| corrupt(format!("企业 {} 的信用代码：{err}", e.name)))?;
        let kind = PartyKind::parse(&e.kind)
            .map_err(|err| corrupt(format!("企业 {} 的类别：{err}", e.name)))?;
        enterprises.push(EnterpriseEntry {
            wall_certificate: certificates.get(uscc.as_str()).copied(),
            uscc,
            name: e.name,
            kind,
            complained: e.complained,
            incident: e.incident,
            failed_spot_check: e.failed_spot_check,
        });
    }
    let mut projects = Vec::new();
    for p in store.all_projects().await? {
        let builder = Uscc::parse(&p.builder_uscc)
            .map_err(|err| corrupt(format!("项目 {} 的建设单位信用代码：{err}", p.code)))?;
        projects.push(ProjectEntry {
            code: p.code,
            name: p.name,
            builder,
            uses_cement: p.uses_cement,
            no_site_mixing_zone: p.no_site_mixing_zone,
            refund_applied: p.refund_applied,
            wall_complaint: p.wall_complaint,
            cement_complaint: p.cement_complaint,
        });
    }
    Ok(Snapshot {
        year: as_of.year(),
        as_of,
        enterprises,
        projects,
        prior: Vec::new(),
    })
}

/// Why a plan was not made.
#[derive(Debug, thiserror::Error)]
pub enum PlanFailure {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No seed announced for the year.
    #[error(
        "{0} 年度的随机种子尚未公布：请分管领导先公布种子，再编制计划（种子须在抽取对象确定前固定）"
    )]
    NoSeed(i16),
    /// The planner refused.
    #[error("{0}")]
    Planner(String),
    /// The checker found a rule not met (the plan is not stored).
    #[error("计划未通过频次规则校验：{0}")]
    RulesNotMet(String),
}

/// Makes, checks and stores the plan of `as_of`'s year, drawn with the announced seed.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn make_plan(
    store: &Store,
    as_of: Date,
    actor: &str,
    at: &str,
) -> Result<(PlanRow, Vec<RuleCheck>), PlanFailure> {
    let year = as_of.year();
    let seed = store
        .seed(i64::from(year))
        .await?
        .ok_or(PlanFailure::NoSeed(year))?;
    let snap = snapshot(store, as_of).await?;
    let plan = qingdan_inspections::plan::plan(&snap, &seed.seed)
        .map_err(|e| PlanFailure::Planner(e.to_string()))?;
    let checks = check(&snap, &plan);
    if !all_met(&checks) {
        let bad: Vec<String> = checks
            .iter()
            .filter(|c| c.status == Status::AtRisk)
            .map(|c| c.title.to_string())
            .collect();
        return Err(PlanFailure::RulesNotMet(bad.join("；")));
    }
    let data = qingdan_core::stored::encode(&crate::stored::PLAN, &plan)
        .map_err(|e| corrupt(e.to_string()))?;
    let record = plan.wall_cert_draw.as_ref().map(|r| r.to_json());
    let summary = format!(
        "编制 {year} 年度监督检查计划：{} 项检查，{} 条频次规则全部满足{}",
        plan.items.len(),
        checks.len(),
        plan.wall_cert_draw
            .as_ref()
            .map(|r| format!(
                "；随机抽取认定企业 {} 家（记录哈希 {}）",
                r.count, r.record_hash
            ))
            .unwrap_or_default()
    );
    let row = store
        .create_plan(qingdan_store::NewPlan {
            year: i64::from(year),
            as_of: &as_of.to_string(),
            seed: &seed.seed,
            data: &data,
            draw_record: record.as_deref(),
            items: plan.items.len() as i64,
            actor,
            at,
            summary: &summary,
        })
        .await?;
    Ok((row, checks))
}

impl From<PlanFailure> for AppError {
    fn from(e: PlanFailure) -> Self {
        match e {
            PlanFailure::Store(StoreError::Conflict(m)) => {
                AppError::refused("plan_exists", Some("as_of"), m)
            }
            PlanFailure::Store(e) => e.into(),
            PlanFailure::NoSeed(_) => AppError::refused("no_seed", Some("year"), e.to_string()),
            PlanFailure::Planner(m) => AppError::refused("plan_refused", Some("as_of"), m),
            PlanFailure::RulesNotMet(_) => AppError::refused("rules_not_met", None, e.to_string()),
        }
    }
}

/// Makes the plan of `as_of`'s year (today's when `None`) for the caller.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn create(app: &App, caller: &Caller, as_of: Option<Date>) -> Result<PlanRow, AppError> {
    let user = caller.user_record()?;
    let as_of = as_of.unwrap_or_else(|| app.clock().today());
    let (row, _) = make_plan(app.store(), as_of, &user.username, &app.stamp()).await?;
    Ok(row)
}

/// Announces a year's draw seed (once; it cannot be changed).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn announce(
    app: &App,
    caller: &Caller,
    year: i64,
    seed: &str,
) -> Result<SeedRow, AppError> {
    let user = caller.user_record()?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid(
            "invalid_input",
            "year",
            format!("年度 {year} 不合理"),
        ));
    }
    let seed = qingdan_draw::Seed::parse(seed.trim())
        .map_err(|e| AppError::invalid("invalid_input", "seed", e.to_string()))?;
    app.store()
        .announce_seed(year, &seed.to_hex(), &user.username, &app.stamp())
        .await
        .map_err(|e| match e {
            StoreError::Conflict(m) => AppError::refused("seed_fixed", Some("year"), m),
            other => other.into(),
        })
}

/// Records that a registered enterprise had a quality incident (`incident`) or failed a special
/// spot check (`failed_spot_check`), so that the plan inspects it first (§三(三)三).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn flag(
    app: &App,
    caller: &Caller,
    target: &str,
    flag: &str,
    reason: &str,
) -> Result<(), AppError> {
    let user = caller.user_record()?;
    let target = target.trim();
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(AppError::invalid(
            "invalid_input",
            "reason",
            "请写明依据（事故报告或抽检通报的文号等，200 字以内）",
        ));
    }
    let (flag, what) = match flag.trim() {
        "incident" => (
            qingdan_store::RegistryFlag::EnterpriseIncident(target),
            "产品出现质量事故",
        ),
        "failed_spot_check" => (
            qingdan_store::RegistryFlag::EnterpriseFailedSpotCheck(target),
            "专项监督检查不合格",
        ),
        other => {
            return Err(AppError::invalid(
                "invalid_input",
                "flag",
                format!("“{other}”不是可记录的情形：应为 incident 或 failed_spot_check"),
            ));
        }
    };
    app.store()
        .flag_registry(
            flag,
            &user.username,
            &app.stamp(),
            &format!("记录{what}：{reason}；列为优先检查（责任清单三（三）三）"),
        )
        .await
        .map_err(|e| match e {
            StoreError::NotFound(m) => AppError::invalid("unknown_target", "target", m),
            other => other.into(),
        })
}
