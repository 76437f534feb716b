//! `qingdan demo load`: a generated demo county (registry, officers and leaders, the year's
//! seed and plan) in an empty registry.

use crate::DbArgs;
use crate::common::{DEFAULT_LIST, DEFAULT_LIST_NAME, Progress, UserError, ensure_offices, now};
use anyhow::Result;
use qingdan_app::clock::{Clock, SystemClock};
use qingdan_store::NewCatalogVersion;

pub(crate) async fn demo_load(
    db: &DbArgs,
    enterprises: usize,
    projects: usize,
    officers: usize,
    seed: u64,
    as_of: Option<&str>,
) -> Result<()> {
    use qingdan_app::plans::{certificate_row, enterprise_row, make_plan, project_row};
    use qingdan_inspections::demo::{DemoParams, generate};
    use qingdan_store::{RegistryImport, RegistryRows};
    let as_of = match as_of {
        Some(s) => s
            .parse::<jiff::civil::Date>()
            .map_err(|_| UserError(format!("日期“{s}”应为 YYYY-MM-DD")))?,
        None => SystemClock.today(),
    };
    let store = db.open().await?;
    if store.current_version().await?.is_none() {
        let catalog = qingdan_core::parse_list(DEFAULT_LIST)
            .map_err(|e| anyhow::anyhow!("内置清单无法导入：{e}"))?;
        store
            .import_catalog(NewCatalogVersion {
                source_name: DEFAULT_LIST_NAME,
                source_text: DEFAULT_LIST,
                catalog: &catalog,
                imported_at: &now(),
                actor: "demo",
            })
            .await?;
    }
    ensure_offices(&store, "demo").await?;
    let counts = store.registry_counts().await?;
    if counts.enterprises + counts.projects + counts.certificates > 0 {
        store.close().await;
        return Err(UserError(format!(
            "数据库中已有监管对象（企业 {} 家、项目 {} 个、证书 {} 本）：演示数据只装入空库",
            counts.enterprises, counts.projects, counts.certificates
        ))
        .into());
    }
    let started = std::time::Instant::now();
    let county = generate(DemoParams {
        seed,
        as_of,
        enterprises,
        projects,
        officers,
    });
    // Flags (complaints, incidents, failed spot checks) come from the generated snapshot.
    let flags: std::collections::HashMap<&str, &qingdan_inspections::snapshot::EnterpriseEntry> =
        county
            .snapshot
            .enterprises
            .iter()
            .map(|e| (e.uscc.as_str(), e))
            .collect();
    let e_rows: Vec<_> = county
        .enterprises
        .iter()
        .map(|e| {
            let mut r = enterprise_row(e);
            if let Some(f) = flags.get(e.uscc.as_str()) {
                r.complained = f.complained;
                r.incident = f.incident;
                r.failed_spot_check = f.failed_spot_check;
            }
            r
        })
        .collect();
    let pflags: std::collections::HashMap<&str, &qingdan_inspections::snapshot::ProjectEntry> =
        county
            .snapshot
            .projects
            .iter()
            .map(|p| (p.code.as_str(), p))
            .collect();
    let p_rows: Vec<_> = county
        .projects
        .iter()
        .map(|p| {
            let mut r = project_row(p);
            if let Some(f) = pflags.get(p.code.as_str()) {
                r.uses_cement = f.uses_cement;
                r.wall_complaint = f.wall_complaint;
                r.cement_complaint = f.cement_complaint;
            }
            r
        })
        .collect();
    let c_rows: Vec<_> = county.certificates.iter().map(certificate_row).collect();
    let at = now();
    let file = format!("demo-county-seed-{seed}");
    let sha = qingdan_store::sha256_hex(file.as_bytes());
    for rows in [
        RegistryRows::Enterprises(&e_rows),
        RegistryRows::Projects(&p_rows),
        RegistryRows::Certificates(&c_rows),
    ] {
        let mut bar = Progress::new();
        let n = rows.len();
        let kind = rows.kind();
        store
            .import_registry(
                RegistryImport {
                    file_name: &file,
                    sha256: &sha,
                    total_rows: n as i64,
                    rejected: 0,
                    actor: "demo",
                    at: &at,
                },
                rows,
                |done| bar.show(|| format!("写入{kind} {done}/{n}……")),
            )
            .await?;
        bar.done();
    }
    // People: one password for every demo account, printed once.
    let password = qingdan_identity::one_time_password()?;
    let hash = qingdan_identity::hash_password(&password)?;
    let mut created = Vec::new();
    for p in &county.people {
        let role = match p.role {
            Some(qingdan_cases::By::Officer) => "officer",
            Some(qingdan_cases::By::Leader) => "leader",
            Some(qingdan_cases::By::Legal) => "legal",
            None => continue,
        };
        if store.user_by_name(&p.username).await?.is_some() {
            continue;
        }
        let until = p.certificate.as_ref().map(|c| c.valid_until.to_string());
        store
            .create_user(
                qingdan_store::NewUser {
                    username: &p.username,
                    display_name: &p.username,
                    role,
                    office: p.office.as_deref(),
                    password_hash: &hash,
                    certificate_number: p.certificate.as_ref().map(|c| c.number.as_str()),
                    certificate_valid_from: None,
                    certificate_valid_until: until.as_deref(),
                    must_change_password: false,
                },
                "demo",
                &at,
            )
            .await?;
        created.push(p.username.clone());
    }
    for r in &county.relations {
        let conflict = qingdan_store::ConflictRow {
            officer: r.officer.clone(),
            target: r.target.clone(),
            reason: r.nature.clone(),
        };
        match store.declare_conflict(&conflict, "demo", &at).await {
            Ok(()) | Err(qingdan_store::StoreError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let year = i64::from(as_of.year());
    if store.seed(year).await?.is_none() {
        store
            .announce_seed(year, &county.draw_seed(), "demo", &at)
            .await?;
    }
    let plan = make_plan(&store, as_of, "demo", &now()).await;
    store.close().await;
    let (plan, checks) = plan.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "演示县已装入：企业 {} 家、建设项目 {} 个、证书 {} 本；用户 {} 个（{}），密码均为 {password}（只显示这一次）；\
         {} 年度检查计划第 {} 号：{} 项检查，{} 条频次规则全部满足；用时 {:.1} 秒",
        e_rows.len(),
        p_rows.len(),
        c_rows.len(),
        created.len(),
        created.join("、"),
        as_of.year(),
        plan.id,
        plan.items,
        checks.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
